"""Adding an adjudicated batch to the development corpus (scripts/add_dev_batch.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "add_dev_batch.py"
HEAD = "file\tgenre\tsource\toutlet\tdate\turl\tprovince_or_scope\tnote"


def add_batch():
    spec = importlib.util.spec_from_file_location("add_dev_batch", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.add_batch


def corpus_folder(root: Path, names: list[str]) -> Path:
    (root / "texts").mkdir(parents=True)
    for name in names:
        (root / "texts" / name).write_text(f"{name}\n\n\n高县化解纠纷。\n", encoding="utf-8")
    answers = {name: {"title": name} for name in names}
    (root / "gold.json").write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    rows = [f"{name}\tlocal\tsearch:pages\t高县网\t\thttp://example.org/{name}\t四川\t" for name in names]
    (root / "sources.tsv").write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    return root


def test_a_batch_joins_the_corpus_sorted_and_its_split(tmp_path):
    dev = corpus_folder(tmp_path / "dev", ["local_51_b.txt"])
    (dev / "annotations").mkdir()
    (dev / "splits.json").write_text(json.dumps({"train": ["local_51_b.txt"], "dev": []}), encoding="utf-8")
    batch = corpus_folder(tmp_path / "batch11", ["local_51_a.txt", "local_51_c.txt"])
    for part in ("A.json", "B.json", "adjudication.md"):
        (batch / f"b11-{part}").write_text("{}", encoding="utf-8")

    assert add_batch()(batch, "11", "fresh", dev) == ["local_51_a.txt", "local_51_c.txt"]
    assert list(json.loads((dev / "gold.json").read_text(encoding="utf-8"))) == [
        "local_51_a.txt", "local_51_b.txt", "local_51_c.txt"]
    assert [r.split("\t")[0] for r in (dev / "sources.tsv").read_text(encoding="utf-8").splitlines()] == [
        "file", "local_51_a.txt", "local_51_b.txt", "local_51_c.txt"]
    assert json.loads((dev / "splits.json").read_text(encoding="utf-8")) == {
        "train": ["local_51_b.txt"], "dev": [], "fresh": ["local_51_a.txt", "local_51_c.txt"]}
    assert (dev / "annotations" / "b11-adjudication.md").is_file() and (dev / "texts" / "local_51_c.txt").is_file()

    with pytest.raises(SystemExit, match="already in the corpus: local_51_a.txt, local_51_c.txt"):
        add_batch()(batch, "11", "fresh", dev)  # nothing is added twice
