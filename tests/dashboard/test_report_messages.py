import pytest
from django.utils import translation

from dashboard.report_messages import localise


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def test_an_ambiguous_place_warning_is_shown_in_chinese_with_its_codes():
    message = localise("ambiguous region name 朝阳 (110105, 220104): not attributed")
    assert "朝阳" in message and "110105, 220104" in message
    assert "ambiguous" not in message


def test_a_report_without_a_known_region_is_explained_in_chinese():
    assert (
        localise("no known region named in the report")
        == "报告中没有提到已知地区，未存储任何数据。"
    )


def test_a_dropped_figure_keeps_its_indicator_value_and_reason():
    message = localise("dropped fd_contract_rate 120 (the value is share above 100)")
    assert "fd_contract_rate" in message and "120" in message


def test_a_message_of_another_form_is_shown_as_it_is():
    assert localise("something new") == "something new"
