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

from kg.atomic import atomic_write
from kg.rdf.jsonld import jsonld_context, write_jsonld
from kg.rdf.prefixes import PREFIXES
from kg.rdf.writer import write_ntriples, write_turtle

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


# ---------------------------------------------------------------- export


def _named_graphs(graph) -> list:
    if hasattr(graph, "named_graphs"):  # pyoxigraph Store
        return list(graph.named_graphs())
    return []


def export(graph_path, out_dir, formats: Iterable[str] = FORMATS, basename: str = BASENAME) -> ExportReport:
    """Write the graph at ``graph_path`` (file, store directory or build folder) in each format."""
    from kg.query import as_rdflib, is_store_dir, iter_triples, open_graph, resolve_graph

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
