"""The typed records that flow between pipeline stages.

documents -> prepared text -> mentions -> resolved facts -> RDF.

Every offset is a character offset into ``Document.text``, the text exactly as
it was read (after decoding, and for HTML after tag removal). Normalisation
(traditional -> simplified characters, full-width -> half-width forms) is
length-preserving, so offsets found in normalised text hold in the original.

Records are keyword-only (``Region(adcode=..., name=...)``); a value from a
fixed set is an enum (:class:`Level`, :class:`FormKind`), never a string to parse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Optional, Protocol

class _Named(str, Enum):
    """An enum whose members are their value wherever a string is expected (``str``, ``format``, dict keys)."""

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


class Level(_Named):
    """Administrative level of a region (GB/T 2260), from the largest down."""

    PROVINCE = "province"
    PREFECTURE = "prefecture"
    COUNTY = "county"


LEVELS = tuple(Level)  # province, prefecture, county


@dataclass(frozen=True, kw_only=True)
class Document:
    """One article as read from disk, before any cleaning."""

    doc_id: str  # file name, or the ``id`` field of a JSON Lines record
    text: str  # decoded text; offsets everywhere refer to this string
    source: str  # where it came from: a path, or "path:line" for JSON Lines
    title: Optional[str] = None
    date: Optional[str] = None  # YYYY-MM-DD
    outlet: Optional[str] = None
    author: Optional[str] = None
    url: Optional[str] = None


@dataclass(frozen=True, kw_only=True)
class SkippedInput:
    """An input that could not be read, and why (never raised: reported)."""

    source: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class Sentence:
    index: int  # position among the document's body sentences
    start: int
    end: int
    text: str  # Document.text[start:end]


@dataclass(frozen=True, kw_only=True)
class PreparedText:
    """A document cleaned for extraction.

    ``norm`` has the same length as ``document.text``: simplified characters,
    half-width ASCII forms. Boilerplate (navigation, editor, copyright, ICP
    lines) lies outside every sentence, so extractors never see it.
    """

    document: Document  # metadata (title, date, outlet, author) filled in
    norm: str
    sentences: tuple[Sentence, ...]
    title_end: int = 0  # sentences ending at or before this offset are the headline (and its subtitle)

    def norm_of(self, sentence: Sentence) -> str:
        return self.norm[sentence.start : sentence.end]

    @property
    def headline(self) -> str:
        """The headline: its line in the text (folded), else the metadata title (a JSON story's, as given)."""
        return self.norm[: self.title_end] if self.title_end else (self.document.title or "")

    @property
    def body_sentences(self) -> tuple[Sentence, ...]:
        """The sentences after the headline (the headline line, subtitle included, comes first)."""
        return tuple(s for s in self.sentences if s.end > self.title_end)


@dataclass(frozen=True, kw_only=True)
class Region:
    """An administrative division at county level or above (GB/T 2260)."""

    adcode: str  # 6 digits
    name: str  # official name, e.g. 黔江区
    full_name: str  # with its ancestors, e.g. 重庆市黔江区
    level: Level
    parent: Optional[str]  # parent adcode, None for a province
    short_name: Optional[str] = None  # e.g. 黔江
    name_en: Optional[str] = None  # official romanisation, e.g. Qianjiang (kg/data/region_names_en.tsv)

    def __post_init__(self):
        object.__setattr__(self, "level", Level(self.level))


class RegionLookup(Protocol):
    """What later stages need from the gazetteer: a region by code (KeyError if unknown), its ancestors and children."""

    def get(self, adcode: str) -> Region: ...

    def ancestors(self, adcode: str) -> list[Region]: ...  # parent first, province last

    def children(self, adcode: str) -> list[Region]: ...  # the regions one level down


@dataclass(frozen=True, kw_only=True)
class Mention:
    start: int
    end: int
    surface: str  # Document.text[start:end]
    sentence: int  # Sentence.index


@dataclass(frozen=True, kw_only=True)
class RegionMention(Mention):
    adcode: str


@dataclass(frozen=True, kw_only=True)
class PracticeMention(Mention):
    concept: str  # concept id in the practice scheme, e.g. "xueliang-gongcheng"


class FormKind(_Named):
    PRACTICE = "practice"  # a core practice of the scheme (ontology/practices.ttl)
    CATEGORY = "category"  # a practice category of the scheme


@dataclass(frozen=True, kw_only=True)
class FormOf:
    """What a local practice is a form of: a core practice or a category, by its id in the scheme."""

    kind: FormKind
    id: str  # e.g. wanggehua-guanli, jiceng-zhili

    def __str__(self) -> str:  # as reports write it: the concept id, or category:<id>
        return self.id if self.kind is FormKind.PRACTICE else f"category:{self.id}"


@dataclass(frozen=True, kw_only=True)
class LocalPracticeMention(Mention):
    name: str  # the distinctive name, e.g. 家常点
    related: Optional[FormOf] = None  # what the text says it is a form of


@dataclass(frozen=True, kw_only=True)
class OrganizationMention(Mention):
    name: str  # resolved full name, e.g. 黔江区人民法院
    org_type: str = "其他"  # 政法委 公安 法院 检察院 司法行政 武警 综治 社会组织 其他
    adcode: Optional[str] = None  # region it belongs to; None for national bodies
    parent: Optional[str] = None  # full name of the parent body, if the text gives it


@dataclass(frozen=True, kw_only=True)
class MetricMention(Mention):
    indicator: str  # what is counted, e.g. 网格员
    value: float  # normalised: 12.45万 -> 124500
    unit: str  # 个 名 % 元 …
    year: Optional[str] = None


@dataclass(frozen=True, kw_only=True)
class LocalPlace:
    """A town or village the text names, under its county."""

    name: str  # as written with its ending: 柳林镇, 院子河村; a unit's place word alone: 濯水
    kind: str  # 镇 乡 街道 村 社区, or 乡镇 (a town known only from a unit's name)
    county: str  # adcode of the county (or of a prefecture-level city without counties) it lies in
    start: int  # offsets of the name in Document.text
    end: int
    sentence: int  # Sentence.index
    town: Optional[str] = None  # for a village: the town written just before it (柳林镇 for 院子河村)


@dataclass(frozen=True, kw_only=True)
class Evidence:
    """Where the text says it: the sentence, and the mention inside it."""

    doc_id: str
    sentence_index: int
    sentence_start: int
    sentence_end: int
    sentence: str
    start: int  # the mention's offsets
    end: int
    quote: str


@dataclass(frozen=True, kw_only=True)
class PracticeLink:
    """A region carries out a practice (core concept or local practice)."""

    adcode: str
    practice: str  # core concept id, or a local practice name
    local: bool  # True for a local practice
    evidence: Evidence
    period: Optional[str] = None  # 2023年以来, 2024 …


@dataclass(frozen=True, kw_only=True)
class Metric:
    adcode: str
    indicator: str
    value: float
    unit: str
    evidence: Evidence
    year: Optional[str] = None
    practice: Optional[str] = None  # core concept id the sentence ties it to


@dataclass(frozen=True, kw_only=True)
class Organization:
    name: str
    org_type: str
    adcode: Optional[str]
    parent: Optional[str]
    evidence: Evidence


@dataclass(frozen=True, kw_only=True)
class LocalPractice:
    name: str
    adcode: Optional[str]
    related: Optional[FormOf]
    evidence: Evidence


@dataclass(kw_only=True)
class DocumentFacts:
    """Everything extracted from one document: the unit that becomes triples."""

    document: Document
    subject_regions: list[str] = field(default_factory=list)
    regions: list[RegionMention] = field(default_factory=list)
    practices: list[PracticeMention] = field(default_factory=list)
    local_practices: list[LocalPractice] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    links: list[PracticeLink] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    places: list[LocalPlace] = field(default_factory=list)  # towns and villages under their county
