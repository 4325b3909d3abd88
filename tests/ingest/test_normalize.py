"""Normalising: the canonical text that spans and quotes refer to."""

from __future__ import annotations

from ingest.normalize import normalize


def test_it_converts_traditional_characters_to_simplified():
    assert normalize("醫療衛生機構檢查檢驗結果互認") == "医疗卫生机构检查检验结果互认"


def test_it_turns_full_width_digits_and_percent_into_ascii():
    assert normalize("签约率达到６６．５％") == "签约率达到66.5%"


def test_it_turns_full_width_parentheses_into_ascii():
    assert normalize("执业（助理）医师比例") == "执业(助理)医师比例"


def test_it_removes_thousands_separators():
    assert normalize("总诊疗1,163,518人次") == "总诊疗1163518人次"
    assert normalize("总诊疗１，１６３，５１８人次") == "总诊疗1163518人次"


def test_it_leaves_digits_after_a_longer_number_or_a_decimal_point_alone():
    # "1234,567" is no thousands grouping, and neither is the fraction of "3.141,592".
    assert normalize("编号1234,567和3.141,592") == "编号1234,567和3.141,592"
    assert normalize("共12,000人") == "共12000人"


def test_it_keeps_a_comma_between_clauses_that_is_not_a_separator():
    assert normalize("签约率66%,重点人群90%") == "签约率66%,重点人群90%"


def test_it_joins_a_line_break_inside_a_word():
    text = (
        "心血管等七大防治中心，其中出生缺陷防治中心知晓率95.21%，精神卫\n"
        "生防治中心纳入中国疾病预防控制信息系统2924人。"
    )
    assert "精神卫生防治中心" in normalize(text)


def test_it_joins_a_line_break_between_an_indicator_and_its_value():
    text = "增强群众健康获得感。全市居民健康素养水平\n35.78%，比2021年提高了9个百分点。"
    assert "健康素养水平35.78%" in normalize(text)


def test_it_joins_a_break_after_a_trailing_comma_even_across_a_blank_line():
    assert normalize("会上，福州市卫健委、\n\n泉州市卫健委作交流发言。") == (
        "会上，福州市卫健委、泉州市卫健委作交流发言。"
    )


def test_it_keeps_the_break_after_a_heading():
    text = "亮点一: 县域医共体运行日益高效\n\n石狮精准完善一体运行机制。"
    assert normalize(text) == text


def test_it_keeps_the_break_after_a_finished_sentence():
    assert (
        normalize("签约率达66%。\n重点人群签约率达90%。") == "签约率达66%。\n重点人群签约率达90%。"
    )


def test_it_keeps_the_break_before_a_bullet():
    text = "针对基层医疗机构服务能力有限、人力不足等问题，全面提升就医体验畅通医患沟通渠\n●上下联动"
    assert "\n●上下联动" in normalize(text)


def test_it_drops_a_pinyin_gloss_after_chinese_characters():
    assert normalize("醫療機構(gòu)數量") == "医疗机构数量"
    assert normalize("机构（gòu）数量") == "机构数量"


def test_it_keeps_ordinary_parentheses():
    assert normalize("按疾病诊断相关分组(DRG)付费") == "按疾病诊断相关分组(DRG)付费"


def test_it_converts_hong_kong_variants():
    assert normalize("衞生健康局") == "卫生健康局"


def test_it_maps_kangxi_radicals_copied_from_pdfs_to_ordinary_characters():
    assert normalize("⼈均预期寿命") == "人均预期寿命"


def test_a_date_in_chinese_numerals_becomes_a_date_in_arabic_numerals():
    assert normalize("二〇二五年一月六日") == "2025年1月6日"
    assert normalize("二〇二四年十二月三十一日") == "2024年12月31日"


def test_a_year_alone_in_chinese_numerals_is_left_to_the_year_stage():
    assert normalize("二〇二四年,全市签约率达65%") == "二〇二四年,全市签约率达65%"


def test_table_rows_keep_their_own_lines_and_a_tab_stays_a_column_gap():
    rows = "医共体总诊疗人次(万人次) | 312.6 | 338.9 | +8.4%\n县域内就诊率(%) | 89.7 | 91.5 | +1.8个百分点"
    assert normalize(rows) == rows
    assert normalize("项目\t2023年\t2024年") == "项目  2023年  2024年"
    assert normalize("项目｜2023年") == "项目|2023年"


def test_it_closes_the_spaces_a_newspaper_sets_around_a_number_and_its_unit():
    text = normalize("总诊疗量达 186.5 万 人次，就诊率 91.6 ％，上转 3,268 人次，团队 ２８６ 支")
    assert text == "总诊疗量达 186.5万人次，就诊率 91.6%，上转 3268人次，团队 286支"


def test_it_keeps_the_space_before_a_word_that_is_no_unit():
    assert normalize("2024 年 第 03 版") == "2024 年 第 03 版"


def test_it_closes_the_space_between_a_percentage_and_its_bound():
    assert normalize("稳定在 92 % 以上") == "稳定在 92%以上"


def test_a_republic_of_china_year_is_read_as_the_gregorian_year():
    assert normalize("公布民國113年衛生健康統計") == "公布2024年卫生健康统计"


def test_a_date_in_chinese_numerals_down_to_the_month_becomes_arabic():
    assert normalize("（二〇二五年二月）") == "(2025年2月)"


def test_it_cuts_out_gambling_adverts_pasted_into_a_repost():
    assert normalize("全区新增托育机构12家《稳赚app彩票平台下载》，托位560个") == (
        "全区新增托育机构12家，托位560个"
    )
    assert normalize("签约率3366aa新澳门精准资料2023年为48.2%") == "签约率为48.2%"


def test_it_keeps_lottery_funds_and_macao_as_they_are_written():
    text = "使用中央专项彩票公益金支持托育服务，中国澳门人均预期寿命为85岁"
    assert normalize(text) == text
