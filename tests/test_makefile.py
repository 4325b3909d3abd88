"""The Makefile's own steps, run in a scratch copy of the project's top level."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def scratch_copy(tmp_path: Path) -> Path:
    for name in ("Makefile", ".env.example"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").symlink_to(sys.executable)
    return tmp_path


def test_the_env_file_it_writes_is_readable_by_its_owner_only(tmp_path):
    project = scratch_copy(tmp_path)
    subprocess.run(["make", "-s", ".env"], cwd=project, check=True, timeout=60)
    env = project / ".env"
    assert env.stat().st_mode & 0o777 == 0o600
    secret = next(line for line in env.read_text().splitlines() if line.startswith("SECRET_KEY="))
    assert secret != "SECRET_KEY=change-me" and len(secret) > len("SECRET_KEY=") + 50
