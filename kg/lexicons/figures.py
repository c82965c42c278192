"""What counts as a figure (``ontology/figures/``): measure words, multipliers, and the words around
an indicator; with the pattern of a number and its measure word built from them.

Each file's header says what a line means. Reading figures in text is
:mod:`kg.extract.metrics`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from kg.lexicons.files import DataFiles, alternation, by_length

FOLDER = "figures/"
# not_reported.tsv places judged before the figures are read: the headline, a sentence naming no region.
_STORY_PLACES = ("title", "unplaced")
# Signs that glue a number to something that is not a quantity: 1.jpg, 1+13+N,
# 2017-2020, 14:46, QQ:37771497, ICP备11002633号-1. 第 makes an ordinal.
GLUE_BEFORE = r"0-9A-Za-z._\-+/:#@~—－～×第"


@dataclass(frozen=True, kw_only=True)
class UnitWord:
    """A measure word (units.tsv): the unit it gives, the words it needs or refuses before the number."""

    surface: str
    unit: str
    requires: tuple[str, ...]
    excludes: tuple[str, ...] = ()
    indicator: str = ""  # what the word itself names (14亿人口 -> 人口)


@dataclass(frozen=True, kw_only=True)
class FigureLexicon:
    """The word lists of ``ontology/figures/`` and the pattern built from them."""

    units: dict[str, UnitWord]
    multipliers: dict[str, int]
    mult_units: dict[str, str]
    not_units: tuple[str, ...]
    scope_words: tuple[str, ...]
    trailing_words: tuple[str, ...]
    change_words: tuple[tuple[str, str, str], ...]
    change_verbs: frozenset[str]
    right_stops: re.Pattern[str]
    after_unit: tuple[str, ...]
    pattern: re.Pattern[str]
    # not_units as one pattern, longest first: its match at an offset is the longest word there
    not_units_re: Optional[re.Pattern[str]] = None
    lead_verbs: tuple[str, ...] = ()
    lead_phrases: Optional[re.Pattern[str]] = None
    inner_words: tuple[str, ...] = ()
    person_words: tuple[str, ...] = ()
    implicit_units: tuple[tuple[str, str], ...] = ()
    predicate_verbs: tuple[str, ...] = ()
    tail_words: tuple[str, ...] = ()
    not_person_ends: tuple[str, ...] = ()  # 部, 局, 省, 村 …: a title's name ending so is a body or place
    # not_reported.tsv: (kind, where: before | after | sentence, pattern) of numbers that are no figure
    not_reported: tuple[tuple[str, str, re.Pattern[str]], ...] = ()
    # not_reported.tsv rows whose where is ``title``: (kind, pattern) of headlines whose story reports no figures
    title_not_reported: tuple[tuple[str, re.Pattern[str]], ...] = ()
    # rows whose where is ``unplaced``: (kind, pattern) of a sentence naming no region, searched before its first number
    unplaced_not_reported: tuple[tuple[str, re.Pattern[str]], ...] = ()
    # number_words.tsv: numbers in Chinese characters (近万名, 超过九成, 百分之百)
    chinese: Optional["ChineseNumbers"] = None
    # topics.tsv: words that make a sentence about governance work, and words of other topics
    governance_topic: Optional[re.Pattern[str]] = None
    other_topic: Optional[re.Pattern[str]] = None
    # the governance words that outweigh a word of another topic in a sentence (not the weak ones: 群众, 干部)
    strong_topic: Optional[re.Pattern[str]] = None
    # words that hold a governance word but are not about governance (预警, 警戒水位): blanked before the search
    not_governance: Optional[re.Pattern[str]] = None

    def without_false_governance(self, text: str) -> str:
        """``text`` with the words of ``not_governance`` blanked (same length), for the governance searches."""
        if self.not_governance is None:
            return text
        return self.not_governance.sub(lambda m: "\u3000" * len(m.group()), text)


@dataclass(frozen=True, kw_only=True)
class ChineseNumbers:
    """Numbers written in Chinese characters (number_words.tsv), and the pattern that finds them.

    The pattern's groups: ``lead`` (近, 超过), ``num`` (the characters of the number), then either
    ``tenths`` (九成) or ``a`` (多/余) and ``unit`` (a measure word of units.tsv); or ``pct``
    (百分之) and ``pnum``.
    """

    digits: dict[str, int]
    places: dict[str, int]
    pattern: re.Pattern[str]
    # a digit or place character: every number the pattern finds holds one, and most sentences none
    # (the pattern itself has no first character to scan for: it tries every position)
    hint: re.Pattern[str] = re.compile("(?!)")

    def value(self, chars: str) -> int:
        """六万 -> 60000, 两千五百 -> 2500, 千 -> 1000, 万 -> 10000, 一亿两千万 -> 120000000."""
        total = section = digit = 0  # total: the parts of 亿 and 万 done; section: below 万
        for ch in chars:
            if ch in self.digits:
                digit = self.digits[ch]
                continue
            factor = self.places[ch]
            if factor >= 100000000:
                total = (total + section + digit or 1) * factor
            elif factor >= 10000:
                total += (section + digit or 1) * factor
            else:
                section += (digit or 1) * factor
                digit = 0
                continue
            section = digit = 0
        return total + section + digit


def _chinese_numbers(rows: list[list[str]], units, approximate) -> Optional[ChineseNumbers]:
    if not rows:
        return None
    get = lambda kind: [r[1:] for r in rows if r[0] == kind and len(r) > 1]  # noqa: E731
    digits = {r[0]: int(r[1]) for r in get("digit")}
    places = {r[0]: int(r[1]) for r in get("place")}
    digit_cls, place_cls = "".join(digits), "".join(places)
    tenths = get("tenths")
    tenths_alt = "|".join(
        rf"{re.escape(r[0])}(?!{alternation(r[1].split('|'))})" if len(r) > 1 and r[1] else re.escape(r[0])
        for r in tenths
    )
    number = rf"(?:[{digit_cls}]?[{place_cls}]){{1,3}}[{digit_cls}]?"
    pattern = re.compile(
        # not inside a number, but after a count of 万 in digits ("1万三千人": one number, see metrics._compounds)
        rf"(?:(?<![0-9{digit_cls}{place_cls}第数几])|(?<=[0-9][万亿]))(?P<lead>{alternation(r[0] for r in get('lead'))})?"
        rf"(?:(?P<pct>{alternation(r[0] for r in get('percent'))})(?P<pnum>百|{number}|[{digit_cls}])"
        rf"|(?P<num>{number}|[{digit_cls}])"
        rf"(?:(?P<tenths>{tenths_alt})|(?P<a>{alternation(approximate)})?(?P<unit>{alternation(units)})))"
    )
    return ChineseNumbers(digits=digits, places=places, pattern=pattern,
                          hint=re.compile(f"[{re.escape(digit_cls + place_cls)}]") if digit_cls + place_cls else re.compile("(?!)"))


def _unit_words(rows: list[list[str]]) -> dict[str, UnitWord]:
    units = {}
    for row in rows:
        surface = row[0]
        units[surface] = UnitWord(
            surface=surface,
            unit=row[1] if len(row) > 1 and row[1] else surface,
            requires=tuple(w for w in row[2].split("|") if w) if len(row) > 2 else (),
            excludes=tuple(w for w in row[3].split("|") if w) if len(row) > 3 else (),
            indicator=row[4] if len(row) > 4 else "",
        )
    return units


def _figure_pattern(units, approximate, multipliers) -> re.Pattern[str]:
    """A number with its measure word; a unit is tried before a multiplier so that 千米 is a unit, not 千 + 米."""
    unit_alt, approx_alt, mult_alt = alternation(units), alternation(approximate), alternation(multipliers)
    return re.compile(
        rf"(?<![{GLUE_BEFORE}])"
        r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?P<dec>\.[0-9]+)?"
        r"(?P<space> )?"  # "等 19 家": a number set off by spaces keeps its measure word (kept only after a space)
        rf"(?:(?P<unit0>{unit_alt})(?!{mult_alt})"
        rf"|(?P<a1>{approx_alt})?(?P<mult>{mult_alt})?(?P<a2>{approx_alt})?(?P<unit>{unit_alt})?)"
    )


def load_figures(files: DataFiles) -> FigureLexicon:
    """Read ``ontology/figures/`` and compile the pattern."""
    rows = lambda name: files.rows(FOLDER + name)  # noqa: E731
    words = lambda name: by_length(row[0] for row in rows(name))  # noqa: E731
    units = _unit_words(rows("units.tsv"))
    multiplier_rows = rows("multipliers.tsv")
    multipliers = {row[0]: int(row[1]) for row in multiplier_rows}
    change = tuple(sorted(((r[0], r[1], r[2] if len(r) > 2 and r[2] else r[1]) for r in rows("change_words.tsv")),
                          key=lambda p: -len(p[0])))
    approximate = [row[0] for row in rows("approximate.txt")]
    topics = rows("topics.tsv")
    not_reported = [r for r in rows("not_reported.tsv") if len(r) >= 3]
    not_units = words("not_units.txt")
    phrases = [rf"{re.escape(r[0])}[^，,；;。]{{0,12}}?(?:{alternation(r[1].split('|'))})"
               for r in rows("lead_phrases.tsv")]
    return FigureLexicon(
        units=units,
        multipliers=multipliers,
        mult_units={row[0]: row[2] for row in multiplier_rows if len(row) > 2 and row[2]},
        not_units=not_units,
        not_units_re=re.compile(alternation(not_units)) if not_units else None,
        scope_words=words("scope_words.txt"),
        trailing_words=words("trailing_words.txt"),
        change_words=change,
        change_verbs=frozenset(v for v, _, _ in change),
        right_stops=re.compile(alternation(row[0] for row in rows("right_stops.txt"))),
        after_unit=words("after_unit.txt"),
        pattern=_figure_pattern(units, approximate, multipliers),
        lead_verbs=words("lead_verbs.txt"),
        lead_phrases=re.compile("^(?:" + "|".join(phrases) + ")") if phrases else None,
        inner_words=words("inner_words.txt"),
        person_words=words("person_words.txt"),
        implicit_units=tuple(sorted(((r[0], r[1]) for r in rows("implicit_units.tsv")), key=lambda p: -len(p[0]))),
        predicate_verbs=words("predicate_verbs.txt"),
        tail_words=words("tail_words.txt"),
        not_person_ends=words("not_person_ends.txt"),
        not_reported=tuple((r[0], r[1], re.compile(r[2])) for r in not_reported if r[1] not in _STORY_PLACES),
        title_not_reported=tuple((r[0], re.compile(r[2])) for r in not_reported if r[1] == "title"),
        unplaced_not_reported=tuple((r[0], re.compile(r[2])) for r in not_reported if r[1] == "unplaced"),
        chinese=_chinese_numbers(rows("number_words.tsv"), units, approximate),
        governance_topic=_words_pattern(topics, "governance", "weak"),
        other_topic=_words_pattern(topics, "other", after=_not_body(rows("body_endings.txt"))),
        strong_topic=_words_pattern(topics, "governance"),
        not_governance=_words_pattern(topics, "not"),
    )


def _words_pattern(rows: list[list[str]], *kinds: str, after: str = "") -> Optional[re.Pattern[str]]:
    words = [r[1] for r in rows if r[0] in kinds and len(r) > 1 and r[1]]
    return re.compile(f"(?:{alternation(words)}){after}") if words else None


def _not_body(rows: list[list[str]]) -> str:
    """What may not follow a word of another topic: a body's ending (body_endings.txt), maybe after a field
    joined by 与/和 (水利局, 海洋与渔业局: the word names that body, not the sentence's topic)."""
    refused = {r[0]: r[1].split("|") if len(r) > 1 and r[1] else [] for r in rows}
    endings = "|".join(re.escape(e) + (f"(?!{alternation(refused[e])})" if refused[e] else "")
                       for e in by_length(refused))
    return f"(?!(?:[与和][\u4e00-\u9fff]{{1,4}})?(?:{endings}))" if endings else ""
