import os
import re
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


LONG_KEY = "x" * 64 + "-production-grade-secret-key-for-the-check"
# The settings README.md gives for production; the intranet ones on top for plain HTTP.
PRODUCTION = {"DEBUG": "false", "SECRET_KEY": LONG_KEY, "ALLOWED_HOSTS": "dashboard.example.gov.cn"}
PLAIN_HTTP = {"SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false"}


def test_the_example_secret_key_is_refused_when_debug_is_off():
    result = run_check(**{**PRODUCTION, "SECRET_KEY": "change-me"})
    assert result.returncode != 0
    assert "SECRET_KEY is the placeholder from .env.example" in result.stderr


def test_a_short_secret_key_is_refused_when_debug_is_off():
    result = run_check(**{**PRODUCTION, "SECRET_KEY": "s3cr3t-but-only-thirty-chars!!"})
    assert result.returncode != 0
    assert "SECRET_KEY is too short or too simple (30 characters)" in result.stderr


def test_the_example_secret_key_is_accepted_on_a_developers_machine():
    assert run_check(DEBUG="true", SECRET_KEY="change-me").returncode == 0


def deploy_warnings(**env: str) -> set[str]:
    result = run_check("--deploy", **env)
    assert result.returncode == 0, result.stderr
    return set(re.findall(r"\((security\.W\d+)\)", result.stderr + result.stdout))


def readme_row(start: str) -> str:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    [row] = [line for line in readme.splitlines() if line.startswith(f"| {start}")]
    return row


def test_the_readme_says_exactly_what_the_deployment_check_reports_for_each_setting():
    https = readme_row("the above, served over HTTPS")
    assert https.endswith("| no issues |")
    assert deploy_warnings(**PRODUCTION) == set()
    plain_http = readme_row("a plain-HTTP intranet")
    assert "SECURE_SSL_REDIRECT=false" in plain_http and "SECURE_COOKIES=false" in plain_http
    assert deploy_warnings(**PRODUCTION, **PLAIN_HTTP) == set(
        re.findall(r"security\.W\d+", plain_http)
    )
    assert "3 warnings" in plain_http
