"""A management command run with DEBUG on keeps only its last queries in memory."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from config.query_log import COMMAND_QUERY_LOG

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[2]

COUNT_QUERIES = """
from django.db import connection
cursor = connection.cursor()
for number in range(500):
    cursor.execute("SELECT %s", [number])
print(len(connection.queries_log))
"""


def test_a_command_keeps_only_its_last_queries_with_debug_on():
    settings = connection.settings_dict
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    url = (
        f"postgres://{settings['USER']}{password}@{quote(settings['HOST'], safe='')}"
        f"{':' + str(settings['PORT']) if settings['PORT'] else ''}/{settings['NAME']}"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", COUNT_QUERIES],
        cwd=PROJECT,
        env={**os.environ, "DEBUG": "true", "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == str(COMMAND_QUERY_LOG)
