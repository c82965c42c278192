"""Streaming graph output: per-document N-Triples lines in, sorted Turtle and N-Triples out.

Each document's triples become N-Triples lines as soon as it is extracted.
Lines go to an in-memory buffer that is spilled as a sorted run file when it
grows, and the runs are merged with ``heapq.merge``: memory stays flat however
large the corpus. The merged stream is written as Turtle and N-Triples that
are byte-identical to what :func:`kg.rdf.write_turtle` and
:func:`kg.rdf.write_ntriples` give for the same set of triples.

Sort key. A line ``<S> <P> O .`` is kept as ``S\\tP...`` (its subject, a tab,
the rest of the line). A tab cannot occur in an IRI and sorts below every
character that can, so the merged stream is ordered by subject exactly as
``sorted(str(subject))`` orders subjects in the Turtle writer; inside one
subject the rest is ordered as N-Triples orders it.
"""

from __future__ import annotations

import heapq
import os
import re
import tempfile
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Optional

from rdflib import URIRef
from rdflib.namespace import RDF, XSD

from kg.rdf import mapping as _rdf
from kg.rdf.mapping import PREFIXES

_RDF_TYPE = str(RDF.type)
_XSD_INTEGER = str(XSD.integer)
_XSD_DECIMAL = str(XSD.decimal)
_BARE_INTEGER = re.compile(r"[+-]?[0-9]+")
_BARE_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")


# ---------------------------------------------------------------- one document


_IRI_CACHE: dict[str, str] = {}


def _nt_iri(iri: str) -> str:
    # The same IRIs (predicates, classes, regions) recur in every document; render each once.
    hit = _IRI_CACHE.get(iri)
    if hit is None:
        hit = _rdf._full_iri(iri)
        if len(_IRI_CACHE) < 100_000:
            _IRI_CACHE[iri] = hit
    return hit


def nt_lines(triples: Iterable[tuple]) -> list[str]:
    """Sorted distinct N-Triples lines, as :func:`kg.rdf.ntriples_lines` writes them."""
    out = set()
    for s, p, o in triples:
        if not (isinstance(s, URIRef) and isinstance(p, URIRef)):
            continue
        obj = _nt_iri(str(o)) if isinstance(o, URIRef) else _rdf._term(o, _rdf._full_iri)
        out.add(f"{_nt_iri(str(s))} {_nt_iri(str(p))} {obj} .\n")
    return sorted(out)


# ---------------------------------------------------------------- external sort


def _to_key(line: str) -> str:
    end = line.index("> ")  # IRIs cannot hold ">"
    return line[1:end] + "\t" + line[end + 2:]


def _from_key(key: str) -> str:
    tab = key.index("\t")
    return "<" + key[:tab] + "> " + key[tab + 1:]


class SortedRuns:
    """N-Triples lines, spilled to sorted run files, merged in subject order.

    Every document's lines are kept, repeats included (few: a document's own
    lines are distinct, and lines shared by documents are about a tenth), so
    the merge can count how many documents gave each line: an incremental
    rebuild needs that count to know when a line leaves the graph.
    """

    def __init__(self, tmp_dir: str | Path, max_lines: int = 1_000_000):
        self.dir = Path(tmp_dir)
        self.max_lines = max_lines
        self.buffer: list[str] = []
        self.runs: list[Path] = []

    def add(self, lines: Iterable[str]) -> None:
        self.buffer.extend(map(_to_key, lines))
        if len(self.buffer) >= self.max_lines:
            self.spill()

    def spill(self) -> None:
        if not self.buffer:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        path = self.dir / f"run-{len(self.runs):05d}.keys"
        self.buffer.sort()
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.writelines(self.buffer)
        self.runs.append(path)
        self.buffer = []

    def merged_counts(self) -> Iterator[tuple[str, int]]:
        """Every distinct key once, sorted, with the number of times it was added."""
        if self.runs:
            self.spill()
            files = [open(p, encoding="utf-8", newline="\n") for p in self.runs]
            stream = heapq.merge(*files)
        else:
            files = []
            self.buffer.sort()
            stream = iter(self.buffer)
        try:
            last, n = None, 0
            for key in stream:
                if key == last:
                    n += 1
                    continue
                if last is not None:
                    yield last, n
                last, n = key, 1
            if last is not None:
                yield last, n
        finally:
            for f in files:
                f.close()

    def merged(self) -> Iterator[str]:
        """Every distinct key once, sorted."""
        for key, _n in self.merged_counts():
            yield key

    def cleanup(self) -> None:
        for p in self.runs:
            p.unlink(missing_ok=True)
        self.runs = []
        self.buffer = []


# ---------------------------------------------------------------- writers


def _subject_blocks(keys: Iterable[str]) -> Iterator[tuple[str, list[str]]]:
    """(subject, [rest of line, ...]) per subject, in subject order."""
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


class _TurtleObjects:
    """N-Triples object text -> the form kg.rdf's Turtle writer gives it."""

    def __init__(self, namer):
        self.iri = namer.iri

    def __call__(self, obj: str) -> str:
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


def _turtle_block(subject: str, block: list[str], namer, objects: _TurtleObjects) -> str:
    predicates: dict[str, list[str]] = {}
    for rest in block:
        end = rest.index("> ")
        predicates.setdefault(rest[1:end], []).append(rest[end + 2: -3])  # drop " .\n"
    parts = ["\n", namer.iri(subject)]
    for i, predicate in enumerate(sorted(predicates, key=lambda p: (p != _RDF_TYPE, p))):
        verb = "a" if predicate == _RDF_TYPE else namer.iri(predicate)
        parts.append((" ;\n    " if i else " ") + verb + " " + ", ".join(sorted(map(objects, predicates[predicate]))))
    parts.append(" .\n")
    return "".join(parts)


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


class _AtomicText:
    """A file written under a temporary name and moved into place on commit."""

    mode = "w"

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix="." + self.path.name + ".", suffix=".tmp", dir=self.path.parent)
        if self.mode == "w":
            self.file = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        else:
            self.file = os.fdopen(fd, "wb", buffering=1 << 20)

    def commit(self) -> None:
        self.file.close()
        os.chmod(self.tmp, 0o666 & ~_rdf._umask())
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        self.file.close()
        Path(self.tmp).unlink(missing_ok=True)


def write_sorted(
    keys: Iterable[str],
    turtle: Optional[Path],
    ntriples: Optional[Path] = None,
    prefixes: Mapping[str, str] = PREFIXES,
    tmp_dir: Optional[Path] = None,
) -> int:
    """Write the merged key stream as Turtle and/or N-Triples; returns the number of triples.

    Both files are written in one pass. The N-Triples order differs from the
    subject order only for subjects that are prefixes of others; those few
    blocks are held on a small stack (see ``_nt_order``).
    """
    namer = _rdf._Namer(prefixes)
    objects = _TurtleObjects(namer)
    outputs = []
    ttl = nt = None
    try:
        if turtle is not None:
            ttl = _AtomicText(turtle)
            outputs.append(ttl)
            for name in sorted(prefixes):
                ttl.file.write(f"@prefix {name}: <{prefixes[name]}> .\n")
        if ntriples is not None:
            nt = _AtomicText(ntriples)
            outputs.append(nt)
        count = 0

        def blocks():
            nonlocal count
            for subject, block in _subject_blocks(keys):
                count += len(block)
                if ttl is not None:
                    ttl.file.write(_turtle_block(subject, block, namer, objects))
                yield subject, block

        if nt is not None:
            write = nt.file.write
            for subject, block in _nt_order(blocks()):
                head = "<" + subject + "> "
                write("".join(head + rest for rest in block))
        else:
            for _ in blocks():
                pass
        for out in outputs:
            out.commit()
        return count
    except BaseException:
        for out in outputs:
            out.abort()
        raise


# ---------------------------------------------------------------- patching a previous build
#
# A rebuild that changes a few documents changes a few lines. graph.nt is
# sorted by line and graph.ttl by subject, in code-point order, which is the
# byte order of UTF-8: both can be searched by bisection in the file itself
# and rewritten by copying the unchanged byte ranges around the changes.


class StaleOutput(Exception):
    """The files on disk are not the ones the saved build state describes."""


def _open_bytes(path: Path):
    import mmap

    f = open(path, "rb")
    try:
        if os.fstat(f.fileno()).st_size == 0:
            return f, b""
        return f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except BaseException:
        f.close()
        raise


def _line_lower_bound(mm, target: bytes, lo: int = 0) -> int:
    """Offset of the first line >= ``target`` in sorted lines ``mm`` (``lo``: a line start)."""
    hi = len(mm)
    while lo < hi:
        mid = (lo + hi) // 2
        p = max(lo, mm.rfind(b"\n", lo, mid) + 1)  # start of the line holding mid
        e = mm.find(b"\n", p) + 1 or len(mm)
        if mm[p:e] < target:
            lo = e
        else:
            hi = p
    return lo


def lines_present(nt_path: Path, lines: Iterable[str]) -> set[str]:
    """Which of ``lines`` (N-Triples, with their newline) are in the sorted file."""
    f, mm = _open_bytes(nt_path)
    try:
        found = set()
        for line in lines:
            raw = line.encode("utf-8")
            at = _line_lower_bound(mm, raw)
            if mm[at:at + len(raw)] == raw:
                found.add(line)
        return found
    finally:
        f.close()


def _subject_of_line(line: str) -> str:
    return line[1:line.index("> ")]


class _BlockFile:
    """graph.ttl as bytes: a header of @prefix lines, then one block per subject, each opening with "\\n"."""

    def __init__(self, mm, prefixes: Mapping[str, str]):
        self.mm = mm
        self.prefixes = prefixes
        start = 0
        while mm[start:start + 7] == b"@prefix":
            start = mm.find(b"\n", start) + 1
        self.start = start

    def _end(self, b: int) -> int:
        q = self.mm.find(b"\n\n", b + 1)
        return len(self.mm) if q < 0 else q + 1

    def subject(self, b: int) -> str:
        token = bytes(self.mm[b + 1: self.mm.find(b" ", b + 1)]).decode("utf-8")
        if token.startswith("<"):
            return token[1:-1]
        name, local = token.split(":", 1)
        return self.prefixes[name] + local

    def lower_bound(self, subject: str, lo: int) -> int:
        """Offset of the first block whose subject is >= ``subject`` (``lo``: a block start)."""
        hi = len(self.mm)
        while lo < hi:
            mid = (lo + hi) // 2
            q = self.mm.rfind(b"\n\n", lo, mid + 1)
            b = q + 1 if q >= lo else lo  # start of the block holding mid
            if self.subject(b) < subject:
                lo = self._end(b)
            else:
                hi = b
        return lo


class _AtomicBytes(_AtomicText):
    mode = "wb"

    def copy(self, mm, a: int, b: int) -> None:
        view = memoryview(mm) if not isinstance(mm, bytes) else mm
        for i in range(a, b, 1 << 26):  # 64 MB at a time: no copy of the whole file in memory
            self.file.write(view[i:min(b, i + (1 << 26))])
        if not isinstance(mm, bytes):
            view.release()


def patch_sorted(
    turtle: Path,
    ntriples: Path,
    removed: Iterable[str],
    added: Iterable[str],
    prefixes: Mapping[str, str] = PREFIXES,
) -> int:
    """Rewrite a build's graph.ttl and graph.nt with lines removed and added; returns the change in triples.

    ``removed`` must be lines of graph.nt, ``added`` lines that are not
    (else :class:`StaleOutput`). The files are byte-identical to what
    :func:`write_sorted` gives for the patched set of lines.
    """
    removed, added = set(removed), set(added)
    if removed & added:
        raise ValueError("a line cannot be both removed and added")
    ops = sorted([(line.encode("utf-8"), False) for line in removed] + [(line.encode("utf-8"), True) for line in added])
    nt_file, nt = _open_bytes(ntriples)
    ttl_file, ttl = _open_bytes(turtle)
    outputs: list[_AtomicBytes] = []
    try:
        # The new blocks of the subjects that change, from their old lines in graph.nt.
        by_subject: dict[str, tuple[list[str], list[str]]] = {}
        for line in removed:
            by_subject.setdefault(_subject_of_line(line), ([], []))[0].append(line)
        for line in added:
            by_subject.setdefault(_subject_of_line(line), ([], []))[1].append(line)
        namer = _rdf._Namer(prefixes)
        objects = _TurtleObjects(namer)
        blocks: dict[str, str] = {}
        at = 0
        # In line order: "<e#sentence> " sorts before "<e> ", though subject e comes first in Turtle.
        for subject in sorted(by_subject, key=lambda s: s + ">"):
            head = ("<" + subject + "> ").encode("utf-8")
            a = _line_lower_bound(nt, head, at)
            b = _line_lower_bound(nt, head[:-1] + b"!", a)  # "!" follows " ": past the subject's lines
            at = a
            gone, new = by_subject[subject]
            lines = set(bytes(nt[a:b]).decode("utf-8").splitlines(keepends=True))
            if not lines.issuperset(gone) or lines.intersection(new):
                raise StaleOutput(f"graph.nt does not hold the lines the build state expects for <{subject}>")
            lines.difference_update(gone)
            lines.update(new)
            rests = sorted(line[len(head.decode("utf-8")):] for line in lines)
            blocks[subject] = _turtle_block(subject, rests, namer, objects) if rests else ""

        out = _AtomicBytes(ntriples)
        outputs.append(out)
        pos = 0
        for raw, add in ops:
            at = _line_lower_bound(nt, raw, pos)
            out.copy(nt, pos, at)
            if add:
                out.file.write(raw)
                pos = at
            else:
                pos = at + len(raw)
        out.copy(nt, pos, len(nt))

        out = _AtomicBytes(turtle)
        outputs.append(out)
        doc = _BlockFile(ttl, prefixes)
        pos = doc.start
        out.copy(ttl, 0, pos)
        for subject, text in sorted(blocks.items()):
            at = doc.lower_bound(subject, pos)
            out.copy(ttl, pos, at)
            pos = doc._end(at) if at < len(ttl) and doc.subject(at) == subject else at
            out.file.write(text.encode("utf-8"))
        out.copy(ttl, pos, len(ttl))
    except BaseException:
        for out in outputs:
            out.abort()
        raise
    finally:
        if not isinstance(nt, bytes):
            nt.close()
        if not isinstance(ttl, bytes):
            ttl.close()
        nt_file.close()
        ttl_file.close()
    for out in outputs:
        out.commit()
    return len(added) - len(removed)
