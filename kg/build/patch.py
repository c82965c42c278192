"""Patching a previous build: graph.ttl and graph.nt rewritten with a few lines removed and added.

A rebuild that changes a few documents changes a few lines. graph.nt is
sorted by line and graph.ttl by subject, in code-point order, which is the
byte order of UTF-8: both can be searched by bisection in the file itself
and rewritten by copying the unchanged byte ranges around the changes. The
result is byte-identical to what :func:`kg.rdf.writer.write_sorted` writes
for the patched set of lines.
"""

from __future__ import annotations

import mmap
import os
from pathlib import Path
from typing import Iterable, Mapping

from kg.atomic import AtomicFile
from kg.rdf.prefixes import PREFIXES, PrefixMap
from kg.rdf.writer import TurtleBlocks


class StaleOutput(Exception):
    """The files on disk are not the ones the saved build state describes."""


def _open_bytes(path: Path):
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
        self.names = PrefixMap(prefixes)
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
        return self.names.expand(token)

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


def _copy(out: AtomicFile, mm, a: int, b: int) -> None:
    """Bytes a..b of ``mm`` to ``out``, 64 MB at a time: no copy of the whole file in memory."""
    view = memoryview(mm) if not isinstance(mm, bytes) else mm
    for i in range(a, b, 1 << 26):
        out.write(view[i:min(b, i + (1 << 26))])
    if not isinstance(mm, bytes):
        view.release()


def _new_blocks(nt, removed: set[str], added: set[str], prefixes: Mapping[str, str]) -> dict[str, str]:
    """The new Turtle blocks of the subjects that change, from their old lines in graph.nt ("" when gone)."""
    by_subject: dict[str, tuple[list[str], list[str]]] = {}
    for line in removed:
        by_subject.setdefault(_subject_of_line(line), ([], []))[0].append(line)
    for line in added:
        by_subject.setdefault(_subject_of_line(line), ([], []))[1].append(line)
    turtle_blocks = TurtleBlocks(prefixes)
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
        blocks[subject] = turtle_blocks.block(subject, rests) if rests else ""
    return blocks


def _patch_lines(out: AtomicFile, nt, removed: set[str], added: set[str]) -> None:
    ops = sorted([(line.encode("utf-8"), False) for line in removed] + [(line.encode("utf-8"), True) for line in added])
    pos = 0
    for raw, add in ops:
        at = _line_lower_bound(nt, raw, pos)
        _copy(out, nt, pos, at)
        if add:
            out.write(raw)
            pos = at
        else:
            pos = at + len(raw)
    _copy(out, nt, pos, len(nt))


def _patch_blocks(out: AtomicFile, ttl, blocks: dict[str, str], prefixes: Mapping[str, str]) -> None:
    doc = _BlockFile(ttl, prefixes)
    pos = doc.start
    _copy(out, ttl, 0, pos)
    for subject, text in sorted(blocks.items()):
        at = doc.lower_bound(subject, pos)
        _copy(out, ttl, pos, at)
        pos = doc._end(at) if at < len(ttl) and doc.subject(at) == subject else at
        out.write(text.encode("utf-8"))
    _copy(out, ttl, pos, len(ttl))


def patch_sorted(turtle: Path, ntriples: Path, removed: Iterable[str], added: Iterable[str],
                 prefixes: Mapping[str, str] = PREFIXES) -> int:
    """Rewrite a build's graph.ttl and graph.nt with lines removed and added; returns the change in triples.

    ``removed`` must be lines of graph.nt, ``added`` lines that are not
    (else :class:`StaleOutput`). The files are byte-identical to what
    :func:`kg.rdf.writer.write_sorted` gives for the patched set of lines.
    """
    removed, added = set(removed), set(added)
    if removed & added:
        raise ValueError("a line cannot be both removed and added")
    nt_file, nt = _open_bytes(ntriples)
    ttl_file, ttl = _open_bytes(turtle)
    outputs: list[AtomicFile] = []
    try:
        blocks = _new_blocks(nt, removed, added, prefixes)
        outputs.append(AtomicFile(ntriples, binary=True))
        _patch_lines(outputs[-1], nt, removed, added)
        outputs.append(AtomicFile(turtle, binary=True))
        _patch_blocks(outputs[-1], ttl, blocks, prefixes)
    except BaseException:
        for out in outputs:
            out.abort()
        raise
    finally:
        for mm, f in ((nt, nt_file), (ttl, ttl_file)):
            if not isinstance(mm, bytes):
                mm.close()
            f.close()
    for out in outputs:
        out.commit()
    return len(added) - len(removed)
