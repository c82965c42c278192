"""Named political-legal bodies, with real sentences from the seed articles.

Each test builds a small article, names its regions (as the region finder
would), and checks the full names and regions the extractor resolves.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import pytest

from kg.model import Document, PreparedText, Region, RegionMention, Sentence
from kg.text.normalize import normalize
from kg.extract.organizations import find_organizations
from locations import lexicons

ORG_TYPES = {"政法委", "公安", "法院", "检察院", "司法行政", "武警", "综治", "信访", "社会组织", "其他"}


class FakeRegions:
    """The seeds' regions, enough for the extractor's RegionLookup."""

    def __init__(self) -> None:
        rows = [
            ("500000", "重庆市", "province", None, "重庆"),
            ("500114", "黔江区", "county", "500000", "黔江"),
            ("430000", "湖南省", "province", None, "湖南"),
            ("430800", "张家界市", "prefecture", "430000", "张家界"),
            ("430811", "武陵源区", "county", "430800", "武陵源"),
            ("620000", "甘肃省", "province", None, "甘肃"),
            ("620700", "张掖市", "prefecture", "620000", "张掖"),
            ("620702", "甘州区", "county", "620700", "甘州"),
            ("620723", "临泽县", "county", "620700", "临泽"),
            ("620724", "高台县", "county", "620700", "高台"),
            ("620725", "山丹县", "county", "620700", "山丹"),
            ("420000", "湖北省", "province", None, "湖北"),
            ("421300", "随州市", "prefecture", "420000", "随州"),
            ("421321", "随县", "county", "421300", None),
            ("421303", "曾都区", "county", "421300", "曾都"),
            ("421381", "广水市", "county", "421300", "广水"),
            ("510000", "四川省", "province", None, "四川"),
            ("511900", "巴中市", "prefecture", "510000", "巴中"),
            ("511902", "巴州区", "county", "511900", "巴州"),
            ("640000", "宁夏回族自治区", "province", None, "宁夏"),
            ("640100", "银川市", "prefecture", "640000", "银川"),
            ("640106", "金凤区", "county", "640100", "金凤"),
            ("440000", "广东省", "province", None, "广东"),
            ("442000", "中山市", "prefecture", "440000", "中山"),  # a city without counties
            ("340000", "安徽省", "province", None, "安徽"),
            ("340700", "铜陵市", "prefecture", "340000", "铜陵"),
            ("340711", "郊区", "county", "340700", None),  # a county named only by a kind of area
            ("370000", "山东省", "province", None, "山东"),
            ("370100", "济南市", "prefecture", "370000", "济南"),
            ("370116", "莱芜区", "county", "370100", "莱芜"),  # 莱城区 until 2019 (former_divisions.tsv)
        ]
        self.regions: dict[str, Region] = {}
        for code, name, level, parent, short in rows:
            full = (self.regions[parent].full_name if parent else "") + name
            self.regions[code] = Region(adcode=code, name=name, full_name=full, level=level, parent=parent,
                                        short_name=short)

    def get(self, adcode: str) -> Optional[Region]:
        return self.regions.get(adcode)

    def ancestors(self, adcode: str) -> list[Region]:
        out, parent = [], self.regions[adcode].parent
        while parent:
            out.append(self.regions[parent])
            parent = self.regions[parent].parent
        return out

    def children(self, adcode: str) -> list[Region]:
        return [r for r in self.regions.values() if r.parent == adcode]

    def mentions(self, prepared: PreparedText) -> list[RegionMention]:
        """A crude region finder: official and short names, longest first."""
        names = sorted(
            ((form, r.adcode) for r in self.regions.values() for form in (r.name, r.short_name) if form),
            key=lambda p: -len(p[0]),
        )
        out = []
        for s in prepared.sentences:
            text, taken = prepared.norm_of(s), set()
            for form, code in names:
                for m in re.finditer(re.escape(form), text):
                    span = set(range(m.start(), m.end()))
                    if not span & taken:
                        taken |= span
                        a, b = s.start + m.start(), s.start + m.end()
                        out.append(RegionMention(start=a, end=b, surface=prepared.document.text[a:b],
                                                 sentence=s.index, adcode=code))
        return sorted(out, key=lambda m: m.start)


REGIONS = FakeRegions()


def prepare(text: str) -> PreparedText:
    """Sentences end at 。！？ or a line break (a stand-in for kg.text.clean)."""
    sentences, start = [], 0
    for m in re.finditer(r"[。！？\n]|$", text):
        end = m.end() if m.group() else len(text)
        if text[start:end].strip():
            sentences.append(Sentence(index=len(sentences), start=start, end=end, text=text[start:end]))
        start = end
    return PreparedText(document=Document(doc_id="t.txt", text=text, source="t.txt"), norm=normalize(text),
                        sentences=tuple(sentences))


def orgs(text: str, subject: str) -> list:
    prepared = prepare(text)
    return find_organizations(prepared, REGIONS.mentions(prepared), [subject], REGIONS, lexicons().organizations,
                              lexicons().places)


def names(text: str, subject: str) -> set[tuple[str, Optional[str]]]:
    return {(o.name, o.adcode) for o in orgs(text, subject)}


# ---------------------------------------------------------------- 黔江 (a county article)


def test_short_forms_in_a_county_article_take_the_county():
    text = "区司法局针对18个重点执法单位开展集中业务培训；区公安局积极开展法律知识竞赛；区检察院举办黔检大讲坛，开展教育调训；区法院推进“三个规定”填报。"
    assert names(text, "500114") == {
        ("黔江区司法局", "500114"),
        ("黔江区公安局", "500114"),
        ("黔江区人民检察院", "500114"),
        ("黔江区人民法院", "500114"),
    }


def test_party_committee_bodies():
    text = "建立健全区委常委会每周通报安全稳定形势、区委平安办定期排名晾晒等制度机制。(图片均由黔江区委政法委提供)"
    found = orgs(text, "500114")
    assert {(o.name, o.org_type) for o in found} == {("黔江区委平安办", "综治"), ("黔江区委政法委", "政法委")}
    for o in found:
        assert o.surface == text[o.start : o.end]


def test_tribunal_named_after_a_town_and_a_national_court():
    text = "深化“一镇街一法官”“一庭两所”工作机制，濯水法庭做精做细“天理良心”调解品牌，成功入选最高人民法院新时代人民法庭建设典型案例。"
    found = {(o.name, o.adcode, o.org_type) for o in orgs(text, "500114")}
    assert found == {("濯水法庭", "500114", "法院"), ("最高人民法院", None, "法院")}


# ---------------------------------------------------------------- 武陵源


def test_two_courts_and_bare_bodies_of_a_county():
    text = "以审判为中心的司法诉讼制度改革扎实推进，“两院”顺利完成首批员额法官、检察官遴选工作。法院审判大楼、公安局技侦大楼建成。"
    assert names(text, "430811") == {
        ("武陵源区人民法院", "430811"),
        ("武陵源区人民检察院", "430811"),
        ("武陵源区公安局", "430811"),
    }


def test_police_unit_centre_and_province_body():
    text = (
        "区交警二大队被评为全国公安机关爱民模范集体。"
        "区民调中心对全区6个乡(街道)进行民调测评。"
        "取得显著效果，受到省综治委高度肯定，并列入司法部的联系点。"
    )
    assert names(text, "430811") == {
        ("武陵源区交警二大队", "430811"),
        ("武陵源区民调中心", "430811"),
        ("湖南省综治委", "430000"),
        ("司法部", None),
    }


def test_generic_units_are_not_organizations():
    text = "聘请检企联络员6名，服务旅游检察工作室、旅游速裁法庭等机制措施更加完善。“雪亮工程”、网格化指挥中心、综治中心建设如期完成。"
    assert orgs(text, "430811") == []


# ---------------------------------------------------------------- 张掖 (a prefecture article)


def test_place_name_with_public_security_and_armed_police():
    text = "2021年国庆节期间，张掖公安与张掖武警支队在钟鼓楼联勤巡逻。"
    found = {(o.name, o.adcode, o.org_type) for o in orgs(text, "620700")}
    assert found == {("张掖市公安局", "620700", "公安"), ("张掖武警支队", "620700", "武警")}


def test_units_keep_their_written_parent():
    text = (
        "2022年8月18日，高台县人民法院南华法庭干警到南华镇胜利村了解具体情况。"
        "先后推选出全国优秀法院甘州区法院、全国“枫桥式公安派出所”临泽县公安局平川派出所。"
    )
    found = {(o.name, o.adcode, o.parent) for o in orgs(text, "620700")}
    assert found == {
        ("高台县人民法院", "620724", None),
        ("高台县人民法院南华法庭", "620724", "高台县人民法院"),
        ("甘州区人民法院", "620702", None),
        ("临泽县公安局", "620723", None),
        ("临泽县公安局平川派出所", "620723", "临泽县公安局"),
    }


def test_a_unit_named_alone_is_the_one_named_in_full():
    text = "临泽县公安局平川派出所获评枫桥式派出所。平川派出所民警走村入户。"
    assert names(text, "620700") == {("临泽县公安局", "620723"), ("临泽县公安局平川派出所", "620723")}


def test_city_bodies_and_an_association():
    text = (
        "2022年6月7日，市委政法委组织举办全市政法系统学习贯彻省第十四次党代会精神宣讲报告会。"
        "培育发展第三方稳评公司34家，成立张掖市社会稳定风险评估促进会。"
        "2022年5月27日，张掖市检察院举行检察开放日活动。"
        "2020年9月16日，山丹县矛调中心现场调解群众矛盾纠纷。"
    )
    found = {(o.name, o.adcode, o.org_type) for o in orgs(text, "620700")}
    assert found == {
        ("张掖市委政法委", "620700", "政法委"),
        ("张掖市社会稳定风险评估促进会", "620700", "社会组织"),
        ("张掖市人民检察院", "620700", "检察院"),
        ("山丹县矛调中心", "620725", "综治"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "统筹基层法庭、公安派出所、司法所、矛盾调处中心、便民服务中心等社会治理力量参与平安建设各项工作。",
        "公安机关、检察机关、法院、司法行政机关各司其职、相互配合、相互制约的体制机制进一步健全。",
        "法检两院员额制、内设机构、人财物省级统管改革如期完成。",
        "甘州区法院“三分流七支撑”机制被誉为“新时代甘肃法院枫桥经验的新亮点”。",
        "探索出了“民情报告单”“一庭三所联动”“和事老协会”等一批矛盾纠纷调解的新模式。",
        "率先在全省为66个乡镇(街道)配齐配强政法委员，并统一兼任乡镇(街道)综治中心主任。",
        "探索推行服务种业的“种子法庭”工作模式。",
    ],
)
def test_generic_mentions_in_a_prefecture_article(text):
    # Only 甘州区法院 is one named court here; 法院 alone in a city article is every court.
    assert names(text, "620700") <= {("甘州区人民法院", "620702")}


# ---------------------------------------------------------------- 随州, 巴州


def test_province_and_city_prefixes_follow_the_subject_region():
    text = (
        "政法业务协同办案平台应用加速推进，中央政法委课题调研组领导来随调研。"
        "2024年，全市政法系统在省委政法委和市委的坚强领导下，紧紧围绕政法工作现代化主题主线。"
        "召开市委政法委员会全体会议，对重大事项集体研究。"
        "建立民商事速裁团队，经验得到省高院推广。"
        "对各县市区党委政法委和市县两级公安机关开展政治督察。"
    )
    assert names(text, "421300") == {
        ("中央政法委", None),
        ("湖北省委政法委", "420000"),
        ("随州市委政法委", "421300"),
        ("湖北省高级人民法院", "420000"),
    }


def test_place_name_with_justice_and_a_quoted_social_organization():
    text = (
        "联合巴州区纪委监委定期开展专项督查并通报。"
        "培优“中義”等第三方调解组织，构建基层治理新格局。"
        "持续深化“巴州公安九大便民行动”“巴州司法1+9为民行动”等特色服务。"
        "完善“24小时自助法院”，打通纠纷化解双渠道。"
    )
    found = {(o.name, o.adcode, o.org_type) for o in orgs(text, "511902")}
    assert found == {
        ("巴州区纪委监委", "511902", "其他"),
        ("中義", "511902", "社会组织"),
        ("巴州区公安局", "511902", "公安"),
        ("巴州区司法局", "511902", "司法行政"),
    }


# ---------------------------------------------------------------- the lexicon


def test_every_body_kind_has_a_known_type():
    lex = lexicons().organizations
    types = {k.org_type for k in lex.bodies.values()} | {k.org_type for k in lex.units.values()}
    types |= set(lex.services.values()) | {t for _, types in lex.national.values() for t in types.split("|")} | set(lex.associations.values())
    assert types - {"-"} <= ORG_TYPES


def test_types_are_the_labels_of_the_type_scheme():
    ttl = (Path(__file__).resolve().parent.parent / "ontology" / "organizations" / "types.ttl").read_text("utf-8")
    for label in ORG_TYPES:
        assert f'"{label}"@zh' in ttl


def test_output_is_deterministic_and_quotes_the_text():
    text = "2021年国庆节期间，张掖公安与张掖武警支队在钟鼓楼联勤巡逻。张掖市司法局在甘州区普家庄村举行活动。"
    first, second = orgs(text, "620700"), orgs(text, "620700")
    assert first == second
    assert [o.start for o in first] == sorted(o.start for o in first)
    for o in first:
        assert o.surface == text[o.start : o.end]


def test_an_association_of_the_article_region_written_with_a_bare_prefix():
    assert names("会上，市法学会作了交流发言。", "421300") == {("随州市法学会", "421300")}
    assert names("张掖充分发挥养老行业协会会员单位作用。", "620700") == set()


def test_a_branch_named_by_a_district_is_that_district_and_parents_its_stations():
    text = "张掖市公安局甘州分局城关派出所开展走访。张掖市公安局高台分局组织培训。"
    assert names(text, "620700") == {
        ("张掖市公安局", "620700"),
        ("张掖市公安局甘州分局", "620702"),
        ("张掖市公安局甘州分局城关派出所", "620702"),
        ("张掖市公安局高台分局", "620724"),
    }


def test_a_unit_or_centre_named_alone_takes_the_longest_name_the_article_writes():
    text = ("高台县人民法院南华人民法庭审结案件。南华法庭受案数逐年下降。"
            "张掖市甘州区三河镇综治中心挂牌运行。三河镇综治中心全天候接待群众。")
    assert names(text, "620700") == {
        ("高台县人民法院", "620724"),
        ("高台县人民法院南华人民法庭", "620724"),
        ("甘州区三河镇综治中心", "620702"),
    }


def test_a_towns_centre_under_its_full_name_is_the_towns():
    # The centres' long names (bodies.tsv) are a town's units too, as 综治中心 is.
    text = "张掖市甘州区三河镇社会矛盾纠纷调处化解中心接待来访群众。甘州区沙井镇社会治安综合治理中心挂牌。"
    assert names(text, "620700") == {("甘州区三河镇社会矛盾纠纷调处化解中心", "620702"),
                                     ("甘州区沙井镇社会治安综合治理中心", "620702")}


def test_a_body_named_in_a_persons_title_is_the_committees_whose_member_it_names():
    assert names("张掖市委常委、政法委书记王某介绍。", "620724") == {("张掖市委政法委", "620700")}
    assert names("甘肃省委常委、政法委书记刘某说。", "620724") == {("甘肃省委政法委", "620000")}
    assert names("县委原常委、政法委书记李某被查。", "620724") == {("高台县委政法委", "620724")}
    assert names("张掖市委副书记、市长王某说。", "620724") == set()  # no body's ending after the title


def test_a_department_written_after_its_body_is_an_organization_of_that_body():
    text = "县综治中心辐射县司法局法律服务中心和县公安局110指挥中心。高台县人民法院执行局局长介绍情况。高台县公安局反电信诈骗中心预警。"
    found = {(o.name, o.adcode, o.parent) for o in orgs(text, "620724")}
    assert {("高台县司法局法律服务中心", "620724", "高台县司法局"),
            ("高台县公安局110指挥中心", "620724", "高台县公安局"),
            ("高台县人民法院执行局", "620724", "高台县人民法院"),
            ("高台县公安局反电信诈骗中心", "620724", "高台县公安局")} <= found


def test_a_kind_of_station_between_the_town_and_the_ending_is_part_of_its_name():
    assert names("整合派出所(城关治安派出所、南华边境派出所)资源。", "620724") == {
        ("城关治安派出所", "620724"), ("南华边境派出所", "620724")}
    assert names("治安派出所民警开展巡逻。", "620724") == set()


def test_a_bare_county_prefix_with_no_county_in_force_is_the_county_just_named():
    text = "年末，甘肃临泽县的7位农民工心急如焚。村干部帮他们扫描了县司法局二维码，提交了求助信息。"
    assert names(text, "620000") == {("临泽县司法局", "620723")}
    assert names("村干部帮他们扫描了县司法局二维码。", "620000") == set()


def test_a_bare_town_ending_stands_for_the_town_named_just_before():
    text = "县里现场察看了三河镇职能机构设置。网格员巡查时发现纠纷，随即上报镇综治中心。"
    assert names(text, "620724") == {("三河镇综治中心", "620724")}
    assert names("县里加强镇综治中心建设。", "620724") == set()  # no town named: 乡镇 in general


def test_national_bodies_and_the_central_supervision_groups():
    text = "中央第八督导组进驻以来，中央督导组交办的线索全部办结。中央宣传部、公安部发布先进事迹。"
    assert names(text, "620724") == {("中央第八督导组", None), ("中央扫黑除恶督导组", None),
                                     ("中央宣传部", None), ("公安部", None)}


def test_a_unit_named_alone_after_the_police_body_of_its_sentence_is_that_body_unit():
    text = ("接警后，临泽县公安局政委带队赶到现场，刑警大队教导员带领一个小组连夜搜捕。"
            "不久前，张掖警方侦测到伪基站信号，合成作战指挥中心立即调集专业小组。")
    found = {(o.name, o.adcode, o.parent) for o in orgs(text, "620700")}
    assert ("临泽县公安局刑警大队", "620723", "临泽县公安局") in found
    assert ("张掖市公安局合成作战指挥中心", "620700", "张掖市公安局") in found
    assert names("刑警大队教导员带领一个小组连夜搜捕。", "620700") == set()


def test_a_station_named_by_characters_jieba_does_not_know_after_a_region_or_locative():
    assert names("高台县顾村派出所民警开展走访。", "620724") == {("高台县顾村派出所", "620724")}
    assert names("近日，在毛家寨派出所辖区开展巡逻。", "620724") == {("毛家寨派出所", "620724")}
    assert names("兄弟四人到过派出所，又去了派出所。", "620724") == set()


def test_a_named_committee_opened_by_its_region_and_not_a_body_ending_or_a_village_committee():
    text = "甘州区区级调处专家委员会正式成立。会上印发了《中共高台县委政法委员会工作办法》。"
    assert names(text, "620702") == {("甘州区区级调处专家委员会", "620702"), ("高台县委政法委", "620724")}
    assert names("高台县南华镇某村村民委员会召开会议。", "620724") == set()


def test_a_department_named_alone_is_the_department_of_the_body_of_its_type_named_before():
    text = ("高台县人民法院党组指派该院干警包村。执行局副局长王某介绍，民事审判第一庭(民一庭)也参与调解。"
            "高台县人民检察院检察委员会委员、第二检察部主任李某说，12309检察服务中心全天受理。")
    found = {(o.name, o.adcode, o.parent) for o in orgs(text, "620724")}
    assert {("高台县人民法院执行局", "620724", "高台县人民法院"),
            ("高台县人民法院民事审判第一庭", "620724", "高台县人民法院"),
            ("高台县人民检察院第二检察部", "620724", "高台县人民检察院"),
            ("高台县人民检察院12309检察服务中心", "620724", "高台县人民检察院")} <= found
    # a procuratorate's 公益诉讼检察部 named alone; 公益诉讼检察部门 is its office in general
    assert ("高台县人民检察院公益诉讼检察部", "620724") in names(
        "高台县人民检察院召开会议。公益诉讼检察部紧紧围绕大局。", "620724")
    assert names("高台县人民检察院召开会议。公益诉讼检察部门发现线索。", "620724") == {("高台县人民检察院", "620724")}
    # a short form the article never writes in full is kept as written (最高人民法院民一庭)
    assert names("最高人民法院民一庭庭长介绍。", "620724") == {("最高人民法院", None), ("最高人民法院民一庭", None)}
    # no court or procuratorate named before, or every court's: no department
    assert names("立案庭窗口前排起长队。", "620724") == set()
    assert names("张掖市中级人民法院通报，各级法院执行局要加强协作。", "620700") == {("张掖市中级人民法院", "620700")}


def test_a_districts_police_branch_is_the_branch_of_its_citys_bureau():
    # 甘州公安分局, 甘州分局: the city bureau's branch named by the district, as GUIDELINES write it
    text = "前不久，甘州公安分局城关派出所民警发现线索。甘州分局随即成立专班。"
    found = {(o.name, o.adcode, o.parent) for o in orgs(text, "620700")}
    assert found == {
        ("张掖市公安局甘州分局", "620702", "张掖市公安局"),
        ("张掖市公安局甘州分局城关派出所", "620702", "张掖市公安局甘州分局"),
    }
    # a bare 区公安分局 is the branch under the district's full name, as the gold writes it (拱墅区分局, 荔湾区分局)
    assert names("区公安分局组织培训。", "620702") == {("张掖市公安局甘州区分局", "620702")}
    # the district written in full keeps its full name in the branch's (武汉市公安局硚口区分局)
    assert names("张掖市甘州区公安分局民警出动。", "620700") >= {("张掖市公安局甘州区分局", "620702")}


def test_a_level_word_before_a_centre_is_the_centre_of_the_region_in_force_at_that_level():
    assert names("高台县建立县级综治中心1个，做实乡镇综治中心。", "620724") == {("高台县综治中心", "620724")}
    assert names("市级综治中心吸纳市心理健康协会。", "620700") >= {("张掖市综治中心", "620700")}
    # in a city's article 县级 is every county's; so after 全省 or a count
    assert names("以县级综治中心规范化建设为抓手，全省县级综治中心完成评定。", "620700") == set()
    assert names("全市4个县级综治中心投入运行。", "620724") == set()
    # a list of regions, 等 and a count: each listed county's centre
    assert names("全市甘州区、临泽县、高台县等3个县级综治中心被评为一级。", "620700") == {
        ("甘州区综治中心", "620702"), ("临泽县综治中心", "620723"), ("高台县综治中心", "620724")}
    # a clause whose actor is the city: every county's
    assert names("我市以县级综治中心规范化建设为抓手。", "620724") == set()


def test_other_national_state_bodies_are_named_as_written():
    text = "国家统计局今天发布数据，商务部、教育部和全国妇联联合部署，教育部门和卫生部门配合。"
    assert names(text, "620724") == {("国家统计局", None), ("商务部", None), ("教育部", None), ("全国妇联", None)}


def test_a_region_and_jiancha_is_its_procuratorate_as_a_region_and_gongan_is_its_bureau():
    assert names("近年来，张掖检察深化公益诉讼。", "620700") == {("张掖市人民检察院", "620700")}
    assert names("他扎根在检察工作一线。", "620700") == set()


def test_a_bare_body_after_a_verb_is_the_countys_but_not_one_gone_to():
    assert names("高台县打破部门壁垒，整合法院、检察院等力量集中办公。", "620724") == {
        ("高台县人民法院", "620724"), ("高台县人民检察院", "620724")}
    assert names("老人一家准备到法院起诉，师生走进法院参观。", "620724") == set()


def test_a_body_mediating_one_kind_of_dispute_is_named_by_that_kind():
    text = ("甘州区成立了医疗纠纷人民调解委员会。在甘州区公共法律服务中心的物业管理纠纷调解委员会，双方握手言和。"
            "临泽县法院设立巡回法庭和非公企业纠纷联合调解中心。他们都在这个涉外纠纷调解委员会工作。")
    found = names(text, "620702")
    assert {("甘州区医疗纠纷人民调解委员会", "620702"),
            ("甘州区公共法律服务中心物业管理纠纷调解委员会", "620702"),
            ("甘州区非公企业纠纷联合调解中心", "620702")} <= found
    assert not any("这个" in name for name, _ in found)
    # a kind that is any county's, with nothing before it that says whose
    assert names("通过整合基层矛盾纠纷调解中心，化解纠纷。", "620702") == set()


def test_a_police_office_named_with_its_station_is_a_unit_of_that_station():
    text = "他是临泽县公安局平川派出所金华园社区警务室民警。“小高警务室”远近闻名。"
    found = {(o.name, o.adcode, o.parent) for o in orgs(text, "620723")}
    assert ("临泽县公安局平川派出所金华园社区警务室", "620723", "临泽县公安局平川派出所") in found
    assert not any(name.startswith("小高") for name, _, _ in found)


def test_a_unit_named_by_a_place_jieba_reads_as_a_common_noun_where_a_name_opens():
    assert names("黄流法庭法治服务中心揭牌成立。民警到土桥派出所调解。", "620724") >= {
        ("黄流法庭", "620724"), ("土桥派出所", "620724")}
    assert names("全市派出所共成功化解矛盾纠纷1337件，破产法庭审结案件。", "620700") == set()
    assert names("推行和完善“农忙法庭”“远程法庭”。", "620724") == set()  # kinds in quotes


def test_a_short_name_and_the_court_only_its_level_has_is_that_court():
    # a prefecture has one 中院, a province one 高院: 张掖中院, 甘肃高院 (but 甘肃法院 is every court)
    assert names("张掖中院审结此案，甘肃高院维持原判。", "620702") == {
        ("张掖市中级人民法院", "620700"), ("甘肃省高级人民法院", "620000")}


def test_an_association_does_not_reach_back_over_a_body_to_the_bodys_region():
    found = names("他是高台县人民检察院检察委员会委员。高台县综治中心吸纳乌兰志愿者协会参与调解。", "620724")
    assert found == {("高台县人民检察院", "620724"), ("高台县综治中心", "620724")}


def test_a_station_after_a_region_written_with_its_level_is_every_station_of_it():
    assert names("2013年以来，张掖市派出所联合调解室共受理纠纷3546件。", "620700") == set()
    assert names("黔江区濯水法庭做精做细调解品牌。", "500114") == {("黔江区濯水法庭", "500114")}


def test_a_procuratorates_numbered_branch_is_named_after_it():
    assert ("张掖市人民检察院第一分院", "620700") in names("张掖市人民检察院第一分院共同包案。", "620700")


def test_a_body_after_a_government_post_in_a_persons_title_is_that_regions():
    assert names("张掖市原副市长、原公安局局长王某被查。", "620702") == {("张掖市公安局", "620700")}
    assert names("高台县副县长、公安局长李某介绍。", "620700") == {("高台县公安局", "620724")}


def test_the_party_committees_social_work_department_is_one_of_its_working_bodies():
    assert names("组织县委社工部、县信访局开展走访。", "620724") == {
        ("高台县委社会工作部", "620724"), ("高台县信访局", "620724")}


def test_a_regions_detention_centre_and_vehicle_office_are_public_security_bodies():
    found = {(o.name, o.adcode, o.org_type) for o in orgs("高台县看守所、张掖车管所联合开展培训。", "620724")}
    assert found == {("高台县看守所", "620724", "公安"), ("张掖市车管所", "620700", "公安")}


def test_a_bare_legal_aid_centre_in_a_county_article_is_the_countys():
    assert names("当天，法律援助中心为他指派了律师。", "620724") == {("高台县法律援助中心", "620724")}


def test_a_one_character_countys_committee_repeats_its_level():
    # 中共房县县委, 高县县委政法委: 随县's committee is 随县县委…, never 随县委…
    assert names("随县县委政法委组织调解员培训。县委政法委书记讲话。", "421321") == {("随县县委政法委", "421321")}
    # an article that never writes 随县县委政法委: the bare 县委政法委 is 随县委政法委 (the gold's 滑县委政法委)
    assert names("县委政法委、县法院联合出台意见。", "421321") == {("随县委政法委", "421321"), ("随县人民法院", "421321")}


def test_a_border_management_detachment_is_kept_as_written_with_the_province_before_it():
    found = {(o.name, o.adcode, o.org_type) for o in orgs("甘肃张掖边境管理支队开展巡逻。", "620700")}
    assert ("甘肃张掖边境管理支队", "620700", "公安") in found


def test_a_regions_named_leading_group_is_a_body_of_its_own():
    assert ("高台县平安建设领导小组", "620724") in names("高台县平安建设领导小组召开会议。", "620724")


def test_government_departments_after_their_region_but_not_bare():
    # A county's bureaus named with a bare 区 are the county's (type 其他, kept as written); the same
    # bureaus written alone in a list of desks are kinds of office, not one body.
    text = "区委政法委、区民政局、区财政局、区人社局联合出台实施意见。中心常驻住建局、水利局等单位。"
    found = {(o.name, o.adcode, o.org_type) for o in orgs(text, "500114")}
    assert found == {
        ("黔江区委政法委", "500114", "政法委"),
        ("黔江区民政局", "500114", "其他"),
        ("黔江区财政局", "500114", "其他"),
        ("黔江区人社局", "500114", "其他"),
    }


def test_a_named_committees_organization_propaganda_and_united_front_departments_are_bodies():
    # GUIDELINES, batch 6: 县委组织部 -> 武胜县委组织部, type 其他
    found = {(o.name, o.org_type) for o in orgs("县委组织部、县委宣传部联合开展培训。", "620724")}
    assert found == {("高台县委组织部", "其他"), ("高台县委宣传部", "其他")}


def test_a_national_agencys_abbreviation_takes_its_official_full_name():
    # GUIDELINES, batch 6: 国家医保局 -> 国家医疗保障局, 市场监管总局 -> 国家市场监督管理总局
    assert names("国家医保局、市场监管总局联合部署。", "620724") == {
        ("国家医疗保障局", None), ("国家市场监督管理总局", None)}


def test_local_police_in_a_sentence_about_a_named_city_are_that_citys_bureau():
    # GUIDELINES, batch 6: 当地警方 in a sentence about a named city
    assert names("甘肃张掖遭遇强降雨，当地警方紧急出动。", "620000") == {("张掖市公安局", "620700")}
    assert names("当地警方紧急出动。", "620000") == set()


def test_a_named_peoples_congress_committee_or_consultative_conference_is_a_body():
    # GUIDELINES, batch 7: 区人大常委会 -> 静海区人大常委会, type 其他
    assert names("区人大常委会组织代表视察，省政协调研。", "620702") == {
        ("甘州区人大常委会", "620702"), ("甘肃省政协", "620000")}


def test_an_autonomous_regions_bodies_written_with_the_bare_level_word():
    # 自治区 alone stands for the autonomous region in force; its party committee is its 党委
    text = "自治区司法厅副厅长王某介绍。作为被自治区高级人民法院命名的首批示范法庭，自治区党委政法委综治督导处处长李某到场。"
    assert {("宁夏回族自治区司法厅", "640000"), ("宁夏回族自治区高级人民法院", "640000"),
            ("宁夏回族自治区党委政法委", "640000")} <= names(text, "640106")
    assert ("宁夏回族自治区党委政法委", "640000") in names("宁夏回族自治区党委政法委课题组", "640000")
    assert names("自治区司法厅副厅长王某介绍。", "620724") == set()  # no autonomous region in force


def test_a_centre_opened_by_its_region_is_that_regions_body():
    # a centre named by its own words after the region (or a bare 县 / 市 opening it) is a body
    text = "整合县网格服务管理中心、县矛盾纠纷多元化解协调中心等机构。高台县人民调解中心受理纠纷。"
    assert names(text, "620724") == {("高台县网格服务管理中心", "620724"), ("高台县矛盾纠纷多元化解协调中心", "620724"),
                                     ("高台县人民调解中心", "620724")}
    assert names("市级综治中心吸纳市青少年心理服务中心参与治理。", "620700") >= {("张掖市青少年心理服务中心", "620700")}
    # alone, or with 市 opening another word, or a level word before it: a kind, not one body
    assert names("群众走进调解中心和市民服务中心。县级网格化服务管理中心全面建成。", "620724") == set()
    assert names("实体化运行县乡两级矛盾纠纷协调中心。", "620724") == set()  # the centres of two levels


def test_court_forms_a_city_or_the_supreme_court_names():
    text = ("张掖市中级法院审结此案。张掖知识产权法院和张掖互联网法院相继成立。"
            "最高人民法院第一、第二巡回法庭挂牌。同时，第三巡回法庭增加管辖案件。")
    assert names(text, "620700") == {
        ("张掖市中级人民法院", "620700"), ("张掖知识产权法院", "620700"), ("张掖互联网法院", "620700"),
        ("最高人民法院", None), ("最高人民法院第一巡回法庭", None), ("最高人民法院第二巡回法庭", None),
        ("最高人民法院第三巡回法庭", None)}
    assert names("各地探索设立巡回法庭。", "620700") == set()  # a kind, no court named before


def test_bare_bodies_listed_after_a_body_share_its_region():
    text = "张掖市公益诉讼推进会召开，张掖市公安局、民政局、财政局等单位与检察机关建立协作机制。"
    assert {("张掖市公安局", "620700"), ("张掖市民政局", "620700"), ("张掖市财政局", "620700")} <= names(text, "620700")
    assert names("常驻的民政局、财政局等部门。", "620700") == set()  # no body heads the list: kinds of office


def test_a_branch_named_by_a_development_zone_and_its_station():
    text = "张掖市公安局经济技术开发区分局城关派出所依托调处中心化解纠纷。"
    assert {("张掖市公安局经济技术开发区分局", "620700"),
            ("张掖市公安局经济技术开发区分局城关派出所", "620700")} <= names(text, "620700")


def test_government_departments_after_their_region():
    text = "区住建委、县水务局、县社区矫正管理局派员参加。"
    assert names(text, "620724") >= {("高台县水务局", "620724"), ("高台县社区矫正管理局", "620724")}
    assert names("常驻的水务局、交通局等部门。", "620724") == set()  # bare: kinds of office


def test_in_an_article_with_no_region_of_its_own_a_bare_level_is_the_region_just_named():
    text = "甘肃作为较早探索的省份之一，成效明显。省检察院建立了指挥中心。"
    prepared = prepare(text)
    found = find_organizations(prepared, REGIONS.mentions(prepared), [], REGIONS, lexicons().organizations,
                               lexicons().places)
    assert {(o.name, o.adcode) for o in found} == {("甘肃省人民检察院", "620000")}
    prepared = prepare("甘肃作为较早探索的省份之一。县检察院建立了指挥中心。")  # no county named: no county's body
    assert find_organizations(prepared, REGIONS.mentions(prepared), [], REGIONS, lexicons().organizations,
                              lexicons().places) == []


def test_a_department_or_working_group_written_after_a_national_or_province_body():
    text = "公安部禁毒局今天公布案件。在公安部督导组和甘肃省公安厅工作组的指导下，清查继续。"
    assert {("公安部禁毒局", None), ("公安部督导组", None), ("甘肃省公安厅工作组", "620000")} <= names(text, "620724")
    assert names("甘肃省公安厅派出工作组到达现场。", "620724") == {("甘肃省公安厅", "620000")}  # sent, not named


def test_a_station_written_after_its_force_is_named_in_the_chain_form():
    text = "张掖边境管理支队城关边境派出所创新边境管理。城关边境派出所民警开展走访。"
    found = {(o.name, o.parent) for o in orgs(text, "620700")}
    assert ("张掖边境管理支队城关边境派出所", "张掖边境管理支队") in found
    assert not any(name == "城关边境派出所" for name, _ in found)  # alone, it is the one named in full


def test_a_bureaus_echelon_unit_written_right_after_it():
    text = "张掖市公安局治安管理支队支队长王某说。张掖市水务局水政监察支队开展执法。"
    assert {("张掖市公安局治安管理支队", "620700"), ("张掖市水务局水政监察支队", "620700")} <= names(text, "620700")


def test_national_bodies_written_in_their_party_form_take_the_name_the_gold_writes():
    text = "中共中央宣传部今天举行新闻发布会。国家反诈中心紧急拦截涉案资金。"
    assert names(text, "620724") == {("中央宣传部", None), ("国家反诈中心", None)}


def test_a_committees_department_written_without_its_committee_after_a_title_or_in_a_list():
    # 县委常委、统战部部长: the committee the title names; 自治区党委组织部、宣传部: the list's committee
    assert names("县委常委、统战部部长王某出席会议。", "620724") == {("高台县委统战部", "620724")}
    assert names("自治区党委组织部、宣传部、统战部等部门参加。", "640106") == {
        ("宁夏回族自治区党委组织部", "640000"), ("宁夏回族自治区党委宣传部", "640000"),
        ("宁夏回族自治区党委统战部", "640000")}
    assert names("中心设有宣传部。", "620724") == set()  # bare, a kind of office


def test_a_government_post_written_alone_after_a_break_is_of_the_region_in_force_at_its_level():
    # 副省长、公安厅厅长 in a county's article: the province's department
    assert names("按照省委部署,副省长、公安厅厅长王某提出要求。", "620724") == {("甘肃省公安厅", "620000")}
    assert names("某某副省长、公安厅厅长王某提出要求。", "620724") == set()  # written after another word


def test_bodies_named_as_partners_after_a_preposition_are_the_countys():
    # GUIDELINES, batch 7: 与工商联、食品药品监管局等部门签订合作协议 -> the section's region's bodies
    assert names("区检察院与工商联、食品药品监管局等部门签订合作协议。", "500114") == {
        ("黔江区人民检察院", "500114"), ("黔江区工商联", "500114"), ("黔江区食品药品监管局", "500114")}
    assert names("他到法院起诉。", "500114") == set()  # going somewhere: any court


def test_that_region_before_a_body_is_the_region_with_that_level_named_last():
    # 该区烟草专卖局 after 鄞州区…: the district just named, not the article's region
    assert ("临泽县公安局", "620723") in names("临泽县开展整治。该县公安局开展巡逻。", "620700")
    assert ("甘州区民政局", "620702") in names("甘州区人民检察院监督推动该区民政局整改。", "620700")
    assert names("该区民政局整改。", "620700") == set()  # no district named before


def test_a_bare_level_before_a_mediation_body_is_that_regions():
    # 县医疗纠纷人民调解委员会: the county's committee, its name written once
    assert names("县医疗纠纷人民调解委员会受理纠纷。", "620724") == {("高台县医疗纠纷人民调解委员会", "620724")}


def test_a_towns_centre_after_its_countys_short_name_is_named_by_the_town():
    # 白沙七坊镇综治中心: the county's short name only says where the town is
    assert ("三河镇综治中心", "620702") in names("甘州三河镇综治中心运行。", "620702")
    assert ("甘州区三河镇综治中心", "620702") in names("甘州区三河镇综治中心运行。", "620702")


def test_a_congress_and_its_standing_committee_is_the_standing_committee_whatever_its_session():
    # 区人大及其常委会, 某区第十七届人民代表大会常务委员会: the region's 人大常委会 (GUIDELINES, batch 7)
    text = "在区人大及其常委会的有力监督下开展工作。报告在黔江区第十七届人民代表大会常务委员会第七次会议上作出。"
    assert names(text, "500114") == {("黔江区人大常委会", "500114")}
    assert names("五年来，全国人大及其常委会加强立法。", "500114") == {("全国人大常委会", None)}


def test_full_official_names_of_a_regions_committees():
    # 中共某区委员会 is the party committee itself (no body); its 政法委员会 is the 委政法委; 政协某区委员会 its 政协
    text = "中共黔江区委员会召开全会。中共黔江区委员会政法委员会召开会议。政协黔江区委员会视察。"
    assert names(text, "500114") == {("黔江区委政法委", "500114"), ("黔江区政协", "500114")}
    assert names("中国人民政治协商会议黔江区委员会召开会议。", "500114") == {("黔江区政协", "500114")}


def test_a_regions_service_hotline_centre_is_a_centre_of_its_own():
    assert names("县12345政务服务热线中心受理群众诉求。", "620724") == {("高台县12345政务服务热线中心", "620724")}
    assert names("拨打12345政务服务热线中心电话。", "620724") == set()  # no region opens it: a kind


def test_a_procuratorates_branch_named_by_its_area_and_a_department_with_a_long_name():
    text = "省检察院长春林区分院发现线索。省检察院公益诉讼大要案指挥中心组建专案组。"
    found = {(o.name, o.parent) for o in orgs(text, "620000")}
    assert ("甘肃省人民检察院长春林区分院", "甘肃省人民检察院") in found
    assert ("甘肃省人民检察院公益诉讼大要案指挥中心", "甘肃省人民检察院") in found
    assert names("林区分院开展工作。", "620000") == set()  # a branch only after its procuratorate


def test_a_town_police_branch_of_a_city_without_counties_is_the_citys_bureaus_branch():
    # 中山市横栏镇公安分局, or 镇公安分局 after the town: 中山市公安局横栏分局
    assert ("中山市公安局横栏分局", "442000") in names("中山市横栏镇公安分局查处窝点。", "442000")
    assert ("中山市公安局横栏分局", "442000") in names("横栏镇开展调解。在镇公安分局配合下纠纷化解。", "442000")
    assert names("甘州区三河镇公安分局查处窝点。", "620702") == set()  # a county's town has no branch of its own


def test_former_national_agencies_and_ministry_bureaus_take_their_full_names():
    assert names("国家卫生计生委印发通知。公安部交管局发布提示。", "620724") == {
        ("国家卫生和计划生育委员会", None), ("公安部交通管理局", None)}
    assert ("国家工商行政管理总局商标局", None) in names("国家工商总局商标局公布名单。", "620724")


def test_a_citys_traffic_police_bureau_and_its_vehicle_office():
    found = {(o.name, o.parent) for o in orgs("张掖市公安交通管理局车管所发布提示。", "620700")}
    assert found == {("张掖市公安交通管理局", None), ("张掖市公安交通管理局车管所", "张掖市公安交通管理局")}


def test_level_characters_listed_together_are_every_regions_bodies_not_one():
    # 州县综治中心, 各区县法院, 县乡综治中心: the bodies of every region at those levels
    assert names("州县综治中心成立党支部，各区县法院开展工作。", "620724") == set()
    assert names("三河镇开展调解。推进县乡综治中心建设。", "620702") == set()
    assert names("随县县委政法委组织培训。", "421321") == {("随县县委政法委", "421321")}


def test_only_sentences_that_may_name_a_body_ask_for_their_region_in_force():
    # working out the region in force is the costly part of a sentence: a sentence with no body's ending,
    # national body, force or quoted organization skips it, and the bodies of the others are all found
    text = "今年以来，全区持续深化平安建设。区公安局开展集中整治。群众安全感明显提升。培优“中義”等第三方调解组织。"
    prepared = prepare(text)
    asked = []

    def scope(index: int) -> tuple[str, ...]:
        asked.append(index)
        return ("500114",)

    found = find_organizations(prepared, REGIONS.mentions(prepared), ["500114"], REGIONS, lexicons().organizations,
                               lexicons().places, scope=scope)
    assert asked == [1, 3]
    assert {(o.name, o.adcode) for o in found} == {("黔江区公安局", "500114"), ("中義", "500114")}


def test_a_places_public_security_organs_are_its_bureau_but_not_its_officers():
    # like X警方 (GUIDELINES): 衡水市公安机关, 山东公安部门 -> 衡水市公安局, 山东省公安厅
    assert names("张掖市公安机关坚持以打开路，甘肃公安部门推出便民措施。", "620700") == {
        ("张掖市公安局", "620700"), ("甘肃省公安厅", "620000")}
    # the force's people, and the organs of no place, are no body
    assert names("公安部组织甘肃公安机关民警赴外地执行任务，各地公安机关配合。", "620700") == {("公安部", None)}


def test_bare_courts_in_a_list_of_sectors_are_no_bodies():
    # 整合法院、检察院、公安、司法、信访等部门: lines of work, not the county's court (sector_words.txt)
    assert names("中心整合法院、检察院、公安、司法、信访等部门力量。", "620724") == set()
    # the committee's body stays one body in such a list; a list of bodies keeps them
    assert names("中心整合政法委、信访、司法等7个常驻部门。", "620724") == {("高台县委政法委", "620724")}
    assert ("高台县人民检察院", "620724") in names("会上，法院、检察院、司法局负责人发言。", "620724")


def test_county_departments_named_with_a_bare_level_word():
    text = "县妇联、县旅文局、县市场监督局、县卫生监督局、县河长办联合检查，市医调委受理纠纷。"
    assert names(text, "620724") == {
        ("高台县妇联", "620724"), ("高台县旅文局", "620724"), ("高台县市场监督局", "620724"),
        ("高台县卫生监督局", "620724"), ("高台县河长办", "620724"), ("张掖市医调委", "620700")}


def test_more_centres_of_a_region_named_with_a_bare_level_word():
    text = "县联合调解中心受理纠纷，县政务服务中心、县信访事项服务中心、县综治指挥中心同楼办公。"
    assert names(text, "620724") == {
        ("高台县联合调解中心", "620724"), ("高台县政务服务中心", "620724"),
        ("高台县信访事项服务中心", "620724"), ("高台县综治指挥中心", "620724")}


def test_a_numbered_intermediate_courts_short_form_takes_its_full_name():
    # 上海市二中院 -> 上海市第二中级人民法院, as 第一中级人民法院 is written in full
    assert names("张掖一中院和张掖中院审结此案。", "620724") == {
        ("张掖市第一中级人民法院", "620700"), ("张掖市中级人民法院", "620700")}
    assert names("活动在县一中院内举行。", "620724") == set()  # a school's courtyard


def test_a_county_named_only_by_a_kind_of_area_names_its_bodies_with_its_city():
    # 郊区 alone names no place: 铜陵郊区法院 -> 铜陵市郊区人民法院 (generic_counties.txt)
    assert names("铜陵郊区法院创建了调解工作法。", "340700") == {("铜陵市郊区人民法院", "340711")}


def test_a_towns_office_written_bare_in_a_list_is_the_town_named_before_it():
    # 协调王店乡政府、民政所、司法所 -> 王店乡司法所 (town_offices.txt)
    assert names("民警协调南华镇政府、民政所、司法所组成调处小组。", "620724") == {("南华镇司法所", "620724")}
    # no town named before, or not in a list: no one office
    assert names("民警协调民政所、司法所组成调处小组。", "620724") == set()
    assert names("南华镇召开会议，司法所派员参加。", "620724") == set()


def test_departments_listed_after_the_first_department_of_a_body_are_that_bodys_too():
    # 公安部监察局、治安局等部门 -> 公安部监察局, 公安部治安局
    assert names("由公安部监察局、治安局等部门组成的调查组到达。", "620724") == {
        ("公安部", None), ("公安部监察局", None), ("公安部治安局", None)}
    assert names("高台县公安局刑侦大队、治安大队联合办案。", "620724") == {
        ("高台县公安局", "620724"), ("高台县公安局刑侦大队", "620724"), ("高台县公安局治安大队", "620724")}
    # a body of its own after the 、 is not a department of the first
    assert names("高台县公安局指挥中心、县司法局联合值班。", "620724") == {
        ("高台县公安局", "620724"), ("高台县公安局指挥中心", "620724"), ("高台县司法局", "620724")}


def test_a_body_of_a_division_renamed_or_merged_away_keeps_its_written_name():
    # GUIDELINES, batch 7: 莱芜市中级人民法院 keeps its name, region null (former_divisions.tsv); a renamed
    # division's body takes its successor's code (赣榆县 -> 赣榆区, 320707)
    text = "莱芜市中院向莱城区纪委发出司法建议书。赣榆县法院设立调解工作室，清浦区人民法院少年庭庭长介绍。"
    assert names(text, "620724") == {
        ("莱芜市中级人民法院", None), ("莱城区纪委", "370116"), ("赣榆县人民法院", "320707"),
        ("清浦区人民法院", None), ("清浦区人民法院少年庭", None)}
    # a region the article calls by its former name is named so: 莱城区…区交通局 -> 莱城区交通局
    assert names("莱城区交通局拒不执行。法院建议对区交通局问责。", "370116") >= {("莱城区交通局", "370116")}
    assert ("莱芜区交通局", "370116") not in names("莱城区交通局拒不执行。法院建议对区交通局问责。", "370116")


def test_a_bare_body_right_after_the_place_a_sentence_opens_with_is_that_places():
    # 在江西宜春，司法局全面推行… -> 宜春市司法局
    assert names("在甘肃张掖，司法局全面推行当天受理。", "620000") == {("张掖市司法局", "620700")}
    assert names("在张掖调研后，司法局全面推行当天受理。", "620000") == set()


def test_a_national_body_written_with_the_countrys_full_name_is_that_body():
    assert names("中华人民共和国公安部发布公告。", "620724") == {("公安部", None)}
    assert names("美国司法部发布声明。", "620724") == set()  # another country's
