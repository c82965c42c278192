"""One document's share of a build: extracted, mapped to triples and rendered as N-Triples lines.

A :class:`DocResult` is what a worker sends back (small and picklable) and what
the extraction cache stores: the document's sorted, distinct N-Triples lines
and the keys of the entities it names, for the build summary. Everything that
shapes it is extraction code (see :mod:`kg.build.cache`).
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from kg.extract import Pipeline
from kg.lexicons import Lexicons
from kg.model import Document, DocumentFacts
from kg.rdf.mapping import FactMapper

KINDS = ("regions", "practices", "local practices", "organizations", "figures")


@dataclass
class DocResult:
    """What extraction of one document leaves for the merge."""

    seq: int  # position in the input, so reports keep input order
    doc_id: str
    source: str
    lines: Optional[list[str]] = None  # sorted, distinct N-Triples lines
    kinds: dict = field(default_factory=dict)  # kind -> sorted list of entity keys (figures: a count)
    error: Optional[str] = None


def facts_kinds(facts: DocumentFacts) -> dict[str, list]:
    """The entity keys one document contributes to the build summary."""
    doc_id = facts.document.doc_id
    return {
        "regions": sorted({m.adcode for m in facts.regions}),
        "practices": sorted({m.concept for m in facts.practices}),
        "local practices": sorted({lp.name for lp in facts.local_practices}),
        "organizations": sorted({o.name for o in facts.organizations}),
        # figures are per document: count them, keys would only repeat the doc id
        "figures": len({(doc_id, m.evidence.start, m.value) for m in facts.metrics}),
    }


class DocumentProcessor:
    """A pipeline and the lexicons it maps facts with: documents in, :class:`DocResult` out."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.lexicons: Lexicons = pipeline.lexicons
        self.mapper = FactMapper(self.lexicons.gazetteer, self.lexicons.org_types)

    @classmethod
    def load(cls, ontology: Optional[Path] = None) -> "DocumentProcessor":
        return cls(Pipeline.load(ontology))

    @property
    def folder(self) -> Path:
        return self.lexicons.folder

    def document(self, seq: int, doc: Document) -> DocResult:
        """Extract one document and render its triples; a failure is returned, never raised."""
        try:
            facts = self.pipeline.extract(doc)
            lines = self.mapper.nt_lines(facts)
            return DocResult(seq, doc.doc_id, doc.source, lines, facts_kinds(facts))
        except Exception as exc:  # one broken article never sinks a build
            if os.environ.get("KG_DEBUG"):
                traceback.print_exc()
            return DocResult(seq, doc.doc_id, doc.source, error=f"extraction failed: {type(exc).__name__}: {exc}")

    def chunk(self, chunk: list[tuple[int, Document]]) -> list[DocResult]:
        return [self.document(seq, doc) for seq, doc in chunk]
