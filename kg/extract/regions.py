"""The region mentions of a document, and the regions it is about.

A region is named by its official name (黔江区), its short name (黔江), a
shortened suffix (恩施州) or an alias (巴州): the forms of the gazetteer
(:mod:`kg.lexicons.regions`). Gazetteer matching alone reports names inside
ordinary words (长治久安, 召开平安, 黔江城区), so a hit must sit on jieba word
boundaries, and a name that is weak evidence on its own (a county's short
name, a common word) must be backed by the document: the region or a relative
of it named elsewhere, or an ancestor written just before it. Ambiguous names
(巴州, 朝阳区) go to the candidate the document's other regions point to.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import Optional, Sequence

from kg.lexicons.regions import SUFFIX_CHARS, Form, Gazetteer, PlaceLevel, PlaceLexicon, Support
from kg.model import Level, LocalPlace, PreparedText, RegionMention
from kg.text.chars import QUOTATION
from kg.text.segment import NOT_NAME_PART_TAGS, Words, word_tag


# --- finding mentions ------------------------------------------------------------------


@dataclass
class _Hit:
    start: int  # offsets in the document
    end: int
    sentence: int
    surface: str
    forms: list[Form]
    adcode: Optional[str] = None
    quoted: bool = False  # inside “…” or 《…》: a slogan or a title, not the article's own words
    town: bool = False  # a short name beginning a town's or village's name (科尔沁镇, 延安里社区): see _names_town


def _edges_ok(text: str, s: int, e: int, forms: list[Form], gaz: Gazetteer, words: Words) -> bool:
    """Whether a match at text[s:e] sits on word boundaries (see module doc).

    ``words``: jieba's words of ``text``, segmented lazily (only the runs a hit touches).
    """
    if text.startswith(gaz.outlet_suffixes, e):  # a tuple: any of them
        return False
    if not words.is_boundary(s):  # 黔江城区 -> 江城区, 召开平安 -> 开平
        return False
    if words.is_boundary(e):
        return True
    if any(f.head for f in forms) and (words.word_end(s) or 0) > e:  # 香港回归, 湖北省委
        return True
    if not any(f.full for f in forms):  # 祁连山 -> 祁连, 武陵山区 -> 武陵
        return False
    # The suffix character went into the next word: 黔江/区委, 张掖/市委 (token starts at e-1),
    # or the whole 湖北省委 is one word (token starts at s). 平安/区县 is no continuation.
    for ts in (e - 1, s):
        te = words.word_end(ts)
        if te is not None and te > e:
            return text[e - 1 : te] not in gaz.non_continuations
    return False


def _under(forms: list[Form], before: list[Form], gaz: Gazetteer) -> bool:
    """Some reading of ``forms`` lies inside some reading of the name just before it."""
    above = {f.adcode for f in before}
    return any(above & set(gaz.ancestor_codes(f.adcode)) for f in forms)


def _matches(text: str, gaz: Gazetteer) -> list[tuple[int, int, str]]:
    """(start, end, surface) of every gazetteer form in ``text``, overlapping ones included."""
    found = []
    for end_idx, surface in gaz.automaton.iter(text):
        e = end_idx + 1
        found.append((e - len(surface), e, surface))
    return found


def _scan(text: str, offset: int, sentence: int, gaz: Gazetteer,
          found: Optional[list[tuple[int, int, str]]] = None) -> list[_Hit]:
    """Boundary-valid hits in one sentence, longest first where they overlap.

    ``found``: the sentence's :func:`_matches`, if already known.
    """
    if found is None:
        found = _matches(text, gaz)
    if not found:
        return []
    found.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    hits: list[_Hit] = []
    last_end = 0
    words = Words(text)
    for s, e, surface in found:
        if s < last_end:
            continue
        forms = gaz.forms(surface)
        if not forms:  # a word from not_regions.txt: it hides the names inside it
            last_end = e
            continue
        # Right after a region written with its level (上海市浦东新区, one jieba word) a name starts
        # where that one ends, word boundary or not.
        # So does a name right after one of its ancestors, though jieba joins the two (云南昆明, 上海浦东).
        chained = bool(hits) and hits[-1].end - offset == s and (
            hits[-1].surface[-1] in SUFFIX_CHARS or _under(forms, hits[-1].forms, gaz))
        if not chained and not _edges_ok(text, s, e, forms, gaz, words):
            continue
        hits.append(_Hit(offset + s, offset + e, sentence, surface, forms))
        last_end = e
    return hits


def _resolve(hits: list[_Hit], gaz: Gazetteer, title_end: int = 0, town_names: frozenset[str] = frozenset()) -> None:
    """Decide each hit's region from the document's other hits (sets ``_Hit.adcode``).

    ``town_names``: short names the document also writes as the start of a town's or village's name (济阳 of
    济阳街道); named alone (济阳派出所), they may be that town's again, so the headline or a repetition does not
    back them: only the region's relatives do.
    """
    # A short county name with one reading (麻阳, 莒县) that the headline names, or that the
    # article repeats in one province, is meant even when no relative of it is named.
    readings = Counter(tuple(sorted(f.adcode for f in h.forms)) for h in hits if not h.quoted)
    # Adjacent ancestor: 湖北随州, 浙江安吉, 张家界武陵源 name the county's chain outright.
    prev_codes: list[set[str]] = []
    for i, h in enumerate(hits):
        prev = hits[i - 1] if i else None
        if prev is not None and prev.end == h.start and prev.sentence == h.sentence:
            prev_codes.append({f.adcode for f in prev.forms})
        else:
            prev_codes.append(set())

    anchors: Counter[str] = Counter()
    for h in hits:
        if len(h.forms) == 1 and h.forms[0].support == Support.FREE:
            h.adcode = h.forms[0].adcode
            anchors[h.adcode] += 1

    for _round in range(3):
        accepted = Counter(h.adcode for h in hits if h.adcode)
        has_descendant = {a for code in accepted for a in gaz.ancestor_codes(code)}
        provinces = Counter()
        for code, n in accepted.items():
            provinces[gaz.province_of(code)] += n
        top_province = provinces.most_common(1)[0][0] if provinces else None
        changed = False
        for i, h in enumerate(hits):
            if h.adcode:
                continue
            free, specific, weak = [], [], []
            for f in h.forms:
                code = f.adcode
                adjacent = bool(prev_codes[i] & set(gaz.ancestor_codes(code)))
                named = accepted[code] > 0 or code in has_descendant or adjacent
                if named:
                    specific.append(code)
                elif f.support == Support.FREE:
                    free.append(code)
                elif (f.support == Support.RELATIVE and len(h.forms) == 1 and not h.quoted
                        and h.surface not in town_names
                        and (h.start < title_end
                             or (readings[(code,)] >= 2 and gaz.province_of(code) == top_province))):
                    weak.append(code)
                elif f.support == Support.RELATIVE and gaz.get(code).parent in accepted and not h.quoted:
                    # Inside a slogan or title the parent does not back a short name: 《绣红旗》 in a
                    # 新乡 story, “绿水青山就是金山银山” in a 上海 one.
                    weak.append(code)
            # A reading backed only by its parent (天津 … 河北 -> 天津市河北区) does not beat a name
            # that stands alone (河北省); the region itself, a descendant or an ancestor just before
            # it does (天津河北区).
            choice = _choose(specific + free if free or specific else weak, accepted, top_province, gaz)
            if choice:
                h.adcode = choice
                changed = True
        if not changed:
            break


def _choose(codes: list[str], accepted: Counter, top_province: Optional[str], gaz: Gazetteer) -> Optional[str]:
    if len(codes) <= 1:
        return codes[0] if codes else None

    has_province = any(gaz.get(c).level == Level.PROVINCE for c in codes)

    def context(code: str) -> int:
        anc = gaz.ancestor_codes(code)
        if has_province:  # 广东、广西、海南 in a story that also names 青海: the province is meant
            anc = anc[:-1]
        n = 3 * accepted[code] + sum(accepted[a] for a in anc)
        n += sum(k for c, k in accepted.items() if code in gaz.ancestor_codes(c))
        return n

    keys = [context] if has_province else [context, lambda c: int(gaz.province_of(c) == top_province)]
    for key in keys:
        scores = {c: key(c) for c in codes}
        best = max(scores.values())
        codes = [c for c in codes if scores[c] == best]
        if len(codes) == 1:
            return codes[0]
    # 吉林 (province and its prefecture), 阿勒泰 (prefecture and its seat): the larger one is meant
    # unless context says otherwise.
    for c in codes:
        if all(o == c or c in gaz.ancestor_codes(o) for o in codes):
            return c
    # 海南: the province, and a prefecture of 青海 with the same short name.
    provinces = [c for c in codes if gaz.get(c).level == Level.PROVINCE]
    return provinces[0] if len(provinces) == 1 else None


_TOWN_PATTERNS: dict[tuple[str, ...], re.Pattern] = {}


def _town_patterns(places: PlaceLexicon) -> re.Pattern:
    """A town's ending after at most one character, 镇 (科尔沁镇), 门街道 (朝天门街道), or a village's after one,
    里社区 (延安里社区); made once per set of endings.

    A village's ending right after the name (石家庄社区防控) is the region's villages, not one named after it.
    """
    if places.endings not in _TOWN_PATTERNS:
        by_level = {level: "|".join(re.escape(e) for e in places.endings if places.kinds[e][1] is level)
                    for level in PlaceLevel}
        alternatives = []
        if by_level[PlaceLevel.TOWN]:
            alternatives.append(r"[\u4e00-\u9fff]?(?:" + by_level[PlaceLevel.TOWN] + ")")
        if by_level[PlaceLevel.VILLAGE]:
            alternatives.append(r"[\u4e00-\u9fff](?:" + by_level[PlaceLevel.VILLAGE] + ")")
        _TOWN_PATTERNS[places.endings] = re.compile("|".join(alternatives) or r"(?!)")
    return _TOWN_PATTERNS[places.endings]


def _names_town(norm: str, h: _Hit, prev: Optional[_Hit], nxt: Optional[_Hit], offset: int, places: PlaceLexicon,
                pattern: re.Pattern, gaz: Gazetteer) -> bool:
    """A short name that is the start of a town's or village's name (科尔沁镇, 朝天门街道, 延安里社区), not the
    region it shares words with.

    Only a short form (no 县/区/市) followed by a town's ending (after at most one character) or a village's
    (after one) counts; that character is no particle or pronoun (西藏的社区, 上海各街道), and a word such as
    城乡 or 乡村 (not_places.txt) there, or a region right after it (江西萍乡), is no town. A name right after its
    ancestor locates the two-character place after it (广东佛山陈村, 青岛城阳渔村): the region is meant.
    """
    if any(f.full for f in h.forms) or (nxt is not None and nxt.start == h.end):
        return False
    end = h.end - offset
    m = pattern.match(norm, end)
    if not m:
        return False
    rest = m.group(0)
    if rest not in places.kinds and (word_tag(rest[0]) in NOT_NAME_PART_TAGS or (
            prev is not None and prev.end == h.start and _under(h.forms, prev.forms, gaz))):
        return False
    around = {rest, norm[m.start() : m.end() + 1], norm[m.end() - 1 : m.end() + 1]}  # 城乡, 乡村, 乡镇
    # The bare ending itself (花山街道, at a line's end too) is the town's own word, whatever it names alone.
    around -= places.kinds.keys()
    return not (around & places.not_places)


def _inside_other(prev: _Hit, h: _Hit, gaz: Gazetteer) -> bool:
    """A short name written right after a region it does not belong to names a place inside that region:
    武汉市东湖新技术开发区 is no district of 南昌 (东湖区), whatever 东湖 names alone."""
    if (prev.end != h.start or prev.sentence != h.sentence or any(f.full for f in h.forms)
            or not all(f.full for f in prev.forms)):  # 平安东城: 平安 is no region written in full
        return False
    before = {f.adcode for f in prev.forms}
    return not any(before & set(gaz.ancestor_codes(f.adcode)) or f.adcode in before
                   or any(f.adcode in gaz.ancestor_codes(b) for b in before) for f in h.forms)


def find_region_mentions(prepared: PreparedText, gazetteer: Gazetteer,
                         places: Optional[PlaceLexicon] = None) -> list[RegionMention]:
    """Every county-or-above region the body sentences name, resolved to its code, sorted by start.

    With the place lexicon, a short name that begins a town's name (科尔沁镇) is left out.
    """
    hits: list[_Hit] = []
    town = _town_patterns(places) if places is not None else None
    # One pass of the automaton over the whole text (cheaper than one per sentence); each sentence takes
    # the matches that lie inside it.
    matches = sorted(_matches(prepared.norm, gazetteer))
    starts = [m[0] for m in matches]
    for sent in prepared.sentences:
        norm = prepared.norm_of(sent)
        lo, hi = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
        inside = [(s - sent.start, e - sent.start, surface) for s, e, surface in matches[lo:hi] if e <= sent.end]
        found = _scan(norm, sent.start, sent.index, gazetteer, inside)
        if town is not None and found:
            for i, h in enumerate(found):
                h.town = _names_town(norm, h, found[i - 1] if i else None, found[i + 1] if i + 1 < len(found) else None,
                                     sent.start, places, town, gazetteer)
        if found and ("“" in norm or "《" in norm):
            spans = [(sent.start + m.start(), sent.start + m.end()) for m in QUOTATION.finditer(norm)]
            for h in found:
                h.quoted = any(a < h.start and h.end < b for a, b in spans)
        hits.extend(found)
    if town is not None:
        # A county the text names in full (察隅县, 朝天区) is meant by its short name before a town's ending too:
        # 察隅县下察隅镇, a county seat named after its county.
        named = {f.adcode for h in hits if not h.town and any(f.full for f in h.forms) for f in h.forms}
        town_names = frozenset(h.surface for h in hits if h.town and not {f.adcode for f in h.forms} & named)
        hits = [h for h in hits if not h.town or {f.adcode for f in h.forms} & named]
    else:
        town_names = frozenset()
    hits.sort(key=lambda h: h.start)
    hits = [h for i, h in enumerate(hits) if not (i and _inside_other(hits[i - 1], h, gazetteer))]
    _resolve(hits, gazetteer, prepared.title_end, town_names)
    text = prepared.document.text
    return [
        RegionMention(start=h.start, end=h.end, surface=text[h.start : h.end], sentence=h.sentence, adcode=h.adcode)
        for h in hits
        if h.adcode
    ]


def _title_regions(prepared: PreparedText, mentions: list[RegionMention], gaz: Gazetteer) -> set[str]:
    """Regions the title names: the headline line with its subtitle, else the metadata title, else the first sentence."""
    if prepared.title_end:
        return {m.adcode for m in mentions if m.end <= prepared.title_end}
    title = prepared.document.title
    mentioned = {m.adcode for m in mentions}
    if not title:
        if not prepared.sentences:
            return set()
        return {m.adcode for m in mentions if m.sentence == prepared.sentences[0].index}
    out = set()
    for h in _scan(title, 0, -1, gaz):
        codes = [f.adcode for f in h.forms]
        in_doc = [c for c in codes if c in mentioned]
        if len(in_doc) == 1:
            out.add(in_doc[0])
        elif len(codes) == 1 and h.forms[0].support == Support.FREE:
            out.add(codes[0])
    return out


_OPEN_QUOTES, _CLOSE_QUOTES = "“‘「『《", "”’」』》"


def _in_brand(norm: str, m: RegionMention, brand_words: tuple[str, ...]) -> bool:
    if brand_words and norm.startswith(brand_words, m.end):
        return True
    line_start = norm.rfind("\n", 0, m.start) + 1
    before = norm[line_start:m.start]
    return sum(before.count(q) for q in _OPEN_QUOTES) > sum(before.count(q) for q in _CLOSE_QUOTES)


def subject_regions(prepared: PreparedText, mentions: list[RegionMention], gazetteer: Gazetteer) -> list[str]:
    """The region(s) the article is about: named in the title, the lead and often, the most specific on a tie.

    In a chain (河北省定州市, 北京石景山区) the regions before the last one mostly say where that
    one is, so they count half. A region in the lead paragraph counts once more, unless the
    lead speaks of the whole country (全国各地…). With no region to go by, the place in the
    outlet's name (东海县委政法委, 孝感日报) is the article's: a local body writes about its own area.
    """
    if _is_bulletin(prepared, gazetteer):  # 国内联播快讯: unrelated items, each with its own place
        return []
    kept = [m for m in mentions if not _in_brand(prepared.norm, m, gazetteer.brand_words)]
    # A place inside a quotation or a brand (沙县小吃, “某省解纷码”) is not what the article is about.
    counts: Counter = Counter()
    for i, m in enumerate(kept):
        counts[m.adcode] += CHAIN_WEIGHT if _qualifies_next(kept, i, gazetteer) else 1
    title = _title_regions(prepared, mentions, gazetteer)
    # A headline naming a chain (淮南市谢家集区李郢孜镇…) is about its finest region.
    title = {c for c in title if not any(c in gazetteer.ancestor_codes(o) for o in title if o != c)}
    lead = _lead_regions(prepared, kept, gazetteer)
    if not counts and not title:
        return _outlet_regions(prepared, gazetteer)
    scores = {c: counts[c] + (2 + counts[c] if c in title else 0) + (1 if c in lead else 0) for c in set(counts) | title}
    best = max(scores.values())
    if best < 2:  # one passing mention (会议在北京召开) does not make a story about a place
        return _outlet_regions(prepared, gazetteer) or _own_region(prepared, counts, gazetteer)
    top = [c for c, s in scores.items() if s == best]
    if not (title | lead) & set(top):
        if not (title or lead) and prepared.document.outlet in gazetteer.national_outlets:
            # A national outlet's story with no place in its headline or lead: the places further on are
            # its examples, each acting in its own clauses (党的十八大以来……; 在江苏南京……).
            return []
        # Without the title's or the lead's backing, a story is about a place only when most of its
        # mentions fall in that place's province; a national story citing several provinces'
        # examples has no subject.
        provinces = {gazetteer.province_of(c) for c in top}
        if len(provinces) > 1:  # tied places in several provinces: a bulletin of unrelated items
            return []
        inside = sum(n for c, n in counts.items() if gazetteer.province_of(c) in provinces)
        if 2 * inside <= sum(counts.values()):
            return []
    # On a tie between a region and its ancestor, the descendant is the more specific subject.
    top = [c for c in top if not any(c in gazetteer.ancestor_codes(o) for o in top if o != c)]
    return sorted(top)


CHAIN_WEIGHT = 0.5
_OWN = "我"  # 我县, 我市, 我区: the writer's own region
_OWN_LEVEL_CHARS = "县市区旗"


def town_subjects(prepared: PreparedText, subjects: list[str], places: Sequence[LocalPlace],
                  gazetteer: Gazetteer) -> list[str]:
    """The county of the one town (or village) the headline names, when the story is about it.

    A headline naming a town (上海陆家嘴街道推进……, 南京仙林街道：……) is about the town, so the county
    the text places it in is the subject, finer than the city or province the counts give; a subject
    elsewhere (another county, another province) is left as it is.
    """
    if not prepared.headline or _is_bulletin(prepared, gazetteer):
        return subjects
    counties = {p.county for p in places if p.county and p.name in prepared.headline}
    if len(counties) != 1:
        return subjects
    county = counties.pop()
    above = set(gazetteer.ancestor_codes(county)) | {county}
    return [county] if all(s in above for s in subjects) else subjects


def _is_bulletin(prepared: PreparedText, gazetteer: Gazetteer) -> bool:
    return any(t in prepared.headline for t in gazetteer.bulletin_titles)


def _qualifies_next(mentions: list[RegionMention], i: int, gazetteer: Gazetteer) -> bool:
    """Whether mention ``i`` only locates the one right after it (河北省|定州市)."""
    if i + 1 >= len(mentions):
        return False
    m, nxt = mentions[i], mentions[i + 1]
    return nxt.start == m.end and m.adcode in gazetteer.ancestor_codes(nxt.adcode)


LEAD_MIN_CHARS = 30  # shorter first lines are bylines and captions (文/特约撰稿 王峰)


def _lead_regions(prepared: PreparedText, mentions: list[RegionMention], gazetteer: Gazetteer) -> set[str]:
    """The finest regions of the lead paragraph (the first body line of some length), if it is local."""
    norm = prepared.norm
    # the lead of a story about the whole country, or about many places at once (regions/nationwide_leads.txt)
    words = gazetteer.attribution.nationwide_leads
    nationwide = re.compile("|".join(map(re.escape, words))) if words else None
    for sentence in prepared.body_sentences:
        line_start = norm.rfind("\n", 0, sentence.start) + 1
        line_end = norm.find("\n", sentence.start)
        line_end = len(norm) if line_end < 0 else line_end
        if line_end - line_start < LEAD_MIN_CHARS:
            continue
        inside = [m for m in mentions if line_start <= m.start < line_end]
        if not inside or (nationwide and nationwide.search(norm, line_start, inside[0].start)):
            return set()
        codes = {m.adcode for m in inside}
        if len({gazetteer.province_of(c) for c in codes}) > 1:  # a round-up of several provinces
            return set()
        return {c for c in codes if not any(c in gazetteer.ancestor_codes(o) for o in codes if o != c)}
    return set()


def _own_region(prepared: PreparedText, counts: Counter, gazetteer: Gazetteer) -> list[str]:
    """The one region named whose level the writer calls its own (双峰县… 我县全力推进…): a story by the
    county about itself, though it names itself once."""
    own = [c for c in counts if (r := gazetteer.get(c)) is not None and r.name[-1:] in _OWN_LEVEL_CHARS
           and _OWN + r.name[-1] in prepared.norm]
    return own if len(own) == 1 else []


def _outlet_regions(prepared: PreparedText, gazetteer: Gazetteer) -> list[str]:
    """The region the outlet's name starts with, when the name points to one region only."""
    outlet = prepared.document.outlet
    if not outlet:
        return []
    for h in _scan(outlet, 0, -1, gazetteer):
        if h.start != 0:
            break
        codes = {f.adcode for f in h.forms}
        if len(codes) == 1 and any(f.full or f.support == Support.FREE for f in h.forms):
            return sorted(codes)
    return []
