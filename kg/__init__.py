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

Imports are deferred, so ``import kg`` stays cheap. (The names avoid the subpackages'
names, ``kg.build``, ``kg.query`` and ``kg.network``, which importing them would shadow.)
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["build_graph", "open_graph", "sparql", "to_network", "__version__"]


def build_graph(paths, out="out", **options):
    """Build ``out/graph.ttl`` (and graph.nt, graph.html, report.json) from article files or folders.

    ``options`` are :class:`kg.config.BuildOptions` fields (``workers=2, html=False, validate=False``).
    Returns the :class:`kg.build.BuildReport` (``built``, ``skipped``, ``triples``, ``summary()``).
    Raises :class:`kg.build.NothingRead` if no article could be read; the previous outputs are then unchanged.
    """
    from kg.build import build as _build

    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    return _build(paths, out, **options)


def open_graph(path="out", backend: str = "auto"):
    """A built graph: a build folder, a graph file (.ttl, .nt) or a store directory.

    ``backend``: ``"auto"`` (rdflib for small files, Oxigraph for large ones and stores), ``"rdflib"``,
    ``"oxigraph"``. Raises FileNotFoundError (saying to run ``kg build``) if there is none.
    """
    from kg.query.backends import open_graph as _open

    return _open(path, backend=backend)


def sparql(graph, name_or_sparql: str, **params):
    """Run a shipped query (by name, see ``kg query --list``), a .rq file or SPARQL text.

    ``graph``: what :func:`open_graph` returns, or a path to open. ``params`` bind the query's
    parameters as strings (``practice_label="雪亮工程"``). SELECT gives a
    :class:`kg.query.QueryResult` (``variables``, ``rows``; ``len()``, iteration over rows,
    ``.to_dataframe()`` for pandas); ASK a bool; CONSTRUCT and DESCRIBE an rdflib Graph.
    """
    from kg.query.catalogue import get_query
    from kg.query.backends import run_any

    if not hasattr(graph, "query"):
        graph = open_graph(graph)
    return run_any(graph, get_query(name_or_sparql), params or None)


def to_network(graph="out"):
    """The graph as a networkx Graph: regions, practices, organizations and their links, as nodes and edges.

    ``graph``: what :func:`open_graph` returns, or a path to open.
    """
    from kg.network.graph import governance_network
    from kg.query.backends import as_rdflib

    if not hasattr(graph, "query"):
        graph = open_graph(graph)
    return governance_network(as_rdflib(graph))
