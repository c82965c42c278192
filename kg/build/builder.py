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
from collections import Counter
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from kg.build.documents import KINDS, DocResult, DocumentProcessor
from kg.build.engines import make_engine
from kg.extract import Pipeline
from kg.lexicons import Lexicons
from kg.build.lock import build_lock
from kg.build.report import printable
from kg.model import Document, SkippedInput
from kg.atomic import atomic_text
from kg.build.patch import StaleOutput, lines_present, patch_sorted
from kg.build.runs import SortedRuns
from kg.rdf.mapping import scheme_triples
from kg.rdf.prefixes import PREFIXES
from kg.text.reader import iter_documents
from kg.rdf.writer import from_key, nt_lines, write_sorted

# Above this many triples graph.html is not written: loading the graph into
# rdflib and laying it out would dominate the build (use `kg viz` with a focus).
HTML_MAX_TRIPLES = 200_000
# Skipped inputs printed one by one in the summary; report.json lists them all.
SUMMARY_SKIPS = 50


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
        lines += [f"  {printable(s['source'])}: {printable(s['reason'])}" for s in self.skipped[:SUMMARY_SKIPS]]
        if len(self.skipped) > SUMMARY_SKIPS:
            lines.append(f"  … and {len(self.skipped) - SUMMARY_SKIPS} more (see report.json)")
        lines.append(f"triples: {self.triples}")
        lines += [f"{kind}: {n}" for kind, n in sorted(self.entities.items())]
        lines += [f"wrote {name}: {path}" for name, path in sorted(self.outputs.items())]
        lines += [f"note: {n}" for n in self.notes]
        if self.stats:
            lines.append("stats: " + ", ".join(f"{k}={v}" for k, v in self.stats.items()))
        return "\n".join(lines)


def _progress_bar(enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(unit=" articles", file=sys.stderr, mininterval=0.5)


class _ManyChanges(Exception):
    """So many documents are new or changed that a whole merge is cheaper than patching."""


def _patch_limit(previous_docs: int) -> int:
    # Patching holds the changed documents' lines in memory and touches the files once per
    # changed subject: worth it for a few documents, not for a tenth of the corpus.
    return 16 + previous_docs // 10


# Bump when the saved build state (kg.cache build tables) changes meaning.
STATE_FORMAT = 1


def _fingerprint(path: Path) -> Optional[list[int]]:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _settings(ontology: Optional[Path]) -> dict:
    return {"format": STATE_FORMAT, "ontology": str(ontology.resolve()) if ontology else None,
            "prefixes": [list(item) for item in sorted(PREFIXES.items())]}


def _build_info(out: Path, ontology: Optional[Path], triples: int, figures: int, store: bool) -> dict:
    return {"settings": _settings(ontology), "nt": _fingerprint(out / "graph.nt"),
            "ttl": _fingerprint(out / "graph.ttl"), "triples": triples, "figures": figures,
            "store": _fingerprint(out / "store" / "kg-store.json") if store else None}


MANIFEST = ".kg-manifest.json"
# The files of one build's generation, named with their fingerprints in OUT/.kg-manifest.json.
GENERATION_FILES = ("graph.ttl", "graph.nt", "graph.html", "report.json")


def _retire_generation(out: Path) -> None:
    """Called once the new graph files are in place: the old manifest, page and report
    describe the previous graph, so none of them may stay beside the new one (a kill
    later in the build then leaves an incomplete generation, never a mixed one)."""
    for name in (MANIFEST, "report.json", "graph.html"):
        (out / name).unlink(missing_ok=True)


def _write_manifest(out: Path, generation: str) -> None:
    """Written last: the generation is complete, and these are its files."""
    files = {name: _fingerprint(out / name) for name in GENERATION_FILES if (out / name).is_file()}
    atomic_text(out / MANIFEST, json.dumps({"generation": generation, "files": files}, indent=2) + "\n")


def read_manifest(out: Path) -> Optional[dict]:
    """OUT/.kg-manifest.json, if every file it names is still exactly as its build left it."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if any(_fingerprint(out / name) != fp for name, fp in files.items()):
        return None
    return manifest


def _previous_build(cache, out: Path, ontology: Optional[Path]) -> Optional[dict]:
    """The saved state of the last build into ``out``, if its outputs are still exactly as it left them."""
    info = cache.build_info()
    if not info or info.get("settings") != _settings(ontology):
        return None
    manifest = read_manifest(out)
    if manifest is None or manifest.get("generation") != info.get("generation"):
        return None  # the state and the outputs are not of one complete build
    if info.get("nt") is None or info["nt"] != _fingerprint(out / "graph.nt") \
            or info["ttl"] != _fingerprint(out / "graph.ttl"):
        return None
    return info


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
    incremental: Optional[bool] = None,
    wait: bool = False,
) -> BuildReport:
    """Build OUT/graph.ttl (+ graph.nt, graph.html, report.json) from articles.

    ``workers``: processes for extraction (1: this process). ``engine``:
    "local" or "dask" (``scheduler`` an address, or None for a LocalCluster
    of ``workers`` workers). ``cache``: reuse per-document results from
    OUT/.cache/ (default: on, unless a custom ``pipeline`` is given, whose
    rules the cache key cannot see). ``incremental``: with the cache, patch
    the previous build's graph.nt, graph.ttl and store with the lines of the
    documents that were added, changed or removed, instead of merging every
    document again (default: whenever the previous build's outputs are
    untouched; the result is byte-identical to a clean build). ``run_lines``:
    lines held in memory before a sorted run is spilled to disk.
    ``validate``: check the graph against ``ontology/shapes.ttl`` (skipped
    above ``html_max_triples``, where pySHACL over rdflib would dominate).
    ``store``: also write a persistent Oxigraph store to OUT/store (default:
    when the graph is large). ``wait``: if another build holds ``out``, wait
    for it instead of raising :class:`kg.lock.OutputLocked`.
    """
    started, cpu_started = time.perf_counter(), time.process_time()
    out = Path(out_dir)
    # Held for the whole build: a second build into ``out`` fails at once (OutputLocked) or waits.
    lock = build_lock(out, wait)
    lock.__enter__()
    extraction_cache = None
    try:
        for leftover in out.glob(".runs-*"):  # from a build that was killed (never one running: we hold the lock)
            shutil.rmtree(leftover, ignore_errors=True)
        for leftover in out.glob(".graph.*.tmp"):
            leftover.unlink(missing_ok=True)
        ontology = Path(ontology) if ontology else None
        lexicons = pipeline.lexicons if pipeline is not None else Lexicons.load(ontology)
        report = BuildReport()
        progress = sys.stderr.isatty() if progress is None else progress
        use_cache = (pipeline is None) if cache is None else cache

        previous = None
        if use_cache:
            from kg.build.cache import ExtractionCache, environment_key

            extraction_cache = ExtractionCache(out, environment_key(lexicons))
            if ntriples and incremental is not False:
                previous = _previous_build(extraction_cache, out, ontology)
        if previous is not None:
            try:
                return _build(report, inputs, out, extraction_cache, previous, locals_=dict(
                    html=html, progress=progress, pipeline=pipeline, workers=workers, engine=engine,
                    scheduler=scheduler, ntriples=ntriples, ontology=ontology, lexicons=lexicons,
                    html_max_triples=html_max_triples,
                    validate=validate, max_bytes=max_bytes, store=store, chunk_size=chunk_size,
                    run_lines=run_lines, started=started, cpu_started=cpu_started))
            except _ManyChanges:
                report = BuildReport()
            except StaleOutput as exc:
                # Everything extracted is cached by now: a whole merge costs no extraction.
                extraction_cache.forget_build()
                report = BuildReport()
                report.stats["incremental_failed"] = str(exc)[:200]
        return _build(report, inputs, out, extraction_cache, None, locals_=dict(
            html=html, progress=progress, pipeline=pipeline, workers=workers, engine=engine,
            scheduler=scheduler, ntriples=ntriples, ontology=ontology, lexicons=lexicons,
                    html_max_triples=html_max_triples,
            validate=validate, max_bytes=max_bytes, store=store, chunk_size=chunk_size,
            run_lines=run_lines, started=started, cpu_started=cpu_started))
    finally:
        if extraction_cache is not None:
            extraction_cache.close()
        lock.__exit__(None, None, None)


def _build(report: BuildReport, inputs, out: Path, extraction_cache, previous: Optional[dict], locals_: dict):
    """One build: a whole merge (``previous`` None) or a patch of the previous build."""
    L = locals_
    ontology, ntriples = L["ontology"], L["ntriples"]
    if extraction_cache is not None:
        from kg.build.cache import document_key

    runs = None
    runs_dir = None
    if previous is None:
        runs_dir = Path(tempfile.mkdtemp(prefix=".runs-", dir=out))
        runs = SortedRuns(runs_dir, max_lines=L["run_lines"])
        runs.add(nt_lines(scheme_triples(L["lexicons"])))
        kinds: dict[str, Counter] = {k: Counter() for k in KINDS if k != "figures"}
    previous_keys = extraction_cache.build_keys() if previous is not None else set()
    kept: set[str] = set()
    added: list[tuple[str, DocResult]] = []  # incremental: documents the previous build lacks
    built_keys: list[str] = []
    figures = 0
    built: list[tuple[int, str]] = []
    skipped: list[tuple[int, dict]] = []
    seen_ids: set[str] = set()
    keys: dict[int, str] = {}
    bar = _progress_bar(L["progress"])
    hits = 0

    def consume(result: DocResult, key: Optional[str]) -> None:
        nonlocal figures
        if result.error is not None:
            skipped.append((result.seq, {"source": result.source, "reason": result.error}))
        else:
            built.append((result.seq, result.doc_id))
            if key is not None:
                built_keys.append(key)
            if runs is None:
                added.append((key, result))
            else:
                runs.add(result.lines)
                for kind, values in result.kinds.items():
                    if kind == "figures":
                        figures += values
                    else:
                        kinds[kind].update(values)
        if bar is not None:
            bar.update(1)

    new_docs, limit = 0, _patch_limit(len(previous_keys))

    def chunks():
        nonlocal hits, new_docs
        chunk = []
        max_bytes = L["max_bytes"]
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
                if key in previous_keys:  # in the previous build and unchanged: nothing to read
                    kept.add(key)
                    built.append((seq, doc.doc_id))
                    hits += 1
                    if bar is not None:
                        bar.update(1)
                    continue
                if previous is not None:
                    new_docs += 1
                    if new_docs > limit:
                        raise _ManyChanges()
                hit = extraction_cache.get(doc, seq, key)
                if hit is not None:
                    consume(hit, key)
                    continue
                keys[seq] = key
            chunk.append((seq, doc))
            if len(chunk) >= L["chunk_size"]:
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
        custom = L["pipeline"] is not None
        processor = DocumentProcessor(L["pipeline"] if custom else Pipeline(L["lexicons"]))
        runner = make_engine(L["engine"], processor, L["workers"], L["scheduler"], custom=custom)
        yield from runner.map(itertools.chain([first], todo))

    try:
        try:
            for results in extracted_chunks():
                for result in results:
                    key = None
                    if extraction_cache is not None:
                        key = keys.pop(result.seq)
                        extraction_cache.put(key, result)
                    consume(result, key)
        finally:
            if runner is not None:
                runner.close()
            if bar is not None:
                bar.close()
            if extraction_cache is not None:
                report.stats.update(cache_hits=extraction_cache.hits + hits, cache_misses=extraction_cache.misses)
        extracted = time.perf_counter()

        ttl = out / "graph.ttl"
        if previous is None:
            shared: list[tuple[str, int]] = []

            def keys_counted():
                for key, n in runs.merged_counts():
                    if n > 1:
                        shared.append((key, n))
                    yield key

            report.triples = write_sorted(keys_counted(), ttl, out / "graph.nt" if ntriples else None)
            shared = [(from_key(k), n) for k, n in shared]
            report.entities = {k: len(v) for k, v in kinds.items()}
            store_change = None
        else:
            removed_keys = previous_keys - kept
            delta: Counter = Counter()
            kind_delta: Counter = Counter()
            figures = previous["figures"]
            for key in removed_keys:
                got = extraction_cache.payload(key)
                if got is None:
                    raise StaleOutput("a document of the previous build is missing from the cache")
                delta.subtract(got[0])
                for kind, values in got[1].items():
                    if kind == "figures":
                        figures -= values
                    else:
                        kind_delta.subtract((kind, v) for v in values)
            for key, result in added:
                delta.update(result.lines)
                for kind, values in result.kinds.items():
                    if kind == "figures":
                        figures += values
                    else:
                        kind_delta.update((kind, v) for v in values)
            changed = {line: d for line, d in delta.items() if d}
            counts = extraction_cache.line_counts(changed)
            present = lines_present(out / "graph.nt", [line for line in changed if line not in counts])
            new_counts, gone, new = {}, [], []
            for line, d in changed.items():
                old = counts.get(line, 1 if line in present else 0)
                n = new_counts[line] = old + d
                if n < 0:
                    raise StaleOutput(f"line counted below zero: {line.strip()}")
                if old and not n:
                    gone.append(line)
                elif n and not old:
                    new.append(line)
            extraction_cache.set_build_info(None)  # until the outputs and the state agree again
            report.triples = previous["triples"] + patch_sorted(ttl, out / "graph.nt", gone, new)
            extraction_cache.update_build({}, removed_keys, [k for k, _ in added], new_counts, kind_delta)
            entities = extraction_cache.kind_counts()
            report.entities = {k: entities.get(k, 0) for k in KINDS if k != "figures"}
            store_change = (sorted(gone), sorted(new)) if previous.get("store") else None
            report.stats.update(changed_docs=len(removed_keys) + len(added), lines_removed=len(gone),
                                lines_added=len(new))
    finally:
        if runs is not None:
            runs.cleanup()
            shutil.rmtree(runs_dir, ignore_errors=True)
    _retire_generation(out)
    generation = uuid.uuid4().hex
    report.outputs["turtle"] = str(ttl)
    if ntriples:
        report.outputs["ntriples"] = str(out / "graph.nt")
    written = time.perf_counter()

    report.built = [doc_id for _, doc_id in sorted(built)]
    report.skipped = [s for _, s in sorted(skipped, key=lambda x: x[0])]
    report.entities["figures"] = figures
    small = report.triples <= L["html_max_triples"]
    html, validate = L["html"], L["validate"]
    graph = None
    if (html or validate) and small:
        from kg.query import load_graph

        graph = load_graph(ttl)
    if html and not small:
        report.notes.append(f"graph.html not written: {report.triples} triples is more than {L['html_max_triples']}; "
                            "draw a part of the graph with `kg viz` and a focus")
    elif html:
        from kg.network.viz import write_html

        page = out / "graph.html"
        write_html(graph, page)
        report.outputs["html"] = str(page)
    if validate and graph is not None:
        from kg.qa.validate import validate_graph

        checked = validate_graph(graph)
        report.validation = {"conforms": checked.conforms,
                             "violations": sorted(f"{v.focus} {v.path}: {v.message}" for v in checked.violations)[:100]}
        if not checked.conforms:
            report.notes.append(f"the graph does not conform to ontology/shapes.ttl: {len(checked.violations)} "
                                "violation(s); run `kg validate` for details")
    elif validate:
        report.notes.append("SHACL validation skipped for a large graph; run `kg validate` on it if needed")
    from kg.query.store import STORE_MIN_TRIPLES, is_store_dir, patch_store, write_store

    store_dir = out / "store"
    wrote_store = False
    store = L["store"]
    if store or (store is None and report.triples >= STORE_MIN_TRIPLES):
        source = out / "graph.nt" if ntriples else ttl
        if store_change is not None and is_store_dir(store_dir) and previous.get("store") == _fingerprint(
                store_dir / "kg-store.json"):
            patch_store(store_dir, source, store_change[0], store_change[1], report.triples)
        else:
            write_store(source, store_dir)
        report.outputs["store"] = str(store_dir)
        wrote_store = True
    elif store_dir.is_dir():
        shutil.rmtree(store_dir, ignore_errors=True)  # a store from an earlier, larger build would be stale
    report.outputs["report"] = str(out / "report.json")
    atomic_text(out / "report.json", json.dumps(asdict(report), ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    if extraction_cache is not None:
        info = _build_info(out, ontology, report.triples, figures, wrote_store) if ntriples else None
        if info is not None:
            info["generation"] = generation
        if info is None:
            extraction_cache.forget_build()
        elif previous is None:
            extraction_cache.save_build(info, built_keys, shared, kinds)
        else:
            extraction_cache.set_build_info(info)
    _write_manifest(out, generation)
    done = time.perf_counter()
    report.stats.update(extract_s=round(extracted - L["started"], 2), write_s=round(written - extracted, 2),
                        html_s=round(done - written, 2), total_s=round(done - L["started"], 2),
                        main_cpu_s=round(time.process_time() - L["cpu_started"], 2),
                        incremental=previous is not None)
    return report
