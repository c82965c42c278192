"""Score a built graph against hand-made answers (``shared/gold/SCHEMA.md``).

The graph is read only through the six shipped evaluation queries, so what is
scored is exactly what a user of the graph gets. Keys, per article:
regions by adcode, practices by canonical label, links by (adcode, practice),
organizations by (name, adcode), metrics by (adcode, value), local practices
by name. A local practice name in the gold matches any output label that
contains it (“天理良心” matches 天理良心调解室).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

EVAL_QUERIES = ("regions", "practices", "local_practices", "region_practices", "organizations", "metrics")
FIELDS = ("regions", "practices", "links", "organizations", "local_practices", "metrics")


@dataclass(frozen=True)
class Score:
    field: str
    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _value_key(value) -> str:
    return format(round(float(value), 4), "g")


def gold_keys(gold: dict) -> dict[str, set[tuple]]:
    """The gold answers as sets of (doc, key...) tuples, one set per field."""
    keys: dict[str, set[tuple]] = {f: set() for f in FIELDS}
    for doc, a in gold.items():
        keys["regions"] |= {(doc, r["adcode"]) for r in a.get("regions", [])}
        keys["practices"] |= {(doc, p["canonical"]) for p in a.get("practices", [])}
        keys["links"] |= {(doc, l["region"], l["practice"]) for l in a.get("links", [])}
        keys["organizations"] |= {(doc, o["name"], o.get("region")) for o in a.get("organizations", [])}
        keys["local_practices"] |= {(doc, lp["name"]) for lp in a.get("local_practices", [])}
        keys["metrics"] |= {(doc, m["region"], _value_key(m["value"])) for m in a.get("metrics", [])}
    return keys


def predicted_keys(rows: dict[str, list[dict]], docs: Iterable[str]) -> dict[str, set[tuple]]:
    """Query rows (variable -> string value, one list per query name) as key sets, limited to ``docs``."""
    docs = set(docs)

    def pick(name: str, *variables: str, transform: Callable = lambda t: t) -> set[tuple]:
        out = set()
        for row in rows.get(name, []):
            if row.get("doc") in docs:
                out.add(transform(tuple(row.get(v) for v in ("doc", *variables))))
        return out

    return {
        "regions": pick("regions", "adcode"),
        "practices": pick("practices", "label"),
        "links": pick("region_practices", "adcode", "label"),
        "organizations": pick("organizations", "label", "adcode"),
        "local_practices": pick("local_practices", "label"),
        "metrics": pick("metrics", "adcode", "value", transform=lambda t: (t[0], t[1], _value_key(t[2]))),
    }


def _match_containing(gold: set[tuple], pred: set[tuple]) -> int:
    """One-to-one matches where the predicted label contains the gold name (last element); rest equal."""
    used: set[tuple] = set()
    tp = 0
    for g in sorted(gold, key=lambda t: tuple(map(str, t))):
        candidates = sorted(
            (p for p in pred if p not in used and p[:-1] == g[:-1] and p[-1] and g[-1] in p[-1]),
            key=lambda p: (len(p[-1]), p[-1]),
        )
        if candidates:
            used.add(candidates[0])
            tp += 1
    return tp


def score(gold: dict[str, set[tuple]], pred: dict[str, set[tuple]]) -> list[Score]:
    scores = []
    for field in FIELDS:
        g, p = gold[field], pred[field]
        if field in ("local_practices", "links"):
            tp = _match_containing(g, p)
        else:
            tp = len(g & p)
        scores.append(Score(field, tp, len(p), len(g)))
    return scores


def load_gold(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def format_scores(scores: list[Score]) -> str:
    lines = [f"{'field':<16} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}"]
    for s in scores:
        lines.append(
            f"{s.field:<16} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.n_pred:5d} {s.n_gold:5d}"
        )
    return "\n".join(lines)
