"""Per-document extraction on a dask.distributed cluster (the optional extra ``[distributed]``).

The client reads the documents, sends chunks of them to the cluster as tasks,
and gets back each document's N-Triples lines, which the build spills and
merges as it does for a local build. Each worker builds one processor from its
own installed copy of the package and its ``ontology/`` (install the same
version on every worker), kept in its plugins and shared by its threads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Optional

from distributed import Client, LocalCluster, WorkerPlugin, get_worker

from kg.build.documents import DocResult, DocumentProcessor
from kg.build.engines import Chunk, ordered_window

PLUGIN = "kg-document-processor"


class ProcessorPlugin(WorkerPlugin):
    """One processor per worker, built when the worker starts (or joins)."""

    name = PLUGIN

    def __init__(self, ontology: Optional[str]):
        self.ontology = ontology
        self.processor: Optional[DocumentProcessor] = None

    def setup(self, worker) -> None:
        self.processor = DocumentProcessor.load(Path(self.ontology) if self.ontology else None)


def process_chunk(chunk: Chunk) -> list[DocResult]:
    """Runs on a dask worker."""
    return get_worker().plugins[PLUGIN].processor.chunk(chunk)


class DaskEngine:
    """``scheduler``: address of a running scheduler (tcp://host:8786); None starts a LocalCluster."""

    name = "dask"

    def __init__(self, scheduler: Optional[str] = None, workers: int = 2, ontology: Optional[Path] = None,
                 processes: bool = True):
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=processes,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        self.client.register_plugin(ProcessorPlugin(str(ontology) if ontology else None), name=PLUGIN)
        info = self.client.scheduler_info()
        self.window = 4 * max(1, len(info.get("workers", {})) or workers)

    def map(self, chunks: Iterable[Chunk]) -> Iterator[list[DocResult]]:
        submit = lambda chunk: self.client.submit(process_chunk, chunk, pure=False)  # noqa: E731
        yield from ordered_window(submit, lambda f: f.result(), chunks, self.window)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
