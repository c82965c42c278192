"""The build's Oxigraph store loaded while the merge writes graph.nt, instead of after it.

The merge is one Python thread and Oxigraph's bulk loader runs outside the GIL,
so on two cores the store costs little wall time beyond the merge (on the full
新闻联播 graph: 10 s of merge and 10 s of loading, one after the other before).
The merge hands its N-Triples text to :meth:`StoreFeed.add`; batches of
``BULK_LOAD_LINES`` lines go through a one-slot queue to a thread running
:func:`kg.query.store.write_store`, which loads ``BULK_LOAD_THREADS`` batches at
once (one bulk load uses one core: two halve the store's share of the tail),
so at most one batch more than the loading threads is held at once.
The store is the same as one loaded from the finished file.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path
from typing import Iterator, Optional

from kg.query.store import BULK_LOAD_LINES, write_store

_END, _ABORT = object(), object()


class _Aborted(Exception):
    """The merge failed: the half-loaded store is dropped (write_store removes its temporary folder)."""


class StoreFeed:
    """``add(text)`` during the merge, then ``finish()`` once graph.nt is in place (or ``abort()``)."""

    def __init__(self, source: Path, store_dir: Path, lines_per_batch: int = BULK_LOAD_LINES):
        self.source, self.store_dir, self.lines_per_batch = Path(source), Path(store_dir), lines_per_batch
        self._queue: queue.Queue = queue.Queue(maxsize=1)
        self._parts: list[str] = []
        self._lines = 0
        self._error: Optional[BaseException] = None
        self._ended = False  # the loader has taken the last item
        self._thread = threading.Thread(target=self._load, name="kg-store-feed", daemon=True)
        self._thread.start()

    def add(self, text: str) -> None:
        self._parts.append(text)
        self._lines += text.count("\n")
        if self._lines >= self.lines_per_batch:
            self._send()

    def finish(self) -> Path:
        """Wait for the store: call after graph.nt is committed (its size and time are recorded)."""
        self._send()
        self._queue.put(_END)
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self.store_dir

    def abort(self) -> None:
        self._parts = []
        self._queue.put(_ABORT)
        self._thread.join()

    def _send(self) -> None:
        if self._parts and self._error is None:
            self._queue.put("".join(self._parts).encode("utf-8"))
        self._parts, self._lines = [], 0

    def _batches(self) -> Iterator[bytes]:
        while True:
            item = self._queue.get()
            if item is _END or item is _ABORT:
                self._ended = True
                if item is _ABORT:
                    raise _Aborted()
                return
            yield item

    def _load(self) -> None:
        try:
            write_store(self.source, self.store_dir, batches=self._batches())
        except _Aborted:
            pass
        except BaseException as exc:  # reported by finish(); the merge goes on meanwhile
            self._error = exc
            while not self._ended:  # never leave the merge blocked on a full queue
                self._ended = self._queue.get() in (_END, _ABORT)
