"""``kg export``: every RDF format reads back to the same graph; the network opens in Gephi."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build import build
from kg.cli import main
from kg.network.exports import export
from kg.rdf.jsonld import jsonld_document
from locations import CORPUS


@pytest.fixture(scope="module")
def exported(seeds_out, tmp_path_factory):
    out = seeds_out
    target = tmp_path_factory.mktemp("export")
    report = export(out, target)
    return Graph().parse(out / "graph.ttl", format="turtle"), target, report


@pytest.mark.parametrize("name, fmt", [("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.jsonld", "json-ld")])
def test_each_rdf_format_reads_back_isomorphic(exported, name, fmt):
    original, target, _ = exported
    again = Graph().parse(target / name, format=fmt)
    assert len(again) == len(original)
    assert isomorphic(again, original)


def test_json_ld_is_compact_with_the_projects_prefixes_and_a_context_file(exported):
    _, target, report = exported
    doc = json.loads((target / "graph.jsonld").read_text(encoding="utf-8"))
    context = json.loads((target / "context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == context["@context"]
    assert context["@context"]["kgreg"] == "https://w3id.org/cngov-kg/id/region/"
    qianjiang = next(n for n in doc["@graph"] if n["@id"] == "kgreg:500114")
    assert qianjiang["kg:adcode"] == ["500114"]
    assert {"@value": "黔江区", "@language": "zh"} in qianjiang["rdfs:label"]
    # an independent JSON-LD parser agrees
    store = ox.Store()
    store.load(path=str(target / "graph.jsonld"), format=ox.RdfFormat.JSON_LD)
    assert len(store) == report.triples


def test_trig_is_skipped_without_named_graphs(exported, seeds_out, tmp_path):
    _, target, report = exported
    assert not report.skipped and not (target / "graph.trig").exists()  # not a default format: never skipped
    asked = export(seeds_out, tmp_path, formats=["trig"])
    assert "trig" in asked.skipped and "named graphs" in asked.skipped["trig"]
    assert not (tmp_path / "graph.trig").exists()


def test_graphml_and_gexf_are_directed(exported):
    _, target, _ = exported
    for name, reader in (("graph.graphml", nx.read_graphml), ("graph.gexf", nx.read_gexf)):
        G = reader(target / name)
        assert G.is_directed(), name
        label = {n: d.get("label") for n, d in G.nodes(data=True)}
        contained = {(label[a], label[b]) for a, b, d in G.edges(data=True) if d["relation"] == "contained_in"}
        assert ("曾都区", "随州市") in contained and ("随州市", "曾都区") not in contained
        subs = {(label[a], label[b]) for a, b, d in G.edges(data=True) if d["relation"] == "sub_organization"}
        assert ("临泽县公安局平川派出所", "临泽县公安局") in subs


def test_graphml_and_gexf_hold_the_region_practice_organization_network(exported):
    _, target, _ = exported
    for name, reader in (("graph.graphml", nx.read_graphml), ("graph.gexf", nx.read_gexf)):
        network = reader(target / name)
        kinds = {d.get("kind") for _, d in network.nodes(data=True)}
        assert {"region", "practice", "organization"} <= kinds
        assert network.has_edge("region/500114", "practice/xueliang-gongcheng")


def test_export_is_deterministic():
    triples = list(Graph().parse(data="""
        @prefix kg: <https://w3id.org/cngov-kg/ontology#> .
        <https://w3id.org/cngov-kg/id/region/500114> a kg:Region ; kg:adcode "500114" .
    """, format="turtle"))
    assert jsonld_document(triples) == jsonld_document(list(reversed(triples)))


def test_kg_export_command(exported, tmp_path, capsys):
    _, target, _ = exported
    assert main(["export", str(target / "graph.nt"), "-o", str(tmp_path), "--format", "ttl,jsonld"]) == 0
    assert "wrote ttl" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["context.jsonld", "graph.jsonld", "graph.ttl"]
    assert main(["export", str(target / "graph.nt"), "-o", str(tmp_path), "--format", "pdf"]) == 2
