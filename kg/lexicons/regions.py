"""Regions and places: the gazetteer (``kg/data/divisions.tsv`` plus ``ontology/regions/``) and the
word lists for towns and villages.

A region is named by its official name (黔江区), its short name (黔江), a
shortened suffix (恩施州) or an alias (巴州); each way of writing it is a
:class:`Form` with the backing it needs in a document (:class:`Support`).
Finding and resolving the names in text is :mod:`kg.extract.regions`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from enum import Enum

from kg.lexicons.files import DataFiles
from kg.model import Level, Region
from kg.text.automaton import WordAutomaton
from kg.text.segment import dictionary_tags, PROPER_NAME_TAGS

DIVISIONS = "kg/data/divisions.tsv"
NAMES_EN = "kg/data/region_names_en.tsv"  # adcode, name, name_en: the official romanisation
# Last characters of official names; jieba may join it to the next word (区委, 市委, 省委).
SUFFIX_CHARS = frozenset("省市区县州旗盟")


class Support(Enum):
    """What a form needs from the rest of the document before it counts (see regions/aliases.tsv)."""

    FREE = 0  # nothing: the name stands on its own
    RELATIVE = 1  # the region or a relative of it named elsewhere
    SELF = 2  # the region itself named elsewhere (a common word, a weak short name)


@dataclass(frozen=True, kw_only=True)
class Form:
    """One way of writing one region."""

    adcode: str
    support: Support
    full: bool  # ends with an administrative suffix that jieba may attach to the next word
    head: bool = False  # a province: may begin a longer jieba word (香港回归, 湖南卫视)


@dataclass(frozen=True)
class AttributionWords:
    """Words of ``ontology/regions/`` that decide which region a fact belongs to (:mod:`kg.extract.attribution`)
    or an article is about (:mod:`kg.extract.regions`), each list longest first; each file's header says what
    its words do."""

    speech_verbs: tuple[str, ...] = ()  # 强调, 指出: ending a national speaker's clause, what follows is his words
    time_frames: tuple[str, ...] = ()  # 以来, 期间: ending a clause that frames the time of the next
    recipient_words: tuple[str, ...] = ()  # 向, 进驻: before a list of places, they receive someone else's action
    visit_verbs: tuple[str, ...] = ()  # 进驻, 深入: a national body's visit, the place after it is where its team works
    guidance_verbs: tuple[str, ...] = ()  # 领导, 指导: 在…的领导下, a clause naming who leads the actor
    presentatives: tuple[str, ...] = ()  # 这是, 这便是: before a clause's place, which still opens it
    nationwide_leads: tuple[str, ...] = ()  # 全国, 各地, 公安部: in the lead before its places, no subject
    venue_verbs: tuple[str, ...] = ()  # 举行, 启动: 在X举行, X only the event's venue
    venue_adverbs: tuple[str, ...] = ()  # 隆重, 正式: may come before a word of venue_verbs
    framing_words: tuple[str, ...] = ()  # 按照, 落实: a clause framed by a leader's words, no speech of his
    country_scopes: tuple[str, ...] = ()  # 各地, 多地: opening a sentence, the sentences after inherit no place before
    mandate_verbs: tuple[str, ...] = ()  # 按照, 落实: opening a clause that carries out someone else's mandate …
    mandate_adverbs: tuple[str, ...] = ()  # 认真, 积极: may come before a word of mandate_verbs
    mandate_nouns: tuple[str, ...] = ()  # 要求, 部署: …… ending it: the practice named between is the mandate's


class Gazetteer:
    """Regions by code and by every name they go by."""

    def __init__(self, regions: dict[str, Region], forms: dict[str, list[Form]],
                 non_continuations: frozenset[str], outlet_suffixes: tuple[str, ...],
                 brand_words: tuple[str, ...] = (), national_leads: tuple[str, ...] = (),
                 national_leaders: tuple[str, ...] = (), bulletin_titles: tuple[str, ...] = (),
                 national_outlets: tuple[str, ...] = (), collective_words: tuple[str, ...] = (),
                 national_firsts: tuple[str, ...] = (), attribution: AttributionWords = AttributionWords()):
        self._regions = regions
        self._forms = forms
        self._children: dict[str, list[str]] = {}
        for r in regions.values():
            if r.parent:
                self._children.setdefault(r.parent, []).append(r.adcode)
        self.non_continuations = non_continuations
        self.outlet_suffixes = outlet_suffixes
        self.brand_words = brand_words  # after a region's name: a brand or a dish (沙县小吃), not the place acting
        self.national_leads = national_leads  # opening a clause: the whole country's (全国, 各地)
        self.national_leaders = national_leaders  # as those, and opening a headline: a leader's story (习近平)
        self.bulletin_titles = bulletin_titles  # in a headline: a bulletin of unrelated items (国内联播快讯)
        self.national_outlets = national_outlets  # a dateline's outlet reporting on the whole country (央视网)
        self.collective_words = collective_words  # after a higher place: its localities together act (河南各地)
        self.national_firsts = national_firsts  # after 全国 opening a headline: one place's first or honour (全国首家)
        self.attribution = attribution  # the other words that decide a fact's region (强调, 以来, 领导 …)
        self._ancestor_codes: dict[str, tuple[str, ...]] = {}
        self.automaton = WordAutomaton((surface, surface) for surface in forms)

    def __contains__(self, adcode: object) -> bool:
        return adcode in self._regions

    def __len__(self) -> int:
        return len(self._regions)

    def get(self, adcode: str) -> Region:
        return self._regions[adcode]

    def ancestor_codes(self, adcode: str) -> tuple[str, ...]:
        cached = self._ancestor_codes.get(adcode)
        if cached is None:
            out = []
            parent = self._regions[adcode].parent
            while parent:
                out.append(parent)
                parent = self._regions[parent].parent
            cached = self._ancestor_codes[adcode] = tuple(out)
        return cached

    def ancestors(self, adcode: str) -> list[Region]:
        """Parent first, province last."""
        return [self._regions[c] for c in self.ancestor_codes(adcode)]

    def children(self, adcode: str) -> list[Region]:
        return [self._regions[c] for c in self._children.get(adcode, [])]

    def find_by_name(self, name: str) -> list[Region]:
        """Every region written ``name``: official name, short name, shortened suffix or alias."""
        return [self._regions[f.adcode] for f in self._forms.get(name, [])]

    def forms(self, surface: str) -> list[Form]:
        return self._forms.get(surface, [])

    def province_of(self, adcode: str) -> str:
        anc = self.ancestor_codes(adcode)
        return anc[-1] if anc else adcode

    def holds_towns(self, adcode: str) -> bool:
        """A county, or a prefecture-level city without counties (东莞市, 儋州市)."""
        region = self.get(adcode)
        return region.level == Level.COUNTY or (region.level == Level.PREFECTURE and not self.children(adcode))


def _division_table(files: DataFiles) -> dict[str, Region]:
    lines = (line for line in files.text(DIVISIONS).splitlines(keepends=True) if not line.startswith("#"))
    rows = {r["adcode"]: r for r in csv.DictReader(lines, delimiter="\t")}

    def full_name(code: str) -> str:
        r = rows[code]
        return (full_name(r["parent"]) if r["parent"] else "") + r["name"]

    english = {row[0]: row[2] for row in files.rows(NAMES_EN, missing_ok=True)[1:] if len(row) >= 3 and row[2]}
    return {code: Region(adcode=code, name=r["name"], full_name=full_name(code), level=r["level"],
                         parent=r["parent"] or None, short_name=r["short_name"] or None,
                         name_en=english.get(code))
            for code, r in rows.items()}


class _Forms:
    """The forms of every region, built up; a surface keeps one form per region, the best-supported."""

    def __init__(self, regions: dict[str, Region], common: set[str]):
        self.regions, self.common = regions, common
        self.by_surface: dict[str, dict[str, Form]] = {}

    def add(self, surface: str, code: str, support: Support, full: bool) -> None:
        head = self.regions[code].level == Level.PROVINCE
        if len(surface) < 2:
            return
        if surface in self.common:
            support = Support.SELF
        old = self.by_surface.setdefault(surface, {}).get(code)
        if old is None or support.value < old.support.value:
            self.by_surface[surface][code] = Form(adcode=code, support=support, full=full, head=head)

    def block(self, surface: str) -> None:
        self.by_surface.setdefault(surface, {})  # no region, but it wins the overlap (北京时间)


def _official_forms(forms: _Forms, regions: dict[str, Region], abbreviations: list[tuple[str, str]]) -> None:
    tags = dictionary_tags()
    for code, reg in regions.items():
        name, short = reg.name, reg.short_name
        # A one-character stem (和县, 环县, 城区) reads as ordinary words: 市和县, 市、环县、环镇.
        forms.add(name, code, Support.FREE if len(name) > 2 else Support.RELATIVE, name[-1] in SUFFIX_CHARS)
        if short and short != name:
            # jieba's place tag (ns) is too noisy for the 367 provinces and prefectures (合肥/n,
            # 大连/d), whose short names are rarely words: common_words.txt lists the exceptions.
            # The ~2,800 county short names often are words or other places (祁连山, 平川派出所).
            # A county short name jieba tags otherwise (平安/a, 合作/vn, 高台/n) is also an everyday
            # word; one missing from jieba's dictionary (寻乌, 曾都) is no word at all.
            if reg.level != Level.COUNTY:
                support = Support.FREE
            else:
                tag = tags.get(short)
                support = Support.RELATIVE if tag is None or tag in PROPER_NAME_TAGS else Support.SELF
            forms.add(short, code, support, False)
            for official, shortened in abbreviations:
                if name.endswith(official):
                    form = short + shortened
                    forms.add(form, code, Support.FREE if len(form) > 2 else Support.RELATIVE, True)


def load_gazetteer(files: DataFiles) -> Gazetteer:
    """The division table plus the additions and exceptions of ``ontology/regions/``."""
    regions = _division_table(files)
    optional = lambda name: files.rows("regions/" + name, missing_ok=True)  # noqa: E731
    forms = _Forms(regions, {c[0] for c in optional("common_words.txt")})
    _official_forms(forms, regions, [(c[0], c[1]) for c in optional("suffix_abbreviations.tsv") if len(c) >= 2])
    supports = {s.name.lower(): s for s in Support}
    for cols in optional("aliases.tsv"):
        support = supports.get(cols[2], Support.FREE) if len(cols) > 2 else Support.FREE
        for code in cols[1].split(","):
            if code.strip() in regions:
                forms.add(cols[0], code.strip(), support, cols[0][-1] in SUFFIX_CHARS)
    for cols in optional("not_regions.txt"):
        forms.block(cols[0])
    non_continuations = frozenset(c[0] for c in optional("non_continuations.txt"))
    # Word lists, longest first (then by text, so that the order never depends on the set's).
    words = lambda name: tuple(sorted({c[0] for c in optional(name)}, key=lambda w: (-len(w), w)))  # noqa: E731
    return Gazetteer(regions, {s: list(d.values()) for s, d in forms.by_surface.items()}, non_continuations,
                     words("outlet_suffixes.txt"), words("brand_words.txt"), words("national_leads.txt"),
                     words("national_leaders.txt"), words("bulletin_titles.txt"), words("national_outlets.txt"),
                     words("collective_words.txt"), words("national_firsts.txt"),
                     AttributionWords(speech_verbs=words("speech_verbs.txt"),
                                      time_frames=words("time_frames.txt"),
                                      recipient_words=words("recipient_words.txt"),
                                      visit_verbs=words("visit_verbs.txt"),
                                      guidance_verbs=words("guidance_verbs.txt"),
                                      presentatives=words("presentatives.txt"),
                                      nationwide_leads=words("nationwide_leads.txt"),
                                      venue_verbs=words("venue_verbs.txt"),
                                      venue_adverbs=words("venue_adverbs.txt"),
                                      framing_words=words("framing_words.txt"),
                                      country_scopes=words("country_scopes.txt"),
                                      mandate_verbs=words("mandate_verbs.txt"),
                                      mandate_adverbs=words("mandate_adverbs.txt"),
                                      mandate_nouns=words("mandate_nouns.txt")))


# ---------------------------------------------------------------- towns and villages


class PlaceLevel(Enum):
    TOWN = "town"  # 镇 乡 街道
    VILLAGE = "village"  # 村 社区


@dataclass(frozen=True, kw_only=True)
class PlaceLexicon:
    kinds: dict[str, tuple[str, PlaceLevel]]  # ending -> (kind, level)
    endings: tuple[str, ...]  # longest first
    continuations: frozenset[str]
    not_places: frozenset[str]
    pattern: re.Pattern
    town_units: tuple[str, ...] = ()  # 法庭, 派出所 …: a unit named after its town (濯水法庭), longest first


def load_places(files: DataFiles) -> PlaceLexicon:
    rows = lambda name: files.rows("regions/" + name, missing_ok=True)  # noqa: E731
    kinds = {r[0]: (r[1], PlaceLevel(r[2] if len(r) > 2 else "town")) for r in rows("place_kinds.tsv") if len(r) >= 2}
    endings = tuple(sorted(kinds, key=lambda w: (-len(w), w)))
    return PlaceLexicon(
        kinds=kinds,
        endings=endings,
        continuations=frozenset(r[0] for r in rows("place_continuations.txt")),
        not_places=frozenset(r[0] for r in rows("not_places.txt")),
        pattern=re.compile("|".join(re.escape(e) for e in endings)),
        town_units=tuple(sorted({r[0] for r in rows("town_units.txt")}, key=lambda w: (-len(w), w))),
    )
