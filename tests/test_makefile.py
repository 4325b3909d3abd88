"""The Makefile's own steps, run in a scratch copy of the project's top level."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


BROWSER_CHECK = ROOT / "scripts" / "browser_packages.sh"


def run_browser_check(tmp_path: Path, *, as_root: bool, chromium: str, path_dirs=()):
    env = {
        "PATH": os.pathsep.join([*map(str, path_dirs), "/usr/sbin", "/usr/bin", "/sbin", "/bin"]),
        "CHROMIUM": chromium,
    }
    # The script on standard input: as another user it need not be able to read the checkout.
    command = ["sh", "-s"]
    if os.geteuid() == 0 and not as_root:
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    elif os.geteuid() != 0 and as_root:
        pytest.skip("needs root")
    return subprocess.run(
        command,
        input=BROWSER_CHECK.read_text(),
        env=env,
        cwd="/",
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_chromium_a_user_who_is_not_root_is_told_at_once_which_packages_to_install(
    tmp_path,
):
    result = run_browser_check(tmp_path, as_root=False, chromium="/nonexistent/chromium")
    assert result.returncode != 0
    assert "chromium" in result.stderr and "fonts-noto-cjk" in result.stderr
    assert "apt-get install chromium fonts-noto-cjk" in result.stderr


def test_without_chromium_root_installs_debians_packages(tmp_path):
    # A stand-in for apt-get that records what it was asked: the real one would install.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "apt-get").write_text(f'#!/bin/sh\necho "$@" >> {tmp_path}/apt-get.log\n')
    (bin_dir / "apt-get").chmod(0o755)
    result = run_browser_check(
        tmp_path, as_root=True, chromium="/nonexistent/chromium", path_dirs=[bin_dir]
    )
    assert result.returncode == 0, result.stderr
    calls = (tmp_path / "apt-get.log").read_text().splitlines()
    assert calls[0].split()[0] == "update"
    assert calls[1].split()[0] == "install" and calls[1].split()[-1] == "chromium"


def test_with_chromium_and_the_fonts_present_nothing_is_installed(tmp_path):
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("this machine has no Chromium")
    result = run_browser_check(tmp_path, as_root=False, chromium="/usr/bin/chromium")
    assert (result.returncode, result.stderr) == (0, "")
