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


CHECKS: list[tuple[str, Check]] = [
    ("database and migrations", _database),
    ("Turkish number format", _formatting),
    ("Turkish translations", _translations),
    ("bundled 2021 plan", _plan),
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
