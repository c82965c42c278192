"""Local practices: named local brands, work methods, mechanisms and campaigns
that no list can hold (“家常点”, “365工作法”, “逢四说事”, “1+3+N”模式).

Articles almost always put them in quotation marks, but they quote slogans,
honours and ordinary words too. Each quoted phrase is scored by cues around
it, read from ``ontology/local_practices/cues.tsv``:

- a kind word right after it (机制, 工作法, 模式, 专项行动 …),
- a practice-like ending inside it (…法庭, …工程, …平台),
- an introducing verb before it (开展, 推行, 探索 …),
- a formula shape (1+3+N, 10+N+10),

and rejected when it is a core practice, an honour (荣获“…”), a slogan or a
stop phrase. Unquoted formulas followed by a kind word (1+8+N社会稳定风险评估体系)
are found the same way.
"""

from __future__ import annotations

import re
from typing import Optional

from kg.extract.practices import PracticeMatcher
from kg.lexicons.local_practices import LocalPracticeCues
from kg.model import FormKind, FormOf, LocalPracticeMention, PreparedText
from kg.text.chars import CLAUSE_BREAK, ITEM_BREAK, quoted

_QUOTED = quoted(1, 40, straight=True)
_TITLE = re.compile(r"《[^《》\n]*》")  # quotes inside a document title are part of the title
_SPEECH = re.compile(r"[,，。;；!?！？:：]")  # a quoted clause is speech, not a name
_CODE = re.compile(r"^\d{2,4}$")  # 141, 365, 415: numbered work methods
# 1+3+N, 10+N+10, 1、3、5分钟: short terms joined by + or 、 (the last may carry a time unit)
_FORMULA = re.compile(
    r"^[0-9A-Za-z一二三四五六七八九十百千万]{1,4}(?:[+、][0-9A-Za-z一二三四五六七八九十百千万]{1,4})+(?:分钟|小时|天|日)?\+?$"
)
_UNQUOTED_FORMULA = re.compile(r"(?<![0-9A-Za-z+])(\d{1,3}(?:\+(?:\d{1,3}|[A-Z])){1,4})(?![0-9A-Za-z+])")
_LIST_SEPARATORS = re.compile(r"[、,，]")
_ACCEPT = 2  # score at which a quoted phrase is taken for a practice
_LONG_NAME = 12


def _suffix_after(text: str, pos: int, cues: LocalPracticeCues) -> Optional[str]:
    for suffix in cues.suffixes:
        if text.startswith(suffix, pos):
            return suffix
    return None


def _suffix_near(text: str, pos: int, cues: LocalPracticeCues, reach: int = 4) -> Optional[str]:
    """A kind word a few characters on (“1+N+15”旅游维权服务圈), with no punctuation between."""
    for gap in range(1, reach + 1):
        between = text[pos : pos + gap]
        # 的 makes the quotation an attribute of what follows (“…相适应”的财税制度), not its name
        if not all("\u4e00" <= ch <= "\u9fff" and ch != "的" for ch in between):
            return None
        suffix = _suffix_after(text, pos + gap, cues)
        if suffix and suffix not in cues.weak_suffixes:
            return suffix
    return None


def _ends_with(words: tuple[str, ...], text: str) -> bool:
    return any(text.endswith(w) for w in words)


class LocalPracticeFinder:
    def __init__(self, matcher: PracticeMatcher, cues: LocalPracticeCues):
        self.matcher = matcher
        self.cues = cues
        self._core_labels = set(matcher.scheme.labels())

    def _is_core(self, name: str) -> bool:
        """A core practice under another name: a core label covers most of it (一庭三所联动)."""
        if name in self._core_labels:
            return True
        covered = sum(e - s for s, e, _ in self.matcher.find_in(name))
        return covered >= 0.6 * len(name)

    def _rejected(self, name: str) -> bool:
        cues = self.cues
        if name in cues.stops or any(p.search(name) for p in cues.slogans) or _SPEECH.search(name):
            return True
        if _ends_with(cues.events, name):  # “2013海峡两岸媒体前瞻论坛” is an event
            return True
        items = [i for i in _LIST_SEPARATORS.split(name) if i]
        # 打、防、管、治、建、宣 and 大抓平安、抓大平安 are slogans, not brands; 1、3、5分钟 is a formula.
        if len(items) > 1 and not _FORMULA.match(name) and not all(self._is_core(i) or len(i) >= 5 for i in items):
            return True
        return False

    def _quoted_runs(self, text: str) -> list[list[re.Match]]:
        """Adjacent quotations (“长安”“围猎”“百日会战”) share the cues of the run."""
        runs: list[list[re.Match]] = []
        for m in _QUOTED.finditer(text):
            if runs and text[runs[-1][-1].end() : m.start()] in ("", "、", ","):
                runs[-1].append(m)
            else:
                runs.append([m])
        return runs

    def find_in(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, label) of local practices in one folded sentence."""
        cues = self.cues
        found: list[tuple[int, int, str]] = []
        titles = [(m.start(), m.end()) for m in _TITLE.finditer(text)]
        for run in self._quoted_runs(text):
            if any(s <= run[0].start() < e for s, e in titles):
                continue
            before = text[max(0, run[0].start() - 6) : run[0].start()]
            run_suffix = _suffix_after(text, run[-1].end(), cues)
            honoured = any(h in before for h in cues.honours)
            verb = any(v in before for v in cues.verbs)
            for i, m in enumerate(run):
                name = m.group(1).strip()
                if _SPEECH.search(name) and _suffix_after(text, m.end(), cues):
                    # “民生110,处处为人民”工作机制: the brand is the first phrase, the rest its motto.
                    name = _SPEECH.split(name, 1)[0].strip()
                if not name or self._is_core(name) or self._rejected(name) or honoured:
                    continue
                own_suffix = _suffix_after(text, m.end(), cues)
                suffix = own_suffix or run_suffix or _suffix_near(text, run[-1].end(), cues)
                score = 0
                score += (1 if suffix in cues.weak_suffixes else 2) if suffix else 0
                score += 2 if _ends_with(cues.heads, name) else 0
                score += 1 if verb else 0
                score += 1 if _FORMULA.match(name) or _CODE.match(name) else 0
                score += 1 if len(run) > 1 else 0
                if name in cues.national:  # a kind word after it (“清朗”专项行动) can still carry it
                    score -= 1 if suffix else 2
                if score < _ACCEPT:
                    continue
                if len(name) > _LONG_NAME and not (own_suffix or _ends_with(cues.heads, name)):
                    continue  # a long quoted clause with nothing naming it a practice is a quotation
                label = name + own_suffix if own_suffix and len(own_suffix) <= 3 and not name.endswith(own_suffix) else name
                end = m.end() + (len(own_suffix) if own_suffix and label != name else 0)
                found.append((m.start(), end, label))
        quoted_spans = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
        for m in _UNQUOTED_FORMULA.finditer(text):
            if any(s <= m.start() < e for s, e in quoted_spans):
                continue
            if _suffix_after(text, m.end(), cues) or self.matcher.find_in(text[m.end() : m.end() + 12]):
                found.append((m.start(), m.end(), m.group(1)))
        return sorted(found)

    @staticmethod
    def _related(norm: str, start: int, end: int, core: list, categories: list) -> Optional[FormOf]:
        """What the text says the local practice is a form of: a category word in its clause
        (…等更多具有曾都特点的基层社会治理经验 -> 基层治理), else a core practice in its enumeration item."""
        clause = [m.start() for m in CLAUSE_BREAK.finditer(norm)]
        c_start = max([b + 1 for b in clause if b < start], default=0)
        c_end = min([b for b in clause if b >= end], default=len(norm))
        in_clause = [c for c in categories if c_start <= c[0] < c_end]
        if in_clause:
            return FormOf(kind=FormKind.CATEGORY, id=min(in_clause, key=lambda c: abs(c[0] - start))[2])
        item = [m.start() for m in ITEM_BREAK.finditer(norm)]
        i_start = max([b + 1 for b in item if b < start], default=0)
        i_end = min([b for b in item if b >= end], default=len(norm))
        near = [c for c in core if i_start <= c[0] < i_end]
        return FormOf(kind=FormKind.PRACTICE, id=min(near, key=lambda c: abs(c[0] - start))[2]) if near else None

    def find(self, prepared: PreparedText) -> list[LocalPracticeMention]:
        text = prepared.document.text
        mentions = []
        found = []
        for sentence in prepared.sentences:
            norm = prepared.norm_of(sentence)
            found.append((sentence, norm, self.find_in(norm)))
        labels = {label for _, _, hits in found for _, _, label in hits}
        # “铸魂” and “铸魂行动” in one article are one practice: take the longer name.
        longer = {a: min((b for b in labels if b != a and b.startswith(a)), key=len, default=a) for a in labels}
        for sentence, norm, hits in found:
            core = self.matcher.find_in(norm) if hits else []
            categories = self.matcher.categories_in(norm) if hits else []
            for start, end, label in hits:
                label = longer[label]
                related = self._related(norm, start, end, core, categories)
                s, e = sentence.start + start, sentence.start + end
                mentions.append(LocalPracticeMention(start=s, end=e, surface=text[s:e], sentence=sentence.index,
                                                     name=label, related=related))
        return mentions
