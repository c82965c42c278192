"""Where the project's own test data lives, from the repository root (never the current folder)."""

import functools
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEEDS_GOLD = CORPUS / "gold" / "seeds.json"
CORE_PRACTICES = CORPUS / "gold" / "core_practices.tsv"
DEV = CORPUS / "dev"

# CI installs every external tool the tests use (.ci/run): there a missing one fails instead of skipping.
IN_CI = bool(os.environ.get("CI"))


@functools.cache
def lexicons():
    """The checkout's ontology/, loaded once for the test session (the package itself caches nothing)."""
    from kg.lexicons import Lexicons

    return Lexicons.load(ROOT / "ontology")
