"""Nothing lost, nothing injected: bad inputs, good inputs in odd encodings, hostile text.

Every test drives the real command line in-process (``kg.cli.main``) on a
folder it makes itself: the five seeds plus files a real crawl produces (cut
downloads, binaries named .txt, pages in GBK or Big5, broken JSON Lines) and
articles written to break the output (markup, quotes, control characters,
lone surrogates in names).

Exit statuses of ``kg build`` (see kg/cli.py): 0 all built, 1 nothing could be
read, 2 built but something was skipped, 3 something was skipped and --strict.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import shutil
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from kg.cli import main
from kg.text.reader import DEFAULT_MAX_BYTES
from locations import ROOT

SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
SMALL_SEED = min(SEEDS, key=lambda p: p.stat().st_size)  # 巴州区 (巴中): re-encoded copies of it stay cheap
KGR = "https://w3id.org/cngov-kg/id/"
SCHEMA_MENTIONS = "https://schema.org/mentions"

# Real sentences from the seeds (曾都区 in 随州, 黔江区), used to carry hostile text.
ZENGDU = "曾都区以社会治理向基层末端延伸为突破口,探索“家常点”“365工作法”等更多具有曾都特点的基层社会治理经验。"
QIANJIANG = "创新推进基于“城市大脑”的“雪亮工程”建设。"


def kg_build(out: Path, *inputs, html: bool = False, strict: bool = False) -> tuple[int, dict]:
    argv = ["build", "-q", "-j", "1", "--no-cache", "-o", str(out)]
    argv += [] if html else ["--no-html"]
    argv += ["--strict"] if strict else []
    status = main(argv + [str(i) for i in inputs])
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return status, report


def copy_seeds(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS:
        shutil.copyfile(seed, folder / seed.name)
    return folder


def seed_text(path: Path = SMALL_SEED) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seeds_only(tmp_path_factory):
    """The reference: the five seeds alone."""
    base = tmp_path_factory.mktemp("seeds")
    status, report = kg_build(base / "out", copy_seeds(base / "in"))
    assert status == 0 and report["skipped"] == []
    return base / "out"


# ---------------------------------------------------------------- bad inputs


def cut_mid_character(data: bytes, at: int, width: int) -> bytes:
    """``data`` cut inside the first ``width``-byte character that starts at or after ``at``."""
    text = data.decode("utf-8") if width != 2 else data.decode("gb18030")
    encoding = "utf-8" if width != 2 else "gb18030"
    prefix = b""
    for char in text:
        piece = char.encode(encoding)
        if len(prefix) >= at and len(piece) == width:
            return prefix + piece[:1]
        prefix += piece
    raise AssertionError("no such character")


def write_bad_inputs(folder: Path, *, duplicate: bool = True) -> dict[str, str]:
    """Files a crawl leaves behind; returns {skipped source: what its reason must say}.

    ``duplicate``: add a JSON line that reuses a seed's id (bad only next to the seeds).
    """
    folder.mkdir(parents=True, exist_ok=True)
    text = seed_text()
    expected: dict[str, str] = {}

    def put(name: str, data: bytes, reason: str) -> None:
        (folder / name).write_bytes(data)
        expected[str(folder / name)] = reason

    put("cut-utf8.txt", cut_mid_character(text.encode("utf-8"), 3000, 3),
        "truncated: the file ends in the middle of a UTF-8 character")
    put("cut-gbk.txt", cut_mid_character(text[:1500].encode("gb18030"), 1000, 2),
        "truncated: the file ends in the middle of a gb18030 character")
    put("cut-utf16.txt", text[:500].encode("utf-16")[:-1], "truncated: the file ends in the middle of a utf-16 character")
    put("empty.txt", b"", "empty file")
    put("blank.txt", b" \r\n\t\n", "empty file")
    put("spaces.txt", "\u3000\n\u3000\u3000\n".encode("utf-8"), "no text")  # ideographic spaces are nothing too
    put("program.txt", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 16, "binary file (contains NUL bytes)")
    noise = random.Random(7)
    put("random.txt", bytes(noise.randrange(1, 256) for _ in range(4096)), "undecodable")
    put("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "binary file (PDF)")
    put("archive.txt", gzip.compress(text.encode("utf-8"), mtime=0), "binary file (gzip)")
    put("terminal.txt", b"\x1b[31m\x01\x02\x03\x04\x05\x06\x07\x08 red \x0e\x0f" * 50, "binary file (control characters)")
    put("latin1.txt", ("Le garde des Sceaux a présenté la réforme de la procédure pénale. " * 30).encode("cp1252"),
        "undecodable: not UTF-8, UTF-16, GB18030 or Big5 text")
    put("furniture.html",
        "<html><head><title>首页</title><style>p{color:red}</style></head><body>"
        "<nav>首页 &gt; 长安要闻</nav><script>document.write('平安建设')</script>"
        "<header>巴中长安网</header><footer>版权所有</footer></body></html>".encode("utf-8"),
        "no text in HTML body")
    # 200,000 nested <div>s: the HTML parser would take minutes over it.
    put("nested.html", ("<div>" * 200_000 + "巴州区" + "</div>" * 200_000).encode("utf-8"),
        "HTML nested too deeply (more than 5000 levels)")
    # A JSON Lines file with nothing good in it, one kind of breakage per line.
    broken = folder / "broken.jsonl"
    lines = [
        b'{"id": "cut", "text": "\xe5\xb7\xb4\xe5\xb7\x9e',
        b"[1, 2, 3]",
        b'{"id": "untitled", "title": "no text"}',
        b'{"id": "gbk", "text": "' + "巴州区".encode("gbk") + b'"}',
        b"[" * 100_000 + b"]" * 100_000,  # once crashed the reader (RecursionError)
        b'{"id": ' + b"9" * 5000 + b', "text": "\xe5\xb7\xb4"}',  # once crashed it too (int digit limit)
    ]
    reasons = ["malformed JSON on line 1", "line 2 is not a JSON object", "line 3 has no text", "line 4 is not UTF-8",
               "line 5 is nested too deeply to read as JSON", "malformed JSON on line 6: Exceeds the limit"]
    if duplicate:  # the id of a seed: it must not graft new text onto the seed's document
        lines.append(json.dumps({"id": SMALL_SEED.name, "text": QIANJIANG}, ensure_ascii=False).encode("utf-8"))
        reasons.append(f"duplicate document id '{SMALL_SEED.name}'")
    broken.write_bytes(b"\n".join(lines) + b"\n")
    for line, reason in enumerate(reasons, start=1):
        expected[f"{broken}:{line}"] = reason
    # A download cut before the end of its first record.
    record = json.dumps({"id": "whole-article", "text": text}, ensure_ascii=False).encode("utf-8")
    packed = gzip.compress(record + b"\n", mtime=0)
    put("cut.jsonl.gz", packed[: len(packed) // 2], "unreadable at the start")
    # Over the size limit (a sparse file: nothing is really written).
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(DEFAULT_MAX_BYTES + 1)
    expected[str(folder / "huge.txt")] = f"file too large: {DEFAULT_MAX_BYTES + 1} bytes > max_bytes={DEFAULT_MAX_BYTES}"
    return expected


def test_seeds_plus_bad_files_build_exactly_the_seeds_graph(tmp_path, seeds_only, capsys):
    folder = copy_seeds(tmp_path / "in")
    expected = write_bad_inputs(folder / "crawl")
    # Named explicitly: a path that does not exist, and a file of a type the reader does not take.
    missing, docx = tmp_path / "missing.txt", tmp_path / "notes.docx"
    docx.write_bytes(b"PK\x03\x04 not an article")
    expected[str(missing)] = "no such file or directory"
    expected[str(docx)] = "unsupported file type"

    status, report = kg_build(tmp_path / "out", folder, missing, docx)

    assert status == 2  # built, with skips
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (seeds_only / "graph.ttl").read_bytes()
    assert (tmp_path / "out" / "graph.nt").read_bytes() == (seeds_only / "graph.nt").read_bytes()
    assert report["built"] == [p.name for p in SEEDS]
    reasons = {s["source"]: s["reason"] for s in report["skipped"]}
    assert sorted(reasons) == sorted(expected)
    for source, reason in expected.items():
        assert reason in reasons[source], (source, reasons[source])
    printed = capsys.readouterr().out
    assert f"skipped: {len(expected)}" in printed
    assert all(f"{source}: {reasons[source]}" in printed for source in expected)


def test_an_endless_line_in_a_gzip_is_skipped_without_holding_it_in_memory(tmp_path):
    import tracemalloc
    import zlib

    from kg.text.reader import iter_documents

    path = tmp_path / "bomb.jsonl.gz"
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip framing
    with path.open("wb") as out:
        out.write(packer.compress(json.dumps({"id": "before", "text": QIANJIANG}, ensure_ascii=False).encode() + b"\n"))
        for _ in range(50):  # 50 MB of one line, in a file of 50 kB
            out.write(packer.compress(bytes(1 << 20)))
        out.write(packer.compress(b"\n" + json.dumps({"id": "after", "text": QIANJIANG}).encode() + b"\n"))
        out.write(packer.flush())
    tracemalloc.start()
    try:
        items = list(iter_documents([path], max_bytes=1_000_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [getattr(i, "doc_id", None) for i in items] == ["before", None, "after"]
    assert items[1].reason == f"line 2 too large: {50 * (1 << 20) + 1} bytes > max_bytes=1000000"
    assert peak < 10_000_000


def test_strict_fails_on_any_skip_and_nothing_readable_fails(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(SMALL_SEED, folder / SMALL_SEED.name)
    (folder / "empty.txt").write_bytes(b"")
    status, report = kg_build(tmp_path / "strict", folder, strict=True)
    assert status == 3
    assert report["built"] == [SMALL_SEED.name]  # the graph is still written
    assert report["skipped"] == [{"source": str(folder / "empty.txt"), "reason": "empty file"}]

    only_bad = write_bad_inputs(tmp_path / "bad", duplicate=False)
    capsys.readouterr()
    status = main(["build", "-q", "-j", "1", "--no-cache", "--no-html", "-o", str(tmp_path / "none"),
                   str(tmp_path / "bad")])
    assert status == 1  # nothing read: nothing written (issue 16), the reason on one line
    assert not (tmp_path / "none" / "report.json").exists() and not (tmp_path / "none" / "graph.ttl").exists()
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: no article could be read: ") and len(err.splitlines()) == 1
    assert f"and {len(only_bad) - 1} more skipped" in err


# ---------------------------------------------------------------- good inputs in odd shapes


def big5_copy(text: str) -> str:
    """The article in traditional characters, as a Taiwan/HK site would have it (same length)."""
    import opencc

    traditional = opencc.OpenCC("s2t").convert(text)
    assert len(traditional) == len(text)
    out = []
    for t, s in zip(traditional, text):
        for candidate in (t, s, " "):  # a character Big5 lacks (爲, 着, ») falls back
            try:
                candidate.encode("cp950")
            except UnicodeEncodeError:
                continue
            out.append(candidate)
            break
    return "".join(out)


def mentions(store: pyoxigraph.Store, doc_id: str) -> set[str]:
    doc = pyoxigraph.NamedNode(KGR + "doc/" + doc_id)
    return {q.object.value for q in store.quads_for_pattern(doc, pyoxigraph.NamedNode(SCHEMA_MENTIONS), None)}


def load_store(path: Path) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def test_odd_but_good_inputs_are_all_built(tmp_path, seeds_only):
    folder = copy_seeds(tmp_path / "in") / "odd"
    folder.mkdir()
    text = seed_text()
    (folder / "gbk.txt").write_bytes(text.replace("\xa0", " ").encode("gbk"))
    (folder / "gb18030.txt").write_bytes(text.encode("gb18030"))
    (folder / "utf16.txt").write_bytes(text.encode("utf-16"))  # with its BOM
    (folder / "utf8-bom.txt").write_bytes(text.encode("utf-8-sig"))
    (folder / "big5.txt").write_bytes(big5_copy(text).encode("cp950"))
    # One corrupt character (a surrogate an exporter wrote as UTF-8) in an otherwise good file.
    glitched = text[:400] + "\ud800" + text[401:]
    (folder / "glitch.txt").write_bytes(glitched.encode("utf-8", errors="surrogatepass"))
    # A page: the article inside navigation, scripts and styles.
    body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    (folder / "page.html").write_bytes(
        ("<!DOCTYPE html><html><head><meta charset='gbk'><title>巴中长安网</title>"
         "<style>.nav{display:none}</style><script>var hidden = '坚持发展新时代枫桥经验';</script></head><body>"
         "<nav>首页 &gt; 长安要闻 &gt; 张掖市综治中心</nav><div class='content'>" + body +
         "</div><footer>主办:巴中市委政法委 <script>track('平安甘肃')</script></footer></body></html>")
        .replace("\xa0", " ").encode("gbk"))
    # JSON Lines with a broken line in the middle; a .gz cut after some good lines.
    lines = [line for line in text.splitlines() if len(line) > 40]
    (folder / "news.jsonl").write_text(
        json.dumps({"id": "news-1", "title": "拧紧管党治警“总开关”", "date": "2022-05-23", "text": lines[0]},
                   ensure_ascii=False) + "\n"
        + '{"id": "news-2", "text": "巴州区大力实施“铸魂”\n'
        + json.dumps({"id": "news-3", "text": lines[1]}, ensure_ascii=False) + "\n", encoding="utf-8")
    records = b"".join(json.dumps({"id": f"wire-{i}", "text": line}, ensure_ascii=False).encode("utf-8") + b"\n"
                       for i, line in enumerate(lines * 4))
    packed = gzip.compress(records, mtime=0)
    (folder / "wire.jsonl.gz").write_bytes(packed[: len(packed) * 3 // 4])
    # An article of a few megabytes (under the limit): long ordinary prose, then the article.
    prose = "今天天气很好,我们沿着河边散步,看到了很多花草树木。\n" * 30_000
    (folder / "long.txt").write_text(prose + text, encoding="utf-8")
    assert 2_000_000 < (folder / "long.txt").stat().st_size < DEFAULT_MAX_BYTES

    status, report = kg_build(tmp_path / "out", tmp_path / "in")

    assert status == 2  # the broken JSON line and the cut .gz are reported
    skipped = {s["source"]: s["reason"] for s in report["skipped"]}
    assert "malformed JSON on line 2" in skipped.pop(f"{folder / 'news.jsonl'}:2")
    assert skipped.pop(str(folder / "wire.jsonl.gz")).startswith("unreadable after line ")
    assert skipped == {}
    built = set(report["built"])
    assert {p.name for p in SEEDS} | {"gbk.txt", "gb18030.txt", "utf16.txt", "utf8-bom.txt", "big5.txt", "glitch.txt",
                                       "page.html", "news-1", "news-3", "long.txt", "wire-0", "wire-1"} <= built

    # Nothing a seed says is lost or changed by its neighbours.
    seeds_lines = set((seeds_only / "graph.nt").read_text(encoding="utf-8").splitlines())
    mixed_lines = set((tmp_path / "out" / "graph.nt").read_text(encoding="utf-8").splitlines())
    assert seeds_lines <= mixed_lines

    # Each re-encoded copy reads as the seed does.
    store = load_store(tmp_path / "out" / "graph.ttl")
    original = mentions(store, SMALL_SEED.name)
    assert original
    for copy in ("gbk.txt", "gb18030.txt", "utf16.txt", "utf8-bom.txt", "glitch.txt", "long.txt"):
        assert mentions(store, copy) == original, copy
    regions = {m for m in original if "/region/" in m}
    assert {m for m in mentions(store, "big5.txt") if "/region/" in m} == regions
    # The page: the article is there, the furniture is not (枫桥经验 is only in a <script>, 张掖 only in the <nav>).
    assert mentions(store, "page.html") == original


# ---------------------------------------------------------------- hostile text

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def write_hostile_inputs(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    # Names built from markup, quotes, backslashes, newlines and control characters.
    article = "\n".join([
        ZENGDU.replace("“家常点”", "“<b>家常点</b>”“365\\工作法”“五分\x01工作法”"),
        f"曾都区探索“{SCRIPT}”“{IMG}”等基层社会治理经验。",
        "随县推动柳林镇院子河村“逢四\n说事”起源建设,全面推行平安稳定“双\"引号\"调解法”。",
        QIANJIANG.replace("城市大脑", "城市\ud800大脑"),
        "控制字符\x00\x07\x1b[31m\x7f\u2028\u2029结束。",
    ])
    record = {"id": IMG, "title": SCRIPT + " “标题” \\ \n 第二行", "date": "2022-05-23",
              "url": "http://example.org/a b/\"><script>alert(1)</script>", "text": article}
    line = json.dumps(record, ensure_ascii=True)  # the lone surrogate travels as the escape \ud800
    assert "\\ud800" in line
    (folder / "hostile.jsonl").write_text(line + "\n", encoding="ascii")
    (folder / "hostile.txt").write_bytes(article.replace("\x00", "").encode("utf-8", errors="surrogatepass"))
    (folder / "hostile.html").write_text(
        "<html><body><p>曾都区探索“&lt;script&gt;alert(1)&lt;/script&gt;”“&lt;b&gt;家常点&lt;/b&gt;”等基层社会治理经验。</p>"
        f"<script>alert(2)</script><p>{QIANJIANG}</p><img src=x onerror=alert(3)></body></html>", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    write_hostile_inputs(base / "in")
    status, report = kg_build(base / "out", base / "in", html=True)
    return status, report, base / "out"


def test_hostile_articles_are_built(hostile_build):
    status, report, _ = hostile_build
    assert status == 0, report["skipped"]
    assert sorted(report["built"]) == sorted([IMG, "hostile.html", "hostile.txt"])


def test_turtle_with_hostile_names_parses_and_keeps_them_as_literals(hostile_build):
    _, _, out = hostile_build
    store = load_store(out / "graph.ttl")
    g = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert len(g) == len(store) > 0
    literals = {str(o) for o in g.objects() if isinstance(o, rdflib.Literal)}
    assert "<b>家常点</b>" in literals  # a local practice named with markup, kept as text
    assert "365\\工作法" in literals and "五分\x01工作法" in literals
    assert SCRIPT + " “标题” \\ \n 第二行" in literals  # the title, byte for byte
    assert any("城市\ufffd大脑" in lit for lit in literals)  # the lone surrogate, replaced
    assert not any(0xD800 <= ord(c) <= 0xDFFF for lit in literals for c in lit)
    # The N-Triples file says the same.
    nt = pyoxigraph.Store()
    nt.load(path=str(out / "graph.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert len(nt) == len(store)


def test_no_iri_carries_raw_article_text(hostile_build):
    _, _, out = hostile_build
    store = load_store(out / "graph.ttl")
    iris = {t.value for q in store for t in (q.subject, q.predicate, q.object) if isinstance(t, pyoxigraph.NamedNode)}
    assert iris and all(iri.isascii() for iri in iris)
    assert not [iri for iri in iris if re.search(r'[\s<>"{}|\\^`]', iri)]
    assert KGR + "doc/%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E" in iris  # the hostile id, encoded
    assert "http://example.org/a%20b/%22%3E%3Cscript%3Ealert(1)%3C/script%3E" in iris  # the URL, encoded


def test_html_page_shows_hostile_text_only_as_text(hostile_build):
    _, _, out = hostile_build
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img" not in page and "<b>家常点" not in page
    assert not re.search(r"<[^<>]*\bonerror\s*=", page)  # no attribute the article wrote
    assert "alert(2)" not in page and "alert(3)" not in page  # the page's own scripts were furniture
    # The name is there, HTML-escaped (and inside the page's JSON, "&" is written \u0026).
    assert re.search(r"(&|\\u0026)lt;b(&|\\u0026)gt;家常点", page)
