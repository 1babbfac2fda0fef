"""The Annual Report's performance section (`kbpp report results`): the tables, as data.

Every rate, band and score comes from `kbpp.evaluation.engine.evaluate` (the same call as
`kbpp evaluate`), so paper, workbook and JSON agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from kbpp.evaluation.engine import IndicatorResult, YearResult, evaluate
from kbpp.evaluation.loader import load_year_facts
from kbpp.evaluation.settings import EvaluationSettings
from kbpp.evaluation.summary import BandSummary
from kbpp.formatting import format_number
from kbpp.i18n import _
from kbpp.models.program import INDICATOR_TYPES
from kbpp.office.marks import office_entry_text
from kbpp.reports.common import band_cell, kind_label, period_label, spending_rate
from kbpp.reports.data import IndicatorRow, ProgramData, load_program
from kbpp.reports.tables import Cell, Column, ReportTable, money, shown, text

NOTE_PERIODS = ("Y", "Q4", "Q3", "Q2", "Q1")
OFFICE_PERIODS = ("Q1", "Q2", "Q3", "Q4", "Y")


@dataclass(frozen=True)
class ResultsData:
    """The program (cards, notes, costs) and its evaluation for the whole year."""

    program: ProgramData
    result: YearResult
    settings: EvaluationSettings

    @property
    def institution(self) -> str:
        return self.program.institution

    @property
    def previous_period(self) -> str | None:
        """The latest earlier actual on the cards (the previous year's, where it is known)."""
        periods = self.program.history_periods
        return periods[-1] if periods else None


def indicator_rows(program: ProgramData) -> dict[tuple[str, str, str], IndicatorRow]:
    """The card rows by (directorate, performance target, indicator code)."""
    return {
        (d.name, c.code, i.code): i
        for d in program.directorates
        for c in d.cards
        for i in c.indicators
    }


def load(session: Session, year: int, quarter: int | None, directorate: str | None) -> ResultsData:
    program = load_program(session, year, directorate)
    facts = load_year_facts(session, year)
    return ResultsData(program, evaluate(facts), facts.settings)


def title(data: ResultsData) -> tuple[str, str | None]:
    return _("{year} Annual Report: performance results").format(year=data.program.year), None


def note_of(row: IndicatorRow | None) -> str | None:
    """The year's deviation note (the whole-year one, else the latest quarter's), with a
    footnote for each value the strategy office entered on the directorate's behalf."""
    if row is None:
        return None
    note = next((row.notes[p] for p in NOTE_PERIODS if p in row.notes), None)
    marks = [
        f"* {p}: {office_entry_text(row.office[p])}" for p in OFFICE_PERIODS if p in row.office
    ]
    return "\n".join([*([note] if note else []), *marks]) or None


def results_table(data: ResultsData, name: str, indicators: list[IndicatorResult]) -> ReportTable:
    """ "Performans Sonuçları Tablosu" of one directorate."""
    previous = data.previous_period
    card_rows = indicator_rows(data.program)
    rows = []
    for r in indicators:
        row = card_rows.get((r.facts.directorate, r.facts.target_code, r.facts.code))
        rows.append(
            [
                text(r.facts.code),
                text(r.facts.name),
                text(r.facts.unit),
                Cell(row.history.get(previous) if row and previous else None, "number"),
                Cell(r.target, "number"),
                Cell(shown(r.actual), "number"),
                Cell(r.printed_rate, "rate"),
                band_cell(r.band),
                text(note_of(row)),
            ]
        )
    return ReportTable(
        _("Performance results table: {name}").format(name=name),
        _("Results"),
        [
            Column(_("CODE"), 8),
            Column(_("PERFORMANCE INDICATOR"), 27),
            Column(_("UNIT"), 6.5),
            Column(
                period_label(previous) if previous else _("PREVIOUS YEAR ACTUAL"), 9.5, "number"
            ),
            Column(_("TARGET"), 7.5, "number"),
            Column(_("ACTUAL"), 9.5, "number"),
            Column(_("ACHIEVEMENT RATE (%)"), 10, "rate"),
            Column(_("BAND"), 10, "band"),
            Column(_("DEVIATION NOTE"), 22),
        ],
        rows,
        landscape=True,
    )


def range_text(data: ResultsData, index: int) -> str:
    """A band's rate range as published: ≥ 85, 70-84, …, 0-44."""
    bands = data.settings.bands
    lower = bands[index].lower
    if index == 0:
        return f"≥ {format_number(lower)}"
    upper = bands[index - 1].lower
    top = upper - 1 if upper == upper.to_integral_value() else upper
    bottom = lower if lower.is_finite() else Decimal(0)
    return f"{format_number(bottom)}-{format_number(top)}"


def band_table(
    data: ResultsData, summary: BandSummary, title_text: str, sheet: str | None = None
) -> ReportTable:
    """ "Performans Sonuçlarının Değerlendirilmesi": count and share of indicators per band."""
    rows = [
        [
            text(range_text(data, i)),
            text(band.key),
            Cell("", "band", fill=band.color),
            Cell(summary.counts[band.key], "count"),
            Cell(summary.percents[band.key], "rate"),
        ]
        for i, band in enumerate(data.settings.bands)
    ]
    if summary.undefined:
        rows.append(
            [
                text(_("no rate")),
                text(_("Not evaluated (no value or no target)")),
                text(""),
                Cell(summary.undefined, "count"),
                Cell(None, "rate"),
            ]
        )
    rows.append(
        [
            Cell(_("TOTAL"), colspan=3, bold=True),
            Cell(summary.total, "count", bold=True),
            Cell(Decimal(100) if summary.defined else None, "rate", bold=True),
        ]
    )
    return ReportTable(
        title_text,
        sheet or _("Evaluation"),
        [
            Column(_("ACHIEVEMENT RATE RANGE"), 14),
            Column(_("ACHIEVEMENT LEVEL"), 16),
            Column(_("STATUS"), 7, "band"),
            Column(_("INDICATORS"), 9, "count"),
            Column(_("SHARE OF INDICATORS (%)"), 11, "rate"),
        ],
        rows,
        total_rows=1,
        width=0.75,
    )


def rollup_tables(data: ResultsData) -> list[ReportTable]:
    """The strategic-plan roll-up: score per theme, per aim and per objective."""
    aims_of = dict(data.program.objectives)
    result = data.result
    return [
        ReportTable(
            _("Roll-up score per theme"),
            _("Themes"),
            [Column(_("THEME"), 40), Column(_("SCORE"), 10, "rate")],
            [[text(name), Cell(score, "rate")] for name, score in result.themes.items()],
            width=0.5,
        ),
        ReportTable(
            _("Roll-up score per aim"),
            _("Aims"),
            [Column(_("CODE"), 6), Column(_("AIM"), 50), Column(_("SCORE"), 10, "rate")],
            [
                [text(code), text(data.program.aims.get(code)), Cell(score, "rate")]
                for code, score in result.aims.items()
            ],
            width=0.75,
        ),
        ReportTable(
            _("Roll-up score per objective"),
            _("Objectives"),
            [Column(_("CODE"), 8), Column(_("AIM"), 6), Column(_("SCORE"), 10, "rate")],
            [
                [text(code), text(aims_of.get(code)), Cell(score, "rate")]
                for code, score in result.objectives.items()
            ],
            width=0.4,
        ),
    ]


def types_table(data: ResultsData) -> ReportTable:
    """Indicators per kind and type, with their bands."""
    results = [r for d in data.result.directorates for r in d.indicators]
    keys = data.settings.band_keys
    groups: Counter[tuple[str, str]] = Counter()
    bands: Counter[tuple[str, str, str | None]] = Counter()
    for r in results:
        group = (kind_label(r.facts.kind), r.facts.type or "–")
        groups[group] += 1
        bands[(*group, r.band.key if r.band else None)] += 1
    rows = [
        [
            text(kind),
            text(type_),
            Cell(n, "count"),
            *(Cell(bands[(kind, type_, k)], "count") for k in keys),
            Cell(bands[(kind, type_, None)], "count"),
        ]
        for (kind, type_), n in sorted(groups.items(), key=_type_order)
    ]
    rows.append(
        [
            Cell(_("TOTAL"), colspan=2, bold=True),
            Cell(len(results), "count", bold=True),
            *(Cell(data.result.municipality.counts[k], "count", bold=True) for k in keys),
            Cell(data.result.municipality.undefined, "count", bold=True),
        ]
    )
    return ReportTable(
        _("Indicators per kind and type"),
        _("Types"),
        [
            Column(_("KIND"), 12),
            Column(_("TYPE"), 12),
            Column(_("INDICATORS"), 9, "count"),
            *(Column(k, 9, "count") for k in keys),
            Column(_("NO RATE"), 8, "count"),
        ],
        rows,
        total_rows=1,
        landscape=True,
    )


def _type_order(item: tuple[tuple[str, str], int]) -> tuple[str, int, str]:
    """Kinds, then types in the guide's order (Girdi, Çıktı, Sonuç, …), unknown ones last."""
    (kind, type_), _count = item
    known = INDICATOR_TYPES.index(type_) if type_ in INDICATOR_TYPES else len(INDICATOR_TYPES)
    return kind, known, type_


def execution_table(data: ResultsData) -> ReportTable:
    """Budget execution per directorate: resource need, spent in the year, and the rate."""
    rows = []
    need_sum = spent_sum = 0
    for d in data.program.directorates:
        acts = [a for c in d.cards for a in c.activities]
        need, spent = sum(a.total for a in acts), sum(a.spent_through(4) for a in acts)
        need_sum, spent_sum = need_sum + need, spent_sum + spent
        rows.append(
            [text(d.name), money(need), money(spent), Cell(spending_rate(spent, need), "rate")]
        )
    rows.append(
        [
            Cell(_("TOTAL"), bold=True),
            money(need_sum, bold=True),
            money(spent_sum, bold=True),
            Cell(spending_rate(spent_sum, need_sum), "rate", bold=True),
        ]
    )
    return ReportTable(
        _("Budget execution by directorate"),
        _("Execution"),
        [
            Column(_("DIRECTORATE"), 40),
            Column(_("RESOURCE NEED (₺)"), 14, "money"),
            Column(_("SPENT (₺)"), 14, "money"),
            Column(_("EXECUTION RATE (%)"), 10, "rate"),
        ],
        rows,
        total_rows=1,
        width=0.75,
    )
