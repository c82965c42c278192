"""``kg build``: read every input, extract, and write the graph and its report.

- :mod:`kg.build.builder`: ``build`` and its steps (extraction, merge or patch, outputs)
- :mod:`kg.build.documents`: one document's share: extracted, mapped, rendered as N-Triples lines
- :mod:`kg.build.engines`, :mod:`kg.build.dask`: where extraction runs
- :mod:`kg.build.cache`: per-document results and the previous build's state, in SQLite
- :mod:`kg.build.runs`: the external sort of every document's lines
- :mod:`kg.build.patch`: graph.ttl and graph.nt patched for an incremental rebuild
- :mod:`kg.build.state`: generations, manifests, and when a previous build can be patched
- :mod:`kg.build.lock`: one build at a time per output folder
- :mod:`kg.build.report`: report.json and the summary
"""

from kg.build.builder import NothingRead, build
from kg.build.report import BuildReport

__all__ = ["BuildReport", "NothingRead", "build"]
