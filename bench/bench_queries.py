"""Benchmark: build a graph from real stories, then time every shipped query in Oxigraph (issue 15).

    python3 bench/bench_queries.py ../shared/corpus/xwlb/xwlb-2019.jsonl.gz ../shared/corpus/xwlb/xwlb-2020.jsonl.gz \\
        -o /tmp/bench-out --before HEAD~1
    python3 bench/bench_queries.py -o /tmp/bench-out --no-build      # time the queries on an existing build

    python3 bench/bench_queries.py -o /work/xwlb-full --no-build --commands --before main
                                                                     # kg query / kg viz as a user runs them

Prints, in one run: the build's wall time and characters per second (``kg build -j 2 --store
--no-cache``), then for every shipped query the median of ``--repeat`` runs on the build's
Oxigraph store, with all rows read: the current query text and, with ``--before REV``, the text
of the same query at git revision REV side by side (both on the same, current graph; a query
slower than ``--timeout`` seconds is reported as such).

With ``--commands``, every shipped query is timed instead through the ``kg query`` command
(``-f csv`` to /dev/null, process start included; wall time and CPU time, user + system, which
stays comparable on a machine that other jobs share), then ``kg viz --focus`` (``--viz-focus``),
``kg stats`` and ``kg export`` on the same build; with ``--before REV`` the same commands also run
from a checkout of REV (a temporary ``git worktree``), side by side, with the median and the
slowest query of each. Not run in CI.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import multiprocessing as mp
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.query.catalogue import list_queries  # noqa: E402

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
    from kg.query.backends import run_query
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


def _run_command(cmd: list[str], checkout: Path, timeout: float) -> tuple[float, float, str] | None:
    """(wall seconds, CPU seconds: user + system, stdout) of a kg command run from ``checkout``, or None past
    ``timeout`` or on failure. CPU time is the figure to compare on a machine other jobs share."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "kg", *cmd], cwd=checkout, env=env, capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        print(f"  {' '.join(cmd[:2])} failed in {checkout}: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    return wall, cpu, done.stdout


def time_command(cmd: list[str], checkout: Path, repeat: int, timeout: float):
    """(median wall seconds, median CPU seconds, stdout of the last run), or None."""
    runs = []
    for _ in range(repeat):
        r = _run_command(cmd, checkout, timeout)
        if r is None:
            return None
        runs.append(r)
    return statistics.median(w for w, _, _ in runs), statistics.median(c for _, c, _ in runs), runs[-1][2]


def csv_rows(text: str) -> int:
    return max(sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1, 0)


def _cell(result, rows: bool = True) -> str:
    """``wall s  cpu s  rows`` of a (wall, cpu, rows) result, dashes for none."""
    if result is None:
        return f"{'-':>8} {'-':>8} {'':>7}" if rows else f"{'-':>8} {'-':>8}"
    cells = f"{result[0]:7.2f}s {result[1]:7.2f}s"
    return cells + (f" {result[2]:7d}" if rows else "")


def command_figures(graph: Path, checkouts: dict[str, Path], args) -> None:
    """Every shipped query through ``kg query``, then ``kg viz --focus``, ``kg stats``, ``kg export``, per checkout."""
    names = list(checkouts)
    print(f"commands on {graph} (median of {args.repeat}: wall time, process start included, and CPU time, user + "
          f"system; params {PARAMS}):")
    print(f"{'command':<32} " + " ".join(f"{n[:8] + ' wall':>13} {'cpu':>8} {'rows':>7}" for n in names))
    walls: dict[str, list[float]] = {n: [] for n in names}
    cpus: dict[str, list[float]] = {n: [] for n in names}
    for q in list_queries():
        params = [a for k in q.params for a in ("-p", f"{k}={PARAMS[k]}")]
        cells = []
        for n in names:
            r = time_command(["query", q.name, str(graph), "-f", "csv", *params], checkouts[n], args.repeat,
                             args.timeout)
            if r is not None:
                walls[n].append(r[0])
                cpus[n].append(r[1])
            cells.append(_cell(None if r is None else (r[0], r[1], csv_rows(r[2]))))
        print(f"{'query ' + q.name:<32} " + " ".join(cells), flush=True)
    for label, pick in (("median query", statistics.median), ("slowest query", max)):
        print(f"{label:<32} " + " ".join(
            _cell((pick(walls[n]), pick(cpus[n])), rows=False) + " " * 8 if walls[n] else _cell(None) for n in names))
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        views = {f"viz --focus {args.viz_focus}": ["viz", str(graph), "--focus", args.viz_focus, "-o",
                                                   str(Path(tmp) / "focus.html")]}
        if args.views:
            views["stats"] = ["stats", str(graph)]
            views["export -f ttl,graphml"] = ["export", str(graph), "-o", str(Path(tmp) / "export"), "-f", "ttl,graphml"]
        for label, cmd in views.items():
            cells = [_cell(time_command(cmd, checkouts[n], args.repeat, args.timeout * 10), rows=False) + " " * 8
                     for n in names]
            print(f"{label:<32} " + " ".join(cells), flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*", help="JSON Lines story files to build from")
    ap.add_argument("-o", "--out", required=True, help="build folder")
    ap.add_argument("-j", "--workers", type=int, default=2)
    ap.add_argument("--no-build", action="store_true", help="time the queries on the existing build in --out")
    ap.add_argument("--before", metavar="REV", help="also time each query's text at git revision REV")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per run before a query is given up")
    ap.add_argument("--commands", action="store_true",
                    help="time the kg query, kg viz (and with --views kg stats, kg export) commands, "
                         "process start included")
    ap.add_argument("--viz-focus", default=PARAMS["region_name"], help="the focus of kg viz (default: %(default)s)")
    ap.add_argument("--views", action="store_true", help="with --commands: also time kg stats and kg export")
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
    if args.commands:
        if not args.before:
            command_figures(out, {"now": ROOT}, args)
            return 0
        with tempfile.TemporaryDirectory(prefix="kg-bench-rev-") as tmp:
            checkout = Path(tmp) / "checkout"
            subprocess.run(["git", "worktree", "add", "--detach", "-q", str(checkout), args.before], cwd=ROOT,
                           check=True)
            try:
                command_figures(out, {args.before: checkout, "now": ROOT}, args)
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=ROOT, check=False)
        return 0
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
