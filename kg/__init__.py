"""cngov-kg: knowledge graphs from Chinese local-governance news.

Stages (each a module with a small typed interface, see ``kg.model``)::

    kg.reader   files -> Document | SkippedInput
    kg.clean    Document -> PreparedText (normalised text, sentences, metadata)
    kg.regions / kg.practices / kg.local_practices / kg.organizations / kg.metrics
                PreparedText -> mentions
    kg.extract  mentions -> DocumentFacts (resolution, attribution, evidence)
    kg.rdf      DocumentFacts -> triples -> Turtle
    kg.store / kg.viz / kg.analysis   graph -> query results, HTML, statistics

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
