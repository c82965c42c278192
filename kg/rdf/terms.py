"""RDF terms of the graph: its IRIs (fixed by ``ontology/README.md``) and literals.

Every node has an IRI (no blank nodes), so graphs built from different corpora
merge by simple union: an IRI is made from what identifies the thing (a region
code, a concept id, a hash of a name or of a fact's document and offsets).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import math
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Optional
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.model import Evidence
from kg.namespaces import KGR
from kg.text.chars import scrub
from kg.text.urls import clean_url

Triple = tuple  # (URIRef, URIRef, URIRef | Literal)

ADCODE = re.compile(r"\d{6}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_URL_SAFE = "/:?#[]@!$&'()*+,;=-._~%"
# A URL that clean_url and quote both leave as it is (what the reader's clean_url makes of most addresses):
# lower-case http(s) and host, then path, query and fragment of characters no step encodes, a "%" only as
# the start of an escape, no empty query or fragment (clean_url drops a bare "?" or "#").
_KEPT = r"(?:[A-Za-z0-9/:@!$&'()*+,;=._~-]|%[0-9A-Fa-f]{2})"
_KEPT_Q = r"(?:[A-Za-z0-9/:@!$&'()*+,;=._~?-]|%[0-9A-Fa-f]{2})"
_PLAIN_URL = re.compile(rf"https?://[a-z0-9.-]+(?::[0-9]*)?(?:/{_KEPT}*)?(?:\?{_KEPT_Q}+)?(?:#{_KEPT_Q}+)?")


# ---------------------------------------------------------------- IRIs


def _sha1(*parts: object) -> str:
    # "\x1f" (unit separator) cannot occur in the parts' text, so keys are unambiguous.
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(scrub(key).encode("utf-8")).hexdigest()


@lru_cache(maxsize=4096)  # a document's id is in every evidence of it; concept and type ids recur everywhere
def _segment(text: str) -> str:
    """Percent-encode everything but unreserved ASCII: the result is a valid IRI segment."""
    return quote(scrub(text), safe="-._~")


@lru_cache(maxsize=8192)  # a region is named by the facts of many documents, and its ancestors by all of them
def region_iri(adcode: str) -> URIRef:
    if not ADCODE.fullmatch(adcode or ""):
        raise ValueError(f"not a 6-digit administrative division code: {adcode!r}")
    return KGR["region/" + adcode]


@lru_cache(maxsize=4096)
def practice_iri(concept_id: str) -> URIRef:
    return KGR["practice/" + _segment(concept_id)]


def practice_category_iri(category_id: str) -> URIRef:
    return KGR["practice-category/" + _segment(category_id)]


def local_practice_iri(name: str) -> URIRef:
    return KGR["local-practice/" + _sha1(name)[:16]]


def org_iri(name: str) -> URIRef:
    return KGR["org/" + _sha1(name)[:16]]


@lru_cache(maxsize=256)
def org_type_iri(type_id: str) -> URIRef:
    return KGR["org-type/" + _segment(type_id)]


@lru_cache(maxsize=256)  # every fact of a document names it, and its evidence each once more
def doc_iri(doc_id: str) -> URIRef:
    return KGR["doc/" + _segment(doc_id)]


def place_iri(county: str, name: str) -> URIRef:
    """A town or village, keyed by its county and name (柳林镇 in 421321)."""
    return KGR["place/" + _sha1(county, name)[:16]]


@lru_cache(maxsize=4096)  # a fact names its evidence, whose own triples name it again
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
    if _PLAIN_URL.fullmatch(url):
        return URIRef(url)
    url = clean_url(scrub(url.strip()))
    if not url or not re.match(r"https?://[^/\s]", url, re.I):
        return None
    return URIRef(quote(url, safe=_URL_SAFE))


# ---------------------------------------------------------------- literals


@lru_cache(maxsize=65536)  # a sentence is the evidence of each of its facts; labels recur in every document
def zh(text: str) -> Literal:
    """A literal taken from article text."""
    return Literal(scrub(text), lang="zh")


def plain(text: str) -> Literal:
    return Literal(scrub(text))


@lru_cache(maxsize=65536)  # offsets and sentence indices: the same few thousand numbers in every document
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


@lru_cache(maxsize=4096)  # every fact of a document carries its date
def date(text: Optional[str]) -> Optional[Literal]:
    if not text or not _DATE.fullmatch(text):
        return None
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return None
    return Literal(text, datatype=XSD.date)
