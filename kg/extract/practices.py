"""Core governance practices: the SKOS scheme in ``ontology/practices.ttl`` and
a matcher that finds its labels in text.

The scheme is the single source of truth: every ``skos:prefLabel`` and
``skos:altLabel`` becomes a pattern, so a domain expert adds a practice or an
alias by editing Turtle. Labels are folded the same way as the text
(``kg.normalize``) and matched with one Aho-Corasick automaton; a hit is kept
only on jieba word boundaries (网格 must not match inside 电网格局).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

import ahocorasick
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from kg.model import PracticeMention, PreparedText
from kg.namespaces import KG
from kg.text.normalize import normalize
from kg.config import ontology_dir
from kg.text.segment import token_boundaries


# A label this long is specific enough that a word boundary on its right edge
# is not required (雪亮工程建设 vs jieba's 建设 tokens); short ones (天网, 网格) need both.
_LONG_LABEL = 4


@dataclass(frozen=True)
class PracticeConcept:
    concept_id: str  # last segment of the IRI, e.g. xueliang-gongcheng
    iri: str
    label: str  # skos:prefLabel@zh, the canonical label
    alt_labels: tuple[str, ...]
    category_id: Optional[str]
    category_label: Optional[str]
    patterns: tuple[str, ...] = ()


@dataclass(frozen=True)
class PracticeCategory:
    category_id: str  # e.g. jiceng-zhili
    label: str  # 基层治理
    alt_labels: tuple[str, ...]  # words that tie a local practice to it (基层社会治理)


@dataclass(frozen=True)
class PracticeScheme:
    concepts: dict[str, PracticeConcept]  # by concept id
    categories: dict[str, PracticeCategory] = field(default_factory=dict)  # by category id

    def by_label(self, label: str) -> Optional[PracticeConcept]:
        for concept in self.concepts.values():
            if concept.label == label:
                return concept
        return None

    def labels(self) -> dict[str, str]:
        """Every folded label (pref and alt) -> concept id."""
        table: dict[str, str] = {}
        for cid in sorted(self.concepts):
            concept = self.concepts[cid]
            for label in (concept.label, *concept.alt_labels):
                table.setdefault(normalize(label), cid)
        return table


def _zh(values) -> list[str]:
    return sorted(str(v) for v in values if isinstance(v, Literal) and (v.language or "").startswith("zh"))


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def load_scheme(path: Optional[Path] = None) -> PracticeScheme:
    """Read the practice concept scheme (``ontology/practices.ttl``)."""
    path = Path(path) if path else ontology_dir() / "practices.ttl"
    return _load_scheme_cached(str(path.resolve()), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load_scheme_cached(path: str, _mtime: int) -> PracticeScheme:
    graph = Graph(bind_namespaces="none")
    graph.parse(path, format="turtle")
    concepts: dict[str, PracticeConcept] = {}
    for iri in sorted(set(graph.subjects(RDF.type, KG.Practice))):
        labels = _zh(graph.objects(iri, SKOS.prefLabel))
        if not labels:
            raise ValueError(f"{path}: practice {iri} has no skos:prefLabel@zh")
        broader = sorted(graph.objects(iri, SKOS.broader))
        category = broader[0] if broader else None
        category_label = _zh(graph.objects(category, SKOS.prefLabel))[0] if category is not None else None
        concepts[_tail(str(iri))] = PracticeConcept(
            concept_id=_tail(str(iri)),
            iri=str(iri),
            label=labels[0],
            alt_labels=tuple(_zh(graph.objects(iri, SKOS.altLabel))),
            category_id=_tail(str(category)) if category is not None else None,
            category_label=category_label,
            patterns=tuple(sorted(str(p) for p in graph.objects(iri, KG.matchPattern))),
        )
    categories = {}
    for iri in sorted(set(graph.subjects(RDF.type, KG.PracticeCategory))):
        labels = _zh(graph.objects(iri, SKOS.prefLabel))
        if labels:
            cid = _tail(str(iri))
            categories[cid] = PracticeCategory(cid, labels[0], tuple(_zh(graph.objects(iri, SKOS.altLabel))))
    return PracticeScheme(concepts, categories)


class PracticeMatcher:
    """Finds the scheme's labels in prepared text."""

    def __init__(self, scheme: PracticeScheme):
        self.scheme = scheme
        self._automaton = ahocorasick.Automaton()
        for label, cid in scheme.labels().items():
            self._automaton.add_word(label, (label, cid))
        self._automaton.make_automaton()
        self._patterns = [
            (re.compile(p), cid) for cid in sorted(scheme.concepts) for p in scheme.concepts[cid].patterns
        ]

    def find_in(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, concept id) of non-overlapping practice labels in ``text``."""
        hits: list[tuple[int, int, str]] = []
        bounds = None
        for end_index, (label, cid) in self._automaton.iter(text):
            start, end = end_index - len(label) + 1, end_index + 1
            if bounds is None:
                bounds = token_boundaries(text)
            if start not in bounds:
                continue
            if len(label) < _LONG_LABEL and end not in bounds:
                continue
            hits.append((start, end, cid))
        for pattern, cid in self._patterns:
            for m in pattern.finditer(text):
                hits.append((m.start(), m.end(), cid))
        # Longest first, then leftmost: 网格员 wins over 网格, 新时代“枫桥经验” over 枫桥经验.
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0], h[2]))
        taken: list[tuple[int, int, str]] = []
        for hit in hits:
            if all(hit[1] <= t[0] or hit[0] >= t[1] for t in taken):
                taken.append(hit)
        return sorted(taken)

    def categories_in(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, category id) of the category words in ``text`` (基层社会治理, 矛盾纠纷调解)."""
        hits = []
        for cid in sorted(self.scheme.categories):
            category = self.scheme.categories[cid]
            for label in {normalize(w) for w in (category.label, *category.alt_labels)}:
                start = text.find(label)
                while start >= 0:
                    hits.append((start, start + len(label), cid))
                    start = text.find(label, start + 1)
        return sorted(hits)

    def find(self, prepared: PreparedText) -> list[PracticeMention]:
        text = prepared.document.text
        mentions = []
        for sentence in prepared.sentences:
            for start, end, cid in self.find_in(prepared.norm_of(sentence)):
                s, e = sentence.start + start, sentence.start + end
                mentions.append(PracticeMention(start=s, end=e, surface=text[s:e], sentence=sentence.index,
                                                concept=cid))
        return mentions


def find_practices(prepared: PreparedText, matcher: PracticeMatcher) -> list[PracticeMention]:
    return matcher.find(prepared)
