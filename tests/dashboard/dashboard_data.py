"""The figures of the seed reports, as the dashboard tests find them in the database."""

from __future__ import annotations

from dashboard.models import Observation, Status
from tests.factories import ObservationFactory, ReportFactory

NANPING_TEXT = (
    "绘足为民底色 书写健康答卷\n"
    "2024年南平市县域内住院量占比、基层诊疗量占比提升至67.59%、59.9%。"
    "每千人口托位数达4.01个。\n"
    "全市卫生健康事业高质量发展。"
)


def nanping_report(**fields):
    values = {
        "text": NANPING_TEXT,
        "title": "南平市卫生健康工作报告",
        "region_id": "350700",
        "year": 2024,
    }
    return ReportFactory(**{**values, **fields})


def nanping_inpatient_share(**fields) -> Observation:
    """南平市's in-county inpatient share in 2024; the figure most dashboard tests vary."""
    values = {
        "region_id": "350700",
        "indicator_id": "county_inpatient_share",
        "year": 2024,
        "value": "67.59",
    }
    return ObservationFactory(**{**values, **fields})


def seed_figures() -> dict[str, Observation]:
    """The figures of the brief's seed reports: 南平市, 清徐县, 石狮市, one verified."""
    nanping = nanping_report()
    sentence = "2024年南平市县域内住院量占比、基层诊疗量占比提升至67.59%、59.9%。"
    qingxu = ReportFactory(
        text="清徐县家庭医生签约率达78.45%。",
        title="清徐县卫健局 县乡村三级协同发展",
        region_id="140121",
        year=2024,
    )
    shishi = ReportFactory(
        text="2023年,石狮市重点人群签约率76.45%。",
        title="2023 石狮卫健工作巡礼",
        region_id="350581",
        year=2023,
    )
    return {
        "inpatient": nanping_inpatient_share(
            report=nanping, quote=sentence, status=Status.VERIFIED
        ),
        "primary": ObservationFactory(
            region_id="350700",
            indicator_id="primary_care_visit_share",
            year=2024,
            value="59.9",
            report=nanping,
            quote=sentence,
        ),
        "childcare": ObservationFactory(
            region_id="350700",
            indicator_id="childcare_places_per_1000",
            year=2024,
            value="4.01",
            report=nanping,
            quote="每千人口托位数达4.01个。",
        ),
        "qingxu": ObservationFactory(
            region_id="140121",
            indicator_id="fd_contract_rate",
            year=2024,
            value="78.45",
            report=qingxu,
            quote="清徐县家庭医生签约率达78.45%。",
        ),
        "shishi": ObservationFactory(
            region_id="350581",
            indicator_id="fd_key_population_contract_rate",
            year=2023,
            value="76.45",
            report=shishi,
            quote="2023年,石狮市重点人群签约率76.45%。",
        ),
    }
