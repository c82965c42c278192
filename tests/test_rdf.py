"""Facts to RDF: deterministic Turtle, valid IRIs, escaped literals, a documented vocabulary.

The facts below are written by hand from real seed sentences (000: 黔江区,
003: 随州市曾都区), so the tests read as examples of what the graph holds.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from kg.lexicons import Lexicons
from kg.model import (
    Document,
    DocumentFacts,
    Evidence,
    FormKind,
    FormOf,
    LocalPractice,
    Metric,
    Organization,
    PracticeLink,
    PracticeMention,
    Region,
    RegionMention,
)
from kg.namespaces import KG, KGR, OA, SCHEMA, SDMX_MEASURE
from kg.rdf.mapping import facts_to_triples, scheme_triples
from kg.rdf.prefixes import build_graph
from kg.rdf.terms import doc_iri, local_practice_iri, org_iri, practice_iri, region_iri
from kg.rdf.writer import write_ntriples, write_turtle

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
LEXICONS = Lexicons.load(ONTOLOGY)
ORG_TYPES = LEXICONS.org_types

REGIONS = {
    r.adcode: r
    for r in [
        Region(adcode="500000", name="重庆市", full_name="重庆市", level="province", parent=None, short_name="重庆"),
        Region(adcode="500114", name="黔江区", full_name="重庆市黔江区", level="county", parent="500000", short_name="黔江"),
        Region(adcode="420000", name="湖北省", full_name="湖北省", level="province", parent=None, short_name="湖北"),
        Region(adcode="421300", name="随州市", full_name="湖北省随州市", level="prefecture", parent="420000", short_name="随州"),
        Region(adcode="421303", name="曾都区", full_name="湖北省随州市曾都区", level="county", parent="421300", short_name="曾都"),
    ]
}


class FakeGazetteer:
    """The two lookups the RDF stage needs; like the real gazetteer, unknown codes raise KeyError."""

    def get(self, adcode: str) -> Region:
        return REGIONS[adcode]

    def ancestors(self, adcode: str) -> list[Region]:
        out, parent = [], REGIONS[adcode].parent
        while parent:
            out.append(REGIONS[parent])
            parent = REGIONS[parent].parent
        return out


def evidence(doc: Document, sentence: str, quote: str, index: int) -> Evidence:
    start = doc.text.index(sentence)
    mention = doc.text.index(quote, start)
    return Evidence(doc_id=doc.doc_id, sentence_index=index, sentence_start=start, sentence_end=start + len(sentence),
                    sentence=sentence, start=mention, end=mention + len(quote), quote=quote)


def qianjiang_facts() -> DocumentFacts:
    text = (
        "擎旗奋进书写新时代黔江政法工作新答卷\n"
        "创新推进基于“城市大脑”的“雪亮工程”建设,开发建设“数字警务交通智控平台”。"
        "优化调整1322个综合网格。"
        "区法院设立“金融审判合议庭”。"
    )
    doc = Document(doc_id="000_7c8bed5701f56308.txt", text=text, source="seeds/000_7c8bed5701f56308.txt",
                   title="擎旗奋进书写新时代黔江政法工作新答卷", outlet="武陵传媒网")
    xueliang = evidence(doc, "创新推进基于“城市大脑”的“雪亮工程”建设", "雪亮工程", 1)
    grid = evidence(doc, "优化调整1322个综合网格", "1322个综合网格", 2)
    court = evidence(doc, "区法院设立“金融审判合议庭”", "区法院", 3)
    tribunal = evidence(doc, "区法院设立“金融审判合议庭”", "“金融审判合议庭”", 3)
    title_start = 9  # 黔江 in the title
    return DocumentFacts(
        document=doc,
        subject_regions=["500114"],
        regions=[RegionMention(start=title_start, end=title_start + 2, surface="黔江", sentence=0, adcode="500114")],
        practices=[PracticeMention(start=xueliang.start, end=xueliang.end, surface="雪亮工程", sentence=1,
                                   concept="xueliang-gongcheng")],
        local_practices=[LocalPractice(name="金融审判合议庭", adcode="500114", related=None, evidence=tribunal)],
        organizations=[Organization(name="黔江区人民法院", org_type="法院", adcode="500114", parent=None, evidence=court)],
        links=[
            PracticeLink(adcode="500114", practice="xueliang-gongcheng", local=False, evidence=xueliang,
                         period="2023年以来"),
            PracticeLink(adcode="500114", practice="金融审判合议庭", local=True,
                         evidence=tribunal),  # the pipeline links every placed local practice
        ],
        metrics=[Metric(adcode="500114", indicator="综合网格", value=1322.0, unit="个", evidence=grid, year="2023")],
    )


def zengdu_facts() -> DocumentFacts:
    sentence = "探索“家常点”“365工作法”等更多具有曾都特点的基层社会治理经验"
    text = "随州市政法工作综述\n" + sentence + "。中央政法委、湖北省委政法委予以肯定。"
    doc = Document(doc_id="003_f755d35081d5be18.txt", text=text, source="seeds/003_f755d35081d5be18.txt",
                   date="2024-01-15")
    home = evidence(doc, sentence, "“家常点”", 1)
    central = evidence(doc, "中央政法委、湖北省委政法委予以肯定", "中央政法委", 2)
    province = evidence(doc, "中央政法委、湖北省委政法委予以肯定", "湖北省委政法委", 2)
    return DocumentFacts(
        document=doc,
        subject_regions=["421300"],
        regions=[RegionMention(start=0, end=3, surface="随州市", sentence=0, adcode="421300")],
        local_practices=[LocalPractice(name="家常点", adcode="421303",
                                       related=FormOf(kind=FormKind.PRACTICE, id="wanggehua-guanli"), evidence=home)],
        organizations=[
            Organization(name="中央政法委", org_type="政法委", adcode=None, parent=None, evidence=central),
            Organization(name="湖北省委政法委", org_type="政法委", adcode="420000", parent=None, evidence=province),
        ],
        links=[PracticeLink(adcode="421303", practice="家常点", local=True, evidence=home)],
    )


def seed_triples(include_scheme: bool = True) -> list[tuple]:
    gazetteer = FakeGazetteer()
    triples = list(scheme_triples(LEXICONS)) if include_scheme else []
    for facts in (qianjiang_facts(), zengdu_facts()):
        triples += facts_to_triples(facts, gazetteer, ORG_TYPES)
    return triples


def ox_triples(path: Path) -> set[str]:
    """The file as parsed by Oxigraph (an independent, strict parser), as N-Triples lines."""
    return {str(q.triple) for q in ox.parse(path=str(path))}


# ---------------------------------------------------------------- the graph's content


def test_xueliang_gongcheng_in_qianjiang_with_its_evidence_sentence():
    g = build_graph(seed_triples())
    qianjiang, xueliang = region_iri("500114"), practice_iri("xueliang-gongcheng")
    assert (qianjiang, KG.carriesOut, xueliang) in g
    (adoption,) = g.subjects(KG.practice, xueliang)
    assert (adoption, RDF.type, KG.PracticeAdoption) in g
    assert (adoption, KG.region, qianjiang) in g
    assert g.value(adoption, KG.period) == Literal("2023年以来", lang="zh")
    ev = g.value(adoption, KG.evidence)
    selector = g.value(ev, OA.hasSelector)
    assert g.value(selector, OA.exact) == Literal("创新推进基于“城市大脑”的“雪亮工程”建设", lang="zh")
    assert g.value(ev, KG.mentionText) == Literal("雪亮工程", lang="zh")
    start, end = g.value(selector, OA.start).toPython(), g.value(selector, OA.end).toPython()
    text = qianjiang_facts().document.text
    assert text[start:end] == "创新推进基于“城市大脑”的“雪亮工程”建设"
    assert g.value(ev, OA.hasSource) == doc_iri("000_7c8bed5701f56308.txt")


def test_regions_carry_their_parent_chain_and_labels():
    g = build_graph(seed_triples(include_scheme=False))
    zengdu = region_iri("421303")
    assert (zengdu, RDF.type, KG.County) in g
    assert g.value(zengdu, KG.fullName) == Literal("湖北省随州市曾都区", lang="zh")
    assert g.value(zengdu, SCHEMA.containedInPlace) == region_iri("421300")
    assert g.value(region_iri("421300"), SCHEMA.containedInPlace) == region_iri("420000")
    assert (region_iri("420000"), RDF.type, KG.Province) in g
    assert g.value(region_iri("500114"), KG.adcode) == Literal("500114")


def test_local_practice_is_one_node_per_name_and_a_form_of_its_core_practice():
    g = build_graph(seed_triples())
    node = local_practice_iri("家常点")
    assert str(node).startswith(str(KGR) + "local-practice/")
    assert (node, RDF.type, KG.LocalPractice) in g
    assert g.value(node, KG.formOf) == practice_iri("wanggehua-guanli")
    assert (region_iri("421303"), KG.carriesOut, node) in g


def test_national_body_has_no_jurisdiction_and_types_come_from_the_scheme():
    g = build_graph(seed_triples())
    central = org_iri("中央政法委")
    assert g.value(central, KG.jurisdiction) is None
    assert g.value(central, URIRef("http://www.w3.org/ns/org#classification")) == KGR["org-type/zhengfawei"]
    court = org_iri("黔江区人民法院")
    assert g.value(court, KG.jurisdiction) == region_iri("500114")
    assert g.value(KGR["org-type/fayuan"], URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")) is not None


def test_figure_value_is_a_decimal_from_the_float():
    g = build_graph(seed_triples(include_scheme=False))
    (value,) = g.objects(None, SDMX_MEASURE.obsValue)
    assert value.datatype == XSD.decimal and str(value) == "1322"


def test_unknown_region_code_still_gives_a_node_and_bad_codes_are_skipped():
    facts = qianjiang_facts()
    facts.subject_regions = ["999999", "黔江"]
    triples = list(facts_to_triples(facts, FakeGazetteer(), ORG_TYPES))
    g = build_graph(triples)
    assert g.value(region_iri("999999"), KG.adcode) == Literal("999999")
    assert all("黔江" not in str(s) for s, _, _ in triples)


def test_no_blank_nodes_and_every_iri_is_ascii(tmp_path):
    triples = seed_triples()
    for s, p, o in triples:
        for term in (s, p, o):
            assert isinstance(term, (URIRef, Literal))
            if isinstance(term, URIRef):
                assert str(term).isascii(), term
    # Oxigraph refuses invalid IRIs: every IRI is valid if the N-Triples parse.
    path = write_ntriples(triples, tmp_path / "g.nt")
    assert len(ox_triples(path)) == len(set(triples))


def test_doc_ids_with_hostile_characters_give_valid_iris(tmp_path):
    facts = qianjiang_facts()
    doc = facts.document
    hostile = 'a b{c}|d^e\\f"g<h>#%/新闻.jsonl:17'
    facts.document = Document(doc_id=hostile, text=doc.text, source=doc.source, url="http://example.org/a b|c")
    path = write_turtle(facts_to_triples(facts, FakeGazetteer(), ORG_TYPES), tmp_path / "g.ttl")
    parsed = ox_triples(path)
    assert doc_iri(hostile).isascii()
    assert any(f'"{hostile.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"' in t for t in parsed)


# ---------------------------------------------------------------- writing


def test_turtle_is_byte_identical_whatever_the_order(tmp_path):
    triples = seed_triples()
    shuffled = triples * 2
    random.Random(7).shuffle(shuffled)
    a = write_turtle(triples, tmp_path / "a.ttl").read_bytes()
    b = write_turtle(shuffled, tmp_path / "b.ttl").read_bytes()
    assert a == b
    text = a.decode("utf-8")
    assert text.startswith("@prefix dcterms:")
    assert "kgreg:500114 a kg:County, kg:Region ;" in text
    assert not list(tmp_path.glob(".*.tmp"))  # atomic write leaves no temp file


def test_turtle_parses_in_oxigraph_and_rdflib_to_the_same_graph(tmp_path):
    triples = seed_triples()
    ttl = write_turtle(triples, tmp_path / "g.ttl")
    nt = write_ntriples(triples, tmp_path / "g.nt")
    expected = build_graph(triples)
    from_rdflib = Graph().parse(ttl, format="turtle")
    assert isomorphic(expected, from_rdflib)
    assert ox_triples(ttl) == ox_triples(nt)
    assert len(ox_triples(ttl)) == len(expected)
    assert nt.read_text(encoding="utf-8").splitlines() == sorted(nt.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(
    "hostile",
    [
        'he said "雪亮工程"',
        "back\\slash \\n not a newline \\",
        "two\nlines\r\nand\ttab",
        "lone surrogate \ud800 here",
        "<script>alert('x')</script>",
        '"""triple quotes"""',
        "control \x00\x07\x1b\x7f chars",
        "ends with a quote\"",
    ],
)
def test_hostile_literals_round_trip(tmp_path, hostile):
    facts = qianjiang_facts()
    link = facts.links[0]
    facts.links = [PracticeLink(adcode=link.adcode, practice=link.practice, local=False, evidence=link.evidence,
                                period=hostile)]
    triples = list(facts_to_triples(facts, FakeGazetteer(), ORG_TYPES))
    ttl = write_turtle(triples, tmp_path / "g.ttl")
    expected = hostile.replace("\ud800", "\ufffd")
    g = Graph().parse(ttl, format="turtle")
    assert [str(o) for o in g.objects(None, KG.period)] == [expected]
    assert isomorphic(g, build_graph(triples))
    oxi = [q.object.value for q in ox.parse(path=str(ttl)) if q.predicate.value == str(KG.period)]
    assert oxi == [expected]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_round_trips_through_both_writers(text):
    from kg.rdf.writer import ntriples_lines, turtle_lines

    triple = (doc_iri("x.txt"), KG.period, Literal(text, lang="zh"))
    expected = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    for lines, fmt in ((turtle_lines([triple]), ox.RdfFormat.TURTLE), (ntriples_lines([triple]), ox.RdfFormat.N_TRIPLES)):
        (parsed,) = ox.parse("".join(lines), format=fmt)
        assert parsed.object.value == expected


# ---------------------------------------------------------------- ontology and shapes


def _labels(g: Graph, term: URIRef, prop) -> set[str]:
    return {o.language for o in g.objects(term, prop) if isinstance(o, Literal)}


def test_ontology_declares_every_kg_term_the_graph_uses():
    onto = Graph().parse(ONTOLOGY / "kg.ttl", format="turtle")
    assert len(list(ox.parse(path=str(ONTOLOGY / "kg.ttl")))) == len(onto)
    used = set()
    for s, p, o in seed_triples():
        for term in (p, o if p == RDF.type else None):
            if isinstance(term, URIRef) and str(term).startswith(str(KG)):
                used.add(term)
    assert {KG.Region, KG.PracticeAdoption, KG.Evidence, KG.Figure, KG.matchPattern} <= used
    for term in sorted(used):
        assert _labels(onto, term, RDFS.label) >= {"en", "zh"}, term
        assert _labels(onto, term, RDFS.comment) >= {"en", "zh"}, term
    assert (KG.Region, RDFS.subClassOf, SCHEMA.AdministrativeArea) in onto
    assert (KG.jurisdiction, RDFS.subPropertyOf, SCHEMA.areaServed) in onto


def test_shapes_accept_a_good_graph_and_reject_a_broken_one():
    from pyshacl import validate

    shapes = Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")
    good = build_graph(seed_triples(include_scheme=False))
    conforms, _, report = validate(good, shacl_graph=shapes)
    assert conforms, report

    broken = build_graph(seed_triples(include_scheme=False))
    adoption = sorted(broken.subjects(RDF.type, KG.PracticeAdoption))[0]
    broken.remove((adoption, KG.evidence, None))
    broken.set((region_iri("500114"), KG.adcode, Literal("50011")))
    (figure,) = broken.subjects(RDF.type, KG.Figure)
    broken.remove((figure, SDMX_MEASURE.obsValue, None))
    conforms, _, report = validate(broken, shacl_graph=shapes)
    assert not conforms
    for message in ("kg:evidence", "6-digit kg:adcode", "xsd:decimal value"):
        assert message in report


# ---------------------------------------------------------------- fast paths of the writer and the terms


def test_quoting_takes_the_short_way_only_when_nothing_needs_escaping():
    from kg.rdf.writer import quote_string

    assert quote_string("黔江区推行“枫桥经验”。") == '"黔江区推行“枫桥经验”。"'
    assert quote_string('他说："好"\\') == '"他说：\\"好\\"\\\\"'
    assert quote_string("第一行\r\n第二行\t\x7f") == '"第一行\\r\\n第二行\\t\\u007F"'
    assert quote_string("坏\ud800字") == '"坏\ufffd字"'  # a lone surrogate is scrubbed, as before


def test_a_literal_written_twice_is_written_the_same_way():
    from kg.rdf.writer import nt_lines

    label, count = Literal("黔江区", lang="zh"), Literal("7", datatype=XSD.integer)
    node = KGR["region/500114"]
    first = nt_lines([(node, RDFS.label, label), (node, KG.sentenceIndex, count)])
    again = nt_lines([(node, RDFS.label, label), (node, KG.sentenceIndex, count)])
    assert first == again == [  # sorted: http://www.w3.org/… before https://w3id.org/…
        f'<{node}> <{RDFS.label}> "黔江区"@zh .\n',
        f'<{node}> <{KG.sentenceIndex}> "7"^^<{XSD.integer}> .\n',
    ]


@pytest.mark.parametrize("url, iri", [
    ("http://news.cctv.com/2019/05/01/ARTI0001.shtml", "http://news.cctv.com/2019/05/01/ARTI0001.shtml"),
    ("http://tv.cctv.com/x?a=1&b=%E4%B8%AD#top", "http://tv.cctv.com/x?a=1&b=%E4%B8%AD#top"),
    ("HTTP://News.CCTV.com/a b", "http://news.cctv.com/a%20b"),  # not plain: cleaned
    ("http://a.com/新闻?", "http://a.com/%E6%96%B0%E9%97%BB"),  # the bare "?" is dropped
    ("http://a.com/100%", "http://a.com/100%25"),
    ("ftp://a.com/x", None),
])
def test_article_addresses_become_the_same_iris_by_either_path(url, iri):
    from kg.rdf.terms import url_iri

    got = url_iri(url)
    assert (None if got is None else str(got)) == iri


def test_a_mapper_writes_the_lines_of_its_triples_with_each_regions_lines_made_once():
    from kg.rdf.mapping import FactMapper
    from kg.rdf.writer import nt_lines

    mapper = FactMapper(FakeGazetteer(), ORG_TYPES)
    unknown = qianjiang_facts()
    unknown.subject_regions = ["999999"]  # a code the gazetteer lacks: a bare node, the same every time
    for facts in (qianjiang_facts(), zengdu_facts(), qianjiang_facts(), unknown, unknown):
        assert mapper.nt_lines(facts) == nt_lines(mapper.triples(facts))
    assert f"<{region_iri('999999')}> <{KG.adcode}> \"999999\" .\n" in mapper.nt_lines(unknown)
