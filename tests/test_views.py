"""Views read from the store (kg.network.source): the same network, pages and files as from the whole graph.

``kg viz``, ``kg stats`` and ``kg export`` take what the network is made of from the Oxigraph store
with SPARQL, around a focus only what lies around it; each is checked here against the network the
whole graph, parsed into rdflib, gives.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.cli import main
from kg.namespaces import KG, OA, ORG, PROV, QB, SDMX_ATTRIBUTE, SDMX_DIMENSION, SDMX_MEASURE
from kg.network import graph as network_graph_module
from kg.network.analysis import summary_text
from kg.network.exports import write_graphml
from kg.network.graph import governance_network
from kg.network.page import write_html
from kg.network.source import QUERIES, focus_nodes, network_triples, summary_triples, view_triples
from kg.network.viz import graph_to_network
from kg.query.backends import load_graph
from kg.query.store import graph_store
from rdflib import RDF, RDFS
from rdflib.namespace import DCTERMS, SKOS

FOCUSES = ("重庆市", "500114", "黔江区", "雪亮工程", "科技防控", "practice-category/keji-fangkong", "region/421300",
           "https://w3id.org/cngov-kg/id/region/421303", "湖北省委政法委", "000_7c8bed5701f56308.txt", "随州市")


@pytest.fixture(scope="module")
def out(seeds_out):
    return seeds_out


@pytest.fixture(scope="module")
def whole(out):
    """The network of the whole graph, parsed into rdflib: what the views gave before they read the store."""
    return governance_network(load_graph(out / "graph.ttl"))


def as_data(G):
    return (sorted(G.nodes(data=True)), sorted((tuple(sorted((a, b))), d) for a, b, d in G.edges(data=True)),
            G.graph)


def test_the_store_gives_the_whole_network_from_what_it_is_made_of_only(out, whole):
    store = graph_store(out)
    view = network_triples(store)
    assert as_data(governance_network(view)) == as_data(whole)
    assert len(view) < len(store)  # mentions, offsets, the region index stay in the store


@pytest.mark.parametrize("focus", FOCUSES)
@pytest.mark.parametrize("limit", [None, 12])
def test_a_focused_view_is_the_one_the_whole_graph_gives(out, whole, focus, limit):
    around = view_triples(out, focus)
    assert as_data(graph_to_network(around, focus=focus, limit=limit)) == \
        as_data(graph_to_network(whole, focus=focus, limit=limit))
    assert len(around) < len(network_triples(graph_store(out)))


def test_a_focus_the_graph_does_not_have_is_an_error_either_way(out, whole):
    assert focus_nodes(graph_store(out), "不存在的地方") == set()
    for graph in (view_triples(out, "不存在的地方"), whole):
        with pytest.raises(ValueError, match="focus not found"):
            graph_to_network(graph, focus="不存在的地方")


def test_kg_viz_and_kg_stats_write_what_the_whole_graph_gives(out, whole, tmp_path, capsys):
    assert main(["viz", str(out), "--focus", "重庆市", "-o", str(tmp_path / "page.html")]) == 0
    write_html(graph_to_network(whole, focus="重庆市", limit=500), tmp_path / "expected.html",
               title="政法工作知识图谱 · 重庆市")
    assert (tmp_path / "page.html").read_bytes() == (tmp_path / "expected.html").read_bytes()
    capsys.readouterr()
    assert main(["stats", str(out)]) == 0
    assert capsys.readouterr().out == summary_text(whole, top=10)


def test_kg_stats_reads_only_what_it_prints_and_its_files_from_the_whole_network(out, whole, tmp_path, capsys):
    store = graph_store(out)
    lean = summary_triples(store)
    assert summary_text(governance_network(lean), top=5) == summary_text(whole, top=5)
    assert len(lean) < len(network_triples(store)) / 2  # no evidence, documents' metadata or figures
    assert main(["stats", str(out), "-o", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith(summary_text(whole, top=10))
    write_graphml(whole, tmp_path / "expected.graphml")
    assert (tmp_path / "graph.graphml").read_bytes() == (tmp_path / "expected.graphml").read_bytes()


def test_kg_export_writes_the_graph_from_its_store(out, tmp_path, capsys):
    assert main(["export", str(out / "graph.ttl"), "-o", str(tmp_path / "export"), "-f", "ttl,graphml"]) == 0
    assert "triples: " in capsys.readouterr().out
    # the Turtle is the build's own, byte for byte: the project's one writer, from the store's triples
    assert (tmp_path / "export" / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


_NAMESPACES = {"KG": KG, "OA": OA, "ORG": ORG, "PROV": PROV, "QB": QB, "SDMX_ATTR": SDMX_ATTRIBUTE,
               "SDMX_DIM": SDMX_DIMENSION, "SDMX_MEASURE": SDMX_MEASURE, "RDF": RDF, "RDFS": RDFS, "SKOS": SKOS,
               "DCTERMS": DCTERMS}


def test_every_term_the_network_reads_is_in_the_view_query():
    # kg.network.graph reads a graph through these names; a new one must be added to view_triples.rq
    source = Path(network_graph_module.__file__).read_text(encoding="utf-8")
    used = {str(_NAMESPACES[ns][name]) for ns, name in re.findall(r"\b([A-Z_]+)\.([A-Za-z]\w*)\b", source)
            if ns in _NAMESPACES and not name.startswith("_")}
    used |= {"https://schema.org/" + name for name in re.findall(r'_schema\("(\w+)"\)', source)}
    text = (QUERIES / "view_triples.rq").read_text(encoding="utf-8")
    prefixes = dict(re.findall(r"PREFIX ([\w-]+): <([^>]+)>", text))
    named = set(re.findall(r"<([^>]+)>", text)) | {
        prefixes[p] + local for p, local in re.findall(r"\b([\w-]+):(\w+)", text) if p in prefixes}
    assert used and used <= named, sorted(used - named)


# ---------------------------------------------------------------- nothing of the graph in rdflib


@pytest.fixture
def no_rdflib_graphs(monkeypatch):
    """Fail any rdflib graph a view builds: they read the store into plain strings (kg.network.triples)."""
    import rdflib

    def refuse(self, *args, **kwargs):
        raise AssertionError("an rdflib graph was built")

    monkeypatch.setattr(rdflib.Graph, "parse", refuse)
    monkeypatch.setattr(rdflib.Graph, "addN", refuse)
    monkeypatch.setattr(rdflib.Graph, "add", refuse)


def test_views_and_exports_build_no_rdflib_graph(out, whole, tmp_path, capsys, no_rdflib_graphs):
    graph_store(out)  # the build's store, opened before the patch matters
    assert main(["stats", str(out)]) == 0
    assert capsys.readouterr().out == summary_text(whole, top=10)
    assert main(["viz", str(out), "--focus", "黔江区", "-o", str(tmp_path / "page.html")]) == 0
    assert main(["export", str(out), "-o", str(tmp_path / "export"), "-f", "ttl,nt,jsonld,graphml"]) == 0
    assert (tmp_path / "export" / "graph.nt").read_bytes() == (out / "graph.nt").read_bytes()


def test_the_json_ld_export_is_the_document_of_the_whole_graph(out, tmp_path):
    import json

    from kg.network.exports import export
    from kg.rdf.jsonld import jsonld_document

    export(out, tmp_path, formats=["jsonld"])
    expected = json.dumps(jsonld_document(load_graph(out / "graph.ttl")), ensure_ascii=False, indent=1) + "\n"
    assert (tmp_path / "graph.jsonld").read_text(encoding="utf-8") == expected


def _store(turtle: str):
    import pyoxigraph as ox

    store = ox.Store()
    store.load(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return store


PLACES = """
@prefix kg: <https://w3id.org/cngov-kg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
<https://w3id.org/cngov-kg/id/region/990000> a kg:Province ; kg:adcode "990000" ; skos:prefLabel "示例省"@zh .
<https://w3id.org/cngov-kg/id/region/990100> a kg:Prefecture ; kg:adcode "990100" ; skos:prefLabel "Exemple-Ville"@fr ;
    schema:containedInPlace <https://w3id.org/cngov-kg/id/region/990000> .
"""


def test_a_focus_is_found_by_its_name_in_any_language_and_by_its_code():
    store = _store(PLACES)
    assert {n.value.rsplit("/", 1)[-1] for n in focus_nodes(store, "示例省")} == {"990000", "990100"}
    # no name in zh or en, nor a plain one: every name is compared, in any language
    assert {n.value.rsplit("/", 1)[-1] for n in focus_nodes(store, "Exemple-Ville")} == {"990000", "990100"}
    assert {n.value.rsplit("/", 1)[-1] for n in focus_nodes(store, "990100")} == {"990000", "990100"}
    network = graph_to_network(network_triples(store, "Exemple-Ville"), focus="Exemple-Ville")
    assert network.nodes["region/990100"]["label"] == "Exemple-Ville"
    assert network.nodes["region/990000"]["level"] == "province"


def test_a_graph_with_blank_nodes_is_not_exported(tmp_path):
    from kg.network.exports import export

    graph = tmp_path / "graph.ttl"
    graph.write_text('<https://example.org/a> <https://example.org/p> [ <https://example.org/q> "x" ] .\n',
                     encoding="utf-8")
    with pytest.raises(ValueError, match="blank nodes"):
        export(graph, tmp_path / "export", formats=["nt"])
