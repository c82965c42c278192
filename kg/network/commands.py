"""The ``kg timeline`` and ``kg map`` subcommands: their arguments and what they run.

Registered by :mod:`kg.cli` with :func:`add_commands`; the work is in
:mod:`kg.network.timeline` and :mod:`kg.network.map`.
"""

from __future__ import annotations

import argparse
import sys

from kg.network.map import map_data, write_map_html, write_map_png
from kg.network.timeline import format_table, plot_diffusion, practice_timeline
from kg.query.backends import open_graph

DEFAULT_OUT = "out"


def _open(graph_path: str):
    try:
        return open_graph(graph_path)
    except FileNotFoundError as exc:
        raise SystemExit(f"error: {exc}") from None


def _cmd_timeline(args: argparse.Namespace) -> int:
    graph = _open(args.graph)
    timelines = [practice_timeline(graph, p, level=args.level) for p in args.practices]
    sys.stdout.write(format_table(timelines))
    for t in timelines:
        if not t.years:
            print(f"warning: no region is evidenced for {t.practice}", file=sys.stderr)
    if args.out:
        path = plot_diffusion(timelines, args.out, level=args.level, lang=args.lang, title=args.title,
                              source=args.source)
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _cmd_map(args: argparse.Namespace) -> int:
    graph = _open(args.graph)
    data = map_data(graph, args.practice, level=args.level, until=args.year, by=args.by)
    path = write_map_html(data, args.out, lang=args.lang, title=args.title)
    print(f"wrote {path}: {len(data.regions)} regions", file=sys.stderr)
    if args.png:
        print(f"wrote {write_map_png(data, args.png, lang=args.lang, title=args.title)}", file=sys.stderr)
    return 0


def add_commands(sub) -> None:
    """Add ``timeline`` and ``map`` to the ``kg`` subparsers."""
    p = sub.add_parser("timeline", help="when practices spread: regions first evidenced per year, table and PNG")
    p.add_argument("practices", nargs="+", metavar="PRACTICE", help="practice names or aliases (枫桥经验 网格化管理)")
    p.add_argument("-g", "--graph", default=DEFAULT_OUT, help="graph file, store or build folder (default: out/)")
    p.add_argument("-o", "--out", help="PNG of the diffusion curves (cumulative regions per year)")
    p.add_argument("--level", choices=("any", "province", "prefecture", "county"), default="any",
                   help="count regions of this level, each at the first evidence in it (default: any region named)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the figure's labels")
    p.add_argument("--title", help="figure title")
    p.add_argument("--source", help="a source line under the figure (e.g. the corpus it was built from)")
    p.set_defaults(func=_cmd_timeline)

    p = sub.add_parser("map", help="an offline HTML map (choropleth) of where, and since when, a practice is found")
    p.add_argument("graph", nargs="?", default=DEFAULT_OUT, help="graph file, store or build folder (default: out/)")
    p.add_argument("--practice", required=True, help="a practice's name or alias (枫桥经验)")
    p.add_argument("--level", choices=("province", "prefecture", "county"), default="province",
                   help="regions coloured (default: province); counties are drawn as points")
    p.add_argument("--year", type=int, help="only evidence up to this year")
    p.add_argument("--by", choices=("year", "documents"), default="year",
                   help="colour by the year of first evidence (default) or the number of documents")
    p.add_argument("-o", "--out", default="map.html", help="page to write (default: map.html)")
    p.add_argument("--png", help="also write a static PNG (matplotlib)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of region names and labels")
    p.add_argument("--title", help="map title")
    p.set_defaults(func=_cmd_map)
