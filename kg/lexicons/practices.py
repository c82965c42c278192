"""Core governance practices: the SKOS scheme of ``ontology/practices.ttl``.

The scheme is the single source of truth: every ``skos:prefLabel`` and
``skos:altLabel`` is a name of its practice, every ``kg:matchPattern`` a regular
expression for phrases no fixed label holds, and ``skos:broader`` gives its
category. A domain expert adds a practice or an alias by editing Turtle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from kg.lexicons.files import DataFiles
from kg.namespaces import KG
from kg.text.normalize import normalize

PRACTICES = "practices.ttl"
NATIONAL_FORMS = "national_forms.tsv"


@dataclass(frozen=True, kw_only=True)
class PracticeConcept:
    concept_id: str  # last segment of the IRI, e.g. xueliang-gongcheng
    iri: str
    label: str  # skos:prefLabel@zh, the canonical label
    alt_labels: tuple[str, ...]
    category_id: Optional[str]
    category_label: Optional[str]
    patterns: tuple[str, ...] = ()
    place_patterns: tuple[tuple[str, str], ...] = ()  # kg:placePattern "平安{region}" as ("平安", "")


@dataclass(frozen=True, kw_only=True)
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


def _concept(graph: Graph, iri) -> PracticeConcept:
    labels = _zh(graph.objects(iri, SKOS.prefLabel))
    if not labels:
        raise ValueError(f"{PRACTICES}: practice {iri} has no skos:prefLabel@zh")
    broader = sorted(graph.objects(iri, SKOS.broader))
    category = broader[0] if broader else None
    return PracticeConcept(
        concept_id=_tail(str(iri)),
        iri=str(iri),
        label=labels[0],
        alt_labels=tuple(_zh(graph.objects(iri, SKOS.altLabel))),
        category_id=_tail(str(category)) if category is not None else None,
        category_label=_zh(graph.objects(category, SKOS.prefLabel))[0] if category is not None else None,
        patterns=tuple(sorted(str(p) for p in graph.objects(iri, KG.matchPattern))),
        place_patterns=tuple(sorted(tuple(str(p).split("{region}", 1)) for p in graph.objects(iri, KG.placePattern)
                                    if "{region}" in str(p))),
    )


def scheme_from(graph: Graph) -> PracticeScheme:
    """The practice scheme in a parsed ``practices.ttl``."""
    concepts = {_tail(str(iri)): _concept(graph, iri) for iri in sorted(set(graph.subjects(RDF.type, KG.Practice)))}
    categories = {}
    for iri in sorted(set(graph.subjects(RDF.type, KG.PracticeCategory))):
        labels = _zh(graph.objects(iri, SKOS.prefLabel))
        if labels:
            cid = _tail(str(iri))
            categories[cid] = PracticeCategory(category_id=cid, label=labels[0],
                                               alt_labels=tuple(_zh(graph.objects(iri, SKOS.altLabel))))
    return PracticeScheme(concepts, categories)


def load_national_forms(files: DataFiles) -> dict[str, tuple[str, ...]]:
    """``national_forms.tsv``: folded form (平安中国) -> the honour words that still give a region the practice."""
    return {normalize(cols[0]): tuple(normalize(w) for w in (cols[1].split() if len(cols) > 1 else ()))
            for cols in files.rows(NATIONAL_FORMS, missing_ok=True)}


NOT_PRACTICES = "not_practices.tsv"


@dataclass(frozen=True)
class NotPractices:
    """Where a practice's words name no practice (``not_practices.tsv``), by concept id: a word right after
    the mention makes it a thing's name (矛盾调解室), a pattern in its clause makes it one case (这起纠纷调解成功)."""

    after: dict[str, tuple[str, ...]] = field(default_factory=dict)
    clause: dict[str, tuple[re.Pattern, ...]] = field(default_factory=dict)
    # a pattern whose match covers the mention makes it part of a longer name (涉黄涉毒: a kind of offence)
    within: dict[str, tuple[re.Pattern, ...]] = field(default_factory=dict)


def load_not_practices(files: DataFiles) -> NotPractices:
    after: dict[str, list[str]] = {}
    clause: dict[str, list[re.Pattern]] = {}
    within: dict[str, list[re.Pattern]] = {}
    for cols in files.rows(NOT_PRACTICES, missing_ok=True):
        if len(cols) < 3:
            continue
        concept, where, value = cols[0], cols[1], cols[2]
        if where == "after":
            after.setdefault(concept, []).extend(normalize(w) for w in value.split())
        elif where == "clause":
            clause.setdefault(concept, []).append(re.compile(value))
        elif where == "within":
            within.setdefault(concept, []).append(re.compile(value))
    return NotPractices({k: tuple(v) for k, v in after.items()}, {k: tuple(v) for k, v in clause.items()},
                        {k: tuple(v) for k, v in within.items()})
