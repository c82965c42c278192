"""The README's Python API example, run exactly as it is written (issue 16)."""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import kg

ROOT = Path(__file__).resolve().parents[1]
MARKER = "<!-- python-api-example"


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = text[text.index(MARKER):]
    return re.search(r"```python\n(.*?)```", after, re.S).group(1)


def test_the_readme_python_example_runs(tmp_path):
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus", ignore=shutil.ignore_patterns("dev", "gold", "*.jsonl*"))
    (tmp_path / "example.py").write_text(readme_example(), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "example.py"], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    assert "articles read:" in run.stdout and "500114" in run.stdout and "True" in run.stdout
    assert " nodes, " in run.stdout
    assert (tmp_path / "out" / "graph.ttl").is_file()


def test_the_api_functions_have_docstrings():
    for name in kg.__all__:
        if name != "__version__":
            assert getattr(kg, name).__doc__, name
    for sub in ("kg.build", "kg.network", "kg.query"):  # the subpackages do not shadow the functions
        importlib.import_module(sub)

    assert callable(kg.sparql) and callable(kg.to_network) and callable(kg.build_graph)
