"""Run per-document extraction in this process or in a pool of worker processes.

An engine maps chunks of ``(seq, Document)`` to lists of
:class:`kg.streaming.DocResult`, in input order, with a bounded number of
chunks in flight. ``Pool.imap`` would keep order too, but its feeder thread
reads the whole input at once; a window of ``apply_async`` calls keeps memory
flat on a corpus of any size.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from .model import Document
from .streaming import DocResult, process_document

Chunk = list[tuple[int, Document]]

# The pipeline of a worker process: set by the initializer (or inherited on fork).
_PIPELINE = None


def _init_worker(ontology: Optional[str]) -> None:
    global _PIPELINE
    if _PIPELINE is None:
        from .extract import Pipeline

        _PIPELINE = Pipeline.load(Path(ontology) if ontology else None)


def process_chunk(chunk: Chunk) -> list[DocResult]:
    return [process_document(_PIPELINE, seq, doc) for seq, doc in chunk]


def ordered_window(submit: Callable, get: Callable, chunks: Iterable, window: int) -> Iterator:
    """Submit chunks, yield their results in order, never more than ``window`` in flight."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield get(pending.popleft())
    while pending:
        yield get(pending.popleft())


def default_workers() -> int:
    return os.cpu_count() or 1


class LocalEngine:
    """``workers`` processes (1: in this process). The pipeline is built once per worker."""

    name = "local"

    def __init__(self, workers: int = 1, pipeline=None, ontology: Optional[Path] = None):
        self.workers = max(1, int(workers or 1))
        self.pool = None
        global _PIPELINE
        if self.workers == 1:
            if pipeline is None:
                from .extract import Pipeline

                pipeline = Pipeline.load(ontology)
            self.pipeline = pipeline
            return
        methods = mp.get_all_start_methods()
        if "fork" in methods:
            # Workers inherit the loaded lexicons and automata copy-on-write.
            if pipeline is None:
                from .extract import Pipeline

                pipeline = Pipeline.load(ontology)
            _PIPELINE = pipeline
            ctx = mp.get_context("fork")
        else:
            if pipeline is not None:
                raise ValueError("a custom pipeline needs the fork start method; use workers=1")
            ctx = mp.get_context("spawn")
        try:
            self.pool = ctx.Pool(self.workers, initializer=_init_worker,
                                 initargs=(str(ontology) if ontology else None,))
        finally:
            _PIPELINE = None  # the parent does not need it any more

    def map(self, chunks: Iterable[Chunk]) -> Iterator[list[DocResult]]:
        if self.pool is None:
            for chunk in chunks:
                yield [process_document(self.pipeline, seq, doc) for seq, doc in chunk]
            return
        yield from ordered_window(lambda c: self.pool.apply_async(process_chunk, (c,)),
                                  lambda r: r.get(), chunks, 4 * self.workers)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None
