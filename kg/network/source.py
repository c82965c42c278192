"""What the views read, taken from the Oxigraph store with SPARQL: never the whole graph parsed into rdflib.

``kg viz``, ``kg stats`` and ``kg export`` draw or write the network
:func:`kg.network.graph.governance_network` makes of a graph. They get what it
reads from here, as :class:`kg.network.triples.Triples` (plain strings, no rdflib
terms), holding only what the network is made of (``queries/view_triples.rq``),
or, with a focus, only what lies around it:

1. the nodes the focus may name, more than :mod:`kg.network.viz` will find,
   never fewer: a name, code, identifier or title equal to it, looked up in the
   store's index as a plain string and in each of ``NAME_LANGUAGES``
   (``focus_names.rq``; only when none is found, the slow scan of every name in
   any language, ``focus_names_any.rq``), a region or practice whose IRI ends
   in it, the practices of a category it names (``focus_candidates.rq``); then
   the regions inside them (``focus_regions.rq``), every node one link away
   (``focus_neighbours.rq``) and the regions all of those lie in
   (``focus_ancestors.rq``): a set that holds everything the focused view keeps;
2. around that set (``focus_triples/``, one query each, the nodes given to
   each: a pattern joined to them only after a union would read the whole
   graph), every triple of its nodes, every link that touches them with the
   class and code of the other end, and what the records (adoptions, figures)
   about them link; and the practice categories;
3. for the records whose ends all lie in the set (``focus_records/``, the
   records given), their facts, evidence and documents: a record with an end
   outside is never drawn, it only counts (a practice's adoptions all over the
   country, when the focus is one province).

Each node of the set then has the attributes, the links and the count of
facts it has in the whole graph, so the focused view is the one the whole
graph gives (``tests/test_views.py`` checks both on the bundled corpus).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Optional

import pyoxigraph as ox

from kg.namespaces import KG, KGR, SDMX_DIMENSION
from kg.network.triples import Blank, Triples, from_oxigraph
from kg.query.backends import run_raw
from kg.query.sparql_text import where_brace
from kg.query.store import graph_store

QUERIES = Path(__file__).resolve().parent / "queries"
_WHERE = re.compile(r"^CONSTRUCT \{[^{}]*\} WHERE \{", re.MULTILINE)


def _text(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


# The languages kg build writes names in (articles' and the schemes' zh, the regions' and the schemes' en):
# a focus is looked up as a plain string and in each of them.
NAME_LANGUAGES = ("zh", "en")
# what focus_triples/4_records.rq gives of a record
_ADOPTION_LINKS, _REF_AREA = (str(KG.region), str(KG.practice)), str(SDMX_DIMENSION.refArea)


def _with_nodes(text: str, nodes: Iterable, variable: str = "n") -> str:
    """The query with ``VALUES ?n { … }`` of the nodes (terms from the store) at the start of its WHERE."""
    where = _WHERE.search(text)  # CONSTRUCT's template comes first: its WHERE is named in these files
    at = where.end() if where else where_brace(text) + 1
    return text[:at] + f"\n  VALUES ?{variable} {{ " + " ".join(sorted(str(n) for n in nodes)) + " }" + text[at:]


def _nodes(store: ox.Store, name: str, nodes: set, **params) -> set:
    if not nodes:
        return set()
    solutions = run_raw(store, _with_nodes(_text(name), nodes), params)
    return {s["m"] for s in solutions if isinstance(s["m"], ox.NamedNode)}


def _named(store: ox.Store, iri: str) -> Optional[ox.NamedNode]:
    """The node with this IRI when the graph has it (the focus may be a node's IRI or key)."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:  # not an IRI at all: a name
        return None
    return node if next(iter(store.quads_for_pattern(node, None, None)), None) is not None else None


def focus_nodes(store: ox.Store, focus: str) -> set:
    """IRIs of every node a view focused on ``focus`` may keep (a superset; see the module docstring)."""
    forms = [ox.Literal(focus)] + [ox.Literal(focus, language=lang) for lang in NAME_LANGUAGES]
    found = {s["n"] for s in store.query(_with_nodes(_text("focus_names"), forms, "literal"))}
    found.update(s["n"] for s in run_raw(store, _text("focus_candidates"), {"focus": focus, "tail": "/" + focus}))
    iris = (focus, str(KGR) + focus, str(KGR) + "doc/" + focus)  # a document's code is its key's tail
    found.update(n for n in map(lambda iri: _named(store, iri), iris) if n is not None)
    if not found:  # a name in another language, or nothing: every name compared (seconds at full size)
        found = {s["n"] for s in run_raw(store, _text("focus_names_any"), {"focus": focus})}
    core = found | _nodes(store, "focus_regions", found)
    near = core | _nodes(store, "focus_neighbours", core)
    return near | _nodes(store, "focus_ancestors", near)


def network_triples(store: ox.Store, focus: Optional[str] = None) -> Triples:
    """What :func:`kg.network.graph.governance_network` reads of the store's graph.

    With ``focus``: only what a view focused on it uses (:func:`kg.network.viz.graph_to_network`
    gives the same network from it as from the whole graph).
    """
    if focus is None:
        return from_oxigraph(store.query(_text("view_triples")))
    nodes = focus_nodes(store, focus)
    triples = from_oxigraph(store.query(_text("practice_categories")))
    for path in sorted((QUERIES / "focus_triples").glob("*.rq")) if nodes else ():
        from_oxigraph(store.query(_with_nodes(path.read_text(encoding="utf-8"), nodes)), into=triples)
    records = _records_within(triples, {n.value for n in nodes})
    for path in sorted((QUERIES / "focus_records").glob("*.rq")) if records else ():
        from_oxigraph(store.query(_with_nodes(path.read_text(encoding="utf-8"), records, "record")), into=triples)
    return triples


def _records_within(triples: Triples, nodes: set[str]) -> list[ox.NamedNode]:
    """The records that can be drawn: a figure on a region among ``nodes``, an adoption whose region and
    practice are both among them. Only they need their evidence, period and values; the others only count
    towards their node's facts."""
    areas: dict[str, list] = {}
    links: dict[str, list] = {}
    for record, area in triples.pairs(_REF_AREA):
        areas.setdefault(record, []).append(area)
    for predicate in _ADOPTION_LINKS:
        for record, end in triples.pairs(predicate):
            links.setdefault(record, []).append(end)
    drawn = {r for r, found in areas.items() if any(a in nodes for a in found)}
    drawn.update(r for r, ends in links.items() if all(e in nodes for e in ends))
    return [ox.NamedNode(r) for r in sorted(drawn) if not isinstance(r, Blank)]


def summary_triples(store: ox.Store) -> Triples:
    """What :func:`kg.network.analysis.summary_text` reads of the store's graph (``summary_triples.rq``): the
    network without the documents' metadata and links, the evidence and the figures. The summary of its
    network is the whole network's (``tests/test_views.py``); its files and pages are not."""
    return from_oxigraph(store.query(_text("summary_triples")))


def view_triples(path, focus: Optional[str] = None, *, summary: bool = False) -> Triples:
    """:func:`network_triples` (or with ``summary``, :func:`summary_triples`) of the graph at ``path`` (file,
    store directory or build folder), from its store."""
    store = graph_store(path)
    return summary_triples(store) if summary else network_triples(store, focus)
