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
"""

__version__ = "0.1.0"
