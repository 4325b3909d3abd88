from decimal import Decimal

import pytest

from dashboard import selectors
from dashboard.models import Status
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
