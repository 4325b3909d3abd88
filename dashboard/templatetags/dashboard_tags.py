"""Template tags: thin wrappers around `dashboard.formatting`, and the theme navigation."""

from __future__ import annotations

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dashboard import formatting
from dashboard.models import Observation, Theme

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
    # Pages that read the catalog already pass its themes along.
    themes = context.get("nav_themes") or context.get("catalog")
    return {
        "themes": themes if themes is not None else Theme.objects.order_by("position", "code"),
        "current": getattr(request, "path", ""),
        "synthetic": Observation.objects.filter(synthetic=True).exists(),
    }


@register.inclusion_tag("dashboard/_review_notice.html", takes_context=True)
def review_notice(context):
    """How many extracted figures wait for a reviewer before they are published (counted by
    the page's view when it shows the number itself)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    held_back = context.get("held_back")
    return {
        "held_back": Observation.objects.held_back().count() if held_back is None else held_back,
        "threshold": settings.EXTRACTION_PUBLISH_THRESHOLD,
        "reviewer": bool(user and user.is_staff),
    }


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
