"""Read articles from disk: plain text, HTML and JSON Lines, in any common encoding.

Nothing here raises on bad input: an unreadable file, a binary file or a broken
JSON line becomes a :class:`SkippedInput` with a reason, and reading goes on.

Encodings are detected, never assumed. Order of trust: a byte-order mark;
strict UTF-8; the charset an HTML page declares; then GB18030 and Big5
(cp950), both of which decode almost any byte string, so the decoding whose
characters are the *common* ones (GB2312 level 1 after simplification) wins;
then UTF-8 with a few corrupt bytes (each becomes U+FFFD); charset-normalizer
last, and only for the encodings above. A decoding is only accepted if it
yields mostly CJK / ASCII text. A file that ends inside a multi-byte character
is reported as truncated; decoded text never holds lone surrogates.

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
import re
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from kg.model import Document, SkippedInput
from kg.text.chars import scrub
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
    hint = _declared_charset(data) if kind == "html" else None
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
    from kg.text.clean import parse_date  # clean owns the date formats; imported late to keep reader light

    value = _opt_str(value)
    return parse_date(value) if value else None


# ---------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP/Office"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip"),
    (b"\xd0\xcf\x11\xe0", "OLE/Word"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7z"),
)

# Characters a Chinese or English article is made of.
_GOOD = re.compile(
    "[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2100-\u218f\u2190-\u21ff\u2460-\u24ff\u25a0-\u25ff"
    "\u2e80-\u2fdf\u3000-\u303f\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f"
    "\uff00-\uffef\U00020000-\U0003134f]"
)
_HANZI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")

_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "big5": "cp950",
    "big5-hkscs": "big5hkscs",
    "utf8": "utf-8",
}

SAMPLE_CHARS = 20_000


def decode_bytes(data: bytes, *, hint: Optional[str] = None) -> tuple[Optional[str], str]:
    """``(text, encoding)`` or ``(None, reason)``; never raises.

    The text never holds lone surrogates (they are not Unicode text and no
    writer can encode them): each becomes U+FFFD, so lengths and offsets hold.
    """
    text, why = _decode(data, hint)
    return (scrub(text), why) if text is not None else (None, why)


def _decode(data: bytes, hint: Optional[str]) -> tuple[Optional[str], str]:
    if not data:
        return None, "empty file"
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                if _cut_at_end(data, error):
                    return None, f"truncated: the file ends in the middle of a {encoding} character"
                return None, f"undecodable: starts with a {encoding} byte-order mark but is not {encoding}"
            text = text.lstrip("\ufeff")
            return (text, encoding) if text.strip() else (None, "empty file")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return None, f"binary file ({what})"
    head = data[:8192]
    if b"\x00" in head:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        return None, "binary file (contains NUL bytes)"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        # Valid UTF-8 with non-ASCII text up to a last, incomplete character: a download cut short.
        if _cut_at_end(data, error) and max(data[: error.start], default=0) >= 0x80:
            return None, f"truncated: the file ends in the middle of a UTF-8 character (byte {error.start} of {len(data)})"
    else:
        if _control_ratio(text) > 0.02:
            return None, "binary file (control characters)"
        return text, "utf-8"
    candidates = []
    if hint:
        candidates.append(_CHARSET_ALIASES.get(hint.lower(), hint.lower()))
    candidates += ["gb18030", "cp950", "big5hkscs"]
    best: Optional[tuple[float, int, str, str]] = None
    truncated: Optional[str] = None
    for rank, encoding in enumerate(dict.fromkeys(candidates)):
        try:
            text = data.decode(encoding)
        except LookupError:
            continue
        except UnicodeDecodeError as error:
            if truncated is None and _cut_at_end(data, error) and error.start > 0:
                head_text = data[: error.start].decode(encoding, errors="replace")
                if _good_ratio(head_text) >= 0.9 and _commonness(head_text) >= 0.5:
                    truncated = encoding
            continue
        if _good_ratio(text) < 0.9:
            continue
        score = _commonness(text)
        if hint and rank == 0 and score >= 0.6:
            return text, encoding  # the page's own declaration, and it reads well
        key = (score, -rank, encoding, text)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is not None and (best[0] >= 0.5 or not _HANZI.search(best[3][:SAMPLE_CHARS])):
        return best[3], best[2]
    if truncated is not None:
        return None, f"truncated: the file ends in the middle of a {truncated} character"
    lenient = _utf8_with_a_few_bad_bytes(data)
    if lenient is not None:
        return lenient
    return _charset_normalizer_guess(data)


def _cut_at_end(data: bytes, error: UnicodeDecodeError) -> bool:
    """The decoding fails on an incomplete character in the last bytes."""
    return (error.end >= len(data) and error.start >= len(data) - 3
            and any(word in error.reason for word in ("end of data", "incomplete", "truncated")))


# A UTF-8 article may carry a few corrupt sequences (a surrogate written by a
# buggy exporter, a stray byte): one bad character must not lose the article.
MAX_BAD_UTF8_SHARE = 0.002


def _utf8_with_a_few_bad_bytes(data: bytes) -> Optional[tuple[str, str]]:
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    if bad <= 0 or bad > max(3, MAX_BAD_UTF8_SHARE * len(text)):
        return None
    if _good_ratio(text) < 0.95 or _control_ratio(text) > 0.02:
        return None
    return text, f"utf-8 ({bad} invalid bytes replaced by U+FFFD)"


def _utf16_without_bom(data: bytes) -> Optional[tuple[str, str]]:
    """UTF-16 without a BOM shows NULs in one byte position only (ASCII parts)."""
    head = data[:8192]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if len(data) % 2 or (even and odd):
        return None
    encoding = "utf-16-be" if even else "utf-16-le"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return (text, encoding) if _good_ratio(text) >= 0.95 else None


# What the detector may decide: the encodings the reader supports. Anything
# else (cp1252, Shift-JIS, EBCDIC …) it will happily "decode" into mojibake.
_DETECTOR_ENCODINGS = frozenset(
    "utf_8 utf_8_sig utf_16 utf_16_le utf_16_be utf_32 utf_32_le utf_32_be gb18030 gbk gb2312 hz "
    "big5 big5hkscs cp950".split()
)


def _charset_normalizer_guess(data: bytes) -> tuple[Optional[str], str]:
    try:
        from charset_normalizer import from_bytes

        match = from_bytes(data).best()
    except Exception:  # a detector failure is just "no guess"
        match = None
    looks_like = ""
    if match is not None:
        if match.encoding not in _DETECTOR_ENCODINGS:
            looks_like = f" (looks like {match.encoding})"
        else:
            text = str(match)
            if text.strip() and _good_ratio(text) >= 0.95 and _control_ratio(text) < 0.01:
                return text, match.encoding
    return None, "undecodable: not UTF-8, UTF-16, GB18030 or Big5 text" + looks_like


def _control_ratio(text: str) -> float:
    sample = text[:SAMPLE_CHARS]
    return len(_CONTROL.findall(sample)) / max(1, len(sample))


def _good_ratio(text: str) -> float:
    sample = text[:SAMPLE_CHARS]
    return len(_GOOD.findall(sample)) / max(1, len(sample))


def _commonness(text: str) -> float:
    """Share of Han characters that are everyday ones (GB2312 level 1 once simplified).

    A Big5 file read as GBK, or the reverse, still decodes, but into rare
    characters and kana; the right reading is made of common ones.
    """
    from kg.text.normalize import normalize

    hanzi = _HANZI.findall(normalize(text[:SAMPLE_CHARS]))
    if not hanzi:
        others = len(text) - len(_GOOD.findall(text[:SAMPLE_CHARS]))
        return 1.0 if others == 0 else 0.0
    common = _common_hanzi()
    return sum(1 for h in hanzi if h in common) / len(hanzi)


@lru_cache(maxsize=1)
def _common_hanzi() -> frozenset[str]:
    chars = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def _declared_charset(data: bytes) -> Optional[str]:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


# ---------------------------------------------------------------- HTML

# Page furniture, not article text.
DROPPED_TAGS = frozenset(
    "script style nav header footer noscript template head title iframe object embed svg canvas "
    "select option button textarea form".split()
)
# Elements that start a new line.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
    "figcaption figure h1 h2 h3 h4 h5 h6 hr li main ol p pre section summary table tbody thead "
    "tfoot tr td th ul html".split()
)
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")


# The HTML parser takes time quadratic in the nesting depth (200,000 nested
# <div>s, 2 MB, take minutes); real pages stay under a few hundred levels.
MAX_HTML_DEPTH = 5000
# Elements that never nest (void) or whose end tag may be left out (<p>, <li> …).
_FLAT_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd td th tr option optgroup thead tbody tfoot colgroup rb rt rp caption html head body".split()
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")


def html_nesting_depth(html: str, *, stop_at: int = 1 << 30) -> int:
    """How deeply elements nest, from the tags alone (a cheap upper bound; stops counting at ``stop_at``)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _FLAT_TAGS:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest >= stop_at:
                    break
    return deepest


def html_to_text(html: str) -> str:
    """Visible article text: furniture dropped, one line per block element."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    root = tree.root
    if root is None:
        return ""
    parts: list[str] = []
    # Iterative depth-first walk (deep pages would overflow recursion).
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag
        if closing:
            parts.append("\n")
            continue
        if tag == "-text":
            text = node.text_content or ""
            parts.append(text if _inside_pre(node) else _HTML_SPACE.sub(" ", text))
            continue
        if tag in DROPPED_TAGS or tag.startswith("-"):
            continue  # furniture, comments, doctype
        if tag == "br":
            parts.append("\n")
            continue
        block = tag in BLOCK_TAGS
        if block:
            parts.append("\n")
            stack.append((node, True))
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((c, False) for c in reversed(children))
    text = "".join(parts)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _inside_pre(node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "pre":
            return True
        parent = parent.parent
    return False
