"""The ``kg`` command line: one module per command (``kg.cli.build`` …), options shared in ``kg.cli.common``.

Conventions, the same for every command: a command that reads a graph takes
it as its positional argument (a graph file, a store directory or a build
folder; default ``out/``); ``-o/--out`` names an output *folder*, except for
``kg viz``, which writes one page; ``-f/--format`` picks an output format;
``-j/--workers`` a number of processes; ``-v/--verbose`` (before the command)
shows what the pipeline logs.
"""

from kg.cli.main import main

__all__ = ["main"]
