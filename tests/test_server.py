"""``kg serve``: a read-only SPARQL 1.1 endpoint, queried here over real HTTP."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from rdflib import Graph

from kg.build import build
from kg.config import ServeOptions
from kg.query.formats import negotiate
from kg.query.sparql_text import classify
from kg.serve.http import make_server
from locations import CORPUS

TIMEOUT = 2.0
MAX_ROWS = 500
REGIONS = """PREFIX kg: <https://w3id.org/cngov-kg/ontology#>
SELECT ?adcode WHERE { ?r a kg:Region ; kg:adcode ?adcode } ORDER BY ?adcode"""
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # all triples, cubed
INSERT = "INSERT DATA { <https://example.org/x> <https://example.org/p> \"injected\" }"
ASK_INSERTED = "ASK { <https://example.org/x> ?p ?o }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def endpoint(seeds_out):
    out = seeds_out
    config = ServeOptions(timeout=TIMEOUT, max_rows=MAX_ROWS, queue_wait=30)
    server = make_server(out, "127.0.0.1", 0, workers=2, config=config, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", server
    server.shutdown()
    server.server_close()


def request(url, data=None, headers=None, method=None):
    """(status, headers, body text) of one HTTP request; errors are answers too."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8")


def get(base, query, accept=None, **params):
    qs = urllib.parse.urlencode({"query": query, **params})
    return request(f"{base[0]}/sparql?{qs}", headers={"Accept": accept} if accept else {})


def count_triples(base) -> int:
    status, _, body = get(base, COUNT)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_a_select_answers_with_sparql_json(endpoint):
    status, headers, body = get(endpoint, REGIONS)
    assert status == 200
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    doc = json.loads(body)
    assert doc["head"]["vars"] == ["adcode"]
    codes = [b["adcode"]["value"] for b in doc["results"]["bindings"]]
    assert {"500114", "421300", "620700"} <= set(codes)  # 黔江区, 随州市, 张掖市
    assert headers["X-Result-Truncated"] == "false"
    assert "Access-Control-Allow-Origin" not in headers  # no CORS unless asked


def test_post_as_form_and_as_sparql_query_body(endpoint):
    base = endpoint[0]
    form = urllib.parse.urlencode({"query": REGIONS}).encode()
    s1, _, b1 = request(f"{base}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    s2, _, b2 = request(f"{base}/sparql", REGIONS.encode(), {"Content-Type": "application/sparql-query"})
    assert s1 == s2 == 200 and json.loads(b1) == json.loads(b2)


def test_content_negotiation_csv_tsv_xml_and_turtle(endpoint):
    status, headers, body = get(endpoint, REGIONS, "text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["adcode"] and ["500114"] in rows
    status, _, body = get(endpoint, REGIONS, "text/tab-separated-values")
    assert body.splitlines()[0] == "?adcode" and '"500114"' in body.splitlines()
    status, headers, body = get(endpoint, REGIONS, "application/sparql-results+xml")
    assert "<literal>500114</literal>" in body
    construct = ("PREFIX kg: <https://w3id.org/cngov-kg/ontology#> "
                 "CONSTRUCT { ?r kg:adcode ?c } WHERE { ?r kg:adcode ?c }")
    status, headers, body = get(endpoint, construct, "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) == int(headers["X-Result-Rows"]) > 10
    status, _, _ = get(endpoint, REGIONS, "image/png")
    assert status == 406


def test_updates_are_refused_and_change_nothing(endpoint):
    base = endpoint[0]
    before = count_triples(endpoint)
    attempts = [
        request(f"{base}/sparql", INSERT.encode(), {"Content-Type": "application/sparql-update"}),
        request(f"{base}/sparql", urllib.parse.urlencode({"update": INSERT}).encode(),
                {"Content-Type": "application/x-www-form-urlencoded"}),
        get(endpoint, INSERT),  # an update sent as a query
        get(endpoint, "PREFIX ex: <https://example.org/>\n# a comment\n" + INSERT),
        request(f"{base}/update", INSERT.encode(), {"Content-Type": "application/sparql-update"}),
    ]
    for status, _, body in attempts:
        assert status == 403, body
        assert "read-only" in body
    status, _, body = get(endpoint, ASK_INSERTED)
    assert status == 200 and json.loads(body)["boolean"] is False
    assert count_triples(endpoint) == before


def test_a_runaway_query_is_stopped_and_the_server_recovers(endpoint):
    started = time.monotonic()
    status, _, body = get(endpoint, RUNAWAY)
    elapsed = time.monotonic() - started
    assert status == 503 and "stopped" in body
    assert TIMEOUT <= elapsed < TIMEOUT + 3
    status, _, _ = get(endpoint, REGIONS)  # answered while the killed worker is replaced
    assert status == 200


def test_fifty_concurrent_clients_all_get_answers_while_a_slow_query_runs(endpoint):
    slow = ThreadPoolExecutor(1).submit(get, endpoint, RUNAWAY)
    time.sleep(0.2)
    with ThreadPoolExecutor(50) as pool:
        answers = list(pool.map(lambda _: get(endpoint, REGIONS), range(50)))
    assert [a[0] for a in answers] == [200] * 50
    assert len({a[2] for a in answers}) == 1  # all the same answer
    assert slow.result()[0] == 503


def test_results_are_capped_and_the_response_says_so(endpoint):
    status, headers, body = get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    assert headers["X-Result-Truncated"] == "true" and headers["X-Max-Rows"] == str(MAX_ROWS)


def test_service_calls_to_other_hosts_are_refused(endpoint):
    status, _, body = get(endpoint, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert status == 403 and "--allow-service" in body


def test_syntax_errors_are_400(endpoint):
    status, _, body = get(endpoint, "SELECT ?x WHERE { ?x")
    assert status == 400 and "syntax" in body


def test_a_shipped_query_binds_its_parameter_safely(endpoint):
    base = endpoint[0]
    qs = urllib.parse.urlencode({"practice_label": "雪亮工程", "format": "csv"})
    status, _, body = request(f"{base}/queries/practice_regions?{qs}")
    assert status == 200 and "500114,重庆市黔江区,雪亮工程" in body
    qs = urllib.parse.urlencode({"practice_label": '雪亮工程" } UNION { ?p ?q ?r } #'})
    status, _, body = request(f"{base}/queries/practice_regions?{qs}")
    assert status == 200 and json.loads(body)["results"]["bindings"] == []
    status, _, body = request(f"{base}/queries")
    assert "practice_regions" in {q["name"] for q in json.loads(body)}
    assert {q["name"]: q["options"] for q in json.loads(body)}["practice_map"] == ["level", "until"]
    # an option may be left out (the query's default, province) or given
    for level, adcode in (("", "620000"), ("prefecture", "620700")):
        qs = urllib.parse.urlencode({"practice_label": "雪亮工程", "level": level, "format": "csv"})
        status, _, body = request(f"{base}/queries/practice_map?{qs}")
        assert status == 200 and f"\n{adcode}," in body


def test_unencoded_utf8_in_the_query_string_is_decoded(endpoint):
    import socket

    host, port = urllib.parse.urlsplit(endpoint[0]).netloc.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall("GET /queries/practice_regions?practice_label=雪亮工程&format=csv HTTP/1.1\r\n".encode("utf-8")
                  + f"Host: {host}:{port}\r\nConnection: close\r\n\r\n".encode("ascii"))
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 200") and "500114,重庆市黔江区,雪亮工程" in reply.decode("utf-8")


def test_construct_turtle_has_only_the_prefixes_it_uses_sorted(endpoint):
    status, _, body = get(endpoint, "CONSTRUCT { ?r a ?t } WHERE { ?r a ?t } LIMIT 3", accept="text/turtle")
    assert status == 200
    prefixes = [line for line in body.splitlines() if line.startswith("@prefix")]
    assert prefixes == sorted(prefixes) and len(prefixes) <= 6, prefixes


def test_the_query_page_is_self_contained(endpoint):
    status, headers, body = request(endpoint[0] + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<textarea" in body and "fetch(" in body
    for external in ("src=", "<link", "@import", "url(", "href="):  # nothing loaded from elsewhere
        assert external not in body
    assert "innerHTML" not in body  # results are shown as text, never as markup
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_requests_for_another_host_name_are_refused(endpoint):
    status, _, _ = request(endpoint[0] + "/sparql?query=ASK%7B%7D", headers={"Host": "evil.example:80"})
    assert status == 403


def test_cors_header_only_when_configured(endpoint):
    base, server = endpoint
    server.RequestHandlerClass.config.cors = "http://localhost:8888"
    try:
        _, headers, _ = get(endpoint, "ASK {}")
        assert headers["Access-Control-Allow-Origin"] == "http://localhost:8888"
    finally:
        server.RequestHandlerClass.config.cors = None


def test_query_forms_and_negotiation_without_a_server():
    assert classify("PREFIX a: <x:> SELECT ?insert WHERE { ?s a:DELETE \"INSERT\" }") == ("SELECT", False)
    assert classify("# SELECT\nDELETE WHERE { ?s ?p ?o }")[0] == "UPDATE"
    assert classify("select * { service <http://x/> { ?s ?p ?o } }") == ("SELECT", True)
    assert negotiate("SELECT", "text/csv;q=0.5, application/sparql-results+xml") == "application/sparql-results+xml"
    assert negotiate("CONSTRUCT", "*/*") == "text/turtle"
    assert negotiate("ASK", None, "json") == "application/sparql-results+json"
