"""Linking indicator phrases with the figures of their clause."""

from __future__ import annotations

from decimal import Decimal

from ingest.link import link_clause
from ingest.values import find_quantities


def pairs(catalog, clause: str) -> list[tuple[str, Decimal]]:
    result = link_clause(
        clause, 0, len(clause), catalog.find(clause), find_quantities(clause), catalog
    )
    return [(p.mention.code, p.value) for p in result]


def test_an_enumeration_pairs_phrases_and_figures_in_order(catalog):
    assert pairs(catalog, "2024年南平市县域内住院量占比、基层诊疗量占比提升至67.59%、59.9%") == [
        ("county_inpatient_share", Decimal("67.59")),
        ("primary_care_visit_share", Decimal("59.9")),
    ]


def test_an_enumeration_with_fewer_figures_than_phrases_is_not_guessed(catalog):
    assert pairs(catalog, "县域内住院量占比、基层诊疗量占比提升至67.59%") == []


def test_jun_gives_one_figure_to_every_phrase_of_an_enumeration(catalog):
    assert pairs(catalog, "常住人口签约率、重点人群签约率均达到80%") == [
        ("fd_contract_rate", Decimal(80)),
        ("fd_key_population_contract_rate", Decimal(80)),
    ]


def test_a_count_introduced_by_a_building_verb_may_precede_its_phrase(catalog):
    assert pairs(catalog, "组建153个涵盖县乡村三级医生的家庭医生签约服务团队") == [
        ("fd_teams", Decimal(153))
    ]


def test_a_count_before_a_predicate_phrase_is_its_subject(catalog):
    assert pairs(catalog, "10个县(市、区)均达到国家紧密型县域医共体评判标准") == [
        ("medcom_standard_counties", Decimal(10))
    ]


def test_a_count_before_a_phrase_without_a_building_verb_is_not_linked(catalog):
    assert pairs(catalog, "厦门市8家普惠托育机构开展托育宣传") == []


def test_a_label_before_a_phrase_is_not_a_count(catalog):
    assert pairs(catalog, "石狮组建成立由市级专科医生组成的“1+1+N”家庭医生服务团队") == []


def test_a_growth_figure_is_not_linked(catalog):
    assert pairs(catalog, "基层上转病人同比增长75.18%") == []


def test_a_level_after_a_comparison_base_is_linked(catalog):
    assert pairs(catalog, "居民健康素养水平由26.7%提升至35.78%") == [
        ("health_literacy_rate", Decimal("35.78"))
    ]


def test_it_links_a_dated_comparison_base_with_its_own_year(catalog):
    clause = "居民健康素养水平由2021年的26.7%提升至35.78%"
    result = link_clause(
        clause, 0, len(clause), catalog.find(clause), find_quantities(clause), catalog
    )
    assert [(p.value, p.year) for p in result] == [
        (Decimal("35.78"), None),
        (Decimal("26.7"), 2021),
    ]


def test_it_links_a_figure_that_modifies_the_phrase_after_it(catalog):
    assert pairs(catalog, "公安县以63.5%的家庭医生签约率位居荆州市第一") == [
        ("fd_contract_rate", Decimal("63.5"))
    ]


def test_it_does_not_link_a_change_that_modifies_the_phrase_after_it(catalog):
    assert pairs(catalog, "比上年提高5%的签约率") == []


def test_a_figure_in_another_unit_is_not_linked(catalog):
    assert pairs(catalog, "在岗乡村医生占比45%") == []


def test_it_skips_an_average_quoted_as_a_yardstick(catalog):
    assert pairs(catalog, "常住人口签约率低于全州平均水平(64.5%)") == []


def test_it_links_a_two_character_count_phrase_only_to_a_figure_right_after_it(catalog):
    assert pairs(catalog, "签约61.2万人") == [("fd_signed_residents", Decimal(612000))]
    assert pairs(catalog, "签约医生1200名") == []


def test_it_reads_a_drg_payment_share_label(catalog):
    assert pairs(catalog, "按DRG付费住院参保人员占比:93.4%") == [
        ("drg_dip_payment_share", Decimal("93.4"))
    ]


def test_a_count_written_straight_before_its_phrase_after_the_place_is_that_places(extract):
    text = "长葛市卫生健康委员会\n2023年,全市234个家医团队为群众提供签约服务。"
    assert [(o.indicator_code, o.value) for o in extract(text).observations] == [("fd_teams", 234)]


def test_a_count_of_something_else_before_the_phrase_is_not_taken(extract):
    text = "长葛市卫生健康委员会\n2023年,全市有234个村卫生室,家医团队覆盖全部村。"
    assert not extract(text).observations
