"""The interactive HTML page: offline, UTF-8, evidence on hover, hostile text inert."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import Graph

from kg.network import labels, page as html_page, viz
from kg.cli import main
from test_analysis import (  # the seed-shaped graph builder
    KGR, QIANJIANG_DOC, XUELIANG_SENTENCE, add_adoption, add_document, add_local_practice, seed_graph,
)

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def graph() -> Graph:
    return seed_graph()


@pytest.fixture(scope="module")
def page(graph, tmp_path_factory) -> str:
    path = html_page.write_html(graph, tmp_path_factory.mktemp("viz") / "graph.html", title="政法工作知识图谱")
    return path.read_bytes().decode("utf-8")  # fails if not UTF-8


def vis_data(page: str, what: str) -> list[dict]:
    """The JSON pyvis hands to vis.DataSet for 'nodes' or 'edges'."""
    m = re.search(what + r" = new vis\.DataSet\((\[.*?\])\);\n", page)
    return json.loads(m.group(1))


def test_page_references_nothing_external(page):
    assert html_page.external_references(page) == []
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.IGNORECASE)
    assert "bootstrap" not in page
    assert "vis.Network" in page  # vis-network is embedded, not linked


def test_chinese_labels_and_evidence_in_edge_title(page):
    nodes = {n["id"]: n for n in vis_data(page, "nodes")}
    assert nodes["region/500114"]["label"] == "黔江区"
    assert nodes["region/500114"]["title"].startswith("重庆市黔江区\n简称 label: 黔江区\n代码 code: 500114\n")
    assert "网格员 1844名 (2023)" in nodes["region/500114"]["title"]
    assert nodes["local-practice/687cafac707a010b"]["label"] == "天理良心"
    # practices are coloured by category
    assert nodes["practice/xueliang-gongcheng"]["color"] != nodes["practice/fengqiao-jingyan"]["color"]
    edges = {(e["from"], e["to"]): e for e in vis_data(page, "edges")}
    title = edges[("practice/xueliang-gongcheng", "region/500114")]["title"]
    assert f"[{QIANJIANG_DOC}]\n{XUELIANG_SENTENCE}" in title
    assert "黔江区人民法院" in page and "科技防控" in page  # organization, legend category


def test_search_filter_and_legend_are_in_the_page(page):
    assert 'id="kg-search"' in page and 'data-kind="organization"' in page
    assert 'id="kg-legend"' in page
    assert "select-node" not in page  # pyvis's own menus (garble Chinese) are off


def test_same_graph_same_bytes(page, graph):
    assert html_page.render_html(seed_graph(), title="政法工作知识图谱") == page


def test_hostile_article_text_is_escaped():
    g = seed_graph()
    add_document(g, "evil.txt", HOSTILE, "500114")
    lp = add_local_practice(g, HOSTILE)
    add_adoption(g, "500114", lp, "evil.txt", f"文章写道{HOSTILE} href=javascript:alert(1)")
    page = html_page.render_html(g, title=HOSTILE)
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x onerror=alert(1)>" not in page
    assert '"><img' not in page
    assert html_page.external_references(page) == []
    # the text is still there, escaped, for the page script to show as plain text
    edges = vis_data(page, "edges")
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in e["title"] for e in edges)
    # pyvis would switch tooltips to innerHTML if a node title contained "href"
    assert all("href" not in n["title"] for n in vis_data(page, "nodes"))


def test_focus_keeps_the_region_and_its_neighbourhood(graph):
    G = viz.graph_to_network(graph, focus="500114")
    assert {"region/500114", "region/500000", "practice/xueliang-gongcheng",
            f"doc/{QIANJIANG_DOC}"} <= set(G)
    assert "region/620700" not in G
    # a province brings its counties along
    hunan = viz.graph_to_network(graph, focus="湖南省")
    assert {"region/430800", "region/430811", "practice/zongzhi-zhongxin"} <= set(hunan)
    with pytest.raises(ValueError):
        viz.graph_to_network(graph, focus="999999")


def test_focus_on_a_practice_or_a_category(graph):
    xueliang = viz.graph_to_network(graph, focus="雪亮工程")
    assert {"region/500114", "region/430811", "region/620700", "region/511902"} <= set(xueliang)
    # parents come along, so the hierarchy stays visible
    assert {"region/500000", "region/430800", "region/430000"} <= set(xueliang)
    by_category = viz.graph_to_network(graph, focus="科技防控")  # 雪亮工程's category
    assert "practice/xueliang-gongcheng" in by_category and "region/620700" in by_category


def test_limit_folds_documents_then_local_practices_then_practices(graph):
    G = viz.graph_to_network(graph)
    assert any(d["kind"] == "document" for _, d in G.nodes(data=True))
    # documents fold first: the region counts the articles about it
    G = viz.graph_to_network(graph, limit=len(G) - 1)
    assert not any(d["kind"] == "document" for _, d in G.nodes(data=True))
    assert G.nodes["region/500114"]["documents"] == 1
    # then local practices, listed on their region
    G = viz.graph_to_network(graph, limit=len(G) - 1)
    assert not any(d["kind"] == "local_practice" for _, d in G.nodes(data=True))
    assert G.nodes["region/500114"]["local_practices"] == ["天理良心"]
    # then practices, one node per category, edges merged with their evidence
    G = viz.graph_to_network(graph, limit=len(G) - 1)
    assert "practice/xueliang-gongcheng" not in G
    keji = G.nodes["practice-category/keji-fangkong"]
    assert keji["kind"] == "practice" and "雪亮工程" in keji["members"]
    edge = G.edges["practice-category/keji-fangkong", "region/500114"]
    assert any(sentence == XUELIANG_SENTENCE for _, sentence, _ in edge["evidence"])
    page = html_page.render_html(G)
    assert "科技防控 ×" in page and "包含 practices" in page


def test_limit_finally_keeps_the_busiest_nodes(graph):
    G = viz.graph_to_network(graph, limit=5, aggregate=False)
    assert len(G) == 5 and "region/500114" in G and "practice/xueliang-gongcheng" in G
    # the focus is kept before anything busier
    G = viz.graph_to_network(graph, focus="张掖市", limit=3)
    assert "region/620700" in G and len(G) == 3


def test_page_reports_when_it_has_settled(page):
    # the page script marks <body data-kg-state="settled"> once drawn (tests/test_browser.py waits for it)
    assert 'setAttribute("data-kg-state", state)' in page
    assert "var kgPhysics = true;" in page  # a small graph settles by physics, then freezes


def test_large_graph_has_fixed_positions_and_no_physics():
    g = Graph()
    for i in range(400):
        add_document(g, f"doc{i:03d}.txt", f"第{i}篇", f"{500101 + i}")
    g.parse(data="@prefix kg: <https://w3id.org/cngov-kg/ontology#> .\n" + "".join(
        f"<{KGR}region/{500101 + i}> a kg:Region, kg:County ; kg:adcode \"{500101 + i}\" .\n" for i in range(400)),
        format="turtle")
    page = html_page.render_html(g)
    nodes = vis_data(page, "nodes")
    assert len(nodes) == 800 and all("x" in n and "y" in n for n in nodes)
    assert '"physics": {"enabled": false' in page
    assert page == html_page.render_html(g)


def test_kg_viz_writes_a_focused_page(seeds_out, tmp_path, capsys):
    page = tmp_path / "zhangye.html"
    assert main(["viz", str(seeds_out), "-o", str(page), "--focus", "张掖市", "--limit", "100"]) == 0
    assert "nodes" in capsys.readouterr().out
    nodes = {n["id"]: n for n in vis_data(page.read_text(encoding="utf-8"), "nodes")}
    assert {"region/620700", "region/620702", "region/620000"} <= set(nodes)  # the city, a county, the province
    assert "region/500114" not in nodes  # 黔江区 is elsewhere
    assert main(["viz", str(tmp_path / "out"), "-o", str(page), "--focus", "没有这个地方"]) == 2


# ---------------------------------------------------------------- --lang en

HAN = re.compile(r"[\u3400-\u9fff]")


def page_parts(page: str) -> tuple[str, str]:
    """The page's own header and legend HTML, and its own script (not vis-network's)."""
    chrome = re.search(r'<div id="kg-header">.*?<div id="mynetwork"', page, re.S).group(0)
    script = page[page.index("var kgPhysics"):]
    return chrome, script


def english_only_texts() -> list[str]:
    zh, en = labels.ui_strings("zh"), labels.ui_strings("en")
    return [en[k] for k in en if en[k].strip() and all(en[k] not in text for text in zh.values())]


@pytest.fixture(scope="module")
def english_page(seeds_out, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("viz-en") / "graph.html"
    assert main(["viz", str(seeds_out), "-o", str(out), "--lang", "en"]) == 0
    return out.read_text(encoding="utf-8")


def test_every_text_of_the_page_is_in_the_strings_file_in_both_languages():
    zh, en = labels.ui_strings("zh"), labels.ui_strings("en")
    assert set(zh) == set(en) and zh["kind.region"] == "地区 region" and en["kind.region"] == "region"
    assert not [text for text in en.values() if HAN.search(text)]
    script = (html_page.STATIC / "page.js").read_text(encoding="utf-8")
    assert not HAN.search(script) and "\\u" not in script  # the search count comes from the file too
    with pytest.raises(ValueError, match="language must be one of zh, en"):
        labels.ui_strings("fr")


def test_default_page_has_no_english_only_text(page, seeds_out, tmp_path):
    out = tmp_path / "zh.html"
    assert main(["viz", str(seeds_out), "-o", str(out)]) == 0
    for text in (page, out.read_text(encoding="utf-8")):
        chrome, script = page_parts(text)
        assert "查找名称或代码 find name or code" in chrome and '" \\u4e2a / found"' in script
        assert not [t for t in english_only_texts() if t in chrome or t in script]
        assert "Zhangye" not in text and "Sharp Eyes" not in text


def test_english_page_has_english_texts_and_labels(english_page):
    chrome, script = page_parts(english_page)
    assert not HAN.search(chrome) and not HAN.search(script) and '" found"' in script
    assert "practice · technology-based prevention and control" in chrome  # legend: categories in English
    assert html_page.external_references(english_page) == []
    nodes = {n["id"]: n for n in vis_data(english_page, "nodes")}
    zhangye = nodes["region/620702"]
    assert (zhangye["label"], zhangye["title"].split("\n")[0]) == ("Ganzhou", "Ganzhou, Zhangye, Gansu")
    assert "Chinese: 甘肃省张掖市甘州区" in zhangye["title"] and "kind: region · county" in zhangye["title"]
    assert "甘州区" in zhangye["search"]  # the Chinese name still finds it
    xueliang = nodes["practice/xueliang-gongcheng"]
    assert xueliang["label"] == "Sharp Eyes project"
    assert xueliang["title"].startswith("Sharp Eyes project (public video surveillance)\n")
    assert "kind: practice · technology-based prevention and control" in xueliang["title"]
    # every practice and region has an English label; names without one stay Chinese
    for n in nodes.values():
        if n["kind"] in ("practice", "region"):
            assert not HAN.search(n["label"]), n
    local_labels = {n["label"] for n in nodes.values() if n["kind"] == "local_practice"}
    assert "民生110" in local_labels and all(HAN.search(label) or label[0].isdigit() for label in local_labels)
    court = next(n for n in nodes.values() if n["label"] == "高台县人民法院")
    assert "kind: organization · court" in court["title"]
    # the texts of every hover are English: what precedes each "key: value" has no Chinese
    for title in [n["title"] for n in nodes.values()] + [e["title"] for e in vis_data(english_page, "edges")]:
        for line in title.split("\n")[1:]:
            key, colon, _ = line.partition(": ")
            if colon and not line.startswith(("· ", "[")) and HAN.search(key):
                assert key in {n["title"].split("\n")[0] for n in nodes.values()}, line  # only a name


def test_folded_categories_in_english(graph):
    vocabulary = labels.vocabulary_labels(graph, "en")
    assert vocabulary.by_key["practice-category/keji-fangkong"] == "technology-based prevention and control"
    assert vocabulary.by_zh["雪亮工程"] == "Sharp Eyes project (public video surveillance)"
    G = viz.graph_to_network(graph, limit=12)
    english = labels.in_language(G, "en", vocabulary)
    keji = english.nodes["practice-category/keji-fangkong"]
    assert keji["label"].startswith("technology-based prevention and control ×")
    assert "Sharp Eyes project (public video surveillance)" in keji["members"]
    assert G.nodes["practice-category/keji-fangkong"]["label"].startswith("科技防控 ×")  # the input is left as it was
    assert labels.in_language(G, "zh") is G
    page = html_page.render_html(G, lang="en", vocabulary=vocabulary)
    assert "practices (" in page and "包含 practices" not in page


def test_kg_viz_in_english_takes_an_english_focus(seeds_out, tmp_path, capsys):
    page = tmp_path / "zhangye.html"
    assert main(["viz", str(seeds_out), "-o", str(page), "--lang", "en", "--focus", "Zhangye"]) == 0
    nodes = {n["id"]: n for n in vis_data(page.read_text(encoding="utf-8"), "nodes")}
    assert {"region/620700", "region/620702"} <= set(nodes) and "region/500114" not in nodes
    assert main(["viz", str(seeds_out), "-o", str(page), "--lang", "en", "--focus", "sharp eyes project"]) == 0
    nodes = {n["id"]: n for n in vis_data(page.read_text(encoding="utf-8"), "nodes")}
    assert {"practice/xueliang-gongcheng", "region/500114", "region/620700"} <= set(nodes)
    assert main(["viz", str(seeds_out), "-o", str(page), "--lang", "en", "--focus", "Chaoyang"]) == 2  # two of them
    assert "focus not found" in capsys.readouterr().err
