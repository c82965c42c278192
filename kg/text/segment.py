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

A question about one offset (:class:`Words`) needs less than its run: where no
dictionary word crosses an offset (and no ASCII letters join across it), every
segmentation of the run ends a word there, so the offset is a boundary, and the
words on either side of it do not depend on each other. ``Words`` answers from
the stretch between the two such cuts around the offset (four fifths of the
answers are a cut itself), segmented alone; see :func:`_stretch_steps` for why
its words are exactly the run's.
"""

from __future__ import annotations

import logging
import math
from bisect import bisect_right
from functools import lru_cache
from typing import Optional

import jieba
import jieba.posseg

jieba.setLogLevel(logging.WARNING)

# jieba's part-of-speech tags of proper names: place (ns), person (nr, nrt, nrfg), other (nz), abbreviation (j).
PROPER_NAME_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "j"})
# Tags of single characters that are never part of a name (prepositions, conjunctions, particles, pronouns,
# numerals, measure words: 在, 和, 的, 各, 三, 个).
NOT_NAME_PART_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "uv", "ud", "ug", "y", "r", "m", "q"})


def word_tag(word: str) -> Optional[str]:
    """jieba's dictionary tag of ``word``, None for a word its dictionary does not list (one entry of
    :func:`dictionary_tags`, without copying the table)."""
    return jieba.posseg.dt.word_tag_tab.get(word)


def dictionary_tags() -> dict[str, str]:
    """Word -> part-of-speech tag, for every word of jieba's default dictionary (a new dict on each call).

    jieba.posseg read the dictionary's tags when it was imported: a copy of its table, not a second read.
    """
    return dict(jieba.posseg.dt.word_tag_tab)

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


@lru_cache(maxsize=1)
def _longest_words() -> tuple[dict[str, int], int]:
    """First character -> length of the longest dictionary word that starts with it (absent: 1), and
    the longest of all."""
    longest: dict[str, int] = {}
    for word, p in _log_probability()[0].items():
        if p is not None and len(word) > longest.get(word[0], 1):
            longest[word[0]] = len(word)
    return longest, max(longest.values(), default=1)


def longest_word() -> int:
    """The length of jieba's longest dictionary word: no word of a Han run is longer."""
    return _longest_words()[1]


def warm_up() -> None:
    """Load jieba's dictionary and the tables of :func:`_best_path` now (before forking workers that share them)."""
    _log_probability()
    _longest_words()


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


# Stretches are segmented alone only in runs up to this length, and their best paths trusted only where
# every choice wins by more than _CLEAR_MARGIN (see _stretch_steps).
_LONGEST_LOCAL_RUN = 2000
_CLEAR_MARGIN = 1e-6


def _reach(text: str, k: int, end: int, table: dict) -> int:
    """End of the longest dictionary word that starts at k and ends by ``end`` (k + 1 if none)."""
    reach, i = k + 1, k
    p = table.get(text[k], _NOT_A_PREFIX)
    while p is not _NOT_A_PREFIX:
        if p is not None:
            reach = i + 1
        i += 1
        if i >= end:
            break
        p = table.get(text[k: i + 1], _NOT_A_PREFIX)
    return reach


@lru_cache(maxsize=65536)  # runs recur across documents (新华社北京…电, 习近平强调), and so do their hits
def _is_cut(run: str, p: int) -> bool:
    """Whether every segmentation of ``run`` ends a word at p: no dictionary word crosses p, and p
    does not stand between two ASCII letters or digits (jieba joins those)."""
    n = len(run)
    if p <= 0 or p >= n:
        return True
    if run[p - 1] in _ASCII_ALNUM or run[p] in _ASCII_ALNUM:
        return False
    table, (longest, longest_len) = _log_probability()[0], _longest_words()
    for k in range(max(0, p - longest_len + 1), p):  # a start further back crosses nothing
        if k + longest.get(run[k], 1) > p:
            # A word run[k:j] with j > p has run[k:p+1] as a prefix, and jieba's table holds every prefix
            # of its words: one look-up rules most starts out, where _reach would walk from k.
            j = p + 1
            q = table.get(run[k:j], _NOT_A_PREFIX)
            while q is not _NOT_A_PREFIX:
                if q is not None:
                    return False
                if j >= n:
                    break
                j += 1
                q = table.get(run[k:j], _NOT_A_PREFIX)
    return True


def _stretch_steps(stretch: str) -> Optional[list[int]]:
    """:func:`_best_path` of a stretch between two cuts, or None where a choice is too close to call.

    The run's own path goes through both cuts, and its choices inside the stretch compare paths to
    the right cut, which all end with the same best value of the rest of the run: segmented alone
    (that value taken as 0) the stretch makes the same choices, except that the sums are rounded
    differently. Their difference stays below 1e-7 for runs of up to 2,000 characters (about 2,000
    additions of log-probabilities above -18, each rounded to 2^-38 at most), so a choice that wins
    by more than _CLEAR_MARGIN wins in the run too; a closer one (a tie: 中国 人民 vs 中国人 民 with
    equal products of frequencies) sends the caller back to the whole run.
    """
    table, unknown = _log_probability()
    n = len(stretch)
    value = [0.0] * (n + 1)
    step = [0] * n
    for k in range(n - 1, -1, -1):
        best, second, best_end, i = None, None, k, k
        p = table.get(stretch[k], _NOT_A_PREFIX)
        while p is not _NOT_A_PREFIX:
            if p is not None:
                v = p + value[i + 1]
                if best is None or v >= best:
                    second, best, best_end = best, v, i
                elif second is None or v > second:
                    second = v
            i += 1
            if i >= n:
                break
            p = table.get(stretch[k: i + 1], _NOT_A_PREFIX)
        if second is not None and best - second <= _CLEAR_MARGIN:
            return None
        value[k] = unknown + value[k + 1] if best is None else best
        step[k] = best_end + 1
    return step


@lru_cache(maxsize=32768)
def _stretch_words(run: str, i: int) -> Optional[tuple[int, int, dict[int, int]]]:
    """(a, b, {word start: word end}) of the stretch run[a:b] between the cuts around offset i
    (a <= i < b), or None where the whole run must be segmented. (Shared: never changed by a caller.)"""
    n = len(run)
    if n > _LONGEST_LOCAL_RUN:
        return None
    a = i
    while not _is_cut(run, a):
        a -= 1
    table = _log_probability()[0]
    b, reach = n, a
    for k in range(a, n):  # the first cut after i: no word from a on crosses it
        reach = max(reach, _reach(run, k, n, table))
        q = k + 1
        if q > i and reach <= q and (q == n or (run[q - 1] not in _ASCII_ALNUM and run[q] not in _ASCII_ALNUM)):
            b = q
            break
    step = _stretch_steps(run[a:b])
    if step is None:
        return None
    words, x, letters_from = {}, 0, None  # one-character ASCII steps join into one word, as in _path_words
    while x < b - a:
        y = step[x]
        if y == x + 1 and run[a + x] in _ASCII_ALNUM:
            if letters_from is None:
                letters_from = x
        else:
            if letters_from is not None:
                words[a + letters_from] = a + x
                letters_from = None
            words[a + x] = a + y
        x = y
    if letters_from is not None:
        words[a + letters_from] = b
    return a, b, words


class Words:
    """jieba's words of one text, segmenting only around the offsets that are asked about.

    ``is_boundary(i)`` answers like ``i in token_boundaries(text)`` and
    ``word_end(i)`` gives the end of the word that starts at ``i`` (None if
    none does), without segmenting the rest of the text: an offset no word
    crosses is a boundary outright, any other is looked up in the words of the
    stretch around it (:func:`_stretch_words`), or of its whole run.
    """

    __slots__ = ("text", "_runs", "_starts", "_words", "_stretches")

    def __init__(self, text: str):
        self.text = text
        self._runs = [m.span() for m in _RUN.finditer(text)]
        self._starts = [s for s, _ in self._runs]
        self._words: dict[int, dict[int, int]] = {}  # run index -> {word start: word end}
        # (a, b, run start, {word start: word end} in the run's offsets) of the stretches segmented
        self._stretches: list[tuple[int, int, int, dict[int, int]]] = []

    def _words_around(self, idx: int, i: int) -> tuple[int, dict[int, int]]:
        """(offset, words) of a stretch of run ``idx`` holding offset i, or of the whole run: a word
        starting at i ends at offset + words[i - offset]."""
        words = self._words.get(idx)
        if words is not None:
            return 0, words
        for a, b, rs, words in self._stretches:
            if a <= i < b:
                return rs, words
        rs, re_ = self._runs[idx]
        stretch = _stretch_words(self.text[rs:re_], i - rs)
        if stretch is None:
            return 0, self._run_words(idx)
        a, b, words = stretch
        self._stretches.append((rs + a, rs + b, rs, words))
        return rs, words

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
            offset, words = self._words_around(idx, i)
            end = words.get(i - offset)
            return None if end is None else offset + end
        return self._gap_end(i, idx)

    def __contains__(self, i: int) -> bool:  # ``i in words``: as ``i in token_boundaries(text)``
        return self.is_boundary(i)

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
        rs, re_ = self._runs[idx]
        if i == rs or _is_cut(self.text[rs:re_], i - rs):
            return True
        offset, words = self._words_around(idx, i)
        return (i - offset) in words


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


class TaggedWords:
    """The words of :func:`tagged` of one text, found only where they are asked about.

    After ``cover(lo, hi)``, ``by_end`` holds every word of ``tagged(text)`` that ends in (lo, hi] and
    ``by_start`` every word that starts in [lo, hi), as ``tagged(text)`` gives them. The text is tagged
    from a cut at or before lo (an offset every segmentation ends a word at, see :func:`_is_cut`) to the
    end of the part-of-speech block holding hi: jieba segments a block from its end, so a block's words
    from a cut on are those of the block tagged whole, to the last bit of the sums.
    """

    __slots__ = ("text", "by_end", "by_start", "_blocks", "_covered")

    def __init__(self, text: str):
        self.text = text
        self.by_end: dict[int, tuple[str, str, int, int]] = {}
        self.by_start: dict[int, tuple[str, str, int, int]] = {}
        self._blocks: Optional[list[tuple[int, int]]] = None  # spans of jieba.posseg's Han blocks
        self._covered: list[tuple[int, int]] = []

    def cover(self, lo: int, hi: int) -> None:
        lo = min(max(0, lo), len(self.text))
        hi = max(lo, min(len(self.text), hi))
        if any(a <= lo and hi <= b for a, b in self._covered):
            return
        if self._blocks is None:
            self._blocks = [m.span() for m in jieba.posseg.re_han_internal.finditer(self.text)]
        a, b = lo, hi
        if self.text.startswith("\r\n", a - 1):  # one word between blocks, never cut
            a -= 1
        if self.text.startswith("\r\n", b - 1):
            b += 1
        for start, end in self._blocks:
            if start < lo < end:  # a cut inside the block at or before lo (the block's start is one)
                block = self.text[start:end]
                while not _is_cut(block, a - start):
                    a -= 1
            if start < hi < end:
                b = end
        for word, tag, s, e in tagged(self.text[a:b]):
            self.by_end[a + e] = self.by_start[a + s] = (word, tag, a + s, a + e)
        self._covered.append((a, b))


@lru_cache(maxsize=1024)
def tagged_words_of(text: str) -> TaggedWords:
    """One :class:`TaggedWords` per text, shared: organizations ask about the towns of one sentence again and
    again (kg.extract.places), and what is tagged depends on the text alone."""
    return TaggedWords(text)
