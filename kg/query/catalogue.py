"""The shipped SPARQL queries (``kg/query/queries/*.rq``), described by their header comments.

    # title: Which regions carry out a practice, with the sentence and document
    # param: practice_label — the practice's name as articles write it
    # option: level — a parameter that may be left out (the query has a default)

A query is named by its file name; ``get_query`` also takes a path or the
text itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from kg.config import queries_dir

_HEADER = re.compile(r"#\s*(title|param|option)\s*:\s*(.*)")
_PARAM = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:[—–-]+|:)\s*(.*)")
_QUERY_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)
_NAME = re.compile(r"[A-Za-z0-9_\-]+")


@dataclass(frozen=True, kw_only=True)
class QueryInfo:
    name: str
    title: str
    params: tuple[str, ...]  # parameter names, without "?"
    path: Path
    param_descriptions: tuple[str, ...] = ()  # one per parameter
    options: tuple[str, ...] = ()  # parameters that may be left out
    option_descriptions: tuple[str, ...] = ()


def _header(text: str) -> tuple[str, list[tuple[str, str]], list[tuple[str, str]]]:
    """(title, [(parameter, description)], [(option, description)]) from the comment lines that open a query."""
    title, params, options = "", [], []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if m and m.group(1) == "title":
            title = m.group(2).strip()
        elif m:
            p = _PARAM.match(m.group(2).strip())
            if p:
                (params if m.group(1) == "param" else options).append((p.group(1), p.group(2).strip()))
    return title, params, options


def query_info(path: Path) -> QueryInfo:
    title, params, options = _header(path.read_text(encoding="utf-8"))
    return QueryInfo(name=path.stem, title=title, params=tuple(n for n, _ in params), path=path,
                     param_descriptions=tuple(d for _, d in params),
                     options=tuple(n for n, _ in options), option_descriptions=tuple(d for _, d in options))


def list_queries(directory: Optional[Path] = None) -> list[QueryInfo]:
    """The shipped queries, by name."""
    directory = Path(directory) if directory else queries_dir()
    return [query_info(p) for p in sorted(directory.glob("*.rq"))]


def query_params(query_text: str) -> list[str]:
    """The parameters a query's header declares (every one must be given)."""
    return [name for name, _ in _header(query_text)[1]]


def query_options(query_text: str) -> list[str]:
    """The parameters a query's header declares as ``# option:`` (each may be left out)."""
    return [name for name, _ in _header(query_text)[2]]


def get_query(name_or_path_or_text: str) -> str:
    """Query text from a shipped query's name, a file path, or the query text itself."""
    ref = name_or_path_or_text
    if _NAME.fullmatch(ref):
        path = queries_dir() / (ref + ".rq")
        if path.is_file():
            return path.read_text(encoding="utf-8")
    if "\n" not in ref and len(ref) < 4096:
        path = Path(ref)
        try:
            if path.is_file():
                return path.read_text(encoding="utf-8")
        except OSError:
            pass
    if _QUERY_FORM.search(ref):
        return ref
    names = ", ".join(q.name for q in list_queries())
    raise KeyError(f"no query named {ref!r} (shipped queries: {names})")
