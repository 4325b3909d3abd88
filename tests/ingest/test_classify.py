"""Classify: targets, changes, sub-populations and single facilities are not region levels."""

from __future__ import annotations

from ingest import classify


def target(text: str, figure: str, phrase: str = "") -> bool:
    position = text.index(figure)
    start = text.index(phrase) if phrase else 0
    clause_start = max(text.rfind(",", 0, position), text.rfind("，", 0, position)) + 1
    return classify.is_target(text, 0, clause_start, position, (start, start + len(phrase)))


def test_li_zheng_makes_a_target():
    assert target("力争到2025年,全县签约率达到80%", "80%")


def test_ji_hua_with_a_verb_makes_a_plan():
    assert target("计划新增普惠托位500个", "500")


def test_jiang_with_a_verb_makes_a_plan():
    assert target("全市签约率将达到80%", "80%")


def test_jian_cheng_hou_makes_a_plan():
    assert target("建成后可增加普惠托位870个", "870")


def test_mu_biao_in_the_same_clause_makes_a_target():
    assert target("提前完成2025年建成10%的目标任务", "10%")


def test_jiang_as_an_object_marker_does_not_make_a_plan():
    assert not target("连续4年将婴幼儿照护纳入实事项目,投入2.95亿元", "2.95")


def test_a_cue_inside_the_indicator_phrase_does_not_count():
    assert not target("人均预期寿命达79岁", "79", "人均预期寿命")


def test_an_achieved_figure_is_not_a_target():
    assert not target("2024年,全市签约率达66%", "66%")


def test_a_target_said_to_be_met_before_the_figures_makes_none_of_them_targets():
    text = "全区规划确定的各项指标均已提前完成目标,居民健康素养水平(2023年为35.2%)居全省前列"
    assert not target(text, "35.2%", "居民健康素养水平")


def test_a_met_target_that_states_the_figure_is_still_the_target():
    assert target("人均预期寿命达到82.1岁,已提前实现2025年82岁的规划目标", "82岁")


def test_growth_is_a_change_not_a_level():
    assert classify.is_change(",比去年同期增长")
    assert classify.is_change("提高了")
    assert classify.is_change("较上年下降")


def test_rising_to_a_figure_states_the_level():
    assert not classify.is_change("提升至")
    assert not classify.is_change("稳步提升达到")
    assert not classify.is_change("增长到")


def test_you_marks_a_comparison_base():
    assert classify.is_base("由")
    assert classify.is_base("从2021年的")


def test_a_poverty_group_is_a_sub_population():
    text = "全市脱贫人口签约率达到100%"
    assert classify.is_sub_population(text, 0, text.index("签约率"))


def test_older_people_are_a_sub_population():
    text = "65岁以上老年人签约率达到80%"
    assert classify.is_sub_population(text, 0, text.index("签约率"))


def test_the_whole_population_is_not_a_sub_population():
    text = "全县常住人口签约率78.45%"
    assert not classify.is_sub_population(text, 0, text.index("常住人口签约率"))


def test_discharged_patients_in_a_hospital_indicator_are_not_a_sub_population():
    text = "公立医院出院患者四级手术比例25.43%"
    assert not classify.is_sub_population(text, 0, text.index("四级手术比例"))


def test_a_named_hospital_is_a_single_facility():
    text = "石狮市总医院三四级手术占比61.16%"
    assert classify.is_single_facility(text, 0, text.index("三四级手术占比"))


def test_a_named_township_health_centre_is_a_single_facility():
    text = "鸿山镇卫生院平均住院日6.5天"
    assert classify.is_single_facility(text, 0, text.index("平均住院日"))


def test_a_category_of_facilities_is_not_a_single_facility():
    for text in ("公立医院出院患者四级手术比例25.43%", "全市乡镇卫生院平均住院日6.5天"):
        phrase = "四级手术比例" if "四级" in text else "平均住院日"
        assert not classify.is_single_facility(text, 0, text.index(phrase)), text


def test_a_money_figure_needs_its_theme_in_the_sentence():
    text = "全年投入2.4亿元建设县医院"
    assert not classify.mentions_theme(text, 0, len(text), "childcare")
    assert classify.mentions_theme("投入350万元开展普惠托育建设", 0, 15, "childcare")


def test_new_additions_are_increments_not_the_stock():
    text = "全年新增托育机构5家"
    assert classify.is_increment(text, 0, text.index("托育机构"), "托育机构")


def test_an_indicator_that_counts_additions_is_not_an_increment():
    text = "新增普惠托位880个"
    assert not classify.is_increment(text, 0, 0, "新增普惠托位")


def test_a_modifier_after_qi_zhong_names_a_subset():
    text = "其中普惠性托育机构20家"
    assert classify.is_sub_population(text, 0, text.index("托育机构"))


def test_an_indicator_right_after_qi_zhong_is_not_a_subset():
    text = "其中重点人群签约率达76.45%"
    assert not classify.is_sub_population(text, 0, text.index("重点人群签约率"))


def test_a_sentence_opening_with_a_named_hospital_is_about_that_hospital():
    text = "石狮市总医院启动互联网医院"
    assert classify.facility_subject(text, 0, len(text))
    assert not classify.facility_subject("全市二级以上公立医院全部设置老年医学科", 0, 20)


def test_mu_biao_shi_introduces_targets_across_clauses():
    assert target("主要预期目标是:地区生产总值增长6%左右;县域就诊率稳定在90%以上", "90%")


def test_a_target_in_parentheses_after_a_figure_does_not_make_it_a_target():
    assert not target("县域就诊率:90.8%(目标值:90%)", "90.8%")


def test_a_heading_announcing_plans_makes_its_section_plans():
    assert classify.is_plan_heading("二、2024年主要目标和任务")
    assert classify.is_plan_heading("三、下一步工作打算")
    assert not classify.is_plan_heading("一、2023年工作回顾")


def test_a_dated_bi_comparison_is_a_base():
    assert classify.is_base("比2022年的")
    assert not classify.is_base("比上年提高")


def test_zhong_dian_ren_qun_restricts_a_whole_population_indicator():
    text = "重点人群签约人数46.2万人"
    assert classify.is_sub_population(text, 0, text.index("签约人数"))


def test_the_capacity_of_a_centre_a_named_city_built_is_not_the_citys_total():
    text = "沙河市建成公办托育综合服务中心，可提供托位260个"
    previous = (0, text.index("，"))
    assert classify.is_new_facility_capacity(text, previous, text.index("可"), len(text))


def test_places_built_across_the_whole_county_are_its_total():
    text = "全县建成托育服务中心，可提供托位1200个"
    previous = (0, text.index("，"))
    assert not classify.is_new_facility_capacity(text, previous, text.index("可"), len(text))


def test_a_place_after_qi_zhong_is_a_county_with_its_own_figure_not_a_subset():
    text = "全市村卫生室标准化建设率达到95%以上,其中墨脱县村卫生室标准化建设率达到100%"
    phrase = text.rindex("村卫生室")
    county = (text.index("墨脱县"), text.index("墨脱县") + 3)
    assert not classify.is_sub_population(text, text.index("其中"), phrase, (county,))
    assert classify.is_sub_population(text, text.index("其中"), phrase)


def test_a_hospital_introduced_as_the_means_is_not_the_sentences_subject():
    text = "以区人民医院、区中医院为牵头医院组建4个紧密型医共体"
    assert not classify.facility_subject(text, 0, len(text))
    assert classify.facility_subject("区人民医院组建4个紧密型医共体", 0, 15)


def test_a_figure_followed_by_de_ping_jun_shui_ping_is_a_yardstick():
    text = "高于全省93.5%的平均水平"
    assert classify.is_yardstick_after(text, text.index("%") + 1)


def test_a_figure_followed_by_other_words_is_no_yardstick():
    text = "规范管理率96.8%,高于全省"
    assert not classify.is_yardstick_after(text, text.index("%") + 1)


def test_people_drawn_at_random_are_a_survey_sample():
    text = "随机抽取签约居民1200人"
    assert classify.is_sample(text, 0, text.index("签约居民"))


def test_a_total_added_up_over_several_years_is_no_annual_level():
    text = "近3年来，全县累计下转患者6500余人次"
    assert classify.is_multi_year_total(text, 0, text.index("6500"))


def test_a_cumulative_stock_without_a_span_of_years_stays_a_level():
    text = "2024年，全县累计签约居民41.2万人"
    assert not classify.is_multi_year_total(text, 0, text.index("41.2"))


def test_a_cumulative_figure_since_a_year_is_left_to_the_year_rules():
    text = "2024年以来，全县累计签约居民41.2万人"
    assert not classify.is_multi_year_total(text, 0, text.index("41.2"))


def test_a_comparison_with_the_same_months_last_year_is_a_base():
    assert classify.is_base("下转人次较去年同期的")


def test_a_facility_opened_at_the_end_of_a_clause_owns_the_capacity_after_it():
    text = "张家窝镇托育综合服务中心投入使用，可提供托位150个"
    comma = text.index("，")
    assert classify.is_new_facility_capacity(text, (0, comma), comma + 1, len(text))


def test_a_dated_opening_still_makes_the_capacity_one_facilitys():
    text = "由区妇幼保健院举办的托育综合服务中心去年9月投入使用，可提供托位180个"
    comma = text.index("，")
    assert classify.is_new_facility_capacity(text, (0, comma), comma + 1, len(text))


def test_many_facilities_opened_together_give_a_total_capacity():
    text = "全区12个托育中心建成投用，可提供托位1500个"
    comma = text.index("，")
    assert not classify.is_new_facility_capacity(text, (0, comma), comma + 1, len(text))


def test_ge_xing_hua_signing_is_a_subset_of_all_signing():
    text = "个性化签约人数达到6.2万人"
    assert classify.is_sub_population(text, 0, text.index("签约人数"))


def test_cheng_shi_ending_a_place_name_restricts_nothing():
    text = "其中青州市、诸城市县域内住院量占比"
    place = (text.index("诸城市"), text.index("诸城市") + 3)
    assert not classify.is_sub_population(text, 2, text.index("县域内"), (place,))


def test_a_work_plan_title_makes_a_plan_document():
    assert classify.is_plan_title("关于印发2025年全市卫生健康工作要点的通知")


def test_a_title_that_also_reviews_the_year_is_no_plan_document():
    assert not classify.is_plan_title("秦安县卫生健康局工作总结和下一步工作计划")


def test_a_county_organising_its_medcom_around_a_hospital_is_still_the_subject():
    text = "全县以县人民医院、县中医医院为牵头医院组建两个医共体"
    assert not classify.facility_subject(text, 0, len(text))


def test_a_figure_one_facility_alone_provides_is_that_facilitys():
    text = "东坡区苏祠街道社区托育中心一家就提供托位150个"
    assert classify.is_single_facility(text, 0, text.index("托位"))


def test_xia_yi_bu_announces_a_plan():
    assert target("下一步,我们将推动县域内就诊率稳定在92%以上", "92%")


def test_a_hospital_leading_a_network_is_not_the_subject_of_the_sentence():
    text = "县总医院牵头建立双向转诊绿色通道"
    assert not classify.facility_subject(text, 0, len(text))


def test_a_hospital_named_as_the_lead_of_a_network_is_still_the_subject():
    text = "市人民医院作为医共体牵头医院"
    assert classify.facility_subject(text, 0, len(text))


def test_the_end_of_a_five_year_plan_makes_a_target():
    assert target("到“十四五”期末,全市每千人口托位数达到4.5个", "4.5")


def test_a_deadline_year_followed_by_qian_makes_a_target():
    assert target("2025年底前,全县普惠托位达到3000个", "3000")


def test_what_a_meeting_asks_for_is_a_target():
    assert target("会议要求，2026年全省新增普惠托位2万个", "2万")


def test_jie_zhi_before_a_year_makes_no_target():
    assert not target("截至2024年底,全市签约率达66%", "66%")


def test_a_change_rising_to_a_year_makes_no_target():
    assert not target("人均预期寿命提高到2024年的79.6岁", "79.6")


def test_the_first_half_of_a_year_dates_a_figure_to_part_of_it():
    text = "上半年,全市县域内就诊率达91.2%"
    assert classify.is_part_year(text, 0, text.index("91.2"))


def test_months_counted_from_january_date_a_figure_to_part_of_a_year():
    text = "1-6月,全市基层诊疗量占比58.3%"
    assert classify.is_part_year(text, 0, text.index("58.3"))


def test_a_figure_of_the_whole_year_is_not_part_of_it():
    text = "2024年,全市县域内就诊率达91.2%"
    assert not classify.is_part_year(text, 0, text.index("91.2"))


def test_a_figure_said_of_several_provinces_is_a_group():
    text = "八个省市的人均预期寿命超过80岁"
    assert classify.is_group(text, 0, text.index("80"))


def test_a_figure_of_the_whole_city_is_no_group():
    text = "全市人均预期寿命达到80.2岁"
    assert not classify.is_group(text, 0, text.index("80.2"))


def test_a_community_health_centre_is_a_single_facility():
    text = "湖里区社区卫生服务中心签约居民1.2万人"
    assert classify.is_single_facility(text, 0, text.index("签约居民"))
