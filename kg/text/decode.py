"""Bytes to text, in any common encoding, detected, never assumed; never raises.

Order of trust: a byte-order mark; strict UTF-8; the charset an HTML page
declares; then GB18030 and Big5 (cp950), both of which decode almost any byte
string, so the decoding whose characters are the *common* ones (GB2312 level 1
after simplification) wins; then UTF-8 with a few corrupt bytes (each becomes
U+FFFD); charset-normalizer last, and only for the encodings above. A decoding
is only accepted if it yields mostly CJK / ASCII text. A file that ends inside
a multi-byte character is reported as truncated; decoded text never holds
lone surrogates.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from typing import Optional

from charset_normalizer import from_bytes

from kg.text.chars import scrub
from kg.text.normalize import normalize

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


def declared_charset(data: bytes) -> Optional[str]:
    """The charset an HTML page declares in its first 4 KB (``<meta charset=…>``), if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None
