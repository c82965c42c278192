"""Where per-document extraction runs: this process, a pool of worker processes, or a dask cluster
(:mod:`kg.build.dask`).

An engine maps chunks of ``(seq, Document)`` to lists of
:class:`kg.build.documents.DocResult`, in input order, with a bounded number
of chunks in flight. ``Pool.imap`` would keep order too, but its feeder thread
reads the whole input at once; a window of ``apply_async`` calls keeps memory
flat on a corpus of any size.

Every worker holds one pipeline, built once: a forked worker inherits the
parent's, a spawned one loads the lexicons of the same ontology folder, and a
dask worker loads its own from its installed copy of the package and its
``ontology/`` (install the same version on every worker). Before forking, the
parent loads jieba's dictionary once (:func:`kg.text.segment.warm_up`), so the
workers share it instead of each reading its own. A pool worker freezes what it
inherited out of the garbage collector's reach (its pages stay shared) and
collects its youngest objects less often: extraction makes millions of small
objects and almost no cycles, and the collections cost 4 % of its time.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
from collections import deque
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from kg.build.documents import DocResult, DocumentProcessor
from kg.model import Document
from kg.text.segment import warm_up

Chunk = list[tuple[int, Document]]

# The processor of a pool worker process: set by the pool's initializer (or inherited on fork).
_WORKER_PROCESSOR: Optional[DocumentProcessor] = None
# A pool worker's first collector threshold (Python's default is 700 allocations).
WORKER_GC_THRESHOLD = 50_000


def _init_worker(ontology: str) -> None:
    global _WORKER_PROCESSOR
    if _WORKER_PROCESSOR is None:
        _WORKER_PROCESSOR = DocumentProcessor.load(Path(ontology))
    gc.freeze()
    _, second, third = gc.get_threshold()
    gc.set_threshold(WORKER_GC_THRESHOLD, second, third)


def _process_chunk(chunk: Chunk) -> list[DocResult]:
    return _WORKER_PROCESSOR.chunk(chunk)


def ordered_window(submit: Callable, get: Callable, chunks: Iterable, window: int) -> Iterator:
    """Submit chunks, yield their results in order, never more than ``window`` in flight."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield get(pending.popleft())
    while pending:
        yield get(pending.popleft())


class LocalEngine:
    """``workers`` processes (1: in this process), each with the processor built once."""

    name = "local"

    def __init__(self, processor: DocumentProcessor, workers: int = 1, *, custom: bool = False):
        """``custom``: the processor's pipeline is not one its lexicons folder rebuilds (needs fork)."""
        global _WORKER_PROCESSOR
        self.workers = max(1, int(workers or 1))
        self.processor, self.pool = processor, None
        if self.workers == 1:
            return
        if "fork" in mp.get_all_start_methods():
            warm_up()
            _WORKER_PROCESSOR = processor  # workers inherit the lexicons, automata and jieba copy-on-write
            ctx = mp.get_context("fork")
        elif custom:
            raise ValueError("a custom pipeline needs the fork start method; use workers=1")
        else:
            ctx = mp.get_context("spawn")
        try:
            self.pool = ctx.Pool(self.workers, initializer=_init_worker, initargs=(str(processor.folder),))
        finally:
            _WORKER_PROCESSOR = None  # the parent does not need it any more

    def map(self, chunks: Iterable[Chunk]) -> Iterator[list[DocResult]]:
        if self.pool is None:
            yield from map(self.processor.chunk, chunks)
            return
        yield from ordered_window(lambda c: self.pool.apply_async(_process_chunk, (c,)),
                                  lambda r: r.get(), chunks, 4 * self.workers)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None


def make_engine(engine: str, processor: DocumentProcessor, workers: int, scheduler: Optional[str],
                custom: bool = False):
    """``engine`` "local" or "dask"; ``custom``: the processor's pipeline was given by the caller."""
    if engine == "local":
        return LocalEngine(processor, workers, custom=custom)
    if engine == "dask":
        if custom:
            raise ValueError("engine='dask' builds its pipeline on the workers; do not pass pipeline=")
        try:
            from kg.build.dask import DaskEngine  # needs the optional extra [distributed]
        except ImportError as exc:  # pragma: no cover - depends on the optional extra
            raise RuntimeError("--engine dask needs the [distributed] extra: pip install 'dask[distributed]'") from exc
        return DaskEngine(scheduler, workers=workers, ontology=processor.folder)
    raise ValueError(f"unknown engine {engine!r} (expected 'local' or 'dask')")
