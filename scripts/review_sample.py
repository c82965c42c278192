"""Write a Markdown review of what the pipeline extracts from a random sample of stories.

A person reads the file and judges precision by eye: every region, organization,
local practice, town or village, core-practice link and figure of each story is
listed with the words it was read from.

    python scripts/review_sample.py                      # 100 stories, seed 0
    python scripts/review_sample.py --seed 1 --n 50 --out /tmp/review.md

The sample is drawn from the stories in the order ``kg.reader.iter_documents``
reads them (files sorted by name), with Python's ``random.Random(seed)``: the
same seed and corpus give the same file.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import Pipeline  # noqa: E402
from kg.model import Document, Evidence  # noqa: E402
from kg.text.reader import iter_documents  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "xwlb"
CONTEXT = 40  # characters shown either side of a mention in its sentence


def sample_documents(corpus: Path, n: int, seed: int, grep: Optional[list[str]] = None) -> list[Document]:
    """``n`` stories drawn at random (without replacement), in corpus order.

    With ``grep``, only stories whose title or text contains one of the words are drawn.
    """
    def wanted(d) -> bool:
        if not isinstance(d, Document):
            return False
        return not grep or any(w in (d.title or "") + d.text for w in grep)

    total = sum(1 for d in iter_documents([corpus]) if wanted(d))
    chosen = set(random.Random(seed).sample(range(total), min(n, total)))
    out, i = [], 0
    for d in iter_documents([corpus]):
        if not wanted(d):
            continue
        if i in chosen:
            out.append(d)
        i += 1
    return out


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def in_context(sentence: str, start: int, end: int) -> str:
    """The sentence around [start, end) (sentence-relative), the mention in 【】."""
    a, b = max(0, start - CONTEXT), min(len(sentence), end + CONTEXT)
    head = ("…" if a > 0 else "") + sentence[a:start]
    tail = sentence[end:b] + ("…" if b < len(sentence) else "")
    return cell(head + "【" + sentence[start:end] + "】" + tail)


def quote(ev: Evidence) -> str:
    return in_context(ev.sentence, ev.start - ev.sentence_start, ev.end - ev.sentence_start)


def region_label(gaz, adcode: Optional[str]) -> str:
    if not adcode:
        return "—"
    return f"{gaz.get(adcode).name} {adcode}" if adcode in gaz else adcode


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    if not rows:
        return []
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines + [""]


def review(pipeline: Pipeline, doc: Document, number: int) -> tuple[list[str], dict[str, int]]:
    gaz = pipeline.gazetteer
    prepared = pipeline.prepare(doc)
    mentions = pipeline.mentions(prepared)
    facts = pipeline.resolve(prepared, mentions)
    organizations = mentions.organizations
    places = facts.places
    sentences = {s.index: s for s in prepared.sentences}

    def mention_context(sentence_index: int, start: int, end: int) -> str:
        s = sentences[sentence_index]
        return in_context(s.text, start - s.start, end - s.start)

    out = [f"## {number}. {cell(doc.title or '(no title)')}", "",
           f"`{doc.doc_id}` · {doc.date or ''} · subject: "
           + (", ".join(region_label(gaz, c) for c in facts.subject_regions) or "—"), ""]
    out += table(["#", "region", "surface", "context"], [
        [str(i), region_label(gaz, m.adcode), cell(m.surface), mention_context(m.sentence, m.start, m.end)]
        for i, m in enumerate(facts.regions, 1)])
    out += table(["#", "organization", "type", "region", "parent", "context"], [
        [str(i), cell(o.name), o.org_type, region_label(gaz, o.adcode), cell(o.parent or "—"), quote(o.evidence)]
        for i, o in enumerate(facts.organizations, 1)])
    out += table(["#", "local practice", "region", "related", "sentence"], [
        [str(i), cell(p.name), region_label(gaz, p.adcode), cell(str(p.related) if p.related else "—"), quote(p.evidence)]
        for i, p in enumerate(facts.local_practices, 1)])
    out += table(["#", "town / village", "kind", "county", "context"], [
        [str(i), cell(p.name), p.kind, region_label(gaz, p.county), mention_context(p.sentence, p.start, p.end)]
        for i, p in enumerate(places, 1)])
    core = [link for link in facts.links if not link.local]
    out += table(["#", "link region", "practice", "period", "sentence"], [
        [str(i), region_label(gaz, link.adcode), link.practice, cell(link.period or "—"), quote(link.evidence)]
        for i, link in enumerate(core, 1)])
    out += table(["#", "figure region", "indicator", "value", "unit", "year", "surface"], [
        [str(i), region_label(gaz, f.adcode), cell(f.indicator), f"{f.value:g}", cell(f.unit), f.year or "—",
         quote(f.evidence)]
        for i, f in enumerate(facts.metrics, 1)])
    if len(out) == 4:
        out += ["(nothing extracted)", ""]
    counts = {"regions": len(facts.regions), "organizations": len(facts.organizations),
              "local practices": len(facts.local_practices), "towns/villages": len(places),
              "core links": len(core), "figures": len(facts.metrics)}
    return out, counts


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder (or file) of JSON Lines stories")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--grep", action="append", metavar="WORD",
                        help="only stories containing this word (repeat for any of several)")
    parser.add_argument("--out", type=Path, help="default: docs/review/<corpus>-sample-seed<seed>.md")
    args = parser.parse_args(argv)
    out = args.out or ROOT / "docs" / "review" / f"{args.corpus.name}-sample-seed{args.seed}.md"

    pipeline = Pipeline.load()
    docs = sample_documents(args.corpus, args.n, args.seed, args.grep)
    body: list[str] = []
    totals: dict[str, int] = {}
    for number, doc in enumerate(docs, 1):
        lines, counts = review(pipeline, doc, number)
        body += lines
        for k, v in counts.items():
            totals[k] = totals.get(k, 0) + v
    head = [
        f"# Review sample: {len(docs)} stories from `{args.corpus.name}`, seed {args.seed}", "",
        f"Written by `scripts/review_sample.py --seed {args.seed} --n {args.n}`. Each story lists what the "
        "pipeline extracted; the mention is in 【】 within its sentence. Judge each row: right or wrong.", "",
        "Totals: " + ", ".join(f"{k} {v}" for k, v in totals.items()), "",
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(head + body) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(docs)} stories; " + ", ".join(f"{k} {v}" for k, v in totals.items()) + ")")


if __name__ == "__main__":
    main()
