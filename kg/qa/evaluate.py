"""Score a built graph against hand-made answers (``shared/gold/SCHEMA.md``).

The graph is read only through the six shipped evaluation queries, so what is
scored is exactly what a user of the graph gets. Keys, per article:
regions by adcode, practices by canonical label, links by (adcode, practice),
organizations by (name, adcode), metrics by (adcode, value), local practices
by name. A local practice name in the gold matches any output label that
contains it (“天理良心” matches 天理良心调解室).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional

from kg.query.backends import run_query

from kg.query.catalogue import get_query

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


def _match_containing(gold: set[tuple], pred: set[tuple]) -> dict[tuple, tuple]:
    """One-to-one matches (gold -> pred) where the predicted label contains the gold name (last element); rest equal."""
    used: set[tuple] = set()
    matches = {}
    for g in sorted(gold, key=lambda t: tuple(map(str, t))):
        candidates = sorted(
            (p for p in pred if p not in used and p[:-1] == g[:-1] and p[-1] and g[-1] in p[-1]),
            key=lambda p: (len(p[-1]), p[-1]),
        )
        if candidates:
            used.add(candidates[0])
            matches[g] = candidates[0]
    return matches


def match(field: str, gold: set[tuple], pred: set[tuple]) -> dict[tuple, tuple]:
    """The gold keys of ``field`` that the prediction found, each with the predicted key it matched."""
    if field in ("local_practices", "links"):
        return _match_containing(gold, pred)
    return {k: k for k in gold & pred}


def score(gold: dict[str, set[tuple]], pred: dict[str, set[tuple]]) -> list[Score]:
    return [Score(f, len(match(f, gold[f], pred[f])), len(pred[f]), len(gold[f])) for f in FIELDS]


@dataclass(frozen=True)
class Miss:
    """One error: a predicted key the gold lacks (``false_positive``) or a gold key not found."""

    field: str
    key: tuple
    false_positive: bool


def errors(gold: dict[str, set[tuple]], pred: dict[str, set[tuple]]) -> list[Miss]:
    """Every false positive and false negative, sorted by document, field and key."""
    out = []
    for f in FIELDS:
        matched = match(f, gold[f], pred[f])
        out += [Miss(f, k, False) for k in gold[f] - matched.keys()]
        out += [Miss(f, k, True) for k in pred[f] - set(matched.values())]
    return sorted(out, key=lambda m: (m.key[0], FIELDS.index(m.field), m.false_positive, tuple(map(str, m.key))))


def load_gold(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# ---------------------------------------------------------------- a development corpus


@dataclass(frozen=True)
class EvalCorpus:
    """Gold answers and what lies beside them: ``texts/``, ``splits.json``, ``sources.tsv``.

    For ``corpus/dev/gold.json`` the texts are ``corpus/dev/texts/``; a gold file with no
    ``texts/`` beside it (``corpus/gold/seeds.json``) names files of the bundled corpus.
    """

    gold: dict
    texts: Optional[Path]
    splits: dict[str, list[str]]
    genres: dict[str, str]

    @classmethod
    def load(cls, gold_path: Path) -> "EvalCorpus":
        gold_path = Path(gold_path)
        folder = gold_path.parent
        texts = folder / "texts"
        splits_file, sources_file = folder / "splits.json", folder / "sources.tsv"
        splits = json.loads(splits_file.read_text(encoding="utf-8")) if splits_file.is_file() else {}
        genres: dict[str, str] = {}
        if sources_file.is_file():
            with open(sources_file, encoding="utf-8", newline="") as f:
                genres = {row["file"]: row["genre"] for row in csv.DictReader(f, delimiter="\t")}
        return cls(load_gold(gold_path), texts if texts.is_dir() else None, splits, genres)

    def documents(self, split: str = "all") -> list[str]:
        """The gold's file names in ``split`` ("all", or a key of splits.json), sorted."""
        if split == "all":
            return sorted(self.gold)
        if split not in self.splits:
            known = ", ".join(["all", *sorted(self.splits)])
            raise ValueError(f"no split named {split!r} (known: {known})")
        return sorted(set(self.splits[split]) & set(self.gold))

    def genre(self, doc: str) -> str:
        return self.genres.get(doc) or ("xwlb" if doc.startswith("xwlb-") else "local")

    def subset(self, docs: Iterable[str]) -> dict:
        return {d: self.gold[d] for d in docs if d in self.gold}


@dataclass(frozen=True)
class GroupScores:
    """Scores over one group of documents (all of a split, or one genre)."""

    name: str
    documents: int
    scores: list[Score]


def scores_by_genre(corpus: EvalCorpus, docs: list[str], pred: dict[str, set[tuple]]) -> list[GroupScores]:
    """Scores over ``docs`` ("all"), then one group per genre, in order of first appearance."""
    groups: dict[str, list[str]] = {"all": docs}
    for doc in docs:
        groups.setdefault(corpus.genre(doc), []).append(doc)
    out = []
    for name, members in groups.items():
        keep = set(members)
        gold = gold_keys(corpus.subset(members))
        out.append(GroupScores(name, len(members), score(gold, {f: {k for k in v if k[0] in keep} for f, v in pred.items()})))
    return out


def format_group_scores(groups: list[GroupScores]) -> str:
    """One table: P/R/F1 and counts over all documents, then F1 per genre."""
    total, genres = groups[0], groups[1:]
    head = f"{'field':<16} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}"
    head += "".join(f" {'F1 ' + g.name:>10}" for g in genres)
    lines = [head]
    for i, s in enumerate(total.scores):
        row = f"{s.field:<16} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.n_pred:5d} {s.n_gold:5d}"
        lines.append(row + "".join(f" {g.scores[i].f1:10.3f}" for g in genres))
    lines.append("documents: " + ", ".join(f"{g.name} {g.documents}" for g in groups))
    return "\n".join(lines)


def gold_evidence(gold: dict) -> dict[tuple, str]:
    """What the gold says for each of its keys (the evidence clause, else the surfaces), by (field, key)."""
    said: dict[tuple, str] = {}
    for doc, a in gold.items():
        for r in a.get("regions", []):
            said[("regions", (doc, r["adcode"]))] = f"{r.get('name', '')} {'/'.join(r.get('surface', []))}"
        for p in a.get("practices", []):
            said[("practices", (doc, p["canonical"]))] = "/".join(p.get("surface", []))
        for lp in a.get("local_practices", []):
            said[("local_practices", (doc, lp["name"]))] = "/".join(lp.get("surface", []))
        for o in a.get("organizations", []):
            said[("organizations", (doc, o["name"], o.get("region")))] = "/".join(o.get("surface", []))
        for l in a.get("links", []):
            said[("links", (doc, l["region"], l["practice"]))] = l.get("evidence", "")
        for m in a.get("metrics", []):
            said[("metrics", (doc, m["region"], _value_key(m["value"])))] = f"{m.get('indicator', '')}: {m.get('evidence', '')}"
    return said


def predicted_evidence(rows: list[dict]) -> dict[tuple, str]:
    """The sentence of each predicted key, from the ``evidence`` query's rows (first sentence wins)."""
    said: dict[tuple, str] = {}
    for row in rows:
        field, doc, adcode, key = row.get("field"), row.get("doc"), row.get("adcode"), row.get("key")
        if field == "metrics":
            k = (doc, adcode, _value_key(key))
        elif field == "links":
            k = (doc, adcode, key)
        elif field == "organizations":
            k = (doc, key, adcode)
        else:
            k = (doc, key)
        said.setdefault((field, k), row.get("sentence") or "")
    return said


def format_errors(misses: list[Miss], corpus: EvalCorpus, said_gold: dict, said_pred: dict, width: int = 90) -> str:
    """False negatives and positives grouped by document, each with the sentence or surfaces behind it."""
    lines, current = [], None
    for m in misses:
        doc = m.key[0]
        if doc != current:
            lines.append(f"\n== {doc} ({corpus.genre(doc)})")
            current = doc
        where = (said_pred if m.false_positive else said_gold).get((m.field, m.key), "")
        where = " ".join(where.split())
        if len(where) > width:
            where = where[: width - 1] + "…"
        key = " ".join("-" if v is None else str(v) for v in m.key[1:])
        lines.append(f"  {'FP' if m.false_positive else 'FN'} {m.field:<15} {key}  | {where}")
    return "\n".join(lines).lstrip("\n")


def evaluation_rows(graph) -> dict[str, list[dict]]:
    """The rows of the evaluation queries and of ``evidence`` on a graph, as dicts of plain strings."""
    rows = {}
    for name in (*EVAL_QUERIES, "evidence"):
        result = run_query(graph, get_query(name))
        rows[name] = [dict(zip(result.variables, r)) for r in result.rows]
    return rows
