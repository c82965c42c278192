"""Query results and their formats, the same for ``kg query`` and ``kg serve``.

SPARQL 1.1 results (JSON, XML, CSV, TSV) are written by pyoxigraph's own
serializers: rows of terms become SPARQL TSV (one line per row, each term in
N-Triples form, which is what TSV holds), pyoxigraph reads that back as
solutions and serializes them in the format asked for. Graph results
(CONSTRUCT, DESCRIBE) go through ``pyoxigraph.serialize`` with the project's
prefixes. ``negotiate`` picks a media type from the Accept header or a short
``format`` name.

:class:`QueryResult` is what ``run_query`` returns: ``rows`` as plain strings
(for comparisons and pandas), ``terms`` as rdflib terms (language tags and
datatypes kept).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.query.terms import to_ox
from kg.rdf.prefixes import PREFIXES, PrefixMap

JSON_RESULTS = "application/sparql-results+json"
XML_RESULTS = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
SOLUTION_FORMATS = {JSON_RESULTS: ox.QueryResultsFormat.JSON, XML_RESULTS: ox.QueryResultsFormat.XML,
                    CSV: ox.QueryResultsFormat.CSV, TSV: ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {TURTLE: ox.RdfFormat.TURTLE, NTRIPLES: ox.RdfFormat.N_TRIPLES, JSONLD: ox.RdfFormat.JSON_LD,
                 RDFXML: ox.RdfFormat.RDF_XML}

# What each query form can answer with: media type asked -> media type sent.
_RESULT_TYPES = {
    JSON_RESULTS: JSON_RESULTS, "application/json": JSON_RESULTS,
    XML_RESULTS: XML_RESULTS, "application/xml": XML_RESULTS, "text/xml": XML_RESULTS,
    CSV: CSV, TSV: TSV, "text/plain": CSV,
}
_GRAPH_TYPES = {
    TURTLE: TURTLE, "application/x-turtle": TURTLE,
    NTRIPLES: NTRIPLES, "text/plain": NTRIPLES,
    JSONLD: JSONLD, "application/json": JSONLD,
    RDFXML: RDFXML, "application/xml": RDFXML, "text/xml": RDFXML,
}
# Short names (``kg query -f``, ``?format=`` from a browser or curl): (for solutions, for graphs).
FORMAT_NAMES = {
    "json": (JSON_RESULTS, JSONLD), "xml": (XML_RESULTS, RDFXML), "csv": (CSV, None), "tsv": (TSV, None),
    "ttl": (None, TURTLE), "turtle": (None, TURTLE), "nt": (None, NTRIPLES), "ntriples": (None, NTRIPLES),
    "jsonld": (None, JSONLD), "rdfxml": (None, RDFXML),
}


def _accepted(accept: str) -> list[str]:
    """Media types of an Accept header, most wanted first (q > 0 only)."""
    choices = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            choices.append((-q, i, fields[0].lower()))
    return [media for _, _, media in sorted(choices)]


def negotiate(form: str, accept: Optional[str], format_name: Optional[str] = None) -> Optional[str]:
    """The media type to answer a ``form`` query with, or None when nothing acceptable.

    ``format_name`` (``json``, ``csv``, ``ttl`` …) wins over the Accept header.
    """
    graph = form in ("CONSTRUCT", "DESCRIBE")
    table, default = (_GRAPH_TYPES, TURTLE) if graph else (_RESULT_TYPES, JSON_RESULTS)
    if format_name:
        pair = FORMAT_NAMES.get(format_name.strip().lower())
        return None if pair is None else pair[1] if graph else pair[0]
    if not accept:
        return default
    for media in _accepted(accept):
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None


# ---------------------------------------------------------------- serializing


def _tsv_term(term) -> str:
    if term is None:
        return ""
    return f"<<{term}>>" if isinstance(term, ox.Triple) else str(term)  # str(): the N-Triples form


def tsv_results(variables: Sequence[str], rows: Iterable[Sequence]) -> str:
    """SPARQL 1.1 TSV of rows of Oxigraph terms (None: unbound)."""
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join(map(_tsv_term, row)) for row in rows]
    return "\n".join(lines) + "\n"


def serialize_solutions(variables: Sequence[str], rows: Iterable[Sequence], media: str) -> bytes:
    """SPARQL 1.1 results (JSON, XML, CSV, TSV) of rows of Oxigraph terms (None: unbound)."""
    tsv = tsv_results(variables, rows).encode("utf-8")
    if media == TSV:
        return tsv
    solutions = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    return solutions.serialize(format=SOLUTION_FORMATS[media])


def serialize_boolean(result: ox.QueryBoolean, media: str) -> bytes:
    body = result.serialize(format=SOLUTION_FORMATS[media])
    return body if media in (JSON_RESULTS, XML_RESULTS) else body + b"\n"


def serialize_graph(triples: Iterable[ox.Triple], media: str) -> bytes:
    """CONSTRUCT / DESCRIBE results, sorted; Turtle and RDF/XML with the project's prefixes."""
    fmt = GRAPH_FORMATS[media]
    triples = sorted(triples, key=str)
    if fmt == ox.RdfFormat.TURTLE:  # Oxigraph writes the @prefix lines in no fixed order: sort them
        text = ox.serialize(triples, format=fmt, prefixes=used_prefixes(triples)).decode("utf-8")
        lines = text.split("\n")
        n = next((i for i, line in enumerate(lines) if not line.startswith("@prefix ")), len(lines))
        return "\n".join(sorted(lines[:n]) + lines[n:]).encode("utf-8")
    if fmt == ox.RdfFormat.RDF_XML:
        return ox.serialize(triples, format=fmt, prefixes=used_prefixes(triples))
    return ox.serialize(triples, format=fmt)


def used_prefixes(triples) -> dict[str, str]:
    """The project's prefixes some IRI of ``triples`` uses (a datatype included), sorted by prefix."""
    iris = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal) and term.language is None:
                iris.add(term.datatype.value)
    used = {name: ns for name, ns in dict(PREFIXES).items() if any(i.startswith(ns) for i in iris)}
    return dict(sorted(used.items()))


# ---------------------------------------------------------------- results as data


@dataclass(frozen=True)
class QueryResult:
    """``rows`` hold each value's lexical form (str, None when unbound), ready to
    compare with plain strings; ``terms`` the same cells as rdflib terms, which
    keep language tags and datatypes."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Optional[str], ...], ...]
    terms: tuple[tuple[Optional[object], ...], ...] = ()

    @classmethod
    def of_terms(cls, variables, term_rows) -> "QueryResult":
        terms = tuple(tuple(row) for row in term_rows)
        rows = tuple(tuple(None if t is None else str(t) for t in row) for row in terms)
        return cls(tuple(variables), rows, terms)

    def term_rows(self):
        return self.terms if self.terms or not self.rows else tuple(
            tuple(None if v is None else Literal(v) for v in row) for row in self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def to_dataframe(self, typed: bool = True):
        """The rows as a pandas DataFrame (numbers as numbers when ``typed``); needs pandas."""
        return to_dataframe(self, typed)

    def serialize(self, media: str) -> bytes:
        return serialize_solutions(self.variables, ([to_ox(t) for t in row] for row in self.term_rows()), media)


def format_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    return result.serialize(JSON_RESULTS).decode("utf-8") + "\n"


def format_xml(result: QueryResult) -> str:
    return result.serialize(XML_RESULTS).decode("utf-8") + "\n"


def format_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV results: plain values, empty for unbound."""
    return result.serialize(CSV).decode("utf-8")


def format_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV results: terms in N-Triples syntax."""
    return result.serialize(TSV).decode("utf-8")


_NAMES = PrefixMap()


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(term, max_width: int) -> str:
    text = "" if term is None else _NAMES.compact(str(term)) if isinstance(term, URIRef) else str(term)
    text = text.replace("\n", " ")
    if _width(text) > max_width:
        out, w = [], 0
        for c in text:
            w += _width(c)
            if w > max_width - 1:
                break
            out.append(c)
        text = "".join(out) + "…"
    return text


def format_table(result: QueryResult, max_width: int = 60) -> str:
    """An aligned text table for a terminal (IRIs shortened with the project's prefixes)."""
    header = list(result.variables)
    body = [[_cell(t, max_width) for t in row] for row in result.term_rows()]
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in body]
    out.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(out) + "\n"


FORMATTERS = {"table": format_table, "json": format_json, "xml": format_xml, "csv": format_csv, "tsv": format_tsv}


def to_dataframe(result: QueryResult, typed: bool = True):
    """A pandas DataFrame of the result (pandas is optional: imported here).

    With ``typed``, columns whose bound values are all xsd numbers become
    numeric; everything else stays text (None for unbound).
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_dataframe needs pandas: pip install pandas") from exc
    frame = pd.DataFrame(list(result.rows), columns=list(result.variables), dtype=object)
    if typed and result.terms:
        numeric = {str(XSD.integer), str(XSD.decimal), str(XSD.double), str(XSD.float), str(XSD.int), str(XSD.long)}
        for i, name in enumerate(result.variables):
            cells = [row[i] for row in result.terms if row[i] is not None]
            if cells and all(isinstance(t, Literal) and str(t.datatype) in numeric for t in cells):
                frame[name] = pd.to_numeric(frame[name])
    return frame


def save_result(result: QueryResult, path) -> Path:
    """Write a result as CSV (.csv), SPARQL JSON (.json), XML (.xml) or TSV (.tsv), by extension."""
    path = Path(path)
    media = {".csv": CSV, ".json": JSON_RESULTS, ".xml": XML_RESULTS, ".tsv": TSV}.get(path.suffix.lower())
    if media is None:
        raise ValueError(f"{path}: unknown result format (expected .csv, .json, .xml or .tsv)")
    path.write_bytes(result.serialize(media))
    return path
