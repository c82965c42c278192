"""Query parameters, bound as literals, never pasted into the query text.

rdflib takes them as ``initBindings``; for Oxigraph (whose ``substitutions``
only reach projected variables) :func:`bind_values` puts ``VALUES ?name
{ "value" }`` at the start of the WHERE pattern, each value an escaped string
literal, so a value cannot change the query.
"""

from __future__ import annotations

import re
from typing import Mapping

import pyoxigraph as ox

from kg.query.catalogue import query_params
from kg.query.sparql_text import where_brace
from kg.text.chars import scrub

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_params(query_text: str, params: Mapping[str, str]) -> None:
    """ValueError unless every parameter the query declares is given, and every name is a variable name."""
    missing = [p for p in query_params(query_text) if p not in params]
    if missing:
        raise ValueError("missing query parameter(s): " + ", ".join(missing))
    for name in params:
        if not _NAME.fullmatch(name):
            raise ValueError(f"bad parameter name: {name!r}")


def sparql_string(value: str) -> str:
    """A SPARQL string literal. Control characters other than tab and newlines are dropped: SPARQL
    decodes \\uXXXX escapes before parsing, so they cannot be escaped that way."""
    value = "".join(c for c in value if c in "\t\n\r" or not (ord(c) < 0x20 or ord(c) == 0x7F))
    return str(ox.Literal(scrub(value)))  # its N-Triples form: quotes, backslashes and line ends escaped


def bind_values(query_text: str, params: Mapping[str, str]) -> str:
    """The query with ``VALUES ?name { "value" }`` at the start of its WHERE pattern."""
    if not params:
        return query_text
    at = where_brace(query_text) + 1
    values = "".join(f"\n  VALUES ?{k} {{ {sparql_string(v)} }}" for k, v in sorted(params.items()))
    return query_text[:at] + values + query_text[at:]
