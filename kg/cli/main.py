"""``kg``: the parser of every command, and logging, configured once here."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import traceback

import kg
from kg.cli.common import EXIT_FAILED, EXIT_USAGE, CommandError, error_line

# Each command's module, imported only when it runs (or for ``kg --help``): ``kg query`` starts
# without the extractors, jieba or pyvis. kg.cli.time_space adds two commands.
COMMANDS = {"build": "build", "query": "query", "serve": "serve", "export": "export", "validate": "validate",
            "viz": "viz", "stats": "stats", "eval": "eval", "timeline": "time_space", "map": "time_space"}
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


def command_modules(argv: list[str] | None = None) -> list:
    """The modules whose commands the parser needs: the one ``argv`` names, else all of them (for help)."""
    args = sys.argv[1:] if argv is None else argv
    words = [w for w in args if not w.startswith("-")]
    if not words and "--version" in args and not {"-h", "--help"} & set(args):
        return []  # argparse prints the version before it asks for a command: none needs loading
    names = [COMMANDS[words[0]]] if words and words[0] in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    return [importlib.import_module(f"kg.cli.{name}") for name in names]


def parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="kg", description="Knowledge graphs from Chinese local-governance news.",
                                  epilog=EPILOG)
    verbose = dict(action="count", help="show what the pipeline logs (-v: progress of each step, -vv: details)")
    top.add_argument("-v", "--verbose", default=0, **verbose)
    top.add_argument("--version", action="version", version=f"%(prog)s {kg.__version__}")
    debug = dict(action="store_true", help="on an error, also print the traceback")
    top.add_argument("--debug", default=False, **debug)
    sub = top.add_subparsers(dest="command", required=True)
    for command in command_modules(argv):
        command.add_parser(sub)
    for command_parser in sub.choices.values():  # -v also after the command: kg build -v
        command_parser.add_argument("-v", "--verbose", default=argparse.SUPPRESS, **verbose)
        command_parser.add_argument("--debug", default=argparse.SUPPRESS, **debug)
    return top


def _is_ontology_error(exc: Exception) -> bool:
    # Only kg.lexicons.files raises one: a command that never loaded it (kg query) cannot have.
    # Imported by name so that kg.cli.main does not load the lexicons (and jieba) for every command.
    files = sys.modules.get("kg.lexicons.files")
    return files is not None and isinstance(exc, files.OntologyError)


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns its exit status. Mistakes are one line on stderr (with --debug, the traceback)."""
    args = parser(argv).parse_args(argv)
    configure_logging(args.verbose)
    try:
        return args.func(args)
    except CommandError as exc:
        if args.debug:
            traceback.print_exc()
        print(exc.line(), file=sys.stderr)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug, or a failure no command foresaw: still one line
        if args.debug:
            traceback.print_exc()
        if _is_ontology_error(exc):
            print(CommandError(str(exc), "fix that line, or pass --ontology FOLDER").line(), file=sys.stderr)
            return EXIT_FAILED
        error_line(f"{type(exc).__name__}: {exc}")
        print("(rerun with --debug for the traceback, and please report it)", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
