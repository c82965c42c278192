"""Reading articles: formats, encodings, and inputs that must be reported rather than raised."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kg.model import Document, SkippedInput
from kg.text.decode import decode_bytes
from kg.text.html import html_to_text
from kg.text.reader import iter_documents, read_document
from locations import CORPUS as SEEDS, DEV

# Real sentences from the seeds (张掖, 黔江), and the same kind of text in traditional characters.
ZHANGYE = "市、县区、乡镇(街道)、村(社区)100%建成统一规范的综治中心,实现了综治中心全覆盖。"
QIANJIANG = "创新推进基于“城市大脑”的“雪亮工程”建设。"
TRADITIONAL = "堅持和發展新時代「楓橋經驗」,推進平安建設。臺灣同胞關心兩岸交流與合作的發展。"


def read_one(path: Path) -> Document | SkippedInput:
    items = list(iter_documents([path]))
    assert len(items) == 1
    return items[0]


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encoding, data_of",
    [
        ("utf-8", lambda s: s.encode("utf-8")),
        ("utf-8 with BOM", lambda s: s.encode("utf-8-sig")),
        ("utf-16 with BOM (LE)", lambda s: s.encode("utf-16")),
        ("utf-16 with BOM (BE)", lambda s: b"\xfe\xff" + s.encode("utf-16-be")),
        ("gbk", lambda s: s.encode("gbk")),
        ("gb18030", lambda s: s.encode("gb18030")),
    ],
)
def test_simplified_text_in_every_common_encoding(tmp_path, encoding, data_of):
    text = ZHANGYE + "\n" + QIANJIANG + "\n"
    path = tmp_path / "article.txt"
    path.write_bytes(data_of(text))
    doc = read_one(path)
    assert isinstance(doc, Document), doc
    assert doc.text == text  # a BOM is not part of the text
    assert doc.doc_id == "article.txt" and doc.source == str(path)


def test_big5_is_not_mistaken_for_gbk(tmp_path):
    # Big5 bytes are almost always valid GBK too; the common-character score decides.
    path = tmp_path / "big5.txt"
    path.write_bytes(TRADITIONAL.encode("cp950"))
    assert read_one(path).text == TRADITIONAL


def test_short_big5_and_gbk_words(tmp_path):
    (tmp_path / "a.txt").write_bytes("楓橋經驗".encode("big5"))
    (tmp_path / "b.txt").write_bytes("枫桥经验".encode("gbk"))
    assert [d.text for d in iter_documents([tmp_path])] == ["楓橋經驗", "枫桥经验"]


def test_decode_bytes_names_the_encoding():
    assert decode_bytes(QIANJIANG.encode("gb18030")) == (QIANJIANG, "gb18030")
    assert decode_bytes(QIANJIANG.encode("utf-8")) == (QIANJIANG, "utf-8")


# ---------------------------------------------------------------- bad inputs


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("nul.txt", bytes(range(256)) * 8, "binary file"),
        ("scan.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "binary file (PDF)"),
        ("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file (PNG image)"),
    ],
)
def test_unreadable_files_are_reported_not_raised(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    item = read_one(path)
    assert isinstance(item, SkippedInput)
    assert item.source == str(path) and reason in item.reason


def test_too_large_file(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(ZHANGYE * 10, encoding="utf-8")
    item = list(iter_documents([path], max_bytes=100))[0]
    assert isinstance(item, SkippedInput) and "too large" in item.reason


def test_missing_path_and_unknown_type_named_explicitly(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# notes", encoding="utf-8")
    missing, unknown = list(iter_documents([tmp_path / "nope.txt", readme]))
    assert isinstance(missing, SkippedInput) and "no such file" in missing.reason
    assert isinstance(unknown, SkippedInput) and "unsupported file type" in unknown.reason


def test_directory_walk_is_sorted_recursive_and_skips_non_articles(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(QIANJIANG, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ZHANGYE, encoding="utf-8")
    (tmp_path / "c.htm").write_text(f"<p>{QIANJIANG}</p>", encoding="utf-8")
    (tmp_path / "README.md").write_text("not an article", encoding="utf-8")
    (tmp_path / "seeds.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ZHANGYE, encoding="utf-8")
    ids = [item.doc_id for item in iter_documents([tmp_path])]
    assert ids == ["a.txt", "2.txt", "c.htm"]
    assert ids == [item.doc_id for item in iter_documents([str(tmp_path)])]  # deterministic


def test_a_kgignore_file_keeps_folders_out_of_a_walk(tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "x.txt").write_text(QIANJIANG, encoding="utf-8")
    (tmp_path / "old.txt").write_text(QIANJIANG, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ZHANGYE, encoding="utf-8")
    (tmp_path / ".kgignore").write_text("# not built\ndrafts/\nold.*\n", encoding="utf-8")
    assert [item.doc_id for item in iter_documents([tmp_path])] == ["a.txt"]


def test_the_seed_folder_reads_as_five_documents():
    docs = list(iter_documents([SEEDS]))
    assert [d.doc_id for d in docs] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert all(isinstance(d, Document) and d.text for d in docs)


def test_read_document_for_one_file():
    doc = read_document(SEEDS / "003_f755d35081d5be18.txt")
    assert isinstance(doc, Document)
    assert "推进全市政法工作现代化 谱写随州政法事业新篇章" in doc.text


# ---------------------------------------------------------------- JSON Lines


def _jsonl_lines() -> list[bytes]:
    good1 = {"id": "xwlb-1", "title": "综治中心全覆盖", "date": "2022-10-09", "url": "https://example.org/1", "text": ZHANGYE}
    good2 = {"id": "xwlb-2", "title": "雪亮工程", "date": "2024/1/5", "text": QIANJIANG}
    return [
        json.dumps(good1, ensure_ascii=False).encode("utf-8"),
        b'{"id": "broken", "text": "\xe7\xbb\xbc',  # cut off mid-record
        b"",
        json.dumps(good2, ensure_ascii=False).encode("utf-8"),
        b'{"id": "no-text"}',
    ]


@pytest.mark.parametrize("name", ["news.jsonl", "news.jsonl.gz"])
def test_jsonl_keeps_good_lines_around_a_broken_one(tmp_path, name):
    data = b"\n".join(_jsonl_lines()) + b"\n"
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    items = list(iter_documents([path]))
    assert [type(i).__name__ for i in items] == ["Document", "SkippedInput", "Document", "SkippedInput"]
    first, broken, second, empty = items
    assert (first.doc_id, first.title, first.date, first.url) == ("xwlb-1", "综治中心全覆盖", "2022-10-09", "https://example.org/1")
    assert first.source == f"{path}:1" and first.text == ZHANGYE
    assert broken.source == f"{path}:2" and "malformed JSON on line 2" in broken.reason
    assert second.date == "2024-01-05" and second.source == f"{path}:4"
    assert "no text" in empty.reason


def test_truncated_gzip_reports_what_it_could_not_read(tmp_path):
    data = gzip.compress(b"\n".join(_jsonl_lines()[:1] * 200) + b"\n")
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(iter_documents([path]))
    assert isinstance(items[-1], SkippedInput) and "unreadable" in items[-1].reason
    assert all(isinstance(i, Document) for i in items[:-1])


def test_real_xwlb_stories_as_a_gzipped_json_lines_file(tmp_path):
    """The development corpus's 新闻联播 stories, written back in the shape of the shared year files."""
    stories = []
    for path in sorted((DEV / "texts").glob("xwlb-*.txt")):
        title, date, _, *body = path.read_text(encoding="utf-8").split("\n")
        stories.append({"id": path.stem, "title": title, "date": date, "url": "", "text": "\n".join(body)})
    corpus = tmp_path / "xwlb-dev.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(s, ensure_ascii=False) + "\n" for s in stories)
    items = list(iter_documents([corpus]))
    assert len(items) == len(stories) >= 50 and all(isinstance(i, Document) for i in items)
    assert [(i.doc_id, i.date) for i in items] == [(s["id"], s["date"]) for s in stories]


# ---------------------------------------------------------------- HTML


def test_html_keeps_text_and_drops_furniture(tmp_path):
    page = (
        '<html><head><meta charset="gbk"><title>张掖政法网</title>'
        "<style>p{color:red}</style><script>var x = '脚本';</script></head><body>"
        "<nav>首页 | 长安速递</nav><header>欢迎访问张掖政法网</header>"
        "<div><h1>平安建设让彩虹张掖成色更足</h1>"
        "<p>市、县区、乡镇(街道)、村(社区)100%建成统一规范的<b>综治中心</b>,实现了综治中心全覆盖。</p>"
        "<p>第一行<br>第二行 &amp; 实体</p></div>"
        "<footer>张掖政法网 版权所有</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gbk"))
    doc = read_one(path)
    lines = [line for line in doc.text.split("\n") if line]
    assert lines == [
        "平安建设让彩虹张掖成色更足",
        "市、县区、乡镇(街道)、村(社区)100%建成统一规范的综治中心,实现了综治中心全覆盖。",
        "第一行",
        "第二行 & 实体",
    ]


def test_html_whitespace_inside_a_paragraph_is_not_a_line_break():
    assert html_to_text("<p>综治\n   中心</p><div>雪亮工程</div>") == "综治 中心\n\n雪亮工程"
