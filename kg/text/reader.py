"""Read articles from disk: plain text, HTML and JSON Lines, in any common encoding.

Nothing here raises on bad input: an unreadable file, a binary file or a broken
JSON line becomes a :class:`SkippedInput` with a reason, and reading goes on.
Encodings are detected, never assumed (:mod:`kg.text.decode`); HTML becomes
its article text (:mod:`kg.text.html`).

Limits keep a hostile input cheap: ``max_bytes`` per file and per JSON line
(a longer line is skipped without being held in memory), HTML nesting depth,
JSON nesting depth.
"""

from __future__ import annotations

import codecs
import fnmatch
import gzip
import json
import os
import zlib
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from kg.model import Document, SkippedInput
from kg.text.chars import scrub
from kg.text.dates import parse_date
from kg.text.decode import declared_charset, decode_bytes
from kg.text.html import MAX_HTML_DEPTH, html_nesting_depth, html_to_text
from kg.text.urls import clean_url

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
SUPPORTED = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES

DEFAULT_MAX_BYTES = 20_000_000
MAX_SKIPS_PER_FILE = 100  # bad JSON lines reported one by one per file; the rest are counted

PathLike = Union[str, Path]
Item = Union[Document, SkippedInput]


# ---------------------------------------------------------------- walking


def iter_documents(paths: Iterable[PathLike], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Documents from files and directories, in a deterministic order.

    Paths are taken in the order given; directories are walked recursively,
    entries sorted by name. In a walk, files that are not articles (README.md,
    seeds.json, hidden files) are passed over silently; a file named
    explicitly with an unsupported type is reported as a SkippedInput.
    ``max_bytes`` bounds a text/HTML file, and each JSON line.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            ignored = _ignore_patterns(path)
            for file in _walk(path):
                if isinstance(file, SkippedInput):
                    if not _is_ignored(Path(file.source).relative_to(path), ignored):
                        yield file
                elif not _is_ignored(file.relative_to(path), ignored):
                    yield from _read_file(file, max_bytes)
        elif path.exists():
            if _kind(path) is None:
                yield SkippedInput(source=str(path),
                                   reason=f"unsupported file type (expected one of {', '.join(SUPPORTED)})")
            else:
                yield from _read_file(path, max_bytes)
        else:
            yield SkippedInput(source=str(path), reason="no such file or directory")


def read_document(path: PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Item:
    """One text or HTML file as a Document (or why it was skipped)."""
    path = Path(path)
    kind = _kind(path)
    if kind not in ("text", "html"):
        return SkippedInput(source=str(path),
                            reason="read_document reads one .txt or .html file; use iter_documents for JSON Lines")
    return next(iter(_read_file(path, max_bytes)))


IGNORE_FILE = ".kgignore"


def _ignore_patterns(root: Path) -> tuple[str, ...]:
    """Glob patterns (one a line, relative to ``root``) from ``root/.kgignore``: folders or files a walk passes over.

    The bundled corpus uses it to keep the annotated development texts (``dev/``) out of
    ``kg build corpus``; a user can do the same for drafts or archives.
    """
    try:
        lines = (root / IGNORE_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ()
    return tuple(line.strip().rstrip("/") for line in lines if line.strip() and not line.lstrip().startswith("#"))


def _is_ignored(relative: Path, patterns: tuple[str, ...]) -> bool:
    parts = relative.parts
    return any(
        fnmatch.fnmatchcase("/".join(parts[: i + 1]), pattern) for pattern in patterns for i in range(len(parts))
    )


def _walk(root: Path, top: Optional[Path] = None) -> Iterator[Union[Path, SkippedInput]]:
    """Article files under ``root``, sorted; a symlink is followed only to a file inside ``top``
    (a link to a private file elsewhere must not be read into the graph)."""
    top = top or root.resolve()
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path, top)
        elif entry.is_symlink():
            if _kind(path) is None:
                continue
            skipped = _symlink_problem(path, top)
            yield skipped if skipped is not None else path
        elif entry.is_file() and _kind(path) is not None:
            yield path


def _symlink_problem(link: Path, top: Path) -> Optional[SkippedInput]:
    """Why a symlinked article is not read, or None when it points to a file inside ``top``."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a loop of links
        return SkippedInput(source=str(link), reason="dangling symlink (its target does not exist)")
    if not target.is_relative_to(top):
        return SkippedInput(source=str(link), reason="symlink to a file outside the input folder (not read)")
    if not target.is_file():
        return SkippedInput(source=str(link), reason="symlink to something that is not a file")
    return None


def _kind(path: Path) -> Optional[str]:
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def _read_file(path: Path, max_bytes: int) -> Iterator[Item]:
    kind = _kind(path)
    if kind == "jsonl":
        yield from _read_jsonl(path, max_bytes)
        return
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield SkippedInput(source=source, reason=f"file too large: {size} bytes > max_bytes={max_bytes}")
            return
        data = path.read_bytes()
    except OSError as error:
        yield SkippedInput(source=source, reason=f"cannot read file: {error.strerror or error}")
        return
    if not data.strip():
        yield SkippedInput(source=source, reason="empty file")
        return
    hint = declared_charset(data) if kind == "html" else None
    text, why = decode_bytes(data, hint=hint)
    if text is None:
        yield SkippedInput(source=source, reason=why)
        return
    if kind == "html":
        depth = html_nesting_depth(text, stop_at=MAX_HTML_DEPTH + 1)
        if depth > MAX_HTML_DEPTH:
            yield SkippedInput(source=source, reason=f"HTML nested too deeply (more than {MAX_HTML_DEPTH} levels)")
            return
        text = html_to_text(text)
    if not text.strip():
        yield SkippedInput(source=source,
                           reason="no text (empty after decoding)" if kind == "text" else "no text in HTML body")
        return
    yield Document(doc_id=path.name, text=text, source=source)


# ---------------------------------------------------------------- JSON Lines


def _read_jsonl(path: Path, max_bytes: int, max_skips: int = MAX_SKIPS_PER_FILE) -> Iterator[Item]:
    """One Document per line; a bad line is reported and the rest still read.

    Only the first ``max_skips`` bad lines are reported one by one, then one
    record counts the rest: a few KB of gzip can hold a million junk lines,
    and a record for each would cost gigabytes of memory and report."""
    source = str(path)
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    lineno = 0
    bad = 0

    def counted(item: Item) -> Optional[Item]:
        nonlocal bad
        if isinstance(item, SkippedInput):
            bad += 1
            if bad > max_skips:
                return None
        return item

    try:
        with opener(path, "rb") as handle:
            for lineno, (raw, size) in enumerate(_bounded_lines(handle, max_bytes), start=1):
                where = f"{source}:{lineno}"
                if raw is None:
                    reason = f"line {lineno} too large: {size} bytes > max_bytes={max_bytes}"
                    item = counted(SkippedInput(source=where, reason=reason))
                    if item is not None:
                        yield item
                    continue
                if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8) :]
                if not raw.strip():
                    continue
                item = counted(_jsonl_record(raw, where, lineno, path.name))
                if item is not None:
                    yield item
    except (OSError, EOFError, zlib.error) as error:
        at = f"after line {lineno}" if lineno else "at the start"
        yield SkippedInput(source=source, reason=f"unreadable {at}: {error}")
    if bad > max_skips:
        yield SkippedInput(source=source,
                           reason=f"{bad - max_skips} more bad lines not listed (the first {max_skips} are)")


def _bounded_lines(handle, max_bytes: int, chunk: int = 1 << 20) -> Iterator[tuple[Optional[bytes], int]]:
    """``(line, size)``, or ``(None, size)`` for a line over ``max_bytes``, which is never held in memory
    (a gzip bomb of one endless line must not exhaust it)."""
    while True:
        raw = handle.readline(max_bytes + 1)
        if not raw:
            return
        if len(raw) <= max_bytes:
            yield raw, len(raw)
            continue
        size = len(raw)
        while not raw.endswith(b"\n"):  # skip the rest of the long line
            raw = handle.readline(chunk)
            if not raw:
                break
            size += len(raw)
        yield None, size


def _jsonl_record(raw: bytes, where: str, lineno: int, file_name: str) -> Item:
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return SkippedInput(source=where, reason=f"line {lineno} is not UTF-8")
    except json.JSONDecodeError as error:
        return SkippedInput(source=where,
                            reason=f"malformed JSON on line {lineno}: {error.msg} (column {error.colno})")
    except RecursionError:  # [[[[…]]]] thousands deep: the decoder recurses once per level
        return SkippedInput(source=where, reason=f"line {lineno} is nested too deeply to read as JSON")
    except ValueError as error:  # e.g. an integer of more than 4300 digits
        return SkippedInput(source=where, reason=f"malformed JSON on line {lineno}: {error}")
    if not isinstance(record, dict):
        return SkippedInput(source=where, reason=f"line {lineno} is not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return SkippedInput(source=where, reason=f"line {lineno} has no text")
    doc_id = record.get("id")
    doc_id = scrub(str(doc_id)) if doc_id not in (None, "") else f"{file_name}:{lineno}"
    return Document(
        doc_id=doc_id,
        text=scrub(text),
        source=where,
        title=_opt_str(record.get("title")),
        date=_jsonl_date(record.get("date")),
        url=clean_url(_opt_str(record.get("url"))),
    )


def _opt_str(value) -> Optional[str]:
    if value is None:
        return None
    value = scrub(str(value)).strip()
    return value or None


def _jsonl_date(value) -> Optional[str]:
    value = _opt_str(value)
    return parse_date(value) if value else None
