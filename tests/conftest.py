"""Shared fixtures: one build of the bundled corpus per session, and private copies of it.

Every path is built from the repository root (``locations.py``), so pytest may be started
from the root, from ``tests/`` or with ``--rootdir`` elsewhere; nothing outside the checkout
is read.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.build import BuildReport, build
from locations import CORPUS


@dataclass(frozen=True)
class SeedsBuild:
    """The bundled five articles built once, with the HTML page: read it, never write into it."""

    out: Path
    report: BuildReport


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory) -> SeedsBuild:
    out = tmp_path_factory.mktemp("seeds-build")
    report = build([CORPUS], out, html=True, progress=False)
    return SeedsBuild(out, report)


@pytest.fixture(scope="module")
def seeds_out(seeds_build, tmp_path_factory) -> Path:
    """A copy of the seeds' build folder for one test module, which may write into it."""
    return Path(shutil.copytree(seeds_build.out, tmp_path_factory.mktemp("seeds") / "out"))
