"""``kg eval``: score a graph against gold answers (precision, recall, F1 per field and genre)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from kg.build import NothingRead, build
from kg.cli.common import DEFAULT_INPUT, EXIT_FAILED, fail, out_folder
from kg.cli.graphs import open_for_query
from kg.qa.evaluate import (EvalCorpus, errors, evaluation_rows, format_errors, format_group_scores, gold_evidence,
                            gold_keys, predicted_evidence, predicted_keys, scores_by_genre)


def add_parser(sub) -> None:
    p = sub.add_parser("eval", help="score the graph against gold answers (precision, recall, F1 per field and genre)")
    p.add_argument("--gold", required=True, help="gold JSON (e.g. corpus/dev/gold.json or corpus/gold/seeds.json)")
    p.add_argument("--split", default="all",
                   help="documents to score: all (default) or a split of splits.json beside the gold (train, dev)")
    p.add_argument("--errors", action="store_true",
                   help="also list false positives and negatives by document, with the sentence")
    p.add_argument("--graph", help="score this built graph (file, store or build folder) instead of building one")
    p.add_argument("inputs", nargs="*",
                   help=f"articles to build from (default: texts/ beside the gold, else {DEFAULT_INPUT}/)")
    p.add_argument("-o", "--out", type=out_folder,
                   help="keep the graph built for scoring in this folder (default: a temporary one; out/ is never touched)")
    p.set_defaults(func=run)


def _rows(args: argparse.Namespace, corpus: EvalCorpus, docs: list[str]) -> tuple[dict[str, list[dict]], list[dict]]:
    """The graph's evaluation rows, and the articles the build skipped (each a dict with source and reason)."""
    if args.graph:
        return evaluation_rows(open_for_query(args.graph)), []
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as scratch:
        out = args.out or Path(scratch)
        if args.inputs:
            inputs = args.inputs
        elif corpus.texts is not None:
            inputs = [corpus.texts / d for d in docs if (corpus.texts / d).is_file()]
        else:
            inputs = [DEFAULT_INPUT]
        try:
            report = build(inputs, out, html=False, progress=False, validate=False, cache=False)
        except NothingRead as exc:
            raise fail(str(exc), "name the articles, or --graph a built graph", EXIT_FAILED) from None
        return evaluation_rows(open_for_query(out)), list(report.skipped)


def run(args: argparse.Namespace) -> int:
    gold_path = Path(args.gold)
    if not gold_path.is_file():
        raise fail(f"no gold answers at {gold_path} (e.g. corpus/dev/gold.json or corpus/gold/seeds.json)")
    corpus = EvalCorpus.load(gold_path)
    try:
        docs = corpus.documents(args.split)
    except ValueError as exc:
        raise fail(str(exc)) from None
    rows, skipped = _rows(args, corpus, docs)
    pred = predicted_keys(rows, docs)
    print(f"split: {args.split}")
    print(format_group_scores(scores_by_genre(corpus, docs, pred)))
    if args.errors:
        gold = gold_keys(corpus.subset(docs))
        print()
        print(format_errors(errors(gold, pred), corpus, gold_evidence(corpus.subset(docs)),
                            predicted_evidence(rows["evidence"])))
    if skipped:
        # a crashed extractor must not pass for a fall in the scores: name every article it lost, and fail
        print(f"kg eval: {len(skipped)} article(s) could not be built; their answers count as missed:", file=sys.stderr)
        for item in skipped:
            print(f"  {item['source']}: {item['reason']}", file=sys.stderr)
        return EXIT_FAILED
    return 0
