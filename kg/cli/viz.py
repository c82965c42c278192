"""``kg viz``: the graph, or a focused part of it, as one interactive HTML page.

``-o`` names the page (one file), not a folder: the only command whose
output is a single file.
"""

from __future__ import annotations

import argparse

from kg.cli.common import add_graph, fail, open_view
from kg.network.page import write_html
from kg.network.viz import graph_to_network


def add_parser(sub) -> None:
    p = sub.add_parser("viz", help="draw the graph, or a focused part of it, as an interactive HTML page")
    add_graph(p)
    p.add_argument("-o", "--out", default="graph.html", metavar="FILE", help="the page to write (default: graph.html)")
    p.add_argument("--focus", help="a region (name or code, with its sub-regions), a practice or a category (科技防控)")
    p.add_argument("--limit", type=int, default=500,
                   help="at most this many nodes: aggregate, then keep the busiest (default: 500; 0: no limit)")
    p.add_argument("--title", help="page title")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    graph = open_view(args.graph, focus=args.focus)
    try:
        network = graph_to_network(graph, focus=args.focus, limit=args.limit or None)
    except ValueError as exc:
        raise fail(str(exc)) from None
    title = args.title or ("政法工作知识图谱" + (f" · {args.focus}" if args.focus else ""))
    path = write_html(network, args.out, title=title)
    print(f"wrote {path}: {network.number_of_nodes()} nodes, {network.number_of_edges()} edges")
    return 0
