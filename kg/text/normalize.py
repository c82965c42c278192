"""Length-preserving text normalisation: one character in, one character out.

Extractors match lexicons written in simplified characters and half-width
ASCII, but articles come as 楓橋經驗, （２０２４年）, ＡＢＣ. Because every
character maps to exactly one character, an offset found in ``normalize(text)``
is also an offset in ``text``, so evidence can quote the original.

The traditional -> simplified table is ``kg/data/t2s_chars.tsv`` (exported from
OpenCC's character dictionaries; its header says how). Phrase-level
conversions (which would change lengths) are out of scope on purpose.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from kg.config import data_dir

T2S_FILE = "t2s_chars.tsv"

# Chinese quotes “”‘’ and 、。 stay: they carry meaning for extractors (a quoted
# local brand, an enumeration) and have no half-width twin.
_EXTRA = {
    "\u3000": " ",  # ideographic space
    "\u00a0": " ",  # no-break space (HTML &nbsp;)
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\u200b": " ",  # zero-width space: a space keeps the length
    "\ufeff": " ",  # stray BOM inside text
    # Traditional-text corner quotes -> the quotes simplified text uses.
    "「": "“",
    "」": "”",
    "『": "‘",
    "』": "’",
}


def table_file() -> Path:
    """The traditional -> simplified character table this module reads."""
    return data_dir() / T2S_FILE


def _load_t2s() -> dict[str, str]:
    table: dict[str, str] = {}
    path = table_file()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            trad, simp = line.rstrip("\n").split("\t")[:2]
            if len(trad) == 1 and len(simp) == 1:
                table[trad] = simp
    # Follow chains (薴 -> 苧 -> 苎) so that normalising twice changes nothing.
    for trad, simp in table.items():
        seen = {trad}
        while simp in table and simp not in seen:
            seen.add(simp)
            simp = table[simp]
        table[trad] = simp
    return table


@lru_cache(maxsize=1)
def translation_table() -> dict[int, str]:
    """The full str.translate table (built once)."""
    table: dict[int, str] = {}
    # Full-width ASCII forms U+FF01..U+FF5E -> U+0021..U+007E.
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    for src, dst in _EXTRA.items():
        table[ord(src)] = dst
    for trad, simp in _load_t2s().items():
        table[ord(trad)] = simp
    return table


def normalize(text: str) -> str:
    """Simplified characters and half-width forms; ``len`` never changes."""
    return text.translate(translation_table())


# Copy sites that convert to traditional script leave the pinyin of some characters after them:
# 網(wǎng)格員, 建設(shè). Matchers read past such notes (the text keeps them: offsets never move).
_PINYIN_NOTE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)")


def without_pinyin_notes(text: str) -> tuple[str, Sequence[int]]:
    """``text`` without its pinyin notes, and for each kept character its offset in ``text``."""
    if "(" not in text or not _PINYIN_NOTE.search(text):
        return text, range(len(text))
    kept, where, pos = [], [], 0
    for m in _PINYIN_NOTE.finditer(text):
        kept.append(text[pos : m.start()])
        where.extend(range(pos, m.start()))
        pos = m.end()
    kept.append(text[pos:])
    where.extend(range(pos, len(text)))
    return "".join(kept), where
