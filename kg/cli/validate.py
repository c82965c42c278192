"""``kg validate``: check the graph against the SHACL shapes (exit 1 on violations)."""

from __future__ import annotations

import argparse
import json
import sys

from kg.cli.common import add_graph, fail
from kg.qa.validate import validate_graph


def add_parser(sub) -> None:
    p = sub.add_parser("validate", help="check the graph against the SHACL shapes (exit 1 on violations)")
    add_graph(p)
    p.add_argument("--shapes", help="shapes file (default: ontology/shapes.ttl)")
    p.add_argument("--limit", type=int, default=50, help="violations shown at most (default: 50; 0 = all)")
    p.add_argument("-f", "--format", choices=("text", "json"), default="text", help="report format (default: text)")
    p.add_argument("--json", dest="format", action="store_const", const="json", help="the same as -f json")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        report = validate_graph(args.graph, shapes=args.shapes)
    except FileNotFoundError as exc:
        raise fail(str(exc)) from None
    if args.format == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(report.text(limit=args.limit or None))
    return 0 if report.conforms else 1
