"""SPARQL result formats, the one place results are serialized, for ``kg query`` and ``kg serve``.

SPARQL 1.1 results (JSON, XML, CSV, TSV) are written by pyoxigraph's own
serializers: rows of terms become SPARQL TSV (one line per row, each term in
N-Triples form, which is what TSV holds), pyoxigraph reads that back as
solutions and serializes them in the format asked for. Graph results
(CONSTRUCT, DESCRIBE) go through ``pyoxigraph.serialize``. ``negotiate``
picks a media type from the Accept header or a short ``format`` name.

Only pyoxigraph and the standard library are imported: the endpoint's worker
processes import this module and start fast.
"""

from __future__ import annotations

from itertools import islice
from typing import BinaryIO, Iterable, Mapping, Optional, Sequence

import pyoxigraph as ox

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


def write_solutions(solutions: ox.QuerySolutions, out: BinaryIO, media: str, limit: Optional[int] = None,
                    offset: int = 0) -> None:
    """Write SPARQL 1.1 results (JSON, XML, CSV, TSV) of Oxigraph solutions to ``out`` as they are read.

    The bytes are those of :func:`serialize_solutions` (JSON and XML end with a newline); no list of
    rows is made, so the first row is out before the last is read. With ``limit``, at most that many;
    with ``offset``, from the row after the first ``offset`` (a page: ``offset=200, limit=100``).
    """
    variables = [v.value for v in solutions.variables]
    if limit is not None or offset:
        page = islice(solutions, offset, None if limit is None else offset + limit)
        body = serialize_solutions(variables, ([s[v] for v in variables] for s in page), media)
        out.write(body)
    elif media == TSV:
        out.write(("\t".join("?" + v for v in variables) + "\n").encode("utf-8"))
        for s in solutions:
            out.write(("\t".join(_tsv_term(s[v]) for v in variables) + "\n").encode("utf-8"))
    else:
        solutions.serialize(out, format=SOLUTION_FORMATS[media])
    if media in (JSON_RESULTS, XML_RESULTS):
        out.write(b"\n")


def serialize_boolean(result: ox.QueryBoolean, media: str) -> bytes:
    body = result.serialize(format=SOLUTION_FORMATS[media])
    return body if media in (JSON_RESULTS, XML_RESULTS) else body + b"\n"


def serialize_graph(triples: Iterable[ox.Triple], media: str, prefixes: Optional[Mapping[str, str]] = None) -> bytes:
    """CONSTRUCT / DESCRIBE results, sorted; Turtle and RDF/XML with ``prefixes`` (the project's, from the caller)."""
    fmt = GRAPH_FORMATS[media]
    triples = sorted(triples, key=str)
    if prefixes and fmt == ox.RdfFormat.TURTLE:  # only the prefixes used, their @prefix lines sorted
        text = ox.serialize(triples, format=fmt, prefixes=used_prefixes(triples, prefixes)).decode("utf-8")
        lines = text.split("\n")
        n = next((i for i, line in enumerate(lines) if not line.startswith("@prefix ")), len(lines))
        return "\n".join(sorted(lines[:n]) + lines[n:]).encode("utf-8")
    if prefixes and fmt == ox.RdfFormat.RDF_XML:
        return ox.serialize(triples, format=fmt, prefixes=used_prefixes(triples, prefixes))
    return ox.serialize(triples, format=fmt)


def used_prefixes(triples, prefixes: Mapping[str, str]) -> dict[str, str]:
    """The ``prefixes`` some IRI of ``triples`` uses (a datatype included), sorted by prefix."""
    iris = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal) and term.language is None:
                iris.add(term.datatype.value)
    return dict(sorted((name, ns) for name, ns in dict(prefixes).items() if any(i.startswith(ns) for i in iris)))
