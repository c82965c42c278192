"""rdflib's SPARQL joins by hash: the shipped dumps' sub-selects answer as fast in rdflib as in one pattern.

The evaluation dumps (``evidence``, ``regions``, ``metrics`` …) read each pattern in a sub-select of
its own so that Oxigraph joins them by hash. rdflib evaluates a join of two parts that are not both
plain patterns by comparing every solution of one with every solution of the other (its
``evalJoin``: ``for x in a: for y in b``), which on a few thousand facts took 30 s instead of 1 s.
:func:`join_by_hash`, registered as an rdflib custom evaluation only while kg runs a query
(:func:`hash_joins`: other rdflib users in the process, pyshacl say, keep rdflib's own joins),
answers those joins by looking the right side's solutions up by the variables they all bind.

The solutions are the same ones rdflib gives (its right side is a set, so is this one's); only the
order in which a join yields them may differ, and the shipped queries all say their order.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from contextlib import contextmanager

from rdflib.plugins.sparql import CUSTOM_EVALS
from rdflib.plugins.sparql.evaluate import evalPart

NAME = "kg_join_by_hash"


def join_by_hash(ctx, part):
    """A ``Join`` rdflib would evaluate by nested loops, by hash; anything else left to rdflib."""
    if part.name != "Join" or part.lazy:  # a lazy join binds the left side's values into the right: fast
        raise NotImplementedError
    return _probe(evalPart(ctx, part.p1), set(evalPart(ctx, part.p2)))


def _probe(left, right):
    right = list(right)
    if not right:
        return
    # a variable unbound in some right solution (OPTIONAL) cannot be a key: compatible() still checks it
    common = frozenset.intersection(*(frozenset(r) for r in right))
    indexes: dict[tuple, dict] = {}  # by the key variables a left solution binds
    for x in left:
        keys = tuple(sorted(k for k in common if k in x))
        index = indexes.get(keys)
        if index is None:
            index = indexes[keys] = defaultdict(list)
            for r in right:
                index[tuple(r[k] for k in keys)].append(r)
        for y in index.get(tuple(x[k] for k in keys), ()):
            if x.compatible(y):
                yield x.merge(y)


_lock = threading.Lock()
_depth = 0  # nested or concurrent kg queries: registered while any runs


@contextmanager
def hash_joins():
    """rdflib joins by hash for the queries run inside this block."""
    global _depth
    with _lock:
        _depth += 1
        CUSTOM_EVALS[NAME] = join_by_hash
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if not _depth:
                CUSTOM_EVALS.pop(NAME, None)
