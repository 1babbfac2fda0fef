"""The Performance Program book (`kbpp report program`): per directorate the relation table,
every performance target card and the cost table; then the administration-wide tables.

Every amount is a sum of stored kuruş parts, so the 2021 book reproduces the published
765.000.000,00 ₺ and each directorate's figure exactly.
"""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from kbpp.i18n import _
from kbpp.reports.common import OFF_BUDGET_SOURCES, full_share, head, period_label, share
from kbpp.reports.data import Card, DirectorateProgram, ProgramData
from kbpp.reports.tables import Cell, Column, ReportTable, money, text


def relation_table(d: DirectorateProgram) -> ReportTable:
    """ "Amaç, Hedef ve Performans Hedeflerinin İlişkilendirilmesi": aim and objective cells span
    the consecutive rows of their cards."""
    columns = [
        Column(_("CODE"), 5),
        Column(_("AIM"), 20),
        Column(_("CODE"), 6),
        Column(_("OBJECTIVE"), 22),
        Column(_("CODE"), 7.5),
        Column(_("PERFORMANCE TARGET"), 22),
        Column(_("ACTIVITY / PROJECT"), 28),
    ]
    rows: list[list[Cell]] = []
    for _aim, aim_group in groupby(d.cards, key=lambda c: c.aim_code):
        aim_cards = list(aim_group)
        first_of_aim = True
        for _obj, obj_group in groupby(aim_cards, key=lambda c: c.objective_code):
            obj_cards = list(obj_group)
            for i, card in enumerate(obj_cards):
                row: list[Cell] = []
                if first_of_aim:
                    n = len(aim_cards)
                    row += [text(card.aim_code, rowspan=n), text(card.aim_text, rowspan=n)]
                    first_of_aim = False
                if i == 0:
                    n = len(obj_cards)
                    row += [
                        text(card.objective_code, rowspan=n),
                        text(card.objective_text, rowspan=n),
                    ]
                activities = "\n".join(f"• {a.name}" for a in card.activities)
                row += [text(card.code), text(card.text), text(activities)]
                rows.append(row)
    return ReportTable(
        _("Relating aims, objectives and performance targets"),
        _("Relations"),
        columns,
        rows,
        landscape=True,
    )


def card_table(card: Card, directorate: str, periods: tuple[str, ...], year: int) -> ReportTable:
    """ "Performans Hedef Kartı": the card's aim, objective and target, its indicators with the
    earlier actuals and the year's target, and its activities with their resource need."""
    names = [period_label(p) for p in periods]
    columns = [
        Column(_("CODE"), 11),
        Column(_("PERFORMANCE INDICATOR"), 31 - 4 * len(periods)),
        Column(_("TYPE"), 8.5),
        Column(_("UNIT"), 8.5),
        *(Column(n, 9, "number") for n in names),
        Column(_("{year} TARGET").format(year=year), 9, "number"),
    ]
    width = len(columns)
    rows: list[list[Cell]] = [
        [head(_("RESPONSIBLE UNIT")), text(directorate, colspan=width - 1)],
        [head(_("AIM")), text(f"{card.aim_code}  {card.aim_text}", colspan=width - 1)],
        [
            head(_("OBJECTIVE")),
            text(f"{card.objective_code}  {card.objective_text}", colspan=width - 1),
        ],
        [head(_("PERFORMANCE TARGET")), text(f"{card.code}  {card.text}", colspan=width - 1)],
        [head(_("PERFORMANCE INDICATORS"), colspan=2)] + [head(c.header) for c in columns[2:]],
    ]
    for ind in card.indicators:
        rows.append(
            [
                text(ind.code),
                text(ind.name),
                text(ind.type),
                text(ind.unit),
                *(Cell(ind.history.get(p), "number") for p in periods),
                Cell(ind.target, "number"),
            ]
        )
    span = width - 3
    rows.append(
        [
            head(_("ACTIVITIES AND PROJECTS"), colspan=span, rowspan=2),
            head(_("TOTAL RESOURCE NEED (₺)"), colspan=3),
        ]
    )
    rows.append([head(_("BUDGET")), head(_("OFF-BUDGET")), head(_("TOTAL"))])
    for i, act in enumerate(card.activities, start=1):
        rows.append(
            [
                text(f"{i}. {act.name}", colspan=span),
                money(act.budget_total),
                money(act.off_budget_total),
                money(act.total),
            ]
        )
    acts = card.activities
    rows.append(
        [
            Cell(_("TOTAL"), colspan=span, bold=True),
            money(sum(a.budget_total for a in acts), bold=True),
            money(sum(a.off_budget_total for a in acts), bold=True),
            money(sum(a.total for a in acts), bold=True),
        ]
    )
    return ReportTable(
        _("Performance target card {code}").format(code=card.code),
        _("Cards"),
        columns,
        rows,
        header=[],
        total_rows=1,
        repeat_rows=4,  # a card longer than a page names itself again on the next
    )


def cost_table(d: DirectorateProgram, codes: dict[str, str]) -> ReportTable:
    """ "Toplam Kaynak İhtiyacı ve Faaliyet Maliyetleri (₺)": a column per economic code used."""
    acts = [a for card in d.cards for a in card.activities]
    used = [c for c in codes if any(a.budget.get(c) for a in acts)]
    off = any(a.off_budget_total for a in acts)
    columns = [
        Column(_("ACTIVITY / PROJECT"), 30),
        *(Column(f"{c} {codes[c]}", 9, "money") for c in used),
        *([Column(_("OFF-BUDGET"), 9, "money")] if off else []),
        Column(_("TOTAL"), 10, "money"),
    ]
    header = [
        [Cell(_("ACTIVITY / PROJECT"), rowspan=2)]
        + ([Cell(_("BUDGET BY ECONOMIC CODE"), colspan=len(used))] if used else [])
        + ([Cell(_("OFF-BUDGET"), rowspan=2)] if off else [])
        + [Cell(_("TOTAL"), rowspan=2)],
        [Cell(f"{c} {codes[c]}") for c in used],
    ]
    rows = [
        [
            text(a.name),
            *(money(a.budget.get(c, 0)) for c in used),
            *([money(a.off_budget_total)] if off else []),
            money(a.total),
        ]
        for a in acts
    ]
    rows.append(
        [
            Cell(_("TOTAL"), bold=True),
            *(money(sum(a.budget.get(c, 0) for a in acts), bold=True) for c in used),
            *([money(sum(a.off_budget_total for a in acts), bold=True)] if off else []),
            money(sum(a.total for a in acts), bold=True),
        ]
    )
    return ReportTable(
        _("Total resource need and activity costs (₺)"),
        _("Costs"),
        columns,
        rows,
        header=header if used else None,
        total_rows=1,
        landscape=True,
    )


def themes_table(data: ProgramData) -> ReportTable:
    """Targets and indicators by theme and aim, with the administration's totals."""
    cards = data.cards
    objectives_per_aim = Counter(aim for _code, aim in data.objectives)
    targets_per_aim = Counter(c.aim_code for c in cards)
    kinds = Counter((c.aim_code, i.kind) for c in cards for i in c.indicators)
    columns = [
        Column(_("THEME"), 16),
        Column(_("AIM"), 38),
        Column(_("OBJECTIVES"), 10, "count"),
        Column(_("PERFORMANCE TARGETS"), 12, "count"),
        Column(_("PERFORMANCE INDICATORS"), 12, "count"),
        Column(_("MONITORING INDICATORS"), 12, "count"),
    ]
    rows: list[list[Cell]] = []
    for theme, aims in data.themes:
        for i, aim in enumerate(aims):
            lead = [text(theme, rowspan=len(aims))] if i == 0 else []
            rows.append(
                [
                    *lead,
                    text(f"{aim}  {data.aims.get(aim, '')}"),
                    Cell(objectives_per_aim[aim], "count"),
                    Cell(targets_per_aim[aim], "count"),
                    Cell(kinds[aim, "performance"], "count"),
                    Cell(kinds[aim, "monitoring"], "count"),
                ]
            )
    indicators = [i for c in cards for i in c.indicators]
    rows.append(
        [
            Cell(
                _("TOTAL: {themes} themes, {aims} aims").format(
                    themes=len(data.themes), aims=len(data.aims)
                ),
                colspan=2,
                bold=True,
            ),
            Cell(len(data.objectives), "count", bold=True),
            Cell(len(cards), "count", bold=True),
            Cell(sum(i.kind == "performance" for i in indicators), "count", bold=True),
            Cell(sum(i.kind == "monitoring" for i in indicators), "count", bold=True),
        ]
    )
    return ReportTable(
        _("Performance targets and indicators by theme and aim"),
        _("Themes and aims"),
        columns,
        rows,
        total_rows=1,
    )


def activity_need_table(data: ProgramData) -> ReportTable:
    """ "İdarenin faaliyetlere göre toplam kaynak ihtiyacı": every activity with its share."""
    entries = [(d.name, a) for d in data.directorates for c in d.cards for a in c.activities]
    grand = sum(a.total for _d, a in entries)
    rows = [
        [Cell(i, "count"), text(a.name), text(name), money(a.total), share(a.total, grand)]
        for i, (name, a) in enumerate(entries, start=1)
    ]
    rows.append([Cell(_("TOTAL"), colspan=3, bold=True), money(grand, bold=True), full_share()])
    return ReportTable(
        _("The administration's total resource need by activity"),
        _("Need by activity"),
        [
            Column(_("NO."), 4, "count"),
            Column(_("ACTIVITY / PROJECT"), 50),
            Column(_("RESPONSIBLE UNIT"), 22),
            Column(_("AMOUNT (₺)"), 13, "money"),
            Column(_("SHARE (%)"), 8, "share"),
        ],
        rows,
        total_rows=1,
    )


def directorate_totals(data: ProgramData) -> list[tuple[str, int]]:
    return [
        (d.name, sum(a.total for c in d.cards for a in c.activities)) for d in data.directorates
    ]


def directorate_need_table(data: ProgramData) -> ReportTable:
    """ "Müdürlüklerin toplam kaynak ihtiyacı": each directorate's amount and share."""
    totals = directorate_totals(data)
    grand = sum(k for _name, k in totals)
    rows = [[text(name), money(k), share(k, grand)] for name, k in totals]
    rows.append([Cell(_("TOTAL"), bold=True), money(grand, bold=True), full_share()])
    return ReportTable(
        _("The directorates' total resource need"),
        _("Need by directorate"),
        [
            Column(_("DIRECTORATE"), 50),
            Column(_("AMOUNT (₺)"), 20, "money"),
            Column(_("SHARE (%)"), 12, "share"),
        ],
        rows,
        total_rows=1,
    )


def total_need_table(data: ProgramData) -> ReportTable:
    """ "İdarenin Toplam Kaynak İhtiyacı Tablosu": budget by economic code, transfers, off-budget.

    The plan data has no transfers to other administrations, so that row is zero.
    """
    acts = [a for c in data.cards for a in c.activities]
    budget = {code: sum(a.budget.get(code, 0) for a in acts) for code in data.economic_codes}
    stored_off = sorted({k for a in acts for k in a.off_budget} - set(OFF_BUDGET_SOURCES))
    off = {k: sum(a.off_budget.get(k, 0) for a in acts) for k in (*OFF_BUDGET_SOURCES, *stored_off)}
    budget_total, off_total = sum(budget.values()), sum(off.values())
    transfers = 0
    rows: list[list[Cell]] = [[head(_("BUDGET"), colspan=3)]]
    rows += [[text(c), text(name), money(budget[c])] for c, name in data.economic_codes.items()]
    rows += [
        [Cell(_("Total of the activities"), colspan=2, bold=True), money(budget_total, bold=True)],
        [text(""), text(_("Transfers to other administrations")), money(transfers)],
        [
            Cell(_("General total of the budget"), colspan=2, bold=True),
            money(budget_total + transfers, bold=True),
        ],
        [head(_("OFF-BUDGET SOURCES"), colspan=3)],
    ]
    rows += [[text(""), text(k), money(v)] for k, v in off.items()]
    rows += [
        [Cell(_("Total of off-budget sources"), colspan=2, bold=True), money(off_total, bold=True)],
        [
            Cell(_("TOTAL RESOURCE NEED"), colspan=2, bold=True),
            money(budget_total + transfers + off_total, bold=True),
        ],
    ]
    return ReportTable(
        _("The administration's total resource need"),
        _("Total need"),
        [Column(_("CODE"), 8), Column(_("DESCRIPTION"), 50), Column(_("AMOUNT (₺)"), 18, "money")],
        rows,
        total_rows=1,
    )


def administration_tables(data: ProgramData) -> list[ReportTable]:
    return [
        themes_table(data),
        activity_need_table(data),
        directorate_need_table(data),
        total_need_table(data),
    ]
