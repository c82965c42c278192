"""``kg build``: read articles, write graph.ttl, graph.nt, graph.html and report.json into a folder."""

from __future__ import annotations

import argparse
import os
import sqlite3
from pathlib import Path

from kg.build import NothingRead, build
from kg.build.lock import OutputLocked
from kg.cli.common import DEFAULT_INPUT, DEFAULT_OUT, error_line, fail, out_folder
from kg.config import BuildOptions

# Exit codes (also in README.md).
EXIT_NO_ARTICLE, EXIT_SKIPPED, EXIT_STRICT, EXIT_LOCKED, EXIT_IO = 1, 2, 3, 4, 5
EPILOG = ("exit status: 0 built; 1 no article could be read; 2 some inputs skipped; 3 --strict and some inputs "
          "skipped; 4 another build holds the output folder; 5 the output folder or its cache cannot be written "
          "(full disk, read-only, locked)")


def add_parser(sub) -> None:
    p = sub.add_parser("build", help="read articles and write graph.ttl, graph.html and report.json", epilog=EPILOG)
    p.add_argument("inputs", nargs="*", help=f"files or folders (default: {DEFAULT_INPUT}/)")
    p.add_argument("-o", "--out", type=out_folder, default=Path(DEFAULT_OUT),
                   help=f"output folder (default: {DEFAULT_OUT}/)")
    p.add_argument("--no-html", action="store_true", help="skip the HTML graph")
    p.add_argument("--strict", action="store_true", help="exit with status 3 if any input was skipped")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("-j", "--workers", type=int, default=os.cpu_count() or 1,
                   help="extraction processes (default: the number of cores)")
    p.add_argument("--engine", choices=("local", "dask"), default=BuildOptions.engine,
                   help="where extraction runs: local processes, or dask.distributed (extra [distributed])")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="dask scheduler address (tcp://host:8786); without it --engine dask starts a local cluster")
    p.add_argument("--no-cache", action="store_true", help="re-extract every article (ignore OUT/.cache/)")
    p.add_argument("--full", action="store_true",
                   help="merge every article again instead of patching the previous build (same result, slower)")
    p.add_argument("--no-validate", action="store_true", help="skip the SHACL check of the written graph")
    p.add_argument("--wait", action="store_true",
                   help="if another build is writing the output folder, wait for it (default: exit 4 at once)")
    p.add_argument("--max-bytes", type=int, default=None,
                   help="skip files (or JSON Lines records) larger than this (default: 20,000,000)")
    p.add_argument("--store", action=argparse.BooleanOptionalAction, default=None,
                   help="also write a persistent Oxigraph store to OUT/store (default: for graphs of 200,000+ triples)")
    p.add_argument("--ontology", type=Path, help="the ontology folder to read (default: $KG_ONTOLOGY, else ontology/)")
    p.set_defaults(func=run)


def options(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(ontology=args.ontology, engine=args.engine, workers=args.workers, scheduler=args.scheduler,
                        cache=False if args.no_cache else None, incremental=False if args.full else None,
                        html=not args.no_html, validate=not args.no_validate, store=args.store,
                        max_bytes=args.max_bytes, progress=False if args.quiet else None, wait=args.wait)


def run(args: argparse.Namespace) -> int:
    try:
        report = build(args.inputs or [DEFAULT_INPUT], args.out, options(args))
    except NothingRead as exc:  # a typo (kg build corpsu) or an empty folder: the previous graph stays
        hint = None if args.inputs else f"run kg build where {DEFAULT_INPUT}/ is, or name the input folder"
        raise fail(str(exc), hint, EXIT_NO_ARTICLE) from None
    except OutputLocked as exc:
        error_line(str(exc))
        return EXIT_LOCKED
    except OSError as exc:  # full disk, read-only folder: the previous outputs are left as they were
        where = exc.filename or args.out
        error_line(f"cannot write {where}: {exc.strerror or exc} (the previous outputs are unchanged)")
        return EXIT_IO
    except sqlite3.Error as exc:
        error_line(f"the cache in {Path(args.out) / '.cache'} cannot be used: {exc} (try again, or pass --no-cache)")
        return EXIT_IO
    print(report.summary())
    if args.strict and report.skipped:
        return EXIT_STRICT
    return EXIT_SKIPPED if report.skipped else 0
