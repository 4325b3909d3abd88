"""The review rules the admin, the CSV import and the ingest loader share."""

import importlib
from decimal import Decimal

import pytest
from django.db import connection

from dashboard import review
from dashboard.models import Observation, Status
from tests.dashboard.admin_support import reviewer
from tests.factories import ExtractedObservationFactory, ObservationFactory, ReportFactory

pytestmark = pytest.mark.django_db


def last_change(observation: Observation):
    return observation.history.order_by("-history_id").first()


def test_a_status_change_names_the_reviewer_and_its_reason_in_the_history():
    user = reviewer()
    observation = ObservationFactory()
    assert review.set_status([observation], Status.REJECTED, user) == 1
    change = last_change(observation)
    assert (change.status, change.history_user, change.history_change_reason) == (
        Status.REJECTED,
        user,
        review.REJECTED,
    )


def test_setting_the_status_a_figure_already_has_changes_nothing():
    observation = ObservationFactory(status=Status.VERIFIED)
    before = observation.history.count()
    assert review.set_status([observation], Status.VERIFIED, reviewer()) == 0
    assert observation.history.count() == before


def test_picking_a_value_verifies_it_and_rejects_only_the_values_that_disagree():
    user = reviewer()
    right = ObservationFactory()
    wrong = ObservationFactory(value=Decimal("68"))
    agreeing = ObservationFactory()
    target = ObservationFactory(value=Decimal("90"), kind="target")
    assert review.pick([right], user) == 1
    for observation in (right, wrong, agreeing, target):
        observation.refresh_from_db()
    assert (right.status, wrong.status) == (Status.VERIFIED, Status.REJECTED)
    assert (agreeing.status, target.status) == (Status.EXTRACTED, Status.EXTRACTED)
    assert last_change(wrong).history_change_reason == review.OTHER_VALUE_PICKED


def test_picking_two_values_of_one_cell_is_refused_and_changes_nothing():
    first, second = ObservationFactory(), ObservationFactory(value=Decimal("68"))
    with pytest.raises(review.TwoPicksInOneCell):
        review.pick([first, second], reviewer())
    assert set(Observation.objects.values_list("status", flat=True)) == {Status.EXTRACTED}


def test_saving_an_extracted_figure_without_choosing_a_status_verifies_it():
    observation = ExtractedObservationFactory()
    observation.value = Decimal("67.5")
    review.save_correction(
        observation, reviewer(), status_before=Status.EXTRACTED, status_chosen=False
    )
    observation.refresh_from_db()
    assert observation.status == Status.VERIFIED
    assert last_change(observation).history_change_reason == review.REVIEWED


def test_a_status_the_reviewer_chose_is_kept():
    observation = ExtractedObservationFactory()
    observation.status = Status.REJECTED
    review.save_correction(
        observation, reviewer(), status_before=Status.EXTRACTED, status_chosen=True
    )
    observation.refresh_from_db()
    assert observation.status == Status.REJECTED


def test_a_figure_entered_by_hand_is_verified_and_names_its_author():
    user = reviewer()
    observation = ObservationFactory.build(source="《泉州统计年鉴2024》")
    review.enter(observation, user)
    observation.refresh_from_db()
    assert (observation.status, observation.created_by, observation.updated_by) == (
        Status.VERIFIED,
        user,
        user,
    )
    assert last_change(observation).history_change_reason == review.MANUAL_ENTRY


def test_extracted_figures_start_their_history_at_the_extraction():
    report = ReportFactory()
    review.store_extracted([ObservationFactory.build(report=report)], None)
    (stored,) = report.observations.all()
    assert last_change(stored).history_change_reason == review.EXTRACTED


def test_extracting_again_replaces_only_the_figures_no_person_touched():
    report = ReportFactory()
    untouched = ObservationFactory(report=report)
    edited = ObservationFactory(report=report, updated_by=reviewer())
    verified = ObservationFactory(report=report, status=Status.VERIFIED)
    review.discard_unreviewed(report)
    assert set(report.observations.all()) == {edited, verified}
    assert not Observation.objects.filter(pk=untouched.pk).exists()


# A report's details: what `--reprocess` may change (those no person edited).


def test_a_report_the_ingest_stored_has_no_details_edited_by_a_person():
    report = ReportFactory.build(title="石狮市卫生健康工作总结", year=2023)
    review.store_extracted_report(report, _details(report), user=None)
    assert review.edited_report_details(report) == set()


def test_an_edit_of_a_report_counts_only_the_fields_it_changed():
    report = ReportFactory.build(title="石狮市卫生健康工作总结", year=2023)
    review.store_extracted_report(report, _details(report), user=None)
    report.title = "石狮市2023年卫生健康工作总结"
    report.year = 2022
    report.save()
    assert review.edited_report_details(report) == {"title", "year"}


def test_extracting_again_keeps_an_edited_field_and_says_so():
    report = ReportFactory.build(title="旧标题", publisher="石狮市卫健局")
    review.store_extracted_report(report, _details(report), user=None)
    report.title = "审核后的标题"
    report.save()
    details = {**_details(report), "title": "新规则的标题", "publisher": "石狮市卫生健康局"}
    assert review.store_extracted_report(report, details, user=None) == {"title"}
    report.refresh_from_db()
    assert (report.title, report.publisher) == ("审核后的标题", "石狮市卫生健康局")


def test_a_report_stored_before_history_gets_a_starting_record_that_is_no_edit():
    from django.apps import apps

    migration = importlib.import_module("dashboard.migrations.0006_report_history")
    report = ReportFactory(title="旧标题")
    report.history.all().delete()
    with connection.schema_editor() as editor:
        migration.record_reports_as_stored(apps, editor)
    assert review.edited_report_details(report) == set()
    assert report.history.get().history_change_reason == review.HISTORY_STARTS
    report.publisher = "石狮市卫健局"
    report.save()
    assert review.edited_report_details(report) == {"publisher"}


def test_an_edit_with_no_record_before_it_may_have_changed_any_detail():
    report = ReportFactory()
    assert review.edited_report_details(report) == {field for field, _ in review.REPORT_DETAILS}


def _details(report) -> dict:
    return {attribute: getattr(report, attribute) for _, attribute in review.REPORT_DETAILS}


def extracted_report(name: str, user) -> tuple:
    """A report as the ingest builds it, with two figures, before it is stored."""
    from dashboard.models import Report, ReportStatus

    report = Report(
        sha256=name * 64,
        original_filename=f"{name}.txt",
        title="石狮市卫健局2023年工作总结",
        publisher="石狮市卫生健康局",
        region_id="350581",
        year=2023,
        text="2023年，石狮市家庭医生签约率达66%，重点人群签约率76.45%。",
        page_starts=[0],
        status=ReportStatus.WARNING,
        warnings=[{"code": "dropped_figure", "indicator": "x"}],
    )
    figures = [
        Observation(
            report=report,
            region_id="350581",
            indicator_id=code,
            year=2023,
            value=Decimal(value),
            kind="actual",
            status=Status.EXTRACTED,
            quote=quote,
            span_start=start,
            span_end=start + len(quote),
            confidence=confidence,
        )
        for code, value, quote, start, confidence in (
            ("fd_contract_rate", "66", "石狮市家庭医生签约率达66%", 6, 0.97),
            ("fd_key_population_contract_rate", "76.45", "重点人群签约率76.45%", 22, 0.612),
        )
    ]
    return report, figures


def stored_rows(report) -> tuple:
    from dashboard.models import Report

    skip = {"id", "sha256", "original_filename", "report", "created_at", "updated_at"}
    skip |= {"history_id", "history_date"}

    def fields(row) -> dict:
        return {
            f.attname: getattr(row, f.attname)
            for f in row._meta.concrete_fields
            if f.name not in skip
        }

    stored = Report.objects.get(pk=report.pk)
    history = [fields(h) for h in stored.history.all()]
    figures = Observation.objects.filter(report=stored).order_by("span_start")
    figure_history = [
        fields(h) for h in Observation.history.filter(report_id=stored.pk).order_by("span_start")
    ]
    return fields(stored), history, [fields(f) for f in figures], figure_history


def test_a_new_report_is_stored_with_the_rows_and_history_the_orm_writes():
    user = reviewer()
    by_orm, figures = extracted_report("a", user)
    details = {attribute: getattr(by_orm, attribute) for _, attribute in review.REPORT_DETAILS}
    review.store_extracted_report(by_orm, details, user)
    for figure in figures:
        figure.report = by_orm
    review.store_extracted(figures, user)

    at_once, figures = extracted_report("b", user)
    assert review.store_new_report(at_once, figures, user) is True
    assert at_once.pk is not None and at_once.created_at is not None

    assert stored_rows(at_once) == stored_rows(by_orm)
    stored, history, stored_figures, figure_history = stored_rows(at_once)
    assert (stored["title"], stored["page_starts"], stored["warnings"]) == (
        "石狮市卫健局2023年工作总结",
        [0],
        [{"code": "dropped_figure", "indicator": "x"}],
    )
    assert [h["history_type"] for h in history + figure_history] == ["+", "+", "+"]
    assert {h["history_change_reason"] for h in history + figure_history} == {review.EXTRACTED}
    assert [f["created_by_id"] for f in stored_figures] == [user.pk, user.pk]


def test_a_new_reports_figures_keep_every_character_and_digit_the_extraction_gave():
    """Quotes with quotation marks, a backslash and a line break, a value with all its decimals
    and a confidence of many digits are stored as they were given."""
    user = reviewer()
    report, figures = extracted_report("c", user)
    figures[0].quote = '签约率"达"66%\\\n（全市）😀'
    figures[0].value = Decimal("1234567890123456.1234")
    figures[1].confidence = 0.1 + 0.2
    figures[1].qualifier = "gte"
    assert review.store_new_report(report, figures, user) is True
    stored = list(Observation.objects.filter(report=report).order_by("span_start"))
    assert stored[0].quote == '签约率"达"66%\\\n（全市）😀'
    assert stored[0].value == Decimal("1234567890123456.1234")
    assert stored[1].confidence == 0.1 + 0.2
    assert stored[1].qualifier == "gte"


def test_a_new_report_whose_text_is_stored_already_writes_nothing():
    user = reviewer()
    first, figures = extracted_report("a", user)
    assert review.store_new_report(first, figures, user) is True
    again, figures = extracted_report("a", user)
    assert review.store_new_report(again, figures, user) is False
    assert again.pk is None
    assert Observation.objects.count() == 2
    assert Observation.history.count() == 2
