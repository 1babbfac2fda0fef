"""Reading what a package carries out of the database: one function per package type.

Cards travel as a `kbpp-plan` document (the plan exchange format, reusing its exporter and
reader) restricted to one directorate, without values or spending: values move only in data
packages, so a newer reference package never overwrites what a directorate typed.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kbpp.errors import NotFoundError, ValidationError
from kbpp.evaluation.loader import program_year
from kbpp.i18n import _
from kbpp.models import (
    Activity,
    Directorate,
    EvidenceFile,
    Indicator,
    IndicatorValue,
    PackageImport,
    PerformanceTarget,
    ProgramYear,
    QuarterStatus,
    ReviewComment,
)
from kbpp.office.calendar import year_calendar
from kbpp.packages.content import decimal_text
from kbpp.packages.manifest import CONTENT, EVIDENCE_PREFIX, PLAN
from kbpp.planexchange.exporter import dumps_exact, export_plan
from kbpp.storage import Database


@dataclass(frozen=True)
class Built:
    """The members of a package about to be signed."""

    content: dict[str, Any]
    plan_text: bytes | None
    evidence: list[tuple[str, bytes]]
    plan_period: str

    def members(self, content_bytes: bytes) -> list[tuple[str, bytes]]:
        out = [(CONTENT, content_bytes)]
        if self.plan_text is not None:
            out.append((PLAN, self.plan_text))
        return out + self.evidence


def directorate_targets(
    session: Session, program: ProgramYear, directorate: Directorate
) -> list[PerformanceTarget]:
    return list(
        session.scalars(
            select(PerformanceTarget)
            .where(
                PerformanceTarget.program_year_id == program.id,
                PerformanceTarget.directorate_id == directorate.id,
            )
            .order_by(PerformanceTarget.position)
            .options(
                selectinload(PerformanceTarget.indicators).selectinload(Indicator.values),
                selectinload(PerformanceTarget.activities).selectinload(Activity.spending),
            )
        )
    )


def directorate_named(session: Session, name: str) -> Directorate:
    row = session.scalar(select(Directorate).where(Directorate.name == name))
    if row is None:
        raise NotFoundError(_("There is no directorate “{name}”.").format(name=name))
    return row


def cards_document(
    db: Database, year: int, directorate: str, whole: dict[str, Any] | None = None
) -> bytes:
    """The plan skeleton and one directorate's cards of a year, without values or spending.

    `whole` is the year's export when the caller has it already (publishing to every directorate
    exports once); it is not changed."""
    whole = whole if whole is not None else export_plan(db, year)
    doc = {**whole, "programs": [dict(whole["programs"][0])]}
    program = doc["programs"][0]
    program["directorates"] = [
        copy.deepcopy(d) for d in program["directorates"] if d["name"] == directorate
    ]
    if not program["directorates"]:
        raise ValidationError(
            _("{name} has no goal cards in {year}; there is nothing to send.").format(
                name=directorate, year=year
            )
        )
    for item in program["directorates"][0]["performance_targets"]:
        for indicator in item["indicators"]:
            indicator["values"] = []
        for activity in item["activities"]:
            activity.pop("spending", None)
    return (dumps_exact(doc) + "\n").encode("utf-8")


def _plan_period(program: ProgramYear) -> str:
    return f"{program.plan.start_year}-{program.plan.end_year}"


def data_content(db: Database, year: int, quarter: int | None, directorate: str) -> Built:
    """A directorate's quarter (every indicator, empty ones as null) or, without a quarter,
    its cards in the draft phase."""
    with db.read() as session:
        program = program_year(session, year)
        period = _plan_period(program)
        if quarter is None:
            content = {
                "directorate": directorate,
                "year": year,
                "quarter": None,
                "values": [],
                "spending": [],
                "evidence": [],
            }
            return Built(content, cards_document(db, year, directorate), [], period)
        d = directorate_named(session, directorate)
        targets = directorate_targets(session, program, d)
        periods = [f"Q{quarter}", *(["Y"] if quarter == 4 else [])]
        values, spending = [], []
        for t in targets:
            for ind in t.indicators:
                by_period = {v.period: v for v in ind.values}
                for p in periods:
                    row = by_period.get(p)
                    if p == "Y" and row is None:
                        continue
                    values.append(
                        {
                            "target": t.code,
                            "indicator": ind.code,
                            "period": p,
                            "value": decimal_text(row.value) if row else None,
                            "note": row.note if row else None,
                        }
                    )
            for act in t.activities:
                amount = next((s.amount_kurus for s in act.spending if s.quarter == quarter), None)
                spending.append(
                    {"target": t.code, "activity": act.name, "quarter": quarter, "kurus": amount}
                )
        ids = {ind.id: (t.code, ind.code) for t in targets for ind in t.indicators}
        files = session.scalars(
            select(EvidenceFile).where(
                EvidenceFile.indicator_id.in_(ids), EvidenceFile.period.in_(periods)
            )
        ).all()
        evidence = [
            {
                "target": ids[f.indicator_id][0],
                "indicator": ids[f.indicator_id][1],
                "period": f.period,
                "filename": f.filename,
                "sha256": f.sha256,
            }
            for f in files
        ]
        members = {f.sha256: f.data for f in files}
        content = {
            "directorate": directorate,
            "year": year,
            "quarter": quarter,
            "values": values,
            "spending": spending,
            "evidence": evidence,
        }
        attached = [(EVIDENCE_PREFIX + h, data) for h, data in sorted(members.items())]
        return Built(content, None, attached, period)


def _comments(session: Session, targets: list[PerformanceTarget], quarter: int | None) -> list:
    ids = {ind.id: (t.code, ind.code) for t in targets for ind in t.indicators}
    query = select(ReviewComment).where(ReviewComment.indicator_id.in_(ids))
    if quarter is not None:
        query = query.where(ReviewComment.quarter == quarter)
    rows = session.scalars(query.order_by(ReviewComment.indicator_id, ReviewComment.quarter))
    out = []
    for c in rows:
        item = {
            "target": ids[c.indicator_id][0],
            "indicator": ids[c.indicator_id][1],
            "text": c.text,
        }
        if quarter is None:
            item["quarter"] = c.quarter
        out.append(item)
    return out


def _office_values(session: Session, targets: list[PerformanceTarget]) -> list[dict[str, Any]]:
    """The values the office entered for the directorate, with its reason, so the workspace
    marks them (and takes the office's correction of a locked quarter)."""
    ids = {ind.id: (t.code, ind.code) for t in targets for ind in t.indicators}
    rows = session.execute(
        select(
            IndicatorValue.indicator_id,
            IndicatorValue.period,
            IndicatorValue.value,
            IndicatorValue.note,
            IndicatorValue.office_reason,
        )
        .where(IndicatorValue.indicator_id.in_(ids), IndicatorValue.entered_by_office.is_(True))
        .order_by(IndicatorValue.indicator_id, IndicatorValue.period)
    )
    return [
        {
            "target": ids[i][0],
            "indicator": ids[i][1],
            "period": p,
            "value": decimal_text(v),
            "note": n,
            "reason": reason or "-",
        }
        for i, p, v, n, reason in rows
    ]


def reference_content(
    db: Database, year: int, directorate: str, whole: dict[str, Any] | None = None
) -> Built:
    """The office's plan skeleton, the directorate's cards, its quarters' states and comments,
    and the year's calendar (entry windows and due dates)."""
    with db.read() as session:
        program = program_year(session, year)
        d = directorate_named(session, directorate)
        targets = directorate_targets(session, program, d)
        states = session.scalars(
            select(QuarterStatus)
            .where(
                QuarterStatus.program_year_id == program.id,
                QuarterStatus.directorate_id == d.id,
            )
            .order_by(QuarterStatus.quarter)
        )
        quarters = [
            {"quarter": s.quarter, "state": s.state, "locked": s.locked, "reason": s.reason}
            for s in states
        ]
        last = session.scalar(
            select(PackageImport.sequence)
            .where(PackageImport.issuer == directorate)
            .order_by(PackageImport.sequence.desc())
        )
        content = {
            "directorate": directorate,
            "year": year,
            "quarters": quarters,
            "comments": _comments(session, targets, None),
            "last_sequence": last,
            "calendar": [
                {
                    "quarter": w.quarter,
                    "opens_on": w.opens_on.isoformat(),
                    "due_on": w.due_on.isoformat(),
                }
                for w in year_calendar(session, year)
            ],
            "office_values": _office_values(session, targets),
        }
        period = _plan_period(program)
    return Built(content, cards_document(db, year, directorate, whole), [], period)


def return_content(db: Database, year: int, quarter: int, directorate: str) -> Built:
    """A returned quarter with the office's reason and its comments per indicator."""
    with db.read() as session:
        program = program_year(session, year)
        d = directorate_named(session, directorate)
        status = session.get(QuarterStatus, (program.id, d.id, quarter))
        if status is None or status.state != "returned":
            raise ValidationError(
                _(
                    "Q{q} of {name} has not been returned; return it with a reason before "
                    "sending a return package."
                ).format(q=quarter, name=directorate)
            )
        targets = directorate_targets(session, program, d)
        content = {
            "directorate": directorate,
            "year": year,
            "quarter": quarter,
            "reason": status.reason or "-",
            "comments": _comments(session, targets, quarter),
        }
        return Built(content, None, [], _plan_period(program))
