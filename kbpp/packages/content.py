"""What `content.json` holds for each package type, and its field-by-field check on import.

Decimals travel as texts ("12.35"), money as integer kuruş, so canonical JSON never meets a
binary float. Every row names its card and indicator (or activity) by code within the package's
own directorate; nothing in the content can name another directorate's row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from kbpp.i18n import _, ngettext
from kbpp.models.workflow import QUARTER_STATES
from kbpp.packages import errors as e
from kbpp.packages import strictjson
from kbpp.packages.manifest import Manifest, is_int, is_name

_DECIMAL = re.compile(r"^-?(0|[1-9]\d{0,15})(\.\d{1,10})?$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_FILENAME_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
MAX_TEXT = 4000
MAX_KURUS = 10**16
MAX_ROWS = 100_000


def decimal_text(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class ValueRow:
    target: str
    indicator: str
    period: str
    value: Decimal | None
    note: str | None


@dataclass(frozen=True)
class SpendingRow:
    target: str
    activity: str
    quarter: int
    kurus: int | None


@dataclass(frozen=True)
class EvidenceRow:
    target: str
    indicator: str
    period: str
    filename: str
    sha256: str


@dataclass(frozen=True)
class CommentRow:
    target: str
    indicator: str
    quarter: int
    text: str


@dataclass(frozen=True)
class QuarterRow:
    quarter: int
    state: str
    locked: bool
    reason: str | None


@dataclass(frozen=True)
class OfficeValueRow:
    """A value the office entered for the directorate, with why (reference packages)."""

    target: str
    indicator: str
    period: str
    value: Decimal | None
    note: str | None
    reason: str


@dataclass(frozen=True)
class WindowRow:
    quarter: int
    opens_on: date
    due_on: date


@dataclass(frozen=True)
class Content:
    directorate: str
    year: int
    quarter: int | None
    values: list[ValueRow]
    spending: list[SpendingRow]
    evidence: list[EvidenceRow]
    comments: list[CommentRow]
    quarters: list[QuarterRow]
    reason: str | None
    last_sequence: int | None
    calendar: list[WindowRow] = field(default_factory=list)  # reference packages since 2026-11
    office_values: list[OfficeValueRow] = field(default_factory=list)  # likewise


class _Checker:
    """Collects every problem with its JSON path, so one rejection lists them all."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, what: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(f"{where}: {what}")

    def rows(self, doc: dict[str, Any], key: str, fields: set[str]) -> list[tuple[str, dict]]:
        if key not in doc:
            return []
        raw = doc[key]
        if not isinstance(raw, list) or len(raw) > MAX_ROWS:
            self.fail(key, _("expected a list"))
            return []
        out = []
        for i, row in enumerate(raw):
            where = f"{key}[{i}]"
            if not isinstance(row, dict) or set(row) != fields:
                self.fail(
                    where,
                    _("expected exactly the keys {keys}").format(keys=", ".join(sorted(fields))),
                )
            else:
                out.append((where, row))
        return out

    def text(self, where: str, value: Any, nullable: bool = False) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not value or len(value) > MAX_TEXT:
            self.fail(where, _("expected a text"))
            return ""
        return value

    def code(self, where: str, value: Any) -> str:
        if not is_name(value):
            self.fail(where, _("expected a code"))
            return ""
        return value

    def decimal(self, where: str, value: Any) -> Decimal | None:
        if value is None:
            return None
        if not isinstance(value, str) or not _DECIMAL.match(value):
            self.fail(where, _('expected a decimal text such as "12.5"'))
            return None
        return Decimal(value)

    def quarter(self, where: str, value: Any) -> int:
        if not is_int(value, 1, 4):
            self.fail(where, _("expected a quarter 1-4"))
            return 1
        return value


def _period(c: _Checker, where: str, value: Any, quarter: int | None) -> str:
    allowed = {f"Q{quarter}", *(["Y"] if quarter == 4 else [])} if quarter else set()
    if value not in allowed:
        c.fail(
            where,
            _("the period must be one of the package's quarter: {allowed}").format(
                allowed=", ".join(sorted(allowed)) or "-"
            ),
        )
        return "Q1"
    return value


def _date(c: _Checker, where: str, value: Any) -> date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        c.fail(where, _("expected a date such as 2021-04-30"))
        return date.min
    try:
        return date.fromisoformat(value)
    except ValueError:
        c.fail(where, _("expected a date such as 2021-04-30"))
        return date.min


def _filename(c: _Checker, where: str, value: Any) -> str:
    if (
        not isinstance(value, str)
        or not 0 < len(value) <= 200
        or _FILENAME_FORBIDDEN.search(value)
        or value.strip(" .") == ""
    ):
        c.fail(where, _("not a plain file name"))
        return "-"
    return value


def parse_content(data: bytes, manifest: Manifest, path: Path) -> Content:
    """Check content.json against its manifest; a typed rejection lists every problem."""
    try:
        doc = strictjson.loads(data)
    except strictjson.StrictJsonError as exc:
        raise e.PackageRejected(
            e.BAD_CONTENT, path, _("its content is not valid ({what}).").format(what=exc)
        ) from None
    keys = {
        "data": {"directorate", "year", "quarter", "values", "spending", "evidence"},
        "reference": {"directorate", "year", "quarters", "comments", "last_sequence"},
        "return": {"directorate", "year", "quarter", "reason", "comments"},
    }[manifest.type]
    # Optional fields: a reference package made before the calendar existed still imports.
    optional = {"calendar", "office_values"} if manifest.type == "reference" else set()
    if not isinstance(doc, dict) or not keys <= set(doc) <= keys | optional:
        raise e.PackageRejected(
            e.BAD_CONTENT,
            path,
            _("its content does not have the fields of a {type} package.").format(
                type=manifest.type
            ),
        )
    c = _Checker()
    directorate = manifest.issuer if manifest.type == "data" else manifest.audience
    if doc["directorate"] != directorate:
        raise e.PackageRejected(
            e.FOREIGN_ROWS,
            path,
            _(
                "its content belongs to “{other}”, not to “{own}” named in its signed manifest."
            ).format(other=str(doc["directorate"])[:80], own=directorate),
        )
    if doc["year"] != manifest.year or doc.get("quarter", manifest.quarter) != manifest.quarter:
        c.fail("year", _("the year or quarter differs from the manifest's"))
    quarter = manifest.quarter
    values, spending, evidence, comments, quarters = [], [], [], [], []
    for where, r in c.rows(doc, "values", {"target", "indicator", "period", "value", "note"}):
        values.append(
            ValueRow(
                c.code(f"{where}.target", r["target"]),
                c.code(f"{where}.indicator", r["indicator"]),
                _period(c, f"{where}.period", r["period"], quarter),
                c.decimal(f"{where}.value", r["value"]),
                c.text(f"{where}.note", r["note"], True),
            )
        )
    for where, r in c.rows(doc, "spending", {"target", "activity", "quarter", "kurus"}):
        kurus = r["kurus"]
        if kurus is not None and not is_int(kurus, 0, MAX_KURUS):
            c.fail(f"{where}.kurus", _("expected an amount in kuruş"))
        if r["quarter"] != quarter:
            c.fail(f"{where}.quarter", _("not the package's quarter"))
        spending.append(
            SpendingRow(
                c.code(f"{where}.target", r["target"]),
                c.text(f"{where}.activity", r["activity"]),
                c.quarter(f"{where}.quarter", r["quarter"]),
                kurus if type(kurus) is int else None,
            )
        )
    fields = {"target", "indicator", "period", "filename", "sha256"}
    for where, r in c.rows(doc, "evidence", fields):
        digest = r["sha256"]
        if not isinstance(digest, str) or not _HEX64.match(digest):
            c.fail(f"{where}.sha256", _("expected a SHA-256"))
            digest = "0" * 64
        elif not any(m.sha256 == digest for m in manifest.evidence):
            c.fail(f"{where}.sha256", _("no member of the package has this hash"))
        evidence.append(
            EvidenceRow(
                c.code(f"{where}.target", r["target"]),
                c.code(f"{where}.indicator", r["indicator"]),
                _period(c, f"{where}.period", r["period"], quarter),
                _filename(c, f"{where}.filename", r["filename"]),
                digest,
            )
        )
    comment_fields = {"target", "indicator", "text"} | (
        {"quarter"} if manifest.type == "reference" else set()
    )
    for where, r in c.rows(doc, "comments", comment_fields):
        q = c.quarter(f"{where}.quarter", r["quarter"]) if "quarter" in r else quarter or 1
        comments.append(
            CommentRow(
                c.code(f"{where}.target", r["target"]),
                c.code(f"{where}.indicator", r["indicator"]),
                q,
                c.text(f"{where}.text", r["text"]) or "",
            )
        )
    for where, r in c.rows(doc, "quarters", {"quarter", "state", "locked", "reason"}):
        if r["state"] not in QUARTER_STATES or not isinstance(r["locked"], bool):
            c.fail(where, _("expected a quarter state"))
        if r["locked"] is True and r["reason"] is None:
            c.fail(f"{where}.reason", _("a lock needs its reason"))
        quarters.append(
            QuarterRow(
                c.quarter(f"{where}.quarter", r["quarter"]),
                str(r["state"]),
                r["locked"] is True,
                c.text(f"{where}.reason", r["reason"], True),
            )
        )
    calendar = []
    for where, r in c.rows(doc, "calendar", {"quarter", "opens_on", "due_on"}):
        opens = _date(c, f"{where}.opens_on", r["opens_on"])
        due = _date(c, f"{where}.due_on", r["due_on"])
        if opens > due:
            c.fail(where, _("the due date is before the day entry opens"))
        calendar.append(WindowRow(c.quarter(f"{where}.quarter", r["quarter"]), opens, due))
    if len({w.quarter for w in calendar}) != len(calendar):
        c.fail("calendar", _("a quarter is listed twice"))
    office_values = []
    fields = {"target", "indicator", "period", "value", "note", "reason"}
    for where, r in c.rows(doc, "office_values", fields):
        if r["period"] not in ("Q1", "Q2", "Q3", "Q4", "Y"):
            c.fail(f"{where}.period", _("expected a period Q1-Q4 or Y"))
        office_values.append(
            OfficeValueRow(
                c.code(f"{where}.target", r["target"]),
                c.code(f"{where}.indicator", r["indicator"]),
                str(r["period"]),
                c.decimal(f"{where}.value", r["value"]),
                c.text(f"{where}.note", r["note"], True),
                c.text(f"{where}.reason", r["reason"]) or "-",
            )
        )
    reason = c.text("reason", doc["reason"]) if "reason" in doc else None
    last = doc.get("last_sequence")
    if last is not None and not is_int(last, 1, 2**53 - 1):
        c.fail("last_sequence", _("expected a sequence number"))
    if manifest.type == "return" and quarter is None:
        c.fail("quarter", _("a return package is for one quarter"))
    if c.problems:
        raise e.PackageRejected(
            e.BAD_CONTENT,
            path,
            ngettext(
                "its content has {n} problem; ask the sender to export it again with KBPP.",
                "its content has {n} problems; ask the sender to export it again with KBPP.",
                len(c.problems),
            ).format(n=len(c.problems)),
            c.problems,
        )
    return Content(
        directorate,
        manifest.year,
        quarter,
        values,
        spending,
        evidence,
        comments,
        quarters,
        reason,
        last if type(last) is int else None,
        calendar,
        office_values,
    )
