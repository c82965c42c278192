"""Text that is safe to print on a terminal.

File names and JSON ids come from the inputs: a name holding ``\\x1b]…`` or
``\\r`` could rewrite the terminal's title, colours or the line above. Every
control character (C0, DEL, C1) and every bidirectional override is shown as
a Python-style escape instead.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control and bidi characters escaped (``\\x1b``, ``\\u202e``); the rest kept."""
    return _UNSAFE.sub(_escape, text)
