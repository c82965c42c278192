"""What ``kg viz`` draws: the governance network, cut down around a focus or to a number of nodes.

``graph_to_network`` turns the RDF graph into the networkx graph
:mod:`kg.network.graph` makes (the one :mod:`kg.network.analysis` works on),
optionally the neighbourhood of a region, practice or category, aggregated
step by step until it fits a limit; :mod:`kg.network.page` draws it.
"""

from __future__ import annotations

from typing import Optional

import networkx as nx

from kg.network.graph import (CONTAINED_IN, DOCUMENT, LOCAL_PRACTICE, PRACTICE, REGION, governance_network,
                              node_key)
from kg.network.labels import ui_strings


def _find(G: nx.Graph, focus: str) -> list[str]:
    """Nodes meant by ``focus``: a node key, an IRI, a region code, an exact label or
    full name, or a practice category (its key or label: all practices in it)."""
    if focus in G:
        return [focus]
    key = node_key(focus)
    if key in G:
        return [key]
    found = sorted(n for n, d in G.nodes(data=True) if focus in (d.get("code"), d.get("label"), d.get("name")))
    if found:
        return found
    return sorted(n for n, d in G.nodes(data=True)
                  if d["kind"] == PRACTICE and d.get("category")
                  and (d["category"] in (focus, key) or d.get("category_label") == focus))


def _focus(G: nx.Graph, focus: str) -> tuple[nx.Graph, set[str]]:
    """The neighbourhood of ``focus`` and its core nodes (the focus and the regions inside it)."""
    start = _find(G, focus)
    if not start:
        raise ValueError(f"focus not found in the graph: {focus!r}")
    core = set(start)
    # regions inside a focused region: follow containedInPlace downwards
    frontier = [n for n in start if G.nodes[n]["kind"] == REGION]
    while frontier:
        n = frontier.pop()
        for m in G.neighbors(n):
            d = G.edges[n, m]
            if (m not in core and d["relation"] == CONTAINED_IN and G.nodes[m]["kind"] == REGION
                    and _inside(G.nodes[m].get("code", ""), G.nodes[n].get("code", ""))):
                core.add(m)
                frontier.append(m)
    keep = set(core)
    for n in core:
        keep.update(G.neighbors(n))
    _add_ancestors(G, keep)
    return G.subgraph(keep), core


def _add_ancestors(G: nx.Graph, keep: set[str]) -> None:
    """Add the parent regions of every kept region, so the hierarchy stays visible."""
    frontier = [n for n in keep if G.nodes[n]["kind"] == REGION]
    while frontier:
        n = frontier.pop()
        for m in G.neighbors(n):
            if (m not in keep and G.edges[n, m]["relation"] == CONTAINED_IN
                    and G.nodes[m]["kind"] == REGION and _inside(G.nodes[n].get("code", ""), G.nodes[m].get("code", ""))):
                keep.add(m)
                frontier.append(m)


def _fold_documents(G: nx.Graph, protect: set[str]) -> None:
    """Documents leave the drawing; each region counts the articles about it
    (region–practice edges keep their evidence, document ids included)."""
    for n in sorted(n for n, d in G.nodes(data=True) if d["kind"] == DOCUMENT and n not in protect):
        for m in G.neighbors(n):
            G.nodes[m]["documents"] = G.nodes[m].get("documents", 0) + 1
        G.remove_node(n)


def _fold_local_practices(G: nx.Graph, protect: set[str]) -> None:
    """Local practices leave the drawing; their regions list them in the hover text."""
    for n in sorted(n for n, d in G.nodes(data=True) if d["kind"] == LOCAL_PRACTICE and n not in protect):
        for m in G.neighbors(n):
            if G.nodes[m]["kind"] == REGION:
                G.nodes[m].setdefault("local_practices", []).append(G.nodes[n]["label"])
        G.remove_node(n)


def _fold_practices(G: nx.Graph, protect: set[str]) -> None:
    """Practices are replaced by one node per category; edges to the same
    neighbour merge, adding their counts and evidence."""
    groups: dict[str, list[str]] = {}
    for n, d in G.nodes(data=True):
        if d["kind"] == PRACTICE and n not in protect and not d.get("members"):
            groups.setdefault(d.get("category") or "practice-category/other", []).append(n)
    for cat, members in sorted(groups.items()):
        members.sort()
        first = G.nodes[members[0]]
        label = first.get("category_label") or ui_strings()["category.other"]
        key = cat if cat not in G else cat + "#group"
        names = sorted(G.nodes[m]["label"] for m in members)
        merged: dict[str, dict] = {}
        for m in members:
            for nb in sorted(G.neighbors(m)):
                if nb in groups.get(cat, ()):
                    continue
                e = G.edges[m, nb]
                t = merged.setdefault(nb, {"relation": e["relation"], "count": 0, "evidence": [], "practices": []})
                t["count"] += e.get("count", 1)
                t["evidence"].extend(e.get("evidence") or [])
                t["practices"].append(G.nodes[m]["label"])
        G.remove_nodes_from(members)
        G.add_node(key, kind=PRACTICE, label=f"{label} ×{len(members)}", name=f"{label}: " + "、".join(names),
                   code=cat.rsplit("/", 1)[-1], category=first.get("category", ""), category_label=label,
                   members=names, facts=sum(t["count"] for t in merged.values()))
        for nb, t in sorted(merged.items()):
            t["evidence"] = sorted(set(t["evidence"]))
            t["practices"] = sorted(set(t["practices"]))
            G.add_edge(key, nb, **t)


def _count(G: nx.Graph, kind: str) -> int:
    return sum(1 for _, d in G.nodes(data=True) if d["kind"] == kind)


def graph_to_network(graph, *, focus: Optional[str] = None, limit: Optional[int] = None,
                     aggregate: bool = True) -> nx.Graph:
    """The RDF graph as a networkx graph ready to draw (see :func:`kg.network.graph.governance_network`).

    ``focus``: a region (code such as ``500114``, name or full name: with the
    regions inside it), a practice label, a practice category (``科技防控`` or
    its key), a node key or an IRI. Keeps those nodes, their neighbours and the
    parents of every region kept.

    ``limit``: when more nodes remain, aggregate step by step until they fit
    (``aggregate=False`` skips to the last step): documents fold into
    per-region counts, local practices into their regions' hover texts,
    practices into one node per category (unless they are few and folding
    them would not make the graph fit); then only the ``limit`` nodes
    touching the most facts stay (the focus first, ties by key).
    """
    G = graph if isinstance(graph, nx.Graph) else governance_network(graph)
    core: set[str] = set()
    if focus is not None:
        G, core = _focus(G, focus)
    G = nx.Graph(G)  # a copy: folding edits it
    if limit is not None and len(G) > limit:
        steps = (_fold_documents, _fold_local_practices, _fold_practices) if aggregate else ()
        for step in steps:
            if len(G) <= limit:
                break
            if step is _fold_practices and _count(G, PRACTICE) * 10 < limit and len(G) - limit > _count(G, PRACTICE):
                continue  # a handful of practices: folding them would lose detail and not make room
            step(G, core)
        if len(G) > limit:
            ranked = sorted(G.nodes, key=lambda n: (n not in core, -G.nodes[n].get("facts", 0), n))
            G = G.subgraph(ranked[:max(limit, 0)])
    # a fresh graph with sorted insertion order, so everything downstream is deterministic
    H = nx.Graph()
    H.add_nodes_from((n, dict(G.nodes[n])) for n in sorted(G.nodes))
    H.add_edges_from((a, b, dict(G.edges[a, b])) for a, b in sorted(tuple(sorted(e)) for e in G.edges))
    return H


def _inside(child: str, parent: str) -> bool:
    """GB/T 2260: a prefecture shares its province's first 2 digits, a county its prefecture's 4."""
    if not (child.isdigit() and parent.isdigit()):
        return True
    if parent.endswith("0000"):
        return child[:2] == parent[:2]
    if parent.endswith("00"):
        return child[:4] == parent[:4]
    return False
