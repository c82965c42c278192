"""Figures the text reports: counts, rates and money, with what they count.

A figure is Arabic digits followed by a measure word ("1322个", "98.59%",
"22.78万起", "9.36亿元"), or by 万/亿 alone ("不足5亿"); or a number in Chinese
characters of the shapes of ``number_words.tsv`` ("近万名", "超过九成", "百分之百"). Everything else with
digits in it is not a figure, and is left out by construction rather than by a
list of exceptions: phone numbers, postcodes, licence numbers, "“6.26”", "110"
and "12345" have no measure word after them; dates and years end in 月/日/年,
which only count after 连续 ("连续22年"); ordinals start with 第; formulas
("1+13+N"), ranges ("2017-2020年度"), file names and times touch ASCII signs.

What a figure counts, its indicator, is read by :mod:`kg.extract.indicators`.

All word lists are data in ``ontology/figures/`` (:mod:`kg.lexicons.figures`, compiled when loaded).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Callable, Optional

from kg.extract.indicators import Figure, ends_with_word, indicators, names_people
from kg.lexicons.figures import FigureLexicon
from kg.model import MetricMention, PreparedText, RegionMention, Sentence
from kg.text.chars import is_han
from kg.text.segment import tagged

# A sign right after a number that glues it to something that is not a quantity (5G, 3D).
_GLUE_AFTER = re.compile(r"[0-9A-Za-z_\-+/:#@~—－～]")
_DIGIT = re.compile(r"[0-9]")  # the figure pattern's digits: a sentence with none has no Arabic figure
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年(?!代)")


def _chinese(text: str, lex: FigureLexicon):
    """Numbers in Chinese characters: (start, end, value, unit surface, fixed unit) of each.

    近万名, 超千件, 万余条次, 近六万人 (a round number of a hundred or more, with a digit, a lead or
    多/余), 超过九成 (a share in tenths), 百分之百. Small counts in characters (两名, 三个) are left
    out: they are mostly of one case or one scene.
    """
    cn = lex.chinese
    if cn is None or not cn.hint.search(text):
        return
    for m in cn.pattern.finditer(text):
        if m.group("pct"):
            yield m.start("pct"), m.end(), Decimal(cn.value(m.group("pnum"))), "", "%"
            continue
        num = m.group("num")
        if m.group("tenths"):
            if num in cn.digits and cn.digits[num] >= 2:
                yield m.start("num"), m.end(), Decimal(cn.digits[num] * 10), "", "%"
            continue
        value = cn.value(num)
        if value < 100 or (num[0] not in cn.digits and not m.group("lead") and not m.group("a")):
            continue
        yield m.start("num"), m.end(), Decimal(value), m.group("unit"), ""


def _numbers(text: str, lex: FigureLexicon):
    """Every number with a measure word or multiplier: (start, end, value, unit surface, fixed unit, mult)."""
    found = []
    for m in lex.pattern.finditer(text):
        if len(m.group("num")) > 1 and m.group("num")[0] == "0":
            continue  # "0571", the "000" of "11 000": a code or a split group of digits, no quantity
        if m.group("space") and (m.start() == 0 or text[m.start() - 1] != " "):
            continue  # "5 G", "11 000": only a number spaced on both sides ("共 20 余件") is spaced off its unit
        number = Decimal(m.group("num").replace(",", "") + (m.group("dec") or ""))
        found.append((m.start(), m.end(), number, m.group("unit0") or m.group("unit") or "", "", m.group("mult")))
    found += [(*c, None) for c in _chinese(text, lex)]
    return _compounds(sorted(found, key=lambda c: c[0]), lex)


def _compounds(found: list, lex: FigureLexicon) -> list:
    """"1万2千多件", "1亿2000万元", "1万三千人": a count of 万 or 亿 with no measure word and the smaller
    number written right after it are one number, measured by the second one's word."""
    out: list = []
    for c in found:
        prev = out[-1] if out else None
        scale = lex.multipliers.get(prev[5], 0) if prev and prev[5] else 0
        if prev and scale >= 10000 and not prev[3] and not prev[4] and c[0] == prev[1]:
            c_scale = lex.multipliers[c[5]] if c[5] else 1
            if c[2] * c_scale < scale:
                total = prev[2] * scale + c[2] * c_scale
                # the second number's multiplier, if any, stays the one to apply (its unit may be implied)
                out[-1] = (prev[0], c[1], total / c_scale, c[3], c[4], c[5])
                continue
        out.append(c)
    return out


def _parse(text: str, lex: FigureLexicon) -> list[Figure]:
    """The figures of one sentence, in order, without indicators yet."""
    figures: list[Figure] = []
    years = [(m.start(), m.group(1)) for m in _YEAR.finditer(text)]
    for start, end, number, unit_surface, fixed, mult in _numbers(text, lex):
        if not unit_surface and not mult and not fixed:
            continue
        if fixed:
            unit, named = fixed, ""
        elif unit_surface:
            unit_at = end - len(unit_surface)
            word = lex.not_units_re.match(text, unit_at) if lex.not_units_re else None
            if word and len(word.group()) >= len(unit_surface):
                continue
            info = lex.units[unit_surface]
            if info.requires and not text[:start].endswith(info.requires):
                continue
            if info.excludes and text[:start].endswith(info.excludes):
                continue
            unit, named = info.unit, info.indicator
        else:
            named = ""
            unit = lex.mult_units.get(mult, "")
            if lex.not_units_re and lex.not_units_re.match(text, end):
                continue
        # "4万6千多吨": the second half of a compound number is not a figure.
        if start >= 2 and text[start - 1] in "万亿千百" and text[start - 2].isdigit():
            continue
        # A unit made of a letter-like sign must not run into ASCII (5G, 3D).
        if end < len(text) and _GLUE_AFTER.match(text[end]) and not unit_surface:
            continue
        if mult:
            number *= lex.multipliers[mult]
        year = None
        for pos, y in years:
            if pos < start:
                year = y
        figures.append(Figure(start, end, float(number), unit, year, named=named))
    return figures


def _units(text: str, figures: list[Figure], lex: FigureLexicon) -> list[Figure]:
    """Give every figure a unit, or leave it out.

    A number with no measure word borrows the unit of the number it runs to
    ("40亿至50亿美元", "3000亿、4000亿、5000亿美元"), or takes the one its
    indicator implies ("票房突破30亿" -> 元, "惠及1.5亿居民" -> 人); with
    neither, nothing says what it measures, and it is not a figure.
    """
    for i in range(len(figures) - 2, -1, -1):
        fig, nxt = figures[i], figures[i + 1]
        if not fig.unit and nxt.unit and text[fig.end : nxt.start] in ("至", "到", "、", "-", "~", "～", "—"):
            fig.unit = nxt.unit
    kept = []
    for fig in figures:
        if not fig.unit:
            endings = tuple(w for w, _ in lex.implicit_units)
            ending = ends_with_word(fig.indicator, endings) or next(
                (w for w in endings if len(w) >= 2 and fig.indicator.endswith(w)), ""
            )
            if ending:
                fig.unit = dict(lex.implicit_units)[ending]
            elif names_people(fig.indicator, lex):
                fig.unit = "人"
        if fig.unit:
            kept.append(fig)
    return kept


def find_metrics(prepared: PreparedText, lex: FigureLexicon,
                 skip: Optional[Callable[[Sentence], bool]] = None) -> list[MetricMention]:
    """Every figure in the body sentences, with value, unit, indicator and year.

    ``skip``: sentences none of whose numbers can be reported (:func:`sentence_not_reported`), left
    unparsed: most numbers of a news corpus stand in such sentences.
    """
    if story_not_reported(prepared.headline, lex):
        return []
    original = prepared.document.text
    out: list[MetricMention] = []
    for sentence in prepared.sentences:
        text = prepared.norm[sentence.start : sentence.end]
        if not _DIGIT.search(text) and not (lex.chinese and lex.chinese.hint.search(text)
                                            and lex.chinese.pattern.search(text)):
            continue
        if skip is not None and skip(sentence):
            continue
        figures = _parse(text, lex)
        if not figures:
            continue
        indicators(text, figures, lex)
        for fig in _units(text, figures, lex):
            start, end = sentence.start + fig.start, sentence.start + fig.end
            out.append(
                MetricMention(
                    start=start,
                    end=end,
                    surface=original[start:end],
                    sentence=sentence.index,
                    indicator=fig.indicator,
                    value=fig.value,
                    unit=fig.unit,
                    year=fig.year,
                )
            )
    return out


# The first number of a sentence that is no date or hour (12月21日, 2023年 are not).
_FIRST_NUMBER = re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?(?![0-9]|年|月|日|号|时|点)")
_CLAUSE_MARK = re.compile(r"[,，;；:：。!?！？]")
_QUOTED = re.compile(r"“[^”]*”")
_COLUMN_TAG = re.compile(r"^(?:【[^】]*】)+")


# A profile's title names its person first ("高明：在边境筑牢禁毒防线", "【时代楷模】黄志丽：当老百姓的知心法官")
# or last after a nickname ("【最美基层干部】“喜喜连长”张永进").
_TITLE_PERSON = (re.compile(r"^(?:【[^】]*】)?(?:“[^”]*”)?([\u4e00-\u9fff]{2,3})[:：]"),
                 re.compile(r"^(?:【[^】]*】)?“[^”]*”([\u4e00-\u9fff]{2,3})$"))
# A profile names its person again and again in its body (outside quotes).
_NAMED_AGAIN = 2


def title_person(prepared: PreparedText, regions: list[RegionMention], lex: FigureLexicon) -> str:
    """The person a profile is about, when its title opens with a name that is no region or body, or
    ends with one after a role (……的好法官鲍卫忠: a word ending in a person word); else ""."""
    title = prepared.norm[: prepared.norm.find("\n")] if "\n" in prepared.norm else prepared.norm
    body = _QUOTED.sub("", prepared.norm[len(title):])
    stripped = title.strip()
    offset = len(title) - len(title.lstrip())
    for n in (3, 2):
        name, before = stripped[-n:], stripped[:-n]
        if ("的" in before and re.fullmatch(r"[\u4e00-\u9fff]+", name) and before.endswith(lex.person_words)
                and body.count(name) >= _NAMED_AGAIN
                and not any(r.start < offset + len(stripped) and offset + len(before) < r.end for r in regions)):
            return name
    for pattern in _TITLE_PERSON:
        m = pattern.match(title.strip())
        if not m:
            continue
        offset = len(title) - len(title.lstrip())
        start, end = m.start(1) + offset, m.end(1) + offset
        name = m.group(1)
        # a body or place heading the title (公安部：…, figures/not_person_ends.txt) is no person
        if (name.endswith(lex.not_person_ends) or body.count(name) < _NAMED_AGAIN
                or any(r.start < end and start < r.end for r in regions)):
            return ""
        return name
    return ""


def story_not_reported(headline: str, lexicon: FigureLexicon) -> Optional[str]:
    """Why no number of a story is a figure of a region's work, read from its headline (its kind), or None:
    ``not_reported.tsv`` rows of where ``title``, such as a story of one case (……案一审宣判, 某某一审被判…),
    whose every number (the sums, the accused, the victims) is that case's. A column tag (【市县法治建设典型案例】)
    names the series the story runs in, not what the story tells: it is left out."""
    headline = _COLUMN_TAG.sub("", headline.strip())
    for kind, pattern in lexicon.title_not_reported:
        if pattern.search(headline):
            return kind
    return None


def sentence_not_reported(sentence_norm: str, lexicon: FigureLexicon, person: str = "", paragraph: str = "",
                          names_place: bool = True) -> Optional[str]:
    """Why no number of the sentence is a figure of a region's work, or None: a sentence naming the person
    of a profile (:func:`title_person`); ``topics.tsv``: a sentence about another topic than governance (the
    economy, transport), with no governance word, or a ``paragraph`` with no governance word at all."""
    # In a profile, a sentence naming its person outside quotes (not in a brand: “黄志丽法官工作室”), or
    # naming no place at all (五年时间里累计化解了650件), tells the person's career.
    if person and (not names_place or person in _QUOTED.sub("", sentence_norm)):
        return "anecdote"
    # A sentence naming no region whose numbers come after a national body (公安部挂牌督办的10个…, 来自公安部的数据
    #表明…7.7万起): the country's figures, whatever region the story is about.
    if not names_place and lexicon.unplaced_not_reported:
        first = _FIRST_NUMBER.search(sentence_norm)
        head = sentence_norm[: first.start()] if first else sentence_norm
        for kind, pattern in lexicon.unplaced_not_reported:
            if pattern.search(head):
                return kind
    # A paragraph with no word of governance work at all is about something else (a ceremony, a harvest).
    # 预警, 警戒水位 hold 警 but are no police work (topics.tsv ``not``): blanked before the governance words are sought
    if (paragraph and lexicon.governance_topic is not None
            and not lexicon.governance_topic.search(lexicon.without_false_governance(paragraph))):
        return "topic"
    if (lexicon.other_topic is not None and lexicon.other_topic.search(sentence_norm)
            and not (lexicon.strong_topic is not None
                     and lexicon.strong_topic.search(lexicon.without_false_governance(sentence_norm)))):
        return "topic"
    return None


# A count of people closing a list that a named person opens: 周建林等6人, 刘汉、刘维等36人, 对王国利等14名.
_AND_OTHERS = re.compile(r"等(?:近|约|超过)?$")
_PEOPLE_MEASURES = ("名", "人", "位")
_NAME_WINDOW = 12  # characters read before 等 for the word it closes


def _named_person_and_others(sentence_norm: str, start: int, end: int, lexicon: FigureLexicon) -> bool:
    """Whether the count of people at [start, end) follows a person's name and 等 (周建林等6人受到处分, 彭少勇等10人
    获得荣誉称号): the accused of one case or the list of one honour, not a count of a region's work. A name is a word
    jieba tags as one (nr), or the single characters it leaves of a name it does not know (刘宇昕 -> 刘宇, 昕),
    unless a place's or body's name ends so (乡镇、村等, figures/not_person_ends.txt); a noun before 等
    (热心居民等1863名, 涉案人员等21人) is no name."""
    if not sentence_norm[start:end].rstrip("多余").endswith(_PEOPLE_MEASURES):
        return False
    m = _AND_OTHERS.search(sentence_norm, 0, start)
    if m is None:
        return False
    words = tagged(sentence_norm[max(0, m.start() - _NAME_WINDOW) : m.start()])
    if not words:
        return False
    word, tag = words[-1][0], words[-1][1]
    return tag.startswith("nr") or (len(word) == 1 and is_han(word) and word not in lexicon.not_person_ends)


def figure_not_reported(sentence_norm: str, start: int, end: int, lexicon: FigureLexicon) -> Optional[str]:
    """Why the number at [start, end) of a sentence that :func:`sentence_not_reported` passes is no figure of
    a region's work (its kind), or None.

    ``ontology/figures/not_reported.tsv``: what a place is (population, area), one person's or
    one case's story, a ranking's denominator, the page's word count.
    """
    marks = [m.start() for m in _CLAUSE_MARK.finditer(sentence_norm)]
    c_start = max((p + 1 for p in marks if p < start), default=0)
    c_end = min((p for p in marks if p >= end), default=len(sentence_norm))
    where = {"before": sentence_norm[c_start:start], "after": sentence_norm[end:c_end], "sentence": sentence_norm,
             "figure": sentence_norm[start:end], "prefix": sentence_norm[:start],
             "clause": f"{sentence_norm[c_start:start]}【{sentence_norm[start:end]}】{sentence_norm[end:c_end]}"}
    for kind, place, pattern in lexicon.not_reported:
        if place in where and pattern.search(where[place]):
            return kind
    if _named_person_and_others(sentence_norm, start, end, lexicon):
        return "case"
    return None
