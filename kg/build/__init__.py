"""``kg build``: read every input, extract, and write the graph and its report."""

from kg.build.builder import BuildReport, build

__all__ = ["BuildReport", "build"]
