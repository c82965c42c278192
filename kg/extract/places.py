"""Towns and villages: places below county level that a clause names (柳林镇, 院子河村).

No division table here lists towns with codes, so the text alone says what is a
place: 2 to 4 Chinese characters before a place ending (镇 乡 街道 村 社区,
``ontology/regions/place_kinds.tsv``), on jieba word boundaries, and not a
generic word (乡镇, 城乡, 全村, 示范村: ``not_places.txt``). A place is kept
only when the text puts it under a county:

- written right after the county or after a town of it (随县推动柳林镇院子河村:
  柳林镇 after 推动 is placed by the county the clause opens with; 院子河村 by
  柳林镇 just before it; 在甘州区普家庄村: by 甘州区 right before it);
- or named in a sentence that names one county (the nearest one before it);
- or, in an article about a county, in a sentence that names no other county.

A tribunal, police station or judicial office named after a place (濯水法庭,
平川派出所) names a town of its county too: pass the organizations found in the
article to get those (kind 乡镇 unless the article writes the town's ending
somewhere, as in 濯水镇).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from kg.lexicons.regions import Gazetteer, PlaceLevel, PlaceLexicon
from kg.model import LocalPlace, OrganizationMention, PreparedText, RegionMention
from kg.text.chars import QUOTATION, is_han
from kg.text.segment import NOT_NAME_PART_TAGS, PROPER_NAME_TAGS, longest_word, tagged_words_of

# jieba tags of words that may be part of a place name. Other multi-character words (推动, 建立, 开展)
# end the name on the left.
_NAME_TAGS = PROPER_NAME_TAGS | {"n", "nt", "s"}
# NOT_NAME_PART_TAGS (在, 和, 的, 该, 三, 个) are never part of a name, not even right after a region's name, where
# a verb or a locative alone may be (城关区夺底街道).
# Elsewhere adverbs, locatives and verbs alone are function words too (在, 到, 和, 的, 该: never part of a name
# jieba does not know); other single characters are (普 in 普家庄村, 濯 in 濯水镇, 高 in 高西沟村).
_FUNCTION_CHAR_TAGS = NOT_NAME_PART_TAGS | {"d", "f", "v"}
_NUMERAL = "m"
# Tags of the word before a numeral that opens a name (在七坊镇, 推动七坊镇, 和七坊镇): never part of the name.
_OPENING_TAGS = frozenset({"p", "c", "v", "d"})
_MIN_STEM, _MAX_STEM = 2, 4
_ENDING_CHARS = "镇乡村"  # a stem never contains a place ending: the name starts after it
TOWN_KIND = "乡镇"  # a town named only through a unit: its ending (镇, 乡 or 街道) is not written


@dataclass
class _Candidate:
    start: int  # sentence-local offsets of the whole name
    end: int
    stem_start: int
    name: str
    kind: str
    level: PlaceLevel
    proper: bool  # the stem reads as a name (jieba does not know it, or tags it as a place or person)


def _after_region(e_start: int, by_end: dict, stops: set[int]) -> Optional[int]:
    """Where 2 or 3 one-character words before the ending open, right after a region's name, none of them a
    particle, pronoun, conjunction, preposition, count or measure word: a town's name jieba does not know
    (城关区夺底街道: 夺 and 底, a verb and a locative alone); never 城关区在街道, 城关区各街道."""
    k = e_start
    while e_start - k < 3:
        word = by_end.get(k)
        if word is None or len(word[0]) != 1 or not is_han(word[0]) or word[1] in NOT_NAME_PART_TAGS:
            return None
        k = word[2]
        if k in stops and e_start - k >= 2:
            return k
    return None


def _numeral_opens(numeral: tuple, text: str, pos: int, e_start: int, by_end: dict, stops: set[int]) -> bool:
    """A one-character numeral (七, 月) opens a two-character name: the one character after it, up to the
    ending, is a name part jieba does not know (坊 of 七坊镇), and nothing that could be part of the name
    stands before it (a break, a region, a verb or a particle: 白沙七坊镇, 推动七坊镇; never 三个镇, 十二镇)."""
    if e_start - pos != 1 or not is_han(text[pos]):
        return False
    after = by_end.get(e_start)
    if after is None or len(after[0]) != 1 or after[1] in _FUNCTION_CHAR_TAGS:
        return False
    a = numeral[2]
    if a == 0 or a in stops or not is_han(text[a - 1]):
        return True
    before = by_end.get(a)
    return before is not None and (before[1] in _OPENING_TAGS or before[1].startswith("u"))


def _generic(stem: str, name: str, lex: PlaceLexicon) -> bool:
    if name in lex.not_places or stem in lex.not_places:
        return True
    return any(stem.endswith(w) or stem.startswith(w) for w in lex.not_places if len(w) >= 2 and w != stem) or any(
        stem.startswith(w) for w in lex.not_places if len(w) == 1
    )


def _candidates(text: str, stops: set[int], lex: PlaceLexicon) -> list[_Candidate]:
    """Place names in one sentence's normalised text; ``stops`` are offsets a name may not extend past on
    the left (ends of region mentions)."""
    # Tagged only around each ending (a sentence's other clauses are never tagged): every look-up below lies
    # within _MAX_STEM + 1 characters before the ending, or at the start of the word that ends with it.
    words, reach = tagged_words_of(text), longest_word() + 1
    by_end, by_start = words.by_end, words.by_start
    quoted = [(m.start(), m.end()) for m in QUOTATION.finditer(text)]
    out: list[_Candidate] = []
    for m in lex.pattern.finditer(text):
        e_start, e_end = m.start(), m.end()
        if any(a <= e_start < b for a, b in quoted):
            continue  # a brand or title (“平安村”, 《…社区》), not a place
        words.cover(min(e_end - reach, e_start - _MAX_STEM - 1), e_end)
        kind, level = lex.kinds[m.group()]
        token = by_end.get(e_end)
        if token is None:
            cont = by_start.get(e_start)
            # 柳林镇政府: jieba's word starts at the ending and goes on with what the place has
            if cont is None or cont[0] not in lex.continuations:
                continue
            token = None
        if token is not None and token[2] < e_start:
            # the ending is inside a longer word: 柳林镇 (a name), 家乡 / 乡镇 / 示范村 (generic)
            before = by_end.get(token[2])
            if token[0] in lex.not_places and (before is None or len(before[0]) > 1):
                continue  # 框定城镇, 扎根山村: a generic word jieba tags as a place; 神山村 (神/山村) is a name
            joined = token[3] - token[2] == 2 and before is not None and len(before[0]) == 1 and is_han(
                before[0]) and before[1] in PROPER_NAME_TAGS
            if token[3] - token[2] == 2 and token[1] not in PROPER_NAME_TAGS and not joined:
                continue  # 家乡, 城乡, 农村, 全村: a word, not a one-character stem
            pos, parts = token[2], [token]
            if joined and token[1] not in PROPER_NAME_TAGS:
                # 甘/城乡, 咸/村镇: jieba joined a name's second character (城, 村) with the ending into a
                # word; the one-character name part before it, a proper name, opens the place
                pos, parts = before[2], [before, token]
        else:
            pos, parts = e_start, []
        opening = _after_region(e_start, by_end, stops) if pos == e_start else None
        if opening is not None:  # 城关区|夺/底/街道: single characters right after a region name the town
            parts = [by_start[k] for k in range(opening, e_start) if k in by_start] + parts
            pos = opening
        while e_start - pos < _MAX_STEM and pos not in stops and pos > 0 and opening is None:
            prev = by_end.get(pos)
            if prev is None or not is_han(prev[0]) or e_start - prev[2] > _MAX_STEM:
                break
            if prev[0].endswith(lex.endings):
                break  # 柳林镇院子河村: the town before the village is a place of its own
            if len(prev[0]) == 1:
                if prev[1] == _NUMERAL and _numeral_opens(prev, text, pos, e_start, by_end, stops):
                    parts.insert(0, prev)  # 七/坊/镇, 月/江/镇: a name opening with a numeral character
                    pos = prev[2]
                    break
                if prev[1] in _FUNCTION_CHAR_TAGS:
                    break
            elif prev[1] not in _NAME_TAGS:
                break
            parts.insert(0, prev)
            pos = prev[2]
        stem = text[pos:e_start]
        inner = max(stem.rfind(ch) for ch in _ENDING_CHARS)
        # 庆祖镇西辛庄村: jieba joined 镇西; the village starts after the town's ending (not 咸/村镇's own 村)
        if inner >= 0 and not (token is not None and token[2] < e_start and inner >= token[2] - pos):
            pos += inner + 1
            parts = [w for w in parts if w[3] > pos]
            stem = text[pos:e_start]
        if stem.endswith("族"):
            continue  # 洪家关白族乡: an ethnic township, whose own name comes before the people's name
        if not (_MIN_STEM <= len(stem) <= _MAX_STEM and is_han(stem)):
            continue
        name = text[pos:e_end]
        if _generic(stem, name, lex):
            continue
        stem_words = [w for w in parts if w[2] < e_start]
        proper = len(stem_words) > 1 or any(len(w[0]) == 1 or w[1] in PROPER_NAME_TAGS for w in stem_words) or (
            len(stem_words) == 1 and stem_words[0][3] > e_start and stem_words[0][1] in PROPER_NAME_TAGS
        )
        out.append(_Candidate(pos, e_end, pos, name, kind, level, proper))
    return out


def town_ending_at(text: str, end: int, lexicon: PlaceLexicon, stops: frozenset[int] = frozenset()) -> Optional[int]:
    """Start of a town's name (镇, 乡, 街道) that ends at ``end`` in ``text``, or None: 狮山镇 in 在狮山镇派出所."""
    for c in _candidates(text, set(stops), lexicon):
        if c.end == end and c.level is PlaceLevel.TOWN and c.proper:
            return c.start
    return None


def towns_in(text: str, lexicon: PlaceLexicon) -> list[tuple[int, int]]:
    """Offsets (start, end) of the towns (镇, 乡, 街道) named in ``text``, in text order."""
    return [(c.start, c.end) for c in _candidates(text, set(), lexicon) if c.level is PlaceLevel.TOWN and c.proper]


class _SentencePlaces:
    """Where a sentence places its towns and villages: the counties it names, and the article's own."""

    def __init__(self, sentence_start: int, mentions: list[RegionMention], gazetteer: Gazetteer,
                 subject_county: Optional[str]):
        self.s0, self.mentions, self.gazetteer, self.subject_county = sentence_start, mentions, gazetteer, subject_county
        self.counties = [m for m in mentions if gazetteer.holds_towns(m.adcode)]
        self.ends = {m.end - sentence_start: m for m in mentions}

    def county_of(self, start: int) -> Optional[str]:
        """The county of a place starting at sentence offset ``start``."""
        adjacent = self.ends.get(start)
        if adjacent is not None:
            return adjacent.adcode if self.gazetteer.holds_towns(adjacent.adcode) else None
        before = [m for m in self.counties if m.end - self.s0 <= start]
        if before:
            return before[-1].adcode
        if len({m.adcode for m in self.counties}) == 1:
            return self.counties[0].adcode
        if self.subject_county and not self.counties and all(
                m.adcode in self.gazetteer.ancestor_codes(self.subject_county) for m in self.mentions):
            return self.subject_county
        return None

    def places(self, found: list[_Candidate], index: int, known: dict[str, str]) -> list[LocalPlace]:
        """The places of ``found`` with a county; ``known``: names placed earlier in the article, which keep
        their county when named again alone (南京市栖霞区仙林街道…; later 仙林街道通过…)."""
        out: list[LocalPlace] = []
        previous: Optional[tuple[LocalPlace, PlaceLevel]] = None  # the last place and its level
        for c in found:
            town = None
            if previous is not None and previous[0].end - self.s0 == c.start:
                county = previous[0].county  # 柳林镇院子河村: placed by the town just before it
                if previous[1] is PlaceLevel.TOWN and c.level is PlaceLevel.VILLAGE:
                    town = previous[0].name
            elif c.name in known and not self.counties:
                county = known[c.name]
            else:
                if not (c.start in self.ends or c.proper):
                    continue  # 胜利村 alone may be a word; after 南华镇 or 高台县 it is a place
                county = self.county_of(c.start)
            if county is None:
                previous = None
                continue
            place = LocalPlace(name=c.name, kind=c.kind, county=county, start=self.s0 + c.start,
                               end=self.s0 + c.end, sentence=index, town=town)
            out.append(place)
            previous = (place, c.level)
        return out


def _unit_places(norm: str, s0: int, index: int, organizations: list[OrganizationMention], places: list[LocalPlace],
                 gazetteer: Gazetteer, lex: PlaceLexicon) -> list[LocalPlace]:
    """Towns named through a unit of their county (濯水法庭, 平川派出所) and not found already."""
    out = []
    for o in organizations:
        place = _unit_place(o, gazetteer, lex)
        if place is None:
            continue
        a = norm.rfind(place, o.start - s0, o.end - s0)
        if a < 0 or any(p.start <= s0 + a < p.end for p in places + out):
            continue
        out.append(LocalPlace(name=place, kind=TOWN_KIND, county=o.adcode, start=s0 + a, end=s0 + a + len(place),
                              sentence=index))
    return out


def _one_name_per_place(places: list[LocalPlace], lex: PlaceLexicon) -> list[LocalPlace]:
    # 濯水法庭 and 濯水镇 in one article: the unit's town is the one written with its ending.
    written = {(p.name[: -len(e)], p.county): p for p in places if p.kind != TOWN_KIND for e in lex.endings
               if p.name.endswith(e) and lex.kinds[e][1] is PlaceLevel.TOWN}
    # 孤岛棉船镇 and 棉船镇 in one article: the longer one is the shorter name with a description before it.
    names = {(p.name, p.county) for p in places}
    out = []
    for p in places:
        shorter = [n for n, c in names if c == p.county and len(n) < len(p.name) and p.name.endswith(n)]
        if shorter:
            n = max(shorter, key=len)
            p = LocalPlace(name=n, kind=p.kind, county=p.county, start=p.end - len(n), end=p.end,
                           sentence=p.sentence, town=p.town)
        if p.kind == TOWN_KIND and (p.name, p.county) in written:
            w = written[(p.name, p.county)]
            p = LocalPlace(name=w.name, kind=w.kind, county=p.county, start=p.start, end=p.end, sentence=p.sentence)
        out.append(p)
    return sorted(out, key=lambda p: (p.start, p.end))


def find_local_places(
    prepared: PreparedText,
    region_mentions: Sequence[RegionMention],
    subject_regions: Sequence[str],
    gazetteer: Gazetteer,
    lexicon: PlaceLexicon,
    organizations: Iterable[OrganizationMention] = (),
) -> list[LocalPlace]:
    """Towns and villages the body sentences name, each under the county the text places it in."""
    subject_county = next((c for c in subject_regions if c in gazetteer and gazetteer.holds_towns(c)), None)
    by_sentence: dict[int, list[RegionMention]] = {}
    for m in region_mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    orgs_by_sentence: dict[int, list[OrganizationMention]] = {}
    for o in organizations:
        orgs_by_sentence.setdefault(o.sentence, []).append(o)
    places: list[LocalPlace] = []
    known: dict[str, str] = {}  # the county each name was first placed in
    for sentence in prepared.sentences:
        norm, s0 = prepared.norm_of(sentence), sentence.start
        if lexicon.pattern.search(norm):  # most sentences write no place ending
            here = _SentencePlaces(s0, sorted(by_sentence.get(sentence.index, []), key=lambda m: m.start), gazetteer,
                                   subject_county)
            placed = here.places(_candidates(norm, set(here.ends), lexicon), sentence.index, known)
            for p in placed:
                known.setdefault(p.name, p.county)
            places += placed
        if sentence.index in orgs_by_sentence:
            places += _unit_places(norm, s0, sentence.index, orgs_by_sentence[sentence.index], places, gazetteer,
                                   lexicon)
    return _one_name_per_place(places, lexicon)


def _unit_place(o: OrganizationMention, gaz: Gazetteer, lex: PlaceLexicon) -> Optional[str]:
    """The town a unit is named after: 濯水 in 濯水法庭, 平川 in 临泽县公安局平川派出所."""
    if not o.adcode or o.adcode not in gaz or not gaz.holds_towns(o.adcode):
        return None
    ending = next((u for u in lex.town_units if o.name.endswith(u)), None)  # regions/town_units.txt
    if ending is None:
        return None
    head = o.name[: -len(ending)]
    region = gaz.get(o.adcode)
    for prefix in (o.parent, region.name):
        if prefix and head.startswith(prefix):
            head = head[len(prefix):]
            break
    if not (_MIN_STEM <= len(head) <= _MAX_STEM and is_han(head)):
        return None
    if head in lex.not_places or any(head.endswith(e) for e in lex.endings):
        return None  # 城关镇派出所: the town is found with its ending already
    return head
