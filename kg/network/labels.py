"""What the pages call things in a language: the UI strings and the English names.

- :func:`ui_strings`: every text of the ``kg viz`` page, from ``kg/data/ui_strings.json``
  (one entry per key, one field per language; ``zh``, the default, is bilingual).
- :func:`english_names`: the regions' official romanisation, ``kg/data/region_names_en.tsv``
  (the table the gazetteer writes into the graph as ``skos:prefLabel@en``; ``kg map --lang en``).
- :func:`vocabulary_labels`: the graph's own ``skos:prefLabel`` in a language for its practices,
  categories and organization types (the shipped query ``labels``), by node key and by Chinese label.
- :func:`in_language`: a network whose display labels are in that language; what has no label in
  it (local practices, organizations, documents, figures) keeps its Chinese name.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from functools import lru_cache

import networkx as nx

from kg.config import data_dir
from kg.network.graph import LOCAL_PRACTICE, ORGANIZATION, PRACTICE, REGION, node_key
from kg.query.backends import run_query
from kg.query.catalogue import get_query

UI_STRINGS = "ui_strings.json"
REGION_NAMES_EN = "region_names_en.tsv"
DATA_LANG = "zh"  # the language of the graph's names: drawing in it changes nothing
LANGS = ("zh", "en")


@lru_cache(maxsize=None)
def _all_strings() -> dict[str, dict[str, str]]:
    path = data_dir() / UI_STRINGS
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ValueError(f"{path}: not valid JSON: {exc}") from None
    table = {}
    for key, texts in entries.items():
        if key.startswith("_"):
            continue  # a comment
        missing = [lang for lang in LANGS if not isinstance(texts, dict) or not isinstance(texts.get(lang), str)]
        if missing:
            raise ValueError(f"{path}: entry {key!r} has no text for {', '.join(missing)}")
        table[key] = texts
    return table


@lru_cache(maxsize=None)
def ui_strings(lang: str = DATA_LANG) -> dict[str, str]:
    """key -> the page's text in ``lang`` (``zh`` or ``en``)."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, not {lang!r}")
    return {key: texts[lang] for key, texts in _all_strings().items()}


@lru_cache(maxsize=None)
def english_names() -> dict[str, str]:
    """adcode -> official romanisation (Hanyu Pinyin, generic dropped: 620700 -> Zhangye)."""
    path = data_dir() / REGION_NAMES_EN
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {r["adcode"]: r["name_en"] for r in csv.DictReader(lines, delimiter="\t") if r.get("name_en")}


@dataclass(frozen=True)
class Vocabulary:
    """Labels of the graph's concepts in one language."""

    by_key: dict[str, str] = field(default_factory=dict)  # node key (practice/xueliang-gongcheng) -> label
    by_zh: dict[str, str] = field(default_factory=dict)  # Chinese label (雪亮工程, 法院) -> label


def vocabulary_labels(graph, lang: str = "en") -> Vocabulary:
    """The ``skos:prefLabel``s in ``lang`` of an rdflib Graph or Oxigraph store (regions left out:
    their names are :func:`english_names`); the first label of each resource, in sorted order."""
    by_key: dict[str, str] = {}
    by_zh: dict[str, str] = {}
    for resource, label, zh in run_query(graph, get_query("labels"), {"lang": lang}).rows:
        key = node_key(resource)
        if key.startswith("region/"):
            continue
        by_key.setdefault(key, str(label))
        if zh is not None:
            by_zh.setdefault(str(zh), str(label))
    return Vocabulary(by_key, by_zh)


def english_focus(focus: str, vocabulary: Vocabulary) -> str:
    """A focus given in English as what ``graph_to_network`` finds: a region's romanisation (Zhangye) its
    code, when only one region has it; a concept's label (Sharp Eyes project, grid management) its key.
    Anything else is returned as it is."""
    folded = focus.strip().casefold()
    codes = sorted(code for code, name in english_names().items() if name.casefold() == folded)
    if len(codes) == 1:
        return codes[0]
    for key, label in sorted(vocabulary.by_key.items()):
        if folded in (label.casefold(), _short(label).casefold()):
            return key
    return focus


def _region_name(code: str, names: dict[str, str]) -> str:
    """A county with its prefecture and province (Ganzhou, Zhangye, Gansu); '' without a romanisation."""
    if code not in names:
        return ""
    chain = [code]
    if code.isdigit() and len(code) == 6:
        chain += [code[:4] + "00", code[:2] + "0000"]
    parts: list[str] = []
    for c in chain:
        if c in names and names[c] not in parts:
            parts.append(names[c])
    return ", ".join(parts)


def _short(label: str) -> str:
    """The label without its closing explanation: "Sharp Eyes project (public video surveillance)" -> "Sharp Eyes project"."""
    head, paren, _ = label.rpartition(" (")
    return head if paren and label.endswith(")") and head else label


def in_language(G: nx.Graph, lang: str, vocabulary: Vocabulary | None = None) -> nx.Graph:
    """A copy of ``G`` (from :func:`kg.network.viz.graph_to_network`) labelled in ``lang``.

    Regions take their romanisation (with their parents in ``name``), practices, categories and
    organization types the ``vocabulary``'s labels; a node relabelled keeps its Chinese name in
    ``name_zh``. Names without a label in ``lang`` stay Chinese. ``lang='zh'`` returns ``G``.
    """
    if lang == DATA_LANG:
        return G
    words = ui_strings(lang)
    vocabulary = vocabulary or Vocabulary()
    names = english_names() if lang == "en" else {}
    sep = words["list.separator"]

    def concept(label: str) -> str:
        return vocabulary.by_zh.get(label, label)

    H = nx.Graph(G)
    for n, d in H.nodes(data=True):
        original = d.get("name") or d.get("label")
        if d["kind"] == REGION:
            code = d.get("code", "")
            if code in names:
                d["label"], d["name"] = names[code], _region_name(code, names)
        elif d["kind"] == PRACTICE:
            category = d.get("category") or ""
            d["category_label"] = (vocabulary.by_key.get(category) if category else words["category.other"]) \
                or d.get("category_label", "")
            if d.get("members"):  # a category folded by graph_to_network: "科技防控 ×3"
                d["members"] = [concept(m) for m in d["members"]]
                d["label"] = f"{d['category_label']} ×{len(d['members'])}"
                d["name"] = f"{d['category_label']}: " + sep.join(d["members"])
            elif n in vocabulary.by_key:
                d["name"] = vocabulary.by_key[n]
                d["label"] = _short(d["name"])
        elif d["kind"] == ORGANIZATION and d.get("org_type"):
            d["org_type"] = concept(d["org_type"])
        elif d["kind"] == LOCAL_PRACTICE:
            continue
        if d.get("name") != original:
            d["name_zh"] = original
    for _, _, e in H.edges(data=True):
        if e.get("practices"):
            e["practices"] = [concept(p) for p in e["practices"]]
    return H
