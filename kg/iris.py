"""The namespace IRIs of the graph, as plain strings: :mod:`kg.namespaces` makes rdflib Namespaces of them,
:mod:`kg.rdf.prefixes` its prefixes, and code that must start without rdflib (``kg query``) reads them here."""

KG = "https://w3id.org/cngov-kg/ontology#"  # terms this project mints (ontology/kg.ttl)
KGR = "https://w3id.org/cngov-kg/id/"  # the graph's resources
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
OA = "http://www.w3.org/ns/oa#"
QB = "http://purl.org/linked-data/cube#"
SDMX_DIMENSION = "http://purl.org/linked-data/sdmx/2009/dimension#"
SDMX_MEASURE = "http://purl.org/linked-data/sdmx/2009/measure#"
SDMX_ATTRIBUTE = "http://purl.org/linked-data/sdmx/2009/attribute#"
# the W3C vocabularies the graph uses as well
DCTERMS = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
