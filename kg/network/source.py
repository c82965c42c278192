"""What the views read, taken from the Oxigraph store with SPARQL: never the whole graph parsed into rdflib.

``kg viz``, ``kg stats`` and ``kg export`` draw or write the network
:func:`kg.network.graph.governance_network` makes of an rdflib graph. They get
that graph from here, holding only what the network is made of
(``queries/view_triples.rq``), or, with a focus, only what lies around it:

1. the nodes the focus may name (``focus_candidates.rq``, more than
   :mod:`kg.network.viz` will find, never fewer), the regions inside them
   (``focus_regions.rq``), every node one link away (``focus_neighbours.rq``)
   and the regions all of those lie in (``focus_ancestors.rq``): a set that
   holds everything the focused view keeps;
2. around that set (``focus_triples/``, one query each, the nodes given to
   each: a pattern joined to them only after a union would read the whole
   graph), every triple of its nodes, every link that touches them with the
   class and code of the other end, and the records (adoptions, figures) with
   their evidence and documents; and the practice categories.

Each node of the set then has the attributes, the links and the count of
facts it has in the whole graph, so the focused view is the one the whole
graph gives (``tests/test_views.py`` checks both on the bundled corpus).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Optional

import pyoxigraph as ox
from rdflib import Graph

from kg.namespaces import KGR
from kg.query.backends import run_raw
from kg.query.sparql_text import where_brace
from kg.query.store import graph_store
from kg.query.terms import from_ox
from kg.rdf.prefixes import bind_prefixes

QUERIES = Path(__file__).resolve().parent / "queries"
_WHERE = re.compile(r"^CONSTRUCT \{[^{}]*\} WHERE \{", re.MULTILINE)


def _text(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def _with_nodes(text: str, nodes: Iterable[ox.NamedNode]) -> str:
    """The query with ``VALUES ?n { … }`` of the nodes (IRIs from the store) at the start of its WHERE."""
    where = _WHERE.search(text)  # CONSTRUCT's template comes first: its WHERE is named in these files
    at = where.end() if where else where_brace(text) + 1
    return text[:at] + "\n  VALUES ?n { " + " ".join(sorted(str(n) for n in nodes)) + " }" + text[at:]


def _nodes(store: ox.Store, name: str, nodes: set, **params) -> set:
    if not nodes:
        return set()
    solutions = run_raw(store, _with_nodes(_text(name), nodes), params)
    return {s["m"] for s in solutions if isinstance(s["m"], ox.NamedNode)}


def _rdflib(triples) -> Graph:
    graph = bind_prefixes(Graph(bind_namespaces="none"))
    graph.addN((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object), graph) for t in triples)
    return graph


def _named(store: ox.Store, iri: str) -> Optional[ox.NamedNode]:
    """The node with this IRI when the graph has it (the focus may be a node's IRI or key)."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:  # not an IRI at all: a name
        return None
    return node if next(iter(store.quads_for_pattern(node, None, None)), None) is not None else None


def focus_nodes(store: ox.Store, focus: str) -> set:
    """IRIs of every node a view focused on ``focus`` may keep (a superset; see the module docstring)."""
    found = {s["n"] for s in run_raw(store, _text("focus_candidates"), {"focus": focus, "tail": "/" + focus})}
    found.update(n for n in (_named(store, focus), _named(store, str(KGR) + focus)) if n is not None)
    core = found | _nodes(store, "focus_regions", found)
    near = core | _nodes(store, "focus_neighbours", core)
    return near | _nodes(store, "focus_ancestors", near)


def network_graph(store: ox.Store, focus: Optional[str] = None) -> Graph:
    """An rdflib graph holding what :func:`kg.network.graph.governance_network` reads of the store's graph.

    With ``focus``: only what a view focused on it uses (:func:`kg.network.viz.graph_to_network`
    gives the same network from it as from the whole graph).
    """
    if focus is None:
        return _rdflib(store.query(_text("view_triples")))
    nodes = focus_nodes(store, focus)
    graph = _rdflib(store.query(_text("practice_categories")))
    for path in sorted((QUERIES / "focus_triples").glob("*.rq")) if nodes else ():
        text = _with_nodes(path.read_text(encoding="utf-8"), nodes)
        graph.addN((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object), graph) for t in store.query(text))
    return graph


def view_graph(path, focus: Optional[str] = None) -> Graph:
    """:func:`network_graph` of the graph at ``path`` (file, store directory or build folder), from its store."""
    return network_graph(graph_store(path), focus)
