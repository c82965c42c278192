"""The graph's prefixes: the one way IRIs are shortened (Turtle, tables, JSON-LD, reports), and rdflib
graphs with them bound. Imports no rdflib (``kg query`` prints its tables without it).

Per-kind resource prefixes keep the Turtle readable: local names may not
contain "/", so ``kgreg:500114`` needs its own prefix for ``…/id/region/``.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping, Optional

from kg.iris import (DCTERMS, KG, KGR, OA, ORG, OWL, PROV, QB, RDF, RDFS, SCHEMA, SDMX_ATTRIBUTE, SDMX_DIMENSION,
                     SDMX_MEASURE, SKOS, XSD)

PREFIXES: dict[str, str] = {
    "dcterms": str(DCTERMS),
    "kg": str(KG),
    "kgr": str(KGR),
    "kgad": str(KGR) + "adoption/",
    "kgc": str(KGR) + "practice-category/",
    "kgdoc": str(KGR) + "doc/",
    "kgev": str(KGR) + "evidence/",
    "kgfig": str(KGR) + "figure/",
    "kglp": str(KGR) + "local-practice/",
    "kgorg": str(KGR) + "org/",
    "kgot": str(KGR) + "org-type/",
    "kgp": str(KGR) + "practice/",
    "kgreg": str(KGR) + "region/",
    "oa": str(OA),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "qb": str(QB),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "sdmx-attribute": str(SDMX_ATTRIBUTE),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": str(SDMX_MEASURE),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

# A local name Turtle, SPARQL and JSON-LD all read back unchanged.
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")


class PrefixMap:
    """Shortens IRIs to prefixed names (``kgreg:500114``) where the rest is a plain local name."""

    def __init__(self, prefixes: Mapping[str, str] = PREFIXES):
        self.prefixes = dict(prefixes)
        # Longest namespace first, so kgreg: wins over kgr:.
        self._ns = sorted(self.prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self._names: dict[str, Optional[str]] = {}
        # A local name holds no "/" nor "#": when every namespace ends with one of them, the only namespace
        # that can give a plain local name is the IRI up to its last "/" or "#" (one dict lookup, no loop).
        self._by_ns: Optional[dict[str, str]] = None
        if all(ns.endswith(("/", "#")) for ns in self.prefixes.values()):
            self._by_ns = {}
            for name, ns in self._ns:
                self._by_ns.setdefault(ns, name)

    def name(self, iri: str) -> Optional[str]:
        """``prefix:local``, or None when no prefix gives a plain local name."""
        hit = self._names.get(iri, "")
        if hit != "":
            return hit
        out = None
        if self._by_ns is not None:
            cut = max(iri.rfind("/"), iri.rfind("#")) + 1
            name = self._by_ns.get(iri[:cut])
            if name is not None and _LOCAL.fullmatch(iri, cut):
                out = name + ":" + iri[cut:]
        else:
            for name, ns in self._ns:
                if iri.startswith(ns) and _LOCAL.fullmatch(iri, len(ns)):
                    out = name + ":" + iri[len(ns):]
                    break
        if len(self._names) < 200_000:
            self._names[iri] = out
        return out

    def compact(self, iri: str) -> str:
        """The prefixed name, else the IRI itself (for tables and JSON-LD)."""
        return self.name(iri) or iri

    def bracketed(self, iri: str) -> str:
        """The prefixed name, else ``<IRI>`` (for Turtle-like text)."""
        return self.name(iri) or f"<{iri}>"

    def expand(self, name: str) -> str:
        prefix, local = name.split(":", 1)
        return self.prefixes[prefix] + local

    def turtle_header(self) -> Iterable[str]:
        return (f"@prefix {name}: <{self.prefixes[name]}> .\n" for name in sorted(self.prefixes))


def bind_prefixes(graph, prefixes: Mapping[str, str] = PREFIXES):
    """``graph`` (an rdflib Graph) with the prefixes bound."""
    for name, ns in prefixes.items():
        graph.bind(name, ns, override=True, replace=True)
    return graph


def build_graph(triples):
    """An in-memory rdflib graph with the prefixes bound (for small graphs: tests, a few documents)."""
    from rdflib import Graph  # here: the rest of the module serves code that starts without rdflib

    graph = bind_prefixes(Graph(bind_namespaces="none"))
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph
