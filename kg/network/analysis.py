"""Network analysis of a built graph: region × practice, alike regions, central bodies, communities.

Everything works on the network :func:`kg.network.graph.governance_network`
makes of the RDF graph (pass either). All outputs are sorted so the same
graph always gives the same answer.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Iterable, NamedTuple, Optional

import networkx as nx
import numpy as np

from kg.atomic import AtomicFile
from kg.network.graph import (CARRIES_OUT, JURISDICTION, KINDS, LOCAL_PRACTICE, ORGANIZATION, PRACTICE, REGION,
                              SUB_ORGANIZATION, governance_network)


def _net(graph_or_network) -> nx.Graph:
    """Accept a built network so callers (summary_text) convert the RDF once."""
    if isinstance(graph_or_network, nx.Graph):
        return graph_or_network
    return governance_network(graph_or_network)


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


def write_matrix_csv(graph, path, *, include_local: bool = True, bom: bool = False) -> Path:
    """The region × practice matrix as UTF-8 CSV: adcode, region, one column per practice.

    ``bom``: start with a byte-order mark, so Excel reads the Chinese as UTF-8.
    """
    G = _net(graph)
    regions, practices, matrix = region_practice_matrix(G, include_local=include_local)
    with AtomicFile(path) as out:
        if bom:
            out.file.write("\ufeff")
        w = csv.writer(out.file)
        w.writerow(["adcode", "region"] + [p.label for p in practices])
        for r, row in zip(regions, matrix):
            w.writerow([G.nodes[r.key]["code"], r.label] + row)
    return Path(path)


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
