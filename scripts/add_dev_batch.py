"""Add an adjudicated batch of the development corpus to corpus/dev/ (run by hand).

    python scripts/add_dev_batch.py BATCH_DIR N [SPLIT]

BATCH_DIR holds ``texts/`` (one file per document, in the corpus's text format), ``gold.json`` (the adjudicated
answers, keyed by file name), ``sources.tsv`` (corpus/dev/sources.tsv's header and columns), and the two
independent annotations and the adjudication notes as ``bN-A.json``, ``bN-B.json``, ``bN-adjudication.md``.
The texts, answers and source rows join corpus/dev (gold.json and sources.tsv stay sorted by file name), the
annotations go to corpus/dev/annotations/, and the file names join SPLIT of splits.json: ``train`` (default),
or ``fresh`` for a batch held out of development until a later session has scored it as unseen text. Nothing is
overwritten: a file name already in the corpus is an error. Then recompute the agreement with
scripts/dev_agreement.py over every batch's pair.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def add_batch(batch: Path, number: str, split: str = "train", dev: Path = ROOT / "corpus" / "dev") -> list[str]:
    """Add the batch in ``batch`` to ``dev``; the names added, sorted."""
    gold = json.loads((dev / "gold.json").read_text(encoding="utf-8"))
    new = json.loads((batch / "gold.json").read_text(encoding="utf-8"))
    texts = sorted(p.name for p in (batch / "texts").glob("*.txt"))
    if sorted(new) != texts:
        raise SystemExit(f"{batch}: gold.json and texts/ name different documents")
    if set(new) & set(gold):
        raise SystemExit(f"{batch}: already in the corpus: {', '.join(sorted(set(new) & set(gold)))}")
    head, *rows = (dev / "sources.tsv").read_text(encoding="utf-8").splitlines()
    batch_head, *batch_rows = (batch / "sources.tsv").read_text(encoding="utf-8").splitlines()
    if batch_head != head or sorted(r.split("\t")[0] for r in batch_rows) != texts:
        raise SystemExit(f"{batch}/sources.tsv: not the corpus's header, or not one row per text")
    for name in texts:
        shutil.copyfile(batch / "texts" / name, dev / "texts" / name)
    _write_json(dev / "gold.json", dict(sorted({**gold, **new}.items())))
    rows = sorted(rows + batch_rows, key=lambda r: r.split("\t")[0])
    (dev / "sources.tsv").write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    splits = json.loads((dev / "splits.json").read_text(encoding="utf-8"))
    splits[split] = sorted(set(splits.get(split, [])) | set(texts))
    _write_json(dev / "splits.json", splits)
    for part in ("A.json", "B.json", "adjudication.md"):
        shutil.copyfile(batch / f"b{number}-{part}", dev / "annotations" / f"b{number}-{part}")
    return texts


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    added = add_batch(Path(sys.argv[1]), sys.argv[2], *sys.argv[3:])
    print(f"added {len(added)} documents to {sys.argv[3] if len(sys.argv) > 3 else 'train'}")
