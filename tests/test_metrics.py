"""Figures: the numbers an article reports, with what they count.

Sentences are taken from the seed articles in /work/shared/seeds/.
"""

from __future__ import annotations

import re

import pytest

from kg.metrics import find_metrics, load_lexicon
from kg.model import Document, PreparedText, Sentence


def prepared(text: str) -> PreparedText:
    """A stand-in for the cleaning stage: norm = text, sentences end at 。！？； or a newline."""
    sentences, start = [], 0
    for m in re.finditer(r"[。！？；\n]|$", text):
        end = m.end()
        if text[start:end].strip():
            sentences.append(Sentence(len(sentences), start, end, text[start:end]))
        start = end
        if end >= len(text):
            break
    return PreparedText(Document("t.txt", text, "t.txt"), text, tuple(sentences))


def figures(text: str) -> list[tuple[str, float, str, str]]:
    return [(m.surface, m.value, m.unit, m.indicator) for m in find_metrics(prepared(text))]


def values(text: str) -> list[float]:
    return [m.value for m in find_metrics(prepared(text))]


def test_count_after_the_noun_it_counts():
    assert figures("配备网格员7600多名。") == [("7600多名", 7600, "名", "配备网格员")]


def test_count_before_the_noun_it_counts():
    assert figures("优化调整1322个综合网格,按“1+3+N”模式配齐配强专(兼)职网格员1844名。") == [
        ("1322个", 1322, "个", "综合网格"),
        ("1844名", 1844, "名", "按模式配齐配强专(兼)职网格员"),
    ]


@pytest.mark.parametrize(
    "sentence, value, unit",
    [
        ("全市累计建设视频点位12.45万个,镇村重点部位全覆盖。", 124500, "个"),
        ("查封、冻结、扣押涉案财产165045万元。", 1650450000, "元"),
        ("执结涉企案件921件,兑现标的额9.36亿元。", 936000000, "元"),
        ("整合接入平安乡村视频监控总量突破1万路。", 10000, "路"),
        ("微信有奖答题两天惠及13万多人并获市级创新奖。", 130000, "人"),
        ("全市建立3万余人的群防群治队伍。", 30000, "人"),
        ("组建义务巡逻队500余人。", 500, "人"),
        ("下发预警通知40余次。", 40, "次"),
        ("全市政法系统共有340余人次通过职务或职级序列得到晋升。", 340, "人次"),
        ("分8个批次全面介绍法规政策和基层实践。", 8, "批次"),
    ],
)
def test_values_are_normalised(sentence, value, unit):
    found = [m for m in find_metrics(prepared(sentence))]
    assert [(m.value, m.unit) for m in found][-1] == (value, unit)


def test_rates_and_changes():
    assert figures("排查化解各类矛盾纠纷5885件,化解率达98.59%。")[1] == ("98.59%", 98.59, "%", "化解率")
    assert figures("网络诈骗案件同比下降13.16%。") == [("13.16%", 13.16, "%", "网络诈骗案件同比降幅")]


def test_a_change_without_subject_borrows_the_previous_figure():
    found = figures("查处各类交通违法22.78万起,同比上升73.06%。")
    assert found[1] == ("73.06%", 73.06, "%", "查处各类交通违法同比增幅")


def test_listed_figures_share_their_clause():
    assert [f[3] for f in figures("刑事、治安案件警情同比分别下降13.24%、13.57%。")] == [
        "刑事案件警情同比降幅",
        "治安案件警情同比降幅",
    ]
    assert [(f[1], f[3]) for f in figures("法治体检和法律问诊17次、12次。")] == [
        (17, "法治体检"),
        (12, "法律问诊"),
    ]


def test_several_counts_in_one_clause():
    found = figures("全区40个单位、33个村(社区)和15个三星级以上酒店宾馆均明确了国安联络员。")
    assert [(f[1], f[3]) for f in found] == [(40, "单位"), (33, "村(社区)"), (15, "三星级以上酒店宾馆")]


def test_a_streak_counts_the_achievement_that_follows():
    found = figures("连续22年获评全省社会治安综合治理先进县市区,连续5次荣获“全国平安建设先进区”。")
    assert found == [
        ("22年", 22, "年", "获评全省社会治安综合治理先进县市区"),
        ("5次", 5, "次", "荣获“全国平安建设先进区”"),
    ]


def test_year_where_stated():
    [m] = find_metrics(prepared("2024年,全市政法系统共举办读书班16期。"))
    assert (m.value, m.year, m.indicator) == (16, "2024", "政法系统共举办读书班")


@pytest.mark.parametrize(
    "sentence",
    [
        "网络新闻部:023-79310379 广告联系:13983562888",  # phone numbers
        "邮编:409099 Copyright © 2004-2017",  # postcode, years
        "渝ICP备11002633号-1 渝公网安备 50011402500016号",  # licence numbers
        "2022年6月7日,市委政法委组织开展活动。",  # a date
        "2017-2020年度被省委、省政府表彰为平安甘肃建设优秀市州。",  # a range of years
        "入选全国第四批法治建设先进示范区,被评为党的十九大安全稳定工作先进集体。",  # ordinals
        "“6.26”宣传教育形成常态化,公安机关推动“12345”与“110”实现工单联动。",  # names
        "常态开展“1+13+N”平安稳定风险研判。",  # a formula
        "实行24小时分块无缝隙巡逻,打造“景区10分钟应急救援救治圈”。",  # durations
        "圆满完成香港回归20周年、建军90周年维稳安保工作。",  # anniversaries
        "10年来,全市平安建设考核位居全省前列。",  # a period
        "于2023年12月7日17时10分在北京逝世。",  # a time
        "1.jpg 2022年8月18日,高台县人民法院开庭。",  # a file name
    ],
)
def test_non_figures_are_left_out(sentence):
    assert values(sentence) == []


def test_offsets_point_into_the_document_text():
    text = "武陵山区,和声悦耳。\n全市共打掉涉黑涉恶犯罪团伙52个。"
    [m] = find_metrics(prepared(text))
    assert text[m.start : m.end] == m.surface == "52个"
    assert m.sentence == 1 and m.indicator == "打掉涉黑涉恶犯罪团伙"


def test_matching_uses_norm_and_reports_the_original():
    text = "配备网格员７６００多名。"  # full-width digits, folded in norm
    norm = "配备网格员7600多名。"
    prep = PreparedText(Document("t", text, "t"), norm, (Sentence(0, 0, len(text), text),))
    [m] = find_metrics(prep)
    assert (m.surface, m.value) == ("７６００多名", 7600)


def test_lexicon_files_load():
    lex = load_lexicon()
    assert lex.units["个批次"].unit == "批次"
    assert lex.multipliers["亿"] == 100_000_000
