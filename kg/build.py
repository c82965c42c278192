"""``kg build``: read every input, extract, and write the graph and its report.

Documents flow one at a time: read -> extract -> triples. A document that
cannot be read, or whose extraction fails, is reported and skipped; the rest
is built.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import traceback
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .extract import Pipeline
from .model import Document, SkippedInput
from .paths import ontology_dir
from .rdf import facts_to_triples, scheme_triples, write_turtle
from .reader import iter_documents


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)  # doc ids
    skipped: list[dict] = field(default_factory=list)  # {"source", "reason"}
    triples: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [f"articles read: {len(self.built)}", f"skipped: {len(self.skipped)}"]
        lines += [f"  {s['source']}: {s['reason']}" for s in self.skipped]
        lines.append(f"triples: {self.triples}")
        lines += [f"{kind}: {n}" for kind, n in sorted(self.entities.items())]
        lines += [f"wrote {name}: {path}" for name, path in sorted(self.outputs.items())]
        return "\n".join(lines)


def _atomic_write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _progress(items: Iterable, enabled: bool):
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, unit=" articles", file=sys.stderr, mininterval=0.5)


def build(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    *,
    html: bool = True,
    progress: Optional[bool] = None,
    pipeline: Optional[Pipeline] = None,
) -> BuildReport:
    out = Path(out_dir)
    pipeline = pipeline or Pipeline.load()
    report = BuildReport()
    triples: set = set(scheme_triples(ontology_dir()))
    kinds: dict[str, set] = {"regions": set(), "practices": set(), "local practices": set(),
                             "organizations": set(), "figures": set()}
    progress = sys.stderr.isatty() if progress is None else progress
    seen_ids: Counter = Counter()
    for item in _progress(iter_documents(inputs), progress):
        if isinstance(item, SkippedInput):
            report.skipped.append({"source": item.source, "reason": item.reason})
            continue
        doc: Document = item
        seen_ids[doc.doc_id] += 1
        if seen_ids[doc.doc_id] > 1:
            report.skipped.append({"source": doc.source, "reason": f"duplicate document id {doc.doc_id!r}"})
            continue
        try:
            facts = pipeline.extract(doc)
            doc_triples = list(facts_to_triples(facts, pipeline.gazetteer))
        except Exception as exc:  # one broken article never sinks a build
            reason = f"extraction failed: {type(exc).__name__}: {exc}"
            if os.environ.get("KG_DEBUG"):
                traceback.print_exc()
            report.skipped.append({"source": doc.source, "reason": reason})
            continue
        triples.update(doc_triples)
        report.built.append(doc.doc_id)
        kinds["regions"].update(m.adcode for m in facts.regions)
        kinds["practices"].update(m.concept for m in facts.practices)
        kinds["local practices"].update(lp.name for lp in facts.local_practices)
        kinds["organizations"].update(o.name for o in facts.organizations)
        kinds["figures"].update((doc.doc_id, m.evidence.start, m.value) for m in facts.metrics)

    report.triples = len(triples)
    report.entities = {k: len(v) for k, v in kinds.items()}
    ttl = out / "graph.ttl"
    write_turtle(triples, ttl)
    report.outputs["turtle"] = str(ttl)
    if html:
        from .store import load_graph
        from .viz import write_html

        page = out / "graph.html"
        write_html(load_graph(ttl), page)
        report.outputs["html"] = str(page)
    report.outputs["report"] = str(out / "report.json")
    _atomic_write_text(out / "report.json", json.dumps(asdict(report), ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return report
