"""``kg serve``: the graph as a read-only SPARQL endpoint, with a query page at /."""

from __future__ import annotations

import argparse
import errno

from kg.cli.common import EXIT_FAILED, add_graph, fail
from kg.config import ServeOptions
from kg.serve.http import serve
from kg.serve.http import DEFAULT_HOST, DEFAULT_PORT

D = ServeOptions()


def add_parser(sub) -> None:
    p = sub.add_parser("serve", help="serve the graph as a read-only SPARQL endpoint (with a query page at /)")
    add_graph(p)
    p.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default: {DEFAULT_HOST}, this machine only)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"(default: {DEFAULT_PORT})")
    p.add_argument("-j", "--workers", type=int, help="query worker processes (default: CPUs, 2 to 4)")
    p.add_argument("--timeout", type=float, default=D.timeout,
                   help=f"seconds before a query is stopped (default: {D.timeout:g})")
    p.add_argument("--max-rows", type=int, default=D.max_rows,
                   help=f"rows (or triples) returned at most (default: {D.max_rows})")
    p.add_argument("--allow-service", action="store_true", help="allow SERVICE calls to other endpoints")
    p.add_argument("--cors", metavar="ORIGIN",
                   help="let pages from ORIGIN query (Access-Control-Allow-Origin); other cross-site requests get 403")
    p.add_argument("--max-query-bytes", type=int, default=D.max_query_bytes,
                   help=f"longer query texts are refused with 400 (default: {D.max_query_bytes})")
    p.add_argument("--max-depth", type=int, default=D.max_depth,
                   help=f"queries nesting (), {{}} or [] deeper are refused with 400 (default: {D.max_depth})")
    p.add_argument("--worker-memory", type=int, default=D.worker_memory_mb, metavar="MB",
                   help=f"memory of one query worker; a query needing more gets 503 (default: {D.worker_memory_mb}; "
                        "0: no limit)")
    p.add_argument("--idle-timeout", type=float, default=D.idle_timeout, metavar="S",
                   help=f"close a connection silent for S seconds (default: {D.idle_timeout:g})")
    p.add_argument("--max-connections", type=int, default=D.max_connections,
                   help=f"connections open at once; more get 503 (default: {D.max_connections})")
    p.add_argument("--long-query", type=float, default=D.long_query, metavar="S",
                   help="queries running past S seconds may use all workers but one; one more is stopped with 503 "
                        f"(default: {D.long_query:g}; 0: off)")
    p.add_argument("--queue-wait", type=float, default=D.queue_wait, metavar="S",
                   help=f"how long a request waits for a free worker before 503 (default: {D.queue_wait:g})")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    options = ServeOptions(timeout=args.timeout, max_rows=args.max_rows, allow_service=args.allow_service,
                           cors=args.cors, max_query_bytes=args.max_query_bytes, max_depth=args.max_depth,
                           worker_memory_mb=args.worker_memory, idle_timeout=args.idle_timeout,
                           max_connections=args.max_connections, long_query=args.long_query,
                           queue_wait=args.queue_wait)
    try:
        serve(args.graph, args.host, args.port, workers=args.workers, config=options)
    except FileNotFoundError as exc:
        raise fail(str(exc), code=EXIT_FAILED) from None
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            what = "is in use" if exc.errno == errno.EADDRINUSE else "may not be bound by this user"
            raise fail(f"port {args.port} on {args.host} {what}", f"--port {args.port + 1}, or stop the other server",
                       EXIT_FAILED) from None
        raise
    return 0
