"""Fixtures for the ingest tests: the real catalog and region table, and a small region table.

They need no database and no Django: the pipeline is pure.
"""

from __future__ import annotations

import pytest

from ingest.indicators import Catalog
from ingest.pipeline import extract_report
from ingest.records import ExtractedReport
from ingest.regions import RegionIndex
from tests.ingest.helpers import DATA, SMALL_REGIONS


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.from_csv(DATA / "indicators.csv")


@pytest.fixture(scope="session")
def regions() -> RegionIndex:
    return RegionIndex.from_csv(DATA / "regions.csv")


@pytest.fixture(scope="session")
def small_regions() -> RegionIndex:
    return RegionIndex.from_rows(SMALL_REGIONS)


@pytest.fixture
def extract(regions, catalog):
    """Run the whole pipeline over a text (str) or raw bytes, with the real tables."""

    def run(content: str | bytes, filename: str = "report.txt") -> ExtractedReport:
        raw = content.encode("utf-8") if isinstance(content, str) else content
        return extract_report(raw, filename, regions=regions, catalog=catalog)

    return run
