"""Errors found by reading the 新闻联播 review sample (docs/review/xwlb-sample-seed0.md and a wider
sample, seed 1), each with the real sentence, and what the extractor must (not) find in it now."""

from __future__ import annotations

import pytest

from kg.clean import prepare
from kg.model import Document
from kg.organizations import find_organizations
from kg.regions import Gazetteer, find_region_mentions, subject_regions


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def regions(text: str, gaz: Gazetteer) -> list[tuple[str, str]]:
    return [(m.surface, m.adcode) for m in find_region_mentions(prepare(Document("t", text, "t")), gaz)]


def organizations(text: str, gaz: Gazetteer) -> list[str]:
    prepared = prepare(Document("t", text, "t"))
    mentions = find_region_mentions(prepared, gaz)
    return [o.name for o in find_organizations(prepared, mentions, subject_regions(prepared, mentions, gaz), gaz)]


# --- regions ---------------------------------------------------------------------------------


def test_county_short_name_inside_a_work_title_is_not_backed_by_its_parent(gaz):
    # was 红旗区 (新乡市 named just before backed the short name 红旗)
    text = ("河南省新乡市文化系统的数百名演职人员近日准备了30多场文化下乡演出，在乡村、社区搭起舞台，"
            "把豫剧《绣红旗》、《朝阳沟》等深受群众喜爱的剧目送到基层。")
    assert regions(text, gaz) == [("河南省", "410000"), ("新乡市", "410700")]


def test_county_short_name_inside_a_quoted_slogan_is_not_a_mention(gaz):
    # was 金山区 (上海 named in the same story backed 金山)
    text = ("深化上海自由贸易试验区改革开放。牢固树立“绿水青山就是金山银山”的理念，"
            "坚持把节约优先、保护优先、自然恢复作为基本方针。")
    assert regions(text, gaz) == [("上海", "310000")]


def test_a_lake_named_after_a_province_is_not_the_province(gaz):
    # was 青海省
    assert regions("第二十三届环青海湖国际公路自行车赛今天（7月7日）开赛，来自国内外22支队伍的154名运动员参赛。", gaz) == []


@pytest.mark.parametrize("text", [
    "主题教育中，浙江大学以院级党组织为主体组建52个联学联建读书班，读原著、学原文、悟原理。",
    "王安妮是浙江中医药大学中医学专业的本科生，每周她和同学们都要走出教室参加临床教学课。",
])
def test_a_university_named_after_a_province_is_not_the_province(text, gaz):
    # was 浙江省
    assert regions(text, gaz) == []


def test_the_province_itself_is_still_found(gaz):
    assert regions("浙江大力推进共同富裕，浙江省委作出部署。", gaz) == [("浙江", "330000"), ("浙江省", "330000")]


# --- organizations ---------------------------------------------------------------------------


def test_another_countrys_ministry_is_not_chinas(gaz):
    # was 司法部 (national body, no region)
    text = ("明尼苏达州民主党籍联邦参议员蒂娜·史密斯和埃米·克洛布彻9日联名致信司法部长邦迪，"
            "对州级机构被排除出本案调查表达“严重关切”，并敦促司法部重新考虑这一决定。")
    assert organizations(text, gaz) == []


def test_chinas_ministry_is_still_found(gaz):
    assert organizations("最高人民法院、司法部近日印发《人民陪审员培训、考核、奖惩工作办法》。", gaz) == [
        "最高人民法院", "司法部"]
