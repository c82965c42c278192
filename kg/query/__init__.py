"""Querying a built graph: the shipped queries, parameters, the rdflib and Oxigraph backends, result formats."""
