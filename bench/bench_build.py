"""Benchmark `kg build` on 1,000, 10,000 and all 75,402 xwlb stories (run by hand, never in CI).

    python3 bench/bench_build.py [--corpus ../shared/corpus/xwlb] [--sizes 1000,10000,all] [--workers 2]
    python3 bench/bench_build.py --sizes 10000 --before main     # the code at main and now, side by side

For each size: a clean build in a subprocess (`python -m kg.cli build --no-html`),
with wall time, characters per second, peak RSS of the whole process tree
(psutil, sampled every 0.1 s; else getrusage of the largest child), triples,
CPU seconds of all its processes, and the ratio to jieba segmentation alone
on the same texts (`jieba.lcut`, one process, CPU time): build wall / jieba,
and build CPU / jieba (the extraction cost per character relative to jieba,
independent of other load on the machine). For the largest size also:
a rebuild after changing one story (the cache reuses every other story), and
the time of each shipped query (kg/queries/*.rq) on the graph loaded into
pyoxigraph with bulk_load. Subsets are evenly spaced stories across the whole
corpus, written to a temporary JSON Lines file outside the project.

With ``--before REV`` every size is also built by the code at git revision REV
(a temporary worktree), just before the build of the current code, so both see
the same load on a shared machine: compare their CPU seconds rather than wall
time. Each pair's graph.ttl, graph.nt and store contents are compared (a
speed-up must not change them), and a last line gives the CPU ratio.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "xwlb"
QUERY_PARAMS = {"practice_label": "雪亮工程", "region_name": "北京市"}


def read_stories(corpus: Path) -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from kg.model import Document
    from kg.text.reader import iter_documents

    stories = []
    for doc in iter_documents([corpus]):
        if isinstance(doc, Document):
            stories.append({"id": doc.doc_id, "title": doc.title, "date": doc.date, "url": doc.url, "text": doc.text})
    return stories


def write_jsonl(stories: list[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for s in stories:
            f.write(json.dumps(s, ensure_ascii=False) + "\n")


def run_build(inputs: Path, out: Path, workers: int, cache: bool = True, root: Path = ROOT) -> dict:
    cmd = [sys.executable, "-m", "kg.cli", "build", str(inputs), "-o", str(out), "--no-html", "-q",
           "--workers", str(workers)]
    if not cache:
        cmd.append("--no-cache")
    env = dict(os.environ, PYTHONPATH=str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    try:
        import psutil

        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                tree = [root] + root.children(recursive=True)
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)
    except ImportError:
        pass
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 2):
        raise SystemExit(f"build failed ({proc.returncode}):\n{stderr[-3000:]}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    largest_child = usage.ru_maxrss * 1024
    cpu = (usage.ru_utime + usage.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    stats = next((line for line in stdout.splitlines() if line.startswith("stats: ")), "")
    return {"wall": wall, "cpu": cpu, "peak_rss": peak or largest_child, "triples": report["triples"],
            "built": len(report["built"]), "stats": stats}


def jieba_time(stories: list[dict]) -> float:
    import jieba

    jieba.initialize()
    started = time.process_time()
    for s in stories:
        jieba.lcut(s["text"])
    return time.process_time() - started  # CPU time: other load on the machine does not count


def query_times(nt: Path) -> list[tuple[str, float, int]]:
    import pyoxigraph as ox

    from kg.query.backends import run_query
    from kg.query.catalogue import get_query, list_queries

    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    rows = [("(bulk_load graph.nt)", time.perf_counter() - started, len(store))]
    for q in list_queries():
        params = {p: QUERY_PARAMS.get(p, "北京市") for p in q.params}
        started = time.perf_counter()
        result = run_query(store, get_query(q.name), params)
        rows.append((q.name, time.perf_counter() - started, len(result.rows)))
    return rows


def graph_digest(out: Path) -> str:
    """sha256 of graph.ttl, graph.nt and the store's sorted N-Quads (what must not change), short."""
    h = hashlib.sha256()
    for name in ("graph.ttl", "graph.nt"):
        h.update((out / name).read_bytes())
    if (out / "store").is_dir():
        import pyoxigraph as ox

        store = ox.Store.read_only(str(out / "store"))
        h.update("".join(sorted(f"{q}\n" for q in store)).encode("utf-8"))
        del store
    return h.hexdigest()[:16]


def row(n: int, chars: int, r: dict, tj: float, label: str = "") -> str:
    return (f"{n:>8,} {chars:>11,} {r['wall']:>8.1f} {chars / r['wall']:>9,.0f} {1e6 * r['wall'] / chars:>8.2f} "
            f"{mb(r['peak_rss']):>9} {r['triples']:>10,} {r['cpu']:>8.1f} {tj:>8.1f} {r['wall'] / tj:>10.2f} "
            f"{r['cpu'] / tj:>9.2f}{label}")


def mb(n: float) -> str:
    return f"{n / 2**20:,.0f} MB"


HEADER = (f"{'stories':>8} {'chars':>11} {'wall s':>8} {'chars/s':>9} {'us/char':>8} {'peak RSS':>9} "
          f"{'triples':>10} {'cpu s':>8} {'jieba s':>8} {'wall/jieba':>10} {'cpu/jieba':>9}")


def compare(args, checkout: Path) -> int:
    """Each size built by the code at ``args.before`` (in ``checkout``), then by this checkout's."""
    stories = read_stories(args.corpus)
    work = Path(tempfile.mkdtemp(prefix="kg-bench-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    print(f"corpus: {args.corpus} — {len(stories):,} stories; workers={args.workers}, cpus={os.cpu_count()}; "
          f"before = {args.before}, now = this checkout")
    print(HEADER)
    same, cpu = True, {"before": 0.0, "now": 0.0}
    for n in [len(stories) if s == "all" else int(s) for s in args.sizes.split(",")]:
        step = len(stories) / n
        subset = [stories[int(i * step)] for i in range(n)]
        chars = sum(len(s["text"]) for s in subset)
        src = work / f"stories-{n}.jsonl"
        write_jsonl(subset, src)
        tj = jieba_time(subset)
        digests = {}
        for label, root in (("before", checkout), ("now", ROOT)):
            out = work / f"out-{n}-{label}"
            r = run_build(src, out, args.workers, root=root)
            cpu[label] += r["cpu"]
            digests[label] = graph_digest(out)
            print(row(n, chars, r, tj, f"  {label:<6} graph {digests[label]}"), flush=True)
        same = same and digests["before"] == digests["now"]
        print(f"         {'identical outputs' if digests['before'] == digests['now'] else 'OUTPUTS DIFFER'}; "
              f"CPU now / before = {cpu['now'] / cpu['before']:.3f} (all sizes so far)", flush=True)
    print(f"builds in {work}")
    return 0 if same else 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--sizes", default="1000,10000,all")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="keep the builds under this folder")
    ap.add_argument("--before", metavar="REV", help="also build each size with the code at git revision REV")
    args = ap.parse_args(argv)
    if args.before:
        with tempfile.TemporaryDirectory(prefix="kg-bench-rev-") as tmp:
            checkout = Path(tmp) / "checkout"
            subprocess.run(["git", "worktree", "add", "--detach", "-q", str(checkout), args.before], cwd=ROOT,
                           check=True)
            try:
                return compare(args, checkout)
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=ROOT, check=False)

    t = time.perf_counter()
    stories = read_stories(args.corpus)
    print(f"corpus: {args.corpus} — {len(stories):,} stories, {sum(len(s['text']) for s in stories):,} chars "
          f"(read in {time.perf_counter() - t:.1f} s); workers={args.workers}, cpus={os.cpu_count()}")
    work = Path(tempfile.mkdtemp(prefix="kg-bench-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    sizes = [len(stories) if s == "all" else int(s) for s in args.sizes.split(",")]
    print(HEADER)
    results = []
    for n in sizes:
        step = len(stories) / n
        subset = [stories[int(i * step)] for i in range(n)]
        chars = sum(len(s["text"]) for s in subset)
        src = work / f"stories-{n}.jsonl"
        write_jsonl(subset, src)
        out = work / f"out-{n}"
        r = run_build(src, out, args.workers)
        tj = jieba_time(subset)
        results.append((n, chars, r, src, out, subset))
        print(row(n, chars, r, tj), flush=True)
        print(f"         {r['stats']}", flush=True)
    for (n0, c0, r0, *_), (n1, c1, r1, *_) in zip(results, results[1:]):
        print(f"linearity: wall time per char at {n1:,} / at {n0:,} = {(r1['wall'] / c1) / (r0['wall'] / c0):.2f}; "
              f"CPU time per char: {(r1['cpu'] / c1) / (r0['cpu'] / c0):.2f}")

    n, chars, full, src, out, subset = results[-1]
    # Change one story (its text gains a sentence) and rebuild: only it is extracted again.
    changed = list(subset)
    mid = len(changed) // 2
    changed[mid] = dict(changed[mid], text=changed[mid]["text"] + "\n该县推进“雪亮工程”建设。")
    write_jsonl(changed, src)
    again = run_build(src, out, args.workers)
    print(f"rebuild after changing 1 of {n:,} stories: {again['wall']:.1f} s (cpu {again['cpu']:.1f} s) = "
          f"{100 * again['wall'] / full['wall']:.1f}% of the clean build ({again['stats']})")

    print("queries on the full graph (pyoxigraph, in memory):")
    for name, seconds, rows in query_times(out / "graph.nt"):
        print(f"  {name:<24} {seconds:>8.3f} s  {rows:>9,} {'triples' if name.startswith('(') else 'rows'}")
    print(f"builds in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
