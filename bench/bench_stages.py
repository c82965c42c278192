"""CPU seconds of each stage of a one-process build (run by hand, never in CI).

    python3 bench/bench_stages.py INPUT [--out DIR] [--store] [--validate] [--cache]

Wall time is unreliable on a shared machine; CPU time (``time.process_time``)
is not. The build runs in this process with timers wrapped around each stage:
cleaning, each extractor, resolving, facts → N-Triples lines, the
sorted runs, the merge that writes graph.ttl and graph.nt, the extraction
cache, the store (loaded in a thread beside the merge: its CPU time is in the
merge's and the whole build's; only the wait after the merge is its own) and
the SHACL check. Timers are inclusive: jieba's
segmentation (its own two lines) is also counted inside the extractor that
asked for it. The last lines give the CPU time of ``jieba.cut`` alone over the
same texts (HMM off, as the extractors segment) and the ratio of the whole
build to it, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import collections
import functools
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kg.build.builder as builder  # noqa: E402
import kg.build.cache as cache  # noqa: E402
import kg.build.documents as documents  # noqa: E402
import kg.extract.local_practices as local_practices  # noqa: E402
import kg.extract.pipeline as pipeline  # noqa: E402
import kg.extract.practices as practices  # noqa: E402
import kg.text.segment as segment  # noqa: E402
from kg.model import Document  # noqa: E402
from kg.text.reader import iter_documents  # noqa: E402

CPU: collections.Counter = collections.Counter()
CALLS: collections.Counter = collections.Counter()


def timed(name: str, f):
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return f(*args, **kwargs)
        finally:
            CPU[name] += time.process_time() - started
            CALLS[name] += 1
    return wrapper


def instrument() -> None:
    for name in dir(pipeline):
        if name.startswith(("find_", "subject_regions", "document_structure")):
            setattr(pipeline, name, timed(f"extract: {name}", getattr(pipeline, name)))
    for module, label in ((practices, "extract: practices"), (local_practices, "extract: local practices")):
        for cls in vars(module).values():
            if isinstance(cls, type) and cls.__module__ == module.__name__ and "find" in vars(cls):
                cls.find = timed(label, cls.find)
    pipeline.prepare = timed("text: prepare (clean, sentences)", pipeline.prepare)
    pipeline.Pipeline.resolve = timed("extract: resolve (attribution)", pipeline.Pipeline.resolve)
    pipeline.Pipeline.extract = timed("extract: everything", pipeline.Pipeline.extract)
    segment._path_words = timed("segment: jieba words of a run (cached)", segment._path_words)
    segment._stretch_steps = timed("segment: jieba words of a stretch around an offset", segment._stretch_steps)
    documents.FactMapper.nt_lines = timed("rdf: facts -> N-Triples lines", documents.FactMapper.nt_lines)
    builder.SortedRuns.add = timed("merge: sorted runs (add, spill)", builder.SortedRuns.add)
    builder.write_sorted = timed("merge: k-way merge, graph.ttl + graph.nt", builder.write_sorted)
    builder.write_store = timed("store: Oxigraph bulk load (all threads)", builder.write_store)
    builder.StoreFeed.finish = timed("store: waiting for the bulk load beside the merge", builder.StoreFeed.finish)
    builder.load_graph = timed("shacl: parse graph.ttl into rdflib", builder.load_graph)
    builder.validate_graph = timed("shacl: validate", builder.validate_graph)
    cache.ExtractionCache.put = timed("cache: put", cache.ExtractionCache.put)
    cache.ExtractionCache.save_build = timed("cache: save the build state", cache.ExtractionCache.save_build)


def jieba_cpu(inputs: list[str]) -> tuple[float, int]:
    import jieba

    jieba.initialize()
    texts = [d.text for d in iter_documents(inputs) if isinstance(d, Document)]
    started = time.process_time()
    for text in texts:
        for _ in jieba.cut(text, HMM=False):
            pass
    return time.process_time() - started, sum(map(len, texts))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--out", type=Path, help="build folder (default: a temporary one)")
    ap.add_argument("--store", action="store_true", help="also write the Oxigraph store")
    ap.add_argument("--validate", action="store_true", help="also run the SHACL check (small graphs only)")
    ap.add_argument("--cache", action="store_true", help="also write the extraction cache")
    args = ap.parse_args(argv)
    instrument()
    out = args.out or Path(tempfile.mkdtemp(prefix="kg-stages-"))
    started = time.process_time()
    report = builder.build(args.inputs, out, workers=1, html=False, progress=False, cache=args.cache,
                           store=args.store, validate=args.validate)
    total = time.process_time() - started
    print(f"{len(report.built):,} documents, {report.triples:,} triples, in {out}")
    print(f"{'CPU s':>8}  {'calls':>8}  stage")
    for name, seconds in sorted(CPU.items(), key=lambda kv: -kv[1]):
        print(f"{seconds:8.2f}  {CALLS[name]:8,}  {name}")
    print(f"{total:8.2f}  {'':8}  the whole build")
    jieba_s, chars = jieba_cpu(args.inputs)
    print(f"{jieba_s:8.2f}  {'':8}  jieba.cut alone over the same {chars:,} characters (HMM off); "
          f"build / jieba = {total / jieba_s:.2f}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
