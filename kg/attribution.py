"""Which region a fact belongs to: the one the clause names, else the article's.

In the 随州 article “随县推动柳林镇院子河村‘逢四说事’……” belongs to 随县 and
“曾都区……探索‘家常点’” to 曾都区, although the article is about 随州市. A
region counts as the clause's actor when it opens the clause (or the
sentence), or when it is the region of an organization named in the clause
(甘州区法院“三分流七支撑”机制, “枫桥式公安派出所”临泽县公安局平川派出所).
Regions named in passing (湖南禁毒之声张家界公益歌曲大赛) do not take the fact.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional, Protocol, Sequence

from .model import OrganizationMention, Region, RegionMention, Sentence

_CLAUSE_BREAK = re.compile(r"[,，:：]")
_SEGMENT_BREAK = re.compile(r"[,，:：、]")  # items of an enumeration: 甘州区法院、全国“枫桥式…”临泽县…
# Words that may stand before the actor at the start of a clause: 在随县, 由曾都区.
_LEADING = ("在", "由", "经", "以", "对", "据", "今年", "同时", "其中", "此外")
# A region after one of these is where the clause's action happens: 张掖市司法局在甘州区…举行.
_LOCATIVE = ("在", "于")
# 全市 / 全区 … at the start of a clause: the whole region at that level (used for figures).
_WHOLE = re.compile(r"^(?:全)(省|市|州|区|县)")
_PERIOD = re.compile(
    r"(党的十[八九]大以来|党的二十大以来|\d{4}(?:-\d{4})?年(?:度)?(?:以来|上半年|下半年|前三季度)?|近[一二三四五六七八九十\d]+年(?:来)?|今年以来|去年以来)"
)


class RegionLookup(Protocol):
    def get(self, adcode: str) -> Region: ...

    def ancestors(self, adcode: str) -> list[Region]: ...


@dataclass
class SentenceContext:
    """The mentions of one sentence that can take a fact."""

    sentence: Sentence
    norm: str
    regions: list[RegionMention]
    organizations: list[OrganizationMention]

    def clause_bounds(self, pos: int, pattern: re.Pattern = _CLAUSE_BREAK) -> tuple[int, int]:
        """Document offsets of the clause holding document offset ``pos``."""
        breaks = [self.sentence.start + m.start() for m in pattern.finditer(self.norm)]
        i = bisect_right(breaks, pos)
        start = breaks[i - 1] + 1 if i > 0 else self.sentence.start
        end = breaks[i] if i < len(breaks) else self.sentence.end
        return start, end


def _opens(norm: str, sentence_start: int, clause_start: int, mention: RegionMention) -> bool:
    lead = norm[clause_start - sentence_start : mention.start - sentence_start].strip()
    return lead == "" or lead in _LEADING


class Attributor:
    """Decides the region of each fact in one document."""

    def __init__(self, regions: RegionLookup, subject_regions: Sequence[str]):
        self.regions = regions
        self.subjects = list(subject_regions)
        self._subject_ancestors = {r.adcode for s in self.subjects for r in regions.ancestors(s)}

    def _may_take(self, adcode: Optional[str]) -> bool:
        # Provinces and cities above the article's own region are context (省委政法委, 平安甘肃建设), not actors.
        return bool(adcode) and adcode not in self._subject_ancestors

    def actor(self, ctx: SentenceContext, start: int, end: int) -> Optional[str]:
        """The region the clause (or sentence) around [start, end) names as its actor, if any."""
        c_start, c_end = ctx.clause_bounds(start)
        g_start, g_end = ctx.clause_bounds(start, _SEGMENT_BREAK)
        s0 = ctx.sentence.start

        def distance(m) -> int:
            return max(m.start - end, start - m.end, 0)

        candidates: list[tuple[int, str]] = []
        for m in ctx.regions:
            if not (c_start <= m.start < c_end and self._may_take(m.adcode)):
                continue
            locative = m.end <= start and ctx.norm[m.start - s0 - 1 : m.start - s0] in _LOCATIVE
            if _opens(ctx.norm, s0, c_start, m) or locative:
                candidates.append((distance(m), m.adcode))
        for o in ctx.organizations:
            # An organization acts for its own item of an enumeration, or for the whole clause it opens.
            if not self._may_take(o.adcode):
                continue
            if g_start <= o.start < g_end or (c_start <= o.start < c_end and ctx.norm[c_start - s0 : o.start - s0].strip() == ""):
                candidates.append((distance(o), o.adcode))  # type: ignore[arg-type]
        if candidates:
            return min(candidates)[1]
        for m in ctx.regions:  # the sentence's opening region governs all its clauses
            if _opens(ctx.norm, s0, s0, m) and self._may_take(m.adcode):
                return m.adcode
        return None

    def region_of_fact(self, ctx: SentenceContext, start: int, end: int) -> Optional[str]:
        return self.actor(ctx, start, end) or (self.subjects[0] if self.subjects else None)

    def region_of_figure(self, ctx: SentenceContext, start: int, end: int) -> Optional[str]:
        actor = self.actor(ctx, start, end)
        if actor:
            return actor
        c_start, _ = ctx.clause_bounds(start)
        whole = _WHOLE.match(ctx.norm[c_start - ctx.sentence.start :])
        if whole and self.subjects:
            level = {"省": "province", "市": "prefecture", "州": "prefecture"}.get(whole.group(1))
            if level:
                chain = [self.regions.get(self.subjects[0]), *self.regions.ancestors(self.subjects[0])]
                for region in chain:
                    if region.level == level:
                        return region.adcode
        return self.subjects[0] if self.subjects else None


def period_of(ctx: SentenceContext, start: int) -> Optional[str]:
    """The period the sentence states for a fact at ``start`` (2023年以来, 2024年, 党的十八大以来)."""
    best = None
    for m in _PERIOD.finditer(ctx.norm):
        if ctx.sentence.start + m.start() <= start:
            best = m.group(1)
    return best
