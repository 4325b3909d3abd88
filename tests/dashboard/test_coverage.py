"""The coverage summary: every write rule keeps it exact in its own transaction, and a change made
past the rules is counted again by the next reader."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Max, Min
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard import coverage, review
from dashboard.models import Indicator, Observation, Status
from tests.dashboard.admin_support import make_user, post_admin_change, reviewer
from tests.dashboard.test_import import import_rows, row
from tests.dashboard.test_review import extracted_report
from tests.factories import ExtractedObservationFactory, ObservationFactory, ReportFactory

pytestmark = pytest.mark.django_db


def counted_from_the_figures():
    """What the summary must say, counted straight from the observations."""
    published = Observation.objects.visible().filter(kind="actual").order_by()

    def per(field):
        rows = published.values(field).annotate(
            n=Count("id"),
            regions=Count("region_id", distinct=True),
            first=Min("year"),
            last=Max("year"),
            years=Count("year", distinct=True),
        )
        return {
            row[field]: coverage.Counts(
                row["n"], row["regions"], row["first"], row["last"], row["years"]
            )
            for row in rows
        }

    return per("indicator_id"), per("indicator__theme"), Observation.objects.held_back().count()


def assert_kept_exact():
    # The write rule kept the summary up to date: no reader has to count again.
    assert coverage.up_to_date()
    assert (*coverage.counts(), coverage.held_back()) == counted_from_the_figures()


def extracted(**fields) -> Observation:
    values = {
        "report": ReportFactory(),
        "region_id": "350581",
        "indicator_id": "fd_contract_rate",
        "year": 2023,
        "value": Decimal("66"),
        "status": Status.EXTRACTED,
        "confidence": 0.9,
    }
    return Observation(**{**values, **fields})


def test_figures_the_ingest_stores_are_counted_in_the_same_transaction(settings):
    settings.EXTRACTION_PUBLISH_THRESHOLD = 0.8
    coverage.rebuild()
    figures = [
        extracted(),
        extracted(region_id="350582", year=2024),
        extracted(indicator_id="childcare_places", value=Decimal("1200")),
        extracted(kind="target", year=2025, value=Decimal("75")),
        extracted(year=2022, confidence=0.5),  # held back for review
    ]
    review.store_extracted(figures)
    assert_kept_exact()
    per_indicator, per_theme = coverage.counts()
    assert per_indicator["fd_contract_rate"] == coverage.Counts(2, 2, 2023, 2024, 2)
    assert per_theme["family_doctor"].regions == 2
    assert coverage.held_back() == 1


def test_a_new_report_stored_in_one_statement_is_counted_and_a_duplicate_is_not(settings):
    settings.EXTRACTION_PUBLISH_THRESHOLD = 0.8
    coverage.rebuild()
    report, figures = extracted_report("c", None)
    assert review.store_new_report(report, figures) is True
    assert_kept_exact()
    assert coverage.counts()[0]["fd_contract_rate"].observations == 1
    assert coverage.held_back() == 1  # the key-population rate, below the threshold
    again, figures = extracted_report("c", None)
    assert review.store_new_report(again, figures) is False
    assert_kept_exact()
    assert coverage.counts()[0]["fd_contract_rate"].observations == 1


def test_a_new_report_stored_after_a_change_past_the_rules_leaves_the_counting_to_the_reader():
    Observation.objects.create(
        region_id="350582", indicator_id="fd_contract_rate", year=2024, value=Decimal("70")
    )
    report, figures = extracted_report("d", None)
    assert review.store_new_report(report, figures) is True
    assert not coverage.up_to_date()
    assert (*coverage.counts(), coverage.held_back()) == counted_from_the_figures()


def test_extracting_a_report_again_takes_its_untouched_figures_out_of_the_counts():
    report = ReportFactory()
    untouched = ObservationFactory(report=report, region_id="350582")
    ObservationFactory(report=report, status=Status.VERIFIED)
    review.discard_unreviewed(report)
    assert not Observation.objects.filter(pk=untouched.pk).exists()
    assert_kept_exact()
    assert coverage.counts()[0]["fd_contract_rate"].regions == 1


def test_verifying_rejecting_and_setting_back_are_counted():
    user = reviewer()
    only = ObservationFactory(region_id="350582")
    other = ObservationFactory()
    review.set_status([only], Status.VERIFIED, user)
    assert_kept_exact()
    review.set_status([only], Status.REJECTED, user)
    assert_kept_exact()
    # 晋江市's only figure is rejected: one region fewer.
    assert coverage.counts()[0]["fd_contract_rate"].regions == 1
    review.set_status([only, other], Status.EXTRACTED, user)
    assert_kept_exact()
    assert coverage.counts()[0]["fd_contract_rate"].regions == 2


def test_a_status_change_counts_the_figure_as_stored_not_a_stale_copy():
    copy = ObservationFactory(year=2023)
    elsewhere = Observation.objects.get(pk=copy.pk)
    elsewhere.year = 2024
    elsewhere.save()  # an edit in another process, after `copy` was read
    coverage.rebuild()
    review.set_status([copy], Status.REJECTED, reviewer())
    assert_kept_exact()


def test_picking_a_value_counts_its_rivals_out():
    right = ObservationFactory(value=Decimal("66"))
    ObservationFactory(value=Decimal("68"))
    ObservationFactory(value=Decimal("70"), year=2022)
    review.pick([right], reviewer())
    assert_kept_exact()
    assert coverage.counts()[0]["fd_contract_rate"].observations == 2


def test_a_correction_moves_the_count_to_the_figures_new_year_and_region():
    observation = ObservationFactory()
    observation.year, observation.region_id = 2024, "350582"
    review.save_correction(
        observation, reviewer(), status_before=Status.EXTRACTED, status_chosen=False
    )
    assert_kept_exact()
    counts = coverage.counts()[0]["fd_contract_rate"]
    assert (counts.first_year, counts.last_year, counts.regions) == (2024, 2024, 1)


def test_a_figure_entered_by_hand_is_counted():
    review.enter(ObservationFactory.build(source="《泉州统计年鉴2024》"), reviewer())
    assert_kept_exact()
    assert coverage.counts()[0]["fd_contract_rate"].observations == 1


def test_a_figure_deleted_in_the_admin_leaves_the_counts(client):
    kept, deleted = ObservationFactory(), ObservationFactory(region_id="350582")
    client.force_login(make_user("admin", superuser=True))
    url = reverse("admin:dashboard_observation_delete", args=[deleted.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert list(Observation.objects.all()) == [kept]
    assert_kept_exact()
    assert coverage.counts()[0]["fd_contract_rate"].regions == 1


def test_figures_deleted_in_bulk_in_the_admin_leave_the_counts(client):
    first, second = ObservationFactory(), ObservationFactory(region_id="350582")
    client.force_login(make_user("admin", superuser=True))
    client.post(
        reverse("admin:dashboard_observation_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert not Observation.objects.exists()
    assert_kept_exact()
    assert coverage.counts() == ({}, {})


def test_rows_an_import_writes_are_counted_and_a_check_counts_nothing(tmp_path):
    ObservationFactory()
    checked = import_rows(tmp_path, row(year="2024"), write=False)
    assert not checked.errors
    assert_kept_exact()
    assert coverage.counts()[0]["fd_contract_rate"].observations == 1
    import_rows(tmp_path, row(year="2024"), row(region_code="350582", region_name="晋江市"))
    assert_kept_exact()
    assert coverage.counts()[0]["fd_contract_rate"] == coverage.Counts(3, 2, 2023, 2024, 2)


def test_an_import_counts_only_the_published_actual_figures_it_wrote(tmp_path):
    ObservationFactory(region_id="350582")
    import_rows(
        tmp_path,
        row(year="2021"),
        row(year="2022", status="rejected"),
        row(year="2025", kind="target"),
        row(region_code="350582", region_name="晋江市"),
    )
    assert_kept_exact()
    assert coverage.counts()[0]["fd_contract_rate"] == coverage.Counts(3, 2, 2021, 2023, 2)


def test_verifying_a_figure_held_back_for_review_publishes_it(settings):
    settings.EXTRACTION_PUBLISH_THRESHOLD = 0.8
    coverage.rebuild()
    unsure = ExtractedObservationFactory(confidence=0.4)
    assert_kept_exact()
    assert (coverage.held_back(), coverage.counts()) == (1, ({}, {}))
    review.set_status([unsure], Status.VERIFIED, reviewer())
    assert_kept_exact()
    assert coverage.held_back() == 0
    assert coverage.counts()[0]["fd_contract_rate"].observations == 1


def test_a_change_made_past_the_write_rules_is_counted_by_the_next_reader():
    ObservationFactory()
    Observation.objects.create(
        region_id="350582", indicator_id="fd_contract_rate", year=2024, value=Decimal("70")
    )
    assert not coverage.up_to_date()
    assert (*coverage.counts(), coverage.held_back()) == counted_from_the_figures()
    assert coverage.up_to_date()


def test_a_write_rule_after_a_change_past_the_rules_leaves_the_counting_to_the_reader():
    Observation.objects.create(
        region_id="350582", indicator_id="fd_contract_rate", year=2024, value=Decimal("70")
    )
    review.enter(ObservationFactory.build(), reviewer())
    # The rule found the summary behind and did not pretend to bring it up to date.
    assert not coverage.up_to_date()
    assert (*coverage.counts(), coverage.held_back()) == counted_from_the_figures()


def test_a_new_publishing_threshold_is_counted_by_the_next_reader(settings):
    settings.EXTRACTION_PUBLISH_THRESHOLD = 0.8
    coverage.rebuild()
    ExtractedObservationFactory(confidence=0.85)
    assert coverage.held_back() == 0
    settings.EXTRACTION_PUBLISH_THRESHOLD = 0.9
    assert not coverage.up_to_date()
    assert coverage.held_back() == 1
    assert coverage.counts() == ({}, {})


def test_a_write_rule_after_a_new_threshold_leaves_the_counting_to_the_reader(settings):
    settings.EXTRACTION_PUBLISH_THRESHOLD = 0.8
    coverage.rebuild()
    ExtractedObservationFactory(confidence=0.85)
    settings.EXTRACTION_PUBLISH_THRESHOLD = 0.9
    review.enter(ObservationFactory.build(), reviewer())
    assert not coverage.up_to_date()
    assert (*coverage.counts(), coverage.held_back()) == counted_from_the_figures()
    assert coverage.held_back() == 1


def test_an_indicator_moved_to_another_theme_is_counted_under_its_new_theme(client):
    ObservationFactory(indicator_id="fd_contract_rate")
    assert "family_doctor" in coverage.counts()[1]
    client.force_login(make_user("admin", superuser=True))
    url = reverse("admin:dashboard_indicator_change", args=["fd_contract_rate"])
    assert post_admin_change(client, url, theme="outcomes").status_code == 302
    assert Indicator.objects.get(pk="fd_contract_rate").theme_id == "outcomes"
    assert set(coverage.counts()[1]) == {"outcomes"}


def test_reading_the_counts_takes_two_small_queries_and_counts_no_figure():
    ObservationFactory()
    with CaptureQueriesContext(connection) as captured:
        coverage.counts()
    assert len(captured) == 2
    for query in captured:
        # The data version (the newest id, from the primary key's index) and whether synthetic
        # figures exist (from a partial index): no other read of the figures.
        sql = query["sql"].replace("max(id) FROM dashboard_observation", "")
        sql = sql.replace("SELECT 1 FROM dashboard_observation WHERE synthetic", "")
        assert "FROM dashboard_observation" not in sql


def test_counting_again_renews_the_version_the_pages_are_cached_on():
    before = coverage.reference_version()
    Observation.objects.create(
        region_id="350582", indicator_id="fd_contract_rate", year=2024, value=Decimal("70")
    )
    coverage.counts()  # counted again: the change was made past the write rules
    assert coverage.reference_version() != before
