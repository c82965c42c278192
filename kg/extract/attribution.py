"""Which region a fact belongs to: the one its clause names, else the unit it stands in.

In the 随州 article “随县推动柳林镇院子河村‘逢四说事’……” belongs to 随县 and
“曾都区……探索‘家常点’” to 曾都区, although the article is about 随州市. A
region counts as the clause's actor when it opens the clause (after
enumerators, time and opening phrases), when a locative 在X names it, or when
it is the region of an organization named in the clause (甘州区法院“三分流七支撑”
机制). A place or body that is the agent of a relative clause on the fact (大理开始推行的
“三清洁”, 北京市检察院提出的“三诉两支”) comes before all of these. Otherwise the fact inherits, as a reader would, from the document's
structure (:mod:`kg.text.structure`): an earlier clause of its sentence, an
earlier sentence of its paragraph, the innermost heading above it that names a
place (“三、某某县：推行……”), and last the article's subject region. A list of
places opening a clause (在江苏、湖北和江西等地，…), or closed by 等 or a count (上海、广东…6个省市)
in that clause or an earlier one of the sentence, gives the fact to each;
全县 / 该市 / 当地 (opening the clause or an earlier one) name the region in force at that level; a clause about the
whole country, or opened by a national body, takes no region. Regions named in
passing (湖南禁毒之声张家界公益歌曲大赛) do not take the fact. A place above the article's region is
context, not the actor, unless its localities or levels together open the clause (河南各地政法机关……,
海北州各级综治中心……); a place beginning a body's name acts as that body (玉溪市公安局红塔分局 is 红塔区's,
上海市人民检察院第一分院 is context like its city), and a place that only leads or guides (在某州委的领导下) does not act.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Optional, Sequence

from kg.lexicons.regions import AttributionWords
from kg.model import OrganizationMention, RegionLookup, RegionMention, Sentence
from kg.text.chars import CLAUSE_BREAK, COUNT_DIGITS, ITEM_BREAK
from kg.text.structure import DocumentStructure, enumerator_end
# Words that may stand before the actor at the start of a clause: 在随县, 由曾都区, 位于杭州的陈列馆.
_LEADING = ("在", "由", "经", "以", "对", "据", "今年", "同时", "其中", "此外", "位于")
# A region after one of these is where the clause's action happens: 张掖市司法局在甘州区…举行.
_LOCATIVE = ("在", "于")
# A headline's column tag: 【在习近平新时代中国特色社会主义思想指引下】……
_COLUMN_TAG = re.compile(r"^(?:【[^】]*】)+")
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
    # pattern -> document offsets of its breaks: every fact of the sentence asks for its clause several times
    _breaks: dict[re.Pattern, list[int]] = field(default_factory=dict, repr=False, compare=False)

    def clause_bounds(self, pos: int, pattern: re.Pattern = CLAUSE_BREAK) -> tuple[int, int]:
        """Document offsets of the clause holding document offset ``pos``."""
        breaks = self._breaks.get(pattern)
        if breaks is None:
            breaks = self._breaks[pattern] = [self.sentence.start + m.start() for m in pattern.finditer(self.norm)]
        i = bisect_right(breaks, pos)
        start = breaks[i - 1] + 1 if i > 0 else self.sentence.start
        end = breaks[i] if i < len(breaks) else self.sentence.end
        return start, end


# Conjunctions that may open a clause before its lead word: 而在芦溪县, 并由…
_CONJUNCTION = re.compile(r"^(?:而|并|但|另外|还|也)")
# A time phrase may stand before the actor, even as a clause of its own: 前不久，四川南充嘉陵区…
_TIME_LEAD = re.compile(
    r"^(?:(?:(?:今天|昨天|前天|当天|当日|今晨|昨晚|今晚)(?:[（(][^）)]{1,12}[）)])?(?:上午|下午|凌晨|晚上|晚间|早上|中午)?|"
    r"前不久|不久前|日前|近日|近期|最近|近年来|近几年|近年|多年来|长期以来|一直以来|目前|如今|眼下|当前|此前|随后|同时|与此同时|"
    r"今年以来|去年以来|今年初|今年上半年|今年|去年|年初|年底|上半年|下半年|"
    r"\d{4}年(?:以来|初|底|上半年|下半年|\d{1,2}月(?:\d{1,2}日)?(?:以来)?)?|\d{1,2}月(?:\d{1,2}日)?(?:以来)?|"
    r"党的十[八九]大以来|党的二十大以来|自\d{4}年(?:\d{1,2}月)?(?:起|以来)|在[^,，。]{1,20}(?:的探索中|过程中|中))[,，]?)+"
)

# A locative with a modifier before the place still opens with it: 在位于高风险地区的邗江区，……
_LOCATIVE_MODIFIER = re.compile(r"^在[^,，。；;、]{1,20}的$")


def _past_time_lead(lead: str) -> str:
    """A clause's words after its enumerator and its time lead (三、近年来，全县… -> 全县…)."""
    return _TIME_LEAD.sub("", lead[enumerator_end(lead):].strip(), count=1)


def _opens(norm: str, sentence_start: int, clause_start: int, mention: RegionMention,
           presentative: re.Pattern) -> bool:
    lead = norm[clause_start - sentence_start : mention.start - sentence_start].strip()
    lead = lead[enumerator_end(lead):].strip()  # 三、某某县：… / 一是某某县…
    lead = presentative.sub("", lead, count=1)  # 这是（上世纪六十年代）浙江诸暨……
    lead = _TIME_LEAD.sub("", lead, count=1).strip() if lead not in _LEADING else lead
    lead = _CONJUNCTION.sub("", lead, count=1) if lead not in _LEADING else lead
    return lead == "" or lead in _LEADING or bool(_LOCATIVE_MODIFIER.match(lead))


def _finest_of_chain(ctx: "SentenceContext", mention: RegionMention, lookup: "RegionLookup") -> RegionMention:
    """The last of adjacent nested regions opening with ``mention``: 江西宜春袁州区 is 袁州区's, and so is
    江西宜春的袁州区 (a place of its own region joined by 的)."""
    current = mention
    s0 = ctx.sentence.start
    while True:
        nxt = next((m for m in ctx.regions if m.adcode and current.adcode
                    and (m.start == current.end or ctx.norm[current.end - s0 : m.start - s0] == _CHAIN_JOIN)
                    and current.adcode in {r.adcode for r in lookup.ancestors(m.adcode)}), None)
        if nxt is None:
            return current
        current = nxt


# Joins a region to a place inside it, as a chain of nested names: 浙江湖州的德清县.
_CHAIN_JOIN = "的"
# Joins the places of a list that opens a clause: 在江苏、湖北和江西等地，…
_LIST_JOIN = re.compile(r"^(?:、|和|及|与|以及|,|，)?$")
# A place the gazetteer does not hold, inside a list (河北雄安、江西萍乡): its province stands for it.
_UNKNOWN_ITEM = re.compile(r"^[\u4e00-\u9fff]{2,4}[、和及]$")
# The end of a list of places: 等, perhaps after places the gazetteer does not hold (、七都镇、元和街道等).
_LIST_END = re.compile(r"(?:[、和及][\u4e00-\u9fff]{2,6})*等")
# A list of two or more places also ends in their count: 上海、广东…青海6个省市.
_LIST_COUNT = re.compile(rf"(?:[、和及][\u4e00-\u9fff]{{2,6}})*(?:等|[{COUNT_DIGITS}]+个(?:省|市|县|区|地))")
# A place that is the agent of a relative clause before the fact: 去年大理开始推行的网格化管理, 苏州市正在积极推进的
# 大平安建设. The clause says who runs the practice, whatever place opens the sentence.
_AGENT_RELATIVE = re.compile(
    r"(?:正在|已经|已|开始|率先|积极|大力|全面|持续|不断|深入|首先|在全[省市县区]|在全国)*"
    r"(?:推行|推进|推广|开展|实施|探索|打造|创新|首创|创立|建立|构建|总结|提出|部署)(?:出)?的(?:[^,，。；;：:“”]{1,12}[”\"’]?[和、与及])*(?:[^,，。；;：:“”的]{2,4})?[“\"‘]?$")
# The end of a national leader's clause that opens his speech: 习近平（近日在青海考察时）强调，……; 他动情地说，……
_SPEECH_OPENER = re.compile(r"(?:强调|指出|提出|要求|表示|说)$")
# Who speaks on in a leader's story besides his name.
_SPEAKER = re.compile(r"^(?:他|总书记|会议)")  # 会议要求，一是……: the meeting he chairs
# The leader named by his post alone, in any story (总书记亲切地对大家说，……).
_LEADER_POST = re.compile(r"(?<![向对给同跟和为])总书记")  # not 向总书记汇报: spoken to
# A speech verb inside a sentence (在某法院，李希强调要……; 李希还来到某局，强调要……).
_SPEECH_VERB = re.compile(r"强调|指出|要求|说$")  # 说 only ending its clause (对大家说，……), not 说事
_SPEECH_ANYWHERE = re.compile(r"强调|指出|要求|说")
# What may stand before a speech verb opening its clause: ，强调要……; ，并指出……
_SPEECH_LEAD = re.compile(r"^(?:并|还|也|又|同时)?$")
# A modal before the fact: what the speech says someone must do (江苏必须……, 要坚持……), not what it did.
_MODAL = re.compile(r"(?<![重主只紧])要(?![求素点])|必须|应当|务必|需要")
# A number in digits (the figures listed after 分别).
_NUMBER = re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?")
# A whole region at the level of the current one: 全县, 全市, 该县, 当地, 我市, 本区.
_WHOLE_REGION = re.compile(r"^(?:全|该|我|本)(省|市|州|区|县|旗|盟)|^当地")


@lru_cache(maxsize=16)  # an Attributor is made twice per document, always from the same word lists
def _alternation(words: tuple[str, ...]) -> Optional[re.Pattern]:
    return re.compile("|".join(map(re.escape, words))) if words else None


_NEVER = re.compile("(?!)")


@lru_cache(maxsize=32)
def _framed(frame: str, words: tuple[str, ...]) -> re.Pattern:
    """``frame`` with ``{}`` replaced by an alternation of ``words`` (ontology/regions/), or a pattern that never
    matches when there are none: (?:强调|指出)$ from speech_verbs.txt."""
    return re.compile(frame.replace("{}", "|".join(map(re.escape, words)))) if words else _NEVER


def _optional(words: tuple[str, ...]) -> str:
    """An optional alternation of ``words`` to put in a frame before its ``{}`` (the adverbs of venue_adverbs.txt:
    在北京隆重举行), or nothing when there are none."""
    return f"(?:{'|'.join(map(re.escape, words))})?" if words else ""


class Attributor:
    """Decides the region of each fact in one document, from the clause up to the document.

    A clause's own opening place (or locative 在X, or the organization of its enumeration item)
    comes first; then a place opening an earlier clause of the sentence; then a place opening an
    earlier sentence of the paragraph; then the innermost heading above that names a place; then
    the article's subject region. A clause about the whole country takes no region.
    """

    def __init__(self, regions: RegionLookup, subject_regions: Sequence[str],
                 structure: Optional[DocumentStructure] = None,
                 contexts: Optional[Callable[[int], "SentenceContext"]] = None,
                 national_leads: Sequence[str] = ("全国", "我国"), national_leaders: Sequence[str] = (),
                 headline: str = "", collective_words: Sequence[str] = (), national_firsts: Sequence[str] = (),
                 words: AttributionWords = AttributionWords()):
        self.regions = regions
        self.subjects = list(subject_regions)
        self._subject_ancestors = {r.adcode for s in self.subjects for r in regions.ancestors(s)}
        # A clause whose subject is the whole country (ontology/regions/national_leads.txt): its facts are
        # not the article's region's. Only at the clause's start: 获评全国法治宣传教育先进 is a local honour.
        leads = (*national_leads, *national_leaders)
        self._national_lead = _alternation(leads)
        self._leader = _alternation(tuple(national_leaders))
        self._country = _alternation(tuple(national_leads))  # the country itself, not a leader acting somewhere
        # After a place above the article's region, the words that make it the actor: its localities or levels
        # together (ontology/regions/collective_words.txt: 河南各地政法机关坚持……, 海北州各级综治中心探索……).
        self._collective = _alternation(tuple(collective_words))
        # The verbs of a speaker's clause: what follows it is what the speaker said (习近平强调，……; 党的二十大报告提出，……).
        self._speech = _framed(r"(?:{})$", words.speech_verbs)
        # The end of a clause that frames the time of the next (……开展以来, ……期间, ……之际).
        self._time_frames = _framed(r"(?:{})$", words.time_frames)
        # Before a list, a word that makes its places the receivers of someone else's action: 向山西、辽宁等9个省市
        # 派出督导组, 对天津、湖南等11个省区市的进驻 (the inspectors act, not the provinces).
        self._recipient_words = _framed(r"(?:{})$", words.recipient_words)
        # A national body's visit: the place after it is where its team works (中央督导组进驻河北期间, 深入河北省8市).
        self._visit_verbs = _framed(r"(?:{})$", words.visit_verbs)
        # A clause naming who leads or guides the actor (在海北州委、州政府的坚强领导下，某县……): its places are not the actor.
        self._guidance_verbs = _framed(r"\s*在[^,，。；;]*(?:{})下\s*$", words.guidance_verbs)
        # A presentative before the clause's place: 这是浙江省诸暨市社会矛盾纠纷调处化解中心的一起调解现场,
        # 这便是某区探索的“某某”工作法, 而这只是某盟以……推动……的一个实例.
        self._presentative = _framed(r"^(?:而|但)?(?:{})(?:上世纪[^,，。]{0,6}年代|\d{4}年|今年|去年)?(?:在)?",
                                     words.presentatives)
        # Right after a place after 在, the verb of an event taking place there: the place is its venue, no actor
        # (今天在呼和浩特启动, 在北京隆重举行, 两岸执法部门在珠海举行……协商, 在北京召开的……表彰大会上).
        self._venue_verbs = _framed(r"\s*" + _optional(words.venue_adverbs) + "(?:{})", words.venue_verbs)
        # A clause that frames what follows by a leader's words, not his speaking them: 按照总书记提出的要求, 为落实……要求.
        self._framing_words = _framed(r"^(?:{})", words.framing_words)
        # A sentence opening with the whole country's places (各地……, 多地明确落实……): the later sentences of the
        # paragraph are the country's too, not the places' named before it.
        self._country_scope = _framed(r"^(?:{})", words.country_scopes)
        # A clause carrying out someone else's mandate (按照“一个建设标准”的要求, 积极响应“一院一品”建设要求): the
        # practice named in it is the mandate's content, no region's.
        self._mandate_verb = _framed(r"^(?:为了?)?" + _optional(words.mandate_adverbs) + "(?:{})", words.mandate_verbs)
        self._mandate_noun = _framed(r"(?:{})", words.mandate_nouns)
        self.structure = structure
        self._context = contexts
        self._sentence_regions: dict[int, tuple[str, ...]] = {}
        self._speech_turns: dict[int, Optional[bool]] = {}
        self._heading_regions: dict[int, tuple[str, ...]] = {}
        # The headline opens with a national leader (习近平在安徽考察时强调……): the article's region is where
        # it happened, not who acts, so its clauses inherit no region from it.
        title = _COLUMN_TAG.sub("", headline.strip())
        self._national_story = self._leader is not None and bool(self._leader.match(title))
        # The headline opens with the whole country (全国公安特警实战演练在济南举行, 我国社会治安形势持续向好): the
        # story's numbers are the country's, and the place it names is where it was shown; a figure takes a
        # region only from its own clause. Not 全国首家…/全国第一… (a local first) nor an honour (全国模范法官…):
        # ontology/regions/national_firsts.txt.
        country = self._country.match(title) if self._country is not None else None
        firsts = _alternation(tuple(national_firsts))
        self._national_figures = bool(country) and not (firsts is not None and firsts.match(title, country.end()))

    def _may_take(self, adcode: Optional[str], ancestors: bool = False) -> bool:
        # Provinces and cities above the article's own region are context (省委政法委, 平安甘肃建设), not actors;
        # but a figure's clause opened by one is that level's count (河北省…培养“法律明白人”26万余名).
        return bool(adcode) and (ancestors or adcode not in self._subject_ancestors)

    def _place_acts(self, ctx: SentenceContext, m: RegionMention, ancestors: bool = False,
                    above: bool = False) -> Optional[str]:
        """The region a place that may act stands for: itself, or the body whose name it begins (玉溪市公安局红塔分局
        is 红塔区's; 上海市人民检察院第一分院, a body above the article's region, is none). ``above``: the place is
        in the clause of the fact, or an earlier clause of its sentence, where a place above the article's region
        acts for its localities together (河南各地政法机关坚持……)."""
        # 广东、广西警方: one written ending, a body for each place; the place's own comes first
        body = max((o for o in ctx.organizations if o.start <= m.start and m.end <= o.end),
                   key=lambda o: (o.adcode == m.adcode, o.end - o.start), default=None)
        if body is not None:
            return body.adcode if self._may_take(body.adcode, ancestors) else None
        if above and m.adcode in self._subject_ancestors:  # 河南各地政法机关: the province's localities, together
            together = self._collective is not None and self._collective.match(ctx.norm, m.end - ctx.sentence.start)
            return m.adcode if together else None
        return m.adcode if self._may_take(m.adcode, ancestors) else None

    # ------------------------------------------------------------ one clause

    def _opening(self, ctx: SentenceContext, clause_start: int, clause_end: int,
                 ancestors: bool = False, above: bool = False) -> tuple[str, ...]:
        """The place(s) opening the clause: one, or a list (江苏、湖北和江西等地); not the venue of an event
        (……宪法宣传周，今天在内蒙古呼和浩特启动: the week is national)."""
        s0 = ctx.sentence.start
        if self._guidance_verbs.match(ctx.norm, clause_start - s0, clause_end - s0):
            return ()
        inside = [m for m in ctx.regions if clause_start <= m.start < clause_end]
        for i, m in enumerate(inside):
            if _opens(ctx.norm, s0, clause_start, m, self._presentative):
                found = self._list_from(ctx, inside, i)
                if (ctx.norm[m.start - s0 - 1 : m.start - s0] == "在"
                        and self._venue_verbs.match(ctx.norm, found[-1].end - s0)):
                    return ()
                return self._codes(ctx, found, ancestors, above)
        return ()

    def _list_from(self, ctx: SentenceContext, inside: list[RegionMention], i: int) -> list[RegionMention]:
        """The places of the list that starts with ``inside[i]`` (one place if it is no list)."""
        s0 = ctx.sentence.start
        last = _finest_of_chain(ctx, inside[i], self.regions)
        found = [last]
        for nxt in inside[i + 1:]:
            if nxt.start < last.end:
                continue
            gap = ctx.norm[last.end - s0 : nxt.start - s0].strip()
            if not (_LIST_JOIN.match(gap) or _UNKNOWN_ITEM.match(gap)):
                break
            last = _finest_of_chain(ctx, nxt, self.regions)
            found.append(last)
        return found

    def _codes(self, ctx: SentenceContext, found: Sequence[RegionMention], ancestors: bool = False,
               above: bool = False) -> tuple[str, ...]:
        return tuple(dict.fromkeys(code for code in (self._place_acts(ctx, f, ancestors, above) for f in found) if code))

    def _enumeration(self, ctx: SentenceContext, clause_start: int, clause_end: int,
                     above: bool = False) -> tuple[str, ...]:
        """A list of places closed by 等 anywhere in the clause (督导组进驻河北、山西、辽宁等10个省市): they share
        the clause's facts when nothing opens it."""
        s0 = ctx.sentence.start
        inside = [m for m in ctx.regions if clause_start <= m.start < clause_end]
        i = 0
        while i < len(inside):
            found = self._list_from(ctx, inside, i)
            if (len(found) >= 2 and _LIST_COUNT.match(ctx.norm, found[-1].end - s0)
                    and not self._recipient_words.search(ctx.norm, 0, inside[i].start - s0)):
                return self._codes(ctx, found, above=above)
            i += max(1, sum(1 for m in inside[i:] if m.start < found[-1].end))
        return ()

    def actor(self, ctx: SentenceContext, start: int, end: int) -> Optional[str]:
        """The region the clause (or sentence) around [start, end) names as its actor, if any."""
        actors = self.actors(ctx, start, end)
        return actors[0] if actors else None

    def actors(self, ctx: SentenceContext, start: int, end: int) -> tuple[str, ...]:
        """The region(s) the sentence names as the actor of [start, end): its clause, else an earlier clause."""
        c_start, c_end = ctx.clause_bounds(start)
        g_start, g_end = ctx.clause_bounds(start, ITEM_BREAK)  # its item of an enumeration
        s0 = ctx.sentence.start

        def distance(m) -> int:
            return max(m.start - end, start - m.end, 0)

        agent = self._agent(ctx, c_start, start)
        if agent:
            return agent
        opening = self._opening(ctx, c_start, c_end, above=True)
        if len(opening) > 1:
            return opening
        candidates: list[tuple[int, str, tuple[str, ...]]] = []  # distance, region, the regions acting
        for m in ctx.regions:
            if not c_start <= m.start < c_end:
                continue
            # The subject of a passive before the fact is the one honoured or chosen for it, even above the
            # article's region: 抓住哈尔滨市被确定为全国首批市域社会治理现代化试点城市的契机.
            passive = m.end <= start and ctx.norm[m.end - s0 : m.end - s0 + 1] == "被"
            if not (passive or self._place_acts(ctx, m, above=True)):
                continue
            locative = m.end <= start and ctx.norm[m.start - s0 - 1 : m.start - s0] in _LOCATIVE
            if locative and self._leader is not None and self._leader.search(ctx.norm, c_start - s0, m.start - s0):
                continue  # 习近平在北京人民大会堂会见……“枫桥式工作法”入选单位代表: where the leader is, no actor
            chain = _finest_of_chain(ctx, m, self.regions) if locative else None
            if chain is not None and self._venue_verbs.match(ctx.norm, chain.end - s0):
                continue  # 两岸执法部门在珠海举行……合作打击电信诈骗的协商: the talks' venue
            if _opens(ctx.norm, s0, c_start, m, self._presentative) or locative or passive:
                finest = m if passive else chain or _finest_of_chain(ctx, m, self.regions)
                code = finest.adcode if passive else self._place_acts(ctx, finest, above=True)
                if code:
                    candidates.append((distance(finest), code, (code,)))
        by_span: dict[tuple[int, int], list] = {}  # the organizations of each span, in order (one pass, not one per body)
        for p in ctx.organizations:
            by_span.setdefault((p.start, p.end), []).append(p)
        for o in ctx.organizations:
            # An organization acts for its own item of an enumeration, or for the whole clause it opens.
            if not self._may_take(o.adcode):
                continue
            if g_start <= o.start < g_end or (c_start <= o.start < c_end and ctx.norm[c_start - s0 : o.start - s0].strip() == ""):
                # 甘州区、临泽县等县级综治中心: one written ending, several bodies: they act together
                same = tuple(dict.fromkeys(p.adcode for p in by_span[(o.start, o.end)] if self._may_take(p.adcode)))
                candidates.append((distance(o), o.adcode, same if len(same) > 1 else (o.adcode,)))  # type: ignore[arg-type]
        if candidates:
            return min(candidates, key=lambda c: c[:2])[2]
        listed = self._enumeration(ctx, c_start, c_end, above=True)
        if listed:
            return listed
        # An earlier clause of the sentence that opens with a place governs the clauses after it.
        for clause_start, clause_end in reversed(self._clauses_before(ctx, c_start)):
            opening = (self._opening(ctx, clause_start, clause_end, above=True)
                       or self._enumeration(ctx, clause_start, clause_end, above=True))
            if opening:
                return opening
        return ()

    def _agent(self, ctx: SentenceContext, c_start: int, start: int) -> tuple[str, ...]:
        """The place whose relative clause modifies the fact (大理开始推行的“三清洁”), if its clause holds one."""
        s0 = ctx.sentence.start
        for m in reversed(ctx.regions):
            if c_start <= m.start and m.end <= start and _AGENT_RELATIVE.match(ctx.norm, m.end - s0, start - s0):
                finest = _finest_of_chain(ctx, m, self.regions)
                code = self._place_acts(ctx, m, above=True) if finest is m else None
                return (code,) if code else ()
        for o in ctx.organizations:  # 北京市检察院提出的公益诉讼“三诉两支”: the body's region
            if (c_start <= o.start and o.end <= start and o.adcode
                    and _AGENT_RELATIVE.match(ctx.norm, o.end - s0, start - s0)):
                return (o.adcode,) if self._may_take(o.adcode, ancestors=True) else ()
        return ()

    @staticmethod
    def _clauses_before(ctx: SentenceContext, c_start: int) -> list[tuple[int, int]]:
        spans, pos = [], ctx.sentence.start
        while pos < c_start:
            span = ctx.clause_bounds(pos)
            spans.append(span)
            pos = span[1] + 1
        return spans

    def _national(self, ctx: SentenceContext, start: int) -> bool:
        """The clause states the fact for the whole country (目前全国54000多个公安派出所, 我国…), or a
        national body (公安部, 最高人民法院) opens the clause or the sentence."""
        c_start, _ = ctx.clause_bounds(start)
        s0 = ctx.sentence.start
        if self._national_lead is not None:
            lead = _TIME_LEAD.sub("", ctx.norm[c_start - s0 : start - s0].strip(), count=1)
            if self._national_lead.match(lead):
                return True
            # A national speaker opening the sentence (习近平强调，要推进……): every clause after is theirs.
            first = _TIME_LEAD.sub("", ctx.norm[: ctx.clause_bounds(s0)[1] - s0].strip(), count=1)
            m = self._national_lead.match(first)
            if m and c_start > s0 and self._speech.search(first, m.end()):
                return True
            # The whole country (not a leader, who acts somewhere) opening an earlier clause is the subject of
            # the clauses after it, as a place opening one is (2020年，各地政法机关加快推进……，打造新时代“枫桥经验”
            # 城市版): no place took over since, or it would have been the actor. A clause that only frames the
            # time (全国……攻坚战开展以来，某人……) is no subject.
            for clause_start, clause_end in self._clauses_before(ctx, c_start):
                lead = ctx.norm[clause_start - s0 : clause_end - s0].strip()
                if (self._country is not None and not self._time_frames.search(lead)
                        and self._country.match(_past_time_lead(lead))):
                    return True
        for o in ctx.organizations:
            if o.adcode is None and o.start <= start:
                for opening in (s0, c_start):
                    before = _TIME_LEAD.sub("", ctx.norm[opening - s0 : o.start - s0].strip(" ,，"), count=1)
                    if opening <= o.start and before.strip(" ,，") in ("", "据了解", "据介绍", "据悉"):
                        return True
        return False

    def speaks_for_country(self, ctx: SentenceContext) -> bool:
        """Some clause of the sentence states its facts for the whole country or opens with a national body."""
        pos = ctx.sentence.start
        while pos < ctx.sentence.end:
            start, end = ctx.clause_bounds(pos)
            if end > start and self._national(ctx, end - 1):
                return True
            pos = end + 1
        return False

    # ------------------------------------------------------------ above the sentence

    def _sentence_region(self, index: int) -> tuple[str, ...]:
        """The place(s) a sentence names as its actor, for the sentences after it in its paragraph."""
        if index not in self._sentence_regions:
            ctx = self._context(index)  # type: ignore[misc]
            found: tuple[str, ...] = ()
            pos = ctx.sentence.start
            while pos < ctx.sentence.end:
                c_start, c_end = ctx.clause_bounds(pos)
                found = self._opening(ctx, c_start, c_end) or found
                pos = c_end + 1
            self._sentence_regions[index] = found
        return self._sentence_regions[index]

    def _heading_region(self, heading: int) -> tuple[str, ...]:
        if heading not in self._heading_regions:
            found: tuple[str, ...] = ()
            assert self.structure is not None
            para = next(p for p in self.structure.paragraphs if p.heading == heading)
            first = self.structure.sentence_paragraph.index(para.index)
            found = self._sentence_region(first)
            self._heading_regions[heading] = found
        return self._heading_regions[heading]

    def inherited(self, sentence_index: int, figure: bool = False) -> tuple[str, ...]:
        """The region a sentence inherits: an earlier sentence of its paragraph, else the headings above it,
        else the subject (not for a figure of a story about the whole country)."""
        if self.structure is None or self._context is None:
            return tuple(self.subjects[:1])
        found, country = self._place_before(sentence_index, across_paragraphs=False)
        if found or country:  # 多地明确落实……要求。积极推进“某某工程”: still the country's, not the places before
            return found
        for heading in reversed(self.structure.paragraph_of(sentence_index).headings):
            found = self._heading_region(heading)
            if found:
                return found
        return () if self._national_story or (figure and self._national_figures) else tuple(self.subjects[:1])

    def _named_before(self, sentence_index: int, across_paragraphs: bool = True) -> tuple[str, ...]:
        """The place(s) opening the nearest earlier sentence of the paragraph, or (for 当地) of the earlier
        paragraphs of its section too."""
        return self._place_before(sentence_index, across_paragraphs)[0]

    def _place_before(self, sentence_index: int, across_paragraphs: bool = True) -> tuple[tuple[str, ...], bool]:
        """The place(s) opening the nearest earlier sentence of the paragraph (see :meth:`_named_before`), and
        whether the whole country opens a sentence nearer (各地/多地/全国……): then no place is in force."""
        if self.structure is None or self._context is None:
            return (), False
        st = self.structure
        here = st.paragraph_of(sentence_index)
        for i in range(sentence_index - 1, st.title_sentences - 1, -1):
            para = st.paragraphs[st.sentence_paragraph[i]]
            if para.index != here.index and (not across_paragraphs or para.headings != here.headings
                                             or para.heading is not None):
                return (), False
            found = self._sentence_region(i)
            if found:
                return found, False
            if self._country_sentence(i):
                return (), True
        return (), False

    def _country_sentence(self, index: int) -> bool:
        """The sentence opens with the whole country (各地政法机关……, 多地明确……, 全国……), not a time frame of it."""
        if self._context is None:
            return False
        norm = _past_time_lead(self._context(index).norm)  # 今年以来，各地…… as 各地……
        cut = CLAUSE_BREAK.search(norm)
        first = norm[: cut.start() if cut else len(norm)].strip()
        return not self._time_frames.search(first) and bool(self._country_scope.match(first))

    def sentence_scope(self, sentence_index: int) -> tuple[str, ...]:
        """The region(s) in force in a sentence: those opening it, else those it inherits."""
        if self.structure is None or self._context is None:
            return tuple(self.subjects[:1])
        ctx = self._context(sentence_index)
        first = self._opening(ctx, *ctx.clause_bounds(ctx.sentence.start))
        return first or self.inherited(sentence_index)

    def _whole(self, ctx: SentenceContext, start: int, inherited: tuple[str, ...]) -> Optional[tuple[str, ...]]:
        """全县 / 该市 / 当地 at the start of the clause, or of an earlier clause of the sentence (近年来，我市以…为
        抓手，聚焦矛盾纠纷排查化解): the inherited (or subject) region at that level."""
        c_start, _ = ctx.clause_bounds(start)
        s0 = ctx.sentence.start
        m = None
        # the clause itself first, then the earlier clauses nearest first: the nearest opener governs
        for clause_start, clause_end in ((c_start, start), *reversed(self._clauses_before(ctx, c_start))):
            lead = ctx.norm[clause_start - s0 : min(clause_end, start) - s0].strip()
            m = _WHOLE_REGION.match(_past_time_lead(lead))
            if m:
                break
        if not m:
            return None
        if m.group(1) is None:  # 当地: the region in force, or the place the paragraphs before named last
            return self._named_before(ctx.sentence.index) or inherited
        suffix = m.group(1)
        for code in (*inherited, *self.subjects):
            chain = [self.regions.get(code), *self.regions.ancestors(code)]
            for region in chain:
                if region.name.endswith(suffix):
                    return (region.adcode,)
        return self._named_at_level(ctx, start, suffix, inherited) or inherited

    def _named_at_level(self, ctx: SentenceContext, start: int, suffix: str,
                        inherited: tuple[str, ...]) -> tuple[str, ...]:
        """The last place of 全县's level named before it inside the region in force: after 江西省人口第一大县鄱阳县……,
        全县11家二级医院 is 鄱阳县's, not 江西省's (the place that opened the sentence before)."""
        if self._context is None:
            return ()
        within = set(inherited)
        # With no region in force, a leader's story: only the sentence itself can say which place is meant; a
        # story with no subject (a national outlet's examples): the place of that level named last before it
        # (湖南长沙市开福区推行……。\n目前，全区已建成…… is 开福区's), as a reader takes it.
        last = -1 if within or not self._national_story else ctx.sentence.index - 1
        for index in range(ctx.sentence.index, last, -1):
            here = ctx if index == ctx.sentence.index else self._context(index)
            for m in reversed(here.regions):
                if m.end > start or not m.adcode:
                    continue
                region = self.regions.get(m.adcode)
                if region.name.endswith(suffix) and (
                        not within or within & {r.adcode for r in self.regions.ancestors(m.adcode)}):
                    return (m.adcode,)
        return ()

    # ------------------------------------------------------------ a leader's speech

    def _speech_turn(self, index: int) -> Optional[bool]:
        """Whether the sentence opens a leader's speech (True: 习近平强调，……), tells him acting (False: 随后，习近平来到
        ……) or neither (None)."""
        if index not in self._speech_turns:
            ctx = self._context(index)  # type: ignore[misc]
            norm = ctx.norm
            lead = _TIME_LEAD.match(norm.lstrip())
            at = len(norm) - len(norm.lstrip()) + (lead.end() if lead else 0)
            cut = CLAUSE_BREAK.search(norm, at)
            first = norm[at : cut.start() if cut else len(norm)].strip()
            turn: Optional[bool] = None
            speakers = self._leader is not None and (self._leader.search(first) or _LEADER_POST.search(first) or (
                self._national_story and _SPEAKER.match(first)))
            if speakers and self._framing_words.match(first):
                turn = False  # 按照总书记……的要求，全县……: the story acts on his words
            elif speakers:
                turn = bool(_SPEECH_OPENER.search(first)) or (
                    None if not (self._leader.match(first) or _SPEAKER.match(first)) else False)
            elif not self._national_story and (self._opening(ctx, *ctx.clause_bounds(ctx.sentence.start + at))
                                               or _WHOLE_REGION.match(first)
                                               or any(o.start == ctx.sentence.start + at for o in ctx.organizations)):
                # A place, 全省 or a body opens it: the story turns from his words to what is done there (近年来，某县……;
                # 县委政法委……).
                # In his own story he speaks of the places (河南是农业大省，……) and goes on.
                turn = False
            self._speech_turns[index] = turn
        return self._speech_turns[index]

    def _leader_speaks(self, ctx: SentenceContext, start: int) -> bool:
        """In a leader's story, the fact is in his words: after the clause that opens his speech, or in a later
        sentence of its paragraph before he acts again. What he says a province should do (要坚持和发展“枫桥经验”,
        江苏必须……) is his exhortation, not the province's practice."""
        if self._leader is None or self._context is None or self.structure is None:
            return False
        s0 = ctx.sentence.start
        c_start, c_end = ctx.clause_bounds(start)
        assert self._leader is not None
        spoken = _SPEECH_ANYWHERE.search(ctx.norm, 0, start - s0) is not None  # most sentences: no clause to read
        for clause_start, clause_end in (*self._clauses_before(ctx, c_start), (c_start, c_end)) if spoken else ():
            said = ctx.norm[clause_start - s0 : min(clause_end, start) - s0]
            m = _SPEECH_VERB.search(said)
            if m:
                who = said[: m.start()].strip()
                if self._framing_words.match(who):  # 按照习近平总书记……的要求，全县……: the county acts on his words
                    continue
                if self._leader.search(who) or _LEADER_POST.search(who) or (self._national_story and (
                        _SPEAKER.match(_TIME_LEAD.sub("", who, count=1)) or _SPEECH_LEAD.match(who))):
                    return True
        turn = self._speech_turn(ctx.sentence.index)
        if turn is not None:
            return False  # he acts (习近平来到……), or his speech opened above in this very sentence
        st = self.structure
        here = st.sentence_paragraph[ctx.sentence.index]
        for i in range(ctx.sentence.index - 1, st.title_sentences - 1, -1):
            if st.sentence_paragraph[i] != here:
                return False
            turn = self._speech_turn(i)
            if turn is not None:
                return turn
        return False

    # ------------------------------------------------------------ the decisions

    def regions_of_fact(self, ctx: SentenceContext, start: int, end: int, figure: bool = False) -> tuple[str, ...]:
        if self._leader_speaks(ctx, start):
            # In his words only a place that opens the fact's own clause is told acting (浙江省各级党委和政府高度重视
            # 学习推广“枫桥经验”), unless he says what it must do (江苏必须……): nothing is inherited.
            c_start, c_end = ctx.clause_bounds(start)
            s0 = ctx.sentence.start
            if _MODAL.search(ctx.norm, c_start - s0, start - s0):
                return ()
            return self._opening(ctx, c_start, c_end)
        if not figure and self._mandate(ctx, start, end):
            return ()
        actors = self.actors(ctx, start, end)
        if actors:
            return actors
        if figure:
            visited = self._visited(ctx, start)
            if visited:
                return visited
        if self._national(ctx, start):
            return ()
        inherited = self.inherited(ctx.sentence.index, figure)
        whole = self._whole(ctx, start, inherited)
        if whole is not None:
            return whole
        return inherited

    def _mandate(self, ctx: SentenceContext, start: int, end: int) -> bool:
        """The fact is named as the content of someone else's mandate that its clause carries out (按照“一个建设标准”
        的要求, 认真落实平安建设“十个一”相关工作要求): no region's practice, the carrying-out is told elsewhere."""
        c_start, c_end = ctx.clause_bounds(start)
        s0 = ctx.sentence.start
        if not self._mandate_noun.search(ctx.norm, end - s0, c_end - s0):
            return False
        # the verb opens the clause, or follows the place or body that does (高县按照……的要求)
        openers = [c_start] + [m.end for m in (*ctx.regions, *ctx.organizations)
                               if c_start <= m.start and m.end <= start
                               and not _past_time_lead(ctx.norm[c_start - s0 : m.start - s0])]
        return any(self._mandate_verb.match(_past_time_lead(ctx.norm[at - s0 : start - s0])) for at in openers)

    def _visited(self, ctx: SentenceContext, start: int) -> tuple[str, ...]:
        """The one place a national body opening the sentence or clause goes to before the figure: 中央督导组进驻
        河北期间，共收到来信来电11144件 counts 河北's. A list of places (进驻河北、山西等10个省市) shares it: none."""
        c_start, _ = ctx.clause_bounds(start)
        s0 = ctx.sentence.start
        for o in ctx.organizations:
            if o.adcode is not None or o.start > start:
                continue
            opens = any(opening <= o.start and _TIME_LEAD.sub("", ctx.norm[opening - s0 : o.start - s0].strip(" ,，"),
                                                                count=1).strip(" ,，") == ""
                        for opening in (s0, c_start))
            if not opens:
                continue
            inside = [m for m in ctx.regions if o.end <= m.start < start]
            for i, m in enumerate(inside):
                if not self._visit_verbs.search(ctx.norm, 0, m.start - s0):
                    continue
                found = self._list_from(ctx, inside, i)
                if len(found) == 1 and not _LIST_END.match(ctx.norm, found[0].end - s0):
                    return self._codes(ctx, found, ancestors=True)
                return ()
        return ()

    def _opened_by_ancestor(self, ctx: SentenceContext, start: int) -> tuple[str, ...]:
        """A region above the subject opening the figure's clause or an earlier clause of its sentence."""
        c_start, c_end = ctx.clause_bounds(start)
        spans = [(c_start, c_end), *reversed(self._clauses_before(ctx, c_start))]
        for clause_start, clause_end in spans:
            opening = self._opening(ctx, clause_start, clause_end, ancestors=True)
            if opening:
                return opening if set(opening) <= self._subject_ancestors else ()
        return ()

    def region_of_fact(self, ctx: SentenceContext, start: int, end: int) -> Optional[str]:
        found = self.regions_of_fact(ctx, start, end)
        return found[0] if found else None

    def region_of_figure(self, ctx: SentenceContext, start: int, end: int) -> Optional[str]:
        item = self._item_place(ctx, start) or self._counted_place(ctx, end)
        if item:
            return item
        found = self._opened_by_ancestor(ctx, start) or self.regions_of_fact(ctx, start, end, figure=True)
        if len(found) > 1:
            return self._respective(ctx, found, start) or self._holding_region(ctx, found, start)
        return found[0] if found else None

    def _counted_place(self, ctx: SentenceContext, end: int) -> Optional[str]:
        """"就有127名新疆公安民警英勇牺牲": a region right after the measure word is where the counted people or
        units are, whichever region the story is about (a level above it too)."""
        m = next((m for m in ctx.regions if m.start == end), None)
        return m.adcode if m is not None and self._may_take(m.adcode, ancestors=True) else None

    def _item_place(self, ctx: SentenceContext, start: int) -> Optional[str]:
        """"成都市3万件、绵阳市2万件": in a list of places each with its figure, the place opening the figure's item."""
        s0 = ctx.sentence.start
        c_start, _ = ctx.clause_bounds(start)
        g_start, _ = ctx.clause_bounds(start, ITEM_BREAK)
        if g_start <= c_start or ctx.norm[g_start - 1 - s0] != "、":
            return None

        def opener(a: int, b: int) -> Optional[RegionMention]:
            m = next((m for m in ctx.regions
                      if a <= m.start < b and _opens(ctx.norm, s0, a, m, self._presentative)), None)
            return _finest_of_chain(ctx, m, self.regions) if m else None

        here = opener(g_start, start)
        if here is None or _LIST_END.match(ctx.norm, here.end - s0) or not self._may_take(here.adcode):
            return None
        p_start, _ = ctx.clause_bounds(g_start - 2, ITEM_BREAK)
        before = opener(p_start, g_start - 1)
        # the item before is a place with its own figure (成都市3万件), not a place of a list (成都、绵阳等地)
        if before is None or not re.search(r"[0-9]", ctx.norm[before.end - s0 : g_start - 1 - s0]):
            return None
        return here.adcode

    def _respective(self, ctx: SentenceContext, codes: tuple[str, ...], start: int) -> Optional[str]:
        """广东、浙江、江苏分别破获案件1.2万起、9000起、8000起: the n-th number after 分别 is the n-th place's."""
        s0 = ctx.sentence.start
        c_start, c_end = ctx.clause_bounds(start)
        at = ctx.norm.find("分别", c_start - s0, c_end - s0)
        if at < 0 or s0 + at > start:
            return None
        numbers = [s0 + m.start() for m in _NUMBER.finditer(ctx.norm, at, c_end - s0)]
        return codes[numbers.index(start)] if len(numbers) == len(codes) and start in numbers else None

    def _holding_region(self, ctx: SentenceContext, codes: tuple[str, ...], start: int) -> Optional[str]:
        """A figure closing the list of places it counts (韩城、临渭、白水等10个县) is the count of the region
        holding them all; any other figure shared by several places (宁波、广州海关销毁毒品1200余公斤) is nobody's."""
        s0 = ctx.sentence.start
        listed = [m for m in ctx.regions if m.adcode in codes and m.end <= start]
        if not listed or not _LIST_END.fullmatch(ctx.norm, max(m.end for m in listed) - s0, start - s0):
            return None
        chains = [[r.adcode for r in self.regions.ancestors(code)] for code in codes]
        return next((code for code in chains[0] if all(code in chain for chain in chains[1:])), None)


def period_of(ctx: SentenceContext, start: int) -> Optional[str]:
    """The period the sentence states for a fact at ``start`` (2023年以来, 2024年, 党的十八大以来)."""
    best = None
    for m in _PERIOD.finditer(ctx.norm):
        if ctx.sentence.start + m.start() <= start:
            best = m.group(1)
    return best
