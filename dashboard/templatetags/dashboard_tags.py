"""Template tags: thin wrappers around `dashboard.formatting`, the theme navigation, the cells
and options the pages write by the hundred, and page parts kept in the shared cache."""

from __future__ import annotations

import hashlib
import json
import zlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dashboard import coverage, formatting, selectors

register = template.Library()


@register.filter
def number(value) -> str:
    return formatting.format_number(value)


@register.simple_tag
def quantity(item, unit: str = "") -> str:
    """An observation or point as "≥ 75%": value, qualifier and the catalog unit."""
    return formatting.format_quantity(item.value, unit, item.qualifier)


@register.simple_tag
def value_link(item, unit: str = ""):
    return formatting.value_link(item, unit)


@register.simple_tag
def value_cells(by_year, years, unit: str = "", missing_title: str = ""):
    """A table row's cells, one per year: the value linked to its source, or a dash. One tag per
    row rather than a template loop per cell, which cost the region page most of its time."""
    title = format_html(' title="{}"', missing_title) if missing_title else ""
    missing = format_html('<td class="num"><span class="missing"{}>–</span></td>', title)
    cells = []
    for year in years:
        point = by_year.get(year) if by_year else None
        cells.append(
            f'<td class="num">{formatting.value_link(point, unit)}</td>' if point else missing
        )
    return mark_safe("".join(cells))  # every value link and the dash are safe strings


# Region pickers list hundreds of regions: one tag writes all their options, where a template
# loop cost the theme page a sixth of its time.


@register.simple_tag
def region_choice_options(region_choices):
    """<option>s of a region datalist: "name code", the parent's name shown beside."""
    return mark_safe(  # each option built by quick_html
        "".join(
            formatting.quick_html('<option value="{} {}">{}</option>', name, code, parent or "")
            for code, name, parent in region_choices
        )
    )


@register.simple_tag
def region_options(regions, selected_code=None):
    """<option>s of a region select, the selected region marked."""
    return mark_safe(  # each option built by quick_html
        "".join(
            formatting.quick_html(
                '<option value="{}"{}>{}</option>',
                region.code,
                mark_safe(" selected") if region.code == selected_code else "",
                region.name,
            )
            for region in regions
        )
    )


@register.simple_tag
def observation_row(table, row):
    return table.row_html(row)


@register.filter
def region_url(code: str) -> str:
    return formatting.page_url("dashboard:region", code)


@register.filter
def target_text(indicator) -> str:
    return formatting.target_text(indicator)


# As Django's json_script escapes them: nothing in the data can close the script element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def json_data(context, value, element_id: str):
    """`json_script` with the request's Content-Security-Policy nonce: inline data a chart
    reads, allowed by the policy without allowing any other inline script."""
    request = context.get("request")
    # A lazy value that is falsy until read: reading it puts the nonce into the header.
    nonce = getattr(request, "csp_nonce", None)
    data = json.dumps(value, cls=DjangoJSONEncoder).translate(_JSON_SCRIPT_ESCAPES)
    return format_html(
        '<script id="{}" type="application/json"{}>{}</script>',
        element_id,
        format_html(' nonce="{}"', str(nonce)) if nonce is not None else "",
        mark_safe(data),  # escaped above, as json_script does
    )


@register.simple_tag
def change(latest, earlier, unit: str = ""):
    """ "较2023年↑1.2个百分点" after a value, or nothing without an earlier one."""
    text = formatting.change_text(latest, earlier, unit)
    return format_html('<span class="change">{}</span>', text) if text else ""


@register.simple_tag
def target_badge(indicator, point):
    """达标 / 未达标 against the national target, when there is one for the value's year."""
    status = formatting.target_status(indicator, point)
    if not status:
        return ""
    label = _("meets the national target") if status == "met" else _("below the national target")
    short = _("target met") if status == "met" else _("not yet")
    css = "met" if status == "met" else "not-yet"
    return format_html('<span class="badge target-{}" title="{}">{}</span>', css, label, short)


@register.inclusion_tag("dashboard/_nav.html", takes_context=True)
def theme_nav(context):
    request = context.get("request")
    return {
        "themes": selectors.indicator_catalog(),  # kept by the process
        "current": getattr(request, "path", ""),
        "synthetic": coverage.has_synthetic(),
    }


@register.inclusion_tag("dashboard/_review_notice.html", takes_context=True)
def review_notice(context):
    """How many extracted figures wait for a reviewer before they are published (counted by
    the page's view when it shows the number itself)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    held_back = context.get("held_back")
    return {
        "held_back": selectors.held_back_count() if held_back is None else held_back,
        "threshold": settings.EXTRACTION_PUBLISH_THRESHOLD,
        "reviewer": bool(user and user.is_staff),
    }


@register.tag
def page_part(parser, token):
    """{% page_part "content" %}…{% endpage_part %}: the enclosed part rendered once per page URL
    (the page's whole state is in it), language, version of the data and of the reference data,
    and whether the visitor may upload reports, and kept in the shared cache. Only for parts that
    depend on nothing else: no user name, no CSRF token. The views hand such parts their data as
    callables, which a cached part never calls."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("page_part takes the part's name")
    nodelist = parser.parse(("endpage_part",))
    parser.delete_first_token()
    return _PagePart(nodelist, parser.compile_filter(bits[1]))


class _PagePart(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        request = context["request"]
        state = repr(
            (
                self.name.resolve(context),
                request.get_full_path(),
                get_language(),
                *selectors.versions(),
                # The one thing about the visitor a page's content shows: whether they may upload
                # reports (templates/dashboard/_add_reports.html).
                request.user.has_perm("dashboard.add_report"),
            )
        )
        key = f"dashboard:part:{hashlib.sha256(state.encode()).hexdigest()}"
        # The chart data carry the request's CSP nonce (json_data): kept as a placeholder,
        # served with the nonce of the request at hand.
        nonce = str(getattr(request, "csp_nonce", "") or "")
        kept = cache.get(key)
        if kept is not None:
            html = zlib.decompress(kept).decode()  # rendered by this node
            return mark_safe(html.replace(_NONCE, nonce) if nonce else html)
        html = self.nodelist.render(context)
        stored = html.replace(nonce, _NONCE) if nonce else html
        # Compressed: a page's content is 50–90 kB of HTML, a sixth of that compressed.
        cache.set(key, zlib.compress(stored.encode(), 3))
        return html


_NONCE = "{{dashboard-csp-nonce}}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
