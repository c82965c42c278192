"""cngov-kg: knowledge graphs from Chinese local-governance news.

The packages follow the pipeline (ARCHITECTURE.md has the whole picture)::

    kg.text       files -> Document | SkippedInput -> PreparedText (normalised text, sentences, metadata)
    kg.lexicons   ontology/ -> Lexicons (every data file, read once)
    kg.extract    PreparedText -> mentions -> DocumentFacts (attribution, evidence), given the Lexicons
    kg.rdf        DocumentFacts -> triples -> Turtle / N-Triples
    kg.build      inputs -> OUT/graph.ttl, graph.nt, graph.html, report.json, store/
    kg.query      graph -> SPARQL results;  kg.serve: the endpoint
    kg.network    graph -> networkx, analysis, exports, the page;  kg.qa: SHACL, scores
    kg.cli        the ``kg`` command

The records passed between stages are in ``kg.model``; options and where the
files are, in ``kg.config``.

The Python API, four functions (the README's "From Python" shows them)::

    report = kg.build_graph(["corpus"], "out")    # what `kg build corpus -o out` does
    graph = kg.open_graph("out")                  # a built graph (folder, graph.ttl or store)
    rows = kg.sparql(graph, "practice_regions", practice_label="雪亮工程")
    rows.to_dataframe()                           # pandas
    G = kg.to_network(graph)                      # networkx

The functions live in :mod:`kg.api`, loaded on first use, so ``import kg`` stays cheap. (The names avoid the subpackages'
names, ``kg.build``, ``kg.query`` and ``kg.network``, which importing them would shadow.)
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["build_graph", "open_graph", "sparql", "to_network", "__version__"]
_API = frozenset(__all__) - {"__version__"}


def __getattr__(name: str):
    if name in _API:
        import importlib

        return getattr(importlib.import_module("kg.api"), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _API)
