"""Inter-annotator agreement of the development corpus, before adjudication -> corpus/dev/agreement.json.

Each document was annotated twice, independently (A and B). Agreement is the per-field F1
of B against A with the project's scorer (kg.evaluate), which is symmetric for exact keys
and nearly so for the name-containment fields (links, local practices).

usage: python scripts/dev_agreement.py A.json B.json [A2.json B2.json ...] [-o corpus/dev/agreement.json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kg.qa.evaluate import FIELDS, gold_keys, score

ROOT = Path(__file__).resolve().parents[1]
METHOD = ("Two annotators worked on every document independently, from the text and the guidelines alone; "
          "the figure is the F1 of B against A per field with kg.evaluate's keys and matching, before adjudication.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="+", help="annotation files, A then B for each batch")
    parser.add_argument("-o", "--out", default=str(ROOT / "corpus" / "dev" / "agreement.json"))
    args = parser.parse_args()
    if len(args.pairs) % 2:
        parser.error("give annotation files in pairs (A B)")
    a_all, b_all = {}, {}
    for a_path, b_path in zip(args.pairs[::2], args.pairs[1::2]):
        a, b = (json.loads(Path(p).read_text(encoding="utf-8")) for p in (a_path, b_path))
        common = sorted(set(a) & set(b))
        a_all.update({d: a[d] for d in common})
        b_all.update({d: b[d] for d in common})
    result = {"documents": len(a_all), "method": METHOD, "f1": {}}
    groups = {"all": sorted(a_all)}
    for doc in sorted(a_all):
        groups.setdefault("xwlb" if doc.startswith("xwlb-") else "local", []).append(doc)
    for name, docs in groups.items():
        scores = score(gold_keys({d: a_all[d] for d in docs}), gold_keys({d: b_all[d] for d in docs}))
        result["f1"][name] = {s.field: round(s.f1, 3) for s in scores}
        result["f1"][name]["documents"] = len(docs)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for name, row in result["f1"].items():
        print(f"{name:<6} " + "  ".join(f"{f} {row[f]:.3f}" for f in FIELDS) + f"  ({row['documents']} docs)")


if __name__ == "__main__":
    main()
