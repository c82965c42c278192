"""Quality checks of a built graph: SHACL validation, scores against gold answers."""
