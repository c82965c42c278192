"""An interrupted build leaves the previous graph intact.

``kg build`` writes every output to a temporary name and moves it into place
(os.replace), so a build killed at any moment leaves either the old file or
the new one, never half a file. These tests kill a real ``python -m kg.cli
build`` with SIGKILL (no cleanup handlers run) while it extracts and while it
writes graph.ttl, then check the previous build's files byte for byte.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest

from kg.cli import main
from locations import ROOT

SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
OUTPUTS = ("graph.ttl", "graph.nt", "report.json", "graph.html")

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups")]


def synthetic_stories(path: Path, count: int) -> Path:
    """xwlb-like stories, each a random run of the seeds' sentences (deterministic)."""
    sentences = [s.strip() + "。" for seed in SEEDS for s in re.split("。", seed.read_text(encoding="utf-8"))
                 if len(s.strip()) > 15]
    rng = random.Random(2024)
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            body = "".join(rng.choice(sentences) for _ in range(rng.randint(10, 40)))
            record = {"id": f"story-{i:05d}", "title": body[:20], "date": f"2023-01-{i % 28 + 1:02d}", "text": body}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def stories(tmp_path_factory):
    return synthetic_stories(tmp_path_factory.mktemp("stories") / "stories.jsonl", 80)


@pytest.fixture
def previous(tmp_path):
    """OUT after a successful build of the seeds, and its files' bytes."""
    out = tmp_path / "out"
    assert main(["build", "-q", "-j", "1", "-o", str(out), str(ROOT / "corpus")]) == 0
    return out, {name: (out / name).read_bytes() for name in OUTPUTS}


def start_build(out: Path, inputs: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", "-q", "-j", "2", "-o", str(out), str(inputs)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill reaches its worker processes too
    )


def kill(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def wait_for(proc: subprocess.Popen, found, timeout: float = 60.0):
    """Poll every 2 ms until ``found()`` is true; fail if the build ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        hit = found()
        if hit:
            return hit
        if proc.poll() is not None:
            pytest.fail(f"the build ended (status {proc.returncode}) before it could be interrupted")
        time.sleep(0.002)
    kill(proc)
    pytest.fail("timed out waiting for the build")


def assert_previous_intact(out: Path, before: dict[str, bytes]) -> None:
    for name, data in before.items():
        assert (out / name).read_bytes() == data, f"{name} changed"
    store = pyoxigraph.Store()
    store.load(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) > 0
    # Leftovers may exist, but only under temporary names, never an output's name.
    leftovers = sorted(p.name for p in out.iterdir() if p.name not in OUTPUTS)
    assert all(name.startswith(".") for name in leftovers), leftovers


def test_a_build_killed_while_writing_graph_ttl_leaves_the_previous_files(previous, stories):
    out, before = previous
    proc = start_build(out, stories)
    temp = wait_for(proc, lambda: [p.name for p in out.iterdir() if p.name.startswith(".graph.ttl.")])
    kill(proc)
    assert proc.returncode == -signal.SIGKILL
    assert temp[0].endswith(".tmp")
    assert_previous_intact(out, before)


def test_a_build_killed_while_extracting_leaves_the_previous_files_and_a_usable_cache(previous, stories):
    out, before = previous
    proc = start_build(out, stories)
    # Its scratch folder for sorted runs exists: reading and extraction are under way.
    wait_for(proc, lambda: any(p.name.startswith(".runs-") for p in out.iterdir()))
    time.sleep(1.0)
    kill(proc)
    assert_previous_intact(out, before)
    # The next build in the same folder (cache and leftovers included) gives the same graph again.
    assert main(["build", "-q", "-j", "1", "-o", str(out), str(ROOT / "corpus")]) == 0
    assert (out / "graph.ttl").read_bytes() == before["graph.ttl"]
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["skipped"] == []
