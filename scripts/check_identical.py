"""Build reference inputs with this checkout's code and compare the graphs byte for byte.

    python scripts/check_identical.py --ref DIR INPUT...   # a reference folder and the inputs it was built from

Made for restructurings that must not change what is produced: build the reference
with the code before (``kg build INPUT... -o DIR --no-cache``), change the code,
then run this.

Each input set is built with ``kg build --no-cache -q`` into a temporary folder,
using the ``kg`` package of the checkout this script belongs to; ``graph.ttl``
and ``graph.nt`` are then compared with the reference folder's.  One line per
file: ``OK`` (identical bytes) or ``DIFF`` (with sizes and the first differing
line).  Exit status 0 when every file is identical, 1 otherwise.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = ("graph.ttl", "graph.nt")


def build(inputs: list[Path], out: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "kg.cli", "build", *map(str, inputs),
           "-o", str(out), "--no-cache", "-q"]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"build failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr}")


def first_difference(a: bytes, b: bytes) -> str:
    for number, (x, y) in enumerate(zip(a.split(b"\n"), b.split(b"\n")), 1):
        if x != y:
            return f"line {number}: {x[:80]!r} != {y[:80]!r}"
    return "one file is a prefix of the other"


def compare(ref: Path, new: Path) -> bool:
    same = True
    for name in FILES:
        a, b = (ref / name).read_bytes(), (new / name).read_bytes()
        digest = hashlib.sha256(a).hexdigest()[:16]
        if a == b:
            print(f"OK    {ref.name}/{name}  {len(a):,} bytes  sha256 {digest}")
        else:
            same = False
            print(f"DIFF  {ref.name}/{name}  reference {len(a):,} bytes, new {len(b):,} bytes; "
                  f"{first_difference(a, b)}")
    return same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", type=Path, required=True, help="reference folder (holding graph.ttl, graph.nt)")
    parser.add_argument("inputs", nargs="+", type=Path, help="the inputs the reference was built from")
    args = parser.parse_args(argv)
    if args.ref and not args.inputs:
        parser.error("--ref needs the inputs it was built from")
    pairs = [(args.ref, args.inputs)]
    same = True
    for ref, inputs in pairs:
        with tempfile.TemporaryDirectory(prefix="kg-check-") as tmp:
            build(inputs, Path(tmp) / "out")
            same = compare(ref, Path(tmp) / "out") and same
    print("all identical" if same else "outputs differ")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
