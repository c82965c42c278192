"""``kg query``: run a shipped query (by name), a .rq file or SPARQL text on a built graph; print the rows."""

from __future__ import annotations

import argparse
import sys

from kg.cli.common import DEFAULT_OUT, GRAPH_HELP, fail, open_for_query, warn
from kg.query.backends import BACKENDS, run_query
from kg.query.catalogue import get_query, list_queries
from kg.query.results import FORMATTERS


def add_parser(sub) -> None:
    p = sub.add_parser("query", help="run a SPARQL query against a built graph")
    p.add_argument("query", nargs="?", help="a shipped query's name (see --list), a .rq file, or SPARQL text")
    p.add_argument("graph", nargs="?", help=GRAPH_HELP)
    p.add_argument("-g", "--graph", dest="graph_option", metavar="GRAPH", help="deprecated: give the graph positionally")
    p.add_argument("-f", "--format", choices=tuple(FORMATTERS), default="table", help="output format (default: table)")
    p.add_argument("--backend", choices=BACKENDS, default="auto",
                   help="query engine (auto: rdflib for small graph files, Oxigraph for large ones and stores)")
    p.add_argument("--engine", dest="engine_option", choices=BACKENDS, help=argparse.SUPPRESS)  # deprecated
    p.add_argument("-p", "--param", action="append", metavar="NAME=VALUE", help="bind a query parameter")
    p.add_argument("--list", action="store_true", help="list the shipped queries")
    p.set_defaults(func=run)


def _params(items) -> dict[str, str]:
    params = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise fail(f"--param expects NAME=VALUE, got {item!r}")
        params[key] = value
    return params


def _graph_and_backend(args: argparse.Namespace) -> tuple[str, str]:
    graph, backend = args.graph, args.backend
    if args.graph_option is not None:
        warn("kg query -g/--graph is deprecated: give the graph after the query (kg query NAME GRAPH)")
        if graph is not None:
            raise fail("give the graph once: positionally or with -g")
        graph = args.graph_option
    if args.engine_option is not None:
        warn("kg query --engine is deprecated: use --backend (--engine is local/dask in kg build)")
        backend = args.engine_option
    return graph or DEFAULT_OUT, backend


def run(args: argparse.Namespace) -> int:
    if args.list:
        for q in list_queries():
            params = f"  [params: {', '.join(q.params)}]" if q.params else ""
            print(f"{q.name:<24} {q.title}{params}")
        return 0
    if not args.query:
        raise fail("give a query (a shipped query's name, a .rq file, or SPARQL text), or --list")
    params = _params(args.param)
    try:
        text = get_query(args.query)
    except KeyError as exc:
        raise fail(exc.args[0]) from None
    graph, backend = _graph_and_backend(args)
    try:
        result = run_query(open_for_query(graph, backend), text, params or None)
    except ValueError as exc:  # a missing or badly named parameter, not a SELECT query
        raise fail(str(exc)) from None
    out = FORMATTERS[args.format](result)
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return 0
