"""A digest of the files that decide what the pages show: the shared cache's key prefix.

In: the project folder and the settings the pages show. Out: 16 hex digits of a BLAKE2 digest over
those settings and the path and bytes of every file in `config/`, `dashboard/`, `templates/`,
`locale/` and `static/` (Python caches left out).
The database cache outlives a restart, so without it a new version of the code would serve the
pages an older one rendered, or unpickle the older one's objects, until the data changed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

FOLDERS = ("config", "dashboard", "templates", "locale", "static")


def code_version(
    base: Path, folders: tuple[str, ...] = FOLDERS, *, settings: tuple[str, ...] = ()
) -> str:
    """`settings`: values the pages show that come from the environment, not from the files."""
    digest = hashlib.blake2b(digest_size=8)
    for value in settings:
        digest.update(value.encode())
        digest.update(b"\0")
    for folder in folders:
        for path in sorted((base / folder).rglob("*")):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            digest.update(path.relative_to(base).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()
