"""One document in, its facts out: the pipeline and one module per extractor."""

from kg.extract.pipeline import EXTRACTOR_VERSION, Pipeline

__all__ = ["EXTRACTOR_VERSION", "Pipeline"]
