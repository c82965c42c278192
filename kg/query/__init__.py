"""Querying a built graph.

- :mod:`kg.query.catalogue`: the shipped queries (``queries/*.rq``) and their headers
- :mod:`kg.query.parameters`: parameters bound as literals
- :mod:`kg.query.sparql_text`: what a SPARQL text is, read as the grammar reads it (``kg serve``'s checks)
- :mod:`kg.query.backends`: rdflib and Oxigraph graphs, ``run_query``
- :mod:`kg.query.store`: the persistent Oxigraph store of a build
- :mod:`kg.query.results`: results and their formats, for the CLI and the endpoint
"""

from kg.query.backends import as_rdflib, iter_triples, load_graph, open_graph, run_query, store_to_graph
from kg.query.catalogue import QueryInfo, get_query, list_queries, query_params
from kg.query.parameters import bind_values
from kg.query.results import (QueryResult, format_csv, format_json, format_table, format_tsv, format_xml, negotiate,
                              save_result, to_dataframe)
from kg.query.store import is_store_dir, load_store, open_store, resolve_graph, store_info, write_store

__all__ = [
    "as_rdflib", "iter_triples", "load_graph", "open_graph", "run_query", "store_to_graph",
    "QueryInfo", "get_query", "list_queries", "query_params", "bind_values",
    "QueryResult", "format_csv", "format_json", "format_table", "format_tsv", "format_xml", "negotiate",
    "save_result", "to_dataframe",
    "is_store_dir", "load_store", "open_store", "resolve_graph", "store_info", "write_store",
]
