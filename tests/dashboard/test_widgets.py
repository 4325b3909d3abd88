"""Widgets rendered in Python write the HTML Django's own widgets write."""

import pytest
from django import forms

from dashboard.widgets import QuickSelect

CHOICES = [
    ("", "全部地级"),
    ("350700", "南平市"),
    ("350500", "泉州市 <b>&</b>"),
    ("省直辖", [("419001", "济源市"), ("429004", "仙桃市")]),
]


@pytest.mark.parametrize("value", [None, "", "350700", "429004", "nothing"])
@pytest.mark.parametrize("attrs", [None, {"id": "id_prefecture", "required": True, "x": False}])
def test_a_quick_select_writes_what_djangos_select_writes(value, attrs):
    django_html = forms.Select(choices=CHOICES).render("prefecture", value, attrs)
    assert QuickSelect(choices=CHOICES).render("prefecture", value, attrs) == django_html
