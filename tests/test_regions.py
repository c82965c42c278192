"""Administrative regions: the division table, and finding the regions an article names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.model import Document, PreparedText, Sentence
from kg.extract import Pipeline
from kg.extract.regions import find_region_mentions, subject_regions
from kg.lexicons.regions import Gazetteer
from locations import CORPUS, SEEDS_GOLD, lexicons


def prepare(text: str, title: str | None = None, boilerplate: re.Pattern | None = None) -> PreparedText:
    """Stand-in for kg.text.clean.prepare: sentences split on 。！？； and line ends, boilerplate left out."""
    sentences, start = [], 0
    for m in re.finditer(r"[。！？；\n]", text + "\n"):
        end = min(m.end(), len(text))
        if text[start:end].strip() and not (boilerplate and boilerplate.search(text[start:end])):
            sentences.append(Sentence(index=len(sentences), start=start, end=end, text=text[start:end]))
        start = end
    return PreparedText(document=Document(doc_id="t", text=text, source="t", title=title), norm=text,
                        sentences=tuple(sentences))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return lexicons().gazetteer


def found(text: str, gaz: Gazetteer) -> list[tuple[str, str]]:
    return [(m.surface, m.adcode) for m in find_region_mentions(prepare(text), gaz)]


# --- the table -------------------------------------------------------------------------


def test_table_has_every_level(gaz):
    levels = [gaz.get(c).level for c in ("420000", "421300", "421321")]
    assert levels == ["province", "prefecture", "county"]
    assert Pipeline(lexicons()).gazetteer is gaz  # built once per Lexicons, shared by every extractor


def test_pseudo_prefectures_are_skipped_in_the_parent_chain(gaz):
    qianjiang = gaz.get("500114")
    assert (qianjiang.name, qianjiang.full_name, qianjiang.parent, qianjiang.short_name) == (
        "黔江区", "重庆市黔江区", "500000", "黔江")
    assert gaz.get("659010").parent == "650000"  # 胡杨河市, 新疆直辖县
    assert "500100" not in gaz  # 重庆市 市辖区 is no region


def test_ancestors_children_and_names(gaz):
    assert [r.name for r in gaz.ancestors("620723")] == ["张掖市", "甘肃省"]
    assert "临泽县" in {r.name for r in gaz.children("620700")}
    assert {r.adcode for r in gaz.find_by_name("巴州")} == {"511902", "652800"}
    assert {r.adcode for r in gaz.find_by_name("朝阳区")} == {"110105", "220104"}
    assert [r.adcode for r in gaz.find_by_name("恩施州")] == ["422800"]


# --- full and short names ----------------------------------------------------------------


def test_full_and_short_names(gaz):
    text = "全市政法系统在湖北省委政法委领导下，随县、曾都区、广水市协同推进。曾都、广水同步开展，随州高新区紧跟。"
    assert set(found(text, gaz)) == {("湖北省", "420000"), ("随县", "421321"), ("曾都区", "421303"),
                                     ("广水市", "421381"), ("曾都", "421303"), ("广水", "421381"),
                                     ("随州", "421300")}


def test_region_at_the_start_of_an_organization_name(gaz):
    text = "黔江区委政法委召开会议。张掖市司法局、临泽县公安局、甘州区法院参加。巴州区纪委监委派员。张掖公安通报。"
    assert [c for _s, c in found(text, gaz)] == ["500114", "620700", "620723", "620702", "511902", "620700"]


def test_offsets_point_into_the_document(gaz):
    text = "  接受廉洁教育\n近年来，巴州区大力实施“铸魂”“强基”“护航”三大行动。"
    (m,) = find_region_mentions(prepare(text), gaz)
    assert text[m.start : m.end] == m.surface == "巴州区" and m.sentence == 1


# --- names inside ordinary words -----------------------------------------------------------


@pytest.mark.parametrize("text", [
    "全区政治安全、社会安定、人民安宁，实现长治久安。",  # 安宁市, 长治市
    "召开平安建设推进会，连续12年获评全省平安区县。",  # 开平市, 平安区
    "冬日夜晚，走在黔江城区大街小巷。",  # 江城区 (黔江 itself is a county short name: needs backing)
    "被评为全市党的十九大安全稳定工作先进集体。",  # 大安市
    "加强部门合作，形成工作合力。",  # 合作市
    "构建市、环县、环镇、环村的防控圈。",  # 环县
    "武陵山区，和声悦耳。",  # 武陵区
    "平川派出所民警走访群众。",  # 平川区
    "不看祁连山顶雪，错把张掖认江南。",  # 祁连县 (张掖 is right)
])
def test_names_inside_words_are_not_mentions(text, gaz):
    assert all(c == "620700" for _s, c in found(text, gaz))


def test_police_words_do_not_name_gongan_county(gaz):
    # 公安 is the short name of 公安县, in 荆州市: 公安局 and 公安民警 in a 荆州 story are the police.
    codes = {c for _s, c in found("荆州市公安局下沉警力到社区，公安民警24小时巡逻。", gaz)}
    assert codes == {"421000"}
    assert "421022" in {c for _s, c in found("荆州市公安县推行网格化管理。", gaz)}


def test_outlet_names_are_not_mentions(gaz):
    assert found("来源:张家界新闻网 阅读: 张家界日报社微信", gaz) == []


def test_county_short_name_needs_backing(gaz):
    assert found("在人民安宁的环境里。", gaz) == []
    assert found("武陵源区积极作为。平安武陵源，足音铿锵。", gaz) == [("武陵源区", "430811"), ("武陵源", "430811")]
    assert found("记者来到浙江安吉。安吉的竹产业从曾经的卖原竹转型。", gaz) == [
        ("浙江", "330000"), ("安吉", "330523"), ("安吉", "330523")]


# --- ambiguous names -------------------------------------------------------------------------


def test_bazhou_follows_the_article(gaz):
    sichuan = "巴州区委政法委书记谢建华。近年来，巴州大力实施三大行动。"
    xinjiang = "新疆各族群众喜迎丰收。在巴州，牧民正在转场。"
    assert found(sichuan, gaz)[-1] == ("巴州", "511902")
    assert found(xinjiang, gaz)[-1] == ("巴州", "652800")


def test_province_short_name_wins_over_a_district(gaz):
    # 河北 is also 天津市河北区; a list of provinces means the province.
    assert ("河北", "130000") in found("北京、天津、河北、山东等地出现降雨。", gaz)
    assert ("海南", "460000") in found("中央指导组在青海调研，又在广东、广西、海南三个省区指导工作。", gaz)


# --- subject regions and the seeds ------------------------------------------------------------


def test_subject_is_the_frequent_specific_region(gaz):
    text = "武陵源区2017年政法综治工作综述\n武陵源区积极作为。全市第一，湖南先进。张家界表彰武陵源区。"
    p = prepare(text, title="在锦绣山水上抒写平安画卷")
    assert subject_regions(p, find_region_mentions(p, gaz), gaz) == ["430811"]


def test_one_passing_mention_is_no_subject(gaz):
    p = prepare("国家科学技术奖励大会7日在北京隆重举行。", title="国家科学技术奖励大会举行")
    assert subject_regions(p, find_region_mentions(p, gaz), gaz) == []


def test_a_county_named_once_that_the_writer_calls_its_own_is_the_subject(gaz):
    # 我县 throughout, the county's name once: a story by the county about itself
    text = "我县全力推进综治中心建设。我县共划分网格300个。会议要求，双峰县要认真落实。"
    p = prepare(text, title="我县推进综治中心建设")
    assert subject_regions(p, find_region_mentions(p, gaz), gaz) == ["431321"]
    p = prepare("会议要求，双峰县要认真落实。我市将推广。", title="会议召开")  # 我市: not the county's own
    assert subject_regions(p, find_region_mentions(p, gaz), gaz) == []


BOILERPLATE = re.compile(r"ICP|许可证|来源[:：]|责任编辑|您的位置|当前位置|欢迎访问|微站|微信")


def test_seed_articles_against_gold(gaz):
    gold = json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))
    tp = fp = fn = 0
    for name, answer in gold.items():
        text = (CORPUS / name).read_text(encoding="utf-8")
        # Until kg.text.clean lands: leave out boilerplate (licence, source, navigation lines).
        p = prepare(text, title=answer["title"], boilerplate=BOILERPLATE)
        mentions = find_region_mentions(p, gaz)
        got, want = {m.adcode for m in mentions}, {r["adcode"] for r in answer["regions"]}
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        assert subject_regions(p, mentions, gaz) == answer["subject_regions"], name
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.97, (tp, fp, fn)


@pytest.mark.parametrize("text, code", [("杜蒙县推进网格化管理。", "230624"), ("林芝地区深化平安建设。", "540400"),
                                           ("铜仁地区推进网格化管理。", "520600"), ("哈密地区深化平安建设。", "650500")])
def test_short_and_former_names_of_aliases_tsv_are_found(text, code, gaz):
    assert code in {c for _, c in found(text, gaz)}


def test_a_headline_ending_in_a_towns_name_names_no_county_of_its_short_name():
    text = "在湖北省武汉市花山街道\n\n在湖北省武汉市花山街道，居民议事会每月召开。\n"
    facts = Pipeline.load().extract(Document(doc_id="t.txt", text=text, source="t.txt"))
    assert "340503" not in {m.adcode for m in facts.regions}


def test_a_short_name_right_after_a_city_it_is_not_under_is_a_place_of_that_city():
    # 东湖 names 南昌's 东湖区 alone; after 武汉市 it begins 武汉's development zone, even named twice.
    text = "在湖北省武汉市东湖新技术开发区\n\n在湖北省武汉市东湖新技术开发区，居民议事会每月召开。\n"
    facts = Pipeline.load().extract(Document(doc_id="t.txt", text=text, source="t.txt"))
    codes = {m.adcode for m in facts.regions}
    assert "420100" in codes and "360102" not in codes


# --- a short name that begins a town's name -------------------------------------------------


@pytest.mark.parametrize("text, named, not_named", [
    # 朝天门街道 is a street of 渝中区, not 广元's 朝天区; 科尔沁镇 a town of 科右前旗, not 通辽's 科尔沁区.
    ("渝中区朝天门街道推行网格化管理，居民议事会每月召开。", {"500103"}, {"510812"}),
    ("关键时刻，科尔沁镇综治中心迅速响应，化解了这起纠纷。", set(), {"150502"}),
    # A word such as 乡村 after the name is no town; a region right after it is a chain (江西萍乡).
    ("浙江乡村治理持续深化。", {"330000"}, set()),
    ("在江西萍乡等地，群众参与平安建设。", {"360000", "360300"}, set()),
    # 街道 alone names no place (not_places.txt), but after a name it is the town's own ending.
    ("武汉市洪山区花山街道推行网格化管理，花山街道居民议事会每月召开。", {"420111"}, {"340503"}),
    # A county the text names in full keeps its short name before a town (a county seat, 察隅县…下察隅镇).
    ("林芝市察隅县下察隅镇推行“双联户”制度。", {"540425"}, set()),
    # 济阳街道 in a 济宁 story is a street of 济宁, not 济南's 济阳区; after 济阳区 it is that district's.
    ("本报济宁讯 济阳街道推行网格化管理，济阳街道居民议事会每月召开。", {"370800"}, {"370115"}),
    ("济南市济阳区济阳街道推行网格化管理。", {"370115"}, set()),
    # A community's name after one character (延安里社区, a community of 大连) is no region either …
    ("本报大连讯 延安里社区推行网格化管理，网格员每天到延安里社区巡查。", {"210200"}, {"610600"}),
    # … but a particle there (西藏的社区), or the ending right after the name (the city's communities), is.
    ("网格化管理延伸到了西藏的社区。", {"540000"}, set()),
    ("在石家庄社区防控的一线，志愿者坚守岗位。", {"130100"}, set()),
    # Right after its ancestor, a name locates the two-character place after it (陈村, 渔村): the region is meant.
    ("在广东佛山陈村花卉世界里，游客络绎不绝。", {"440600"}, set()),
    ("不少游客来到青岛城阳渔村的沙滩上。", {"370214"}, set()),
    # Once the story writes 济阳街道, 济阳 alone (济阳派出所, 济阳法庭) may be that street's again: named twice in
    # the province of 济宁, it is not backed by the repetition, only by the region's relatives (济南市).
    ("本报济宁讯 济阳街道推行网格化管理。济阳派出所民警每天巡查，济阳法庭派员参加。", {"370800"}, {"370115"}),
    ("济阳街道推行网格化管理。济南市济阳派出所民警每天巡查，济阳法庭派员参加。", {"370115"}, set()),
])
def test_a_short_name_that_begins_a_town_is_not_the_region(text, named, not_named):
    lex = lexicons()
    codes = {m.adcode for m in find_region_mentions(prepare(text), lex.gazetteer, lex.places)}
    assert named <= codes and not (not_named & codes)


def test_the_word_automaton_finds_what_pyahocorasick_finds_and_nothing_inside_a_character():
    import ahocorasick

    from kg.text.automaton import WordAutomaton

    words = ["内蒙", "内蒙古", "蒙古", "北京", "京津冀", "x光", "\u4e00\u4e01", "𠀀村"]  # 𠀀: beyond the BMP
    # "丁丐" (U+4E01 U+4E10) spans the units "4E 01 4E 10": a word "\u014e" could line up inside it
    texts = ["内蒙古自治区和北京、京津冀协同", "丁丐一丁", "𠀀村x光机内蒙", "", "没有地名"]
    plain = ahocorasick.Automaton()
    for w in words + ["\u014e"]:
        plain.add_word(w, w)
    plain.make_automaton()
    wide = WordAutomaton((w, w) for w in words + ["\u014e"])
    for text in texts:
        assert list(wide.iter(text)) == (list(plain.iter(text)) if text else [])
    assert [w for _end, w in wide.iter("内蒙古")] == ["内蒙", "内蒙古", "蒙古"]
    assert list(WordAutomaton([]).iter("内蒙古")) == []
