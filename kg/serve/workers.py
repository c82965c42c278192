"""The endpoint's query workers: processes that each hold the graph, one query at a time.

Oxigraph cannot cancel a running query, and a thread cannot be killed, so a
query past its deadline is stopped by killing its worker (HTTP 503); a fresh
worker takes its place. Workers open a store directory read-only, or load a
graph file into memory; they call only ``Store.query``, which cannot run an
update. Each worker's address space is capped (``worker_memory_mb``): a query
that needs more fails in its worker, not on the machine.
"""

from __future__ import annotations

import multiprocessing
import queue
import resource
import sys
import threading
from itertools import islice
from typing import Mapping, Optional

import pyoxigraph as ox

from kg.query.formats import serialize_boolean, serialize_graph, serialize_solutions
from kg.query.store import open_store


def execute(store: ox.Store, query: str, media: str, max_rows: int,
            prefixes: Optional[Mapping[str, str]] = None) -> tuple[bytes, int, bool]:
    """Run a query on an Oxigraph store: (body, rows or triples sent, truncated); ``prefixes`` for graph results."""
    result = store.query(query)
    if isinstance(result, ox.QueryBoolean):
        return serialize_boolean(result, media), 1, False
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [[s[v] for v in variables] for s in islice(result, max_rows + 1)]
        truncated = len(rows) > max_rows
        rows = rows[:max_rows]
        return serialize_solutions(variables, rows, media), len(rows), truncated
    triples = list(islice(result, max_rows + 1))
    truncated = len(triples) > max_rows
    return serialize_graph(triples[:max_rows], media, prefixes), min(len(triples), max_rows), truncated


def _limit_memory(megabytes: int) -> None:
    """Cap this process's address space: a query that would grow past it fails here, not the machine."""
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _worker_main(conn, source: str, memory_mb: int = 0, prefixes: Optional[dict] = None) -> None:
    """A worker process: open the graph, then answer (query, media, max_rows) messages."""
    try:
        _limit_memory(memory_mb)
        store = open_store(source)
        conn.send(("ready", len(store)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        query, media, max_rows = message
        try:
            conn.send(("ok",) + execute(store, query, media, max_rows, prefixes))
        except SyntaxError as exc:
            conn.send(("error", 400, f"query syntax error: {exc}"))
        except MemoryError:
            conn.send(("error", 503, f"query stopped: it needed more than the worker's {memory_mb} MB "
                                     "(--worker-memory)"))
        except Exception as exc:  # noqa: BLE001 - any query failure is the client's answer
            conn.send(("error", 400, f"query failed: {type(exc).__name__}: {exc}"))


class QueryTimeout(Exception):
    pass


class ServerBusy(Exception):
    pass


class QueryError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class _Worker:
    def __init__(self, ctx, source: str, memory_mb: int = 0, prefixes: Optional[dict] = None):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, source, memory_mb, prefixes), daemon=True,
                                   name="kg-sparql-worker")
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> int:
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError(f"worker did not load the graph within {timeout:.0f} s")
        status, detail = self.conn.recv()
        if status != "ready":
            self.kill()
            raise RuntimeError(f"worker could not open the graph: {detail}")
        return detail

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(5)
        finally:
            self.conn.close()


class WorkerPool:
    """Worker processes that each hold the graph; a query past its deadline kills its worker."""

    def __init__(self, source, workers: int = 2, load_timeout: float = 600.0, memory_mb: int = 0,
                 prefixes: Optional[Mapping[str, str]] = None):
        """``prefixes``: for Turtle and RDF/XML answers (the project's; passed in, so workers need not import rdflib)."""
        self.source = str(source)
        self.prefixes = dict(prefixes) if prefixes else None
        self.size = max(1, workers)
        self.load_timeout = load_timeout
        self.memory_mb = memory_mb
        # Queries still running after ``long_after`` s take one of these slots: one worker
        # (of two or more) is always left for the others, so heavy queries cannot starve them.
        self._long_slots = threading.Semaphore(max(1, self.size - 1))
        self._ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._idle: "queue.Queue[_Worker]" = queue.Queue()
        self._closed = False
        self._all: set = set()
        self._lock = threading.Lock()
        self.triples = 0
        started = [self._spawn() for _ in range(self.size)]
        for w in started:
            self.triples = w.wait_ready(load_timeout)
            self._idle.put(w)

    def _spawn(self) -> _Worker:
        w = _Worker(self._ctx, self.source, self.memory_mb, self.prefixes)
        with self._lock:
            self._all.add(w)
        return w

    def _replace(self, dead: _Worker) -> None:
        with self._lock:
            self._all.discard(dead)
        if self._closed:
            return

        def start():
            w = self._spawn()
            try:
                w.wait_ready(self.load_timeout)
            except RuntimeError as exc:
                print(f"kg serve: {exc}", file=sys.stderr)
                with self._lock:
                    self._all.discard(w)
                return
            self._idle.put(w)

        threading.Thread(target=start, daemon=True).start()

    def _stop(self, worker: _Worker) -> None:
        worker.kill()  # the only way to stop an Oxigraph query
        self._replace(worker)

    def run(self, query: str, media: str, max_rows: int, timeout: float, wait: float,
            long_after: Optional[float] = None):
        """Run one query on a free worker. Past ``long_after`` s it needs a long-query slot
        (there are workers - 1): without one it is stopped, so a worker frees up for others."""
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise ServerBusy(f"every worker stayed busy for {wait:.0f} s") from None
        first = timeout if long_after is None else min(long_after, timeout)
        slot = False
        try:
            worker.conn.send((query, media, max_rows))
            if not worker.conn.poll(first):
                if first < timeout:
                    slot = self._long_slots.acquire(blocking=False)
                    if not slot:
                        self._stop(worker)
                        worker = None
                        raise ServerBusy(f"query stopped after {first:g} s: the other workers are busy with long "
                                         "queries and one is kept for short ones; retry later")
                if first >= timeout or not worker.conn.poll(timeout - first):
                    self._stop(worker)
                    worker = None
                    raise QueryTimeout(f"query stopped after {timeout:g} s (server timeout)")
            reply = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            if worker is not None:
                self._stop(worker)
                worker = None
            raise QueryError(503, f"query stopped: its worker ran out of memory or died "
                                  f"(each worker may use {self.memory_mb or 'unlimited'} MB, --worker-memory)") from None
        finally:
            if slot:
                self._long_slots.release()
            if worker is not None:
                self._idle.put(worker)
        if reply[0] == "error":
            raise QueryError(reply[1], reply[2])
        return reply[1:]

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            try:
                w.kill()
            except Exception:  # noqa: BLE001
                pass
