"""Tables: tables flattened to text → one figure per indicator row and year column.

In: the normalised text and the catalog. Reports and web pages carry tables as lines of cells
separated by "|" (web pages; such rows may open and close with "|", with "|---|" rules between)
or by column gaps (tabs, which normalising turns into two spaces, or runs of spaces). A table
starts at a header row whose first cell is a label heading without figures (项目, 指标, 年份, or
empty) and whose other cells include years (2023年, 2024年度); the lines under it that keep its
separator are its rows; the short line just above it (skipping rules), when it is not a sentence,
is its caption ("表1 射阳县医共体主要运行指标对比").
Out: `Table`s — the span of every line, so that the prose stages skip them, the caption and header
spans (where a place other than the report's own may be named), and `TableFigure`s: for each row
whose label is a catalog phrasing, optionally followed by its unit in brackets
("医共体总诊疗人次(万人次)"), one figure per year column in the catalog's unit, the unit taken from
the cell itself ("89.7%"), else from a "单位" column, else from the label's bracket (万人次 → ×10000).
Refuses: change columns (增减, 同比, 变化 …) and target columns (目标, 计划 …), which are no levels;
rows whose cell count differs from the header's; labels that go on past the phrase (上转患者占比)
or name a target; cells that are not one number; counts and money written with no unit anywhere
(万 or 元 cannot be told apart); and tables whose header holds no year, such as one row per county
with indicators as columns — those lines are left to the prose stages, which pair a phrase only
with figures of its own line, so no county's cell is read as another's figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from ingest.indicators import Catalog
from ingest.records import IndicatorMention, Quantity, Span
from ingest.segment import strip_span
from ingest.values import find_quantities, to_catalog_unit

# Only lines with a cell separator right before a year can be headers; this keeps the scan linear.
_HEADER_HINT = re.compile(r"(?:\||  )\s*(?:19|20)\d{2}")
_GAP = re.compile(r"\s{2,}")
_RULE = re.compile(r"[\s|:\-—=+]*")
_YEAR_CELL = re.compile(r"((?:19|20)\d{2})\s*年?(?:度|底|末)?(?P<rest>.*)")
_CHANGE_CELL = re.compile(r"增减|增长|增幅|降幅|增量|同比|环比|变化|变动|比上年|较上年|差值|对比")
_TARGET_CELL = re.compile(r"目标|计划|预期|预计|规划|任务")
_UNIT_CELL = re.compile(r"(?:计量)?单位")
_FIGURE = re.compile(r"\d")
# A year column heading may say a little more ("2024年1-11月", "2024年(快报)"), not much.
_YEAR_CELL_CHARS = 12
_CAPTION_CHARS = 50
_HEADING_CHARS = 12
_SENTENCE_END = ("。", "！", "？", "!", "?", "；", ";", "，", ",")
# After the phrase a label may only add a measure word and its unit: "平均住院日(天)", "托位数(个)".
_LABEL_TAIL = re.compile(
    r"\s*(?:数|量|人数|次数)?\s*(?:\(\s*(?:单位\s*[:：]\s*)?(?P<unit>[^()]{1,8}?)\s*\))?\s*"
)
_SCALED_UNIT = re.compile(r"(?P<mult>千万|百万|万|亿|千)?(?P<unit>.*)")
_MULTIPLIERS = {"千": 10**3, "万": 10**4, "百万": 10**6, "千万": 10**7, "亿": 10**8}
# A figure with no unit written anywhere is in the catalog's unit only where no 万 or 元 can hide.
_UNIT_IMPLIED = ("percent", "rate", "duration")


@dataclass(frozen=True)
class TableFigure:
    row: Span
    label: Span  # the row's first cell
    mention: IndicatorMention
    quantity: Quantity  # the cell, with the unit that applies to it
    value: Decimal  # in the indicator's catalog unit
    year: int


@dataclass(frozen=True)
class Table:
    lines: tuple[Span, ...]  # header, rules and rows
    caption: Span | None
    header: Span
    figures: tuple[TableFigure, ...]


@dataclass(frozen=True)
class _Column:
    kind: str  # year / unit / other (changes, targets and anything else are not read)
    year: int | None = None


def find_tables(text: str, catalog: Catalog) -> list[Table]:
    """Every table of `text` with a header of years, in order."""
    tables: list[Table] = []
    position = 0
    for hint in _HEADER_HINT.finditer(text):
        if hint.start() < position:
            continue
        start = text.rfind("\n", 0, hint.start()) + 1
        end = _line_end(text, start)
        table = _table(text, Span(start, end), catalog)
        if table is not None:
            tables.append(table)
            position = table.lines[-1].end
        else:
            position = end
    return tables


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _cells(text: str, line: Span, bars: bool) -> list[Span]:
    """The stripped cells of a line; column gaps only separate cells when the line has no bar."""
    start, end = strip_span(text, line.start, line.end)
    if bars:
        if text.startswith("|", start):
            start += 1
        if end > start and text[end - 1] == "|":
            end -= 1
        bounds = [i for i in range(start, end) if text[i] == "|"]
        edges = zip([start - 1, *bounds], [*bounds, end], strict=True)
        return [Span(*strip_span(text, a + 1, b)) for a, b in edges]
    cells, cursor = [], start
    for gap in _GAP.finditer(text, start, end):
        cells.append(Span(cursor, gap.start()))
        cursor = gap.end()
    cells.append(Span(cursor, end))
    return cells


def _column(cell: str) -> _Column:
    if _CHANGE_CELL.search(cell) or _TARGET_CELL.search(cell):
        return _Column("other")
    if _UNIT_CELL.fullmatch(cell):
        return _Column("unit")
    match = _YEAR_CELL.fullmatch(cell)
    if match and len(cell) <= _YEAR_CELL_CHARS and "日" not in match.group("rest"):
        return _Column("year", int(match.group(1)))
    return _Column("other")


def _table(text: str, header: Span, catalog: Catalog) -> Table | None:
    bars = "|" in text[header.start : header.end]
    cells = _cells(text, header, bars)
    heading = cells[0]
    if len(cells) < 2 or heading.end - heading.start > _HEADING_CHARS:
        return None
    if _FIGURE.search(text, heading.start, heading.end):
        return None
    columns = [_column(text[c.start : c.end]) for c in cells[1:]]
    if not any(c.kind == "year" for c in columns):
        return None
    lines, figures = [header], []
    start = header.end + 1
    while start < len(text):
        line = Span(start, _line_end(text, start))
        content = text[line.start : line.end]
        if not content.strip():
            break
        if bars and "|" not in content:
            break
        if bars and _RULE.fullmatch(content):
            lines.append(line)
            start = line.end + 1
            continue
        row = _cells(text, line, bars)
        if not bars and len(row) < 2:
            break
        lines.append(line)
        if len(row) == len(cells):
            figures.extend(_row_figures(text, line, row, columns, catalog))
        start = line.end + 1
    if len(lines) == 1:
        return None
    return Table(tuple(lines), _caption(text, header.start), header, tuple(figures))


def _caption(text: str, header_start: int) -> Span | None:
    end = header_start - 1  # the line break before the header
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        content = text[start:end]
        if content.strip() and _RULE.fullmatch(content):
            end = start - 1  # a rule between caption and header
            continue
        if not content.strip() or len(content) > _CAPTION_CHARS:
            return None
        if content.rstrip(" |").endswith(_SENTENCE_END):
            return None
        return Span(start, end)
    return None


def _row_figures(
    text: str, line: Span, cells: list[Span], columns: list[_Column], catalog: Catalog
) -> list[TableFigure]:
    label = cells[0]
    mentions = catalog.find(text, label.start, label.end)
    if not mentions:
        return []
    mention = mentions[-1]
    tail = _LABEL_TAIL.fullmatch(text, mention.end, label.end)
    if tail is None or _TARGET_CELL.search(text, label.start, mention.start):
        return []
    unit = tail.group("unit")
    for cell, column in zip(cells[1:], columns, strict=True):
        if column.kind == "unit" and cell.end > cell.start:
            unit = text[cell.start : cell.end]
    indicator = catalog[mention.code]
    figures = []
    for cell, column in zip(cells[1:], columns, strict=True):
        if column.year is None:
            continue
        quantity = _cell_quantity(text, cell, unit, indicator.value_type, indicator.unit)
        value = to_catalog_unit(quantity, indicator) if quantity else None
        if quantity is not None and value is not None:
            figures.append(TableFigure(line, label, mention, quantity, value, column.year))
    return figures


def _cell_quantity(
    text: str, cell: Span, unit: str | None, value_type: str, catalog_unit: str
) -> Quantity | None:
    found = find_quantities(text, cell.start, cell.end)
    if len(found) != 1 or (found[0].start, found[0].end) != (cell.start, cell.end):
        return None
    quantity = found[0]
    if quantity.unit:
        return quantity
    if unit:
        scaled = _SCALED_UNIT.fullmatch(unit.strip())
        amount = quantity.amount * _MULTIPLIERS.get(scaled.group("mult") or "", 1)
        amount = Decimal(format(amount.normalize(), "f"))
        return replace(quantity, amount=amount, unit=scaled.group("unit"))
    if value_type in _UNIT_IMPLIED:
        return replace(quantity, unit=catalog_unit)
    return None
