"""cngov-kg: knowledge graphs from Chinese local-governance news.

Stages (each a module with a small typed interface, see ``kg.model``)::

    kg.reader   files -> Document | SkippedInput
    kg.clean    Document -> PreparedText (normalised text, sentences, metadata)
    kg.regions / kg.practices / kg.local_practices / kg.organizations / kg.metrics
                PreparedText -> mentions
    kg.extract  mentions -> DocumentFacts (resolution, attribution, evidence)
    kg.rdf      DocumentFacts -> triples -> Turtle
    kg.store / kg.viz / kg.analysis   graph -> query results, HTML, statistics
"""

__version__ = "0.1.0"
