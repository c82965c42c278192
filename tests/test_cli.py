"""The command line's conventions: a positional graph, --backend, -o a folder (viz: a page), -v logging."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from kg.cli import main
from kg.cli.main import parser

READING_COMMANDS = ("query", "serve", "export", "validate", "viz", "stats")


@pytest.fixture(scope="module")
def out(seeds_out):
    return seeds_out


def test_every_reading_command_takes_the_graph_positionally():
    sub = next(a for a in parser()._actions if a.dest == "command")
    for name in READING_COMMANDS:
        positional = [a.dest for a in sub.choices[name]._actions if not a.option_strings]
        assert "graph" in positional, name


def test_query_takes_the_graph_after_the_query_and_a_backend(out, capsys):
    for backend in ("rdflib", "oxigraph"):
        assert main(["query", "regions", str(out), "--backend", backend, "-f", "csv"]) == 0
        captured = capsys.readouterr()
        assert "000_7c8bed5701f56308.txt,500114" in captured.out and captured.err == ""


def test_the_old_query_flags_still_work_and_say_they_are_deprecated(out, capsys):
    assert main(["query", "regions", "-g", str(out), "--engine", "oxigraph", "-f", "csv"]) == 0
    captured = capsys.readouterr()
    assert "000_7c8bed5701f56308.txt,500114" in captured.out
    assert "-g/--graph is deprecated" in captured.err and "--engine is deprecated" in captured.err
    assert main(["query", "regions", str(out), "-g", str(out)]) == 2


def test_query_errors_are_one_line(out, capsys):
    assert main(["query", "nope", str(out)]) == 2
    assert "no query named 'nope'" in capsys.readouterr().err
    assert main(["query", "practice_regions", str(out)]) == 2
    assert "needs the parameter(s) practice_label" in capsys.readouterr().err


def test_o_names_a_folder_except_for_viz(out, tmp_path, capsys):
    page = tmp_path / "page.html"
    assert main(["viz", str(out), "-o", str(page), "--focus", "500114"]) == 0
    assert page.is_file()
    with pytest.raises(SystemExit):
        main(["export", str(out), "-o", str(page)])  # a file where a folder is expected
    assert "is a file" in capsys.readouterr().err


def test_verbose_shows_what_the_build_logs(tmp_path, capsys):
    from locations import CORPUS

    logger = logging.getLogger("kg")
    try:
        assert main(["build", str(CORPUS), "-o", str(tmp_path), "-q", "--no-html", "--no-validate", "-j", "1",
                     "-v"]) == 0
        assert "INFO: kg.build.builder: lexicons: " in capsys.readouterr().err
        assert logger.level == logging.INFO
        assert main(["-v", "-v", "query", "--list"]) == 0 and logger.level == logging.DEBUG
    finally:
        main(["query", "--list"])  # back to warnings only
    assert logger.level == logging.WARNING


def test_kg_query_starts_without_the_extractors(out):
    # a query's process start is part of its answer time: jieba, the lexicons and pyvis are for other commands
    code = ("import sys\nfrom kg.cli import main\n"
            f"main(['query', 'regions', {str(out)!r}, '-f', 'csv'])\n"
            "loaded = sorted(m for m in ('jieba', 'kg.lexicons', 'kg.extract', 'kg.build.builder', 'pyvis') "
            "if m in sys.modules)\nprint(loaded, file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("doc,adcode")
    assert done.stderr.strip() == "[]"


def test_kg_query_names_the_engines_and_row_formats_kg_query_has():
    # kg.cli.query names them itself, so that it starts without importing the rdflib side
    from kg.cli import query
    from kg.query.backends import BACKENDS
    from kg.query.results import FORMATTERS

    assert query.BACKENDS == BACKENDS and query.ROW_FORMATS == tuple(FORMATTERS)


def test_kg_version_answers_without_loading_any_command():
    # kg --version is what scripts call to check an install: it should not load jieba or the extractors
    code = ("import sys\nfrom kg.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('kg.cli.') and m not in ('kg.cli.main', 'kg.cli.common')))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.startswith("kg ") and run.stdout.splitlines()[-1] == "[]"
