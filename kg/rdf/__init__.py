"""Facts as RDF.

- :mod:`kg.rdf.terms`: the graph's IRIs and literals
- :mod:`kg.rdf.prefixes`: prefixes, the one IRI shortener, rdflib graphs with them bound
- :mod:`kg.rdf.mapping`: one document's facts to triples; the schemes every graph holds
- :mod:`kg.rdf.writer`: the one Turtle / N-Triples writer
- :mod:`kg.rdf.jsonld`: JSON-LD, compacted with the prefixes

Import from the modules: this package imports none of them, so the endpoint's
workers, which need the prefixes only, start without the lexicons.
"""
