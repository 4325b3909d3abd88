"""The read-only JSON API under /api/v1/: indicators, regions and observations.

django-ninja describes every endpoint from its type hints (served as OpenAPI at /api/v1/schema/,
browsable at /api/v1/docs/ with the Swagger UI files ninja ships, nothing from the internet).
The rows are those of the dashboard and its CSV: the same selectors and the same filter
(`ObservationFilter`), so only published figures appear (never rejected ones, nor extracted
ones held back for review), and with DASHBOARD_REQUIRE_LOGIN every endpoint needs a login, as
every page does. Lists are paged by cursor: `next` is the URL of the following page, null on the
last one.
"""

from __future__ import annotations

import base64
import binascii
from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError

from dashboard import selectors
from dashboard.formatting import format_value, source_url
from dashboard.views import dashboard_page

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000

Level = Literal["country", "province", "prefecture", "county"]
Published = Literal["verified", "extracted"]
KindName = Literal["actual", "target"]


def _readers_only(request: HttpRequest):
    """Everyone, unless the dashboard requires a login; then logged-in users only (401)."""
    if request.user.is_authenticated:
        return request.user
    return not settings.DASHBOARD_REQUIRE_LOGIN


api = NinjaAPI(
    title="县域卫生健康改革指标 API",
    version="1",
    description=(
        "Published indicator figures of county health reform (医共体, 家庭医生签约, 托育) "
        "extracted from health-bureau reports, with the sentence each came from. Read-only."
    ),
    urls_namespace="api-v1",
    openapi_url="/schema/",
    docs_url="/docs/",
    # The schema and docs pages follow the pages' rule: to the login page.
    docs_decorator=dashboard_page,
    auth=_readers_only,
)


class Theme(Schema):
    code: str
    name_zh: str
    name_en: str


class IndicatorOut(Schema):
    code: str = Field(description="public code, as in the CSV's indicator_code")
    theme: Theme
    name_zh: str
    name_en: str
    unit: str
    value_type: str = Field(description="count, percent, rate, money or duration")
    direction: str = Field(description="up: higher is better; down: lower is better; neutral")
    additive: bool = Field(description="whether values of regions may be added up")
    definition: str
    national_target: float | None
    target_year: int | None
    target_source: str


class RegionOut(Schema):
    code: str = Field(description="GB/T 2260 code")
    name: str
    level: Level
    parent_code: str | None
    parent_name: str | None


class RegionPage(Schema):
    items: list[RegionOut]
    next: str | None = Field(description="URL of the next page; null on the last page")


class ObservationOut(Schema):
    id: int
    region_code: str
    region_name: str
    region_level: Level
    indicator_code: str
    indicator_name: str
    year: int
    value: float = Field(description="in the indicator's unit")
    unit: str
    qualifier: str = Field(description="eq, gte (at least), lte (at most) or approx")
    kind: KindName
    status: Published = Field(description="verified by a reviewer, or extracted and published")
    document: str = Field(description="the report's file name, or the source of other figures")
    quote: str = Field(description="the sentence of the report the figure was read from")
    report: str | None = Field(description="URL of the report page, at the figure's sentence")
    report_page: int | None = Field(description="the PDF page of the sentence, for PDF reports")


class ObservationPage(Schema):
    items: list[ObservationOut]
    next: str | None = Field(description="URL of the next page; null on the last page")


class ObservationQuery(Schema):
    """The filters of the CSV download."""

    theme: str | None = Field(None, description="theme code, e.g. family_doctor")
    indicator: str | None = Field(None, description="indicator code, e.g. fd_contract_rate")
    region: str | None = Field(None, description="region code; the regions below it included")
    level: Level | None = Field(None, description="only regions of this level")
    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    status: Published | None = None
    kind: KindName | None = None


class PageQuery(Schema):
    cursor: str | None = Field(None, description="the cursor from the previous page's next URL")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def _encode(position: str) -> str:
    return base64.urlsafe_b64encode(position.encode()).decode().rstrip("=")


def _decode(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise HttpError(400, "invalid cursor") from None


def _next_url(request: HttpRequest, rows: list, limit: int, last) -> str | None:
    """The next page's URL when one more row than the page holds was fetched; `last()` is the
    position of the page's last row."""
    if len(rows) <= limit:
        return None
    params = request.GET.copy()
    params["cursor"] = _encode(last())
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@api.get("/indicators", response=list[IndicatorOut], summary="The indicator catalog")
def indicators(request):
    """Every indicator of the catalog, theme by theme, in the dashboard's order."""
    return [
        {
            "code": indicator.code,
            "theme": {"code": theme.code, "name_zh": theme.name_zh, "name_en": theme.name_en},
            "name_zh": indicator.name_zh,
            "name_en": indicator.name_en,
            "unit": indicator.unit,
            "value_type": indicator.value_type,
            "direction": indicator.direction,
            "additive": indicator.additive,
            "definition": indicator.definition,
            "national_target": indicator.target_value,
            "target_year": indicator.target_year,
            "target_source": indicator.target_source,
        }
        for theme in selectors.indicator_catalog()
        for indicator in theme.indicators.all()
    ]


@api.get("/regions", response=RegionPage, summary="Regions, with their parent")
def regions(
    request,
    page: Query[PageQuery],
    level: Level | None = None,
    parent: str | None = Query(None, description="code of the parent region"),
):
    """Regions by code: the nation, provinces, prefectures and counties (GB/T 2260)."""
    rows = selectors.region_page(
        level=level, parent=parent, after=_decode(page.cursor), limit=page.limit + 1
    )
    return {
        "items": [
            {
                "code": row["code"],
                "name": row["name"],
                "level": row["level"],
                "parent_code": row["parent_id"],
                "parent_name": row["parent__name"],
            }
            for row in rows[: page.limit]
        ],
        "next": _next_url(request, rows, page.limit, lambda: rows[page.limit - 1]["code"]),
    }


@api.get("/observations", response=ObservationPage, summary="Published figures")
def observations(request, filters: Query[ObservationQuery], page: Query[PageQuery]):
    """The figures the dashboard shows, with the CSV download's filters and columns, by id."""
    after = _decode(page.cursor)
    if after is not None and not after.isdigit():
        raise HttpError(400, "invalid cursor")
    chosen = selectors.ObservationFilter(**filters.dict())
    rows = selectors.observation_page(
        chosen, after=int(after) if after else None, limit=page.limit + 1
    )
    items = []
    for observation in rows[: page.limit]:
        values = dict(zip(selectors.EXPORT_COLUMNS, observation.row, strict=True))
        values["value"] = float(format_value(values["value"]))
        values["document"] = values["document"] or ""
        link = source_url(observation) if observation.report_id else None
        items.append(
            {
                **values,
                "id": observation.id,
                "report": request.build_absolute_uri(link) if link else None,
                "report_page": observation.report_page,
            }
        )
    position = lambda: str(rows[page.limit - 1].id)  # noqa: E731
    return {"items": items, "next": _next_url(request, rows, page.limit, position)}
