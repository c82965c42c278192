"""``kg query``: run a shipped query (by name), a .rq file or SPARQL text on a built graph; print the rows."""

from __future__ import annotations

import argparse
import codecs
import importlib
import json
import sys
from itertools import islice

import pyoxigraph as ox

from kg.cli.common import DEFAULT_OUT, EXIT_FAILED, GRAPH_HELP, closest, fail, nearest, warn
from kg.config import queries_dir
from kg.query.catalogue import get_query, list_queries, query_options, query_params
from kg.query.formats import CSV, JSON_RESULTS, TSV, XML_RESULTS, write_solutions
from kg.query.parameters import bind_values, check_params
from kg.query.store import graph_store
from kg.query.table import format_table

# kg query on the store (the default) imports neither rdflib nor anything that does: rdflib alone takes
# longer to import than most shipped queries take to answer on the full 新闻联播 graph. What needs it (the
# rdflib engine, CONSTRUCT and DESCRIBE graphs) is imported when a query asks for it, by these names.
RDFLIB_SIDE = ("kg.query.backends", "kg.query.results", "kg.cli.graphs")
BACKENDS = ("auto", "rdflib", "oxigraph")  # kg.query.backends.BACKENDS, named here for the parser
ROW_FORMATS = ("table", "json", "xml", "csv", "tsv")  # kg.query.results.FORMATTERS


def add_parser(sub) -> None:
    p = sub.add_parser("query", help="run a SPARQL query against a built graph")
    p.add_argument("query", nargs="?",
                   help="a shipped query's name (see --list), a .rq file, SPARQL text, or - to read it from stdin")
    p.add_argument("graph", nargs="?", help=GRAPH_HELP)
    p.add_argument("-g", "--graph", dest="graph_option", metavar="GRAPH", help="deprecated: give the graph positionally")
    p.add_argument("-f", "--format", choices=ROW_FORMATS + tuple(GRAPH_FORMATS),
                   help="rows: table (default), csv, tsv, json, xml; graphs (CONSTRUCT, DESCRIBE): ttl (default), "
                        "nt, jsonld")
    p.add_argument("--bom", action="store_true", help="with -f csv or tsv: start with a byte-order mark (for Excel)")
    p.add_argument("--limit", type=int, metavar="N", help="print at most N rows (or triples)")
    p.add_argument("--offset", type=int, default=0, metavar="N",
                   help="skip the first N rows: with --limit, a page of a large result (evidence, regions)")
    p.add_argument("--backend", choices=BACKENDS, default="oxigraph",
                   help="query engine (default: oxigraph, on the graph's store: its build's store/, or one built "
                        "beside a graph file on first use and kept while the file is unchanged; rdflib: parse the "
                        "file; auto: rdflib for small graph files)")
    p.add_argument("--engine", dest="engine_option", choices=BACKENDS, help=argparse.SUPPRESS)  # deprecated
    p.add_argument("-p", "--param", action="append", metavar="NAME=VALUE", help="bind a query parameter")
    p.add_argument("--list", action="store_true", help="list the shipped queries")
    p.set_defaults(func=run)


GRAPH_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
KEYWORDS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "PREFIX", "BASE")


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
            params += f"  [options: {', '.join(q.options)}]" if q.options else ""
            print(f"{q.name:<24} {q.title}{params}")
        return 0
    if not args.query:
        raise fail("give a query (a shipped query's name, a .rq file, or SPARQL text), or --list")
    if args.offset < 0 or (args.limit is not None and args.limit < 0):
        raise fail("--limit and --offset take a number of rows, 0 or more")
    params = _params(args.param)
    text = _query_text(args.query)
    _check_params(args.query, text, params)
    graph, backend = _graph_and_backend(args)
    try:
        if backend == "oxigraph":
            try:
                opened = graph_store(graph)
            except FileNotFoundError as exc:
                raise fail(str(exc)) from None
            check_params(text, params)
            raw = opened.query(bind_values(text, params))
        else:
            backends, _, graphs = _rdflib_side()
            raw = backends.run_raw(graphs.open_for_query(graph, backend), text, params or None)
        _answer(raw, args)
    except ValueError as exc:  # a missing or badly named parameter
        raise fail(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - the engines' syntax errors (pyparsing, Oxigraph's SyntaxError)
        if _is_syntax_error(exc):
            raise fail(_syntax_message(text), "check the SPARQL near there") from None
        raise
    return 0


def _rdflib_side():
    return tuple(importlib.import_module(name) for name in RDFLIB_SIDE)


def _answer(raw, args: argparse.Namespace) -> None:
    """Print what the engine gave: Oxigraph's rows as they are read, anything else through rdflib."""
    if isinstance(raw, ox.QuerySolutions) and _streamed(args):
        _write_rows(raw, args)
    elif isinstance(raw, ox.QuerySolutions) and args.format in (None, "table"):
        variables = [v.value for v in raw.variables]
        end = None if args.limit is None else args.offset + args.limit
        rows = islice(([s[v] for v in variables] for s in raw), args.offset, end)
        sys.stdout.write(format_table(variables, rows))
    elif isinstance(raw, ox.QueryBoolean):
        sys.stdout.write(_output(bool(raw), args))
    else:
        backends, _, _ = _rdflib_side()
        sys.stdout.write(_output(backends.as_answer(raw), args))


def _query_text(ref: str) -> str:
    if ref == "-":
        text = sys.stdin.read()
        if not text.strip():
            raise fail("no query on stdin")
        return text
    shipped = queries_dir() / f"{ref}.rq"
    if ref.replace("_", "").replace("-", "").isalnum() and shipped.is_file():
        return shipped.read_text(encoding="utf-8")  # parsed by the tests, not again on every run
    try:
        text = get_query(ref)
    except KeyError:
        names = [q.name for q in list_queries()]
        if ref.endswith(".rq") and "\n" not in ref:
            raise fail(f"no query file at {ref}", "kg query --list shows the shipped queries", EXIT_FAILED)
        if ref.replace("_", "").replace("-", "").isalnum():
            raise fail(f"no query named {ref!r}", closest(ref, names) or "kg query --list shows the shipped queries")
        text = ref  # SPARQL text with a mistyped keyword: say where it goes wrong, not "no query named"
    if not _parses(text):
        first = text.split(None, 1)[0].upper() if text.split() else ""
        hint = closest(first, KEYWORDS) if first not in KEYWORDS else None
        raise fail(_syntax_message(text), hint or "is the query cut short, or a brace or quote left open?")
    return text


def _parses(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except Exception:  # noqa: BLE001 - pyparsing's ParseException, and anything else the parser raises
        return False
    return True


def _syntax_message(text: str) -> str:
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except Exception as exc:  # noqa: BLE001
        line, col = getattr(exc, "lineno", None), getattr(exc, "col", None)
        if line is not None:
            got = text.splitlines()[line - 1].strip() if text.splitlines() else ""
            return f"SPARQL syntax error at line {line}, column {col}: {got[:60]!r}"
        return f"SPARQL syntax error: {str(exc).splitlines()[0][:120]}"
    return "SPARQL syntax error"


def _is_syntax_error(exc: Exception) -> bool:
    return isinstance(exc, SyntaxError) or type(exc).__name__ in ("ParseException", "ParseSyntaxException")


def _check_params(ref: str, text: str, params: dict[str, str]) -> None:
    declared = query_params(text)
    known = declared + query_options(text)
    if not known:
        return  # an inline query: any variable may be bound
    for name in params:
        if name not in known:
            raise fail(f"query {ref!r} has no parameter {name!r} (its parameters: {', '.join(known)})",
                       f"did you mean -p {nearest(name, known)[0]}=...?" if nearest(name, known) else None)
    missing = [p for p in declared if p not in params]
    if missing:
        raise fail(f"query {ref!r} needs the parameter(s) {', '.join(missing)}",
                   " ".join(f"-p {m}=VALUE" for m in missing))


# Row formats printed as the engine gives the rows (the table needs every row first, for its widths).
STREAMED = {"csv": CSV, "tsv": TSV, "json": JSON_RESULTS, "xml": XML_RESULTS}


def _streamed(args: argparse.Namespace) -> bool:
    return args.format in STREAMED


class _TextSink:
    """Bytes to a text stream with no binary buffer under it (a StringIO standing in for stdout)."""

    def __init__(self, text):
        self.text, self.decoder = text, codecs.getincrementaldecoder("utf-8")()

    def write(self, data: bytes) -> int:
        self.text.write(self.decoder.decode(data))  # a chunk may end inside a character
        return len(data)

    def flush(self) -> None:
        self.text.flush()


def _write_rows(solutions: ox.QuerySolutions, args: argparse.Namespace) -> None:
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None) or _TextSink(sys.stdout)
    if args.bom and args.format in ("csv", "tsv"):
        out.write("\ufeff".encode("utf-8"))
    write_solutions(solutions, out, STREAMED[args.format], limit=args.limit, offset=args.offset)
    out.flush()


def _output(result, args: argparse.Namespace) -> str:
    if isinstance(result, bool):
        if args.format not in (None, "table", "json"):
            raise fail(f"an ASK query answers yes or no; -f {args.format} does not apply", "-f json or no -f")
        if args.format == "json":
            return json.dumps({"head": {}, "boolean": result}) + "\n"
        return ("yes" if result else "no") + "\n"
    from rdflib import Graph  # only an answer that is not a bool got here: the rdflib side is loaded

    _, results, _ = _rdflib_side()
    if isinstance(result, Graph):
        fmt = args.format or "ttl"
        if fmt not in GRAPH_FORMATS:
            raise fail(f"a CONSTRUCT or DESCRIBE query gives a graph; -f {fmt} is for rows", "-f ttl, nt or jsonld")
        if args.limit is not None:
            kept = Graph(namespace_manager=result.namespace_manager)
            for i, triple in enumerate(sorted(result)):
                if i >= args.limit:
                    break
                kept.add(triple)
            result = kept
        out = result.serialize(format=GRAPH_FORMATS[fmt])
        return out if out.endswith("\n") else out + "\n"
    fmt = args.format or "table"
    if fmt not in results.FORMATTERS:
        raise fail(f"a SELECT query gives rows; -f {fmt} is for graphs", "-f table, csv, tsv, json or xml")
    if args.limit is not None or args.offset:
        page = slice(args.offset, None if args.limit is None else args.offset + args.limit)
        result = results.QueryResult(result.variables, result.rows[page], result.terms[page])
    out = results.FORMATTERS[fmt](result)
    if args.bom and fmt in ("csv", "tsv"):
        out = "\ufeff" + out
    return out if out.endswith("\n") else out + "\n"
