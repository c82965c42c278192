"""``kg serve``: the read-only SPARQL endpoint (:mod:`kg.serve.http`), its query workers
(:mod:`kg.serve.workers`, which import pyoxigraph and little else) and its query page
(``static/sparql.html``)."""
