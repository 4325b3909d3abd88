import csv
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dashboard.models import Observation, Report, Status

pytestmark = pytest.mark.django_db

COLUMNS = (
    "region_code,region_name,region_level,indicator_code,indicator_name,year,value,unit,"
    "qualifier,kind,status,document,quote"
)


@pytest.fixture
def observations():
    report = Report.objects.create(
        original_filename="nanping_2024.txt", sha256="a" * 64, text="…", year=2024
    )
    return [
        Observation.objects.create(
            region_id="350700",
            indicator_id="county_inpatient_share",
            year=2024,
            value=Decimal("67.59"),
            report=report,
            quote="县域内住院量占比提升至67.59%",
        ),
        Observation.objects.create(
            region_id="350721",
            indicator_id="childcare_places",
            year=2023,
            value=Decimal("136900"),
            qualifier="approx",
            status=Status.VERIFIED,
            source="2023年南平市统计年鉴",
        ),
        Observation.objects.create(
            region_id="140121",
            indicator_id="fd_contract_rate",
            year=2024,
            value=Decimal("78.45"),
            status=Status.REJECTED,
        ),
    ]


def export(*args: str) -> str:
    out = StringIO()
    call_command("export_observations", *args, stdout=out)
    return out.getvalue()


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(StringIO(text.removeprefix("\ufeff"))))


def test_the_export_starts_with_a_bom_and_the_documented_columns(observations):
    text = export()
    assert text.startswith("\ufeff" + COLUMNS + "\r\n")


def test_the_export_holds_every_observation_with_its_source(observations):
    rows = rows_of(export())
    assert len(rows) == 3
    nanping = next(row for row in rows if row["region_code"] == "350700")
    assert nanping["region_name"] == "南平市"
    assert nanping["region_level"] == "prefecture"
    assert nanping["indicator_name"] == "县域内住院量占比"
    assert (nanping["value"], nanping["unit"]) == ("67.59", "%")
    assert nanping["document"] == "nanping_2024.txt"
    assert nanping["quote"] == "县域内住院量占比提升至67.59%"


def test_a_manual_entry_names_its_source_as_the_document_and_has_a_plain_number(observations):
    row = next(row for row in rows_of(export()) if row["indicator_code"] == "childcare_places")
    assert (row["document"], row["value"], row["qualifier"]) == (
        "2023年南平市统计年鉴",
        "136900",
        "approx",
    )


def test_a_region_filter_includes_the_regions_below_it(observations):
    rows = rows_of(export("--region", "350700"))
    assert sorted(row["region_code"] for row in rows) == ["350700", "350721"]


def test_a_status_filter_keeps_only_that_status(observations):
    rows = rows_of(export("--status", "rejected"))
    assert [row["region_code"] for row in rows] == ["140121"]


def test_a_theme_and_year_filter_combine(observations):
    rows = rows_of(export("--theme", "childcare", "--year", "2023"))
    assert [row["indicator_code"] for row in rows] == ["childcare_places"]


def test_the_export_writes_to_a_file(observations, tmp_path):
    target = tmp_path / "out.csv"
    call_command("export_observations", "--output", str(target), stderr=StringIO())
    assert len(rows_of(target.read_text(encoding="utf-8"))) == 3


def test_an_unknown_indicator_is_refused_by_name():
    with pytest.raises(CommandError, match="--indicator 'no_such': no such indicator"):
        export("--indicator", "no_such")


def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised_and_numbers_stay_numbers(
    observations,
):
    report = observations[0].report
    report.original_filename = "=cmd|' /C calc'!A0.txt"
    report.save()
    observations[0].quote = "-5%的增长@县域"
    observations[0].save()
    [first] = [r for r in rows_of(export()) if r["region_code"] == "350700"]
    assert first["document"] == "'=cmd|' /C calc'!A0.txt"
    assert first["quote"] == "'-5%的增长@县域"
    assert (first["year"], first["value"]) == ("2024", "67.59")
