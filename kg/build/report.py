"""What a build reports: ``report.json`` (deterministic) and the summary ``kg build`` prints.

Names in the summary come from the inputs: a name holding ``\\x1b]…`` or
``\\r`` could rewrite the terminal's title, colours or the line above, so
:func:`printable` shows every control character (C0, DEL, C1) and every
bidirectional override as a Python-style escape instead.
"""

from __future__ import annotations

import json
from pathlib import Path
import re
from dataclasses import asdict, dataclass, field

# Skipped inputs printed one by one in the summary; report.json lists them all.
SUMMARY_SKIPS = 50

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control and bidi characters escaped (``\\x1b``, ``\\u202e``); the rest kept."""
    return _UNSAFE.sub(_escape, text)


@dataclass
class BuildReport:
    built: list[str] = field(default_factory=list)  # doc ids, in input order
    skipped: list[dict] = field(default_factory=list)  # {"source", "reason"}
    triples: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    validation: dict = field(default_factory=dict)  # SHACL: {"conforms": bool, "violations": [...]}

    def __post_init__(self):
        # Run figures (seconds, cache hits): printed, not written to report.json, which stays deterministic.
        self.stats: dict = {}

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def summary(self) -> str:
        """What a person reads after ``kg build``: counts, skipped inputs, the SHACL result, time, the outputs."""
        lines = [f"articles read: {len(self.built)}", f"skipped: {len(self.skipped)}"]
        lines += [f"  {printable(s['source'])}: {printable(s['reason'])}" for s in self.skipped[:SUMMARY_SKIPS]]
        if len(self.skipped) > SUMMARY_SKIPS:
            lines.append(f"  … and {len(self.skipped) - SUMMARY_SKIPS} more (see report.json)")
        found = ", ".join(f"{n} {kind}" for kind, n in sorted(self.entities.items()))
        lines.append(f"triples: {self.triples:,}" + (f" ({found})" if found else ""))
        if self.validation:
            violations = len(self.validation.get("violations", []))
            lines.append("SHACL: conforms" if self.validation.get("conforms")
                         else f"SHACL: {violations} violation(s) (kg validate lists them)")
        if "total_s" in self.stats:
            cached = ""
            if "cache_hits" in self.stats:
                cached = f", {self.stats['cache_hits']} article(s) from the cache"
            how = ", patched the previous build" if self.stats.get("incremental") else ""
            lines.append(f"time: {self.stats['total_s']:.1f} s{cached}{how}")
        lines += [f"note: {n}" for n in self.notes]
        folders = {str(Path(p).parent) for p in self.outputs.values()}
        if len(folders) == 1:
            names = ", ".join(Path(p).name for _, p in sorted(self.outputs.items()))
            lines.append(f"outputs in {printable(folders.pop())}/: {printable(names)}")
        else:
            lines += [f"wrote {name}: {printable(path)}" for name, path in sorted(self.outputs.items())]
        return "\n".join(lines)
