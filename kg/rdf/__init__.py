"""Facts as RDF: terms, IRIs, namespaces, mapping facts to triples, the Turtle / N-Triples writer."""
