"""The graph a command reads: for a query (:mod:`kg.query.backends`) or a view (:mod:`kg.network.source`)."""

from __future__ import annotations

from kg.cli.common import fail
from kg.network.source import view_triples
from kg.query.backends import open_graph


def open_for_query(path, backend: str = "auto"):
    try:
        return open_graph(path, backend=backend)
    except FileNotFoundError as exc:
        raise fail(str(exc)) from None


def open_view(path, focus: str | None = None, *, summary: bool = False):
    """What a view (viz, stats) draws of the graph at ``path``, read from its store (:mod:`kg.network.source`;
    ``summary``: only what ``kg stats`` prints)."""
    try:
        return view_triples(path, focus, summary=summary)
    except FileNotFoundError as exc:
        raise fail(str(exc)) from None
