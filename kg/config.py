"""Where the package finds its data files."""

from __future__ import annotations

import os
from pathlib import Path

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
    """Reference data shipped inside the package (division table)."""
    return PACKAGE_DIR / "data"


def queries_dir() -> Path:
    return PACKAGE_DIR / "query" / "queries"
