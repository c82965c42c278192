"""The build's store, loaded beside the merge (kg.build.store_feed): the same store as one loaded from
the finished graph.nt, nothing left behind when the merge fails, no store for a graph too small for one."""

from __future__ import annotations

import pyoxigraph as ox

from kg.build import build
from kg.build import builder
from kg.build.store_feed import StoreFeed
from kg.query.store import store_info

STORY = "{county}坚持和发展新时代“枫桥经验”，推进“雪亮工程”建设，全县建成{n}个综治中心。\n"


def _corpus(folder, stories=3):
    folder.mkdir()
    for i, county in enumerate(("浙江省诸暨市", "重庆市黔江区", "湖北省恩施市")[:stories]):
        (folder / f"story-{i}.txt").write_text(f"基层治理新实践\n{STORY.format(county=county, n=10 + i)}",
                                               encoding="utf-8")
    return folder


def test_the_store_loaded_during_the_merge_holds_graph_nt_exactly(tmp_path):
    out = tmp_path / "out"
    report = build([_corpus(tmp_path / "in")], out, html=False, store=True, cache=False)
    store = ox.Store.read_only(str(out / "store"))
    from_file = ox.Store()
    from_file.bulk_load(path=str(out / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    assert set(store) == set(from_file)
    assert store_info(out / "store")["triples"] == report.triples == len(from_file)
    assert store_info(out / "store")["source_bytes"] == (out / "graph.nt").stat().st_size


def test_a_store_fed_in_small_batches_is_the_same_store(tmp_path):
    lines = [f"<http://example.org/s{i}> <http://example.org/p> \"值{i}\"@zh .\n" for i in range(25)]
    source = tmp_path / "graph.nt"
    source.write_text("".join(lines), encoding="utf-8")
    feed = StoreFeed(source, tmp_path / "store", lines_per_batch=4)
    for i in range(0, 25, 3):  # a subject's lines at a time, as the merge gives them
        feed.add("".join(lines[i:i + 3]))
    feed.finish()
    assert store_info(tmp_path / "store")["triples"] == 25


def test_an_aborted_feed_leaves_no_store_and_no_temporary_folder(tmp_path):
    feed = StoreFeed(tmp_path / "graph.nt", tmp_path / "store", lines_per_batch=1)
    feed.add("<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n")
    feed.abort()
    assert list(tmp_path.iterdir()) == []


def test_a_graph_below_the_store_size_keeps_no_fed_store(tmp_path, monkeypatch):
    # Lines repeated across documents count towards the feed's start but not towards the graph's size.
    corpus = _corpus(tmp_path / "in")
    probe = build([corpus], tmp_path / "probe", html=False, store=False, cache=False)
    monkeypatch.setattr(builder, "STORE_MIN_TRIPLES", probe.triples + 1)
    fed = []

    class Recorded(StoreFeed):
        def finish(self):
            fed.append(super().finish())

    monkeypatch.setattr(builder, "StoreFeed", Recorded)
    out = tmp_path / "out"
    build([corpus], out, html=False, cache=False)
    assert fed == [out / "store"]  # loaded, since the lines added were more than the minimum ...
    assert not (out / "store").exists()  # ... and removed, since the distinct ones were fewer
    assert not [p for p in out.iterdir() if p.name.startswith(".store")]


def _lines(n):
    return [f"<http://example.org/s{i}> <http://example.org/p> \"值{i}\"@zh .\n".encode() for i in range(n)]


def test_batches_loaded_two_at_a_time_make_the_same_store():
    from kg.query.store import _load_batches

    lines = _lines(70)
    store = ox.Store()
    _load_batches(store, (b"".join(lines[i:i + 10]) for i in range(0, 70, 10)), threads=2)
    one = ox.Store()
    one.bulk_load(b"".join(lines), format=ox.RdfFormat.N_TRIPLES)
    assert len(store) == 70 and set(store) == set(one)


def test_a_batch_that_does_not_parse_stops_the_loading_threads_and_is_raised():
    import pytest

    from kg.query.store import _load_batches

    taken = []

    def batches():
        for i in range(100):
            taken.append(i)
            yield b"<http://example.org/s> broken .\n" if i == 3 else b"".join(_lines(5))

    with pytest.raises(SyntaxError):
        _load_batches(ox.Store(), batches(), threads=2)
    assert len(taken) < 100  # the other thread stopped taking batches
