"""Scoring against gold answers: per field, per genre, with the errors listed by document."""

from __future__ import annotations

import json

import pytest

from kg.cli import main
from kg.qa.evaluate import EvalCorpus, errors, format_errors, gold_keys, scores_by_genre

GOLD = {
    "xwlb-1.txt": {
        "regions": [{"adcode": "330681", "name": "诸暨市", "surface": ["诸暨"]}],
        "practices": [{"canonical": "枫桥经验", "surface": ["枫桥经验"]}],
        "links": [{"region": "330681", "practice": "枫桥经验", "evidence": "诸暨坚持发展枫桥经验"}],
        "local_practices": [], "organizations": [], "metrics": [],
    },
    "local_1.txt": {
        "regions": [{"adcode": "530102", "name": "五华区", "surface": ["五华区"]}],
        "practices": [], "links": [], "organizations": [],
        "local_practices": [{"name": "老杨调解", "surface": ["“老杨调解”工作室"], "region": "530102"}],
        "metrics": [{"region": "530102", "indicator": "网格员", "value": 7600, "unit": "名", "evidence": "配备网格员7600多名"}],
    },
}


def write_corpus(folder, gold=GOLD):
    (folder / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    (folder / "splits.json").write_text(json.dumps({"train": ["local_1.txt"], "dev": ["xwlb-1.txt"]}), encoding="utf-8")
    (folder / "sources.tsv").write_text("file\tgenre\nxwlb-1.txt\txwlb\nlocal_1.txt\tlocal\n", encoding="utf-8")
    return EvalCorpus.load(folder / "gold.json")


def test_splits_and_genres_come_from_the_files_beside_the_gold(tmp_path):
    corpus = write_corpus(tmp_path)
    assert corpus.documents("dev") == ["xwlb-1.txt"] and corpus.documents("all") == ["local_1.txt", "xwlb-1.txt"]
    assert corpus.genre("local_1.txt") == "local" and corpus.genre("xwlb-1.txt") == "xwlb"


def test_scores_per_genre_and_errors_with_their_sentences(tmp_path):
    corpus = write_corpus(tmp_path)
    pred = gold_keys(GOLD)
    pred["links"] = {("xwlb-1.txt", "330000", "枫桥经验")}  # the province instead of the city
    groups = {g.name: g for g in scores_by_genre(corpus, corpus.documents(), pred)}
    links = {g: next(s for s in groups[g].scores if s.field == "links") for g in groups}
    assert (links["all"].tp, links["all"].n_pred, links["all"].n_gold) == (0, 1, 1)
    assert groups["local"].documents == 1 and all(s.f1 == 1.0 for s in groups["local"].scores if s.n_gold)
    misses = errors(gold_keys(GOLD), pred)
    assert [(m.field, m.key, m.false_positive) for m in misses] == [
        ("links", ("xwlb-1.txt", "330681", "枫桥经验"), False),
        ("links", ("xwlb-1.txt", "330000", "枫桥经验"), True),
    ]
    text = format_errors(misses, corpus, {("links", misses[0].key): "诸暨坚持发展枫桥经验"}, {})
    assert "== xwlb-1.txt (xwlb)" in text and "FN links" in text and "诸暨坚持发展枫桥经验" in text


def test_kg_eval_builds_in_a_temporary_folder_and_never_touches_out(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    texts = tmp_path / "dev" / "texts"
    texts.mkdir(parents=True)
    (texts / "xwlb-1.txt").write_text("诸暨坚持发展枫桥经验\n2024-01-01\n\n诸暨市坚持和发展新时代“枫桥经验”。\n", encoding="utf-8")
    (texts / "local_1.txt").write_text("五华区\n\n\n五华区配备网格员7600多名。\n", encoding="utf-8")
    write_corpus(tmp_path / "dev")
    assert main(["eval", "--gold", str(tmp_path / "dev" / "gold.json"), "--split", "dev", "--errors"]) == 0
    printed = capsys.readouterr().out
    assert "split: dev" in printed and "F1 xwlb" in printed and "documents: all 1, xwlb 1" in printed
    assert not (tmp_path / "out").exists()


def test_kg_eval_names_a_missing_gold_file_or_split(tmp_path, capsys):
    assert main(["eval", "--gold", str(tmp_path / "nope.json")]) == 2
    assert "no gold answers at" in capsys.readouterr().err
    write_corpus(tmp_path)
    assert main(["eval", "--gold", str(tmp_path / "gold.json"), "--split", "test"]) == 2
    assert "no split named 'test'" in capsys.readouterr().err


def test_kg_eval_scores_what_it_could_build_and_fails_naming_each_article_it_lost(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    texts = tmp_path / "dev" / "texts"
    texts.mkdir(parents=True)
    (texts / "xwlb-1.txt").write_text("诸暨坚持发展枫桥经验\n2024-01-01\n\n诸暨市坚持和发展新时代“枫桥经验”。\n", encoding="utf-8")
    (texts / "local_1.txt").write_bytes(b"\x00\x01\x02\xff" * 64)  # not a text: skipped by the build
    write_corpus(tmp_path / "dev")
    assert main(["eval", "--gold", str(tmp_path / "dev" / "gold.json")]) == 1
    captured = capsys.readouterr()
    assert "documents: all 2" in captured.out  # the scores are still printed, the lost article counted as missed
    lines = captured.err.splitlines()
    assert lines[0] == "kg eval: 1 article(s) could not be built; their answers count as missed:"
    assert lines[1].startswith(f"  {texts / 'local_1.txt'}: ")
