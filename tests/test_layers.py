"""The package's layers, read from its import statements (see ARCHITECTURE.md).

Lower layers never import higher ones; no kg module is imported inside a
function; the build's cache key covers every module a document's cached lines
depend on.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build.cache import EXTRACTION_CODE
from locations import ROOT

PACKAGE = ROOT / "kg"
# Each part of kg/ may import its own modules and those of lower layers only.
LAYERS = {
    "model": 0, "config": 0, "iris": 0, "atomic": 0, "__init__": 0,
    "text": 1, "namespaces": 1,
    "lexicons": 2,
    "extract": 3,
    "rdf": 4,
    "query": 5,
    "network": 6, "qa": 6,
    "build": 7,
    "serve": 8,
    "cli": 9, "api": 9,
    "__main__": 10,
}
# Imports inside a function, each for an optional extra, not to dodge a cycle.
LATE_IMPORTS = {("kg/build/engines.py", "kg.build.dask")}


def modules() -> dict[str, Path]:
    return {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
            for p in sorted(PACKAGE.rglob("*.py"))}


def part(module: str) -> str:
    return module.split(".")[1] if "." in module else "__init__"


def kg_imports(path: Path, *, top_level_only: bool = False) -> list[tuple[int, str, bool]]:
    """(line, module, inside a function) of every ``kg`` import of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
              for n in ast.walk(f)}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "kg":
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.split(".")[0] == "kg"]
        else:
            continue
        known = modules()
        for name in names:
            if name in known:
                out.append((node.lineno, name, id(node) in inside))
    return out


@pytest.mark.parametrize("module", sorted(modules()))
def test_no_module_imports_a_higher_layer(module):
    path = modules()[module]
    rank = LAYERS[part(module)]
    wrong = [f"line {line}: {name}" for line, name, _ in kg_imports(path)
             if part(name) != part(module) and LAYERS[part(name)] >= rank]
    assert wrong == [], f"{module} (layer {rank}) imports a layer at or above its own"


def test_no_kg_module_is_imported_inside_a_function():
    late = {(str(p.relative_to(ROOT)), name) for p in modules().values() for _, name, inside in kg_imports(p)
            if inside}
    assert late == LATE_IMPORTS


def test_the_cache_key_covers_everything_a_document_result_depends_on():
    """Every kg module kg.build.documents imports, directly or not, is extraction code hashed by the key."""
    known = modules()
    seen, todo = set(), ["kg.build.documents"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo += [n for _, n, _ in kg_imports(known[name])]
    covered = {p.replace("/", ".").removesuffix(".py") for p in EXTRACTION_CODE}
    outside = {n for n in seen if n != "kg" and not any(n == "kg." + c or n.startswith("kg." + c + ".")
                                                          for c in covered)}
    assert outside <= {"kg.config", "kg.atomic"}, outside  # where files are and how they are written


def test_the_endpoints_workers_start_without_rdflib_or_the_lexicons():
    """A worker killed for a runaway query is replaced at once: it imports pyoxigraph and little else."""
    code = ("import sys, kg.serve.workers, kg.query.sparql_text; "
            "print(sorted(m for m in ('rdflib', 'jieba', 'kg.lexicons', 'kg.rdf.mapping') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": ""}).stdout
    assert out.strip() == "[]"


def test_kg_query_starts_without_rdflib():
    """On the store (its default), ``kg query`` imports neither rdflib nor the views: its start is most of a query."""
    code = ("import sys, kg.cli.main, kg.cli.query; "
            "print(sorted(m for m in ('rdflib', 'jieba', 'kg.lexicons', 'kg.network.source', 'kg.query.backends') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT), "PATH": ""}).stdout
    assert out.strip() == "[]"
