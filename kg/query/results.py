"""Query results as data: what ``run_query`` returns, and its formats for a terminal, files and pandas.

:class:`QueryResult` holds ``rows`` as plain strings (for comparisons and
pandas) and ``terms`` as rdflib terms (language tags and datatypes kept). Its
SPARQL formats are written by :mod:`kg.query.formats`, as ``kg serve`` writes
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.query.formats import CSV, JSON_RESULTS, TSV, XML_RESULTS, serialize_solutions
from kg.query import table
from kg.query.terms import to_ox


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


def format_table(result: QueryResult, max_width: int = 60) -> str:
    """An aligned text table for a terminal (IRIs shortened with the project's prefixes)."""
    return table.format_table(result.variables, ([to_ox(t) for t in row] for row in result.term_rows()), max_width)


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
