"""Time on facts (kg.rdf.time) and the timeline queries, on made-up documents of known dates."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, SKOS, XSD

from kg.namespaces import KG, PROV
from kg.query.backends import load_graph, run_query
from kg.query.catalogue import get_query
from kg.query.store import load_store
from kg.rdf.terms import region_iri
from kg.rdf.time import start_year
from locations import ROOT
from timeline_graph import timeline_graph


@pytest.mark.parametrize("period, published, year", [
    ("2023年以来", "2024-05-01", 2023),
    ("党的十八大以来", "2024-05-01", 2012),
    ("党的二十大以来", "2024-05-01", 2022),
    ("2025年", "2025-06-01", 2025),  # 自2025年4月起: extraction keeps 2025年
    ("2019-2023年", "2024-01-01", 2019),
    ("今年以来", "2024-05-01", 2024),
    ("去年以来", "2024-05-01", 2023),
    ("近三年", "2024-05-01", None),
    ("2027年", "2024-05-01", None),  # a plan, not a start
    (None, "2024-05-01", None),
])
def test_start_year_of_a_period(period, published, year):
    assert start_year(period, published) == year


@pytest.fixture(scope="module")
def graph_path(tmp_path_factory):
    return timeline_graph(tmp_path_factory.mktemp("timeline"))


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def graph(request, graph_path):
    return load_graph(graph_path) if request.param == "rdflib" else load_store(graph_path)


def test_adoptions_carry_the_publication_date_and_the_stated_start(graph_path):
    g = load_graph(graph_path)
    starts = sorted(str(o) for o in g.objects(None, PROV.startedAtTime))
    assert starts == ["2012", "2017"]
    assert all(o.datatype == XSD.gYear for o in g.objects(None, PROV.startedAtTime))
    adoptions = set(g.subjects(KG.region, None))
    assert all(g.value(a, DCTERMS.date).datatype == XSD.date for a in adoptions)
    assert (region_iri("500114"), SKOS.prefLabel, Literal("Qianjiang", lang="en")) in g


def _rows(graph, name, **params):
    result = run_query(graph, get_query(name), params)
    return [tuple(str(v) for v in row) for row in result.rows], result.variables


def test_practice_timeline_counts_each_region_once_at_its_first_evidence(graph):
    rows, variables = _rows(graph, "practice_timeline", practice_label="枫桥经验")
    assert tuple(variables) == ("year", "regions", "cumulative")
    # 2012 诸暨 (党的十八大以来), 2016 杭州, 2017 黔江 (2017年以来), 2019 曾都 (杭州 again: not counted)
    assert [r for r in rows if r[1] != "0"] == [("2012", "1", "1"), ("2016", "1", "2"), ("2017", "1", "3"),
                                               ("2019", "1", "4")]
    assert rows[-1] == ("2019", "1", "4")


def test_practice_timeline_at_the_province_level(graph):
    rows, _ = _rows(graph, "practice_timeline", practice_label="枫桥经验", level="province")
    # 浙江 first at 2012 (诸暨 is inside it), 重庆 2017, 湖北 2019
    assert [r for r in rows if r[1] != "0"] == [("2012", "1", "1"), ("2017", "1", "2"), ("2019", "1", "3")]
    rows, _ = _rows(graph, "practice_timeline", practice_label="枫桥经验", level="county")
    assert [r for r in rows if r[1] != "0"] == [("2012", "1", "1"), ("2017", "1", "2"), ("2019", "1", "3")]


def test_practice_timeline_of_an_alias_and_of_nothing(graph):
    assert _rows(graph, "practice_timeline", practice_label="网格化管理")[0] == [("2019", "1", "1")]
    assert _rows(graph, "practice_timeline", practice_label="没有的做法")[0] == []


def test_region_timeline_includes_the_regions_inside(graph):
    rows, variables = _rows(graph, "region_timeline", region_name="浙江省")
    assert tuple(variables) == ("practice", "year", "doc", "region", "documents")
    assert rows == [("枫桥经验", "2012", "t1", "浙江省绍兴市诸暨市", "3")]
    rows, _ = _rows(graph, "region_timeline", region_name="Zengdu")
    assert rows == [("枫桥经验", "2019", "t5", "湖北省随州市曾都区", "1"), ("网格化管理", "2019", "t5", "湖北省随州市曾都区", "1")]


def test_every_practice_and_category_has_an_english_label():
    from rdflib import Graph
    from rdflib.namespace import RDF

    g = Graph().parse(ROOT / "ontology" / "practices.ttl")
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 30
    assert [c for c in concepts if not any(l.language == "en" for l in g.objects(c, SKOS.prefLabel))] == []


def test_kg_query_takes_the_level_option_as_the_readme_shows(graph_path, capsys):
    from kg.cli import main
    from kg.query.catalogue import list_queries

    assert main(["query", "practice_timeline", str(graph_path), "-p", "practice_label=枫桥经验",
                 "-p", "level=province", "-f", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "year,regions,cumulative" and lines[-1] == "2019,1,3"  # 浙江, 重庆, 湖北
    options = {q.name: q.options for q in list_queries()}
    assert options["practice_timeline"] == ("level",) and options["practice_map"] == ("level", "until")
    assert main(["query", "practice_timeline", str(graph_path), "-p", "practice_label=枫桥经验",
                 "-p", "levle=province"]) == 2
    assert "did you mean -p level=" in capsys.readouterr().err


def test_the_names_a_query_may_give_are_in_the_label_index(graph_path):
    g = load_graph(graph_path)
    # a region's English name beside its Chinese names and code; a practice's alias; plain strings
    assert {str(o) for o in g.objects(region_iri("500114"), KG.lookupName)} >= {"Qianjiang", "黔江区", "500114"}
    assert [p for p in g.subjects(KG.lookupName, Literal("网格化管理"))] != []


def test_every_region_query_takes_an_english_name(graph):
    for name in ("region_profile", "region_timeline"):
        chinese = _rows(graph, name, region_name="黔江区")[0]
        assert chinese and _rows(graph, name, region_name="Qianjiang")[0] == chinese
