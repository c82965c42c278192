"""The persistent Oxigraph store (``OUT/store``): written whole, patched by a rebuild, found in a build folder.

A store directory is RocksDB's files plus ``kg-store.json`` (its source file,
its size and modification time, and the triple count). It is written in a
temporary directory beside its place and moved there, so an interrupted run
leaves the previous store intact (or none), and opened read-only by ``kg query``
and ``kg serve``, with no parsing at all.

A graph file with no build store beside it gets one on first use
(:func:`graph_store`): ``.graph.ttl.oxigraph/`` next to ``graph.ttl``, used
while the file keeps the size and modification time it was built from.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Iterable, Optional

import pyoxigraph as ox

from kg.atomic import atomic_text

# Above this many triples ``kg build`` also writes a store directory.
STORE_MIN_TRIPLES = 200_000
STORE_DIR_NAME = "store"
STORE_INFO = "kg-store.json"  # written beside RocksDB's files: source, its size and mtime, triples
CACHE_SUFFIX = ".oxigraph"  # graph.ttl -> .graph.ttl.oxigraph/, the store kg query builds on first use
# Oxigraph's bulk loader holds a whole batch of parsed quads per thread: one call on the 2.7 M triples of a
# full build peaked at 1.6 GB. The build's N-Triples (one statement a line, no blank nodes: the writer
# refuses them) is loaded this many lines at a time instead, for the same CPU time and a third of the memory.
BULK_LOAD_LINES = 400_000
# One bulk_load call runs on one core, outside the GIL: batches are loaded this many at a time (each thread
# holds one parsed batch). On two cores the full build's store loads in half the time, for the same CPU.
BULK_LOAD_THREADS = max(1, min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                               else os.cpu_count() or 1))
RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
               ".ntriples": ox.RdfFormat.N_TRIPLES}


def rdf_format(path: Path) -> ox.RdfFormat:
    fmt = RDF_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF format (expected .ttl or .nt)")
    return fmt


def is_store_dir(path) -> bool:
    """True for an Oxigraph (RocksDB) store directory."""
    path = Path(path)
    return path.is_dir() and (path / "CURRENT").is_file() and any(path.glob("MANIFEST-*"))


def _store_mtime(store: Path) -> float:
    info = store / STORE_INFO
    return (info if info.exists() else store / "CURRENT").stat().st_mtime


def resolve_graph(path=None) -> Path:
    """The graph file or store directory a user means by ``path``.

    A build folder (default ``out/``) gives its ``store/`` when there is one
    not older than its ``graph.ttl``, else its ``graph.ttl`` (or ``graph.nt``).
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


def load_store(path) -> ox.Store:
    """An in-memory Oxigraph store from a Turtle or N-Triples file: fast for large graphs."""
    store = ox.Store()
    store.bulk_load(path=str(path), format=rdf_format(Path(path)))
    return store


def open_store(path) -> ox.Store:
    """A store directory opened read-only, or a graph file loaded into memory."""
    path = Path(path)
    return ox.Store.read_only(str(path)) if path.is_dir() else load_store(path)


def _source_stamp(source: Path) -> dict:
    st = source.stat()
    return {"source_bytes": st.st_size, "source_mtime_ns": st.st_mtime_ns}


def _write_info(store_dir: Path, source: Path, triples: int) -> None:
    info = {"source": str(source.resolve()), **_source_stamp(source), "triples": triples}
    atomic_text(store_dir / STORE_INFO, json.dumps(info, ensure_ascii=False, indent=2) + "\n")


def _load_batches(store: ox.Store, batches: Iterable[bytes], threads: Optional[int] = None) -> None:
    """N-Triples batches bulk-loaded into ``store``, ``threads`` (BULK_LOAD_THREADS) at a time.

    The batches are taken one at a time under a lock (``batches`` may be a generator); the first error
    stops every thread and is raised once they are done. The store holds the same triples whatever the
    order the batches went in.
    """
    threads = BULK_LOAD_THREADS if threads is None else threads
    if threads <= 1:
        for batch in batches:
            store.bulk_load(batch, format=ox.RdfFormat.N_TRIPLES)
        return
    lock, source, errors = threading.Lock(), iter(batches), []

    def load() -> None:
        while not errors:
            try:
                with lock:
                    batch = next(source, None)
                if batch is None:
                    return
                store.bulk_load(batch, format=ox.RdfFormat.N_TRIPLES)
            except BaseException as exc:  # re-raised by the caller's thread below
                errors.append(exc)
                return

    workers = [threading.Thread(target=load, name=f"kg-bulk-load-{i}", daemon=True) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if errors:
        raise errors[0]


def _file_batches(source: Path) -> Iterable[bytes]:
    with open(source, "rb") as f:
        while True:
            batch = b"".join(itertools.islice(f, BULK_LOAD_LINES))
            if not batch:
                return
            yield batch


def _bulk_load(store: ox.Store, source: Path, fmt: ox.RdfFormat) -> None:
    """A graph file into ``store``: N-Triples in batches of lines (bounded memory), Turtle whole."""
    if fmt != ox.RdfFormat.N_TRIPLES:
        store.bulk_load(path=str(source), format=fmt)
        return
    _load_batches(store, _file_batches(source))


def write_store(source, store_dir, batches: Optional[Iterable[bytes]] = None) -> Path:
    """Bulk-load a Turtle/N-Triples file into an Oxigraph store directory, atomically.

    An N-Triples source must hold no blank nodes (a build's graph.nt never does): it is loaded in batches.
    ``batches``: the source's N-Triples text in pieces, loaded while the file is being written (a build
    feeds them from its merge, :mod:`kg.build.store_feed`); the file is only looked at after the last one.
    """
    source, store_dir = Path(source), Path(store_dir)
    fmt = rdf_format(source)
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}.", suffix=".tmp", dir=store_dir.parent))
    try:
        store = ox.Store(str(tmp))
        if batches is None:
            _bulk_load(store, source, fmt)
        else:
            _load_batches(store, batches)
        store.optimize()
        store.flush()
        triples = len(store)
        del store  # releases RocksDB's lock before the move
        _write_info(tmp, source, triples)
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


def patch_store(store_dir: Path, source: Path, removed: list[str], added: list[str], triples: int) -> None:
    """Apply a rebuild's changed N-Triples lines to a store directory, in one transaction."""
    store = ox.Store(str(store_dir))
    parts = []
    if removed:
        parts.append("DELETE DATA {\n" + "".join(removed) + "}")
    if added:
        parts.append("INSERT DATA {\n" + "".join(added) + "}")
    if parts:
        store.update(" ;\n".join(parts))
    store.flush()
    del store
    _write_info(store_dir, source, triples)


def store_info(store_dir) -> dict:
    """What ``write_store`` recorded about a store (source file, its size and mtime, triple count), or {}."""
    info = Path(store_dir) / STORE_INFO
    try:
        return json.loads(info.read_text(encoding="utf-8")) if info.exists() else {}
    except ValueError:
        return {}


def cache_dir(graph_file) -> Path:
    """Where :func:`graph_store` keeps the store of a graph file: ``.graph.ttl.oxigraph/`` beside it."""
    graph_file = Path(graph_file)
    return graph_file.with_name(f".{graph_file.name}{CACHE_SUFFIX}")


def _cache_is_current(cache: Path, graph_file: Path) -> bool:
    # the info is written before the store is moved into place: a store without it is not one to use
    info = store_info(cache) if is_store_dir(cache) else {}
    stamp = _source_stamp(graph_file)
    return bool(info) and all(info.get(k) == v for k, v in stamp.items())


def build_store_for(graph_file) -> Path:
    """The graph file's store: its build's ``store/`` when current, else its cached store, built here if needed.

    Raises OSError when the cache cannot be written (a read-only folder, a full disk).
    """
    graph_file = Path(graph_file)
    store = graph_file.parent / STORE_DIR_NAME
    if graph_file.name.startswith("graph.") and is_store_dir(store) \
            and _store_mtime(store) >= graph_file.stat().st_mtime:
        return store
    cache = cache_dir(graph_file)
    if not _cache_is_current(cache, graph_file):
        write_store(graph_file, cache)
    return cache


def graph_store(path=None) -> ox.Store:
    """The Oxigraph store to answer from for ``path`` (a graph file, store directory or build folder), read-only.

    A graph file's store is built on first use beside it (:func:`build_store_for`) and reused until
    the file changes; where it cannot be written, the file is loaded into memory instead.
    """
    path = resolve_graph(path)
    if is_store_dir(path):
        return ox.Store.read_only(str(path))
    rdf_format(path)  # an unknown extension is named before anything is written
    try:
        return ox.Store.read_only(str(build_store_for(path)))
    except OSError:
        return load_store(path)
