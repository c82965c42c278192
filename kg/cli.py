"""The ``kg`` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_INPUT = "corpus"
DEFAULT_OUT = "out"


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    report = build(args.inputs or [DEFAULT_INPUT], args.out, html=not args.no_html,
                   progress=False if args.quiet else None)
    print(report.summary())
    if not report.built:
        print("error: no article could be read", file=sys.stderr)
        return 1
    if args.strict and report.skipped:
        return 3
    return 2 if report.skipped else 0


def _graph_path(value: str) -> Path:
    path = Path(value)
    if path.is_dir():
        path = path / "graph.ttl"
    if not path.exists():
        raise SystemExit(f"error: no graph at {path} (run `kg build` first, or pass --graph)")
    return path


def _cmd_query(args: argparse.Namespace) -> int:
    from .store import format_csv, format_json, format_table, get_query, list_queries, load_graph, run_query

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
    result = run_query(load_graph(_graph_path(args.graph)), text, params or None)
    formatter = {"table": format_table, "csv": format_csv, "json": format_json}[args.format]
    sys.stdout.write(formatter(result))
    if not formatter(result).endswith("\n"):
        sys.stdout.write("\n")
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import EVAL_QUERIES, format_scores, gold_keys, load_gold, predicted_keys, score
    from .store import get_query, load_graph, run_query

    gold = load_gold(Path(args.gold))
    if args.graph:
        graph_path = _graph_path(args.graph)
    else:
        from .build import build

        build(args.inputs or [DEFAULT_INPUT], args.out, html=False, progress=False)
        graph_path = Path(args.out) / "graph.ttl"
    graph = load_graph(graph_path)
    rows = {}
    for name in EVAL_QUERIES:
        result = run_query(graph, get_query(name))
        rows[name] = [dict(zip(result.variables, r)) for r in result.rows]
    print(format_scores(score(gold_keys(gold), predicted_keys(rows, gold))))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kg", description="Knowledge graphs from Chinese local-governance news.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="read articles and write graph.ttl, graph.html and report.json")
    p.add_argument("inputs", nargs="*", help=f"files or folders (default: {DEFAULT_INPUT}/)")
    p.add_argument("-o", "--out", default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT}/)")
    p.add_argument("--no-html", action="store_true", help="skip the HTML graph")
    p.add_argument("--strict", action="store_true", help="exit with status 3 if any input was skipped")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("query", help="run a SPARQL query against a built graph")
    p.add_argument("query", nargs="?", help="a shipped query's name (see --list), a .rq file, or SPARQL text")
    p.add_argument("-g", "--graph", default=DEFAULT_OUT, help="graph file or build folder (default: out/)")
    p.add_argument("-f", "--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("-p", "--param", action="append", metavar="NAME=VALUE", help="bind a query parameter")
    p.add_argument("--list", action="store_true", help="list the shipped queries")
    p.set_defaults(func=_cmd_query)

    p = sub.add_parser("eval", help="score the graph against gold answers (precision, recall, F1 per field)")
    p.add_argument("--gold", required=True, help="gold JSON (e.g. corpus/gold/seeds.json)")
    p.add_argument("--graph", help="score this built graph instead of building one")
    p.add_argument("inputs", nargs="*", help=f"articles to build from (default: {DEFAULT_INPUT}/)")
    p.add_argument("-o", "--out", default=DEFAULT_OUT, help="where the graph is built")
    p.set_defaults(func=_cmd_eval)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
