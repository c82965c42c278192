"""Facts to RDF: IRIs, triples and a deterministic Turtle / N-Triples writer.

The vocabulary and IRI scheme are fixed by ``ontology/README.md``. Every node
has an IRI (no blank nodes), so graphs built from different corpora merge by
simple union. Triples are plain ``(subject, predicate, object)`` tuples of
rdflib terms; the writers here do not go through rdflib's serializer, which
is far too slow at a million triples.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import logging
import math
import os
import re
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Optional, Protocol
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import BNode

from kg.lexicons import Lexicons
from kg.model import DocumentFacts, Evidence, FormKind, FormOf, Region, RegionLookup
from kg.text.urls import clean_url
from kg.namespaces import (  # noqa: F401  (re-exported: rdf is where callers look for them)
    KG, KGR, OA, ORG, PROV, QB, SCHEMA, SDMX_ATTRIBUTE, SDMX_DIMENSION, SDMX_MEASURE,
)

log = logging.getLogger(__name__)


Triple = tuple  # (URIRef, URIRef, URIRef | Literal)

# Prefixes used when writing Turtle. Per-kind resource prefixes keep the file
# readable: Turtle local names may not contain "/".
PREFIXES: dict[str, str] = {
    "dcterms": str(DCTERMS),
    "kg": str(KG),
    "kgr": str(KGR),
    "kgad": str(KGR) + "adoption/",
    "kgc": str(KGR) + "practice-category/",
    "kgdoc": str(KGR) + "doc/",
    "kgev": str(KGR) + "evidence/",
    "kgfig": str(KGR) + "figure/",
    "kglp": str(KGR) + "local-practice/",
    "kgorg": str(KGR) + "org/",
    "kgot": str(KGR) + "org-type/",
    "kgp": str(KGR) + "practice/",
    "kgreg": str(KGR) + "region/",
    "oa": str(OA),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "qb": str(QB),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "sdmx-attribute": str(SDMX_ATTRIBUTE),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": str(SDMX_MEASURE),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

LEVEL_CLASSES = {"province": KG.Province, "prefecture": KG.Prefecture, "county": KG.County}
FIGURES_DATASET = KGR["dataset/figures"]
PRACTICE_SCHEME = KGR["practice-scheme"]
ORG_TYPE_SCHEME = KGR["org-type-scheme"]
DEFAULT_ORG_TYPE = "qita"

_ADCODE = re.compile(r"\d{6}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
# Characters that may appear unescaped in an IRI in Turtle / N-Triples.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_URL_SAFE = "/:?#[]@!$&'()*+,;=-._~%"


# ---------------------------------------------------------------- IRIs


def _sha1(*parts: object) -> str:
    # "\x1f" (unit separator) cannot occur in the parts' text, so keys are unambiguous.
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(clean_text(key).encode("utf-8")).hexdigest()


def _segment(text: str) -> str:
    """Percent-encode everything but unreserved ASCII: the result is a valid IRI segment."""
    return quote(clean_text(text), safe="-._~")


def region_iri(adcode: str) -> URIRef:
    if not _ADCODE.fullmatch(adcode or ""):
        raise ValueError(f"not a 6-digit administrative division code: {adcode!r}")
    return KGR["region/" + adcode]


def practice_iri(concept_id: str) -> URIRef:
    return KGR["practice/" + _segment(concept_id)]


def practice_category_iri(category_id: str) -> URIRef:
    return KGR["practice-category/" + _segment(category_id)]


def local_practice_iri(name: str) -> URIRef:
    return KGR["local-practice/" + _sha1(name)[:16]]


def org_iri(name: str) -> URIRef:
    return KGR["org/" + _sha1(name)[:16]]


def org_type_iri(type_id: str) -> URIRef:
    return KGR["org-type/" + _segment(type_id)]


def doc_iri(doc_id: str) -> URIRef:
    return KGR["doc/" + _segment(doc_id)]


def place_iri(county: str, name: str) -> URIRef:
    """A town or village, keyed by its county and name (柳林镇 in 421321)."""
    return KGR["place/" + _sha1(county, name)[:16]]


def evidence_iri(ev: Evidence) -> URIRef:
    return KGR["evidence/" + _sha1(ev.doc_id, ev.sentence_start, ev.sentence_end, ev.start, ev.end)]


def adoption_iri(doc_id: str, adcode: str, practice: URIRef, ev: Evidence) -> URIRef:
    return KGR["adoption/" + _sha1(doc_id, adcode, practice, ev.start, ev.end)]


def figure_iri(doc_id: str, adcode: str, indicator: str, value: str, unit: str, ev: Evidence) -> URIRef:
    return KGR["figure/" + _sha1(doc_id, adcode, indicator, value, unit, ev.start, ev.end)]


def url_iri(url: Optional[str]) -> Optional[URIRef]:
    """An article's web address as an IRI, or None when it is not an http(s) URL."""
    if not url:
        return None
    url = clean_url(clean_text(url.strip()))
    if not url or not re.match(r"https?://[^/\s]", url, re.I):
        return None
    return URIRef(quote(url, safe=_URL_SAFE))


# ---------------------------------------------------------------- literals


def clean_text(text: str) -> str:
    """Replace lone surrogates (not encodable in UTF-8) with U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


def zh(text: str) -> Literal:
    """A literal taken from article text."""
    return Literal(clean_text(text), lang="zh")


def plain(text: str) -> Literal:
    return Literal(clean_text(text))


def integer(n: int) -> Literal:
    return Literal(str(int(n)), datatype=XSD.integer)


def decimal(value: float) -> Optional[Literal]:
    """xsd:decimal from a float via its shortest repr, None if not finite.

    The lexical form is the XSD 1.1 canonical one (7600.0 -> "7600", 98.50 ->
    "98.5"), which Oxigraph also returns, so both query engines agree.
    """
    if value is None or not math.isfinite(value):
        return None
    try:
        lexical = format(Decimal(repr(float(value))).normalize(), "f")
    except (InvalidOperation, ValueError):
        return None
    if lexical in ("-0", "-0.0"):
        lexical = "0"
    return Literal(lexical, datatype=XSD.decimal)


def date(text: Optional[str]) -> Optional[Literal]:
    if not text or not _DATE.fullmatch(text):
        return None
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return None
    return Literal(text, datatype=XSD.date)


# ---------------------------------------------------------------- facts -> triples


_REGION_TRIPLES: dict[Region, tuple[Triple, ...]] = {}


def _region_triples(region: Region) -> Iterator[Triple]:
    # Every document repeats the triples of its regions and their ancestors: make them once per region.
    made = _REGION_TRIPLES.get(region)
    if made is None:
        made = tuple(_make_region_triples(region))
        if len(_REGION_TRIPLES) < 10_000:
            _REGION_TRIPLES[region] = made
    return iter(made)


def _make_region_triples(region: Region) -> Iterator[Triple]:
    r = region_iri(region.adcode)
    yield r, RDF.type, KG.Region
    level = LEVEL_CLASSES.get(region.level)
    if level is not None:
        yield r, RDF.type, level
    yield r, KG.adcode, plain(region.adcode)
    if region.name:
        yield r, RDFS.label, zh(region.name)
        yield r, SKOS.prefLabel, zh(region.name)
    if region.full_name:
        yield r, KG.fullName, zh(region.full_name)
    if region.short_name and region.short_name != region.name:
        yield r, SKOS.altLabel, zh(region.short_name)
    if region.parent and _ADCODE.fullmatch(region.parent):
        yield r, SCHEMA.containedInPlace, region_iri(region.parent)


def _level_from_code(adcode: str) -> str:
    if adcode.endswith("0000"):
        return "province"
    if adcode.endswith("00"):
        return "prefecture"
    return "county"


def _lookup(regions: RegionLookup, adcode: str) -> Optional[Region]:
    try:
        return regions.get(adcode)
    except KeyError:  # the gazetteer raises for unknown codes; a dict-like returns None
        return None


def _regions_with_ancestors(adcodes: Iterable[str], regions: RegionLookup) -> Iterator[Triple]:
    seen: set[str] = set()
    for adcode in sorted(set(adcodes)):
        if adcode in seen:
            continue
        region = _lookup(regions, adcode)
        if region is None:
            # Unknown to the gazetteer (e.g. a retired code): a bare node keeps links intact.
            log.warning("adcode %s not in the gazetteer", adcode)
            seen.add(adcode)
            r = region_iri(adcode)
            yield r, RDF.type, KG.Region
            yield r, RDF.type, LEVEL_CLASSES[_level_from_code(adcode)]
            yield r, KG.adcode, plain(adcode)
            continue
        try:
            chain = [region] + list(regions.ancestors(adcode) or [])
        except KeyError:
            chain = [region]
        for reg in chain:
            if reg.adcode not in seen:
                seen.add(reg.adcode)
                yield from _region_triples(reg)


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


def _valid_adcode(adcode: Optional[str], what: str, doc_id: str) -> bool:
    if adcode and _ADCODE.fullmatch(adcode):
        return True
    if adcode:
        log.warning("%s: skipping %s with invalid adcode %r", doc_id, what, adcode)
    return False


def facts_to_triples(facts: DocumentFacts, regions: RegionLookup, org_types: Mapping[str, str]) -> Iterator[Triple]:
    """All triples for one document's facts (may repeat a triple; writers deduplicate).

    ``org_types`` maps an organization type label (法院 …) to its concept id
    (fayuan …): ``Lexicons.org_types``, from ``ontology/organizations/types.ttl``.
    """
    document = facts.document
    doc_id = document.doc_id
    d = doc_iri(doc_id)

    yield d, RDF.type, SCHEMA.NewsArticle
    yield d, DCTERMS.identifier, plain(doc_id)
    if document.title:
        yield d, DCTERMS.title, zh(document.title)
    published = date(document.date)
    if published is not None:
        yield d, DCTERMS.date, published
    if document.outlet:
        yield d, DCTERMS.publisher, zh(document.outlet)
    if document.author:
        yield d, DCTERMS.creator, zh(document.author)
    url = url_iri(document.url)
    if url is not None:
        yield d, SCHEMA.url, url

    used_regions: set[str] = set()

    def use_region(adcode: Optional[str], what: str) -> Optional[URIRef]:
        if not _valid_adcode(adcode, what, doc_id):
            return None
        used_regions.add(adcode)
        return region_iri(adcode)

    for adcode in facts.subject_regions:
        r = use_region(adcode, "subject region")
        if r is not None:
            yield d, SCHEMA.about, r
    for mention in facts.regions:
        r = use_region(mention.adcode, "region mention")
        if r is not None:
            yield d, SCHEMA.mentions, r
    for mention in facts.practices:
        if mention.concept:
            yield d, SCHEMA.mentions, practice_iri(mention.concept)

    for lp in facts.local_practices:
        if not lp.name:
            continue
        node = local_practice_iri(lp.name)
        yield d, SCHEMA.mentions, node
        yield from _local_practice_node(node, lp.name, lp.related)
        yield node, KG.evidence, evidence_iri(lp.evidence)
        yield from _evidence_triples(lp.evidence)

    for o in facts.organizations:
        if not o.name:
            continue
        node = org_iri(o.name)
        yield d, SCHEMA.mentions, node
        yield from _org_node(node, o.name)
        type_id = org_types.get(o.org_type) or org_types.get("其他") or DEFAULT_ORG_TYPE
        yield node, ORG.classification, org_type_iri(type_id)
        r = use_region(o.adcode, "organization")
        if r is not None:
            yield node, KG.jurisdiction, r
        if o.parent and o.parent != o.name:
            parent = org_iri(o.parent)
            yield node, ORG.subOrganizationOf, parent
            yield from _org_node(parent, o.parent)
        yield node, KG.evidence, evidence_iri(o.evidence)
        yield from _evidence_triples(o.evidence)

    for link in facts.links:
        if not link.practice:
            continue
        r = use_region(link.adcode, "practice link")
        if r is None:
            continue
        if link.local:
            p = local_practice_iri(link.practice)
            yield from _local_practice_node(p, link.practice, None)
        else:
            p = practice_iri(link.practice)
        yield d, SCHEMA.mentions, p
        yield r, KG.carriesOut, p
        a = adoption_iri(doc_id, link.adcode, p, link.evidence)
        yield a, RDF.type, KG.PracticeAdoption
        yield a, KG.region, r
        yield a, KG.practice, p
        if link.period:
            yield a, KG.period, zh(link.period)
        yield a, PROV.wasDerivedFrom, d
        yield a, KG.evidence, evidence_iri(link.evidence)
        yield from _evidence_triples(link.evidence)

    metrics = [m for m in facts.metrics if _valid_adcode(m.adcode, "figure", doc_id)]
    if metrics:
        yield FIGURES_DATASET, RDF.type, QB.DataSet
        yield FIGURES_DATASET, RDFS.label, Literal("Figures reported by the articles", lang="en")
        yield FIGURES_DATASET, RDFS.label, Literal("文章报道的数据", lang="zh")
    for m in metrics:
        value = decimal(m.value)
        if value is None:
            log.warning("%s: skipping figure with value %r", doc_id, m.value)
            continue
        r = use_region(m.adcode, "figure")
        f = figure_iri(doc_id, m.adcode, m.indicator, str(value), m.unit, m.evidence)
        yield f, RDF.type, QB.Observation
        yield f, RDF.type, KG.Figure
        yield f, QB.dataSet, FIGURES_DATASET
        yield f, SDMX_DIMENSION.refArea, r
        yield f, KG.indicator, zh(m.indicator)
        yield f, SDMX_MEASURE.obsValue, value
        if m.unit:
            yield f, SDMX_ATTRIBUTE.unitMeasure, zh(m.unit)
        if m.year:
            yield f, SDMX_DIMENSION.refPeriod, plain(m.year)
        if m.practice:
            yield f, KG.practice, practice_iri(m.practice)
        yield f, PROV.wasDerivedFrom, d
        yield f, KG.evidence, evidence_iri(m.evidence)
        yield from _evidence_triples(m.evidence)

    for place in facts.places:
        county = use_region(place.county, "place")
        if county is None or not place.name:
            continue
        node = place_iri(place.county, place.name)
        yield d, SCHEMA.mentions, node
        yield from _place_node(node, place.name)
        yield node, KG.placeKind, zh(place.kind)
        if place.town and place.town != place.name:
            town = place_iri(place.county, place.town)
            yield from _place_node(town, place.town)
            yield town, SCHEMA.containedInPlace, county
            yield node, SCHEMA.containedInPlace, town
        else:
            yield node, SCHEMA.containedInPlace, county

    yield from _regions_with_ancestors(used_regions, regions)


def _place_node(node: URIRef, name: str) -> Iterator[Triple]:
    yield node, RDF.type, KG.Place
    yield node, RDFS.label, zh(name)
    yield node, SKOS.prefLabel, zh(name)


def _local_practice_node(node: URIRef, name: str, related: Optional[FormOf]) -> Iterator[Triple]:
    yield node, RDF.type, KG.LocalPractice
    yield node, SKOS.prefLabel, zh(name)
    yield node, RDFS.label, zh(name)
    if related is not None:
        category = related.kind is FormKind.CATEGORY
        yield node, KG.formOf, practice_category_iri(related.id) if category else practice_iri(related.id)


def _org_node(node: URIRef, name: str) -> Iterator[Triple]:
    yield node, RDF.type, ORG.Organization
    yield node, SKOS.prefLabel, zh(name)
    yield node, RDFS.label, zh(name)


# ---------------------------------------------------------------- schemes


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


# ---------------------------------------------------------------- writers

_ESCAPES = {
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
    ord("\b"): "\\b",
    ord("\f"): "\\f",
}
for _c in list(range(0x20)) + [0x7F]:
    _ESCAPES.setdefault(_c, "\\u%04X" % _c)


def _quote(text: str) -> str:
    return '"' + clean_text(text).translate(_ESCAPES) + '"'


def _check_iri(iri: str) -> str:
    if _BAD_IRI.search(iri) or ":" not in iri:
        raise ValueError(f"not a valid absolute IRI: {iri!r}")
    return iri


_BARE_INTEGER = re.compile(r"[+-]?[0-9]+")
_BARE_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")


class _Namer:
    """Turns IRIs into prefixed names where the rest is a plain local name."""

    def __init__(self, prefixes: Mapping[str, str]):
        # Longest namespace first, so kgreg: wins over kgr:.
        self.ns = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        hit = self.cache.get(iri)
        if hit is not None:
            return hit
        out = None
        for name, ns in self.ns:
            if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns):]):
                out = f"{name}:{iri[len(ns):]}"
                break
        if out is None:
            out = "<" + _check_iri(iri) + ">"
        if len(self.cache) < 200_000:
            self.cache[iri] = out
        return out


def _term(term, iri) -> str:
    if isinstance(term, URIRef):
        return iri(str(term))
    if isinstance(term, Literal):
        text = _quote(str(term))
        if term.language:
            lang = term.language.lower()
            if not _LANG.fullmatch(lang):
                raise ValueError(f"bad language tag: {lang!r}")
            return f"{text}@{lang}"
        datatype = term.datatype
        if datatype is not None and datatype != XSD.string:
            # Bare numbers where Turtle reads them back with the same datatype.
            if iri is not _full_iri:
                lexical = str(term)
                if datatype == XSD.integer and _BARE_INTEGER.fullmatch(lexical):
                    return lexical
                if datatype == XSD.decimal and _BARE_DECIMAL.fullmatch(lexical):
                    return lexical
            return f"{text}^^{iri(str(datatype))}"
        return text
    raise ValueError(f"blank nodes and other terms are not written: {term!r}")


def _full_iri(iri: str) -> str:
    return "<" + _check_iri(iri) + ">"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, chunks: Iterable[str]) -> None:
    """Write text to a temporary file beside ``path`` and move it into place: a killed
    process leaves the previous file intact, never a partial one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            for chunk in chunks:
                out.write(chunk)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual file mode
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _group(triples: Iterable[Triple]) -> dict[str, dict[str, set]]:
    by_subject: dict[str, dict[str, set]] = {}
    for s, p, o in triples:
        if not isinstance(s, URIRef) or not isinstance(p, URIRef):
            raise ValueError(f"subject and predicate must be IRIs: {s!r} {p!r}")
        by_subject.setdefault(str(s), {}).setdefault(str(p), set()).add(o)
    return by_subject


def turtle_lines(triples: Iterable[Triple], prefixes: Mapping[str, str] = PREFIXES) -> Iterator[str]:
    """Deterministic Turtle: the same set of triples gives the same text."""
    namer = _Namer(prefixes)
    by_subject = _group(triples)
    for name in sorted(prefixes):
        yield f"@prefix {name}: <{prefixes[name]}> .\n"
    rdf_type = str(RDF.type)
    for subject in sorted(by_subject):
        predicates = by_subject[subject]
        yield "\n" + namer.iri(subject)
        order = sorted(predicates, key=lambda p: (p != rdf_type, p))
        for i, predicate in enumerate(order):
            objects = sorted(_term(o, namer.iri) for o in predicates[predicate])
            verb = "a" if predicate == rdf_type else namer.iri(predicate)
            sep = " ;\n    " if i else " "
            yield sep + verb + " " + ", ".join(objects)
        yield " .\n"


def write_turtle(triples: Iterable[Triple], path, prefixes: Mapping[str, str] = PREFIXES) -> Path:
    """Write deterministic Turtle atomically (temp file, then os.replace)."""
    path = Path(path)
    atomic_write(path, turtle_lines(triples, prefixes))
    return path


def ntriples_lines(triples: Iterable[Triple]) -> list[str]:
    lines = {
        f"{_full_iri(str(s))} {_full_iri(str(p))} {_term(o, _full_iri)} .\n"
        for s, p, o in triples
        if isinstance(s, URIRef) and isinstance(p, URIRef)
    }
    return sorted(lines)


def write_ntriples(triples: Iterable[Triple], path) -> Path:
    """Write N-Triples, one sorted line per distinct triple, atomically."""
    path = Path(path)
    atomic_write(path, ntriples_lines(triples))
    return path


def bind_prefixes(graph: Graph, prefixes: Mapping[str, str] = PREFIXES) -> Graph:
    for name, ns in prefixes.items():
        graph.bind(name, ns, override=True, replace=True)
    return graph


def build_graph(triples: Iterable[Triple]) -> Graph:
    """An in-memory rdflib graph (for small graphs: tests, a few documents)."""
    graph = bind_prefixes(Graph(bind_namespaces="none"))
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph
