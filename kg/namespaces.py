"""The RDF namespaces the graph uses, defined once (see ontology/README.md; the IRIs are in :mod:`kg.iris`)."""

from rdflib import Namespace

from kg import iris

KG = Namespace(iris.KG)  # terms this project mints (ontology/kg.ttl)
KGR = Namespace(iris.KGR)  # the graph's resources
SCHEMA = Namespace(iris.SCHEMA)
PROV = Namespace(iris.PROV)
ORG = Namespace(iris.ORG)
OA = Namespace(iris.OA)
QB = Namespace(iris.QB)
SDMX_DIMENSION = Namespace(iris.SDMX_DIMENSION)
SDMX_MEASURE = Namespace(iris.SDMX_MEASURE)
SDMX_ATTRIBUTE = Namespace(iris.SDMX_ATTRIBUTE)
