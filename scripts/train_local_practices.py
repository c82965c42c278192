"""Train the local-practice candidate model on the development corpus's train split (and the seeds).

Every quoted phrase (and unquoted formula) the finder proposes is a candidate; it is a
positive example when a gold local practice of its document is contained in its label,
as the scorer matches them. A logistic regression over the finder's cue features is fitted
(scikit-learn, `pip install -e '.[train]'`), its threshold chosen by 5-fold cross-validation
on train to maximise F1, and its weights written as plain JSON that the finder reads with no
learning library. The dev split is never read here.

usage: python scripts/train_local_practices.py [-o ontology/local_practices/model.json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kg.extract import Pipeline
from kg.extract.local_practices import hard_reject
from kg.qa.evaluate import EvalCorpus
from kg.text.reader import iter_documents

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "ontology" / "local_practices" / "model.json"


def examples(sets: list[tuple[dict, list[Path]]], pipeline: Pipeline) -> tuple[list, list, list, list]:
    """Candidates of the given documents (gold answers, text files) with their labels and documents."""
    finder = pipeline.local_practices
    rows, labels, docs, names = [], [], [], []
    for gold_answers, files in sets:
        for path in files:
            gold = [lp["name"] for lp in gold_answers[path.name].get("local_practices", [])]
            for doc in iter_documents([path]):
                prepared = pipeline.prepare(doc)
                for sentence in prepared.sentences:
                    for c in finder.candidates(prepared.norm_of(sentence)):
                        if not c.quoted or hard_reject(c):
                            continue
                        rows.append(c.features)
                        labels.append(int(any(g and g in c.label for g in gold)))
                        docs.append(path.name)
                        names.append(c.label)
    return rows, labels, docs, names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--out", default=str(DEFAULT_OUT))
    args = parser.parse_args()

    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    corpus = EvalCorpus.load(ROOT / "corpus" / "dev" / "gold.json")
    seeds = EvalCorpus.load(ROOT / "corpus" / "gold" / "seeds.json")
    pipeline = Pipeline.load()
    pipeline.local_practices.model = None  # candidates and their features only
    sets = [(corpus.gold, [corpus.texts / d for d in corpus.documents("train")]),
            (seeds.gold, [ROOT / "corpus" / d for d in seeds.documents()])]
    rows, labels, docs, names = examples(sets, pipeline)
    vec = DictVectorizer(sparse=False)
    X, y = vec.fit_transform(rows), np.array(labels)

    def fit(X_, y_):
        return LogisticRegression(C=1.0, max_iter=2000, random_state=0).fit(X_, y_)

    # Out-of-fold probabilities, documents kept together, to choose the threshold.
    oof = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=5).split(X, y, groups=docs):
        oof[te] = fit(X[tr], y[tr]).predict_proba(X[te])[:, 1]
    # The graph holds each (document, label) once: choose the threshold on those pairs.
    best = max((pair_f1(docs, names, y, oof >= t), t) for t in np.arange(0.2, 0.8, 0.02))
    model = fit(X, y)
    weights = {name: round(float(w), 6) for name, w in zip(vec.get_feature_names_out(), model.coef_[0])}
    out = {
        "about": "Local-practice candidate model (logistic regression over finder cues); "
                 "made by scripts/train_local_practices.py from the corpus/dev train split and the five bundled articles.",
        "examples": int(len(y)), "positives": int(y.sum()),
        "cross_validated_f1": round(float(best[0]), 3),
        "threshold": round(float(best[1]), 2),
        "intercept": round(float(model.intercept_[0]), 6),
        "weights": dict(sorted(weights.items())),
    }
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(y)} candidates, {int(y.sum())} positive; 5-fold F1 {best[0]:.3f} at threshold {best[1]:.2f} -> {args.out}")


def pair_f1(docs, names, y, pred) -> float:
    """F1 over distinct (document, label) pairs: a pair is right when one of its candidates is."""
    gold = {(d, n) for d, n, t in zip(docs, names, y) if t}
    taken = {(d, n) for d, n, p in zip(docs, names, pred) if p}
    tp = len(gold & taken)
    return 2 * tp / (len(gold) + len(taken)) if tp else 0.0


if __name__ == "__main__":
    main()
