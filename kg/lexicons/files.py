"""Reading the tab-separated data files under ontology/ (one rule per line)."""

from __future__ import annotations

from pathlib import Path


def data_rows(path: Path, *, missing_ok: bool = False) -> list[list[str]]:
    """The cells of every line that is neither blank nor a ``#`` comment, stripped.

    A missing file is an error unless ``missing_ok`` (optional lexicon additions).
    """
    path = Path(path)
    if missing_ok and not path.is_file():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows
