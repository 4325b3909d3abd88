"""The shared cache's key prefix follows the code, so a new version never serves an old page."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.cache import cache

from config.code_version import code_version


def project(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<h1>总览</h1>", encoding="utf-8")
    (tmp_path / "dashboard" / "__pycache__").mkdir(parents=True)
    (tmp_path / "dashboard" / "views.py").write_text("def page(): ...\n", encoding="utf-8")
    return tmp_path


def test_the_same_files_give_the_same_version(tmp_path):
    base = project(tmp_path)
    assert code_version(base) == code_version(base)


def test_a_changed_template_gives_a_new_version(tmp_path):
    base = project(tmp_path)
    before = code_version(base)
    (base / "templates" / "page.html").write_text("<h1>概览</h1>", encoding="utf-8")
    assert code_version(base) != before


def test_a_new_file_gives_a_new_version(tmp_path):
    base = project(tmp_path)
    before = code_version(base)
    (base / "dashboard" / "charts.py").write_text("", encoding="utf-8")
    assert code_version(base) != before


def test_compiled_python_caches_do_not_change_the_version(tmp_path):
    base = project(tmp_path)
    before = code_version(base)
    (base / "dashboard" / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"\x00\x01")
    assert code_version(base) == before


def test_a_changed_setting_the_pages_show_gives_a_new_version(tmp_path):
    base = project(tmp_path)
    assert code_version(base, settings=("市卫健委规划信息科",)) != code_version(
        base, settings=("区卫健局办公室",)
    )


def test_the_cache_keys_carry_the_version_of_the_code():
    # Computed when the settings were read (the files may change while the tests run).
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    assert re.fullmatch(r"[0-9a-f]{16}", prefix)
    assert cache.make_key("dashboard:part:x").startswith(f"{prefix}:")
