"""The streaming, parallel, cached and distributed build writes the same graph as the in-memory one.

Reference: every triple in one Python set, written by kg.rdf.write_turtle and
kg.rdf.write_ntriples. The streaming build must give byte-identical files.
"""

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.build import build
from kg.cli import main
from kg.extract import Pipeline
from kg.model import Document
from kg.namespaces import KG, KGR
from kg.rdf.mapping import facts_to_triples, scheme_triples
from kg.rdf.writer import write_ntriples, write_turtle
from kg.text.reader import iter_documents
from kg.build.runs import SortedRuns
from kg.rdf.writer import nt_lines, write_sorted
from locations import CORPUS, DEV

pytestmark = pytest.mark.slow

# Real sentences from the seed articles.
SENTENCES = [
    "重庆市黔江区创新推进基于“城市大脑”的“雪亮工程”建设,完成封控圈智能前端镜头建设85个。",
    "“雪亮工程”、网格化指挥中心、综治中心及综治视联网建设如期完成。",
    "张掖市甘州区坚持继承和发扬新时代“枫桥经验”,探索出了“民情报告单”“民情地图”等一批矛盾纠纷调解的新模式。",
    "甘州区法院“三分流七支撑”机制被誉为“新时代甘肃法院枫桥经验的新亮点”。",
]


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline.load()


def reference_build(inputs, out: Path, pipeline) -> None:
    triples = set(scheme_triples(pipeline.lexicons))
    seen = set()
    for doc in iter_documents(inputs):
        if isinstance(doc, Document) and doc.doc_id not in seen:
            seen.add(doc.doc_id)
            triples.update(facts_to_triples(pipeline.extract(doc), pipeline.gazetteer, pipeline.lexicons.org_types))
    write_turtle(triples, out / "graph.ttl")
    write_ntriples(triples, out / "graph.nt")


def same_files(a: Path, b: Path) -> None:
    for name in ("graph.ttl", "graph.nt"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def write_stories(path: Path, stories: dict[str, str]) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for doc_id, text in stories.items():
            f.write(json.dumps({"id": doc_id, "title": "政法综述", "date": "2021-03-01", "text": text},
                               ensure_ascii=False) + "\n")
    return path


# Ids that are prefixes of one another: N-Triples sorts <…/doc/s-10> before <…/doc/s-1>, Turtle the other way.
STORIES = {f"s-{i}": SENTENCES[i % 4] + SENTENCES[(i + 1) % 4] for i in (1, 10, 11, 2, 100)}


@pytest.fixture(scope="module")
def seeds_reference(tmp_path_factory, pipeline):
    out = tmp_path_factory.mktemp("reference")
    reference_build([CORPUS], out, pipeline)
    return out


def test_streaming_build_of_the_seeds_is_byte_identical_to_the_in_memory_writer(tmp_path, seeds_reference):
    # run_lines=500 spills many sorted runs to disk and merges them
    report = build([CORPUS], tmp_path, html=False, progress=False, run_lines=500)
    same_files(tmp_path, seeds_reference)
    assert report.triples == len((tmp_path / "graph.nt").read_text(encoding="utf-8").splitlines())
    assert "ntriples" in report.outputs and "html" not in report.outputs


def test_two_worker_processes_give_the_same_graph_and_input_order(tmp_path, seeds_reference, pipeline):
    report = build([CORPUS], tmp_path, html=False, progress=False, workers=2, pipeline=pipeline, chunk_size=1)
    same_files(tmp_path, seeds_reference)
    assert report.built == sorted(p.name for p in CORPUS.glob("*.txt"))


def test_subjects_that_are_prefixes_of_others_keep_both_orders(tmp_path, pipeline):
    src = write_stories(tmp_path / "stories.jsonl", STORIES)
    reference_build([src], tmp_path / "ref", pipeline)
    build([src], tmp_path / "out", html=False, progress=False, pipeline=pipeline, run_lines=50)
    same_files(tmp_path / "out", tmp_path / "ref")


def test_write_sorted_matches_the_rdf_writers_on_every_kind_of_term(tmp_path):
    e = KGR["evidence/ab"]
    triples = {
        (e, RDF.type, KG.Evidence),
        (URIRef(str(e) + "#sentence"), RDF.type, KG.Evidence),
        (URIRef(str(e) + "-1"), RDFS.label, Literal('引号"与\\反斜杠\n换行', lang="zh")),
        (e, KG.mentionStart, Literal("12", datatype=XSD.integer)),
        (e, KG.mentionEnd, Literal("-3", datatype=XSD.integer)),
        (e, KG.ratio, Literal("98.5", datatype=XSD.decimal)),
        (e, KG.ratio, Literal("7600", datatype=XSD.decimal)),
        (e, KG.when, Literal("2021-03-01", datatype=XSD.date)),
        (e, RDFS.comment, Literal("plain")),
        (e, RDFS.seeAlso, URIRef("http://example.org/a%20b")),
    }
    write_turtle(triples, tmp_path / "ref.ttl")
    write_ntriples(triples, tmp_path / "ref.nt")
    runs = SortedRuns(tmp_path / "runs", max_lines=3)
    for t in sorted(triples):
        runs.add(nt_lines([t, t]))  # duplicates are dropped
    n = write_sorted((key for key, _ in runs.merged_counts()), tmp_path / "g.ttl", tmp_path / "g.nt")
    assert n == len(triples)
    assert (tmp_path / "g.ttl").read_bytes() == (tmp_path / "ref.ttl").read_bytes()
    assert (tmp_path / "g.nt").read_bytes() == (tmp_path / "ref.nt").read_bytes()


def test_rebuild_after_changing_one_story_extracts_only_it_and_equals_a_clean_build(tmp_path):
    src = write_stories(tmp_path / "stories.jsonl", STORIES)
    out = tmp_path / "out"
    first = build([src], out, html=False, progress=False)
    assert first.stats["cache_misses"] == len(STORIES)

    changed = dict(STORIES, **{"s-2": STORIES["s-2"] + "综治中心实现全覆盖。"})
    write_stories(src, changed)
    again = build([src], out, html=False, progress=False)
    assert (again.stats["cache_hits"], again.stats["cache_misses"]) == (len(STORIES) - 1, 1)

    clean = build([src], tmp_path / "clean", html=False, progress=False, cache=False)
    same_files(out, tmp_path / "clean")
    assert again.triples == clean.triples and again.entities == clean.entities
    assert (out / "report.json").read_bytes() == (tmp_path / "clean" / "report.json").read_bytes().replace(
        str(tmp_path / "clean").encode(), str(out).encode())


def clean_build_equals(out: Path, src: Path, tmp_path: Path, **kw) -> None:
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build([src], clean, html=False, progress=False, cache=False, **kw)
    same_files(out, clean)
    assert (out / "report.json").read_bytes() == (clean / "report.json").read_bytes().replace(
        str(clean).encode(), str(out).encode())


def test_incremental_rebuild_patches_the_graph_after_a_change_an_addition_and_a_deletion(tmp_path):
    src = write_stories(tmp_path / "stories.jsonl", STORIES)
    out = tmp_path / "out"
    assert build([src], out, html=False, progress=False, store=True).stats["incremental"] is False

    # s-1 and s-11 share their regions' triples: deleting s-1 must keep the lines s-11 also gives.
    stories = {k: v for k, v in STORIES.items() if k != "s-1"}
    stories["s-2"] += "综治中心实现全覆盖。"
    stories["s-3"] = SENTENCES[2]
    write_stories(src, stories)
    again = build([src], out, html=False, progress=False, store=True)
    assert again.stats["incremental"] is True and again.stats["changed_docs"] == 4  # s-2 counts twice
    assert again.stats["cache_misses"] == 2
    clean_build_equals(out, src, tmp_path, store=True)

    # The store was patched in place, not reloaded: it holds exactly the lines of graph.nt.
    import pyoxigraph as ox

    store = ox.Store.read_only(str(out / "store"))
    nt = ox.Store()
    nt.bulk_load(path=str(out / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    assert set(store) == set(nt)
    del store

    # Nothing changed: nothing is extracted, and the files stay the same.
    assert build([src], out, html=False, progress=False, store=True).stats["cache_misses"] == 0
    clean_build_equals(out, src, tmp_path, store=True)


def test_a_rebuild_that_adds_many_stories_merges_everything_again(tmp_path):
    src = write_stories(tmp_path / "stories.jsonl", {"s-1": STORIES["s-1"]})
    out = tmp_path / "out"
    build([src], out, html=False, progress=False)
    many = {f"m-{i}": SENTENCES[i % 4] for i in range(20)}  # more than patching is worth
    write_stories(src, dict(many, **{"s-1": STORIES["s-1"]}))
    assert build([src], out, html=False, progress=False).stats["incremental"] is False
    clean_build_equals(out, src, tmp_path)


def test_a_rebuild_after_the_outputs_were_edited_merges_everything_again(tmp_path):
    src = write_stories(tmp_path / "stories.jsonl", STORIES)
    out = tmp_path / "out"
    build([src], out, html=False, progress=False)
    with open(out / "graph.nt", "a", encoding="utf-8") as f:
        f.write("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    write_stories(src, dict(STORIES, **{"s-2": STORIES["s-2"] + "综治中心实现全覆盖。"}))
    again = build([src], out, html=False, progress=False)
    assert again.stats["incremental"] is False and again.stats["cache_misses"] == 1
    clean_build_equals(out, src, tmp_path)


def test_words_segments_each_run_as_jieba_does_the_whole_sentence():
    import jieba

    from kg.text.segment import Words, token_boundaries, tokens

    for text in SENTENCES + ["张掖市甘州区 2021年\r\n长治久安,召开平安建设会议"]:
        assert tokens(text) == list(jieba.tokenize(text, HMM=False))
        words = Words(text)
        starts = {s: e for _w, s, e in tokens(text)}
        for i in range(len(text) + 1):
            assert words.is_boundary(i) == (i in token_boundaries(text))
            assert words.word_end(i) == starts.get(i)


def test_each_run_and_line_of_the_dev_corpus_gets_jiebas_own_words_and_tags():
    import jieba
    import jieba.posseg

    from kg.text.segment import _RUN, _run_ends, tagged

    texts = [path.read_text("utf-8") for path in sorted((DEV / "texts").iterdir())]
    texts.append("ABC123张掖市2021年 12.5%\r\nx光机、5G网络A,长治久安")  # letters and digits jieba joins
    runs = {m.group() for text in texts for m in _RUN.finditer(text)}
    assert len(runs) > 5000
    for run in runs:
        ends, pos = [], 0
        for word in jieba.cut(run, HMM=False):
            pos += len(word)
            ends.append(pos)
        assert _run_ends(run) == tuple(ends), run
    for line in {line for text in texts for line in text.splitlines(keepends=True)}:
        words, pos = [], 0
        for pair in jieba.posseg.cut(line, HMM=False):
            words.append((pair.word, pair.flag, pos, pos + len(pair.word)))
            pos += len(pair.word)
        assert tagged(line) == tuple(words), line


def test_a_large_graph_gets_no_html_but_a_note(tmp_path):
    report = build([CORPUS], tmp_path, progress=False, html_max_triples=100)
    assert not (tmp_path / "graph.html").exists()
    assert "kg viz" in report.notes[0] and "note: graph.html not written" in report.summary()


def test_cli_build_takes_workers_and_no_cache(tmp_path, seeds_reference, capsys):
    assert main(["build", str(CORPUS), "-o", str(tmp_path), "--workers", "2", "--no-cache", "--no-html", "-q"]) == 0
    assert "articles read: 5" in capsys.readouterr().out
    same_files(tmp_path, seeds_reference)
    assert not (tmp_path / ".cache").exists()


def test_dask_local_cluster_of_two_workers_gives_byte_identical_turtle(tmp_path, seeds_reference):
    import distributed

    from kg.build.dask import DaskEngine

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        report = build([CORPUS], tmp_path, html=False, progress=False, engine="dask",
                       scheduler=cluster.scheduler_address, cache=False, chunk_size=2)
    assert report.built == sorted(p.name for p in CORPUS.glob("*.txt"))
    same_files(tmp_path, seeds_reference)
    assert DaskEngine.name == "dask"
