"""Word boundaries from jieba, used to reject matches that cut through a word.

A gazetteer or lexicon hit is only trusted where the text has a word boundary:
长治 inside 长治久安, 开平 inside 召开平安 and 江城区 inside 黔江城区 all cut
through one of jieba's words. jieba runs with its default dictionary only:
adding our own labels to it would bend the segmentation towards them and so
defeat the check.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=4096)
def token_boundaries(text: str) -> frozenset[int]:
    """Offsets (0..len(text)) at which jieba starts or ends a word."""
    bounds = {0, len(text)}
    for _word, start, end in jieba.tokenize(text, HMM=False):
        bounds.add(start)
        bounds.add(end)
    return frozenset(bounds)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """jieba's words with their offsets in ``text``."""
    return [(w, s, e) for w, s, e in jieba.tokenize(text, HMM=False)]


def cuts_word(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether a span's left and right edges fall inside a jieba word."""
    bounds = token_boundaries(text)
    return start not in bounds, end not in bounds
