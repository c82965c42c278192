"""JSON-LD: the graph as one compacted document (``@context`` with the project's prefixes, ``@graph``).

The document embeds its context rather than linking it, so tools load it
without fetching anything; nodes and values are sorted, so the same graph
always gives the same file. Literals keep their lexical form: a typed value is
``{"@value", "@type"}``, never a JSON number.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.atomic import atomic_write
from kg.iris import RDF
from kg.rdf.prefixes import PREFIXES, PrefixMap
from kg.text.chars import scrub


def jsonld_context(prefixes: Mapping[str, str] = PREFIXES) -> dict:
    """A JSON-LD ``@context`` mapping the project's prefixes (``kg:``, ``kgreg:`` …)."""
    return {"@context": {name: prefixes[name] for name in sorted(prefixes)}}


def _jsonld_value(term, compact) -> dict | str:
    if isinstance(term, URIRef):
        return {"@id": compact(str(term))}
    if isinstance(term, Literal):
        value = scrub(str(term))
        if term.language:
            return {"@value": value, "@language": term.language.lower()}
        if term.datatype is not None and term.datatype != XSD.string:
            # never a JSON number: it would come back as xsd:integer/double with another lexical form
            return {"@value": value, "@type": compact(str(term.datatype))}
        return value
    raise ValueError(f"blank nodes are not exported: {term!r}")


_RDF_TYPE = RDF + "type"


def _node(subject: str, pairs: Iterable[tuple], compact) -> dict:
    """One subject's node: its ``@id``, then its properties and their values, sorted."""
    props: dict[str, list] = {}
    for p, o in pairs:
        if str(p) == _RDF_TYPE and isinstance(o, URIRef):
            props.setdefault("@type", []).append(compact(str(o)))
        else:
            props.setdefault(compact(str(p)), []).append(_jsonld_value(o, compact))
    key = lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True)  # noqa: E731
    out = {"@id": compact(subject)}
    for prop in sorted(props):
        out[prop] = [json.loads(v) for v in sorted(set(map(key, props[prop])))]
    return out


def jsonld_document(triples: Iterable[tuple], prefixes: Mapping[str, str] = PREFIXES) -> dict:
    """A compacted JSON-LD document (``@context`` + ``@graph``), sorted for determinism."""
    compact = PrefixMap(prefixes).compact
    by_subject: dict[str, list] = {}
    for s, p, o in triples:
        if not isinstance(s, URIRef):
            raise ValueError(f"blank nodes are not exported: {s!r}")
        by_subject.setdefault(str(s), []).append((p, o))
    graph = [_node(subject, by_subject[subject], compact) for subject in sorted(by_subject)]
    return {**jsonld_context(prefixes), "@graph": graph}


def write_jsonld(triples: Iterable[tuple], path, prefixes: Mapping[str, str] = PREFIXES) -> Path:
    path = Path(path)
    doc = jsonld_document(triples, prefixes)
    atomic_write(path, [json.dumps(doc, ensure_ascii=False, indent=1), "\n"])
    return path


def _nested(text: str, depth: int) -> str:
    """JSON text indented as ``json.dumps(..., indent=1)`` puts it ``depth`` levels down (strings hold no newline)."""
    return text.replace("\n", "\n" + " " * depth)


def jsonld_lines(subjects: Iterable[tuple[str, Iterable[tuple]]],
                 prefixes: Mapping[str, str] = PREFIXES) -> Iterator[str]:
    """The text :func:`write_jsonld` writes, from ``(subject IRI, [(predicate, object), …])`` in sorted subject
    order, one node at a time (the whole graph is never held: ``kg export`` at full size)."""
    compact = PrefixMap(prefixes).compact
    context = json.dumps(jsonld_context(prefixes)["@context"], ensure_ascii=False, indent=1)
    yield '{\n "@context": ' + _nested(context, 1) + ',\n "@graph": ['
    first = True
    for subject, pairs in subjects:
        yield ("\n  " if first else ",\n  ") + _nested(json.dumps(_node(subject, pairs, compact),
                                                                  ensure_ascii=False, indent=1), 2)
        first = False
    yield "]\n}\n" if first else "\n ]\n}\n"
