"""External sort of a build's N-Triples lines: a bounded buffer spilled as sorted run files, merged.

Each document's lines are added as soon as it is extracted; the buffer is
spilled as a sorted run file when it grows, and the runs are merged with
``heapq.merge``: memory stays flat however large the corpus. The merged key
stream (:func:`kg.rdf.writer.to_key`) goes straight to the writer.
"""

from __future__ import annotations

import heapq
from pathlib import Path
from typing import Iterable, Iterator

from kg.rdf.writer import to_key


class SortedRuns:
    """N-Triples lines, spilled to sorted run files, merged in subject order.

    Every document's lines are kept, repeats included (few: a document's own
    lines are distinct, and lines shared by documents are about a tenth), so
    the merge can count how many documents gave each line: an incremental
    rebuild needs that count to know when a line leaves the graph.
    """

    def __init__(self, tmp_dir: str | Path, max_lines: int = 1_000_000):
        self.dir = Path(tmp_dir)
        self.max_lines = max_lines
        self.buffer: list[str] = []
        self.runs: list[Path] = []
        self.added = 0  # keys added, repeats included: an upper bound of the distinct ones

    def add(self, lines: Iterable[str]) -> None:
        before = len(self.buffer)
        self.buffer.extend(map(to_key, lines))
        self.added += len(self.buffer) - before
        if len(self.buffer) >= self.max_lines:
            self.spill()

    def spill(self) -> None:
        if not self.buffer:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        path = self.dir / f"run-{len(self.runs):05d}.keys"
        self.buffer.sort()
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.writelines(self.buffer)
        self.runs.append(path)
        self.buffer = []

    def merged_counts(self) -> Iterator[tuple[str, int]]:
        """Every distinct key once, sorted, with the number of times it was added."""
        if self.runs:
            self.spill()
            files = [open(p, encoding="utf-8", newline="\n") for p in self.runs]
            stream = heapq.merge(*files)
        else:
            files = []
            self.buffer.sort()
            stream = iter(self.buffer)
        try:
            last, n = None, 0
            for key in stream:
                if key == last:
                    n += 1
                    continue
                if last is not None:
                    yield last, n
                last, n = key, 1
            if last is not None:
                yield last, n
        finally:
            for f in files:
                f.close()

    def cleanup(self) -> None:
        for p in self.runs:
            p.unlink(missing_ok=True)
        self.runs = []
        self.buffer = []
