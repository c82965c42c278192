"""Facts to triples: one document's :class:`~kg.model.DocumentFacts` as RDF, and the schemes every graph holds.

The vocabulary is fixed by ``ontology/README.md`` (terms in ``ontology/kg.ttl``):
documents are ``schema:NewsArticle``; a region carries out a practice
(``kg:carriesOut``) through a ``kg:PracticeAdoption`` with its evidence (a Web
Annotation selector on the sentence); figures are RDF Data Cube observations;
organizations are W3C ORG organizations with a type from the organization-type
scheme. Triples are plain ``(subject, predicate, object)`` tuples of rdflib
terms and may repeat: the writer keeps each once.
"""

from __future__ import annotations

import logging
from typing import Iterable, Iterator, Mapping, Optional

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import BNode

from kg.lexicons import Lexicons
from kg.model import (DocumentFacts, Evidence, FormKind, FormOf, Level, LocalPlace, Metric, Organization,
                      PracticeLink, Region, RegionLookup)
from kg.namespaces import KG, OA, ORG, PROV, QB, SCHEMA, SDMX_ATTRIBUTE, SDMX_DIMENSION, SDMX_MEASURE, KGR
from kg.rdf.time import g_year, start_year
from kg.rdf.writer import nt_lines
from kg.rdf.terms import (ADCODE, Triple, adoption_iri, date, decimal, doc_iri, evidence_iri, figure_iri, integer,
                          local_practice_iri, org_iri, org_type_iri, place_iri, plain, practice_category_iri,
                          practice_iri, region_iri, url_iri, zh)

log = logging.getLogger(__name__)


class _Terms:
    """A namespace whose terms are made once: every fact asks for the same few dozen, and rdflib makes
    (and checks) a new URIRef on each attribute access."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


DCTERMS, KG, OA, ORG, PROV, QB, RDF, RDFS, SCHEMA, SDMX_ATTRIBUTE, SDMX_DIMENSION, SDMX_MEASURE, SKOS = map(
    _Terms, (DCTERMS, KG, OA, ORG, PROV, QB, RDF, RDFS, SCHEMA, SDMX_ATTRIBUTE, SDMX_DIMENSION, SDMX_MEASURE, SKOS))

LEVEL_CLASSES = {Level.PROVINCE: KG.Province, Level.PREFECTURE: KG.Prefecture, Level.COUNTY: KG.County}
FIGURES_DATASET = KGR["dataset/figures"]
DEFAULT_ORG_TYPE = "qita"


def _level_from_code(adcode: str) -> Level:
    if adcode.endswith("0000"):
        return Level.PROVINCE
    return Level.PREFECTURE if adcode.endswith("00") else Level.COUNTY


def _evidence_triples(ev: Evidence) -> Iterator[Triple]:
    e = evidence_iri(ev)
    sel = URIRef(str(e) + "#sentence")
    yield e, RDF.type, KG.Evidence
    yield e, RDF.type, OA.SpecificResource
    yield e, OA.hasSource, doc_iri(ev.doc_id)
    yield e, OA.hasSelector, sel
    yield e, KG.sentenceIndex, integer(ev.sentence_index)
    yield e, KG.mentionStart, integer(ev.start)
    yield e, KG.mentionEnd, integer(ev.end)
    yield e, KG.mentionText, zh(ev.quote)
    yield sel, RDF.type, OA.TextPositionSelector
    yield sel, RDF.type, OA.TextQuoteSelector
    yield sel, OA.start, integer(ev.sentence_start)
    yield sel, OA.end, integer(ev.sentence_end)
    yield sel, OA.exact, zh(ev.sentence)


def _named_node(node: URIRef, kind: URIRef, name: str, *labels: URIRef) -> Iterator[Triple]:
    yield node, RDF.type, kind
    for label in labels:
        yield node, label, zh(name)


def _local_practice_node(node: URIRef, name: str, related: Optional[FormOf]) -> Iterator[Triple]:
    yield from _named_node(node, KG.LocalPractice, name, SKOS.prefLabel, RDFS.label)
    yield node, KG.lookupName, plain(name)
    if related is not None:
        category = related.kind is FormKind.CATEGORY
        yield node, KG.formOf, practice_category_iri(related.id) if category else practice_iri(related.id)


def _time(fact: URIRef, period: Optional[str], published: Optional[str]) -> Iterator[Triple]:
    """The document's publication date and the start year the text states (:mod:`kg.rdf.time`)."""
    when = date(published)
    if when is not None:
        yield fact, DCTERMS.date, when
    start = g_year(start_year(period, published))
    if start is not None:
        yield fact, PROV.startedAtTime, start


class _Regions:
    """The regions one document's triples use (valid codes only), for their triples at the end."""

    def __init__(self, doc_id: str):
        self.doc_id = doc_id
        self.used: set[str] = set()

    def valid(self, adcode: Optional[str], what: str) -> bool:
        if adcode and ADCODE.fullmatch(adcode):
            return True
        if adcode:
            log.warning("%s: skipping %s with invalid adcode %r", self.doc_id, what, adcode)
        return False

    def use(self, adcode: Optional[str], what: str) -> Optional[URIRef]:
        if not self.valid(adcode, what):
            return None
        self.used.add(adcode)
        return region_iri(adcode)


class FactMapper:
    """Maps documents' facts to triples; each region's triples are made once per mapper.

    ``regions``: the gazetteer (or anything with ``get`` and ``ancestors``);
    ``org_types``: organization type label (法院 …) -> concept id (fayuan …),
    ``Lexicons.org_types``, from ``ontology/organizations/types.ttl``.
    """

    def __init__(self, regions: RegionLookup, org_types: Mapping[str, str]):
        self.regions = regions
        self.org_types = org_types
        self._region_triples: dict[Region, tuple[Triple, ...]] = {}
        self._region_lines: dict[str, list[str]] = {}  # adcode -> its region's N-Triples lines

    def triples(self, facts: DocumentFacts) -> Iterator[Triple]:
        """All triples for one document's facts."""
        used = _Regions(facts.document.doc_id)
        yield from self._fact_triples(facts, used)
        for _adcode, group in self._region_groups(used.used):
            yield from group

    def nt_lines(self, facts: DocumentFacts) -> list[str]:
        """``nt_lines(self.triples(facts))``, each region's lines rendered once per mapper (every document
        repeats those of its regions and their ancestors: half of its triples)."""
        used = _Regions(facts.document.doc_id)
        lines = set(nt_lines(self._fact_triples(facts, used)))
        for adcode, group in self._region_groups(used.used):
            made = self._region_lines.get(adcode)
            if made is None:
                made = self._region_lines[adcode] = nt_lines(group)
            lines.update(made)
        return sorted(lines)

    def _fact_triples(self, facts: DocumentFacts, used: _Regions) -> Iterator[Triple]:
        """The triples of the document and its facts; ``used`` collects the regions they name."""
        doc = doc_iri(facts.document.doc_id)
        yield from self._document(doc, facts, used)
        for lp in facts.local_practices:
            if lp.name:
                node = local_practice_iri(lp.name)
                yield doc, SCHEMA.mentions, node
                yield from _local_practice_node(node, lp.name, lp.related)
                yield node, KG.evidence, evidence_iri(lp.evidence)
                yield from _evidence_triples(lp.evidence)
        for o in facts.organizations:
            if o.name:
                yield from self._organization(doc, o, used)
        published = facts.document.date
        for link in facts.links:
            yield from self._adoption(doc, link, used, published)
        yield from self._figures(doc, facts.metrics, used, published)
        for place in facts.places:
            yield from self._place(doc, place, used)

    def _document(self, d: URIRef, facts: DocumentFacts, used: _Regions) -> Iterator[Triple]:
        document = facts.document
        yield d, RDF.type, SCHEMA.NewsArticle
        yield d, DCTERMS.identifier, plain(document.doc_id)
        metadata = ((DCTERMS.title, document.title and zh(document.title)), (DCTERMS.date, date(document.date)),
                    (DCTERMS.publisher, document.outlet and zh(document.outlet)),
                    (DCTERMS.creator, document.author and zh(document.author)), (SCHEMA.url, url_iri(document.url)))
        for predicate, value in metadata:
            if value is not None and value != "":
                yield d, predicate, value
        for adcode in facts.subject_regions:
            r = used.use(adcode, "subject region")
            if r is not None:
                yield d, SCHEMA.about, r
        for mention in facts.regions:
            r = used.use(mention.adcode, "region mention")
            if r is not None:
                yield d, SCHEMA.mentions, r
        for mention in facts.practices:
            if mention.concept:
                yield d, SCHEMA.mentions, practice_iri(mention.concept)

    def _organization(self, d: URIRef, o: Organization, used: _Regions) -> Iterator[Triple]:
        node = org_iri(o.name)
        yield d, SCHEMA.mentions, node
        yield from _named_node(node, ORG.Organization, o.name, SKOS.prefLabel, RDFS.label)
        type_id = self.org_types.get(o.org_type) or self.org_types.get("其他") or DEFAULT_ORG_TYPE
        yield node, ORG.classification, org_type_iri(type_id)
        r = used.use(o.adcode, "organization")
        if r is not None:
            yield node, KG.jurisdiction, r
        if o.parent and o.parent != o.name:
            parent = org_iri(o.parent)
            yield node, ORG.subOrganizationOf, parent
            yield from _named_node(parent, ORG.Organization, o.parent, SKOS.prefLabel, RDFS.label)
        yield node, KG.evidence, evidence_iri(o.evidence)
        yield from _evidence_triples(o.evidence)

    def _adoption(self, d: URIRef, link: PracticeLink, used: _Regions,
                  published: Optional[str] = None) -> Iterator[Triple]:
        r = used.use(link.adcode, "practice link") if link.practice else None
        if r is None:
            return
        if link.local:
            p = local_practice_iri(link.practice)
            yield from _local_practice_node(p, link.practice, None)
        else:
            p = practice_iri(link.practice)
        yield d, SCHEMA.mentions, p
        yield r, KG.carriesOut, p
        a = adoption_iri(used.doc_id, link.adcode, p, link.evidence)
        yield a, RDF.type, KG.PracticeAdoption
        yield a, KG.region, r
        yield a, KG.practice, p
        if link.period:
            yield a, KG.period, zh(link.period)
        yield from _time(a, link.period, published)
        yield a, PROV.wasDerivedFrom, d
        yield a, KG.evidence, evidence_iri(link.evidence)
        yield from _evidence_triples(link.evidence)

    def _figures(self, d: URIRef, metrics: Iterable[Metric], used: _Regions,
                 published: Optional[str] = None) -> Iterator[Triple]:
        metrics = [m for m in metrics if used.valid(m.adcode, "figure")]
        if metrics:
            yield FIGURES_DATASET, RDF.type, QB.DataSet
            yield FIGURES_DATASET, RDFS.label, Literal("Figures reported by the articles", lang="en")
            yield FIGURES_DATASET, RDFS.label, Literal("文章报道的数据", lang="zh")
        for m in metrics:
            value = decimal(m.value)
            if value is None:
                log.warning("%s: skipping figure with value %r", used.doc_id, m.value)
                continue
            f = figure_iri(used.doc_id, m.adcode, m.indicator, str(value), m.unit, m.evidence)
            yield f, RDF.type, QB.Observation
            yield f, RDF.type, KG.Figure
            yield f, QB.dataSet, FIGURES_DATASET
            yield f, SDMX_DIMENSION.refArea, used.use(m.adcode, "figure")
            yield f, KG.indicator, zh(m.indicator)
            yield f, SDMX_MEASURE.obsValue, value
            if m.unit:
                yield f, SDMX_ATTRIBUTE.unitMeasure, zh(m.unit)
            if m.year:
                yield f, SDMX_DIMENSION.refPeriod, plain(m.year)
            yield from _time(f, m.year, published)
            if m.practice:
                yield f, KG.practice, practice_iri(m.practice)
            yield f, PROV.wasDerivedFrom, d
            yield f, KG.evidence, evidence_iri(m.evidence)
            yield from _evidence_triples(m.evidence)

    def _place(self, d: URIRef, place: LocalPlace, used: _Regions) -> Iterator[Triple]:
        county = used.use(place.county, "place")
        if county is None or not place.name:
            return
        node = place_iri(place.county, place.name)
        yield d, SCHEMA.mentions, node
        yield from _named_node(node, KG.Place, place.name, RDFS.label, SKOS.prefLabel)
        yield node, KG.placeKind, zh(place.kind)
        if place.town and place.town != place.name:
            town = place_iri(place.county, place.town)
            yield from _named_node(town, KG.Place, place.town, RDFS.label, SKOS.prefLabel)
            yield town, SCHEMA.containedInPlace, county
            yield node, SCHEMA.containedInPlace, town
        else:
            yield node, SCHEMA.containedInPlace, county

    # -- regions

    def _lookup(self, adcode: str) -> Optional[Region]:
        try:
            return self.regions.get(adcode)
        except KeyError:  # the gazetteer raises for unknown codes; a dict-like returns None
            return None

    def _region_groups(self, adcodes: Iterable[str]) -> Iterator[tuple[str, tuple[Triple, ...]]]:
        """(adcode, its triples) of the regions used and of their ancestors: always the same for a code."""
        seen: set[str] = set()
        for adcode in sorted(set(adcodes)):
            if adcode in seen:
                continue
            region = self._lookup(adcode)
            if region is None:
                # Unknown to the gazetteer (e.g. a retired code): a bare node keeps links intact.
                log.warning("adcode %s not in the gazetteer", adcode)
                seen.add(adcode)
                r = region_iri(adcode)
                yield adcode, ((r, RDF.type, KG.Region), (r, RDF.type, LEVEL_CLASSES[_level_from_code(adcode)]),
                       (r, KG.adcode, plain(adcode)), (r, KG.within, r), (r, KG.lookupName, plain(adcode)))
                continue
            try:
                chain = [region] + list(self.regions.ancestors(adcode) or [])
            except KeyError:
                chain = [region]
            for reg in chain:
                if reg.adcode not in seen:
                    seen.add(reg.adcode)
                    yield reg.adcode, self._region(reg)

    def _region(self, region: Region) -> tuple[Triple, ...]:
        # Every document repeats the triples of its regions and their ancestors: make them once per region.
        made = self._region_triples.get(region)
        if made is None:
            made = self._region_triples[region] = tuple(_region_node(region)) + tuple(self._within(region))
        return made

    def _within(self, region: Region) -> Iterator[Triple]:
        # kg:within: the reflexive, transitive closure of the regions' schema:containedInPlace, made here
        # once so that queries need no property path (``?place kg:within ?top`` for ``containedInPlace*``).
        r = region_iri(region.adcode)
        yield r, KG.within, r
        parent, seen = region.parent, {region.adcode}
        while parent and ADCODE.fullmatch(parent) and parent not in seen:
            seen.add(parent)
            yield r, KG.within, region_iri(parent)
            above = self._lookup(parent)
            parent = above.parent if above is not None else None


def _region_node(region: Region) -> Iterator[Triple]:
    r = region_iri(region.adcode)
    yield r, RDF.type, KG.Region
    level = LEVEL_CLASSES.get(region.level)
    if level is not None:
        yield r, RDF.type, level
    yield r, KG.adcode, plain(region.adcode)
    if region.name:
        yield r, RDFS.label, zh(region.name)
        yield r, SKOS.prefLabel, zh(region.name)
    if region.name_en:
        yield r, SKOS.prefLabel, Literal(region.name_en, lang="en")
    if region.full_name:
        yield r, KG.fullName, zh(region.full_name)
    if region.short_name and region.short_name != region.name:
        yield r, SKOS.altLabel, zh(region.short_name)
    if region.parent and ADCODE.fullmatch(region.parent):
        yield r, SCHEMA.containedInPlace, region_iri(region.parent)
    # kg:lookupName: every form a query parameter may give (name, full name, short name, English name,
    # code) as a plain string, so a bound parameter meets the index directly (?top kg:lookupName ?region_name).
    forms = (region.name, region.full_name, region.short_name, region.name_en, region.adcode)
    for form in sorted({f for f in forms if f}):
        yield r, KG.lookupName, plain(form)


def facts_to_triples(facts: DocumentFacts, regions: RegionLookup, org_types: Mapping[str, str]) -> Iterator[Triple]:
    """All triples for one document's facts (see :class:`FactMapper`; reuse a mapper for many documents)."""
    return FactMapper(regions, org_types).triples(facts)


def scheme_triples(lexicons: Lexicons) -> Iterator[Triple]:
    """The practice scheme and organization-type scheme as the lexicons read them, so the graph is
    self-contained (language tags lower-cased; blank nodes refused: every node needs an IRI)."""
    for graph in lexicons.schemes:
        for s, p, o in graph:
            if isinstance(s, BNode) or isinstance(o, BNode):
                raise ValueError("the schemes may hold no blank nodes (give every node an IRI)")
            if isinstance(o, Literal) and o.language:
                o = Literal(str(o), lang=o.language.lower())
            yield s, p, o
        # kg:lookupName: each practice's labels and aliases, in every language, as plain strings: the
        # index a query's practice_label meets (one lookup, where skos:prefLabel|skos:altLabel with a
        # FILTER made Oxigraph evaluate the rest of the query over every adoption)
        for practice in graph.subjects(RDF.type, KG.Practice):
            for label in (SKOS.prefLabel, SKOS.altLabel):
                for name in graph.objects(practice, label):
                    yield practice, KG.lookupName, plain(str(name))
