"""``kg export``: the graph in standard formats, and the governance network for Gephi.

    export("out/graph.ttl", "out/export", formats=("ttl", "nt", "jsonld", "graphml"))

RDF formats (each reads back to an isomorphic graph):

- ``ttl``     Turtle, the project's deterministic writer (``kg.rdf``)
- ``nt``      N-Triples, one sorted line per triple
- ``jsonld``  JSON-LD, compacted with the project's prefixes; the same
              ``@context`` is also written to ``context.jsonld``. The graph file
              embeds its context rather than linking it, so tools load it
              without fetching anything.
- ``trig``    TriG, only when the source has named graphs (a graph built by
              ``kg build`` has none: everything is in the default graph, and
              TriG would only repeat the Turtle)

Network formats (``kg.analysis.governance_network``: regions, practices,
local practices, organizations, documents):

- ``graphml`` and ``gexf`` for Gephi, yEd, Cytoscape
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.rdf.mapping import PREFIXES, atomic_write, clean_text, write_ntriples, write_turtle

RDF_FORMATS = ("ttl", "nt", "jsonld", "trig")
NETWORK_FORMATS = ("graphml", "gexf")
FORMATS = RDF_FORMATS + NETWORK_FORMATS
BASENAME = "graph"


@dataclass
class ExportReport:
    written: dict[str, str] = field(default_factory=dict)  # format -> path
    skipped: dict[str, str] = field(default_factory=dict)  # format -> reason
    triples: int = 0

    def summary(self) -> str:
        lines = [f"triples: {self.triples}"]
        lines += [f"wrote {fmt}: {path}" for fmt, path in self.written.items()]
        lines += [f"skipped {fmt}: {why}" for fmt, why in self.skipped.items()]
        return "\n".join(lines)


# ---------------------------------------------------------------- JSON-LD


def jsonld_context(prefixes: Mapping[str, str] = PREFIXES) -> dict:
    """A JSON-LD ``@context`` mapping the project's prefixes (``kg:``, ``kgreg:`` …)."""
    return {"@context": {name: prefixes[name] for name in sorted(prefixes)}}


class _Compactor:
    def __init__(self, prefixes: Mapping[str, str]):
        self.ns = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))

    def __call__(self, iri: str) -> str:
        for name, ns in self.ns:
            rest = iri[len(ns):]
            # "p://x" would read as an absolute IRI, and a bare "" is ambiguous
            if iri.startswith(ns) and rest and not rest.startswith("//"):
                return f"{name}:{rest}"
        return iri


def _jsonld_value(term, compact) -> dict | str:
    if isinstance(term, URIRef):
        return {"@id": compact(str(term))}
    if isinstance(term, Literal):
        value = clean_text(str(term))
        if term.language:
            return {"@value": value, "@language": term.language.lower()}
        if term.datatype is not None and term.datatype != XSD.string:
            # never a JSON number: it would come back as xsd:integer/double with another lexical form
            return {"@value": value, "@type": compact(str(term.datatype))}
        return value
    raise ValueError(f"blank nodes are not exported: {term!r}")


def jsonld_document(triples: Iterable[tuple], prefixes: Mapping[str, str] = PREFIXES) -> dict:
    """A compacted JSON-LD document (``@context`` + ``@graph``), sorted for determinism."""
    compact = _Compactor(prefixes)
    nodes: dict[str, dict[str, list]] = {}
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    for s, p, o in triples:
        if not isinstance(s, URIRef):
            raise ValueError(f"blank nodes are not exported: {s!r}")
        node = nodes.setdefault(str(s), {})
        if str(p) == rdf_type and isinstance(o, URIRef):
            node.setdefault("@type", []).append(compact(str(o)))
        else:
            node.setdefault(compact(str(p)), []).append(_jsonld_value(o, compact))
    key = lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True)  # noqa: E731
    graph = []
    for subject in sorted(nodes):
        out = {"@id": compact(subject)}
        for prop in sorted(nodes[subject]):
            out[prop] = [json.loads(v) for v in sorted(set(map(key, nodes[subject][prop])))]
        graph.append(out)
    return {**jsonld_context(prefixes), "@graph": graph}


def write_jsonld(triples: Iterable[tuple], path, prefixes: Mapping[str, str] = PREFIXES) -> Path:
    path = Path(path)
    doc = jsonld_document(triples, prefixes)
    atomic_write(path, [json.dumps(doc, ensure_ascii=False, indent=1), "\n"])
    return path


# ---------------------------------------------------------------- export


def _named_graphs(graph) -> list:
    if hasattr(graph, "named_graphs"):  # pyoxigraph Store
        return list(graph.named_graphs())
    return []


def export(graph_path, out_dir, formats: Iterable[str] = FORMATS, basename: str = BASENAME) -> ExportReport:
    """Write the graph at ``graph_path`` (file, store directory or build folder) in each format."""
    from kg.query.backends import as_rdflib, is_store_dir, iter_triples, open_graph, resolve_graph

    formats = list(dict.fromkeys(f.strip().lower().lstrip(".") for f in formats if f.strip()))
    formats = ["ttl" if f == "turtle" else "nt" if f in ("ntriples", "n-triples") else f for f in formats]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown export format(s): {', '.join(unknown)} (known: {', '.join(FORMATS)})")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    source = resolve_graph(graph_path)
    graph = open_graph(source, backend="oxigraph" if is_store_dir(source) else "auto")
    triples = list(iter_triples(graph))
    report = ExportReport(triples=len(triples))
    for fmt in formats:
        if fmt == "ttl":
            report.written[fmt] = str(write_turtle(triples, out / f"{basename}.ttl"))
        elif fmt == "nt":
            report.written[fmt] = str(write_ntriples(triples, out / f"{basename}.nt"))
        elif fmt == "jsonld":
            report.written[fmt] = str(write_jsonld(triples, out / f"{basename}.jsonld"))
            context = out / "context.jsonld"
            atomic_write(context, [json.dumps(jsonld_context(), ensure_ascii=False, indent=1), "\n"])
            report.written["context"] = str(context)
        elif fmt == "trig":
            named = _named_graphs(graph)
            if not named:
                report.skipped[fmt] = "no named graphs: every triple is in the default graph (use ttl)"
                continue
            import pyoxigraph as ox

            path = out / f"{basename}.trig"
            quads = sorted(graph.quads_for_pattern(None, None, None), key=str)
            ox.serialize(quads, str(path), ox.RdfFormat.TRIG, prefixes=dict(PREFIXES))
            report.written[fmt] = str(path)
        else:
            from kg.network.analysis import governance_network, write_gexf, write_graphml

            network = governance_network(as_rdflib(graph))
            writer = write_graphml if fmt == "graphml" else write_gexf
            report.written[fmt] = str(writer(network, out / f"{basename}.{fmt}"))
    return report
