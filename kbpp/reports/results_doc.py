"""The annual results report as a PDF story and as workbook sheets."""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from kbpp.evaluation.engine import DirectorateResult
from kbpp.i18n import _
from kbpp.reports.charts import band_chart
from kbpp.reports.common import band_cell
from kbpp.reports.pdf import (
    LANDSCAPE,
    DocumentInfo,
    HeadingCounter,
    cover_and_contents,
    frame_width,
    para,
    style,
    switch_page,
    table_block,
)
from kbpp.reports.results import (
    ResultsData,
    band_table,
    execution_table,
    indicator_rows,
    note_of,
    range_text,
    results_table,
    rollup_tables,
    types_table,
)
from kbpp.reports.tables import Cell, Column, ReportTable, text

CHART_ROWS = 26  # directorates per chart, so that one chart fits a landscape page


def legend(data: ResultsData) -> Paragraph:
    """The bands with their colours and ranges, under each results table."""
    parts = [
        f'<font color="{b.color}">■</font> {escape(b.key)} ({escape(range_text(data, i))})'
        for i, b in enumerate(data.settings.bands)
    ]
    return Paragraph(_("Bands:") + " " + " &nbsp; ".join(parts), style("small"))


def band_charts(data: ResultsData) -> list[Flowable]:
    """One stacked bar per directorate, in charts of even size that each fit a page."""
    if not data.result.municipality.defined:
        return [para(_("No indicator has an achievement rate yet."), "body")]
    rows = [(d.name, d.summary.counts) for d in data.result.directorates]
    size = math.ceil(len(rows) / math.ceil(len(rows) / CHART_ROWS))  # no lone bar on a page
    out: list[Flowable] = []
    for start in range(0, len(rows), size):
        width = frame_width(LANDSCAPE) - 12
        chart = band_chart(rows[start : start + size], data.settings.bands, width)
        out += [CondPageBreak(chart.height + 4 * mm), chart]
    return out


def story(data: ResultsData, info: DocumentInfo) -> list[Flowable]:
    heading = HeadingCounter()
    out = cover_and_contents(info, [data.program.plan_name])
    wanted = {d.name for d in data.program.directorates}
    for d in data.result.directorates:
        if d.name not in wanted:
            continue
        out += switch_page(LANDSCAPE)
        out.append(heading(d.name, 0))
        table = results_table(data, d.name, d.indicators)
        out += table_block(table, LANDSCAPE, heading(_("Performance results table"), 1, False))
        out.append(legend(data))
        title = _("Evaluation of the performance results")
        out += table_block(band_table(data, d.summary, title), LANDSCAPE, heading(title, 1, False))
    if data.program.filtered:
        return out
    out += switch_page(LANDSCAPE)
    out.append(heading(_("The whole municipality"), 0))
    title = _("Evaluation of the performance results of the municipality")
    out += table_block(
        band_table(data, data.result.municipality, title), LANDSCAPE, heading(title, 1)
    )
    out += switch_page(LANDSCAPE)
    out.append(heading(_("Band distribution per directorate"), 1))
    out += band_charts(data)
    out.append(CondPageBreak(80 * mm))
    out += table_block(types_table(data), LANDSCAPE, heading(_("Indicators per kind and type"), 1))
    for table in [*rollup_tables(data), execution_table(data)]:
        out += table_block(table, LANDSCAPE, heading(table.title, 1))
    return out


def _with_directorate(name: str, table: ReportTable) -> list[list[Cell]]:
    return [[text(name), *row] for row in table.rows]


def sheets(data: ResultsData) -> list[ReportTable]:
    wanted = {d.name for d in data.program.directorates}
    directorates = [d for d in data.result.directorates if d.name in wanted]
    results = [(d.name, results_table(data, d.name, d.indicators)) for d in directorates]
    first = results[0][1] if results else results_table(data, "", [])
    flat = ReportTable(
        _("Performance results table"),
        _("Results"),
        [Column(_("DIRECTORATE"), 1), *first.columns],
        [row for name, table in results for row in _with_directorate(name, table)],
        landscape=True,
    )
    keys = data.settings.band_keys
    per_directorate = ReportTable(
        _("Evaluation of the performance results per directorate"),
        _("Evaluation"),
        [
            Column(_("DIRECTORATE"), 1),
            *(Column(k, 1, "count") for k in keys),
            Column(_("NO RATE"), 1, "count"),
            Column(_("TOTAL"), 1, "count"),
        ],
        [
            [
                text(d.name),
                *(Cell(d.summary.counts[k], "count") for k in keys),
                Cell(d.summary.undefined, "count"),
                Cell(d.summary.total, "count"),
            ]
            for d in directorates
        ],
        landscape=True,
    )
    out = [flat, per_directorate]
    if not data.program.filtered:
        title = _("Evaluation of the performance results of the municipality")
        municipality = band_table(data, data.result.municipality, title, _("Municipality"))
        out += [municipality, types_table(data)]
        out += [*rollup_tables(data), execution_table(data)]
    return [*out, data_sheet(data, directorates)]


def data_sheet(data: ResultsData, directorates: list[DirectorateResult]) -> ReportTable:
    """One row per indicator with every figure, to pivot."""
    rows = indicator_rows(data.program)
    body = []
    for d in directorates:
        for r in d.indicators:
            row = rows.get((d.name, r.facts.target_code, r.facts.code))
            body.append(
                [
                    Cell(data.result.year, "count"),
                    text(d.name),
                    text(r.facts.objective_code),
                    text(r.facts.target_code),
                    text(r.facts.code),
                    text(r.facts.name),
                    text(r.facts.kind),
                    text(r.facts.type),
                    text(r.facts.unit),
                    Cell(r.target, "number"),
                    Cell(r.actual, "number"),
                    Cell(r.printed_rate, "rate"),
                    band_cell(r.band),
                    text(note_of(row)),
                ]
            )
    return ReportTable(
        _("Data: indicators"),
        _("Data"),
        [
            Column(_("YEAR"), 1, "count"),
            Column(_("DIRECTORATE"), 1),
            Column(_("OBJECTIVE CODE"), 1),
            Column(_("PERFORMANCE TARGET CODE"), 1),
            Column(_("INDICATOR CODE"), 1),
            Column(_("PERFORMANCE INDICATOR"), 1),
            Column(_("KIND"), 1),
            Column(_("TYPE"), 1),
            Column(_("UNIT"), 1),
            Column(_("TARGET"), 1, "number"),
            Column(_("ACTUAL"), 1, "number"),
            Column(_("ACHIEVEMENT RATE (%)"), 1, "rate"),
            Column(_("BAND"), 1, "band"),
            Column(_("DEVIATION NOTE"), 1),
        ],
        body,
    )
