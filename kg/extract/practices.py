"""Core practices in text: a matcher for the labels and patterns of the practice scheme.

Labels are folded the same way as the text (:mod:`kg.text.normalize`) and
matched with one Aho-Corasick automaton (:mod:`kg.text.automaton`); a hit is kept only on jieba word
boundaries (网格 must not match inside 电网格局). The scheme itself is
:mod:`kg.lexicons.practices`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Optional, Sequence

from kg.lexicons.practices import NotPractices, PracticeScheme
from kg.model import PracticeMention, PreparedText, RegionMention
from kg.text.automaton import WordAutomaton
from kg.text.chars import CLAUSE_BREAK
from kg.text.normalize import normalize, without_pinyin_notes
from kg.text.segment import Words

_LAST_BREAK = re.compile(r"(?s:.*)(" + CLAUSE_BREAK.pattern + ")")  # group 1: the last clause break of a span

# A label this long is specific enough that a word boundary on its right edge
# is not required (雪亮工程建设 vs jieba's 建设 tokens); short ones (天网, 网格) need both.
_LONG_LABEL = 4


def _any_of(patterns: Sequence[re.Pattern]) -> Optional[re.Pattern]:
    """One regex matching where any of ``patterns`` does, or None when they cannot be joined safely
    (a back-reference or inline flags would change meaning inside an alternation, a group name repeat)."""
    if not patterns or any(re.search(r"\\\d|\(\?[aiLmsux]", p.pattern) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))
    except re.error:
        return None


_WITHIN_REACH = 12  # characters either side of a mention searched for a ``within`` pattern (not_practices.tsv)


class PracticeMatcher:
    """Finds the scheme's labels in prepared text."""

    def __init__(self, scheme: PracticeScheme, not_practices: Optional[NotPractices] = None):
        self.scheme = scheme
        self.not_practices = not_practices or NotPractices()
        self._automaton = WordAutomaton((label, (label, cid)) for label, cid in scheme.labels().items())
        self._patterns = [
            (re.compile(p), cid) for cid in sorted(scheme.concepts) for p in scheme.concepts[cid].patterns
        ]
        self._any_pattern = _any_of([p for p, _ in self._patterns])
        self._place_patterns = [(before, after, cid) for cid in sorted(scheme.concepts)
                                for before, after in scheme.concepts[cid].place_patterns]
        # the category words, normalised once (categories_in runs on every sentence with a local practice)
        self._category_labels = [(cid, sorted({normalize(w) for w in (c.label, *c.alt_labels)}))
                                 for cid, c in sorted(scheme.categories.items())]

    def find_in(self, text: str, places: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:
        """(start, end, concept id) of non-overlapping practice labels in ``text``.

        ``places``: offsets in ``text`` of the regions it names, for the practices written around
        a region's name (kg:placePattern: 平安东城 is 东城's 平安建设).
        """
        hits: list[tuple[int, int, str]] = self._around(text, places)
        words = None  # jieba's words, segmented only in the runs a label touches
        for end_index, (label, cid) in self._automaton.iter(text):
            start, end = end_index - len(label) + 1, end_index + 1
            if words is None:
                words = Words(text)
            if not words.is_boundary(start):
                continue
            if len(label) < _LONG_LABEL and not words.is_boundary(end):
                continue
            hits.append((start, end, cid))
        if self._any_pattern is None or self._any_pattern.search(text):  # one search where most texts have none
            for pattern, cid in self._patterns:
                for m in pattern.finditer(text):
                    hits.append((m.start(), m.end(), cid))
        # Longest first, then leftmost: 网格员 wins over 网格, 新时代“枫桥经验” over 枫桥经验.
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0], h[2]))
        taken: list[tuple[int, int, str]] = []
        for hit in hits:
            if all(hit[1] <= t[0] or hit[0] >= t[1] for t in taken):
                taken.append(hit)
        return sorted(taken)

    def _around(self, text: str, places: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
        hits = []
        for before, after, cid in self._place_patterns:
            for p_start, p_end in places:
                start, end = p_start - len(before), p_end + len(after)
                if start >= 0 and text[start:p_start] == before and text[p_end:end] == after:
                    hits.append((start, end, cid))
        return hits

    def _names_no_practice(self, text: str, start: int, end: int, cid: str) -> bool:
        """The words name a thing (矛盾调解室) or one case (这起纠纷调解成功): ``not_practices.tsv``."""
        if any(text.startswith(word, end) for word in self.not_practices.after.get(cid, ())):
            return True
        for pattern in self.not_practices.within.get(cid, ()):
            # only the few characters around the mention: a name that holds it is short
            lo = max(0, start - _WITHIN_REACH)
            if any(m.start() <= start and m.end() >= end
                   for m in pattern.finditer(text, lo, min(len(text), end + _WITHIN_REACH))):
                return True
        patterns = self.not_practices.clause.get(cid, ())
        if not patterns:
            return False
        before = _LAST_BREAK.search(text, 0, start)  # the clause around the words: the breaks either side
        after = CLAUSE_BREAK.search(text, end)
        c_start = before.start(1) + 1 if before else 0
        c_end = after.start() if after else len(text)
        return any(p.search(text, c_start, c_end) for p in patterns)

    def categories_in(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, category id) of the category words in ``text`` (基层社会治理, 矛盾纠纷调解)."""
        hits = []
        for cid, labels in self._category_labels:
            for label in labels:
                start = text.find(label)
                while start >= 0:
                    hits.append((start, start + len(label), cid))
                    start = text.find(label, start + 1)
        return sorted(hits)

    def find(self, prepared: PreparedText, regions: Sequence[RegionMention] = ()) -> list[PracticeMention]:
        """Practice mentions of every sentence; ``regions``, the region mentions, for place patterns."""
        text = prepared.document.text
        places = defaultdict(list)
        for m in regions:
            places[m.sentence].append((m.start, m.end))
        mentions = []
        for sentence in prepared.sentences:
            text_of = prepared.norm_of(sentence)
            norm, where = without_pinyin_notes(text_of)  # 網(wǎng)格員 is 网格员
            spans = [(a - sentence.start, b - sentence.start) for a, b in places.get(sentence.index, ())]
            if len(norm) != len(text_of):  # offsets of the places in the text without its notes
                at = {w: i for i, w in enumerate(where)}
                spans = [(at[a], at[b - 1] + 1) for a, b in spans if a in at and b - 1 in at]
            for start, end, cid in self.find_in(norm, spans):
                if self._names_no_practice(norm, start, end, cid):
                    continue
                s, e = sentence.start + where[start], sentence.start + where[end - 1] + 1
                mentions.append(PracticeMention(start=s, end=e, surface=text[s:e], sentence=sentence.index,
                                                concept=cid))
        return mentions

