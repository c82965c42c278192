"""``kg build``: read every input, extract, and write the graph and its report.

Documents stream: read -> (cache hit | extract, in worker processes or on a
dask cluster) -> N-Triples lines -> sorted runs on disk -> one merge that
writes graph.ttl and graph.nt. Peak memory is bounded by the largest document,
the lexicons and the run buffer, not by the corpus. A document that cannot be
read, or whose extraction fails, is reported and skipped; the rest is built.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .extract import Pipeline
from .model import Document, SkippedInput
from .paths import ontology_dir
from .rdf import atomic_write, scheme_triples
from .reader import iter_documents
from .streaming import KINDS, DocResult, SortedRuns, nt_lines, write_sorted

# Above this many triples graph.html is not written: loading the graph into
# rdflib and laying it out would dominate the build (use `kg viz` with a focus).
HTML_MAX_TRIPLES = 200_000


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)  # doc ids, in input order
    skipped: list[dict] = field(default_factory=list)  # {"source", "reason"}
    triples: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    validation: dict = field(default_factory=dict)  # SHACL: {"conforms": bool, "violations": [...]}

    def __post_init__(self):
        # Run figures (seconds, cache hits): printed, not written to report.json, which stays deterministic.
        self.stats: dict = {}

    def summary(self) -> str:
        lines = [f"articles read: {len(self.built)}", f"skipped: {len(self.skipped)}"]
        lines += [f"  {s['source']}: {s['reason']}" for s in self.skipped]
        lines.append(f"triples: {self.triples}")
        lines += [f"{kind}: {n}" for kind, n in sorted(self.entities.items())]
        lines += [f"wrote {name}: {path}" for name, path in sorted(self.outputs.items())]
        lines += [f"note: {n}" for n in self.notes]
        if self.stats:
            lines.append("stats: " + ", ".join(f"{k}={v}" for k, v in self.stats.items()))
        return "\n".join(lines)


def _atomic_write_text(path: Path, text: str) -> None:
    atomic_write(path, [text])


def _progress_bar(enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(unit=" articles", file=sys.stderr, mininterval=0.5)


def _make_engine(engine: str, workers: int, pipeline: Optional[Pipeline], ontology: Optional[Path],
                 scheduler: Optional[str]):
    if engine == "local":
        from .parallel import LocalEngine

        return LocalEngine(workers, pipeline, ontology)
    if engine == "dask":
        if pipeline is not None:
            raise ValueError("engine='dask' builds its pipeline on the workers; do not pass pipeline=")
        from .distributed import DaskEngine

        return DaskEngine(scheduler, workers=workers, ontology=ontology)
    raise ValueError(f"unknown engine {engine!r} (expected 'local' or 'dask')")


def build(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    *,
    html: bool = True,
    progress: Optional[bool] = None,
    pipeline: Optional[Pipeline] = None,
    workers: int = 1,
    engine: str = "local",
    scheduler: Optional[str] = None,
    cache: Optional[bool] = None,
    ntriples: bool = True,
    ontology: Optional[str | Path] = None,
    html_max_triples: int = HTML_MAX_TRIPLES,
    validate: bool = True,
    max_bytes: Optional[int] = None,
    store: Optional[bool] = None,
    chunk_size: int = 32,
    run_lines: int = 1_000_000,
) -> BuildReport:
    """Build OUT/graph.ttl (+ graph.nt, graph.html, report.json) from articles.

    ``workers``: processes for extraction (1: this process). ``engine``:
    "local" or "dask" (``scheduler`` an address, or None for a LocalCluster
    of ``workers`` workers). ``cache``: reuse per-document results from
    OUT/.cache/ (default: on, unless a custom ``pipeline`` is given, whose
    rules the cache key cannot see). ``run_lines``: distinct lines held in
    memory before a sorted run is spilled to disk. ``validate``: check the
    graph against ``ontology/shapes.ttl`` (skipped above ``html_max_triples``,
    where pySHACL over rdflib would dominate). ``store``: also write a
    persistent Oxigraph store to OUT/store (default: when the graph is large).
    """
    started, cpu_started = time.perf_counter(), time.process_time()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for leftover in out.glob(".runs-*"):  # from a build that was killed
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in out.glob(".graph.*.tmp"):
        leftover.unlink(missing_ok=True)
    ontology = Path(ontology) if ontology else None
    report = BuildReport()
    progress = sys.stderr.isatty() if progress is None else progress
    use_cache = (pipeline is None) if cache is None else cache

    extraction_cache = None
    if use_cache:
        from .cache import ExtractionCache, document_key, environment_key

        extraction_cache = ExtractionCache(out, environment_key(ontology))
    runs_dir = Path(tempfile.mkdtemp(prefix=".runs-", dir=out))
    runs = SortedRuns(runs_dir, max_lines=run_lines)
    runs.add(nt_lines(scheme_triples(ontology or ontology_dir())))

    kinds: dict[str, set] = {k: set() for k in KINDS if k != "figures"}
    figures = 0
    built: list[tuple[int, str]] = []
    skipped: list[tuple[int, dict]] = []
    seen_ids: set[str] = set()
    keys: dict[int, str] = {}
    bar = _progress_bar(progress)

    def consume(result: DocResult) -> None:
        nonlocal figures
        if result.error is not None:
            skipped.append((result.seq, {"source": result.source, "reason": result.error}))
        else:
            built.append((result.seq, result.doc_id))
            runs.add(result.lines)
            for kind, values in result.kinds.items():
                if kind == "figures":
                    figures += values
                else:
                    kinds[kind].update(values)
        if bar is not None:
            bar.update(1)

    def chunks():
        chunk = []
        for seq, item in enumerate(iter_documents(inputs, **({"max_bytes": max_bytes} if max_bytes else {}))):
            if isinstance(item, SkippedInput):
                skipped.append((seq, {"source": item.source, "reason": item.reason}))
                continue
            doc: Document = item
            if doc.doc_id in seen_ids:
                skipped.append((seq, {"source": doc.source, "reason": f"duplicate document id {doc.doc_id!r}"}))
                continue
            seen_ids.add(doc.doc_id)
            if extraction_cache is not None:
                key = document_key(doc)
                hit = extraction_cache.get(doc, seq, key)
                if hit is not None:
                    consume(hit)
                    continue
                keys[seq] = key
            chunk.append((seq, doc))
            if len(chunk) >= chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    runner = None

    def extracted_chunks():
        # The engine (pipeline, worker processes, cluster) starts at the first cache miss, if any.
        nonlocal runner
        todo = chunks()
        first = next(todo, None)
        if first is None:
            return
        runner = _make_engine(engine, workers, pipeline, ontology, scheduler)
        yield from runner.map(itertools.chain([first], todo))

    try:
        for results in extracted_chunks():
            for result in results:
                if extraction_cache is not None:
                    extraction_cache.put(keys.pop(result.seq), result)
                consume(result)
    finally:
        if runner is not None:
            runner.close()
        if bar is not None:
            bar.close()
        if extraction_cache is not None:
            report.stats.update(cache_hits=extraction_cache.hits, cache_misses=extraction_cache.misses)
            extraction_cache.close()
    extracted = time.perf_counter()

    ttl = out / "graph.ttl"
    try:
        report.triples = write_sorted(runs.merged(), ttl, out / "graph.nt" if ntriples else None)
    finally:
        runs.cleanup()
        shutil.rmtree(runs_dir, ignore_errors=True)
    report.outputs["turtle"] = str(ttl)
    if ntriples:
        report.outputs["ntriples"] = str(out / "graph.nt")
    written = time.perf_counter()

    report.built = [doc_id for _, doc_id in sorted(built)]
    report.skipped = [s for _, s in sorted(skipped, key=lambda x: x[0])]
    report.entities = {k: len(v) for k, v in kinds.items()}
    report.entities["figures"] = figures
    small = report.triples <= html_max_triples
    graph = None
    if (html or validate) and small:
        from .store import load_graph

        graph = load_graph(ttl)
    if html and not small:
        report.notes.append(f"graph.html not written: {report.triples} triples is more than {html_max_triples}; "
                            "draw a part of the graph with `kg viz` and a focus")
    elif html:
        from .viz import write_html

        page = out / "graph.html"
        write_html(graph, page)
        report.outputs["html"] = str(page)
    if validate and graph is not None:
        from .validate import validate_graph

        checked = validate_graph(graph)
        report.validation = {"conforms": checked.conforms,
                             "violations": sorted(f"{v.focus} {v.path}: {v.message}" for v in checked.violations)[:100]}
        if not checked.conforms:
            report.notes.append(f"the graph does not conform to ontology/shapes.ttl: {len(checked.violations)} "
                                "violation(s); run `kg validate` for details")
    elif validate:
        report.notes.append("SHACL validation skipped for a large graph; run `kg validate` on it if needed")
    from .store import STORE_MIN_TRIPLES, write_store

    store_dir = out / "store"
    if store or (store is None and report.triples >= STORE_MIN_TRIPLES):
        write_store(out / "graph.nt" if ntriples else ttl, store_dir)
        report.outputs["store"] = str(store_dir)
    elif store_dir.is_dir():
        shutil.rmtree(store_dir, ignore_errors=True)  # a store from an earlier, larger build would be stale
    report.outputs["report"] = str(out / "report.json")
    _atomic_write_text(out / "report.json", json.dumps(asdict(report), ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    done = time.perf_counter()
    report.stats.update(extract_s=round(extracted - started, 2), write_s=round(written - extracted, 2),
                        html_s=round(done - written, 2), total_s=round(done - started, 2),
                        main_cpu_s=round(time.process_time() - cpu_started, 2))
    return report
