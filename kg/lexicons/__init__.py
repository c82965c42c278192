"""The data files of ``ontology/``, read by one reader."""
