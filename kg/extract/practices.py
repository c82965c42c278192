"""Core practices in text: a matcher for the labels and patterns of the practice scheme.

Labels are folded the same way as the text (:mod:`kg.text.normalize`) and
matched with one Aho-Corasick automaton; a hit is kept only on jieba word
boundaries (网格 must not match inside 电网格局). The scheme itself is
:mod:`kg.lexicons.practices`.
"""

from __future__ import annotations

import re

import ahocorasick

from kg.lexicons.practices import PracticeScheme
from kg.model import PracticeMention, PreparedText
from kg.text.normalize import normalize
from kg.text.segment import token_boundaries

# A label this long is specific enough that a word boundary on its right edge
# is not required (雪亮工程建设 vs jieba's 建设 tokens); short ones (天网, 网格) need both.
_LONG_LABEL = 4


class PracticeMatcher:
    """Finds the scheme's labels in prepared text."""

    def __init__(self, scheme: PracticeScheme):
        self.scheme = scheme
        self._automaton = ahocorasick.Automaton()
        for label, cid in scheme.labels().items():
            self._automaton.add_word(label, (label, cid))
        self._automaton.make_automaton()
        self._patterns = [
            (re.compile(p), cid) for cid in sorted(scheme.concepts) for p in scheme.concepts[cid].patterns
        ]

    def find_in(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, concept id) of non-overlapping practice labels in ``text``."""
        hits: list[tuple[int, int, str]] = []
        bounds = None
        for end_index, (label, cid) in self._automaton.iter(text):
            start, end = end_index - len(label) + 1, end_index + 1
            if bounds is None:
                bounds = token_boundaries(text)
            if start not in bounds:
                continue
            if len(label) < _LONG_LABEL and end not in bounds:
                continue
            hits.append((start, end, cid))
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

    def around_places(self, prepared: PreparedText, regions: list) -> list[PracticeMention]:
        """Practices written around a region's name (kg:placePattern): 平安东城 is 东城's 平安建设."""
        norm, text = prepared.norm, prepared.document.text
        out = []
        for cid in sorted(self.scheme.concepts):
            for before, after in self.scheme.concepts[cid].place_patterns:
                for m in regions:
                    start, end = m.start - len(before), m.end + len(after)
                    if start >= 0 and norm[start:m.start] == before and norm[m.end:end] == after:
                        out.append(PracticeMention(start=start, end=end, surface=text[start:end], sentence=m.sentence,
                                                   concept=cid))
        return out

    def categories_in(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, category id) of the category words in ``text`` (基层社会治理, 矛盾纠纷调解)."""
        hits = []
        for cid in sorted(self.scheme.categories):
            category = self.scheme.categories[cid]
            for label in {normalize(w) for w in (category.label, *category.alt_labels)}:
                start = text.find(label)
                while start >= 0:
                    hits.append((start, start + len(label), cid))
                    start = text.find(label, start + 1)
        return sorted(hits)

    def find(self, prepared: PreparedText) -> list[PracticeMention]:
        text = prepared.document.text
        mentions = []
        for sentence in prepared.sentences:
            for start, end, cid in self.find_in(prepared.norm_of(sentence)):
                s, e = sentence.start + start, sentence.start + end
                mentions.append(PracticeMention(start=s, end=e, surface=text[s:e], sentence=sentence.index,
                                                concept=cid))
        return mentions

