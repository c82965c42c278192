"""Querying a built graph.

- :mod:`kg.query.catalogue`: the shipped queries (``queries/*.rq``) and their headers
- :mod:`kg.query.parameters`: parameters bound as literals
- :mod:`kg.query.sparql_text`: what a SPARQL text is, read as the grammar reads it (``kg serve``'s checks)
- :mod:`kg.query.backends`: rdflib and Oxigraph graphs, ``run_query``
- :mod:`kg.query.store`: the persistent Oxigraph store of a build
- :mod:`kg.query.formats`: SPARQL result formats, for the CLI and the endpoint
- :mod:`kg.query.results`: ``QueryResult``, as a table, files and a pandas DataFrame

Import from the modules: this package imports none of them, so the endpoint's
workers (formats and store only) start without rdflib.
"""
