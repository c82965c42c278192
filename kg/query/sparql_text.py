"""What a SPARQL text is, decided as the SPARQL grammar reads it, before it reaches a query engine.

``kg serve`` must refuse updates and ``SERVICE`` (the engine would fetch from
any host the server can reach) and must not hand a parser a text nested so
deeply that it overflows its stack. Deciding that from the raw text is only
safe if the text is cut into tokens exactly as the grammar does, so:

- ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes are expanded first (the SPARQL spec
  expands them before parsing; an engine that does not will reject the text);
- a comment ends at ``\\r`` or ``\\n`` (both end a line in SPARQL);
- short strings end at a line break; IRIs hold no character up to U+0020.

:func:`check_query` then also parses the text with rdflib's SPARQL parser
(a second, independent reading) and walks its tree: anything that is not one
query, any ``SERVICE``, is refused. The two readings must both pass.

rdflib's parser runs in a process of its own (see ``_Parser``), loaded on the first check.
"""

from __future__ import annotations

import multiprocessing
import re
import sys
import threading
from dataclasses import dataclass
from typing import Iterator

from kg.config import ServeOptions

_DEFAULTS = ServeOptions()

_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""\#[^\r\n]*                   # comment: ends at CR or LF
      | '''(?:[^'\\]|\\.|'(?!''))*''' | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      | '(?:[^'\\\r\n]|\\.)*' | "(?:[^"\\\r\n]|\\.)*"
      | <[^<>"{}|^`\\\x00-\x20]*>   # IRI
      | [?$][A-Za-z0-9_]+             # variable
      | :[^\s{}()<>,;]*               # name with the empty prefix
      | [A-Za-z_][A-Za-z0-9_\-]*(?::[^\s{}()<>,;]*)?   # keyword or prefixed name
      | \S""",
    re.X | re.S,
)
_OPEN, _CLOSE = "({[", ")}]"


class QueryRefused(Exception):
    """A text that must not reach the engine; ``status`` is the HTTP answer (400 or 403)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class QueryLimits:
    max_bytes: int = _DEFAULTS.max_query_bytes
    max_depth: int = _DEFAULTS.max_depth
    allow_service: bool = False


def expand_escapes(text: str) -> str:
    """The text with SPARQL codepoint escapes replaced by their characters (bad code points kept as written)."""

    def one(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)

    return _ESCAPE.sub(one, text)


def tokens(text: str) -> Iterator[str]:
    """The tokens of an (escape-expanded) SPARQL text; a comment is one token starting with "#"."""
    for m in _TOKEN.finditer(text):
        yield m.group(0)


def where_brace(text: str) -> int:
    """Offset of the "{" opening the query's WHERE pattern: the first "{" token (outside comments,
    strings and IRIs) of the text as written (codepoint escapes are not expanded: offsets are the text's)."""
    for m in _TOKEN.finditer(text):
        if m.group(0) == "{":
            return m.start()
    raise ValueError("no WHERE pattern found in the query")


def keywords(text: str) -> list[str]:
    """Upper-cased bare words outside comments, strings, IRIs and prefixed names."""
    out = []
    for tok in tokens(expand_escapes(text)):
        if (tok[0].isalpha() or tok[0] == "_") and ":" not in tok:
            out.append(tok.upper())
    return out


def nesting_depth(text: str) -> int:
    """The deepest nesting of (), {} and [] outside comments, strings and IRIs."""
    depth = deepest = 0
    for tok in tokens(expand_escapes(text)):
        if tok in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif tok in _CLOSE:
            depth = max(0, depth - 1)
    return deepest


def classify(text: str) -> tuple[str, bool]:
    """(form, uses_service) from the tokens: form is SELECT, ASK, CONSTRUCT, DESCRIBE, UPDATE or ""."""
    words = keywords(text)
    form = ""
    for w in words:
        if w in ("PREFIX", "BASE"):
            continue
        if w in _FORMS:
            form = w
            break
        if w in _UPDATE_WORDS:
            form = "UPDATE"
            break
    # an update may follow a query after ";" — any update word makes it an update
    if form != "UPDATE" and any(w in ("INSERT", "LOAD", "CLEAR", "DROP", "CREATE") for w in words):
        form = "UPDATE"
    return form, "SERVICE" in words


# ---------------------------------------------------------------- the parsed reading

# pyparsing recurses per nesting level and per triple pattern: rdflib's parser
# needs a deep stack and a high recursion limit for a 64 KB query. Raising the
# limit in the server itself would let C code elsewhere (json) overflow its
# stack, so the parse runs in a process of its own, in a thread with a big stack.
_PARSER_STACK = 512 * 1024 * 1024
_PARSER_RECURSION = 100_000
_UPDATE_REFUSED = "this endpoint is read-only: SPARQL Update is refused"
_SERVICE_REFUSED = ("SERVICE (federated query to other endpoints) is disabled; "
                    "start the server with --allow-service to enable it")


def _node_names(tree) -> Iterator[str]:
    """Names of every rdflib CompValue in a parse tree (walked without recursion)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node.name
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(node)


def _is_update(text: str) -> bool:
    try:
        from rdflib.plugins.sparql.parser import parseUpdate

        parseUpdate(text)
        return True
    except Exception:  # noqa: BLE001 - not an update either
        return False


def _parse_reply(text: str) -> tuple:
    """("ok", names in the parse tree) or ("error", status, message)."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except RecursionError:
        return ("error", 400, "query nested too deeply to parse")
    except Exception as exc:  # noqa: BLE001 - a parse failure is the client's answer
        if _is_update(text):
            return ("error", 403, _UPDATE_REFUSED)
        return ("error", 400, f"query syntax error: {str(exc)[:300]}")
    return ("ok", sorted(set(_node_names(tree))))


def _parser_main(conn) -> None:
    """The parser process: answer each text with _parse_reply, in a thread with a deep stack."""
    sys.setrecursionlimit(_PARSER_RECURSION)
    threading.stack_size(_PARSER_STACK)

    def loop():
        while True:
            try:
                text = conn.recv()
            except (EOFError, OSError, KeyboardInterrupt):
                return
            conn.send(_parse_reply(text))

    worker = threading.Thread(target=loop, name="kg-sparql-parser")
    worker.start()
    worker.join()


class _Parser:
    """One parser process, started on first use and again if it dies or hangs."""

    def __init__(self):
        self._lock = threading.Lock()
        self._process = None
        self._conn = None

    def _start(self) -> None:
        ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(target=_parser_main, args=(child,), daemon=True, name="kg-sparql-parser")
        self._process.start()
        child.close()

    def _kill(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
            self._conn.close()
        self._process = None

    def parse(self, text: str, timeout: float) -> tuple:
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._start()
            try:
                self._conn.send(text)
                if self._conn.poll(timeout):
                    return self._conn.recv()
                self._kill()
                return ("error", 400, "query too complex to parse in time")
            except (EOFError, OSError):
                self._kill()
                return ("error", 400, "query could not be parsed")


_parser = _Parser()


def parsed_form(text: str, allow_service: bool = False, timeout: float = 30.0) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, as rdflib parses ``text``; QueryRefused otherwise."""
    reply = _parser.parse(text, timeout)
    if reply[0] == "error":
        raise QueryRefused(reply[1], reply[2])
    names = set(reply[1])
    if "ServiceGraphPattern" in names and not allow_service:
        raise QueryRefused(403, _SERVICE_REFUSED)
    for name in ("SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery"):
        if name in names:
            return name[: -len("Query")].upper()
    raise QueryRefused(400, "not a SPARQL query")


def check_query(text: str, limits: QueryLimits = QueryLimits()) -> str:
    """The form of a query that may be run, or QueryRefused: size and nesting first, then both readings."""
    size = len(text.encode("utf-8"))
    if size > limits.max_bytes:
        raise QueryRefused(400, f"query of {size} bytes is over the limit of {limits.max_bytes} (--max-query-bytes)")
    depth = nesting_depth(text)
    if depth > limits.max_depth:
        raise QueryRefused(400, f"query nested {depth} deep is over the limit of {limits.max_depth} (--max-depth)")
    form, service = classify(text)
    if form == "UPDATE":
        raise QueryRefused(403, "this endpoint is read-only: SPARQL Update is refused")
    if service and not limits.allow_service:
        raise QueryRefused(403, "SERVICE (federated query to other endpoints) is disabled; "
                                "start the server with --allow-service to enable it")
    return parsed_form(text, limits.allow_service)
