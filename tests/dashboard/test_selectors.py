from decimal import Decimal

import pytest

from dashboard import reading, reference_cache, review, selectors
from dashboard.models import Region, Status
from tests.dashboard.admin_support import reviewer
from tests.dashboard.dashboard_data import nanping_inpatient_share

pytestmark = pytest.mark.django_db


def test_a_verified_value_wins_over_an_extracted_one_and_the_cell_is_a_conflict():
    nanping_inpatient_share(value="67.59", status=Status.VERIFIED)
    nanping_inpatient_share(value="66.8")
    (only,) = selectors.comparison("county_inpatient_share", 2024).points
    assert only.value == Decimal("67.59")
    assert only.conflicting_values == (Decimal("66.8"),)


def test_equal_values_from_two_sources_are_not_a_conflict():
    nanping_inpatient_share(value="67.59")
    nanping_inpatient_share(value="67.59")
    (only,) = selectors.comparison("county_inpatient_share", 2024).points
    assert not only.conflict


def test_rejected_values_are_never_drawn():
    nanping_inpatient_share(value="50", status=Status.REJECTED)
    assert selectors.comparison("county_inpatient_share", 2024).points == []
    assert selectors.indicator_years("county_inpatient_share") == []


def test_the_comparison_is_sorted_largest_first_and_scoped_to_a_parent():
    nanping_inpatient_share(region_id="350702", value="50")
    nanping_inpatient_share(region_id="350721", value="70")
    nanping_inpatient_share(region_id="140121", value="90")
    within = selectors.comparison("county_inpatient_share", 2024, parent="350700")
    assert [p.region_code for p in within.points] == ["350721", "350702"]


def test_regions_are_found_by_code_name_or_alias_in_the_order_given():
    found = selectors.find_regions(["石狮", "350700", "清徐县 140121"])
    assert [r.code for r in found] == ["350581", "350700", "140121"]


def test_the_comparison_keeps_the_largest_values_and_counts_every_region():
    for code, value in (("350702", "50"), ("350721", "70"), ("140121", "90"), ("350581", "60")):
        nanping_inpatient_share(region_id=code, value=value)
    shown = selectors.comparison("county_inpatient_share", 2024, limit=2)
    assert [p.region_code for p in shown.points] == ["140121", "350721"]
    assert shown.total == 4


def test_the_comparison_draws_each_regions_verified_value_then_its_newest():
    older = nanping_inpatient_share(value="60")
    nanping_inpatient_share(value="61")
    assert [p.value for p in selectors.comparison("county_inpatient_share", 2024).points] == [
        Decimal("61")
    ]
    older.status = Status.VERIFIED
    older.save()
    (only,) = selectors.comparison("county_inpatient_share", 2024).points
    assert (only.value, only.conflicting_values, only.id) == (
        Decimal("60"),
        (Decimal("61"),),
        older.id,
    )


def test_the_comparison_of_one_level_leaves_the_other_levels_out():
    nanping_inpatient_share(value="67")
    nanping_inpatient_share(region_id="350702", value="50")
    within = selectors.comparison("county_inpatient_share", 2024, level="county")
    assert [p.region_code for p in within.points] == ["350702"] and within.total == 1


def test_the_lists_of_a_chart_change_as_soon_as_the_figures_do():
    nanping_inpatient_share(region_id="350702", year=2023)
    assert selectors.indicator_years("county_inpatient_share") == [2023]
    assert [r.code for r in selectors.parents_with_data("county_inpatient_share")] == ["350700"]
    assert [c for c, *_ in selectors.regions_with_data("county_inpatient_share")] == ["350702"]
    added = nanping_inpatient_share(region_id="140121", year=2024)
    assert selectors.indicator_years("county_inpatient_share") == [2024, 2023]
    assert [r.code for r in selectors.parents_with_data("county_inpatient_share")] == [
        "140100",
        "350700",
    ]
    review.set_status([added], Status.REJECTED, reviewer())
    assert selectors.indicator_years("county_inpatient_share") == [2023]
    assert [c for c, *_ in selectors.regions_with_data("county_inpatient_share")] == ["350702"]


def test_a_change_made_past_the_write_rules_changes_the_lists_too():
    figure = nanping_inpatient_share(year=2023)
    assert selectors.indicator_years("county_inpatient_share") == [2023]
    figure.year = 2022
    figure.save()
    assert selectors.indicator_years("county_inpatient_share") == [2022]


def test_a_list_already_computed_for_these_data_is_read_from_the_cache(
    django_assert_num_queries,
):
    nanping_inpatient_share()
    selectors.indicator_years("county_inpatient_share")
    # The data version, the reference data version, then the cache.
    with django_assert_num_queries(3) as captured:
        assert selectors.indicator_years("county_inpatient_share") == [2024]
    assert not [q for q in captured.captured_queries if q["sql"].startswith("SELECT DISTINCT")]


def test_within_one_reading_the_versions_and_each_list_are_read_once(
    django_assert_num_queries,
):
    nanping_inpatient_share()
    selectors.indicator_years("county_inpatient_share")
    # The data and reference versions (one query), the lists (the cache); the tree is kept.
    with reading.one_reading(), django_assert_num_queries(2):
        for _ in range(3):
            selectors.indicator_years("county_inpatient_share")
            selectors.parents_with_data("county_inpatient_share")
            selectors.regions_with_data("county_inpatient_share")


def test_the_overview_and_a_regions_profile_change_as_soon_as_the_figures_do():
    first = nanping_inpatient_share(region_id="350702", value="50")
    assert [
        p.value for p in selectors.region_profile("350702").themes[0][1][0].values.values()
    ] == [Decimal("50")]
    (section, *_) = selectors.overview_sections()
    assert section.observations == 1
    review.set_status([first], Status.REJECTED, reviewer())
    assert selectors.region_profile("350702").themes == []
    assert selectors.overview_sections()[0].observations == 0


def test_the_peers_of_a_region_know_as_soon_as_one_of_them_has_figures():
    region = Region.objects.get(pk="350702")
    assert not any(peer.has_data for peer in selectors.peers(region))
    nanping_inpatient_share(region_id="350721")
    assert [peer.code for peer in selectors.peers(region) if peer.has_data] == ["350721"]
    assert [child.code for child in selectors.children(region.parent) if child.has_data] == [
        "350721"
    ]


def test_the_region_pickers_follow_a_renamed_region():
    nanping_inpatient_share(region_id="350702")
    assert selectors.regions_with_data("county_inpatient_share")[0][1] == "延平区"
    Region.objects.filter(pk="350702").update(name="延平区（新）")
    reference_cache.changed()
    assert selectors.regions_with_data("county_inpatient_share")[0][1] == "延平区（新）"
