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
from typing import Optional, Sequence

from kg.model import Level, OrganizationMention, RegionLookup, RegionMention, Sentence
from kg.text.chars import CLAUSE_BREAK, ITEM_BREAK
# Words that may stand before the actor at the start of a clause: 在随县, 由曾都区.
_LEADING = ("在", "由", "经", "以", "对", "据", "今年", "同时", "其中", "此外")
# A region after one of these is where the clause's action happens: 张掖市司法局在甘州区…举行.
_LOCATIVE = ("在", "于")
# A clause whose subject is the whole country: its facts are not the article's region's. Only at
# the clause's start: 获评全国法治宣传教育先进 and 全国优秀法院 are local honours.
_NATIONAL = re.compile(r"(?:全国|我国)")
# 全市 / 全区 … at the start of a clause: the whole region at that level (used for figures).
_WHOLE = re.compile(r"^(?:全)(省|市|州|区|县)")
_PERIOD = re.compile(
    r"(党的十[八九]大以来|党的二十大以来|\d{4}(?:-\d{4})?年(?:度)?(?:以来|上半年|下半年|前三季度)?|近[一二三四五六七八九十\d]+年(?:来)?|今年以来|去年以来)"
)


@dataclass
class SentenceContext:
    """The mentions of one sentence that can take a fact."""

    sentence: Sentence
    norm: str
    regions: list[RegionMention]
    organizations: list[OrganizationMention]

    def clause_bounds(self, pos: int, pattern: re.Pattern = CLAUSE_BREAK) -> tuple[int, int]:
        """Document offsets of the clause holding document offset ``pos``."""
        breaks = [self.sentence.start + m.start() for m in pattern.finditer(self.norm)]
        i = bisect_right(breaks, pos)
        start = breaks[i - 1] + 1 if i > 0 else self.sentence.start
        end = breaks[i] if i < len(breaks) else self.sentence.end
        return start, end


# Conjunctions that may open a clause before its lead word: 而在芦溪县, 并由…
_CONJUNCTION = re.compile(r"^(?:而|并|但|另外|还|也)")
# A time phrase may stand before the actor, even as a clause of its own: 前不久，四川南充嘉陵区…
_TIME_LEAD = re.compile(
    r"^(?:前不久|不久前|日前|近日|近期|近年来|目前|如今|眼下|当前|去年|今年|今年以来|去年以来|\d{4}年(?:以来)?)[,，]?"
)


def _opens(norm: str, sentence_start: int, clause_start: int, mention: RegionMention) -> bool:
    lead = norm[clause_start - sentence_start : mention.start - sentence_start].strip()
    lead = _TIME_LEAD.sub("", lead, count=1).strip() if lead not in _LEADING else lead
    lead = _CONJUNCTION.sub("", lead, count=1) if lead not in _LEADING else lead
    return lead == "" or lead in _LEADING


def _finest_of_chain(regions: Sequence[RegionMention], mention: RegionMention, lookup: "RegionLookup") -> RegionMention:
    """The last of adjacent nested regions opening with ``mention``: 江西宜春袁州区 is 袁州区's."""
    current = mention
    while True:
        nxt = next((m for m in regions if m.start == current.end and m.adcode and current.adcode
                    and current.adcode in {r.adcode for r in lookup.ancestors(m.adcode)}), None)
        if nxt is None:
            return current
        current = nxt


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
        g_start, g_end = ctx.clause_bounds(start, ITEM_BREAK)  # its item of an enumeration
        s0 = ctx.sentence.start

        def distance(m) -> int:
            return max(m.start - end, start - m.end, 0)

        candidates: list[tuple[int, str]] = []
        for m in ctx.regions:
            if not (c_start <= m.start < c_end and self._may_take(m.adcode)):
                continue
            locative = m.end <= start and ctx.norm[m.start - s0 - 1 : m.start - s0] in _LOCATIVE
            if _opens(ctx.norm, s0, c_start, m) or locative:
                finest = _finest_of_chain(ctx.regions, m, self.regions)
                candidates.append((distance(finest), finest.adcode))
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
                return _finest_of_chain(ctx.regions, m, self.regions).adcode
        return None

    def _national(self, ctx: SentenceContext, start: int) -> bool:
        """The clause states the fact for the whole country (目前全国54000多个公安派出所, 我国…)."""
        c_start, _ = ctx.clause_bounds(start)
        s0 = ctx.sentence.start
        lead = _TIME_LEAD.sub("", ctx.norm[c_start - s0 : start - s0].strip(), count=1)
        return bool(_NATIONAL.match(lead))

    def region_of_fact(self, ctx: SentenceContext, start: int, end: int) -> Optional[str]:
        actor = self.actor(ctx, start, end)
        if actor or self._national(ctx, start):
            return actor
        return self.subjects[0] if self.subjects else None

    def region_of_figure(self, ctx: SentenceContext, start: int, end: int) -> Optional[str]:
        actor = self.actor(ctx, start, end)
        if actor or self._national(ctx, start):
            return actor
        c_start, _ = ctx.clause_bounds(start)
        whole = _WHOLE.match(ctx.norm[c_start - ctx.sentence.start :])
        if whole and self.subjects:
            level = {"省": Level.PROVINCE, "市": Level.PREFECTURE, "州": Level.PREFECTURE}.get(whole.group(1))
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
