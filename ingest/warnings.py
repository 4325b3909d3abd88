"""Warnings about a report, as a code and its parameters, never as a sentence.

The pipeline states what it noticed; whoever shows a warning (the admin, the ingest command)
words it in the reader's language. Reports store their warnings as `as_dict()` gives them, so a
code keeps its meaning once stored: add codes, never reuse one. Pure: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class WarningCode(StrEnum):
    # A place name fits several regions; its figures are not attributed. Params: name, codes.
    AMBIGUOUS_REGION = "ambiguous_region"
    # The report names no known region, so no figures are kept.
    NO_REGION = "no_region"
    # The report names no known region; the file name named one. Params: name.
    REGION_FROM_FILENAME = "region_from_filename"
    # No report year: figures without a year of their own are skipped.
    NO_YEAR = "no_year"
    # A figure breaks a rule of the schema and is not stored. Params: indicator, value, problems.
    DROPPED_FIGURE = "dropped_figure"
    # The report year found is outside the years the database accepts; it is stored as unknown.
    # Params: year.
    REPORT_YEAR_OUT_OF_RANGE = "report_year_out_of_range"


ParamValue = str | tuple[str, ...]


@dataclass(frozen=True)
class ReportWarning:
    code: WarningCode
    params: tuple[tuple[str, ParamValue], ...] = ()

    @classmethod
    def of(cls, code: WarningCode, **params: ParamValue) -> ReportWarning:
        return cls(code, tuple(sorted(params.items())))

    def param(self, name: str) -> ParamValue | None:
        return dict(self.params).get(name)

    def as_dict(self) -> dict:
        """The stored form: {"code": …, "params": {name: text or list of texts}}."""
        return {
            "code": str(self.code),
            "params": {
                name: list(value) if isinstance(value, tuple) else value
                for name, value in self.params
            },
        }
