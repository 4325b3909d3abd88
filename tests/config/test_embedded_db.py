"""The embedded PostgreSQL must survive its users being killed: no later command may break; and
no other local user may get into it."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from config.embedded_db import EmbeddedDatabaseError, EmbeddedPostgres

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pg_dir():
    # Not tmp_path: as root the server runs as an unprivileged user, who cannot enter
    # pytest's private (0700) temporary directories.
    directory = Path(tempfile.mkdtemp(prefix="pg-test-"))
    directory.chmod(0o755)
    yield directory / "pg"
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def server(pg_dir):
    embedded = EmbeddedPostgres(pg_dir)
    yield embedded
    embedded.stop()


def connect(server: EmbeddedPostgres, **overrides) -> psycopg.Connection:
    settings = server.connection_settings()
    options = {
        "host": settings["HOST"],
        "dbname": settings["NAME"],
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        **overrides,
    }
    return psycopg.connect(**{k: v for k, v in options.items() if v is not None})


def query_one(server: EmbeddedPostgres) -> int:
    with connect(server) as connection:
        return connection.execute("SELECT 1").fetchone()[0]


def hba_methods(server: EmbeddedPostgres) -> set[str]:
    lines = (server.pgdata / "pg_hba.conf").read_text().splitlines()
    return {line.split()[-1] for line in lines if line.strip() and not line.startswith("#")}


def kill_postmaster(server: EmbeddedPostgres) -> None:
    pid = server.status().pid
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while server.status().running and time.monotonic() < deadline:
        time.sleep(0.05)


def test_it_starts_once_and_reports_running(server):
    first = server.ensure_running()
    second = server.ensure_running()
    assert first.running
    assert second.pid == first.pid
    assert query_one(server) == 1


def test_it_stops_and_reports_stopped(server):
    server.ensure_running()
    assert not server.stop().running
    assert "stopped" in server.status().describe()


def test_it_restarts_after_the_server_was_killed(server):
    server.ensure_running()
    kill_postmaster(server)
    assert server.ensure_running().running
    assert query_one(server) == 1


def test_it_restarts_after_a_kill_left_a_truncated_pid_file(server):
    server.ensure_running()
    kill_postmaster(server)
    (server.pgdata / "postmaster.pid").write_text("")
    assert server.ensure_running().running
    assert query_one(server) == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_commands_keep_working_after_the_dev_server_owning_the_database_is_killed(pg_dir, how):
    env = {**os.environ, "EMBEDDED_PG_DIR": str(pg_dir)}
    env.pop("DATABASE_URL", None)
    port = free_port()
    owner = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        owner.send_signal(how)
        owner.wait(timeout=30)

        status = manage(env, "embedded_db", "status")
        assert "running" in status.stdout, status.stderr
        check = manage(env, "check", "--database", "default")
        assert check.returncode == 0, check.stderr
    finally:
        owner.kill()
        manage(env, "embedded_db", "stop")


def test_a_server_left_running_on_a_deleted_directory_does_not_block_a_new_one(pg_dir):
    old = EmbeddedPostgres(pg_dir)
    old.ensure_running()
    moved = pg_dir.with_name("pg-deleted")
    pg_dir.rename(moved)  # as if the checkout were deleted and cloned again
    try:
        new = EmbeddedPostgres(pg_dir)
        assert not new.status().running
        assert new.ensure_running().running
        assert query_one(new) == 1
        new.stop()
    finally:
        EmbeddedPostgres(moved).stop()


def test_a_server_on_a_deleted_directory_shutting_down_leaves_the_new_ones_socket(pg_dir):
    old = EmbeddedPostgres(pg_dir)
    old.ensure_running()
    moved = pg_dir.with_name("pg-deleted")
    pg_dir.rename(moved)
    new = EmbeddedPostgres(pg_dir)
    try:
        new.ensure_running()
    finally:
        EmbeddedPostgres(moved).stop()  # the old server removes its socket as it stops
    assert query_one(new) == 1
    new.stop()


def test_a_server_started_with_its_socket_elsewhere_is_moved_to_the_expected_socket(server):
    server.ensure_running()
    elsewhere = server.data_dir / "old-run"
    server.stop()
    server.socket_dir, expected = elsewhere, server.socket_dir
    server.ensure_running()  # as an earlier version would have started it
    server.socket_dir = expected
    assert server.ensure_running().running
    assert query_one(server) == 1


def test_a_connection_without_the_generated_password_is_refused(server):
    server.ensure_running()
    with pytest.raises(psycopg.OperationalError, match="password"):
        connect(server, password=None).close()
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        connect(server, password="guessed").close()
    assert query_one(server) == 1


def test_passwords_are_checked_with_scram_sha_256_and_nothing_is_trusted(server):
    server.ensure_running()
    assert hba_methods(server) == {"scram-sha-256"}
    with connect(server) as connection:
        stored = connection.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = current_user"
        ).fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$")


def test_the_socket_directory_and_the_password_file_are_private_to_their_owner(server):
    server.ensure_running()
    assert server.socket_dir.stat().st_mode & 0o777 == 0o700
    assert server.password_file.stat().st_mode & 0o777 == 0o600


def test_a_server_made_with_trust_authentication_gets_a_password_on_its_next_start(server):
    server.ensure_running()
    server.stop()
    # As an earlier version created it: everyone on the machine trusted, no password stored.
    (server.pgdata / "pg_hba.conf").write_text("local all all trust\n")
    server.password_file.unlink()
    server.ensure_running()
    assert hba_methods(server) == {"scram-sha-256"}
    with pytest.raises(psycopg.OperationalError, match="password"):
        connect(server, password=None).close()
    assert query_one(server) == 1


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a directory to another user")
def test_a_socket_directory_someone_else_made_is_refused(pg_dir):
    server = EmbeddedPostgres(pg_dir)
    server.socket_dir.mkdir(parents=True)
    os.chown(server.socket_dir, 54321, 54321)
    with pytest.raises(EmbeddedDatabaseError, match="belongs to another user"):
        server.ensure_running()
