"""Form widgets rendered in Python.

Django renders each <option> of a select with a template of its own (two template includes per
option): the indicator page's 334 prefectures cost it more than its table. `QuickSelect` writes
the same HTML as Django's `Select`, which a test compares.
"""

from __future__ import annotations

from django import forms
from django.utils.safestring import mark_safe

from dashboard.formatting import quick_html


def _attrs(attrs: dict) -> str:
    # As django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name.
    return "".join(
        quick_html(" {}", name) if value is True else quick_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [
            quick_html('<select name="{}"{}>', widget["name"], mark_safe(_attrs(widget["attrs"])))
        ]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(quick_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    quick_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        option["value"],
                        mark_safe(_attrs(option["attrs"])),
                        option["label"],
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every part built with quick_html
