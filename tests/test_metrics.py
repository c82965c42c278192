"""Figures: the numbers an article reports, with what they count.

Sentences are taken from the seed articles in corpus/.
"""

from __future__ import annotations

import re

import pytest

from kg.extract import metrics
from kg.model import Document, PreparedText, Sentence
from locations import lexicons


def find_metrics(prepared: PreparedText):
    return metrics.find_metrics(prepared, lexicons().figures)


def prepared(text: str) -> PreparedText:
    """A stand-in for the cleaning stage: norm = text, sentences end at 。！？； or a newline."""
    sentences, start = [], 0
    for m in re.finditer(r"[。！？；\n]|$", text):
        end = m.end()
        if text[start:end].strip():
            sentences.append(Sentence(index=len(sentences), start=start, end=end, text=text[start:end]))
        start = end
        if end >= len(text):
            break
    return PreparedText(document=Document(doc_id="t.txt", text=text, source="t.txt"), norm=text,
                        sentences=tuple(sentences))


def figures(text: str) -> list[tuple[str, float, str, str]]:
    return [(m.surface, m.value, m.unit, m.indicator) for m in find_metrics(prepared(text))]


def values(text: str) -> list[float]:
    return [m.value for m in find_metrics(prepared(text))]


def test_count_after_the_noun_it_counts():
    assert figures("配备网格员7600多名。") == [("7600多名", 7600, "名", "网格员")]


def test_count_before_the_noun_it_counts():
    assert figures("优化调整1322个综合网格,按“1+3+N”模式配齐配强专(兼)职网格员1844名。") == [
        ("1322个", 1322, "个", "综合网格"),
        ("1844名", 1844, "名", "专(兼)职网格员"),
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
        ("两年来共立公益诉讼57案件。", 57, "件"),
        ("综治中心建成1200㎡的调解大厅。", 1200, "平方米"),
        ("栏目开办一年来，收到群众来信300多封。", 300, "封"),
        ("收缴各类管制器具357具。", 357, "具"),
        # a count of 万 or 亿 and the smaller number written after it are one number
        ("督导组深入全省8市开展督导。", 8, "个"),  # 8市: a count of cities
        ("全市共化解纠纷1万2千多件。", 12000, "件"),
        ("投入专项资金1亿2000万元。", 120000000, "元"),
        ("全市1万三千多名网格员进村入户。", 13000, "名"),
        ("打掉涉恶团伙6个，破获涉恶刑事案件31起42案。", 42, "案"),
        # numbers in Chinese characters (number_words.tsv)
        ("全县年均化解纠纷超千件。", 1000, "件"),
        ("全市上千名群众参加禁毒宣誓。", 1000, "名"),
        ("近万名师生走进禁毒教育基地。", 10000, "名"),
        ("新建的社区服务站服务居民近六万人。", 60000, "人"),
        ("利用电子屏滚动播放宣传标语万余条次。", 10000, "条"),
        ("全区组建两千五百余支巡逻队伍。", 2500, "支"),
        ("成功将超过八成的矛盾纠纷化解在基层。", 80, "%"),
        ("群众对接处警的满意率达到百分之百。", 100, "%"),
        ("调解成功率达到百分之九十五。", 95, "%"),
    ],
)
def test_values_are_normalised(sentence, value, unit):
    found = [m for m in find_metrics(prepared(sentence))]
    assert [(m.value, m.unit) for m in found][-1] == (value, unit)


@pytest.mark.parametrize(
    "sentence",
    [
        "民警走进千家万户宣传防诈知识。",  # a round number with no lead is a word
        "这条一成不变的规矩沿用至今。",  # 一成 is no share
        "小巷只有百米长。",  # 百米 with no lead
        "两名民警和三个网格员赶到现场。",  # small counts in characters
        "十多名志愿者参与巡逻。",
    ],
)
def test_chinese_number_words_that_are_no_figures(sentence):
    assert values(sentence) == []


def test_words_beginning_with_shi_are_no_count_of_cities():
    assert values("群众拨打12345市民热线反映问题。") == []
    assert values("新开3市场监管所。") == []


def test_a_number_set_off_by_spaces_keeps_its_measure_word():
    # Web text that spaces digits off the Han characters around them.
    assert figures("整合综治、信访等 12 个部门,化解矛盾纠纷 57 余件。") == [
        ("12 个", 12, "个", "部门"),
        ("57 余件", 57, "件", "化解矛盾纠纷"),
    ]
    assert values("2025 年 9 月, 网络升级到 5 G。") == []  # no measure word after a year, a date, a sign


def test_rates_and_changes():
    assert figures("排查化解各类矛盾纠纷5885件,化解率达98.59%。")[1] == ("98.59%", 98.59, "%", "化解率")
    assert figures("网络诈骗案件同比下降13.16%。") == [("13.16%", 13.16, "%", "网络诈骗案件同比降幅")]


def test_a_change_without_subject_borrows_the_previous_figure():
    found = figures("查处各类交通违法22.78万起,同比上升73.06%。")
    assert found[1] == ("73.06%", 73.06, "%", "查处交通违法同比增幅")


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
    assert [(f[1], f[3]) for f in found] == [
        (40, "明确国安联络员的单位"),
        (33, "明确国安联络员的村(社区)"),
        (15, "明确国安联络员的三星级以上酒店宾馆"),
    ]


def test_a_streak_counts_the_achievement_that_follows():
    found = figures("连续22年获评全省社会治安综合治理先进县市区,连续5次荣获“全国平安建设先进区”。")
    assert found == [
        ("22年", 22, "年", "连续获评全省社会治安综合治理先进县市区年数"),
        ("5次", 5, "次", "连续荣获“全国平安建设先进区”次数"),
    ]


def test_year_where_stated():
    [m] = find_metrics(prepared("2024年,全市政法系统共举办读书班16期。"))
    assert (m.value, m.year, m.indicator) == (16, "2024", "读书班")


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
        "全市推行3具体措施。",  # 具体 is no measure word
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
    prep = PreparedText(document=Document(doc_id="t", text=text, source="t"), norm=norm,
                        sentences=(Sentence(index=0, start=0, end=len(text), text=text),))
    [m] = find_metrics(prep)
    assert (m.surface, m.value) == ("７６００多名", 7600)


# Indicators: what is counted, without the verbs, scope and clauses around it.
# Each sentence is real (the seeds, or xwlb transcripts where marked).


@pytest.mark.parametrize(
    "sentence, value, indicator",
    [
        # leading verbs of building and equipping are not what is counted
        ("培育发展第三方稳评公司34家,全市重大决策社会稳定风险评估率100%。", 34, "第三方稳评公司"),
        ("建成四级“全科、全要素”网格7452个,配备网格员7600多名。", 7452, "“全科、全要素”网格"),
        ("建立人民调解委员会50个。", 50, "人民调解委员会"),
        # the head after a relative clause ending in 的, with its coordination
        ("涌现出100余个享誉全国的先进典型个人和集体。", 100, "先进典型个人和集体"),
        # levels and brackets: never cut inside (街道)
        ("建立2500多人的县区、乡镇(街道)两级专职巡防队伍。", 2500, "专职巡防队伍人数"),
        # a verb phrase that closes the clause says which are counted
        ("率先在全省为66个乡镇(街道)配齐配强政法委员。", 66, "配齐配强政法委员的乡镇(街道)"),
        ("全区33个村(社区)和17个部门单位聘请法律顾问。", 17, "聘请法律顾问的部门单位"),
        # scope words inside, light verbs, periods in words
        ("排查化解各类矛盾纠纷5885件,化解率达98.59%。", 5885, "排查化解矛盾纠纷"),
        ("各级领导干部开展学习研讨196次。", 196, "领导干部学习研讨"),
        ("近五年共发放救助资金1600万元。", 16_000_000, "发放救助资金"),
        ("完成封控圈智能前端镜头建设85个。", 85, "封控圈智能前端镜头"),
        # a 的 after a noun is possessive: the number counts the noun before it
        ("充分发挥全市1273个调解组织和4323名人民调解员的作用。", 4323, "人民调解员"),
        ("在8个管委会下设10个执法中队的基础上。", 10, "执法中队"),
        # rates rise (升幅), counts grow (增幅); a share of something is a 比例
        ("全市刑事案件破案率同比上升27.7%。", 27.7, "刑事案件破案率同比升幅"),
        ("农村地区盗窃发案普遍下降40%以上。", 40, "农村地区盗窃发案降幅"),
        ("调解数量占全市矛盾纠纷总量的90%。", 90, "调解数量占全市矛盾纠纷总量比例"),
    ],
)
def test_indicators_name_what_is_counted(sentence, value, indicator):
    assert (value, indicator) in [(f[1], f[3]) for f in figures(sentence)]


@pytest.mark.parametrize(
    "sentence, indicator",
    [
        ("组建义务巡逻队500余人。", "义务巡逻队人数"),  # a team is not people: its size
        ("聘请检企联络员6名。", "检企联络员"),  # people are named: no 人数
        ("美国宾州一工厂发生爆炸 2人死亡", "死亡人数"),  # xwlb
        ("“6.26”3000多人参加禁毒拒毒宣誓活动。", "参加禁毒拒毒宣誓活动人数"),
    ],
)
def test_counts_of_people(sentence, indicator):
    assert figures(sentence)[-1][3] == indicator


def test_a_team_and_its_members():
    assert [(f[1], f[2], f[3]) for f in figures("组建9支287人应急服务分队。")] == [
        (9, "支", "应急服务分队"),
        (287, "人", "应急服务分队人数"),
    ]


# Units: every figure has one (the graph's shapes require it).


@pytest.mark.parametrize(
    "sentence, value, unit, indicator",
    [
        # measure words of freight and energy (xwlb)
        ("发送货物18万标箱,同比分别增长15%、11%。", 180_000, "标箱", "发送货物"),
        ("全年可发电约5.4亿度。", 540_000_000, "度", "可发电"),
        # a number with no measure word: the unit its indicator implies (xwlb)
        ("教育支出超4.2万亿,财政加力缩小城乡教育资源差距。", 4.2e12, "元", "教育支出"),
        ("观影人次超过1857万。", 18_570_000, "人次", "观影人次"),
        ("调整存量房贷利率,惠及1.5亿居民,平均每年将减少利息支出约1500亿元。", 150_000_000, "人", "居民"),
        ("在以习近平同志为核心的党中央坚强领导下,14亿多中国人团结一心。", 1_400_000_000, "人", "中国人"),
        ("总投资328个亿。", 32_800_000_000, "元", "总投资"),
    ],
)
def test_numbers_get_their_unit(sentence, value, unit, indicator):
    assert (value, unit, indicator) in [(f[1], f[2], f[3]) for f in figures(sentence)]


def test_a_range_borrows_the_unit_of_its_end():
    found = figures("该公司今年可能因此损失40亿至50亿美元。")
    assert [(f[1], f[2]) for f in found] == [(4e9, "美元"), (5e9, "美元")]


@pytest.mark.parametrize(
    "sentence",
    [
        "感谢“5年5万”倡议为两国青少年学习交流提供了平台。",  # a name, not a figure (xwlb)
        "从2012年突破50万亿到2020年突破100万亿,大幅增长。",  # nothing says of what (xwlb)
        "移民村的1600多村民来自外地。",  # 村 of 村民 is no measure word (not_units.txt)
    ],
)
def test_numbers_without_any_unit_are_left_out(sentence):
    assert values(sentence) == []


# Sentences from xwlb transcripts: whatever is found, it has a unit and a value.
XWLB = [
    "6月份,中欧班列累计开行1719列,发送货物18万标箱,同比分别增长15%、11%。",
    "国家铁路发送货物3.32亿吨,完成货运周转量2665亿吨公里,同比分别增长6.1%、5.6%。",
    "在已经取得的500亿票房中,国产影片票房超409亿,占比近82%。",
    "巴以冲突爆发以来,以军在加沙地带的军事行动已造成超6万巴勒斯坦人死亡。",
    "截至目前,全国已有2200多万符合条件的婴幼儿家庭提交申请。",
    "政策支持范围由最初的35个超大特大城市和城区常住人口300万以上的大城市,进一步扩大。",
    "光源的增强器束流能量达到60亿电子伏特,总体性能达到国际先进水平。",
    "近五年来,中国与上合组织其他成员国贸易额接连突破3000亿、4000亿、5000亿美元。",
    "美确诊病例超821万 死亡病例超22万",
    "今年我国粮食产量预计将首次突破1.4万亿斤。",
    "雄安新区第二座500千伏新建变电站正式投运",
]


@pytest.mark.parametrize("sentence", XWLB)
def test_every_figure_has_a_unit(sentence):
    for m in find_metrics(prepared(sentence)):
        assert m.unit and m.value > 0, m


def test_every_figure_has_a_unit_on_any_mix_of_these_sentences():
    hypothesis = pytest.importorskip("hypothesis")
    strategies = pytest.importorskip("hypothesis.strategies")

    @hypothesis.settings(max_examples=60, deadline=None, derandomize=True)
    @hypothesis.given(strategies.lists(strategies.sampled_from(XWLB), min_size=1, max_size=4), strategies.text("0123456789万亿多余,、 ", max_size=12))
    def check(chosen, noise):
        for m in find_metrics(prepared(noise.join(chosen))):
            assert m.unit, m

    check()


def test_lexicon_files_load():
    lex = lexicons().figures
    assert lex.units["个批次"].unit == "批次"
    assert lex.multipliers["亿"] == 100_000_000


def test_sentences_about_another_topic_are_left_unparsed():
    # topics.tsv: a sentence of the economy with no governance word holds no reported figure, so
    # find_metrics need not parse it (the same figures as parsing it and dropping them one by one).
    text = prepared("全县GDP增长8.5%，实现地区生产总值320亿元。全县建成综治中心12个。")
    lex = lexicons().figures
    economy, governance = text.sentences
    assert metrics.sentence_not_reported(text.norm_of(economy), lex) == "topic"
    assert metrics.sentence_not_reported(text.norm_of(governance), lex) is None
    skip = lambda s: metrics.sentence_not_reported(text.norm_of(s), lex) is not None  # noqa: E731
    kept = [m.value for m in metrics.find_metrics(text, lex, skip=skip)]
    assert kept == [m.value for m in find_metrics(text) if m.sentence == governance.index] == [12]


def test_a_number_opened_by_a_zero_is_no_quantity():
    # "11 000次" split by a space: its "000次" is no count of nothing; a code (0571) is no figure either.
    assert values("该信息被转发11 000次，评论3300余次。") == [3300]
    assert values("拨打0571个案热线。") == []
    assert values("发案率下降0.5%。") == [0.5]


def test_a_sentence_with_no_number_character_is_not_searched_for_numbers_in_characters():
    # the pattern of numbers in characters has no first character to scan for; its hint (a digit or place
    # character, which every such number holds) is one fast scan, and most sentences have none
    cn = lexicons().figures.chinese
    for text in ("年均化解纠纷超千件", "近万名师生", "超过八成的纠纷", "满意率达到百分之百", "两千五百余支"):
        number = cn.pattern.search(text)
        assert number is not None and cn.hint.search(number.group())
    assert cn.hint.search("群众安全感明显提升") is None
