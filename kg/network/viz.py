"""The interactive HTML graph (pyvis / vis-network), readable offline.

``graph_to_network`` turns the RDF graph into a networkx graph (the same one
``kg.analysis`` works on), optionally cut down around a region or to the most
connected nodes; ``write_html`` draws it as one self-contained UTF-8 page:

- vis-network is embedded (``cdn_resources="in_line"``) and the bootstrap
  CSS/JS links pyvis adds anyway are removed: the page loads nothing.
- Hover texts are plain text with ``\\n`` breaks, HTML-escaped in the page; a
  small script turns them back into text-only DOM nodes for display, so
  article text can never become markup.
- Colour and shape by kind (practices by category), size by number of facts,
  a legend, a search box and a filter by kind (our own vanilla JS: pyvis's
  select/filter menus garble Chinese, pyvis issue #246).
- Same graph -> byte-identical page: sorted nodes and edges, fixed layout seed;
  above ``PHYSICS_LIMIT`` nodes, positions are computed here (spring layout,
  fixed seed) and physics is off so the page draws at once.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Optional

import networkx as nx

from kg.network.analysis import (
    ABOUT, CARRIES_OUT, CONTAINED_IN, DOCUMENT, FORM_OF, JURISDICTION, LOCAL_PRACTICE,
    ORGANIZATION, PRACTICE, REGION, SUB_ORGANIZATION, governance_network, node_key,
)
from kg.atomic import atomic_write

PHYSICS_LIMIT = 300  # above this many nodes, precompute positions and turn physics off
SEED = 42
MAX_EVIDENCE = 3  # evidence sentences shown in an edge's hover text
MAX_FIGURES = 8

# Display of each kind: (legend text, colour, vis shape). UI labels, not data.
KIND_STYLE = {
    REGION: ("地区 region", "#4e79a7", "dot"),
    PRACTICE: ("工作实践 practice", "#f28e2b", "diamond"),
    LOCAL_PRACTICE: ("地方品牌 local practice", "#e15759", "star"),
    ORGANIZATION: ("机构 organization", "#59a14f", "square"),
    DOCUMENT: ("文章 document", "#9c9c9c", "triangle"),
}
SHAPE_GLYPH = {"dot": "●", "diamond": "◆", "star": "★", "square": "■", "triangle": "▲"}
# Label size in the drawing: place names and practices stay readable when the whole graph is in view.
FONT_SIZE = {REGION: 22, PRACTICE: 20, LOCAL_PRACTICE: 14, ORGANIZATION: 14, DOCUMENT: 12}
LEVEL_FONT = {"province": 30, "prefecture": 26, "county": 22}
LEVEL_TEXT = {"province": "省级 province", "prefecture": "地级 prefecture", "county": "县级 county"}
# Higher levels are heavier and larger, so provinces anchor their prefectures and counties.
LEVEL_MASS = {"province": 6, "prefecture": 3, "county": 1.5}
LEVEL_SIZE = {"province": 14, "prefecture": 8, "county": 0}
CATEGORY_PALETTE = ("#f28e2b", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#76b7b2", "#bab0ac", "#d37295")
EDGE_STYLE = {  # relation: (colour, width, dashes, text)
    CARRIES_OUT: ("#f2b06b", 2, False, "开展 carries out"),
    CONTAINED_IN: ("#4e79a7", 3, False, "隶属 part of"),
    JURISDICTION: ("#59a14f", 1, False, "辖区 jurisdiction"),
    SUB_ORGANIZATION: ("#59a14f", 2, True, "下级机构 sub-organization"),
    FORM_OF: ("#e15759", 1, True, "属于 form of"),
    ABOUT: ("#c8c8c8", 1, True, "报道 about"),
}


# --------------------------------------------------------------------------
# RDF -> networkx
# --------------------------------------------------------------------------

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
        label = first.get("category_label") or "其他 other"
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
    """The RDF graph as a networkx graph ready to draw (see ``kg.analysis.governance_network``).

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


# --------------------------------------------------------------------------
# Hover texts
# --------------------------------------------------------------------------

def _safe(text: str) -> str:
    """Escape for the page; 'href' is also broken up, because pyvis switches node
    tooltips to innerHTML when a title contains it."""
    return html.escape(text, quote=True).replace("href", "hre&#102;")


def _clip(text: str, n: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _node_title(d: dict) -> str:
    kind = d["kind"]
    lines = [d.get("name") or d["label"]]
    if d.get("name") and d["name"] != d["label"]:
        lines.append(f"简称 label: {d['label']}")
    if d.get("code"):
        lines.append(f"代码 code: {d['code']}")
    kind_text = KIND_STYLE[kind][0]
    if kind == REGION and d.get("level") in LEVEL_TEXT:
        kind_text += " · " + LEVEL_TEXT[d["level"]]
    if kind == PRACTICE and d.get("category_label"):
        kind_text += " · " + d["category_label"]
    if kind == ORGANIZATION and d.get("org_type"):
        kind_text += " · " + d["org_type"]
    lines.append(f"类型 kind: {kind_text}")
    if kind == DOCUMENT:
        for key, text in (("date", "日期 date"), ("publisher", "来源 publisher")):
            if d.get(key):
                lines.append(f"{text}: {d[key]}")
    lines.append(f"事实 facts: {d.get('facts', 0)}")
    if d.get("members"):
        lines.append(f"包含 practices ({len(d['members'])}): " + "、".join(d["members"]))
    if d.get("documents"):
        lines.append(f"文章 documents: {d['documents']}")
    local = sorted(set(d.get("local_practices") or []))
    if local:
        lines.append(f"地方品牌 local practices ({len(local)}): " + "、".join(local[:MAX_FIGURES])
                     + (" …" if len(local) > MAX_FIGURES else ""))
    figures = d.get("figures") or []
    for indicator, value, unit, period, doc in figures[:MAX_FIGURES]:
        lines.append(f"· {indicator} {value}{unit}" + (f" ({period})" if period else "") + (f" [{doc}]" if doc else ""))
    if len(figures) > MAX_FIGURES:
        lines.append(f"… +{len(figures) - MAX_FIGURES}")
    return "\n".join(_clip(line, 200) for line in lines)


def _edge_title(G: nx.Graph, a: str, b: str, e: dict) -> str:
    lines = [f"{G.nodes[a]['label']} — {G.nodes[b]['label']}", EDGE_STYLE[e["relation"]][3]]
    if e.get("practices"):
        lines.append("、".join(e["practices"]))
    if e["relation"] == CARRIES_OUT:
        evidence = e.get("evidence") or []
        lines.append(f"证据 evidence: {len(evidence) or e.get('count', 1)}")
        for doc, sentence, period in evidence[:MAX_EVIDENCE]:
            lines.append(f"[{doc}]" + (f" {period}" if period else ""))
            if sentence:
                lines.append(_clip(sentence, 240))
        if len(evidence) > MAX_EVIDENCE:
            lines.append(f"… +{len(evidence) - MAX_EVIDENCE}")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Positions for large graphs
# --------------------------------------------------------------------------

MAX_HUBS = 1000  # nodes laid out by force simulation; the rest are placed around them


def _fruchterman_reingold(A, pos, iterations: int = 50):
    """Dense vectorised Fruchterman–Reingold (networkx's own is slow past 500 nodes)."""
    import numpy as np

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
    import numpy as np

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


# --------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------

def _category_colours(G: nx.Graph) -> dict[str, tuple[str, str]]:
    """category key -> (label, colour), colours assigned in key order."""
    cats = sorted({(d.get("category") or "", d.get("category_label") or "")
                   for _, d in G.nodes(data=True) if d["kind"] == PRACTICE})
    return {c: (label or "其他 other", CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)]) for i, (c, label) in enumerate(cats)}


def _vis_data(G: nx.Graph) -> tuple[list[dict], list[dict], bool]:
    big = len(G) > PHYSICS_LIMIT
    pos = {}
    if big:
        pos = layout(G)
        scale = 60 * len(G) ** 0.5
    cat_colour = _category_colours(G)
    nodes = []
    for n in sorted(G.nodes):
        d = G.nodes[n]
        kind = d["kind"]
        _, colour, shape = KIND_STYLE[kind]
        if kind == PRACTICE:
            colour = cat_colour[d.get("category") or ""][1]
        facts = int(d.get("facts", 0))
        size = 10 + 4 * facts ** 0.5 + (LEVEL_SIZE.get(d.get("level", ""), 0) if kind == REGION else 0)
        node = {
            "id": n, "label": _safe(_clip(d["name"] if kind == DOCUMENT else d["label"], 16 if kind == DOCUMENT else 24)),
            "title": _safe(_node_title(d)),
            "kind": kind, "color": colour, "shape": shape, "size": round(min(size, 60), 2),
            "mass": LEVEL_MASS.get(d.get("level", ""), 1) if kind == REGION else 1,
            "search": _safe(" ".join(str(d.get(k, "")) for k in ("label", "name", "code"))),
        }
        node["font"] = {"size": LEVEL_FONT.get(d.get("level", ""), FONT_SIZE[kind]) if kind == REGION
                        else FONT_SIZE[kind] + (4 if d.get("members") else 0)}
        if kind == REGION:
            node["level"] = d.get("level", "")
        if kind == PRACTICE:
            node["category"] = d.get("category", "")
        if big:
            x, y = pos[n]
            node["x"], node["y"] = round(float(x) * scale, 1), round(float(y) * scale, 1)
        nodes.append(node)
    edges = []
    for a, b in sorted(tuple(sorted(e)) for e in G.edges):
        e = G.edges[a, b]
        colour, width, dashes, _ = EDGE_STYLE[e["relation"]]
        count = int(e.get("count", 1))
        edge = {"from": a, "to": b, "title": _safe(_edge_title(G, a, b, e)), "relation": e["relation"],
                "color": colour, "width": round(width + (count - 1) ** 0.5, 2) if count > 1 else width,
                "dashes": dashes}
        if e["relation"] == CONTAINED_IN:
            edge["length"] = 60  # keep a region close to its parent
        edges.append(edge)
    return nodes, edges, big


def _options(big: bool) -> dict:
    physics = {"enabled": not big, "solver": "forceAtlas2Based",
               "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "avoidOverlap": 0.2},
               "stabilization": {"enabled": True, "iterations": 200}}
    return {
        "layout": {"randomSeed": SEED, "improvedLayout": not big},
        "physics": physics,
        "edges": {"smooth": False},
        "nodes": {"font": {"size": 14, "face": "sans-serif"}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big},
    }


_CSS = """
#kg-header{font-family:sans-serif;padding:6px 10px;border-bottom:1px solid #ddd}
#kg-header h1{font-size:20px;margin:4px 0}
#kg-controls{display:flex;flex-wrap:wrap;gap:10px;align-items:center;font-size:14px}
#kg-controls label{white-space:nowrap}
#kg-legend{position:absolute;top:8px;left:8px;z-index:10;background:rgba(255,255,255,.9);
  border:1px solid #ccc;border-radius:4px;padding:6px 8px;font:12px sans-serif;line-height:1.6}
#kg-legend .sy{display:inline-block;width:16px;text-align:center;margin-right:4px;font-size:15px}
#kg-legend .sw{display:inline-block;width:11px;height:11px;margin-right:5px;vertical-align:middle;border:1px solid #666}
#kg-legend .ln{display:inline-block;width:18px;height:0;margin-right:5px;vertical-align:middle;border-top-width:3px}
#kg-count{color:#666}
div.vis-tooltip{white-space:pre-wrap !important;max-width:36em;font-family:sans-serif !important}
"""

# Runs after pyvis's drawGraph(): works on its global `nodes`/`edges` DataSets and `network`.
_JS = r"""
(function () {
  // Hover texts arrive HTML-escaped; show them as text-only DOM nodes (never parsed as HTML).
  function unescapeText(s) {
    return s.replace(/&#(\d+);/g, function (_, n) { return String.fromCharCode(+n); })
            .replace(/&#x([0-9a-fA-F]+);/g, function (_, n) { return String.fromCharCode(parseInt(n, 16)); })
            .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  }
  function textTitle(s) {
    var div = document.createElement("div");
    div.style.whiteSpace = "pre-wrap";
    div.textContent = unescapeText(s);
    return div;
  }
  function fix(ds) {
    var upd = [];
    ds.forEach(function (item) {
      var u = {id: item.id};
      if (typeof item.title === "string") { u.title = textTitle(item.title); }
      if (typeof item.label === "string") { u.label = unescapeText(item.label); }
      upd.push(u);
    });
    ds.update(upd);
  }
  fix(nodes);
  fix(edges);

  var hiddenKinds = {};
  function applyFilter() {
    var upd = [];
    nodes.forEach(function (n) { upd.push({id: n.id, hidden: !!hiddenKinds[n.kind]}); });
    nodes.update(upd);
  }
  document.querySelectorAll("#kg-controls input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      hiddenKinds[box.getAttribute("data-kind")] = !box.checked;
      applyFilter();
    });
  });

  var input = document.getElementById("kg-search");
  var count = document.getElementById("kg-count");
  function search() {
    var q = input.value.trim().toLowerCase();
    if (!q) { network.unselectAll(); count.textContent = ""; return; }
    var found = [];
    nodes.forEach(function (n) {
      if (!n.hidden && unescapeText(n.search || "").toLowerCase().indexOf(q) >= 0) { found.push(n.id); }
    });
    count.textContent = found.length + " \u4e2a / found";
    if (found.length) {
      network.selectNodes(found);
      if (found.length === 1) { network.focus(found[0], {scale: 1.2, animation: true}); }
      else { network.fit({nodes: found, animation: true}); }
    } else { network.unselectAll(); }
  }
  input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { search(); } });
  document.getElementById("kg-search-go").addEventListener("click", search);

  // Progress on <body data-kg-state=...> for tests and benchmarks: "drawing",
  // then "settled" with the node count on the canvas and the time since navigation.
  function mark(state) {
    var drawn = -1;
    try { drawn = network.body.nodeIndices.length; } catch (e) { /* vis internals moved */ }
    document.body.setAttribute("data-kg-nodes", String(nodes.length));
    document.body.setAttribute("data-kg-drawn", String(drawn));
    document.body.setAttribute("data-kg-ms", String(Math.round(performance.now())));
    document.body.setAttribute("data-kg-state", state);
  }
  mark("drawing");
  function settled() { network.once("afterDrawing", function () { mark("settled"); }); network.redraw(); }
  if (window.kgPhysics) {
    // Freeze once the layout has stabilised: the page stops computing, and dragging moves one node, not all.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      settled();
    });
  } else {
    settled();
  }
})();
"""


def _header(title: str, G: nx.Graph) -> str:
    kinds = [k for k in KIND_STYLE if any(d["kind"] == k for _, d in G.nodes(data=True))]
    boxes = "".join(
        f'<label><input type="checkbox" data-kind="{k}" checked> {html.escape(KIND_STYLE[k][0])}</label>'
        for k in kinds)
    return (
        '<div id="kg-header">'
        f"<h1>{_safe(title)}</h1>"
        '<div id="kg-controls">'
        '<input id="kg-search" type="search" placeholder="查找名称或代码 find name or code" size="28">'
        '<button id="kg-search-go" type="button">查找 find</button><span id="kg-count"></span>'
        f"<span>显示 show:</span>{boxes}"
        f"<span>{len(G)} nodes, {G.number_of_edges()} edges</span>"
        "</div></div>"
    )


def _legend(G: nx.Graph) -> str:
    rows = []
    present = {d["kind"] for _, d in G.nodes(data=True)}
    for kind, (text, colour, shape) in KIND_STYLE.items():
        if kind not in present:
            continue
        if kind == PRACTICE:
            for _, (label, c) in _category_colours(G).items():
                rows.append(f'<div><span class="sy" style="color:{c}">{SHAPE_GLYPH[shape]}</span>'
                            f"{html.escape(text)} · {_safe(label)}</div>")
            continue
        rows.append(f'<div><span class="sy" style="color:{colour}">{SHAPE_GLYPH[shape]}</span>'
                    f"{html.escape(text)}</div>")
    relations = {e["relation"] for *_, e in G.edges(data=True)}
    for rel, (colour, width, dashes, text) in EDGE_STYLE.items():
        if rel in relations:
            style = "dashed" if dashes else "solid"
            rows.append(f'<div><span class="ln" style="border-top:3px {style} {colour}"></span>{html.escape(text)}</div>')
    rows.append("<div>大小 size = 事实数 facts</div>")
    return '<div id="kg-legend">' + "".join(rows) + "</div>"


_EXTERNAL_TAG = re.compile(r"<(link|script)\b[^>]*\b(?:href|src)\s*=\s*[\"']?(?:https?:)?//[^>]*>(?:\s*</script>)?",
                           re.IGNORECASE)
_EXTERNAL_REF = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']?|url\(\s*["']?|@import\s+["'])(?:https?:)?//""",
                           re.IGNORECASE)


def external_references(page: str) -> list[str]:
    """Attribute or CSS references to another host (empty for a page that works offline)."""
    return sorted({m.group(0) for m in _EXTERNAL_REF.finditer(page)})


def _inject(page: str, marker: str, text: str) -> str:
    if marker not in page:  # pyvis's template changed (written against pyvis 0.3.2)
        raise RuntimeError(f"pyvis template has no {marker!r}")
    return page.replace(marker, text, 1)


def render_html(graph_or_network, *, title: str = "政法工作知识图谱") -> str:
    """The page as a string (see ``write_html``)."""
    from pyvis.network import Network  # imported here: pyvis pulls in IPython

    G = graph_to_network(graph_or_network)
    nodes, edges, big = _vis_data(G)
    net = Network(height="85vh", width="100%", directed=False, cdn_resources="in_line", heading="")
    # Fill pyvis's lists directly: add_node checks a list for duplicates (quadratic).
    net.nodes, net.node_ids, net.edges = nodes, [n["id"] for n in nodes], edges
    net.options = _options(big)
    # Chinese stays readable in the page; jinja's tojson still escapes < > & ' as \u003c …
    net.templateEnv.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    page = net.generate_html()
    page = _EXTERNAL_TAG.sub("", page)
    page = re.sub(r"<center>\s*<h1></h1>\s*</center>", "", page)  # pyvis prints the heading twice
    page = _inject(page, "<head>", f"<head>\n<title>{_safe(title)}</title>\n<style>{_CSS}</style>")
    page = _inject(page, '<div class="card" style="width: 100%">',
                   _header(title, G) + '\n<div class="card" style="width: 100%;position:relative">' + _legend(G))
    physics = "true" if net.options["physics"]["enabled"] else "false"
    page = _inject(page, "</body>", f"<script>var kgPhysics = {physics};\n{_JS}</script>\n</body>")
    leftover = external_references(page)
    if leftover:  # a pyvis upgrade changed the template: fail loudly rather than ship a page that phones out
        raise RuntimeError(f"page still references external resources: {leftover}")
    return page


def write_html(graph_or_network, path, *, title: str = "政法工作知识图谱") -> Path:
    """Write the interactive graph as one offline UTF-8 HTML page; returns the path.

    ``graph_or_network``: an rdflib Graph, or a network from ``graph_to_network``
    (use that to draw a focused or limited view).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, [render_html(graph_or_network, title=title)])
    return path
