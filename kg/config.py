"""Where the package finds its data, and the options of a build and of the endpoint.

Every default lives here once: the command line (:mod:`kg.cli`) shows these
defaults, and :func:`kg.build.build` and :func:`kg.serve.make_server` take
these records.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

PACKAGE_DIR = Path(__file__).resolve().parent


def ontology_dir() -> Path:
    """The ``ontology/`` folder: ``$KG_ONTOLOGY``, else the one beside the package.

    The project is installed editable (``pip install -e .``), so the checkout's
    ``ontology/`` is what a domain expert edits and what the pipeline reads.
    """
    env = os.environ.get("KG_ONTOLOGY")
    candidates = [Path(env)] if env else []
    candidates += [PACKAGE_DIR / "ontology", PACKAGE_DIR.parent / "ontology"]
    for path in candidates:
        if (path / "practices.ttl").is_file():
            return path
    raise FileNotFoundError(
        "ontology/ not found (looked in: " + ", ".join(map(str, candidates)) + "); "
        "install the project with `pip install -e .` from its checkout, or set KG_ONTOLOGY"
    )


def data_dir() -> Path:
    """Reference data shipped inside the package (division table, character table)."""
    return PACKAGE_DIR / "data"


def queries_dir() -> Path:
    return PACKAGE_DIR / "query" / "queries"


@dataclass(frozen=True, kw_only=True)
class BuildOptions:
    """How ``kg build`` runs (see :func:`kg.build.build`; ``kg build --help`` for the flags)."""

    ontology: Optional[Path] = None  # the lexicons' folder (default: ontology_dir())
    engine: str = "local"  # where extraction runs: "local" processes or "dask"
    workers: int = 1  # extraction processes (local) or workers of a local dask cluster
    scheduler: Optional[str] = None  # dask scheduler address; None starts a local cluster
    cache: Optional[bool] = None  # reuse OUT/.cache/ (default: on, unless a custom pipeline is given)
    incremental: Optional[bool] = None  # patch the previous build (default: whenever it is intact)
    ntriples: bool = True  # also write graph.nt (needed for incremental rebuilds and the store)
    html: bool = True  # draw graph.html (small graphs only: html_max_triples)
    html_max_triples: int = 200_000  # above this, no graph.html and no SHACL check (they would dominate)
    validate: bool = True  # check the graph against ontology/shapes.ttl
    store: Optional[bool] = None  # write OUT/store (default: for graphs of STORE_MIN_TRIPLES or more)
    max_bytes: Optional[int] = None  # skip larger files and JSON lines (default: the reader's)
    progress: Optional[bool] = None  # a progress bar (default: when stderr is a terminal)
    wait: bool = False  # wait for another build holding the output folder (default: fail at once)
    chunk_size: int = 32  # documents sent to a worker at once
    run_lines: int = 1_000_000  # N-Triples lines held in memory before a sorted run is spilled


@dataclass(kw_only=True)
class ServeOptions:
    """The limits of ``kg serve`` (see :mod:`kg.serve`; ``kg serve --help`` for the flags).

    A running server reads its options on every request, so a change (tests switch ``cors``) takes effect at once.
    """

    timeout: float = 30.0  # seconds before a query is stopped (503)
    max_rows: int = 10_000  # rows (or triples) returned at most; more are cut, and the answer says so
    allow_service: bool = False  # allow SERVICE (federated queries to other endpoints)
    cors: Optional[str] = None  # the one origin whose pages may query (Access-Control-Allow-Origin)
    queue_wait: float = 15.0  # how long a request waits for a free worker before 503
    max_query_bytes: int = 65_536  # longer query texts: 400 before any parsing
    max_depth: int = 64  # deeper nesting of (), {}, []: 400 before any parsing
    worker_memory_mb: int = 1024  # address space of one query worker (0: no limit)
    idle_timeout: float = 15.0  # a connection silent this long is closed
    max_connections: int = 200  # open at once; more get 503 and are closed
    long_query: float = 5.0  # past this, a query needs a long-query slot (workers - 1); 0: off
