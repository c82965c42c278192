"""The development corpus's dev split, scored as `kg eval --split dev` does: a regression fails here.

The floors are the scores the extractor reached when they were last raised, less a margin of
0.03 (one or two items on a genre's 18–23 documents); raise them as extraction improves,
never lower them to make a change pass. Rules are developed on the
train split; dev is only measured.
"""

from __future__ import annotations

import pytest

from kg.build import build
from kg.qa.evaluate import EVAL_QUERIES, EvalCorpus, predicted_keys, scores_by_genre
from kg.query.backends import load_graph, run_query
from kg.query.catalogue import get_query
from locations import DEV

# F1 per field on the dev split, all genres together, and per genre.
FLOORS = {
    "all": {"regions": 0.95, "practices": 0.95, "links": 0.79, "organizations": 0.82, "local_practices": 0.69, "metrics": 0.77},
    "xwlb": {"regions": 0.95, "practices": 0.95, "links": 0.76, "organizations": 0.86, "local_practices": 0.72, "metrics": 0.66},
    "local": {"regions": 0.97, "practices": 0.95, "links": 0.82, "organizations": 0.79, "local_practices": 0.68, "metrics": 0.87},
}


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory):
    corpus = EvalCorpus.load(DEV / "gold.json")
    docs = corpus.documents("dev")
    out = tmp_path_factory.mktemp("dev")
    build([corpus.texts / d for d in docs], out, html=False, progress=False, validate=False, cache=False)
    graph = load_graph(out / "graph.ttl")
    rows = {}
    for name in EVAL_QUERIES:
        result = run_query(graph, get_query(name))
        rows[name] = [dict(zip(result.variables, r)) for r in result.rows]
    return {g.name: {s.field: s.f1 for s in g.scores} for g in scores_by_genre(corpus, docs, predicted_keys(rows, docs))}


def test_the_splits_share_no_document_and_cover_every_one():
    corpus = EvalCorpus.load(DEV / "gold.json")
    splits = {name: set(corpus.documents(name)) for name in corpus.splits}
    assert set(splits) <= {"train", "dev", "fresh"} and {"train", "dev"} <= set(splits)
    assert sum(map(len, splits.values())) == len(set().union(*splits.values())) == len(corpus.gold) >= 120
    assert {corpus.genre(d) for d in splits["dev"]} == {"xwlb", "local"}


@pytest.mark.parametrize("group", sorted(FLOORS))
def test_dev_scores_stay_above_their_floors(dev_scores, group):
    below = {f: round(dev_scores[group][f], 3) for f, floor in FLOORS[group].items() if dev_scores[group][f] < floor}
    assert not below, f"{group}: F1 below the floor {FLOORS[group]}: {below}"
