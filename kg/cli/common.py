"""What the commands share: defaults, the graph argument, one-line errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.build.report import printable
from kg.query.backends import as_rdflib, open_graph

DEFAULT_INPUT = "corpus"
DEFAULT_OUT = "out"
GRAPH_HELP = f"graph file, store directory or build folder (default: {DEFAULT_OUT}/)"


def add_graph(parser: argparse.ArgumentParser) -> None:
    """The positional graph every reading command takes."""
    parser.add_argument("graph", nargs="?", default=DEFAULT_OUT, help=GRAPH_HELP)


def error_line(message: str) -> None:
    print(f"error: {printable(message)}", file=sys.stderr)


def fail(message: str) -> SystemExit:
    """An exit with a one-line error (status 2, as argparse's own errors)."""
    return SystemExit(f"error: {printable(message)}")


def open_for_query(path, backend: str = "auto"):
    try:
        return open_graph(path, backend=backend)
    except FileNotFoundError as exc:
        raise fail(str(exc)) from None


def open_rdflib(path):
    return as_rdflib(open_for_query(path))


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def out_folder(value: str) -> Path:
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value} is a file; -o names an output folder")
    return path
