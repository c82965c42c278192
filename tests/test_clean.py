"""Cleaning: normalisation keeps offsets, page boilerplate stays out of sentences, metadata is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Document, PreparedText
from kg.text import clean
from kg.text.dates import parse_date
from kg.text.normalize import normalize
from kg.text.reader import iter_documents
from locations import CORPUS as SEEDS, SEEDS_GOLD, lexicons


def prepare(document: Document) -> PreparedText:
    return clean.prepare(document, lexicons().boilerplate)

GOLD = json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))


def seed(name: str) -> Document:
    return next(d for d in iter_documents([SEEDS]) if d.doc_id.startswith(name))


def prepared_lines(*lines: str):
    return prepare(Document(doc_id="t.txt", text="\n".join(lines), source="t.txt"))


# ---------------------------------------------------------------- normalisation


def test_traditional_characters_normalise_in_place():
    text = "堅持和發展新時代「楓橋經驗」，全區１００%建成綜治中心！"
    norm = normalize(text)
    assert norm == "坚持和发展新时代“枫桥经验”,全区100%建成综治中心!"
    assert len(norm) == len(text)
    start = norm.index("枫桥经验")
    assert text[start : start + 4] == "楓橋經驗"  # an offset found in norm quotes the original


def test_full_width_forms_and_kept_punctuation():
    assert normalize("（Ａ）：；？！　０９") == "(A):;?! 09"
    assert normalize("“家常点”、平安。") == "“家常点”、平安。"  # Chinese quotes, 、 and 。 stay
    assert normalize("乾隆 於是") == "乾隆 於是"  # also valid simplified characters: untouched


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_normalize_keeps_length_and_is_idempotent(text):
    norm = normalize(text)
    assert len(norm) == len(text)
    assert normalize(norm) == norm


# ---------------------------------------------------------------- boilerplate, with the seeds' own lines

BOILERPLATE_LINES = {
    "breadcrumb": "您的位置:首页 > 新闻频道 > 区县新闻 > 武陵源",
    "breadcrumb (current position, »)": "当前位置:首页 » 长安速递",
    "welcome + date banner": "欢迎访问张掖政法网,今天是 2025年06月23日 星期一",
    "source/editor/date line": "来源:张掖政法 责任编辑:高睿蔓 发布时间:2022-10-09 阅读次数:",
    "date/source/author line": "2017-12-22 14:46:19  来源:张家界新闻网  作者:屈泽清  阅读: 张家界日报社微信",
    "bracketed date/source": "www.bz.bazhongpeace.gov.cn 】 【 2022-05-23 10:11:51 】 【 来源:巴中长安网",
    "font size / colour widget": "字号:A A    颜色:",
    "editor": "编辑:黔江编辑2",
    "phone numbers": "    网络新闻部:023-79310379 广告联系:13983562888 技术:023-79310379",
    "QQ + send-me-a-message": "    网络新闻部QQ 250602167 点此给我发消息 广告联系QQ:37771497 点此给我发消息 技术QQ:9663649 点此给我发消息",
    "copyright + postcode": "    武陵传媒网 版权所有 未经书面授权不得复制或建立镜像 邮编:409099 Copyright © 2004-2017 wldsb.com, All Rights Reserved.",
    "ICP + licence": "    渝ICP备11002633号-1  《互联网出版物许可证》(证件号:新出网证[渝]字013号) 重庆市互联网新闻信息服务许可证 编号:232016003",
    "public security record": "渝公网安备 50011402500016号",
    "ICP with link bar": "蜀ICP备18019757号-1 | 投稿须知 |",
    "copyright without space": "巴州长安网版权所有 未经书面授权 不得复制或建立镜像违者必究",
    "back to column": "    返回栏目[责任编辑:张家界新闻网]",
    "report this": "举报此信息",
    "micro-site": "进入张家界新闻网微站",
    "image file name": "1.jpg",
    "byline with outlet": "随州日报通讯员 尹坤 郭原",
}


@pytest.mark.parametrize("kind, line", list(BOILERPLATE_LINES.items()), ids=list(BOILERPLATE_LINES))
def test_each_boilerplate_kind_is_kept_out_of_sentences(kind, line):
    body = "全区政法系统坚持加强党的领导,注重发挥党委总揽全局、协调各方的领导作用。"
    prepared = prepared_lines("擎旗奋进书写新时代黔江政法工作新答卷", body, line, body)
    assert [s.text for s in prepared.body_sentences] == [body, body]


def test_trailing_byline_is_cut_from_its_paragraph_and_read_as_author():
    prepared = prepared_lines(
        "在锦绣山水上抒写平安画卷",
        "    这一年,武陵源区坚持改革创新,破解制约政法综治工作的基础性机制性问题。"
        "以建设更高水平的平安武陵源助力实现“旅游胜地梦”“全面小康梦”!(通讯员 屈泽清)",
    )
    assert prepared.sentences[-1].text == "以建设更高水平的平安武陵源助力实现“旅游胜地梦”“全面小康梦”!"
    assert prepared.document.author == "屈泽清"


def test_photo_credit_and_captions_stay():
    prepared = prepared_lines(
        "擎旗奋进书写新时代黔江政法工作新答卷",
        "全区政法系统坚持加强党的领导,注重发挥党委总揽全局、协调各方的领导作用。",
        "2022年5月27日,张掖市检察院举行检察开放日活动。",
        "(图片均由黔江区委政法委提供)",
    )
    assert [s.text for s in prepared.body_sentences][1:] == ["2022年5月27日,张掖市检察院举行检察开放日活动。", "(图片均由黔江区委政法委提供)"]


def test_every_example_in_the_data_file_matches_its_row():
    ruleset = lexicons().boilerplate
    for rule in ruleset.line_rules + ruleset.head_rules + ruleset.tail_rules:
        example = normalize(rule.example).strip()
        assert example, f"row {rule.index} ({rule.kind}) has no example"
        assert len(example) <= rule.max_len, rule.example
        found = rule.regex.match(example) if rule.scope == "head" else rule.regex.search(example)
        assert found, f"row {rule.index} ({rule.kind}) does not match its example {rule.example!r}"


@pytest.mark.parametrize(
    "line",
    [
        # Real news sentences that mention a cue word: they are body text.
        "欢迎来到位于坦桑尼亚的塞伦盖蒂大草原,每年的二三月份,约有40万只的小角马在这里诞生。",
        "主办方邀请了当年南京大屠杀的幸存者--82岁的王津老人来到现场。",
        "上海市黄浦区目前已设立了集中接待点,并开通两条善后处置接待热线:021-33766757,24小时有人值守接听。",
        "拟对新浪公司吊销其《互联网出版许可证》和《信息网络传播视听节目许可证》。",
        "今天是2015年高考第一天,全国有942万考生走进考场。",
    ],
)
def test_body_sentences_with_cue_words_are_not_boilerplate(line):
    prepared = prepared_lines("新闻联播", line)
    assert "".join(s.text for s in prepared.body_sentences) == line


def test_xwlb_dateline_is_trimmed_and_names_the_outlet():
    text = "央视网消息（新闻联播）：国务院总理李克强2月7日下午在人民大会堂会见荷兰国王威廉-亚历山大。\n(视频编辑:张贝龙 文字编辑:温凤浩)"
    doc = Document(doc_id="xwlb-1", text=text, source="x.jsonl:1", title="李克强会见荷兰国王", date="2018-02-07")
    prepared = prepare(doc)
    assert [s.text for s in prepared.sentences] == ["国务院总理李克强2月7日下午在人民大会堂会见荷兰国王威廉-亚历山大。"]
    assert prepared.document.outlet == "央视网"
    assert prepared.document.title == "李克强会见荷兰国王" and prepared.document.date == "2018-02-07"


# ---------------------------------------------------------------- metadata of the five seeds


@pytest.mark.parametrize("name", sorted(GOLD))
def test_seed_metadata_matches_gold(name):
    prepared = prepare(seed(name))
    gold = GOLD[name]
    doc = prepared.document
    assert (doc.title, doc.date, doc.outlet) == (gold["title"], gold["date"], gold["source"])


def test_seed_authors():
    assert prepare(seed("001")).document.author == "屈泽清"  # 作者:屈泽清
    assert prepare(seed("003")).document.author == "尹坤、郭原"  # 随州日报通讯员 尹坤 郭原
    assert prepare(seed("000")).document.author == "张露月"  # (记者 张露月)


def test_banner_date_is_not_the_publication_date():
    prepared = prepared_lines(
        "欢迎访问张掖政法网,今天是 2025年06月23日 星期一",
        "平安建设让彩虹张掖成色更足",
        "不看祁连山顶雪,错把张掖认江南。",
    )
    assert prepared.document.date is None


def test_headline_column_tag_and_subtitle():
    doc = prepare(seed("004")).document
    assert doc.title == "拧紧管党治警“总开关” 深耕政法工作“责任田”"  # 【政法委书记谈《条例》②】 dropped
    assert prepare(seed("002")).document.title == "平安建设让彩虹张掖成色更足"  # ——subtitle dropped


@pytest.mark.parametrize("value, expected", [
    ("2022-10-09", "2022-10-09"),
    ("2017-12-22 14:46:19", "2017-12-22"),
    ("2022年5月3日", "2022-05-03"),
    ("２０２２／５／３", "2022-05-03"),
    ("20120702", "2012-07-02"),
    ("2022-02-30", None),
    ("星期一", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


# ---------------------------------------------------------------- sentences


def test_the_headline_is_searched_as_the_first_sentence_and_the_body_follows():
    prepared = prepare(seed("003"))
    assert prepared.sentences[0].text == "推进全市政法工作现代化 谱写随州政法事业新篇章"
    assert prepared.sentences[0].end == prepared.title_end  # facts in a headline are facts too
    texts = [s.text for s in prepared.body_sentences]
    assert texts[0] == "——2024年全市政法工作综述"
    assert texts[1] == "综治中心实战化运行成效明显,社会治安防控体系建设格局更优、基础更牢;"


def test_repeated_headline_halves_are_not_sentences():
    texts = [s.text for s in prepare(seed("004")).body_sentences]
    assert "拧紧管党治警“总开关”" not in texts and "深耕政法工作“责任田”" not in texts
    assert texts[0] == "巴州区委政法委书记 谢建华"


def test_sentences_split_at_end_marks_and_keep_closing_quotes():
    prepared = prepared_lines("标题在这里写着", "他说:“要坚持‘枫桥经验’。”随后;离开!  第三句?最后一句")
    assert [s.text for s in prepared.body_sentences] == ["他说:“要坚持‘枫桥经验’。”", "随后;", "离开!", "第三句?", "最后一句"]


@pytest.mark.parametrize("name", sorted(GOLD))
def test_sentence_offsets_quote_the_document(name):
    prepared = prepare(seed(name))
    text = prepared.document.text
    assert len(prepared.norm) == len(text)
    assert [s.index for s in prepared.sentences] == list(range(len(prepared.sentences)))
    for s in prepared.sentences:
        assert s.text == text[s.start : s.end] and s.text == s.text.strip()
    assert all(a.end <= b.start for a, b in zip(prepared.sentences, prepared.sentences[1:]))


def test_gold_evidence_lies_inside_single_sentences():
    for name, gold in GOLD.items():
        sentences = [s.text for s in prepare(seed(name)).sentences]
        for link in gold.get("links", []) + gold.get("metrics", []):
            assert any(link["evidence"] in s for s in sentences), (name, link["evidence"])


def test_traditional_document_offsets_point_at_the_original():
    text = "堅持和發展新時代「楓橋經驗」。推進平安建設!"
    prepared = prepare(Document(doc_id="t.txt", text=text, source="t.txt"))
    first = prepared.sentences[0]
    assert first.text == "堅持和發展新時代「楓橋經驗」。"
    assert prepared.norm_of(first) == "坚持和发展新时代“枫桥经验”。"
    start = prepared.norm.index("枫桥经验")
    assert text[start : start + 4] == "楓橋經驗"


LINE_PIECES = st.sampled_from(
    ["", " ", "\r\n", "\n", "。", "!", "?", ";", "”", "　", "來源:", "編輯:", "雪亮工程", "楓橋經驗", "版权所有", "1.jpg", "2022-10-09 10:00",
     "全区政法系统坚持加强党的领导", "(通讯员 屈泽清)", "【专题】", "——"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(LINE_PIECES | st.text(max_size=12), max_size=40))
def test_sentences_always_quote_the_text(pieces):
    text = "".join(pieces)
    prepared = prepare(Document(doc_id="h.txt", text=text, source="h.txt"))
    assert len(prepared.norm) == len(text)
    previous_end = 0
    for index, s in enumerate(prepared.sentences):
        assert s.index == index
        assert s.text == text[s.start : s.end] and s.text and s.text == s.text.strip()
        assert s.start >= previous_end
        previous_end = s.end


# ---------------------------------------------------------------- document structure


def test_short_lines_under_a_subheading_are_its_siblings_not_ever_deeper():
    from kg.text.structure import document_structure

    # a decorated unit line, the method's title under it, then two more short lines in a row
    prepared = prepared_lines("测试标题", "", "★某县某社区★", "“三访三问”工作法", "“院坝说事”机制", "“红色议事厅”",
                              "社区推行“三访三问”工作法，化解矛盾纠纷。")
    structure = document_structure(prepared)
    assert [h.level for h in structure.headings] == [5, 6, 6, 6]
    # the body under the list is governed by the unit line and the last short line only
    body = structure.paragraphs[-1]
    assert body.heading is None and body.headings == (0, 3)
