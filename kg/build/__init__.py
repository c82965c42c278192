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

The names below are loaded on first use, so that reading ``kg.build.report`` (the
commands' one-line errors) does not import the extractors and jieba.
"""

from __future__ import annotations

__all__ = ["BuildReport", "NothingRead", "build"]
_HOMES = {"BuildReport": "kg.build.report", "NothingRead": "kg.build.builder", "build": "kg.build.builder"}


def __getattr__(name: str):
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'kg.build' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
