"""Regions: which words are places, which place they are, and the report's own region."""

from __future__ import annotations

from ingest.regions import RegionIndex
from ingest.segment import split_sentences
from ingest.warnings import ReportWarning, WarningCode


def resolve(index: RegionIndex, text: str, **kwargs):
    return index.resolve(text, split_sentences(text), **kwargs)


def codes(result) -> list[str | None]:
    return [m.code for m in result.mentions if not m.is_scope]


def test_it_resolves_a_short_alias_once_the_full_name_is_in_the_report(small_regions):
    result = resolve(small_regions, "石狮市卫生健康局召开会议。石狮精准完善一体运行机制。")
    assert codes(result) == ["350581", "350581"]


def test_it_resolves_a_short_alias_followed_by_an_institution_word(small_regions):
    assert codes(resolve(small_regions, "2023 石狮卫健工作巡礼")) == ["350581"]


def test_it_picks_the_most_named_region_as_the_main_region(small_regions):
    text = "南平市卫健委报告。南平市全面推进医改。松溪县在南平市率先引入智医系统。"
    assert resolve(small_regions, text).main_code == "350700"


def test_the_title_weighs_more_than_a_passing_mention(small_regions):
    text = "清徐县推进医共体建设\n太原市专家到太原市医院指导。全县签约率达到78%。"
    assert resolve(small_regions, text, header_end=text.index("\n")).main_code == "140121"


def test_quan_shi_means_the_main_region_of_a_city_report(small_regions):
    result = resolve(small_regions, "石狮市卫生健康局。全市签约率达66%。")
    scope = [m for m in result.mentions if m.is_scope]
    assert [(m.surface, m.code) for m in scope] == [("全市", "350581")]


def test_quan_shi_in_a_county_report_means_its_prefecture(small_regions):
    assert small_regions.scope_code("全市", "140121") == "140100"
    assert small_regions.scope_code("全县", "140121") == "140121"


def test_quan_sheng_means_the_province_of_the_main_region(small_regions):
    assert small_regions.scope_code("全省", "350700") == "350000"
    assert small_regions.scope_code("我省", "350000") == "350000"


def test_a_county_named_in_two_provinces_is_ambiguous_without_context(small_regions):
    result = resolve(small_regions, "鼓楼区卫健局召开会议。鼓楼区签约率达70%。")
    assert codes(result) == [None, None]
    assert any(
        w.code == WarningCode.AMBIGUOUS_REGION and w.param("name") == "鼓楼区"
        for w in result.warnings
    )


def test_a_county_named_in_two_provinces_is_resolved_by_its_city_written_before_it(
    small_regions,
):
    result = resolve(small_regions, "福州市鼓楼区卫健局召开会议。")
    assert codes(result) == ["350100", "350102"]


def test_a_county_named_in_two_provinces_is_resolved_by_the_report_context(small_regions):
    result = resolve(small_regions, "南京市卫健委召开会议。南京市全面推进医改。鼓楼区签约率达70%。")
    assert codes(result)[-1] == "320106"


def test_words_containing_place_names_are_not_places(small_regions):
    text = (
        "县级医院综合能力提升，创建示范县，与省立医院深度合作，中心城区，打造河东县域医疗次中心。"
    )
    result = resolve(small_regions, text)
    assert codes(result) == []
    assert result.main_code is None


def test_a_street_is_not_a_place(small_regions):
    assert (
        codes(resolve(small_regions, "南平市卫健委位于石狮市。地址：南平路8号。"))[-1] != "350700"
    )


def test_a_report_naming_no_known_region_gets_a_warning(small_regions):
    result = resolve(small_regions, "全市签约率达66%。")
    assert result.main_code is None
    assert ReportWarning.of(WarningCode.NO_REGION) in result.warnings


def test_the_full_table_resolves_the_seed_places(regions):
    text = "石首市卫生健康局。南平市卫健委。清徐县卫生健康局。建阳区。"
    assert codes(resolve(regions, text)) == ["421081", "350700", "140121", "350703"]


def test_a_short_name_shared_with_a_subdivision_means_the_larger_place(regions):
    text = "石首市卫生健康局。荆州市卫健委来石首调研，石首稳居荆州第一。"
    result = resolve(regions, text)
    assert [m.code for m in result.mentions if m.surface == "荆州"] == ["421000"]


def test_a_short_alias_standing_alone_is_a_place(small_regions):
    assert codes(resolve(small_regions, "石狮：2023年卫生健康工作亮点")) == ["350581"]


def test_a_short_alias_inside_running_text_needs_support(small_regions):
    assert codes(resolve(small_regions, "推动石狮经验走向全国")) == []


def test_an_everyday_word_that_is_also_a_unit_name_is_not_a_place(regions):
    result = resolve(regions, "石首市卫生健康局。城区900余家烟草销售点张贴标识,中心城区开展消杀。")
    assert codes(result) == ["421081"]
    assert not any("城区" in (warning.param("name") or "") for warning in result.warnings)


def test_a_unit_named_like_an_everyday_word_counts_after_its_prefecture(regions):
    assert "140502" in codes(resolve(regions, "晋城市城区卫生健康局召开会议。"))


def test_it_accepts_a_short_county_name_inside_the_main_region_but_not_inside_a_word(regions):
    text = "宝鸡市卫生健康委\n宝鸡市推进医改。在眉县,医共体一体运行。"
    assert "610326" in codes(resolve(regions, text, header_end=text.index("\n")))
    text = "马鞍山市卫生健康委\n马鞍山市推进医改,乡镇和县域医疗机构协同。"
    assert "340523" not in codes(resolve(regions, text, header_end=text.index("\n")))
