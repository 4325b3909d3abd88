"""The arrows between the apps: config ← dashboard ← ingest, and pure pipeline stages."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The parts of the ingest that talk to Django: the loader, the commands and the upload view.
INGEST_DJANGO_SIDE = {"apps.py", "load.py", "upload.py", "urls.py"}


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
    return modules


def importers(folder: Path, prefixes: tuple[str, ...], skip=lambda path: False) -> list[str]:
    return sorted(
        str(path.relative_to(ROOT))
        for path in folder.rglob("*.py")
        if not skip(path)
        and any(m == p or m.startswith(p + ".") for m in imported_modules(path) for p in prefixes)
    )


def test_the_dashboard_never_imports_the_ingest():
    assert importers(ROOT / "dashboard", ("ingest",)) == []


def test_no_pipeline_stage_imports_django_or_the_dashboard():
    def django_side(path: Path) -> bool:
        return path.name in INGEST_DJANGO_SIDE or "management" in path.parts

    assert importers(ROOT / "ingest", ("django", "dashboard"), skip=django_side) == []
