"""Files that are complete or absent: written under a temporary name beside their path, then moved into place.

A process killed while writing leaves the previous file intact (and at most a
``.NAME.*.tmp`` leftover), never a partial one. Every output of the package is
written through :class:`AtomicFile`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, Iterable


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class AtomicFile:
    """``with AtomicFile(path) as f: f.write(...)``: moved into place when the block ends without an error.

    ``binary`` opens the temporary file for bytes (buffered by the MB), else for UTF-8 text with ``\\n`` newlines.
    """

    def __init__(self, path: str | Path, *, binary: bool = False):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix="." + self.path.name + ".", suffix=".tmp", dir=self.path.parent)
        self.file: IO = (os.fdopen(fd, "wb", buffering=1 << 20) if binary
                         else os.fdopen(fd, "w", encoding="utf-8", newline="\n"))

    def write(self, data) -> None:
        self.file.write(data)

    def commit(self) -> Path:
        self.file.close()
        os.chmod(self.tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual file mode
        os.replace(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        self.file.close()
        Path(self.tmp).unlink(missing_ok=True)

    def __enter__(self) -> "AtomicFile":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


def atomic_write(path: str | Path, chunks: Iterable[str]) -> Path:
    """Write text chunks to ``path`` atomically."""
    with AtomicFile(path) as out:
        for chunk in chunks:
            out.write(chunk)
    return Path(path)


def atomic_text(path: str | Path, text: str) -> Path:
    return atomic_write(path, [text])
