"""The loader: what a report leaves in the database, whichever way it arrives."""

import pytest

from dashboard.models import Report, ReportStatus
from ingest.load import ingest_bytes

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
