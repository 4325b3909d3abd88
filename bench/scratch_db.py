"""A scratch PostgreSQL database for benchmarks, on the same server the product uses.

Call `use_scratch_database(name)` before Django is set up: it (re)creates the database and points
DATABASE_URL at it, so a benchmark never touches the real data.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))


def _server_settings() -> dict:
    from dotenv import load_dotenv

    load_dotenv(BASE_DIR / ".env", override=False)
    from config.env import env_database_url

    configured = env_database_url("DATABASE_URL")
    if configured is not None:
        return configured
    from config.embedded_db import EmbeddedPostgres

    pg_dir = os.environ.get("EMBEDDED_PG_DIR") or str(BASE_DIR / ".pgdata")
    server = EmbeddedPostgres(pg_dir)
    server.ensure_running()
    return server.connection_settings()


def _connect_settings(settings: dict) -> dict:
    return {
        "host": settings["HOST"] or None,
        "port": settings.get("PORT") or None,
        "user": settings["USER"],
        "password": settings.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }


def drop_database(name: str) -> None:
    with psycopg.connect(**_connect_settings(_server_settings())) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def use_scratch_database(name: str, *, recreate: bool = True) -> str:
    settings = _server_settings()
    with psycopg.connect(**_connect_settings(settings)) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and recreate:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if recreate or not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    host = quote(str(settings["HOST"] or "localhost"), safe="")
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings.get("PASSWORD") else ""
    url = f"postgres://{quote(settings['USER'], safe='')}{password}@{host}{port}/{name}"
    os.environ["DATABASE_URL"] = url
    return url
