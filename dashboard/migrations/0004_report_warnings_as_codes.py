"""Report warnings become codes with parameters instead of English sentences.

The sentences stored so far came in a few fixed forms; each is read once, here, into the code it
stands for. A sentence of another form is kept as it was written (code "text").
"""

import re

from django.db import migrations, models

_FORMS = [
    (
        re.compile(r"ambiguous region name (?P<name>\S+) \((?P<codes>[^)]*)\): not attributed"),
        lambda m: (
            "ambiguous_region",
            {"name": m["name"], "codes": [c.strip() for c in m["codes"].split(",") if c.strip()]},
        ),
    ),
    (re.compile(r"no known region named in the report"), lambda m: ("no_region", {})),
    (
        re.compile(r"the report names no known region; (?P<name>\S+) taken from the file name"),
        lambda m: ("region_from_filename", {"name": m["name"]}),
    ),
    (
        re.compile(r"no report year found: figures without their own year are skipped"),
        lambda m: ("no_year", {}),
    ),
    (
        re.compile(r"dropped (?P<indicator>\S+) (?P<value>\S+) \((?P<problems>.*)\)"),
        lambda m: (
            "dropped_figure",
            {
                "indicator": m["indicator"],
                "value": m["value"],
                "problems": [_PROBLEMS.get(p.strip(), p.strip()) for p in m["problems"].split(";")],
            },
        ),
    ),
]
_PROBLEMS = {
    "the year must be between 1949 and 2100": "year_out_of_range",
    "the value is negative": "negative",
    "the value is share above 100": "share_above_100",
}


def _as_code(message: str) -> dict:
    for pattern, read in _FORMS:
        match = pattern.fullmatch(message)
        if match:
            code, params = read(match)
            return {"code": code, "params": params}
    return {"code": "text", "params": {"text": message}}


def _as_sentence(warning: dict) -> str:
    code, params = warning.get("code"), warning.get("params") or {}
    if code == "ambiguous_region":
        return f"ambiguous region name {params['name']} ({', '.join(params['codes'])}): not attributed"
    if code == "no_region":
        return "no known region named in the report"
    if code == "region_from_filename":
        return f"the report names no known region; {params['name']} taken from the file name"
    if code == "no_year":
        return "no report year found: figures without their own year are skipped"
    if code == "dropped_figure":
        sentences = {value: key for key, value in _PROBLEMS.items()}
        problems = "; ".join(sentences.get(p, p) for p in params["problems"])
        return f"dropped {params['indicator']} {params['value']} ({problems})"
    return params.get("text", str(warning))


def forwards(apps, schema_editor):
    Report = apps.get_model("dashboard", "Report")
    reports = Report.objects.using(schema_editor.connection.alias).exclude(messages=[])
    for report in reports.only("pk", "messages").iterator():
        report.warnings = [_as_code(message) for message in report.messages]
        report.save(update_fields=["warnings"])


def backwards(apps, schema_editor):
    Report = apps.get_model("dashboard", "Report")
    reports = Report.objects.using(schema_editor.connection.alias).exclude(warnings=[])
    for report in reports.only("pk", "warnings").iterator():
        report.messages = [_as_sentence(warning) for warning in report.warnings]
        report.save(update_fields=["messages"])


class Migration(migrations.Migration):
    dependencies = [("dashboard", "0003_observation_synthetic_index")]

    operations = [
        migrations.AddField(
            model_name="report",
            name="warnings",
            field=models.JSONField(blank=True, default=list, verbose_name="warnings"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="report", name="messages"),
    ]
