"""``kg stats``: widespread practices, alike regions, communities; the matrix and the network as files."""

from __future__ import annotations

import argparse

from kg.cli.common import add_graph, out_folder
from kg.cli.graphs import open_view
from kg.network.analysis import governance_network, summary_text, write_matrix_csv
from kg.network.exports import write_gexf, write_graphml


def add_parser(sub) -> None:
    p = sub.add_parser("stats", help="widespread practices, alike regions, communities; matrix CSV, GraphML, GEXF")
    add_graph(p)
    p.add_argument("-o", "--out", type=out_folder, help="folder for region_practice.csv, graph.graphml and graph.gexf")
    p.add_argument("--bom", action="store_true", help="start the CSV with a byte-order mark (for Excel)")
    p.add_argument("--top", type=int, default=10, help="rows per list (default: 10)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    network = governance_network(open_view(args.graph, summary=not args.out))  # the files need it all
    print(summary_text(network, top=args.top), end="")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for path in (write_matrix_csv(network, args.out / "region_practice.csv", bom=args.bom),
                     write_graphml(network, args.out / "graph.graphml"), write_gexf(network, args.out / "graph.gexf")):
            print(f"wrote {path}")
    return 0
