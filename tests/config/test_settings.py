import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def run_check(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, **env}
    # Browser tests in the same run allow async-unsafe calls, which the deploy check forbids.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = run_check(
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x" * 64 + "-production-grade-secret-key-for-the-check",
        ALLOWED_HOSTS="dashboard.example.gov.cn",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_bad_setting_stops_the_process_naming_the_variable():
    result = run_check(DASHBOARD_REQUIRE_LOGIN="perhaps")
    assert result.returncode != 0
    assert "DASHBOARD_REQUIRE_LOGIN='perhaps' is not a boolean" in result.stderr


def test_the_default_publishing_threshold_keeps_published_figures_as_precise_as_the_model_promises():
    from django.conf import settings

    from ingest.scorer import shipped_model

    assert shipped_model().meta["publish_threshold"] <= settings.EXTRACTION_PUBLISH_THRESHOLD
