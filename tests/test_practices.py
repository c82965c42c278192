"""Core practices: the SKOS scheme and the label matcher."""

import pytest

from kg.extract import Pipeline
from kg.extract.practices import PracticeMatcher
from kg.model import Document
from locations import CORE_PRACTICES, lexicons


def load_scheme():
    return lexicons().practices


def matcher() -> PracticeMatcher:
    return PracticeMatcher(load_scheme())


def labels_in(text: str) -> list[str]:
    m = matcher()
    return [m.scheme.concepts[cid].label for _, _, cid in m.find_in(text)]


def test_scheme_covers_every_core_practice_with_its_canonical_label():
    scheme = load_scheme()
    canonical = {c.label for c in scheme.concepts.values()}
    with open(CORE_PRACTICES, encoding="utf-8") as f:
        rows = [line.split("\t") for line in f.read().splitlines()[1:] if line.strip()]
    assert {r[0] for r in rows} <= canonical
    # categories become skos:broader
    assert scheme.by_label("雪亮工程").category_label == "科技防控"
    assert scheme.by_label("枫桥经验").category_label == "基层治理"


def test_finds_a_practice_in_a_real_sentence_with_offsets():
    text = "创新推进基于“城市大脑”的“雪亮工程”建设"
    hits = matcher().find_in(text)
    assert [(text[s:e], cid) for s, e, cid in hits] == [("雪亮工程", "xueliang-gongcheng")]


def test_alternative_labels_name_the_same_practice():
    assert labels_in("坚持和发展新时代“枫桥经验”") == ["枫桥经验"]
    assert labels_in("全国“枫桥式公安派出所”临泽县公安局平川派出所") == ["枫桥经验"]
    assert labels_in("配备网格员7600多名") == ["网格化管理"]
    assert labels_in("山丹县矛调中心现场调解群众矛盾纠纷") == ["矛盾纠纷调处化解中心", "矛盾纠纷排查化解"]


def test_longest_label_wins_over_the_labels_inside_it():
    text = "加快推动村(居)法律顾问App运用推广"
    assert labels_in(text) == ["村居法律顾问"]


def test_labels_inside_other_words_do_not_match():
    assert labels_in("加快构建新型电力系统,优化电网格局") == []
    assert labels_in("法网恢恢疏而不漏,天网恢恢") == []


def test_match_patterns_cover_forms_no_fixed_label_holds():
    assert labels_in("召开全区加强基层治理推动平安黔江建设大会") == ["平安建设"]


def test_patterns_cover_practices_written_as_a_phrase():
    assert labels_in("坚持每月对不稳定因素、安全隐患和矛盾纠纷进行滚动排查、研判化解") == ["矛盾纠纷排查化解"]
    assert labels_in("全区33个村(社区)和17个部门单位聘请法律顾问,实现全覆盖") == ["村居法律顾问"]
    assert labels_in("企业聘请法律顾问") == []


def test_a_practice_is_found_past_the_pinyin_notes_of_a_copy_site():
    # Sites converting to traditional script leave pinyin after some characters: 網(wǎng)格員.
    text = "大竹縣推進網格化管理\n\n在大竹縣綜治中心接訪室,網(wǎng)格員小李的一通電話。\n"
    facts = Pipeline.load().extract(Document(doc_id="t.txt", text=text, source="t.txt"))
    assert "網(wǎng)格員" in {m.surface for m in facts.practices}


@pytest.mark.parametrize("phrase", ["调处矛盾纠纷", "调解邻里纠纷", "多元化纠纷解决机制", "化解征地拆迁等各类矛盾纠纷",
                                    "化解17起潜在矛盾纠纷", "解决矛盾纠纷"])
def test_dispute_resolution_written_verb_first_is_found(phrase):
    facts = Pipeline.load().extract(Document(doc_id="t.txt", text=f"绥宁县\n\n绥宁县以{phrase}为抓手。\n", source="t.txt"))
    assert "maodun-jiufen-paicha-huajie" in {m.concept for m in facts.practices}


@pytest.mark.parametrize("phrase", ["宪法宣传教育活动", "宣传普及宪法法律知识", "普及出入境法律知识", "宣讲法律条文",
                                    "“法治进校园”活动", "看得见的普法教育", "讲解宪法法律知识", "对民法典等法律知识进行宣传",
                                    "送法进社区活动"])
def test_spreading_knowledge_of_the_law_is_popular_legal_education(phrase):
    facts = Pipeline.load().extract(Document(doc_id="t.txt", text=f"杭州市\n\n杭州市开展{phrase}。\n", source="t.txt"))
    assert "pufa" in {m.concept for m in facts.practices}


@pytest.mark.parametrize("phrase, concept", [("联动解纷新型模式", "maodun-jiufen-paicha-huajie"),
                                             ("社会矛盾纠纷调处服务中心", "maodiao-zhongxin"),
                                             ("“村警”模式", "yicun-yijing")])
def test_more_ways_articles_write_core_practices(phrase, concept):
    facts = Pipeline.load().extract(Document(doc_id="t.txt", text=f"历下区\n\n历下区构建{phrase}。\n", source="t.txt"))
    assert concept in {m.concept for m in facts.practices}


@pytest.mark.parametrize("sentence", ["社区设立了“和合”矛盾调解室。", "他有把握把这起离婚纠纷调解成功。",
                                      "这是一起交通事故纠纷调解现场。"])
def test_a_rooms_name_or_one_case_is_no_dispute_resolution(sentence):
    # ontology/not_practices.tsv: GUIDELINES, a room's name or one mediation anecdote does not give the practice.
    facts = Pipeline.load().extract(Document(doc_id="t.txt", text=f"历下区\n\n{sentence}\n", source="t.txt"))
    assert "maodun-jiufen-paicha-huajie" not in {m.concept for m in facts.practices}


@pytest.mark.parametrize("sentence", ["两名被告人分别构成抢劫罪、走私毒品罪。", "今年以来全区涉赌涉毒警情明显下降。",
                                      "他为涉黄涉毒等违法团伙通风报信。",
                                      "三名被告人分别涉嫌抢劫、运输毒品、绑架等罪名。"])
def test_a_charge_or_a_run_of_offence_kinds_is_no_drug_control(sentence):
    # ontology/not_practices.tsv: 贩卖毒品罪 and 涉嫌运输毒品 are charges, 涉赌涉毒 a kind of offence; none is
    # drug-control work.
    facts = Pipeline.load().extract(Document(doc_id="t.txt", text=f"历下区\n\n{sentence}\n", source="t.txt"))
    assert "jindu" not in {m.concept for m in facts.practices}


def test_drug_cases_alone_are_still_drug_control():
    text = "历下区\n\n民警侦破涉毒案件12起，开展禁毒宣传。\n"
    facts = Pipeline.load().extract(Document(doc_id="t.txt", text=text, source="t.txt"))
    assert "jindu" in {m.concept for m in facts.practices}


def test_resolving_disputes_together_is_still_dispute_resolution():
    text = "历下区\n\n社区干部与群众一起化解矛盾纠纷。\n"
    facts = Pipeline.load().extract(Document(doc_id="t.txt", text=text, source="t.txt"))
    assert "maodun-jiufen-paicha-huajie" in {m.concept for m in facts.practices}


def test_the_patterns_are_tried_one_by_one_only_where_one_of_them_matches():
    import re

    from kg.extract.practices import _any_of

    m = matcher()
    assert m._any_pattern.search("今年以来全县聘请法律顾问") is None  # no pattern matches: none is run on its own
    assert labels_in("今年以来全县聘请法律顾问") == []
    assert m._any_pattern.search("社区聘请法律顾问") is not None
    # Patterns an alternation would change are never joined: a back-reference, inline flags, a repeated name.
    assert _any_of([re.compile(r"(网格)\1")]) is None
    assert _any_of([re.compile("(?i)app")]) is None
    assert _any_of([re.compile("(?P<x>调解)"), re.compile("(?P<x>调处)")]) is None
    assert _any_of([re.compile("平安"), re.compile("枫桥")]).search("枫桥经验")


def test_a_police_aide_or_officer_per_village_or_grid_is_one_officer_per_village():
    # GUIDELINES: a quoted alias of a core practice (“一村一警务助理”) is the core practice, no local brand
    assert labels_in("在农村推行“一村一警务助理”模式") == ["一村一警"]
    assert labels_in("深化“一村(格)一警”战略") == ["一村一警"]



@pytest.mark.parametrize("sentence, concept, found", [
    # ontology/not_practices.tsv: a mediator explaining the provisions to the parties is mediating, not 普法
    ("调解员接手后，耐心向双方讲解法律规定。", "pufa", False),
    ("法官向当事人讲解相关法律责任。", "pufa", False),
    ("律师到街道社区宣讲法律条文。", "pufa", True),
    # the motto that defines 枫桥经验 and a sentence saying what it is: no place resolves disputes there
    ("60年前，浙江枫桥干部群众创造了“依靠群众就地化解矛盾”的“枫桥经验”。", "maodun-jiufen-paicha-huajie", False),
    ("“枫桥经验”成为有效化解矛盾纠纷的重要途径。", "maodun-jiufen-paicha-huajie", False),
    ("历下区践行“枫桥经验”，就地化解矛盾纠纷。", "maodun-jiufen-paicha-huajie", True),
])
def test_what_a_sentence_about_the_law_or_fengqiao_gives(sentence, concept, found):
    facts = Pipeline.load().extract(Document(doc_id="t.txt", text=f"历下区\n\n{sentence}\n", source="t.txt"))
    assert (concept in {m.concept for m in facts.practices}) == found
