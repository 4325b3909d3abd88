"""Importing observations: a CSV or Excel file → checked rows, or the errors naming row and column.

In: a `.csv` (UTF-8 with or without a BOM, or GB18030/GBK as Excel on Chinese Windows saves it;
comma- or tab-separated) or an `.xlsx` workbook (its first sheet), whose first line names the
columns by the export's codes (`region_code`, …) or in Chinese (地区代码, …). Out: `ImportRow`s
ready for `dashboard.review.ImportBatch`, and for every bad cell a `RowError` whose message
names the row (as Excel numbers it: the header is row 1) and the column (as the file names it).
Refuses, with an `ImportFileError`: other file types, bytes in no known encoding, and a first
line without the four required columns. Text cells that the export prefixed with ' so that a
spreadsheet does not run them as formulas are read back unprefixed, so export → import is exact.

The reference tables are read once per import (one query each), so checking costs no query per
row; the duplicate rule and the writing are `ImportBatch`'s, in the database. `run_import` ties
the two together for the `import_observations` command, which the admin runs outside the request.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.utils.translation import gettext as _

from dashboard.csv_export import column_of_header
from dashboard.formatting import from_spreadsheet_safe
from dashboard.models import (
    Indicator,
    Kind,
    Observation,
    Qualifier,
    Region,
    Report,
    Status,
    figure_errors,
)
from dashboard.selectors import EXPORT_COLUMNS

IMPORT_SUFFIXES = (".csv", ".xlsx")
REQUIRED = ("region_code", "indicator_code", "year", "value")
# The Chinese name of each column, as the template writes it; the import reads either.
CHINESE_HEADERS = {
    "region_code": "地区代码",
    "region_name": "地区名称",
    "region_level": "地区层级",
    "indicator_code": "指标代码",
    "indicator_name": "指标名称",
    "year": "年份",
    "value": "数值",
    "unit": "单位",
    "qualifier": "限定",
    "kind": "类型",
    "status": "审核状态",
    "document": "来源",
    "quote": "原文",
}
_OTHER_NAMES = {
    "行政区划代码": "region_code",
    "区划代码": "region_code",
    "地区": "region_name",
    "层级": "region_level",
    "指标": "indicator_name",
    "年度": "year",
    "值": "value",
    "数据": "value",
    "限定词": "qualifier",
    "数值类型": "kind",
    "状态": "status",
    "来源文件": "document",
    "出处": "document",
    "原句": "quote",
    "引文": "quote",
}
_HEADERS = {
    **{column: column for column in EXPORT_COLUMNS},
    **{name: column for column, name in CHINESE_HEADERS.items()},
    **_OTHER_NAMES,
}
_QUALIFIERS = {
    **{q.value: q.value for q in Qualifier},
    **{q.label: q.value for q in Qualifier},
    "": Qualifier.EQ,
    "=": Qualifier.EQ,
    "等于": Qualifier.EQ,
    ">=": Qualifier.GTE,
    "以上": Qualifier.GTE,
    "不低于": Qualifier.GTE,
    "<=": Qualifier.LTE,
    "以下": Qualifier.LTE,
    "不超过": Qualifier.LTE,
    "~": Qualifier.APPROX,
    "约": Qualifier.APPROX,
    "左右": Qualifier.APPROX,
}
_KINDS = {"": Kind.ACTUAL, "actual": Kind.ACTUAL, "实际": Kind.ACTUAL, "实际值": Kind.ACTUAL}
_KINDS.update({"target": Kind.TARGET, "目标": Kind.TARGET, "目标值": Kind.TARGET})
# A figure without a review status comes from a person, like a manual entry.
_STATUSES = {"": Status.VERIFIED, **{s.value: s.value for s in Status}}
_STATUSES.update(
    {"已抽取": Status.EXTRACTED, "已提取": Status.EXTRACTED, "已核实": Status.VERIFIED}
)
_STATUSES["已驳回"] = Status.REJECTED
_DIGITS = DecimalValidator(
    Observation._meta.get_field("value").max_digits,
    Observation._meta.get_field("value").decimal_places,
)
_SOURCE_CHARS = Observation._meta.get_field("source").max_length
# Enough of a CSV to tell UTF-8 from GB18030.
_SNIFF_BYTES = 1 << 16


class ImportFileError(ValueError):
    """The file as a whole cannot be imported; the message says why, in the reader's language."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)d, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class ImportRow:
    line: int
    region_id: str
    indicator_id: str
    year: int
    value: Decimal
    qualifier: str
    kind: str
    status: str
    report_id: int | None
    source: str
    quote: str


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list]]  # (row number as Excel shows it, cells)
    estimated_rows: int | None = None


@dataclass
class ImportResult:
    rows: int = 0
    new: int = 0
    duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    written: bool = False


# -- reading ------------------------------------------------------------------------------------


def open_table(path: Path, filename: str | None = None) -> Table:
    """The header and rows of a CSV or .xlsx file; raises `ImportFileError`."""
    name = filename or path.name
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_table(path, name)
    if suffix == ".csv":
        return _csv_table(path, name)
    raise ImportFileError(
        _("%(name)s: only .csv and .xlsx files can be imported.") % {"name": name}
    )


def _csv_table(path: Path, name: str) -> Table:
    with open(path, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    encoding = _encoding(head, name)
    handle = open(path, encoding=encoding, newline="")  # noqa: SIM115 (closed by the reader)
    try:
        first = handle.readline()
    except UnicodeDecodeError:
        handle.close()
        raise ImportFileError(_undecodable(name)) from None
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    headers = next(csv.reader([first], delimiter=delimiter), [])
    with open(path, "rb") as raw:
        estimated = sum(chunk.count(b"\n") for chunk in iter(lambda: raw.read(1 << 20), b""))

    def rows():
        try:
            reader = csv.reader(handle, delimiter=delimiter)
            number = 1
            for number, cells in enumerate(reader, start=2):
                if any(cells):
                    yield number, cells
        except UnicodeDecodeError:
            raise ImportFileError(
                _("%(name)s: the text after row %(row)d is not in %(encoding)s.")
                % {"name": name, "row": number, "encoding": encoding}
            ) from None
        finally:
            handle.close()

    return Table(headers, rows(), max(0, estimated - 1))


def _encoding(head: bytes, name: str) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    # The sample may end inside a character; only a complete character can be wrong.
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return encoding
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_undecodable(name))


def _undecodable(name: str) -> str:
    return _(
        "%(name)s: the text is neither UTF-8 nor GB18030/GBK; save it from Excel as "
        "“CSV UTF-8” or as an .xlsx workbook."
    ) % {"name": name}


def _xlsx_table(path: Path, name: str) -> Table:
    # calamine (Rust) reads a sheet about 17 times faster than openpyxl, which writes the template.
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        lines = sheet.iter_rows()
        headers = ["" if cell is None else str(cell) for cell in next(lines, [])]
    except CalamineError:
        raise ImportFileError(
            _("%(name)s cannot be read as an Excel workbook (.xlsx).") % {"name": name}
        ) from None

    def rows():
        for number, cells in enumerate(lines, start=2):
            if any(cell not in (None, "") for cell in cells):
                yield number, list(cells)

    return Table(headers, rows(), max(0, sheet.height - 1))


# -- checking -----------------------------------------------------------------------------------


# Columns holding numbers: the export writes them as they are, never prefixed like text.
_NUMBERS = {"year", "value"}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _header_key(header) -> str:
    return unicodedata.normalize("NFKC", _text(header)).lstrip("\ufeff").strip().lower()


class RowChecker:
    """Checks rows of one file against the reference tables, read once."""

    def __init__(self, headers: list):
        self.headers = [_text(h).lstrip("\ufeff") for h in headers]
        self.index: dict[str, int] = {}
        # A CSV downloaded in Chinese names its columns by the labels of `csv_export`.
        labels = {_header_key(label): column for label, column in column_of_header().items()}
        for position, header in enumerate(self.headers):
            column = (
                _HEADERS.get(_header_key(header))
                or _HEADERS.get(header)
                or labels.get(_header_key(header))
            )
            if column and column not in self.index:
                self.index[column] = position
        missing = [column for column in REQUIRED if column not in self.index]
        if missing:
            raise ImportFileError(
                _(
                    "The file has no column %(columns)s; the first line must name the columns, "
                    "by code (%(codes)s) or in Chinese (%(chinese)s)."
                )
                % {
                    "columns": ", ".join(f"{c} ({CHINESE_HEADERS[c]})" for c in missing),
                    "codes": ", ".join(EXPORT_COLUMNS),
                    "chinese": "、".join(CHINESE_HEADERS.values()),
                }
            )
        self.regions = {
            code: (name, set(aliases))
            for code, name, aliases in Region.objects.values_list("code", "name", "aliases")
        }
        self.indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
        self.units = {
            code: unicodedata.normalize("NFKC", indicator.unit)
            for code, indicator in self.indicators.items()
        }
        # The newest report of each file name.
        self.reports: dict[str, int] = {}
        for filename, pk in Report.objects.order_by("created_at", "pk").values_list(
            "original_filename", "pk"
        ):
            self.reports[filename] = pk

    def column_name(self, column: str) -> str:
        position = self.index.get(column)
        return self.headers[position] if position is not None else column

    def check(self, number: int, cells: list) -> tuple[ImportRow | None, list[RowError]]:
        errors: list[RowError] = []

        def cell(column: str) -> str:
            position = self.index.get(column)
            if position is None or position >= len(cells):
                return ""
            text = _text(cells[position])
            # The export prefixes text a spreadsheet would run as a formula with '; read it back.
            return text if column in _NUMBERS else from_spreadsheet_safe(text)

        def fail(column: str, message: str) -> None:
            errors.append(RowError(number, self.column_name(column), message))

        code = cell("region_code")
        region = self.regions.get(code)
        if region is None:
            fail("region_code", _("There is no region with the code “%(code)s”.") % {"code": code})
        else:
            name = cell("region_name")
            if name and name != region[0] and name not in region[1]:
                fail(
                    "region_name",
                    _("Region %(code)s is %(name)s, not %(given)s.")
                    % {"code": code, "name": region[0], "given": name},
                )

        indicator_code = cell("indicator_code")
        indicator = self.indicators.get(indicator_code)
        if indicator is None:
            fail(
                "indicator_code",
                _("There is no indicator with the code “%(code)s”.") % {"code": indicator_code},
            )
        else:
            name = cell("indicator_name")
            if name and name not in (indicator.name_zh, indicator.name_en):
                fail(
                    "indicator_name",
                    _("Indicator %(code)s is %(name)s, not %(given)s.")
                    % {"code": indicator_code, "name": indicator.name_zh, "given": name},
                )
            unit = cell("unit")
            if unit and unicodedata.normalize("NFKC", unit) != self.units[indicator_code]:
                fail(
                    "unit",
                    _("The unit of %(name)s is “%(expected)s”, not “%(given)s”.")
                    % {"name": indicator.name_zh, "expected": indicator.unit, "given": unit},
                )

        year_text = cell("year")
        try:
            year = int(year_text.removesuffix("年"))
        except ValueError:
            year = None
            fail("year", _("“%(value)s” is not a year.") % {"value": year_text})

        value_text = cell("value").replace(",", "")
        try:
            value = Decimal(value_text)
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            value = None
            fail("value", _("“%(value)s” is not a number.") % {"value": value_text})
        if value is not None:
            try:
                _DIGITS(value)
            except ValidationError as error:
                fail("value", error.messages[0])
                value = None
        for column, message in figure_errors(year, value, indicator).items():
            fail(column, message)

        qualifier = _QUALIFIERS.get(cell("qualifier"))
        if qualifier is None:
            fail(
                "qualifier",
                _("“%(value)s” is not one of eq, gte, lte, approx.") % {"value": cell("qualifier")},
            )
        kind = _KINDS.get(cell("kind"))
        if kind is None:
            fail("kind", _("“%(value)s” is not one of actual, target.") % {"value": cell("kind")})
        status = _STATUSES.get(cell("status"))
        if status is None:
            fail(
                "status",
                _("“%(value)s” is not one of extracted, verified, rejected.")
                % {"value": cell("status")},
            )
        if errors:
            return None, errors
        document = cell("document")
        report_id = self.reports.get(document) if document else None
        return (
            ImportRow(
                line=number,
                region_id=code,
                indicator_id=indicator_code,
                year=year,
                value=value,
                qualifier=qualifier,
                kind=kind,
                status=status,
                report_id=report_id,
                source="" if report_id else document[:_SOURCE_CHARS],
                quote=cell("quote"),
            ),
            [],
        )


# -- the whole import ---------------------------------------------------------------------------

# Errors kept for display; the count says how many there were in all.
MAX_ERRORS = 200
# Rows checked between two progress reports (and two COPY statements).
CHUNK = 5000


def run_import(
    path: Path,
    *,
    filename: str | None = None,
    user=None,
    write: bool = True,
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportResult:
    """Check every row of the file; when none is wrong and `write` is set, store the new ones
    (all or nothing). Raises `ImportFileError` for a file that cannot be read at all."""
    from dashboard.review import ImportBatch

    table = open_table(path, filename)
    checker = RowChecker(table.headers)
    result = ImportResult()
    with ImportBatch(user) as batch:
        chunk: list[ImportRow] = []
        for number, cells in table.rows:
            row, errors = checker.check(number, cells)
            result.rows += 1
            if errors:
                result.error_count += len(errors)
                room = MAX_ERRORS - len(result.errors)
                result.errors.extend(errors[: max(0, room)])
            elif not result.error_count:
                chunk.append(row)
            if result.rows % CHUNK == 0:
                batch.add(chunk)
                chunk = []
                if progress:
                    progress(result.rows, table.estimated_rows)
        batch.add(chunk)
        if progress:
            progress(result.rows, result.rows)
        if result.error_count:
            return result
        if write:
            result.new = batch.write()
            result.written = True
        else:
            result.new = batch.count_new()
        result.duplicates = result.rows - result.new
    return result


# -- the template -------------------------------------------------------------------------------

EXAMPLE = {
    "region_code": "350581",
    "region_name": "石狮市",
    "region_level": "county",
    "indicator_code": "fd_contract_rate",
    "indicator_name": "家庭医生签约率",
    "year": 2023,
    "value": "66.5",
    "unit": "%",
    "qualifier": "eq",
    "kind": "actual",
    "status": "verified",
    "document": "《石狮市卫生健康统计年鉴2024》",
    "quote": "",
}


def template_csv() -> bytes:
    """The columns in Chinese and one example row, UTF-8 with a BOM for Excel."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CHINESE_HEADERS.values())
    writer.writerow(EXAMPLE[column] for column in CHINESE_HEADERS)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def units_csv() -> bytes:
    """Every indicator with its code, name, unit and value type: the allowed units."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(_unit_rows())
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """A workbook: the sheet to fill (columns and one example row) and the allowed units."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("observations")
    sheet.append(list(CHINESE_HEADERS.values()))
    sheet.append([EXAMPLE[column] for column in CHINESE_HEADERS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    units = workbook.create_sheet(_("indicators and units"))
    for row in _unit_rows():
        units.append(row)
    for cell in units[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _unit_rows() -> list[list[str]]:
    rows = [["指标代码", "指标名称", "单位", "取值类型", "主题"]]
    for indicator in Indicator.objects.select_related("theme").order_by(
        "theme__position", "position"
    ):
        rows.append(
            [
                indicator.code,
                indicator.name_zh,
                indicator.unit,
                indicator.get_value_type_display(),
                indicator.theme.name_zh,
            ]
        )
    return rows
