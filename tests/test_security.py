"""Issue 11, "Hold under attack": each attack on ``kg serve`` and ``kg build``, over real HTTP and real
processes, on loopback only, each bounded to a few seconds."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.build import build
from kg.server import ServerConfig, make_server
from kg.store import bind_values

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
ASK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds")
    build([CORPUS], out, html=False, progress=False, validate=False)
    return out


@contextlib.contextmanager
def serving(out: Path, workers: int = 2, **config):
    config.setdefault("timeout", 5.0)
    config.setdefault("queue_wait", 10.0)
    server = make_server(out, "127.0.0.1", 0, workers=workers, config=ServerConfig(**config), quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def endpoint(seeds_out):
    with serving(seeds_out) as base:
        yield base


def request(url, data=None, headers=None, method=None, timeout=30):
    """(status, headers, body text) of one HTTP request; errors are answers too."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8")


def get(base: str, query: str, headers=None, timeout=30):
    return request(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}", headers=headers, timeout=timeout)


def post_form(base: str, query: str, headers=None):
    data = urllib.parse.urlencode({"query": query}).encode()
    return request(f"{base}/sparql", data=data,
                   headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})})


class Canary:
    """A loopback listener that counts the connections made to it (an SSRF target)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self):
        self._stop = True
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def canary():
    c = Canary()
    yield c
    c.close()


# ---------------------------------------------------------------- 1. SERVICE / SSRF, cross-site requests

SERVICE_TRICKS = [
    "SELECT * WHERE { #\rSERVICE <http://127.0.0.1:{port}/x> { ?s ?p ?o } }",  # CR ends a comment
    "SELECT * WHERE { #\r\nSERVICE <http://127.0.0.1:{port}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o #\rSERVICE <http://127.0.0.1:{port}/x> { ?s ?p ?o } \n}",  # LF later
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:{port}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p 'a\r' . SERVICE <http://127.0.0.1:{port}/x> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:{port}/x> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("trick", SERVICE_TRICKS)
def test_service_hidden_behind_comments_and_escapes_never_leaves_the_server(endpoint, canary, trick):
    base, _ = endpoint
    status, _, body = get(base, trick.replace("{port}", str(canary.port)))
    time.sleep(0.3)
    assert canary.hits == 0
    assert status in (400, 403), body


def test_the_brace_finder_ends_a_comment_at_cr():
    text = bind_values("SELECT ?name WHERE #\r{ ?s ?p ?name } #{\n", {"name": "x"})
    assert text.index("VALUES ?name") < text.index("?s ?p ?name")


@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://127.0.0.1:1"},
])
def test_cross_site_requests_are_refused(endpoint, headers):
    base, _ = endpoint
    assert post_form(base, ASK, headers)[0] == 403
    assert get(base, ASK, headers)[0] == 403


def test_same_origin_and_the_cors_origin_are_served(endpoint):
    base, server = endpoint
    assert post_form(base, ASK, {"Origin": base, "Sec-Fetch-Site": "same-origin"})[0] == 200
    assert get(base, ASK, {"Sec-Fetch-Site": "none"})[0] == 200
    server.RequestHandlerClass.config.cors = "http://localhost:8888"
    try:
        assert post_form(base, ASK, {"Origin": "http://localhost:8888", "Sec-Fetch-Site": "cross-site"})[0] == 200
        assert post_form(base, ASK, {"Origin": "http://evil.example"})[0] == 403
    finally:
        server.RequestHandlerClass.config.cors = None


# ---------------------------------------------------------------- 7. deep nesting, huge texts


def _worker_pids(server) -> set[int]:
    return {w.process.pid for w in server.pool._all}


@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 10000 + " ?s ?p ?o " + "}" * 10000,
    "SELECT * WHERE { FILTER(" + "(" * 10000 + "1" + ")" * 10000 + ") }",
    "SELECT * WHERE { ?s ?p " + "[ ?p " * 5000 + "?o" + " ]" * 5000 + " }",
])
def test_deep_nesting_is_refused_before_any_worker(endpoint, query):
    base, server = endpoint
    before = _worker_pids(server)
    started = time.monotonic()
    status, _, body = post_form(base, query)
    assert status == 400 and "nested" in body
    assert time.monotonic() - started < 2
    assert get(base, ASK)[0] == 200
    assert _worker_pids(server) == before  # no worker crashed or was replaced


def test_a_huge_query_text_is_refused(endpoint):
    base, _ = endpoint
    query = "SELECT * WHERE { " + "?s ?p ?o . " * 20000 + "}"
    status, _, body = post_form(base, query)
    assert status == 400 and "bytes" in body


def test_moderate_nesting_and_every_shipped_query_still_run(endpoint):
    from kg.store import list_queries

    base, _ = endpoint
    assert get(base, "SELECT * WHERE " + "{" * 40 + " ?s ?p ?o " + "}" * 40 + " LIMIT 1")[0] == 200
    for info in list_queries():
        if not info.params:
            status, _, body = get(base, info.path.read_text(encoding="utf-8"))
            assert status == 200, (info.name, body)
