"""Searching the append-only audit log: text, user, action, days, package; newest first."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kbpp import audit
from kbpp.office.audit_log import (
    AuditFilter,
    audit_choices,
    query_audit,
    row_to_json,
    write_audit_xlsx,
)
from kbpp.storage import Database

PACKAGE = "6f1c2a44-0000-4000-8000-000000000001"


def _at(day: date, hour: int = 12) -> datetime:
    """Noon local time on `day`, stored as naive UTC like audit.now()."""
    local = datetime(day.year, day.month, day.day, hour).astimezone()
    return local.astimezone(UTC).replace(tzinfo=None)


@pytest.fixture
def logged(office_db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    entries = [
        ("ayse", "value", "2021/Zabıta Müdürlüğü/PH1.41.1/PG1.41.1.1/Q1", "10", "12", None,
         None, False, date(2021, 4, 10)),
        ("mehmet", "import", "2021/Bilgi İşlem Müdürlüğü/PH9.62.1/PG9.62.1.1/Q1", None, "7",
         None, PACKAGE, False, date(2021, 4, 20)),
        ("strateji", "status", "2021/Bilgi İşlem Müdürlüğü/Q1", "submitted", "returned",
         "Sapma nedeni eksik (100%_kontrol)", None, False, date(2021, 5, 2)),
        ("strateji", "value", "2021/Zabıta Müdürlüğü/PH1.41.1/PG1.41.1.2/Q1", "3", "4",
         "Telefonla düzeltildi", None, True, date(2021, 5, 3)),
    ]  # fmt: skip
    with office_db.write() as s:
        for user, action, key, old, new, reason, package, behalf, day in entries:
            monkeypatch.setattr(audit, "now", lambda day=day: _at(day))
            audit.record(
                s, action, "indicator value", key, field="value", old=old, new=new, user=user,
                reason=reason, package_id=package, on_behalf=behalf,
            )  # fmt: skip
    return office_db


def test_newest_first_with_a_total_and_paging(logged: Database) -> None:
    page = query_audit(logged)
    assert page.total == 4 and [r.user for r in page.rows] == [
        "strateji", "strateji", "mehmet", "ayse"
    ]  # fmt: skip
    assert page.rows[0].at.date() == date(2021, 5, 3)  # shown in local time
    second = query_audit(logged, limit=2, offset=2)
    assert [r.user for r in second.rows] == ["mehmet", "ayse"] and second.total == 4


def test_text_matches_key_values_reason_and_user(logged: Database) -> None:
    assert query_audit(logged, AuditFilter(text="PG1.41.1")).total == 2
    assert query_audit(logged, AuditFilter(text="telefonla")).total == 1  # reason, any case
    assert query_audit(logged, AuditFilter(text="MEHMET")).total == 1
    assert query_audit(logged, AuditFilter(text="returned")).total == 1  # new value
    # % and _ are plain characters, not wildcards.
    assert query_audit(logged, AuditFilter(text="100%_k")).total == 1
    assert query_audit(logged, AuditFilter(text="1%1")).total == 0


def test_user_action_days_and_package(logged: Database) -> None:
    assert query_audit(logged, AuditFilter(user="strateji")).total == 2
    assert query_audit(logged, AuditFilter(action="value")).total == 2
    may = query_audit(logged, AuditFilter(since=date(2021, 5, 1), until=date(2021, 5, 2)))
    assert [r.action for r in may.rows] == ["status"]  # both days included, no more
    assert query_audit(logged, AuditFilter(until=date(2021, 4, 10))).total == 1
    by_package = query_audit(logged, AuditFilter(package_id=PACKAGE[:8]))
    assert [r.user for r in by_package.rows] == ["mehmet"]
    assert query_audit(logged, AuditFilter(text="zabıta", user="strateji")).rows[0].on_behalf


def test_the_filter_lists_and_json(logged: Database) -> None:
    users, actions = audit_choices(logged)
    assert users == ["ayse", "mehmet", "strateji"]
    assert actions == ["import", "status", "value"]
    doc = row_to_json(query_audit(logged, limit=1).rows[0])
    assert doc["on_behalf"] is True and doc["reason"] == "Telefonla düzeltildi"
    assert doc["at"].startswith("2021-05-03T")


def test_export_to_excel(logged: Database, tmp_path: Path) -> None:
    rows = query_audit(logged, limit=None).rows
    ws = load_workbook(write_audit_xlsx(rows, tmp_path / "audit.xlsx")).active
    assert [c.value for c in ws[1]][:3] == ["When", "User", "Action"]
    assert ws.max_row == 5 and ws.freeze_panes == "B2" and ws.auto_filter.ref == "A1:K5"
    assert isinstance(ws["A2"].value, datetime) and ws["A2"].number_format == "dd.mm.yyyy hh:mm"
    assert ws["K2"].value == "yes" and ws["I2"].value == "Telefonla düzeltildi"
    assert ws["A2"].value - timedelta(days=1) < datetime(2021, 5, 4)
