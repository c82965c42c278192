"""Facts as RDF.

- :mod:`kg.rdf.terms`: the graph's IRIs and literals
- :mod:`kg.rdf.prefixes`: prefixes, the one IRI shortener, rdflib graphs with them bound
- :mod:`kg.rdf.mapping`: one document's facts to triples; the schemes every graph holds
- :mod:`kg.rdf.writer`: the one Turtle / N-Triples writer
- :mod:`kg.rdf.jsonld`: JSON-LD, compacted with the prefixes
"""

from kg.rdf.mapping import FactMapper, facts_to_triples, scheme_triples
from kg.rdf.prefixes import PREFIXES, PrefixMap, bind_prefixes, build_graph
from kg.rdf.terms import (adoption_iri, doc_iri, evidence_iri, figure_iri, local_practice_iri, org_iri, org_type_iri,
                          place_iri, practice_category_iri, practice_iri, region_iri, url_iri)
from kg.rdf.writer import nt_lines, ntriples_lines, turtle_lines, write_ntriples, write_sorted, write_turtle

__all__ = [
    "FactMapper", "facts_to_triples", "scheme_triples",
    "PREFIXES", "PrefixMap", "bind_prefixes", "build_graph",
    "adoption_iri", "doc_iri", "evidence_iri", "figure_iri", "local_practice_iri", "org_iri", "org_type_iri",
    "place_iri", "practice_category_iri", "practice_iri", "region_iri", "url_iri",
    "nt_lines", "ntriples_lines", "turtle_lines", "write_ntriples", "write_sorted", "write_turtle",
]
