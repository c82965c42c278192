"""Local practices: quoted brands and work methods, told apart from slogans and honours."""

from kg.extract.local_practices import LocalPracticeFinder, hard_reject
from kg.extract.practices import PracticeMatcher
from locations import lexicons


def names_in(text: str) -> list[str]:
    finder = LocalPracticeFinder(PracticeMatcher(lexicons().practices), lexicons().local_practices)
    return [label for _, _, label in finder.find_in(text)]


def test_quoted_brand_with_a_kind_word_after_it():
    assert names_in("濯水法庭做精做细“天理良心”调解品牌") == ["天理良心"]
    assert names_in("“六五”工作法以点带面") == ["六五工作法"]  # a short kind word joins the name
    assert names_in("深入推进“五治融合”治理模式") == ["五治融合"]
    assert names_in("按“1+3+N”模式配齐配强专(兼)职网格员1844名") == ["1+3+N模式"]


def test_a_grade_of_a_rating_is_no_practice():
    # cues.tsv slogan_re: 被评为“一级”综治中心 names a grade, whatever cue surrounds it.
    text = "我市高县、翠屏区等7个县级综治中心被省委政法委评为“一级”综治中心,“一级”综治中心数在全省领先"
    assert "一级" not in names_in(text)


def test_a_run_of_quotes_shares_the_kind_word_after_it():
    assert names_in("开展了“长安”“围猎”“百日会战”系列专项整治行动") == ["长安", "围猎", "百日会战"]
    assert names_in("探索“家常点”“365工作法”等更多具有曾都特点的基层社会治理经验") == ["家常点", "365工作法"]


def test_slogans_honours_and_core_practices_are_not_local_practices():
    assert names_in("引导政法干警坚定捍卫“两个确立”,自觉做到“两个维护”") == []
    assert names_in("连续5次荣获“全国平安建设先进区”") == []
    assert names_in("推广“全省人民调解能手”老王的工作机制") == []  # a person's honour
    assert names_in("创新推进基于“城市大脑”的“雪亮工程”建设") == []
    assert names_in("构建“打、防、管、治、建、宣”一体化格局") == []


def test_formulas_of_numbers_are_work_methods():
    assert names_in("完善“1、3、5分钟”快反机制,有效提高社会面掌控力") == ["1、3、5分钟"]


def test_unquoted_formula_followed_by_a_practice():
    assert names_in("形成了1+8+N社会稳定风险评估体系") == ["1+8+N"]


def related_of(text: str) -> dict[str, str | None]:
    from kg.model import Document
    from kg.text import clean

    finder = LocalPracticeFinder(PracticeMatcher(lexicons().practices), lexicons().local_practices)
    prepared = clean.prepare(Document(doc_id="t.txt", text=text, source="t.txt"), lexicons().boilerplate)
    return {m.name: m.related and str(m.related) for m in finder.find(prepared)}


def test_a_local_practice_is_a_form_of_what_its_clause_says():
    text = "正文开始。曾都区以社会治理向基层末端延伸为突破口,探索“家常点”“365工作法”等更多具有曾都特点的基层社会治理经验。"
    assert related_of(text) == {"家常点": "category:jiceng-zhili", "365工作法": "category:jiceng-zhili"}
    text = "正文开始。濯水法庭做精做细“天理良心”调解品牌。"
    assert related_of(text) == {"天理良心": "category:maodun-jiufen-huajie"}


def test_national_formulas_events_and_quotations_are_not_local_practices():
    # seen on the 新闻联播 sample: national formulas, an event, a quoted clause
    assert names_in("要全面准确、坚定不移贯彻“一国两制”、“港人治港”、“澳人治澳”、高度自治的方针") == []
    assert names_in("俞正声22日在北京会见了出席“2013海峡两岸媒体前瞻论坛”的代表") == []
    text = "新一轮财税体制改革就是要建立“与国家治理体系和治理能力现代化相适应”的财税制度基础"
    assert names_in(text) == []
    # a national campaign with a kind word after it still counts
    assert names_in("实施“清朗”专项行动") == ["清朗"]


def test_a_quoted_list_of_named_things_is_split():
    # items sharing their first words, or one of them a core practice, are separate names
    assert names_in("开展“无讼村、无讼社区”创建活动") == ["无讼村", "无讼社区"]
    assert names_in("推行“网格化管理、邻里帮扶团”工作机制") == ["邻里帮扶团"]


def test_a_quoted_formula_of_verb_phrases_stays_one_name():
    assert names_in("推行“端窝点、查源头、全链条”工作法") == ["端窝点、查源头、全链条工作法"]
    assert names_in("构建“打、防、管、治”一体化格局") == []  # single characters: a slogan
    # verb phrases sharing their verb are one formula, not two names
    assert names_in("推行“隐患早发现、隐患早化解”工作机制") == ["隐患早发现、隐患早化解"]


def test_readings_and_spaces_are_not_part_of_a_name():
    assert names_in("推行“邻里(lǐ)守望”工作机制") == ["邻里守望"]
    assert names_in("开展“情暖社区 关爱老人”帮扶行动") == ["情暖社区关爱老人"]


def test_unquoted_named_bodies_in_the_enumeration_a_verb_opens():
    text = "在某省,各地农村通过村规民约、邻里议事会、乡风评判团和新乡贤参事会等形式,化解矛盾"
    assert names_in(text) == ["邻里议事会", "乡风评判团", "新乡贤参事会"]
    assert names_in("某县组建了律师服务团,深入村社") == ["律师服务团"]
    assert names_in("各村组建移风易俗理事会,倡导新风") == ["移风易俗理事会"]
    assert names_in("社区成立邻里养老团,照看独居老人") == ["邻里养老团"]
    assert names_in("议事会成员和评判团团长到场") == []  # no verb opens them: members, not names


def test_quoted_words_of_a_core_practice_name_are_the_core_practice():
    assert names_in("扎实推行“八五”普法工作机制") == []  # 八五普法 is 普法
    assert names_in("在农村则实行“一村一警务助理”模式") == []  # an alias of 一村一警
    finder = LocalPracticeFinder(PracticeMatcher(lexicons().practices), lexicons().local_practices)
    text = "全力打造“平安张掖”工作机制"
    place = (text.index("张掖"), text.index("张掖") + 2)
    assert [label for _, _, label in finder.find_in(text)] == ["平安张掖"]
    assert finder.find_in(text, [place]) == []  # 平安{region} is 平安建设


def test_generic_formulas_and_national_campaigns_are_not_brands():
    assert names_in("推行“谁执法谁普法”工作机制") == []
    assert names_in("开展“百万警进千万家”活动") == []
    assert names_in("形成“1+1>2”工作模式") == []
    assert names_in("落实“三大举措”工作机制") == []
    assert names_in("推进“派出所主防”工作模式") == []
    assert names_in("实施检察官“办案质量终身负责制”工作机制") == []
    assert names_in("落实“一路一长负责制”") == ["一路一长负责制"]  # a local rule of responsibility is a brand
    # the national formulas of 综治中心 and 枫桥经验, even where a county builds to them
    assert names_in("某县按照“多中心合一、一中心多用”工作模式建成综治中心") == []


def test_the_target_of_a_crackdown_is_not_a_practice():
    assert names_in("某市公安机关严厉打击“黑广播”,开展“清源”专项行动") == ["清源"]
    assert names_in("开展打击“两抢”专项行动") == ["两抢"]  # a kind word after it names the campaign


def test_a_quoted_named_body_is_a_brand_without_a_kind_word_after_it():
    assert names_in("推行“板凳议事会”") == ["板凳议事会"]


def test_a_centres_layout_after_the_word_that_gives_it():
    assert names_in("该中心设有一厅五室,即接待大厅") == ["一厅五室"]
    assert names_in("第十一区三组的居民") == []


def test_counted_names_are_brands_but_counted_political_formulas_are_not():
    assert names_in("建立“三个责任清单”工作机制") == ["三个责任清单"]
    assert names_in("增强“四个意识”") == []
    assert names_in("落实“五个一”工作机制") == ["五个一"]  # N single items: a local work package


def test_brands_made_of_core_practice_words_and_straight_quotes():
    assert names_in("开展“普法进万家”专项行动") == ["普法进万家"]
    assert names_in('推行"民情茶室"工作机制') == ["民情茶室"]
    assert names_in("推行'民情茶室'工作机制") == ["民情茶室"]


def test_titles_themes_and_reputations_are_not_practices():
    assert names_in("该镇素有“紫菜养殖第一镇”“海鲜之乡”的美誉") == []
    assert names_in("作为“全国民主法治示范村”,该村推行“板凳议事会”") == ["板凳议事会"]
    assert names_in("某县在评选“平安建设示范县”工作中名列前茅") == []
    assert names_in("某市举办以“法治与民生”为主题的座谈会") == []
    assert names_in("某区荣获“2020年度综治先进集体”荣誉称号") == []


def labels_of(text: str) -> list[str]:
    from kg.model import Document
    from kg.text import clean

    finder = LocalPracticeFinder(PracticeMatcher(lexicons().practices), lexicons().local_practices)
    prepared = clean.prepare(Document(doc_id="t.txt", text=text, source="t.txt"), lexicons().boilerplate)
    return sorted({m.name for m in finder.find(prepared)})


def test_one_quoted_name_with_different_kind_words_is_one_practice():
    text = ("正文开始。某县推行“枫林议事”机制。“枫林议事”机制覆盖全县。"
            "各村把“枫林议事”工作法用于调解。")
    assert labels_of(text) == ["枫林议事机制"]  # under its most frequent label


def test_unquoted_platforms_next_to_a_word_for_a_platform():
    assert names_in("某区通过智能化交流平台——邻里通将全区居委会联通") == ["邻里通"]
    assert names_in("乡镇综治中心依托平安治理通智慧系统整合力量") == ["平安治理通"]
    assert names_in("依托智慧交通平台疏导车流") == []  # an ordinary word ending so


def test_a_quoted_list_of_generic_formulas_is_not_a_brand():
    assert names_in("推动矛盾纠纷“只进一扇门、最多跑一地”,实现联调联治") == []


def test_names_a_document_quotes_again_are_marked():
    from kg.model import Document
    from kg.text import clean

    text = "正文开始。某县推行“枫林议事”,群众架起“连心桥”。“枫林议事”覆盖全县。干部架起“连心桥”。"
    prepared = clean.prepare(Document(doc_id="t.txt", text=text, source="t.txt"), lexicons().boilerplate)
    assert LocalPracticeFinder.repeated_names(prepared) == {"枫林议事"}  # 连心桥: once more in the same words
    finder = LocalPracticeFinder(PracticeMatcher(lexicons().practices), lexicons().local_practices)
    once, again = (finder.candidates("推行“枫林议事”", repeated=r) for r in (frozenset(), frozenset({"枫林议事"})))
    assert (once[0].features["repeated"], again[0].features["repeated"]) == (0.0, 1.0)


def features_of(text: str) -> dict[str, float]:
    finder = LocalPracticeFinder(PracticeMatcher(lexicons().practices), lexicons().local_practices)
    return finder.candidates(text)[0].features


def test_the_noun_phrase_a_quotation_modifies_says_what_it_is():
    # a mechanism named by the quotation, a few words on: “X”的…新机制
    made_up = features_of("某区创新构建“一门受理、就近化解、全程跟踪”的纠纷化解新机制。")
    assert (made_up["np_kind"], made_up["np_aim"], made_up["verb"]) == (1.0, 0.0, 1.0)  # 构建 introduces it
    # a goal or a problem the quotation states: “X”的工作目标, “X”的问题
    goal = features_of("全力实现“小事早发现、大事早处置”的工作目标。")
    assert (goal["np_kind"], goal["np_aim"]) == (0.0, 1.0)
    assert features_of("解决群众“来回跑、反复跑”的问题")["np_aim"] == 1.0


def test_shape_cues_of_quoted_names():
    assert features_of("筑牢“第一道关口”")["ordinal"] == 1.0  # a rank, not a name
    assert features_of("推行“五有”标准")["numbered_set"] == 1.0  # a numbered set
    assert features_of("打造“云调解”")["core_words"] == 1.0  # built of a core practice's words (人民调解)
    assert features_of("坐进“客堂间”")["core_words"] == 0.0  # a room, a metaphor
    # a dictionary word quoted for emphasis, not a coined name
    assert (features_of("当好“老黄牛”")["one_word"], features_of("推行“以案代补”")["one_word"]) == (1.0, 0.0)


def test_a_national_formula_is_no_practice_however_its_parts_are_separated():
    # cues.tsv lists it with 、; the same formula written with spaces is still the national one
    assert names_in("某县推行“党委领导 政府负责 社会协同 公众参与 法治保障”工作机制。") == []
    assert names_in("某县推行“红枫议事”工作机制。") == ["红枫议事"]


def test_a_formula_of_parallel_phrases_followed_by_a_kind_word_names_a_method():
    # a list of parallel phrases, then what kind of thing it is: a method's name
    assert features_of("某街道形成“社区吹哨、部门响应、居民参与”的工作格局。")["list_kind"] == 1.0
    assert features_of("推行“定时、定点、定人”的巡查方法")["list_kind"] == 1.0
    assert features_of("创新“一窗通办、一网统管”调处机制")["list_kind"] == 1.0
    # a kind word further on in the noun phrase, or after a layout's space
    assert features_of("确立“统一受理、集中指派、归档回访”的闭环机制顶层设计")["list_kind"] == 1.0
    assert features_of("实行“ 早班站岗、晚班巡线” 的警务机制")["list_kind"] == 1.0
    # the same shape standing alone, or naming a goal, is a slogan
    assert features_of("真正做到“小事不出院、大事不出街”。")["list_kind"] == 0.0
    assert features_of("实现“早发现、早处置”的工作目标")["list_kind"] == 0.0
    assert features_of("打造“平安客厅”的工作格局")["list_kind"] == 0.0  # one name, not a list


def test_a_coined_name_of_an_organised_unit_or_place_is_marked_by_its_head():
    assert features_of("在园区设立“警企同心基地”")["unit_head"] == 1.0
    assert features_of("社区开办“邻里互助超市”")["unit_head"] == 1.0
    assert features_of("成立“王小明班”")["unit_head"] == 1.0
    # the head alone, or ordinary endings the class leaves out, mark nothing
    assert features_of("建设“基地”")["unit_head"] == 0.0
    assert features_of("打击“伪基站”")["unit_head"] == 0.0
    assert features_of("整治“治安乱点”")["unit_head"] == 0.0


def test_a_quoted_description_with_de_inside_is_marked():
    assert features_of("这里成了居民心中“不熄灯的会客厅”")["de_inside"] == 1.0
    assert features_of("打造“邻里会客厅”")["de_inside"] == 0.0


def test_the_object_of_a_verb_of_figures_of_speech_is_marked():
    assert features_of("全县交出了一份沉甸甸的“平安答卷”")["figure_before"] == 1.0
    assert features_of("织密基层治理“安全网”")["figure_before"] == 1.0
    assert features_of("推行“平安客厅”工作法")["figure_before"] == 0.0


def test_the_form_an_activity_takes_is_no_local_practice():
    # cues.tsv form_after: a quotation given as the form of an activity that several places hold
    assert names_in("在湖南长沙、四川宜宾等地，法官走进校园，以“模拟法庭”的形式普及法律知识") == []
    assert names_in("民警开展“进社区、进校园、进工地”等多种形式的普法宣传活动") == []
    assert names_in("学生们通过开展“小小法官”活动等形式学习宪法知识") == []
    # a named practice followed by the form it is run in stays one
    assert names_in("深入开展“法润万家”专项行动，以送法下乡的形式普及法律") == ["法润万家"]


def test_lists_rankings_and_national_honours_are_no_local_practices():
    # cues.tsv: honour 列入, title_after 名单/黑名单/榜单, slogan_re ^全国十佳 and the titles of the best (全国…模范)
    assert names_in("曾被列入全国“十大拥堵城市”的某市，如今推行网格化管理") == []
    assert names_in("报告显示，某市已经走出了“十大空气污染城市”的黑名单") == []
    assert names_in("“全国模范法官”李某：把调解做到群众心坎上") == []
    assert names_in("他把老所长的“钉子精神”带到了社区警务工作中") == []  # a value stance (slogan_re 精神$)
    assert names_in("全市打响“应检尽检”攻坚战，摸排“三类人员”2万人次") == []  # a goal, a class of people
    # the mirror of title_before 评选: the titles a selection awards (“…”“…”等评选活动)
    assert names_in("某县大力开展“美丽庭院”“好婆婆”等评选活动，引导群众向上向善") == []
    assert names_in("某县创新推出“法润万家”工作法") == ["法润万家工作法"]


def test_the_name_of_a_place_or_building_is_no_local_practice():
    # cues.tsv place_after: the quotation names the place right after it
    assert names_in("“幸福里”小区是一个建成20年的老小区，居民之间常有纠纷") == []
    assert names_in("位于湖畔的“八二宪法”历史资料陈列馆迎来不少参观者") == []
    finder = LocalPracticeFinder(PracticeMatcher(lexicons().practices), lexicons().local_practices)
    candidates = finder.candidates("海边形成了“冰瀑布墙”景观，游客纷纷拍照")  # a sight
    assert candidates and all(hard_reject(c) for c in candidates)  # read as a candidate, and rejected
    # unless a kind word follows: a practice run for the place
    assert names_in("社区推行“红色物业”小区治理模式") == ["红色物业"]


def test_publications_columns_and_occasions_taken_from_others_are_not_practices():
    assert names_in("相关成效在“新华网”“法治时报”等媒体刊登报道") == []
    assert names_in("我们将在“某市政法”微信公众号开设专栏,推出“书记访谈”专栏") == []
    # a news programme's column or series, introduced by the anchor (新闻联播: 今天的“……”系列报道，我们来认识……)
    finder = LocalPracticeFinder(PracticeMatcher(lexicons().practices), lexicons().local_practices)
    for text in ("今天的“领航科技 创新中国”系列报道,我们来认识一位企业家", "今天的“人大代表风采录”,我们来认识一位法官",
                 "本台推出“走进平安乡村”栏目"):
        candidates = finder.candidates(text)
        assert candidates and all(hard_reject(c) for c in candidates), text
    assert names_in("全省检察机关以“质效提升年”为契机,推行“检企联络”机制") == ["检企联络机制"]


def test_a_kind_word_that_runs_on_into_an_ordinary_word_names_nothing():
    # 做“强”调解队伍: 调解队 begins 调解队伍, a plain noun; 组建“红枫”调解队 names a team
    assert names_in("通过做“全”调解网络、做“强”调解队伍,推进调解工作") == []
    assert names_in("某镇组建“红枫”调解队,化解邻里纠纷") == ["红枫调解队"]
    assert names_in("某县法院通过创新工作机制、引入调解队伍、打造解纷品牌") == []


def test_the_class_of_a_selection_or_an_award_is_an_honour():
    assert names_in("市委政法委评选出30个“和谐调解法”先进典型") == []
    assert names_in("该所入选了全国评选的“平安工作法”单位") == []
    assert names_in("某县召开政法“十佳”表彰大会") == []
    assert names_in("某县检察院积极探索“和谐调解法”,化解信访积案") == ["和谐调解法"]


def test_chains_of_levels_rankings_and_titles_of_the_best_are_not_brands():
    assert names_in("某区已构建“网格—社区—街道—区”四级风险疏解链") == []
    assert names_in("持续推进“区—街道—居委会”三级平台建设") == []
    assert names_in("该市曾被列入“十大拥堵城市”,如今推行“绿波带”工程") == ["绿波带工程"]
    assert names_in("——记“全国法院先进集体”某某人民法庭") == []
    assert names_in("某镇推行“部门整合—多元调解—闭环管理”工作法") == ["部门整合—多元调解—闭环管理工作法"]


def test_a_crackdowns_target_is_a_crime_wherever_the_document_quotes_it():
    text = ("某市严打“电信黑卡”\n\n近期,“电信黑卡”案件多发。\n"
            "警方严厉打击“电信黑卡”,在集中打击“电信黑卡”专项行动中破获案件12起,并推行“警银联动”机制。\n")
    assert labels_of(text) == ["警银联动机制"]
    # alone, a campaign against a target keeps its name
    assert labels_of("标题\n\n某县开展打击“两抢”专项行动。\n") == ["两抢"]


def test_a_space_after_the_closing_quote_still_lets_the_kind_word_or_title_follow():
    assert names_in("某所推行“ 院坝说事” 机制,化解纠纷") == ["院坝说事机制"]
    assert names_in("某县举办以“ 法治与民生” 为主题的宣讲") == []


def test_a_kind_of_officer_said_of_people_is_no_practice():
    assert names_in("某某：“暖心法官”解民忧") == []
    assert names_in("他刚入选该院的“员额制法官”") == []
    assert names_in("某区推行“一社区一法官”工作机制") == ["一社区一法官"]


def test_a_date_with_a_middle_dot_names_a_case_or_a_speech_not_a_practice():
    # cues.tsv slogan_re: “M·D” is the date that names an incident, a case or a speech.
    assert names_in("某市“7·15”特大诈骗案一审公开宣判") == []
    assert names_in("发生在某县的“3·21”爆炸事故涉事企业负责人被依法批捕") == []
    assert names_in("深入学习贯彻“4·13”重要讲话精神，全面推行“院坝说事”机制") == ["院坝说事机制"]


def test_a_phrase_turned_away_by_a_cheap_cue_is_not_read_further_when_only_finding():
    finder = LocalPracticeFinder(PracticeMatcher(lexicons().practices), lexicons().local_practices)
    text = "某县对标“十四五”目标，推行“枫林议事”。"
    national, brand = finder.candidates(text, complete=False)
    # a national formula with no kind word after it: decided by the cheap cues, the others never computed
    assert national.features["national"] == 1.0 and hard_reject(national) and "one_word" not in national.features
    # training reads every cue of every phrase; a phrase no cue turns away is read in full either way
    assert "one_word" in finder.candidates(text)[0].features
    assert brand.features == finder.candidates(text)[1].features and not hard_reject(brand)


def test_one_latin_letter_is_the_open_part_of_a_formula():
    assert names_in("持续优化网格员和“N”力量的配置") == []


def test_trophies_and_runs_of_titles_are_honours():
    assert names_in("某县第三次捧得“长安杯”,实现“平安金鼎”全覆盖") == []
    assert names_in("群众安全感指数实现全省“四连冠”") == []


def test_the_national_standard_of_a_centre_is_no_local_practice():
    # national_formulas.txt: “五有” (有牌子、有场所、有力量、有机制、有效果) is what every centre is built to
    assert names_in("全市4个县级综治中心于今年6月实现“五有”目标") == []
