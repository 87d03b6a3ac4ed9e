"""Each extractor component on small texts written for the test."""
import pytest

from kg.extract import extract_text
from kg.extract.candidates import left_extent
from kg.extract.model import ENTITY_TYPES, PREDICATES


def names(result, etype):
    return {e.name for e in result.entities if e.type == etype}


def rels(result):
    by_id = {e.id: e.name for e in result.entities}
    return {(r.p, by_id[r.s], by_id[r.o]) for r in result.relations}


def test_left_extent_stops_at_verbs():
    t = "今年将深入实施软件创新能力提升行动"
    assert t[left_extent(t, t.index("行动")):t.index("行动")] == "软件创新能力提升"


def test_abbreviated_agency_resolves_to_document_province():
    r = extract_text("浙江省召开工作会议。浙江省经信厅发布通知。会上，省经信厅厅长王明表示，浙江将做强集成电路产业。")
    assert "浙江省经济和信息化厅" in names(r, "Agency")
    agency = next(e for e in r.entities if e.name == "浙江省经济和信息化厅")
    assert "省经信厅" in agency.aliases
    assert "王明" in names(r, "Person")
    assert ("memberOf", "王明", "浙江省经济和信息化厅") in rels(r)
    assert ("jurisdiction", "浙江省经济和信息化厅", "浙江省") in rels(r)


def test_jieba_trap_person_name_is_cut_on_characters():
    r = extract_text("浙江省经信厅党组书记、厅长张耕作工作报告。")
    assert "张耕" in names(r, "Person")
    assert "张耕作" not in names(r, "Person")


def test_region_short_forms_are_one_entity():
    r = extract_text("江苏省南京市出台政策。南京将打造人工智能产业高地，江苏也在行动。")
    assert {"江苏省", "南京市"} <= names(r, "Region")
    nanjing = next(e for e in r.entities if e.name == "南京市")
    assert nanjing.attrs.get("regionCode") == "320100"
    assert ("partOf", "南京市", "江苏省") in rels(r)


def test_programs_quoted_bracketed_and_bare():
    text = ("湖北省人民政府印发《湖北省促进光电子信息产业发展行动计划(2024—2026年)》。"
            "全省深入实施光电子“强链”行动，推进“光谷科创”“智造湖北”建设，启动实施制造业数字化提升工程。")
    r = extract_text(text)
    programs = names(r, "Program")
    assert "湖北省促进光电子信息产业发展行动计划(2024—2026年)" in programs
    assert "光电子强链行动" in programs
    assert {"光谷科创", "智造湖北"} <= programs
    assert "制造业数字化提升工程" in programs
    plan = next(e for e in r.entities if e.name.startswith("湖北省促进"))
    assert plan.attrs["periodStart"] == "2024" and plan.attrs["periodEnd"] == "2026"
    assert ("issuedBy", plan.name, "湖北省人民政府") in rels(r)


def test_industries_from_heads_and_lists():
    r = extract_text("成都市聚焦电子信息、航空航天和生物医药等产业，培育壮大智能物联产业集群。")
    inds = names(r, "Industry")
    assert {"电子信息", "航空航天", "生物医药", "智能物联"} <= inds
    assert ("focusIndustry", "成都市", "电子信息") in rels(r)


def test_organizations_by_suffix_and_location():
    r = extract_text("武汉市东湖新技术开发区内，长江光电科技有限公司宣布扩产。华为在武汉设立研究院。")
    assert "长江光电科技有限公司" in names(r, "Organization")


def test_traditional_text_is_extracted_with_original_offsets():
    text = "福建省工業和信息化廳印發《福建省集成電路產業發展行動方案》，廈門市將做強集成電路產業。"
    r = extract_text(text)
    assert "福建省工业和信息化厅" in names(r, "Agency")
    assert "厦门市" in names(r, "Region")
    for e in r.entities:
        for m in e.mentions:
            assert text[m.start:m.end] == m.text


def test_output_uses_only_spec_types_and_predicates():
    r = extract_text("工业和信息化部印发《工业互联网创新发展行动计划》，推动5G和人工智能产业发展。")
    assert {e.type for e in r.entities} <= set(ENTITY_TYPES)
    assert {x.p for x in r.relations} <= set(PREDICATES)
    ids = {e.id for e in r.entities}
    for x in r.relations:
        assert x.s in ids and x.o in ids
        assert x.evidence.text


@pytest.mark.parametrize("text", ["", "。。。", "“", "《《》", "\n\n", "a" * 1000])
def test_degenerate_inputs(text):
    extract_text(text)


def test_upgraded_program_is_successor():
    text = "近年来，江苏在实施制造业“智改数转”行动的基础上提出新目标：制造业“智改数转网联”行动。"
    r = extract_text(text)
    assert ("successorOf", "制造业智改数转网联行动", "制造业智改数转行动") in rels(r)


def test_document_date_and_issue_year():
    r = extract_text("2023年3月5日\n2023年，江苏省人民政府办公厅印发《江苏省智能制造行动计划(2023—2025年)》。")
    assert r.meta["date"] == "2023-03-05"
    plan = next(e for e in r.entities if e.type == "Program")
    assert plan.attrs["issuedYear"] == "2023"
    assert ("issuedBy", plan.name, "江苏省人民政府办公厅") in rels(r)


def test_short_title_refers_to_the_plan_named_last_before_it():
    r = extract_text("成都市经信局印发《成都市工业母机产业发展行动计划》。根据该《行动计划》，到2025年规模翻番。\n"
                     "西安市发布《西安市氢能产业发展行动计划》。该《行动计划》提出发展氢燃料电池汽车。")
    chengdu = next(e for e in r.entities if e.name == "成都市工业母机产业发展行动计划")
    xian = next(e for e in r.entities if e.name == "西安市氢能产业发展行动计划")
    assert len(chengdu.mentions) == 2 and len(xian.mentions) == 2


def test_numbered_tasks_of_an_issued_plan_target_its_industries():
    text = ("武汉市人民政府印发《武汉市制造业高质量发展行动方案》。\n"
            "《行动方案》明确了三项任务。\n"
            "一是壮大集成电路和新型显示产业集群。\n"
            "二是培育生物医药产业。\n"
            "会议还听取了其他汇报，与会者交流了发展人工智能产业的经验。\n")
    got = rels(extract_text(text))
    plan = "武汉市制造业高质量发展行动方案"
    assert {("targetsIndustry", plan, "集成电路"), ("targetsIndustry", plan, "新型显示"),
            ("targetsIndustry", plan, "生物医药")} <= got
    # a plain paragraph after the numbered tasks is no longer about the plan
    assert ("targetsIndustry", plan, "人工智能") not in got


def test_focus_subject_is_the_acting_place_not_an_object_or_a_company():
    got = rels(extract_text(
        "福建省召开会议，福建省政府出席。会议要求，深化厦门市改革试点，培育纺织服装产业，推进物联网基础设施建设。\n"
        "宁德时代新能源科技股份有限公司布局钠离子电池、储能等领域。\n"
        "把生物医药作为主导产业之一，泉州瞄准新材料产业组建专班。\n"
        "推动智慧城市向公共服务、市场监管、社会治理等领域延伸。"))
    assert ("focusIndustry", "福建省", "纺织服装") in got          # topic region, 厦门 is an object
    assert ("focusIndustry", "厦门市", "纺织服装") not in got
    assert not any(p == "focusIndustry" and o == "物联网" for p, s, o in got)   # doing, not prioritising
    assert not any(p == "focusIndustry" and o == "储能" for p, s, o in got)   # a company acts
    assert ("focusIndustry", "泉州市", "生物医药") in got          # the place opening another clause
    assert ("focusIndustry", "泉州市", "新材料") in got
    assert not any(o in ("公共服务", "市场监管", "社会治理") for p, s, o in got)


def test_bodies_named_by_their_field_after_a_place():
    r = extract_text("福建省海洋与渔业局局长林海涛表示，厦门市海洋发展局将配合。浙江省内各局都要落实。")
    assert {"福建省海洋与渔业局", "厦门市海洋发展局"} <= names(r, "Agency")
    assert not any("各局" in n for n in names(r, "Agency"))
    assert ("memberOf", "林海涛", "福建省海洋与渔业局") in rels(r)
    assert ("jurisdiction", "厦门市海洋发展局", "厦门市") in rels(r)


def test_declared_short_name_is_an_alias_everywhere():
    r = extract_text("省政府印发《关于加快建设海洋强省的实施意见》（下称新意见）。新意见提出发展海洋经济。")
    program = next(e for e in r.entities if e.type == "Program")
    assert program.name == "关于加快建设海洋强省的实施意见" and "新意见" in program.aliases
    assert len(program.mentions) == 3


def test_no_names_from_clauses_or_whole_chains():
    r = extract_text("支持宁德、福州建设深远海养殖平台，推进冷链物流和精深加工全产业链发展。")
    assert not any("建设" in n for n in names(r, "Organization"))
    assert not any(n.endswith("全") for n in names(r, "Industry"))


def test_successor_frames_point_the_right_way():
    got = rels(extract_text(
        "《武汉市氢能产业发展行动方案（2024—2026年）》是对《武汉市氢能产业发展规划》的接续和升级，"
        "将与产业基础再造工程协同推进。"))
    new, old = "武汉市氢能产业发展行动方案(2024—2026年)", "武汉市氢能产业发展规划"
    assert ("successorOf", new, old) in got
    assert not any(p == "successorOf" and s == "产业基础再造工程" for p, s, o in got)


def test_short_industry_words_cut_from_other_words_are_dropped():
    r = extract_text("培育5家具有国际竞争力的企业，发展家具产业。")
    industry = next(e for e in r.entities if e.name == "家具")
    assert [m.text for m in industry.mentions] == ["家具产业"]


def test_bracketed_abbreviation_after_a_name_is_its_alias():
    r = extract_text("西安高新技术产业开发区（西安高新区）集聚企业。西安高新区还将扩容。")
    zone = next(e for e in r.entities if e.name == "西安高新技术产业开发区")
    assert "西安高新区" in zone.aliases and len(zone.mentions) == 3


def test_enumerations_after_a_field_verb_are_industries():
    r = extract_text("成都将聚焦创新药、高端医疗器械、现代中药和医疗美容四大方向，打造人才高地、制度先行地和技术策源地。"
                     "郑州发展冷链物流和预制菜产业。")
    got = names(r, "Industry")
    assert {"高端医疗器械", "现代中药", "医疗美容", "冷链物流", "预制菜"} <= got
    assert not got & {"人才高地", "制度先行地", "技术策源地", "医疗美容四大方向"}


def test_zones_with_bracketed_provinces_and_places_cut_by_stop_words():
    r = extract_text("中国（江苏）自由贸易试验区苏州片区开展试点。根据部署，成都高新技术产业开发区（成都高新区）是核心承载地。")
    zones = names(r, "Region")
    assert {"中国(江苏)自由贸易试验区苏州片区", "成都高新技术产业开发区"} <= zones
    assert ("partOf", "中国(江苏)自由贸易试验区苏州片区", "苏州市") in rels(r)


def test_office_of_a_government_names_the_government_too():
    r = extract_text("成都市人民政府办公厅印发《成都市生物医药产业高质量发展三年行动计划》。")
    assert {"成都市人民政府", "成都市人民政府办公厅"} <= names(r, "Agency")
    assert ("partOf", "成都市人民政府办公厅", "成都市人民政府") in rels(r)


def test_list_items_that_are_posts_or_clauses_are_no_organizations():
    r = extract_text("中国工程院院士、四川大学华西医院教授罗成刚表示，清华大学、北京大学也与企业共建联合实验室。"
                     "温江区的成都蓉康制药有限公司扩产，江北新区已落地台积电（南京）有限公司等项目。")
    orgs = names(r, "Organization")
    assert {"中国工程院", "北京大学", "成都蓉康制药有限公司", "台积电(南京)有限公司"} <= orgs
    assert not any(n.endswith(("院士", "也")) or n.startswith("落地") for n in orgs)


def test_industries_go_to_the_new_plan_not_the_one_it_replaces():
    text = ("2024年6月，武汉市人民政府办公厅印发《武汉市氢能产业突破性发展三年行动计划（2024—2026年）》。\n"
            "这是继2020年《武汉市氢能产业发展规划方案》之后出台的又一份文件。新的行动计划由原规划方案升级而来，"
            "聚焦制氢、储运和燃料电池三个环节。\n")
    got = rels(extract_text(text))
    new, old = "武汉市氢能产业突破性发展三年行动计划(2024—2026年)", "武汉市氢能产业发展规划方案"
    assert ("targetsIndustry", new, "燃料电池") in got
    assert ("targetsIndustry", old, "燃料电池") not in got


def test_every_place_of_a_subject_list_focuses_and_pairs_of_fields_count():
    got = rels(extract_text("湖北省推进氢能发展。襄阳市、十堰市依托商用车基础，重点发展燃料电池商用车和专用车。"
                            "省里支持宜昌市做强整机制造和航空零部件，总结政策文件和经验。"))
    for city in ("襄阳市", "十堰市"):
        assert ("focusIndustry", city, "燃料电池商用车") in got
    assert ("focusIndustry", "宜昌市", "整机制造") in got and ("focusIndustry", "宜昌市", "航空零部件") in got
    assert not any(o in ("政策文件", "经验") for p, s, o in got)


def test_each_article_of_a_page_has_its_own_home_region():
    text = ("广州：先进制造业提速\n\n广州市工信局发布《广州市先进制造业强市三年行动计划》。广州将做强汽车产业。\n\n"
            "(上接第1版)\n\n会议指出，我国制造业发展仍处于机遇期。工业和信息化部要求，实施产业基础再造工程。"
            "我国将加快工业互联网发展。\n")
    got = rels(extract_text(text))
    assert ("appliesTo", "产业基础再造工程", "中国") in got
    assert ("appliesTo", "产业基础再造工程", "广州市") not in got


def test_issuer_is_the_office_not_the_parent_in_its_name_and_a_place_as_clause_subject():
    got = rels(extract_text("工业和信息化部办公厅日前印发《关于加快推进工业母机创新发展的通知》。"
                            "**本报讯** 近日，河南省印发《河南省新型显示产业发展行动方案》。"))
    assert ("issuedBy", "关于加快推进工业母机创新发展的通知", "工业和信息化部办公厅") in got
    assert ("issuedBy", "关于加快推进工业母机创新发展的通知", "工业和信息化部") not in got
    assert ("issuedBy", "河南省新型显示产业发展行动方案", "河南省") in got


def test_coined_brand_names_before_a_trade_word_are_companies():
    r = extract_text("如知存科技将计算和存储结合，慧影医疗推出新产品，数字科技发展迅速，推动智能汽车发展。")
    orgs = names(r, "Organization")
    assert {"知存科技", "慧影医疗"} <= orgs
    assert not orgs & {"数字科技", "推动智能"}


def test_quoted_places_name_a_corridor_and_cities_are_no_new_towns():
    r = extract_text("抢抓建设“广州—深圳—香港—澳门”科技创新走廊。利用新一代人工智能技术创新城市管理。")
    zones = names(r, "Region")
    assert "广州—深圳—香港—澳门科技创新走廊" in zones
    assert not any(z.endswith("创新城") for z in zones)


def test_agency_part_of_only_for_units_named_under_their_parent():
    got = rels(extract_text("国务院常务会议召开。工信部科技司、国家国防科工局负责人参加，工业和信息化部部署工作。"))
    assert ("partOf", "工业和信息化部科技司", "工业和信息化部") in got
    assert ("partOf", "工业和信息化部", "国务院") not in got
    assert not any(p == "partOf" and s == "国家国防科技工业局" for p, s, o in got)


def test_quoted_program_stops_at_a_full_width_comma():
    r = extract_text("周口市实施“高标准农田提质工程”，今年计划新建高标准农田80万亩。")
    assert "高标准农田提质工程" in names(r, "Program")


def test_every_post_in_a_chain_of_titles_is_a_membership():
    got = rels(extract_text("中国工程院院士、四川大学华西医院教授罗成刚表示，上海市委宣传部部长王明出席。"))
    assert ("memberOf", "罗成刚", "中国工程院") in got
    assert ("memberOf", "罗成刚", "四川大学华西医院") in got
    assert ("memberOf", "王明", "中共上海市委宣传部") in got


def test_a_program_targets_industries_of_its_own_or_its_content_clauses_only():
    got = rels(extract_text(
        "厦门将实施“蓝色引擎”工程，依托自贸片区，发展航运物流和邮轮经济。"
        "深化落实“放管服”改革，编制许可事项清单，优化生产许可管理，组织清理歧视性规定，进一步深化电信、烟草等行业改革。"))
    assert ("targetsIndustry", "蓝色引擎工程", "航运物流") in got
    assert not any(p == "targetsIndustry" and s == "放管服" for p, s, o in got)


def test_industries_listed_beside_a_program_are_not_its_targets():
    got = rels(extract_text("扎实做好推动企业上云、工业互联网发展等基础性工作。从“机器换人”“工厂物联网”到“未来工厂”。"))
    assert ("targetsIndustry", "企业上云", "工业互联网") not in got
    assert ("targetsIndustry", "机器换人", "物联网") not in got


def test_reports_and_idioms_are_no_programs():
    r = extract_text("新发布的《高校毕业生数字经济就业创业报告》预测就业增长。全系统要在思想上政治上行动上保持一致。")
    assert not names(r, "Program")


def test_a_weak_industry_word_counts_when_a_program_is_named_after_it():
    r = extract_text("实施软件创新能力提升行动，加快名城创建。软件是基础。")
    assert "软件" in names(r, "Industry")
    assert ("targetsIndustry", "软件创新能力提升行动", "软件") in rels(r)


def test_zone_names_start_at_the_city_and_short_forms_are_not_read_out_of_words():
    r = extract_text("中国科学院在安徽合肥未来大科学城启动装置，合肥市表示支持。杭州要成为卓越城市，浙江省支持。")
    regions = names(r, "Region")
    assert "合肥未来大科学城" in regions
    assert "越城区" not in regions
    assert ("partOf", "合肥未来大科学城", "合肥市") in rels(r)


def test_vocabulary_stays_bounded_over_many_documents():
    from kg.extract.pipeline import get_pipeline

    strings = get_pipeline().vocab.strings
    extract_text("浙江省经信厅发布《浙江省数字经济发展行动计划》。")
    before = len(strings)
    for i in range(20):
        extract_text(f"第{i}份文件：浙江省经信厅发布《浙江省第{i}个数字经济发展行动计划》。" * 3)
    assert len(strings) - before < 50   # characters, never whole documents or pieces of them


def test_ordinals_and_recycling_stay_inside_names():
    r = extract_text("实施新能源汽车废旧动力电池回收利用试点方案。在宁波大学附属第一医院就诊。")
    assert "新能源汽车废旧动力电池回收利用试点方案" in names(r, "Program")
    assert "宁波大学附属第一医院" in names(r, "Organization")


def test_zone_short_heads_expand_and_names_start_at_their_place():
    r = extract_text("这家扎根西安经开区的企业扩产。")
    zone = next(e for e in r.entities if e.type == "Region" and e.name.endswith("开发区"))
    assert zone.name == "西安经济技术开发区" and "西安经开区" in zone.aliases


def test_every_citys_body_is_not_the_home_citys():
    r = extract_text("济南市召开会议。各市人民政府、计划单列市通信管理局要落实。市政府将督查。")
    assert names(r, "Agency") == {"济南市人民政府"}
    agency = next(e for e in r.entities if e.type == "Agency")
    assert [m.text for m in agency.mentions] == ["市政府"]


def test_national_notice_and_headquarters_after_a_locative_cue():
    text = ("国务院关于印发《新一代人工智能发展规划》的通知\n各省、自治区、直辖市人民政府：现将规划印发给你们。\n"
            "广东省人民政府办公厅印发行动计划。華為技術有限公司總部位於深圳市龍崗區。")
    r = extract_text(text)
    got = rels(r)
    assert "深圳市人民政府" not in names(r, "Agency")
    assert not any(p == "appliesTo" and s == "新一代人工智能发展规划" and o != "中国" for p, s, o in got)
    assert ("locatedIn", "华为技术有限公司", "龙岗区") in got


def test_national_notices_zones_after_provinces_and_verbs_before_company_names():
    text = ("工业和信息化部办公厅关于公布示范工厂名单的通知\n按照《“十四五”智能制造发展规划》部署，"
            "确定北京小米智能科技有限公司等单位为示范工厂。江苏省推荐了多家企业，江苏将加快发展。"
            "湖南省长沙市经开区依托三一重工股份有限公司，打造工程机械产业集群。")
    r = extract_text(text)
    got = rels(r)
    assert "北京小米智能科技有限公司" in names(r, "Organization")
    assert "长沙市经济技术开发区" in names(r, "Region")
    assert not any(p == "appliesTo" and s == "十四五智能制造发展规划" for p, s, o in got)


def test_special_administrative_region_government_and_its_bureaus():
    r = extract_text("香港特區政府創新科技及工業局局長孫東表示，香港將發展人工智能產業。")
    assert "香港特别行政区政府创新科技及工业局" in names(r, "Agency")
    assert ("memberOf", "孙东", "香港特别行政区政府创新科技及工业局") in rels(r)
    assert ("jurisdiction", "香港特别行政区政府", "香港特别行政区") in rels(r)


def test_county_level_bodies_in_a_countys_own_text():
    r = extract_text("德清县人民政府关于印发行动计划的通知\n县政府各部门：县委书记王强指出，德清将做强卫星导航产业。"
                     "湖州市经信局、县发改局负责落实。")
    assert {"中共德清县委", "德清县人民政府", "德清县发展和改革局"} <= names(r, "Agency")
    assert ("memberOf", "王强", "中共德清县委") in rels(r)


def test_places_after_a_preposition_are_where_not_who():
    r = extract_text("上海将在浦东新区和张江科学城布局智能终端产业。上海市发展和改革委员会将会同市财政局落实资金。")
    got = rels(r)
    assert ("focusIndustry", "上海市", "智能终端") in got
    assert not any(p == "focusIndustry" and s in ("浦东新区", "张江科学城") for p, s, o in got)
    assert not any("会同" in n for n in names(r, "Agency"))


def test_macro_regions_by_their_short_names():
    r = extract_text("成渝地区电子信息先进制造集群入选，长江三角洲地区一体化发展。")
    assert {"成渝地区双城经济圈", "长三角"} <= names(r, "Region")


def test_issuers_of_a_program_referred_to_as_this_action():
    got = rels(extract_text("四川将实施“电子信息产业提升行动”，培育新型显示产业。据悉，该行动由省经信厅会同省发展改革委制定。"))
    assert ("issuedBy", "电子信息产业提升行动", "四川省经济和信息化厅") in got
    assert ("issuedBy", "电子信息产业提升行动", "四川省发展和改革委员会") in got


def test_cluster_names_name_their_industry():
    r = extract_text("工信部公布国家先进制造业集群名单，苏州市纳米新材料集群入选。")
    assert "纳米新材料" in names(r, "Industry")


def test_a_regulation_titled_by_its_name_targets_the_industries_of_its_articles():
    text = ("河北省数字经济促进条例\n\n第一章　总则\n第一条　为了促进数字经济发展，制定本条例。\n"
            "第三条　本省重点发展大数据、云计算和工业互联网。雄安新区应当建设数字经济创新发展试验区。\n")
    r = extract_text(text)
    got = rels(r)
    assert ("targetsIndustry", "河北省数字经济促进条例", "云计算") in got
    assert "安新县" not in names(r, "Region")
    assert not any("应当" in n for n in names(r, "Region"))


def test_every_place_a_repeated_program_is_carried_out_in():
    got = rels(extract_text("推进杭州、宁波等地建设“城市大脑”，加快湖州、衢州“城市大脑”建设示范试点。"))
    for city in ("杭州市", "宁波市", "湖州市", "衢州市"):
        assert ("appliesTo", "城市大脑", city) in got


def test_issuers_named_by_the_program_a_described_subject_and_not_websites():
    got = rels(extract_text(
        "浙江召开会议。为激活数据要素，当地率先出台《广东省数据要素市场化配置改革行动方案》。"
        "工业互联网建设持续领跑的山东，2022年制定数字经济“重点突破”行动方案。"
        "1月11日，重庆市政府网发布《重庆市人民政府办公厅关于推进5G通信网建设发展的实施意见》。"))
    assert ("issuedBy", "广东省数据要素市场化配置改革行动方案", "广东省") in got
    assert ("issuedBy", "数字经济重点突破行动方案", "山东省") in got
    assert ("issuedBy", "重庆市人民政府办公厅关于推进5G通信网建设发展的实施意见", "重庆市人民政府") not in got


def test_a_heading_program_scopes_the_items_below_it():
    text = ("（一）融合创新能力提升行动\n\n1.加大攻关力度。重点突破智能芯片、智能传感器等关键技术。\n\n"
            "（二）智慧经济培育行动\n\n大力发展智能家居和智能网联汽车。\n")
    got = rels(extract_text(text))
    assert ("targetsIndustry", "融合创新能力提升行动", "智能芯片") in got
    assert ("targetsIndustry", "智慧经济培育行动", "智能家居") in got
    assert ("targetsIndustry", "融合创新能力提升行动", "智能家居") not in got


def test_a_program_described_by_a_longer_name_is_one_program():
    r = extract_text("“中国视谷”是杭州智能物联产业生态圈标志性引领工程，目的是推动产业跃迁。")
    programs = [e for e in r.entities if e.type == "Program"]
    assert [p.name for p in programs] == ["中国视谷"]
    assert "杭州智能物联产业生态圈标志性引领工程" in programs[0].aliases
    assert ("targetsIndustry", "中国视谷", "智能物联") in rels(r)


def test_a_local_brand_named_china_applies_where_it_is_built():
    got = rels(extract_text("我国数字经济快速发展。杭州滨江区启动“中国数谷”建设。河南落实国家种业振兴行动。"))
    assert ("appliesTo", "中国数谷", "中国") not in got
    assert ("appliesTo", "中国数谷", "滨江区") in got
    assert ("appliesTo", "国家种业振兴行动", "中国") in got


def test_word_class_cache_gives_the_dictionary_itself(tmp_path, monkeypatch):
    from kg.extract import words

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    fresh = words.word_classes.__wrapped__()          # parses jieba's dictionary, writes the cache
    assert list((tmp_path / "kg").glob("word-classes-*.marshal"))
    assert words.word_classes.__wrapped__() == fresh  # read back from the cache
    assert fresh["拓展"] == "v"
    blocked = tmp_path / "a-file"                      # a cache that cannot be written is skipped
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert words.word_classes.__wrapped__() == fresh


def test_autonomous_region_bodies_by_their_level_word():
    text = ("宁夏回族自治区人民政府印发《算力行动计划》。自治区发展改革委负责能耗统筹，自治区网信办负责安全，"
            "自治区党委高度重视。")
    names = {e.name for e in extract_text(text).entities if e.type == "Agency"}
    assert {"宁夏回族自治区发展和改革委员会", "宁夏回族自治区党委网络安全和信息化委员会办公室",
            "中共宁夏回族自治区委员会"} <= names


def test_places_inside_other_words_name_no_place_and_no_body():
    text = "长沙市工业和信息化局发布通知。黑龙江省人民政府印发方案。宁夏年均日照时数超过3000小时。"
    ex = extract_text(text)
    names = {(e.type, e.name) for e in ex.entities}
    assert ("Agency", "长沙市工业和信息化局") in names and ("Agency", "黑龙江省人民政府") in names
    assert not {n for t, n in names if n.startswith(("沙市", "龙江", "日照"))}


def test_program_heads_that_open_another_word_name_no_program():
    text = "到2025年工程机械产业产值突破3000亿元，企业跻身全球工程机械制造商前列，中南大学机电工程学院参与。"
    assert not [e.name for e in extract_text(text).entities if e.type == "Program"]


def test_located_in_the_place_a_clause_says_holds_the_firm_not_its_lexicon_head_office():
    text = ("宁夏回族自治区印发方案。中卫市与美团签约。在坪山区，比亚迪的整车生产线满负荷运转。"
            "南山区集聚了腾讯、中兴通讯等龙头企业。顺德区的美的集团加快转型。")
    ex = extract_text(text)
    names = {e.id: e.name for e in ex.entities}
    located = {(names[r.s], names[r.o]) for r in ex.relations if r.p == "locatedIn"}
    assert {("比亚迪", "坪山区"), ("中兴通讯", "南山区"), ("美的集团", "顺德区")} <= located
    assert not {o for s, o in located if s == "美团"}   # 北京, from the lexicon, is no fact of this text


def test_industry_and_program_fragments_from_clauses_places_and_parts():
    text = ("黄埔区依托广州开发区，培育了粤芯半导体、百济神州等重点项目。我国在全球未来产业竞争中占据有利位置。"
            "落实《元宇宙产业创新发展三年行动计划》。在汕头、湛江承接珠三角产业转移项目。"
            "重点突破人形机器人“大脑”“小脑”“肢体”等关键技术。广东要前瞻布局人工智能、低空经济、商业航天等产业。"
            "2025年计划安排省重点建设项目超1000个。")
    ex = extract_text(text)
    industries = {e.name for e in ex.entities if e.type == "Industry"}
    programs = {e.name for e in ex.entities if e.type == "Program"}
    assert {"元宇宙", "人工智能", "低空经济"} <= industries
    assert not {"了粤芯半导体", "百济神州", "全球未来", "宇宙", "珠三角", "前瞻布局人工智能"} & industries
    assert not {"大脑", "小脑", "肢体", "2025年计划"} & programs


def test_national_plans_target_industries_the_country_has_no_focus():
    text = ("工业和信息化部印发《关于推动未来产业创新发展的实施意见》。我国要聚焦人形机器人、量子信息等领域。"
            "支持上海市发展元宇宙和类脑智能。")
    ex = extract_text(text)
    names = {e.id: e.name for e in ex.entities}
    focus = {(names[r.s], names[r.o]) for r in ex.relations if r.p == "focusIndustry"}
    assert ("上海市", "元宇宙") in focus
    assert not {s for s, o in focus if s == "中国"}


def test_branches_are_organizations_of_their_own_and_lists_stop_at_counts():
    text = ("自治区工信厅联合中国电信宁夏分公司、中国移动宁夏公司等成立联盟。中国移动、中国电信、中国联通三大运营商落地中卫。"
            "三一重工、中联重科、山河智能3家企业跻身全球50强。")
    orgs = {e.name for e in extract_text(text).entities if e.type == "Organization"}
    assert {"中国移动", "中国移动宁夏公司", "中国电信宁夏分公司", "中国联通"} <= orgs
    assert not [o for o in orgs if "三大" in o or o.endswith("企业")]


def test_a_cluster_named_by_two_fields_joined_by_yu_is_one_industry():
    text = "十大战略性新兴产业集群包括半导体与集成电路、高端装备制造、激光与增材制造、安全应急与环保等产业。"
    industries = {e.name for e in extract_text(text).entities if e.type == "Industry"}
    assert {"半导体与集成电路", "激光与增材制造", "安全应急与环保", "高端装备制造业"} <= industries
    assert not {"半导体", "激光", "环保"} & industries


def test_towns_named_after_their_county_are_places_of_their_own():
    r = extract_text("佛山市顺德区北滘镇是家电重镇。美的集团总部位于北滘镇，北滘镇还集聚了多家企业。")
    assert "北滘镇" in names(r, "Region")
    assert "重镇" not in names(r, "Region")
    assert ("partOf", "北滘镇", "顺德区") in rels(r)
    assert ("locatedIn", "美的集团", "北滘镇") in rels(r)
    # without the county before it a word ending in 镇 is no town
    assert "北滘镇" not in names(extract_text("北滘镇集聚了多家企业。"), "Region")


def test_focus_in_priority_frames_and_lists_closed_by_their_head():
    r = rels(extract_text("杭州以视觉智能为引领，以云计算、网络通信等为重点，打造智能物联产业生态圈。"))
    assert {("focusIndustry", "杭州市", i) for i in ("视觉智能", "云计算", "网络通信", "智能物联")} <= r
    assert ("focusIndustry", "北京市", "工业互联网") in rels(extract_text("北京将在工业互联网、5G等领域布局一批创新中心。"))
    # a frame with no place acting names no focus
    assert not rels(extract_text("一是引领前沿。在基因测序等领域形成了成果。浙江将加快发展。"))
    r = extract_text("嘉善县位于浙江。嘉善瞄准通讯电子、新能源产业组建专班。")
    assert {"通讯电子", "新能源"} <= names(r, "Industry")
    assert ("focusIndustry", "嘉善县", "通讯电子") in rels(r)
    assert "着新兴" not in names(extract_text("企业背后站着新兴产业。"), "Industry")


def test_no_program_from_counted_kinds_verbs_generic_strategies_or_plan_periods():
    for text in ("培育100个以上新型信息消费示范项目。", "杭州迅速行动，与企业签署协议。",
                 "面向“十五五”时期国家发展战略，聚焦新兴产业。", "落实重大发展战略。"):
        assert not names(extract_text(text), "Program"), text
    assert "乡村振兴战略" in names(extract_text("实施乡村振兴战略。"), "Program")
    assert "十五五规划" in names(extract_text("编制“十五五”规划。"), "Program")


def test_posts_before_names_open_no_organization_and_party_committees_of_autonomous_regions():
    r = extract_text("市长周海兵调研湘江集团。")
    assert names(r, "Organization") == {"湘江集团"} and names(r, "Person") == {"周海兵"}
    r = extract_text("宁夏回族自治区党委书记李邑飞主持会议。")
    assert ("memberOf", "李邑飞", "中共宁夏回族自治区委员会") in rels(r)


def test_towns_of_the_lexicon_where_the_document_names_their_county():
    r = extract_text("勐海县位于云南省。勐海镇、勐混镇和布朗山布朗族乡是产茶大镇。")
    assert {"勐海镇", "勐混镇", "布朗山布朗族乡"} <= names(r, "Region")
    assert ("partOf", "布朗山布朗族乡", "勐海县") in rels(r)
    # a name many counties share needs its county; 大镇 is no town
    assert names(extract_text("城关镇召开会议。"), "Region") == set()
    assert "大镇" not in names(r, "Region")


def test_a_plan_applies_to_the_places_its_tasks_and_its_own_sentences_name():
    text = ("近日，广东省人民政府印发《广东省智能制造行动方案》。\n"
            "《行动方案》提出，支持深圳市、广州市建设智能工厂。\n"
            "（一）产业布局。佛山市重点发展智能装备，东莞市做强电子信息。\n"
            "《广东省智能制造行动方案》还提出，要学习上海市的经验。")
    r = rels(extract_text(text))
    for city in ("深圳市", "广州市", "佛山市", "东莞市"):
        assert ("appliesTo", "广东省智能制造行动方案", city) in r, city
    # a place outside the plan's own province is no place it applies to
    assert ("appliesTo", "广东省智能制造行动方案", "上海市") not in r


def test_a_zone_is_named_after_the_verb_of_the_clause_before_it():
    r = extract_text("其中，湖北省支持武汉东湖新技术开发区建设光电子信息产业集群。")
    assert "武汉东湖新技术开发区" in names(r, "Region")
    assert not any("支持" in n for n in names(r, "Region"))


def test_the_place_issuing_a_plan_named_for_industries_prioritises_them():
    r = rels(extract_text("近日，河南省印发《新型显示和智能终端产业发展行动方案》。"))
    assert {("focusIndustry", "河南省", "新型显示"), ("focusIndustry", "河南省", "智能终端")} <= r
    r = rels(extract_text("近日，工业和信息化部印发《工业互联网创新发展行动计划》。"))
    assert not any(p == "focusIndustry" for p, _, _ in r)   # the country picks no focus


def test_carriers_share_the_priorities_and_a_bracketed_name_of_the_same_kind_is_an_alias():
    r = extract_text("厦门市将以厦门火炬高技术产业开发区（厦门火炬高新区）为主要载体，重点发展集成电路设计。"
                     "厦门火炬高新区建成生产线。")
    assert [e.name for e in r.entities if e.type == "Region" and "火炬" in e.name] == ["厦门火炬高技术产业开发区"]
    assert ("focusIndustry", "厦门火炬高技术产业开发区", "集成电路设计") in rels(r)
    # a second name of an office is no abbreviation of it
    r = extract_text("国家市场监管总局（国家标准委）将加快制修订国家标准。")
    assert {"国家市场监督管理总局", "国家标准化管理委员会"} <= names(r, "Agency")


def test_fragments_of_places_qualifiers_and_clauses_name_no_industry():
    for text, industry in (("川渝两地汽车产业规模扩大。", "汽车"), ("成渝汽车产业协同发展。", "汽车"),
                           ("发展人工智能核心产业。", "人工智能"), ("要把汽车产业作为成都建设现代化产业体系的支柱。", "汽车")):
        assert names(extract_text(text), "Industry") == {industry}, text
    for text in ("推动一二三产业融合，形成完整产业链，促进跨区域产业协作。", "推动两岸产业合作。",
                 "上海重点培育三大先导产业。"):
        assert not names(extract_text(text), "Industry"), text


def test_named_runs_take_their_counted_head_and_deadlines_name_no_program():
    r = extract_text("部署“网络筑基”“平台赋能”“安全护航”三大行动。“安全护航”行动由工信部负责。")
    assert names(r, "Program") == {"网络筑基行动", "平台赋能行动", "安全护航行动"}
    assert not names(extract_text("各省于2024年5月底前报送实施方案。"), "Program")


def test_a_county_named_inside_a_word_and_a_place_that_acts_before_an_organization():
    assert "范县" not in names(extract_text("勐海县是茶叶示范县。"), "Region")
    assert "范县" in names(extract_text("河南省范县发展农业。"), "Region")
    assert names(extract_text("勐海县设立云南农业大学普洱茶研究院。"), "Organization") == {"云南农业大学普洱茶研究院"}


def test_programs_a_plan_sets_out_are_its_parts():
    text = ("近日，县人民政府印发《勐海县茶产业发展行动方案》。\n"
            "《行动方案》部署实施“生态茶园提升工程”“品牌营销拓展工程”两大工程。\n"
            "一是“茶旅融合”示范工程，建设茶山景区。\n"
            "《勐海县茶产业发展行动方案》还要求各乡镇落实。")
    r = rels(extract_text(text))
    for part in ("生态茶园提升工程", "品牌营销拓展工程", "茶旅融合示范工程"):
        assert ("partOf", part, "勐海县茶产业发展行动方案") in r, part


def test_zones_by_their_official_names_and_the_place_a_clause_puts_them_in():
    r = extract_text("位于珠海的横琴粤澳深度合作区将发展集成电路。")
    assert names(r, "Region") == {"珠海市", "横琴粤澳深度合作区"}
    assert {("partOf", "横琴粤澳深度合作区", "珠海市"), ("focusIndustry", "横琴粤澳深度合作区", "集成电路")} <= rels(r)
    r = extract_text("位于儋州市的洋浦经济开发区是先行区域。海口市依托海口综合保税区发展数字贸易。")
    assert {("partOf", "洋浦经济开发区", "儋州市"), ("partOf", "海口综合保税区", "海口市")} <= rels(r)
    # a lexicon short form is the lexicon's zone, not one its head makes up
    r = extract_text("总部位于东湖高新区的企业。湖北省支持武汉东湖新技术开发区建设示范区。")
    assert [n for n in names(r, "Region") if "东湖" in n] == ["武汉东湖新技术开发区"]


def test_located_where_an_organization_builds_and_in_the_most_specific_place_given():
    r = rels(extract_text("京东方在成都、重庆两地建设的显示面板生产线投产。"))
    assert {("locatedIn", "京东方", "成都市"), ("locatedIn", "京东方", "重庆市")} <= r
    r = rels(extract_text("目前，深圳的比亚迪与广州的广汽集团、小鹏汽车等企业开展合作。"))
    assert {("locatedIn", "比亚迪", "深圳市"), ("locatedIn", "小鹏汽车", "广州市")} <= r
    r = rels(extract_text("位于徐汇区的上海人工智能实验室发布模型。上海市大力发展人工智能。"))
    assert ("locatedIn", "上海人工智能实验室", "徐汇区") in r and ("locatedIn", "上海人工智能实验室", "上海市") not in r
    r = rels(extract_text("重庆市和四川省合作。支持位于成都的电子科技大学和重庆大学开展攻关。"))
    assert ("locatedIn", "重庆大学", "重庆市") in r and ("locatedIn", "重庆大学", "成都市") not in r


def test_heads_of_government_are_members_of_it_and_names_ending_in_he():
    r = rels(extract_text("重庆市人民政府印发通知。重庆市副市长罗明远表示，要加快发展。"))
    assert ("memberOf", "罗明远", "重庆市人民政府") in r
    r = rels(extract_text("勐海县人民政府召开会议。县长李明表示，要做强茶产业。"))
    assert ("memberOf", "李明", "勐海县人民政府") in r
    assert "孟庆和" in names(extract_text("中国信通院院长助理孟庆和认为，要加快发展。"), "Person")
    assert names(extract_text("院长张三和李四出席。"), "Person") == {"张三"}
    assert "陕西延长石油(集团)有限责任公司" in names(extract_text("陕西延长石油(集团)有限责任公司在榆林布局。"), "Organization")


def test_a_ministry_unit_named_alone_before_its_heads_post():
    r = rels(extract_text("工业和信息化部、国家数据局联合印发通知。工业和信息化部将推进。"
                          "信息技术发展司副司长陆佳鸣介绍情况。"))
    assert ("memberOf", "陆佳鸣", "工业和信息化部信息技术发展司") in r
    assert ("partOf", "工业和信息化部信息技术发展司", "工业和信息化部") in r
    assert "胡燕" in names(extract_text("工信部副司长胡燕在接受记者采访时表示，要加快发展。"), "Person")


def test_a_county_text_is_about_the_county_and_framing_sentences_describe_their_program():
    text = ("勐海县召开会议。勐海县地处云南省西南部。\n"
            "在品牌营销拓展工程中，勐海县将借助电子商务拓宽普洱茶销售渠道。\n"
            "县文化和旅游局将打造精品旅游线路。")
    r = rels(extract_text(text))
    assert {("targetsIndustry", "品牌营销拓展工程", "电子商务"), ("targetsIndustry", "品牌营销拓展工程", "普洱茶")} <= r
    assert not any(p == "focusIndustry" and s == "云南省" for p, s, _ in r)
    # a cue word inside a program's name upgrades nothing
    r = rels(extract_text("《茶产业行动方案》部署“生态茶园提升工程”“精制加工升级工程”两大工程。"))
    assert not any(p == "successorOf" for p, _, _ in r)


def test_list_items_opening_with_a_field_and_two_joined_organizations():
    r = extract_text("重点发展稀土永磁、稀土储氢、稀土催化等稀土新材料产业。")
    assert {"稀土永磁", "稀土储氢", "稀土催化", "稀土新材料"} <= names(r, "Industry")
    r = extract_text("哈尔滨工业大学与包头稀土研究院将共建联合实验室。")
    assert {"哈尔滨工业大学", "包头稀土研究院"} <= names(extract_text("哈尔滨工业大学与包头稀土研究院将共建联合实验室。"), "Organization")


def test_counted_heads_close_industry_names_and_counted_programs_list_no_fields():
    r = extract_text("打造机器人、航空装备、汽车及零部件、集成电路装备四大产业集群。")
    assert "汽车及零部件" in names(r, "Industry") and not any("四大" in n for n in names(r, "Industry"))
    assert names(extract_text("实施跨境电商主体培育、海外仓建设、品牌出海和人才培训四大工程。"), "Industry") == {"跨境电商"}
    assert not names(extract_text("围绕“通道+平台+产业”三个维度推进。"), "Industry")


def test_a_headline_paraphrase_of_the_plan_and_first_of_a_kind_programs():
    r = extract_text("广西发布跨境电商三年行动方案 深耕东盟市场\n"
                     "近日，自治区商务厅印发《广西加快发展跨境电子商务三年行动方案（2025—2027年）》。")
    assert names(r, "Program") == {"广西加快发展跨境电子商务三年行动方案(2025—2027年)"}
    r = extract_text("部署了高档数控机床强基工程和首台（套）重大技术装备推广应用工程两项任务。")
    assert "首台(套)重大技术装备推广应用工程" in names(r, "Program")


def test_one_character_fields_pairs_by_their_ends_and_counts_with_liang():
    assert names(extract_text("推动竹产业发展。"), "Industry") == {"竹"}
    assert names(extract_text("勐海县发展茶产业，茶叶产量增长。"), "Industry") == {"茶叶"}
    assert names(extract_text("重点发展休闲旅游和民宿经济，探索新模式。"), "Industry") == {"休闲旅游", "民宿经济"}
    assert names(extract_text("白茶和竹产业是县域经济的两大特色产业。"), "Industry") == {"白茶", "竹"}


def test_stops_inside_words_places_before_fields_and_units_of_known_organizations():
    assert names(extract_text("贵阳大数据交易所累计交易额突破千亿。"), "Organization") == {"贵阳大数据交易所"}
    assert "中国科学院赣江创新研究院" in names(extract_text("中国科学院赣江创新研究院落户赣州。"), "Organization")
    assert names(extract_text("西安阎良区航空产业发展迅速。"), "Industry") == {"航空"}
    r = extract_text("推动VR与稀土新材料两条产业链协同发展。世界VR产业大会召开。")
    assert not any(("两条" in n or "世界" in n) for n in names(r, "Industry"))
    r = extract_text("华为云在贵安新区建设数据中心。华为公司表示。")
    assert {"华为云", "华为技术有限公司"} <= names(r, "Organization")


def test_a_clause_opening_with_a_host_verb_has_the_sentence_place_as_subject():
    r = rels(extract_text("深圳市着力做强无人机产业，聚集了大疆创新、丰翼科技等一批企业。"))
    assert {("locatedIn", "大疆创新", "深圳市"), ("locatedIn", "丰翼科技", "深圳市")} <= r
    r = rels(extract_text("广州市黄埔区依托亿航智能，重点发展eVTOL研发制造。"))
    assert ("locatedIn", "亿航智能", "黄埔区") in r
    assert not names(extract_text("推动万企智能化技术改造。"), "Organization")


def test_local_anaphora_after_a_place_and_a_short_place_opening_a_zone():
    r = rels(extract_text("在大连长兴岛经济技术开发区，当地将做强石化产业。"))
    assert ("focusIndustry", "大连长兴岛经济技术开发区", "石化") in r
    assert ("partOf", "大连长兴岛经济技术开发区", "大连市") in r


def test_a_plan_cited_by_its_kind_scopes_the_sentence():
    text = ("近日，省工信厅印发《江西省虚拟现实产业发展三年行动计划（2025—2027年）》。"
            "省发改委印发《江西省稀土新材料产业高质量发展实施方案》。\n"
            "根据行动计划，南昌市将重点发展近眼显示和光学器件。\n"
            "实施方案提出，赣州市要聚焦稀土永磁材料、永磁电机等方向。")
    r = rels(extract_text(text))
    assert ("targetsIndustry", "江西省虚拟现实产业发展三年行动计划(2025—2027年)", "近眼显示") in r
    assert ("targetsIndustry", "江西省稀土新材料产业高质量发展实施方案", "永磁电机") in r
    assert ("targetsIndustry", "江西省稀土新材料产业高质量发展实施方案", "近眼显示") not in r


def test_approving_governments_and_the_issuers_of_another_plan_issue_nothing():
    r = rels(extract_text("近日，经四川省人民政府、重庆市人民政府同意，四川省经信厅、重庆市经信委联合印发《成渝汽车产业实施方案》。"
                          "据悉，《成渝汽车产业实施方案》是落实中共中央、国务院印发的《成渝地区双城经济圈建设规划纲要》的具体举措。"))
    issuers = {o for p, s, o in r if p == "issuedBy" and s == "成渝汽车产业实施方案"}
    assert issuers == {"四川省经济和信息化厅", "重庆市经济和信息化委员会"}
    assert ("issuedBy", "成渝地区双城经济圈建设规划纲要", "中共中央") in r


def test_document_notes_after_the_head_and_zones_named_without_their_full_city():
    r = extract_text("商务部发布《海南自由贸易港跨境服务贸易特别管理措施（负面清单）（2021年版）》。")
    assert names(r, "Program") == {"海南自由贸易港跨境服务贸易特别管理措施(负面清单)(2021年版)"}
    r = extract_text("琼海市博鳌乐城国际医疗旅游先行区聚焦医疗旅游。")
    assert "博鳌乐城国际医疗旅游先行区" in names(r, "Region")
    assert ("partOf", "博鳌乐城国际医疗旅游先行区", "琼海市") in rels(r)
    assert "杭州未来科技城" in names(extract_text("杭州未来科技城集聚了一批企业。"), "Region")


def test_organizations_of_a_list_are_where_the_list_settles_or_builds():
    r = rels(extract_text("隆平高科、中国种子集团等企业落户三亚崖州湾科技城。"))
    assert {("locatedIn", "隆平高科", "三亚崖州湾科技城"), ("locatedIn", "中国种子集团", "三亚崖州湾科技城")} <= r
    r = rels(extract_text("海口复兴城互联网信息产业园加快建设。目前，腾讯、字节跳动等企业已在该产业园设立区域业务中心。"))
    assert ("locatedIn", "字节跳动", "海口复兴城互联网信息产业园") in r
    r = extract_text("“生态培育”行动提出壮大工业软件、边缘计算、工业大数据、人工智能等关键产业。")
    assert "工业大数据" in names(r, "Industry") and "关键" not in names(r, "Industry")
    r = extract_text("推动钛及钛合金在航空航天、海洋工程、医疗器械等领域的应用。")
    assert {"钛及钛合金", "航空航天"} <= names(r, "Industry")


def test_autonomous_prefectures_by_their_zhou_forms_and_no_province_read_out_of_them():
    r = extract_text("青海省海西蒙古族藏族自治州和海南藏族自治州。企业将在海南州新增光伏装机。海西州人民政府已同步出台政策。")
    assert names(r, "Region") == {"青海省", "海西蒙古族藏族自治州", "海南藏族自治州"}
    assert "海西蒙古族藏族自治州人民政府" in names(r, "Agency")
    assert names(extract_text("浙江省杭州市滨江区"), "Region") == {"浙江省", "杭州市", "滨江区"}


def test_kinds_and_owners_before_names_and_units_in_general_name_nothing():
    assert names(extract_text("鼓励在汉高校华中科技大学、武汉大学开展攻关。"), "Organization") == {"华中科技大学", "武汉大学"}
    r = extract_text("国家电投所属黄河上游水电开发有限责任公司建设电站。")
    assert "黄河上游水电开发有限责任公司" in names(r, "Organization")
    assert names(extract_text("商务部、国家发展改革委相关司局负责人介绍。"), "Agency") == {"商务部", "国家发展和改革委员会"}


def test_a_program_citing_its_own_content_applies_to_the_places_it_names():
    r = rels(extract_text("青海省印发方案。“绿电园区建设工程”提出，在西宁市、海东市和海西州建设一批绿电园区。"))
    assert {("appliesTo", "绿电园区建设工程", c) for c in ("西宁市", "海东市", "海西蒙古族藏族自治州")} <= r
    r = rels(extract_text("青海省印发方案。按照“光伏制造强链工程”要求，格尔木市、德令哈市将加快建设多晶硅项目。"))
    assert ("appliesTo", "光伏制造强链工程", "格尔木市") in r


def test_a_field_with_a_product_word_after_it_is_that_products_field():
    r = extract_text("其中，鄂州市重点发展光电子器件，黄石市做强印制电路板。")
    assert "光电子器件" in names(r, "Industry") and "光电子" not in names(r, "Industry")
    assert ("focusIndustry", "鄂州市", "光电子器件") in rels(r)
    assert "人工智能" in names(extract_text("推动人工智能技术创新。"), "Industry")


def test_a_plans_later_clauses_that_mark_out_fields_are_its_content():
    r = rels(extract_text("上个月，浙江印发《关于培育发展未来产业的指导意见》，提出优先发展未来网络、元宇宙等9个未来产业，"
                          "还圈定了量子信息、深地深海等6个探索发展型的未来产业。"))
    assert ("targetsIndustry", "关于培育发展未来产业的指导意见", "量子信息") in r


def test_places_and_their_verbs_open_no_field_name():
    r = extract_text("并在浑南区、铁西区布局机器人产业园。推动晋江市发展存储器、南安市发展光电、安溪县发展化合物半导体。")
    assert {"机器人", "存储器", "光电", "化合物半导体"} <= names(r, "Industry")
    assert not any("布局" in n or "发展" in n for n in names(r, "Industry"))


def test_local_health_and_drug_bodies_and_no_fields_from_inside_body_names():
    r = extract_text("经市政府同意，市经信委会同市发展改革委、市科委、市卫生健康委、市药监局联合印发《上海市行动方案》。上海市召开会议。")
    assert {"上海市卫生健康委员会", "上海市药品监督管理局", "上海市发展和改革委员会"} <= names(r, "Agency")
    assert "国家卫生健康委员会" not in names(r, "Agency") and not names(r, "Industry")
    r = extract_text("海南自贸港出台现代服务业三年行动方案\n近日，省商务厅印发《海南自由贸易港现代服务业高质量发展行动方案（2025—2027年）》。")
    assert names(r, "Program") == {"海南自由贸易港现代服务业高质量发展行动方案(2025—2027年)"}


def test_places_whose_fields_a_focus_names_share_them():
    r = rels(extract_text("广东省聚焦佛山、东莞两地的家电、家具、电子信息等制造业集群。"))
    for city in ("佛山市", "东莞市", "广东省"):
        assert ("focusIndustry", city, "家电") in r, city


def test_cross_border_ecommerce_zones_and_verbs_before_industrial_parks():
    r = extract_text("南宁市将依托中国（南宁）跨境电子商务综合试验区（简称南宁综试区），建设产业园。")
    assert names(r, "Region") == {"南宁市", "中国(南宁)跨境电子商务综合试验区"}
    assert not names(r, "Industry")


def test_bodies_of_zones_and_towns_govern_them_and_customs_keep_the_short_place():
    r = extract_text("江苏省苏州市召开会议。苏州工业园区管委会与吴江区震泽镇人民政府签约，苏州海关到会。")
    assert {"苏州工业园区管理委员会", "震泽镇人民政府", "苏州海关"} <= names(r, "Agency")
    assert ("jurisdiction", "苏州工业园区管理委员会", "苏州工业园区") in rels(r)
    assert ("jurisdiction", "震泽镇人民政府", "震泽镇") in rels(r)


def test_names_before_a_kind_of_organization_are_organizations():
    r = extract_text("绵阳市依托九洲、长虹等企业，发展车载显示。")
    assert {"九洲", "长虹"} <= names(r, "Organization")
    assert ("locatedIn", "长虹", "绵阳市") in rels(r)
    r = extract_text("广州市围绕整机、飞控等环节招引龙头企业。")
    assert not names(r, "Organization")


def test_a_name_two_divisions_share_goes_to_the_one_the_text_places():
    r = extract_text("在广东省深圳市南山区，深圳星河芯片有限公司正建设中试线。")
    assert ("partOf", "南山区", "深圳市") in rels(r)
    assert ("locatedIn", "深圳星河芯片有限公司", "南山区") in rels(r)


def test_a_field_opens_a_quoted_sub_program_and_the_program_sets_out_its_parts():
    r = extract_text("河北省实施“3030”工程，下设生物医药“强链”行动、新型储能“补链”行动两个专项。")
    assert {"生物医药强链行动", "新型储能补链行动"} <= names(r, "Program")
    assert ("partOf", "生物医药强链行动", "3030工程") in rels(r)


def test_former_and_latter_send_each_clause_to_its_program():
    r = rels(extract_text("方案设立“算力筑基”专项和“量子领航”专项：前者支持大模型、智能芯片等方向；后者聚焦量子计算等方向。"))
    assert ("targetsIndustry", "算力筑基专项", "大模型") in r
    assert ("targetsIndustry", "量子领航专项", "量子计算") in r
    assert ("targetsIndustry", "量子领航专项", "大模型") not in r


def test_a_place_before_another_organization_is_not_the_next_ones():
    r = rels(extract_text("总部位于芜湖的奇瑞汽车与蔚来签署协议。"))
    assert ("locatedIn", "奇瑞汽车", "芜湖市") in r
    assert not any(p == "locatedIn" and s == "蔚来" for p, s, _ in r)


def test_the_generation_word_opens_an_information_fields_name_not_a_products():
    r = extract_text("惠州市把新一代电子信息作为主攻方向，研发新一代燃料电池。")
    assert {"新一代电子信息", "燃料电池"} <= names(r, "Industry")
    assert "新一代燃料电池" not in names(r, "Industry")


def test_what_a_list_of_firms_builds_in_a_place_puts_them_there():
    r = rels(extract_text("阿里云、中国电信等企业的大型数据中心相继在乌兰察布市建成投用。"))
    assert ("locatedIn", "阿里云", "乌兰察布市") in r and ("locatedIn", "中国电信", "乌兰察布市") in r


def test_prefixes_scales_and_bodies_name_no_field():
    text = ("过去湘鄂两地汽车产业各有短板。“中南光谷”锚定世界级产业集群。江西有望在新一轮产业竞争中领先。"
            "更加突出三大先导产业的融合。省工信厅会同发展改革、财政、统计等部门建立机制。"
            "支持试验区在跨境数据流动、数字贸易规则等领域先行先试。已集聚多家整车企业，覆盖整车、零部件和电池回收。")
    industries = names(extract_text(text), "Industry")
    assert "汽车" in industries and "整车制造" in industries   # 整车 in a list of fields
    assert not {"湘鄂两地汽车", "锚定世界级", "世界级", "新一轮", "大先导", "先导", "改革", "财政", "统计",
                "数字贸易规则"} & industries


def test_places_carrying_a_focus_share_it():
    text = ("甘肃省印发方案。金昌市以金川工业区、河雅工业区为主要承载地，重点发展镍钴新材料和电池材料。"
            "“一核”即兰州新区,重点发展生物医药。")
    r = rels(extract_text(text))
    for zone in ("金川工业区", "河雅工业区", "金昌市"):
        assert ("focusIndustry", zone, "电池材料") in r
    assert ("focusIndustry", "兰州新区", "生物医药") in r and ("focusIndustry", "甘肃省", "生物医药") not in r


def test_associations_cooperatives_and_placed_institutes_are_organizations():
    text = ("据中国汽车工业协会统计，产销两旺。位于昌邑市的金穗粮油专业合作社理事长赵明说，效果明显。"
            "南京星河具身智能研究院、苏州市智能网联测试验证中心等单位参与。"
            "引导临沂的山推机械股份有限公司等装备企业、中国联通等基础电信企业参与。")
    orgs = names(extract_text(text), "Organization")
    assert {"中国汽车工业协会", "金穗粮油专业合作社", "南京星河具身智能研究院", "苏州市智能网联测试验证中心"} <= orgs
    assert "装备企业" not in orgs


def test_metropolitan_areas_and_bracketed_national_pilot_zones_are_regions():
    text = ("湖南省印发方案。推动长沙、株洲、湘潭三市所在的长株潭都市圈协同发展。江西加快建设南昌都市圈。"
            "贵阳市依托国家大数据（贵州）综合试验区发展数据标注。山西省同步部署晋氢领航计划。")
    r = extract_text(text)
    assert {"长株潭都市圈", "南昌都市圈", "国家大数据(贵州)综合试验区"} <= names(r, "Region")
    assert ("partOf", "南昌都市圈", "江西省") in rels(r) and ("partOf", "南昌都市圈", "南昌市") not in rels(r)
    assert ("partOf", "长沙市", "长株潭都市圈") in rels(r)
    assert "晋氢领航计划" in names(r, "Program")


def test_issuers_bare_zone_heads_and_district_governments():
    text = ("江苏出台集群行动方案。江苏省工业和信息化厅近日印发《江苏省高端装备集群行动方案》。"
            "成都市印发方案。作为主阵地，成都经济技术开发区将建设整车基地。经开区管委会同步出台《成都经济技术开发区支持汽车产业若干措施》。"
            "在武侯区，相关企业加快集聚。武侯区副区长陈明表示，区政府近期印发了《武侯区加快发展低空经济行动计划》。")
    r = rels(extract_text(text))
    assert ("issuedBy", "江苏省高端装备集群行动方案", "江苏省工业和信息化厅") in r
    assert ("issuedBy", "江苏省高端装备集群行动方案", "江苏省") not in r
    assert ("issuedBy", "成都经济技术开发区支持汽车产业若干措施", "成都经济技术开发区管理委员会") in r
    assert ("issuedBy", "武侯区加快发展低空经济行动计划", "武侯区人民政府") in r


def test_places_named_where_a_plan_is_issued_are_where_it_applies():
    text = ("本报北京5月6日电 商务部、国家邮政局近日联合印发《县域快递物流提质实施方案》，明确在河北清河、江西南康、"
            "贵州湄潭等50个县开展快递进村试点。")
    r = extract_text(text)
    applies = {o for p, s, o in rels(r) if p == "appliesTo" and s == "县域快递物流提质实施方案"}
    assert {"清河县", "南康区", "湄潭县"} <= applies   # 清河 is stop-listed alone
    assert "江西省" not in applies   # 江西南康 is one address: the district
    assert "北京市" not in names(r, "Region")   # the dateline says where the reporter filed
    assert "清河县" not in names(extract_text("河北省推动清河治理。"), "Region")


def test_the_new_kind_a_text_names_is_meant_by_the_bare_word():
    text = ("国家能源局印发《新型储能发展行动方案》。《方案》聚焦新型储能与风电、光伏协同发展，部署“储能安全提升行动”。"
            "广东的新兴集群包括半导体与集成电路、高端装备制造和智能机器人。")
    r = extract_text(text)
    industries = names(r, "Industry")
    assert {"新型储能", "风电", "光伏", "半导体与集成电路"} <= industries
    assert not {"储能", "新型储能与风电", "光伏协同发展"} & industries
    storage = next(e for e in r.entities if e.name == "新型储能")
    assert "储能" in storage.aliases


def test_sectors_a_product_is_used_in_are_no_focus_of_the_place():
    text = "重庆市印发方案。重庆将聚焦工业软件和数据库，推动国产软件在金融、能源、交通等重点行业规模化应用。"
    r = rels(extract_text(text))
    assert ("focusIndustry", "重庆市", "工业软件") in r
    assert not {("focusIndustry", "重庆市", f) for f in ("金融", "能源", "交通")} & r


def test_a_builder_is_not_where_it_builds():
    text = "在青海省格尔木市，中国华电集团有限公司（以下简称“华电”）投资建设的光伏基地已并网。在坪山区，比亚迪扩建了工厂。"
    r = rels(extract_text(text))
    assert not any(p == "locatedIn" and s == "中国华电集团有限公司" for p, s, o in r)
    assert ("locatedIn", "比亚迪", "坪山区") in r


def test_numbered_systems_in_single_quotes_and_working_methods():
    text = "安徽省印发方案。“新能源汽车是安徽‘1+N’产业体系的首位产业，”他说。其中“链主培育”工程实施“一企一策”。"
    programs = names(extract_text(text), "Program")
    assert "1+N产业体系" in programs and "链主培育工程" in programs
    assert "一企一策" not in programs


def test_person_names_before_speaker_verbs_with_remits_and_dotted():
    text = ("研究院专家周敏认为，前景广阔。香港大学副校长(研究)黄静仪介绍，成果显著。"
            "自治区商务厅厅长阿迪力·吐尔逊表示，措施已落地。区工信局局长赖志强介绍，进展顺利。")
    persons = names(extract_text(text), "Person")
    assert {"周敏", "黄静仪", "阿迪力·吐尔逊", "赖志强"} <= persons
    assert not {"周敏认", "阿迪力·吐尔逊表示"} & persons


def test_corner_bracket_aliases_blueprints_and_strategic_cooperation():
    text = ("创科局今日宣布推出「河套创科跃升计划」(「跃升计划」)，全面取代原有计划。"
            "特区政府发表的《香港创新科技发展蓝图》已明确方向。研究所已与中国星网签署战略合作协议。")
    programs = names(extract_text(text), "Program")
    assert {"河套创科跃升计划", "香港创新科技发展蓝图"} <= programs
    assert not any("(" in p or "签署" in p or "取代" in p for p in programs)


def test_more_kinds_of_zone():
    text = ("香港推进北部都会区建设。北京推进城市副中心建设。雄安新区启动区加快建设，廊坊临空经济区同步推进。"
            "乌鲁木齐国际陆港区、阿克苏纺织工业城承接产业。打造京津冀世界级城市群。")
    regions = names(extract_text(text), "Region")
    assert {"北部都会区", "雄安新区启动区", "廊坊临空经济区", "乌鲁木齐国际陆港区", "阿克苏纺织工业城"} <= regions
    assert not {"城市副中心", "京津冀世界级城市群"} & regions


def test_numbered_units_campuses_and_sibling_firms():
    text = ("位于石家庄的中国电子科技集团有限公司第五十四研究所已签约。中国地质大学（北京）在雄安设立校区。"
            "本地大学亦积极参与。使用香港微电子研发院的设施。平台运营方株洲湘智云科技有限公司负责。"
            "顺丰、京东物流参与试点，京东集团发布财报。")
    orgs = names(extract_text(text), "Organization")
    assert {"中国电子科技集团有限公司第五十四研究所", "中国地质大学(北京)", "香港微电子研发院", "株洲湘智云科技有限公司",
            "京东物流", "京东集团"} <= orgs
    assert not {"本地大学", "平台运营方株洲湘智云科技有限公司", "京东物流参", "中国电子科技集团有限公司"} & orgs


def test_fields_inside_names_scopes_and_units_named_again():
    text = ("江西省赣州市南康区人民政府印发《南康区家具产业数字化提升行动方案》。合作区聚焦上述产业持续发力。"
            "在晋江市建设“鞋服智造”产业数字化服务平台。推动石家庄与雄安新区错位发展、链式协同。\n"
            "香港特别行政区政府创新科技及工业局今日宣布新计划。\n创新科技及工业局局长林子谦表示，计划将惠及初创企业。")
    r = extract_text(text)
    industries = names(r, "Industry")
    assert "家具" in industries and not {"区家具", "上述", "鞋服智造", "链式协同", "工业"} & industries
    assert ("memberOf", "林子谦", "香港特别行政区政府创新科技及工业局") in rels(r)


def test_zone_executive_bodies_and_national_qualifiers_of_known_programs():
    text = "横琴粤澳深度合作区执行委员会发布方案。横琴粤澳深度合作区经济发展局局长陈明介绍。央企积极服务国家东数西算工程。"
    r = extract_text(text)
    agencies = names(r, "Agency")
    assert {"横琴粤澳深度合作区执行委员会", "横琴粤澳深度合作区经济发展局"} <= agencies
    assert ("jurisdiction", "横琴粤澳深度合作区执行委员会", "横琴粤澳深度合作区") in rels(r)
    assert "东数西算工程" in names(r, "Program")


def test_units_named_innovation_and_the_country_inside_names():
    text = "交通运输部会同中国民用航空局建立机制。国务院国资委科技创新局局长陈书言表示，将建立调度机制。"
    r = extract_text(text)
    assert "中国" not in names(r, "Region")
    assert ("memberOf", "陈书言", "国务院国有资产监督管理委员会科技创新局") in rels(r)


def test_where_a_firm_builds_after_its_bracketed_short_name():
    text = ("中国中车集团有限公司（以下简称“中国中车”）在湖南省株洲市建设轨道交通装备智慧工厂。"
            "中国石油化工集团有限公司（以下简称“中国石化”）则在广东省湛江市打造智能炼化基地。京东方在成都、重庆两地建设生产线。")
    r = rels(extract_text(text))
    assert ("locatedIn", "中国中车集团有限公司", "株洲市") in r and ("locatedIn", "中国中车集团有限公司", "湖南省") not in r
    assert ("locatedIn", "中国石油化工集团有限公司", "湛江市") in r
    assert {("locatedIn", "京东方", "成都市"), ("locatedIn", "京东方", "重庆市")} <= r


def test_zones_as_topics_and_focus_around_tracks():
    text = ("广东省印发方案。横琴粤澳深度合作区将重点发展中医药和现代金融。"
            "中共长春市委书记表示，长春将围绕新能源汽车和汽车软件两条赛道发力。"
            "浙江省印发方案。围绕交通、养老等场景的智能终端设备大有潜力。泉州市则瞄准鞋服和纺织两大产业。")
    r = rels(extract_text(text))
    assert ("focusIndustry", "横琴粤澳深度合作区", "中医药") in r
    assert ("focusIndustry", "长春市", "汽车软件") in r
    assert ("focusIndustry", "泉州市", "鞋服") in r
    assert ("focusIndustry", "浙江省", "养老") not in r


def test_stages_aspects_and_verbs_that_open_a_field_are_no_fields():
    text = ("推动两大产业在研发设计、生产制造、检验检测等环节深度融合。做强设计、制造、封测一体化产业链。"
            "在用地保障、人才引进、财政资金等方面给予支持。布局燃料电池、储氢装备等关键环节。"
            "在发展船舶修造的同时做强石化产业。集成电路是临港新片区的“头号产业”。")
    industries = names(extract_text(text), "Industry")
    assert {"燃料电池", "储氢装备", "石化"} <= industries
    assert not {"研发设计", "生产制造", "检验检测", "设计", "制造", "封测一体化", "测一体化", "财政资金", "强石化",
                "头号"} & industries


def test_plan_verbs_rounds_and_firm_names_with_particles():
    text = ("总部位于上海的联影医疗则计划将多款设备推向市场。上一轮三年行动方案实施期间成效显著。培育特色产业带。"
            "香港会计师公会参与。佛山市推动本地企业美的集团股份有限公司开展改造。"
            "深圳前海微众银行股份有限公司(微众银行)发展金融科技，微众银行还将扩大业务。")
    r = extract_text(text)
    assert not names(r, "Program") & {"联影医疗则计划", "上一轮三年行动方案"}
    assert "特色产业带" not in names(r, "Region")
    orgs = names(r, "Organization")
    assert {"香港会计师公会", "美的集团股份有限公司", "深圳前海微众银行股份有限公司"} <= orgs
    assert not {"集团股份有限公司", "微众银行"} & orgs


def test_short_forms_of_zones_named_with_a_bracketed_place():
    text = ("商务部支持中国（杭州）跨境电子商务综合试验区、中国（郑州）跨境电子商务综合试验区扩围。"
            "其中，杭州综试区将聚焦数字贸易；郑州综试区重点发展跨境物流。")
    r = extract_text(text)
    zone = next(e for e in r.entities if e.name == "中国(郑州)跨境电子商务综合试验区")
    assert "郑州综试区" in zone.aliases
    assert ("focusIndustry", "中国(郑州)跨境电子商务综合试验区", "跨境物流") in rels(r)


def test_a_speaker_reporting_what_a_zone_does_is_not_the_actor():
    text = ("辽宁省印发方案。大连长兴岛经济技术开发区管委会主任宋立群说，开发区将做强石化产业。"
            "湖北省印发方案。实验室主任吕明说，实验室将围绕小麦育种开展攻关。")
    r = rels(extract_text(text))
    assert ("focusIndustry", "大连长兴岛经济技术开发区", "石化") in r
    assert not any(p == "focusIndustry" and o == "小麦" for p, s, o in r)


def test_a_national_centre_named_by_its_host_city():
    text = "三是“星河算力”工程，以位于天府新区的国家超级计算成都中心为支撑，建设算力平台。"
    assert "国家超级计算成都中心" in names(extract_text(text), "Organization")


def test_qualified_firms_counted_zones_and_paired_programs():
    text = ("成都市在锦江区打造沉浸式文旅街区，本地企业成都蜀韵数字文旅科技有限公司开发产品。三亚、乐东两个南繁核心区建成农田。"
            "洋浦经济开发区已吸引洋浦蓝鲸深海装备有限公司等企业落户。中国联合网络通信集团有限公司部署5G基站。"
            "《行动计划》部署实施“铝硅强链”“绿电保障”两大专项行动。文化和旅游部 国家发展改革委部署文旅消费试点。"
            "三亚崖州湾科技城管理局局长陈启航介绍，今年将新建种质资源库二期工程。")
    r = extract_text(text)
    orgs = names(r, "Organization")
    assert {"成都蜀韵数字文旅科技有限公司", "洋浦蓝鲸深海装备有限公司", "中国联通"} <= orgs
    assert not any(o.startswith(("本地企业", "吸引")) for o in orgs)
    assert not {"沉浸式文旅街区", "南繁核心区"} & names(r, "Region")
    assert {"铝硅强链行动", "绿电保障行动"} <= names(r, "Program")
    assert "新建种质资源库二期工程" not in names(r, "Program")
    assert "国家发展改革委部署" not in names(r, "Agency")
    assert "三亚崖州湾科技城管理局" in names(r, "Agency")


def test_a_published_list_of_pilot_cities_is_where_the_notice_applies():
    text = ("文化和旅游部、国家发展和改革委员会联合印发《关于开展文旅消费试点工作的通知》，公布首批试点城市名单，"
            "湖南省长沙市、陕西省西安市、河南省洛阳市等入选。")
    applies = {o for p, s, o in rels(extract_text(text)) if p == "appliesTo"}
    assert {"长沙市", "西安市", "洛阳市"} <= applies and not {"湖南省", "陕西省"} & applies


def test_computing_facilities_are_fields_only_in_context():
    text = "贵州将建设一批智算中心，提升算力供给，新建数据中心三座。贵州重点发展算力、人工智能等产业。"
    industries = names(extract_text(text), "Industry")
    assert "算力" in industries and "人工智能" in industries
    assert not {"数据中心", "智算中心"} & industries


def test_platforms_named_by_a_quoted_brand():
    text = ("长沙企业运营的“湘游通”智慧旅游服务平台整合资源。依托“石化智云”工业互联网平台推动优化。"
            "打造“1+N”工业互联网平台。建设“好品山东”等综合平台。")
    orgs = names(extract_text(text), "Organization")
    assert {"湘游通智慧旅游服务平台", "石化智云工业互联网平台"} <= orgs
    assert not any(o.startswith(("1+N", "好品山东")) for o in orgs)


def test_a_bracketed_group_inside_a_firms_name():
    text = "位于包头的中国北方稀土(集团)高科技股份有限公司牵头组建创新中心。"
    orgs = names(extract_text(text), "Organization")
    assert "中国北方稀土(集团)高科技股份有限公司" in orgs and "高科技股份有限公司" not in orgs


def test_standing_forms_of_national_research_bodies():
    text = ("依托公共大数据国家重点实验室开展研究。国家信息光电子创新中心落户武汉。"
            "支持建设国家制造业创新中心和国家级制造业创新中心。")
    orgs = names(extract_text(text), "Organization")
    assert {"公共大数据国家重点实验室", "国家信息光电子创新中心"} <= orgs
    assert not {"国家制造业创新中心", "国家级制造业创新中心"} & orgs


def test_quoted_combinations_are_ways_of_working_not_programs():
    text = "南宁探索“跨境电商+直播”模式，推广“合作社+基地+农户”模式。方案部署了“机器人+”应用行动和“AI+新药研发”赋能工程。"
    programs = names(extract_text(text), "Program")
    assert not {"跨境电商+直播", "合作社+基地+农户"} & programs
    assert {"机器人+应用行动", "AI+新药研发赋能工程"} <= programs


def test_fields_growing_together_and_lists_closed_by_a_sector():
    text = ("推动钾肥、锂电材料、镁基新材料协同发展。推动跨境电商与边境贸易、跨境物流融合发展。"
            "推动整机研制、零部件配套和场景应用协同发展。推动法律服务、建筑工程咨询等专业服务业集聚。"
            "北部湾经济区石化、钢铁、有色金属等产业加快集聚。面向集成电路和航空电子领域培养人才。"
            "广东省聚焦佛山、东莞两地的家电、家具、电子信息等制造业集群。")
    industries = names(extract_text(text), "Industry")
    assert {"钾肥", "锂电材料", "镁基新材料", "边境贸易", "跨境物流", "法律服务", "建筑工程咨询", "石化", "航空电子",
            "家电", "家具"} <= industries
    assert not {"整机研制", "零部件配套", "北部湾经济区石化", "东莞两地的家电", "新材料"} & industries


def test_repeated_zones_taxonomy_fields_before_their_head_and_part_of_frames():
    text = ("以柴达木循环经济试验区为核心载体。吸附剂已在柴达木循环经济试验区多家企业应用。"
            "《湖北省突破性发展光电子信息产业三年行动方案》发布。为加快推动专利产业化。"
            "依托武汉东湖新技术开发区（中国光谷）。《实施方案》是“技能中国行动”的重要组成部分。"
            "重点服务新一代电子信息、智能终端等产业集群。打造“科技—产业—金融”良性循环。")
    result = extract_text(text)
    zone = next(e for e in result.entities if e.name == "柴达木循环经济试验区")
    assert len(zone.mentions) == 2
    industries = names(result, "Industry")
    assert {"光电子信息", "新一代电子信息"} <= industries
    assert not {"电子信息", "专利", "服务新一代电子信息", "科技—", "循环经济"} & industries
    assert "中国" not in names(result, "Region")
    assert ("partOf", "实施方案", "技能中国行动") in rels(result)


def test_bank_branches_graduate_schools_and_firms_with_a_bracketed_country():
    text = ("人民银行等四部门联合发文。科技部已会同人民银行建立机制，帮助银行看得懂。招商银行深圳分行推出产品，"
            "中国人民银行北京市分行表示支持。推动清华大学深圳国际研究生院等高校院所共建。合作区设立分行。"
            "区内三星（中国）半导体有限公司扩能。同步引进组件运维、电池检测等配套企业。国家药品监督管理局药品审评中心发布通知。")
    result = extract_text(text)
    orgs = names(result, "Organization")
    assert {"招商银行深圳分行", "清华大学深圳国际研究生院", "三星(中国)半导体有限公司"} <= orgs
    assert not {"人民银行", "会同人民银行", "帮助银行", "合作区设立分行", "组件运维", "电池检测"} & orgs
    assert {"中国人民银行北京市分行", "国家药品监督管理局药品审评中心"} <= names(result, "Agency")


def test_a_campaign_and_its_plan_versions_and_quoted_combinations_opening_a_name():
    text = ("国家知识产权局深入推进专利转化运用专项行动。国务院办公厅印发的《专利转化运用专项行动方案（2023—2025年）》提出目标。"
            "文件提出实施“北斗+”融合应用示范工程。达拉特旗同步推进风光制氢一体化示范项目。"
            "西安市科学技术局发布光子产业“追光计划”2.0版，在2021年首轮“追光计划”的基础上扩展。")
    programs = names(extract_text(text), "Program")
    assert {"专利转化运用专项行动方案(2023—2025年)", "北斗+融合应用示范工程", "风光制氢一体化示范项目",
            "光子产业追光计划2.0版"} <= programs
    assert not {"专利转化运用专项行动", "融合应用示范工程", "2021年首轮追光计划"} & programs


def test_firms_a_zone_gathers_and_parks_inside_zones():
    text = ("作为全省的主阵地，东湖高新区素有“中国光谷”之称，集聚了长飞光纤光缆股份有限公司等一批龙头企业。"
            "包头稀土高新技术产业开发区已集聚稀土企业140余家，区内的北方稀土、金力永磁等龙头企业正在扩能。"
            "西宁经济技术开发区南川工业园区已集聚比亚迪、天合光能等一批龙头企业。")
    result = extract_text(text)
    got = rels(result)
    assert ("locatedIn", "长飞光纤光缆股份有限公司", "武汉东湖新技术开发区") in got
    assert ("locatedIn", "金力永磁", "包头稀土高新技术产业开发区") in got
    assert ("locatedIn", "比亚迪", "南川工业园区") in got
    assert ("partOf", "南川工业园区", "西宁经济技术开发区") in got


def test_tibetan_names_units_named_after_a_known_body_and_labs_joining_two_fields():
    text = ("自治区能源局局长扎西多吉介绍，副市长拉巴次仁表示支持。北方稀土正联合中国科学院长春应用化学研究所攻关。"
            "落户南沙的南方海洋科学与工程广东省实验室（广州）正在建设。东南大学与紫金山实验室合作。")
    result = extract_text(text)
    assert {"扎西多吉", "拉巴次仁"} <= names(result, "Person")
    orgs = names(result, "Organization")
    assert {"中国科学院长春应用化学研究所", "南方海洋科学与工程广东省实验室(广州)", "东南大学", "紫金山实验室"} <= orgs
    assert not {"工程广东省实验室", "东南大学与紫金山实验室"} & orgs


def test_national_industry_bases_named_after_a_city_are_places():
    text = "位于长安区的西安国家民用航天产业基地聚焦卫星应用。包头建设稀土产业基地。"
    regions = names(extract_text(text), "Region")
    assert "西安国家民用航天产业基地" in regions
    assert not any(r.endswith("稀土产业基地") for r in regions)


def test_two_fields_written_together_name_one_product_and_counted_lists_of_fields():
    text = ("经开区将重点发展稀土永磁电机和新能源汽车驱动电机。江西将支持试验区在日用陶瓷、艺术陶瓷和先进陶瓷三大领域同步发力。"
            "建立覆盖基础共性、关键部组件、整机与系统三大领域的标准。长沙工程机械和株洲轨道交通装备两大产业集群跻身国家队。"
            "推动农业大数据应用。")
    industries = names(extract_text(text), "Industry")
    assert {"稀土永磁电机", "新能源汽车驱动电机", "日用陶瓷", "艺术陶瓷", "工程机械", "轨道交通装备"} <= industries
    assert not {"电机", "基础共性", "关键部组件", "株洲轨道交通装备", "农业大数据"} & industries


def test_lists_closed_by_a_number_of_directions_and_field_prefixes():
    text = "突出林下中药材、油茶和森林康养三个方向。长宁县发展竹浆纸和竹笋加工。做强装备制造、泛家居两大产业集群。"
    industries = names(extract_text(text), "Industry")
    assert {"林下中药材", "森林康养", "竹浆纸", "竹笋加工", "泛家居"} <= industries
    assert not {"中药材", "康养", "家居"} & industries


def test_innovation_institutes_are_named_by_their_field():
    text = "季华实验室将与佛山大学、华南智能机器人创新研究院共建中试平台。推进科技创新研究院建设。"
    orgs = names(extract_text(text), "Organization")
    assert "华南智能机器人创新研究院" in orgs
    assert not {"华南智能", "科技创新研究院", "推进科技创新研究院"} & orgs


def test_a_qualifier_opening_the_taxonomys_names_extends_a_field():
    text = "建设低空文旅示范场景。布局固态储氢项目。推动农业大数据应用。培育大型风电基地。"
    industries = names(extract_text(text), "Industry")
    assert {"低空文旅", "固态储氢"} <= industries
    assert not {"农业大数据", "大型风电", "文化旅游"} & industries


def test_the_parts_of_an_issued_plan_are_not_issued_by_its_bodies():
    text = ("近日，河南省发展和改革委员会、河南省工业和信息化厅联合印发《河南省先进制造业换道领跑行动方案（2024—2026年）》，"
            "部署实施超硬材料“强基”行动和新型显示“补链”行动。")
    got = rels(extract_text(text))
    plan = "河南省先进制造业换道领跑行动方案(2024—2026年)"
    assert ("issuedBy", plan, "河南省工业和信息化厅") in got
    assert ("partOf", "超硬材料强基行动", plan) in got
    assert not any(p == "issuedBy" and s == "超硬材料强基行动" for p, s, o in got)


def test_a_special_project_named_after_its_national_programme():
    text = "科学技术部还将通过国家重点研发计划“智能机器人”重点专项支持标准研制。"
    result = extract_text(text)
    assert {"国家重点研发计划", "智能机器人重点专项"} <= names(result, "Program")
    assert ("partOf", "智能机器人重点专项", "国家重点研发计划") in rels(result)


def test_named_pilots_without_quotes():
    text = ("工业和信息化部、财政部部署中小企业数字化转型城市试点。山西深化能源革命综合改革试点。"
            "结合本地实际推进试点。在检验检测认证领域开展对外开放试点。各试点城市要建立机制。")
    programs = names(extract_text(text), "Program")
    assert {"中小企业数字化转型城市试点", "能源革命综合改革试点"} <= programs
    assert not {"本地实际推进试点", "对外开放试点", "山西深化能源革命综合改革试点"} & programs


def test_joint_labs_long_firm_names_and_kinds_of_body():
    text = ("西藏大学与中国电力科学研究院联合组建的高原光伏技术联合实验室已挂牌。明确支持湖北光谷实验室开展攻关。"
            "总部位于西宁市的国家电投集团黄河上游水电开发有限责任公司扩产。今年一季度公司营收增长。"
            "在三级医院推广。累计培育省级智能化改造工程技术公司130家。")
    orgs = names(extract_text(text), "Organization")
    assert {"高原光伏技术联合实验室", "湖北光谷实验室", "国家电投集团黄河上游水电开发有限责任公司"} <= orgs
    assert not {"明确支持湖北光谷实验室", "一季度公司", "三级医院", "省级智能化改造工程技术公司", "国家电投集团"} & orgs


def test_materials_named_by_their_base_and_products_before_firms():
    text = "在硅基新材料领域加快布局。吸引医疗器械、生物制剂企业集聚。海西州正全力打造盐湖化工和锂电两大产业集群。"
    industries = names(extract_text(text), "Industry")
    assert {"硅基新材料", "生物制剂", "盐湖化工"} <= industries
    assert not {"新材料", "生物", "化工"} & industries


def test_stop_words_inside_words_do_not_cut_a_name():
    text = "推动出台实施及时支付中小企业款项条例，将规范政府部门。首次面向国际聚变界发布BEST研究计划。实施十项行动。"
    programs = names(extract_text(text), "Program")
    assert {"及时支付中小企业款项条例", "BEST研究计划"} <= programs
    assert not any(p.endswith("十项行动") for p in programs)


def test_items_of_a_list_of_flagship_projects_are_programs():
    text = "加快建设数字大湾区、移动支付之省和“城市大脑”等一批标志性工程。"
    assert {"数字大湾区", "移动支付之省", "城市大脑"} <= names(extract_text(text), "Program")


def test_a_title_issued_without_book_marks():
    text = "制定推进制造业平台经济发展工作的意见，加快生产性服务业发展。"
    assert "推进制造业平台经济发展工作的意见" in names(extract_text(text), "Program")


def test_a_title_broken_across_lines_is_one_title():
    text = "《山东省人民政府办公厅关于大力推进“现代优势产业\n\n集群+人工智能”的指导意见》全文及解读\n\n省政府印发该意见。"
    result = extract_text(text)
    assert "山东省人民政府办公厅关于大力推进现代优势产业集群+人工智能的指导意见" in names(result, "Program") \
        or "关于大力推进现代优势产业集群+人工智能的指导意见" in names(result, "Program")
    assert any(p == "issuedBy" and o == "山东省人民政府办公厅" for p, s, o in rels(result))


def test_a_field_word_before_hua_names_a_process():
    text = "实施数字产业化提升工程。推进工业化和信息化深度融合。发展煤化工产业。"
    industries = names(extract_text(text), "Industry")
    assert not {"数字产业", "工业"} & industries
    assert "煤化工" in industries or "化工" in industries


def test_river_commissions_express_firms_and_firms_named_joint():
    text = ("黄河水利委员会、长江水利委员会参与建设。中通快递、圆通速递把网点下沉到乡镇。首钢京唐钢铁联合有限责任公司扩产。"
            "近日，山东省潍坊市人民政府办公室印发方案。以泵阀、鞋业、汽车零部件三大传统优势产业为重点。")
    result = extract_text(text)
    assert {"水利部黄河水利委员会", "水利部长江水利委员会", "潍坊市人民政府办公室"} <= names(result, "Agency")
    assert "山东省潍坊市人民政府办公室" not in names(result, "Agency")
    assert {"中通快递股份有限公司", "圆通速递股份有限公司", "首钢京唐钢铁联合有限责任公司"} <= names(result, "Organization")
    assert {"泵阀", "鞋业", "汽车零部件"} <= names(result, "Industry")


def test_units_of_universities_placed_platforms_and_coined_platform_brands():
    text = ("学校将在瓯海区建设温州大学鞋业智能制造研究院，面向中小鞋企。并依托潍坊市智能制造公共服务平台，每年服务企业。"
            "汇川区已建成遵义白酒产业大数据平台。接入雪浪工业互联网平台后交付加快。目前泉州闽芯半导体有限公司扩产。"
            "新培育30家以上省级工业互联网平台。与山东大学共建高效动力系统联合研究院。")
    orgs = names(extract_text(text), "Organization")
    assert {"温州大学鞋业智能制造研究院", "潍坊市智能制造公共服务平台", "遵义白酒产业大数据平台", "雪浪工业互联网平台",
            "泉州闽芯半导体有限公司", "高效动力系统联合研究院"} <= orgs
    assert not any(o.endswith("省级工业互联网平台") for o in orgs)


def test_quoted_codes_open_names_issuers_are_no_prefix_and_heads_running_into_words():
    text = ("提出实施“天空地水工”一体化监测感知工程。实施“415X”先进制造业集群培育工程。对示范基地实行动态管理。"
            "是落实中共山东省委、山东省人民政府“十强产业”行动计划的具体举措。县里整合中国邮政集团有限公司仪陇县分公司资源。")
    result = extract_text(text)
    programs = names(result, "Program")
    assert {"天空地水工一体化监测感知工程", "415X先进制造业集群培育工程", "十强产业行动计划"} <= programs
    assert not {"示范基地实行动", "山东省人民政府十强产业行动计划", "一体化监测感知工程"} & programs
    firm = next(e for e in result.entities if e.name == "中国邮政集团有限公司仪陇县分公司")
    assert not any(a.endswith("分") for a in firm.aliases)


def test_a_plan_opening_a_sentence_aims_its_fields_and_an_address_topic_is_its_most_specific_place():
    text = ("国家发展改革委印发《安全应急装备行动计划》。在江苏省徐州市，徐州高新区着力打造安全应急装备产业集群。"
            "《行动计划》聚焦监测预警装备、应急通信装备等重点领域。")
    got = rels(extract_text(text))
    assert not any(p == "focusIndustry" and s in ("江苏省", "徐州市") for p, s, o in got)
    assert ("focusIndustry", "徐州高新技术产业开发区", "应急装备") in got


def test_names_with_stop_characters_parks_after_an_address_and_foreign_cities():
    text = ("位于长安镇的华为终端有限公司扩产。支持芜湖哈特机器人产业技术研究院与企业合作。"
            "在湖南省长沙市，马栏山视频文创产业园着力发展网络视听产业。打造平板显示和生物医药千亿产业链群。"
            "对接东盟电商平台，在曼谷、河内设立海外仓。")
    result = extract_text(text)
    assert {"华为终端有限公司", "芜湖哈特机器人产业技术研究院"} <= names(result, "Organization")
    assert {"马栏山视频文创产业园", "曼谷", "河内"} <= names(result, "Region")
    assert "生物医药" in names(result, "Industry")
    assert not {"生物医药千亿", "哈特机器人", "马栏山视频文创"} & names(result, "Industry")
    assert ("partOf", "曼谷", "泰国") in rels(result) or "泰国" not in names(result, "Region")


def test_steps_of_work_place_pairs_and_particles_name_no_field():
    text = ("推动遥感卫星研制、卫星数据处理与行业应用一体化发展。呈贡区则承担著生物医药和花卉两大产业的发展任务。"
            "横琴则深化琴澳产业协同。")
    industries = names(extract_text(text), "Industry")
    assert "生物医药" in industries
    assert not any(i.endswith("与") or i.startswith("著") or "琴澳" in i or i.endswith("研制") for i in industries)
