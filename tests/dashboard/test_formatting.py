"""How a figure reads on pages, in charts, in the admin and in CSV files."""

from decimal import Decimal

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from dashboard import formatting
from dashboard.formatting import (
    exact_quantity,
    format_number,
    format_quantity,
    format_value,
    from_spreadsheet_safe,
    spreadsheet_safe,
    spreadsheet_safe_cells,
    target_text,
)
from dashboard.models import Indicator


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_file_value_has_no_trailing_zeros_separators_or_exponent():
    assert format_value(Decimal("67.5900")) == "67.59"
    assert format_value(Decimal("1913.0000")) == "1913"
    assert format_value(Decimal("1E+5")) == "100000"


def test_a_number_for_reading_has_thousands_separators():
    assert format_number(Decimal("136900.0000")) == "136,900"
    assert format_number(Decimal("4.0100")) == "4.01"
    assert format_number(None) == ""


def test_a_share_sits_against_its_percent_sign_and_a_count_keeps_a_thin_space():
    assert format_quantity(Decimal("67.59"), "%") == "67.59%"
    assert format_quantity(Decimal("1913"), "人次", "gte") == "≥\u20091,913\u2009人次"
    assert format_quantity(Decimal("4.01"), "个", "approx") == "≈\u20094.01\u2009个"


def test_a_national_target_reads_as_a_bound_and_its_year():
    rate = Indicator(unit="%", direction="up", target_value=Decimal("75"), target_year=2035)
    stay = Indicator(unit="天", direction="down", target_value=Decimal("8"), target_year=2025)
    assert target_text(rate) == "≥ 75% by 2035"
    assert target_text(stay) == "≤ 8\u2009天 by 2025"
    assert target_text(Indicator(unit="%", direction="up")) == ""


@pytest.mark.parametrize(
    ("name", "key"),
    [("dashboard:report", 12), ("dashboard:observation", 7), ("dashboard:region", "350581")],
)
def test_a_page_url_is_the_url_reverse_gives_also_under_a_script_prefix(name, key):
    assert formatting.page_url(name, key) == reverse(name, args=[key])
    set_script_prefix("/dashboard/")
    try:
        assert formatting.page_url(name, key) == reverse(name, args=[key])
        assert formatting.page_url(name, key).startswith("/dashboard/")
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize(
    "arg", ["石狮 <b>\"&'", mark_safe("<b>safe</b>"), gettext_lazy("verified"), 66, None]
)
def test_quick_html_writes_what_format_html_writes(arg):
    template = '<a title="{}">{}</a>'
    assert formatting.quick_html(template, arg, arg) == format_html(template, arg, arg)


@pytest.mark.parametrize("cell", ["=1+1", "+86 595", "-5%的增长", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_prefixed_with_a_quote(cell):
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["石狮市", "nanping_2024.txt", "'quoted'", "", "1+1"])
def test_a_cell_no_spreadsheet_would_run_is_left_as_it_is(cell):
    assert spreadsheet_safe(cell) == cell


def test_a_rows_text_cells_are_guarded_and_its_numbers_stay_numbers():
    row = ("=HYPERLINK(x)", Decimal("-5"), -5, None, "石狮市", "-5%的增长")
    assert spreadsheet_safe_cells(row) == [
        "'=HYPERLINK(x)",
        Decimal("-5"),
        -5,
        None,
        "石狮市",
        "'-5%的增长",
    ]


@pytest.mark.parametrize("cell", ["=1+1", "'=1+1", "''-5", "'plain", "plain", "-", "'"])
def test_reading_a_prefixed_cell_back_gives_the_original(cell):
    assert from_spreadsheet_safe(spreadsheet_safe(cell)) == cell


def test_in_chinese_large_numbers_are_written_in_wan_and_yi():
    with translation.override("zh-hans"):
        assert format_number(Decimal("63857200")) == "6385.7万"
        assert format_number(Decimal("295000000")) == "2.95亿"
        assert format_number(Decimal("136900")) == "13.69万"
        assert format_number(Decimal("9876")) == "9876"
        assert format_number(Decimal("4.0100")) == "4.01"
        assert format_number(Decimal("99999999")) == "1亿"


def test_in_chinese_a_quantity_follows_its_unit_and_a_figure_in_wan_yuan_reads_in_yi():
    with translation.override("zh-hans"):
        assert format_quantity(Decimal("63857200"), "次") == "6385.7万次"
        assert format_quantity(Decimal("29500"), "万元") == "2.95亿元"
        assert format_quantity(Decimal("3500"), "万元") == "3500万元"
        assert format_quantity(Decimal("67.59"), "%", "gte") == "≥\u200967.59%"
        assert format_quantity(Decimal("4.01"), "个") == "4.01个"


def test_the_exact_value_stays_available_for_titles():
    assert exact_quantity(Decimal("63857200.0000"), "人次") == "63857200 人次"
    assert exact_quantity(Decimal("90"), "%", "gte") == "≥ 90%"
