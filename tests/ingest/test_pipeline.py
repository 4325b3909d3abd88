"""The whole pipeline on seeds and on the shapes real reports arrive in."""

from __future__ import annotations

import codecs
import hashlib
from decimal import Decimal

import opencc
import pytest

from ingest.records import ReportError
from ingest.warnings import ReportWarning, WarningCode
from tests.ingest.helpers import SEEDS, as_html_page, facts, gbk_safe


@pytest.fixture(scope="module")
def seed_reports(regions, catalog):
    from ingest.pipeline import extract_report

    return {
        path.name: extract_report(path.read_bytes(), path.name, regions=regions, catalog=catalog)
        for path in SEEDS
    }


def find(report, indicator: str):
    return [o for o in report.observations if o.indicator_code == indicator]


def test_every_seed_yields_observations_for_its_own_region(seed_reports):
    expected = {"000": "350581", "001": "350700", "002": "421081", "003": "140121", "004": "350000"}
    for name, report in seed_reports.items():
        assert report.main_region_code == expected[name[:3]], name
        assert report.observations, name


def test_quotes_and_spans_refer_to_the_normalised_text(seed_reports):
    for report in seed_reports.values():
        assert report.sha256 == hashlib.sha256(report.text.encode("utf-8")).hexdigest()
        for observation in report.observations:
            start, end = observation.span
            assert report.text[start:end] == observation.quote


def test_a_gbk_copy_of_a_seed_yields_the_same_observations(extract, seed_reports):
    for path in SEEDS:
        raw = gbk_safe(path.read_text(encoding="utf-8")).encode("gbk")
        assert facts(extract(raw, path.name)) == facts(seed_reports[path.name]), path.name


def test_a_utf8_bom_copy_of_a_seed_yields_the_same_observations(extract, seed_reports):
    path = SEEDS[0]
    report = extract(codecs.BOM_UTF8 + path.read_bytes(), path.name)
    assert facts(report) == facts(seed_reports[path.name])


def test_a_traditional_character_copy_of_a_seed_yields_the_same_observations(extract, seed_reports):
    to_traditional = opencc.OpenCC("s2t")
    for path in SEEDS:
        text = to_traditional.convert(path.read_text(encoding="utf-8"))
        assert facts(extract(text, path.name)) == facts(seed_reports[path.name]), path.name


def test_a_seed_wrapped_in_an_html_page_yields_the_same_observations(extract, seed_reports):
    for path in SEEDS:
        page = as_html_page(path.read_text(encoding="utf-8"))
        report = extract(page, path.stem + ".html")
        assert facts(report) == facts(seed_reports[path.name]), path.name
        for furniture in ("导航统计脚本", "欢迎访问本站", "提交评论", "广告位招租", "新闻中心"):
            assert furniture not in report.text


def test_a_gbk_html_page_declaring_gb2312_yields_the_same_observations(extract, seed_reports):
    path = SEEDS[3]
    page = gbk_safe(as_html_page(path.read_text(encoding="utf-8"), charset="gb2312"))
    report = extract(page.encode("gbk"), "page.htm")
    assert facts(report) == facts(seed_reports[path.name])


def test_binary_bytes_named_txt_are_refused(extract):
    with pytest.raises(ReportError, match="scan.txt"):
        extract(b"%PDF-1.4\n" + bytes(range(256)) * 4, "scan.txt")


def test_an_empty_file_is_refused(extract):
    with pytest.raises(ReportError, match="the file is empty"):
        extract(b"", "empty.txt")


def test_a_whitespace_only_file_is_refused(extract):
    with pytest.raises(ReportError, match="only whitespace"):
        extract("  \n\n \u3000 \n", "blank.txt")


def test_a_report_naming_no_known_region_is_kept_with_a_warning_and_no_observations(extract):
    report = extract("2024年,全市家庭医生签约率达66%,重点人群签约率达90%。")
    assert report.main_region_code is None
    assert ReportWarning.of(WarningCode.NO_REGION) in report.warnings
    assert report.observations == ()
    assert report.text


def test_a_report_naming_its_region_only_in_the_title_attributes_quan_shi_figures(extract):
    report = extract("石首市2023年卫生健康工作综述\n\n2023年，全市家庭医生签约率达66%。")
    assert [(o.region_code, o.year, o.value) for o in find(report, "fd_contract_rate")] == [
        ("421081", 2023, Decimal(66))
    ]


def test_a_headline_repeating_a_figure_gives_one_observation(extract):
    text = (
        "清徐县：常住人口签约率78.45%\n\n"
        "2024年，清徐县卫生健康局持续推进改革，全县常住人口签约率78.45%。"
    )
    assert len(find(extract(text), "fd_contract_rate")) == 1


def test_advertising_lines_give_no_observations(extract):
    text = (
        "清徐县卫生健康局2024年工作总结\n2024年，全县常住人口签约率78.45%。\n"
        "【广告】某某医院 签约率达99% 咨询电话：12345678\n"
    )
    assert [o.value for o in find(extract(text), "fd_contract_rate")] == [Decimal("78.45")]


def test_targets_are_stored_as_targets(extract):
    text = "清徐县卫生健康局\n2024年，全县常住人口签约率78.45%，力争2025年常住人口签约率达到80%。"
    kinds = {(o.year, o.value, o.kind) for o in find(extract(text), "fd_contract_rate")}
    assert kinds == {(2024, Decimal("78.45"), "actual"), (2025, Decimal(80), "target")}


def test_changes_are_not_stored_as_levels(extract):
    text = "石狮市卫生健康局\n2023年，基层上转病人1913人次，比去年同期增长75.18%。"
    assert [o.value for o in find(extract(text), "upward_referrals")] == [Decimal(1913)]


def test_sub_population_figures_are_not_stored(extract):
    text = "石首市卫生健康局\n2023年，全市脱贫人口签约率100%，65岁以上老年人签约率85%。"
    assert find(extract(text), "fd_contract_rate") == []


def test_a_single_hospitals_figure_is_not_the_regions(extract):
    text = "石狮市卫生健康局\n2023年，石狮市总医院平均住院日6.5天。"
    assert find(extract(text), "avg_length_of_stay") == []


def test_a_figure_for_an_ambiguous_county_is_not_stored(extract):
    text = "福建省卫健委\n2023年，全省签约率达到70%。2023年，鼓楼区签约率达到60%。朝阳区签约率达到50%。"
    values = {(o.region_code, o.value) for o in find(extract(text), "fd_contract_rate")}
    assert (("350000", Decimal(70)) in values) and all(v != Decimal(50) for _, v in values)


def test_a_figure_without_a_determinable_year_is_not_stored(extract):
    report = extract("清徐县卫生健康局\n全县常住人口签约率78.45%。")
    assert report.report_year is None
    assert report.observations == ()


def test_a_relative_year_is_resolved_against_the_publication_date(extract):
    text = "清徐县卫生健康局\n时间:2025-03-24\n去年，全县常住人口签约率78.45%。"
    assert [o.year for o in find(extract(text), "fd_contract_rate")] == [2024]


def test_a_twenty_megabyte_text_is_read_whole(extract):
    # How long it takes is a figure of bench/ingest.py, measured against reading the same bytes.
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in SEEDS)
    text = (seeds * (20_000_000 // len(seeds.encode("utf-8")) + 1)).encode("utf-8")
    assert len(text) >= 20_000_000
    report = extract(text, "huge.txt")
    assert facts(report) == facts(extract("\n".join(p.read_text("utf-8") for p in SEEDS)))


def test_the_file_name_names_the_region_when_the_text_only_says_quan_shi(extract):
    report = extract("2023年，全市家庭医生签约率达66%。", "石首市2023年卫生健康工作总结.txt")
    assert report.main_region_code == "421081"
    assert ReportWarning.of(WarningCode.REGION_FROM_FILENAME, name="石首市") in report.warnings
    assert [o.region_code for o in find(report, "fd_contract_rate")] == ["421081"]


def test_a_province_named_as_a_yardstick_does_not_take_the_figure(extract):
    text = "石首市卫生健康局\n2023年，石首市在全省率先实现家庭医生签约率达到80%。"
    assert [o.region_code for o in find(extract(text), "fd_contract_rate")] == ["421081"]


def test_a_sentence_opening_with_a_county_gives_it_the_figures_of_later_clauses(extract):
    text = "南平市卫健委\n2024年，南平市建阳区卫健局深化改革，全区家庭医生签约率达70%。"
    assert [o.region_code for o in find(extract(text), "fd_contract_rate")] == ["350703"]


def test_a_headline_rounding_a_body_figure_gives_the_body_figure_only(extract):
    text = (
        "郴州:基层诊疗量占比达65%\n\n2024-01-18 来源:郴州日报\n\n"
        "本报讯 记者从市卫生健康委获悉,2023年全市基层医疗卫生机构诊疗量占比达到64.8%,群众获得感持续增强。"
    )
    values = [o.value for o in find(extract(text), "primary_care_visit_share")]
    assert values == [Decimal("64.8")]


def test_a_bound_followed_by_the_exact_figure_gives_the_exact_figure(extract):
    text = "长兴县卫生健康局\n2023年,全县医共体总诊疗人次突破400万人次,达到412.6万人次。"
    values = [(o.value, o.qualifier) for o in find(extract(text), "medcom_total_visits")]
    assert values == [(Decimal(4126000), "eq")]


def test_a_table_line_pairs_a_label_with_the_value_after_its_colon(extract):
    text = "2023年石首市卫生健康主要指标\n\n居民健康素养水平:36.12%\n人均预期寿命:79.2岁\n"
    report = extract(text)
    assert [o.value for o in find(report, "health_literacy_rate")] == [Decimal("36.12")]
    assert [o.value for o in find(report, "life_expectancy")] == [Decimal("79.2")]


def test_a_phrase_without_a_figure_takes_the_value_stated_in_the_next_clause(extract):
    text = "石首市卫生健康局\n2023年,全市居民健康素养水平稳步提升,达到36.1%。"
    assert [o.value for o in find(extract(text), "health_literacy_rate")] == [Decimal("36.1")]


def test_a_section_heading_gives_its_year_to_the_paragraphs_under_it(extract):
    text = (
        "沂南县2024年政府工作报告\n\n一、2023年工作回顾\n\n"
        "深化医共体建设,县域就诊率达到90.5%,基层诊疗量占比达到63%。\n\n"
        "二、2024年主要目标和任务\n\n实施签约服务提质行动,重点人群签约率提高到85%。"
    )
    report = extract(text)
    assert [(o.year, o.kind) for o in find(report, "county_visit_rate")] == [(2023, "actual")]
    assert [(o.year, o.value, o.kind) for o in find(report, "fd_key_population_contract_rate")] == [
        (2024, Decimal(85), "target")
    ]


def test_a_dated_comparison_base_gives_that_years_level(extract):
    text = "资中县卫生健康局\n2023年,全县县域就诊率由2021年的84.6%提高到91.3%。"
    facts_found = {(o.year, o.value) for o in find(extract(text), "county_visit_rate")}
    assert facts_found == {(2023, Decimal("91.3")), (2021, Decimal("84.6"))}


def test_a_dated_comparison_in_the_next_clause_gives_that_years_level(extract):
    text = "长兴县卫生健康局\n2023年,全县每千人口拥有托位数达到4.1个,比2022年的3.5个有明显提升。"
    facts_found = {(o.year, o.value) for o in find(extract(text), "childcare_places_per_1000")}
    assert facts_found == {(2023, Decimal("4.1")), (2022, Decimal("3.5"))}


def test_an_undated_comparison_base_gives_no_level(extract):
    text = "资中县卫生健康局\n2023年,基层医疗卫生机构诊疗量占比由52.1%提高到61.5%。"
    values = [o.value for o in find(extract(text), "primary_care_visit_share")]
    assert values == [Decimal("61.5")]


def test_a_report_that_only_says_qu_nian_takes_the_year_before_publication(extract):
    text = (
        "郴州:医共体建设成效明显\n\n2024-01-18 来源:郴州日报\n\n"
        "本报讯 去年以来,郴州市扎实推进医改。据介绍,去年全市县域内就诊率达到90.6%。"
        "全市共组建家庭医生团队2860支,家庭医生签约率达到70.3%。"
    )
    assert [o.year for o in find(extract(text), "fd_contract_rate")] == [2023]


def test_wan_ren_signed_residents_become_a_count(extract):
    text = "兰陵县卫生健康局\n截至2023年10月底,全县累计签约58.7万人,常住人口签约率达到48.9%。"
    report = extract(text)
    assert [o.value for o in find(report, "fd_signed_residents")] == [Decimal(587000)]
    assert [o.value for o in find(report, "fd_contract_rate")] == [Decimal("48.9")]


def test_a_cumulative_figure_over_a_year_range_is_not_an_annual_level(extract):
    text = "资中县卫生健康局\n2021—2023年,全县累计开展检查结果互认12.6万次。"
    assert find(extract(text), "exam_mutual_recognition") == []


def test_it_stores_the_level_a_change_reached_in_a_named_year_as_actual(extract):
    text = "贵州省卫生健康委\n全省人均预期寿命由2020年的75.2岁提高到2024年的77.6岁。"
    kinds = {(o.year, o.value, o.kind) for o in find(extract(text), "life_expectancy")}
    assert (2024, Decimal("77.6"), "actual") in kinds


def test_it_does_not_date_a_figure_by_the_year_of_an_aside_after_it(extract):
    text = "江宁区2024年度主要指标完成情况\n\n每千人口托位数:5.95个(2025年目标:6.5个)\n"
    found = {(o.year, o.value, o.kind) for o in find(extract(text), "childcare_places_per_1000")}
    assert {f for f in found if f[2] == "actual"} == {(2024, Decimal("5.95"), "actual")}
    # The aside itself is the target it names.
    assert {f for f in found if f[2] == "target"} <= {(2025, Decimal("6.5"), "target")}


def test_it_drops_a_sub_population_written_before_a_label_and_its_value(extract):
    text = (
        "江宁区2024年度主要指标完成情况\n\n常住人口签约率:40.12%\n"
        "其中:65岁及以上老年人签约率:86.2%;高血压患者签约率:83.9%\n"
    )
    assert [o.value for o in find(extract(text), "fd_contract_rate")] == [Decimal("40.12")]


def test_it_gives_a_value_in_the_next_clause_to_the_place_named_with_the_phrase(extract):
    text = "阜阳市2024年家庭医生签约服务综述\n\n2024年,临泉县签约人数最多,达112.6万人。"
    found = [(o.region_code, o.value) for o in find(extract(text), "fd_signed_residents")]
    assert found == [("341221", Decimal(1126000))]


def test_it_reads_quan_shi_after_a_named_city_as_that_city_in_later_clauses(extract):
    text = (
        "贵州省2024年卫生健康事业发展情况\n\n2024年,遵义市推行托育进社区,"
        "全市托位数达到2.4万个,每千人口托位数超过3.6个。"
    )
    found = [(o.region_code, o.value) for o in find(extract(text), "childcare_places_per_1000")]
    assert found == [("520300", Decimal("3.6"))]


def test_it_pairs_a_list_of_places_and_figures_with_the_phrase_before_it(extract):
    text = (
        "阜阳市2024年县域医共体建设综述\n\n2024年,各县县域就诊率分别为:"
        "临泉县90.5%、太和县91.2%、界首市92.4%。"
    )
    found = {(o.region_code, o.value) for o in find(extract(text), "county_visit_rate")}
    assert found == {
        ("341221", Decimal("90.5")),
        ("341222", Decimal("91.2")),
        ("341282", Decimal("92.4")),
    }


def test_it_gives_a_parallel_clause_naming_another_place_the_same_indicator(extract):
    text = "阜阳市2024年家庭医生签约服务综述\n\n2024年,界首市签约率达72.3%,太和县为65.8%。"
    found = {(o.region_code, o.value) for o in find(extract(text), "fd_contract_rate")}
    assert found == {("341282", Decimal("72.3")), ("341222", Decimal("65.8"))}


def test_it_takes_a_share_stated_after_zhan_bi_in_the_next_clause(extract):
    text = (
        "沂南县卫生健康局\n2024年,全县在岗乡村医生1086人,"
        "其中具有执业(助理)医师资格的398人,占比36.6%。"
    )
    values = [o.value for o in find(extract(text), "rural_doctor_licensed_share")]
    assert values == [Decimal("36.6")]


def test_it_does_not_give_a_neighbours_average_to_the_report_region(extract):
    text = "泸西县卫生健康局\n2024年,全县常住人口签约率达61.4%,低于全州平均水平(64.5%)。"
    assert [o.value for o in find(extract(text), "fd_contract_rate")] == [Decimal("61.4")]


def test_it_does_not_count_the_capacity_of_one_new_facility_as_the_regions(extract):
    text = (
        "赣州市卫生健康委\n2024年,兴国县投入资金1.2亿元,建成县托育综合服务中心,可提供托位300个。"
        "2024年,全市现有托育机构36家,可提供托位1420个。"
    )
    found = [(o.region_code, o.value) for o in find(extract(text), "childcare_places")]
    assert found == [("360700", Decimal(1420))]


def test_it_takes_a_report_year_from_the_text_not_from_the_header_publication_date(extract):
    text = (
        "赣州:医共体改革让群众在家门口看好病\n\n2025年03月05日 10:26 来源:江西日报\n\n"
        "记者获悉,2024年全市医改成效明显。双向转诊更加通畅,全年上转患者3.27万人次。"
    )
    report = extract(text)
    assert report.report_year == 2024
    assert [o.year for o in find(report, "upward_referrals")] == [2024]


def test_it_reads_a_short_county_name_inside_the_main_region_as_that_county(extract):
    text = "宝鸡:织密健康服务网\n\n2024年,在眉县,县医院牵头组建医共体,县域内住院人数占比达到85.2%。"
    found = [(o.region_code, o.value) for o in find(extract(text), "county_inpatient_share")]
    assert found == [("610326", Decimal("85.2"))]


def test_it_counts_counties_meeting_the_national_medcom_standard(extract):
    text = (
        "赣州市卫生健康委\n2024年,全市18个县(市、区)中,已有16个达到国家紧密型县域医共体评判标准。"
    )
    found = [(o.region_code, o.value) for o in find(extract(text), "medcom_standard_counties")]
    assert found == [("360700", Decimal(16))]


def test_places_listed_before_fen_bie_take_the_figures_after_it_in_order(extract):
    text = (
        "白银市卫生健康委员会\n2024年，会宁县以68.2%的签约率位居全市第一，"
        "景泰县、靖远县分别以63.5%、61.1%紧随其后。"
    )
    found = {(o.region_code, o.value) for o in find(extract(text), "fd_contract_rate")}
    assert {("620423", Decimal("63.5")), ("620421", Decimal("61.1"))} <= found


def test_a_fen_bie_list_reaches_back_past_a_clause_naming_the_indicator(extract):
    text = (
        "白银市卫生健康委员会\n2024年，白银区、平川区受人口流动影响，签约率相对较低，"
        "分别为48.7%和50.3%。"
    )
    found = {(o.region_code, o.value) for o in find(extract(text), "fd_contract_rate")}
    assert found == {("620402", Decimal("48.7")), ("620403", Decimal("50.3"))}


def test_changes_listed_with_fen_bie_are_not_levels(extract):
    text = "白银市卫生健康委员会\n2024年，白银区、平川区签约率分别提高2.1个百分点、3.4个百分点。"
    assert not find(extract(text), "fd_contract_rate")


def test_a_fen_bie_list_with_more_figures_than_places_gives_none_of_them_to_a_place(extract):
    text = "白银市卫生健康委员会\n2024年，白银区、平川区签约率分别为48.7%、50.3%和52.0%。"
    assert not {o.region_code for o in find(extract(text), "fd_contract_rate")} & {
        "620402",
        "620403",
    }


def test_a_plan_document_states_targets_even_without_li_zheng(extract):
    text = (
        "潍坊市卫生健康委员会关于印发2025年全市卫生健康工作要点的通知\n\n"
        "一、夯实基层\n\n1.做实家庭医生签约服务。全人群签约率稳定在50%以上。"
    )
    assert [o.kind for o in find(extract(text), "fd_contract_rate")] == ["target"]


def test_a_review_of_an_earlier_year_inside_a_plan_is_actual(extract):
    text = (
        "潍坊市卫生健康委员会关于印发2025年全市卫生健康工作要点的通知\n\n"
        "2025年全市卫生健康工作要点\n\n2024年，全市卫生健康工作取得新进展。全人群签约率52.6%。\n\n"
        "2025年的主要目标是：全人群签约率达到55%。"
    )
    found = {(o.year, o.value, o.kind) for o in find(extract(text), "fd_contract_rate")}
    assert found == {(2024, Decimal("52.6"), "actual"), (2025, Decimal(55), "target")}


def test_qu_nian_resolves_against_the_date_in_a_reposted_pages_address(extract):
    text = (
        "会泽：医共体一盘棋\n\nhttp://www.huize.gov.cn/xwzx/bmdt/202501/t20250116_1187342.html\n\n"
        "截至去年底，会泽县县域内就诊率达到91.3%。"
    )
    assert [(o.year, o.kind) for o in find(extract(text), "county_visit_rate")] == [
        (2024, "actual")
    ]


def test_a_summary_signed_the_next_january_keeps_its_figures_actual(extract):
    text = (
        "秦安县卫生健康局工作总结和下一步工作计划\n\n一、工作开展情况\n\n(一)主要做法\n\n"
        "延续2023年开展的“名医下乡”活动。\n\n(二)2024年主要成效\n\n"
        "1.全县县域内就诊率90.8%。\n\n秦安县卫生健康局\n2025年1月10日"
    )
    assert [(o.year, o.kind) for o in find(extract(text), "county_visit_rate")] == [
        (2024, "actual")
    ]


def test_a_comparison_with_the_same_months_last_year_gives_no_level(extract):
    text = "平江县卫生健康局\n2024年，县级医院下转患者1895人次，下转人次较去年同期的1412人次增长34.2%。"
    assert [o.value for o in find(extract(text), "downward_referrals")] == [Decimal(1895)]


def test_a_total_over_several_years_is_not_an_annual_level(extract):
    text = "磐安县卫生健康局\n2024年，近3年来，全县累计下转患者6500余人次。"
    assert not find(extract(text), "downward_referrals")


def test_an_average_written_after_the_figure_is_not_the_regions(extract):
    text = (
        "礼泉县卫生健康局\n2024年，全县严重精神障碍患者规范管理率96.8%，高于全省93.5%的平均水平。"
    )
    assert [o.value for o in find(extract(text), "smi_management_rate")] == [Decimal("96.8")]


def test_a_survey_sample_is_not_the_number_of_signed_residents(extract):
    text = "广汉市卫生健康局\n2024年，调查在全市随机抽取签约居民1200人。"
    assert not find(extract(text), "fd_signed_residents")


def test_figures_set_in_newspaper_spacing_are_read(extract):
    text = "内乡县卫生健康委\n2024 年全县医共体总诊疗量达 186.5 万 人次，上转患者 3,268 人次。"
    assert [o.value for o in find(extract(text), "medcom_total_visits")] == [Decimal(1865000)]
    assert [o.value for o in find(extract(text), "upward_referrals")] == [Decimal(3268)]


def test_a_results_list_in_a_summary_and_plan_report_is_actual(extract):
    report = extract(
        "宜都市卫生健康局2024年工作总结和2025年工作安排\n\n"
        "时间:2025-01-08\n\n"
        "  一、2024年主要工作成效\n\n"
        "  1.签约服务提质扩面。全市常住人口签约率56.3%;2.托育服务扩大。全市总托位2180个。\n\n"
        "  二、2025年工作安排\n\n"
        "  1.签约率力争达到60%;2.新增托位300个。\n"
    )
    kinds = {(o.indicator_code, o.value): o.kind for o in report.observations}
    assert kinds[("fd_contract_rate", Decimal("56.3"))] == "actual", kinds
    assert kinds[("childcare_places", Decimal("2180"))] == "actual"
    assert kinds[("fd_contract_rate", Decimal("60"))] == "target"


def test_figures_of_a_taiwanese_repost_are_dated_by_the_republic_of_china_year(extract):
    report = extract(
        "漳州家庭醫生簽約率逾四成\n\n2025/02/03 14:20 記者綜合報導\n\n"
        "漳州市衛生健康委員會日前公布民國113年衛生健康統計。漳州全市家庭醫生簽約覆蓋率達41.2%。\n"
    )
    assert {(o.indicator_code, o.year) for o in report.observations} == {("fd_contract_rate", 2024)}


def test_a_place_named_as_a_yardstick_is_not_the_subject_of_later_clauses(extract):
    text = (
        "宜都市卫生健康局\n2024年,全市基层诊疗量占比达到61.3%,高于宜昌市平均水平(58.9%),"
        "医共体总诊疗人次达到126.8万人次。"
    )
    found = {(o.region_code, o.indicator_code) for o in extract(text).observations}
    assert ("420581", "medcom_total_visits") in found
    assert not any(code == "420500" for code, _ in found)
