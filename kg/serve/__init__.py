"""``kg serve``: the read-only SPARQL endpoint (:mod:`kg.serve.http`), its query workers
(:mod:`kg.serve.workers`) and its query page (``static/sparql.html``)."""

from kg.serve.http import make_server, serve

__all__ = ["make_server", "serve"]
