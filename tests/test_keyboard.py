"""Issue 16: a mistake at the keyboard costs nothing and says what to do (exit code, one line, hint)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]


def kg(*args, cwd, stdin=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, env=env, input=stdin,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def built(seeds_out, tmp_path_factory):
    where = tmp_path_factory.mktemp("keyboard")
    shutil.copytree(seeds_out, where / "out")
    return where


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


def test_a_typo_or_an_empty_folder_never_replaces_the_graph(built):
    graph = (built / "out" / "graph.ttl").read_bytes()
    (built / "empty").mkdir(exist_ok=True)
    for args in (["build", "corpsu"], ["build", "empty"], ["build"]):  # no corpus/ here either
        run = kg(*args, "-q", cwd=built)
        assert run.returncode == 1, (args, run.stderr)
        line = one_error_line(run.stderr)
        assert "no article could be read" in line and "previous outputs in out are unchanged" in line
        assert (args[1:] or ["corpus"])[0] in line
        assert (built / "out" / "graph.ttl").read_bytes() == graph


def test_query_mistakes_are_one_line_with_a_hint(built):
    cases = [
        (["SELEC ?s WHERE { ?s ?p ?o }"], "line 1, column 1", "did you mean SELECT?"),
        (["SELECT ?s WHERE { ?s ?p "], "SPARQL syntax error at line 1", "cut short"),
        (["regoins"], "no query named 'regoins'", "did you mean regions"),
        (["practice_regions", "-p", "practice=雪亮工程"], "no parameter 'practice'", "-p practice_label="),
        (["practice_regions"], "needs the parameter(s) practice_label", "-p practice_label=VALUE"),
    ]
    for args, message, hint in cases:
        run = kg("query", *args, cwd=built)
        assert run.returncode == 2, (args, run.stderr)
        line = one_error_line(run.stderr)
        assert message in line and hint in line, line
        assert "Traceback" not in run.stderr


def test_a_missing_query_file_is_named(built):
    run = kg("query", "mine.rq", cwd=built)
    assert run.returncode == 1 and "no query file at mine.rq" in one_error_line(run.stderr)


def test_debug_shows_the_traceback(built):
    run = kg("--debug", "query", "regoins", cwd=built)
    assert run.returncode == 2 and "Traceback" in run.stderr and "no query named" in run.stderr


def test_query_runs_every_form_reads_stdin_and_limits(built, capsys):
    out = str(built / "out")
    assert main(["query", "ASK { ?s ?p ?o }", out]) == 0
    assert capsys.readouterr().out == "yes\n"
    assert main(["query", "CONSTRUCT { ?s a ?o } WHERE { ?s a ?o }", out, "--limit", "2", "-f", "nt"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 2
    for backend in ("rdflib", "oxigraph"):
        assert main(["query", "DESCRIBE <https://w3id.org/cngov-kg/id/region/500114>", out, "--backend", backend,
                     "-f", "jsonld"]) == 0
        assert "500114" in capsys.readouterr().out
    assert main(["query", "regions", out, "--limit", "1", "-f", "csv"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 2
    run = kg("query", "-", "-f", "csv", cwd=built, stdin="SELECT ?s WHERE { ?s a ?t } LIMIT 3")
    assert run.returncode == 0 and len(run.stdout.strip().splitlines()) == 4


def test_query_pages_a_large_result_with_limit_and_offset(built, capsys):
    out = str(built / "out")
    pages = {}
    for fmt in ("csv", "table"):
        for backend in ("rdflib", "oxigraph"):
            assert main(["query", "regions", out, "-f", fmt, "--backend", backend]) == 0
            whole = capsys.readouterr().out.splitlines()
            assert main(["query", "regions", out, "-f", fmt, "--backend", backend, "--offset", "1", "--limit", "2"]) == 0
            page = capsys.readouterr().out.splitlines()
            header = 1 if fmt == "csv" else 2  # a table: its header and rule (its columns as wide as its rows)
            assert len(whole) > header + 3
            assert [r.split() for r in page[header:header + 2]] == [r.split() for r in whole[header + 1:header + 3]]
            pages[fmt, backend] = page
    assert pages["csv", "rdflib"] == pages["csv", "oxigraph"]


def test_version_and_python_m_kg(built):
    import kg as package

    run = kg("--version", cwd=built)
    assert run.returncode == 0 and run.stdout.strip() == f"kg {package.__version__}"


def test_a_port_in_use_is_one_line(built):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = kg("serve", "out", "--port", str(port), "-j", "1", cwd=built)
    assert run.returncode == 1
    line = one_error_line(run.stderr)
    assert f"port {port}" in line and "in use" in line and f"--port {port + 1}" in line


def test_eval_with_a_missing_gold_file(built):
    run = kg("eval", "--gold", "nope.json", cwd=built)
    assert run.returncode == 2 and "no gold answers at nope.json" in one_error_line(run.stderr)


def test_a_bad_ontology_file_is_one_line_naming_the_file_and_line(built):
    onto = built / "onto"
    shutil.copytree(ROOT / "ontology", onto, dirs_exist_ok=True)
    lines = (onto / "practices.ttl").read_text(encoding="utf-8").splitlines()
    lines[29] += " ;;; <broken"
    (onto / "practices.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copytree(ROOT / "corpus", built / "articles", dirs_exist_ok=True)  # not corpus/: kg build alone finds none
    graph = (built / "out" / "graph.ttl").read_bytes()
    run = kg("build", "articles", "-q", "--ontology", "onto", cwd=built)
    assert run.returncode == 1
    line = one_error_line(run.stderr)
    assert "onto/practices.ttl:30: Turtle syntax error" in line and "Traceback" not in run.stderr
    assert (built / "out" / "graph.ttl").read_bytes() == graph


def test_eval_never_touches_out(built):
    graph = (built / "out" / "graph.ttl").read_bytes()
    report = (built / "out" / "report.json").read_bytes()
    run = kg("eval", "--gold", str(ROOT / "corpus" / "gold" / "seeds.json"), str(ROOT / "corpus"), cwd=built)
    assert run.returncode == 0, run.stderr
    assert (built / "out" / "graph.ttl").read_bytes() == graph and (built / "out" / "report.json").read_bytes() == report


def test_bom_for_excel(built, tmp_path):
    run = kg("query", "regions", "-f", "csv", "--bom", cwd=built)
    assert run.returncode == 0 and run.stdout.startswith("\ufeffdoc,adcode")
    assert main(["stats", str(built / "out"), "-o", str(tmp_path), "--bom"]) == 0
    assert (tmp_path / "region_practice.csv").read_bytes().startswith(b"\xef\xbb\xbfadcode,region")


def test_the_ontology_stays_in_owl2_dl():
    """No data or object property under an annotation property (rdfs:label), none also typed outside OWL."""
    from rdflib import OWL, RDF, RDFS, Graph
    from rdflib.namespace import SKOS

    onto = Graph().parse(ROOT / "ontology" / "kg.ttl", format="turtle")
    annotations = {RDFS.label, RDFS.comment, SKOS.prefLabel, SKOS.altLabel}
    annotations |= set(onto.subjects(RDF.type, OWL.AnnotationProperty))
    for kind in (OWL.DatatypeProperty, OWL.ObjectProperty):
        for prop in onto.subjects(RDF.type, kind):
            assert not set(onto.objects(prop, RDFS.subPropertyOf)) & annotations, prop
            types = set(onto.objects(prop, RDF.type))
            assert all(str(t).startswith(str(OWL)) for t in types), (prop, types)


def test_a_category_has_one_colour_in_every_view(built):
    import networkx as nx

    from kg.network.page import _category_colours

    G = __import__("kg").to_network(str(built / "out"))
    whole = _category_colours(G)
    one = next(n for n, d in G.nodes(data=True) if d["kind"] == "practice" and d.get("category", "").endswith("pingan-fazhi"))
    part = _category_colours(nx.subgraph(G, [one]))
    assert len(part) == 1 and all(whole[c] == colour for c, colour in part.items())
    assert len({c for _, c in whole.values()}) == len(whole)  # no two categories share a colour
