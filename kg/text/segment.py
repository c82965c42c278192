"""Word boundaries from jieba, used to reject matches that cut through a word.

A gazetteer or lexicon hit is only trusted where the text has a word boundary:
长治 inside 长治久安, 开平 inside 召开平安 and 江城区 inside 黔江城区 all cut
through one of jieba's words. jieba runs with its default dictionary only:
adding our own labels to it would bend the segmentation towards them and so
defeat the check.

Speed. jieba cuts a text into runs of Han characters and ASCII word characters
(its ``re_han_default``) and segments each run on its own; everything between
runs becomes one-character words (a whitespace character, or ``\\r\\n``, is
one word). So the words of a sentence are the words of its runs, and a run is
segmented here once, cached by its text and shared by every caller (regions,
practices, organizations, metrics); :class:`Words` segments only the runs a
caller actually asks about. A run's words come from jieba's own HMM-free
dynamic programme, computed by :func:`_best_path` with jieba's dictionary and
float sums but without its per-run DAG and generators (2.4 times faster);
:func:`tagged` reads the part-of-speech tags off the same path. The results are
exactly what ``jieba.tokenize(text, HMM=False)`` and ``jieba.posseg.cut(text,
HMM=False)`` give (tests/test_build_scale.py checks them on the dev corpus).
"""

from __future__ import annotations

import logging
import math
import os
from bisect import bisect_right
from functools import lru_cache
from typing import Optional

import jieba
import jieba.posseg

jieba.setLogLevel(logging.WARNING)

# jieba's part-of-speech tags of proper names: place (ns), person (nr, nrt, nrfg), other (nz), abbreviation (j).
PROPER_NAME_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "j"})


def dictionary_tags() -> dict[str, str]:
    """Word -> part-of-speech tag, for every word of jieba's default dictionary (read anew on each call)."""
    tags = {}
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags

# The patterns jieba.cut uses in its default (accurate, not cut_all) mode.
_RUN = jieba.re_han_default
_SKIP = jieba.re_skip_default


# jieba's own segmentation of a run, computed here without its per-run DAG dict and generator of tuples:
# the same dynamic programme (best log-probability path from the right, ties to the longer word), the same
# floating-point sums in the same order, about 2.4 times faster. ``_log_probability`` holds, for every
# entry of jieba's prefix dictionary, ``log(freq) - log(total)`` as jieba's ``calc`` computes it (None for
# a prefix that is no word); it is filled on first use (0.2 s) from jieba's default dictionary.
_NOT_A_PREFIX = object()
_ASCII_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")  # jieba's re_eng


@lru_cache(maxsize=1)
def _log_probability() -> tuple[dict[str, Optional[float]], float]:
    jieba.dt.check_initialized()
    logtotal = math.log(jieba.dt.total)
    table = {w: (math.log(f) - logtotal if f else None) for w, f in jieba.dt.FREQ.items()}
    return table, math.log(1) - logtotal  # a character that is no word counts as frequency 1


def warm_up() -> None:
    """Load jieba's dictionary and the table of :func:`_best_path` now (before forking workers that share them)."""
    _log_probability()


def _best_path(run: str) -> list[int]:
    """For each offset k of ``run``, the end of the first word of jieba's best segmentation of run[k:]."""
    table, unknown = _log_probability()
    n = len(run)
    value = [0.0] * (n + 1)  # best log-probability of run[k:]
    step = [0] * n
    for k in range(n - 1, -1, -1):
        best, best_end, i = None, k, k
        p = table.get(run[k], _NOT_A_PREFIX)
        while p is not _NOT_A_PREFIX:
            if p is not None:
                v = p + value[i + 1]
                if best is None or v >= best:  # jieba's max over (value, end): a tie goes to the longer word
                    best, best_end = v, i
            i += 1
            if i >= n:
                break
            p = table.get(run[k: i + 1], _NOT_A_PREFIX)
        value[k] = unknown + value[k + 1] if best is None else best
        step[k] = best_end + 1
    return step


@lru_cache(maxsize=32768)
def _path_words(run: str) -> tuple[tuple[int, bool], ...]:
    """(end, joined letters?) of each word of jieba's HMM-free cut of ``run``.

    jieba buffers one-character ASCII letters and digits and yields each stretch of them as one word
    (tagged ``eng`` by its part-of-speech cut). Cached: the word boundaries (:func:`_run_ends`) and the
    tagged words (:func:`tagged`) of a sentence often ask for the same run.
    """
    step, n = _best_path(run), len(run)
    words, x, letters = [], 0, False
    while x < n:
        y = step[x]
        if y == x + 1 and run[x] in _ASCII_ALNUM:
            letters = True
        else:
            if letters:
                words.append((x, True))
                letters = False
            words.append((y, False))
        x = y
    if letters:
        words.append((n, True))
    return tuple(words)


@lru_cache(maxsize=32768)
def _run_ends(run: str) -> tuple[int, ...]:
    """Ends of jieba's words in one run (a whole match of jieba's ``re_han_default``): exactly the
    words of ``jieba.cut(run, HMM=False)``."""
    return tuple(end for end, _letters in _path_words(run))


def _gap_words(text: str, start: int, end: int):
    """jieba's words in text[start:end], a stretch between runs: one character, or one \\r\\n."""
    for piece in _SKIP.split(text[start:end]):
        if _SKIP.match(piece):
            yield start, start + len(piece)
            start += len(piece)
        else:
            for _ in piece:
                yield start, start + 1
                start += 1


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    out = []
    pos = 0
    for m in _RUN.finditer(text):
        rs, re_ = m.span()
        out.extend((text[s:e], s, e) for s, e in _gap_words(text, pos, rs))
        prev = 0
        for end in _run_ends(m.group()):
            out.append((text[rs + prev: rs + end], rs + prev, rs + end))
            prev = end
        pos = re_
    out.extend((text[s:e], s, e) for s, e in _gap_words(text, pos, len(text)))
    return tuple(out)


@lru_cache(maxsize=8192)
def token_boundaries(text: str) -> frozenset[int]:
    """Offsets (0..len(text)) at which jieba starts or ends a word."""
    bounds = {0, len(text)}
    for _word, start, end in _tokens(text):
        bounds.add(start)
        bounds.add(end)
    return frozenset(bounds)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """jieba's words with their offsets in ``text``."""
    return list(_tokens(text))


class Words:
    """jieba's words of one text, segmenting only the runs that are asked about.

    ``is_boundary(i)`` answers like ``i in token_boundaries(text)`` and
    ``word_end(i)`` gives the end of the word that starts at ``i`` (None if
    none does), without segmenting the rest of the text.
    """

    __slots__ = ("text", "_runs", "_starts", "_words")

    def __init__(self, text: str):
        self.text = text
        self._runs = [m.span() for m in _RUN.finditer(text)]
        self._starts = [s for s, _ in self._runs]
        self._words: dict[int, dict[int, int]] = {}  # run index -> {word start: word end}

    def _run_words(self, idx: int) -> dict[int, int]:
        words = self._words.get(idx)
        if words is None:
            rs, re_ = self._runs[idx]
            words, prev = {}, rs
            for end in _run_ends(self.text[rs:re_]):
                words[prev] = rs + end
                prev = rs + end
            self._words[idx] = words
        return words

    def _locate(self, i: int) -> tuple[int, bool]:
        """(index of the run holding offset i, True) or (index of the run before it, False)."""
        idx = bisect_right(self._starts, i) - 1
        return idx, idx >= 0 and i < self._runs[idx][1]

    def _gap_end(self, i: int, idx: int) -> Optional[int]:
        start = self._runs[idx][1] if idx >= 0 else 0
        end = self._starts[idx + 1] if idx + 1 < len(self._runs) else len(self.text)
        for s, e in _gap_words(self.text, start, end):
            if s >= i:
                return e if s == i else None
        return None

    def word_end(self, i: int) -> Optional[int]:
        if not 0 <= i < len(self.text):
            return None
        idx, inside = self._locate(i)
        if inside:
            return self._run_words(idx).get(i)
        return self._gap_end(i, idx)

    def is_boundary(self, i: int) -> bool:
        n = len(self.text)
        if i == 0 or i == n:
            return True
        if not 0 < i < n:
            return False
        idx, inside = self._locate(i)
        if not inside:
            # at a run's end, or between runs: a boundary unless inside a \r\n
            return (idx >= 0 and i == self._runs[idx][1]) or self._gap_end(i, idx) is not None
        if i == self._runs[idx][0]:
            return True
        return i in self._run_words(idx)


@lru_cache(maxsize=4096)
def tagged(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """jieba's words of ``text`` with their part-of-speech tags: (word, tag, start, end).

    Exactly ``jieba.posseg.cut(text, HMM=False)``, its blocks segmented by :func:`_path_words`.
    """
    pos = jieba.posseg
    pos.dt.makesure_userdict_loaded()
    tags = pos.dt.word_tag_tab
    out, at = [], 0
    for block in pos.re_han_internal.split(text):
        if pos.re_han_internal.match(block):
            prev = 0
            for end, letters in _path_words(block):
                word = block[prev:end]
                out.append((word, "eng" if letters else tags.get(word, "x"), at + prev, at + end))
                prev = end
        else:
            start = at
            for piece in pos.re_skip_internal.split(block):
                if pos.re_skip_internal.match(piece):
                    out.append((piece, "x", start, start + len(piece)))
                    start += len(piece)
                    continue
                english = pos.re_eng.match(piece)  # of the whole piece, as jieba tests it
                for ch in piece:
                    tag = "m" if pos.re_num.match(ch) else "eng" if english else "x"
                    out.append((ch, tag, start, start + 1))
                    start += 1
        at += len(block)
    return tuple(out)
