"""Reports and observations for tests, as the ingest, a reviewer or an import would store them.

The defaults are one figure of a seed report: 石狮市's family-doctor contract rate of 66% in
2023, extracted and not yet reviewed. A test names every field its assertion relies on.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from dashboard import coverage
from dashboard.models import Observation, Report, Status

SHISHI_SENTENCE = "2023年，石狮市家庭医生签约率达66%。"


class ReportFactory(DjangoModelFactory):
    class Meta:
        model = Report

    original_filename = factory.Sequence(lambda n: f"report-{n}.txt")
    text = SHISHI_SENTENCE
    # The loader hashes the text alone; the file name is added so that two test reports with the
    # same text can coexist.
    sha256 = factory.LazyAttribute(
        lambda report: hashlib.sha256(
            f"{report.original_filename}\n{report.text}".encode()
        ).hexdigest()
    )


def _span(observation) -> tuple[int | None, int | None]:
    """Where the quote stands in its report's text, as the ingest records it."""
    report, quote = observation.report, observation.quote
    if report is None or not quote:
        return None, None
    start = report.text.index(quote)
    return start, start + len(quote)


class ObservationFactory(DjangoModelFactory):
    """A figure; given a report and a quote from its text, its span points at the quote."""

    class Meta:
        model = Observation

    region_id = "350581"
    indicator_id = "fd_contract_rate"
    year = 2023
    value = factory.Transformer(Decimal("66"), transform=Decimal)
    status = Status.EXTRACTED
    report = None
    quote = ""
    span_start = factory.LazyAttribute(lambda observation: _span(observation)[0])
    span_end = factory.LazyAttribute(lambda observation: _span(observation)[1])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Stored as the write rules store a figure: the coverage counts follow it.
        with coverage.changing() as change:
            observation = super()._create(model_class, *args, **kwargs)
            change.add(observation)
        return observation


class ExtractedObservationFactory(ObservationFactory):
    """A figure as the ingest stores it: from its own report, quoting the report's sentence."""

    report = factory.SubFactory(ReportFactory)
    quote = factory.LazyAttribute(lambda observation: observation.report.text)
    confidence = 0.8
