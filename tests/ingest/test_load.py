"""The loader: what a report leaves in the database, whichever way it arrives."""

import pytest

from dashboard.models import Report, ReportStatus
from ingest.load import Outcome, ingest_bytes
from tests.ingest.documents import pdf_report

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
