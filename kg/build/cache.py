"""Per-document extraction cache, so a rebuild reprocesses only new or changed articles.

Key: sha256 of the document (id, text and metadata) within an *environment*:
``kg.extract.EXTRACTOR_VERSION``, the sha256 of every data file the lexicons
read (``Lexicons.sources``), of the character table normalisation reads, and
of every Python file of the extraction code (``EXTRACTION_CODE``, walked
recursively: rules change while EXTRACTOR_VERSION is not bumped, and a stale
cache must never survive that). When the environment changes, the whole
cache is dropped.

Value: the document's entity keys (one line of JSON) and its N-Triples lines
as they are, zlib-compressed (``CACHE_FORMAT`` 2: no JSON around the lines,
whose encoding cost more than the compression), in one SQLite file
(``OUT/.cache/extract.sqlite``): tens of thousands of entries without tens of
thousands of small files.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from pathlib import Path
from typing import Iterable, Mapping, Optional

from kg.build.documents import DocResult
from kg.config import PACKAGE_DIR
from kg.extract import EXTRACTOR_VERSION
from kg.lexicons import Lexicons
from kg.model import Document
from kg.text.normalize import table_file

CACHE_DIR = ".cache"
CACHE_FILE = "extract.sqlite"
# The layout of a key and a payload (part of the environment: a cache of another layout is dropped whole).
CACHE_FORMAT = 2
# The code that shapes a document's cached lines: these modules and packages of kg/ (every .py file in
# a package, recursively). tests/test_layers.py checks that kg.build.documents imports nothing else of kg.
EXTRACTION_CODE = ("model.py", "iris.py", "namespaces.py", "text", "lexicons", "extract", "rdf", "build/documents.py")


def extraction_code() -> list[Path]:
    """The Python files of ``EXTRACTION_CODE``, in a fixed order."""
    files = []
    for part in EXTRACTION_CODE:
        path = PACKAGE_DIR / part
        files += [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))
    return files


def environment_key(lexicons: Lexicons) -> str:
    """What every cached result depends on besides the document itself."""
    h = hashlib.sha256(f"extractor {EXTRACTOR_VERSION}\0cache {CACHE_FORMAT}\0lexicons {lexicons.fingerprint()}\0"
                       .encode())
    for path in [table_file(), *extraction_code()]:
        h.update(str(path.relative_to(PACKAGE_DIR)).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def document_key(doc: Document) -> str:
    """sha256 of everything in a document that extraction reads (not where it was read from)."""
    fields = [doc.doc_id, doc.text, doc.title, doc.date, doc.outlet, doc.author, doc.url]
    # UTF-8, not ASCII escapes: a Chinese text's \\uXXXX form is twice its size to encode and hash
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()


def _pack(lines: list[str], kinds: dict) -> bytes:
    """kinds as one line of JSON, then the lines, each ending in its newline (N-Triples escapes the others)."""
    return zlib.compress((json.dumps(kinds, ensure_ascii=False) + "\n" + "".join(lines)).encode("utf-8"), 1)


def _unpack(payload: bytes) -> tuple[list[str], dict]:
    kinds, _, text = zlib.decompress(payload).decode("utf-8").partition("\n")
    lines = text.split("\n")
    lines.pop()  # after the last newline
    return [line + "\n" for line in lines], json.loads(kinds)


class ExtractionCache:
    """``get(doc)`` -> cached DocResult or None; ``put(doc, result)`` after extraction."""

    def __init__(self, out_dir: str | Path, environment: str):
        path = Path(out_dir) / CACHE_DIR / CACHE_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
        self.db.execute("CREATE TABLE IF NOT EXISTS docs (key TEXT PRIMARY KEY, payload BLOB)")
        # The previous build, for an incremental rebuild (see kg.build): the documents it holds, how
        # many documents gave each line that more than one gave, and each entity key's documents.
        self.db.execute("CREATE TABLE IF NOT EXISTS build_docs (key TEXT PRIMARY KEY)")
        self.db.execute("CREATE TABLE IF NOT EXISTS build_lines (line TEXT PRIMARY KEY, n INTEGER)")
        self.db.execute("CREATE TABLE IF NOT EXISTS build_kinds (kind TEXT, name TEXT, n INTEGER, "
                        "PRIMARY KEY (kind, name))")
        row = self.db.execute("SELECT v FROM meta WHERE k = 'environment'").fetchone()
        if row is None or row[0] != environment:
            self.forget_build()
            self.db.execute("DELETE FROM docs")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('environment', ?)", (environment,))
        self.db.commit()
        self.hits = self.misses = 0
        self._pending = 0

    def get(self, doc: Document, seq: int, key: Optional[str] = None) -> Optional[DocResult]:
        row = self.db.execute("SELECT payload FROM docs WHERE key = ?", (key or document_key(doc),)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        lines, kinds = _unpack(row[0])
        return DocResult(seq, doc.doc_id, doc.source, lines, kinds)

    def put(self, key: str, result: DocResult) -> None:
        if result.error is not None:
            return  # failures are retried next time
        self.db.execute("INSERT OR REPLACE INTO docs VALUES (?, ?)", (key, _pack(result.lines, result.kinds)))
        self._pending += 1
        if self._pending >= 2000:
            self.db.commit()
            self._pending = 0

    def payload(self, key: str) -> Optional[tuple[list[str], dict]]:
        """A cached document's (lines, kinds), or None."""
        row = self.db.execute("SELECT payload FROM docs WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        return _unpack(row[0])

    # --- the previous build ----------------------------------------------------------------

    def forget_build(self) -> None:
        for table in ("build_docs", "build_lines", "build_kinds"):
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("DELETE FROM meta WHERE k = 'build'")
        self.db.commit()

    def build_info(self) -> Optional[dict]:
        row = self.db.execute("SELECT v FROM meta WHERE k = 'build'").fetchone()
        return json.loads(row[0]) if row else None

    def build_keys(self) -> set[str]:
        return {k for (k,) in self.db.execute("SELECT key FROM build_docs")}

    def line_counts(self, lines: Iterable[str]) -> dict[str, int]:
        """Documents that gave each of ``lines``, for lines that more than one gave."""
        out = {}
        for line in lines:
            row = self.db.execute("SELECT n FROM build_lines WHERE line = ?", (line,)).fetchone()
            if row is not None:
                out[line] = row[0]
        return out

    def kind_counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT kind, COUNT(*) FROM build_kinds WHERE n > 0 GROUP BY kind"))

    def save_build(self, info: dict, keys: Iterable[str], shared_lines: Iterable[tuple[str, int]],
                   kinds: Mapping[str, Mapping[str, int]]) -> None:
        """Replace the saved build with a whole one."""
        self.forget_build()
        self.db.executemany("INSERT INTO build_docs VALUES (?)", ((k,) for k in keys))
        self.db.executemany("INSERT INTO build_lines VALUES (?, ?)", shared_lines)
        self.db.executemany("INSERT INTO build_kinds VALUES (?, ?, ?)",
                            ((kind, name, n) for kind, names in kinds.items() for name, n in names.items()))
        self.set_build_info(info)

    def update_build(self, info: dict, removed_keys: Iterable[str], added_keys: Iterable[str],
                     line_counts: Mapping[str, int], kind_deltas: Mapping[tuple[str, str], int]) -> None:
        """Apply an incremental rebuild: ``line_counts`` are the new counts of the lines that changed."""
        self.db.executemany("DELETE FROM build_docs WHERE key = ?", ((k,) for k in removed_keys))
        self.db.executemany("INSERT OR REPLACE INTO build_docs VALUES (?)", ((k,) for k in added_keys))
        self.db.executemany("DELETE FROM build_lines WHERE line = ?",
                            ((line,) for line, n in line_counts.items() if n < 2))
        self.db.executemany("INSERT OR REPLACE INTO build_lines VALUES (?, ?)",
                            ((line, n) for line, n in line_counts.items() if n >= 2))
        for (kind, name), d in kind_deltas.items():
            if d:
                self.db.execute("INSERT OR IGNORE INTO build_kinds VALUES (?, ?, 0)", (kind, name))
                self.db.execute("UPDATE build_kinds SET n = n + ? WHERE kind = ? AND name = ?", (d, kind, name))
        self.db.execute("DELETE FROM build_kinds WHERE n <= 0")
        self.set_build_info(info)

    def set_build_info(self, info: Optional[dict]) -> None:
        if info is None:
            self.db.execute("DELETE FROM meta WHERE k = 'build'")
        else:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('build', ?)", (json.dumps(info, sort_keys=True),))
        self.db.commit()

    def close(self) -> None:
        self.db.commit()
        self.db.close()
