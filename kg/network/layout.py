"""Positions for large graphs: deterministic, computed once, so the page draws at once with physics off.

The best-connected nodes (up to ``MAX_HUBS``) are placed by a force simulation
with a fixed seed; every other node goes on a small ring around its
best-connected placed neighbour; leftovers in a grid below.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

SEED = 42
MAX_HUBS = 1000  # nodes laid out by force simulation; the rest are placed around them


def _fruchterman_reingold(A, pos, iterations: int = 50):
    """Dense vectorised Fruchterman–Reingold (networkx's own is slow past 500 nodes)."""
    n = len(pos)
    k = (1.0 / n) ** 0.5
    t = 0.1 * max(float(np.ptp(pos[:, 0])), float(np.ptp(pos[:, 1])), 1e-3)
    dt = t / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.sqrt((delta ** 2).sum(axis=-1)), 0.01)
        disp = np.einsum("ijk,ij->ik", delta, k * k / dist ** 2 - A * dist / k)
        length = np.maximum(np.sqrt((disp ** 2).sum(axis=-1)), 0.01)
        pos = pos + disp * (t / length)[:, None]
        t -= dt
    return pos


def layout(G: nx.Graph) -> dict[str, tuple[float, float]]:
    """Deterministic positions in about [-1, 1]: the best-connected nodes (up to
    ``MAX_HUBS``) by force simulation with a fixed seed, every other node on a
    small ring around its best-connected placed neighbour, leftovers in a grid below."""
    order = sorted(G.nodes, key=lambda n: (-G.degree(n), n))
    hubs = sorted(n for n in order[:MAX_HUBS] if G.degree(n) > 1) or sorted(order[:MAX_HUBS])
    index = {n: i for i, n in enumerate(hubs)}
    A = np.zeros((len(hubs), len(hubs)))
    for a, b in G.subgraph(hubs).edges:
        A[index[a], index[b]] = A[index[b], index[a]] = 1.0
    rng = np.random.default_rng(SEED)
    xy = _fruchterman_reingold(A, rng.random((len(hubs), 2)))
    xy = xy - xy.mean(axis=0)
    xy = xy / max(float(np.abs(xy).max()), 1e-9)
    pos = {n: (float(xy[i, 0]), float(xy[i, 1])) for n, i in index.items()}
    # satellites: one ring per anchor, in key order
    rings: dict[str, list[str]] = {}
    loose = []
    for n in sorted(G.nodes):
        if n in pos:
            continue
        placed = [m for m in G.neighbors(n) if m in pos]
        if placed:
            rings.setdefault(min(placed, key=lambda m: (-G.degree(m), m)), []).append(n)
        else:
            loose.append(n)
    radius = 1.5 / len(G) ** 0.5
    for anchor, members in sorted(rings.items()):
        ax, ay = pos[anchor]
        for i, n in enumerate(members):
            r = radius * (1 + i // 24)
            angle = 2 * np.pi * ((i % 24) / min(len(members), 24) + 0.5 * (i // 24) / 24)
            pos[n] = (ax + r * float(np.cos(angle)), ay + r * float(np.sin(angle)))
    side = max(int(len(loose) ** 0.5), 1)
    for i, n in enumerate(loose):
        pos[n] = (-1 + 2 * (i % side) / side, -1.2 - 2 * (i // side) / side * 0.3)
    return pos
