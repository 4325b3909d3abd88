import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_database_url, env_float, env_int, env_list, env_str


def test_env_str_returns_the_default_when_the_variable_is_empty(monkeypatch):
    monkeypatch.setenv("SOME_NAME", "  ")
    assert env_str("SOME_NAME", "fallback") == "fallback"


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("ON", True), ("0", False)])
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("DEBUG", raw)
    assert env_bool("DEBUG", default=not expected) is expected


def test_env_bool_rejects_a_value_that_is_not_a_boolean_naming_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        env_bool("DEBUG", default=False)


def test_env_int_rejects_a_value_that_is_not_a_number_naming_the_variable(monkeypatch):
    monkeypatch.setenv("SECURE_HSTS_SECONDS", "one year")
    with pytest.raises(ImproperlyConfigured, match="SECURE_HSTS_SECONDS='one year'"):
        env_int("SECURE_HSTS_SECONDS", default=0)


def test_env_int_rejects_a_value_below_its_minimum_naming_the_variable(monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_AGE", "-5")
    with pytest.raises(ImproperlyConfigured, match="SESSION_COOKIE_AGE='-5' must be at least 60"):
        env_int("SESSION_COOKIE_AGE", default=3600, minimum=60)


def test_env_float_reads_a_decimal_number(monkeypatch):
    monkeypatch.setenv("EXTRACTION_PUBLISH_THRESHOLD", "0.85")
    assert env_float("EXTRACTION_PUBLISH_THRESHOLD", 0.9, minimum=0, maximum=1) == 0.85


def test_env_float_rejects_a_value_that_is_not_a_number_naming_the_variable(monkeypatch):
    monkeypatch.setenv("EXTRACTION_PUBLISH_THRESHOLD", "high")
    with pytest.raises(ImproperlyConfigured, match="EXTRACTION_PUBLISH_THRESHOLD='high'"):
        env_float("EXTRACTION_PUBLISH_THRESHOLD", 0.9, minimum=0, maximum=1)


def test_env_float_rejects_nan_naming_the_variable(monkeypatch):
    monkeypatch.setenv("EXTRACTION_PUBLISH_THRESHOLD", "nan")
    with pytest.raises(ImproperlyConfigured, match="'nan' is not a number"):
        env_float("EXTRACTION_PUBLISH_THRESHOLD", 0.9, minimum=0, maximum=1)


def test_env_float_rejects_a_value_above_its_maximum_naming_the_variable(monkeypatch):
    monkeypatch.setenv("EXTRACTION_PUBLISH_THRESHOLD", "1.5")
    with pytest.raises(ImproperlyConfigured, match="'1.5' must be at most 1"):
        env_float("EXTRACTION_PUBLISH_THRESHOLD", 0.9, minimum=0, maximum=1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "a.example, b.example")
    assert env_list("ALLOWED_HOSTS", default=[]) == ["a.example", "b.example"]


def test_env_list_rejects_an_empty_item_naming_the_variable(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "a.example,,b.example")
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS=.*empty item"):
        env_list("ALLOWED_HOSTS", default=[])


def test_env_database_url_reads_a_postgres_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://ann:secret@db.internal:5433/indicators")
    config = env_database_url("DATABASE_URL")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "indicators")


def test_env_database_url_is_none_when_unset(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert env_database_url("DATABASE_URL") is None


def test_env_database_url_rejects_sqlite_naming_the_variable(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///db.sqlite3")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must be a postgres:// URL"):
        env_database_url("DATABASE_URL")


def test_env_database_url_rejects_a_url_without_a_database_name(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://ann@db.internal")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL names no database"):
        env_database_url("DATABASE_URL")
