"""Towns and villages named in a clause, kept under the county the text places them in."""

from __future__ import annotations

import pytest

from kg.text import clean
from kg.model import Document
from kg.extract.organizations import find_organizations
from kg.extract.places import LocalPlace, find_local_places
from kg.extract.regions import find_region_mentions, subject_regions
from kg.lexicons.regions import Gazetteer
from locations import lexicons


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return lexicons().gazetteer


def places(text: str, gaz: Gazetteer, title: str | None = None) -> list[tuple[str, str, str, str | None]]:
    prepared = clean.prepare(Document(doc_id="t", text=text, source="t", title=title), lexicons().boilerplate)
    mentions = find_region_mentions(prepared, gaz)
    subjects = subject_regions(prepared, mentions, gaz)
    orgs = find_organizations(prepared, mentions, subjects, gaz, lexicons().organizations, lexicons().places)
    found = find_local_places(prepared, mentions, subjects, gaz, lexicons().places, orgs)
    for p in found:
        assert isinstance(p, LocalPlace) and prepared.document.text[p.start : p.end] in (p.name, p.name[:-1])
    return [(p.name, p.kind, p.county, p.town) for p in found]


# --- seeds (issue 3 §4) -------------------------------------------------------------------------


def test_town_and_village_of_the_county_that_opens_the_clause(gaz):
    text = "随州市推进基层治理。随县推动柳林镇院子河村“逢四说事”起源建设和陈列馆建设，全面推广“逢四说事”经验。"
    assert places(text, gaz) == [("柳林镇", "镇", "421321", None), ("院子河村", "村", "421321", "柳林镇")]


def test_village_written_right_after_its_county(gaz):
    text = "2022年6月1日，张掖市司法局在甘州区普家庄村举行“法治文艺进乡村”活动。"
    assert places(text, gaz) == [("普家庄村", "村", "620702", None)]


def test_town_of_a_tribunal_and_the_village_after_it(gaz):
    text = "2022年8月18日，高台县人民法院南华法庭干警就一起财产损害赔偿纠纷到南华镇胜利村农户田间了解具体情况。"
    assert places(text, gaz) == [
        ("南华镇", "镇", "620724", None),  # from 南华法庭, named 南华镇 in the same article
        ("南华镇", "镇", "620724", None),
        ("胜利村", "村", "620724", "南华镇"),
    ]


def test_a_tribunal_names_a_town_of_the_articles_county(gaz):
    text = ("黔江区委政法委深化“一镇街一法官”工作机制。黔江区推进基层治理。"
            "濯水法庭做精做细“天理良心”调解品牌，成功入选全国新时代人民法庭建设案例。")
    assert places(text, gaz) == [("濯水", "乡镇", "500114", None)]


# --- generic words and wrong cuts (新闻联播 sample) ---------------------------------------------


@pytest.mark.parametrize("text", [
    "陕西省富县推动乡镇（街道）综治中心建设，实现城乡村居全覆盖，全村群众参与。",
    "扎根社区40多年的福建省福州市鼓楼区东街街道军门社区党委书记林丹。",  # 扎根社区 is no place
    "北京市延庆区：延庆冬奥村开展“全要素”运行测试。",
    "陕西省富县：端午节刚过，榆树村姜沟村民小组就开了一次群众说事会。",  # 姜沟村民小组: no 姜沟村
    "地处湘西北的桑植县洪家关白族乡是贺龙元帅的故乡。",  # the name is 洪家关白族乡, not 白族乡
])
def test_generic_words_are_not_places(text, gaz):
    names = [p[0] for p in places(text, gaz)]
    assert not {"乡镇", "城乡", "全村", "扎根社区", "冬奥村", "姜沟村", "白族乡"} & set(names)


def test_street_and_community_under_the_district(gaz):
    text = "扎根社区40多年的福建省福州市鼓楼区东街街道军门社区党委书记林丹。"
    assert places(text, gaz) == [("东街街道", "街道", "350102", None), ("军门社区", "社区", "350102", "东街街道")]


def test_village_after_a_town_that_jieba_cut_through(gaz):
    # jieba reads 庆祖镇西辛庄村 as 庆/祖/镇西/辛庄村; was 镇西辛庄村
    text = "“七一勋章”获得者、河南省濮阳县庆祖镇西辛庄村党支部书记李连成。"
    assert ("西辛庄村", "村", "410928", None) in places(text, gaz)


def test_a_description_before_a_town_named_elsewhere_is_dropped(gaz):
    text = ("九江市彭泽县的棉船镇是一个长江冲击平原。7月11日，四面环水的孤岛棉船镇水位上涨迅速，部分村庄被淹。"
            "在他看来守护好棉船镇就是守住了一个个小家庭。")
    assert {p[0] for p in places(text, gaz)} == {"棉船镇"}


def test_a_place_needs_a_county(gaz):
    assert places("甘肃庆阳市南梁镇是原陕甘边苏维埃政府所在地。", gaz) == []  # 庆阳市 has counties
    assert places("河北省三河市的燕郊镇，距离北京市区30多公里。", gaz) == [("燕郊镇", "镇", "131082", None)]


def test_a_town_whose_name_jieba_joined_with_its_ending_into_a_generic_word(gaz):
    # jieba reads 甘城乡 as 甘/城乡 and 咸村镇 as 咸/村镇: a one-character name and a word ending like a town
    assert places("宁夏海原县甘城乡综治中心接待群众。", gaz) == [("甘城乡", "乡", "640522", None)]
    assert places("在福建周宁县咸村镇便民服务中心大楼里。", gaz) == [("咸村镇", "镇", "350925", None)]
    assert places("海原县统筹城乡发展，新村镇建设加快。", gaz) == []


def test_a_towns_name_may_open_with_a_character_jieba_reads_as_a_numeral(gaz):
    # 七/坊/镇: 七 is tagged a numeral, yet opens the town's name after a break or a verb
    text = "甘州区深化基层治理。甘州区推动七坊镇建设综治中心。"
    assert ("七坊镇", "镇", "620702", None) in places(text, gaz)
    text = "甘州区深化基层治理。甘州区下辖三个镇。甘州区有十二个乡。"
    assert places(text, gaz) == []  # counts of towns, no town named


def test_single_characters_right_after_a_region_name_a_town_jieba_does_not_know(gaz):
    # 城关区|夺/底/街道: a verb and a locative alone, yet a town's name right after the county
    assert ("夺底街道", "街道", "540102", None) in places("拉萨市城关区夺底街道综治中心推出平台。", gaz)
    assert places("拉萨市城关区在街道设立服务站。", gaz) == []  # 在: a preposition, no name


def test_a_sentence_is_tagged_only_around_its_place_endings(gaz, monkeypatch):
    from kg.extract import places as module
    from kg.text import segment

    tagged_texts = []
    real = segment.tagged
    monkeypatch.setattr(segment, "tagged", lambda text: tagged_texts.append(text) or real(text))
    text = "会议指出,要坚持和发展新时代枫桥经验,深入推进平安建设,随县柳林镇院子河村建立了调解室"
    found = module._candidates(text, {text.index("柳林镇")}, lexicons().places)  # 随县 ends there
    assert [c.name for c in found] == ["柳林镇", "院子河村"]
    assert tagged_texts and all("会议指出" not in t for t in tagged_texts)  # the clauses before: never tagged
