"""What a figure counts: the indicator, read from the words around the number.

The indicator comes from the noun phrase after the measure word ("1322个综合网格"
-> 综合网格) or, when nothing follows, from the clause before the number
("配备网格员7600多名" -> 配备网格员), cleaned of who/when words (全市, 前三季度)
and linking verbs (达, 为). A percentage after a verb of change becomes a rise
or fall ("治安案件警情同比下降13.57%" -> 治安案件警情同比降幅). Figures listed
together share their clause ("法治体检和法律问诊17次、12次"). The word lists are
:class:`kg.lexicons.figures.FigureLexicon`; numbers and units are :mod:`kg.extract.metrics`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from kg.lexicons.figures import FigureLexicon
from kg.text.segment import tagged, token_boundaries

# Word classes (jieba) that open a relative clause before 的 ("享誉全国的先进典型",
# "运送人道主义援助物资的卡车"), where a noun opens a possessor ("人民调解员的作用",
# "协同创新中心的申请"); idioms and adjectives anywhere make a clause too.
_OPENING_TAGS = ("v", "a", "i", "l", "d")
_CLAUSE_TAGS = ("i", "l")


def _is_clause(phrase: str) -> bool:
    words = tagged(phrase)
    return bool(words) and (words[0][1].startswith(_OPENING_TAGS) or any(w[1].startswith(_CLAUSE_TAGS) for w in words))


# A sign right after a number that glues it to something that is not a quantity (5G, 3D).
# Where a clause ends: the indicator never crosses one.
_CLAUSE_DELIMS = set("，,；;：:。！？!?\n\r\t 　")
# Between two figures of one list ("17次、12次", "13.24%、13.57%").
_LIST_JOINERS = ("、", "和", "及", "与")
# Years, periods and digit-bearing quotes are context, not part of an indicator.
_LEFT_NOISE = re.compile(
    r"“[0-9A-Za-z.+\-/、]+”|(?:19|20)[0-9]{2}年(?:以来|来|度)?|[0-9]+(?:年|个月|天)(?:以来|来)?"
    r"|(?:前|近)?[0-9]+(?:月份|月|日|号|时|点|分)|[(（][)）]"
    r"|(?:近|前|过去)[一二三四五六七八九十两几]+(?:年|个月|天)(?:以来|来)?"
)
# "连续5次荣获…": after 连续 the count is of the achievement that follows.
_STREAK = ("连续",)
_PERCENT_UNITS = {"%", "‰", "百分点"}
_PERSON_UNITS = {"人", "名", "人次"}
_MAX_LEFT = 20  # longest indicator taken from before a figure, in characters
_MAX_RIGHT = 12  # longest noun phrase taken from after a figure
_TOTAL_WORDS = ("共计", "共")
_ADVERBS = ("已经", "全部", "均", "都", "已", "也", "还")
_MAX_PREDICATE = 16  # longest object of a verb phrase that says which things are counted
_RIGHT_WINDOW = 24


@dataclass
class Figure:
    """A figure of one sentence, read in steps: number and unit, then what it counts."""

    start: int  # offsets in the sentence
    end: int
    value: float
    unit: str
    year: Optional[str]
    indicator: str = ""
    named: str = ""  # what the measure word itself names (14亿人口 -> 人口)
    predicate: str = ""  # the verb phrase that says which are counted (聘请法律顾问)



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
    while changed and phrase and phrase.startswith(lex.scope_words):  # one C-level test before the loop
        changed = False
        for w in lex.scope_words:
            if _starts_at_word(phrase, w):
                phrase = _strip_edges(phrase[len(w) :])
                changed = True
                break
    suffix = ""
    for _ in range(2):  # trailing words may sit either side of the change verb
        changed = True
        while changed and phrase and phrase.endswith(lex.trailing_words):
            changed = False
            for w in lex.trailing_words:
                if _ends_at_word(phrase, w):
                    phrase = _strip_edges(phrase[: -len(w)])
                    changed = True
                    break
        if percent and not suffix:
            for verb, suf, rate_suf in lex.change_words:
                if phrase.endswith(verb):
                    phrase = _strip_edges(phrase[: -len(verb)])
                    # a rate rises (升幅); a count grows (增幅)
                    suffix = rate_suf if re.sub("(同比|环比)$", "", phrase).endswith("率") else suf
                    break
    if phrase in lex.scope_words or phrase in lex.trailing_words:
        phrase = ""
    # "政法系统共举办读书班": who did it stands before 共; what was counted after it.
    for w in _TOTAL_WORDS:
        at = phrase.find(w)
        bounds = token_boundaries(phrase) if at > 0 else ()
        if at > 0 and at in bounds and at + len(w) in bounds and len(phrase) - at - len(w) >= 4:
            phrase = _strip_edges(phrase[at + len(w) :])
            break
    if len(phrase) > _MAX_LEFT:
        bounds = token_boundaries(phrase)
        cut = min((b for b in bounds if len(phrase) - b <= _MAX_LEFT), default=len(phrase) - _MAX_LEFT)
        phrase = _strip_edges(phrase[cut:])
    return phrase, suffix


def _clause_start(text: str, pos: int) -> int:
    i = pos - 1 if pos > 0 and text[pos - 1] == " " else pos  # "矛盾纠纷 20 余件": the space sets off the number only
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


def _first_stop(window: str, lex: FigureLexicon, skip: tuple[str, ...] = ()) -> int:
    """Where the first right stop at word boundaries starts, or len(window)."""
    bounds = token_boundaries(window)
    for m in lex.right_stops.finditer(window):
        if m.start() in bounds and m.end() in bounds and m.group() not in skip:
            return m.start()
    return len(window)


def _balanced_cut(phrase: str, cuts) -> list[int]:
    """The cut points that leave no bracket or quote open on either side."""
    out = []
    for c in cuts:
        head = phrase[:c]
        if all(head.count(a) == head.count(b) for a, b in _PAIRS.items() if a != b):
            if head.count("“") == head.count("”"):
                out.append(c)
    return out


def _predicate(text: str, lex: FigureLexicon) -> str:
    """A verb phrase that closes the clause: "配齐配强政法委员。" -> 配齐配强政法委员."""
    for w in _ADVERBS:  # "15个三星级以上酒店宾馆均明确了国安联络员"
        if text.startswith(w):
            text = text[len(w) :]
            break
    for verb in lex.predicate_verbs:
        if text.startswith(verb):
            rest = text[len(verb) :]
            rest = rest[1:] if rest.startswith("了") else rest
            end = 0
            while end < len(rest) and rest[end] not in _CLAUSE_DELIMS:
                end += 1
            obj = rest[:end]
            if obj and len(obj) <= _MAX_PREDICATE and _first_stop(obj, lex) == len(obj) and not re.search(r"[0-9、]", obj):
                return verb + obj
            return ""
    return ""


def _right_phrase(text: str, pos: int, lex: FigureLexicon) -> tuple[str, bool, str]:
    """The noun phrase right after a figure: "1322个综合网格,按" -> 综合网格.

    Also whether it was joined by 的 ("3万余人的群防群治队伍"): then the
    figure measures the phrase rather than counting it; and the verb phrase
    that closes the clause after the noun, if any ("17个部门单位聘请法律顾问").
    """
    window = _right_window(text, pos)
    skipped = 0
    m = re.match(r"[(（][^)）]{0,3}[)）]", window)  # 376件(次)
    if m:
        skipped = m.end()
    for w in lex.after_unit:
        if window.startswith(w, skipped):
            skipped += len(w)
            break
    window = window[skipped:]
    joined = window.startswith("的")
    if joined:
        window = _clause_window(text, pos + skipped + 1)
    digit = re.search(r"[0-9]", window)
    if digit:
        window = window[: digit.start()]
    if not window:
        return "", joined, ""
    cut = _first_stop(window, lex)
    verb_phrase = ""
    if not joined and cut < len(window) and window[cut] == "的" and cut > 0 and _is_clause(window[:cut]):
        # "100余个享誉全国的先进典型个人和集体": the head follows the relative clause.
        head = window[cut + 1 :]
        head = head[: _first_stop(head, lex, skip=_LIST_JOINERS)]
        # "…10个执法中队的基础上": a place word after 的 frames the clause, it is not counted.
        if len(_strip_edges(head)) >= 2 and not head.endswith(("上", "下", "中", "里", "内", "时")):
            window, cut = head, len(head)
    if cut < len(window) and not digit:
        verb_phrase = _predicate(_clause_window(text, pos + skipped + cut), lex)
    phrase = _strip_edges(window[:cut])
    if phrase.endswith("等"):
        phrase = phrase[:-1]
    if joined:  # the head of a Chinese noun phrase is its end
        phrase = _strip_edges(phrase.rsplit("、", 1)[-1])
        if len(phrase) > _MAX_RIGHT:
            cuts = _balanced_cut(phrase, (b for b in token_boundaries(phrase) if len(phrase) - b <= _MAX_RIGHT))
            phrase = phrase[min(cuts, default=0) :]
    elif len(phrase) > _MAX_RIGHT:
        cuts = _balanced_cut(phrase, (b for b in token_boundaries(phrase) if b <= _MAX_RIGHT))
        cut = max(cuts, default=_MAX_RIGHT)
        phrase = phrase[:cut]
    return phrase, joined, verb_phrase


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


def _lists(text: str, figures: list[Figure]) -> list[list[int]]:
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


def names_people(phrase: str, lex: FigureLexicon) -> bool:
    # 联络员, 调解员: the person words are endings inside jieba's words.
    return phrase.rstrip("”’》)）").endswith(lex.person_words)


def ends_with_word(phrase: str, words: tuple[str, ...]) -> str:
    """The longest of ``words`` that ends ``phrase`` at a word boundary (or all of it)."""
    for w in words:
        if phrase == w or _ends_at_word(phrase, w):
            return w
    return ""


def _people_head(phrase: str, lex: FigureLexicon) -> str:
    """The people a phrase starts with: "中国人团结一心" -> 中国人, "人民群众将" -> 人民群众."""
    bounds = sorted(b for b in token_boundaries(phrase) if b > 0) + [len(phrase)]
    found = 0
    for b in sorted(set(bounds)):
        if names_people(phrase[:b], lex):
            found = b
        elif found:
            break
    return phrase[:found]


def _tidy(phrase: str, lex: FigureLexicon, keep_verbs: bool = False) -> str:
    """What is counted, without the verbs and scope that open it.

    "培育发展第三方稳评公司" -> 第三方稳评公司, "按模式配齐配强专(兼)职网格员" ->
    专(兼)职网格员, "乡镇(街道)两级专职巡防队伍" -> 专职巡防队伍.
    """
    old = None
    leads = lex.scope_words if keep_verbs else lex.lead_verbs + lex.scope_words
    while phrase != old:
        old = phrase
        if lex.lead_phrases is not None:
            m = lex.lead_phrases.match(phrase)
            if m and len(phrase) - m.end() >= 2:
                phrase = _strip_edges(phrase[m.end() :])
        for w in leads if phrase.startswith(leads) else ():
            if len(phrase) - len(w) >= 2 and _starts_at_word(phrase, w):
                phrase = _strip_edges(phrase[len(w) :])
                break
    for w in lex.inner_words:
        at = phrase.find(w)
        if at > 0 and len(phrase) - len(w) >= 2:
            bounds = token_boundaries(phrase)
            if at in bounds and at + len(w) in bounds:
                phrase = phrase[:at] + phrase[at + len(w) :]
    # "县区、乡镇(街道)两级…", "四级“全科、全要素”网格": the levels say where, not what.
    level = re.search(r"[一二三四五六两多]级", phrase)
    if level and len(phrase) - level.end() >= 3 and _balanced_cut(phrase, [level.end()]):
        phrase = _strip_edges(phrase[level.end() :])
    for w in lex.tail_words if phrase.endswith(lex.tail_words) else ():
        if len(phrase) - len(w) >= 2 and _ends_at_word(phrase, w):
            phrase = _strip_edges(phrase[: -len(w)])
            break
    phrase = phrase.lstrip("的")
    if phrase in lex.lead_verbs or phrase in lex.scope_words or phrase in lex.trailing_words:
        return ""
    return _strip_edges(phrase)


def _for_people(indicator: str, unit: str, lex: FigureLexicon) -> str:
    """A count of people names them, or says how many: 死亡 -> 死亡人数."""
    if not indicator or unit not in _PERSON_UNITS:
        return indicator
    if unit == "人次":
        return indicator if indicator.endswith("人次") else indicator + "人次"
    if names_people(indicator, lex) or indicator.endswith(("人数", "人次")):
        return indicator
    return indicator + "人数"


def _right_indicator(text: str, first: Figure, last: Figure, lex: FigureLexicon) -> str:
    """What the phrase after a list's last figure says is counted ("" when it says nothing)."""
    percent, people = first.unit in _PERCENT_UNITS, first.unit in _PERSON_UNITS
    right, joined, verb_phrase = ("", False, "") if percent else _right_phrase(text, last.end, lex)
    if right and joined and people:
        right += "人数"
    elif right and people and not joined:
        head = _people_head(right, lex)
        right = head or _for_people(right, first.unit, lex)
    elif right and not first.unit and not joined:
        # "惠及1.5亿居民,…": a bare number of people counts them, in 人.
        right = _people_head(right, lex) or right
    if right:
        right = _tidy(right, lex) or right
    if verb_phrase and right and not joined and not people:
        last.predicate = verb_phrase
        right = verb_phrase + "的" + right  # "17个部门单位聘请法律顾问"
    elif verb_phrase and not right and people:
        right = verb_phrase + "人数"  # "3000多人参加禁毒拒毒宣誓活动"
    return right


def _streak(text: str, first: Figure, last: Figure, lex: FigureLexicon) -> str:
    """"连续5次荣获…": after 连续 the count is of the achievement that follows."""
    streak = _right_window(text, last.end).split("的", 1)[0]
    streak = _tidy(_strip_edges(re.split(r"[0-9]", streak, maxsplit=1)[0]), lex)
    if not streak:  # "连续4天超过2万例": the streak is of what follows, digits and all
        streak = _strip_edges(_right_window(text, last.end))
    count = {"年": "年数", "次": "次数", "届": "届数", "天": "天数"}.get(first.unit, "")
    return "连续" + streak + count if streak else ""


def _left_subject(text: str, subject: str, suffix: str, right: str, last: Figure, lex: FigureLexicon,
                  percent: bool, previous: str) -> str:
    """What the clause before a list of figures says is counted, with what earlier figures counted."""
    if subject in lex.change_verbs and previous:
        subject = previous  # "由4182元提高到6946元": the same thing, later
    if not subject and not right and not suffix:
        # "“6.26”3000多人参加…": what follows says what is counted.
        window = _right_window(text, last.end)
        for w in lex.after_unit:
            if window.startswith(w):
                window = window[len(w) :]
                break
        subject = _strip_edges(re.split(r"[0-9]", window, maxsplit=1)[0])[:_MAX_LEFT]
    if suffix and subject in ("", "同比", "环比") and previous:
        subject = previous + subject  # "查处交通违法22.78万起,同比上升73.06%"
    subject = _tidy(subject, lex, keep_verbs=percent)  # 完成全年目标的77%: the verb is the rate
    if percent and "占" in subject and not re.search("比例|比重|占比|比$", subject):
        subject += "比例"  # "调解数量占全市矛盾纠纷总量的90%"
    return subject


def _items(subject: str, count: int) -> list[str]:
    """One subject per figure of a list: 法治体检和法律问诊17次、12次 -> 法治体检, 法律问诊."""
    items = _split_items(subject) if count > 1 else [subject]
    if len(items) != count:
        return [subject] * count
    tail = items[-1]
    return [it + tail[len(it) :] if k < len(items) - 1 and len(it) <= 2 < len(tail) else it
            for k, it in enumerate(items)]


def _group_indicators(text: str, figures: list[Figure], group: list[int], lex: FigureLexicon,
                      previous: str) -> str:
    """The indicators of one list of figures; returns the last one (what the next list may refer to)."""
    first, last = figures[group[0]], figures[group[-1]]
    percent = first.unit in _PERCENT_UNITS
    right = _right_indicator(text, first, last, lex)
    before = figures[group[0] - 1].end if group[0] > 0 else 0
    left_start = max(_clause_start(text, first.start), before)
    subject, suffix = _clean_left(text[left_start : first.start], lex, percent)
    if text[left_start : first.start].endswith(_STREAK) and not percent:
        subject = _streak(text, first, last, lex)
        for i in group:
            figures[i].indicator = subject
        return subject
    if right and len(group) == 1:
        first.indicator = right
        return first.indicator
    subject = _left_subject(text, subject, suffix, right, last, lex, percent, previous)
    for i, item in zip(group, _items(subject, len(group))):
        name = item + suffix if item or suffix else ""
        if name and not right and not suffix:
            name = _for_people(name, figures[i].unit, lex)
        figures[i].indicator = right if (right and not name) else name
    return figures[group[-1]].indicator


def _share_with_neighbours(text: str, figures: list[Figure]) -> None:
    for i in range(len(figures) - 2, -1, -1):
        nxt = figures[i + 1]
        # "组建9支287人应急服务分队": a figure right before another counts the same thing.
        if figures[i].end == nxt.start and nxt.indicator:
            same = nxt.indicator
            if nxt.unit in _PERSON_UNITS and figures[i].unit not in _PERSON_UNITS and same.endswith("人数"):
                same = same[: -len("人数")]  # 9支 counts the teams, 287人 their members
            figures[i].indicator = same
        # "33个村(社区)和17个部门单位聘请法律顾问": the verb phrase holds for the whole list.
        between = text[figures[i].end : nxt.start]
        if (
            nxt.predicate
            and not figures[i].predicate
            and figures[i].indicator
            and between.rstrip("、和及与") == figures[i].indicator
            and len(between) - len(figures[i].indicator) == 1
        ):
            figures[i].predicate = nxt.predicate
            figures[i].indicator = nxt.predicate + "的" + figures[i].indicator


def indicators(text: str, figures: list[Figure], lex: FigureLexicon) -> None:
    """Set what each figure of one sentence counts."""
    previous = ""
    for group in _lists(text, figures):
        previous = _group_indicators(text, figures, group, lex, previous)
    for fig in figures:
        if fig.named:
            fig.indicator = fig.named
    _share_with_neighbours(text, figures)
