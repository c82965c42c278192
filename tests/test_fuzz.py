"""Property-based tests: whatever comes in, the reader and the extractors neither crash nor lie.

Hypothesis feeds random bytes, random Unicode, random mixtures of the seeds'
sentences (cut anywhere, glued with odd characters, sometimes in traditional
characters) and random JSON Lines, valid and broken. For every input:

- the reader returns Documents or SkippedInputs, never raises, and never hands
  on a lone surrogate;
- every sentence, mention and evidence offset points at the text it claims
  (``document.text[start:end]``);
- the document's triples, written as Turtle and as N-Triples, parse in Oxigraph.

Example counts are bounded (``derandomize`` keeps CI runs identical).
"""

from __future__ import annotations

import gzip
import json
import re
import tempfile
from functools import lru_cache
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.text import clean
from kg.extract import Pipeline
from kg.model import Document, SkippedInput
from kg.text.normalize import normalize
from kg.rdf.mapping import facts_to_triples
from kg.rdf.writer import write_ntriples, write_turtle
from kg.text.decode import decode_bytes
from kg.text.reader import iter_documents
from locations import ROOT, lexicons

pytestmark = pytest.mark.slow

SEED_LINES = sorted({line.strip() for seed in sorted((ROOT / "corpus").glob("*.txt"))
                     for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()})

FUZZ = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEW = settings(FUZZ, max_examples=50)

# Characters that break naive code: sentence ends, quotes, brackets, line and
# paragraph separators, control characters, BOMs, full-width forms, surrogates.
AWKWARD = list("。！？；!?;，、“”‘’「」『』（）()【】《》<>&\"'\\—…\n\r\t \u3000\u2028\u2029\u0085\x0b\x0c"
               "\x00\x01\x1b\x7f\ufeff\u200b\ufffdＡ１２３．％年月日万亿县区市镇村街道社区省")
SURROGATES = ["\ud800", "\udfff", "\udc80"]
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


@lru_cache(maxsize=1)
def pipeline() -> Pipeline:
    return Pipeline.load()


@lru_cache(maxsize=1)
def to_traditional():
    import opencc

    return opencc.OpenCC("s2t").convert


# ---------------------------------------------------------------- strategies

awkward_text = st.text(alphabet=st.sampled_from(AWKWARD + SURROGATES), max_size=30)
any_text = st.text(max_size=300)  # all of Unicode, surrogates excluded
seed_line = st.sampled_from(SEED_LINES)


@st.composite
def seed_line_piece(draw) -> str:
    line = draw(seed_line)
    if draw(st.booleans()):
        a = draw(st.integers(0, len(line)))
        b = draw(st.integers(a, len(line)))
        line = line[a:b]
    return line


@st.composite
def seed_mixture(draw) -> str:
    """Seed sentences, cut anywhere, glued with awkward characters; sometimes traditional."""
    parts = draw(st.lists(st.one_of(seed_line_piece(), seed_line_piece(), awkward_text), min_size=1, max_size=8))
    text = draw(st.sampled_from(["\n", "", "。", " ", "\r\n"])).join(parts)
    if draw(st.booleans()) and not has_surrogate(text):  # OpenCC cannot take surrogates
        converted = to_traditional()(text)
        if len(converted) == len(text):  # phrase conversions that change length are not what we test
            text = converted
    return text


article_text = st.one_of(seed_mixture(), seed_mixture(), any_text, awkward_text,
                         st.lists(st.one_of(any_text, seed_line), max_size=4).map("".join))


# ---------------------------------------------------------------- checks


def has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def check_document(doc: Document) -> None:
    assert doc.text.strip()
    for value in (doc.text, doc.doc_id, doc.title or "", doc.url or "", doc.date or ""):
        assert not has_surrogate(value)


def check_offsets(document: Document):
    """Extract, check every offset, and return the facts."""
    text = document.text
    prepared = clean.prepare(document, lexicons().boilerplate)
    assert len(prepared.norm) == len(text)
    previous_end = 0
    for i, s in enumerate(prepared.sentences):
        assert s.index == i and previous_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        previous_end = s.end
    facts = pipeline().extract_prepared(prepared)
    assert facts.document.text == text
    for m in facts.regions + facts.practices:
        assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.surface, m
        assert prepared.sentences[m.sentence].start <= m.start and m.end <= prepared.sentences[m.sentence].end
    evidence = [x.evidence for x in facts.links + facts.metrics + facts.organizations + facts.local_practices]
    for ev in evidence:
        assert ev.doc_id == document.doc_id
        assert text[ev.start : ev.end] == ev.quote, ev
        assert text[ev.sentence_start : ev.sentence_end] == ev.sentence, ev
        assert ev.sentence_start <= ev.start <= ev.end <= ev.sentence_end, ev
    for place in facts.places:
        # A unit's place word (南华 of 南华法庭) may be named by its full form (南华镇) when the text has it.
        written = normalize(text[place.start : place.end])
        assert written and normalize(place.name).startswith(written), place
    return facts


def check_turtle(facts) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ttl = write_turtle(facts_to_triples(facts, pipeline().gazetteer, pipeline().lexicons.org_types), Path(tmp) / "graph.ttl")
        nt = write_ntriples(facts_to_triples(facts, pipeline().gazetteer, pipeline().lexicons.org_types), Path(tmp) / "graph.nt")
        from_ttl = list(pyoxigraph.parse(path=str(ttl), format=pyoxigraph.RdfFormat.TURTLE))
        from_nt = list(pyoxigraph.parse(path=str(nt), format=pyoxigraph.RdfFormat.N_TRIPLES))
    assert set(from_ttl) == set(from_nt) and from_ttl
    for triple in from_ttl:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, pyoxigraph.NamedNode):
                assert term.value.isascii(), term


# ---------------------------------------------------------------- the reader


@FUZZ
@given(st.binary(max_size=3000))
def test_any_bytes_decode_to_text_or_a_reason(data):
    text, why = decode_bytes(data)
    assert isinstance(why, str) and why
    if text is not None:
        assert not has_surrogate(text)


@FUZZ
@given(seed_mixture(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "gb18030"]))
def test_seed_text_round_trips_through_every_supported_encoding(text, encoding):
    text = text.replace("\ufeff", "").replace("\x00", "")
    if not text.strip() or has_surrogate(text) or CONTROL.search(text):
        return  # control characters make a file "binary"; that is another test
    data = b"\xfe\xff" + text.encode("utf-16-be") if encoding == "utf-16-be-bom" else text.encode(encoding)
    if encoding == "gb18030" and len(data) < 40:
        return  # a few GB18030 bytes are often valid Big5 as well: too short to tell
    decoded, why = decode_bytes(data)
    assert decoded == text, (encoding, why)


@FEW
@given(st.binary(max_size=2000), st.sampled_from(["a.txt", "a.html", "a.jsonl", "a.jsonl.gz", "a.htm"]),
       st.booleans())
def test_any_file_is_read_or_reported(data, name, compress):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(gzip.compress(data, mtime=0) if name.endswith(".gz") and compress else data)
        items = list(iter_documents([path]))
    for item in items:
        assert isinstance(item, (Document, SkippedInput))
        if isinstance(item, Document):
            check_document(item)
        else:
            assert item.reason and item.source.startswith(str(path))


# ---------------------------------------------------------------- the extractors


@FUZZ
@given(article_text)
def test_extraction_offsets_hold_and_triples_parse(text):
    if not text.strip():
        return
    facts = check_offsets(Document(doc_id="fuzz.txt", text=text, source="fuzz"))
    check_turtle(facts)


@FEW
@given(st.lists(seed_line, min_size=3, max_size=12), st.booleans())
def test_whole_articles_of_seed_sentences(lines, traditional):
    text = "\n".join(lines)
    if traditional:
        converted = to_traditional()(text)
        text = converted if len(converted) == len(text) else text
    facts = check_offsets(Document(doc_id="mix.txt", text=text, source="fuzz"))
    check_turtle(facts)


# ---------------------------------------------------------------- JSON Lines


json_value = st.one_of(st.none(), st.integers(), any_text, awkward_text, st.lists(st.integers(), max_size=2))
record = st.fixed_dictionaries(
    {"text": st.one_of(article_text, seed_mixture(), json_value)},
    optional={
        "id": st.one_of(any_text, awkward_text, st.integers()),
        "title": st.one_of(any_text, awkward_text, json_value),
        "date": st.one_of(st.sampled_from(["2022-05-23", "2022年5月23日", "20220523", "2022-02-30", "昨天"]), json_value),
        "url": st.one_of(st.sampled_from(["https://example.org/a b?q=<x>#f#g", "http://x/%zz[1]", "javascript:alert(1)",
                                          "http://[bad/", "https://例子.中国/路径"]), any_text),
    },
)


@st.composite
def jsonl_line(draw) -> bytes:
    kind = draw(st.sampled_from(["record", "record", "record", "garbage", "cut", "blank", "surrogate", "deep"]))
    if kind == "deep":  # nesting and number sizes that the JSON decoder itself chokes on
        n = draw(st.sampled_from([3, 2000, 50_000]))
        return draw(st.sampled_from([b"[" * n + b"]" * n, b'{"text": "x", "id": ' + b"7" * n + b"}"]))
    if kind == "garbage":
        return draw(st.binary(max_size=80)).replace(b"\n", b" ")
    if kind == "blank":
        return b"  "
    line = json.dumps(draw(record), ensure_ascii=draw(st.booleans())).encode("utf-8", errors="surrogatepass")
    if kind == "cut":
        return line[: draw(st.integers(0, max(0, len(line) - 1)))]
    if kind == "surrogate":  # a lone surrogate as a JSON escape: valid JSON, not valid Unicode
        return json.dumps({"id": "s", "title": "\ud800", "text": draw(seed_line) + "\udc00"}).encode("ascii")
    return line


@FEW
@given(st.lists(jsonl_line(), min_size=1, max_size=5), st.booleans())
def test_json_lines_good_lines_are_built_and_bad_ones_reported(lines, gz):
    data = b"\n".join(lines) + b"\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("news.jsonl.gz" if gz else "news.jsonl")
        path.write_bytes(gzip.compress(data, mtime=0) if gz else data)
        items = list(iter_documents([path]))
    # One item per line that is not blank (a cut line may be blank), each naming its line.
    expected = [n for n, line in enumerate(data.split(b"\n")[:-1], start=1)
                if line.strip() and not (n == 1 and line.strip() == b"\xef\xbb\xbf")]
    assert [item.source for item in items] == [f"{path}:{n}" for n in expected]
    for item in items:
        if isinstance(item, SkippedInput):
            assert item.reason
            continue
        check_document(item)
        check_turtle(check_offsets(item))
