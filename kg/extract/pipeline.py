"""One document in, its facts out: the extraction pipeline.

The extractors find *mentions* in the prepared text (each given its part of
the :class:`~kg.lexicons.Lexicons`); the pipeline then *resolves* them into
facts: every practice, local practice and figure gets the region the clause
names as its actor (:mod:`kg.extract.attribution`) and its evidence.

``Pipeline.extract`` is a pure function of the document and the lexicons, so
documents can be processed in any order, in parallel, or on other machines,
and give the same facts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from kg.extract.attribution import Attributor, SentenceContext, period_of
from kg.extract.local_practices import LocalPracticeFinder
from kg.extract.metrics import figure_not_reported, find_metrics, sentence_not_reported, title_person
from kg.extract.organizations import find_organizations, place_town_units
from kg.extract.places import find_local_places
from kg.extract.practices import PracticeMatcher
from kg.extract.regions import find_region_mentions, subject_regions, town_subjects
from kg.lexicons import Lexicons
from kg.lexicons.regions import Gazetteer
from kg.model import (
    Document,
    DocumentFacts,
    Evidence,
    LocalPractice,
    LocalPracticeMention,
    Metric,
    MetricMention,
    Organization,
    OrganizationMention,
    PracticeLink,
    PracticeMention,
    PreparedText,
    RegionMention,
    Sentence,
)
from kg.text.chars import CLAUSE_BREAK
from kg.text.clean import prepare
from kg.text.structure import DocumentStructure, document_structure

# Bump when extraction rules change, so cached per-document results are redone.
EXTRACTOR_VERSION = "6"


def make_evidence(prepared: PreparedText, sentence_index: int, start: int, end: int) -> Evidence:
    sentence = prepared.sentences[sentence_index]
    return Evidence(doc_id=prepared.document.doc_id, sentence_index=sentence.index, sentence_start=sentence.start,
                    sentence_end=sentence.end, sentence=sentence.text, start=start, end=end,
                    quote=prepared.document.text[start:end])


@dataclass(frozen=True, kw_only=True)
class Mentions:
    """What the extractors found in one document, before attribution."""

    regions: list[RegionMention]
    subjects: list[str]  # the regions the article is about
    structure: DocumentStructure  # headings, paragraphs: what each sentence inherits its region from
    organizations: list[OrganizationMention]
    practices: list[PracticeMention]
    local_practices: list[LocalPracticeMention]
    figures: list[MetricMention]


class _Contexts:
    """The mentions of each sentence that can take a fact, made on first use."""

    def __init__(self, prepared: PreparedText, regions: list[RegionMention],
                 organizations: list[OrganizationMention] = ()):
        self.prepared = prepared
        self.regions, self.organizations = defaultdict(list), defaultdict(list)
        for m in sorted(regions, key=lambda m: (m.start, m.end)):
            self.regions[m.sentence].append(m)
        for o in organizations:
            self.organizations[o.sentence].append(o)
        self._made: dict[int, SentenceContext] = {}

    def __getitem__(self, index: int) -> SentenceContext:
        if index not in self._made:
            sentence = self.prepared.sentences[index]
            self._made[index] = SentenceContext(sentence, self.prepared.norm_of(sentence), self.regions[index],
                                                self.organizations[index])
        return self._made[index]


class _NamedInside:
    """The regions named inside a mention's own words: a practice named after a place is that place's
    (平安陕西建设 is 陕西's, “浦江经验” 浦江's), whoever the clause's actor is."""

    def __init__(self, regions: list[RegionMention], ancestors: Callable[[str], tuple[str, ...]] = lambda code: ()):
        self._ancestors = ancestors
        self._by_sentence: dict[int, list[RegionMention]] = defaultdict(list)
        for r in regions:
            if r.adcode:
                self._by_sentence[r.sentence].append(r)

    def joined(self, adcodes: tuple[str, ...], mention, acts: Callable[[], bool] = lambda: True) -> tuple[str, ...]:
        """``adcodes`` and the regions named inside the mention. A region below one named inside drops out
        unless its clause names it acting (``acts``): 平安陕西建设成效如何? in a 神木 article is 陕西's, not 神木's;
        高县认真落实平安四川建设 is both."""
        inside = tuple(r.adcode for r in self._by_sentence.get(mention.sentence, ())
                       if mention.start <= r.start and r.end <= mention.end)
        if inside and any(set(inside) & set(self._ancestors(code)) for code in adcodes) and not acts():
            adcodes = tuple(code for code in adcodes if not set(inside) & set(self._ancestors(code)))
        return tuple(dict.fromkeys((*adcodes, *inside)))


_HONOUR_WINDOW = 8  # 平安中国建设示范县, 平安甘肃建设优秀市州: the honour comes within a few characters


def _honour_after(norm: str, at: int, honours) -> bool:
    """One of ``honours`` within a few characters after ``at``, in the same clause."""
    after = norm[at : at + _HONOUR_WINDOW]
    cut = CLAUSE_BREAK.search(after)
    return any(word in (after[: cut.start()] if cut else after) for word in honours)


_VILLAGE_KINDS = frozenset({"村", "社区"})  # villages name no county's action; towns do


def _nothing_reported(prepared: PreparedText, sentence: Sentence, lexicons: Lexicons, person: str,
                      structure: DocumentStructure, places: frozenset[int]) -> bool:
    """No number of the sentence is a figure of the region's work (a profile's career, another topic)."""
    paragraph = structure.paragraph_of(sentence.index)
    return sentence_not_reported(prepared.norm_of(sentence), lexicons.figures, person,
                                 prepared.norm[paragraph.start : paragraph.end],
                                 names_place=sentence.index in places) is not None


def _not_reported(prepared: PreparedText, figure: MetricMention, lexicons: Lexicons) -> bool:
    """A number that is no figure of the region's work (population, one case, a rank): see not_reported.tsv."""
    sentence = prepared.sentences[figure.sentence]
    return figure_not_reported(prepared.norm_of(sentence), figure.start - sentence.start,
                               figure.end - sentence.start, lexicons.figures) is not None


class Pipeline:
    """The extractors, built once from the lexicons and reused for every document."""

    def __init__(self, lexicons: Lexicons):
        self.lexicons = lexicons
        self.practices = PracticeMatcher(lexicons.practices, lexicons.not_practices)
        self._honours = tuple(sorted({w for words in lexicons.national_forms.values() for w in words}))
        self.local_practices = LocalPracticeFinder(self.practices, lexicons.local_practices,
                                                   lexicons.local_practice_model)

    @classmethod
    def load(cls, ontology: Optional[str | Path] = None) -> "Pipeline":
        """The pipeline over the lexicons of ``ontology`` (default: :func:`kg.config.ontology_dir`)."""
        return cls(Lexicons.load(ontology))

    @property
    def gazetteer(self) -> Gazetteer:
        return self.lexicons.gazetteer

    def prepare(self, document: Document) -> PreparedText:
        return prepare(document, self.lexicons.boilerplate)

    def extract(self, document: Document) -> DocumentFacts:
        return self.extract_prepared(self.prepare(document))

    def extract_prepared(self, prepared: PreparedText) -> DocumentFacts:
        mentions = self.mentions(prepared)
        return self.resolve(prepared, mentions)

    def mentions(self, prepared: PreparedText) -> Mentions:
        lex, gaz = self.lexicons, self.lexicons.gazetteer
        regions = find_region_mentions(prepared, gaz, lex.places)
        subjects = subject_regions(prepared, regions, gaz)
        if lex.places.pattern.search(prepared.headline):  # a story about one town: its county (town_subjects)
            subjects = town_subjects(prepared, subjects, find_local_places(prepared, regions, subjects, gaz, lex.places),
                                     gaz)
        structure = document_structure(prepared)
        # The places alone first say which region each sentence is in, so that abbreviated bodies
        # (县法院 in a county's section) take it; the bodies then join the attribution of facts.
        by_places = self._attributor(prepared, subjects, structure, _Contexts(prepared, regions))
        # A profile's person: their figures are not the region's, nor those of sentences naming no region.
        person = title_person(prepared, regions, lex.figures)
        places = frozenset(r.sentence for r in regions)
        return Mentions(
            regions=regions,
            subjects=subjects,
            structure=structure,
            organizations=find_organizations(prepared, regions, subjects, gaz, lex.organizations, lex.places,
                                             scope=by_places.sentence_scope),
            practices=self.practices.find(prepared, regions),
            local_practices=self.local_practices.find(prepared, regions),
            # Sentences none of whose numbers can count are not parsed; the rest are judged number by number.
            figures=[f for f in find_metrics(prepared, lex.figures,
                                             skip=lambda s: _nothing_reported(prepared, s, lex, person, structure,
                                                                              places))
                     if not _not_reported(prepared, f, lex)],
        )

    def resolve(self, prepared: PreparedText, mentions: Mentions) -> DocumentFacts:
        """Facts from mentions: each practice, local practice and figure attributed to a region, with evidence."""
        gaz = self.lexicons.gazetteer
        facts = DocumentFacts(document=prepared.document, subject_regions=mentions.subjects, regions=mentions.regions,
                              practices=mentions.practices)
        facts.places = find_local_places(prepared, mentions.regions, mentions.subjects, gaz, self.lexicons.places,
                                         mentions.organizations)
        organizations = place_town_units(mentions.organizations, facts.places, gaz, self.lexicons.organizations)
        # A town opening a clause (陆家嘴街道深化推广…) acts for its county; so does a village or community
        # the headline names, the story's whole subject (浙江：某某社区探索基层治理新实践).
        towns = [RegionMention(start=p.start, end=p.end, surface=p.name, sentence=p.sentence, adcode=p.county)
                 for p in facts.places if p.kind not in _VILLAGE_KINDS or p.name in prepared.headline]
        contexts = _Contexts(prepared, mentions.regions + towns, organizations)
        attributor = self._attributor(prepared, mentions.subjects, mentions.structure, contexts)
        named_in = _NamedInside(mentions.regions, gaz.ancestor_codes)
        for m in mentions.practices:
            ctx = contexts[m.sentence]
            if self._national_form(prepared, m):
                continue
            evidence = make_evidence(prepared, m.sentence, m.start, m.end)
            adcodes = attributor.regions_of_fact(ctx, m.start, m.end)  # 江苏、湖北等地: each of them
            if not self._honour_follows(prepared, m):  # 平安陕西建设: 陕西 too; 平安甘肃建设优秀市州: the city only
                adcodes = named_in.joined(adcodes, m, lambda: bool(attributor.actors(ctx, m.start, m.end)))
            for adcode in adcodes:
                facts.links.append(PracticeLink(adcode=adcode, practice=m.concept, local=False, evidence=evidence,
                                                period=period_of(ctx, m.start)))
        # A local brand has one home: where a clause of its own names the region running it (“背包警务”是富平县
        # 公安局创新实施的…), the mentions that only inherit a region (a quote, the article's region) take that one.
        national: Optional[bool] = None  # does any sentence of the document speak for the country (made on first use)
        named_home: dict[str, tuple[str, ...]] = {}
        own_actors = [attributor.actors(contexts[m.sentence], m.start, m.end) for m in mentions.local_practices]
        for m, actors in zip(mentions.local_practices, own_actors):
            if actors and m.name not in named_home:
                named_home[m.name] = actors
        for m, actors in zip(mentions.local_practices, own_actors):
            ctx = contexts[m.sentence]
            adcodes = attributor.regions_of_fact(ctx, m.start, m.end)
            if not adcodes:
                # A quoted method no region runs: in a story about the whole country it is a national one
                # (“打伞破网”), no local brand; in one that never speaks for the country (a town's article, a
                # county's whose region is not made out) it is a brand of no known region: named, no link.
                if national is None:
                    national = any(attributor.speaks_for_country(contexts[i]) for i in range(len(prepared.sentences)))
                if not national:
                    facts.local_practices.append(LocalPractice(
                        name=m.name, adcode=None, related=m.related,
                        evidence=make_evidence(prepared, m.sentence, m.start, m.end)))
                continue
            if m.name in named_home and not actors:
                adcodes = named_home[m.name]
            evidence = make_evidence(prepared, m.sentence, m.start, m.end)
            facts.local_practices.append(LocalPractice(name=m.name, adcode=adcodes[0],
                                                       related=m.related, evidence=evidence))
            for adcode in named_in.joined(adcodes, m, lambda: bool(actors)):  # “浦江经验” is 浦江's too
                facts.links.append(PracticeLink(adcode=adcode, practice=m.name, local=True, evidence=evidence,
                                                period=period_of(ctx, m.start)))
        facts.organizations = [Organization(name=o.name, org_type=o.org_type, adcode=o.adcode, parent=o.parent,
                                            evidence=make_evidence(prepared, o.sentence, o.start, o.end))
                               for o in organizations]
        facts.metrics = self._metrics(prepared, mentions, contexts, attributor)
        return facts

    def _attributor(self, prepared: PreparedText, subjects: list[str], structure: DocumentStructure,
                    contexts: _Contexts) -> Attributor:
        gaz = self.lexicons.gazetteer
        return Attributor(gaz, subjects, structure, contexts.__getitem__, gaz.national_leads, gaz.national_leaders,
                          prepared.headline, gaz.collective_words, gaz.national_firsts, gaz.attribution)

    def _honour_follows(self, prepared: PreparedText, m: PracticeMention) -> bool:
        """An honour word of ``national_forms.tsv`` follows the mention (平安甘肃建设优秀市州: an honour under it)."""
        sentence = prepared.sentences[m.sentence]
        return _honour_after(prepared.norm_of(sentence), m.end - sentence.start, self._honours)

    def _national_form(self, prepared: PreparedText, m: PracticeMention) -> bool:
        """The mention names the national programme (平安中国), and no honour under it follows (示范县)."""
        sentence = prepared.sentences[m.sentence]
        norm = prepared.norm_of(sentence)
        start = m.start - sentence.start
        form = norm[start : m.end - sentence.start]  # 平安中国, 平安中国建设
        for national, honours in self.lexicons.national_forms.items():
            if form.startswith(national):
                return not _honour_after(norm, start + len(national), honours)
        return False

    @staticmethod
    def _metrics(prepared: PreparedText, mentions: Mentions, contexts: _Contexts, attributor: Attributor) -> list[Metric]:
        out = []
        for f in mentions.figures:
            ctx = contexts[f.sentence]
            adcode = attributor.region_of_figure(ctx, f.start, f.end)
            if not adcode:
                continue
            near = [p for p in mentions.practices if p.sentence == f.sentence]
            practice = min(near, key=lambda p: abs(p.start - f.start)).concept if near else None
            out.append(Metric(adcode=adcode, indicator=f.indicator, value=f.value, unit=f.unit,
                              evidence=make_evidence(prepared, f.sentence, f.start, f.end),
                              year=f.year or period_of(ctx, f.start), practice=practice))
        return out
