"""The Python API, kept small: build a graph, open it, query it, get the networkx view.

``import kg`` loads this module on first use of ``kg.build_graph`` and the rest (see ``kg.__getattr__``).
"""

from __future__ import annotations

from kg.build import build as _build
from kg.network.graph import governance_network
from kg.query.backends import run_any
from kg.query.backends import open_graph as _open
from kg.query.catalogue import get_query

__all__ = ["build_graph", "open_graph", "sparql", "to_network"]


def build_graph(paths, out="out", **options):
    """Build ``out/graph.ttl`` (and graph.nt, graph.html, report.json) from article files or folders.

    ``options`` are :class:`kg.config.BuildOptions` fields (``workers=2, html=False, validate=False``).
    Returns the :class:`kg.build.BuildReport` (``built``, ``skipped``, ``triples``, ``summary()``).
    Raises :class:`kg.build.NothingRead` if no article could be read; the previous outputs are then unchanged.
    """
    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    return _build(paths, out, **options)


def open_graph(path="out", backend: str = "auto"):
    """A built graph: a build folder, a graph file (.ttl, .nt) or a store directory.

    ``backend``: ``"auto"`` (rdflib for small files, Oxigraph for large ones and stores), ``"rdflib"``,
    ``"oxigraph"``. Raises FileNotFoundError (saying to run ``kg build``) if there is none.
    """
    return _open(path, backend=backend)


def sparql(graph, name_or_sparql: str, **params):
    """Run a shipped query (by name, see ``kg query --list``), a .rq file or SPARQL text.

    ``graph``: what :func:`open_graph` returns, or a path to open. ``params`` bind the query's
    parameters as strings (``practice_label="雪亮工程"``). SELECT gives a
    :class:`kg.query.QueryResult` (``variables``, ``rows``; ``len()``, iteration over rows,
    ``.to_dataframe()`` for pandas); ASK a bool; CONSTRUCT and DESCRIBE an rdflib Graph.
    """
    if not hasattr(graph, "query"):
        graph = open_graph(graph)
    return run_any(graph, get_query(name_or_sparql), params or None)


def to_network(graph="out"):
    """The graph as a networkx Graph: regions, practices, organizations and their links, as nodes and edges.

    ``graph``: what :func:`open_graph` returns, or a path to open.
    """
    if not hasattr(graph, "query"):
        graph = open_graph(graph)
    return governance_network(graph)  # a store: only what the network is made of, read with SPARQL
