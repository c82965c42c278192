"""``kg validate``: the seeds' graph conforms to ontology/shapes.ttl; a broken one does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.build import build
from kg.cli import main
from kg.namespaces import KG
from kg.qa.validate import validate_graph
from locations import CORPUS

QIANJIANG = URIRef("https://w3id.org/cngov-kg/id/region/500114")


@pytest.fixture(scope="module")
def graph_file(seeds_out):
    return seeds_out / "graph.ttl"


def test_the_seeds_graph_conforms(graph_file, capsys):
    report = validate_graph(graph_file)
    assert report.conforms and report.violations == []
    assert main(["validate", str(graph_file)]) == 0
    assert capsys.readouterr().out.startswith("conforms:")


def test_a_region_without_code_and_an_adoption_without_evidence_do_not(graph_file, tmp_path, capsys):
    graph = Graph().parse(graph_file, format="turtle")
    graph.remove((QIANJIANG, KG.adcode, None))
    adoption = next(graph.subjects(KG.region, QIANJIANG))
    graph.remove((adoption, KG.evidence, None))
    report = validate_graph(graph)
    assert not report.conforms
    lines = {(v.focus, v.path, v.message) for v in report.violations}
    assert ("kgreg:500114", "kg:adcode", "a region needs exactly one 6-digit kg:adcode") in lines
    assert any(focus.startswith("kgad:") and path == "kg:evidence" for focus, path, _ in lines)
    broken = tmp_path / "broken.ttl"
    graph.serialize(broken, format="turtle")
    assert main(["validate", str(broken)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("does not conform: 2 violation(s)")
    assert "kgreg:500114  kg:adcode: a region needs exactly one 6-digit kg:adcode" in out


def test_a_bad_code_is_a_violation_too(graph_file):
    graph = Graph().parse(graph_file, format="turtle")
    graph.set((QIANJIANG, KG.adcode, Literal("50011")))
    report = validate_graph(graph)
    assert [v.focus for v in report.violations] == ["kgreg:500114"]
