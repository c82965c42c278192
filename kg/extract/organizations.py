"""Named political-legal bodies, resolved to a full name and a region.

Articles name bodies in many short forms: 区法院 (the county's court),
市委政法委员会, 张掖公安 (the city's public security bureau), “两院” (court
and procuratorate), 平川派出所 (a unit of the county bureau). This module
finds them and writes each as one full name with its region:

    区法院           -> 黔江区人民法院            (500114)
    省委政法委       -> 湖北省委政法委            (420000)
    张掖公安         -> 张掖市公安局              (620700)
    临泽县公安局平川派出所 -> same name, parent 临泽县公安局

A name is made of a *prefix* that gives the region and an *ending* that
gives the kind of body. The prefix is a region the text names (a
``RegionMention`` ending where the body starts), or a bare 区/县/市/省 that
stands for the article's own region (the nearest of the subject region and
its ancestors whose name ends with that character). Generic mentions
without a prefix (政法机关, 各级法院, 基层法庭) are not organizations.

Every ending, short form and stop word is data in ``ontology/organizations/``;
each file's header says what a line means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Optional, Sequence

from kg.extract.places import town_ending_at, towns_in
from kg.lexicons.files import prefix_tree
from kg.lexicons.organizations import ORDINALS, BodyKind, OrganizationLexicon, Prefix, UnitKind
from kg.lexicons.regions import PlaceLexicon
from kg.model import LEVELS, LocalPlace, OrganizationMention, PreparedText, Region, RegionLookup, RegionMention
from kg.text.chars import CLAUSE_BREAK, COUNT_DIGITS, QUOTATION, is_han, quoted
from kg.text.segment import PROPER_NAME_TAGS, TaggedWords, Words, tagged

# A subject region's chain, finest first: county, prefecture, province.
_FINEST_FIRST = {level: i for i, level in enumerate(reversed(LEVELS))}
# jieba tags that a place word before 派出所 / 法庭 can carry (PROPER_NAME_TAGS); a common noun or
# verb there (种子法庭, 巡回法庭) names a kind of unit, not a place.
_MAX_ASSOCIATION_WORDS = 14  # characters between the region and 协会/促进会
# jieba tags of single characters that cannot be part of a place word the
# dictionary does not know (兄弟四人到过派出所: 到 and 过 are a verb and a particle).
_NOT_PLACE_CHAR_TAGS = frozenset({"v", "p", "c", "d", "r", "m", "q", "f", "u", "ug", "uj", "ul", "uz", "uv", "ud", "y", "zg"})
# Tags of single characters that are never part of a place word, even right after a region or 在
# (到过派出所: 过 is a particle; 该派出所, 和派出所).
_NEVER_PLACE_CHAR_TAGS = frozenset({"p", "c", "r", "u", "uj", "ul", "uz", "uv", "ud", "ug", "y"})
_LOCATIVE_CHARS = "在于"
_MAX_VILLAGE = 7  # characters of a village's or community's name with its ending (金华园社区)
_MAX_ZONE = 10  # characters of a development zone's name with its ending (东湖新技术开发区)
_NOT_KIND_TAGS = frozenset({"r", "p", "c", "m", "q"})  # words never part of a dispute's kind (mediation.tsv)
_OWN_COUNTRY = frozenset({"中国", "我国", "全国", "中华人民共和国"})
_QUOTED = quoted(2, 8)
_TOWN_LOOKBACK = 8  # sentences before a bare 镇 (镇综治中心) where the town it stands for may be named
_COUNTED = re.compile(f"[两{ORDINALS}]{{1,2}}([省市])")  # 三省警方, 两市法院: the places just listed
_LIST_SEPARATORS = "、和及与"  # the first alone joins a list sharing a written body's ending
_SHORT_NAME = "~"  # bodies.tsv: a suffix after the region's short name, not its official name
_COMMITTEE = "委"  # bodies.tsv: suffixes of the party committee's bodies begin with it (委政法委, 委平安办)
_AUTONOMOUS_REGION = "自治区"
_PARENT_BODY = "^"  # bodies.tsv: a body of the parent region named by its district (孝感市公安局孝南分局)
_RECENT = 3  # regions named before that a bare 县 may stand for when no county is in force
_LISTED_COUNT = re.compile(f"等(?:[{COUNT_DIGITS}]+个)?")  # 庐山市、德安县等7个|县级综治中心
_NUMBERED = re.compile(f"第[{ORDINALS}]{{1,2}}")  # 第一中级人民法院, 第二中级人民法院
_NUMBERED_SHORT = re.compile(f"[{ORDINALS}]")  # 上海市二中院: the short form drops 第 (第二中级人民法院)
_SESSION = re.compile(f"第[{ORDINALS}]{{1,3}}届")  # 第十七届人民代表大会常务委员会
_COMMITTEE_WORD = "委员会"  # associations.tsv: a region's committee, by its full name
_CONFERENCE = "政协"  # the name the gold gives a region's political consultative conference
_COMMITTEE_BODY = "政法委"  # types.ttl: the committee's body is one body even in a list of sectors (整合政法委、信访)
_LISTED_DEPARTMENT = 2  # characters before a department's ending listed after the first (刑侦大队、治安大队)
_THAT = "该"  # 该区, 该县: the region just named
_HEAD = "长"  # title_links.txt: a government post (副县长、) ends with its level character and 长
_LISTED_ORDINAL = re.compile(f"第([{ORDINALS}]{{1,2}})[、和]$")  # 第一、|第二巡回法庭


# ---------------------------------------------------------------- per document


def _level_rest(rest: str, level_chars: frozenset[str]) -> bool:
    """What a short name leaves of the official one is only its level: 区 of 红塔区, 新区 of 浦东新区."""
    return 1 <= len(rest) <= 2 and rest[-1] in level_chars


@dataclass
class _Body:
    """A body found in a sentence: where it ends, for units written after it."""

    end: int  # document offset
    ending: str
    name: str
    adcode: Optional[str]


class _Resolver:
    """The article's regions: what a bare 区/县/市/省 and a bare 法院 stand for."""

    def __init__(self, subject_regions: list[str], regions: RegionLookup):
        self.regions = regions
        self.subject_chains = [c for c in (self._chain(code) for code in subject_regions) if c]
        self.chains = self.subject_chains
        self.recent: list[str] = []  # codes of the last regions named, in text order

    def _chain(self, code: str) -> list[Region]:
        region = self.regions.get(code)
        if region is None:
            return []
        ancestors = [a for a in self.regions.ancestors(code) if a is not None]
        ancestors.sort(key=lambda r: _FINEST_FIRST.get(r.level, 9))
        return [region] + ancestors

    def enter(self, scope: Sequence[str]) -> None:
        """The region in force in the next sentence (its section's county, say): abbreviated bodies
        there (县法院, 县委政法委, 两院) are that region's before the article's."""
        local = [c for c in (self._chain(code) for code in scope[:1]) if c]
        self.chains = local + [c for c in self.subject_chains if c not in local]

    def get(self, adcode: str) -> Optional[Region]:
        return self.regions.get(adcode)

    def by_level_char(self, ch: str) -> Optional[Region]:
        for chain in self.chains:
            for region in chain:
                if region.name.endswith(ch):
                    return region
        # 浙江遂昌县的7位农民工…。村干部帮他们扫描了县司法局…: the county just named, when none is in force;
        # in an article with no region of its own, the region just named at any level (吉林…。省检察院)
        for code in reversed(self.recent):
            region = self.regions.get(code)
            if region is not None and (region.level == "county" or not self.subject_chains) and region.name.endswith(ch):
                return region
        return None

    def named(self, mentions: Sequence[RegionMention]) -> None:
        """The regions a sentence names, the last ones kept for the next sentences."""
        self.recent = (self.recent + [m.adcode for m in sorted(mentions, key=lambda m: m.start)])[-_RECENT:]

    def at_level(self, grade: str) -> Optional[Region]:
        """The region in force that a level word stands for (grades.tsv): at that level, or the nearest
        whose name ends with that character; never one only named before."""
        for chain in self.chains:
            for region in chain:
                if region.level == grade or (len(grade) == 1 and region.name.endswith(grade)):
                    return region
        return None

    def subject_county(self) -> Optional[Region]:
        """The county in force: the sentence's, else the article's."""
        for chain in self.chains:
            if chain[0].level == "county":
                return chain[0]
        return None

    def subject(self) -> Optional[Region]:
        return self.chains[0][0] if self.chains else None


class _Sentence:
    """One sentence's normalised text, with lazily computed jieba words."""

    def __init__(self, norm: str, start: int, index: int, mentions: list[RegionMention]):
        self.norm = norm
        self.start = start
        self.index = index
        self.mentions_by_end: dict[int, RegionMention] = {}
        self._by_end: Optional[TaggedWords] = None
        self._quoted: Optional[tuple[tuple[int, int], ...]] = None
        self._words: Optional[Words] = None
        for m in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
            self.mentions_by_end.setdefault(m.end - start, m)  # local end -> longest mention

    @property
    def boundaries(self) -> Words:
        """``i in s.boundaries``: jieba starts or ends a word at i (segmented only around i)."""
        if self._words is None:
            self._words = Words(self.norm)
        return self._words

    def tagged(self) -> tuple[tuple[str, str, int, int], ...]:
        return tagged(self.norm)

    def word_ending_at(self, i: int) -> Optional[tuple[str, str, int, int]]:
        if self._by_end is None:  # jieba's tagged words, tagged only around the offsets asked about
            self._by_end = TaggedWords(self.norm)
        self._by_end.cover(i - 1, i)
        return self._by_end.by_end.get(i)

    @property
    def quoted_spans(self) -> tuple[tuple[int, int], ...]:
        """The quotations' and titles' spans (“…”, 《…》) of the sentence, found once."""
        if self._quoted is None:
            self._quoted = tuple(m.span() for m in QUOTATION.finditer(self.norm))
        return self._quoted

    def word_at(self, i: int) -> Optional[tuple[str, str, int, int]]:
        if self._by_end is None:
            self._by_end = TaggedWords(self.norm)
        self._by_end.cover(i, i + 1)
        return self._by_end.by_start.get(i)


class _Finder:
    def __init__(self, prepared: PreparedText, lex: OrganizationLexicon, places: PlaceLexicon, resolver: _Resolver):
        self.prepared = prepared
        self.lex = lex
        self.places = places
        self.resolver = resolver
        self.out: list[OrganizationMention] = []
        self.heads: list[OrganizationMention] = []  # the bodies found so far (not units): departments' parents
        # indexes of the above, asked on every hit: (sentence, end) of each mention, its end alone, and the
        # last body found per (sentence, end)
        self.out_ends: set[tuple[int, int]] = set()
        self.ends: set[int] = set()
        self.head_at: dict[tuple[int, int], OrganizationMention] = {}
        # the former names (former_divisions.tsv) the article writes for a region of today: 莱城区 for 莱芜区
        self.former_names = {code: name for name, (_, code) in lex.former.items() if code and name in prepared.norm}

    # -- helpers

    def emit(self, s: _Sentence, start: int, end: int, name: str, org_type: str,
             adcode: Optional[str], parent: Optional[str] = None, head: bool = False) -> None:
        """Record a mention; ``start``/``end`` are offsets local to the sentence; ``head``: a body, not a unit."""
        a, b = s.start + start, s.start + end
        mention = OrganizationMention(
            start=a, end=b, surface=self.prepared.document.text[a:b], sentence=s.index,
            name=name, org_type=org_type, adcode=adcode, parent=parent,
        )
        self.out.append(mention)
        self.out_ends.add((s.index, b))
        self.ends.add(b)
        if head:
            self.heads.append(mention)
            self.head_at[(s.index, b)] = mention

    def named_prefix(self, s: _Sentence, i: int) -> Optional[tuple[Region, int, bool]]:
        """A region the text names right before local offset ``i``: (region, start, written with its level)."""
        m = s.mentions_by_end.get(i)
        gap = ""
        if m is None and i >= 1:
            m = s.mentions_by_end.get(i - 1)
            gap = s.norm[i - 1 : i]
        if m is None:
            return None
        region = self.resolver.get(m.adcode)
        if region is None or (gap and not region.name.endswith(gap)):
            return None
        start = m.start - s.start
        written = s.norm[start:i]
        return region, start, written.endswith(region.name[-1])

    def bare_prefix(self, s: _Sentence, i: int) -> Optional[tuple[Region, int]]:
        """A bare 区/县/市/省 right before local offset ``i`` that starts a word (区法院, 在省委政法委), or a
        longer level word (自治区司法厅); 该区 / 该县 (该区烟草专卖局): the region with that ending named last."""
        if i >= 2 and s.norm[i - 2] == _THAT and s.norm[i - 1] in self.lex.level_chars:
            region = self.last_named(s, i - 2, s.norm[i - 1])
            return (region, i - 2) if region else None
        for word in self.lex.level_words:
            a = i - len(word)
            if a >= 0 and s.norm.startswith(word, a) and a in s.boundaries and a not in s.mentions_by_end:
                region = self.resolver.by_level_char(word)
                return (region, a) if region else None
        if i < 1 or s.norm[i - 1] not in self.lex.level_chars or (i - 1) not in s.boundaries:
            return None
        if self.levels_listed(s, i - 1):
            return None  # 州县综治中心, 各区县法院, 市县政法委: the bodies of every region at those levels
        before = s.word_ending_at(i - 1)
        if before is not None and before[1] == "ns":  # the tail of a place name the finder missed
            return None
        region = self.resolver.by_level_char(s.norm[i - 1])
        return (region, i - 1) if region else None

    def levels_listed(self, s: _Sentence, a: int) -> bool:
        """The level character at local offset ``a`` follows another level or town character (town_chars.txt)
        that no region name ends with (州县, 区县, 省市, 县乡): levels listed, no region."""
        return a >= 1 and (s.norm[a - 1] in self.lex.level_chars or s.norm[a - 1] in self.lex.town_chars) and (
            a not in s.mentions_by_end)

    def after_verb(self, s: _Sentence, i: int) -> bool:
        """整合法院、检察院, 公布扫黑办举报电话: the body is the object of a verb, not one of going somewhere
        (到法院起诉, 走进法院: motion_verbs.txt)."""
        if i not in s.boundaries:
            return False
        before = s.word_ending_at(i)
        if before is not None and before[0] in self.lex.partner_words:
            return True  # 与工商联、食品药品监管局等部门签订: a partner of the sentence's body
        if before is None or before[1] != "v" or before[0] in self.lex.motion_verbs:
            return False
        return not any(a < i < b for a, b in s.quoted_spans)  # “24小时自助法院”: a kind

    def sectors_listed(self, s: _Sentence, i: int, j: int) -> bool:
        """The body at local offsets ``i``..``j`` stands in a 、 list that names a line of work (整合法院、检察院、
        公安、司法、信访等部门): the list is one of sectors, its bare bodies no one body."""
        a = max((m.end() for m in CLAUSE_BREAK.finditer(s.norm, 0, i)), default=0)
        b = next((m.start() for m in CLAUSE_BREAK.finditer(s.norm, j)), len(s.norm))
        items = s.norm[a:b].split("、")
        if len(items) < 2:
            return False
        last = items[-1].partition("等")[0]
        return any(item in self.lex.sector_words for item in items[1:-1] + [last]) or any(
            items[0].endswith(w) and (len(items[0]) - len(w) + a) in s.boundaries for w in self.lex.sector_words)

    def after_break(self, s: _Sentence, i: int) -> bool:
        return i == 0 or not is_han(s.norm[i - 1])

    # -- matchers

    def national(self, s: _Sentence) -> list[tuple[int, int]]:
        spans = []
        for m in self.lex.national_re.finditer(s.norm):
            if m.start() not in s.boundaries or m.end() not in s.boundaries:
                continue  # 司法部长会议: part of a longer word
            before = s.word_ending_at(m.start())
            if before is not None and before[1] == "ns" and before[0] not in _OWN_COUNTRY:
                continue  # 美国司法部: another country's ministry
            if any(w in s.norm[: m.start()] for w in self.lex.foreign_markers):
                continue  # …联邦参议员……敦促司法部: the sentence is about another country
            names, types = self.lex.national[m.group()]
            for name, org_type in zip(names.split("|"), types.split("|")):  # 两高: both high bodies
                self.emit(s, m.start(), m.end(), name, org_type, None, head=True)
                self.sub_unit(s, _Body(s.start + m.end(), m.group(), name, None))  # 公安部禁毒局, 公安部督导组
            spans.append((m.start(), m.end()))
        return spans

    def bodies_and_units(self, s: _Sentence, taken: list[tuple[int, int]]) -> list[_Body]:
        found: list[_Body] = []
        for m in self.lex.ending_re.finditer(s.norm):
            i, j = m.start(), m.end()
            if any(a < j and i < b for a, b in taken):
                continue
            ending = m.group()
            unit = self.lex.units.get(ending)
            if unit is not None and ending in self.lex.bodies and self.written_parent(s, i, unit, found):
                self.unit(s, i, j, unit, found)  # 玉溪市公安局红塔分局: the unit of the body written before it
                continue
            body = self.body(s, i, j, self.lex.bodies[ending], found) if ending in self.lex.bodies else None
            if body:
                found.append(body)
                self.sub_unit(s, body)
            elif ending in self.lex.units:  # 综治中心 after a county is a body, after a town a unit
                self.unit(s, i, j, self.lex.units[ending], found)
        return found

    def list_head(self, s: _Sentence, i: int, found: Sequence[_Body]) -> Optional[Region]:
        """The region of the body right before the 、 at local offset ``i`` - 1, if one ends there."""
        if i < 1 or s.norm[i - 1] != "、":
            return None
        body = next((b for b in reversed(found) if b.end - s.start == i - 1), None)
        return self.resolver.get(body.adcode) if body is not None and body.adcode else None

    def body(self, s: _Sentence, i: int, j: int, kind: BodyKind, found: Sequence[_Body] = ()) -> Optional[_Body]:
        if kind.org_type == "-":
            return None
        region, start = None, i
        numbered = _NUMBERED.search(s.norm, max(0, i - 3), i)
        full = kind.suffix("prefecture")
        if not (numbered and numbered.end() == i) and full and full != kind.ending and full.startswith(kind.ending[0]):
            # 上海市二中院, 北京一中院: a numbered body's short form, named in full (第二中级人民法院)
            numbered = _NUMBERED_SHORT.match(s.norm, i - 1) if i >= 1 else None
        if numbered and numbered.end() == i:
            named = self.named_prefix(s, numbered.start())
            if named:  # 天津市第一中级人民法院: one of several numbered bodies, named as written
                region, start, _ = named
                number = numbered.group()
                if number[0] != "第":
                    number, ending = "第" + number, full
                else:
                    ending = kind.ending
                name = region.name + number + ending
                self.emit(s, start, j, name, kind.org_type, region.adcode, head=True)
                return _Body(s.start + j, kind.ending, name, region.adcode)
        session = _SESSION.search(s.norm, max(0, i - 6), i)
        if session and session.end() == i and (named := self.named_prefix(s, session.start())):
            # 朝阳区第十七届人民代表大会常务委员会: the body of that region, whatever its session
            return self.emit_body(s, named[1], j, kind, named[0])
        named = self.named_prefix(s, i)
        if kind.prefix is Prefix.NAMED and s.word_at(i) is not None and s.word_at(i)[0] != kind.ending:
            return None  # 公安 inside a longer word
        if named:
            region, start, full = named
            if kind.prefix is Prefix.CITY and not full and region.level == "prefecture":  # 新乡法院, as written
                name = self.prepared.norm[s.start + start : s.start + j]
                self.emit(s, start, j, name, kind.org_type, region.adcode, head=True)
                return _Body(s.start + j, kind.ending, name, region.adcode)
            if not full and (kind.prefix is Prefix.FULL or (kind.prefix is Prefix.CITY and region.level == "province")):
                return None  # 甘肃法院: the province's courts, not one court; 汇川法院 is 汇川区人民法院
        elif kind.prefix is Prefix.NAMED:
            # 湖南常德…，当地警方: the police of the region the sentence names before (GUIDELINES, batch 6)
            here = self.here_before(s, i)
            if here is not None:
                region, start = self.nearest_region(s, here), here
        elif self.graded(s, i, j, kind):
            return None
        else:
            bare = self.bare_prefix(s, i)
            here = self.here_before(s, i)
            titled = self.title_region(s, i)
            if bare:
                region, start = bare
            elif here is not None:  # 在四川仁寿县，当地综治中心…: the region in force
                region, start = self.resolver.subject(), here
            elif titled:  # 海南省委常委、政法委书记: the committee's body, named in a person's title
                region = titled
            elif (head := self.list_head(s, i, found)) is not None:
                region = head  # 桦甸市公安局、环保局、国土资源局: a list's bare bodies share its first body's region
            elif kind.bare_subject and (self.after_break(s, i) or self.after_verb(s, i)) and not (
                    kind.org_type != _COMMITTEE_BODY and self.sectors_listed(s, i, j)):
                region = self.resolver.subject_county() or self.opening_place(s, i)
        if region is None and (branch := self.town_branch(s, i, j, kind)) is not None:
            return branch
        if region is None:
            counted = _COUNTED.search(s.norm, max(0, i - 3), i) if kind.prefix not in (Prefix.FULL, Prefix.CITY) else None
            if counted and counted.end() == i:  # 浙江、江苏、安徽三省警方: each province's body
                for listed in self.listed_before(s, counted.start(), adjacent=True):
                    if listed.name.endswith(counted.group(1)):
                        self.emit_body(s, i, j, kind, listed)
            return None
        body = self.emit_body(s, start, j, kind, region, written=s.norm[start:i] if named else None)
        if body is not None and named:  # 宁波、广州海关: the ending serves every place of the list
            for listed in self.listed_before(s, start):
                if listed.level == region.level:
                    self.emit_body(s, start, j, kind, listed)
        return body

    def town_branch(self, s: _Sentence, i: int, j: int, kind: BodyKind) -> Optional[_Body]:
        """东莞市中堂镇公安分局, 镇公安分局 in a 中山 story: a city without counties has a branch of its bureau
        per town, named by the town's name without its ending (东莞市公安局中堂分局, 中山市公安局横栏分局)."""
        suffix = kind.suffix("county")
        if suffix is None or not suffix.startswith(_PARENT_BODY):
            return None
        town = town_ending_at(s.norm, i, self.places, frozenset(e for e in s.mentions_by_end if e <= i))
        if town is not None:
            start, place = town, s.norm[town:i]
        elif (bare := self.bare_town(s, i)) is not None:
            start, place = bare
        else:
            return None
        named = self.named_prefix(s, start)
        city = named[0] if named else self.resolver.subject()
        if city is None or city.level != "prefecture" or self.resolver.regions.children(city.adcode):
            return None
        stem = next((place[: -len(e)] for e in self.lex.town_chars if place.endswith(e) and len(place) > len(e)), None)
        if stem is None:
            return None
        head, _, tail = suffix[len(_PARENT_BODY):].partition(_SHORT_NAME)
        name = city.name + head + stem + tail
        self.emit(s, named[1] if named else start, j, name, kind.org_type, city.adcode, city.name + head, head=True)
        return _Body(s.start + j, kind.ending, name, city.adcode)

    def opening_place(self, s: _Sentence, i: int) -> Optional[Region]:
        """The place a sentence opens with, 在 and the place and a comma right before local offset ``i`` (在江西宜春，
        司法局全面推行…): the region of the body written bare after it."""
        if i < 2 or s.norm[i - 1] not in "，," or not s.norm.startswith(_LOCATIVE_CHARS[0]):
            return None
        m = s.mentions_by_end.get(i - 1)
        if m is None:
            return None
        # nothing but regions between 在 and the comma (在江西宜春，: 江西, 宜春)
        covered = {k for e, mention in s.mentions_by_end.items() for k in range(mention.start - s.start, e)}
        if not all(k in covered for k in range(1, i - 1)):
            return None
        return self.resolver.get(m.adcode)

    def here_before(self, s: _Sentence, i: int) -> Optional[int]:
        """The local offset of a word for the place in force (当地, 本地) that ends at ``i`` and starts a word, if one does."""
        here = next((w for w in self.lex.here_words if s.norm.endswith(w, 0, i)), None)
        return i - len(here) if here and (i - len(here)) in s.boundaries else None

    def graded(self, s: _Sentence, i: int, j: int, kind: BodyKind) -> bool:
        """县级综治中心 in a county's article, 市级综治中心 in a city's: the centre of the region in force at that
        level; 庐山市、德安县等7个县级综治中心: of each listed region at that level. True when a level word
        stands before the ending (whether it names a body or every region's)."""
        unit = self.lex.units.get(kind.ending)
        if unit is None or not unit.town_only:
            return False  # only the centres and offices every level has
        grade = next((g for g in self.lex.grades if s.norm.endswith(g, 0, i)), None)
        if grade is None or (i - len(grade)) not in s.boundaries:
            return False
        a = i - len(grade)
        level = self.lex.grades[grade]
        listed = _LISTED_COUNT.search(s.norm, max(0, a - 8), a)
        if listed and listed.end() == a:
            for region in self.listed_before(s, listed.start(), adjacent=True):
                if region.level == level or (len(level) == 1 and region.name.endswith(level)):
                    self.emit_body(s, i, j, kind, region)
            return True
        if any(s.norm.endswith(w, 0, a) for w in self.lex.grade_generic):
            return True
        clause = CLAUSE_BREAK.split(s.norm[:a])[-1]
        if any(w in clause for w in self.lex.grade_higher):
            return True  # 我市以县级综治中心规范化建设为抓手: every county's
        region = self.resolver.at_level(level)
        if region is not None:
            self.emit_body(s, a, j, kind, region)
        return True

    def title_region(self, s: _Sentence, i: int) -> Optional[Region]:
        """The region of a party committee whose member's title runs on to a body's ending at local offset ``i``
        (南通市委常委、|政法委书记, 县委常委、|政法委书记)."""
        link = next((w for w in self.lex.title_links if s.norm.endswith(w, 0, i)), None)
        if link is None:
            return None
        named = self.named_prefix(s, i - len(link))
        if named:
            return named[0]
        a = i - len(link)
        bare = self.bare_prefix(s, a)
        if bare:
            return bare[0]
        # 河南省委书记楼某,副省长、公安厅厅长顾某: a government post written alone after a break holds its
        # level (省 of 副省长): the region in force at that level
        head = link.find(_HEAD)
        if head >= 1 and link[head - 1] in self.lex.level_chars and self.after_break(s, a):
            return self.resolver.by_level_char(link[head - 1])
        return None

    def emit_body(self, s: _Sentence, start: int, j: int, kind: BodyKind, region: Region,
                  written: Optional[str] = None) -> Optional[_Body]:
        """The body of ``region`` whose ending ends at local offset ``j``; ``written``: the region as the text
        writes it before the ending, when it does."""
        suffix = kind.suffix(region.level)
        if suffix is None:
            return None
        if region.level == "province" and region.name.endswith("市") and suffix.endswith("厅"):
            suffix = suffix[:-1] + "局"  # a municipality's bureaus: 重庆警方 -> 重庆市公安局, not 公安厅
        if suffix.startswith(_PARENT_BODY):
            # 孝南公安分局, 上海浦东公安分局, 西城分局: the branch of the city's bureau named by its district,
            # with the district's word as written (浦东), else its short name
            city = self.resolver.get(region.parent) if region.parent else None
            if city is None:
                return None
            head, _, tail = suffix[len(_PARENT_BODY):].partition(_SHORT_NAME)
            # 武汉市硚口区公安分局 -> 武汉市公安局硚口区分局; a bare 区公安分局 -> the district's full name (拱墅区分局)
            word = written or region.name
            name = city.name + head + word + tail
            self.emit(s, start, j, name, kind.org_type, region.adcode, city.name + head, head=True)
            return _Body(s.start + j, kind.ending, name, region.adcode)
        if suffix.startswith(_SHORT_NAME):  # 宁波海关: a body named with the region's short name
            name = (region.short_name or region.name) + suffix[len(_SHORT_NAME):]
        elif len(region.name) == 2 and region.level == "county" and suffix.startswith(_COMMITTEE) and (
                written or region.name + region.name[-1] + suffix in self.prepared.norm):
            # 房县县委政法委: a one-character county's committee as the article writes it after its name; a bare
            # 县委政法委 in a 滑县 article that never writes 滑县县委政法委 is 滑县委政法委
            name = region.name + region.name[-1] + suffix
        elif region.name.endswith(_AUTONOMOUS_REGION) and suffix.startswith(_COMMITTEE):
            name = region.name + "党" + suffix  # an autonomous region's committee is its 党委: 宁夏回族自治区党委政法委
        elif region.name in self.lex.generic_counties and (city := self.resolver.get(region.parent or "")):
            name = city.name + region.name + suffix  # 铜陵郊区法院 -> 铜陵市郊区人民法院: 郊区 alone names no place
        else:  # 莱城区…。区交通局: a region the article calls by its former name is named so
            name = self.former_names.get(region.adcode, region.name) + suffix
        self.emit(s, start, j, name, kind.org_type, region.adcode, head=True)
        return _Body(s.start + j, kind.ending, name, region.adcode)

    def listed_before(self, s: _Sentence, i: int, adjacent: bool = False) -> list[Region]:
        """The places of a list that ends with 、 right before local offset ``i`` (宁波、|广州海关), or, ``adjacent``,
        with a place right before it (浙江、江苏和安徽|三省警方: the count says the list shares the body, so 和
        joins it too; 湖北黄冈和大连市公安局 may be 黄冈 itself)."""
        out: list[Region] = []
        separators = _LIST_SEPARATORS if adjacent else _LIST_SEPARATORS[:1]
        while i >= 2 and (adjacent or s.norm[i - 1] in separators):
            m = s.mentions_by_end.get(i if adjacent else i - 1)
            adjacent = False
            region = self.resolver.get(m.adcode) if m is not None else None
            if region is None:
                break
            out.append(region)
            i = m.start - s.start
        return out[::-1]

    def sub_unit(self, s: _Sentence, body: _Body) -> None:
        """A department written right after its body: 县公安局110指挥中心, 杭州市人民检察院第七检察部."""
        j = body.end - s.start
        m = self.lex.sub_unit_re.match(s.norm, j)
        if m is None or m.end() not in s.boundaries or any(w in m.group(1) for w in self.lex.association_stops):
            return
        kind = self.lex.bodies.get(body.ending)
        org_type = kind.org_type if kind else "其他"
        self.emit(s, self.body_start(s, body), m.end(), body.name + m.group(), org_type, body.adcode, body.name)
        # 公安部监察局、治安局等部门: more departments of the same body listed after the first
        while s.norm.startswith("、", m.end()) and (
                listed := self.lex.sub_unit_re.match(s.norm, m.end() + 1)) is not None and len(
                listed.group(1)) <= _LISTED_DEPARTMENT and (
                listed.end() in s.boundaries or s.norm[listed.end():listed.end() + 1] in "、等，。") and not any(
                w in listed.group(1) for w in self.lex.association_stops):
            m = listed
            self.emit(s, m.start(), m.end(), body.name + m.group(), org_type, body.adcode, body.name)

    def unit(self, s: _Sentence, i: int, j: int, kind: UnitKind, found: list[_Body]) -> None:
        if kind.org_type == "-":
            return
        town = self.bare_town(s, i)
        if town is not None:  # 上报镇综治中心: the town named just before
            start, name = town
            region = self.resolver.subject_county() or self.resolver.subject()
            self.emit(s, start, j, name + kind.ending, kind.org_type, region.adcode if region else None)
            return
        parent = self.written_parent(s, i, kind, found)
        if parent is not None:
            place_start = parent.end - s.start
            place = s.norm[place_start:i]
        else:
            # A town's centre (月江镇综治中心) stands where jieba may cut the town's name (镇综/治).
            if kind.parent_needed or (i not in s.boundaries and not kind.town_only):
                return
            # 陆家嘴治安派出所, 巴安通边境派出所: a kind of station between the town and the ending
            qualifier = next((q for q in self.lex.unit_qualifiers if s.norm.endswith(q, 0, i)), "")
            if qualifier and (i - len(qualifier)) not in s.boundaries:
                qualifier = ""
            place_start = self.place_start(s, i - len(qualifier), town_only=kind.town_only)
            if place_start is None and not qualifier and (town := self.listed_town_office(s, i, j, kind)):
                region = self.resolver.subject_county() or self.resolver.subject()
                self.emit(s, i, j, town + kind.ending, kind.org_type, region.adcode if region else None)
                return
            if place_start is None or any(a < place_start < b for a, b in s.quoted_spans):
                return  # “农忙法庭”“远程法庭”: a kind of tribunal in quotes, a brand, not one named by its town
            place = s.norm[place_start:i]
            region_named = self.named_prefix(s, i)
            if region_named and region_named[1] == place_start and region_named[2] and not qualifier:
                return  # 北京市派出所: every station of the region, written with its level; one is named by its town
        named_village = parent is not None and any(
            place.endswith(e) and len(place) - len(e) >= 2 for e in self.places.endings)  # 金华园社区 after its station
        if place in self.lex.unit_generic or (not named_village and any(
                place.endswith(g) and len(g) > 1 for g in self.lex.unit_generic)):
            return
        if parent is not None:
            # 玉溪市公安局红塔分局: a branch named by a district of the parent's city is that district's
            adcode = self.district_of(s, place_start, i, parent.adcode) or parent.adcode
            name = parent.name + place + kind.ending
            self.emit(s, self.body_start(s, parent), j, name, kind.org_type, adcode, parent.name)
            found.append(_Body(s.start + j, kind.ending, name, adcode))  # …红塔分局大营街派出所: a parent in turn
            return
        named = self.named_prefix(s, place_start)
        if named:  # 黔江区濯水法庭: the region is written
            region, start, full = named
            # 白沙七坊镇综治中心: a town's centre after its county's short name is the town's, named by the town
            prefix = region.name if full or not kind.town_only else ""
            self.emit(s, start, j, prefix + place + kind.ending, kind.org_type, region.adcode)
            return
        region = self.resolver.subject_county() or self.nearest_region(s, place_start) or self.resolver.subject()
        self.emit(s, place_start, j, place + kind.ending, kind.org_type, region.adcode if region else None)

    def listed_town_office(self, s: _Sentence, i: int, j: int, kind: UnitKind) -> Optional[str]:
        """A town's office written bare in a 、 list (协调王店乡政府、民政所、司法所): the name of the town named last
        before it in the sentence's clauses up to the list, if any."""
        if kind.ending not in self.lex.town_offices:
            return None
        if not ((i >= 1 and s.norm[i - 1] == "、") or s.norm.startswith("、", j)):
            return None
        named = towns_in(s.norm[:i], self.places)
        if not named:
            return None
        b, e = named[-1]
        if any(ch in "。；;" for ch in s.norm[e:i]):
            return None
        return s.norm[b:e]

    def written_parent(self, s: _Sentence, i: int, kind: UnitKind, found: list[_Body]) -> Optional[_Body]:
        """The body written right before the place word that ends at local offset ``i``: 临泽县公安局|平川|派出所;
        a village or community there may be longer (古城派出所|金华园社区|警务室)."""
        for body in reversed(found):
            place_start = body.end - s.start
            place = s.norm[place_start:i]
            longest = (_MAX_VILLAGE if place.endswith(self.places.endings)
                       else _MAX_ZONE if place.endswith(self.lex.zone_words) else 4)
            if body.ending in kind.parent_endings and 2 <= len(place) <= longest and all(is_han(c) for c in place):
                return body
        return None

    def district_of(self, s: _Sentence, a: int, b: int, parent_code: Optional[str]) -> Optional[str]:
        """The region one level below ``parent_code`` that the place word s.norm[a:b] names, if any."""
        if parent_code is None:
            return None
        m = s.mentions_by_end.get(b)
        if m is not None and m.start - s.start == a:
            region = self.resolver.get(m.adcode)
            return m.adcode if region is not None and region.parent == parent_code else None
        place = s.norm[a:b]
        named = [c for c in self.resolver.regions.children(parent_code)
                 if c.short_name == place or (len(place) >= 2 and c.name.startswith(place)
                                              and _level_rest(c.name[len(place):], self.lex.level_chars))]
        return named[0].adcode if len(named) == 1 else None

    def bare_town(self, s: _Sentence, i: int) -> Optional[tuple[int, str]]:
        """A bare 镇 / 乡 / 街道 right before local offset ``i`` (加强镇综治中心, 和街道司法所): where it starts,
        and the town it stands for, the last one with that ending named in the sentence or the few before."""
        for ending in self.lex.town_chars:
            a = i - len(ending)
            word = s.word_at(a) if a >= 0 and s.norm.startswith(ending, a) else None
            if word is None or word[0] != ending:
                continue
            if self.levels_listed(s, a):
                return None  # 县乡综治中心: every county's and town's
            before = s.word_ending_at(a) if a > 0 and is_han(s.norm[a - 1]) else None
            if before is not None and not (before[1].startswith(("v", "p", "c", "u")) or before[1] in ("d", "f")):
                return None  # 赵巷/镇: the end of a town's own name, not a bare 镇 after a verb or 和
            for k in range(s.index, max(s.index - _TOWN_LOOKBACK, 0) - 1, -1):
                sentence = self.prepared.sentences[k]
                text = s.norm[:a] if k == s.index else self.prepared.norm_of(sentence)
                named = [text[b:e] for b, e in towns_in(text, self.places) if text.endswith(ending, b, e)]
                if named:
                    return a, named[-1]
            return None
        return None

    def last_named(self, s: _Sentence, i: int, ch: str) -> Optional[Region]:
        """The last region whose name ends with ``ch`` named before local offset ``i``, in the sentence or the
        few before."""
        for e in sorted((e for e in s.mentions_by_end if e <= i), reverse=True):
            region = self.resolver.get(s.mentions_by_end[e].adcode)
            if region is not None and region.name.endswith(ch):
                return region
        for code in reversed(self.resolver.recent):
            region = self.resolver.get(code)
            if region is not None and region.name.endswith(ch):
                return region
        return None

    def nearest_region(self, s: _Sentence, i: int) -> Optional[Region]:
        """The last region named before local offset ``i`` in the sentence (西安市新城分局韩森寨派出所)."""
        ends = [e for e in s.mentions_by_end if e <= i]
        return self.resolver.get(s.mentions_by_end[max(ends)].adcode) if ends else None

    def body_start(self, s: _Sentence, body: _Body) -> int:
        for m in reversed(self.out):
            if m.end == body.end and m.name == body.name:
                return m.start - s.start
        return body.end - s.start

    def place_start(self, s: _Sentence, i: int, town_only: bool = False) -> Optional[int]:
        """Where the place word before a unit ending starts (濯水 in 濯水法庭), or None."""
        # A town written with its ending (狮山镇派出所, 龙泉街道派出所), even where jieba cut the name (狮/山镇).
        town = town_ending_at(s.norm, i, self.places, frozenset(e for e in s.mentions_by_end if e <= i))
        if town is not None or town_only:
            return town
        word = s.word_ending_at(i)
        if word is None:
            return None
        text, flag, a, _ = word
        if len(text) == 1:  # a name jieba does not know: single characters
            anchored = self.anchored_run(s, i)
            if anchored is not None:
                return anchored
            if flag in _NOT_PLACE_CHAR_TAGS:
                return None
            a = i - 1
            while a > 0 and i - a < 3:
                prev = s.word_ending_at(a)
                if prev is None or len(prev[0]) != 1 or not is_han(prev[0]) or prev[1] in _NOT_PLACE_CHAR_TAGS:
                    break
                a = prev[2]
            if i - a < 2:
                return None
        elif flag not in PROPER_NAME_TAGS:
            # 黄流法庭 at a sentence's start, 到土桥派出所: a place name jieba reads as a common noun, where
            # a name opens (the place words of unit_generic.txt are turned away after)
            if not (flag == "n" and len(text) == 2 and self.opens_name(s, a)):
                return None
        else:
            prev = s.word_ending_at(a)  # 巴/安通边境派出所: a one-character name part jieba tags as a place
            if prev is not None and len(prev[0]) == 1 and prev[1] == "ns" and i - prev[2] <= 4:
                a = prev[2]
        if not all(is_han(c) for c in s.norm[a:i]) or not 2 <= i - a <= 4:
            return None
        return a

    def opens_name(self, s: _Sentence, a: int) -> bool:
        """A name may open at local offset ``a``: the sentence's or clause's start, right after a region, or
        after 在 / 到 (在毛家寨派出所, 到土桥派出所)."""
        if a == 0 or not is_han(s.norm[a - 1]) or a in s.mentions_by_end:
            return True
        return s.norm[a - 1] in _LOCATIVE_CHARS + "到" and (a - 1) in s.boundaries

    def anchored_run(self, s: _Sentence, i: int) -> Optional[int]:
        """Start of 2-3 single characters before local offset ``i`` that open right after a region, 在 or a
        break (宝山区顾村派出所, 在毛家寨派出所), none of them a particle, pronoun or conjunction: a place
        name jieba does not know, whatever it tags the characters as."""
        a = i
        while i - a < 3:
            prev = s.word_ending_at(a)
            if prev is None or len(prev[0]) != 1 or not is_han(prev[0]) or prev[1] in _NEVER_PLACE_CHAR_TAGS:
                break
            a = prev[2]
        for start in range(a, i - 1):  # the longest run that is anchored
            if start == 0 or start in s.mentions_by_end or not is_han(s.norm[start - 1]) or (
                    s.norm[start - 1] in _LOCATIVE_CHARS and (start - 1) in s.boundaries):
                return start
        return None

    def police_units(self, s: _Sentence, found: list[_Body]) -> None:
        """A unit named alone after the police body of its sentence: 肃宁县公安局政委…，刑警大队教导员…;
        呼和浩特市警方…，合成作战指挥中心立即… (the unit of that bureau)."""
        police = [b for b in found if self.lex.bodies.get(b.ending) and self.lex.bodies[b.ending].org_type == "公安"]
        if not police:
            return
        for m in self.lex.police_unit_re.finditer(s.norm):
            i, j = m.start(), m.end()
            parent = next((b for b in reversed(police) if b.end - s.start <= i), None)
            if parent is None or not self.after_break(s, i) or j not in s.boundaries or parent.end - s.start == i:
                continue
            if any(w in m.group(1) for w in self.lex.association_stops) or i not in s.boundaries:
                continue
            self.emit(s, i, j, parent.name + m.group(), "公安", parent.adcode, parent.name)

    def mediation(self, s: _Sentence) -> None:
        """A body that mediates one kind of dispute, named by that kind (mediation.tsv): 医疗纠纷人民调解委员会.
        The kind is the shortest run of 2 to 6 characters before the dispute word that a body, a region,
        a town, or (a kind that is not generic) a break or verb stands before."""
        for m in self.lex.mediation_re.finditer(s.norm):
            d, j = m.start(), m.end()
            if (s.index, s.start + j) in self.out_ends:
                continue
            org_type = self.lex.mediation_types[m.group(2)]
            for k in range(d - 2, max(d - 6, 0) - 1, -1):
                kind = s.norm[k:d]
                if not (k in s.boundaries and all(is_han(c) for c in kind)) or any(
                        w in kind for w in self.lex.association_stops):
                    continue
                if any(k <= w[2] < d and (w[1] in _NOT_KIND_TAGS or w[1].startswith("u")) for w in s.tagged()):
                    break  # 这个涉外纠纷…: a pronoun or a count is no part of the kind
                if self.mediation_at(s, k, j, kind, org_type):
                    break

    def mediation_at(self, s: _Sentence, k: int, j: int, kind: str, org_type: str) -> bool:
        """The mediation body whose kind starts at local offset ``k``, if something before it says whose it is."""
        at = k - 1 if k >= 1 and s.norm[k - 1] == "的" else k  # 县公共法律服务中心的物业管理纠纷调解委员会
        head = self.head_at.get((s.index, s.start + at))
        if head is not None:
            self.emit(s, head.start - s.start, j, head.name + s.norm[k:j], org_type, head.adcode, head.name)
            return True
        named = self.named_prefix(s, k)
        if named:  # 福州市医患纠纷调解处置中心, 义乌涉外纠纷人民调解委员会: as written
            region, start, _ = named
            self.emit(s, start, j, s.norm[start:j], org_type, region.adcode)
            return True
        town = town_ending_at(s.norm, k, self.places, frozenset(e for e in s.mentions_by_end if e <= k))
        if town is not None:  # 锡北镇社会矛盾纠纷调处服务中心, with the region written before the town if it is
            written = self.named_prefix(s, town)
            if written:
                region, start, _ = written
            else:
                region, start = self.resolver.subject_county() or self.nearest_region(s, town) or self.resolver.subject(), town
            self.emit(s, start, j, s.norm[start:j], org_type, region.adcode if region else None)
            return True
        bare = self.bare_prefix(s, k)
        if bare:  # 县医疗纠纷人民调解委员会: the county's, under its name (not 某县 + 县医疗…)
            region, start = bare
            self.emit(s, start, j, region.name + s.norm[k:j], org_type, region.adcode)
            return True
        if kind.endswith(tuple(self.lex.mediation_generic)) or not (self.after_break(s, k) or self.after_word(s, k)):
            return False  # 整合基层矛盾纠纷调解中心: any county's
        region = self.resolver.subject_county() or self.resolver.subject()
        if region is None:
            return False
        self.emit(s, k, j, region.name + s.norm[k:j], org_type, region.adcode)  # 天津成立了医疗纠纷人民调解委员会
        return True

    def after_word(self, s: _Sentence, i: int) -> bool:
        """A verb, conjunction, preposition or particle ends right before local offset ``i`` (成立了|, 和|)."""
        before = s.word_ending_at(i)
        return before is not None and (before[1] in ("v", "c", "p") or before[1].startswith("u"))

    def departments(self, s: _Sentence) -> None:
        """A court's or procuratorate's department named alone (立案庭, 第一检察部): the department of the body
        of that type named last before it, in the sentence or earlier in the article."""
        for m in self.lex.department_re.finditer(s.norm):
            i, j = m.start(), m.end()
            if i not in s.boundaries or (s.index, s.start + j) in self.out_ends:
                continue  # inside a longer word, or a sub-unit found right after its body already
            k, form = next((k, f) for k, f in enumerate(self.lex.department_forms) if f.match(s.norm, i))
            org_type, full = self.lex.departments[k]
            before = [h for h in self.heads if h.org_type == org_type and h.end <= s.start + i and h.parent is None]
            if not before:
                continue
            parent = max(before, key=lambda h: h.end)
            adjacent = parent.end == s.start + i
            if not adjacent and any(s.norm.endswith(w, 0, i) for w in self.lex.department_generic):
                continue  # 各级法院执行局: every court's
            full_form = full.replace("#", form.match(s.norm, i).group(1)) if "#" in full else full
            if full_form not in self.prepared.norm:
                full_form = s.norm[i:j]  # 最高人民法院民一庭 as written, unless the article writes 民事审判第一庭
            name = parent.name + full_form
            start = parent.start - s.start if adjacent and parent.sentence == s.index else i
            self.emit(s, start, j, name, org_type, parent.adcode, parent.name)
            a = i
            while full.startswith("第#") and (listed := _LISTED_ORDINAL.search(s.norm, max(0, a - 4), a)):
                a = listed.start()  # 第一、第二巡回法庭: each ordinal listed before the form is one more
                self.emit(s, a, j, parent.name + full.replace("#", listed.group(1)), org_type, parent.adcode, parent.name)

    def forces(self, s: _Sentence, found: list[_Body]) -> None:
        for m in self.lex.force_re.finditer(s.norm):
            i, j = m.start(), m.end()
            org_type = self.lex.services[m.group(1)]
            parent = next((b for b in found if b.end == s.start + i), None)
            if parent is not None:  # 黔江区公安局交警大队
                self.emit(s, self.body_start(s, parent), j, parent.name + m.group(), org_type, parent.adcode, parent.name)
                continue
            named = self.named_prefix(s, i)
            if named:  # 张掖武警支队: kept as written
                region, start, _ = named
                above = s.mentions_by_end.get(start)  # 西藏林芝边境管理支队: with the province written before
                if above is not None and above.adcode in {a.adcode for a in self.resolver.regions.ancestors(region.adcode) if a}:
                    start = above.start - s.start
                self.emit(s, start, j, s.norm[start:j], org_type, region.adcode)
                self.station_after(s, start, j, s.norm[start:j])
                continue
            bare = self.bare_prefix(s, i)
            if bare:  # 区交警二大队 -> 武陵源区交警二大队
                region, start = bare
                self.emit(s, start, j, region.name + m.group(), org_type, region.adcode)
        for m in self.lex.force_inner_re.finditer(s.norm):  # 武警张掖支队
            mention = s.mentions_by_end.get(m.end(2))
            if mention is None or mention.start - s.start != m.start(2):
                continue
            region = self.resolver.get(mention.adcode)
            if region is not None:
                self.emit(s, m.start(), m.end(), m.group(), self.lex.services[m.group(1)], region.adcode)

    def station_after(self, s: _Sentence, start: int, j: int, force: str) -> None:
        """A police unit named as written right after a force (西藏林芝边境管理支队|巴安通边境派出所): the force's
        unit, named with it in the longest chain form."""
        text = self.prepared.document.text
        for k, o in enumerate(self.out):
            if (o.sentence == s.index and o.start == s.start + j and o.parent is None and o.org_type == "公安"
                    and o.name == self.prepared.norm[o.start : o.end]):
                a = s.start + start
                self.out[k] = replace(o, start=a, surface=text[a : o.end], name=force + o.name, parent=force)

    def associations(self, s: _Sentence) -> None:
        """张掖市社会稳定风险评估促进会: a region, the association's own words, an ending."""
        for m in self.lex.association_re.finditer(s.norm):
            i, j = m.start(), m.end()
            if s.start + j in self.ends:
                continue  # 通榆县委政法委员会: a body's own ending, found already
            found = None
            for k in range(i, max(i - _MAX_ASSOCIATION_WORDS, 0) - 1, -1):
                if k < i and not (is_han(s.norm[k]) or s.norm[k].isdigit()):  # 县12345政务服务热线中心
                    break
                if s.mentions_by_end.get(k):
                    named = self.named_prefix(s, k)
                    # an association's own name writes the region in full (张掖市…, not 北京…)
                    found = (named[0], named[1], k) if named and named[2] else None
                    break
                # 市民服务中心: 市 opens a word, it is no prefix (区委全面依法治区委员会: the committee's own 委)
                bare = self.bare_prefix(s, k) if k in s.boundaries or s.norm.startswith(_COMMITTEE, k) else None
                if bare and s.norm[bare[1]:k + 1] in self.lex.grades:
                    break  # 县级网格化服务管理中心: every county's (grades.tsv), not one named
                # 。市法学会; 吸纳市青少年社会心理服务中心 (a name of its own words after a verb, not 治区委员会)
                if bare and (self.after_break(s, bare[1]) or (k < i and self.after_word(s, bare[1]))):
                    found = (bare[0], bare[1], k)
                    break
            if found is None:
                continue
            region, start, k = found
            words = s.norm[k:i]
            if any(stop in words for stop in self.lex.association_stops):
                continue
            if not words and m.group() == _COMMITTEE_WORD:
                # 中共黔江区委员会: the party committee itself, no body here; 政协黔江区委员会 is the region's 政协
                conference = next((w for w in self.lex.conference_words if s.norm.endswith(w, 0, start)), None)
                if conference:
                    self.emit(s, start - len(conference), j, region.name + _CONFERENCE, "其他", region.adcode)
                continue
            if any(o.sentence == s.index and s.start + k < o.end <= s.start + i for o in self.out):
                continue  # 某县综治中心吸纳某某协会: a body ends inside, so the region is that body's
            self.emit(s, start, j, region.name + words + m.group(), self.lex.associations[m.group()], region.adcode)

    def former_divisions(self, s: _Sentence) -> None:
        """A body of a division renamed or merged away (莱芜市中院, 赣榆县法院): the written division's name with
        the full ending at its level, under the successor's code or none (former_divisions.tsv); it replaces a
        body the finder read at the same place under a region of today (哈密地区中级人民法院, not 哈密市…)."""
        if self.lex.former_re is None:
            return
        for m in self.lex.former_re.finditer(s.norm):
            if m.start() not in s.boundaries and m.start() not in s.mentions_by_end and not self.after_break(s, m.start()):
                continue
            ending = self.lex.ending_re.match(s.norm, m.end())
            kind = self.lex.bodies.get(ending.group()) if ending else None
            if kind is None or kind.org_type == "-":
                continue
            level, successor = self.lex.former[m.group()]
            suffix = kind.suffix(level)
            if suffix is None or suffix.startswith((_PARENT_BODY, _SHORT_NAME)):
                continue
            a, b = s.start + m.start(), s.start + ending.end()
            self.out = [o for o in self.out if not (o.sentence == s.index and o.end == b)]
            self.heads = [o for o in self.heads if not (o.sentence == s.index and o.end == b)]
            self.emit(s, m.start(), ending.end(), m.group() + suffix, kind.org_type, successor, head=True)

    def elliptic(self, s: _Sentence) -> None:
        county = self.resolver.subject_county()
        if county is None:
            return
        for m in self.lex.elliptic_re.finditer(s.norm):
            endings, stops = self.lex.elliptic[m.group()]
            rest = s.norm[m.end():].lstrip("”’\"'")
            if not self.after_break(s, m.start()) or any(rest.startswith(w) for w in stops):
                continue
            for ending in endings:
                kind = self.lex.bodies.get(ending)
                suffix = kind.suffix(county.level) if kind else None
                if suffix:
                    self.emit(s, m.start(), m.end(), county.name + suffix, kind.org_type, county.adcode, head=True)

    def social(self, s: _Sentence) -> None:
        """A quoted name presented as an organization: 培优“中義”等第三方调解组织."""
        region = self.resolver.subject()
        text = self.prepared.document.text
        for m in _QUOTED.finditer(s.norm):
            if self.lex.social_re.match(s.norm, m.end()):
                a, b = s.start + m.start(1), s.start + m.end(1)
                self.emit(s, m.start(), m.end(), text[a:b], "社会组织", region.adcode if region else None)


def _stem(name: str, units: Sequence[str]) -> Optional[str]:
    """The place word of a unit's name: 竹林 of 竹林人民法庭 and of 竹林法庭."""
    ending = max((u for u in units if name.endswith(u)), key=len, default=None)
    return name[: -len(ending)] if ending and len(name) > len(ending) else None


def _longest_forms(mentions: list[OrganizationMention], lex: OrganizationLexicon,
                   regions: RegionLookup) -> list[OrganizationMention]:
    """Each body under the longest name the article writes for it.

    南华法庭 alone is the 高台县人民法院南华法庭 the article names in full elsewhere (竹林法庭 the
    巩义市人民法院竹林人民法庭); 李郢孜镇综治中心 alone the 谢家集区李郢孜镇综治中心 written with its
    county.
    """
    by_rest: dict[str, OrganizationMention] = {}
    by_stem: dict[tuple[str, str], OrganizationMention] = {}
    for m in mentions:
        if m.parent:
            rest = m.name[len(m.parent):]
            by_rest.setdefault(rest, m)
            stem = _stem(rest, lex.units)
            if stem:
                by_stem.setdefault((stem, m.org_type), m)
        elif m.adcode:
            region = regions.get(m.adcode)
            rest = m.name[len(region.name):] if region and m.name.startswith(region.name) else ""
            if rest and rest not in lex.bodies and rest not in lex.units and _stem(rest, lex.units):
                by_rest.setdefault(rest, m)
    out = []
    for m in mentions:
        if m.parent is None and m.surface.endswith(m.name):
            stem = _stem(m.name, lex.units)
            f = by_rest.get(m.name) or (by_stem.get((stem, m.org_type)) if stem else None)
            if f is not None and f.name != m.name:
                m = replace(m, name=f.name, adcode=f.adcode, parent=f.parent, org_type=f.org_type)
        out.append(m)
    return out


@lru_cache(maxsize=8)
def _quoted_social(social_re: re.Pattern) -> re.Pattern:
    return re.compile(f"(?:{_QUOTED.pattern})(?:{social_re.pattern})")


@lru_cache(maxsize=32)
def _any_word(pattern: re.Pattern) -> re.Pattern:
    """A plain alternation of words as a prefix tree, for a yes/no search (the same sentences match, twice as
    fast); any other pattern as it is."""
    if any(ch in pattern.pattern for ch in "\\.^$*+?{}[]()") or pattern.flags & ~re.UNICODE:
        return pattern
    return re.compile(prefix_tree(pattern.pattern.split("|")))


def _triggers(lex: OrganizationLexicon) -> tuple[re.Pattern, ...]:
    """What every matcher of ``_Finder`` starts from (police units and sub-units follow a body's ending): a
    sentence none of these match names no body. Separate patterns, as one alternation of them all would lose
    the regex engine's fast scan for a first character."""
    return (_any_word(lex.ending_re), _any_word(lex.national_re), lex.force_re, lex.force_inner_re,
            lex.department_re, lex.mediation_re, _any_word(lex.association_re), _any_word(lex.elliptic_re),
            _quoted_social(lex.social_re))


def find_organizations(
    prepared: PreparedText,
    region_mentions: list[RegionMention],
    subject_regions: list[str],
    regions: RegionLookup,
    lexicon: OrganizationLexicon,
    places: PlaceLexicon,
    scope: Optional[Callable[[int], Sequence[str]]] = None,
) -> list[OrganizationMention]:
    """Every named political-legal body in the article's sentences, in text order.

    ``region_mentions`` are the regions named in the text (a mention ending
    where a body's name starts gives its region); ``subject_regions`` are the
    article's own regions (what 区委政法委 / 市法院 / “两院” refer to); ``scope`` gives,
    per sentence index, the region(s) in force there, which come first.
    """
    resolver = _Resolver(list(subject_regions), regions)
    finder = _Finder(prepared, lexicon, places, resolver)
    by_sentence: dict[int, list[RegionMention]] = {}
    for m in region_mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    triggers = _triggers(lexicon)
    for sentence in prepared.sentences:
        norm = prepared.norm_of(sentence)
        if not any(t.search(norm) for t in triggers):  # most sentences name no body: no scope, no words
            resolver.named(by_sentence.get(sentence.index, []))
            continue
        if scope is not None:
            resolver.enter(scope(sentence.index))
        s = _Sentence(norm, sentence.start, sentence.index, by_sentence.get(sentence.index, []))
        taken = finder.national(s)
        found = finder.bodies_and_units(s, taken)
        finder.forces(s, found)
        finder.police_units(s, found)
        finder.former_divisions(s)
        finder.departments(s)
        finder.mediation(s)
        finder.associations(s)
        finder.elliptic(s)
        finder.social(s)
        resolver.named(by_sentence.get(sentence.index, []))
    seen, unique = set(), []
    for m in sorted(_longest_forms(finder.out, lexicon, regions), key=lambda m: (m.start, m.end, m.name)):
        key = (m.start, m.end, m.name)
        if key not in seen:
            seen.add(key)
            unique.append(m)
    return unique


def place_town_units(organizations: Sequence[OrganizationMention], places: Sequence[LocalPlace],
                     regions: RegionLookup, lexicon: OrganizationLexicon) -> list[OrganizationMention]:
    """A unit named by its town (枫桥派出所, 陆家嘴法庭) in the county the article places that town in.

    Only units that have no county yet (the article is about a province or city) move: to the county
    of the town or village of that name (浙江诸暨市枫桥镇 … 枫桥派出所 -> 诸暨市), else, when every
    town and village the article places lies in one county, to that county.
    """
    counties: dict[str, set[str]] = {}
    for p in places:
        for stem in {p.name, *(p.name[: -len(e)] for e in (p.kind,) if p.name.endswith(e) and len(p.name) > len(e))}:
            counties.setdefault(stem, set()).add(p.county)
    only = {p.county for p in places}
    out = []
    for o in organizations:
        if o.parent is None and not _in_county(o.adcode, regions):
            stem = _stem(o.name, [u for u, kind in lexicon.units.items() if kind.parent_endings and not kind.town_only])
            found = counties.get(stem, set()) if stem else set()
            town = _stem(o.name, [u for u, kind in lexicon.units.items() if kind.town_only])
            if town and not stem and len(counties.get(town, ())) == 1:  # 科尔沁镇综治中心: its town's county
                o = replace(o, adcode=next(iter(counties[town])))
            elif len(found) == 1 or (stem and not found and len(only) == 1):
                o = replace(o, adcode=next(iter(found or only)))
        out.append(o)
    return out


def _in_county(adcode: Optional[str], regions: RegionLookup) -> bool:
    region = regions.get(adcode) if adcode else None
    return region is not None and region.level == "county"
