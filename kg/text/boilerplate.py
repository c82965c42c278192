"""Page boilerplate rules (``ontology/boilerplate.tsv``): what lies outside every sentence.

Each row is ``kind, scope, max_len, pattern[, example]`` (the file's header
says more): ``scope`` is ``line`` (the whole line is page furniture), ``head``
(a dateline at the start of a line) or ``tail`` (a byline at its end); named
groups ``date``, ``outlet`` and ``author`` are read as metadata, except on
``banner`` rows (today's date, not the article's); ``define`` rows name a
sub-pattern later rows use as ``{NAME}``. :func:`kg.text.clean.prepare`
applies the rules; :class:`kg.lexicons.Lexicons` reads the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

BOILERPLATE = "boilerplate.tsv"


@dataclass(frozen=True, kw_only=True)
class Rule:
    index: int  # row order: for metadata, a lower index wins
    kind: str
    scope: str  # line | head | tail
    max_len: int
    regex: re.Pattern
    example: str


@dataclass(frozen=True, kw_only=True)
class RuleSet:
    line_rules: tuple[Rule, ...]
    head_rules: tuple[Rule, ...]
    tail_rules: tuple[Rule, ...]
    line_max: int


# ---------------------------------------------------------------- rules


def parse_rules(lines: Iterable[tuple[int, str]], path: str = BOILERPLATE) -> RuleSet:
    """The rules of boilerplate.tsv, from its (line number, line) pairs (see its header for the format)."""
    defines: dict[str, str] = {}
    rules: list[Rule] = []
    for lineno, raw in lines:
        cols = raw.split("\t")
        if len(cols) < 4:
            raise ValueError(f"{path}:{lineno}: expected kind, scope, max_len, pattern")
        kind, scope, max_len, pattern = (c.strip() for c in cols[:4])
        example = cols[4].strip() if len(cols) > 4 else ""
        pattern = _expand(pattern, defines, path, lineno)
        if kind == "define":
            defines[scope] = pattern
            continue
        if scope not in ("line", "head", "tail"):
            raise ValueError(f"{path}:{lineno}: scope must be line, head or tail, not {scope!r}")
        if scope == "head":
            pattern = f"\\s*(?:{pattern})"
        elif scope == "tail":
            pattern = f"(?:{pattern})\\s*$"
        try:
            regex = re.compile(pattern, re.IGNORECASE)
        except re.error as error:
            raise ValueError(f"{path}:{lineno}: bad pattern: {error}") from None
        rules.append(Rule(index=len(rules), kind=kind, scope=scope, max_len=int(max_len), regex=regex,
                          example=example))
    line_rules = tuple(r for r in rules if r.scope == "line")
    return RuleSet(
        line_rules=line_rules,
        head_rules=tuple(r for r in rules if r.scope == "head"),
        tail_rules=tuple(r for r in rules if r.scope == "tail"),
        line_max=max((r.max_len for r in line_rules), default=0),
    )


def _expand(pattern: str, defines: dict[str, str], path: str, lineno: int) -> str:
    def sub(match: re.Match) -> str:
        name = match.group(1)
        if name not in defines:
            raise ValueError(f"{path}:{lineno}: {{{name}}} is not defined above")
        return defines[name]

    return re.sub(r"\{([A-Z][A-Z_]*)\}", sub, pattern)

