"""Indicator lexicon: the longest phrasing wins, wherever the phrasing comes from."""

from __future__ import annotations

from ingest.indicators import Catalog


def found(catalog: Catalog, text: str) -> list[tuple[str, str]]:
    return [(m.code, m.surface) for m in catalog.find(text)]


def test_the_longest_phrasing_wins(catalog):
    assert found(catalog, "医院三四级手术占比61.16%") == [
        ("level34_surgery_share", "三四级手术占比")
    ]


def test_a_phrasing_containing_a_figure_is_matched_whole(catalog):
    assert found(catalog, "每千人口拥有3岁以下婴幼儿托位数4.01个") == [
        ("childcare_places_per_1000", "每千人口拥有3岁以下婴幼儿托位数")
    ]


def test_a_longer_phrasing_starting_later_does_not_hide_a_shorter_one(catalog):
    assert found(catalog, "家庭医生签约服务人数达317572人") == [
        ("fd_signed_residents", "签约服务人数")
    ]


def test_spans_slice_the_text(catalog):
    text = "全县常住人口签约率78.45%,各类重点人群签约率达90%以上"
    for mention in catalog.find(text):
        assert text[mention.start : mention.end] == mention.surface


def test_full_width_phrasings_in_the_catalog_match_normalised_text(catalog):
    assert found(catalog, "执业(助理)医师占比") == [
        ("rural_doctor_licensed_share", "执业(助理)医师占比")
    ]


def test_a_catalog_can_be_built_from_model_like_rows():
    catalog = Catalog.from_rows(
        [
            {
                "code": "x",
                "theme": "t",
                "name_zh": "甲指标",
                "unit": "%",
                "value_type": "percent",
                "phrasings": "甲率|甲比例",
            },
            {"code": "bad", "theme": "t", "name_zh": "无单位", "unit": "", "value_type": "count"},
        ]
    )
    assert found(catalog, "甲比例达5%") == [("x", "甲比例")]
    assert "bad" not in catalog.indicators
