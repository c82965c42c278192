"""Load a built graph and run the shipped SPARQL queries on it.

Queries live in ``kg/queries/*.rq``. Their header comments describe them:

    # title: Which regions carry out a practice, with the sentence and document
    # param: practice_label — the practice's name as articles write it

Parameters are bound as typed literals (rdflib ``initBindings``, Oxigraph
``substitutions``), never pasted into the query text, so a value cannot
change the query.

``run_query`` takes an rdflib ``Graph`` (``load_graph``) or, for large graphs,
a ``pyoxigraph.Store`` (``load_store``), which answers the same queries 10-50x
faster; rows come back as rdflib terms either way.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD

from kg.config import queries_dir
from kg.rdf.prefixes import PrefixMap, bind_prefixes
from kg.rdf.writer import quote_string
from kg.text.chars import scrub

EVALUATION_QUERIES = (
    "regions",
    "practices",
    "local_practices",
    "region_practices",
    "organizations",
    "metrics",
)

_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
}
_HEADER = re.compile(r"#\s*(title|param)\s*:\s*(.*)")
_PARAM = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:[—–-]+|:)\s*(.*)")
_QUERY_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)


@dataclass(frozen=True)
class QueryInfo:
    name: str
    title: str
    params: tuple[str, ...]  # parameter names, without "?"
    path: Path
    param_descriptions: tuple[str, ...] = ()  # one per parameter


@dataclass(frozen=True)
class QueryResult:
    """``rows`` hold each value's lexical form (str, None when unbound), ready to
    compare with plain strings; ``terms`` the same cells as rdflib terms, which
    keep language tags and datatypes (used by ``format_json``)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Optional[str], ...], ...]
    terms: tuple[tuple[Optional[object], ...], ...] = ()

    @classmethod
    def of_terms(cls, variables, term_rows) -> "QueryResult":
        terms = tuple(tuple(row) for row in term_rows)
        rows = tuple(tuple(None if t is None else str(t) for t in row) for row in terms)
        return cls(tuple(variables), rows, terms)

    def term_rows(self):
        return self.terms if self.terms or not self.rows else tuple(
            tuple(None if v is None else Literal(v) for v in row) for row in self.rows
        )


# ---------------------------------------------------------------- loading


def _format_of(path: Path) -> str:
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF format (expected .ttl or .nt)")
    return fmt


def load_graph(path) -> Graph:
    """An rdflib graph from a Turtle (.ttl) or N-Triples (.nt) file."""
    path = Path(path)
    graph = bind_prefixes(Graph(bind_namespaces="none"))
    graph.parse(path, format=_format_of(path))
    return graph


def load_store(path):
    """A pyoxigraph Store (in memory) from a Turtle or N-Triples file: fast for large graphs."""
    import pyoxigraph as ox

    path = Path(path)
    fmt = ox.RdfFormat.TURTLE if _format_of(path) == "turtle" else ox.RdfFormat.N_TRIPLES
    store = ox.Store()
    store.bulk_load(path=str(path), format=fmt)
    return store


# ---------------------------------------------------------------- queries


def _info(path: Path) -> QueryInfo:
    title = ""
    params: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        if m.group(1) == "title":
            title = m.group(2).strip()
        else:
            p = _PARAM.match(m.group(2).strip())
            if p:
                params.append((p.group(1), p.group(2).strip()))
    return QueryInfo(path.stem, title, tuple(n for n, _ in params), path, tuple(d for _, d in params))


def list_queries(directory: Optional[Path] = None) -> list[QueryInfo]:
    """The shipped queries, by name."""
    directory = Path(directory) if directory else queries_dir()
    return [_info(p) for p in sorted(directory.glob("*.rq"))]


def get_query(name_or_path_or_text: str) -> str:
    """Query text from a shipped query's name, a file path, or the query text itself."""
    ref = name_or_path_or_text
    if re.fullmatch(r"[A-Za-z0-9_\-]+", ref):
        path = queries_dir() / (ref + ".rq")
        if path.is_file():
            return path.read_text(encoding="utf-8")
    if "\n" not in ref and len(ref) < 4096:
        path = Path(ref)
        try:
            if path.is_file():
                return path.read_text(encoding="utf-8")
        except OSError:
            pass
    if _QUERY_FORM.search(ref):
        return ref
    names = ", ".join(q.name for q in list_queries())
    raise KeyError(f"no query named {ref!r} (shipped queries: {names})")


def query_params(query_text: str) -> list[str]:
    return [name for name, _ in _info_from_text(query_text)]


def _info_from_text(text: str) -> list[tuple[str, str]]:
    out = []
    for line in text.splitlines():
        m = _HEADER.match(line)
        if m and m.group(1) == "param":
            p = _PARAM.match(m.group(2).strip())
            if p:
                out.append((p.group(1), p.group(2).strip()))
    return out


def run_query(graph, query_text: str, params: Optional[dict[str, str]] = None) -> QueryResult:
    """Run a SELECT query on an rdflib Graph or a pyoxigraph Store.

    ``params`` maps a variable name (without ``?``) to a string; it is bound
    as an xsd:string literal. Every ``# param:`` the query declares must be given.
    """
    params = dict(params or {})
    missing = [p for p in query_params(query_text) if p not in params]
    if missing:
        raise ValueError("missing query parameter(s): " + ", ".join(missing))
    for name in params:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ValueError(f"bad parameter name: {name!r}")
    if isinstance(graph, Graph):
        return _run_rdflib(graph, query_text, params)
    return _run_oxigraph(graph, query_text, params)


def _run_rdflib(graph: Graph, query_text: str, params: dict[str, str]) -> QueryResult:
    bindings = {Variable(k): Literal(v) for k, v in params.items()}
    result = graph.query(query_text, initBindings=bindings)
    if result.type != "SELECT":
        raise ValueError("only SELECT queries are supported")
    return QueryResult.of_terms((str(v) for v in result.vars), result)


def _from_ox(term):
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt == str(XSD.string) else URIRef(dt))
    raise ValueError(f"unsupported term {term!r}")


def _sparql_string(value: str) -> str:
    """A SPARQL string literal. Control characters other than tab and newlines
    are dropped: SPARQL decodes \\uXXXX escapes before parsing, so they cannot
    be escaped that way."""
    value = "".join(c for c in scrub(value) if c in "\t\n\r" or not (ord(c) < 0x20 or ord(c) == 0x7F))
    return quote_string(value)


_IRI_REF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_LINE_END = re.compile(r"[\r\n]")
_STRING_START = re.compile(r"\"\"\"|'''|\"|'")


def _where_brace(query_text: str) -> int:
    """Offset of the "{" opening the query's WHERE pattern (skipping IRIs, strings, comments)."""
    i, n = 0, len(query_text)
    while i < n:
        c = query_text[i]
        if c == "#":  # a comment ends at CR or LF, as in the SPARQL grammar
            m = _LINE_END.search(query_text, i)
            i = m.start() if m else n
        elif c == "<":
            m = _IRI_REF.match(query_text, i)  # an IRI, or a comparison operator
            i = m.end() if m else i + 1
        elif c in "\"'":
            quote = _STRING_START.match(query_text, i).group(0)
            j = i + len(quote)
            while j < n and not query_text.startswith(quote, j):
                j += 2 if query_text[j] == "\\" else 1
            i = j + len(quote)
        elif c == "{":
            return i
        else:
            i += 1
    raise ValueError("no WHERE pattern found in the query")


def bind_values(query_text: str, params: dict[str, str]) -> str:
    """The query with ``VALUES ?name { "value" }`` at the start of its WHERE pattern.

    Each value is written as an escaped string literal, so it cannot change the
    query. (Oxigraph's ``substitutions`` only reach projected variables.)
    """
    if not params:
        return query_text
    at = _where_brace(query_text) + 1
    values = "".join(f"\n  VALUES ?{k} {{ {_sparql_string(v)} }}" for k, v in sorted(params.items()))
    return query_text[:at] + values + query_text[at:]


def _run_oxigraph(store, query_text: str, params: dict[str, str]) -> QueryResult:
    import pyoxigraph as ox

    solutions = store.query(bind_values(query_text, params))
    if not isinstance(solutions, ox.QuerySolutions):
        raise ValueError("only SELECT queries are supported")
    variables = tuple(v.value for v in solutions.variables)
    return QueryResult.of_terms(variables, (tuple(_from_ox(s[v]) for v in variables) for s in solutions))


# ---------------------------------------------------------------- formatting


def _plain(term) -> str:
    if term is None:
        return ""
    return str(term)


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_NAMES = PrefixMap()


def _shorten(term) -> str:
    if isinstance(term, URIRef):
        return _NAMES.compact(str(term))
    return _plain(term).replace("\n", " ")


def format_table(result: QueryResult, max_width: int = 60) -> str:
    """An aligned text table for a terminal."""

    def cell(term) -> str:
        text = _shorten(term)
        if _width(text) > max_width:
            out, w = [], 0
            for c in text:
                w += _width(c)
                if w > max_width - 1:
                    break
                out.append(c)
            text = "".join(out) + "…"
        return text

    header = list(result.variables)
    body = [[cell(t) for t in row] for row in result.term_rows()]
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    out = [line(header), line(["-" * w for w in widths])]
    out += [line(r) for r in body]
    out.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(out) + "\n"


def format_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV results: plain values, empty for unbound."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_plain(t) for t in row])
    return buf.getvalue()


def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype != XSD.string:
            out["datatype"] = str(term.datatype)
    return out


def format_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    bindings = []
    for row in result.term_rows():
        bindings.append({v: _json_term(t) for v, t in zip(result.variables, row) if t is not None})
    doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"



# ---------------------------------------------------------------- backends
#
# Small graphs stay in rdflib (every helper in kg.analysis / kg.viz takes an
# rdflib Graph); large ones go to Oxigraph, which parses a million triples in
# ~6 s instead of ~70 s and answers the shipped queries 10-50x faster. A store
# directory (``kg build`` writes ``out/store`` for large graphs, or
# ``write_store``) is opened read-only, with no parsing at all.

# Above this file size a graph file is loaded into Oxigraph (about 75k triples;
# rdflib takes ~5 s to parse that much).
RDFLIB_MAX_BYTES = 4_000_000
# Above this many triples ``kg build`` should also write a store directory.
STORE_MIN_TRIPLES = 200_000
STORE_DIR_NAME = "store"
STORE_INFO = "kg-store.json"  # written beside RocksDB's files: source, triples
BACKENDS = ("auto", "rdflib", "oxigraph")


def is_store_dir(path) -> bool:
    """True for an Oxigraph (RocksDB) store directory."""
    path = Path(path)
    return path.is_dir() and (path / "CURRENT").is_file() and any(path.glob("MANIFEST-*"))


def resolve_graph(path=None) -> Path:
    """The graph file or store directory a user means by ``path``.

    A build folder (default ``out/``) gives its ``store/`` when there is one
    not older than its ``graph.ttl``, else its ``graph.ttl``.
    """
    path = Path(path if path is not None else "out")
    if path.is_dir() and not is_store_dir(path):
        store, ttl = path / STORE_DIR_NAME, path / "graph.ttl"
        if is_store_dir(store) and (not ttl.exists() or _store_mtime(store) >= ttl.stat().st_mtime):
            return store
        if ttl.exists():
            return ttl
        nt = path / "graph.nt"
        if nt.exists():
            return nt
        raise FileNotFoundError(f"no graph in {path} (expected graph.ttl or store/; run `kg build` first)")
    if not path.exists():
        raise FileNotFoundError(f"no graph at {path} (run `kg build` first)")
    return path


def _store_mtime(store: Path) -> float:
    info = store / STORE_INFO
    return (info if info.exists() else store / "CURRENT").stat().st_mtime


def open_graph(path=None, backend: str = "auto"):
    """The graph at ``path`` (file, store directory or build folder), ready for ``run_query``.

    ``backend``: ``"rdflib"`` gives an rdflib Graph, ``"oxigraph"`` a
    pyoxigraph Store, ``"auto"`` rdflib for files up to ``RDFLIB_MAX_BYTES``
    and Oxigraph otherwise. A store directory is always opened read-only in
    Oxigraph (asking for rdflib then loads its triples into rdflib).
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
    path = resolve_graph(path)
    if is_store_dir(path):
        import pyoxigraph as ox

        store = ox.Store.read_only(str(path))
        return store_to_graph(store) if backend == "rdflib" else store
    if backend == "oxigraph" or (backend == "auto" and path.stat().st_size > RDFLIB_MAX_BYTES):
        return load_store(path)
    return load_graph(path)


def write_store(source, store_dir) -> Path:
    """Bulk-load a Turtle/N-Triples file into an Oxigraph store directory, atomically.

    The store is built in a temporary directory beside ``store_dir`` and
    moved into place, so an interrupted run leaves the previous store intact.
    """
    import os
    import shutil
    import tempfile

    import pyoxigraph as ox

    source, store_dir = Path(source), Path(store_dir)
    fmt = ox.RdfFormat.TURTLE if _format_of(source) == "turtle" else ox.RdfFormat.N_TRIPLES
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}.", suffix=".tmp", dir=store_dir.parent))
    try:
        store = ox.Store(str(tmp))
        store.bulk_load(path=str(source), format=fmt)
        store.optimize()
        store.flush()
        triples = len(store)
        del store  # releases RocksDB's lock before the move
        info = {"source": str(source.resolve()), "source_bytes": source.stat().st_size, "triples": triples}
        (tmp / STORE_INFO).write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        old = None
        if store_dir.exists():
            old = store_dir.with_name(f".{store_dir.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(store_dir, old)
        os.replace(tmp, store_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return store_dir


def store_info(store_dir) -> dict:
    """What ``write_store`` recorded about a store (source file, triple count), or {}."""
    info = Path(store_dir) / STORE_INFO
    return json.loads(info.read_text(encoding="utf-8")) if info.exists() else {}


def iter_triples(graph):
    """The graph's triples as rdflib terms, from an rdflib Graph or an Oxigraph store."""
    if isinstance(graph, Graph):
        yield from graph
        return
    import pyoxigraph as ox

    for quad in graph.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        yield _from_ox(quad.subject), _from_ox(quad.predicate), _from_ox(quad.object)


def store_to_graph(store) -> Graph:
    """An rdflib Graph with an Oxigraph store's default graph (for kg.analysis, pySHACL)."""
    graph = bind_prefixes(Graph(bind_namespaces="none"))
    graph.addN((s, p, o, graph) for s, p, o in iter_triples(store))
    return graph


def as_rdflib(graph) -> Graph:
    return graph if isinstance(graph, Graph) else store_to_graph(graph)


# ---------------------------------------------------------------- results as data


def to_records(result: QueryResult) -> list[dict]:
    """Rows as dicts of plain strings (None when unbound)."""
    return [dict(zip(result.variables, row)) for row in result.rows]


def to_dataframe(result: QueryResult, typed: bool = True):
    """A pandas DataFrame of the result (pandas is optional: imported here).

    With ``typed``, columns whose bound values are all xsd numbers become
    numeric; everything else stays text (None for unbound).
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_dataframe needs pandas: pip install pandas") from exc
    frame = pd.DataFrame(list(result.rows), columns=list(result.variables), dtype=object)
    if typed and result.terms:
        numeric = {str(XSD.integer), str(XSD.decimal), str(XSD.double), str(XSD.float), str(XSD.int), str(XSD.long)}
        for i, name in enumerate(result.variables):
            cells = [row[i] for row in result.terms if row[i] is not None]
            if cells and all(isinstance(t, Literal) and str(t.datatype) in numeric for t in cells):
                frame[name] = pd.to_numeric(frame[name])
    return frame


def save_result(result: QueryResult, path) -> Path:
    """Write a result as CSV (.csv), SPARQL JSON (.json) or TSV (.tsv), by extension."""
    path = Path(path)
    writers = {".csv": format_csv, ".json": format_json, ".tsv": format_tsv}
    try:
        text = writers[path.suffix.lower()](result)
    except KeyError:
        raise ValueError(f"{path}: unknown result format (expected .csv, .json or .tsv)") from None
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _tsv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = '"' + str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace(
        "\r", "\\r").replace("\t", "\\t") + '"'
    if isinstance(term, Literal):
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^<{term.datatype}>"
    return text


def format_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV results: terms in Turtle/N-Triples syntax."""
    lines = ["\t".join("?" + v for v in result.variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in result.term_rows()]
    return "\n".join(lines) + "\n"
