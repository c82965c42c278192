"""Per-document extraction on a dask.distributed cluster (optional extra ``[distributed]``).

The client reads the documents, sends chunks of them to the cluster as tasks,
and gets back each document's N-Triples lines, which it spills as sorted
partitions and merges into the same graph a local build writes. Workers build
the pipeline once each, from their own installed copy of the package and its
``ontology/`` (install the same version on every worker).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Optional

from .parallel import Chunk, ordered_window
from .streaming import DocResult, process_document

_PIPELINES: dict = {}


def dask_process_chunk(chunk: Chunk, ontology: Optional[str] = None) -> list[DocResult]:
    """Runs on a dask worker: one pipeline per worker process, shared by its threads."""
    pipeline = _PIPELINES.get(ontology)
    if pipeline is None:
        from .extract import Pipeline

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
