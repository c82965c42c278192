"""A build folder's generations, and the saved state an incremental rebuild starts from.

A *generation* is the set of files one build wrote (graph.ttl, graph.nt,
graph.html, report.json). ``OUT/.kg-manifest.json``, written last, names them
with their size and mtime: a generation without a manifest is incomplete. The
old manifest, page and report are retired as soon as the new graph files are in
place, so a build killed later leaves an incomplete generation, never a mixed one.

The *build state* (in the extraction cache, :mod:`kg.build.cache`) records the
previous build's documents and line counts; it is trusted only when its
settings match and the manifest and graph files are exactly as it left them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

from kg.atomic import atomic_text
from kg.query.store import STORE_INFO
from kg.rdf.prefixes import PREFIXES

MANIFEST = ".kg-manifest.json"
# The files of one build's generation, named with their fingerprints in OUT/.kg-manifest.json.
GENERATION_FILES = ("graph.ttl", "graph.nt", "graph.html", "report.json")
# Bump when the saved build state (kg.build.cache build tables) changes meaning.
STATE_FORMAT = 1


def fingerprint(path: Path) -> Optional[list[int]]:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def settings(ontology: Optional[Path]) -> dict:
    return {"format": STATE_FORMAT, "ontology": str(ontology.resolve()) if ontology else None,
            "prefixes": [list(item) for item in sorted(PREFIXES.items())]}


def build_info(out: Path, ontology: Optional[Path], triples: int, figures: int, store: bool, generation: str) -> dict:
    return {"settings": settings(ontology), "nt": fingerprint(out / "graph.nt"),
            "ttl": fingerprint(out / "graph.ttl"), "triples": triples, "figures": figures,
            "store": fingerprint(out / "store" / STORE_INFO) if store else None, "generation": generation}


def retire_generation(out: Path) -> None:
    """Called once the new graph files are in place: the old manifest, page and report
    describe the previous graph, so none of them may stay beside the new one."""
    for name in (MANIFEST, "report.json", "graph.html"):
        (out / name).unlink(missing_ok=True)


def write_manifest(out: Path, generation: str) -> None:
    """Written last: the generation is complete, and these are its files."""
    files = {name: fingerprint(out / name) for name in GENERATION_FILES if (out / name).is_file()}
    atomic_text(out / MANIFEST, json.dumps({"generation": generation, "files": files}, indent=2) + "\n")


def read_manifest(out: Path) -> Optional[dict]:
    """OUT/.kg-manifest.json, if every file it names is still exactly as its build left it."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if any(fingerprint(out / name) != fp for name, fp in files.items()):
        return None
    return manifest


def previous_build(cache, out: Path, ontology: Optional[Path]) -> Optional[dict]:
    """The saved state of the last build into ``out``, if its outputs are still exactly as it left them."""
    info = cache.build_info()
    if not info or info.get("settings") != settings(ontology):
        return None
    manifest = read_manifest(out)
    if manifest is None or manifest.get("generation") != info.get("generation"):
        return None  # the state and the outputs are not of one complete build
    if info.get("nt") is None or info["nt"] != fingerprint(out / "graph.nt") \
            or info["ttl"] != fingerprint(out / "graph.ttl"):
        return None
    return info
