"""Benchmark: build a graph from real stories, then time every shipped query in Oxigraph (issue 15).

    python3 bench/bench_queries.py ../shared/corpus/xwlb/xwlb-2019.jsonl.gz ../shared/corpus/xwlb/xwlb-2020.jsonl.gz \\
        -o /tmp/bench-out --before HEAD~1
    python3 bench/bench_queries.py -o /tmp/bench-out --no-build      # time the queries on an existing build

Prints, in one run: the build's wall time and characters per second (``kg build -j 2 --store
--no-cache``), then for every shipped query the median of ``--repeat`` runs on the build's
Oxigraph store, with all rows read: the current query text and, with ``--before REV``, the text
of the same query at git revision REV side by side (both on the same, current graph; a query
slower than ``--timeout`` seconds is reported as such). Not run in CI.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing as mp
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.query import list_queries  # noqa: E402

PARAMS = {"practice_label": "枫桥经验", "region_name": "浙江省", "lang": "en"}


def input_chars(paths) -> tuple[int, int]:
    """(stories, characters of title and text) in JSON Lines inputs (.jsonl, .jsonl.gz)."""
    stories = chars = 0
    for path in paths:
        opener = gzip.open if str(path).endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    rec = json.loads(line)
                    stories += 1
                    chars += len(rec.get("text") or "") + len(rec.get("title") or "")
    return stories, chars


def _timed(store_path: str, text: str, params: dict, repeat: int, conn) -> None:
    from kg.query import run_query
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)
    times, rows = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        rows = len(run_query(store, text, params).rows)
        times.append(time.perf_counter() - t)
    conn.send((statistics.median(times), rows))


def time_query(store: Path, text: str, params: dict, repeat: int, timeout: float):
    """(median seconds, rows), or None past ``timeout`` (the query runs in a child process)."""
    parent, child = mp.Pipe(duplex=False)
    proc = mp.Process(target=_timed, args=(str(store), text, params, repeat, child))
    proc.start()
    if parent.poll(timeout * repeat):
        result = parent.recv()
        proc.join()
        return result
    proc.terminate()
    proc.join()
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*", help="JSON Lines story files to build from")
    ap.add_argument("-o", "--out", required=True, help="build folder")
    ap.add_argument("-j", "--workers", type=int, default=2)
    ap.add_argument("--no-build", action="store_true", help="time the queries on the existing build in --out")
    ap.add_argument("--before", metavar="REV", help="also time each query's text at git revision REV")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per run before a query is given up")
    args = ap.parse_args()
    out = Path(args.out)
    if not args.no_build:
        if not args.inputs:
            ap.error("give inputs, or --no-build")
        stories, chars = input_chars(args.inputs)
        cmd = [sys.executable, "-m", "kg", "build", *args.inputs, "-o", str(out), "-j", str(args.workers),
               "--store", "--no-cache", "--no-html", "-q"]
        t = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - t
        print(f"build: {stories} stories, {chars:,} chars, {wall:.1f} s wall ({args.workers} workers), "
              f"{chars / wall:,.0f} chars/s")
    store = out / "store"
    print(f"queries on {store} (median of {args.repeat}, params {PARAMS}):")
    head = f"{'query':<24} {'now':>9} {'rows':>7}"
    if args.before:
        head += f" {'at ' + args.before:>12} {'rows':>7}"
    print(head)
    for q in list_queries():
        params = {k: PARAMS[k] for k in q.params}
        now = time_query(store, q.path.read_text(encoding="utf-8"), params, args.repeat, args.timeout)
        line = f"{q.name:<24} " + (f"{now[0]:8.3f}s {now[1]:7d}" if now else f"{'>' + str(args.timeout):>9} {'':>7}")
        if args.before:
            rel = q.path.resolve().relative_to(ROOT).as_posix()
            old_text = subprocess.run(["git", "show", f"{args.before}:{rel}"], cwd=ROOT, capture_output=True,
                                      text=True).stdout
            old = time_query(store, old_text, params, args.repeat, args.timeout) if old_text else None
            line += f" {old[0]:11.3f}s {old[1]:7d}" if old else f" {'>' + str(args.timeout) + 's':>12}"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
