"""SHACL validation of a built graph against ``ontology/shapes.ttl`` (pySHACL).

    report = validate_graph("out/graph.ttl")
    if not report.conforms:
        print(report.text())

Violations are read out of pySHACL's results graph into plain records
(focus node, path, message), sorted, with IRIs shortened by the project's
prefixes, so the same graph always gives the same report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.config import ontology_dir
from kg.lexicons.files import DataFiles
from kg.query.backends import as_rdflib, open_graph
from kg.rdf.prefixes import PREFIXES, PrefixMap


@dataclass(frozen=True, order=True)
class Violation:
    focus: str  # the node that breaks the shape, e.g. kgreg:500114
    path: str  # the property path, e.g. kg:adcode ("" for node-level constraints)
    message: str
    severity: str = "Violation"
    shape: str = ""  # the source shape, e.g. kgs:Region (blank for anonymous property shapes)
    value: str = ""  # the offending value, when the constraint names one

    def line(self) -> str:
        where = f"{self.focus}" + (f"  {self.path}" if self.path else "")
        extra = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {where}: {self.message}{extra}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0
    shapes: str = ""

    def text(self, limit: Optional[int] = None) -> str:
        if self.conforms:
            return f"conforms: {self.triples} triples satisfy {self.shapes}\n"
        shown = self.violations if limit is None else self.violations[:limit]
        lines = [f"does not conform: {len(self.violations)} violation(s) of {self.shapes}"]
        lines += ["  " + v.line() for v in shown]
        if len(shown) < len(self.violations):
            lines.append(f"  … and {len(self.violations) - len(shown)} more")
        return "\n".join(lines) + "\n"

    def as_dict(self) -> dict:
        return {"conforms": self.conforms, "triples": self.triples, "shapes": self.shapes,
                "violations": [v.__dict__ for v in self.violations]}


SHAPES = "shapes.ttl"


def read_shapes(shapes=None) -> tuple[Graph, str]:
    """The shapes graph and its file name: ``shapes`` (a file), else ``shapes.ttl`` of the ontology folder."""
    path = Path(shapes) if shapes is not None else ontology_dir() / SHAPES
    return DataFiles(path.parent).turtle(path.name), path.name


_SHAPES_PREFIX = {"kgs": "https://w3id.org/cngov-kg/shapes#", "sh": str(SH)}


_NAMES = PrefixMap({**PREFIXES, **_SHAPES_PREFIX})


def _short(term) -> str:
    if term is None:
        return ""
    return _NAMES.bracketed(str(term)) if isinstance(term, URIRef) else str(term)


def _path_text(results: Graph, path) -> str:
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return _short(path)
    # a complex path (sequence, inverse …): show its Turtle-ish form
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(results, inverse)
    items = list(results.items(path))
    if items:
        return "/".join(_path_text(results, p) for p in items)
    return "(path)"


def _graph_of(graph_or_path) -> Graph:
    if isinstance(graph_or_path, Graph):
        return graph_or_path
    return as_rdflib(open_graph(graph_or_path, backend="rdflib"))


def validate_graph(graph_or_path, shapes=None) -> ValidationReport:
    """Check a graph (rdflib Graph, graph file, store directory or build folder) against SHACL shapes.

    ``shapes`` defaults to ``ontology/shapes.ttl``. No inference is run: the
    shapes name the classes the pipeline writes.
    """
    import pyshacl  # a second to import: only when a graph is validated

    data = _graph_of(graph_or_path)
    shapes_graph, shapes_name = read_shapes(shapes)
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph, inference="none", abort_on_first=False, allow_warnings=True,
        meta_shacl=False, advanced=False, js=False,
    )
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        message = results.value(result, SH.resultMessage)
        component = results.value(result, SH.sourceConstraintComponent)
        value = results.value(result, SH.value)
        shape = results.value(result, SH.sourceShape)
        violations.append(Violation(
            focus=_short(results.value(result, SH.focusNode)),
            path=_path_text(results, results.value(result, SH.resultPath)),
            message=str(message) if message is not None else _short(component),
            severity=_short(severity).removeprefix("sh:") if severity is not None else "Violation",
            shape=_short(shape) if isinstance(shape, URIRef) else "",
            value=_short(value) if value is not None else "",
        ))
    return ValidationReport(bool(conforms), sorted(set(violations)), len(data), shapes_name)
