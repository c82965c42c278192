"""Graphs to query: rdflib for small ones, Oxigraph for large ones, the same answers from each.

``run_query`` takes an rdflib ``Graph`` (``load_graph``) or a
``pyoxigraph.Store`` (``load_store``, or a store directory): Oxigraph parses a
million triples in ~6 s instead of ~70 s and answers the shipped queries
10-50x faster. Every helper in :mod:`kg.network` takes an rdflib Graph
(``as_rdflib``). Parameters are bound as typed literals
(:mod:`kg.query.parameters`), never pasted into the query text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Mapping, Optional

import pyoxigraph as ox
from rdflib import Graph, Literal, Variable

from kg.query.rdflib_joins import hash_joins
from kg.query.parameters import bind_values, check_params
from kg.query.results import QueryResult
from kg.query.store import graph_store, is_store_dir, rdf_format, resolve_graph
from kg.query.terms import from_ox
from kg.rdf.prefixes import bind_prefixes
from kg.rdf.terms import Triple

# Above this file size a graph file is loaded into Oxigraph (about 75k triples;
# rdflib takes ~5 s to parse that much).
RDFLIB_MAX_BYTES = 4_000_000
BACKENDS = ("auto", "rdflib", "oxigraph")
_RDFLIB_FORMATS = {ox.RdfFormat.TURTLE: "turtle", ox.RdfFormat.N_TRIPLES: "nt"}


def load_graph(path) -> Graph:
    """An rdflib graph from a Turtle (.ttl) or N-Triples (.nt) file."""
    path = Path(path)
    graph = bind_prefixes(Graph(bind_namespaces="none"))
    graph.parse(path, format=_RDFLIB_FORMATS[rdf_format(path)])
    return graph


def open_graph(path=None, backend: str = "auto"):
    """The graph at ``path`` (file, store directory or build folder), ready for ``run_query``.

    ``backend``: ``"rdflib"`` gives an rdflib Graph, ``"oxigraph"`` a
    pyoxigraph Store, ``"auto"`` rdflib for files up to ``RDFLIB_MAX_BYTES``
    and Oxigraph otherwise. A store directory is always opened read-only in
    Oxigraph (asking for rdflib then loads its triples into rdflib); a graph
    file in Oxigraph is its build's store, or a store built beside it on first
    use and kept while the file is unchanged (:func:`kg.query.store.graph_store`).
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
    path = resolve_graph(path)
    if is_store_dir(path):
        store = ox.Store.read_only(str(path))
        return store_to_graph(store) if backend == "rdflib" else store
    if backend == "oxigraph" or (backend == "auto" and path.stat().st_size > RDFLIB_MAX_BYTES):
        return graph_store(path)
    return load_graph(path)


def iter_triples(graph) -> Iterator[Triple]:
    """The graph's triples as rdflib terms, from an rdflib Graph or an Oxigraph store."""
    if isinstance(graph, Graph):
        yield from graph
        return
    for quad in graph.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        yield from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)


def store_to_graph(store) -> Graph:
    """An rdflib Graph with an Oxigraph store's default graph (for kg.network, pySHACL)."""
    graph = bind_prefixes(Graph(bind_namespaces="none"))
    graph.addN((s, p, o, graph) for s, p, o in iter_triples(store))
    return graph


def as_rdflib(graph) -> Graph:
    return graph if isinstance(graph, Graph) else store_to_graph(graph)


def run_query(graph, query_text: str, params: Optional[Mapping[str, str]] = None) -> QueryResult:
    """Run a SELECT query on an rdflib Graph or a pyoxigraph Store.

    ``params`` maps a variable name (without ``?``) to a string; it is bound
    as an xsd:string literal. Every ``# param:`` the query declares must be given.
    """
    raw = run_raw(graph, query_text, params)
    if not isinstance(raw, (ox.QuerySolutions, QueryResult)):
        raise ValueError("only SELECT queries are supported")
    return as_answer(raw)


def run_raw(graph, query_text: str, params: Optional[Mapping[str, str]] = None):
    """Run any query form and give the engine's own answer, unread.

    On a pyoxigraph Store: its ``QuerySolutions``, ``QueryBoolean`` or ``QueryTriples``, rows read
    only as they are consumed (``kg query`` streams them to its output); on an rdflib Graph: what
    :func:`run_any` gives. Parameters are bound as in :func:`run_query`.
    """
    params = dict(params or {})
    check_params(query_text, params)
    if not isinstance(graph, Graph):
        return graph.query(bind_values(query_text, params))
    with hash_joins():  # the dumps' sub-selects (rdflib's own joins compare every pair of rows)
        result = graph.query(query_text, initBindings={Variable(k): Literal(v) for k, v in params.items()})
        if result.type == "SELECT":
            return QueryResult.of_terms((str(v) for v in result.vars), result)
        if result.type == "ASK":
            return bool(result.askAnswer)
        out = bind_prefixes(Graph(bind_namespaces="none"))
        out.addN((s, p, o, out) for s, p, o in result.graph)
        return out


def as_answer(raw):
    """What :func:`run_raw` gave, as :func:`run_any` gives it: a QueryResult, a bool or an rdflib Graph."""
    if isinstance(raw, ox.QuerySolutions):
        variables = tuple(v.value for v in raw.variables)
        return QueryResult.of_terms(variables, (tuple(from_ox(s[v]) for v in variables) for s in raw))
    if isinstance(raw, ox.QueryBoolean):
        return bool(raw)
    if isinstance(raw, ox.QueryTriples):
        out = bind_prefixes(Graph(bind_namespaces="none"))
        out.addN((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object), out) for t in raw)
        return out
    return raw


def run_any(graph, query_text: str, params: Optional[Mapping[str, str]] = None):
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query: a :class:`QueryResult`, a bool, or an rdflib Graph.

    Parameters are bound as in :func:`run_query`.
    """
    return as_answer(run_raw(graph, query_text, params))
