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
from kg.config import ServeOptions
from kg.serve.http import make_server
from kg.query.parameters import bind_values

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
    server = make_server(out, "127.0.0.1", 0, workers=workers, config=ServeOptions(**config), quiet=True)
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
    from kg.query.catalogue import list_queries

    base, _ = endpoint
    assert get(base, "SELECT * WHERE " + "{" * 40 + " ?s ?p ?o " + "}" * 40 + " LIMIT 1")[0] == 200
    for info in list_queries():
        if not info.params:
            status, _, body = get(base, info.path.read_text(encoding="utf-8"))
            assert status == 200, (info.name, body)


# ---------------------------------------------------------------- kg build as a real process

import gzip  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

import kg  # noqa: E402

ROOT = Path(kg.__file__).resolve().parent.parent  # child processes run the kg these tests import
SEEDS = sorted(CORPUS.glob("*.txt"))


def kg_command(*args: str, **popen) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "kg.cli", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **popen)


def kg_build_cli(out: Path, *inputs: Path, extra=(), timeout: float = 60, **popen):
    """(exit status, stdout, stderr) of one `kg build` process."""
    proc = kg_command("build", *map(str, inputs), "-o", str(out), "-q", "--no-html", "--no-validate", "-j", "1",
                      *extra, **popen)
    stdout, stderr = proc.communicate(timeout=timeout)
    return proc.returncode, stdout.decode(), stderr.decode()


def seeds_folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS:
        shutil.copy(seed, path / seed.name)
    return path


def _lock_pid(out: Path) -> str:
    try:
        return (out / ".kg-build.lock").read_text().strip()
    except OSError:
        return ""


# ---------------------------------------------------------------- 2. two builds into one folder


def test_a_second_build_into_a_folder_being_written_fails_at_once_naming_the_first(tmp_path):
    inputs, out = seeds_folder(tmp_path / "in"), tmp_path / "out"
    first = kg_command("build", str(inputs), "-o", str(out), "-q", "--no-html", "--no-validate", "-j", "1")
    try:
        deadline = time.monotonic() + 30
        while _lock_pid(out) != str(first.pid):  # the first build holds the lock from its start
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.02)
        first.send_signal(signal.SIGSTOP)  # frozen mid-build: the lock stays held
        started = time.monotonic()
        status, _, stderr = kg_build_cli(out, inputs)
        assert status == 4
        assert f"PID {first.pid}" in stderr and len(stderr.strip().splitlines()) == 1
        assert time.monotonic() - started < 15
    finally:
        first.send_signal(signal.SIGCONT)
    first.communicate(timeout=60)
    assert first.returncode == 0
    again = json.loads((out / "report.json").read_text())
    assert len(again["built"]) == len(SEEDS)


def test_wait_takes_the_folder_when_the_other_build_ends(tmp_path):
    inputs, out = seeds_folder(tmp_path / "in"), tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", "import sys,time; from pathlib import Path; "
                               "from kg.build.lock import build_lock\nwith build_lock(Path(sys.argv[1])):\n"
                               " print('held', flush=True); time.sleep(1.5)", str(out)],
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE)
    assert holder.stdout.readline().strip() == b"held"
    status, stdout, stderr = kg_build_cli(out, inputs, extra=("--wait",))
    holder.wait(10)
    assert status == 0, stderr
    assert f"articles read: {len(SEEDS)}" in stdout


# ---------------------------------------------------------------- 6. junk JSON Lines


# ru_maxrss survives exec: a `kg` started from this process (hundreds of MB after the other tests) would
# report the test process's own peak. A small Python in between starts it and prints what `kg` itself used.
PEAK_RSS_OF_CHILD = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
                     "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024, file=sys.stderr); "
                     "sys.exit(code)")


def test_a_small_gzip_of_junk_lines_gives_a_small_report_and_bounded_memory(tmp_path):
    inputs = seeds_folder(tmp_path / "in")
    junk = inputs / "junk.jsonl.gz"
    junk.write_bytes(gzip.compress(b"x\n" * 1_000_000, 9))
    assert junk.stat().st_size < 4096
    proc = subprocess.run([sys.executable, "-c", PEAK_RSS_OF_CHILD, sys.executable, "-m", "kg.cli",
                           "build", str(inputs), "-o", str(tmp_path / "out"), "-q", "--no-html", "--no-validate",
                           "-j", "1", "--no-cache"], env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, timeout=300)
    peak_rss = int(proc.stderr.decode().split()[-1])
    report = tmp_path / "out" / "report.json"
    assert proc.returncode == 2
    assert report.stat().st_size < 1_000_000
    assert peak_rss < 600_000_000
    assert len(proc.stdout) < 20_000
    skipped = json.loads(report.read_text())["skipped"]
    assert len(skipped) <= 101 and "999900 more bad lines" in skipped[-1]["reason"]


# ---------------------------------------------------------------- 8, 9. symlinks, names, errors


def test_symlinks_leaving_the_input_folder_are_reported_and_not_read(tmp_path):
    inputs, out = seeds_folder(tmp_path / "in"), tmp_path / "out"
    private = tmp_path / "private.txt"
    private.write_text("SECRET-FIRST-LINE 黔江区委政法委\n" + SEEDS[0].read_text(encoding="utf-8"), encoding="utf-8")
    (inputs / "link.txt").symlink_to(private)
    (inputs / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (inputs / "inside.txt").symlink_to(inputs / SEEDS[1].name)
    status, stdout, stderr = kg_build_cli(out, inputs)
    assert status == 2, stderr
    report = json.loads((out / "report.json").read_text())
    reasons = {Path(s["source"]).name: s["reason"] for s in report["skipped"]}
    assert "outside the input folder" in reasons["link.txt"]
    assert "dangling" in reasons["dangling.txt"]
    assert "inside.txt" in report["built"]
    assert "SECRET-FIRST-LINE" not in (out / "graph.ttl").read_text(encoding="utf-8")


def test_names_with_terminal_escapes_are_printed_escaped(tmp_path):
    inputs = seeds_folder(tmp_path / "in")
    (inputs / "evil\x1b]0;pwned\x07\r.txt").write_bytes(b"")
    status, stdout, _ = kg_build_cli(tmp_path / "out", inputs)
    assert status == 2
    assert "\x1b" not in stdout and "\x07" not in stdout and "\r" not in stdout
    assert "evil\\x1b]0;pwned\\x07\\x0d.txt: empty file" in stdout


def _no_big_files():
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), as on a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))


def test_a_full_disk_gives_one_line_and_keeps_the_outputs(tmp_path):
    inputs, out = seeds_folder(tmp_path / "in"), tmp_path / "out"
    assert kg_build_cli(out, inputs, extra=("--no-cache",))[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith(".")}
    (inputs / "more.txt").write_text(SEEDS[2].read_text(encoding="utf-8") + "\n又一篇。", encoding="utf-8")
    status, stdout, stderr = kg_build_cli(out, inputs, extra=("--no-cache",), preexec_fn=_no_big_files)
    assert status == 5, stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1 and stderr.startswith("error: ")
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name in before}
    assert after == before


def test_a_locked_cache_gives_one_line(tmp_path):
    import sqlite3

    inputs, out = seeds_folder(tmp_path / "in"), tmp_path / "out"
    assert kg_build_cli(out, inputs)[0] == 0
    (inputs / "more.txt").write_text(SEEDS[2].read_text(encoding="utf-8") + "\n又一篇。", encoding="utf-8")
    db = sqlite3.connect(out / ".cache" / "extract.sqlite", isolation_level=None)
    db.execute("BEGIN EXCLUSIVE")
    try:
        status, _, stderr = kg_build_cli(out, inputs)
    finally:
        db.execute("ROLLBACK")
        db.close()
    assert status == 5, stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1 and "--no-cache" in stderr


# ---------------------------------------------------------------- 3, 4, 5. memory, connections, fairness

HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def test_a_memory_hungry_query_gets_503_and_the_tree_stays_small(seeds_out):
    with serving(seeds_out, workers=2, timeout=20.0, worker_memory_mb=512) as (base, server):
        peak, done = 0, threading.Event()

        def watch():
            nonlocal peak
            while not done.is_set():
                pids = [os.getpid()] + [w.process.pid for w in list(server.pool._all)]
                peak = max(peak, sum(_rss(p) for p in pids))
                time.sleep(0.02)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        started = time.monotonic()
        status, _, body = get(base, HUNGRY)
        elapsed = time.monotonic() - started
        done.set()
        watcher.join(2)
        print(f"hungry query: {status} after {elapsed:.1f} s; tree peak RSS {peak / 2**20:.0f} MB")
        assert status == 503 and "memory" in body
        assert peak < 3 * 2**30
        assert elapsed < 15
        assert get(base, ASK)[0] == 200


def test_an_idle_connection_is_closed(seeds_out):
    with serving(seeds_out, idle_timeout=1.0) as (base, _):
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            started = time.monotonic()
            assert sock.recv(1) == b""  # closed by the server
            assert time.monotonic() - started < 4


def test_many_idle_connections_neither_exhaust_threads_nor_lock_out_clients(seeds_out):
    with serving(seeds_out, idle_timeout=1.5, max_connections=20) as (base, server):
        port = int(base.rsplit(":", 1)[1])
        threads_before = threading.active_count()
        socks = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(100)]
        try:
            time.sleep(0.5)
            assert server.open_connections <= 20
            assert threading.active_count() < threads_before + 30
            refused = socks[-1].recv(200)
            assert refused.startswith(b"HTTP/1.1 503")
            time.sleep(2.0)  # the idle ones are closed by now
            assert get(base, ASK, timeout=10)[0] == 200
        finally:
            for s in socks:
                s.close()


def test_heavy_queries_on_every_worker_do_not_stall_a_light_one(seeds_out):
    timeout = 12.0  # without the reserved worker the light query would wait for a heavy one: the timeout
    with serving(seeds_out, workers=2, timeout=timeout, long_query=1.0) as (base, _):
        heavy = []
        threads = [threading.Thread(target=lambda: heavy.append(get(base, RUNAWAY)[0])) for _ in range(2)]
        for t in threads:
            t.start()
        time.sleep(0.3)
        started = time.monotonic()
        status, _, _ = get(base, ASK)
        waited = time.monotonic() - started
        for t in threads:
            t.join(20)
        print(f"light query answered after {waited:.2f} s beside two heavy ones: {heavy}")
        assert status == 200
        assert waited < timeout / 2  # well before a heavy query could have ended, even on a loaded machine
        assert heavy.count(503) == 2


# ---------------------------------------------------------------- 10. a kill late in a build


def test_a_build_killed_late_never_leaves_outputs_of_two_builds(tmp_path):
    inputs, out = seeds_folder(tmp_path / "in"), tmp_path / "out"
    first = kg_command("build", str(inputs), "-o", str(out), "-q", "--no-validate", "-j", "1")
    first.communicate(timeout=60)
    assert first.returncode == 0
    assert (out / "graph.html").exists()
    old_report = (out / "report.json").read_bytes()
    (inputs / "more.txt").write_text(SEEDS[2].read_text(encoding="utf-8") + "\n又一篇。", encoding="utf-8")
    # A real build process, killed (os._exit, no clean-up) once graph.ttl is written, while it draws graph.html.
    script = ("import os, sys\nimport kg.network.page\nkg.network.page.write_html = lambda *a, **k: os._exit(9)\n"
              "from kg.build import build\nbuild([sys.argv[1]], sys.argv[2], progress=False, validate=False)\n")
    killed = subprocess.run([sys.executable, "-c", script, str(inputs), str(out)], timeout=60,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True)
    assert killed.returncode == 9
    # Nothing of the previous build is left beside the new graph.
    assert not (out / "report.json").exists() or (out / "report.json").read_bytes() != old_report
    assert not (out / "graph.html").exists()
    assert not (out / ".kg-manifest.json").exists()
    # The next build sees an incomplete generation and builds it whole, correctly.
    status, stdout, stderr = kg_build_cli(out, inputs)
    assert status == 0, stderr
    report = json.loads((out / "report.json").read_text())
    assert len(report["built"]) == len(SEEDS) + 1
    assert (out / ".kg-manifest.json").exists()
