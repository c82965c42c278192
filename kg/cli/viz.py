"""``kg viz``: the graph, or a focused part of it, as one interactive HTML page.

``-o`` names the page (one file), not a folder: the only command whose
output is a single file.
"""

from __future__ import annotations

import argparse

from kg.cli.common import add_graph, fail
from kg.cli.graphs import open_for_query, open_view
from kg.network.labels import LANGS, english_focus, ui_strings, vocabulary_labels
from kg.network.page import write_html
from kg.network.viz import graph_to_network


def add_parser(sub) -> None:
    p = sub.add_parser("viz", help="draw the graph, or a focused part of it, as an interactive HTML page")
    add_graph(p)
    p.add_argument("-o", "--out", default="graph.html", metavar="FILE", help="the page to write (default: graph.html)")
    p.add_argument("--focus", help="a region (name or code, with its sub-regions), a practice or a category (科技防控); "
                                    "with --lang en also in English (Zhangye, Sharp Eyes project)")
    p.add_argument("--limit", type=int, default=500,
                   help="at most this many nodes: aggregate, then keep the busiest (default: 500; 0: no limit)")
    p.add_argument("--title", help="page title")
    p.add_argument("--lang", choices=LANGS, default="zh",
                   help="zh (default: names as written, bilingual texts) or en: English texts and labels, "
                        "regions romanised, Chinese only where no English label exists")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # English labels are looked up in the whole graph (its store): a focused view holds only what lies around it.
    vocabulary = vocabulary_labels(open_for_query(args.graph), args.lang) if args.lang != "zh" else None
    focus = english_focus(args.focus, vocabulary) if vocabulary is not None and args.focus else args.focus
    graph = open_view(args.graph, focus=focus)
    try:
        network = graph_to_network(graph, focus=focus, limit=args.limit or None)
    except ValueError as exc:
        raise fail(str(exc)) from None
    title = args.title or (ui_strings(args.lang)["page.title"] + (f" · {args.focus}" if args.focus else ""))
    path = write_html(network, args.out, title=title, lang=args.lang, vocabulary=vocabulary)
    print(f"wrote {path}: {network.number_of_nodes()} nodes, {network.number_of_edges()} edges")
    return 0
