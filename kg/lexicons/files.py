"""The one reader of data files: the ``ontology/`` folder and the package's own tables (``kg/data/``).

Every lexicon reads its files through a :class:`DataFiles`, which reads each
file at most once and records what it read (name and sha256). That record is
what the build's cache key hashes, so it covers exactly the data the
extractors were built from.

Formats:

- ``.tsv`` / ``.txt``: one rule per line, cells separated by tabs; blank lines
  and lines starting with ``#`` are comments (:meth:`DataFiles.rows`);
- files with a format of their own (``boilerplate.tsv``, ``cues.tsv``) are read
  as numbered lines (:meth:`DataFiles.lines`);
- ``.ttl``: Turtle, parsed with rdflib (:meth:`DataFiles.turtle`).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Optional

from rdflib import Graph

from kg.config import data_dir

PACKAGE_DATA = "kg/data/"  # names starting with this are the package's tables, not the ontology's


class DataFiles:
    """Reads the files of one ontology folder (and the package tables), each once, and records them."""

    def __init__(self, ontology: Path, package_data: Optional[Path] = None):
        self.ontology = Path(ontology)
        self.package_data = Path(package_data) if package_data else data_dir()
        self.read: dict[str, str] = {}  # name -> sha256 of its bytes, in reading order
        self.missing: list[str] = []  # optional files asked for and not found: the rules reading them are off

    def path(self, name: str) -> Path:
        if name.startswith(PACKAGE_DATA):
            return self.package_data / name[len(PACKAGE_DATA):]
        return self.ontology / name

    def _bytes(self, name: str, missing_ok: bool) -> Optional[bytes]:
        if name in self.read:
            raise ValueError(f"{name} is read twice: read it once and share what it gives")
        path = self.path(name)
        if missing_ok and not path.is_file():
            self.missing.append(name)
            return None
        data = path.read_bytes()
        self.read[name] = hashlib.sha256(data).hexdigest()
        return data

    def text(self, name: str, *, missing_ok: bool = False) -> Optional[str]:
        data = self._bytes(name, missing_ok)
        return None if data is None else data.decode("utf-8")

    def lines(self, name: str) -> list[tuple[int, str]]:
        """(line number, line) for every line that is neither blank nor a ``#`` comment, unstripped."""
        return [(n, line) for n, line in enumerate(self.text(name).splitlines(), 1)
                if line.strip() and not line.startswith("#")]

    def rows(self, name: str, *, missing_ok: bool = False) -> list[list[str]]:
        """The stripped cells of every line that is neither blank nor a ``#`` comment.

        A missing file is an error unless ``missing_ok`` (optional lexicon additions).
        """
        text = self.text(name, missing_ok=missing_ok)
        if text is None:
            return []
        return [[cell.strip() for cell in line.split("\t")] for line in text.splitlines()
                if line.strip() and not line.lstrip().startswith("#")]

    def kind_rows(self, name: str, kinds: tuple[str, ...], width: int) -> list[list[str]]:
        """Rows whose first cell names one of ``kinds``, padded with "-" to ``width`` cells.

        A kind not in ``kinds`` (a typo) is an error naming the file and line, not a row filed elsewhere.
        """
        rows = []
        for number, line in self.lines(name):
            if line.lstrip().startswith("#"):
                continue
            cells = [cell.strip() for cell in line.split("\t")]
            if cells[0] not in kinds:
                raise OntologyError(f"{self.path(name)}:{number}: unknown kind {cells[0]!r} "
                                    f"(one of: {', '.join(kinds)})")
            rows.append((cells + ["-"] * width)[:width])
        return rows

    def turtle(self, name: str, *, missing_ok: bool = False) -> Optional[Graph]:
        text = self.text(name, missing_ok=missing_ok)
        if text is None:
            return None
        try:
            return Graph(bind_namespaces="none").parse(data=text, format="turtle",
                                                       publicID=self.path(name).absolute().as_uri())
        except SyntaxError as exc:  # rdflib's BadSyntax: its message quotes the whole file
            line = getattr(exc, "lines", None)
            where = f"{self.path(name)}:{line + 1}" if isinstance(line, int) else str(self.path(name))
            why = getattr(exc, "_why", None) or str(exc).splitlines()[0]
            raise OntologyError(f"{where}: Turtle syntax error: {why}") from exc

    def sources(self) -> tuple[tuple[str, str], ...]:
        """What was read: (name, sha256), by name."""
        return tuple(sorted(self.read.items()))


class OntologyError(ValueError):
    """A data file of the ontology folder cannot be read; the message is one line, ``file:line: what``."""


# ---------------------------------------------------------------- word lists


def by_length(words) -> tuple[str, ...]:
    """Distinct words, longest first (then in code-point order): the first match is the longest."""
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def alternation(words) -> str:
    """A regular-expression alternation of ``words``, longest first (人民法院 wins over 法院 where both fit)."""
    return "|".join(re.escape(w) for w in by_length(words))


def prefix_tree(words) -> str:
    """A regular expression matching exactly ``words``, with common prefixes written once (社会(?:治安…|矛盾…)).

    For a yes/no search only: it finds a word wherever :func:`alternation` does, about twice as fast over a
    long list (the regex engine tries a branch per distinct first character, not per word), but not
    necessarily the same one."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if "" in node:
            return "(?:" + "|".join(branches) + ")?"
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(tree)
