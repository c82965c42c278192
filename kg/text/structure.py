"""The shape of a document: title, headings and numbered items, paragraphs, sentences.

Work reports are built from sections (“三、某某县：推行……”, “（二）……”, “1.……”,
short bold lines) and news bulletins from paragraphs that each follow one
place. Facts take the region of the unit they stand in, so extractors need to
know, for every sentence, its paragraph and the headings above it. This
module finds them from the text alone (line breaks, enumerators, line
length); which region each unit names is decided later, by attribution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from kg.model import PreparedText

# Enumerators that open a heading or an item, by level: 一、 （一） 1. ① .
_ENUMERATORS = (
    (1, re.compile(r"[一二三四五六七八九十]{1,3}\s*[、.]")),
    (2, re.compile(r"[(（][一二三四五六七八九十]{1,3}[)）]\s*[、.]?")),
    (3, re.compile(r"\d{1,2}\s*[、.](?!\d)")),
    (4, re.compile(r"[(（]\d{1,2}[)）]|[①-⑳]")),
)
_SHORT_LINE = 5  # the level of an unnumbered short line, below every enumerator's
# Items inside a paragraph: 一是…；二是…, 第一，…, 首先/其次/最后; and the marks that decorate a line (★某区某社区★).
ITEM_OPENER = re.compile(
    r"(?:[★☆◆◇■□●○▲△▶►◎]+\s*|[一二三四五六七八九十]是|第[一二三四五六七八九十]+[,，、:：]?|首先[,，]?|其次[,，]?|再次[,，]?|最后[,，]?|"
    r"[(（]?[一二三四五六七八九十\d]{1,2}[)）][、.]?|[①-⑳]|[一二三四五六七八九十]{1,3}、|\d{1,2}[、.](?!\d))"
)
# A line this short, with no sentence punctuation at its end, is a heading (a bold subtitle).
HEADING_MAX = 36
_SENTENCE_END = re.compile(r"[。!?;！？；…]$")


@dataclass(frozen=True, kw_only=True)
class Heading:
    """A heading or a numbered item's first line; it governs what follows until one of its level or above."""

    index: int
    start: int  # offsets in Document.text of the whole line
    end: int
    body: int  # where the heading's words start, after its enumerator
    level: int  # 1 (一、) … 4 (①); 5 for an unnumbered short line, 6 for one right under it


@dataclass(frozen=True, kw_only=True)
class Paragraph:
    index: int
    start: int
    end: int
    headings: tuple[int, ...]  # the headings above it, outermost first (Heading.index)
    heading: Optional[int] = None  # the heading this paragraph is, if it is one


@dataclass(frozen=True, kw_only=True)
class DocumentStructure:
    headings: tuple[Heading, ...]
    paragraphs: tuple[Paragraph, ...]
    sentence_paragraph: tuple[int, ...]  # Sentence.index -> Paragraph.index
    title_sentences: int  # how many sentences, from the first, are the document's title

    def paragraph_of(self, sentence_index: int) -> Paragraph:
        return self.paragraphs[self.sentence_paragraph[sentence_index]]


def enumerator_end(text: str, start: int = 0) -> int:
    """Where the words start after an enumerator at ``start`` (``start`` when there is none)."""
    m = ITEM_OPENER.match(text, start)
    return m.end() if m else start


def document_structure(prepared: PreparedText) -> DocumentStructure:
    """Paragraphs (lines holding sentences), the headings among them, and which paragraph each sentence is in."""
    text = prepared.norm
    paragraphs: list[Paragraph] = []
    headings: list[Heading] = []
    open_headings: list[Heading] = []  # the chain of headings in force, outermost first
    sentence_paragraph: list[int] = []
    line_start = None
    # The headline's sentences come first (PreparedText.title_end); counted once, not per paragraph.
    title_sentences = len(prepared.sentences) - len(prepared.body_sentences)
    for sentence in prepared.sentences:
        start = text.rfind("\n", 0, sentence.start) + 1
        if start != line_start:
            line_start = start
            end = text.find("\n", sentence.start)
            end = len(text) if end < 0 else end
            level, body = _heading_level(text, start, end)
            # A short line right under another (★某区某社区★ over “某某”工作法) is its subheading, not its successor;
            # more short lines after the subheading are its siblings (a list of names), not ever deeper ones.
            if (level == _SHORT_LINE and paragraphs and paragraphs[-1].heading is not None
                    and headings[-1].level >= _SHORT_LINE):
                level = _SHORT_LINE + 1
            heading = None
            if level is not None and sentence.index >= title_sentences:
                heading = Heading(index=len(headings), start=start, end=end, body=body, level=level)
                headings.append(heading)
                open_headings = [h for h in open_headings if h.level < level]
            paragraphs.append(Paragraph(index=len(paragraphs), start=start, end=end,
                                        headings=tuple(h.index for h in open_headings),
                                        heading=heading.index if heading else None))
            if heading is not None:
                open_headings.append(heading)
        sentence_paragraph.append(len(paragraphs) - 1)
    return DocumentStructure(headings=tuple(headings), paragraphs=tuple(paragraphs),
                             sentence_paragraph=tuple(sentence_paragraph),
                             title_sentences=title_sentences)


def _heading_level(text: str, start: int, end: int) -> tuple[Optional[int], int]:
    """(level, body start) when the line is a heading or item, else (None, start)."""
    line = text[start:end].strip()
    lead = start + len(text[start:end]) - len(text[start:end].lstrip())
    for level, pattern in _ENUMERATORS:
        m = pattern.match(text, lead, end)
        if m:
            return level, m.end()
    if 2 <= len(line) <= HEADING_MAX and not _SENTENCE_END.search(line) and "," not in line and "，" not in line:
        return _SHORT_LINE, lead
    return None, start
