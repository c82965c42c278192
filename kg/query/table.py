"""Rows as an aligned text table for a terminal (``kg query``'s default format), from Oxigraph terms.

IRIs are shortened with the project's prefixes; Chinese characters take two columns; a cell wider than
``max_width`` is cut with "…". Imports no rdflib: ``kg query`` prints a table from the store's rows as they
come (:class:`kg.query.results.QueryResult` gives its rdflib terms here too).
"""

from __future__ import annotations

import unicodedata
from typing import Iterable, Optional, Sequence

import pyoxigraph as ox

from kg.rdf.prefixes import PrefixMap

_NAMES = PrefixMap()


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cell(term: Optional[ox.NamedNode | ox.Literal | ox.BlankNode], max_width: int = 60) -> str:
    """A term as a table shows it: a prefixed name, a literal's lexical form, "" when unbound."""
    text = "" if term is None else _NAMES.compact(term.value) if isinstance(term, ox.NamedNode) else term.value
    text = text.replace("\n", " ")
    if _width(text) > max_width:
        out, w = [], 0
        for c in text:
            w += _width(c)
            if w > max_width - 1:
                break
            out.append(c)
        text = "".join(out) + "…"
    return text


def format_table(variables: Sequence[str], rows: Iterable[Sequence], max_width: int = 60) -> str:
    """An aligned text table of rows of Oxigraph terms (None for unbound), with its row count."""
    header = list(variables)
    body = [[cell(t, max_width) for t in row] for row in rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in body]
    out.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(out) + "\n"
