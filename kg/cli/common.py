"""What the commands share: defaults, the graph argument, one-line errors.

Imported by every command (through :mod:`kg.cli.main`), so it imports little: opening a graph is
:mod:`kg.cli.graphs` (rdflib, the views), which ``kg query`` does without.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.build.report import printable

DEFAULT_INPUT = "corpus"
DEFAULT_OUT = "out"
GRAPH_HELP = f"graph file, store directory or build folder (default: {DEFAULT_OUT}/)"


def add_graph(parser: argparse.ArgumentParser) -> None:
    """The positional graph every reading command takes."""
    parser.add_argument("graph", nargs="?", default=DEFAULT_OUT, help=GRAPH_HELP)


# Exit codes every command shares (README.md, "Exit status"); kg build adds 3, 4 and 5.
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class CommandError(SystemExit):
    """A user's mistake or a failure they can fix: ``kg.cli.main`` prints one line (and the hint) and exits ``code``.

    Raised by a command (``raise fail(...)``); with ``--debug`` the traceback is printed too.
    """

    def __init__(self, message: str, hint: str | None = None, code: int = EXIT_USAGE):
        super().__init__(code)
        self.message, self.hint = message, hint

    def line(self) -> str:
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"error: {printable(self.message)}{printable(hint)}"

    def __str__(self) -> str:
        return self.line()


def error_line(message: str) -> None:
    print(f"error: {printable(message)}", file=sys.stderr)


def fail(message: str, hint: str | None = None, code: int = EXIT_USAGE) -> CommandError:
    """A one-line error to raise (status 2 by default, as argparse's own errors; 1 for a failure, not a typo)."""
    return CommandError(message, hint, code)


def nearest(word: str, choices, n: int = 3) -> list[str]:
    """The names closest to ``word`` (difflib), best first."""
    import difflib

    choices = list(choices)
    near = difflib.get_close_matches(word, choices, n=n, cutoff=0.5)
    # a prefix counts too: -p practice for practice_label
    near += [c for c in choices if c not in near and (c.startswith(word) or word.startswith(c)) and word]
    return near[:n]


def closest(word: str, choices, n: int = 3) -> str | None:
    """"did you mean a, b?" for the names closest to ``word``, or None."""
    near = nearest(word, choices, n)
    return f"did you mean {', '.join(near)}?" if near else None


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def out_folder(value: str) -> Path:
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value} is a file; -o names an output folder")
    return path
