"""The triples a network is made of, indexed by predicate, as plain Python strings.

:func:`kg.network.graph.governance_network` reads its graph through :class:`Triples`:
IRIs are ``str``, literals :class:`Lit` (a ``str`` holding the lexical form, with
its language and datatype), blank nodes :class:`Blank`. Filled from Oxigraph's
answers (:func:`from_oxigraph`, what :mod:`kg.network.source` reads) or from an
rdflib graph (:func:`from_rdflib`), so the same code draws both; neither rdflib's
indexes nor its terms are built for a view of the store (at full size they cost
more than everything else: 1.4 M triples took minutes and 1.7 GB).
"""

from __future__ import annotations

from typing import Iterable, Iterator, Optional

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg.iris import RDF, XSD

RDF_TYPE = RDF + "type"
_XSD_STRING = XSD + "string"


class Lit(str):
    """A literal: ``str()`` is its lexical form; ``language`` ('' for none) and ``datatype`` (None for a string)."""

    language = ""
    datatype: Optional[str] = None

    @staticmethod
    def of(value: str, language: Optional[str] = None, datatype: Optional[str] = None) -> "Lit":
        lit = Lit(value)
        if language:
            lit.language = language
        elif datatype and datatype != _XSD_STRING:
            lit.datatype = datatype
        return lit


class Blank(str):
    """A blank node (never a node of the network; kept so a record's evidence still resolves)."""


class Triples:
    """``predicate -> subject -> [objects]``, each triple once, in the order given."""

    def __init__(self, triples: Iterable[tuple] = ()):
        self.by_predicate: dict[str, dict[str, list]] = {}
        self._typed: Optional[dict[str, list[str]]] = None
        self.count = 0
        self.extend(triples)

    def extend(self, triples: Iterable[tuple]) -> "Triples":
        index = self.by_predicate
        added = 0
        for s, p, o in triples:
            objects = index.setdefault(p, {}).setdefault(s, [])
            if o in objects and any(_same(x, o) for x in objects if x == o):
                continue
            objects.append(o)
            added += 1
        self.count += added
        self._typed = None
        return self

    def __len__(self) -> int:
        return self.count

    def objects(self, subject: str, predicate: str) -> list:
        return self.by_predicate.get(predicate, {}).get(subject, [])

    def pairs(self, predicate: str) -> Iterator[tuple[str, object]]:
        """(subject, object) of every triple with ``predicate``."""
        for s, objects in self.by_predicate.get(predicate, {}).items():
            for o in objects:
                yield s, o

    def of_type(self, cls: str) -> list[str]:
        if self._typed is None:
            typed: dict[str, list[str]] = {}
            for s, classes in self.by_predicate.get(RDF_TYPE, {}).items():
                for c in classes:
                    typed.setdefault(c, []).append(s)
            self._typed = typed
        return self._typed.get(cls, [])

    def has_type(self, subject: str, cls: str) -> bool:
        return cls in self.objects(subject, RDF_TYPE)


def _same(a, b) -> bool:
    """The same term: a literal equals a string (an IRI) of the same text, and other literals of it."""
    return type(a) is type(b) and getattr(a, "language", "") == getattr(b, "language", "") \
        and getattr(a, "datatype", None) == getattr(b, "datatype", None)


def _term(term):
    """An Oxigraph term as a plain string (IRI), :class:`Lit` or :class:`Blank`."""
    if type(term) is ox.NamedNode:
        return term.value
    if type(term) is ox.Literal:
        return Lit.of(term.value, term.language, term.datatype.value)
    return Blank("_:" + term.value)


def from_oxigraph(triples: Iterable, into: Optional[Triples] = None) -> Triples:
    """The triples of an Oxigraph CONSTRUCT (or of ``quads_for_pattern``) as :class:`Triples`."""
    out = into if into is not None else Triples()
    return out.extend((t.subject.value if type(t.subject) is ox.NamedNode else _term(t.subject),
                       t.predicate.value, _term(t.object)) for t in triples)


def _rdflib_term(term):
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, Literal):
        return Lit.of(str(term), term.language, str(term.datatype) if term.datatype is not None else None)
    if isinstance(term, BNode):
        return Blank("_:" + str(term))
    return str(term)


def from_rdflib(graph) -> Triples:
    """An rdflib graph's triples as :class:`Triples`."""
    return Triples((_rdflib_term(s), str(p), _rdflib_term(o)) for s, p, o in graph)
