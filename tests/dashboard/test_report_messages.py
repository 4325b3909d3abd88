import importlib

import pytest
from django.utils import translation

from dashboard.report_messages import CODES, describe
from ingest.warnings import ReportWarning, WarningCode


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def worded(code: WarningCode, **params) -> str:
    return describe(ReportWarning.of(code, **params).as_dict())


def test_every_warning_the_ingest_can_give_has_a_wording():
    assert set(WarningCode) == CODES


def test_an_ambiguous_place_warning_is_shown_in_chinese_with_its_codes():
    message = worded(WarningCode.AMBIGUOUS_REGION, name="朝阳", codes=("110105", "220104"))
    assert "朝阳" in message and "110105, 220104" in message
    assert "ambiguous" not in message


def test_a_report_without_a_known_region_is_explained_in_chinese():
    assert worded(WarningCode.NO_REGION) == "报告中没有提到已知地区，未存储任何数据。"


def test_a_dropped_figure_keeps_its_indicator_value_and_reason():
    message = worded(
        WarningCode.DROPPED_FIGURE,
        indicator="fd_contract_rate",
        value="120",
        problems=("share_above_100",),
    )
    assert "fd_contract_rate" in message and "120" in message
    assert "100" in message.split("120", 1)[1]


def test_a_figure_too_large_to_store_says_so_with_the_limit():
    message = worded(
        WarningCode.DROPPED_FIGURE,
        indicator="upward_referrals",
        value="99999999999999999999",
        problems=("too_large",),
    )
    assert message == (
        "已舍弃 upward_referrals = 99999999999999999999：数值过大，无法存储（不小于 "
        "10,000,000,000,000,000）。"
    )


def test_a_report_year_out_of_range_is_explained_with_the_year():
    assert worded(WarningCode.REPORT_YEAR_OUT_OF_RANGE, year="1913") == (
        "识别出的报告年份 1913 不在 1949 至 2100 之间；报告存储时不带年份。"
    )


def test_the_same_warning_reads_in_english_for_an_english_reader():
    with translation.override("en"):
        assert worded(WarningCode.REGION_FROM_FILENAME, name="石首市") == (
            "The report names no known region; 石首市 was taken from the file name."
        )


def test_a_warning_of_a_code_this_version_does_not_know_is_shown_as_it_is():
    assert describe({"code": "something_new", "params": {"n": "3"}}) == "something_new (n=3)"


_migration = importlib.import_module("dashboard.migrations.0004_report_warnings_as_codes")


def test_warnings_stored_as_sentences_before_codes_are_read_into_their_codes():
    stored = [
        "ambiguous region name 朝阳 (110105, 220104): not attributed",
        "no known region named in the report",
        "the report names no known region; 石首市 taken from the file name",
        "no report year found: figures without their own year are skipped",
        "dropped fd_contract_rate 120 (the value is share above 100)",
    ]
    assert [_migration._as_code(sentence) for sentence in stored] == [
        ReportWarning.of(
            WarningCode.AMBIGUOUS_REGION, name="朝阳", codes=("110105", "220104")
        ).as_dict(),
        ReportWarning.of(WarningCode.NO_REGION).as_dict(),
        ReportWarning.of(WarningCode.REGION_FROM_FILENAME, name="石首市").as_dict(),
        ReportWarning.of(WarningCode.NO_YEAR).as_dict(),
        ReportWarning.of(
            WarningCode.DROPPED_FIGURE,
            indicator="fd_contract_rate",
            value="120",
            problems=("share_above_100",),
        ).as_dict(),
    ]
    assert [_migration._as_sentence(_migration._as_code(s)) for s in stored] == stored


def test_a_stored_sentence_of_another_form_is_still_shown_as_written():
    assert describe(_migration._as_code("something new")) == "something new"
