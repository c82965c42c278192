"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a built graph.

    kg serve out/ --port 7878            # then: curl 'http://127.0.0.1:7878/sparql?query=ASK{}'

Design, and why:

- Standard library only (``http.server.ThreadingHTTPServer``): one thread per
  connection, so a slow query never blocks the others.
- Queries run in Oxigraph inside a small pool of worker *processes*.
  Oxigraph cannot cancel a running query, and a thread cannot be killed, so
  a query past ``timeout`` is stopped by killing its worker (HTTP 503); a
  fresh worker takes its place. Workers open a store directory read-only, or
  load a graph file into memory.
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
literals (``kg.store.bind_values``), never pasted into the query.

This module imports only the standard library at the top: worker processes
import it and should start fast.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import islice
from pathlib import Path
from typing import Optional
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape as xml_escape

from kg.rdf.prefixes import PREFIXES

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000
MAX_BODY = 1_000_000  # bytes of request body accepted
DEFAULT_WORKER_MEMORY_MB = 1024
DEFAULT_IDLE_TIMEOUT = 15.0
DEFAULT_MAX_CONNECTIONS = 200  # well under the usual 1024 open files
DEFAULT_LONG_QUERY = 5.0
DEFAULT_QUEUE_WAIT = 15.0

# ---------------------------------------------------------------- media types

JSON_RESULTS = "application/sparql-results+json"
XML_RESULTS = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"

# What each query form can answer with: media type asked -> media type sent.
_RESULT_TYPES = {
    JSON_RESULTS: JSON_RESULTS, "application/json": JSON_RESULTS,
    XML_RESULTS: XML_RESULTS, "application/xml": XML_RESULTS, "text/xml": XML_RESULTS,
    CSV: CSV, TSV: TSV, "text/plain": CSV,
}
_GRAPH_TYPES = {
    TURTLE: TURTLE, "application/x-turtle": TURTLE,
    NTRIPLES: NTRIPLES, "text/plain": NTRIPLES,
    JSONLD: JSONLD, "application/json": JSONLD,
    RDFXML: RDFXML, "application/xml": RDFXML, "text/xml": RDFXML,
}
# Short names for ?format= (handy from a browser or curl).
_FORMAT_NAMES = {
    "json": (JSON_RESULTS, JSONLD), "xml": (XML_RESULTS, RDFXML), "csv": (CSV, None), "tsv": (TSV, None),
    "ttl": (None, TURTLE), "turtle": (None, TURTLE), "nt": (None, NTRIPLES), "ntriples": (None, NTRIPLES),
    "jsonld": (None, JSONLD), "rdfxml": (None, RDFXML),
}


def negotiate(form: str, accept: Optional[str], format_name: Optional[str] = None) -> Optional[str]:
    """The media type to answer a ``form`` query with, or None when nothing acceptable.

    ``format_name`` (``json``, ``csv``, ``ttl`` …) wins over the Accept header.
    """
    graph = form in ("CONSTRUCT", "DESCRIBE")
    table = _GRAPH_TYPES if graph else _RESULT_TYPES
    default = TURTLE if graph else JSON_RESULTS
    if format_name:
        pair = _FORMAT_NAMES.get(format_name.strip().lower())
        if pair is None:
            return None
        return pair[1] if graph else pair[0]
    if not accept:
        return default
    choices = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            choices.append((-q, i, media))
    for _, _, media in sorted(choices):
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return None


# ---------------------------------------------------------------- query text

# The lexer and checks live in kg.sparql_text; these names stay importable from here.
from kg.query.sparql_text import (DEFAULT_MAX_DEPTH, DEFAULT_MAX_QUERY_BYTES, QueryLimits,  # noqa: E402,F401
                          QueryRefused, check_query, classify, keywords)


# ---------------------------------------------------------------- worker side


def _open_store(source: str):
    import pyoxigraph as ox

    path = Path(source)
    if path.is_dir():
        return ox.Store.read_only(str(path))
    fmt = ox.RdfFormat.N_TRIPLES if path.suffix.lower() in (".nt", ".ntriples") else ox.RdfFormat.TURTLE
    store = ox.Store()
    store.bulk_load(path=str(path), format=fmt)
    return store


def _json_term(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    return {"type": "literal", "value": str(term)}


def _xml_term(term) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f'<literal xml:lang="{xml_escape(term.language)}">{xml_escape(term.value)}</literal>'
        if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            dt = xml_escape(term.datatype.value, {'"': "&quot;"})
            return f'<literal datatype="{dt}">{xml_escape(term.value)}</literal>'
        return f"<literal>{xml_escape(term.value)}</literal>"
    return f"<literal>{xml_escape(str(term))}</literal>"


def _csv_cell(term) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    text = term.value if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)) else str(term)
    if isinstance(term, ox.BlankNode):
        text = "_:" + text
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def _tsv_cell(term) -> str:
    # str() of an Oxigraph term is its N-Triples form, which is what TSV results hold
    return "" if term is None else str(term)


def serialize_solutions(variables: list[str], rows: list[list], media: str) -> bytes:
    """SPARQL 1.1 results (JSON, XML, CSV, TSV) from rows of Oxigraph terms (None = unbound)."""
    if media == JSON_RESULTS:
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if media == XML_RESULTS:
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f'<variable name="{v}"/>' for v in variables]
        out.append("</head>\n<results>")
        for row in rows:
            out.append("<result>" + "".join(f'<binding name="{v}">{_xml_term(t)}</binding>'
                                            for v, t in zip(variables, row) if t is not None) + "</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    if media == CSV:
        lines = [",".join(variables)] + [",".join(_csv_cell(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    lines = ["\t".join("?" + v for v in variables)] + ["\t".join(_tsv_cell(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def serialize_boolean(value: bool, media: str) -> bytes:
    if media == JSON_RESULTS:
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if media == XML_RESULTS:
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
                f"<head/>\n<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n").encode("utf-8")
    return ("true\n" if value else "false\n").encode("utf-8")


def execute(store, query: str, media: str, max_rows: int) -> tuple[bytes, int, bool]:
    """Run a query on an Oxigraph store: (body, rows or triples sent, truncated)."""
    import pyoxigraph as ox

    result = store.query(query)
    if isinstance(result, ox.QueryBoolean):
        return serialize_boolean(bool(result), media), 1, False
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [[s[v] for v in variables] for s in islice(result, max_rows + 1)]
        truncated = len(rows) > max_rows
        rows = rows[:max_rows]
        return serialize_solutions(variables, rows, media), len(rows), truncated
    triples = list(islice(result, max_rows + 1))
    truncated = len(triples) > max_rows
    triples = sorted(triples[:max_rows], key=str)
    fmt = {TURTLE: ox.RdfFormat.TURTLE, NTRIPLES: ox.RdfFormat.N_TRIPLES,
           JSONLD: ox.RdfFormat.JSON_LD, RDFXML: ox.RdfFormat.RDF_XML}[media]
    prefixes = dict(PREFIXES) if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    body = ox.serialize(triples, format=fmt, prefixes=prefixes) if prefixes else ox.serialize(triples, format=fmt)
    return body, len(triples), truncated


def _limit_memory(megabytes: int) -> None:
    """Cap this process's address space: a query that would grow past it fails here, not the machine."""
    if megabytes > 0:
        import resource

        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _worker_main(conn, source: str, memory_mb: int = 0) -> None:
    """A worker process: open the graph, then answer (query, media, max_rows) messages."""
    try:
        _limit_memory(memory_mb)
        store = _open_store(source)
        conn.send(("ready", len(store)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        query, media, max_rows = message
        try:
            conn.send(("ok",) + execute(store, query, media, max_rows))
        except SyntaxError as exc:
            conn.send(("error", 400, f"query syntax error: {exc}"))
        except MemoryError:
            conn.send(("error", 503, f"query stopped: it needed more than the worker's {memory_mb} MB "
                                     "(--worker-memory)"))
        except Exception as exc:  # noqa: BLE001 - any query failure is the client's answer
            conn.send(("error", 400, f"query failed: {type(exc).__name__}: {exc}"))


# ---------------------------------------------------------------- pool (server side)


class QueryTimeout(Exception):
    pass


class ServerBusy(Exception):
    pass


class QueryError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class _Worker:
    def __init__(self, ctx, source: str, memory_mb: int = 0):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, source, memory_mb), daemon=True,
                                   name="kg-sparql-worker")
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> int:
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError(f"worker did not load the graph within {timeout:.0f} s")
        status, detail = self.conn.recv()
        if status != "ready":
            self.kill()
            raise RuntimeError(f"worker could not open the graph: {detail}")
        return detail

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(5)
        finally:
            self.conn.close()


class WorkerPool:
    """Worker processes that each hold the graph; a query past its deadline kills its worker."""

    def __init__(self, source, workers: int = 2, load_timeout: float = 600.0, memory_mb: int = 0):
        self.source = str(source)
        self.size = max(1, workers)
        self.load_timeout = load_timeout
        self.memory_mb = memory_mb
        # Queries still running after ``long_after`` s take one of these slots: one worker
        # (of two or more) is always left for the others, so heavy queries cannot starve them.
        self._long_slots = threading.Semaphore(max(1, self.size - 1))
        self._ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._idle: "queue.Queue[_Worker]" = queue.Queue()
        self._closed = False
        self._all: set = set()
        self._lock = threading.Lock()
        self.triples = 0
        started = [self._spawn() for _ in range(self.size)]
        for w in started:
            self.triples = w.wait_ready(load_timeout)
            self._idle.put(w)

    def _spawn(self) -> _Worker:
        w = _Worker(self._ctx, self.source, self.memory_mb)
        with self._lock:
            self._all.add(w)
        return w

    def _replace(self, dead: _Worker) -> None:
        with self._lock:
            self._all.discard(dead)
        if self._closed:
            return

        def start():
            w = self._spawn()
            try:
                w.wait_ready(self.load_timeout)
            except RuntimeError as exc:
                print(f"kg serve: {exc}", file=sys.stderr)
                with self._lock:
                    self._all.discard(w)
                return
            self._idle.put(w)

        threading.Thread(target=start, daemon=True).start()

    def _stop(self, worker: _Worker) -> None:
        worker.kill()  # the only way to stop an Oxigraph query
        self._replace(worker)

    def run(self, query: str, media: str, max_rows: int, timeout: float, wait: float,
            long_after: Optional[float] = None):
        """Run one query on a free worker. Past ``long_after`` s it needs a long-query slot
        (there are workers - 1): without one it is stopped, so a worker frees up for others."""
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise ServerBusy(f"every worker stayed busy for {wait:.0f} s") from None
        first = timeout if long_after is None else min(long_after, timeout)
        slot = False
        try:
            worker.conn.send((query, media, max_rows))
            if not worker.conn.poll(first):
                if first < timeout:
                    slot = self._long_slots.acquire(blocking=False)
                    if not slot:
                        self._stop(worker)
                        worker = None
                        raise ServerBusy(f"query stopped after {first:g} s: the other workers are busy with long "
                                         "queries and one is kept for short ones; retry later")
                if first >= timeout or not worker.conn.poll(timeout - first):
                    self._stop(worker)
                    worker = None
                    raise QueryTimeout(f"query stopped after {timeout:g} s (server timeout)")
            reply = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            if worker is not None:
                self._stop(worker)
                worker = None
            raise QueryError(503, f"query stopped: its worker ran out of memory or died "
                                  f"(each worker may use {self.memory_mb or 'unlimited'} MB, --worker-memory)") from None
        finally:
            if slot:
                self._long_slots.release()
            if worker is not None:
                self._idle.put(worker)
        if reply[0] == "error":
            raise QueryError(reply[1], reply[2])
        return reply[1:]

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            try:
                w.kill()
            except Exception:  # noqa: BLE001
                pass


# ---------------------------------------------------------------- HTTP


@dataclass
class ServerConfig:
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    allow_service: bool = False
    cors: Optional[str] = None
    queue_wait: Optional[float] = None  # how long a request waits for a free worker (default: DEFAULT_QUEUE_WAIT)
    max_query_bytes: int = DEFAULT_MAX_QUERY_BYTES  # longer query texts: 400 before any parsing
    max_depth: int = DEFAULT_MAX_DEPTH  # deeper nesting of (), {}, []: 400 before any parsing
    worker_memory_mb: int = DEFAULT_WORKER_MEMORY_MB  # address space of one worker (0: no limit)
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT  # a connection silent this long is closed
    max_connections: int = DEFAULT_MAX_CONNECTIONS  # open at once; more get 503 and are closed
    long_query: float = DEFAULT_LONG_QUERY  # past this, a query needs a long-query slot (workers - 1)


def _page() -> bytes:
    return (Path(__file__).resolve().parent / "static" / "sparql.html").read_bytes()


_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


class SparqlHandler(BaseHTTPRequestHandler):
    server_version = "kg-sparql/0.1"
    protocol_version = "HTTP/1.1"

    # set by make_server on a subclass
    pool: WorkerPool
    config: ServerConfig
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
        url = urlsplit(self.path)
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
        url = urlsplit(self.path)
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
        wait = cfg.queue_wait if cfg.queue_wait is not None else DEFAULT_QUEUE_WAIT
        started = time.monotonic()
        try:
            body, count, truncated = self.pool.run(query, media, cfg.max_rows, cfg.timeout, wait,
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
        from kg.query.backends import list_queries

        items = [{"name": q.name, "title": q.title, "params": list(q.params),
                  "param_descriptions": list(q.param_descriptions),
                  "query": q.path.read_text(encoding="utf-8")} for q in list_queries()]
        self._send(200, json.dumps(items, ensure_ascii=False).encode("utf-8"), "application/json")

    def _named_query(self, name: str, params: dict) -> None:
        from kg.query.backends import bind_values, list_queries

        info = {q.name: q for q in list_queries()}.get(name)
        if info is None:
            return self._error(404, f"no shipped query named {name!r} (see /queries)")
        values = {}
        for p in info.params:
            given = params.get(p)
            if not given:
                return self._error(400, f"query {name} needs parameter {p}")
            values[p] = given[0]
        text = info.path.read_text(encoding="utf-8")
        self._answer(bind_values(text, values) if values else text, params)


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # many clients connect at once
    quiet = False
    max_connections = DEFAULT_MAX_CONNECTIONS

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
                config: Optional[ServerConfig] = None, quiet: bool = False) -> SparqlServer:
    """A ready (not yet serving) endpoint over ``source``: a graph file, store directory or build folder.

    Call ``serve_forever()`` on it (in a thread for tests), then ``shutdown()``
    and ``server_close()``; ``server_close`` also stops the workers.
    """
    from kg.query.backends import is_store_dir, resolve_graph

    path = resolve_graph(source)
    if not (is_store_dir(path) or path.is_file()):
        raise FileNotFoundError(f"no graph at {path}")
    config = config or ServerConfig()
    if workers is None:
        workers = min(4, max(2, os.cpu_count() or 2))
    pool = WorkerPool(path.resolve(), workers=workers, memory_mb=config.worker_memory_mb)
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
          config: Optional[ServerConfig] = None) -> None:
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
