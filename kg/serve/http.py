"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a built graph.

    kg serve out/ --port 7878            # then: curl 'http://127.0.0.1:7878/sparql?query=ASK{}'

Design, and why:

- Standard library only (``http.server.ThreadingHTTPServer``): one thread per
  connection, so a slow query never blocks the others.
- Queries run in Oxigraph inside a small pool of worker *processes*
  (:mod:`kg.serve.workers`): a query past ``timeout`` is stopped by killing
  its worker (HTTP 503); a fresh worker takes its place.
- Read-only three times over: SPARQL Update (``update=``, an update body, or an
  update sent as ``query=``) is refused with 403 before it reaches a worker;
  workers call only ``Store.query``, which cannot run an update; a store
  directory is opened with ``Store.read_only``.
- ``SERVICE`` (federated query: Oxigraph would fetch from other hosts) is
  refused unless ``allow_service``.
- Results are capped at ``max_rows`` rows (or triples); a capped answer says
  so in ``X-Result-Truncated: true`` (and ``X-Result-Rows``, ``X-Max-Rows``).
- Binds to 127.0.0.1; no CORS header unless ``cors`` names an origin; the
  page at ``/`` is one self-contained file (no CDN) and shows data as text.

Other routes: ``GET /queries`` lists the shipped queries as JSON, and
``GET /queries/NAME?param=value`` runs one with its parameters bound as
literals (:func:`kg.query.bind_values`), never pasted into the query.
Results are written by :mod:`kg.query.results`, as ``kg query`` writes them;
every limit is a field of :class:`kg.config.ServeOptions`.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional
from urllib.parse import parse_qs, urlsplit

from kg.config import ServeOptions
from kg.query.catalogue import list_queries
from kg.query.parameters import bind_values
from kg.query.formats import negotiate
from kg.query.sparql_text import QueryLimits, QueryRefused, check_query
from kg.query.store import is_store_dir, resolve_graph
from kg.rdf.prefixes import PREFIXES
from kg.serve.workers import QueryError, QueryTimeout, ServerBusy, WorkerPool

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
MAX_BODY = 1_000_000  # bytes of request body accepted
PAGE = Path(__file__).resolve().parent / "static" / "sparql.html"


def _request_target(path: str) -> str:
    """The request target as the client meant it: http.server reads the request line as Latin-1, so a
    client that sends UTF-8 unencoded (``?practice_label=雪亮工程``) would get mojibake and 0 rows."""
    try:
        return path.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return path


def _page() -> bytes:
    return PAGE.read_bytes()


_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


class SparqlHandler(BaseHTTPRequestHandler):
    server_version = "kg-sparql/0.1"
    protocol_version = "HTTP/1.1"

    # set by make_server on a subclass
    pool: WorkerPool
    config: ServeOptions
    check_host: bool = True

    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        if not getattr(self.server, "quiet", False):
            sys.stderr.write("%s - %s\n" % (self.address_string(), format % args))

    # -- responses

    def _send(self, status: int, body: bytes, content_type: str, headers: Optional[dict] = None) -> None:
        self.send_response(status)
        if content_type.startswith(("text/", "application/")) and "charset" not in content_type:
            content_type += "; charset=utf-8"
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        if self.config.cors:
            self.send_header("Access-Control-Allow-Origin", self.config.cors)
            self.send_header("Vary", "Origin")
            self.send_header("Access-Control-Expose-Headers", "X-Result-Rows, X-Result-Truncated, X-Max-Rows")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain")

    def _host_ok(self) -> bool:
        # A page on another site can point a DNS name at 127.0.0.1 (DNS rebinding);
        # a loopback-bound server answers only to loopback host names.
        if not self.check_host:
            return True
        host = (self.headers.get("Host") or "").strip()
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
        return name.lower() in _LOCAL_HOSTS

    def _cross_site(self) -> bool:
        """A request a page on another site made the browser send (form POST, image GET, fetch).

        Browsers name the requesting site in ``Sec-Fetch-Site`` and, for POSTs
        and fetches, in ``Origin``; ``--cors ORIGIN`` lets exactly that origin in.
        """
        origin = (self.headers.get("Origin") or "").strip()
        if origin and self.config.cors and origin == self.config.cors:
            return False
        site = (self.headers.get("Sec-Fetch-Site") or "").strip().lower()
        if site and site not in ("same-origin", "none"):
            return True
        if origin:
            host = (self.headers.get("Host") or "").strip().lower()
            return origin.lower() not in (f"http://{host}", f"https://{host}")
        return False

    def _refuse_early(self) -> bool:
        """Answer 403 to requests the endpoint never serves; True when it did.

        The query page itself may be opened from a link on another site; what it
        (or anything else) asks of the graph must come from this origin."""
        if not self._host_ok():
            self._error(403, "unexpected Host header")
            return True
        if urlsplit(self.path).path not in ("/", "/index.html") and self._cross_site():
            self._error(403, "cross-site request refused (start the server with --cors ORIGIN to allow one origin)")
            return True
        return False

    # -- routes

    def do_OPTIONS(self):  # noqa: N802
        if not self.config.cors:
            return self._error(405, "cross-origin requests are not enabled (start with --cors ORIGIN)")
        self._send(204, b"", "text/plain", {
            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type, Accept",
            "Access-Control-Max-Age": "600",
        })

    def do_HEAD(self):  # noqa: N802
        self.do_GET()

    def do_GET(self):  # noqa: N802
        if self._refuse_early():
            return
        url = urlsplit(_request_target(self.path))
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/", "/index.html"):
            return self._send(200, _page(), "text/html", {
                "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; "
                                           "style-src 'unsafe-inline'; connect-src 'self'; img-src data:"})
        if url.path == "/sparql":
            return self._sparql(params)
        if url.path == "/queries":
            return self._list_queries()
        if url.path.startswith("/queries/"):
            return self._named_query(url.path[len("/queries/"):], params)
        if url.path == "/update":
            return self._error(403, "this endpoint is read-only: SPARQL Update is refused")
        self._error(404, "not found: the SPARQL endpoint is /sparql, the query page is /")

    def do_POST(self):  # noqa: N802
        if self._refuse_early():
            return
        url = urlsplit(_request_target(self.path))
        if url.path == "/update":
            return self._error(403, "this endpoint is read-only: SPARQL Update is refused")
        if url.path != "/sparql":
            return self._error(404, "not found: POST queries to /sparql")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return self._error(400, "bad Content-Length")
        if length > MAX_BODY:
            return self._error(413, f"request body over {MAX_BODY} bytes")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/x-www-form-urlencoded":
            for k, v in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            params["query"] = [body]
        elif ctype == "application/sparql-update":
            return self._error(403, "this endpoint is read-only: SPARQL Update is refused")
        else:
            return self._error(415, "POST a query as application/sparql-query or an "
                                    "application/x-www-form-urlencoded form with query=")
        self._sparql(params)

    # -- SPARQL

    def _sparql(self, params: dict) -> None:
        if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
            return self._error(403, "this endpoint is read-only: SPARQL Update is refused")
        queries = params.get("query") or []
        if len(queries) != 1 or not queries[0].strip():
            return self._error(400, "give exactly one query: /sparql?query=SELECT ... "
                                    "(or POST application/sparql-query); the query page is at /")
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return self._error(400, "default-graph-uri and named-graph-uri are not supported: "
                                    "use FROM / FROM NAMED in the query")
        self._answer(queries[0], params)

    def _answer(self, query: str, params: dict) -> None:
        cfg = self.config
        try:
            form = check_query(query, QueryLimits(cfg.max_query_bytes, cfg.max_depth, cfg.allow_service))
        except QueryRefused as exc:
            return self._error(exc.status, str(exc))
        fmt = (params.get("format") or [None])[0]
        media = negotiate(form, self.headers.get("Accept"), fmt)
        if media is None:
            return self._error(406, "no acceptable result format: SELECT/ASK give JSON, XML, CSV or TSV; "
                                    "CONSTRUCT/DESCRIBE give Turtle, N-Triples, JSON-LD or RDF/XML")
        started = time.monotonic()
        try:
            body, count, truncated = self.pool.run(query, media, cfg.max_rows, cfg.timeout, cfg.queue_wait,
                                                   long_after=cfg.long_query if cfg.long_query > 0 else None)
        except QueryTimeout as exc:
            return self._error(503, str(exc))
        except ServerBusy as exc:
            return self._error(503, str(exc))
        except QueryError as exc:
            return self._error(exc.status, str(exc))
        headers = {"X-Result-Rows": str(count), "X-Max-Rows": str(cfg.max_rows),
                   "X-Result-Truncated": "true" if truncated else "false",
                   "X-Query-Time": f"{time.monotonic() - started:.3f}"}
        if truncated:
            headers["Warning"] = f'199 kg-sparql "results truncated to {cfg.max_rows} rows"'
        self._send(200, body, media, headers)

    def _list_queries(self) -> None:
        items = [{"name": q.name, "title": q.title, "params": list(q.params),
                  "param_descriptions": list(q.param_descriptions),
                  "options": list(q.options), "option_descriptions": list(q.option_descriptions),
                  "query": q.path.read_text(encoding="utf-8")} for q in list_queries()]
        self._send(200, json.dumps(items, ensure_ascii=False).encode("utf-8"), "application/json")

    def _named_query(self, name: str, params: dict) -> None:
        info = {q.name: q for q in list_queries()}.get(name)
        if info is None:
            return self._error(404, f"no shipped query named {name!r} (see /queries)")
        values = {}
        for p in info.params:
            given = params.get(p)
            if not given:
                return self._error(400, f"query {name} needs parameter {p}")
            values[p] = given[0]
        values.update((p, params[p][0]) for p in info.options if params.get(p) and params[p][0])  # blank: left out
        text = info.path.read_text(encoding="utf-8")
        self._answer(bind_values(text, values) if values else text, params)


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # many clients connect at once
    quiet = False
    max_connections = ServeOptions.max_connections

    def __init__(self, *args, **kwargs):
        self._open = 0
        self._open_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        # One thread and one file per connection: past the cap a connection is answered
        # 503 and closed at once, so idle connections cannot use up threads or files.
        with self._open_lock:
            full = self._open >= self.max_connections
            if not full:
                self._open += 1
        if full:
            try:
                request.settimeout(1.0)
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                                b"Content-Length: 26\r\nConnection: close\r\n\r\ntoo many open connections\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._open_lock:
                self._open -= 1

    @property
    def open_connections(self) -> int:
        return self._open


def make_server(source, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, workers: Optional[int] = None,
                config: Optional[ServeOptions] = None, quiet: bool = False) -> SparqlServer:
    """A ready (not yet serving) endpoint over ``source``: a graph file, store directory or build folder.

    Call ``serve_forever()`` on it (in a thread for tests), then ``shutdown()``
    and ``server_close()``; ``server_close`` also stops the workers.
    """
    path = resolve_graph(source)
    if not (is_store_dir(path) or path.is_file()):
        raise FileNotFoundError(f"no graph at {path}")
    config = config or ServeOptions()
    if workers is None:
        workers = min(4, max(2, os.cpu_count() or 2))
    pool = WorkerPool(path.resolve(), workers=workers, memory_mb=config.worker_memory_mb, prefixes=PREFIXES)
    loopback = host in ("127.0.0.1", "localhost", "::1")
    # ``timeout`` is the socket timeout of each connection: an idle or stalled one is closed.
    handler = type("Handler", (SparqlHandler,), {"pool": pool, "config": config, "check_host": loopback,
                                                 "timeout": config.idle_timeout or None})
    try:
        server = SparqlServer((host, port), handler)
    except BaseException:
        pool.close()
        raise
    server.quiet = quiet
    server.max_connections = config.max_connections
    server.pool = pool
    server.source = path
    original_close = server.server_close

    def server_close():
        original_close()
        pool.close()

    server.server_close = server_close
    return server


def serve(source, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, workers: Optional[int] = None,
          config: Optional[ServeOptions] = None) -> None:
    """Run the endpoint until Ctrl-C."""
    server = make_server(source, host, port, workers=workers, config=config)
    cfg = server.RequestHandlerClass.config
    shown = f"[{host}]" if ":" in host else host
    print(f"kg serve: {server.source} ({server.pool.triples} triples, {server.pool.size} workers)\n"
          f"  SPARQL endpoint: http://{shown}:{server.server_address[1]}/sparql\n"
          f"  query page:      http://{shown}:{server.server_address[1]}/\n"
          f"  read-only; timeout {cfg.timeout:g} s; at most {cfg.max_rows} rows; "
          f"SERVICE {'allowed' if cfg.allow_service else 'refused'}; "
          f"CORS {cfg.cors or 'off'}", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
