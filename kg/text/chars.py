"""Characters and the marks extractors read in normalised text (quotes, clause breaks), defined once.

Normalised text (:mod:`kg.text.normalize`) has half-width ASCII forms and
simplified-text quotes (「」 become “”), so these patterns need no variants.
"""

from __future__ import annotations

import re

# A quotation or a title: a slogan, a brand or a work's name, not the article's own words.
QUOTATION = re.compile(r"“[^“”]*”|《[^《》]*》")
# Where a clause ends, and where an item of an enumeration ends.
CLAUSE_BREAK = re.compile(r"[,，:：]")
ITEM_BREAK = re.compile(r"[,，:：、]")
# The digits of a count, inside a character class: 7个, 十一个, 两个 (江苏、湖北两个省).
COUNT_DIGITS = "0-9一二两三四五六七八九十"

_SURROGATE = re.compile("[\ud800-\udfff]")


def quoted(shortest: int, longest: int, *, straight: bool = False) -> re.Pattern:
    """A quoted phrase of ``shortest`` to ``longest`` characters (group 1), in “” or, with ``straight``, also in "."""
    if straight:
        return re.compile(f'[“"]([^“”"\\n]{{{shortest},{longest}}})[”"]')
    return re.compile(f"“([^“”]{{{shortest},{longest}}})”")


def quoted_any(shortest: int, longest: int) -> re.Pattern:
    """A quoted phrase in any of the marks articles use: “…” ‘…’ "…" '…' (read it with :func:`quoted_text`)."""
    span = f"{{{shortest},{longest}}}"
    return re.compile(f"“([^“”\\n]{span})”|‘([^‘’\\n]{span})’|\"([^\"\\n]{span})\"|'([^'\\n]{span})'")


def quoted_text(match: re.Match) -> str:
    """The words inside the quotation marks of a :func:`quoted_any` match."""
    return match.group(match.lastindex)  # the one group of the marks that matched (never empty)


def is_han(text: str) -> bool:
    """Whether ``text`` is one or more CJK unified ideographs (U+4E00..U+9FFF) and nothing else."""
    return bool(text) and all("\u4e00" <= ch <= "\u9fff" for ch in text)


def scrub(text: str) -> str:
    """Lone surrogates (from JSON "\\ud800" escapes or surrogate-escaped bytes) -> U+FFFD; length kept."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
