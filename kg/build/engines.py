"""Run per-document extraction in this process, in a pool of worker processes, or on a dask cluster.

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

from kg.model import Document
from kg.rdf.writer import DocResult, process_document

Chunk = list[tuple[int, Document]]

# The pipeline of a worker process: set by the initializer (or inherited on fork).
_PIPELINE = None


def _init_worker(ontology: Optional[str]) -> None:
    global _PIPELINE
    if _PIPELINE is None:
        from kg.extract.pipeline import Pipeline

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
                from kg.extract.pipeline import Pipeline

                pipeline = Pipeline.load(ontology)
            self.pipeline = pipeline
            return
        methods = mp.get_all_start_methods()
        if "fork" in methods:
            # Workers inherit the loaded lexicons and automata copy-on-write.
            if pipeline is None:
                from kg.extract.pipeline import Pipeline

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


# ---------------------------------------------------------------- dask.distributed (extra [distributed])
#
# The client reads the documents, sends chunks of them to the cluster as tasks, and gets back each
# document's N-Triples lines. Workers build the pipeline once each, from their own installed copy
# of the package and its ``ontology/`` (install the same version on every worker).

_PIPELINES: dict = {}



def dask_process_chunk(chunk: Chunk, ontology: Optional[str] = None) -> list[DocResult]:
    """Runs on a dask worker: one pipeline per worker process, shared by its threads."""
    pipeline = _PIPELINES.get(ontology)
    if pipeline is None:
        from kg.extract.pipeline import Pipeline

        pipeline = _PIPELINES.setdefault(ontology, Pipeline.load(Path(ontology) if ontology else None))
    return [process_document(pipeline, seq, doc) for seq, doc in chunk]


class DaskEngine:
    """``scheduler``: address of a running scheduler (tcp://host:8786); None starts a LocalCluster."""

    name = "dask"

    def __init__(self, scheduler: Optional[str] = None, workers: int = 2, ontology: Optional[Path] = None,
                 processes: bool = True):
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the optional extra
            raise RuntimeError("--engine dask needs the [distributed] extra: pip install 'dask[distributed]'") from exc
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=processes,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        self.ontology = str(ontology) if ontology else None
        info = self.client.scheduler_info()
        self.window = 4 * max(1, len(info.get("workers", {})) or workers)

    def map(self, chunks: Iterable[Chunk]) -> Iterator[list[DocResult]]:
        submit = lambda chunk: self.client.submit(dask_process_chunk, chunk, self.ontology, pure=False)
        yield from ordered_window(submit, lambda f: f.result(), chunks, self.window)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
