"""Tables flattened to text: one figure per indicator row and year column, never prose."""

from __future__ import annotations

from decimal import Decimal

from ingest.normalize import normalize
from ingest.tables import find_tables

BAR_TABLE = """表1  射阳县医共体主要运行指标对比
项目 | 2023年 | 2024年 | 增减
医共体总诊疗人次（万人次） | 312.6 | 338.9 | +8.4%
县域内就诊率（%） | 89.7 | 91.5 | +1.8个百分点
上转患者（人次） | 8,426 | 7,915 | -6.1%
平均住院日（天） | 8.1 | 7.8 | -0.3天

注：数据来源于县医共体信息平台。"""


def figures(text: str, catalog) -> set[tuple]:
    normalised = normalize(text)
    return {
        (f.mention.code, f.year, f.value)
        for table in find_tables(normalised, catalog)
        for f in table.figures
    }


def test_a_row_gives_one_figure_per_year_column_in_the_catalog_unit(catalog):
    assert figures(BAR_TABLE, catalog) == {
        ("medcom_total_visits", 2023, Decimal(3126000)),
        ("medcom_total_visits", 2024, Decimal(3389000)),
        ("county_visit_rate", 2023, Decimal("89.7")),
        ("county_visit_rate", 2024, Decimal("91.5")),
        ("upward_referrals", 2023, Decimal(8426)),
        ("upward_referrals", 2024, Decimal(7915)),
        ("avg_length_of_stay", 2023, Decimal("8.1")),
        ("avg_length_of_stay", 2024, Decimal("7.8")),
    }


def test_rows_stay_on_their_own_lines_and_the_caption_is_kept_apart(catalog):
    text = normalize(BAR_TABLE)
    (table,) = find_tables(text, catalog)
    assert [text[line.start : line.end][:4] for line in table.lines] == [
        "项目 |",
        "医共体总",
        "县域内就",
        "上转患者",
        "平均住院",
    ]
    assert text[table.caption.start : table.caption.end].endswith("主要运行指标对比")
    assert all(
        text[f.row.start : f.row.end] == text[f.label.start : f.row.end] for f in table.figures
    )


def test_tab_and_space_separated_copies_read_the_same(catalog):
    expected = figures(BAR_TABLE, catalog)
    tabs = BAR_TABLE.replace(" | ", "\t")
    spaces = BAR_TABLE.replace(" | ", "    ")
    assert figures(tabs, catalog) == expected
    assert figures(spaces, catalog) == expected


def test_web_page_tables_with_outer_bars_and_rules(catalog):
    text = (
        "| 表1 主要指标 |  |  |  |\n|---|---|---|---|\n| 项目 | 2023年 | 2024年 | 增减 |\n"
        "|---|---|---|---|\n| 县域内就诊率（%） | 89.7 | 91.5 | +1.8个百分点 |\n"
        "| 上转患者（人次） | 8,426 | 7,915 | -6.1% |"
    )
    assert figures(text, catalog) == {
        ("county_visit_rate", 2023, Decimal("89.7")),
        ("county_visit_rate", 2024, Decimal("91.5")),
        ("upward_referrals", 2023, Decimal(8426)),
        ("upward_referrals", 2024, Decimal(7915)),
    }


def test_change_and_target_columns_are_not_levels(catalog):
    text = "指标 | 2024年 | 同比 | 2025年目标 | 计划\n家庭医生签约率(%) | 66.2 | 3.1 | 70 | 72"
    assert figures(text, catalog) == {("fd_contract_rate", 2024, Decimal("66.2"))}


def test_a_unit_column_or_the_cell_itself_gives_the_unit(catalog):
    text = "指标 | 单位 | 2023年 | 2024年\n托位数 | 个 | 2100 | 2400\n签约人数 | 万人 | 18.6 | 19.2"
    assert figures(text, catalog) == {
        ("childcare_places", 2023, Decimal(2100)),
        ("childcare_places", 2024, Decimal(2400)),
        ("fd_signed_residents", 2023, Decimal(186000)),
        ("fd_signed_residents", 2024, Decimal(192000)),
    }
    assert figures("项目 | 2023年\n签约率 | 51.3%", catalog) == {
        ("fd_contract_rate", 2023, Decimal("51.3"))
    }


def test_counts_without_any_unit_are_refused_but_rates_take_the_catalog_unit(catalog):
    text = "项目 | 2023年 | 2024年\n上转患者 | 8426 | 7915\n县域内就诊率 | 89.7 | 91.5"
    assert figures(text, catalog) == {
        ("county_visit_rate", 2023, Decimal("89.7")),
        ("county_visit_rate", 2024, Decimal("91.5")),
    }


def test_labels_that_go_on_past_the_phrase_or_odd_rows_are_refused(catalog):
    text = (
        "项目 | 2023年 | 2024年\n上转患者占全部转诊比重(%) | 70.2 | 65.0\n"
        "目标签约率(%) | 70 | 75\n县域内就诊率(%) | 89.7\n基层诊疗量占比(%) | - | 63.8"
    )
    assert figures(text, catalog) == {("primary_care_visit_share", 2024, Decimal("63.8"))}


def test_headers_without_years_are_no_tables_for_this_stage(catalog):
    per_county = "县(区) | 签约率(%) | 县域内就诊率(%)\n临泉县 | 62.1 | 90.5\n太和县 | 65.8 | 91.2"
    assert find_tables(normalize(per_county), catalog) == []
    dated_line = "射阳县卫生健康委员会  2025年1月6日\n\n正文"
    assert find_tables(normalize(dated_line), catalog) == []


REPORT = """射阳县2024年紧密型县域医共体建设工作总结

射阳县卫生健康委员会

2024年，我县纵深推进紧密型县域医共体建设，县域医疗服务能力持续提升。

一、主要指标完成情况

{table}

二、主要做法

2024年全县县域内就诊率达到91.5%，较上年提高1.8个百分点。
"""


def table_facts(report) -> set[tuple]:
    return {
        (o.region_code, o.indicator_code, o.year, o.value, o.kind)
        for o in report.observations
        if o.indicator_code in ("county_visit_rate", "upward_referrals", "fd_contract_rate")
    }


def test_a_table_row_is_an_observation_quoting_the_row(extract):
    report = extract(REPORT.format(table=BAR_TABLE))
    rows = [o for o in report.observations if o.indicator_code == "upward_referrals"]
    assert {(o.region_code, o.year, o.value) for o in rows} == {
        ("320924", 2023, Decimal(8426)),
        ("320924", 2024, Decimal(7915)),
    }
    for observation in rows:
        assert observation.quote == "上转患者(人次) | 8426 | 7915 | -6.1%"
        assert report.text[slice(*observation.span)] == observation.quote


def test_prose_does_not_read_table_rows_and_a_restated_figure_counts_once(extract):
    report = extract(REPORT.format(table=BAR_TABLE))
    visit = [o for o in report.observations if o.indicator_code == "county_visit_rate"]
    assert sorted((o.year, o.value) for o in visit) == [
        (2023, Decimal("89.7")),
        (2024, Decimal("91.5")),
    ]
    assert all(o.kind == "actual" for o in report.observations)
    # "+8.4%", "-0.3天" sit in change columns; prose pairing would have taken them.
    assert not [o for o in report.observations if o.value in (Decimal("8.4"), Decimal("0.3"))]


def test_a_caption_or_a_row_label_naming_another_county_gives_the_region(extract):
    table = "表2  建湖县主要指标\n项目 | 2024年\n县域内就诊率(%) | 88.2"
    report = extract(REPORT.format(table=table))
    assert ("320925", "county_visit_rate", 2024, Decimal("88.2"), "actual") in table_facts(report)
    table = "项目 | 2024年\n建湖县家庭医生签约率(%) | 61.0\n家庭医生签约率(%) | 63.5"
    facts = table_facts(extract(REPORT.format(table=table)))
    assert ("320925", "fd_contract_rate", 2024, Decimal("61.0"), "actual") in facts
    assert ("320924", "fd_contract_rate", 2024, Decimal("63.5"), "actual") in facts


def test_a_table_of_counties_is_never_read_as_the_reports_own_figures(extract):
    table = "县(区) | 签约率(%) | 上转患者(人次)\n临泉县 | 62.1 | 5120\n建湖县 | 65.8 | 4310"
    report = extract(REPORT.format(table=table))
    assert not [o for o in report.observations if o.indicator_code != "county_visit_rate"]


def test_a_table_under_a_plan_heading_or_for_a_later_year_holds_targets(extract):
    table = "项目 | 2025年\n家庭医生签约率(%) | 70"
    report = extract(
        REPORT.format(table=table).replace("一、主要指标完成情况", "一、2025年工作计划")
    )
    assert ("320924", "fd_contract_rate", 2025, Decimal(70), "target") in table_facts(report)


def test_sub_population_rows_are_not_the_regions_indicator(extract):
    table = "项目 | 2024年\n脱贫人口家庭医生签约率(%) | 98.2\n家庭医生签约率(%) | 63.5"
    facts = table_facts(extract(REPORT.format(table=table)))
    assert {f for f in facts if f[1] == "fd_contract_rate"} == {
        ("320924", "fd_contract_rate", 2024, Decimal("63.5"), "actual")
    }


def test_a_web_page_table_is_read_from_its_rows(extract):
    page = """<html><head><meta charset="utf-8"><title>射阳县医共体建设总结</title></head><body>
<article><h1>射阳县2024年医共体建设总结</h1>
<p>2024年，射阳县医共体建设持续推进，各项指标稳步提升，县域医疗服务能力持续提升，群众满意度不断提高。</p>
<table><caption>表1 主要指标</caption><tr><th>项目</th><th>2023年</th><th>2024年</th><th>增减</th></tr>
<tr><td>县域内就诊率（%）</td><td>89.7</td><td>91.5</td><td>+1.8个百分点</td></tr>
<tr><td>上转患者（人次）</td><td>8,426</td><td>7,915</td><td>-6.1%</td></tr></table>
<p>下一步，我们将继续推进医共体建设工作高质量发展，不断满足人民群众健康需求。</p>
</article></body></html>"""
    report = extract(page.encode("utf-8"), "page.html")
    assert table_facts(report) == {
        ("320924", "county_visit_rate", 2023, Decimal("89.7"), "actual"),
        ("320924", "county_visit_rate", 2024, Decimal("91.5"), "actual"),
        ("320924", "upward_referrals", 2023, Decimal(8426), "actual"),
        ("320924", "upward_referrals", 2024, Decimal(7915), "actual"),
    }


def test_a_markdown_table_under_the_title_gives_every_year_column_as_actual(extract):
    table = """射阳县医共体主要指标

| 指标 | 2020年 | 2021年 | 2022年 | 2023年 |
|---|---|---|---|---|
| 县域内就诊率(%) | 85.1 | 86.2 | 88.3 | 90.4 |
| 上转患者(人次) | 100 | 110 | 120 | 130 |
"""
    facts = table_facts(extract(table))
    assert facts == {
        ("320924", "county_visit_rate", 2020, Decimal("85.1"), "actual"),
        ("320924", "county_visit_rate", 2021, Decimal("86.2"), "actual"),
        ("320924", "county_visit_rate", 2022, Decimal("88.3"), "actual"),
        ("320924", "county_visit_rate", 2023, Decimal("90.4"), "actual"),
        ("320924", "upward_referrals", 2020, Decimal(100), "actual"),
        ("320924", "upward_referrals", 2021, Decimal(110), "actual"),
        ("320924", "upward_referrals", 2022, Decimal(120), "actual"),
        ("320924", "upward_referrals", 2023, Decimal(130), "actual"),
    }
