"""A read-only view of one goal card as the Performance Program prints it ("Performans Hedef
Kartı"): the same table the PDF and the workbook are made from (`kbpp.reports.program.card_table`),
drawn as HTML, so the preview cannot drift from the printed card.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from kbpp.cards import CardData
from kbpp.i18n import _
from kbpp.reports.data import ActivityRow, Card, IndicatorRow
from kbpp.reports.program import card_table
from kbpp.reports.tables import NUMERIC_KINDS, ReportTable, place

BORDER = "#7f7f7f"


def report_card(card: CardData) -> Card:
    """The editor's card in the reports' terms."""
    return Card(
        code=card.code,
        text=card.text,
        aim_code=card.aim_code,
        aim_text=card.aim_text,
        objective_code=card.objective_code,
        objective_text=card.objective_text,
        indicators=tuple(
            IndicatorRow(
                code=i.code,
                name=i.name,
                kind=i.kind,
                type=i.type,
                unit=i.unit,
                history=dict(i.history),
                target=i.target,
                frequency=i.frequency,
            )
            for i in card.indicators
        ),
        activities=tuple(
            ActivityRow(a.name, dict(a.budget), dict(a.off_budget), dict(a.spent))
            for a in card.activities
        ),
    )


def table_html(table: ReportTable) -> str:
    """A report table as an HTML table with its spans, fills and bold cells."""
    width = len(table.columns)
    total = sum(c.width for c in table.columns)
    rows: dict[int, list[str]] = {}
    for r, c, cell in place(table.rows, width):
        # Qt sizes columns from single cells; a width on a spanning cell only confuses it.
        share = table.columns[c].width * 100 / total
        width_attr = f' width="{share:.1f}%"' if cell.colspan == 1 else ""
        style = [f"border: 1px solid {BORDER}", "padding: 3px"]
        if cell.fill:
            style.append(f"background-color: {cell.fill}")
        if cell.bold:
            style.append("font-weight: bold")
        align = "right" if cell.kind in NUMERIC_KINDS else "left"
        text = html.escape(cell.text()).replace("\n", "<br>")
        rows.setdefault(r, []).append(
            f'<td{width_attr} colspan="{cell.colspan}" rowspan="{cell.rowspan}" '
            f'align="{align}" '
            f'style="{"; ".join(style)}">{text}</td>'
        )
    body = "".join(f"<tr>{''.join(cells)}</tr>" for _r, cells in sorted(rows.items()))
    return (
        f'<table width="100%" cellspacing="0" cellpadding="3" '
        f'style="border-collapse: collapse; border: 1px solid {BORDER};">{body}</table>'
    )


def card_html(card: CardData) -> str:
    table = card_table(report_card(card), card.directorate, card.history_periods, card.year)
    title = html.escape(_("PERFORMANCE TARGET CARD"))
    subtitle = html.escape(
        _("{year} Performance Program · {directorate}").format(
            year=card.year, directorate=card.directorate
        )
    )
    return f'<h3 align="center">{title}</h3><p align="center">{subtitle}</p>{table_html(table)}'


class CardPreview(QDialog):
    """Read-only; sized to fit a 1366×768 screen."""

    def __init__(self, card: CardData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Performance target card {code}").format(code=card.code))
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setHtml(card_html(card))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(1100, 660)
