"""``kg build``: read every input, extract, and write the graph and its report.

Documents stream: read -> (cache hit | extract, in worker processes or on a
dask cluster) -> N-Triples lines -> sorted runs on disk -> one merge that
writes graph.ttl and graph.nt. Peak memory is bounded by the largest document,
the lexicons and the run buffer, not by the corpus. A document that cannot be
read, or whose extraction fails, is reported and skipped; the rest is built.

A build runs in four steps (:class:`_Build`): *extraction*; then either a
*merge* of every document's lines, or a *patch* of the previous build's files
with the lines of the documents that were added, changed or removed (when its
state is intact and few documents changed: the result is byte-identical);
then the *outputs* (graph.html, the SHACL check, the store, report.json, the
saved state and the generation's manifest).
"""

from __future__ import annotations

import itertools
import logging
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator, Optional

from tqdm import tqdm

from kg.atomic import atomic_text
from kg.build import state
from kg.build.cache import ExtractionCache, document_key, environment_key
from kg.build.documents import KINDS, DocResult, DocumentProcessor
from kg.build.engines import Chunk, make_engine
from kg.build.lock import build_lock
from kg.build.patch import StaleOutput, lines_present, patch_sorted
from kg.build.report import BuildReport
from kg.build.runs import SortedRuns
from kg.build.store_feed import StoreFeed
from kg.config import BuildOptions
from kg.extract import Pipeline
from kg.lexicons import Lexicons
from kg.model import SkippedInput
from kg.network import page
from kg.qa.validate import validate_graph
from kg.query.backends import load_graph
from kg.query.store import STORE_INFO, STORE_MIN_TRIPLES, is_store_dir, patch_store, write_store
from kg.rdf.mapping import scheme_triples
from kg.rdf.writer import from_key, nt_lines, write_sorted
from kg.text.reader import iter_documents

log = logging.getLogger(__name__)


class _ManyChanges(Exception):
    """So many documents are new or changed that a whole merge is cheaper than patching."""


def _patch_limit(previous_docs: int) -> int:
    # Patching holds the changed documents' lines in memory and touches the files once per
    # changed subject: worth it for a few documents, not for a tenth of the corpus.
    return 16 + previous_docs // 10


def build(inputs: Iterable[str | Path], out_dir: str | Path, options: Optional[BuildOptions] = None, *,
          pipeline: Optional[Pipeline] = None, **settings) -> BuildReport:
    """Build OUT/graph.ttl (+ graph.nt, graph.html, report.json) from articles.

    ``options`` (:class:`kg.config.BuildOptions`), or its fields as keywords
    (``workers=2, html=False``). ``pipeline``: extract with this pipeline
    (its lexicons are the build's); the cache is then off unless asked for,
    since its key cannot see a custom pipeline's rules. If another build holds
    ``out``, :class:`kg.build.lock.OutputLocked` is raised at once (or, with
    ``wait``, the build waits for it).
    """
    inputs = list(inputs)  # read twice if a patch falls back to a whole merge
    options = replace(options or BuildOptions(), **settings)
    if options.ontology is not None:
        options = replace(options, ontology=Path(options.ontology))
    clock = (time.perf_counter(), time.process_time())
    out = Path(out_dir)
    with build_lock(out, options.wait):  # a second build into ``out`` fails at once or waits
        for leftover in out.glob(".runs-*"):  # from a build that was killed (never one running: we hold the lock)
            shutil.rmtree(leftover, ignore_errors=True)
        for leftover in out.glob(".graph.*.tmp"):
            leftover.unlink(missing_ok=True)
        if options.progress is None:
            options = replace(options, progress=sys.stderr.isatty())
        lexicons = pipeline.lexicons if pipeline is not None else Lexicons.load(options.ontology)
        log.info("lexicons: %d data files from %s", len(lexicons.sources), lexicons.folder)
        use_cache = (pipeline is None) if options.cache is None else options.cache
        cache = ExtractionCache(out, environment_key(lexicons)) if use_cache else None
        try:
            previous = None
            if cache is not None and options.ntriples and options.incremental is not False:
                previous = state.previous_build(cache, out, options.ontology)
            if previous is not None:
                log.info("patching the previous build of %d documents", len(cache.build_keys()))
                try:
                    return _Build(inputs, out, options, lexicons, pipeline, cache, previous, clock).run()
                except _ManyChanges:
                    log.info("too many changes to patch: merging every document again")
                except StaleOutput as exc:
                    # Everything extracted is cached by now: a whole merge costs no extraction.
                    cache.forget_build()
                    whole = _Build(inputs, out, options, lexicons, pipeline, cache, None, clock)
                    whole.report.stats["incremental_failed"] = str(exc)[:200]
                    return whole.run()
            return _Build(inputs, out, options, lexicons, pipeline, cache, None, clock).run()
        finally:
            if cache is not None:
                cache.close()


class NothingRead(Exception):
    """No article could be read: nothing was written, the previous outputs (if any) are unchanged.

    ``report`` holds what was skipped and why; ``str(exc)`` is one line naming the input.
    """

    def __init__(self, report: BuildReport, inputs: list[str], out: Path):
        self.report, self.inputs, self.out = report, inputs, out
        if report.skipped:
            first = report.skipped[0]
            what = f"{first['source']}: {first['reason']}"
            if len(report.skipped) > 1:
                what += f" (and {len(report.skipped) - 1} more skipped)"
        else:
            what = f"no article found in {', '.join(inputs) or '(no input)'}"
        kept = f"the previous outputs in {out} are unchanged" if (out / "graph.ttl").exists() else "nothing written"
        super().__init__(f"no article could be read: {what}; {kept}")


class _Build:
    """One attempt at a build: a whole merge (``previous`` None) or a patch of the previous build."""

    def __init__(self, inputs, out: Path, options: BuildOptions, lexicons: Lexicons, pipeline: Optional[Pipeline],
                 cache: Optional[ExtractionCache], previous: Optional[dict], clock: tuple[float, float]):
        self.inputs, self.out, self.options, self.lexicons = inputs, out, options, lexicons
        self.pipeline, self.cache, self.previous, self.clock = pipeline, cache, previous, clock
        self.report = BuildReport()
        self.built: list[tuple[int, str]] = []  # (input position, doc id)
        self.skipped: list[tuple[int, dict]] = []
        self.previous_keys = cache.build_keys() if previous is not None else set()
        self.kept: set[str] = set()  # patch: documents of the previous build, unchanged
        self.added: list[tuple[str, DocResult]] = []  # patch: documents the previous build lacks
        self.built_keys: list[str] = []  # cache keys of the documents built (saved as the build state)
        self.figures = 0
        self.kinds: dict[str, Counter] = {k: Counter() for k in KINDS if k != "figures"}
        self.runs: Optional[SortedRuns] = None
        self.fed_store = False  # the store was loaded during the merge (kg.build.store_feed)
        self.bar = None

    @property
    def ttl(self) -> Path:
        return self.out / "graph.ttl"

    @property
    def nt(self) -> Optional[Path]:
        return self.out / "graph.nt" if self.options.ntriples else None

    def run(self) -> BuildReport:
        runs_dir = None
        if self.previous is None:
            runs_dir = Path(tempfile.mkdtemp(prefix=".runs-", dir=self.out))
            self.runs = SortedRuns(runs_dir, max_lines=self.options.run_lines)
            self.runs.add(nt_lines(scheme_triples(self.lexicons)))
        try:
            self.extract()
            if not self.built:  # a typo or an empty folder never replaces a graph with an empty one
                self.report.skipped = [s for _, s in sorted(self.skipped, key=lambda x: x[0])]
                raise NothingRead(self.report, [str(i) for i in self.inputs], self.out)
            extracted = time.perf_counter()
            shared, store_change = self.merge() if self.previous is None else ([], self.patch())
        finally:
            if self.runs is not None:
                self.runs.cleanup()
                shutil.rmtree(runs_dir, ignore_errors=True)
        self.outputs(shared, store_change, extracted)
        return self.report

    # ---------------------------------------------------------------- 1. extraction

    def extract(self) -> None:
        """Every input read, and every document extracted (or taken from the cache), in input order."""
        self.bar = tqdm(unit=" articles", file=sys.stderr, mininterval=0.5) if self.options.progress else None
        keys: dict[int, str] = {}  # input position -> cache key, for the documents to extract
        runner = None
        try:
            todo = self._chunks(keys)
            first = next(todo, None)
            if first is not None:  # the engine (pipeline, worker processes, cluster) starts at the first miss
                custom = self.pipeline is not None
                processor = DocumentProcessor(self.pipeline if custom else Pipeline(self.lexicons))
                runner = make_engine(self.options.engine, processor, self.options.workers, self.options.scheduler,
                                     custom=custom)
                log.info("extracting on the %s engine, %d worker(s)", self.options.engine, self.options.workers)
                for results in runner.map(itertools.chain([first], todo)):
                    for result in results:
                        key = None
                        if self.cache is not None:
                            key = keys.pop(result.seq)
                            self.cache.put(key, result)
                        self._take(result, key)
        finally:
            if runner is not None:
                runner.close()
            if self.bar is not None:
                self.bar.close()
            if self.cache is not None:
                self.report.stats.update(cache_hits=self.cache.hits + len(self.kept),
                                         cache_misses=self.cache.misses)

    def _chunks(self, keys: dict[int, str]) -> Iterator[Chunk]:
        """Chunks of the documents to extract; skips, duplicates and cache hits are taken on the way."""
        seen_ids: set[str] = set()
        chunk: Chunk = []
        new_docs, limit = 0, _patch_limit(len(self.previous_keys))
        max_bytes = {"max_bytes": self.options.max_bytes} if self.options.max_bytes else {}
        for seq, doc in enumerate(iter_documents(self.inputs, **max_bytes)):
            if isinstance(doc, SkippedInput):
                self.skipped.append((seq, {"source": doc.source, "reason": doc.reason}))
                continue
            if doc.doc_id in seen_ids:
                self.skipped.append((seq, {"source": doc.source, "reason": f"duplicate document id {doc.doc_id!r}"}))
                continue
            seen_ids.add(doc.doc_id)
            if self.cache is not None:
                key = document_key(doc)
                if key in self.previous_keys:  # in the previous build and unchanged: nothing to read
                    self.kept.add(key)
                    self.built.append((seq, doc.doc_id))
                    self._tick()
                    continue
                if self.previous is not None:
                    new_docs += 1
                    if new_docs > limit:
                        raise _ManyChanges()
                hit = self.cache.get(doc, seq, key)
                if hit is not None:
                    self._take(hit, key)
                    continue
                keys[seq] = key
            chunk.append((seq, doc))
            if len(chunk) >= self.options.chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def _take(self, result: DocResult, key: Optional[str]) -> None:
        """One document's result: into the sorted runs (merge) or the changes (patch)."""
        if result.error is not None:
            self.skipped.append((result.seq, {"source": result.source, "reason": result.error}))
        else:
            self.built.append((result.seq, result.doc_id))
            if key is not None:
                self.built_keys.append(key)
            if self.runs is None:
                self.added.append((key, result))
            else:
                self.runs.add(result.lines)
                for kind, values in result.kinds.items():
                    if kind == "figures":
                        self.figures += values
                    else:
                        self.kinds[kind].update(values)
        self._tick()

    def _tick(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    # ---------------------------------------------------------------- 2. merge or patch

    def merge(self) -> tuple[list[tuple[str, int]], None]:
        """graph.ttl and graph.nt from every document's lines; the lines more than one document gave."""
        shared: list[tuple[str, int]] = []

        def keys_counted():
            for key, n in self.runs.merged_counts():
                if n > 1:
                    shared.append((key, n))
                yield key

        feed = self._store_feed()
        try:
            self.report.triples = write_sorted(keys_counted(), self.ttl, self.nt,
                                               ntriples_sink=feed.add if feed is not None else None)
        except BaseException:
            if feed is not None:
                feed.abort()
            raise
        if feed is not None:
            feed.finish()
            self.fed_store = True
        log.info("merged %d documents into %d triples", len(self.built), self.report.triples)
        self.report.entities = {k: len(v) for k, v in self.kinds.items()}
        return [(from_key(k), n) for k, n in shared], None

    def _store_feed(self) -> Optional[StoreFeed]:
        """A store loaded during the merge, when one may be written (graph.nt's lines are fed to it; a
        graph that turns out smaller than STORE_MIN_TRIPLES has its store removed by ``_store``)."""
        wanted = self.options.store
        if self.nt is None or wanted is False or (wanted is None and self.runs.added < STORE_MIN_TRIPLES):
            return None
        return StoreFeed(self.nt, self.out / "store")

    def _delta(self, removed_keys: set[str]) -> tuple[Counter, Counter]:
        """How many more (or fewer) documents give each line and name each entity, after the changes."""
        delta, kind_delta = Counter(), Counter()
        self.figures = self.previous["figures"]
        changes = [(-1, key, self.cache.payload(key)) for key in removed_keys]
        changes += [(1, key, (result.lines, result.kinds)) for key, result in self.added]
        for sign, key, got in changes:
            if got is None:
                raise StaleOutput("a document of the previous build is missing from the cache")
            (delta.update if sign > 0 else delta.subtract)(got[0])
            for kind, values in got[1].items():
                if kind == "figures":
                    self.figures += sign * values
                else:
                    (kind_delta.update if sign > 0 else kind_delta.subtract)((kind, v) for v in values)
        return delta, kind_delta

    def patch(self) -> Optional[tuple[list[str], list[str]]]:
        """The previous build's files patched with the lines that come and go; the store's change, if it has one."""
        removed_keys = self.previous_keys - self.kept
        delta, kind_delta = self._delta(removed_keys)
        changed = {line: d for line, d in delta.items() if d}
        counts = self.cache.line_counts(changed)
        present = lines_present(self.nt, [line for line in changed if line not in counts])
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
        self.cache.set_build_info(None)  # until the outputs and the state agree again
        self.report.triples = self.previous["triples"] + patch_sorted(self.ttl, self.nt, gone, new)
        self.cache.update_build({}, removed_keys, [k for k, _ in self.added], new_counts, kind_delta)
        entities = self.cache.kind_counts()
        self.report.entities = {k: entities.get(k, 0) for k in KINDS if k != "figures"}
        self.report.stats.update(changed_docs=len(removed_keys) + len(self.added), lines_removed=len(gone),
                                 lines_added=len(new))
        return (sorted(gone), sorted(new)) if self.previous.get("store") else None

    # ---------------------------------------------------------------- 3. outputs

    def outputs(self, shared: list[tuple[str, int]], store_change, extracted: float) -> None:
        report, out = self.report, self.out
        state.retire_generation(out)
        generation = uuid.uuid4().hex
        report.outputs["turtle"] = str(self.ttl)
        if self.nt is not None:
            report.outputs["ntriples"] = str(self.nt)
        written = time.perf_counter()
        report.built = [doc_id for _, doc_id in sorted(self.built)]
        report.skipped = [s for _, s in sorted(self.skipped, key=lambda x: x[0])]
        report.entities["figures"] = self.figures
        self._page_and_validation()
        wrote_store = self._store(store_change)
        report.outputs["report"] = str(out / "report.json")
        atomic_text(out / "report.json", report.to_json())
        if self.cache is not None:
            self._save_state(shared, wrote_store, generation)
        state.write_manifest(out, generation)
        done = time.perf_counter()
        started, cpu_started = self.clock
        report.stats.update(extract_s=round(extracted - started, 2), write_s=round(written - extracted, 2),
                            html_s=round(done - written, 2), total_s=round(done - started, 2),
                            main_cpu_s=round(time.process_time() - cpu_started, 2),
                            incremental=self.previous is not None)
        log.info("stats: %s", " ".join(f"{k}={v}" for k, v in sorted(report.stats.items())))

    def _page_and_validation(self) -> None:
        report, options = self.report, self.options
        small = report.triples <= options.html_max_triples
        graph = load_graph(self.ttl) if (options.html or options.validate) and small else None
        if options.html and not small:
            report.notes.append(f"graph.html not written: {report.triples} triples is more than "
                                f"{options.html_max_triples}; draw a part of the graph with `kg viz` and a focus")
        elif options.html:
            report.outputs["html"] = str(page.write_html(graph, self.out / "graph.html"))
        if options.validate and graph is not None:
            checked = validate_graph(graph)
            report.validation = {"conforms": checked.conforms, "violations": sorted(
                f"{v.focus} {v.path}: {v.message}" for v in checked.violations)[:100]}
            if not checked.conforms:
                report.notes.append(f"the graph does not conform to ontology/shapes.ttl: {len(checked.violations)} "
                                    "violation(s); run `kg validate` for details")
        elif options.validate:
            report.notes.append("SHACL validation skipped for a large graph; run `kg validate` on it if needed")

    def _store(self, store_change) -> bool:
        """OUT/store written (or patched) when asked for or when the graph is large; True when there is one."""
        store_dir, wanted = self.out / "store", self.options.store
        if not (wanted or (wanted is None and self.report.triples >= STORE_MIN_TRIPLES)):
            if store_dir.is_dir():
                shutil.rmtree(store_dir, ignore_errors=True)  # a store from an earlier, larger build would be stale
            return False
        if self.fed_store:
            self.report.outputs["store"] = str(store_dir)
            return True
        source = self.nt or self.ttl
        if store_change is not None and is_store_dir(store_dir) \
                and self.previous.get("store") == state.fingerprint(store_dir / STORE_INFO):
            patch_store(store_dir, source, store_change[0], store_change[1], self.report.triples)
        else:
            write_store(source, store_dir)
        self.report.outputs["store"] = str(store_dir)
        return True

    def _save_state(self, shared: list[tuple[str, int]], wrote_store: bool, generation: str) -> None:
        if self.nt is None:
            self.cache.forget_build()
            return
        info = state.build_info(self.out, self.options.ontology, self.report.triples, self.figures, wrote_store,
                                generation)
        if self.previous is None:
            self.cache.save_build(info, self.built_keys, shared, self.kinds)
        else:
            self.cache.set_build_info(info)
