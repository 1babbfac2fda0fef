"""Pictures of the office's overview page and audit log for docs/screenshots.

    KBPP_DATA_DIR=/tmp/kbpp-shot xvfb-run -s "-screen 0 1366x768x24" \\
        .venv/bin/python tools/screenshot_office.py docs/screenshots [--language tr]

The scene is the demo database (the real 2021 plan, invented values) seen on 10 August 2021:
Q1 accepted and locked for most directorates, Q2 received, returned or still missing, Q3 and
Q4 not due yet. Package rows and statuses are written as an import and a review would write
them; the audit entries through kbpp.audit, as the app does.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QTimer
from sqlalchemy import delete, select

from kbpp import audit
from kbpp.demo import open_or_build_demo
from kbpp.i18n import available_languages, set_language
from kbpp.models import Directorate, IndicatorValue, PackageImport, ProgramYear, QuarterStatus
from kbpp.storage import Database, open_database
from kbpp.ui.app import create_application
from kbpp.ui.main_window import MainWindow

TODAY = date(2021, 8, 10)
SETTLE_MS = 600


def build_scene(path: Path) -> Database:
    demo = open_or_build_demo()
    source = demo.path
    demo.close()
    shutil.copyfile(source, path)
    db = open_database(path)
    with db.write() as s:
        s.execute(delete(IndicatorValue).where(IndicatorValue.period.in_(("Q3", "Q4", "Y"))))
        s.execute(delete(QuarterStatus))  # the demo's own statuses make way for the scene's
        program = s.scalar(select(ProgramYear).where(ProgramYear.year == 2021))
        directorates = s.execute(
            select(Directorate.id, Directorate.name).order_by(Directorate.position)
        ).all()
        for n, (d_id, name) in enumerate(directorates):
            quarters = [(1, "accepted")]
            if n % 6 == 2:
                quarters.append((2, "returned"))
            elif n % 5 != 4:
                quarters.append((2, "submitted"))
            for q, state in quarters:
                sent = datetime(2021, 3 * q + 1, 20 + n % 9, 9 + n % 7, 15)
                s.add(
                    PackageImport(
                        package_id=f"shot-{n}-{q}", type="data", issuer=name, sequence=q + 1,
                        year=2021, quarter=q, file_sha256="0" * 64, key_id="0" * 64,
                        file_name=f"{name}-2021-Q{q}.kbpp", created=sent.isoformat() + "Z",
                        imported_at=sent.replace(hour=16), imported_by="strateji.ayse",
                    )
                )  # fmt: skip
                reason = {
                    "accepted": "Kabul edildi; çeyrek kilitlendi.",
                    "returned": "PG sapma açıklamaları eksik; tamamlayıp yeniden gönderin.",
                }.get(state)
                s.add(
                    QuarterStatus(
                        program_year_id=program.id, directorate_id=d_id, quarter=q, state=state,
                        locked=state == "accepted", reason=reason, changed_by="strateji.ayse",
                        changed_at=datetime(2021, 3 * q + 2, 3 + n % 5, 11, 30),
                    )
                )  # fmt: skip
                audit.record(
                    s, "status", "quarter", f"2021/{name}/Q{q}", field="state",
                    old="submitted", new=state, user="strateji.ayse", reason=reason,
                )  # fmt: skip
        audit.record(
            s, "value", "indicator value",
            "2021/Zabıta Müdürlüğü/PH1.41.1/PG1.41.1.1/Q2", field="value", old="112",
            new="121", user="strateji.mehmet",
            reason="Müdürlük telefonla düzeltti (yazı 2021/341)", on_behalf=True,
        )  # fmt: skip
    return db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/screenshot_office.py")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--size", default="1366x700")
    parser.add_argument("--language", choices=sorted(available_languages()))
    args, qt_args = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if args.language:
        set_language(args.language)
    width, height = (int(n) for n in args.size.lower().split("x"))
    app = create_application(qt_args)
    db = build_scene(args.folder.parent / ".office-shot.db")
    window = MainWindow(db)
    window.overview_page.today = TODAY
    window.overview_page.reload()
    window.resize(width, height)
    window.show()
    suffix = f"-{args.language}" if args.language else ""

    def grab_overview() -> None:
        window.grab().save(str(args.folder / f"office-overview{suffix}.png"))
        window.office_actions["AuditDialog"].trigger()
        QTimer.singleShot(SETTLE_MS, grab_audit)

    def grab_audit() -> None:
        dialog = window._dialogs[-1]
        dialog.resize(1300, 600)
        dialog.grab().save(str(args.folder / f"office-audit{suffix}.png"))
        window.close()
        app.quit()

    QTimer.singleShot(SETTLE_MS, grab_overview)
    try:
        app.exec()
    finally:
        window.database.close()
        for leftover in args.folder.parent.glob(".office-shot.db*"):
            leftover.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
