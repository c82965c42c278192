"""``kg export``: the graph as Turtle, N-Triples, JSON-LD, TriG, GraphML and GEXF files in a folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.common import add_graph, fail, out_folder
from kg.network.exports import DEFAULT_FORMATS, FORMATS, export


def add_parser(sub) -> None:
    p = sub.add_parser("export", help="write the graph as Turtle, N-Triples, JSON-LD, TriG, GraphML, GEXF")
    add_graph(p)
    p.add_argument("-o", "--out", type=out_folder, default=Path("export"), help="output folder (default: export/)")
    p.add_argument("-f", "--format", default=",".join(DEFAULT_FORMATS),
                   help=f"comma-separated formats, of {','.join(FORMATS)} (default: {','.join(DEFAULT_FORMATS)}; "
                        "trig only for a store with named graphs)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        report = export(args.graph, args.out, formats=args.format.split(","))
    except (FileNotFoundError, ValueError) as exc:
        raise fail(str(exc)) from None
    print(report.summary())
    return 0
