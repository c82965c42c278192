"""The RDF namespaces the graph uses, defined once (see ontology/README.md)."""

from rdflib import Namespace

KG = Namespace("https://w3id.org/cngov-kg/ontology#")  # terms this project mints (ontology/kg.ttl)
KGR = Namespace("https://w3id.org/cngov-kg/id/")  # the graph's resources
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
