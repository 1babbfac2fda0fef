"""The PDF engine every report shares: A4 pages, running header, "Page 3 / 120", bookmarks,
table of contents, repeated table headers, and byte-identical output for identical data.

Reports hand it a story of flowables (mostly `pdf_table`s of `ReportTable`s); it adds the page
furniture. ReportLab's invariant mode fixes the creation date and document id, and the footer
prints the hash of the data the report was made from, so a printed page can be checked against
archived data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from kbpp.i18n import _
from kbpp.paths import replaced_atomically
from kbpp.reports.cancel import Cancelled, Progress, check_cancelled
from kbpp.reports.fonts import BOLD, ITALIC, REGULAR, register_fonts
from kbpp.reports.tables import NUMERIC_KINDS, Cell, ReportTable, place

MARGIN = 14 * mm
HEADER_SPACE = 12 * mm
PORTRAIT, LANDSCAPE, COVER = "portrait", "landscape", "cover"
PAGE_SIZES = {PORTRAIT: A4, LANDSCAPE: landscape(A4), COVER: A4}
HEADER_FILL = colors.HexColor("#d9e1f2")
TOTAL_FILL = colors.HexColor("#eef1f7")
GRID = colors.HexColor("#7f7f7f")
BODY_SIZE = 7.5
HEAD_SIZE = 7.0
MIN_HEAD_SIZE = 5.5  # a header shrinks down to this before a word would not fit its column
CELL_PADDING = 2.5


@dataclass(frozen=True)
class DocumentInfo:
    """What the running header and the cover say, and the hash of the data behind the pages."""

    institution: str
    title: str
    data_hash: str
    subtitle: str | None = None


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base: dict[str, Any] = {"fontName": REGULAR, "fontSize": BODY_SIZE, "leading": BODY_SIZE + 1.5}
    base.update(kw)
    return ParagraphStyle(name, **base)


STYLES: dict[str, ParagraphStyle] = {
    "cell": _style("cell"),
    "cell_bold": _style("cell_bold", fontName=BOLD),
    # Header words are never split: a word that does not fit shrinks the header's font instead.
    "head": _style(
        "head",
        fontName=BOLD,
        alignment=TA_CENTER,
        fontSize=HEAD_SIZE,
        leading=HEAD_SIZE + 1.5,
        splitLongWords=0,
    ),
    "h0": _style("h0", fontName=BOLD, fontSize=13, leading=16, spaceAfter=6),
    "h1": _style("h1", fontName=BOLD, fontSize=10.5, leading=13, spaceBefore=6, spaceAfter=4),
    "h2": _style("h2", fontName=BOLD, fontSize=9, leading=11, spaceBefore=4, spaceAfter=3),
    "body": _style("body", fontSize=9, leading=12),
    "small": _style("small", fontName=ITALIC, fontSize=7, leading=9),
    "cover_title": _style(
        "cover_title", fontName=BOLD, fontSize=24, leading=30, alignment=TA_CENTER
    ),
    "cover_line": _style("cover_line", fontSize=14, leading=20, alignment=TA_CENTER),
    "toc0": _style("toc0", fontName=BOLD, fontSize=9.5, leading=12, leftIndent=0),
    "toc1": _style("toc1", fontSize=8.5, leading=11, leftIndent=12, alignment=TA_LEFT),
}


def style(name: str) -> ParagraphStyle:
    """The paragraph style `name`, with the report font registered first.

    A Paragraph looks its font family up as soon as it is made, so every paragraph of a report
    takes its style from here: a story can be built in a fresh process, before any PDF is written.
    """
    register_fonts()
    return STYLES[name]


def para(value: str, style_name: str = "cell") -> Paragraph:
    """A wrapping paragraph of plain text (escaped: data may contain & and <)."""
    return Paragraph(escape(value).replace("\n", "<br/>"), style(style_name))


def header_size(value: str, width: float) -> float:
    """The largest header font size (HEAD_SIZE at most, in quarter points) at which the longest
    word of `value` fits a cell `width` wide; MIN_HEAD_SIZE if none does."""
    register_fonts()
    room = width - 2 * CELL_PADDING
    longest = max((stringWidth(w, BOLD, 1) for w in value.split()), default=0.0)
    if longest * HEAD_SIZE <= room:
        return HEAD_SIZE
    return max(MIN_HEAD_SIZE, int(room / longest * 4) / 4)


@cache
def _head_style(size: float) -> ParagraphStyle:
    return ParagraphStyle(f"head-{size}", STYLES["head"], fontSize=size, leading=size + 1.5)


def header_para(value: str, width: float) -> Paragraph:
    """A header cell: wrapped between words only, in a size at which every word fits."""
    size = header_size(value, width)
    chosen = STYLES["head"] if size == HEAD_SIZE else _head_style(size)
    return Paragraph(escape(value).replace("\n", "<br/>"), chosen)


class Heading(Paragraph):
    """A heading that becomes a PDF bookmark and (levels 0-1) a table-of-contents entry."""

    def __init__(self, title: str, level: int, key: str, toc: bool = True) -> None:
        super().__init__(escape(title), style(f"h{min(level, 2)}"))
        self.title, self.level, self.key, self.toc = title, level, key, toc


class HeadingCounter:
    """Hands out bookmark keys in story order, so identical data gives identical keys."""

    def __init__(self) -> None:
        self._n = 0

    def __call__(self, title: str, level: int, toc: bool = True) -> Heading:
        self._n += 1
        return Heading(title, level, f"h{self._n}", toc)


def switch_page(template: str) -> list[Flowable]:
    """Start a new page with the given orientation (PORTRAIT or LANDSCAPE)."""
    return [NextPageTemplate(template), PageBreak()]


def frame_width(template: str) -> float:
    return PAGE_SIZES[template][0] - 2 * MARGIN


def _cell_flowable(cell: Cell, header: bool, width: float) -> Paragraph | str:
    """A paragraph where text must wrap or carry a mark; a plain string (much faster to lay
    out) where it fits the cell on one line."""
    if header:
        return header_para(cell.text(), width)
    if cell.kind == "band":
        if cell.value is None:
            return ""
        mark = f'<font color="{cell.fill}">■</font> ' if cell.fill else ""
        return Paragraph(mark + escape(cell.text()), style("cell"))
    value = cell.text()
    if cell.kind in NUMERIC_KINDS:
        return value
    font = BOLD if cell.bold else REGULAR
    if "\n" not in value and stringWidth(value, font, BODY_SIZE) <= width - 2 * CELL_PADDING:
        return value
    return para(value, "cell_bold" if cell.bold else "cell")


def pdf_table(table: ReportTable, width: float) -> Table:
    """A ReportLab table of `table`: header rows repeated on each page, spans, totals in bold."""
    register_fonts()  # cell widths are measured in the report font
    header = table.header_rows()
    rows = [*header, *table.rows]
    ncols = len(table.columns)
    data: list[list[Any]] = [[""] * ncols for _row in rows]
    weights = sum(c.width for c in table.columns)
    widths = [width * c.width / weights for c in table.columns]
    nhead = len(header)
    first_total = len(rows) - table.total_rows
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, BODY_SIZE, BODY_SIZE + 1.5),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if nhead:
        commands.append(("BACKGROUND", (0, 0), (-1, nhead - 1), HEADER_FILL))
    if table.total_rows:
        commands.append(("BACKGROUND", (0, first_total), (-1, -1), TOTAL_FILL))
        commands.append(("FONT", (0, first_total), (-1, -1), BOLD, BODY_SIZE, BODY_SIZE + 1.5))
    for r, c, cell in place(rows, ncols):
        is_header = r < nhead
        data[r][c] = _cell_flowable(cell, is_header, sum(widths[c : c + cell.colspan]))
        end = (c + cell.colspan - 1, r + cell.rowspan - 1)
        if cell.colspan > 1 or cell.rowspan > 1:
            commands.append(("SPAN", (c, r), end))
        if not is_header and cell.kind in NUMERIC_KINDS:
            commands.append(("ALIGN", (c, r), end, "RIGHT"))
        if not is_header and cell.bold and isinstance(data[r][c], str):
            commands.append(("FONT", (c, r), end, BOLD, BODY_SIZE, BODY_SIZE + 1.5))
        if cell.fill and cell.kind != "band":
            commands.append(("BACKGROUND", (c, r), end, colors.HexColor(cell.fill)))
    repeat = nhead if table.repeat_rows is None else table.repeat_rows
    result = Table(data, colWidths=widths, repeatRows=repeat, hAlign="LEFT")
    result.setStyle(TableStyle(commands))
    return result


def table_block(table: ReportTable, template: str, title: Flowable | None = None) -> list[Flowable]:
    """A titled table; a new page first when too little room is left for the title and the
    first rows (keepWithNext would move a long table whole)."""
    title = title or para(table.title, "h2")
    width = frame_width(template)
    return [CondPageBreak(45 * mm), title, pdf_table(table, width * table.width), Spacer(0, 4 * mm)]


class _PageTotal(Flowable):
    """An invisible 'index' that makes multiBuild run until the page count is known and stable."""

    def __init__(self, doc: ReportDocument) -> None:
        super().__init__()
        self.doc = doc
        self.width = self.height = 0

    def isIndexing(self) -> int:
        return 1

    def isSatisfied(self) -> int:
        return int(self.doc.known_total == getattr(self.doc, "page", 0))

    def beforeBuild(self) -> None:
        self.doc.known_total = getattr(self.doc, "page", 0) or None

    def afterBuild(self) -> None:
        pass

    def notify(self, kind: str, stuff: object) -> None:
        pass

    def draw(self) -> None:
        pass


class ReportDocument(BaseDocTemplate):
    """A4 document with portrait, landscape and cover templates and the running header."""

    def __init__(
        self,
        filename: str,
        info: DocumentInfo,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        first: str = PORTRAIT,
    ) -> None:
        super().__init__(
            filename,
            pagesize=A4,
            invariant=1,
            title=info.title,
            author=info.institution,
            creator="KBPP",
            subject=info.subtitle or info.title,
        )
        self.info = info
        self.known_total: int | None = None
        self.section = ""
        self._progress = progress
        self._cancelled = cancelled
        self._story_length = 1
        self._done = 0
        self._pass = 0
        # The first template is the one the first page uses.
        names = [first, *(n for n in (PORTRAIT, LANDSCAPE, COVER) if n != first)]
        self.addPageTemplates([self._template(name) for name in names])

    def _template(self, name: str) -> PageTemplate:
        width, height = PAGE_SIZES[name]
        top = MARGIN + (0 if name == COVER else HEADER_SPACE)
        frame = Frame(
            MARGIN, MARGIN + 6 * mm, width - 2 * MARGIN, height - top - MARGIN - 6 * mm, id=name
        )
        extra = {} if name == COVER else {"onPageEnd": self._decorate}
        return PageTemplate(id=name, frames=[frame], pagesize=(width, height), **extra)

    def handle_documentBegin(self) -> None:
        self._pass += 1
        self._done = 0
        self.section = ""
        super().handle_documentBegin()

    def afterFlowable(self, flowable: Flowable) -> None:
        check_cancelled(self._cancelled)
        self._done += 1
        if self._progress is not None:
            share = min(self._done / self._story_length, 1.0)
            self._progress(min(0.99, (self._pass - 1 + share) / (self._pass + 1)))
        if isinstance(flowable, Heading):
            if flowable.level == 0:
                self.section = flowable.title
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.title, flowable.key, flowable.level, closed=True)
            if flowable.toc and flowable.level <= 1:
                entry = (flowable.level, escape(flowable.title), self.page, flowable.key)
                self.notify("TOCEntry", entry)

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.5)
        top = height - MARGIN
        canvas.setFont(BOLD, 8)
        canvas.drawString(MARGIN, top - 8, self.info.institution)
        canvas.drawRightString(width - MARGIN, top - 8, self.info.title)
        canvas.setFont(ITALIC, 7.5)
        if self.info.subtitle:
            canvas.drawString(MARGIN, top - 18, self.info.subtitle)
        canvas.drawRightString(width - MARGIN, top - 18, self.section)
        canvas.line(MARGIN, top - 22, width - MARGIN, top - 22)
        canvas.line(MARGIN, MARGIN + 4 * mm, width - MARGIN, MARGIN + 4 * mm)
        canvas.setFont(REGULAR, 7)
        canvas.drawString(
            MARGIN, MARGIN, _("Data hash (SHA-256): {hash}").format(hash=self.info.data_hash)
        )
        total = self.known_total or doc.page
        canvas.setFont(BOLD, 8)
        canvas.drawRightString(
            width - MARGIN, MARGIN, _("Page {page} / {total}").format(page=doc.page, total=total)
        )
        canvas.restoreState()

    def render(self, story: Sequence[Flowable]) -> int:
        """Lay the story out (as many passes as the page total and contents need)."""
        full = [_PageTotal(self), *story]
        self._story_length = len(full)
        self.multiBuild(full)
        return self.page


def cover_and_contents(info: DocumentInfo, lines: Sequence[str]) -> list[Flowable]:
    """A cover (institution, title, `lines`) and a table of contents on the next page.

    Write the PDF with first=COVER. The contents are filled in by multiBuild's later passes.
    """
    story: list[Flowable] = [Spacer(0, 60 * mm), para(info.institution, "cover_line")]
    story += [Spacer(0, 12 * mm), para(info.title, "cover_title"), Spacer(0, 10 * mm)]
    story += [para(line, "cover_line") for line in lines]
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [style("toc0"), style("toc1")]
    story += [NextPageTemplate(PORTRAIT), PageBreak(), para(_("Contents"), "h0"), toc]
    return story


def write_pdf(
    path: Path,
    info: DocumentInfo,
    story: Sequence[Flowable],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    first: str = PORTRAIT,
) -> int:
    """Write the PDF atomically (a temporary file renamed at the end); returns the page count."""
    register_fonts()  # not at import: a missing font is a message, not an import error
    with replaced_atomically(Path(path), ".pdf") as tmp:
        doc = ReportDocument(tmp, info, progress, cancelled, first)
        pages = doc.render(story)
    if progress is not None:
        progress(1.0)
    return pages
