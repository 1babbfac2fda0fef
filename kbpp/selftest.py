"""`kbpp self-test`: proves an installed KBPP has everything it needs, on a temporary database.

Run by CI on the PyInstaller bundle, so a data file missing from the spec (migrations,
catalogues, fonts, the demo plan) fails the build instead of a clerk's first day.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from kbpp.formatting import format_money
from kbpp.i18n import _, current_language, set_language

Check = Callable[[Path], str]


def _database(tmp: Path) -> str:
    from kbpp.storage import create_database, open_database

    create_database(tmp / "selftest.db", "office").close()
    db = open_database(tmp / "selftest.db")
    db.close()
    return "selftest.db"


def _formatting(_tmp: Path) -> str:
    text = format_money(Decimal("1234567.89"), locale="tr_TR")
    if text != "1.234.567,89 ₺":
        raise AssertionError(f"Turkish amount printed as {text!r}")
    return text


def _translations(_tmp: Path) -> str:
    previous = current_language()
    try:
        set_language("tr")
        turkish = _("Interrupted; nothing half-written was kept.")
    finally:
        set_language(previous)
    if turkish == "Interrupted; nothing half-written was kept.":
        raise AssertionError("the Turkish catalogue was not found")
    return turkish


def _plan(tmp: Path) -> str:
    from kbpp.demo import PLAN_FILE
    from kbpp.planexchange.importer import import_plan
    from kbpp.planexchange.reader import read_plan_file
    from kbpp.storage import open_database

    db = open_database(tmp / "selftest.db")
    try:
        summary = import_plan(db, read_plan_file(PLAN_FILE))
    finally:
        db.close()
    return f"{summary.created['indicator']} indicators"


def _reports(tmp: Path) -> str:
    """Fonts, ReportLab, openpyxl and the PDF preview (pdfium's native library) all load."""
    from kbpp.reports.build import ReportRequest, make_report
    from kbpp.reports.preview import render_pages
    from kbpp.storage import open_database

    db = open_database(tmp / "selftest.db")
    try:
        pdf = make_report(db, ReportRequest("results", 2021, tmp / "results.pdf"))
        xlsx = make_report(db, ReportRequest("results", 2021, tmp / "results.xlsx"))
    finally:
        db.close()
    (page,) = render_pages(pdf.path, count=1, height=200)
    if not page.pixels or not xlsx.sheets:
        raise AssertionError("the report could not be rendered")
    return f"{pdf.pages} PDF pages, {xlsx.sheets} sheets, preview {page.width}×{page.height}"


def _package(tmp: Path) -> str:
    """Sign a reference package and open a directorate workspace from it (Ed25519, scrypt)."""
    from kbpp.packages.export import export_package
    from kbpp.packages.keys import new_key_files
    from kbpp.packages.workspace import create_workspace
    from kbpp.storage import open_database

    key = new_key_files(tmp / "office.key", "self-test", "self-test passphrase", n=2**14)
    db = open_database(tmp / "selftest.db")
    try:
        result = export_package(
            db, key, tmp, "reference", 2021, directorate="Bilgi İşlem Müdürlüğü"
        )
    finally:
        db.close()
    outcome = create_workspace(tmp / "workspace.db", result.path, key.fingerprint)
    return f"{result.path.name}: {outcome.status}"


CHECKS: list[tuple[str, Check]] = [
    ("database and migrations", _database),
    ("Turkish number format", _formatting),
    ("Turkish translations", _translations),
    ("bundled 2021 plan", _plan),
    ("reports and preview", _reports),
    ("signed package", _package),
]


def run_self_test(out: Callable[[str], None] = print) -> int:
    """Run every check in order; 0 when all pass, 1 otherwise (with the reason printed)."""
    failed = 0
    saved = os.environ.get("KBPP_DATA_DIR")
    with tempfile.TemporaryDirectory(prefix="kbpp-selftest-") as folder:
        tmp = Path(folder)
        os.environ["KBPP_DATA_DIR"] = str(tmp / "data")  # backups of the test stay in tmp
        for name, check in CHECKS:
            try:
                detail = check(tmp)
            except Exception as exc:  # the self-test reports every failure, never crashes
                failed += 1
                out(_("FAILED {name}: {reason}").format(name=name, reason=exc))
            else:
                out(_("ok     {name}: {detail}").format(name=name, detail=detail))
        if saved is None:
            os.environ.pop("KBPP_DATA_DIR", None)
        else:
            os.environ["KBPP_DATA_DIR"] = saved
    out(_("Self-test passed.") if not failed else _("Self-test FAILED."))
    return 0 if not failed else 1
