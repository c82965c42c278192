"""``kg export``: the graph in standard formats, and the governance network for Gephi.

    export("out/graph.ttl", "out/export", formats=("ttl", "nt", "jsonld", "graphml"))

RDF formats (each reads back to an isomorphic graph):

- ``ttl``     Turtle, the project's deterministic writer (:mod:`kg.rdf.writer`)
- ``nt``      N-Triples, one sorted line per triple
- ``jsonld``  JSON-LD, compacted with the project's prefixes; the same
              ``@context`` is also written to ``context.jsonld``. The graph file
              embeds its context rather than linking it, so tools load it
              without fetching anything.
- ``trig``    TriG, only when the source has named graphs (a graph built by
              ``kg build`` has none: everything is in the default graph, and
              TriG would only repeat the Turtle)

Network formats (:func:`kg.network.graph.governance_network`: regions,
practices, local practices, organizations, documents):

- ``graphml`` and ``gexf`` for Gephi, yEd, Cytoscape
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import networkx as nx
import pyoxigraph as ox

from kg.atomic import AtomicFile, atomic_write
from kg.network.graph import governance_network
from kg.network.source import network_triples
from kg.query.backends import iter_triples
from kg.query.store import graph_store
from kg.rdf.jsonld import jsonld_context, write_jsonld
from kg.rdf.prefixes import PREFIXES
from kg.rdf.writer import write_ntriples, write_turtle

RDF_FORMATS = ("ttl", "nt", "jsonld", "trig")
NETWORK_FORMATS = ("graphml", "gexf")
FORMATS = RDF_FORMATS + NETWORK_FORMATS
# What `kg export` writes unless told: not trig, which a graph kg build writes always skips (no named graphs).
DEFAULT_FORMATS = tuple(f for f in FORMATS if f != "trig")
ALIASES = {"turtle": "ttl", "ntriples": "nt", "n-triples": "nt"}
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


# ---------------------------------------------------------------- the network for Gephi


def _flat(value):
    """GraphML/GEXF hold strings and numbers only."""
    if isinstance(value, bool) or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (list, tuple, set)):
        items = sorted(value) if isinstance(value, set) else value
        return " | ".join(" ".join(str(x) for x in v if x not in ("", None, -1)) if isinstance(v, (list, tuple)) else str(v)
                          for v in items)
    return str(value)


def flat_network(graph_or_network) -> nx.DiGraph:
    """A directed copy of the network with every attribute a string or a number (None dropped).

    Directed, so Gephi and yEd keep part-of, sub-organization and region -> practice edges the
    right way round (``G.graph["directions"]``; an edge it does not name keeps its stored order).
    """
    G = graph_or_network if isinstance(graph_or_network, nx.Graph) else governance_network(graph_or_network)
    directions = G.graph.get("directions", {})
    F = nx.DiGraph()
    for n, d in G.nodes(data=True):
        F.add_node(n, **{k: _flat(v) for k, v in sorted(d.items()) if v is not None})
    for a, b, d in G.edges(data=True):
        head = directions.get((a, b) if a < b else (b, a), (a, b))
        F.add_edge(*head, **{k: _flat(v) for k, v in sorted(d.items()) if v is not None})
    return F


def write_graphml(graph_or_network, path) -> Path:
    """GraphML (UTF-8) for Gephi/yEd; ``networkx.read_graphml`` reads it back."""
    with AtomicFile(path, binary=True) as out:
        nx.write_graphml(flat_network(graph_or_network), out.file, encoding="utf-8")
    return Path(path)


def write_gexf(graph_or_network, path) -> Path:
    """GEXF (UTF-8) for Gephi."""
    with AtomicFile(path, binary=True) as out:
        nx.write_gexf(flat_network(graph_or_network), out.file, encoding="utf-8")
    return Path(path)


# ---------------------------------------------------------------- export


def _formats(formats: Iterable[str]) -> list[str]:
    names = list(dict.fromkeys(f.strip().lower().lstrip(".") for f in formats if f.strip()))
    names = [ALIASES.get(f, f) for f in names]
    unknown = [f for f in names if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown export format(s): {', '.join(unknown)} (known: {', '.join(FORMATS)})")
    return names


def _write_trig(graph, path: Path) -> bool:
    """TriG, only for a store with named graphs (a graph kg build writes has none: it would repeat the Turtle)."""
    if not (isinstance(graph, ox.Store) and list(graph.named_graphs())):
        return False
    quads = sorted(graph.quads_for_pattern(None, None, None), key=str)
    with AtomicFile(path, binary=True) as out:
        out.write(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=dict(PREFIXES)))
    return True


def export(graph_path, out_dir, formats: Iterable[str] = DEFAULT_FORMATS, basename: str = BASENAME) -> ExportReport:
    """Write the graph at ``graph_path`` (file, store directory or build folder) in each format."""
    formats = _formats(formats)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    graph = graph_store(graph_path)  # its store (built on first use for a graph file): nothing parsed into rdflib
    triples = list(iter_triples(graph))
    report = ExportReport(triples=len(triples))
    for fmt in formats:
        path = out / f"{basename}.{fmt}"
        if fmt == "trig" and not _write_trig(graph, path):
            report.skipped[fmt] = "no named graphs: every triple is in the default graph (use ttl)"
            continue
        if fmt == "ttl":
            write_turtle(triples, path)
        elif fmt == "nt":
            write_ntriples(triples, path)
        elif fmt == "jsonld":
            write_jsonld(triples, path)
        elif fmt in NETWORK_FORMATS:
            writer = write_graphml if fmt == "graphml" else write_gexf
            writer(governance_network(network_triples(graph)), path)
        report.written[fmt] = str(path)
        if fmt == "jsonld":  # the same @context, for documents that link it
            context = out / "context.jsonld"
            atomic_write(context, [json.dumps(jsonld_context(), ensure_ascii=False, indent=1), "\n"])
            report.written["context"] = str(context)
    return report
