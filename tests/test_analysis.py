"""Network analysis over a small graph built the way ontology/README.md describes."""

from __future__ import annotations

import csv
import hashlib

import networkx as nx
import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.network import analysis, exports
from kg.config import ontology_dir

from kg.namespaces import KG, KGR, OA, ORG, QB, SCHEMA, SDMX_ATTRIBUTE as SDMX_ATTR  # noqa: E402
from kg.namespaces import SDMX_DIMENSION as SDMX_DIM, SDMX_MEASURE  # noqa: E402

QIANJIANG_DOC = "000_7c8bed5701f56308.txt"
XUELIANG_SENTENCE = "创新推进基于“城市大脑”的“雪亮工程”建设,开发建设“数字警务交通智控平台”"

# (adcode, name, full name, level, parent)
REGIONS = [
    ("500000", "重庆市", "重庆市", "Province", None),
    ("500114", "黔江区", "重庆市黔江区", "County", "500000"),
    ("430000", "湖南省", "湖南省", "Province", None),
    ("430800", "张家界市", "湖南省张家界市", "Prefecture", "430000"),
    ("430811", "武陵源区", "湖南省张家界市武陵源区", "County", "430800"),
    ("620000", "甘肃省", "甘肃省", "Province", None),
    ("620700", "张掖市", "甘肃省张掖市", "Prefecture", "620000"),
    ("420000", "湖北省", "湖北省", "Province", None),
    ("421300", "随州市", "湖北省随州市", "Prefecture", "420000"),
    ("510000", "四川省", "四川省", "Province", None),
    ("511900", "巴中市", "四川省巴中市", "Prefecture", "510000"),
    ("511902", "巴州区", "四川省巴中市巴州区", "County", "511900"),
]

# (adcode, practice id or local practice name, document, evidence sentence), from the seed articles
LINKS = [
    ("500114", "xueliang-gongcheng", QIANJIANG_DOC, XUELIANG_SENTENCE),
    ("500114", "fengqiao-jingyan", QIANJIANG_DOC, "以坚持和发展新时代“枫桥经验”为基点"),
    ("500114", "zongzhi-zhongxin", QIANJIANG_DOC, "区、镇、村三级综治中心实体化运行"),
    ("500114", "local:天理良心", QIANJIANG_DOC, "濯水法庭做精做细“天理良心”调解品牌"),
    ("430811", "xueliang-gongcheng", "001_5851c4cb2883689c.txt", "“雪亮工程”、网格化指挥中心、综治中心及综治视联网建设如期完成"),
    ("430811", "zongzhi-zhongxin", "001_5851c4cb2883689c.txt", "“雪亮工程”、网格化指挥中心、综治中心及综治视联网建设如期完成"),
    ("620700", "xueliang-gongcheng", "002_5e871084feed88ad.txt", "2020年被确定为全国“2020年公共安全视频监控建设联网应用重点支持城市”"),
    ("421300", "zongzhi-zhongxin", "003_f755d35081d5be18.txt", "市、县、镇、村四级综治中心全面建成"),
    ("421300", "zhengfa-xietong-banan-pingtai", "003_f755d35081d5be18.txt", "实现非涉密刑事案件在政法业务协同办案平台“单轨制”运行"),
    ("511902", "xueliang-gongcheng", "004_473d56bdfae7df3c.txt", "加快“雪亮工程”“慧眼工程”“天网”等联网应用"),
]
DOCS = {
    QIANJIANG_DOC: ("擎旗奋进书写新时代黔江政法工作新答卷", "500114"),
    "001_5851c4cb2883689c.txt": ("在锦绣山水上抒写平安画卷", "430811"),
    "002_5e871084feed88ad.txt": ("平安建设让彩虹张掖成色更足", "620700"),
    "003_f755d35081d5be18.txt": ("推进全市政法工作现代化 谱写随州政法事业新篇章", "421300"),
    "004_473d56bdfae7df3c.txt": ("拧紧管党治警“总开关” 深耕政法工作“责任田”", "511902"),
}


def _sha(*parts) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def local_practice_iri(name: str) -> URIRef:
    return KGR[f"local-practice/{_sha(name)}"]


def org_iri(name: str) -> URIRef:
    return KGR[f"org/{_sha(name)}"]


def add_document(g: Graph, doc_id: str, title: str, about: str) -> URIRef:
    doc = KGR[f"doc/{doc_id}"]
    g.add((doc, RDF.type, SCHEMA.NewsArticle))
    g.add((doc, DCTERMS.identifier, Literal(doc_id)))
    g.add((doc, DCTERMS.title, zh(title)))
    g.add((doc, SCHEMA.about, KGR[f"region/{about}"]))
    return doc


def add_adoption(g: Graph, adcode: str, practice: URIRef, doc_id: str, sentence: str, start: int = 0) -> None:
    region, doc = KGR[f"region/{adcode}"], KGR[f"doc/{doc_id}"]
    key = _sha(doc_id, start, practice)
    adoption, ev = KGR[f"adoption/{key}"], KGR[f"evidence/{key}"]
    sel = URIRef(f"{ev}#sentence")
    g.add((region, KG.carriesOut, practice))
    g.add((adoption, RDF.type, KG.PracticeAdoption))
    g.add((adoption, KG.region, region))
    g.add((adoption, KG.practice, practice))
    g.add((adoption, PROV.wasDerivedFrom, doc))
    g.add((adoption, KG.evidence, ev))
    g.add((ev, RDF.type, KG.Evidence))
    g.add((ev, RDF.type, OA.SpecificResource))
    g.add((ev, OA.hasSource, doc))
    g.add((ev, OA.hasSelector, sel))
    g.add((sel, RDF.type, OA.TextQuoteSelector))
    g.add((sel, OA.start, Literal(start)))
    g.add((sel, OA.end, Literal(start + len(sentence))))
    g.add((sel, OA.exact, zh(sentence)))


def add_local_practice(g: Graph, name: str) -> URIRef:
    lp = local_practice_iri(name)
    g.add((lp, RDF.type, KG.LocalPractice))
    g.add((lp, SKOS.prefLabel, zh(name)))
    g.add((lp, RDFS.label, zh(name)))
    return lp


def seed_graph() -> Graph:
    """Five seed articles' facts, with the practice scheme loaded as kg/rdf.py does."""
    g = Graph()
    g.parse(ontology_dir() / "practices.ttl", format="turtle")
    for code, name, full, level, parent in REGIONS:
        r = KGR[f"region/{code}"]
        g.add((r, RDF.type, KG.Region))
        g.add((r, RDF.type, KG[level]))
        g.add((r, KG.adcode, Literal(code)))
        g.add((r, RDFS.label, zh(name)))
        g.add((r, SKOS.prefLabel, zh(name)))
        g.add((r, KG.fullName, zh(full)))
        if parent:
            g.add((r, SCHEMA.containedInPlace, KGR[f"region/{parent}"]))
    for doc_id, (title, about) in DOCS.items():
        add_document(g, doc_id, title, about)
    g.add((KGR[f"doc/{QIANJIANG_DOC}"], DCTERMS.date, Literal("2023-12-01", datatype=XSD.date)))
    for i, (code, practice, doc_id, sentence) in enumerate(LINKS):
        if practice.startswith("local:"):
            target = add_local_practice(g, practice[len("local:"):])
        else:
            target = KGR[f"practice/{practice}"]
        add_adoption(g, code, target, doc_id, sentence, start=100 * i)
    # organizations: a court and its people's tribunal
    court, tribunal = org_iri("黔江区人民法院"), org_iri("濯水法庭")
    for o, name in ((court, "黔江区人民法院"), (tribunal, "濯水法庭")):
        g.add((o, RDF.type, ORG.Organization))
        g.add((o, SKOS.prefLabel, zh(name)))
        g.add((o, RDFS.label, zh(name)))
        g.add((o, ORG.classification, KGR["org-type/fayuan"]))
        g.add((o, KG.jurisdiction, KGR["region/500114"]))
    g.add((tribunal, ORG.subOrganizationOf, court))
    # a figure: 网格员 1844 名
    fig = KGR[f"figure/{_sha(QIANJIANG_DOC, '网格员')}"]
    g.add((fig, RDF.type, QB.Observation))
    g.add((fig, RDF.type, KG.Figure))
    g.add((fig, SDMX_DIM.refArea, KGR["region/500114"]))
    g.add((fig, KG.indicator, zh("网格员")))
    g.add((fig, SDMX_MEASURE.obsValue, Literal(1844.0)))
    g.add((fig, SDMX_ATTR.unitMeasure, zh("名")))
    g.add((fig, SDMX_DIM.refPeriod, Literal("2023")))
    g.add((fig, PROV.wasDerivedFrom, KGR[f"doc/{QIANJIANG_DOC}"]))
    return g


@pytest.fixture(scope="module")
def graph() -> Graph:
    return seed_graph()


def test_network_nodes_and_edges(graph):
    G = analysis.governance_network(graph)
    qianjiang = G.nodes["region/500114"]
    assert (qianjiang["label"], qianjiang["name"], qianjiang["level"]) == ("黔江区", "重庆市黔江区", "county")
    assert qianjiang["figures"] == [("网格员", "1844", "名", "2023", QIANJIANG_DOC)]
    xueliang = G.nodes["practice/xueliang-gongcheng"]
    assert xueliang["category_label"] == "科技防控"
    # scheme concepts no article links to are not drawn or counted
    assert "practice/tianwang-gongcheng" not in G
    edge = G.edges["region/500114", "practice/xueliang-gongcheng"]
    assert edge["relation"] == "carries_out"
    assert (edge["doc"], edge["sentence"]) == (QIANJIANG_DOC, XUELIANG_SENTENCE)
    assert G.edges["region/500114", "region/500000"]["relation"] == "contained_in"
    court = "org/" + _sha("黔江区人民法院")
    assert G.edges[court, "region/500114"]["relation"] == "jurisdiction"
    assert G.edges["org/" + _sha("濯水法庭"), court]["relation"] == "sub_organization"
    assert G.edges[f"doc/{QIANJIANG_DOC}", "region/500114"]["relation"] == "about"
    assert G.nodes["local-practice/" + _sha("天理良心")]["label"] == "天理良心"


def test_practice_spread(graph):
    spread = analysis.practice_spread(graph)
    assert spread[:2] == [("雪亮工程", 4), ("综治中心", 3)]
    assert ("天理良心", 1) in spread
    assert analysis.practice_spread(graph, include_local=False)[2:] == [("政法协同办案平台", 1), ("枫桥经验", 1)]


def test_region_practice_matrix_and_csv(graph, tmp_path):
    regions, practices, matrix = analysis.region_practice_matrix(graph)
    assert [r.label for r in regions] == ["随州市", "武陵源区", "黔江区", "巴州区", "张掖市"]  # by adcode
    assert practices[-1].label == "天理良心"  # local practices after the core ones
    row = matrix[[r.label for r in regions].index("黔江区")]
    assert dict(zip((p.label for p in practices), row)) == {
        "综治中心": 1, "政法协同办案平台": 0, "枫桥经验": 1, "雪亮工程": 1, "天理良心": 1}
    path = analysis.write_matrix_csv(graph, tmp_path / "matrix.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["adcode", "region"] and "雪亮工程" in rows[0]
    assert rows[3][:2] == ["500114", "黔江区"]


def test_similar_regions(graph):
    pairs = analysis.similar_regions(graph, top=3)
    assert pairs[0] == ("巴州区", "张掖市", 1.0, ("雪亮工程",))
    # core practices only: 黔江区 {雪亮工程, 综治中心, 枫桥经验}, 武陵源区 {雪亮工程, 综治中心}
    assert pairs[1] == ("武陵源区", "黔江区", 0.666667, ("综治中心", "雪亮工程"))
    assert pairs[2][2] == 0.5 and len(pairs[2][3]) == 1
    # local practices (天理良心 is 黔江区's own) dilute the similarity when included
    assert analysis.similar_regions(graph, top=2, include_local=True)[1][2] == 0.5
    # 张掖市 and 随州市 share nothing: never listed
    assert all({a, b} != {"张掖市", "随州市"} for a, b, *_ in analysis.similar_regions(graph, top=100))


def test_centrality(graph):
    c = analysis.centrality(graph)
    top = c["practice"][0]
    # 雪亮工程 and 综治中心 bridge the most regions
    assert {c["practice"][0].label, c["practice"][1].label} == {"雪亮工程", "综治中心"}
    assert top.betweenness > 0 and top.degree >= 3
    orgs = {o.label: o for o in c["organization"]}
    assert orgs["黔江区人民法院"].degree == 2  # its region and its tribunal
    assert c["local_practice"][0].label == "天理良心"


def test_practice_communities(graph):
    communities = analysis.practice_communities(graph)
    members = [set(c.regions) for c in communities]
    assert all(len(m) >= 2 for m in members)
    assert any({"巴州区", "张掖市"} <= m for m in members)  # same single practice, 雪亮工程
    assert communities == analysis.practice_communities(graph)  # deterministic


def test_graphml_and_gexf_read_back(graph, tmp_path):
    path = exports.write_graphml(graph, tmp_path / "kg.graphml")
    back = nx.read_graphml(path)
    assert back.nodes["region/500114"]["label"] == "黔江区"
    assert back.nodes["region/500114"]["facts"] >= 5
    assert XUELIANG_SENTENCE in back.edges["region/500114", "practice/xueliang-gongcheng"]["evidence"]
    assert "网格员 1844 名 2023" in back.nodes["region/500114"]["figures"]
    gexf = nx.read_gexf(exports.write_gexf(graph, tmp_path / "kg.gexf"))
    assert gexf.number_of_nodes() == back.number_of_nodes()
    # byte-identical on a second run
    again = exports.write_graphml(seed_graph(), tmp_path / "again.graphml")
    assert again.read_bytes() == path.read_bytes()


def test_summary_text(graph):
    text = analysis.summary_text(graph)
    assert "雪亮工程" in text and "巴州区 – 张掖市" in text
    assert text == analysis.summary_text(seed_graph())


def test_empty_graph():
    g = Graph()
    assert analysis.practice_spread(g) == []
    assert analysis.similar_regions(g) == []
    assert analysis.practice_communities(g) == []
    assert analysis.region_practice_matrix(g) == ([], [], [])
    assert "(none)" in analysis.summary_text(g)


# --------------------------------------------------------------------------
# `kg stats` on the graph of the five seed articles in corpus/
# --------------------------------------------------------------------------

def test_kg_stats_prints_spread_and_alike_regions_and_writes_files(seeds_out, tmp_path, capsys, monkeypatch):
    from kg.cli import main

    assert main(["stats", str(seeds_out), "-o", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    spread = text.split("most widespread practices (regions):\n")[1].split("\n\n")[0].splitlines()
    assert any(line.split()[-1] == "雪亮工程" and int(line.split()[0]) >= 3 for line in spread)
    alike = text.split("most alike regions (Jaccard, shared practices):\n")[1].split("\n\n")[0].splitlines()
    assert len(alike) == 10 and "张掖市" in text

    with (tmp_path / "region_practice.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, by_code = rows[0], {r[0]: r for r in rows[1:]}
    assert header[:2] == ["adcode", "region"] and "雪亮工程" in header
    assert int(by_code["500114"][header.index("雪亮工程")]) >= 1  # 黔江区 runs 雪亮工程

    back = nx.read_graphml(tmp_path / "graph.graphml")
    assert back.nodes["region/500114"]["label"] == "黔江区" and back.nodes["region/500114"]["kind"] == "region"
    assert back.has_edge("region/500114", "practice/xueliang-gongcheng") or back.has_edge(
        "practice/xueliang-gongcheng", "region/500114")
    assert nx.read_gexf(tmp_path / "graph.gexf").number_of_nodes() == back.number_of_nodes()
