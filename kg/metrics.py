"""Figures the text reports: counts, rates and money, with what they count.

A figure is Arabic digits followed by a measure word ("1322个", "98.59%",
"22.78万起", "9.36亿元"), or by 万/亿 alone ("不足5亿"). Everything else with
digits in it is not a figure, and is left out by construction rather than by a
list of exceptions: phone numbers, postcodes, licence numbers, "“6.26”", "110"
and "12345" have no measure word after them; dates and years end in 月/日/年,
which only count after 连续 ("连续22年"); ordinals start with 第; formulas
("1+13+N"), ranges ("2017-2020年度"), file names and times touch ASCII signs.

The indicator (what is counted) comes from the noun phrase after the measure
word ("1322个综合网格" -> 综合网格) or, when nothing follows, from the clause
before the number ("配备网格员7600多名" -> 配备网格员), cleaned of who/when
words (全市, 前三季度) and linking verbs (达, 为). A percentage after a verb of
change becomes a rise or fall ("治安案件警情同比下降13.57%" -> 治安案件警情同比降幅).
Figures listed together share their clause ("法治体检和法律问诊17次、12次").

All word lists are data in ``ontology/figures/``; the patterns are compiled once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .model import MetricMention, PreparedText
from .paths import ontology_dir
from .segment import token_boundaries

# Signs that glue a number to something that is not a quantity: 1.jpg, 1+13+N,
# 2017-2020, 14:46, QQ:37771497, ICP备11002633号-1. 第 makes an ordinal.
_GLUE_BEFORE = r"0-9A-Za-z._\-+/:#@~—－～×第"
_GLUE_AFTER = re.compile(r"[0-9A-Za-z_\-+/:#@~—－～]")
# Where a clause ends: the indicator never crosses one.
_CLAUSE_DELIMS = set("，,；;：:。！？!?\n\r\t 　")
# Between two figures of one list ("17次、12次", "13.24%、13.57%").
_LIST_JOINERS = ("、", "和", "及", "与")
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年(?!代)")
# Years, periods and digit-bearing quotes are context, not part of an indicator.
_LEFT_NOISE = re.compile(
    r"“[0-9A-Za-z.+\-/、]+”|(?:19|20)[0-9]{2}年(?:以来|来|度)?|[0-9]+(?:年|个月|天)(?:以来|来)?"
    r"|(?:前|近)?[0-9]+(?:月份|月|日|号|时|点|分)|[(（][)）]"
)
# "连续5次荣获…": after 连续 the count is of the achievement that follows.
_STREAK = ("连续",)
_PERCENT_UNITS = {"%", "‰", "百分点"}
_PERSON_UNITS = {"人", "名", "人次"}
_MAX_LEFT = 20  # longest indicator taken from before a figure, in characters
_MAX_RIGHT = 12  # longest noun phrase taken from after a figure
_RIGHT_WINDOW = 24


@dataclass(frozen=True)
class _Unit:
    surface: str
    unit: str
    requires: tuple[str, ...]
    excludes: tuple[str, ...] = ()
    indicator: str = ""


@dataclass(frozen=True)
class FigureLexicon:
    """The word lists of ``ontology/figures/`` and the pattern built from them."""

    units: dict[str, _Unit]
    multipliers: dict[str, int]
    not_units: tuple[str, ...]
    scope_words: tuple[str, ...]
    trailing_words: tuple[str, ...]
    change_words: tuple[tuple[str, str], ...]
    change_verbs: frozenset[str]
    right_stops: re.Pattern[str]
    after_unit: tuple[str, ...]
    pattern: re.Pattern[str]


def _lines(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([cell.strip() for cell in line.split("\t")])
    return rows


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _by_length(words) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=4)
def load_lexicon(directory: Optional[str] = None) -> FigureLexicon:
    """Read ``ontology/figures/`` (or ``directory``) once and compile the pattern."""
    base = Path(directory) if directory else ontology_dir() / "figures"
    units = {}
    for row in _lines(base / "units.tsv"):
        surface = row[0]
        unit = row[1] if len(row) > 1 and row[1] else surface
        requires = tuple(w for w in row[2].split("|") if w) if len(row) > 2 else ()
        excludes = tuple(w for w in row[3].split("|") if w) if len(row) > 3 else ()
        named = row[4] if len(row) > 4 else ""
        units[surface] = _Unit(surface, unit, requires, excludes, named)
    multipliers = {row[0]: int(row[1]) for row in _lines(base / "multipliers.tsv")}
    approximate = [row[0] for row in _lines(base / "approximate.txt")]
    not_units = _by_length(row[0] for row in _lines(base / "not_units.txt"))
    scope = _by_length(row[0] for row in _lines(base / "scope_words.txt"))
    trailing = _by_length(row[0] for row in _lines(base / "trailing_words.txt"))
    change = tuple(
        sorted(((r[0], r[1]) for r in _lines(base / "change_words.tsv")), key=lambda p: -len(p[0]))
    )
    stops = [row[0] for row in _lines(base / "right_stops.txt")]

    unit_alt = _alternation(units)
    approx_alt = _alternation(approximate)
    mult_alt = _alternation(multipliers)
    # A unit is tried before a multiplier so that 千米 is a unit, not 千 + 米.
    pattern = re.compile(
        rf"(?<![{_GLUE_BEFORE}])"
        r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?P<dec>\.[0-9]+)?"
        rf"(?:(?P<unit0>{unit_alt})(?!{mult_alt})"
        rf"|(?P<a1>{approx_alt})?(?P<mult>{mult_alt})?(?P<a2>{approx_alt})?(?P<unit>{unit_alt})?)"
    )
    return FigureLexicon(
        units=units,
        multipliers=multipliers,
        not_units=not_units,
        scope_words=scope,
        trailing_words=trailing,
        change_words=change,
        change_verbs=frozenset(v for v, _ in change),
        right_stops=re.compile(_alternation(stops)),
        after_unit=_by_length(row[0] for row in _lines(base / "after_unit.txt")),
        pattern=pattern,
    )


@dataclass
class _Figure:
    start: int  # offsets in the sentence
    end: int
    value: float
    unit: str
    year: Optional[str]
    indicator: str = ""
    named: str = ""  # what the measure word itself names (14亿人口 -> 人口)


def _parse(text: str, lex: FigureLexicon) -> list[_Figure]:
    """The figures of one sentence, in order, without indicators yet."""
    figures: list[_Figure] = []
    years = [(m.start(), m.group(1)) for m in _YEAR.finditer(text)]
    for m in lex.pattern.finditer(text):
        unit_surface = m.group("unit0") or m.group("unit") or ""
        mult = m.group("mult")
        if not unit_surface and not mult:
            continue
        end = m.end()
        if unit_surface:
            unit_at = end - len(unit_surface)
            if any(
                text.startswith(w, unit_at) and len(w) >= len(unit_surface)
                for w in lex.not_units
            ):
                continue
            info = lex.units[unit_surface]
            if info.requires and not text[: m.start()].endswith(info.requires):
                continue
            if info.excludes and text[: m.start()].endswith(info.excludes):
                continue
            unit, named = info.unit, info.indicator
        else:
            named = ""
            unit = ""
            if any(text.startswith(w, end) for w in lex.not_units):
                continue
        # "4万6千多吨": the second half of a compound number is not a figure.
        if m.start() >= 2 and text[m.start() - 1] in "万亿千百" and text[m.start() - 2].isdigit():
            continue
        # A unit made of a letter-like sign must not run into ASCII (5G, 3D).
        if end < len(text) and _GLUE_AFTER.match(text[end]) and not unit_surface:
            continue
        number = Decimal(m.group("num").replace(",", "") + (m.group("dec") or ""))
        if mult:
            number *= lex.multipliers[mult]
        year = None
        for pos, y in years:
            if pos < m.start():
                year = y
        figures.append(_Figure(m.start(), end, float(number), unit, year, named=named))
    return figures


def _starts_at_word(text: str, word: str) -> bool:
    return text.startswith(word) and len(text) > len(word) and len(word) in token_boundaries(text)


def _ends_at_word(text: str, word: str) -> bool:
    cut = len(text) - len(word)
    return text.endswith(word) and cut > 0 and cut in token_boundaries(text)


_PAIRS = {"(": ")", "（": "）", "“": "”", "‘": "’", "《": "》"}


def _strip_edges(phrase: str) -> str:
    """Drop separators at both ends, and brackets or quotes left unpaired."""
    old = None
    while phrase != old:
        old = phrase
        phrase = phrase.strip("、,， ")
        if phrase and phrase[0] in _PAIRS.values():
            phrase = phrase[1:]
        if phrase and phrase[-1] in _PAIRS:
            phrase = phrase[:-1]
        for a, b in _PAIRS.items():
            if phrase.endswith(b) and phrase.count(a) < phrase.count(b):
                phrase = phrase[:-1]
            if phrase.startswith(a) and phrase.count(a) > phrase.count(b):
                phrase = phrase[1:]
    return phrase


def _clean_left(phrase: str, lex: FigureLexicon, percent: bool) -> tuple[str, str]:
    """(subject, suffix) of the clause before a figure: 化解率达 -> (化解率, "")."""
    phrase = _strip_edges(_LEFT_NOISE.sub("", phrase))
    changed = True
    while changed and phrase:
        changed = False
        for w in lex.scope_words:
            if _starts_at_word(phrase, w):
                phrase = _strip_edges(phrase[len(w) :])
                changed = True
                break
    suffix = ""
    for _ in range(2):  # trailing words may sit either side of the change verb
        changed = True
        while changed and phrase:
            changed = False
            for w in lex.trailing_words:
                if _ends_at_word(phrase, w):
                    phrase = _strip_edges(phrase[: -len(w)])
                    changed = True
                    break
        if percent and not suffix:
            for verb, suf in lex.change_words:
                if phrase.endswith(verb):
                    phrase, suffix = _strip_edges(phrase[: -len(verb)]), suf
                    break
    if phrase in lex.scope_words or phrase in lex.trailing_words:
        phrase = ""
    if len(phrase) > _MAX_LEFT:
        bounds = token_boundaries(phrase)
        cut = min((b for b in bounds if len(phrase) - b <= _MAX_LEFT), default=len(phrase) - _MAX_LEFT)
        phrase = _strip_edges(phrase[cut:])
    return phrase, suffix


def _clause_start(text: str, pos: int) -> int:
    i = pos
    while i > 0 and text[i - 1] not in _CLAUSE_DELIMS:
        i -= 1
    return i


def _clause_window(text: str, pos: int) -> str:
    j = pos
    while j < len(text) and j - pos < _RIGHT_WINDOW and text[j] not in _CLAUSE_DELIMS:
        j += 1
    return text[pos:j]


def _right_window(text: str, pos: int) -> str:
    j = pos
    while j < len(text) and j - pos < _RIGHT_WINDOW and text[j] not in _CLAUSE_DELIMS and text[j] != "、":
        j += 1
    return text[pos:j]


def _right_phrase(text: str, pos: int, lex: FigureLexicon) -> tuple[str, bool]:
    """The noun phrase right after a figure: "1322个综合网格,按" -> 综合网格.

    Also whether it was joined by 的 ("3万余人的群防群治队伍"): then the
    figure measures the phrase rather than counting it.
    """
    window = _right_window(text, pos)
    window = re.sub(r"^[(（][^)）]{0,3}[)）]", "", window)  # 376件(次)
    for w in lex.after_unit:
        if window.startswith(w):
            window = window[len(w) :]
            break
    joined = window.startswith("的")
    if joined:
        window = _clause_window(text, pos + 1)
    digit = re.search(r"[0-9]", window)
    if digit:
        window = window[: digit.start()]
    if not window:
        return "", joined
    bounds = token_boundaries(window)
    cut = len(window)
    for m in lex.right_stops.finditer(window):
        if m.start() in bounds and m.end() in bounds:
            cut = m.start()
            break
    phrase = _strip_edges(window[:cut])
    if phrase.endswith("等"):
        phrase = phrase[:-1]
    if joined:  # the head of a Chinese noun phrase is its end
        phrase = _strip_edges(phrase.rsplit("、", 1)[-1])
        if len(phrase) > _MAX_RIGHT:
            cut = min((b for b in token_boundaries(phrase) if len(phrase) - b <= _MAX_RIGHT), default=0)
            phrase = phrase[cut:]
    elif len(phrase) > _MAX_RIGHT:
        cut = max((b for b in token_boundaries(phrase) if b <= _MAX_RIGHT), default=_MAX_RIGHT)
        phrase = phrase[:cut]
    return phrase, joined


def _split_items(subject: str) -> list[str]:
    """法治体检和法律问诊 -> [法治体检, 法律问诊], outside quotes and brackets."""
    items, depth, cur = [], 0, ""
    for ch in subject:
        if ch in "“(（《":
            depth += 1
        elif ch in "”)）》":
            depth = max(0, depth - 1)
        if depth == 0 and ch in _LIST_JOINERS:
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    return [i for i in items if i]


def _lists(text: str, figures: list[_Figure]) -> list[list[int]]:
    """Runs of figures joined only by 、/和 with the same unit."""
    groups: list[list[int]] = []
    for i, fig in enumerate(figures):
        if (
            groups
            and text[figures[i - 1].end : fig.start] in _LIST_JOINERS
            and figures[i - 1].unit == fig.unit
        ):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _indicators(text: str, figures: list[_Figure], lex: FigureLexicon) -> None:
    previous = ""
    for group in _lists(text, figures):
        first = figures[group[0]]
        last = figures[group[-1]]
        percent = first.unit in _PERCENT_UNITS
        right, joined = ("", False) if percent else _right_phrase(text, last.end, lex)
        if right and joined and first.unit in _PERSON_UNITS:
            right += "人数"
        before = figures[group[0] - 1].end if group[0] > 0 else 0
        left_start = max(_clause_start(text, first.start), before)
        subject, suffix = _clean_left(text[left_start : first.start], lex, percent)
        if text[left_start : first.start].endswith(_STREAK) and not percent:
            subject, right = _right_window(text, last.end).split("的", 1)[0], ""
        if right and len(group) == 1:
            first.indicator = right
            previous = right
            continue
        if subject in lex.change_verbs and previous:
            subject = previous  # "由4182元提高到6946元": the same thing, later
        if not subject and not right and not suffix:
            # "连续5次荣获…", "“6.26”3000多人参加…": what follows says what is counted.
            window = _right_window(text, last.end)
            for w in lex.after_unit:
                if window.startswith(w):
                    window = window[len(w) :]
                    break
            subject = _strip_edges(re.split(r"[0-9]", window, maxsplit=1)[0])[:_MAX_LEFT]
        if suffix and subject in ("", "同比", "环比") and previous:
            subject = previous + subject  # "查处交通违法22.78万起,同比上升73.06%"
        items = _split_items(subject) if len(group) > 1 else [subject]
        if len(items) != len(group):
            items = [subject] * len(group)
        else:
            tail = items[-1]
            items = [
                it + tail[len(it) :] if k < len(items) - 1 and len(it) <= 2 < len(tail) else it
                for k, it in enumerate(items)
            ]
        for k, i in enumerate(group):
            name = items[k] + suffix if items[k] or suffix else ""
            figures[i].indicator = right if (right and not name) else name
        previous = figures[group[-1]].indicator
    for fig in figures:
        if fig.named:
            fig.indicator = fig.named
    # "组建9支287人应急服务分队": a figure right before another counts the same thing.
    for i in range(len(figures) - 2, -1, -1):
        if figures[i].end == figures[i + 1].start and figures[i + 1].indicator:
            figures[i].indicator = figures[i + 1].indicator


def find_metrics(prepared: PreparedText) -> list[MetricMention]:
    """Every figure in the body sentences, with value, unit, indicator and year."""
    lex = load_lexicon()
    original = prepared.document.text
    out: list[MetricMention] = []
    for sentence in prepared.sentences:
        text = prepared.norm[sentence.start : sentence.end]
        if not any(c.isdigit() for c in text):
            continue
        figures = _parse(text, lex)
        if not figures:
            continue
        _indicators(text, figures, lex)
        for fig in figures:
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
