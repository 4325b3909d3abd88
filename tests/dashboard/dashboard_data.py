"""Reports and observations for the dashboard tests, with figures from the seed reports."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from itertools import count

from dashboard.models import Observation, Report, Status

_serial = count()

NANPING_TEXT = (
    "绘足为民底色 书写健康答卷\n"
    "2024年南平市县域内住院量占比、基层诊疗量占比提升至67.59%、59.9%。"
    "每千人口托位数达4.01个。\n"
    "全市卫生健康事业高质量发展。"
)


def make_report(text: str = NANPING_TEXT, **fields) -> Report:
    values = {
        "original_filename": f"report_{next(_serial)}.txt",
        "title": "南平市卫生健康工作报告",
        "region_id": "350700",
        "year": 2024,
    }
    values.update(fields)
    sha = hashlib.sha256((text + values["original_filename"]).encode()).hexdigest()
    return Report.objects.create(text=text, sha256=sha, **values)


def make_observation(
    region: str = "350700",
    indicator: str = "county_inpatient_share",
    year: int = 2024,
    value: str | Decimal = "67.59",
    *,
    report: Report | None = None,
    quote: str = "",
    **fields,
) -> Observation:
    """An observation; with a report and a quote found in its text, the span points at it."""
    if report is not None and quote and "span_start" not in fields:
        start = report.text.index(quote)
        fields.update(span_start=start, span_end=start + len(quote))
    return Observation.objects.create(
        region_id=region,
        indicator_id=indicator,
        year=year,
        value=Decimal(value),
        report=report,
        quote=quote,
        **fields,
    )


def seed_figures() -> dict[str, Observation]:
    """The figures of the brief's seed reports: 南平市, 清徐县, 石狮市, one verified."""
    nanping = make_report()
    sentence = "2024年南平市县域内住院量占比、基层诊疗量占比提升至67.59%、59.9%。"
    qingxu = make_report(
        "清徐县家庭医生签约率达78.45%。",
        title="清徐县卫健局 县乡村三级协同发展",
        region_id="140121",
    )
    shishi = make_report(
        "2023年,石狮市重点人群签约率76.45%。",
        title="2023 石狮卫健工作巡礼",
        region_id="350581",
        year=2023,
    )
    return {
        "inpatient": make_observation(report=nanping, quote=sentence, status=Status.VERIFIED),
        "primary": make_observation(
            indicator="primary_care_visit_share", value="59.9", report=nanping, quote=sentence
        ),
        "childcare": make_observation(
            indicator="childcare_places_per_1000",
            value="4.01",
            report=nanping,
            quote="每千人口托位数达4.01个。",
        ),
        "qingxu": make_observation(
            "140121",
            "fd_contract_rate",
            2024,
            "78.45",
            report=qingxu,
            quote="清徐县家庭医生签约率达78.45%。",
        ),
        "shishi": make_observation(
            "350581",
            "fd_key_population_contract_rate",
            2023,
            "76.45",
            report=shishi,
            quote="2023年,石狮市重点人群签约率76.45%。",
        ),
    }
