"""The ingest's warnings about a report, in the reader's language.

The pipeline is pure and writes its warnings in English, in a few fixed forms; they are stored
as written and translated here when shown. A message of another form is shown as it is.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

_FORMS = [
    (
        re.compile(r"ambiguous region name (?P<name>\S+) \((?P<codes>[^)]*)\): not attributed"),
        lambda m: (
            _(
                "The place name %(name)s fits several regions (%(codes)s); its figures were not attributed."
            )
            % m.groupdict()
        ),
    ),
    (
        re.compile(r"no known region named in the report"),
        lambda m: _("The report names no known region; no figures were stored."),
    ),
    (
        re.compile(r"the report names no known region; (?P<name>\S+) taken from the file name"),
        lambda m: (
            _("The report names no known region; %(name)s was taken from the file name.")
            % m.groupdict()
        ),
    ),
    (
        re.compile(r"no report year found: figures without their own year are skipped"),
        lambda m: _("No report year found; figures without a year of their own were skipped."),
    ),
    (
        re.compile(r"dropped (?P<indicator>\S+) (?P<value>\S+) \((?P<problem>.*)\)"),
        lambda m: _("Dropped %(indicator)s = %(value)s: %(problem)s.") % m.groupdict(),
    ),
]


def localise(message: str) -> str:
    for pattern, render in _FORMS:
        match = pattern.fullmatch(message)
        if match:
            return render(match)
    return message
