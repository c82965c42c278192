"""The shipped SPARQL queries, run on a graph built from hand-made seed facts.

The six evaluation queries must return exactly the variables the evaluation
reads, in a fixed order; the named queries answer users' questions with a
parameter bound as a literal.
"""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql import prepareQuery

from kg.rdf.writer import write_turtle
from kg.qa.evaluate import EVAL_QUERIES as EVALUATION_QUERIES
from kg.query.backends import load_graph, run_query
from kg.query.catalogue import get_query, list_queries
from kg.query.parameters import bind_values
from kg.query.results import format_csv, format_json, format_table
from kg.query.store import load_store
from test_rdf import seed_triples

QIANJIANG = "000_7c8bed5701f56308.txt"
SUIZHOU = "003_f755d35081d5be18.txt"


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    return write_turtle(seed_triples(), tmp_path_factory.mktemp("graph") / "graph.ttl")


@pytest.fixture(scope="module", params=["rdflib", "oxigraph"])
def graph(request, graph_file):
    """Every query is checked on both engines: they must agree."""
    return load_graph(graph_file) if request.param == "rdflib" else load_store(graph_file)


def test_every_shipped_query_parses_and_is_described():
    infos = {q.name: q for q in list_queries()}
    assert set(EVALUATION_QUERIES) <= set(infos)
    assert {"practice_regions", "region_profile", "region_organizations",
            "region_local_practices", "region_figures"} <= set(infos)
    for info in infos.values():
        text = info.path.read_text(encoding="utf-8")
        assert text.startswith("# title: ") and info.title
        prepareQuery(text)
        ox.Store().query(bind_values(text, {p: "x" for p in info.params}))
    assert infos["practice_regions"].params == ("practice_label",)
    assert "雪亮工程" in infos["practice_regions"].param_descriptions[0]
    assert infos["region_profile"].params == ("region_name",)
    assert infos["regions"].params == ()


EXPECTED = {
    "regions": (("doc", "adcode"), [(QIANJIANG, "500114"), (SUIZHOU, "421300")]),
    "practices": (("doc", "label"), [(QIANJIANG, "雪亮工程")]),
    "local_practices": (
        ("doc", "label", "adcode"),
        [(QIANJIANG, "金融审判合议庭", "500114"), (SUIZHOU, "家常点", "421303")],
    ),
    "region_practices": (
        ("doc", "adcode", "label"),
        [(QIANJIANG, "500114", "金融审判合议庭"), (QIANJIANG, "500114", "雪亮工程"), (SUIZHOU, "421303", "家常点")],
    ),
    "organizations": (
        ("doc", "label", "adcode"),
        [(QIANJIANG, "黔江区人民法院", "500114"), (SUIZHOU, "中央政法委", None), (SUIZHOU, "湖北省委政法委", "420000")],
    ),
    "metrics": (("doc", "adcode", "value"), [(QIANJIANG, "500114", "1322")]),
}


@pytest.mark.parametrize("name", EVALUATION_QUERIES)
def test_evaluation_queries_return_the_expected_rows_in_order(graph, name):
    variables, rows = EXPECTED[name]
    result = run_query(graph, get_query(name))
    assert result.variables == variables
    assert list(result.rows) == rows


def test_rows_are_plain_strings_and_terms_keep_datatypes(graph):
    result = run_query(graph, get_query("metrics"))
    (row,) = result.rows
    assert all(type(v) is str for v in row)
    assert str(result.terms[0][2].datatype) == "http://www.w3.org/2001/XMLSchema#decimal"


def test_which_regions_carry_out_xueliang_gongcheng(graph):
    for label in ("雪亮工程", "大雪亮"):  # the canonical label or an alias
        result = run_query(graph, get_query("practice_regions"), {"practice_label": label})
        rows = [dict(zip(result.variables, r)) for r in result.rows]
        assert rows == [{
            "adcode": "500114", "region": "重庆市黔江区", "practice": "雪亮工程", "period": "2023年以来",
            "doc": QIANJIANG, "sentence": "创新推进基于“城市大脑”的“雪亮工程”建设",
        }]


def test_region_profile_includes_sub_regions(graph):
    for name in ("随州市", "湖北省随州市", "随州", "421300", "湖北省"):
        result = run_query(graph, get_query("region_profile"), {"region_name": name})
        assert [r[:4] for r in result.rows] == [("421303", "湖北省随州市曾都区", "家常点", "local")], name
    assert run_query(graph, get_query("region_profile"), {"region_name": "黔江区"}).rows[0][2] == "雪亮工程"


def test_region_organizations_local_practices_and_figures(graph):
    orgs = run_query(graph, get_query("region_organizations"), {"region_name": "湖北省"})
    assert [r[:5] for r in orgs.rows] == [("湖北省委政法委", "政法委", "420000", "湖北省", None)]
    local = run_query(graph, get_query("region_local_practices"), {"region_name": "随州市"})
    assert {r[:3] for r in local.rows} == {("家常点", "网格化管理", "421303")}
    figures = run_query(graph, get_query("region_figures"), {"region_name": "重庆市"})
    assert [r[:5] for r in figures.rows] == [("综合网格", "1322", "个", "2023", "500114")]
    assert figures.rows[0][-1] == "优化调整1322个综合网格"


def test_parameters_are_bound_as_literals_not_pasted(graph):
    hostile = '雪亮工程" ) } UNION { ?p ?x ?y } #'
    result = run_query(graph, get_query("practice_regions"), {"practice_label": hostile})
    assert result.rows == ()
    with pytest.raises(ValueError, match="practice_label"):
        run_query(graph, get_query("practice_regions"))


def test_get_query_by_name_path_or_text(graph_file):
    by_name = get_query("regions")
    assert get_query(str(list_queries()[0].path)) == list_queries()[0].path.read_text(encoding="utf-8")
    assert get_query("SELECT * WHERE { ?s ?p ?o } LIMIT 1").startswith("SELECT")
    assert "?adcode" in by_name
    with pytest.raises(KeyError):
        get_query("no_such_query")


def test_formatters(graph):
    result = run_query(graph, get_query("organizations"))
    table = format_table(result)
    assert table.splitlines()[0].split() == ["doc", "label", "adcode"]
    assert "中央政法委" in table and table.rstrip().endswith("(3 rows)")
    rows = list(csv.reader(io.StringIO(format_csv(result))))
    assert rows[0] == ["doc", "label", "adcode"] and rows[2] == [SUIZHOU, "中央政法委", ""]
    doc = json.loads(format_json(result))
    assert doc["head"]["vars"] == ["doc", "label", "adcode"]
    assert doc["results"]["bindings"][1] == {
        "doc": {"type": "literal", "value": SUIZHOU},
        "label": {"type": "literal", "value": "中央政法委"},
    }
    metrics = json.loads(format_json(run_query(graph, get_query("metrics"))))
    assert metrics["results"]["bindings"][0]["value"] == {
        "type": "literal", "value": "1322", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}


# Three sub-selects and an OPTIONAL: rdflib joins the third part to the first two by nested loops
# unless kg.query.rdflib_joins joins them by hash, as run_query has it do.
JOINED_SUBSELECTS = """
PREFIX ex: <http://example.org/>
SELECT ?fact ?doc ?region ?code WHERE {
  { SELECT ?fact ?d WHERE { ?fact ex:source ?d } }
  { SELECT ?d ?doc WHERE { ?d ex:identifier ?doc } }
  { SELECT ?fact ?region ?code WHERE { ?fact ex:region ?region OPTIONAL { ?region ex:code ?code } } }
}
ORDER BY ?fact
"""


def _facts_graph(n: int) -> str:
    lines = []
    for i in range(n):
        lines.append(f"<http://example.org/f{i:04d}> <http://example.org/source> <http://example.org/d{i % 50}> .")
        lines.append(f"<http://example.org/f{i:04d}> <http://example.org/region> <http://example.org/r{i % 7}> .")
    lines += [f'<http://example.org/d{j}> <http://example.org/identifier> "doc-{j}" .' for j in range(50)]
    lines += [f'<http://example.org/r{j}> <http://example.org/code> "{500100 + j}" .' for j in range(5)]  # r5, r6: none
    return "\n".join(lines) + "\n"


def test_rdflib_joins_sub_selects_by_hash_with_the_answers_of_oxigraph(tmp_path, monkeypatch):
    from rdflib.plugins.sparql.sparql import FrozenDict

    path = tmp_path / "facts.nt"
    path.write_text(_facts_graph(400), encoding="utf-8")
    compared = []
    compatible = FrozenDict.compatible
    monkeypatch.setattr(FrozenDict, "compatible", lambda self, other: compared.append(1) or compatible(self, other))
    from_rdflib = run_query(load_graph(path), JOINED_SUBSELECTS).rows
    from_oxigraph = run_query(load_store(path), JOINED_SUBSELECTS).rows
    assert from_rdflib == from_oxigraph
    assert len(from_rdflib) == 400
    assert ("http://example.org/f0006", "doc-6", "http://example.org/r6", None) in from_rdflib  # no code: unbound
    assert len(compared) < 400 * 50  # each fact compared with its own document, not with all fifty
    from rdflib.plugins.sparql import CUSTOM_EVALS

    assert "kg_join_by_hash" not in CUSTOM_EVALS  # registered only while kg's query ran


UNPLACED_TTL = """
@prefix kg: <https://w3id.org/cngov-kg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix ex: <https://example.org/> .

ex:county a kg:Region ; kg:adcode "330101" .
ex:lp1 a kg:LocalPractice ; skos:prefLabel "红色议事厅"@zh .
ex:lp2 a kg:LocalPractice ; skos:prefLabel "村民说事"@zh .
ex:a1 a kg:PracticeAdoption ; kg:practice ex:lp1 ; kg:region ex:county ; prov:wasDerivedFrom ex:d1 .
ex:d1 a schema:NewsArticle ; dcterms:identifier "doc-1" ; schema:mentions ex:lp1, ex:county .
ex:d2 a schema:NewsArticle ; dcterms:identifier "doc-2" ; schema:mentions ex:lp1, ex:lp2 .
"""


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_local_practices_named_but_placed_nowhere_have_no_region(tmp_path, engine):
    # doc-1 places 红色议事厅 in its county: one row with the county, none without; doc-2 names both
    # practices and places neither: a row each, with no region
    path = tmp_path / "graph.ttl"
    path.write_text(UNPLACED_TTL, encoding="utf-8")
    graph = load_graph(path) if engine == "rdflib" else load_store(path)
    result = run_query(graph, get_query("local_practices"))
    assert list(result.rows) == [("doc-1", "红色议事厅", "330101"), ("doc-2", "村民说事", None),
                                 ("doc-2", "红色议事厅", None)]


# What the dumps take for granted instead of checking a class (kg.rdf.mapping writes these predicates on
# nodes of one class only): predicate -> the class of every subject it has.
ONE_CLASS_PREDICATES = {
    "https://schema.org/mentions": "https://schema.org/NewsArticle",
    "https://w3id.org/cngov-kg/ontology#region": "https://w3id.org/cngov-kg/ontology#PracticeAdoption",
    "https://w3id.org/cngov-kg/ontology#adcode": "https://w3id.org/cngov-kg/ontology#Region",
    "http://purl.org/linked-data/sdmx/2009/dimension#refArea": "https://w3id.org/cngov-kg/ontology#Figure",
    "http://purl.org/linked-data/sdmx/2009/measure#obsValue": "https://w3id.org/cngov-kg/ontology#Figure",
}


@pytest.mark.parametrize("predicate", ONE_CLASS_PREDICATES)
def test_the_dumps_predicates_are_written_on_one_class_only(graph_file, predicate):
    # regions, organizations, practices, evidence and metrics read these predicates without a class check
    store = load_store(graph_file)
    assert any(True for _ in store.query(f"SELECT * {{ ?s <{predicate}> ?o }}"))
    assert not bool(store.query(f"ASK {{ ?s <{predicate}> ?o FILTER NOT EXISTS "
                                f"{{ ?s a <{ONE_CLASS_PREDICATES[predicate]}> }} }}"))
