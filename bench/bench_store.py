"""Benchmark: the shipped queries on a graph of about a million triples, rdflib vs Oxigraph.

    python3 bench/bench_store.py                    # ~1 M triples, a few minutes
    python3 bench/bench_store.py --triples 200000   # quicker

The graph is the seeds' graph (``kg build`` on ``corpus/``) replicated: each
copy renames every document-level resource (documents, adoptions, evidence,
figures, local practices, organizations) and keeps the shared regions and
practice scheme, so the shape, the literals and the query answers grow as
they would with more articles. Each engine runs in its own process, so its
peak memory is its own. Prints load time, memory / store size, and the
median time of each shipped query, side by side. Not run in CI.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.query.backends import run_query  # noqa: E402
from kg.query.catalogue import get_query, list_queries  # noqa: E402

KGR = "https://w3id.org/cngov-kg/id/"
PER_DOC = tuple(KGR + k for k in ("doc/", "adoption/", "evidence/", "figure/", "local-practice/", "org/"))
IDENTIFIER = "http://purl.org/dc/terms/identifier"
PARAMS = {"practice_label": "雪亮工程", "region_name": "随州市"}


def seed_graph(work: Path) -> Path:
    from kg.build import build

    build([ROOT / "corpus"], work / "seeds", html=False, progress=False)
    return work / "seeds" / "graph.ttl"


def generate(source: Path, target: int, out: Path) -> int:
    """Replicate ``source`` until about ``target`` triples; write Turtle to ``out``."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(source), format=ox.RdfFormat.TURTLE)
    triples = [q.triple for q in store]
    scoped = [t for t in triples if _scoped(t.subject) or _scoped(t.object)]
    shared = [t for t in triples if not (_scoped(t.subject) or _scoped(t.object))]
    copies = max(1, math.ceil((target - len(shared)) / max(1, len(scoped))))

    def rename(term, i):
        if isinstance(term, ox.NamedNode) and _scoped(term):
            return ox.NamedNode(f"{term.value}-c{i}")
        return term

    def copy(i):
        for t in scoped:
            o = t.object
            if t.predicate.value == IDENTIFIER and isinstance(o, ox.Literal) and t.subject.value.startswith(PER_DOC[0]):
                o = ox.Literal(f"{o.value}-c{i}")
            yield ox.Triple(rename(t.subject, i), t.predicate, rename(o, i) if i else o)

    big = ox.Store()
    big.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in shared)
    for i in range(copies):
        big.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in copy(i))
    from kg.rdf.prefixes import PREFIXES

    big.dump(str(out), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=dict(PREFIXES))
    return len(big)


def _scoped(term) -> bool:
    import pyoxigraph as ox

    return isinstance(term, ox.NamedNode) and term.value.startswith(PER_DOC)


def _rss_mb(field: str = "VmRSS") -> float:
    # /proc, not getrusage: ru_maxrss survives exec, so a child would report its parent's peak
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn, timeout: float):
    """(seconds, rows) of ``fn()`` run in a forked copy of this process, or (None, None) past ``timeout``.

    Forking after the graph is loaded shares it copy-on-write, so a query that
    runs away (rdflib on some joins) can be killed without reloading.
    """
    import os
    import select
    import signal

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(r)
        t = time.perf_counter()
        rows = fn()
        os.write(w, json.dumps([time.perf_counter() - t, rows]).encode())
        os._exit(0)
    os.close(w)
    ready, _, _ = select.select([r], [], [], timeout)
    if not ready:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(r)
        return None, None
    data = b""
    while chunk := os.read(r, 65536):
        data += chunk
    os.close(r)
    os.waitpid(pid, 0)
    return tuple(json.loads(data))


def _dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def run_engine(engine: str, graph: Path, repeat: int, work: Path, timeout: float) -> dict:
    """In this process: load ``graph`` with one engine and time each shipped query."""
    out: dict = {"engine": engine}
    before = _rss_mb()
    t = time.perf_counter()
    if engine == "rdflib":
        from kg.query.backends import load_graph

        g = load_graph(graph)
        out["load_s"] = time.perf_counter() - t
        out["size"] = f"{_rss_mb() - before:.0f} MB RAM"
    elif engine == "oxigraph":
        from kg.query.store import load_store

        g = load_store(graph)
        out["load_s"] = time.perf_counter() - t
        out["size"] = f"{_rss_mb() - before:.0f} MB RAM"
    else:  # an on-disk store: write it, then answer from a read-only open
        from kg.query.backends import open_graph
        from kg.query.store import write_store

        store_dir = work / "store"
        write_store(graph, store_dir)
        out["load_s"] = time.perf_counter() - t
        t = time.perf_counter()
        g = open_graph(store_dir)
        out["open_s"] = time.perf_counter() - t
        out["size"] = f"{_dir_mb(store_dir):.0f} MB disk"
    out["queries"] = {}
    for info in list_queries():
        text = get_query(info.name)
        params = {p: PARAMS[p] for p in info.params}
        times, rows = [], 0
        for _ in range(repeat):
            if engine == "rdflib":
                seconds, rows = _timed(lambda: len(run_query(g, text, params).rows), timeout)
                if seconds is None:
                    times = []
                    break
            else:
                t = time.perf_counter()
                rows = len(run_query(g, text, params).rows)
                seconds = time.perf_counter() - t
            times.append(seconds)
        out["queries"][info.name] = ({"median_s": statistics.median(times), "rows": rows} if times
                                     else {"median_s": None, "rows": None, "timeout": timeout})
    out["peak_rss_mb"] = _rss_mb("VmHWM")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000, help="about this many triples (default 1,000,000)")
    ap.add_argument("--rdflib-triples", type=int, help="a smaller graph for rdflib (if it is too slow)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per query (median; default 3)")
    ap.add_argument("--query-timeout", type=float, default=120.0,
                    help="seconds before an rdflib query is given up (default 120)")
    ap.add_argument("--source", type=Path, help="graph to replicate (default: build corpus/)")
    ap.add_argument("--engine", help=argparse.SUPPRESS)
    ap.add_argument("--graph", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.engine:  # child process
        print(json.dumps(run_engine(args.engine, args.graph, args.repeat, args.work, args.query_timeout)))
        return

    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        source = args.source or seed_graph(work)
        graphs = {}
        sizes = {args.triples}
        if args.rdflib_triples:
            sizes.add(args.rdflib_triples)
        for n in sorted(sizes):
            path = work / f"graph-{n}.ttl"
            t = time.perf_counter()
            real = generate(source, n, path)
            print(f"generated {real:,} triples ({path.stat().st_size / 1e6:.0f} MB Turtle) in "
                  f"{time.perf_counter() - t:.1f} s", file=sys.stderr)
            graphs[n] = (path, real)
        results = {}
        for engine in ("rdflib", "oxigraph", "oxigraph-store"):
            n = args.rdflib_triples if engine == "rdflib" and args.rdflib_triples else args.triples
            path, real = graphs[n]
            print(f"running {engine} on {real:,} triples …", file=sys.stderr)
            proc = subprocess.run([sys.executable, __file__, "--engine", engine, "--graph", str(path),
                                   "--repeat", str(args.repeat), "--work", str(work),
                                   "--query-timeout", str(args.query_timeout)],
                                  capture_output=True, text=True, check=True)
            results[engine] = json.loads(proc.stdout.strip().splitlines()[-1])
            results[engine]["triples"] = real
        report(results)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(results: dict) -> None:
    engines = list(results)
    heads = {"rdflib": "rdflib (memory)", "oxigraph": "Oxigraph (memory)", "oxigraph-store": "Oxigraph (store dir)"}
    print("| | " + " | ".join(heads[e] for e in engines) + " |")
    print("|---|" + "---:|" * len(engines))
    print("| triples | " + " | ".join(f"{results[e]['triples']:,}" for e in engines) + " |")
    print("| load (parse Turtle) | " + " | ".join(f"{results[e]['load_s']:.1f} s" for e in engines) + " |")
    print("| memory / size | " + " | ".join(results[e]["size"] for e in engines) + " |")
    print("| peak RSS | " + " | ".join(f"{results[e]['peak_rss_mb']:.0f} MB" for e in engines) + " |")
    if "open_s" in results.get("oxigraph-store", {}):
        print("| open store (read-only) | " + " | ".join(
            f"{results[e]['open_s']:.2f} s" if "open_s" in results[e] else "" for e in engines) + " |")
    for name in results[engines[0]]["queries"]:
        cells = []
        for e in engines:
            q = results[e]["queries"][name]
            cells.append(f"> {q['timeout']:.0f} s (stopped)" if q["median_s"] is None
                         else f"{q['median_s']:.3f} s ({q['rows']} rows)")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
