"""One entry point for every report and format: what the command line and the GUI call.

The data is read in one transaction, then laid out without the database, so a report is a
consistent picture of one moment; progress and cancel reach into the PDF layout, the long part.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy import select
from sqlalchemy.orm import Session

from kbpp.errors import ValidationError
from kbpp.i18n import _
from kbpp.models import Directorate, PerformanceTarget, ProgramYear
from kbpp.reports import monitoring, program_pdf, results, results_doc
from kbpp.reports.cancel import Cancelled, Progress
from kbpp.reports.data import ProgramData, data_hash, load_program
from kbpp.reports.excel import write_workbook
from kbpp.reports.fonts import register_fonts
from kbpp.reports.pdf import COVER, DocumentInfo, write_pdf
from kbpp.reports.program_xlsx import program_sheets
from kbpp.reports.tables import ReportTable
from kbpp.storage import Database

FORMATS = (".pdf", ".xlsx")


@dataclass(frozen=True)
class ReportRequest:
    """`kind` is "program", "monitoring" (needs `quarter`) or "results"."""

    kind: str
    year: int
    out: Path
    quarter: int | None = None
    directorate: str | None = None


@dataclass(frozen=True)
class ReportOutcome:
    path: Path
    pages: int | None  # PDF pages
    sheets: int | None  # workbook sheets
    data_hash: str


@dataclass(frozen=True)
class _Kind:
    load: Callable[[Session, int, int | None, str | None], Any]  # year, quarter, directorate
    title: Callable[[Any], tuple[str, str | None]]  # document title, subtitle
    story: Callable[[Any, DocumentInfo], list[Flowable]]
    sheets: Callable[[Any], Sequence[ReportTable]]


def _load_program(
    session: Session, year: int, _quarter: int | None, directorate: str | None
) -> ProgramData:
    return load_program(session, year, directorate)


KINDS: dict[str, _Kind] = {
    "program": _Kind(
        _load_program,
        lambda d: (program_pdf.program_title(d.year), d.plan_name),
        program_pdf.program_story,
        program_sheets,
    ),
    "results": _Kind(results.load, results.title, results_doc.story, results_doc.sheets),
    "monitoring": _Kind(monitoring.load, monitoring.title, monitoring.story, monitoring.sheets),
}


def check_request(request: ReportRequest) -> None:
    """Refuse what cannot be made, with a sentence that says what to do."""
    if request.kind not in KINDS:
        raise ValidationError(
            _("There is no report “{kind}”; choose program, monitoring or results.").format(
                kind=request.kind
            )
        )
    if Path(request.out).suffix.lower() not in FORMATS:
        raise ValidationError(
            _("Name the output file NAME.pdf or NAME.xlsx; “{name}” is neither.").format(
                name=Path(request.out).name
            )
        )
    if request.kind == "monitoring" and request.quarter not in (1, 2, 3, 4):
        raise ValidationError(_("The monitoring report needs a quarter: --quarter 1 to 4."))


def make_report(
    db: Database,
    request: ReportRequest,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ReportOutcome:
    """Read the data, then write the PDF or the workbook that `request.out` names."""
    check_request(request)
    kind = KINDS[request.kind]
    with db.read() as session:
        content = kind.load(session, request.year, request.quarter, request.directorate)
    digest = data_hash(content)
    out = Path(request.out)
    if out.suffix.lower() == ".xlsx":
        sheets = kind.sheets(content)
        write_workbook(out, sheets, cancelled)
        if progress is not None:
            progress(1.0)
        return ReportOutcome(out, None, len(sheets), digest)
    register_fonts()  # paragraphs look the family up as soon as they are made
    title, subtitle = kind.title(content)
    info = DocumentInfo(content.institution, title, digest, subtitle)
    story = kind.story(content, info)
    pages = write_pdf(out, info, story, progress, cancelled, first=COVER)
    return ReportOutcome(out, pages, None, digest)


@dataclass(frozen=True)
class ReportChoices:
    """What the Reports screen offers: the program years and, per year, its directorates."""

    years: tuple[int, ...]
    directorates: dict[int, tuple[str, ...]]


def report_choices(db: Database) -> ReportChoices:
    with db.read() as session:
        rows = session.execute(
            select(ProgramYear.year, Directorate.name)
            .join(PerformanceTarget, PerformanceTarget.program_year_id == ProgramYear.id)
            .join(Directorate, Directorate.id == PerformanceTarget.directorate_id)
            .group_by(ProgramYear.year, Directorate.id)
            .order_by(ProgramYear.year, Directorate.position, Directorate.name)
        ).all()
    directorates: dict[int, list[str]] = {}
    for year, name in rows:
        directorates.setdefault(year, []).append(name)
    return ReportChoices(
        tuple(sorted(directorates)), {y: tuple(n) for y, n in directorates.items()}
    )
