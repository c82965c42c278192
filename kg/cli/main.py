"""``kg``: the parser of every command, and logging, configured once here."""

from __future__ import annotations

import argparse
import logging
import sys

from kg.cli import build, eval as eval_, export, query, serve, stats, time_space, validate, viz

COMMANDS = (build, query, serve, export, validate, viz, stats, eval_, time_space)
EPILOG = ("GRAPH, for the commands that read one: a graph file (.ttl, .nt), a store directory or a build folder "
          "(default: out/). -o/--out names an output folder, except for viz, which writes one page.")


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (tests swap it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def configure_logging(verbose: int) -> None:
    """What the package logs (``kg.*`` loggers) to stderr: warnings, and with -v info, with -vv debug."""
    logger = logging.getLogger("kg")
    logger.setLevel(max(logging.DEBUG, logging.WARNING - 10 * verbose))
    if not any(isinstance(h, _Stderr) for h in logger.handlers):
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("%(levelname)s: %(name)s: %(message)s"))
        logger.addHandler(handler)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="kg", description="Knowledge graphs from Chinese local-governance news.",
                                  epilog=EPILOG)
    verbose = dict(action="count", help="show what the pipeline logs (-v: progress of each step, -vv: details)")
    top.add_argument("-v", "--verbose", default=0, **verbose)
    sub = top.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    for command_parser in sub.choices.values():  # -v also after the command: kg build -v
        command_parser.add_argument("-v", "--verbose", default=argparse.SUPPRESS, **verbose)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    configure_logging(args.verbose)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
