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
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import networkx as nx
import pyoxigraph as ox

from kg.atomic import AtomicFile, atomic_write
from kg.network.graph import governance_network
from kg.network.source import network_triples
from kg.query.store import graph_store
from kg.query.terms import from_ox
from kg.rdf.jsonld import jsonld_context, jsonld_lines
from kg.rdf.prefixes import PREFIXES
from kg.rdf.writer import subject_blocks, to_key, write_sorted

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


def _sorted_keys(store: ox.Store, tmp: Path) -> list[str]:
    """The store's default graph as sorted distinct N-Triples keys (:func:`kg.rdf.writer.to_key`).

    Oxigraph writes the N-Triples (its lines are the project's writer's, byte for byte:
    ``tests/test_export.py``); they are held as plain strings, never as rdflib terms.
    """
    dump = tmp / "graph.nt"
    store.dump(str(dump), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    keys = set()
    with open(dump, encoding="utf-8", newline="\n") as f:
        for line in f:
            if _blank(line):
                raise ValueError(f"blank nodes and other terms are not written: {line.strip()[:200]}")
            keys.add(to_key(line))
    dump.unlink()
    return sorted(keys)


def _blank(line: str) -> bool:
    """An N-Triples line with a blank node (its subject, or its object: the last token, no closing quote)."""
    last = line[:-3].rsplit(" ", 1)[-1]
    return line.startswith("_:") or (last.startswith("_:") and '"' not in last)


def _subjects(keys: Iterable[str]) -> Iterator[tuple[str, list]]:
    """(subject IRI, [(predicate, object), …]) from sorted keys, as rdflib terms (for JSON-LD)."""
    for subject, rests in subject_blocks(keys):
        head = "<" + subject + "> "
        data = "".join(head + rest for rest in rests).encode("utf-8")
        yield subject, [(from_ox(t.predicate), from_ox(t.object))
                        for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def _count(store: ox.Store) -> int:
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)


def export(graph_path, out_dir, formats: Iterable[str] = DEFAULT_FORMATS, basename: str = BASENAME) -> ExportReport:
    """Write the graph at ``graph_path`` (file, store directory or build folder) in each format.

    Read from its store (built on first use for a graph file): the RDF formats from the N-Triples
    Oxigraph writes, sorted as plain strings and written one subject at a time (JSON-LD too); the
    network formats from what the network is made of (:func:`kg.network.source.network_triples`).
    Nothing is parsed into rdflib.
    """
    formats = _formats(formats)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    store = graph_store(graph_path)
    report = ExportReport()
    paths = {fmt: out / f"{basename}.{fmt}" for fmt in formats}
    if any(f in formats for f in ("ttl", "nt", "jsonld")):
        with tempfile.TemporaryDirectory(prefix=".kg-export-", dir=out) as tmp:
            keys = _sorted_keys(store, Path(tmp))
        report.triples = len(keys)
        if "ttl" in formats or "nt" in formats:
            write_sorted(keys, paths.get("ttl"), paths.get("nt"))
        if "jsonld" in formats:
            atomic_write(paths["jsonld"], jsonld_lines(_subjects(keys)))
        del keys
    else:
        report.triples = _count(store)
    network = None
    for fmt in formats:
        path = paths[fmt]
        if fmt == "trig" and not _write_trig(store, path):
            report.skipped[fmt] = "no named graphs: every triple is in the default graph (use ttl)"
            continue
        if fmt in NETWORK_FORMATS:
            network = network if network is not None else governance_network(network_triples(store))
            (write_graphml if fmt == "graphml" else write_gexf)(network, path)
        report.written[fmt] = str(path)
        if fmt == "jsonld":  # the same @context, for documents that link it
            context = out / "context.jsonld"
            atomic_write(context, [json.dumps(jsonld_context(), ensure_ascii=False, indent=1), "\n"])
            report.written["context"] = str(context)
    return report
