"""Cues that tell a local practice from any quoted phrase (``ontology/local_practices/``).

``cues.tsv`` holds one ``KIND<TAB>TEXT`` per line: kind words after a quotation
(suffix, weak_suffix), practice-like endings inside it (head), introducing
verbs before it (verb), honours (honour), titles, themes and reputations
(title_before, title_after), forms of an activity (form_after), places named (place_after), aims after it (aim_after), crackdown verbs (target), events (event), stop
phrases (stop), slogan patterns (slogan_re, regular expressions), unquoted
named bodies (unquoted_head, unquoted_verb) and apps (platform_head,
platform_word, platform_not), ordinary words a kind word begins (word_not),
words before it that make it an outcome (outcome_before) or a name given to something else (named_before),
the words after it that make it a campaign (campaign_after), the verbs a phrase that reads as a verb phrase begins with (verb_start), and the rooms of a centre's layout written as a name (layout_room, layout_verb: 设有一厅六区). ``national_formulas.txt``
lists national formulas (一国两制, 六稳) that are quoted all over national news.
``model.json`` is a logistic regression over the finder's cues, trained on the
development corpus's train split by ``scripts/train_local_practices.py``
(generated: retrain rather than edit it).
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Optional

from kg.lexicons.files import DataFiles, by_length
from kg.text.normalize import normalize

CUES = "local_practices/cues.tsv"
NATIONAL_FORMULAS = "local_practices/national_formulas.txt"
MODEL = "local_practices/model.json"
_SEPARATORS = re.compile(r"[、，,；;\s]")


def stop_key(name: str) -> str:
    """A formula without its separators: 预防在前，调解优先 is the formula written 预防在前、调解优先."""
    return _SEPARATORS.sub("", name)


@dataclass(frozen=True, kw_only=True)
class LocalPracticeCues:
    suffixes: tuple[str, ...]  # longest first
    weak_suffixes: frozenset[str]  # 工作, 活动: count half
    heads: tuple[str, ...]
    verbs: tuple[str, ...]
    honours: tuple[str, ...]
    targets: tuple[str, ...] = ()  # 打击, 查处 …: what follows is a crime or a tool of one (打击“伪基站”)
    events: tuple[str, ...]
    titles_before: tuple[str, ...] = ()  # 作为, 素有 …: the quotation is a title, theme or reputation
    titles_after: tuple[str, ...] = ()  # 称号, 美誉, 为主题 … after it
    forms_after: tuple[str, ...] = ()  # 形式, 等多种形式 … after it: the form an activity takes, not a name
    places_after: tuple[str, ...] = ()  # 小区, 陈列馆, 大桥 … right after it: the name of a place or building
    aims: tuple[str, ...] = ()  # 目标, 要求, 问题 … ending the noun phrase after it: a goal or a problem, not a name
    units: tuple[str, ...] = ()  # 基地, 联系点, 驿站, 超市, 班 …: a quoted name ending so names an organised unit or place
    figure_verbs: tuple[str, ...] = ()  # 交出, 绘就, 奏响, 织密 …: what they govern is a figure of speech
    methods: tuple[str, ...] = ()  # 方法, 格局, 思路 … ending it: a formula of parallel phrases names a method
    stops: frozenset[str]  # by stop_key: see is_stop
    national: frozenset[str]  # quoted all over national news: count against, but a kind word can still win
    slogans: tuple[re.Pattern, ...]
    unquoted_heads: tuple[str, ...] = ()  # unquoted names ending so are names (百姓议事会, 道德评判团)
    unquoted_verbs: tuple[str, ...] = ()  # … after one of these verbs (建立, 组建, 推出)
    platform_heads: tuple[str, ...] = ()  # unquoted names of apps and platforms end so (社区通) …
    platform_words: tuple[str, ...] = ()  # … next to a word for a platform (平台, 智慧系统)
    platform_not: frozenset[str] = frozenset()  # … and are not an ordinary word (交通, 互通)
    words_not: tuple[str, ...] = ()  # ordinary words a kind word begins (调解队伍): there it is none
    outcomes_before: tuple[str, ...] = ()  # 实现, 做到, 从 … before it: an outcome or a slogan
    named_before: tuple[str, ...] = ()  # 称为, 追授为 … before it: a name given to something else
    campaigns_after: tuple[str, ...] = ()  # 专项, 行动 … right after it: a campaign
    verb_starts: tuple[str, ...] = ()  # 打, 抓, 把 … beginning it: a verb phrase
    layout_rooms: tuple[str, ...] = ()  # 厅, 室, 窗口 …: a numeral and one, twice or more, is a centre's layout (一厅六区)
    layout_verbs: tuple[str, ...] = ()  # 设, 建 …: may stand right before a layout (设有一厅六区)

    def runs_on(self, text: str, end: int) -> bool:
        """The word ending at ``end`` goes on into one of ``words_not`` (调解队 in 调解队伍)."""
        return any(text.startswith(w[k:], end) and text.endswith(w[:k], 0, end)
                   for w in self.words_not for k in range(1, len(w)))

    def is_stop(self, name: str) -> bool:
        """A generic or national formula, however its parts are separated."""
        return stop_key(name) in self.stops


@dataclass(frozen=True, kw_only=True)
class CandidateModel:
    """Logistic-regression weights over candidate cues: plain numbers, so using it needs no learning library."""

    weights: dict[str, float]
    intercept: float
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-z))


def load_model(files: DataFiles) -> Optional[CandidateModel]:
    """The trained candidate model of the ontology folder, or None (the cue rules alone decide)."""
    text = files.text(MODEL, missing_ok=True)
    if text is None:
        return None
    data = json.loads(text)
    return CandidateModel(weights=dict(data["weights"]), intercept=float(data["intercept"]),
                          threshold=float(data["threshold"]))


def load_cues(files: DataFiles) -> LocalPracticeCues:
    national = [normalize(row[0]) for row in files.rows(NATIONAL_FORMULAS, missing_ok=True)]
    kinds: dict[str, list[str]] = defaultdict(list)
    for number, line in files.lines(CUES):
        kind, _, text = line.partition("\t")
        if not text:
            raise ValueError(f"{CUES}:{number}: expected KIND<TAB>TEXT, got {line!r}")
        kinds[kind.strip()].append(text.strip() if kind.strip() == "slogan_re" else normalize(text.strip()))
    return LocalPracticeCues(
        suffixes=by_length(kinds["suffix"] + kinds["weak_suffix"]),
        weak_suffixes=frozenset(kinds["weak_suffix"]),
        heads=by_length(kinds["head"]),
        verbs=by_length(kinds["verb"]),
        honours=by_length(kinds["honour"]),
        targets=by_length(kinds["target"]),
        events=by_length(kinds["event"]),
        titles_before=by_length(kinds["title_before"]),
        titles_after=by_length(kinds["title_after"]),
        forms_after=by_length(kinds["form_after"]),
        places_after=by_length(kinds["place_after"]),
        aims=by_length(kinds["aim_after"]),
        methods=by_length(kinds["method_after"]),
        units=by_length(kinds["unit_head"]),
        figure_verbs=by_length(kinds["figure_verb"]),
        stops=frozenset(stop_key(s) for s in kinds["stop"]),
        national=frozenset(national),
        slogans=tuple(re.compile(p) for p in kinds["slogan_re"]),
        unquoted_heads=by_length(kinds["unquoted_head"]),
        unquoted_verbs=by_length(kinds["unquoted_verb"]),
        platform_heads=by_length(kinds["platform_head"]),
        platform_words=by_length(kinds["platform_word"]),
        platform_not=frozenset(kinds["platform_not"]),
        words_not=tuple(kinds["word_not"]),
        outcomes_before=by_length(kinds["outcome_before"]),
        named_before=by_length(kinds["named_before"]),
        campaigns_after=by_length(kinds["campaign_after"]),
        verb_starts=by_length(kinds["verb_start"]),
        layout_rooms=by_length(kinds["layout_room"]),
        layout_verbs=by_length(kinds["layout_verb"]),
    )
