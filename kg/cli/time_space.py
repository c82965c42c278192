"""``kg timeline`` and ``kg map``: when regions took up a practice, and where (:mod:`kg.network.commands`)."""

from __future__ import annotations

import argparse

from kg.network.commands import add_commands


def add_parser(sub: argparse._SubParsersAction) -> None:
    add_commands(sub)
