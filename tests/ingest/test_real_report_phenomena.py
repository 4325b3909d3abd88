"""How real reports are written, one phenomenon per test, in sentences written for these tests.

Each phenomenon was found in real reports taken from the web (news reposts, press conferences,
yearbooks, statistics excerpts); the sentences here show the same thing in other words, places and
figures, so that the rules and the scorer are held to the phenomenon, not to one report.
"""

from __future__ import annotations

from decimal import Decimal

from ingest.records import ExtractedReport


def actuals(report: ExtractedReport) -> set[tuple]:
    return {
        (o.region_code, o.indicator_code, o.year, o.value)
        for o in report.observations
        if o.kind == "actual"
    }


def values(report: ExtractedReport, indicator: str, kind: str = "actual") -> set[tuple]:
    return {
        (o.region_code, o.year, o.value)
        for o in report.observations
        if o.indicator_code == indicator and o.kind == kind
    }


# --- whose figure -------------------------------------------------------------------------------
def test_a_national_figure_quoted_in_a_city_report_is_the_nations(extract):
    report = extract(
        "绍兴市卫生健康委员会\n2023年，绍兴市人均预期寿命达到82.6岁，"
        "高于全国平均水平。据国家统计公报，我国人均预期寿命为78.6岁。"
    )
    assert ("330600", 2023, Decimal("82.6")) in values(report, "life_expectancy")
    assert ("100000", 2023, Decimal("78.6")) in values(report, "life_expectancy")
    assert ("330600", 2023, Decimal("78.6")) not in values(report, "life_expectancy")


def test_a_report_that_names_no_region_but_the_nation_is_the_nations(extract):
    report = extract(
        "国家卫生健康委发布统计公报\n2022年，全国居民健康素养水平达到27.78%，比上年提高2.38个百分点。"
    )
    assert report.main_region_code == "100000"
    assert values(report, "health_literacy_rate") == {("100000", 2022, Decimal("27.78"))}


def test_a_newspapers_name_is_not_the_place_a_figure_belongs_to(extract):
    report = extract("浙江日报讯 2月3日，记者从衢州市卫健委获悉，2024年全市家庭医生签约率为46.5%。")
    assert values(report, "fd_contract_rate") == {("330800", 2024, Decimal("46.5"))}


def test_places_listed_with_figures_in_brackets_each_get_their_own(extract):
    report = extract(
        "2020年全省各市人均预期寿命均有提高，其余各市情况如下：台州市(81.02岁)、金华市(80.47岁)、"
        "丽水市(80.11岁)。"
    )
    found = values(report, "life_expectancy")
    assert ("331000", 2020, Decimal("81.02")) in found
    assert ("330700", 2020, Decimal("80.47")) in found
    assert ("331100", 2020, Decimal("80.11")) in found


def test_the_place_named_before_a_value_clause_owns_the_value(extract):
    report = extract(
        "2021年各设区市中，人均预期寿命最高的是厦门市，为83.1岁。全省人均预期寿命为79.4岁。"
    )
    assert ("350200", 2021, Decimal("83.1")) in values(report, "life_expectancy")


# --- which indicator, in the words reports use --------------------------------------------------
def test_an_indicator_named_by_its_head_noun_and_qualifiers_is_recognised(extract):
    report = extract("2023年，嘉兴市千人口婴幼儿托位数达到4.1个，托育服务机构达到520家。")
    assert values(report, "childcare_places_per_1000") == {("330400", 2023, Decimal("4.1"))}
    assert values(report, "childcare_institutions") == {("330400", 2023, Decimal(520))}


def test_life_expectancy_under_its_other_names_is_recognised(extract):
    for name in ("居民期望寿命", "人口平均预期寿命", "平均期望寿命"):
        report = extract(f"2022年，湖州市{name}为82.3岁。")
        assert values(report, "life_expectancy") == {("330500", 2022, Decimal("82.3"))}, name


def test_healthy_life_expectancy_is_not_life_expectancy(extract):
    report = extract("2022年，湖州市健康期望寿命为71.5岁。")
    assert not values(report, "life_expectancy")


def test_traditional_characters_with_pinyin_glosses_read_like_simplified_ones(extract):
    report = extract("2022年湖州市居民人均預(yù)期壽命達(dá)到82.3歲。")
    assert values(report, "life_expectancy") == {("330500", 2022, Decimal("82.3"))}


# --- which population ---------------------------------------------------------------------------
def test_two_populations_before_one_rate_take_the_figures_in_order(extract):
    report = extract("2023年，舟山市常住人口和重点人群家庭医生签约率分别为41.3%、79.5%。")
    assert values(report, "fd_contract_rate") == {("330900", 2023, Decimal("41.3"))}
    assert values(report, "fd_key_population_contract_rate") == {("330900", 2023, Decimal("79.5"))}


def test_a_bare_rate_after_a_key_population_count_is_the_key_population_rate(extract):
    report = extract(
        "舟山市卫生健康局\n2023年，全市签约服务52.1万人，签约率45.2%，其中重点人群21.3万人，签约率81.7%。"
    )
    assert values(report, "fd_contract_rate") == {("330900", 2023, Decimal("45.2"))}
    assert values(report, "fd_key_population_contract_rate") == {("330900", 2023, Decimal("81.7"))}


def test_men_women_and_rural_residents_are_sub_populations(extract):
    report = extract(
        "2022年，宁德市人均预期寿命为80.2岁，其中男性77.6岁，女性83.0岁。"
        "全市居民健康素养水平为28.4%，农村居民为22.9%。"
    )
    assert values(report, "life_expectancy") == {("350900", 2022, Decimal("80.2"))}
    assert values(report, "health_literacy_rate") == {("350900", 2022, Decimal("28.4"))}


# --- which period -------------------------------------------------------------------------------
def test_a_half_year_figure_waits_for_a_reviewer_before_it_stands_for_the_year(extract):
    report = extract("温州市卫生健康委\n2024年上半年，全市县域内就诊率为88.4%。")
    (figure,) = [o for o in report.observations if o.indicator_code == "county_visit_rate"]
    assert figure.confidence <= 0.6


def test_a_figure_up_to_a_month_before_the_year_ends_waits_for_a_reviewer(extract):
    report = extract("温州市卫生健康委\n截至2024年9月底，全市家庭医生签约率为47.1%。")
    assert all(o.confidence <= 0.6 for o in report.observations)


def test_a_change_from_one_dated_level_to_another_gives_both_years(extract):
    report = extract("丽水市人均预期寿命由2015年的79.6岁提高到2020年的81.3岁。")
    assert values(report, "life_expectancy") == {
        ("331100", 2015, Decimal("79.6")),
        ("331100", 2020, Decimal("81.3")),
    }


def test_a_range_of_years_dates_the_base_and_the_level_reached(extract):
    report = extract("2019年至2023年，衢州市个人卫生支出占卫生总费用比重由28.9%下降至26.1%。")
    assert values(report, "oop_health_expenditure_share") == {
        ("330800", 2019, Decimal("28.9")),
        ("330800", 2023, Decimal("26.1")),
    }


def test_a_base_with_its_own_year_is_that_years_level(extract):
    report = extract(
        "2022年，台州市人均预期寿命达到81.7岁，比2010年第六次人口普查时的77.9岁提高3.8岁。"
    )
    assert values(report, "life_expectancy") == {
        ("331000", 2022, Decimal("81.7")),
        ("331000", 2010, Decimal("77.9")),
    }


def test_last_year_is_the_year_before_the_page_appeared(extract):
    report = extract("发布时间：2024-03-05\n记者从会上获悉，截至去年底，金华市托育机构达到612家。")
    assert values(report, "childcare_institutions") == {("330700", 2023, Decimal(612))}


def test_a_headline_without_a_year_takes_the_bodys_year(extract):
    report = extract(
        "人均预期寿命达82.1岁\n\n2021年起实施健康行动。2023年，嘉兴市人均预期寿命达到82.1岁。"
    )
    assert values(report, "life_expectancy") == {("330400", 2023, Decimal("82.1"))}


def test_a_series_of_years_after_one_phrase_gives_each_year_its_value(extract):
    report = extract("2021年湖州市居民健康素养水平为30.2%，2022年为32.5%，2023年为35.1%。")
    assert values(report, "health_literacy_rate") == {
        ("330500", 2021, Decimal("30.2")),
        ("330500", 2022, Decimal("32.5")),
        ("330500", 2023, Decimal("35.1")),
    }


# --- actual or plan -----------------------------------------------------------------------------
def test_the_end_of_a_five_year_plan_is_a_deadline(extract):
    report = extract("温州市卫生健康委\n到“十四五”期末，全市每千人口托位数提高到4.5个。")
    assert not values(report, "childcare_places_per_1000")


def test_a_quoted_task_is_a_target_not_a_level(extract):
    report = extract("2023年，宁波市把“新增普惠托位3000个”项目列入民生实事，已新增普惠托位3512个。")
    assert ("330200", 2023, Decimal(3000)) not in values(report, "childcare_new_public_places")


def test_what_one_event_did_is_not_the_regions_stock(extract):
    report = extract("5月19日，台州市开展世界家庭医生日宣传活动，现场签约家庭医生210余人。")
    assert not values(report, "fd_signed_residents")


def test_an_increase_in_years_is_a_change_not_a_level(extract):
    report = extract("2023年，衢州市人均预期寿命比十年前提高3.2岁，达到81.5岁。")
    assert values(report, "life_expectancy") == {("330800", 2023, Decimal("81.5"))}


def test_a_figure_for_each_unit_of_something_is_no_level(extract):
    report = extract("人均预期寿命每提高1岁，都离不开医疗卫生水平的提升。")
    assert not values(report, "life_expectancy")


# --- the day the file is read is never the report's date ----------------------------------------
def test_an_undated_current_figure_takes_the_pages_date_not_today(extract):
    report = extract("发布时间：2019-06-10\n目前，嘉兴市已签约人数达到186万人。")
    assert values(report, "fd_signed_residents") == {("330400", 2019, Decimal(1860000))}


def test_a_text_with_no_date_at_all_gives_its_figure_no_year(extract):
    report = extract("目前，嘉兴市已签约人数达到186万人。")
    assert not report.observations


# --- noise --------------------------------------------------------------------------------------
def test_a_spam_line_of_a_repost_is_ignored(extract):
    report = extract(
        "最新免费视频在线观看,精品影院一区二区,高清无码\n\n"
        "湖州市卫生健康局\n2023年，湖州市县域内就诊率达到91.2%。"
    )
    assert actuals(report) == {("330500", "county_visit_rate", 2023, Decimal("91.2"))}


def test_a_gambling_advert_pasted_into_a_sentence_does_not_give_the_figure_its_year(extract):
    report = extract(
        "嘉兴市卫生健康委员会\n2024年，嘉兴市居民健康素养水平7788kk新澳门天天彩2022年达到40.15%。"
    )
    assert values(report, "health_literacy_rate") == {("330400", 2024, Decimal("40.15"))}


def test_cities_listed_by_their_short_names_are_places(extract):
    report = extract(
        "2021年，人均预期寿命居前三位的城市依次为上海、深圳、杭州，分别为84.1岁、83.5岁、83.2岁。"
    )
    found = values(report, "life_expectancy")
    assert {("310000", 2021, Decimal("84.1")), ("440300", 2021, Decimal("83.5"))} <= found
    assert ("330100", 2021, Decimal("83.2")) in found


def test_everyday_names_of_indicators_are_recognised(extract):
    report = extract(
        "2023年，丽水市人均寿命达到81.2岁，基层就诊率为66.3%，全市共有在岗村医1520名。"
    )
    assert values(report, "life_expectancy") == {("331100", 2023, Decimal("81.2"))}
    assert values(report, "primary_care_visit_share") == {("331100", 2023, Decimal("66.3"))}
    assert values(report, "rural_doctors") == {("331100", 2023, Decimal(1520))}


def test_a_review_of_a_five_year_plan_with_no_date_is_about_its_last_year(extract):
    report = extract("“十四五”期间，浙江交出了一份托育服务答卷。目前全省托育机构已达6100家。")
    assert report.report_year == 2025
    assert values(report, "childcare_institutions") == {("330000", 2025, Decimal(6100))}


def test_the_base_of_a_change_takes_the_first_year_of_the_range_the_sentence_opens_with(extract):
    report = extract("2018年至2023年，湖州市居民健康素养水平由24.5%提高到36.2%。")
    assert values(report, "health_literacy_rate") == {
        ("330500", 2018, Decimal("24.5")),
        ("330500", 2023, Decimal("36.2")),
    }


def test_parts_of_the_country_taken_together_are_no_region(extract):
    report = extract(
        "2023年全国居民健康素养水平为29.7%。东、中、西部地区居民健康素养水平分别为33.3%、29.2%和24.1%。"
    )
    assert values(report, "health_literacy_rate") == {("100000", 2023, Decimal("29.7"))}


def test_a_count_of_teams_trained_is_no_count_of_teams(extract):
    report = extract("2024年，绍兴市完成860个家庭医生团队技能培训。")
    assert not values(report, "fd_teams")


def test_paragraphs_about_other_places_in_a_repost_do_not_make_them_its_subject(extract):
    report = extract(
        "2023年全国居民健康素养水平达到29.7%，全国居民人均预期寿命为78.6岁。\n\n"
        "香港特区政府表示，香港将继续推进立法工作。香港各界普遍支持。香港市民反应积极。"
    )
    assert report.main_region_code == "100000"
    assert values(report, "health_literacy_rate") == {("100000", 2023, Decimal("29.7"))}


def test_a_work_meeting_early_in_a_year_reviews_the_year_before(extract):
    report = extract(
        "浙江省2026年全省卫生健康工作会议召开\n\n发布时间：2026-01-15\n\n"
        "会议指出，过去一年，全省家庭医生签约率达到48.2%。"
        "会议要求，2026年全省新增普惠托位2万个。"
    )
    assert values(report, "fd_contract_rate") == {("330000", 2025, Decimal("48.2"))}
    assert not values(report, "childcare_new_public_places")


def test_medical_community_wordings_of_real_reports_are_recognised(extract):
    report = extract(
        "2023年，全国符合紧密型县域医共体标准的县达到612个，医共体牵头医院出院患者三四级手术比例"
        "达到45.3%，医院出院患者平均住院日为8.7日。"
    )
    assert values(report, "medcom_standard_counties") == {("100000", 2023, Decimal(612))}
    assert values(report, "level34_surgery_share") == {("100000", 2023, Decimal("45.3"))}
    assert values(report, "avg_length_of_stay") == {("100000", 2023, Decimal("8.7"))}


def test_a_repeated_paragraph_gives_its_figure_once(extract):
    paragraph = "2023年，温州市县域内住院量占比为82.6%。"
    report = extract(f"温州市卫生健康委\n\n{paragraph}\n\n{paragraph}\n\n{paragraph}")
    assert [o.value for o in report.observations if o.kind == "actual"] == [Decimal("82.6")]
