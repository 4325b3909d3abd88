"""Years: which year a figure belongs to, and the year a report is about."""

from __future__ import annotations

from datetime import date

from ingest.segment import split_sentences
from ingest.years import (
    base_year,
    find_years,
    heading_year,
    leading_year,
    publication_date,
    report_year,
    resolve_relative,
)


def kinds(text: str) -> list[tuple[int | None, str]]:
    return [(m.year, m.kind) for m in find_years(text)]


def test_it_reads_an_arabic_year():
    assert kinds("2023年,全市签约率达66%") == [(2023, "explicit")]


def test_it_reads_a_chinese_numeral_year():
    assert kinds("二〇二三年福建托育服务宣传月启动") == [(2023, "explicit")]


def test_it_reads_a_year_range():
    mentions = find_years("2021—2023年累计投入2.95亿元")
    assert [(m.year, m.end_year, m.kind) for m in mentions] == [(2021, 2023, "range")]


def test_a_year_after_bi_is_a_comparison_base():
    assert kinds("35.78%,比2021年提高了9个百分点") == [(2021, "comparison")]


def test_qu_nian_in_a_comparison_is_not_the_year_of_the_figure():
    assert kinds("比去年同期增长75.18%") == [(None, "comparison")]


def test_qu_nian_is_the_year_before_the_reference_year():
    text = "去年全市签约率达60%"
    mention = find_years(text)[0]
    assert mention.kind == "relative"
    assert resolve_relative(mention, text, 2024) == 2023


def test_jin_nian_is_the_reference_year():
    text = "今年以来,开展警示教育62次"
    assert resolve_relative(find_years(text)[0], text, 2023) == 2023


def test_jie_zhi_mu_qian_is_a_current_marker():
    assert kinds("截至目前,全市检查互认项目数494.17万次") == [(None, "current")]


def test_dao_2025_nian_is_a_deadline():
    assert kinds("力争到2025年签约率达到80%") == [(2025, "deadline")]


def test_jie_zhi_2023_nian_is_an_as_of_year_not_a_deadline():
    assert kinds("截至2023年,共建家庭医生团队62支") == [(2023, "explicit")]


def test_a_sentence_opening_with_a_year_sets_the_topic_year():
    text = "2024年以来,县卫生健康局持续推进改革。"
    assert leading_year(text, 0, len(text)) == 2024


def test_the_report_year_comes_from_the_title():
    text = "——2023 石狮卫健工作巡礼\n2020年组建中心。2022年完成验收。2022年通过评审。"
    year = report_year(text, split_sentences(text), header_end=text.index("\n"), published=None)
    assert year == 2023


def test_the_report_year_is_the_dominant_year_of_the_text():
    text = "南平市卫健委\n2024年推进医改。2024年以来成效明显。计划于2026年完工。2020年起步。"
    year = report_year(text, split_sentences(text), header_end=0, published=date(2025, 1, 6))
    assert year == 2024


def test_a_year_named_in_a_plan_does_not_vote_for_the_report_year():
    text = "本网讯 2024年,全市签约率达到59.4%。下一步,全市将力争2025年签约率达到62%以上。"
    year = report_year(text, split_sentences(text), header_end=0, published=date(2025, 1, 8))
    assert year == 2024


def test_on_a_tie_the_year_the_report_names_first_is_the_report_year():
    text = "2023年,全县推进医改,县域就诊率达到90%。会上还部署了2024年的工作。"
    assert report_year(text, split_sentences(text), header_end=0, published=None) == 2023


def test_a_starting_year_does_not_vote_for_the_report_year():
    text = "全县自2021年启动医共体建设以来成效明显。2023年,县域就诊率达到91.3%。"
    assert report_year(text, split_sentences(text), header_end=0, published=None) == 2023


def test_a_starting_year_does_not_date_a_figure():
    text = "自2021年以来,累计签约居民12万人。"
    assert [m.kind for m in find_years(text)] == ["since"]


def test_the_report_year_falls_back_to_the_publication_date():
    text = "全市签约率达66%。"
    year = report_year(text, split_sentences(text), header_end=0, published=date(2025, 3, 24))
    assert year == 2025


def test_it_finds_a_labelled_publication_date_in_the_header():
    text = "标题\n时间:2025-03-24 15:11:44   作者:本通   来源:清徐融媒\n正文"
    assert publication_date(text) == date(2025, 3, 24)


def test_it_finds_a_chinese_publication_date():
    assert publication_date("标题\n发布日期：2024年5月20日\n正文") == date(2024, 5, 20)


def test_it_counts_qu_nian_towards_the_report_year_of_a_january_article():
    text = "本报讯\n去年以来,全市推进医改。据介绍,去年全市签约率达70%。力争2024年达到72%。"
    year = report_year(text, split_sentences(text), header_end=0, published=date(2024, 1, 18))
    assert year == 2023


def test_it_reads_guo_qu_yi_nian_as_the_year_before():
    text = "过去一年,我们坚持以人民为中心"
    mention = find_years(text)[0]
    assert (mention.kind, resolve_relative(mention, text, 2024)) == ("relative", 2023)


def test_it_does_not_count_a_target_year_towards_the_report_year():
    text = (
        "规划中期评估\n截至2023年底,寿命达到83.6岁,已提前实现2025年83.5岁的规划目标。"
        "托位数距离2025年4.5个的目标仍有差距。"
    )
    assert report_year(text, split_sentences(text), header_end=0, published=None) == 2023


def test_it_reads_the_year_of_a_dated_comparison_base():
    assert base_year("县域就诊率由2021年的") == 2021
    assert base_year("达到4.1个,比2022年的") == 2022
    assert base_year("比上年提高") is None


def test_it_reads_the_year_a_section_heading_names():
    text = "一、2023年工作回顾"
    assert heading_year(text, 0, len(text), 2024) == 2023
    text = "一、过去一年工作回顾"
    assert heading_year(text, 0, len(text), 2024) == 2023


def test_it_reads_a_year_after_a_change_verb_as_the_year_reached_not_a_deadline():
    assert kinds("由2020年的75.2岁提高到2024年的77.6岁") == [
        (2020, "comparison"),
        (2024, "explicit"),
    ]


def test_it_does_not_take_the_report_year_from_a_header_publication_date():
    text = "赣州:医改见成效\n2025年03月05日 来源:江西日报\n2024年,全市推进医改。2024年成效明显。"
    header_end = text.index("\n", text.index("\n") + 1)
    year = report_year(text, split_sentences(text), header_end=header_end, published=None)
    assert year == 2024


def test_a_year_followed_by_yi_lai_is_a_starting_point():
    assert [m.kind for m in find_years("2021年以来,全市累计下转患者1.2万人次")] == ["since"]


def test_a_report_whose_since_year_is_its_own_year_dates_figures_so_far_to_it(extract):
    text = "清徐县卫生健康局\n时间:2024-12-20\n2024年以来,全县家庭医生签约率达到78.45%。"
    assert [o.year for o in extract(text).observations] == [2024]


def test_a_cumulative_figure_since_an_earlier_year_is_not_a_level_of_that_year(extract):
    text = "清徐县卫生健康局\n时间:2024-12-20\n2021年以来,全县累计下转患者1.2万人次。"
    assert not extract(text).observations


def test_a_reposted_pages_address_gives_its_publication_date():
    text = "会泽:医共体一盘棋\n\nhttp://www.huize.gov.cn/xwzx/202501/t20250116_1187342.html\n\n正文"
    assert publication_date(text) == date(2025, 1, 16)


def test_a_phone_number_is_no_publication_date():
    assert publication_date("会泽县人民政府主办 联系电话:20250116\n正文") is None


def test_a_date_alone_on_the_last_line_is_the_publication_date():
    text = "秦安县卫生健康局工作总结\n\n2024年全县签约率68.9%。\n\n秦安县卫生健康局\n2025年1月10日"
    assert publication_date(text) == date(2025, 1, 10)


def test_a_year_in_a_section_heading_outweighs_a_passing_mention():
    text = (
        "工作总结\n\n(一)主要做法\n\n延续2023年开展的名医下乡活动。\n\n(二)2024年主要成效\n\n"
        "全县签约率68.9%。\n\n秦安县卫生健康局\n2025年1月10日"
    )
    published = date(2025, 1, 10)
    assert report_year(text, split_sentences(text), header_end=0, published=published) == 2024


def test_a_page_counter_in_the_header_is_never_the_report_year():
    text = "太仓市签约覆盖率达82.6%\n来源:太仓日报 时间:2025-03-05 点击:2096\n截至2024年底,签约率达82.6%。"
    header_end = text.index("\n截至")
    year = report_year(
        text, split_sentences(text), header_end=header_end, published=date(2025, 3, 5)
    )
    assert year == 2024


def test_a_bare_header_number_years_after_publication_is_not_the_report_year():
    text = "签约工作巡礼 2031\n2024年,全市签约率达到59.4%。"
    header_end = text.index("\n")
    year = report_year(
        text, split_sentences(text), header_end=header_end, published=date(2025, 1, 8)
    )
    assert year == 2024


def test_a_date_line_under_the_title_does_not_name_the_report_year():
    text = "平遥县医共体建设工作情况汇报\n(2025年2月)\n2024年,医疗集团推进医共体建设。"
    header_end = text.index("\n2024")
    year = report_year(text, split_sentences(text), header_end=header_end, published=None)
    assert year == 2024


def test_a_count_in_the_header_is_never_the_report_year():
    text = "石狮市上转患者1913人次\n石狮市县域内上转患者1913人次，下转患者520人次。"
    header_end = text.index("\n")
    assert report_year(text, split_sentences(text), header_end=header_end, published=None) is None


def test_a_count_that_looks_like_a_recent_year_does_not_date_the_report():
    text = "石狮市卫生健康工作\n上转患者1990人次\n石狮市县域内上转患者1990人次。"
    header_end = text.index("\n石狮市县域")
    assert report_year(text, split_sentences(text), header_end=header_end, published=None) is None


def test_a_year_before_1949_is_never_the_report_year():
    text = "石狮市医院始建于1913年\n2023年,全市家庭医生签约率达到59.4%。"
    header_end = text.index("\n")
    year = report_year(text, split_sentences(text), header_end=header_end, published=None)
    assert year == 2023


def test_the_year_columns_of_a_table_under_the_title_do_not_name_the_report_year():
    text = (
        "射阳县医共体主要指标\n\n| 指标 | 2020年 | 2021年 | 2022年 | 2023年 |\n|---|---|---|---|---|\n"
        "| 县域内就诊率(%) | 85.1 | 86.2 | 88.3 | 90.4 |"
    )
    header_end = len(text)
    year = report_year(text, split_sentences(text), header_end=header_end, published=None)
    assert year == 2023


def test_the_years_a_report_may_be_about_are_those_the_database_accepts():
    from dashboard import validation
    from ingest import years

    assert (years.FIRST_YEAR, years.LAST_YEAR) == (validation.FIRST_YEAR, validation.LAST_YEAR)


def test_four_digits_inside_a_longer_number_are_no_year():
    assert kinds("档案编号102023年度归档") == []


def test_four_digits_after_a_decimal_point_are_no_year():
    assert kinds("增长0.2024年均") == []


def test_a_range_inside_a_longer_number_is_no_range():
    assert kinds("编号12021-2023年") == [(2023, "explicit")]


def test_a_year_written_without_nian_before_a_name_is_read():
    assert kinds("2023鄂州市居民健康素养监测报告") == [(2023, "explicit")]


def test_a_bare_year_after_a_dash_is_no_year():
    assert kinds("电话0592-2023鄂州") == []
