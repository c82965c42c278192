"""How fast does a `kg viz` page settle in a real browser? (run by hand, not a test)

    python3 bench/bench_viz.py                       # 10,000 xwlb stories, focus 浙江省
    python3 bench/bench_viz.py --focus 科技防控 --limit 800
    python3 bench/bench_viz.py --page out/graph.html # just time an existing page
    python3 bench/bench_viz.py --graph /work/full --views --no-browser
                                                     # kg viz, kg stats, kg export on a built graph: wall and CPU

Steps: write the first N stories of ../shared/corpus/xwlb to a JSON Lines file
in the work folder, build the graph once (reused on later runs), run
`kg viz --focus F --limit L`, then open the page in headless Chromium with no
network, driven over the DevTools pipe, and wait until the page reports
``<body data-kg-state="settled">`` (vis-network has stabilised, physics is off
and the canvas has been drawn). Reports the page's own clock at that moment
(``performance.now()``, from navigation start) and the wall time seen from here.

Each command is timed in wall and CPU time (user + system of the process, from
``getrusage``): on a machine shared with other jobs the CPU time is the figure
that compares.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
XWLB = ROOT.parent / "shared" / "corpus" / "xwlb"

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",  # no network at all
    "--window-size=1400,900",
]


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Chromium:
    """The smallest DevTools client: one browser over --remote-debugging-pipe
    (fd 3 in, fd 4 out, NUL-terminated JSON), one page, Runtime.evaluate."""

    def __init__(self, binary: str):
        self.profile = tempfile.mkdtemp(prefix="kg-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire():  # in the child: the pipe ends go to fds 3 and 4
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.proc = subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "about:blank"],
            preexec_fn=wire, pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.session = None

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_browser, json.dumps(msg).encode() + b"\0")
        while True:  # events are skipped; answers come back in order
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def _read(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": url})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, self.session)
        return result.get("result", {}).get("value")

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)


STATE = ("JSON.stringify({state: document.body && document.body.getAttribute('data-kg-state'),"
         " ms: document.body && document.body.getAttribute('data-kg-ms'),"
         " nodes: document.body && document.body.getAttribute('data-kg-nodes'),"
         " drawn: document.body && document.body.getAttribute('data-kg-drawn')})")


def time_page(page: Path, binary: str, timeout: float = 300.0) -> dict:
    """Open the page and wait for it to settle: {settle_ms (page clock), wall_s, nodes, drawn}."""
    browser = Chromium(binary)
    try:
        start = time.perf_counter()
        browser.open(page.resolve().as_uri())
        while True:
            state = json.loads(browser.evaluate(STATE) or "{}")
            if state.get("state") == "settled":
                return {"settle_ms": int(state["ms"]), "wall_s": round(time.perf_counter() - start, 2),
                        "nodes": int(state["nodes"]), "drawn": int(state["drawn"])}
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"page not settled after {timeout} s (last state {state})")
            time.sleep(0.05)
    finally:
        browser.close()


def run_timed(cmd: list[str], env: dict) -> tuple[float, float, str]:
    """Run a command: (wall s, CPU s of it and its children, its stdout's last line)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = done.stdout.strip().splitlines()
    return wall, cpu, lines[-1] if lines else ""


def write_stories(path: Path, n: int) -> int:
    """The first ``n`` xwlb stories, in file order, as one JSON Lines file."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for source in sorted(XWLB.glob("*.jsonl.gz")):
            with gzip.open(source, "rt", encoding="utf-8") as fh:
                for line in fh:
                    if count >= n:
                        return count
                    out.write(line.rstrip("\n") + "\n")
                    count += 1
    return count


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=10_000)
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "kg-bench-viz"))
    ap.add_argument("--focus", default="浙江省")
    ap.add_argument("--limit", type=int, default=500)
    ap.add_argument("--page", help="time this page instead of building one")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--graph", help="draw this built graph (folder, store or file) instead of building one")
    ap.add_argument("--views", action="store_true", help="also time kg stats and kg export -f ttl,graphml")
    ap.add_argument("--no-browser", action="store_true", help="time the commands only, not the page in Chromium")
    args = ap.parse_args()

    binary = None if args.no_browser else find_chromium()
    if not binary and not args.no_browser:
        print("no chromium binary found (Debian: apt-get install chromium fonts-noto-cjk)", file=sys.stderr)
        return 1
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    if args.page:
        page = Path(args.page)
    else:
        work = Path(args.work) / ("given-graph" if args.graph else f"xwlb-{args.stories}")
        work.mkdir(parents=True, exist_ok=True)
        out = Path(args.graph) if args.graph else work / "out"
        if not args.graph and not (out / "graph.ttl").exists():
            stories = work / "stories.jsonl"
            n = write_stories(stories, args.stories)
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kg.cli", "build", str(stories), "-o", str(out), "--no-html", "-q"],
                           cwd=ROOT, env=env, check=False)
            print(f"build: {n} stories in {time.perf_counter() - t:.1f} s")
        page = work / "page.html"
        cmd = [sys.executable, "-m", "kg.cli", "viz", str(out), "-o", str(page), "--limit", str(args.limit)]
        if args.focus:
            cmd += ["--focus", args.focus]
        commands = {"kg viz": cmd}
        if args.views:
            commands["kg stats"] = [sys.executable, "-m", "kg.cli", "stats", str(out)]
            commands["kg export -f ttl,graphml"] = [sys.executable, "-m", "kg.cli", "export", str(out),
                                                    "-o", str(work / "export"), "-f", "ttl,graphml"]
        for name, command in commands.items():
            wall, cpu, last = run_timed(command, env)
            print(f"{name}: {wall:.1f} s wall, {cpu:.1f} s CPU  ({last})", flush=True)
    for i in range(args.runs if binary else 0):
        r = time_page(page, binary)
        print(f"run {i + 1}: settled at {r['settle_ms'] / 1000:.2f} s (page clock), {r['wall_s']:.2f} s wall, "
              f"{r['drawn']} nodes drawn of {r['nodes']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
