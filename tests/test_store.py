"""The embedded store: rdflib for small graphs, Oxigraph (in memory or a store
directory) for large ones, the same answers from each; results as data; and
the seeds' Turtle loading in independent parsers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from kg.query import backends as kgstore
from kg.query import store as kgstore_dir
from kg.build import build
from kg.cli import main
from kg.query.backends import open_graph, run_query
from kg.query.catalogue import get_query
from kg.query.results import format_tsv, save_result, to_dataframe
from kg.query import store as kgstores
from kg.query.formats import write_solutions
from kg.query.results import format_csv, format_json
from kg.query.store import cache_dir, graph_store, is_store_dir, resolve_graph, store_info, write_store
from locations import CORPUS, IN_CI

QIANJIANG = "000_7c8bed5701f56308.txt"


@pytest.fixture(scope="module")
def out(seeds_out):
    return seeds_out


@pytest.fixture(scope="module")
def store_dir(out, tmp_path_factory):
    return write_store(out / "graph.ttl", tmp_path_factory.mktemp("store") / "store")


def test_small_graph_files_open_in_rdflib_large_ones_in_oxigraph(out, monkeypatch):
    assert isinstance(open_graph(out / "graph.ttl"), Graph)
    assert isinstance(open_graph(out / "graph.ttl", backend="oxigraph"), ox.Store)
    monkeypatch.setattr(kgstore, "RDFLIB_MAX_BYTES", 1000)  # "large" = over the threshold
    assert isinstance(open_graph(out / "graph.ttl"), ox.Store)
    with pytest.raises(ValueError):
        open_graph(out / "graph.ttl", backend="virtuoso")


def test_a_store_directory_answers_like_the_turtle_file(out, store_dir):
    assert is_store_dir(store_dir) and not is_store_dir(out)
    assert store_info(store_dir)["triples"] == len(open_graph(out / "graph.ttl"))
    text = get_query("region_practices")
    from_file = run_query(open_graph(out / "graph.ttl"), text)
    from_store = run_query(open_graph(store_dir), text)
    assert from_store.variables == ("doc", "adcode", "label")
    assert from_store.rows == from_file.rows
    assert (QIANJIANG, "500114", "雪亮工程") in from_store.rows


def test_a_store_loaded_from_ntriples_in_batches_holds_the_whole_graph(out, tmp_path, monkeypatch):
    monkeypatch.setattr(kgstore_dir, "BULK_LOAD_LINES", 1000)  # the seeds' graph.nt in a dozen batches
    batched = write_store(out / "graph.nt", tmp_path / "store")
    whole = open_graph(out / "graph.ttl", backend="oxigraph")
    assert store_info(batched)["triples"] == len(whole) > 10 * 1000
    assert set(open_graph(batched)) == set(whole)


def test_a_build_folder_gives_its_store_when_it_is_current(out, store_dir, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    shutil.copy(out / "graph.ttl", folder / "graph.ttl")
    assert resolve_graph(folder) == folder / "graph.ttl"
    write_store(folder / "graph.ttl", folder / "store")
    assert resolve_graph(folder) == folder / "store"
    with pytest.raises(FileNotFoundError):
        resolve_graph(tmp_path / "nothing-here")


def test_write_store_replaces_an_old_store_and_leaves_no_temporary_files(out, tmp_path):
    target = tmp_path / "store"
    write_store(out / "graph.ttl", target)
    write_store(out / "graph.ttl", target)
    assert is_store_dir(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_kg_query_reads_a_store_directory_without_the_turtle(store_dir, capsys):
    assert main(["query", "practice_regions", "-p", "practice_label=大雪亮", "-g", str(store_dir), "-f", "csv"]) == 0
    csv_text = capsys.readouterr().out
    assert csv_text.startswith("adcode,region,practice,period,doc,sentence")
    assert "500114,重庆市黔江区,雪亮工程" in csv_text


# ---------------------------------------------------------------- the store kg query builds for a graph file


@pytest.fixture
def graph_file(out, tmp_path):
    return Path(shutil.copy(out / "graph.ttl", tmp_path / "seeds.ttl"))


def test_kg_query_builds_a_store_beside_a_graph_file_and_keeps_it_while_the_file_is_unchanged(graph_file, capsys):
    assert main(["query", "region_practices", str(graph_file), "-f", "csv"]) == 0
    first = capsys.readouterr().out
    cache = cache_dir(graph_file)
    assert cache == graph_file.with_name(".seeds.ttl.oxigraph") and is_store_dir(cache)
    assert store_info(cache)["source_bytes"] == graph_file.stat().st_size
    built = (cache / "kg-store.json").stat().st_mtime_ns
    assert main(["query", "region_practices", str(graph_file), "-f", "csv"]) == 0
    assert capsys.readouterr().out == first
    assert (cache / "kg-store.json").stat().st_mtime_ns == built  # reused, not rebuilt
    # the same rows as rdflib reading the file itself
    assert main(["query", "region_practices", str(graph_file), "-f", "csv", "--backend", "rdflib"]) == 0
    assert capsys.readouterr().out == first
    # the graph changes: the next query sees the change
    graph_file.write_text(graph_file.read_text(encoding="utf-8").replace("雪亮工程", "雪亮工程二期"), encoding="utf-8")
    assert main(["query", "region_practices", str(graph_file), "-f", "csv"]) == 0
    assert "雪亮工程二期" in capsys.readouterr().out


def test_a_store_cut_short_is_never_used(graph_file, monkeypatch):
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(kgstores, "_write_info", interrupted)  # the last step before the store is moved in place
    with pytest.raises(KeyboardInterrupt):
        graph_store(graph_file)
    assert sorted(p.name for p in graph_file.parent.iterdir()) == ["seeds.ttl"]  # no store, no temporary folder
    monkeypatch.undo()
    # a store folder without its kg-store.json (copied in part, or by hand) is built again
    write_store(graph_file, cache_dir(graph_file))
    (cache_dir(graph_file) / "kg-store.json").unlink()
    assert run_query(graph_store(graph_file), get_query("regions")).rows
    assert store_info(cache_dir(graph_file))["triples"] == len(open_graph(graph_file, backend="rdflib"))


def test_a_graph_in_a_folder_that_cannot_be_written_is_loaded_in_memory(graph_file, monkeypatch):
    def read_only(*args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(kgstores, "write_store", read_only)
    rows = run_query(graph_store(graph_file), get_query("regions")).rows
    assert rows == run_query(open_graph(graph_file, backend="rdflib"), get_query("regions")).rows
    assert not cache_dir(graph_file).exists()


def test_a_graph_file_of_a_build_is_answered_from_the_build_store(out, store_dir, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    shutil.copy(out / "graph.ttl", folder / "graph.ttl")
    write_store(folder / "graph.ttl", folder / "store")
    graph_store(folder / "graph.ttl")
    assert not cache_dir(folder / "graph.ttl").exists()


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_kg_query_streams_the_rows_it_would_have_printed(store_dir, fmt, capsys):
    expected = run_query(open_graph(store_dir), get_query("region_practices"))
    assert main(["query", "region_practices", str(store_dir), "-f", fmt]) == 0
    streamed = capsys.readouterr().out
    assert main(["query", "region_practices", str(store_dir), "-f", fmt, "--backend", "rdflib"]) == 0
    assert streamed == capsys.readouterr().out  # the rdflib engine prints a whole result
    if fmt == "csv":
        assert streamed == format_csv(expected)
    if fmt == "json":
        assert streamed == format_json(expected)
    assert main(["query", "region_practices", str(store_dir), "-f", fmt, "--limit", "1"]) == 0
    limited = capsys.readouterr().out
    assert main(["query", "region_practices", str(store_dir), "-f", fmt, "--limit", "1", "--backend", "rdflib"]) == 0
    assert limited == capsys.readouterr().out


def test_many_rows_reach_the_output_in_pieces_as_they_are_read():
    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(f"https://example.org/doc/{i}"), ox.NamedNode("https://example.org/says"),
                         ox.Literal(f"第{i}句" * 10)) for i in range(5000))

    class Sink:
        writes: list[bytes] = []

        def write(self, data: bytes) -> int:
            self.writes.append(data)
            return len(data)

        def flush(self) -> None:
            pass

    for fmt in ("text/csv", "text/tab-separated-values"):
        sink = Sink()
        sink.writes = []
        write_solutions(store.query("SELECT ?doc ?text WHERE { ?doc ?says ?text }"), sink, fmt)
        assert len(sink.writes) > 10
        assert b"".join(sink.writes).decode("utf-8").count("\n") == 5001


def test_kg_query_list_shows_each_shipped_query_on_one_line(capsys):
    assert main(["query", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = [line.split()[0] for line in lines]
    assert {"regions", "practices", "local_practices", "region_practices", "organizations", "metrics",
            "practice_regions", "region_profile"} <= set(names)
    assert len(lines) == len(set(names))
    assert any(line.startswith("region_profile") and "[params: region_name]" in line for line in lines)


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_a_parameter_cannot_change_the_query(out, engine):
    graph = open_graph(out / "graph.ttl", backend=engine)
    text = get_query("practice_regions")
    assert run_query(graph, text, {"practice_label": "雪亮工程"}).rows
    hostile = '雪亮工程" } UNION { ?p ?q ?r } #'
    assert run_query(graph, text, {"practice_label": hostile}).rows == ()


def test_results_to_dataframe_csv_json_and_tsv(out, tmp_path):
    result = run_query(open_graph(out / "graph.ttl"), get_query("metrics"))
    frame = to_dataframe(result)
    assert list(frame.columns) == ["doc", "adcode", "value"]
    assert len(frame) == len(result.rows)
    assert frame["value"].dtype.kind in "fi"  # xsd:decimal values become numbers
    assert frame["adcode"].dtype == object  # codes keep their leading zeros as text
    assert save_result(result, tmp_path / "m.csv").read_bytes().startswith(b"doc,adcode,value\r\n")
    assert '"head"' in save_result(result, tmp_path / "m.json").read_text(encoding="utf-8")
    tsv = format_tsv(result).splitlines()
    assert tsv[0] == "?doc\t?adcode\t?value"
    assert tsv[1].split("\t")[2].endswith("^^<http://www.w3.org/2001/XMLSchema#decimal>")


# ---------------------------------------------------------------- other tools


def test_the_seeds_turtle_parses_in_pyoxigraph(out):
    triples = list(ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(triples) == len(open_graph(out / "graph.ttl"))


@pytest.mark.skipif(shutil.which("rapper") is None and not IN_CI,
                    reason="rapper not installed (Debian: apt-get install raptor2-utils)")
def test_the_seeds_turtle_parses_in_rapper(out):
    proc = subprocess.run(["rapper", "-i", "turtle", "-c", str(out / "graph.ttl")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert f"returned {len(open_graph(out / 'graph.ttl'))} triples" in proc.stderr
    assert "error" not in proc.stderr.lower() and "warning" not in proc.stderr.lower()


def test_iris_are_ascii_and_chinese_literals_carry_zh(out):
    graph = open_graph(out / "graph.ttl")
    for s, p, o in graph:
        for term in (s, p, o):
            if isinstance(term, URIRef):
                assert str(term).isascii(), term
        if isinstance(o, Literal) and any("\u4e00" <= c <= "\u9fff" for c in o) and o.language is None:
            # untagged Chinese only where a value is an identifier or a quoted source text
            assert o.datatype is None, (s, p, o)
    tagged = [o for o in graph.objects() if isinstance(o, Literal) and o.language == "zh"]
    assert tagged
