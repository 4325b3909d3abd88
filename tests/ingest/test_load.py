"""The loader: what a report leaves in the database, whichever way it arrives."""

import pytest

from dashboard.models import Observation, Report, ReportStatus
from ingest.load import Outcome, ingest_bytes
from tests.ingest.documents import pdf_report
from tests.ingest.helpers import make_storing_fail

pytestmark = pytest.mark.django_db

REPORT = (
    "南平市卫生健康委员会2024年工作总结\n\n2024年，南平市家庭医生签约率达120%，托位数达到1200个。\n"
)


def test_a_figure_breaking_a_rule_is_dropped_and_the_report_says_which_and_why():
    outcome = ingest_bytes(REPORT.encode(), "nanping.txt")
    report = Report.objects.get(pk=outcome.report_id)
    assert report.status == ReportStatus.WARNING
    assert report.warnings == [
        {
            "code": "dropped_figure",
            "params": {
                "indicator": "fd_contract_rate",
                "problems": ["share_above_100"],
                "value": "120",
            },
        }
    ]
    assert list(report.observations.values_list("indicator", flat=True)) == ["childcare_places"]


FILLER = [f"第{n}项工作。" + "医共体建设持续推进，服务能力稳步提升。" * 6 for n in range(1, 40)]


def test_a_pdf_report_remembers_where_its_pages_start_and_each_figure_its_page():
    figure = "2024年，南平市家庭医生签约率达到66.5%，托位数达到1200个。"
    raw = pdf_report(["南平市卫生健康委员会2024年工作总结", *FILLER, figure])
    outcome = ingest_bytes(raw, "nanping.pdf")
    assert outcome.status == Outcome.NEW, outcome.error
    report = Report.objects.get(pk=outcome.report_id)
    assert len(report.page_starts) >= 2 and report.page_starts[0] == 0
    assert figure in report.text[report.page_starts[-1] :]
    for observation in report.observations.all():
        assert report.page_of(observation.span_start) == len(report.page_starts)
    # A page starts at its first character, never at the line break before it.
    assert all(report.text[start] not in "\n " for start in report.page_starts)


def test_a_text_report_has_no_pages():
    outcome = ingest_bytes(REPORT.encode(), "nanping.txt")
    report = Report.objects.get(pk=outcome.report_id)
    assert report.page_starts == [] and report.page_of(10) is None


def test_a_count_too_large_for_the_database_is_dropped_with_a_warning_and_the_report_kept():
    text = "南平市2024年工作总结\n\n2024年，南平市上转患者99999999999999999999人次，托位数达到1200个。\n"
    outcome = ingest_bytes(text.encode(), "huge.txt")
    assert outcome.status == Outcome.NEW
    report = Report.objects.get(pk=outcome.report_id)
    assert report.warnings == [
        {
            "code": "dropped_figure",
            "params": {
                "indicator": "upward_referrals",
                "problems": ["too_large"],
                "value": "99999999999999999999",
            },
        }
    ]
    assert list(report.observations.values_list("indicator", flat=True)) == ["childcare_places"]


def test_a_count_in_yi_too_large_for_the_database_is_dropped_with_a_warning():
    text = "南平市2024年工作总结\n\n2024年，南平市上转患者9999999999999亿人次。\n"
    outcome = ingest_bytes(text.encode(), "yi.txt")
    assert [w.param("problems") for w in outcome.warnings] == [("too_large",)]
    assert not Observation.objects.exists()


def test_a_negative_share_is_dropped_with_a_warning():
    text = "南平市2024年工作总结\n\n2024年，南平市家庭医生签约率为−12.5%。\n"
    outcome = ingest_bytes(text.encode(), "minus.txt")
    assert [(w.param("value"), w.param("problems")) for w in outcome.warnings] == [
        ("-12.5", ("negative",))
    ]
    assert not Observation.objects.exists()


def test_a_report_year_outside_1949_2100_is_stored_as_unknown_with_a_warning():
    text = "南平市卫生健康工作\n发布时间：1913-05-01\n南平市家庭医生签约率达60%。\n"
    outcome = ingest_bytes(text.encode(), "old.txt")
    report = Report.objects.get(pk=outcome.report_id)
    assert report.year is None
    assert {"code": "report_year_out_of_range", "params": {"year": "1913"}} in report.warnings


def test_a_failure_while_storing_rolls_back_that_report_and_names_the_file_and_reason():
    make_storing_fail("doomed.txt", "No space left on device")
    outcome = ingest_bytes(REPORT.encode(), "doomed.txt")
    assert outcome.status == Outcome.FAILED
    assert outcome.error == "doomed.txt: could not be stored (No space left on device)"
    assert not Report.objects.exists()
    assert ingest_bytes(REPORT.encode(), "fine.txt").status == Outcome.NEW


def test_a_report_larger_than_the_size_limit_is_refused_before_reading_it(settings):
    settings.REPORT_MAX_BYTES = 100
    outcome = ingest_bytes(REPORT.encode() * 2, "long.txt")
    assert outcome.status == Outcome.FAILED
    assert outcome.error == "long.txt: the file is larger than the limit of 100 bytes"
    assert not Report.objects.exists()
