"""The ``kg`` command line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_INPUT = "corpus"
DEFAULT_OUT = "out"


# Exit codes of `kg build` (also in README.md).
EXIT_NO_ARTICLE, EXIT_SKIPPED, EXIT_STRICT, EXIT_LOCKED, EXIT_IO = 1, 2, 3, 4, 5


def _error_line(message: str) -> None:
    from kg.build.report import printable

    print(f"error: {printable(message)}", file=sys.stderr)


def _cmd_build(args: argparse.Namespace) -> int:
    import sqlite3

    from kg.build.builder import build
    from kg.build.lock import OutputLocked

    try:
        report = build(args.inputs or [DEFAULT_INPUT], args.out, html=not args.no_html,
                       progress=False if args.quiet else None, workers=args.workers, engine=args.engine,
                       scheduler=args.scheduler, cache=False if args.no_cache else None,
                       validate=not args.no_validate, store=args.store, max_bytes=args.max_bytes,
                       incremental=False if args.full else None, wait=args.wait)
    except OutputLocked as exc:
        _error_line(str(exc))
        return EXIT_LOCKED
    except OSError as exc:  # full disk, read-only folder: the previous outputs are left as they were
        where = exc.filename or args.out
        _error_line(f"cannot write {where}: {exc.strerror or exc} (the previous outputs are unchanged)")
        return EXIT_IO
    except sqlite3.Error as exc:
        _error_line(f"the cache in {Path(args.out) / '.cache'} cannot be used: {exc} (try again, or pass --no-cache)")
        return EXIT_IO
    print(report.summary())
    if not report.built:
        print("error: no article could be read", file=sys.stderr)
        return EXIT_NO_ARTICLE
    if args.strict and report.skipped:
        return EXIT_STRICT
    return EXIT_SKIPPED if report.skipped else 0


def _graph_path(value: str) -> Path:
    path = Path(value)
    if path.is_dir():
        path = path / "graph.ttl"
    if not path.exists():
        raise SystemExit(f"error: no graph at {path} (run `kg build` first, or pass --graph)")
    return path


def _cmd_query(args: argparse.Namespace) -> int:
    from kg.query import format_csv, format_json, format_table, format_tsv, get_query, list_queries, open_graph, run_query

    if args.list:
        for q in list_queries():
            params = f"  [params: {', '.join(q.params)}]" if q.params else ""
            print(f"{q.name:<24} {q.title}{params}")
        return 0
    if not args.query:
        raise SystemExit("error: give a query (a shipped query's name, a .rq file, or SPARQL text), or --list")
    params = {}
    for item in args.param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"error: --param expects NAME=VALUE, got {item!r}")
        params[key] = value
    text = get_query(args.query)
    try:
        graph = open_graph(args.graph, backend=args.engine)
    except FileNotFoundError as exc:
        raise SystemExit(f"error: {exc}") from None
    result = run_query(graph, text, params or None)
    formatter = {"table": format_table, "csv": format_csv, "json": format_json, "tsv": format_tsv}[args.format]
    sys.stdout.write(formatter(result))
    if not formatter(result).endswith("\n"):
        sys.stdout.write("\n")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from kg.config import ServeOptions
    from kg.serve import serve

    config = ServeOptions(timeout=args.timeout, max_rows=args.max_rows, allow_service=args.allow_service,
                          cors=args.cors, max_query_bytes=args.max_query_bytes, max_depth=args.max_depth,
                          worker_memory_mb=args.worker_memory, idle_timeout=args.idle_timeout,
                          max_connections=args.max_connections, long_query=args.long_query,
                          queue_wait=args.queue_wait)
    try:
        serve(args.graph, args.host, args.port, workers=args.workers, config=config)
    except FileNotFoundError as exc:
        raise SystemExit(f"error: {exc}") from None
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from kg.network.exports import export

    try:
        report = export(args.graph, args.out, formats=args.format.split(","))
    except (FileNotFoundError, ValueError) as exc:
        raise SystemExit(f"error: {exc}") from None
    print(report.summary())
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    import json

    from kg.qa.validate import validate_graph

    try:
        report = validate_graph(args.graph, shapes=args.shapes)
    except FileNotFoundError as exc:
        raise SystemExit(f"error: {exc}") from None
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(report.text(limit=args.limit or None))
    return 0 if report.conforms else 1


def _cmd_eval(args: argparse.Namespace) -> int:
    import tempfile

    from kg.qa.evaluate import (EVAL_QUERIES, EvalCorpus, errors, format_errors, format_group_scores, gold_evidence,
                           gold_keys, predicted_evidence, predicted_keys, scores_by_genre)
    from kg.query import get_query, load_graph, run_query

    gold_path = Path(args.gold)
    if not gold_path.is_file():
        raise SystemExit(f"error: no gold answers at {gold_path} (e.g. corpus/dev/gold.json or corpus/gold/seeds.json)")
    corpus = EvalCorpus.load(gold_path)
    try:
        docs = corpus.documents(args.split)
    except ValueError as exc:
        raise SystemExit(f"error: {exc}") from None
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as scratch:
        if args.graph:
            graph_path = _graph_path(args.graph)
        else:
            out = Path(args.out) if args.out else Path(scratch)
            if args.inputs:
                inputs = args.inputs
            elif corpus.texts is not None:
                inputs = [corpus.texts / d for d in docs if (corpus.texts / d).is_file()]
            else:
                inputs = [DEFAULT_INPUT]
            from kg.build.builder import build

            build(inputs, out, html=False, progress=False, validate=False, cache=False)
            graph_path = out / "graph.ttl"
        graph = load_graph(graph_path)
        rows = {}
        for name in (*EVAL_QUERIES, "evidence"):
            result = run_query(graph, get_query(name))
            rows[name] = [dict(zip(result.variables, r)) for r in result.rows]
    pred = predicted_keys(rows, docs)
    print(f"split: {args.split}")
    print(format_group_scores(scores_by_genre(corpus, docs, pred)))
    if args.errors:
        gold = gold_keys(corpus.subset(docs))
        print()
        print(format_errors(errors(gold, pred), corpus, gold_evidence(corpus.subset(docs)),
                            predicted_evidence(rows["evidence"])))
    return 0


def _open_rdflib(path):
    from kg.query import as_rdflib, open_graph

    try:
        return as_rdflib(open_graph(path))
    except FileNotFoundError as exc:
        raise SystemExit(f"error: {exc}") from None


def _cmd_viz(args: argparse.Namespace) -> int:
    from kg.network.viz import graph_to_network, write_html

    graph = _open_rdflib(args.graph)
    try:
        network = graph_to_network(graph, focus=args.focus, limit=args.limit or None)
    except ValueError as exc:
        raise SystemExit(f"error: {exc}") from None
    title = args.title or ("政法工作知识图谱" + (f" · {args.focus}" if args.focus else ""))
    path = write_html(network, args.out, title=title)
    print(f"wrote {path}: {network.number_of_nodes()} nodes, {network.number_of_edges()} edges")
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from kg.network.analysis import governance_network, summary_text, write_gexf, write_graphml, write_matrix_csv

    network = governance_network(_open_rdflib(args.graph))
    sys.stdout.write(summary_text(network, top=args.top))
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for path in (write_matrix_csv(network, out / "region_practice.csv"),
                     write_graphml(network, out / "graph.graphml"), write_gexf(network, out / "graph.gexf")):
            print(f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kg", description="Knowledge graphs from Chinese local-governance news.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="read articles and write graph.ttl, graph.html and report.json",
                       epilog="exit status: 0 built; 1 no article could be read; 2 some inputs skipped; "
                              "3 --strict and some inputs skipped; 4 another build holds the output folder; "
                              "5 the output folder or its cache cannot be written (full disk, read-only, locked)")
    p.add_argument("inputs", nargs="*", help=f"files or folders (default: {DEFAULT_INPUT}/)")
    p.add_argument("-o", "--out", default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT}/)")
    p.add_argument("--no-html", action="store_true", help="skip the HTML graph")
    p.add_argument("--strict", action="store_true", help="exit with status 3 if any input was skipped")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("-j", "--workers", type=int, default=os.cpu_count() or 1,
                   help="extraction processes (default: the number of cores)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="where extraction runs: local processes, or dask.distributed (extra [distributed])")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="dask scheduler address (tcp://host:8786); without it --engine dask starts a local cluster")
    p.add_argument("--no-cache", action="store_true", help="re-extract every article (ignore OUT/.cache/)")
    p.add_argument("--full", action="store_true",
                   help="merge every article again instead of patching the previous build (same result, slower)")
    p.add_argument("--no-validate", action="store_true", help="skip the SHACL check of the written graph")
    p.add_argument("--wait", action="store_true",
                   help="if another build is writing the output folder, wait for it (default: exit 4 at once)")
    p.add_argument("--max-bytes", type=int, default=None,
                   help="skip files (or JSON Lines records) larger than this (default: 20,000,000)")
    p.add_argument("--store", action=argparse.BooleanOptionalAction, default=None,
                   help="also write a persistent Oxigraph store to OUT/store (default: for graphs of 200,000+ triples)")
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("query", help="run a SPARQL query against a built graph")
    p.add_argument("query", nargs="?", help="a shipped query's name (see --list), a .rq file, or SPARQL text")
    p.add_argument("-g", "--graph", default=DEFAULT_OUT, help="graph file or build folder (default: out/)")
    p.add_argument("-f", "--format", choices=("table", "csv", "json", "tsv"), default="table")
    p.add_argument("--engine", choices=("auto", "rdflib", "oxigraph"), default="auto",
                   help="query engine (auto: rdflib for small graph files, Oxigraph for large ones and stores)")
    p.add_argument("-p", "--param", action="append", metavar="NAME=VALUE", help="bind a query parameter")
    p.add_argument("--list", action="store_true", help="list the shipped queries")
    p.set_defaults(func=_cmd_query)

    p = sub.add_parser("serve", help="serve the graph as a read-only SPARQL endpoint (with a query page at /)")
    p.add_argument("graph", nargs="?", default=DEFAULT_OUT, help="graph file, store directory or build folder")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=7878)
    p.add_argument("--timeout", type=float, default=30.0, help="seconds before a query is stopped (default: 30)")
    p.add_argument("--max-rows", type=int, default=10000, help="rows (or triples) returned at most (default: 10000)")
    p.add_argument("--workers", type=int, help="query worker processes (default: CPUs, 2 to 4)")
    p.add_argument("--allow-service", action="store_true", help="allow SERVICE calls to other endpoints")
    p.add_argument("--cors", metavar="ORIGIN",
                   help="let pages from ORIGIN query (Access-Control-Allow-Origin); other cross-site requests get 403")
    p.add_argument("--max-query-bytes", type=int, default=65536,
                   help="longer query texts are refused with 400 (default: 65536)")
    p.add_argument("--max-depth", type=int, default=64,
                   help="queries nesting (), {} or [] deeper are refused with 400 (default: 64)")
    p.add_argument("--worker-memory", type=int, default=1024, metavar="MB",
                   help="memory of one query worker; a query needing more gets 503 (default: 1024; 0: no limit)")
    p.add_argument("--idle-timeout", type=float, default=15.0, metavar="S",
                   help="close a connection silent for S seconds (default: 15)")
    p.add_argument("--max-connections", type=int, default=200,
                   help="connections open at once; more get 503 (default: 200)")
    p.add_argument("--long-query", type=float, default=5.0, metavar="S",
                   help="queries running past S seconds may use all workers but one; "
                        "one more is stopped with 503 (default: 5; 0: off)")
    p.add_argument("--queue-wait", type=float, default=15.0, metavar="S",
                   help="how long a request waits for a free worker before 503 (default: 15)")
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("export", help="write the graph as Turtle, N-Triples, JSON-LD, TriG, GraphML, GEXF")
    p.add_argument("graph", nargs="?", default=DEFAULT_OUT, help="graph file, store directory or build folder")
    p.add_argument("-o", "--out", default="export", help="output folder (default: export/)")
    p.add_argument("--format", default="ttl,nt,jsonld,trig,graphml,gexf",
                   help="comma-separated formats (default: ttl,nt,jsonld,trig,graphml,gexf)")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("validate", help="check the graph against the SHACL shapes (exit 1 on violations)")
    p.add_argument("graph", nargs="?", default=DEFAULT_OUT, help="graph file, store directory or build folder")
    p.add_argument("--shapes", help="shapes file (default: ontology/shapes.ttl)")
    p.add_argument("--limit", type=int, default=50, help="violations shown at most (default: 50; 0 = all)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("viz", help="draw the graph, or a focused part of it, as an interactive HTML page")
    p.add_argument("graph", nargs="?", default=DEFAULT_OUT, help="graph file, store or build folder (default: out/)")
    p.add_argument("-o", "--out", default="graph.html", help="page to write (default: graph.html)")
    p.add_argument("--focus", help="a region (name or code, with its sub-regions), a practice or a category (科技防控)")
    p.add_argument("--limit", type=int, default=500,
                   help="at most this many nodes: aggregate, then keep the busiest (default: 500; 0: no limit)")
    p.add_argument("--title", help="page title")
    p.set_defaults(func=_cmd_viz)

    p = sub.add_parser("stats", help="widespread practices, alike regions, communities; matrix CSV, GraphML, GEXF")
    p.add_argument("graph", nargs="?", default=DEFAULT_OUT, help="graph file, store or build folder (default: out/)")
    p.add_argument("-o", "--out", help="folder for region_practice.csv, graph.graphml and graph.gexf")
    p.add_argument("--top", type=int, default=10, help="rows per list (default: 10)")
    p.set_defaults(func=_cmd_stats)

    p = sub.add_parser("eval", help="score the graph against gold answers (precision, recall, F1 per field and genre)")
    p.add_argument("--gold", required=True, help="gold JSON (e.g. corpus/dev/gold.json or corpus/gold/seeds.json)")
    p.add_argument("--split", default="all", help="documents to score: all (default) or a split of splits.json beside the gold (train, dev)")
    p.add_argument("--errors", action="store_true", help="also list false positives and negatives by document, with the sentence")
    p.add_argument("--graph", help="score this built graph instead of building one")
    p.add_argument("inputs", nargs="*", help=f"articles to build from (default: texts/ beside the gold, else {DEFAULT_INPUT}/)")
    p.add_argument("-o", "--out", help="keep the graph built for scoring here (default: a temporary folder; out/ is never touched)")
    p.set_defaults(func=_cmd_eval)

    from kg.network.commands import add_commands  # kg timeline, kg map

    add_commands(sub)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
