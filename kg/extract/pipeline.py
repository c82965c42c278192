"""One document in, its facts out: the extraction pipeline.

``Pipeline.extract`` is a pure function of the document and the lexicons
(loaded once), so documents can be processed in any order, in parallel, or
on other machines, and give the same facts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from kg.extract.attribution import Attributor, SentenceContext, period_of
from kg.text.clean import prepare
from kg.extract.local_practices import LocalPracticeFinder
from kg.extract.metrics import find_metrics
from kg.model import (
    Document,
    DocumentFacts,
    Evidence,
    LocalPractice,
    Metric,
    Organization,
    PracticeLink,
    PreparedText,
)
from kg.extract.organizations import find_organizations
from kg.extract.places import find_local_places
from kg.extract.practices import PracticeMatcher, load_scheme
from kg.extract.regions import Gazetteer, find_region_mentions, subject_regions

# Bump when extraction rules change, so cached per-document results are redone.
EXTRACTOR_VERSION = "3"


def make_evidence(prepared: PreparedText, sentence_index: int, start: int, end: int) -> Evidence:
    sentence = prepared.sentences[sentence_index]
    text = prepared.document.text
    return Evidence(
        doc_id=prepared.document.doc_id,
        sentence_index=sentence.index,
        sentence_start=sentence.start,
        sentence_end=sentence.end,
        sentence=sentence.text,
        start=start,
        end=end,
        quote=text[start:end],
    )


@dataclass
class Pipeline:
    gazetteer: Gazetteer
    practices: PracticeMatcher
    local_practices: LocalPracticeFinder

    @classmethod
    def load(cls, ontology: Optional[Path] = None) -> "Pipeline":
        """Build the lexicons and automata once; reuse the pipeline for every document."""
        scheme = load_scheme(Path(ontology) / "practices.ttl" if ontology else None)
        matcher = PracticeMatcher(scheme)
        return cls(Gazetteer.load(), matcher, LocalPracticeFinder(matcher))

    def extract(self, document: Document) -> DocumentFacts:
        prepared = prepare(document)
        return self.extract_prepared(prepared)

    def extract_prepared(self, prepared: PreparedText) -> DocumentFacts:
        gaz = self.gazetteer
        regions = find_region_mentions(prepared, gaz)
        subjects = subject_regions(prepared, regions, gaz)
        organizations = find_organizations(prepared, regions, subjects, gaz)
        practices = self.practices.find(prepared)
        locals_ = self.local_practices.find(prepared)
        figures = find_metrics(prepared)

        by_sentence: dict[int, SentenceContext] = {}
        regions_in = defaultdict(list)
        for m in regions:
            regions_in[m.sentence].append(m)
        orgs_in = defaultdict(list)
        for o in organizations:
            orgs_in[o.sentence].append(o)

        def context(index: int) -> SentenceContext:
            if index not in by_sentence:
                sentence = prepared.sentences[index]
                by_sentence[index] = SentenceContext(
                    sentence, prepared.norm_of(sentence), regions_in[index], orgs_in[index]
                )
            return by_sentence[index]

        attributor = Attributor(gaz, subjects)
        facts = DocumentFacts(document=prepared.document, subject_regions=subjects, regions=regions, practices=practices)
        facts.places = find_local_places(prepared, regions, subjects, gaz, organizations)

        for m in practices:
            ctx = context(m.sentence)
            adcode = attributor.region_of_fact(ctx, m.start, m.end)
            if adcode:
                facts.links.append(
                    PracticeLink(adcode=adcode, practice=m.concept, local=False,
                                 evidence=make_evidence(prepared, m.sentence, m.start, m.end),
                                 period=period_of(ctx, m.start))
                )
        for m in locals_:
            ctx = context(m.sentence)
            adcode = attributor.region_of_fact(ctx, m.start, m.end)
            evidence = make_evidence(prepared, m.sentence, m.start, m.end)
            facts.local_practices.append(LocalPractice(name=m.name, adcode=adcode, related=m.related,
                                                       evidence=evidence))
            if adcode:
                facts.links.append(PracticeLink(adcode=adcode, practice=m.name, local=True, evidence=evidence,
                                                period=period_of(ctx, m.start)))
        for o in organizations:
            facts.organizations.append(
                Organization(name=o.name, org_type=o.org_type, adcode=o.adcode, parent=o.parent,
                             evidence=make_evidence(prepared, o.sentence, o.start, o.end))
            )
        for f in figures:
            ctx = context(f.sentence)
            adcode = attributor.region_of_figure(ctx, f.start, f.end)
            if not adcode:
                continue
            near = [p for p in practices if p.sentence == f.sentence]
            practice = min(near, key=lambda p: abs(p.start - f.start)).concept if near else None
            facts.metrics.append(
                Metric(adcode=adcode, indicator=f.indicator, value=f.value, unit=f.unit,
                       evidence=make_evidence(prepared, f.sentence, f.start, f.end),
                       year=f.year or period_of(ctx, f.start), practice=practice)
            )
        return facts
