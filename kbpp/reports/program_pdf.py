"""The Performance Program book as a PDF story: cover, contents, directorates, administration."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from kbpp.i18n import _
from kbpp.reports.data import ProgramData
from kbpp.reports.pdf import (
    LANDSCAPE,
    PORTRAIT,
    DocumentInfo,
    HeadingCounter,
    cover_and_contents,
    frame_width,
    pdf_table,
    switch_page,
    table_block,
)
from kbpp.reports.program import administration_tables, card_table, cost_table, relation_table


def program_title(year: int) -> str:
    return _("{year} Performance Program").format(year=year)


def program_story(data: ProgramData, info: DocumentInfo) -> list[Flowable]:
    """Cover and contents; per directorate its relation table, cards and cost table; then the
    administration-wide tables (left out when the book is for one directorate)."""
    heading = HeadingCounter()
    story = cover_and_contents(info, [data.plan_name])
    for d in data.directorates:
        story += switch_page(LANDSCAPE)
        story.append(heading(d.name, 0))
        relation = relation_table(d)
        story += table_block(relation, LANDSCAPE, heading(relation.title, 1, toc=False))
        story += switch_page(PORTRAIT)
        story.append(heading(_("Performance target cards"), 1, toc=False))
        for card in d.cards:
            table = card_table(card, d.name, data.history_periods, data.year)
            title = heading(table.title, 2, toc=False)
            story.append(KeepTogether([title, pdf_table(table, frame_width(PORTRAIT))]))
        costs = cost_table(d, dict(data.economic_codes))
        story += switch_page(LANDSCAPE)
        story += table_block(costs, LANDSCAPE, heading(costs.title, 1, toc=False))
    if not data.filtered:
        story += switch_page(PORTRAIT)
        story.append(heading(_("The whole administration"), 0))
        for table in administration_tables(data):
            story += table_block(table, PORTRAIT, heading(table.title, 1))
    return story
