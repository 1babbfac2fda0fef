"""The Performance Program as a workbook: the book's tables flattened to one row per item (with
the directorate in a column, so they sort and filter), the administration's tables as printed,
and a plain data sheet of every cost part to pivot."""

from __future__ import annotations

from kbpp.i18n import _
from kbpp.reports.common import kind_label, period_label
from kbpp.reports.data import ProgramData
from kbpp.reports.program import administration_tables
from kbpp.reports.tables import Cell, Column, ReportTable, money, text


def relations_sheet(data: ProgramData) -> ReportTable:
    rows = [
        [
            text(d.name),
            text(c.aim_code),
            text(c.aim_text),
            text(c.objective_code),
            text(c.objective_text),
            text(c.code),
            text(c.text),
            text(activity),
        ]
        for d in data.directorates
        for c in d.cards
        for activity in [a.name for a in c.activities] or [None]
    ]
    return ReportTable(
        _("Relating aims, objectives and performance targets"),
        _("Relations"),
        [
            Column(_("DIRECTORATE"), 1),
            Column(_("AIM CODE"), 1),
            Column(_("AIM"), 1),
            Column(_("OBJECTIVE CODE"), 1),
            Column(_("OBJECTIVE"), 1),
            Column(_("PERFORMANCE TARGET CODE"), 1),
            Column(_("PERFORMANCE TARGET"), 1),
            Column(_("ACTIVITY / PROJECT"), 1),
        ],
        rows,
        landscape=True,
    )


def indicators_sheet(data: ProgramData) -> ReportTable:
    periods = data.history_periods
    rows = [
        [
            text(d.name),
            text(c.code),
            text(i.code),
            text(i.name),
            text(kind_label(i.kind)),
            text(i.type),
            text(i.unit),
            *(Cell(i.history.get(p), "number") for p in periods),
            Cell(i.target, "number"),
        ]
        for d in data.directorates
        for c in d.cards
        for i in c.indicators
    ]
    return ReportTable(
        _("Performance target cards: indicators"),
        _("Indicators"),
        [
            Column(_("DIRECTORATE"), 1),
            Column(_("PERFORMANCE TARGET CODE"), 1),
            Column(_("INDICATOR CODE"), 1),
            Column(_("PERFORMANCE INDICATOR"), 1),
            Column(_("KIND"), 1),
            Column(_("TYPE"), 1),
            Column(_("UNIT"), 1),
            *(Column(period_label(p), 1, "number") for p in periods),
            Column(_("{year} TARGET").format(year=data.year), 1, "number"),
        ],
        rows,
        landscape=True,
    )


def costs_sheet(data: ProgramData) -> ReportTable:
    """Every activity with its resource need per economic code, off-budget and total."""
    codes = list(data.economic_codes)
    acts = [(d.name, c.code, a) for d in data.directorates for c in d.cards for a in c.activities]
    rows = [
        [
            text(name),
            text(code),
            text(a.name),
            *(money(a.budget.get(k, 0)) for k in codes),
            money(a.off_budget_total),
            money(a.total),
        ]
        for name, code, a in acts
    ]
    rows.append(
        [
            Cell(_("TOTAL"), colspan=3, bold=True),
            *(money(sum(a.budget.get(k, 0) for _n, _c, a in acts), bold=True) for k in codes),
            money(sum(a.off_budget_total for _n, _c, a in acts), bold=True),
            money(sum(a.total for _n, _c, a in acts), bold=True),
        ]
    )
    return ReportTable(
        _("Total resource need and activity costs (₺)"),
        _("Costs"),
        [
            Column(_("DIRECTORATE"), 1),
            Column(_("PERFORMANCE TARGET CODE"), 1),
            Column(_("ACTIVITY / PROJECT"), 1),
            *(Column(f"{k} {data.economic_codes[k]}", 1, "money") for k in codes),
            Column(_("OFF-BUDGET"), 1, "money"),
            Column(_("TOTAL"), 1, "money"),
        ],
        rows,
        total_rows=1,
        landscape=True,
    )


def data_sheet(data: ProgramData) -> ReportTable:
    """One row per stored cost part: the plain list a user pivots."""
    rows = [
        [
            Cell(data.year, "count"),
            text(d.name),
            text(c.aim_code),
            text(c.objective_code),
            text(c.code),
            text(a.name),
            text(source_label),
            text(key),
            money(kurus),
        ]
        for d in data.directorates
        for c in d.cards
        for a in c.activities
        for source_label, parts in ((_("Budget"), a.budget), (_("Off-budget"), a.off_budget))
        for key, kurus in parts.items()
    ]
    return ReportTable(
        _("Data: resource need parts"),
        _("Data"),
        [
            Column(_("YEAR"), 1, "count"),
            Column(_("DIRECTORATE"), 1),
            Column(_("AIM CODE"), 1),
            Column(_("OBJECTIVE CODE"), 1),
            Column(_("PERFORMANCE TARGET CODE"), 1),
            Column(_("ACTIVITY / PROJECT"), 1),
            Column(_("SOURCE"), 1),
            Column(_("ECONOMIC CODE OR SOURCE"), 1),
            Column(_("AMOUNT (₺)"), 1, "money"),
        ],
        rows,
    )


def program_sheets(data: ProgramData) -> list[ReportTable]:
    sheets = [relations_sheet(data), indicators_sheet(data), costs_sheet(data)]
    if not data.filtered:
        sheets += administration_tables(data)
    return [*sheets, data_sheet(data)]
