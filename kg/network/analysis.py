"""Network analysis of a built RDF graph (networkx), and exports for Gephi.

Everything reads an ``rdflib.Graph`` shaped as ``ontology/README.md`` describes
and turns it into one undirected networkx graph (``governance_network``):

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

import csv
import math
from collections import defaultdict
from pathlib import Path
from typing import Iterable, NamedTuple, Optional

import networkx as nx
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.namespaces import KG, OA, ORG, QB, SDMX_ATTRIBUTE as SDMX_ATTR, SDMX_DIMENSION as SDMX_DIM, SDMX_MEASURE
from kg.namespaces import KGR as _KGR

KGR = str(_KGR)
# The README does not pin the schema.org scheme; accept both spellings.
SCHEMAS = (Namespace("https://schema.org/"), Namespace("http://schema.org/"))

# Node kinds (the ``kind`` attribute) and edge kinds (``relation``).
REGION, PRACTICE, LOCAL_PRACTICE, ORGANIZATION, DOCUMENT = (
    "region", "practice", "local_practice", "organization", "document")
KINDS = (REGION, PRACTICE, LOCAL_PRACTICE, ORGANIZATION, DOCUMENT)
CARRIES_OUT, CONTAINED_IN, JURISDICTION, SUB_ORGANIZATION, FORM_OF, ABOUT = (
    "carries_out", "contained_in", "jurisdiction", "sub_organization", "form_of", "about")

LEVELS = {KG.Province: "province", KG.Prefecture: "prefecture", KG.County: "county"}


# --------------------------------------------------------------------------
# Reading the RDF graph
# --------------------------------------------------------------------------

def node_key(term) -> str:
    """``kgr:region/500114`` -> ``region/500114``; other IRIs stay whole."""
    s = str(term)
    return s[len(KGR):] if s.startswith(KGR) else s


def _lit(graph: Graph, subject, *predicates) -> Optional[str]:
    """First literal for the predicates, Chinese first, then sorted for stability."""
    for p in predicates:
        values = [o for o in graph.objects(subject, p) if isinstance(o, Literal)]
        if values:
            values.sort(key=lambda o: (not (o.language or "").lower().startswith("zh"),
                                       o.language is not None and o.language != "", str(o)))
            return str(values[0])
    return None


def _label(graph: Graph, subject) -> Optional[str]:
    return _lit(graph, subject, SKOS.prefLabel, RDFS.label)


def _one(graph: Graph, subject, predicate):
    values = sorted(graph.objects(subject, predicate), key=str)
    return values[0] if values else None


def _schema(name: str):
    return [ns[name] for ns in SCHEMAS]


def _subjects_of_type(graph: Graph, *classes) -> list:
    out = set()
    for c in classes:
        out.update(graph.subjects(RDF.type, c))
    return sorted((s for s in out if isinstance(s, URIRef)), key=str)


def _doc_id(graph: Graph, doc) -> str:
    return _lit(graph, doc, DCTERMS.identifier) or node_key(doc).removeprefix("doc/")


def _level(graph: Graph, region, adcode: str) -> str:
    for cls, level in LEVELS.items():
        if (region, RDF.type, cls) in graph:
            return level
    # GB/T 2260: xx0000 province, xxxx00 prefecture, else county
    if len(adcode) == 6 and adcode.isdigit():
        return "province" if adcode.endswith("0000") else "prefecture" if adcode.endswith("00") else "county"
    return "region"


def _category_labels(graph: Graph) -> dict[str, str]:
    """Category labels, from the practice scheme every built graph holds."""
    labels: dict[str, str] = {}
    for c in graph.subjects(RDF.type, KG.PracticeCategory):
        label = _label(graph, c)
        if label:
            labels[node_key(c)] = label
    return labels


def _evidence(graph: Graph, record) -> tuple[str, int, str]:
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
            start = int(s) if isinstance(s, Literal) and str(s).lstrip("-").isdigit() else -1
        if not sentence:
            sentence = _lit(graph, ev, KG.mentionText) or ""
    return (_doc_id(graph, doc) if doc is not None else ""), start, sentence


def _fmt_value(v) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    return str(int(f)) if f.is_integer() else f"{f:g}"


def _net(graph_or_network) -> nx.Graph:
    """Accept a built network so callers (summary_text) convert the RDF once."""
    if isinstance(graph_or_network, nx.Graph):
        return graph_or_network
    return governance_network(graph_or_network)


def governance_network(graph: Graph) -> nx.Graph:
    """The RDF graph as one undirected networkx graph (see the module docstring).

    Node attributes: ``kind``, ``label``, ``name`` (full name), ``code``, ``iri``,
    ``facts`` (number of facts touching the node) and, by kind, ``level``,
    ``category``/``category_label``, ``org_type``, ``date``, ``figures``.
    Edge attributes: ``relation``, ``count``; region–practice edges also
    ``evidence`` (list of (document id, sentence, period)), ``doc`` and
    ``sentence`` (the first piece of evidence).
    """
    G = nx.Graph()
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str], dict] = {}

    def add_edge(a: str, b: str, relation: str, **attrs):
        if a == b or a not in nodes or b not in nodes:
            return None
        key = (a, b) if a < b else (b, a)
        e = edges.get(key)
        if e is None:
            e = edges[key] = {"relation": relation, "count": 0, **attrs}
        e["count"] += 1
        return e

    # regions
    for r in _subjects_of_type(graph, KG.Region, KG.Province, KG.Prefecture, KG.County):
        code = _lit(graph, r, KG.adcode) or node_key(r).rsplit("/", 1)[-1]
        nodes[node_key(r)] = {
            "kind": REGION, "label": _label(graph, r) or code,
            "name": _lit(graph, r, KG.fullName) or _label(graph, r) or code,
            "code": code, "iri": str(r), "level": _level(graph, r, code), "figures": [],
        }
    # practices, with their category
    categories = _category_labels(graph)
    for p in _subjects_of_type(graph, KG.Practice):
        key = node_key(p)
        cats = [c for c in graph.objects(p, SKOS.broader)
                if (c, RDF.type, KG.PracticeCategory) in graph or node_key(c) in categories]
        cat = node_key(sorted(cats, key=str)[0]) if cats else ""
        nodes[key] = {
            "kind": PRACTICE, "label": _label(graph, p) or key.rsplit("/", 1)[-1],
            "code": key.rsplit("/", 1)[-1], "iri": str(p),
            "category": cat, "category_label": categories.get(cat, cat.rsplit("/", 1)[-1]),
        }
        nodes[key]["name"] = nodes[key]["label"]
    for lp in _subjects_of_type(graph, KG.LocalPractice):
        label = _label(graph, lp) or node_key(lp)
        nodes[node_key(lp)] = {"kind": LOCAL_PRACTICE, "label": label, "name": label,
                               "code": "", "iri": str(lp)}
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

    # region–practice, with evidence from the adoption records
    adopted: set[tuple[str, str]] = set()
    for a in _subjects_of_type(graph, KG.PracticeAdoption):
        r, p = _one(graph, a, KG.region), _one(graph, a, KG.practice)
        if r is None or p is None:
            continue
        rk, pk = node_key(r), node_key(p)
        doc, start, sentence = _evidence(graph, a)
        e = add_edge(rk, pk, CARRIES_OUT, evidence=[])
        if e is not None:
            e["evidence"].append((doc, start, sentence, _lit(graph, a, KG.period) or ""))
            adopted.add((rk, pk))
    for r, _, p in sorted(graph.triples((None, KG.carriesOut, None))):
        if (node_key(r), node_key(p)) not in adopted:
            add_edge(node_key(r), node_key(p), CARRIES_OUT, evidence=[])
    for key, e in edges.items():
        if e["relation"] == CARRIES_OUT:
            e["evidence"] = [(d, s, per) for d, _, s, per in sorted(set(e["evidence"]))]
            e["doc"] = e["evidence"][0][0] if e["evidence"] else ""
            e["sentence"] = e["evidence"][0][1] if e["evidence"] else ""

    # structure
    for child, _, parent in sorted(t for p in _schema("containedInPlace") for t in graph.triples((None, p, None))):
        add_edge(node_key(child), node_key(parent), CONTAINED_IN)
    for o, _, r in sorted(graph.triples((None, KG.jurisdiction, None))):
        add_edge(node_key(o), node_key(r), JURISDICTION)
    for o, _, parent in sorted(graph.triples((None, ORG.subOrganizationOf, None))):
        add_edge(node_key(o), node_key(parent), SUB_ORGANIZATION)
    for lp, _, p in sorted(graph.triples((None, KG.formOf, None))):
        add_edge(node_key(lp), node_key(p), FORM_OF)
    for d, _, r in sorted(t for p in _schema("about") for t in graph.triples((None, p, None))):
        add_edge(node_key(d), node_key(r), ABOUT)

    # figures are shown on their region, not as nodes
    for f in _subjects_of_type(graph, KG.Figure, QB.Observation):
        area = _one(graph, f, SDMX_DIM.refArea)
        if area is None or node_key(area) not in nodes:
            continue
        doc, _, sentence = _evidence(graph, f)
        nodes[node_key(area)].setdefault("figures", []).append((
            _lit(graph, f, KG.indicator) or "", _fmt_value(_one(graph, f, SDMX_MEASURE.obsValue)),
            _lit(graph, f, SDMX_ATTR.unitMeasure) or "", _lit(graph, f, SDMX_DIM.refPeriod) or "", doc))

    # facts touching a node: its relations (weighted by evidence count) and figures
    facts: dict[str, int] = defaultdict(int)
    for (a, b), e in edges.items():
        facts[a] += e["count"]
        facts[b] += e["count"]
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
    return G


# --------------------------------------------------------------------------
# Region × practice
# --------------------------------------------------------------------------

class Item(NamedTuple):
    key: str  # node key, e.g. region/500114
    label: str  # display label; a region's code is appended when two share a name


def _display_labels(G: nx.Graph, keys: Iterable[str]) -> dict[str, str]:
    keys = list(keys)
    seen: dict[str, int] = defaultdict(int)
    for k in keys:
        seen[G.nodes[k]["label"]] += 1
    out = {}
    for k in keys:
        label = G.nodes[k]["label"]
        out[k] = f"{label}({G.nodes[k].get('code') or k})" if seen[label] > 1 else label
    return out


def _profiles(G: nx.Graph, include_local: bool = True) -> dict[str, dict[str, int]]:
    """region key -> {practice key: number of evidence records}."""
    kinds = {PRACTICE, LOCAL_PRACTICE} if include_local else {PRACTICE}
    prof: dict[str, dict[str, int]] = defaultdict(dict)
    for a, b, e in G.edges(data=True):
        if e["relation"] != CARRIES_OUT:
            continue
        r, p = (a, b) if G.nodes[a]["kind"] == REGION else (b, a)
        if G.nodes[r]["kind"] == REGION and G.nodes[p]["kind"] in kinds:
            prof[r][p] = e["count"]
    return prof


def _practice_order(G: nx.Graph, keys: Iterable[str]) -> list[str]:
    # core practices first, then local ones; by label within each
    return sorted(set(keys), key=lambda k: (G.nodes[k]["kind"] != PRACTICE, G.nodes[k]["label"], k))


def region_practice_matrix(graph, *, include_local: bool = True
                           ) -> tuple[list[Item], list[Item], list[list[int]]]:
    """Regions (rows, by code) × practices (columns): number of evidence records.

    Only regions with at least one practice appear.
    """
    G = _net(graph)
    prof = _profiles(G, include_local)
    regions = sorted(prof, key=lambda k: (G.nodes[k]["code"], k))
    practices = _practice_order(G, (p for ps in prof.values() for p in ps))
    rl, pl = _display_labels(G, regions), _display_labels(G, practices)
    matrix = [[prof[r].get(p, 0) for p in practices] for r in regions]
    return [Item(r, rl[r]) for r in regions], [Item(p, pl[p]) for p in practices], matrix


def write_matrix_csv(graph, path, *, include_local: bool = True) -> Path:
    """The region × practice matrix as UTF-8 CSV: adcode, region, one column per practice."""
    G = _net(graph)
    regions, practices, matrix = region_practice_matrix(G, include_local=include_local)
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["adcode", "region"] + [p.label for p in practices])
        for r, row in zip(regions, matrix):
            w.writerow([G.nodes[r.key]["code"], r.label] + row)
    return path


def practice_spread(graph, *, include_local: bool = True) -> list[tuple[str, int]]:
    """Practices by the number of regions that carry them out, most widespread first."""
    G = _net(graph)
    prof = _profiles(G, include_local)
    count: dict[str, int] = defaultdict(int)
    for ps in prof.values():
        for p in ps:
            count[p] += 1
    labels = _display_labels(G, _practice_order(G, count))
    return sorted(((labels[p], n) for p, n in count.items()), key=lambda t: (-t[1], t[0]))


def _jaccard(prof: dict[str, dict[str, int]]):
    """(regions, practices, shared counts, Jaccard) as dense arrays: one matrix
    product instead of a Python loop over region pairs (China has ~3,200 counties)."""
    import numpy as np

    regions = sorted(prof)
    practices = sorted({p for ps in prof.values() for p in ps})
    col = {p: j for j, p in enumerate(practices)}
    M = np.zeros((len(regions), len(practices)), dtype=np.int32)
    for i, r in enumerate(regions):
        for p in prof[r]:
            M[i, col[p]] = 1
    inter = M @ M.T
    sizes = M.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - inter
    jac = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
    return regions, M, inter, jac


def _jaccard_pairs(G: nx.Graph, prof: dict[str, dict[str, int]], top: Optional[int] = None):
    """Pairs of regions sharing a practice: (a, b, jaccard, shared practice keys).

    With ``top``, only pairs at least as similar as the top-th best (ties kept).
    """
    import numpy as np

    regions, M, inter, jac = _jaccard(prof)
    sets = {r: set(prof[r]) for r in regions}
    ii, jj = np.nonzero(np.triu(inter, k=1))
    if top is not None and len(ii) > top > 0:
        vals = jac[ii, jj]
        keep = vals >= np.partition(vals, -top)[-top]
        ii, jj = ii[keep], jj[keep]
    for i, j in zip(ii.tolist(), jj.tolist()):
        a, b = regions[i], regions[j]
        yield a, b, float(jac[i, j]), sets[a] & sets[b]


def similar_regions(graph, top: int = 10, *, include_local: bool = False
                    ) -> list[tuple[str, str, float, tuple[str, ...]]]:
    """Region pairs with the most alike practice sets (Jaccard), with the practices they share.

    Pairs sharing nothing are left out. Ties: more shared practices first, then by name.
    Core practices only by default: local practices are nearly all unique to one
    region and would only dilute the similarity.
    """
    G = _net(graph)
    prof = _profiles(G, include_local)
    rl = _display_labels(G, prof)
    pl = _display_labels(G, _practice_order(G, (p for ps in prof.values() for p in ps)))
    pairs = []
    if len(prof) < 2 or top <= 0:
        return []
    for a, b, j, shared in _jaccard_pairs(G, prof, top):
        la, lb = sorted((rl[a], rl[b]))
        pairs.append((la, lb, round(j, 6), tuple(sorted(pl[p] for p in shared))))
    pairs.sort(key=lambda t: (-t[2], -len(t[3]), t[0], t[1]))
    return pairs[:top]


class Centrality(NamedTuple):
    label: str
    key: str
    degree: int  # neighbours in the region–practice–organization network
    degree_centrality: float
    betweenness: float


def centrality(graph) -> dict[str, list[Centrality]]:
    """Degree and betweenness of practices and organizations.

    Computed on the network of regions, practices (core and local) and
    organizations: region–practice, organization–region (jurisdiction) and
    organization–parent edges. Region hierarchy and documents are left out so
    that betweenness measures how a practice or body bridges regions, not
    geography. Returns ``{"practice": [...], "local_practice": [...],
    "organization": [...]}``, each sorted by betweenness then degree.
    Above 2,000 nodes betweenness is estimated from 500 sampled sources (fixed seed).
    """
    G = _net(graph)
    keep = {CARRIES_OUT, JURISDICTION, SUB_ORGANIZATION}
    H = nx.Graph()
    H.add_nodes_from(sorted(n for n, d in G.nodes(data=True) if d["kind"] in (REGION, PRACTICE, LOCAL_PRACTICE, ORGANIZATION)))
    H.add_edges_from(sorted((a, b) for a, b, e in G.edges(data=True) if e["relation"] in keep))
    deg_c = nx.degree_centrality(H) if len(H) > 1 else {n: 0.0 for n in H}
    k = 500 if len(H) > 2000 else None
    betw = nx.betweenness_centrality(H, k=k, seed=0) if len(H) > 2 else {n: 0.0 for n in H}
    out: dict[str, list[Centrality]] = {PRACTICE: [], LOCAL_PRACTICE: [], ORGANIZATION: []}
    for kind in out:
        keys = [n for n in H if G.nodes[n]["kind"] == kind]
        labels = _display_labels(G, keys)
        rows = [Centrality(labels[n], n, H.degree(n), round(deg_c[n], 6), round(betw[n], 6)) for n in keys]
        rows.sort(key=lambda c: (-c.betweenness, -c.degree, c.label, c.key))
        out[kind] = rows
    return out


class Community(NamedTuple):
    regions: tuple[str, ...]  # region labels, by name
    practices: tuple[str, ...]  # practices carried out by at least half of them


def practice_communities(graph, *, min_size: int = 2, include_local: bool = False,
                         neighbours: int = 10) -> list[Community]:
    """Groups of regions with alike practice profiles.

    Louvain communities (fixed seed) on the graph linking each region to its
    ``neighbours`` most similar regions, weighted by the Jaccard similarity of
    their core practice sets (``include_local`` adds local practices). Largest first.
    """
    G = _net(graph)
    prof = _profiles(G, include_local)
    if len(prof) < 2:
        return []
    regions, _, inter, jac = _jaccard(prof)
    # a k-nearest-neighbour graph keeps this sparse: a practice every region
    # shares would otherwise link all pairs
    S = nx.Graph()
    S.add_nodes_from(regions)
    import numpy as np

    for i, a in enumerate(regions):
        cand = np.nonzero(inter[i] > 0)[0]
        cand = cand[cand != i]
        best = cand[np.lexsort((cand, -jac[i, cand]))][:neighbours]  # most similar, then by key
        for j in best.tolist():
            S.add_edge(a, regions[j], weight=float(jac[i, j]))
    if S.number_of_edges() == 0:
        return []
    rl = _display_labels(G, prof)
    pl = _display_labels(G, _practice_order(G, (p for ps in prof.values() for p in ps)))
    out = []
    for members in nx.community.louvain_communities(S, weight="weight", seed=0):
        if len(members) < min_size:
            continue
        count: dict[str, int] = defaultdict(int)
        for r in members:
            for p in prof[r]:
                count[p] += 1
        common = tuple(sorted(pl[p] for p, n in count.items() if n * 2 >= len(members)))
        out.append(Community(tuple(sorted(rl[r] for r in members)), common))
    out.sort(key=lambda c: (-len(c.regions), c.regions))
    return out


# --------------------------------------------------------------------------
# Exports
# --------------------------------------------------------------------------

def _flat(value):
    """GraphML/GEXF hold strings and numbers only."""
    if isinstance(value, bool) or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (list, tuple, set)):
        items = sorted(value) if isinstance(value, set) else value
        return " | ".join(" ".join(str(x) for x in v if x not in ("", None, -1)) if isinstance(v, (list, tuple)) else str(v)
                          for v in items)
    return str(value)


def flat_network(graph_or_network) -> nx.Graph:
    """A copy of the network with every attribute a string or a number (None dropped)."""
    G = graph_or_network if isinstance(graph_or_network, nx.Graph) else governance_network(graph_or_network)
    F = nx.Graph()
    for n, d in G.nodes(data=True):
        F.add_node(n, **{k: _flat(v) for k, v in sorted(d.items()) if v is not None})
    for a, b, d in G.edges(data=True):
        F.add_edge(a, b, **{k: _flat(v) for k, v in sorted(d.items()) if v is not None})
    return F


def write_graphml(graph_or_network, path) -> Path:
    """GraphML (UTF-8) for Gephi/yEd; ``networkx.read_graphml`` reads it back."""
    path = Path(path)
    nx.write_graphml(flat_network(graph_or_network), path, encoding="utf-8")
    return path


def write_gexf(graph_or_network, path) -> Path:
    """GEXF (UTF-8) for Gephi."""
    path = Path(path)
    nx.write_gexf(flat_network(graph_or_network), path, encoding="utf-8")
    return path


def _few(items, n: int = 6) -> str:
    return "、".join(items[:n]) + (f" … (+{len(items) - n})" if len(items) > n else "")


def summary_text(graph, *, top: int = 10) -> str:
    """A plain-text report for ``kg stats``: counts, widest-spread practices, alike regions."""
    G = _net(graph)
    by_kind: dict[str, int] = defaultdict(int)
    for _, d in G.nodes(data=True):
        by_kind[d["kind"]] += 1
    n_links = sum(1 for *_, e in G.edges(data=True) if e["relation"] == CARRIES_OUT)
    lines = ["nodes: " + ", ".join(f"{k} {by_kind[k]}" for k in KINDS),
             f"region–practice links: {n_links}", ""]
    spread = practice_spread(G)[:top]
    lines.append("most widespread practices (regions):")
    lines += [f"  {n:>4}  {label}" for label, n in spread] or ["  (none)"]
    lines.append("")
    lines.append("most alike regions (Jaccard, shared practices):")
    pairs = similar_regions(G, top=top)
    lines += [f"  {j:.2f}  {a} – {b}: {_few(shared)}" for a, b, j, shared in pairs] or ["  (none)"]
    comms = practice_communities(G)
    if comms:
        lines.append("")
        lines.append("communities of regions with alike practices:")
        for c in comms[:top]:
            lines.append(f"  {len(c.regions):>4}  {_few(c.regions, 12)}  [{_few(c.practices)}]")
    return "\n".join(lines) + "\n"
