"""The interactive HTML graph (pyvis / vis-network), readable offline.

``write_html`` draws a network (:func:`kg.network.viz.graph_to_network`, or
an RDF graph whole) as one self-contained UTF-8 page; its style and script
are ``static/page.css`` and ``static/page.js``:

- vis-network is embedded (``cdn_resources="in_line"``) and the bootstrap
  CSS/JS links pyvis adds anyway are removed: the page loads nothing.
- Hover texts are plain text with ``\\n`` breaks, HTML-escaped in the page; a
  small script turns them back into text-only DOM nodes for display, so
  article text can never become markup.
- Colour and shape by kind (practices by category), size by number of facts,
  a legend, a search box and a filter by kind (our own vanilla JS: pyvis's
  select/filter menus garble Chinese, pyvis issue #246).
- Every text of the page is in ``kg/data/ui_strings.json`` (``lang``: ``zh``, the
  bilingual default, or ``en``, with the graph's English labels:
  :mod:`kg.network.labels`); ``page.js`` names its texts ``KG_TEXT["key"]``,
  replaced by the string as a JSON literal.
- Same graph -> byte-identical page: sorted nodes and edges, fixed layout seed;
  above ``PHYSICS_LIMIT`` nodes, positions are computed beforehand
  (:mod:`kg.network.layout`) and physics is off so the page draws at once.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from kg.atomic import atomic_write
from kg.network.graph import (ABOUT, CARRIES_OUT, CONTAINED_IN, DOCUMENT, FORM_OF, JURISDICTION, LOCAL_PRACTICE,
                              ORGANIZATION, PRACTICE, REGION, SUB_ORGANIZATION)
from kg.network.labels import DATA_LANG, Vocabulary, in_language, ui_strings, vocabulary_labels
from kg.network.layout import SEED, layout
from kg.network.viz import graph_to_network

STATIC = Path(__file__).resolve().parent / "static"
PHYSICS_LIMIT = 300  # above this many nodes, precompute positions and turn physics off
MAX_EVIDENCE = 3  # evidence sentences shown in an edge's hover text
MAX_FIGURES = 8
LABEL_CHARS = {"en": 32}  # a node's label is cut to this many characters (Chinese: 24, documents 16)

# Display of each kind: (colour, vis shape); its text is "kind.<kind>" of the UI strings.
KIND_STYLE = {
    REGION: ("#4e79a7", "dot"),
    PRACTICE: ("#f28e2b", "diamond"),
    LOCAL_PRACTICE: ("#e15759", "star"),
    ORGANIZATION: ("#59a14f", "square"),
    DOCUMENT: ("#9c9c9c", "triangle"),
}
SHAPE_GLYPH = {"dot": "●", "diamond": "◆", "star": "★", "square": "■", "triangle": "▲"}
# Label size in the drawing: place names and practices stay readable when the whole graph is in view.
FONT_SIZE = {REGION: 22, PRACTICE: 20, LOCAL_PRACTICE: 14, ORGANIZATION: 14, DOCUMENT: 12}
LEVEL_FONT = {"province": 30, "prefecture": 26, "county": 22}
LEVELS = ("province", "prefecture", "county")  # their texts: "level.<level>"
# Higher levels are heavier and larger, so provinces anchor their prefectures and counties.
LEVEL_MASS = {"province": 6, "prefecture": 3, "county": 1.5}
LEVEL_SIZE = {"province": 14, "prefecture": 8, "county": 0}
CATEGORY_PALETTE = ("#f28e2b", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#76b7b2", "#bab0ac", "#d37295")
EDGE_STYLE = {  # relation: (colour, width, dashes); its text is "relation.<relation>"
    CARRIES_OUT: ("#f2b06b", 2, False),
    CONTAINED_IN: ("#4e79a7", 3, False),
    JURISDICTION: ("#59a14f", 1, False),
    SUB_ORGANIZATION: ("#59a14f", 2, True),
    FORM_OF: ("#e15759", 1, True),
    ABOUT: ("#c8c8c8", 1, True),
}


def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def _safe(text: str) -> str:
    """Escape for the page; 'href' is also broken up, because pyvis switches node
    tooltips to innerHTML when a title contains it."""
    return html.escape(text, quote=True).replace("href", "hre&#102;")


def _clip(text: str, n: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _node_title(d: dict, w: dict[str, str]) -> str:
    kind = d["kind"]
    sep = w["list.separator"]
    lines = [d.get("name") or d["label"]]
    if d.get("name") and d["name"] != d["label"]:
        lines.append(f"{w['hover.label']}: {d['label']}")
    if d.get("name_zh"):  # relabelled in another language: the name the articles use
        lines.append(f"{w['hover.chinese']}: {d['name_zh']}")
    if d.get("code"):
        lines.append(f"{w['hover.code']}: {d['code']}")
    kind_text = w[f"kind.{kind}"]
    if kind == REGION and d.get("level") in LEVELS:
        kind_text += " · " + w[f"level.{d['level']}"]
    if kind == PRACTICE and d.get("category_label"):
        kind_text += " · " + d["category_label"]
    if kind == ORGANIZATION and d.get("org_type"):
        kind_text += " · " + d["org_type"]
    lines.append(f"{w['hover.kind']}: {kind_text}")
    if kind == DOCUMENT:
        for key in ("date", "publisher"):
            if d.get(key):
                lines.append(f"{w['hover.' + key]}: {d[key]}")
    lines.append(f"{w['hover.facts']}: {d.get('facts', 0)}")
    if d.get("members"):
        lines.append(f"{w['hover.members']} ({len(d['members'])}): " + sep.join(d["members"]))
    if d.get("documents"):
        lines.append(f"{w['hover.documents']}: {d['documents']}")
    local = sorted(set(d.get("local_practices") or []))
    if local:
        lines.append(f"{w['hover.local_practices']} ({len(local)}): " + sep.join(local[:MAX_FIGURES])
                     + (" …" if len(local) > MAX_FIGURES else ""))
    figures = d.get("figures") or []
    for indicator, value, unit, period, doc in figures[:MAX_FIGURES]:
        lines.append(f"· {indicator} {value}{unit}" + (f" ({period})" if period else "") + (f" [{doc}]" if doc else ""))
    if len(figures) > MAX_FIGURES:
        lines.append(f"… +{len(figures) - MAX_FIGURES}")
    return "\n".join(_clip(line, 200) for line in lines)


def _edge_title(G: nx.Graph, a: str, b: str, e: dict, w: dict[str, str]) -> str:
    lines = [f"{G.nodes[a]['label']} — {G.nodes[b]['label']}", w[f"relation.{e['relation']}"]]
    if e.get("practices"):
        lines.append(w["list.separator"].join(e["practices"]))
    if e["relation"] == CARRIES_OUT:
        evidence = e.get("evidence") or []
        lines.append(f"{w['hover.evidence']}: {len(evidence) or e.get('count', 1)}")
        for doc, sentence, period in evidence[:MAX_EVIDENCE]:
            lines.append(f"[{doc}]" + (f" {period}" if period else ""))
            if sentence:
                lines.append(_clip(sentence, 240))
        if len(evidence) > MAX_EVIDENCE:
            lines.append(f"… +{len(evidence) - MAX_EVIDENCE}")
    return "\n".join(lines)


def _category_colours(G: nx.Graph, w: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
    """category key -> (label, colour), colours assigned in key order."""
    other = (w or ui_strings())["category.other"]
    cats = sorted({(d.get("category") or "", d.get("category_label") or "")
                   for _, d in G.nodes(data=True) if d["kind"] == PRACTICE})
    return {c: (label or other, category_colour(c)) for c, label in cats}


# The scheme's categories, in the order of ontology/practices.ttl: one colour each, in every view.
SCHEME_CATEGORIES = ("keji-fangkong", "jiceng-zhili", "maodun-jiufen-huajie", "zhuanxiang-xingdong",
                     "pingan-fazhi", "duiwu-jianshe")


def category_colour(key: str) -> str:
    """A category's colour, the same in every page and focus (not by its rank among the categories shown)."""
    name = key.rsplit("/", 1)[-1]
    if name in SCHEME_CATEGORIES:
        return CATEGORY_PALETTE[SCHEME_CATEGORIES.index(name)]
    import zlib

    spare = CATEGORY_PALETTE[len(SCHEME_CATEGORIES):] or CATEGORY_PALETTE
    return spare[zlib.crc32(name.encode("utf-8")) % len(spare)]


def _vis_data(G: nx.Graph, w: dict[str, str], label_chars: int = 24) -> tuple[list[dict], list[dict], bool]:
    big = len(G) > PHYSICS_LIMIT
    pos = {}
    if big:
        pos = layout(G)
        scale = 60 * len(G) ** 0.5
    cat_colour = _category_colours(G, w)
    nodes = []
    for n in sorted(G.nodes):
        d = G.nodes[n]
        kind = d["kind"]
        colour, shape = KIND_STYLE[kind]
        if kind == PRACTICE:
            colour = cat_colour[d.get("category") or ""][1]
        facts = int(d.get("facts", 0))
        size = 10 + 4 * facts ** 0.5 + (LEVEL_SIZE.get(d.get("level", ""), 0) if kind == REGION else 0)
        node = {
            "id": n, "label": _safe(_clip(d["name"] if kind == DOCUMENT else d["label"], 16 if kind == DOCUMENT else label_chars)),
            "title": _safe(_node_title(d, w)),
            "kind": kind, "color": colour, "shape": shape, "size": round(min(size, 60), 2),
            "mass": LEVEL_MASS.get(d.get("level", ""), 1) if kind == REGION else 1,
            "search": _safe(" ".join(str(d.get(k, "")) for k in ("label", "name", "code"))
                            + (" " + d["name_zh"] if d.get("name_zh") else "")),
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
        colour, width, dashes = EDGE_STYLE[e["relation"]]
        count = int(e.get("count", 1))
        edge = {"from": a, "to": b, "title": _safe(_edge_title(G, a, b, e, w)), "relation": e["relation"],
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


def _header(title: str, G: nx.Graph, w: dict[str, str]) -> str:
    kinds = [k for k in KIND_STYLE if any(d["kind"] == k for _, d in G.nodes(data=True))]
    boxes = "".join(
        f'<label><input type="checkbox" data-kind="{k}" checked> {html.escape(w[f"kind.{k}"])}</label>'
        for k in kinds)
    counts = w["header.counts"].format(nodes=len(G), edges=G.number_of_edges())
    return (
        '<div id="kg-header">'
        f"<h1>{_safe(title)}</h1>"
        '<div id="kg-controls">'
        f'<input id="kg-search" type="search" placeholder="{html.escape(w["header.search_placeholder"])}" size="28">'
        f'<button id="kg-search-go" type="button">{html.escape(w["header.search_button"])}</button>'
        '<span id="kg-count"></span>'
        f"<span>{html.escape(w['header.show'])}</span>{boxes}"
        f"<span>{html.escape(counts)}</span>"
        "</div></div>"
    )


def _legend(G: nx.Graph, w: dict[str, str]) -> str:
    rows = []
    present = {d["kind"] for _, d in G.nodes(data=True)}
    for kind, (colour, shape) in KIND_STYLE.items():
        if kind not in present:
            continue
        text = w[f"kind.{kind}"]
        if kind == PRACTICE:
            for _, (label, c) in _category_colours(G, w).items():
                rows.append(f'<div><span class="sy" style="color:{c}">{SHAPE_GLYPH[shape]}</span>'
                            f"{html.escape(text)} · {_safe(label)}</div>")
            continue
        rows.append(f'<div><span class="sy" style="color:{colour}">{SHAPE_GLYPH[shape]}</span>'
                    f"{html.escape(text)}</div>")
    relations = {e["relation"] for *_, e in G.edges(data=True)}
    for rel, (colour, width, dashes) in EDGE_STYLE.items():
        if rel in relations:
            style = "dashed" if dashes else "solid"
            rows.append(f'<div><span class="ln" style="border-top:3px {style} {colour}"></span>'
                        f'{html.escape(w[f"relation.{rel}"])}</div>')
    rows.append(f"<div>{html.escape(w['legend.size'])}</div>")
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


_TEXT_IN_SCRIPT = re.compile(r'KG_TEXT\["([\w.]+)"\]')


def _script(w: dict[str, str]) -> str:
    """page.js with each ``KG_TEXT["key"]`` replaced by its text as a JSON (ASCII) string literal."""
    return _TEXT_IN_SCRIPT.sub(lambda m: json.dumps(w[m.group(1)]), _static("page.js"))


def render_html(graph_or_network, *, title: str | None = None, lang: str = DATA_LANG,
                vocabulary: Vocabulary | None = None) -> str:
    """The page as a string (see ``write_html``)."""
    w = ui_strings(lang)
    G = graph_to_network(graph_or_network)
    if lang != DATA_LANG:
        if vocabulary is None and not isinstance(graph_or_network, nx.Graph):
            vocabulary = vocabulary_labels(graph_or_network, lang)
        G = in_language(G, lang, vocabulary)
    title = w["page.title"] if title is None else title
    nodes, edges, big = _vis_data(G, w, LABEL_CHARS.get(lang, 24))
    net = Network(height="85vh", width="100%", directed=False, cdn_resources="in_line", heading="")
    # Fill pyvis's lists directly: add_node checks a list for duplicates (quadratic).
    net.nodes, net.node_ids, net.edges = nodes, [n["id"] for n in nodes], edges
    net.options = _options(big)
    # Chinese stays readable in the page; jinja's tojson still escapes < > & ' as \u003c …
    net.templateEnv.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    page = net.generate_html()
    page = _EXTERNAL_TAG.sub("", page)
    page = re.sub(r"<center>\s*<h1></h1>\s*</center>", "", page)  # pyvis prints the heading twice
    page = _inject(page, "<head>", f"<head>\n<title>{_safe(title)}</title>\n<style>\n{_static('page.css')}</style>")
    page = _inject(page, '<div class="card" style="width: 100%">',
                   _header(title, G, w) + '\n<div class="card" style="width: 100%;position:relative">' + _legend(G, w))
    physics = "true" if net.options["physics"]["enabled"] else "false"
    page = _inject(page, "</body>", f"<script>var kgPhysics = {physics};\n\n{_script(w)}</script>\n</body>")
    leftover = external_references(page)
    if leftover:  # a pyvis upgrade changed the template: fail loudly rather than ship a page that phones out
        raise RuntimeError(f"page still references external resources: {leftover}")
    return page


def write_html(graph_or_network, path, *, title: str | None = None, lang: str = DATA_LANG,
               vocabulary: Vocabulary | None = None) -> Path:
    """Write the interactive graph as one offline UTF-8 HTML page; returns the path.

    ``graph_or_network``: an rdflib Graph, or a network from ``graph_to_network``
    (use that to draw a focused or limited view). ``title``: default "page.title"
    of the UI strings. ``lang``: ``zh`` (names as the articles write them, bilingual
    texts) or ``en``: English texts, regions romanised, practices, categories and
    organization types by their ``skos:prefLabel@en`` (``vocabulary``: from
    :func:`kg.network.labels.vocabulary_labels` of the graph; found by itself when
    given the graph rather than a network), Chinese where there is none.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, [render_html(graph_or_network, title=title, lang=lang, vocabulary=vocabulary)])
    return path
