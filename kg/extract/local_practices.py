"""Local practices: named local brands, work methods, mechanisms and campaigns
that no list can hold (“家常点”, “365工作法”, “逢四说事”, “1+3+N”模式).

Articles almost always put them in quotation marks, but they quote slogans,
honours and ordinary words too. Each quoted phrase is scored by cues around
it, read from ``ontology/local_practices/cues.tsv``:

- a kind word right after it (机制, 工作法, 模式, 专项行动 …),
- a practice-like ending inside it (…法庭, …工程, …平台),
- an introducing verb before it (开展, 推行, 探索 …),
- a formula shape (1+3+N, 10+N+10),
- a region named in the sentence before it,
- the document quoting it again (a brand is named again and again),

(weighed by the trained model of ``model.json`` when there is one) and rejected
when it is a core practice under one of its names, an honour (荣获“…”), a title,
theme or reputation (素有“…”的美誉, 以“…”为主题), a slogan,
a stop phrase or the target of a crackdown (打击“伪基站”). A quoted list of named
things is split into its names. Unquoted formulas followed by a kind word
(1+8+N社会稳定风险评估体系), named bodies in the enumeration an introducing verb
opens (通过村规民约、百姓议事会、道德评判团等形式), apps next to a platform word
(依托社会治理通智慧系统) and centre layouts (一厅六区) are found too. One quoted name
with different kind words in a document is one practice, under its most frequent label.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Optional, Sequence

from kg.extract.practices import PracticeMatcher
from kg.lexicons.files import alternation, by_length
from kg.lexicons.local_practices import CandidateModel, LocalPracticeCues
from kg.model import FormKind, FormOf, LocalPracticeMention, PreparedText, RegionMention
from kg.text.chars import CLAUSE_BREAK, ITEM_BREAK, quoted_any, quoted_text
from kg.text.segment import Words, tagged

_QUOTED = quoted_any(1, 40)
_TITLE = re.compile(r"《[^《》\n]*》")  # quotes inside a document title are part of the title
_SPEECH = re.compile(r"[,，。;；!?！？:：]")  # a quoted clause is speech, not a name
_CODE = re.compile(r"^\d{2,4}$")  # 141, 365, 415: numbered work methods
# 1+3+N, 10+N+10, 1、3、5分钟: short terms joined by + or 、 (the last may carry a time unit)
_FORMULA = re.compile(
    r"^[0-9A-Za-z一二三四五六七八九十百千万]{1,4}(?:[+、][0-9A-Za-z一二三四五六七八九十百千万]{1,4})+(?:分钟|小时|天|日)?\+?$"
)
_UNQUOTED_FORMULA = re.compile(r"(?<![0-9A-Za-z+])(\d{1,3}(?:\+(?:\d{1,3}|[A-Z])){1,4})(?![0-9A-Za-z+])")
_LIST_SEPARATORS = re.compile(r"[、,，]")
_ITEM_SEPARATORS = re.compile(r"、|和|及")  # items of a quoted list of names
_ENUMERATION_END = re.compile(r"[,，。;；:：!?！？“”\"'‘’]|等")  # where the enumeration an introducing verb opens ends
_PINYIN = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")  # 社区(qū): a reading given in the text
# compiled once: re's own cache costs a look-up on each of the many candidates
_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"[0-9一二三四五六七八九十]")
_LATIN = re.compile(r"[A-Za-z]")


def _clean(name: str) -> str:
    """A quoted name as the graph writes it: no readings in brackets, no spaces (“情暖高墙 关爱孩子”)."""
    return _SPACES.sub("", _PINYIN.sub("", name) if "(" in name else name)

_ACCEPT = 2  # score at which a quoted phrase is taken for a practice
_LONG_NAME = 12
_YI_IDIOM = re.compile(r"^一[\u4e00-\u9fff]{3}$")  # 一呼百应, 一抓到底, 一网情深: slogans
_REGIONISH = re.compile(r"[省市县区州旗盟]")
_ORDINAL = re.compile(r"第[一二三四五六七八九十\d]")  # 第一时间, 第一道防线: a rank, not a name
_NUMBERED_SET = re.compile(r"^[一二两三四五六七八九十\d]{1,2}[个项大无有要]")  # 三个一, 五有, 八无: a numbered set
_HAN_PAIR = re.compile(r"^[\u4e00-\u9fff]{2}$")
_NP_AFTER = re.compile(r"(?:等|的)*([\u4e00-\u9fff]{1,12})")  # the noun phrase a quotation modifies (…”的矛盾纠纷化解新机制)
_LAYOUT_NUMERAL = "[一二两三四五六七八九十\\d]"


def _layout_patterns(rooms: tuple[str, ...], verbs: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """A centre's layout written as a name (一厅六区, 两厅8室1庭, 一办两厅三部), after a word that gives it (设有一厅六区,
    建成两厅8室1庭) or no Chinese character (not 十一区); and what every layout holds, for a fast scan (the layout
    opens with a look-behind: it is tried at every position). Rooms and verbs: cues.tsv layout_room, layout_verb."""
    if not rooms:
        return re.compile("(?!)"), re.compile("(?!)")
    room = f"(?:{alternation(rooms)})"
    after = "".join(f"|(?<={re.escape(v)})" for v in verbs)  # one look-behind each: a verb may be longer than one
    return (re.compile(f"(?:(?<![\u4e00-\u9fff]){after})(?:{_LAYOUT_NUMERAL}{{1,2}}{room}){{2,}}"),
            re.compile(f"{_LAYOUT_NUMERAL}{room}"))


@dataclass(frozen=True, kw_only=True)
class Candidate:
    """A phrase that may name a local practice, with the cues around it (for the rules or the model)."""

    start: int
    end: int
    label: str  # what the graph would call it: the name, with a short kind word (“六五”工作法 -> 六五工作法)
    name: str  # the quoted words
    quoted: bool
    features: dict[str, float]


def hard_reject(c: "Candidate") -> bool:
    """What no cue can save: a core practice, a stop phrase or slogan, an honour, an event, the target of
    a crackdown (打击“伪基站”; but 打击“两抢”专项行动), the form an activity takes, a place's name
    (“平常人家”小区), a national
    formula with no kind word after it (“十四五”; but “清朗”专项行动)."""
    return _vetoed(c.features)


def _vetoed(f: dict[str, float]) -> bool:
    return bool(f.get("core") or f.get("core_joined") or f.get("rejected") or f.get("honour") or f.get("title")
                or f.get("form") or (f.get("place") and not f.get("suffix"))
                or f.get("event")
                or f.get("named_before") or (f.get("target") and not f.get("suffix"))
                or (f.get("national") and not (f.get("suffix") or f.get("weak_suffix"))))


def _past_spaces(text: str, pos: int) -> int:
    """Where the words after a closing quote begin: some outlets set a space after it (“家门口” 警务室)."""
    for _ in range(2):
        if pos < len(text) and text[pos] in " \u3000":
            pos += 1
    return pos


def _suffix_after(text: str, pos: int, cues: LocalPracticeCues) -> Optional[str]:
    if not text.startswith(cues.suffixes, pos):  # the usual case, in one call
        return None
    for suffix in cues.suffixes:
        if text.startswith(suffix, pos):
            # a kind word that goes on into an ordinary word (做“强”调解队伍) names nothing
            return None if cues.runs_on(text, pos + len(suffix)) else suffix
    return None


def _suffix_near(text: str, pos: int, cues: LocalPracticeCues, reach: int = 4) -> Optional[str]:
    """A kind word a few characters on (“1+N+15”旅游维权服务圈), with no punctuation between."""
    for gap in range(1, reach + 1):
        between = text[pos : pos + gap]
        # 的 makes the quotation an attribute of what follows (“…相适应”的财税制度), not its name
        if not all("\u4e00" <= ch <= "\u9fff" and ch != "的" for ch in between):
            return None
        suffix = _suffix_after(text, pos + gap, cues)
        if suffix and suffix not in cues.weak_suffixes:
            return suffix
    return None


def _ends_in_verb(phrase: str) -> bool:
    """The phrase's last word (brackets and quotes aside) is a verb, adjective or adverb by jieba's tags
    (振兴, 服务, 平安; not 镇, 村, 社区)."""
    words = [tag for _, tag, _, _ in tagged(phrase) if tag != "x"]
    return bool(words) and words[-1][0] in "vad"


def _ends_with(words: tuple[str, ...], text: str) -> bool:
    return text.endswith(words)


class LocalPracticeFinder:
    def __init__(self, matcher: PracticeMatcher, cues: LocalPracticeCues, model: Optional[CandidateModel] = None):
        self.matcher = matcher
        self.cues = cues
        self.model = model  # None: the cue rules alone decide
        self._unquoted_re: Optional[re.Pattern] = None
        self._unquoted_verb_re: Optional[re.Pattern] = None
        self._unquoted_head_re: Optional[re.Pattern] = None
        self._platform_re: Optional[re.Pattern] = None
        self._platform_hint = re.compile("|".join(map(re.escape, cues.platform_heads))) if cues.platform_heads else None
        # one search for any of a word list in the few characters before a quotation (one scan, not one per word)
        self._honour_before, self._verb_before, self._target_before = (
            re.compile("|".join(map(re.escape, words)) or "(?!)") for words in (cues.honours, cues.verbs, cues.targets))
        # a word ending right before the quotation: an outcome (实现“…”, 从“…”到“…”), a name given (被称为“…”)
        self._outcome_before, self._named_before = (
            re.compile(f"(?:{alternation(words)})$" if words else "(?!)")
            for words in (cues.outcomes_before, cues.named_before))
        self._layout, self._layout_hint = _layout_patterns(cues.layout_rooms, cues.layout_verbs)
        self._verbish = re.compile(f"^(?:{alternation(cues.verb_starts)})" if cues.verb_starts else "(?!)")  # “打早打小”
        self._core_labels = set(matcher.scheme.labels())
        self._heads = cues.heads + cues.unquoted_heads  # a named body's head names a practice inside quotes too
        self._kinds = tuple(w for w in cues.suffixes if w not in cues.weak_suffixes) + cues.heads
        # a verb of a figure of speech, a few modifiers before the quotation (交出了一份沉甸甸的“…”, 奏响…“六部曲”)
        self._figure_before = re.compile(
            rf"(?:{'|'.join(map(re.escape, cues.figure_verbs))})[^，。,;；“”‘’\"']{{0,8}}$") if cues.figure_verbs else None
        # two-character words of the core practices' names (调解, 网格, 平安): a name built of them is
        # about governance (“云调解”, “微网格”), most quoted metaphors and sayings are not
        self._core_bigrams = frozenset(b for label in self._core_labels for i in range(len(label) - 1)
                                       if _HAN_PAIR.match(b := label[i : i + 2]))

    def _is_core(self, name: str) -> bool:
        """A core practice under one of its names (“一村一顾问”, “雪亮工程”).

        A brand made of core-practice words (“普法进万家”, “小吃枫桥”) is not: it is a local practice."""
        return name in self._core_labels or any(s == 0 and e == len(name) for s, e, _ in self.matcher.find_in(name))

    def _core_joined(self, name: str, after: str) -> bool:
        """The quoted words begin a core practice's name that goes on after the quotes (“八五”普法)."""
        return any(s == 0 and e > len(name) for s, e, _ in self.matcher.find_in(name + after))

    def _rejected(self, name: str) -> bool:
        cues = self.cues
        if cues.is_stop(name) or any(p.search(name) for p in cues.slogans) or _SPEECH.search(name):
            return True
        if _ends_with(cues.events, name):  # “2013海峡两岸媒体前瞻论坛” is an event
            return True
        items = [i for i in _LIST_SEPARATORS.split(name) if i]
        if len(items) > 1 and all(cues.is_stop(i) for i in items):  # “只进一扇门、最多跑一地”: generic formulas
            return True
        # 打、防、管、治、建、宣 is a slogan; 1、3、5分钟 is a formula. A list of short phrases may be either
        # a slogan (大抓平安、抓大平安) or a formula of verb phrases (端窝点、查源头、全环节侦破): the cues decide.
        return len(items) > 1 and not _FORMULA.match(name) and all(len(i) == 1 for i in items)

    def _quoted_runs(self, text: str, quotations: Sequence[re.Match]) -> list[list[re.Match]]:
        """Adjacent quotations (“长安”“围猎”“百日会战”) share the cues of the run."""
        runs: list[list[re.Match]] = []
        for m in quotations:
            if runs and text[runs[-1][-1].end() : m.start()] in ("", "、", ","):
                runs[-1].append(m)
            else:
                runs.append([m])
        return runs

    def _named_items(self, name: str) -> list[str]:
        """The items of a quoted list that are separate named things, not core practices ([]: one name).

        A list is split when half of its items are core practices (“网格化管理、组团式服务”), when its
        items end with a named body's head (…议事会、…联席会), or when they share their first words
        (无讼(乡)镇、无讼村(社区)); a formula of verb phrases (“端窝点、查源头、全环节侦破”) stays one name."""
        items = [i for i in _ITEM_SEPARATORS.split(name) if i]
        if len(items) < 2 or _FORMULA.match(name) or any(len(i) < 2 for i in items):
            return []
        core = [self._is_core(i) for i in items]
        # items sharing their first words are named things (无讼(乡)镇、无讼村(社区)), unless they are verb
        # phrases: those are one formula (“服务乡村振兴、服务基层治理”, “第一时间发现、第一时间处置”)
        named = all(_ends_with(self._heads, i) for i in items) or (
            len({i[:2] for i in items}) == 1 and not any(_ends_in_verb(i) for i in items))
        # core practices among a few items (“网格化管理、组团式服务”); one core word in a long formula is not
        if not (2 * sum(core) >= len(items) or named):
            return []
        return [i for i, c in zip(items, core) if not c]

    def _names_kind(self, text: str, end: int) -> bool:
        """The noun phrase after a quoted list holds a kind word or a method noun, the space a layout puts
        before it aside (“…” 的警务机制, “…”的闭环机制顶层设计, “…”的四级综治中心体系)."""
        np = _NP_AFTER.match(text, end + len(text[end:end + 2]) - len(text[end:end + 2].lstrip()))
        return bool(np) and any(k in np.group(1) for k in self._kinds + self.cues.methods)

    def _quoted(self, text: str, m: re.Match, name: str, run: list, label: str, end: int, own_suffix: Optional[str],
                suffix: Optional[str], verb: bool, honoured: bool, places: Sequence[tuple[int, int]], *, speech: bool,
                split: bool, titled: bool = False, formed: bool = False, repeated: bool = False,
                complete: bool = True) -> Candidate:
        """A quoted phrase (or an item of a quoted list) with its cues; ``places``: the regions' offsets in ``text``.

        Not ``complete``: a phrase :func:`hard_reject` turns away carries only the cues read until one decided it
        (nearly half of all quoted phrases are national formulas, slogans or titles: their other cues would not count)."""
        cues = self.cues
        before = text[max(0, m.start() - 6) : m.start()]
        # hard_reject's cues: the cheap ones, then those that look for core practices
        veto = {"suffix": 1.0 if suffix and suffix not in cues.weak_suffixes else 0.0,
                "weak_suffix": 1.0 if suffix in cues.weak_suffixes else 0.0,
                "honour": 1.0 if honoured else 0.0, "title": 1.0 if titled else 0.0, "form": 1.0 if formed else 0.0,
                "place": 1.0 if cues.places_after and text.startswith(cues.places_after, m.end()) else 0.0,
                "national": 1.0 if name in cues.national else 0.0,
                "named_before": 1.0 if self._named_before.search(before) else 0.0,
                "event": 1.0 if _ends_with(cues.events, name) else 0.0,
                "target": 1.0 if self._target_before.search(before) else 0.0,
                "rejected": 1.0 if self._rejected(name) else 0.0}
        if not complete and _vetoed(veto):
            return Candidate(start=m.start(), end=end, label=label, name=name, quoted=True, features=veto)
        inside = [(a - m.start() - 1, b - m.start() - 1) for a, b in places if m.start() < a and b < m.end()]
        # core practices' names in it (平安{region} among them, the regions' offsets given when it is as written)
        core = self.matcher.find_in(name, inside if name == quoted_text(m) else ())
        veto["core"] = 1.0 if name in self._core_labels or any(s == 0 and e == len(name) for s, e, _ in core) else 0.0
        veto["core_joined"] = 1.0 if not split and self._core_joined(name, text[m.end() : m.end() + 6]) else 0.0
        if not complete and _vetoed(veto):
            return Candidate(start=m.start(), end=end, label=label, name=name, quoted=True, features=veto)
        words_after = _past_spaces(text, m.end())
        after = text[words_after : words_after + 2]  # two characters, not a copy of the rest of the sentence
        items = [i for i in _LIST_SEPARATORS.split(name) if i]
        # the noun phrase the quotation (or its run) modifies, up to the next punctuation: “X”的…新机制 names a
        # mechanism X, “X”的工作目标 states a goal
        np = _NP_AFTER.match(text, _past_spaces(text, run[-1].end()))
        np = np.group(1) if np else ""
        return Candidate(start=m.start(), end=end, label=label, name=name, quoted=True, features={
            "np_kind": 1.0 if not suffix and np.endswith(self._kinds) else 0.0,
            "np_aim": 1.0 if np.endswith(cues.aims) else 0.0,
            "ordinal": 1.0 if _ORDINAL.search(name) else 0.0,
            "numbered_set": 1.0 if _NUMBERED_SET.match(name) else 0.0,
            # one word of the dictionary (“一碗水端平”, “黑中介”): a word quoted for emphasis; a coined name is
            # no dictionary word (“以案代补”, “平安客厅”)
            "one_word": 1.0 if len(name) > 1 and Words(name).word_end(0) == len(name) else 0.0,
            "core_words": 1.0 if any(name[i : i + 2] in self._core_bigrams for i in range(len(name) - 1)) else 0.0,
            "suffix": veto["suffix"],
            "weak_suffix": veto["weak_suffix"],
            "own_suffix": 1.0 if own_suffix else 0.0,
            "head": 1.0 if _ends_with(self._heads, name) else 0.0,
            # a coined name of an organised unit or place (“检企共建基地”, “幸福驿站”, “刘亚斌班”): a word or two
            # before the head, which alone (基地, 班) is an ordinary noun
            "unit_head": 1.0 if any(name.endswith(u) and len(name) >= len(u) + 2 for u in cues.units) else 0.0,
            "verb": 1.0 if verb else 0.0,
            "honour": veto["honour"],
            "title": veto["title"],
            "form": veto["form"],
            # a place or building named by the quotation (“平常人家”小区, “五四宪法”历史资料陈列馆)
            "place": veto["place"],
            "repeated": 1.0 if repeated else 0.0,  # quoted again elsewhere in the document
            "target": veto["target"],
            "formula": 1.0 if _FORMULA.match(name) or _CODE.match(name) else 0.0,
            "run": 1.0 if len(run) > 1 else 0.0,
            "split_item": 1.0 if split else 0.0,
            "national": veto["national"],
            "core": veto["core"],
            "core_joined": veto["core_joined"],
            "core_part": 1.0 if core else 0.0,
            "core_cover": 1.0 if sum(e - s for s, e, _ in core) >= 0.6 * len(name) else 0.0,
            "rejected": veto["rejected"],
            "short_items": 1.0 if len(items) > 1 and not all(self._is_core(i) or len(i) >= 5 for i in items) else 0.0,
            "parallel": 1.0 if len(items) > 1 and len({len(i) for i in items}) == 1 else 0.0,
            "speech": 1.0 if speech else 0.0,
            "list": 1.0 if len(items) > 1 else 0.0,
            # a formula of parallel phrases is one method's name when a kind word follows it (“街道牵头、公安主导、
            # 多方联动”的工作格局, “定人、定岗、定时”的方法); alone, most such lists are slogans or goals
            "list_kind": 1.0 if len(items) > 1 and (
                (suffix and suffix not in cues.weak_suffixes) or self._names_kind(text, run[-1].end())) else 0.0,
            "digit": 1.0 if _DIGIT.search(name) else 0.0,
            "plus": 1.0 if "+" in name else 0.0,
            "len1": 1.0 if len(name) == 1 else 0.0,
            "len2": 1.0 if len(name) == 2 else 0.0,
            "len3_4": 1.0 if 3 <= len(name) <= 4 else 0.0,
            "len5_8": 1.0 if 5 <= len(name) <= 8 else 0.0,
            "len9_12": 1.0 if 9 <= len(name) <= 12 else 0.0,
            "long": 1.0 if len(name) > _LONG_NAME else 0.0,
            "de_after": 1.0 if after.startswith("的") else 0.0,
            # a phrase with 的 inside describes (“竖起来的社区”, “永不打烊的服务站”): a figure of speech, not a coined name
            "de_inside": 1.0 if "的" in name[1:-1] else 0.0,
            "deng_after": 1.0 if after.startswith("等") else 0.0,
            "ascii_quote": 1.0 if m.group(0)[0] in "\"'" else 0.0,
            "non_hanzi": 1.0 if _LATIN.search(name) else 0.0,
            "ends_hua": 1.0 if name.endswith("化") else 0.0,
            "event": veto["event"],
            "outcome_before": 1.0 if self._outcome_before.search(before) else 0.0,
            "figure_before": 1.0 if self._figure_before is not None and self._figure_before.search(
                text, max(0, m.start() - 12), m.start()) else 0.0,
            "named_before": veto["named_before"],
            "yi_idiom": 1.0 if _YI_IDIOM.match(name) else 0.0,
            "region_in": 1.0 if _REGIONISH.search(name) else 0.0,
            # a region named in the sentence before the quotation: a place doing something (national news
            # quotes campaigns, crimes and speech in sentences that name none)
            "region_before": 1.0 if any(b <= m.start() for _, b in places) else 0.0,
            "region_after": 1.0 if any(a >= m.end() for a, _ in places) else 0.0,
            "xing_dong_after": 1.0 if text.startswith(cues.campaigns_after, end) else 0.0,
            "after_verb_phrase": 1.0 if self._verbish.match(name) else 0.0,
            # the name's last character and the one after the closing quote (…”机制, …”工作法)
            "last=" + name[-1]: 1.0,
            "next=" + (text[m.end()] if m.end() < len(text) else "$"): 1.0,
        })

    def candidates(self, text: str, places: Sequence[tuple[int, int]] = (),
                   repeated: frozenset[str] = frozenset(), complete: bool = True) -> list[Candidate]:
        """Every quoted phrase (and unquoted formula or named body) of one folded sentence, with its cues;
        ``places``: the offsets of the regions the sentence names; ``repeated``: the names its document
        quotes more than once (see ``repeated_names``); not ``complete``: a phrase :func:`hard_reject` turns
        away has only the cues that decided it (what finding needs; training reads every cue)."""
        cues = self.cues
        out: list[Candidate] = []
        quotations = list(_QUOTED.finditer(text))  # most sentences have none: no runs, titles or spans to look at
        titles = [(m.start(), m.end()) for m in _TITLE.finditer(text)] if quotations else []
        for run in self._quoted_runs(text, quotations):
            if any(s <= run[0].start() < e for s, e in titles):
                continue
            before = text[max(0, run[0].start() - 6) : run[0].start()]  # the run's: a verb before it introduces all
            run_end = _past_spaces(text, run[-1].end())
            run_suffix = _suffix_after(text, run_end, cues)
            honoured = bool(self._honour_before.search(before))
            verb = bool(self._verb_before.search(before))
            titled = self._titled(text, before, run_end)
            formed = self._formed(text, run_end)
            for m in run:
                name = _clean(quoted_text(m))
                speech = bool(_SPEECH.search(name))
                if speech and _suffix_after(text, m.end(), cues):
                    # “民生110,处处为人民”工作机制: the brand is the first phrase, the rest its motto.
                    name = _SPEECH.split(name, 1)[0].strip()
                if not name:
                    continue
                m_end = _past_spaces(text, m.end())
                own_suffix = _suffix_after(text, m_end, cues)
                suffix = own_suffix or run_suffix or _suffix_near(text, run_end, cues)
                items = self._named_items(name)
                if items:  # “警民议事会、警务联席会和十户联防”: each named thing is a name
                    for item in items:
                        out.append(self._quoted(text, m, item, run, item, m.end(), None, suffix, verb, honoured,
                                                places, speech=False, split=True, titled=titled, formed=formed,
                                                complete=complete))
                    continue
                label = name + own_suffix if own_suffix and len(own_suffix) <= 3 and not name.endswith(own_suffix) else name
                end = m_end + len(own_suffix) if own_suffix and label != name else m.end()
                out.append(self._quoted(text, m, name, run, label, end, own_suffix, suffix, verb, honoured,
                                        places, speech=speech, split=False, titled=titled, formed=formed,
                                        repeated=name in repeated, complete=complete))
        quoted_spans = [(m.start(), m.end()) for m in quotations]
        for m in self._layout.finditer(text) if self._layout_hint.search(text) else ():  # 一厅六区, 两厅8室1庭: a layout
            if not any(s <= m.start() < e for s, e in quoted_spans):
                out.append(Candidate(start=m.start(), end=m.end(), label=m.group(), name=m.group(), quoted=False,
                                     features={"layout": 1.0}))
        if cues.unquoted_heads:
            for start, name in self._unquoted_names(text):
                if not any(s <= start < e for s, e in quoted_spans) and not self._is_core(name):
                    out.append(Candidate(start=start, end=start + len(name), label=name, name=name, quoted=False,
                                         features={"unquoted_named": 1.0}))
        if self._platform_hint is not None and self._platform_hint.search(text):  # most sentences have none
            for start, name in self._platforms(text):
                if not any(s <= start < e for s, e in quoted_spans):
                    out.append(Candidate(start=start, end=start + len(name), label=name, name=name, quoted=False,
                                         features={"platform": 1.0}))
        for m in _UNQUOTED_FORMULA.finditer(text) if "+" in text else ():  # 1+8+N: every formula joins with +
            if any(s <= m.start() < e for s, e in quoted_spans):
                continue
            if _suffix_after(text, m.end(), cues) or self.matcher.find_in(text[m.end() : m.end() + 12]):
                out.append(Candidate(start=m.start(), end=m.end(), label=m.group(1), name=m.group(1), quoted=False,
                                     features={"unquoted_formula": 1.0}))
        return out

    def _platforms(self, text: str) -> list[tuple[int, str]]:
        """(start, name) of unquoted names of apps and platforms (…通) next to a word for a platform: after an
        introducing verb and followed by it (依托社会治理通智慧系统), or after it and a dash (交流平台——社区通)."""
        if self._platform_re is None:
            cues = self.cues
            verbs = "|".join(map(re.escape, by_length(cues.verbs + cues.unquoted_verbs)))
            words = "|".join(map(re.escape, cues.platform_words))
            name = rf"[\u4e00-\u9fffA-Za-z]{{2,6}}?(?:{'|'.join(map(re.escape, cues.platform_heads))})"
            self._platform_re = re.compile(
                rf"(?:{verbs})(?P<a>{name})(?={words})|(?:{words})——(?P<b>{name})")
        out = []
        for m in self._platform_re.finditer(text):
            group = "a" if m.group("a") else "b"
            name = m.group(group)
            if not name.endswith(tuple(self.cues.platform_not)) and not self._is_core(name):
                out.append((m.start(group), name))
        return out

    def _titled(self, text: str, before: str, end: int) -> bool:
        """The run of quotations is a title, a theme or a reputation: 作为“…示范乡镇”, 素有“…”“…”的美誉,
        以“…”为主题 (``before``: the text before the run; ``end``: where the run ends)."""
        cues = self.cues
        if cues.titles_before and before.endswith(cues.titles_before):
            return True
        after = end + 1 if text.startswith("的", end) else end
        return bool(cues.titles_after) and text.startswith(cues.titles_after, after)

    def _formed(self, text: str, end: int) -> bool:
        """The run of quotations is the form an activity takes (以“模拟法庭”的形式普及法律知识, 开展“进社区、进企业”
        等多种形式的普法宣传): a kind of activity many places hold, not one place's named practice."""
        after = end + 1 if text.startswith("的", end) else end
        return bool(self.cues.forms_after) and text.startswith(self.cues.forms_after, after)

    def _unquoted_names(self, text: str) -> list[tuple[int, str]]:
        """(start, name) of short unquoted names ending in a kind of named body (…议事会, …评判团) that an
        introducing verb opens, or that stand in the enumeration it opens (通过村规民约、百姓议事会、道德评判团等形式)."""
        if self._unquoted_re is None:
            verbs = "|".join(map(re.escape, self.cues.unquoted_verbs or self.cues.verbs))
            heads = "|".join(map(re.escape, self.cues.unquoted_heads))
            self._unquoted_verb_re = re.compile(rf"(?:{verbs})(?:了|起)?")
            self._unquoted_re = re.compile(
                rf"(?P<name>(?:(?!的)[\u4e00-\u9fff]){{2,8}}?(?:{heads}))(?![\u4e00-\u9fff]{{0,1}}(?:员|长))")
            self._unquoted_head_re = re.compile(heads)
        if not self._unquoted_head_re.search(text):  # every name ends with a head: 2 sentences in 1,000 hold one
            return []
        out = []
        for v in self._unquoted_verb_re.finditer(text):
            end = _ENUMERATION_END.search(text, v.end())
            pos = v.end()
            for item in _ITEM_SEPARATORS.split(text[pos : end.start() if end else len(text)]):
                m = self._unquoted_re.match(item)
                if m and not self.cues.runs_on(item, m.end()):  # 引入调解队伍: an ordinary word
                    out.append((pos, m.group("name")))
                pos += len(item) + 1
        return sorted(set(out))

    def _rule_score(self, c: Candidate) -> int:
        f = c.features
        if not c.quoted:
            return _ACCEPT
        if hard_reject(c):
            return -9
        score = 2 * f["suffix"] + f["weak_suffix"] + 2 * f["head"] + f["verb"] + f["formula"] + f["run"]
        if f["national"]:
            score -= 1 if f["suffix"] or f["weak_suffix"] else 2
        if f["long"] and not (f["own_suffix"] or f["head"]):
            return -9  # a long quoted clause with nothing naming it a practice is a quotation
        return int(score)

    def find_in(self, text: str, places: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:
        """(start, end, label) of local practices in one folded sentence (``places``: its regions' offsets)."""
        return [(c.start, c.end, c.label) for c in self._accepted(self.candidates(text, places, complete=False))]

    def _accepted(self, candidates: list[Candidate]) -> list[Candidate]:
        found = []
        for c in candidates:
            if self.model is not None and c.quoted:
                if hard_reject(c) or self.model.probability(c.features) < self.model.threshold:
                    continue
            elif self._rule_score(c) < _ACCEPT:
                continue
            found.append(c)
        return sorted(found, key=lambda c: (c.start, c.end, c.label))

    @staticmethod
    def _one_label_per_name(hits: list[Candidate]) -> dict[str, str]:
        """label -> the label the document gives it: one quoted name with different kind words after it
        (“枫林议事”机制 … “枫林议事”工作法 … “枫林议事”) is one practice, under its most frequent label
        (of equally frequent ones the longest, then the alphabetically first)."""
        by_name: dict[str, Counter] = defaultdict(Counter)
        for c in hits:
            if c.quoted:
                by_name[c.name][c.label] += 1
        chosen = {}
        for counts in by_name.values():
            best = min(counts, key=lambda label: (-counts[label], -len(label), label))
            chosen.update((label, best) for label in counts)
        return chosen

    @staticmethod
    def _related(norm: str, start: int, end: int, core: list, categories: list) -> Optional[FormOf]:
        """What the text says the local practice is a form of: a category word in its clause
        (…等更多具有曾都特点的基层社会治理经验 -> 基层治理), else a core practice in its enumeration item."""
        clause = [m.start() for m in CLAUSE_BREAK.finditer(norm)]
        c_start = max([b + 1 for b in clause if b < start], default=0)
        c_end = min([b for b in clause if b >= end], default=len(norm))
        in_clause = [c for c in categories if c_start <= c[0] < c_end]
        if in_clause:
            return FormOf(kind=FormKind.CATEGORY, id=min(in_clause, key=lambda c: abs(c[0] - start))[2])
        item = [m.start() for m in ITEM_BREAK.finditer(norm)]
        i_start = max([b + 1 for b in item if b < start], default=0)
        i_end = min([b for b in item if b >= end], default=len(norm))
        near = [c for c in core if i_start <= c[0] < i_end]
        return FormOf(kind=FormKind.PRACTICE, id=min(near, key=lambda c: abs(c[0] - start))[2]) if near else None

    @staticmethod
    def repeated_names(prepared: PreparedText) -> frozenset[str]:
        """The phrases a document quotes more than once, in different words (a brand is named again and
        again, a metaphor or a slogan mostly once). A title echoed as a heading (拧紧管党治警“总开关” twice)
        quotes it in the same words: the two characters before the quote tell them apart."""
        contexts: dict[str, set[str]] = defaultdict(set)
        for s in prepared.sentences:
            norm = prepared.norm_of(s)
            for m in _QUOTED.finditer(norm):
                contexts[_clean(quoted_text(m))].add(norm[max(0, m.start() - 2) : m.start()])
        return frozenset(name for name, seen in contexts.items() if len(seen) > 1)

    @staticmethod
    def places_by_sentence(prepared: PreparedText,
                           regions: Sequence[RegionMention]) -> list[tuple[tuple[int, int], ...]]:
        """The offsets of the region mentions in each sentence's folded text, sentence by sentence."""
        places: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for r in regions:
            places[r.sentence].append((r.start, r.end))
        return [tuple((a - s.start, b - s.start) for a, b in places.get(s.index, ())) for s in prepared.sentences]

    def find(self, prepared: PreparedText, regions: Sequence[RegionMention] = ()) -> list[LocalPracticeMention]:
        """Local practices of every sentence; ``regions``, the region mentions (“平安张掖” is a core practice)."""
        text = prepared.document.text
        mentions = []
        found = []
        repeated = self.repeated_names(prepared)
        candidates = []
        for sentence, places in zip(prepared.sentences, self.places_by_sentence(prepared, regions)):
            norm = prepared.norm_of(sentence)
            candidates.append((sentence, norm, self.candidates(norm, places, repeated, complete=False)))
        # what the document names as a crackdown's target (打击“医闹”, 破获利用“伪基站”…) is a crime or its
        # tool wherever the document quotes it (“医闹”事件频发, 打击“伪基站”专项行动); a turned-away phrase keeps
        # these two cues
        targets = {c.name for _, _, cs in candidates for c in cs
                   if c.quoted and c.features.get("target") and not c.features.get("suffix")}
        for sentence, norm, cs in candidates:
            found.append((sentence, norm, [c for c in self._accepted(cs) if c.name not in targets]))
        same = self._one_label_per_name([c for _, _, hits in found for c in hits])
        found = [(sentence, norm, [(c.start, c.end, same.get(c.label, c.label)) for c in hits])
                 for sentence, norm, hits in found]
        labels = {label for _, _, hits in found for _, _, label in hits}
        # “铸魂” and “铸魂行动” in one article are one practice: take the longer name.
        longer = {a: min((b for b in labels if b != a and b.startswith(a)), key=lambda b: (len(b), b), default=a) for a in labels}
        for sentence, norm, hits in found:
            core = self.matcher.find_in(norm) if hits else []
            categories = self.matcher.categories_in(norm) if hits else []
            for start, end, label in hits:
                label = longer[label]
                related = self._related(norm, start, end, core, categories)
                s, e = sentence.start + start, sentence.start + end
                mentions.append(LocalPracticeMention(start=s, end=e, surface=text[s:e], sentence=sentence.index,
                                                     name=label, related=related))
        return mentions
