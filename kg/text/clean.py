"""Clean a document for extraction: normalise, drop page boilerplate, read metadata, split sentences.

Web articles arrive wrapped in their page: breadcrumbs, "welcome" banners,
source/editor lines, copyright and ICP footers. The cues live in
``ontology/boilerplate.tsv`` (data, editable without Python). Boilerplate is
never deleted from the text (offsets must hold); it simply lies outside every
Sentence. Metadata the page states (title, date, outlet, author) is read into
a new Document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional

from kg.model import Document, PreparedText, Sentence
from kg.text.boilerplate import Rule, RuleSet
from kg.text.dates import DATE, parse_date
from kg.text.normalize import normalize

# A line at least this long (or ending like a sentence) is article body: the
# header zone, where a headline may stand, ends there.
BODY_LINE_MIN = 40
HEADLINE_MIN, HEADLINE_MAX = 4, 100

_META_FIELDS = ("date", "outlet", "author")


# ---------------------------------------------------------------- prepare

_LINE = re.compile(r"[^\r\n]+")
# A sentence ends at 。！？!?；; (already half-width in norm) plus closing quotes/brackets.
_SENT_END = re.compile(r"[。!?;]+[”’\"')\]》」』]*")
_CONTENT = re.compile(r"\w")
_COLUMN_TAG = re.compile(r"^\s*【[^【】]{1,30}】\s*")  # 【政法委书记谈《条例》②】headline
_SUBTITLE = re.compile(r"\s*(?:——|--|─{2})")
_HEADLINE_BAD = re.compile(r"[,;:、]$|。")  # a headline has no full stop and no dangling comma
_HANZI = re.compile(r"[\u4e00-\u9fff]")
_SPACES = re.compile(r"\s+")


@dataclass
class _Meta:
    """Best candidate per field: (rule index, position, value)."""

    best: dict

    def offer(self, field: str, rank: int, pos: int, value: Optional[str]) -> None:
        if not value:
            return
        current = self.best.get(field)
        if current is None or (rank, pos) < current[:2]:
            self.best[field] = (rank, pos, value)

    def get(self, field: str) -> Optional[str]:
        found = self.best.get(field)
        return found[2] if found else None


def prepare(document: Document, ruleset: RuleSet) -> PreparedText:
    """Normalise, find boilerplate (``ruleset``: the rules of ontology/boilerplate.tsv), read metadata,
    split the body into sentences."""
    text = document.text
    norm = normalize(text)
    meta = _Meta({})
    title_span: Optional[tuple[int, int]] = None
    title_line_norm: Optional[str] = None
    known_title = normalize(_SPACES.sub(" ", document.title)).strip() if document.title else None
    in_header = True
    title_end = 0  # the headline and its ——subtitle are searched too, as the document's first sentences
    body: list[tuple[int, int]] = []  # spans of body text, in order

    for match in _LINE.finditer(norm):
        start, end = _strip(norm, match.start(), match.end())
        if start == end:
            continue
        line = norm[start:end]
        length = end - start
        if length <= ruleset.line_max and _line_boilerplate(line, start, ruleset, meta, text):
            continue
        if in_header:
            if known_title is not None:
                if _same_or_part(line, known_title):
                    if title_span is None:
                        title_span, title_line_norm, title_end = (start, end), line, end
                        body.append((start, end))
                    continue  # the headline repeated in the text
            elif title_span is None:
                span = _headline(norm, start, end)
                if span is not None:
                    title_span, title_line_norm, title_end = span, line, end
                    body.append((start, end))
                    continue
            elif _same_or_part(line, title_line_norm):
                continue  # title (or half of it) repeated under the banner
            if length >= BODY_LINE_MIN or _SENT_END.search(line[-2:]):
                in_header = False
        start, end = _span_boilerplate(norm, start, end, ruleset, meta, text)
        if start < end:
            body.append((start, end))

    sentences = _split(text, norm, body)
    title = document.title
    if title is None and title_span is not None:
        title = _SPACES.sub(" ", text[title_span[0] : title_span[1]]).strip()
    date = document.date or parse_date(meta.get("date") or "")
    new_doc = replace(
        document,
        title=title,
        date=date,
        outlet=document.outlet or meta.get("outlet"),
        author=document.author or meta.get("author"),
    )
    return PreparedText(document=new_doc, norm=norm, sentences=sentences, title_end=title_end)


def _strip(norm: str, start: int, end: int) -> tuple[int, int]:
    while start < end and norm[start].isspace():
        start += 1
    while end > start and norm[end - 1].isspace():
        end -= 1
    return start, end


def _line_boilerplate(line: str, offset: int, ruleset: RuleSet, meta: _Meta, text: str) -> bool:
    # Rule by rule: most rules are anchored (^, a ^(?!.*。) guard) and fail at once on a body line, where
    # one alternation of them all would be tried at every position (2.5 times slower).
    n = len(line)
    hits = [(rule, found) for rule in ruleset.line_rules if n <= rule.max_len
            for found in (rule.regex.search(line),) if found]
    if not hits:
        return False
    if not any(rule.kind == "banner" for rule, _ in hits):
        for rule, found in hits:
            _offer(meta, rule, found, offset, text)
    return True


def _span_boilerplate(norm: str, start: int, end: int, ruleset: RuleSet, meta: _Meta, text: str) -> tuple[int, int]:
    """Trim a dateline at the start and a byline/credits at the end of a body line."""
    for rule in ruleset.head_rules:
        window = norm[start : min(end, start + rule.max_len)]
        found = rule.regex.match(window)
        if found and found.end() > 0:
            _offer(meta, rule, found, start, text)
            start += found.end()
            break
    for rule in ruleset.tail_rules:
        window_start = max(start, end - rule.max_len)
        found = rule.regex.search(norm, window_start, end)
        if found:
            _offer(meta, rule, found, 0, text)
            end = found.start()
            break
    return _strip(norm, start, end)


def _offer(meta: _Meta, rule: Rule, found: re.Match, offset: int, text: str) -> None:
    groups = found.re.groupindex
    for field in _META_FIELDS:
        if field in groups and found.group(field):
            s, e = found.span(field)
            value = text[offset + s : offset + e]  # the original characters, not the normalised ones
            if field == "author":
                value = "、".join(n for n in re.split(r"[\s、,，]+", value) if n)
            meta.offer(field, rule.index, offset + s, value.strip())


def _headline(norm: str, start: int, end: int) -> Optional[tuple[int, int]]:
    """The headline span of a line, without a leading column tag or a ——subtitle."""
    line = norm[start:end]
    tag = _COLUMN_TAG.match(line)
    if tag and len(line) - tag.end() >= HEADLINE_MIN:
        start += tag.end()
    sub = _SUBTITLE.search(norm, start, end)
    if sub and sub.start() - start >= HEADLINE_MIN:
        end = sub.start()
    candidate = norm[start:end]
    if not (HEADLINE_MIN <= len(candidate) <= HEADLINE_MAX):
        return None
    if _HEADLINE_BAD.search(candidate) or len(_HANZI.findall(candidate)) < HEADLINE_MIN:
        return None
    if DATE.fullmatch(candidate.strip("【】[]() ")):
        return None
    return start, end


def _same_or_part(line: str, title_line: Optional[str]) -> bool:
    if not title_line:
        return False
    squeezed = _SPACES.sub("", line)
    return len(squeezed) >= HEADLINE_MIN and squeezed in _SPACES.sub("", title_line)


def _split(text: str, norm: str, spans: list[tuple[int, int]]) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    for span_start, span_end in spans:
        cursor = span_start
        for end_mark in _SENT_END.finditer(norm, span_start, span_end):
            _add(sentences, text, norm, cursor, end_mark.end())
            cursor = end_mark.end()
        _add(sentences, text, norm, cursor, span_end)
    return tuple(sentences)


def _add(sentences: list[Sentence], text: str, norm: str, start: int, end: int) -> None:
    start, end = _strip(norm, start, end)
    if start < end and _CONTENT.search(norm, start, end):
        sentences.append(Sentence(index=len(sentences), start=start, end=end, text=text[start:end]))
