"""The ``kg`` command line: one module per command (``kg.cli.build`` …), options shared in ``kg.cli.common``.

Conventions, the same for every command: a command that reads a graph takes
it as its positional argument (a graph file, a store directory or a build
folder; default ``out/``); ``-o/--out`` names an output *folder*, except for
``kg viz``, which writes one page; ``-f/--format`` picks an output format;
``-j/--workers`` a number of processes; ``-v/--verbose`` shows what the pipeline
logs; ``--debug`` the traceback of an error; ``kg --version`` the version.

Errors: a command raises ``kg.cli.common.fail(message, hint, code)``; ``kg.cli.main``
prints it as one line on stderr and returns the code (``EXIT_FAILED`` 1, ``EXIT_USAGE`` 2;
``kg build`` adds 3 to 5).
"""

from kg.cli.main import main

__all__ = ["main"]
