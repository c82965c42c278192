"""The one Turtle / N-Triples writer: the same set of triples always gives the same bytes.

Every triple is rendered once, as an N-Triples line (:func:`nt_lines`). A
graph file is written from the *sorted keys* of those lines
(:func:`write_sorted`): a build merges them from sorted runs on disk, in
constant memory; :func:`write_turtle` and :func:`write_ntriples` sort a set
of triples in memory and write them the same way. rdflib's serializer is not
used: it is far too slow at a million triples.

Sort key. A line ``<S> <P> O .`` is kept as ``S\\tP...`` (its subject, a tab,
the rest of the line). A tab cannot occur in an IRI and sorts below every
character that can, so the key stream is ordered by subject as Turtle lists
subjects; inside one subject the rest is ordered as N-Triples orders it.
N-Triples lines themselves sort by ``<S>``, which differs only for a subject
that is a prefix of another (``e`` and ``e#sentence``): :func:`_nt_order`
reorders those few blocks.

Turtle: one block per subject (``a`` first, then predicates in code-point
order, objects sorted), prefixed names where the local name is plain
(:class:`kg.rdf.prefixes.PrefixMap`), bare integers and decimals.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Optional

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.atomic import AtomicFile
from kg.rdf.prefixes import PREFIXES, PrefixMap
from kg.rdf.terms import Triple
from kg.text.chars import scrub

_RDF_TYPE = str(RDF.type)
_XSD_STRING, _XSD_INTEGER, _XSD_DECIMAL = str(XSD.string), str(XSD.integer), str(XSD.decimal)
_BARE_INTEGER = re.compile(r"[+-]?[0-9]+")
_BARE_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_LANG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
# Characters that may not appear unescaped in an IRI in Turtle / N-Triples.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
            ord("\b"): "\\b", ord("\f"): "\\f"}
for _c in list(range(0x20)) + [0x7F]:
    _ESCAPES.setdefault(_c, "\\u%04X" % _c)


# ---------------------------------------------------------------- terms and lines


def check_iri(iri: str) -> str:
    if _BAD_IRI.search(iri) or ":" not in iri:
        raise ValueError(f"not a valid absolute IRI: {iri!r}")
    return iri


# What quote_string changes: a character to escape, or a lone surrogate for scrub. Most strings hold
# neither, and one regex search is cheaper than scrub's encode and translate's walk over every character.
_NOT_PLAIN = re.compile(r'[\x00-\x1f\x7f"\\\ud800-\udfff]')


def quote_string(text: str) -> str:
    """A string in double quotes with N-Triples escapes (also valid in Turtle and SPARQL)."""
    if _NOT_PLAIN.search(text) is None:
        return '"' + text + '"'
    return '"' + scrub(text).translate(_ESCAPES) + '"'


@lru_cache(maxsize=100_000)  # predicates, classes and regions recur in every document
def _nt_iri(iri: str) -> str:
    return "<" + check_iri(iri) + ">"


@lru_cache(maxsize=64)
def _literal_suffix(language: Optional[str], datatype: Optional[str]) -> str:
    """What follows a literal's quoted text: ``@lang``, ``^^<datatype>`` or nothing."""
    if language:
        lang = language.lower()
        if not _LANG.fullmatch(lang):
            raise ValueError(f"bad language tag: {lang!r}")
        return "@" + lang
    if datatype is not None and datatype != _XSD_STRING:
        return "^^" + _nt_iri(datatype)
    return ""


def nt_term(term) -> str:
    """An IRI or a literal in N-Triples form; blank nodes and other terms are refused."""
    if isinstance(term, URIRef):
        return _nt_iri(str(term))
    if isinstance(term, Literal):
        datatype = term.datatype
        return quote_string(str(term)) + _literal_suffix(term.language, None if datatype is None else str(datatype))
    raise ValueError(f"blank nodes and other terms are not written: {term!r}")


# The N-Triples form of a recurring literal (the mapping's zh() and integer() hand out the same object for
# the same value: a sentence, a label, an offset), by identity: the entry holds the term, so its id is
# not reused while it is there. Cleared when full; what is written never depends on it.
_LITERAL_NT: dict[int, tuple[Literal, str]] = {}
_LITERAL_NT_SIZE = 1 << 16


def nt_lines(triples: Iterable[Triple]) -> list[str]:
    """Sorted distinct N-Triples lines of ``triples``."""
    out = set()
    iri, literals, uriref, literal = _nt_iri, _LITERAL_NT, URIRef, Literal
    for s, p, o in triples:
        if type(s) is not uriref and not isinstance(s, uriref) or type(p) is not uriref and not isinstance(p, uriref):
            raise ValueError(f"subject and predicate must be IRIs: {s!r} {p!r}")
        if type(o) is uriref:
            obj = iri(str(o))
        elif type(o) is literal:
            known = literals.get(id(o))
            if known is not None and known[0] is o:
                obj = known[1]
            else:
                obj = nt_term(o)
                if len(literals) >= _LITERAL_NT_SIZE:
                    literals.clear()
                literals[id(o)] = (o, obj)
        else:
            obj = nt_term(o)
        out.add(f"{iri(str(s))} {iri(str(p))} {obj} .\n")
    return sorted(out)


def to_key(line: str) -> str:
    end = line.index("> ")  # IRIs cannot hold ">"
    return line[1:end] + "\t" + line[end + 2:]


def from_key(key: str) -> str:
    tab = key.index("\t")
    return "<" + key[:tab] + "> " + key[tab + 1:]


def sorted_keys(triples: Iterable[Triple]) -> list[str]:
    return sorted(map(to_key, nt_lines(triples)))


# ---------------------------------------------------------------- Turtle


class TurtleBlocks:
    """Renders the Turtle block of one subject from the rest of its N-Triples lines (``<P> O .\\n``)."""

    def __init__(self, prefixes: Mapping[str, str] = PREFIXES):
        self.names = PrefixMap(prefixes)
        self._verbs: dict[str, str] = {}  # predicate -> "a" or its Turtle form: a vocabulary's few dozen

    def header(self) -> str:
        return "".join(self.names.turtle_header())

    def iri(self, iri: str) -> str:
        return self.names.name(iri) or "<" + check_iri(iri) + ">"

    def object(self, obj: str) -> str:
        """N-Triples object text -> its Turtle form."""
        if obj[0] == "<":
            return self.iri(obj[1:-1])
        q = obj.rfind('"')  # the literal's closing quote: nothing after it may hold one
        text, suffix = obj[: q + 1], obj[q + 1:]
        if not suffix or suffix[0] == "@":
            return obj
        datatype = suffix[3:-1]  # ^^<...>
        lexical = text[1:-1]
        if datatype == _XSD_INTEGER and _BARE_INTEGER.fullmatch(lexical):
            return lexical
        if datatype == _XSD_DECIMAL and _BARE_DECIMAL.fullmatch(lexical):
            return lexical
        return text + "^^" + self.iri(datatype)

    def block(self, subject: str, rests: Iterable[str]) -> str:
        predicates: dict[str, list[str]] = {}
        for rest in rests:
            end = rest.index("> ")
            objects = predicates.get(rest[1:end])
            if objects is None:
                predicates[rest[1:end]] = [rest[end + 2: -3]]  # drop " .\n"
            else:
                objects.append(rest[end + 2: -3])
        parts = ["\n", self.iri(subject)]
        verbs, turtle_object, separator = self._verbs, self.object, " "
        for predicate in sorted(predicates, key=_predicate_order) if len(predicates) > 1 else predicates:
            verb = verbs.get(predicate)
            if verb is None:
                verb = verbs[predicate] = "a" if predicate == _RDF_TYPE else self.iri(predicate)
            objects = predicates[predicate]
            parts += (separator, verb, " ", turtle_object(objects[0]) if len(objects) == 1
                      else ", ".join(sorted(map(turtle_object, objects))))
            separator = " ;\n    "
        parts.append(" .\n")
        return "".join(parts)


def _predicate_order(predicate: str) -> tuple[bool, str]:
    return predicate != _RDF_TYPE, predicate


def subject_blocks(keys: Iterable[str]) -> Iterator[tuple[str, list[str]]]:
    """(subject, [rest of line, ...]) per subject, from a sorted key stream."""
    subject, block = None, []
    for key in keys:
        tab = key.index("\t")
        s = key[:tab]
        if s != subject:
            if block:
                yield subject, block
            subject, block = s, []
        block.append(key[tab + 1:])
    if block:
        yield subject, block


def _nt_order(blocks: Iterable[tuple[str, list[str]]]) -> Iterator[tuple[str, list[str]]]:
    """Reorder subject blocks from subject order to N-Triples line order.

    Lines sort by ``<S>``, so a subject that is a prefix of another (``e`` and
    ``e#sentence``) comes after its extensions whose next character sorts below
    ">". Such subjects are held on a stack until no later subject can precede them.
    """
    stack: list[tuple[str, list[str]]] = []
    for subject, block in blocks:
        while stack:
            top = stack[-1][0]
            if subject.startswith(top) and len(subject) > len(top) and subject[len(top)] < ">":
                break
            yield stack.pop()
        stack.append((subject, block))
    while stack:
        yield stack.pop()


# ---------------------------------------------------------------- files


def write_sorted(keys: Iterable[str], turtle: Optional[Path], ntriples: Optional[Path] = None,
                 prefixes: Mapping[str, str] = PREFIXES, ntriples_sink: Optional[Callable[[str], None]] = None) -> int:
    """Write a sorted key stream as Turtle and/or N-Triples, in one pass; returns the number of triples.

    ``ntriples_sink``: also given the N-Triples text as it is written, one subject's lines at a time.
    """
    blocks_of = TurtleBlocks(prefixes)
    ttl = AtomicFile(turtle) if turtle is not None else None
    nt = AtomicFile(ntriples) if ntriples is not None else None
    outputs = [f for f in (ttl, nt) if f is not None]
    count = 0

    def blocks():
        nonlocal count
        for subject, block in subject_blocks(keys):
            count += len(block)
            if ttl is not None:
                ttl.write(blocks_of.block(subject, block))
            yield subject, block

    try:
        if ttl is not None:
            ttl.write(blocks_of.header())
        for subject, block in (_nt_order(blocks()) if nt is not None else blocks()):
            if nt is not None:
                head = "<" + subject + "> "
                text = "".join(head + rest for rest in block)
                nt.write(text)
                if ntriples_sink is not None:
                    ntriples_sink(text)
    except BaseException:
        for out in outputs:
            out.abort()
        raise
    for out in outputs:
        out.commit()
    return count


def turtle_lines(triples: Iterable[Triple], prefixes: Mapping[str, str] = PREFIXES) -> Iterator[str]:
    """Deterministic Turtle text of ``triples``, in pieces."""
    blocks_of = TurtleBlocks(prefixes)
    yield blocks_of.header()
    for subject, block in subject_blocks(sorted_keys(triples)):
        yield blocks_of.block(subject, block)


def ntriples_lines(triples: Iterable[Triple]) -> list[str]:
    return nt_lines(triples)


def write_turtle(triples: Iterable[Triple], path, prefixes: Mapping[str, str] = PREFIXES) -> Path:
    write_sorted(sorted_keys(triples), Path(path), None, prefixes)
    return Path(path)


def write_ntriples(triples: Iterable[Triple], path) -> Path:
    write_sorted(sorted_keys(triples), None, Path(path))
    return Path(path)
