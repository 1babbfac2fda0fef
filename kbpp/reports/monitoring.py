"""The quarterly monitoring report (`kbpp report monitoring --quarter Q`): the office overview,
then per directorate its indicators year to date, what is missing, and its activities' spending.

Year-to-date rates and bands come from `evaluate(facts, quarter)`, as on every screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from kbpp.evaluation.engine import DirectorateResult, IndicatorResult, YearResult, evaluate
from kbpp.evaluation.loader import load_year_facts
from kbpp.evaluation.rules import (
    QUARTER_KEYS,
    YEAR_KEY,
    due_in_quarter,
)
from kbpp.evaluation.settings import EvaluationSettings
from kbpp.i18n import _
from kbpp.office.marks import office_entry_text
from kbpp.reports.common import band_cell, spending_rate
from kbpp.reports.data import DirectorateProgram, IndicatorRow, ProgramData, load_program
from kbpp.reports.pdf import (
    LANDSCAPE,
    DocumentInfo,
    HeadingCounter,
    cover_and_contents,
    switch_page,
    table_block,
)
from kbpp.reports.results import indicator_rows
from kbpp.reports.tables import Cell, Column, ReportTable, money, shown, text


@dataclass(frozen=True)
class MonitoringData:
    program: ProgramData
    result: YearResult
    settings: EvaluationSettings
    quarter: int

    @property
    def institution(self) -> str:
        return self.program.institution


def load(
    session: Session, year: int, quarter: int | None, directorate: str | None
) -> MonitoringData:
    if quarter is None:
        raise ValueError("the monitoring report needs a quarter")
    program = load_program(session, year, directorate)
    facts = load_year_facts(session, year)
    return MonitoringData(program, evaluate(facts, quarter), facts.settings, quarter)


def title(data: MonitoringData) -> tuple[str, str | None]:
    return (
        _("{year} quarterly monitoring report").format(year=data.program.year),
        _("Year to date through Q{q}").format(q=data.quarter),
    )


def state_label(state: str | None) -> str:
    return {
        "submitted": _("submitted"),
        "accepted": _("accepted"),
        "returned": _("returned"),
    }.get(state or "open", _("open"))


def missing_items(r: IndicatorResult, row: IndicatorRow | None, quarter: int) -> list[str]:
    """What a directorate still owes for this indicator and quarter."""
    period = QUARTER_KEYS[quarter - 1]
    values = r.facts.values
    has_value = values.get(period) is not None or (
        quarter == 4 and values.get(YEAR_KEY) is not None
    )
    items = []
    if not has_value and due_in_quarter(row.frequency if row else None, quarter):
        items.append(_("value for Q{q}").format(q=quarter))
    if r.note_required and not (row and row.notes.get(period)):
        items.append(_("deviation note"))
    return items


def overview_table(data: MonitoringData) -> ReportTable:
    """Every directorate on one page: its quarter's state, missing values, and its bands."""
    keys = data.settings.band_keys
    programs = {d.name: d for d in data.program.directorates}
    cards = indicator_rows(data.program)
    rows = []
    totals: list[int] = [0] * (len(keys) + 3)
    for d in data.result.directorates:
        program = programs.get(d.name)
        if program is None:
            continue
        missing = sum(
            bool(
                missing_items(
                    r, cards.get((d.name, r.facts.target_code, r.facts.code)), data.quarter
                )
            )
            for r in d.indicators
        )
        counts = [
            d.summary.total,
            missing,
            *(d.summary.counts[k] for k in keys),
            d.summary.undefined,
        ]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        state = state_label(program.statuses.get(data.quarter))
        rows.append([text(d.name), text(state), *(Cell(n, "count") for n in counts)])
    rows.append(
        [Cell(_("TOTAL"), colspan=2, bold=True), *(Cell(n, "count", bold=True) for n in totals)]
    )
    return ReportTable(
        _("Overview of the directorates, Q{q}").format(q=data.quarter),
        _("Overview"),
        [
            Column(_("DIRECTORATE"), 30),
            Column(_("STATE"), 10),
            Column(_("INDICATORS"), 8, "count"),
            Column(_("INCOMPLETE"), 8, "count"),
            *(Column(k, 8, "count") for k in keys),
            Column(_("NO RATE"), 7, "count"),
        ],
        rows,
        total_rows=1,
        landscape=True,
    )


def _with_office_marks(row: IndicatorRow | None, quarters: Sequence[str]) -> str | None:
    """The deviation note, with a footnote for each shown value the office entered."""
    if row is None:
        return None
    period = quarters[-1]
    marks = [f"* {q}: {office_entry_text(row.office[q])}" for q in quarters if q in row.office]
    return "\n".join([*([row.notes[period]] if period in row.notes else []), *marks]) or None


def indicator_table(data: MonitoringData, d: DirectorateResult) -> ReportTable:
    cards = indicator_rows(data.program)
    quarters = QUARTER_KEYS[: data.quarter]
    rows = []
    for r in d.indicators:
        row = cards.get((d.name, r.facts.target_code, r.facts.code))
        rows.append(
            [
                text(r.facts.code),
                text(r.facts.name),
                text(r.facts.unit),
                Cell(r.year_target, "number"),
                *(Cell(r.facts.values.get(q), "number") for q in quarters),
                Cell(shown(r.actual), "number"),
                Cell(shown(r.target), "number"),
                Cell(r.printed_rate, "rate"),
                band_cell(r.band),
                Cell(shown(r.projected), "number"),
                text(_with_office_marks(row, quarters)),
            ]
        )
    return ReportTable(
        _("Indicators, year to date"),
        _("Indicators"),
        [
            Column(_("CODE"), 8),
            Column(_("PERFORMANCE INDICATOR"), 26),
            Column(_("UNIT"), 6),
            Column(_("YEAR TARGET"), 7, "number"),
            *(Column(q, 6, "number") for q in quarters),
            Column(_("YEAR TO DATE"), 7, "number"),
            Column(_("TARGET TO DATE"), 7, "number"),
            Column(_("RATE (%)"), 6.5, "rate"),
            Column(_("BAND"), 10, "band"),
            Column(_("PROJECTED YEAR END"), 8, "number"),
            Column(_("DEVIATION NOTE"), 19.5),
        ],
        rows,
        landscape=True,
    )


def missing_table(data: MonitoringData, d: DirectorateResult) -> ReportTable:
    cards = indicator_rows(data.program)
    rows = []
    for r in d.indicators:
        items = missing_items(
            r, cards.get((d.name, r.facts.target_code, r.facts.code)), data.quarter
        )
        if items:
            rows.append([text(r.facts.code), text(r.facts.name), text(", ".join(items))])
    if not rows:
        rows.append([Cell(_("Nothing is missing."), colspan=3)])
    return ReportTable(
        _("What is missing"),
        _("Missing"),
        [Column(_("CODE"), 10), Column(_("PERFORMANCE INDICATOR"), 50), Column(_("MISSING"), 25)],
        rows,
        landscape=True,
    )


def spending_table(data: MonitoringData, d: DirectorateProgram) -> ReportTable:
    q = data.quarter
    acts = [(c.code, a) for c in d.cards for a in c.activities]
    rows = [
        [
            text(code),
            text(a.name),
            money(a.total),
            *(money(a.spent.get(k, 0)) for k in range(1, q + 1)),
            money(a.spent_through(q)),
            Cell(spending_rate(a.spent_through(q), a.total), "rate"),
        ]
        for code, a in acts
    ]
    need = sum(a.total for _c, a in acts)
    spent = sum(a.spent_through(q) for _c, a in acts)
    rows.append(
        [
            Cell(_("TOTAL"), colspan=2, bold=True),
            money(need, bold=True),
            *(money(sum(a.spent.get(k, 0) for _c, a in acts), bold=True) for k in range(1, q + 1)),
            money(spent, bold=True),
            Cell(spending_rate(spent, need), "rate", bold=True),
        ]
    )
    return ReportTable(
        _("Activities: resource need and spending so far (₺)"),
        _("Spending"),
        [
            Column(_("CODE"), 9),
            Column(_("ACTIVITY / PROJECT"), 34),
            Column(_("RESOURCE NEED"), 11, "money"),
            *(Column(_("SPENT Q{q}").format(q=k), 10, "money") for k in range(1, q + 1)),
            Column(_("SPENT TO DATE"), 11, "money"),
            Column(_("RATE (%)"), 7, "rate"),
        ],
        rows,
        total_rows=1,
        landscape=True,
    )


def _sections(data: MonitoringData) -> list[tuple[DirectorateResult, DirectorateProgram]]:
    programs = {d.name: d for d in data.program.directorates}
    return [(d, programs[d.name]) for d in data.result.directorates if d.name in programs]


def story(data: MonitoringData, info: DocumentInfo) -> list[Flowable]:
    heading = HeadingCounter()
    out = cover_and_contents(info, [info.subtitle or ""])
    out += switch_page(LANDSCAPE)
    overview = overview_table(data)
    out += table_block(overview, LANDSCAPE, heading(overview.title, 0))
    for d, program in _sections(data):
        out += switch_page(LANDSCAPE)
        out.append(heading(d.name, 0))
        for table in (
            indicator_table(data, d),
            missing_table(data, d),
            spending_table(data, program),
        ):
            out += table_block(table, LANDSCAPE, heading(table.title, 1, toc=False))
    return out


def _flat(tables: list[tuple[str, ReportTable]]) -> ReportTable:
    """Per-directorate tables as one sheet, with the directorate in the first column."""
    first = tables[0][1]
    rows = [
        [text(name), *row] for name, t in tables for row in t.rows[: len(t.rows) - t.total_rows]
    ]
    return ReportTable(
        first.title,
        first.sheet,
        [Column(_("DIRECTORATE"), 1), *first.columns],
        rows,
        landscape=True,
    )


def sheets(data: MonitoringData) -> list[ReportTable]:
    sections = _sections(data)
    out = [overview_table(data)]
    if sections:
        out.append(_flat([(d.name, indicator_table(data, d)) for d, _p in sections]))
        out.append(_flat([(d.name, missing_table(data, d)) for d, _p in sections]))
        out.append(_flat([(d.name, spending_table(data, p)) for d, p in sections]))
    return out
