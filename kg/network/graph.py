"""The RDF graph as a network: one undirected networkx graph, for analysis, exports and the page.

Everything reads a graph shaped as ``ontology/README.md`` describes (an rdflib
graph, an Oxigraph store, or the :class:`kg.network.triples.Triples`
:mod:`kg.network.source` reads of a store) and turns it into one undirected
networkx graph (``governance_network``):

    region ── practice / local practice   kg:carriesOut, kg:PracticeAdoption (with evidence)
    region ── parent region               schema:containedInPlace
    organization ── region                kg:jurisdiction
    organization ── parent organization   org:subOrganizationOf
    local practice ── core practice       kg:formOf
    document ── region                    schema:about

Node keys are the resource IRI without the ``kgr:`` base (``region/500114``,
``practice/xueliang-gongcheng``), so they stay short in exports and pages.
All outputs are sorted so the same graph always gives the same answer.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Optional

import networkx as nx
import pyoxigraph as ox
from rdflib import RDFS, Graph, Namespace
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.model import Level
from kg.namespaces import KG, OA, ORG, QB, SDMX_ATTRIBUTE as SDMX_ATTR, SDMX_DIMENSION as SDMX_DIM, SDMX_MEASURE
from kg.namespaces import KGR as _KGR
from kg.network.source import network_triples
from kg.network.triples import Blank, Lit, Triples, from_rdflib

KGR = str(_KGR)
# The README does not pin the schema.org scheme; accept both spellings.
SCHEMAS = (Namespace("https://schema.org/"), Namespace("http://schema.org/"))

# Node kinds (the ``kind`` attribute) and edge kinds (``relation``).
REGION, PRACTICE, LOCAL_PRACTICE, ORGANIZATION, DOCUMENT = (
    "region", "practice", "local_practice", "organization", "document")
KINDS = (REGION, PRACTICE, LOCAL_PRACTICE, ORGANIZATION, DOCUMENT)
CARRIES_OUT, CONTAINED_IN, JURISDICTION, SUB_ORGANIZATION, FORM_OF, ABOUT = (
    "carries_out", "contained_in", "jurisdiction", "sub_organization", "form_of", "about")


class _Names:
    """A namespace whose terms are plain strings, the keys of :class:`Triples`, each made once (rdflib's
    ``Namespace`` makes a term at every attribute access: seconds over 75,000 documents)."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        value = str(self._namespace[name])
        setattr(self, name, value)
        return value


KG, OA, ORG, QB, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE, DCTERMS, PROV, RDFS, SKOS = map(
    _Names, (KG, OA, ORG, QB, SDMX_ATTR, SDMX_DIM, SDMX_MEASURE, DCTERMS, PROV, RDFS, SKOS))
_LEVEL_OF_CLASS = {str(KG.Province): Level.PROVINCE.value, str(KG.Prefecture): Level.PREFECTURE.value,
                   str(KG.County): Level.COUNTY.value}


# --------------------------------------------------------------------------
# Reading the RDF graph
# --------------------------------------------------------------------------

def node_key(term) -> str:
    """``kgr:region/500114`` -> ``region/500114``; other IRIs stay whole."""
    s = str(term)
    return s[len(KGR):] if s.startswith(KGR) else s


def _lit(graph: Triples, subject, *predicates) -> Optional[str]:
    """First literal for the predicates, Chinese first, then sorted for stability."""
    for p in predicates:
        values = graph.objects(subject, p)
        if len(values) == 1:  # most: no sorting
            if isinstance(values[0], Lit):
                return str(values[0])
            continue
        values = [o for o in values if isinstance(o, Lit)]
        if values:
            values.sort(key=lambda o: (not o.language.lower().startswith("zh"), o.language != "", str(o)))
            return str(values[0])
    return None


def _label(graph: Triples, subject) -> Optional[str]:
    return _lit(graph, subject, SKOS.prefLabel, RDFS.label)


def _one(graph: Triples, subject, predicate):
    values = graph.objects(subject, predicate)
    return (values[0] if len(values) == 1 else min(values, key=str)) if values else None


def _schema(name: str):
    return [str(ns[name]) for ns in SCHEMAS]


def _subjects_of_type(graph: Triples, *classes) -> list:
    out = set()
    for c in classes:
        out.update(graph.of_type(str(c)))
    return sorted(s for s in out if not isinstance(s, Blank))


def _pairs(graph: Triples, *predicates) -> list[tuple]:
    """(subject, object) of the predicates' triples, sorted."""
    return sorted((s, o) for p in predicates for s, o in graph.pairs(str(p)))


def _doc_id(graph: Triples, doc) -> str:
    return _lit(graph, doc, DCTERMS.identifier) or node_key(doc).removeprefix("doc/")


def _level(graph: Triples, region, adcode: str) -> str:
    for cls, level in _LEVEL_OF_CLASS.items():
        if graph.has_type(region, cls):
            return level
    # GB/T 2260: xx0000 province, xxxx00 prefecture, else county
    if len(adcode) == 6 and adcode.isdigit():
        return "province" if adcode.endswith("0000") else "prefecture" if adcode.endswith("00") else "county"
    return "region"


def _category_labels(graph: Triples) -> dict[str, str]:
    """Category labels, from the practice scheme every built graph holds."""
    labels: dict[str, str] = {}
    for c in graph.of_type(str(KG.PracticeCategory)):
        label = _label(graph, c)
        if label:
            labels[node_key(c)] = label
    return labels


def _evidence(graph: Triples, record) -> tuple[str, int, str]:
    """(document id, sentence start, sentence) of a fact record, '' when absent."""
    doc = _one(graph, record, PROV.wasDerivedFrom)
    sentence, start = "", -1
    ev = _one(graph, record, KG.evidence)
    if ev is not None:
        if doc is None:
            doc = _one(graph, ev, OA.hasSource)
        sel = _one(graph, ev, OA.hasSelector)
        if sel is not None:
            sentence = _lit(graph, sel, OA.exact) or ""
            s = _one(graph, sel, OA.start)
            start = int(s) if isinstance(s, Lit) and str(s).lstrip("-").isdigit() else -1
        if not sentence:
            sentence = _lit(graph, ev, KG.mentionText) or ""
    return (_doc_id(graph, doc) if doc is not None else ""), start, sentence


def _fmt_value(v) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    return str(int(f)) if f.is_integer() else f"{f:g}"


# --------------------------------------------------------------------------
# The network
# --------------------------------------------------------------------------


def _region_nodes(graph: Triples, nodes: dict[str, dict]) -> None:
    for r in _subjects_of_type(graph, KG.Region, KG.Province, KG.Prefecture, KG.County):
        code = _lit(graph, r, KG.adcode) or node_key(r).rsplit("/", 1)[-1]
        nodes[node_key(r)] = {
            "kind": REGION, "label": _label(graph, r) or code,
            "name": _lit(graph, r, KG.fullName) or _label(graph, r) or code,
            "code": code, "iri": str(r), "level": _level(graph, r, code), "figures": [],
        }


def _practice_nodes(graph: Triples, nodes: dict[str, dict]) -> None:
    """Core practices, with their category; local practices."""
    categories = _category_labels(graph)
    for p in _subjects_of_type(graph, KG.Practice):
        key = node_key(p)
        cats = [c for c in graph.objects(p, str(SKOS.broader))
                if graph.has_type(c, str(KG.PracticeCategory)) or node_key(c) in categories]
        cat = node_key(min(cats, key=str)) if cats else ""
        nodes[key] = {
            "kind": PRACTICE, "label": _label(graph, p) or key.rsplit("/", 1)[-1],
            "code": key.rsplit("/", 1)[-1], "iri": str(p),
            "category": cat, "category_label": categories.get(cat, cat.rsplit("/", 1)[-1]),
        }
        nodes[key]["name"] = nodes[key]["label"]
    for lp in _subjects_of_type(graph, KG.LocalPractice):
        label = _label(graph, lp) or node_key(lp)
        nodes[node_key(lp)] = {"kind": LOCAL_PRACTICE, "label": label, "name": label, "code": "", "iri": str(lp)}


def _organization_and_document_nodes(graph: Triples, nodes: dict[str, dict]) -> None:
    for o in _subjects_of_type(graph, ORG.Organization):
        label = _label(graph, o) or node_key(o)
        otype = _one(graph, o, ORG.classification)
        nodes[node_key(o)] = {
            "kind": ORGANIZATION, "label": label, "name": label, "code": "", "iri": str(o),
            "org_type": (_label(graph, otype) or node_key(otype).rsplit("/", 1)[-1]) if otype is not None else "",
        }
    for d in _subjects_of_type(graph, *_schema("NewsArticle")):
        doc_id = _doc_id(graph, d)
        nodes[node_key(d)] = {
            "kind": DOCUMENT, "label": doc_id, "name": _lit(graph, d, DCTERMS.title) or doc_id,
            "code": doc_id, "iri": str(d), "date": _lit(graph, d, DCTERMS.date) or "",
            "publisher": _lit(graph, d, DCTERMS.publisher) or "",
        }


class _Edges(dict):
    """Edges between known nodes, keyed by their sorted pair, counted; ``heads`` keeps each one's direction."""

    def __init__(self, nodes: dict[str, dict]):
        super().__init__()
        self.nodes = nodes
        self.heads: dict[tuple[str, str], tuple[str, str]] = {}  # sorted pair -> (from, to), as first added

    def add(self, a: str, b: str, relation: str, **attrs) -> Optional[dict]:
        if a == b or a not in self.nodes or b not in self.nodes:
            return None
        key = (a, b) if a < b else (b, a)
        e = self.get(key)
        if e is None:
            e = self[key] = {"relation": relation, "count": 0, **attrs}
            self.heads[key] = (a, b)
        e["count"] += 1
        return e


def _adoption_edges(graph: Triples, edges: _Edges) -> None:
    """Region–practice edges, with the evidence of their adoption records."""
    adopted: set[tuple[str, str]] = set()
    for a in _subjects_of_type(graph, KG.PracticeAdoption):
        r, p = _one(graph, a, KG.region), _one(graph, a, KG.practice)
        if r is None or p is None:
            continue
        rk, pk = node_key(r), node_key(p)
        doc, start, sentence = _evidence(graph, a)
        e = edges.add(rk, pk, CARRIES_OUT, evidence=[])
        if e is not None:
            e["evidence"].append((doc, start, sentence, _lit(graph, a, KG.period) or ""))
            adopted.add((rk, pk))
    for r, p in _pairs(graph, KG.carriesOut):
        if (node_key(r), node_key(p)) not in adopted:
            edges.add(node_key(r), node_key(p), CARRIES_OUT, evidence=[])
    for e in edges.values():
        if e["relation"] == CARRIES_OUT:
            e["evidence"] = [(d, s, per) for d, _, s, per in sorted(set(e["evidence"]))]
            e["doc"] = e["evidence"][0][0] if e["evidence"] else ""
            e["sentence"] = e["evidence"][0][1] if e["evidence"] else ""


def _structure_edges(graph: Triples, edges: _Edges) -> None:
    for child, parent in _pairs(graph, *_schema("containedInPlace")):
        edges.add(node_key(child), node_key(parent), CONTAINED_IN)
    for o, r in _pairs(graph, KG.jurisdiction):
        edges.add(node_key(o), node_key(r), JURISDICTION)
    for o, parent in _pairs(graph, ORG.subOrganizationOf):
        edges.add(node_key(o), node_key(parent), SUB_ORGANIZATION)
    for lp, p in _pairs(graph, KG.formOf):
        edges.add(node_key(lp), node_key(p), FORM_OF)
    for d, r in _pairs(graph, *_schema("about")):
        edges.add(node_key(d), node_key(r), ABOUT)


def _figures_on_regions(graph: Triples, nodes: dict[str, dict]) -> None:
    """Figures are shown on their region, not as nodes."""
    for f in _subjects_of_type(graph, KG.Figure, QB.Observation):
        area = _one(graph, f, SDMX_DIM.refArea)
        if area is None or node_key(area) not in nodes:
            continue
        doc, _, sentence = _evidence(graph, f)
        nodes[node_key(area)].setdefault("figures", []).append((
            _lit(graph, f, KG.indicator) or "", _fmt_value(_one(graph, f, SDMX_MEASURE.obsValue)),
            _lit(graph, f, SDMX_ATTR.unitMeasure) or "", _lit(graph, f, SDMX_DIM.refPeriod) or "", doc))


def as_triples(graph) -> Triples:
    """What :func:`governance_network` reads: :class:`Triples` as they are, an rdflib graph's own,
    an Oxigraph store's network (:func:`kg.network.source.network_triples`)."""
    if isinstance(graph, Triples):
        return graph
    if isinstance(graph, ox.Store):
        return network_triples(graph)
    if isinstance(graph, Graph):
        return from_rdflib(graph)
    raise TypeError(f"not a graph: {type(graph).__name__}")


def governance_network(graph) -> nx.Graph:
    """The RDF graph as one undirected networkx graph (see the module docstring).

    ``graph``: :class:`kg.network.triples.Triples`, an rdflib graph or an Oxigraph store.

    ``G.graph["directions"]`` maps each edge, as its sorted node pair, to (from, to): region to
    practice, part to whole (containedInPlace), sub-organization to parent, document to region.

    Node attributes: ``kind``, ``label``, ``name`` (full name), ``code``, ``iri``,
    ``facts`` (number of facts touching the node) and, by kind, ``level``,
    ``category``/``category_label``, ``org_type``, ``date``, ``figures``.
    Edge attributes: ``relation``, ``count``; region–practice edges also
    ``evidence`` (list of (document id, sentence, period)), ``doc`` and
    ``sentence`` (the first piece of evidence).
    """
    graph = as_triples(graph)
    nodes: dict[str, dict] = {}
    _region_nodes(graph, nodes)
    _practice_nodes(graph, nodes)
    _organization_and_document_nodes(graph, nodes)
    edges = _Edges(nodes)
    _adoption_edges(graph, edges)
    _structure_edges(graph, edges)
    _figures_on_regions(graph, nodes)
    # facts touching a node: its relations (weighted by evidence count) and figures
    facts: dict[str, int] = defaultdict(int)
    for (a, b), e in edges.items():
        facts[a] += e["count"]
        facts[b] += e["count"]
    G = nx.Graph()
    for key in sorted(nodes):
        attrs = nodes[key]
        if attrs["kind"] == PRACTICE and not facts[key]:
            continue  # a scheme concept no article links to: vocabulary, not a fact
        if "figures" in attrs:
            attrs["figures"] = sorted(set(attrs["figures"]))
        attrs["facts"] = facts[key] + len(attrs.get("figures", ()))
        G.add_node(key, **attrs)
    for (a, b) in sorted(edges):
        G.add_edge(a, b, **edges[(a, b)])
    # the direction of each edge (region -> practice, part -> whole, sub-organization -> parent),
    # for the directed GraphML/GEXF exports: kg.network.exports.flat_network
    G.graph["directions"] = {key: edges.heads[key] for key in sorted(edges) if G.has_edge(*key)}
    return G
