"""notebooks/explore.ipynb runs top to bottom (nbclient), from the repository root."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from locations import ROOT

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"

import nbclient
import nbformat

pytestmark = pytest.mark.slow


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


def test_notebook_runs_top_to_bottom():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    start = time.perf_counter()
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}}).execute()
    assert time.perf_counter() - start < 60
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    data = [o.get("data", {}) for o in outputs]
    assert sum("image/png" in d for d in data) >= 2  # the heat map, the diffusion curves
    html = "".join(d.get("text/html", "") for d in data)
    assert "<iframe srcdoc=" in html and "张掖市" in html  # the inline graph
    assert "雪亮工程" in html  # the SPARQL answer as a pandas table
    assert "cumulative" in html  # practice_timeline as a table
    assert "<svg" in html and 'data-adcode="620000"' in html and "ECharts 4.9.0" in html  # the map, 甘肃 in it
