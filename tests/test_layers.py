"""The layers stay apart: the domain never imports Qt, the UI never talks SQL."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kbpp"
QT_ALLOWED = {PACKAGE / "ui"}
SQL_MODULES = ("sqlalchemy", "sqlite3", "alembic")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if ".venv" not in p.parts)


def test_no_qt_outside_the_ui() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in python_files(PACKAGE)
        if not any(p.is_relative_to(allowed) for allowed in QT_ALLOWED)
        and any(m.split(".")[0] in ("PySide6", "shiboken6") for m in imported_modules(p))
    ]
    assert offenders == []


def test_no_sql_in_the_ui() -> None:
    offenders = []
    for p in python_files(PACKAGE / "ui"):
        text = p.read_text(encoding="utf-8")
        imports_sql = any(m.split(".")[0] in SQL_MODULES for m in imported_modules(p))
        writes_sql = any(w in text for w in ("SELECT ", "INSERT ", "UPDATE ", "DELETE FROM"))
        if imports_sql or writes_sql:
            offenders.append(str(p.relative_to(ROOT)))
    assert offenders == []


def test_the_checks_see_real_files() -> None:
    """Guard against the two tests above passing because they looked at nothing."""
    assert len(python_files(PACKAGE)) > 20
    assert any("sqlalchemy" in imported_modules(p) for p in python_files(PACKAGE / "storage"))
