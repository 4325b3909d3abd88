"""The whole pipeline on seeds and on the shapes real reports arrive in."""

from __future__ import annotations

import codecs
import hashlib
import time
from decimal import Decimal

import opencc
import pytest

from ingest.records import ReportError
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
    assert "no known region named in the report" in report.warnings
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


def test_a_twenty_megabyte_text_completes_in_a_few_seconds(extract):
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in SEEDS)
    text = (seeds * (20_000_000 // len(seeds.encode("utf-8")) + 1)).encode("utf-8")
    assert len(text) >= 20_000_000
    started = time.perf_counter()
    report = extract(text, "huge.txt")
    assert time.perf_counter() - started < 20
    assert report.observations


def test_the_file_name_names_the_region_when_the_text_only_says_quan_shi(extract):
    report = extract("2023年，全市家庭医生签约率达66%。", "石首市2023年卫生健康工作总结.txt")
    assert report.main_region_code == "421081"
    assert any("taken from the file name" in w for w in report.warnings)
    assert [o.region_code for o in find(report, "fd_contract_rate")] == ["421081"]


def test_a_province_named_as_a_yardstick_does_not_take_the_figure(extract):
    text = "石首市卫生健康局\n2023年，石首市在全省率先实现家庭医生签约率达到80%。"
    assert [o.region_code for o in find(extract(text), "fd_contract_rate")] == ["421081"]


def test_a_sentence_opening_with_a_county_gives_it_the_figures_of_later_clauses(extract):
    text = "南平市卫健委\n2024年，南平市建阳区卫健局深化改革，全区家庭医生签约率达70%。"
    assert [o.region_code for o in find(extract(text), "fd_contract_rate")] == ["350703"]
