"""Reminder letters: what a directorate still owes for a quarter, as an official letter to sign.

The letters are always in Turkish, whatever the language of the screens: they are official
correspondence of a Turkish municipality (Resmî Yazışmalarda Uygulanacak Usul ve Esaslar), so
their wording is fixed here rather than in the translation catalogue. Messages to the user
(errors, the summary of what was written) are translated as usual.

What is missing comes from the same rules that stop a directorate from sending the quarter
(`kbpp.quarter_entry.missing_for_quarter`: values not entered and required deviation notes), and
"late" from the office's calendar (`kbpp.office.calendar`). A quarter the office has accepted
needs no letter, and a directorate with nothing missing gets none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy import select

from kbpp.errors import ValidationError
from kbpp.i18n import _, ngettext
from kbpp.models import Directorate, ProgramYear, QuarterStatus
from kbpp.office.calendar import Window, quarter_window
from kbpp.paths import replaced_atomically
from kbpp.quarter_entry import load_entry_sheet, missing_for_quarter
from kbpp.reports.fonts import BOLD, REGULAR, register_fonts
from kbpp.storage import Database

OFFICE_UNIT = "Strateji Geliştirme Müdürlüğü"
QUARTER_MONTHS = {1: "Ocak-Mart", 2: "Nisan-Haziran", 3: "Temmuz-Eylül", 4: "Ekim-Aralık"}
HEADER_FILL = colors.HexColor("#d9e1f2")
GRID = colors.HexColor("#7f7f7f")


@dataclass(frozen=True)
class MissingItem:
    target: str
    indicator: str
    name: str
    value_missing: bool
    note_missing: bool

    @property
    def what(self) -> str:
        parts = []
        if self.value_missing:
            parts.append("Değer girilmemiş")
        if self.note_missing:
            parts.append("Sapma nedeni eksik")
        return "; ".join(parts)


@dataclass(frozen=True)
class Reminder:
    """One directorate's letter: its quarter's state and what is missing."""

    directorate: str
    state: str  # open (not received), submitted, returned
    late: bool
    items: list[MissingItem]


@dataclass(frozen=True)
class Reminders:
    year: int
    quarter: int
    window: Window
    institution: str
    letters: list[Reminder]
    complete: list[str]  # directorates with nothing missing (or accepted): no letter


def turkish_upper(text: str) -> str:
    """Upper case with the Turkish dotted and dotless i (İstanbul, ISPARTA)."""
    return text.replace("i", "İ").replace("ı", "I").upper()


def addressee(directorate: str) -> str:
    """The dative of the directorate's name in capitals: "BİLGİ İŞLEM MÜDÜRLÜĞÜNE"."""
    name = turkish_upper(directorate.strip())
    vowels = [c for c in name if c in "AEIİOÖUÜ"]
    back = bool(vowels) and vowels[-1] in "AIOU"
    if name[-1:] in "AEIİOÖUÜ":
        # A possessive ending (Müdürlüğü, Başkanlığı) takes -(n)e/-(n)a.
        return name + ("NA" if back else "NE")
    return name + ("A" if back else "E")


def collect(
    db: Database,
    year: int,
    quarter: int,
    directorate: str | None = None,
    today: date | None = None,
) -> Reminders:
    """Who owes what for the quarter, read in one go; nothing is written."""
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("A quarter is 1, 2, 3 or 4, not {q}.").format(q=quarter))
    today = today or date.today()
    sheet = load_entry_sheet(db, year, directorate)
    with db.read() as session:
        window = quarter_window(session, year, quarter)
        program = session.scalar(select(ProgramYear).where(ProgramYear.year == year))
        assert program is not None  # load_entry_sheet has checked the year
        institution = program.plan.institution or "Belediye"
        states = {
            name: state
            for name, state in session.execute(
                select(Directorate.name, QuarterStatus.state)
                .join(QuarterStatus, QuarterStatus.directorate_id == Directorate.id)
                .where(
                    QuarterStatus.program_year_id == program.id,
                    QuarterStatus.quarter == quarter,
                )
            )
        }
        order = list(session.scalars(select(Directorate.name).order_by(Directorate.position)))
    if directorate is not None and directorate not in order:
        raise ValidationError(_("There is no directorate “{name}”.").format(name=directorate))
    by_directorate: dict[str, list[MissingItem]] = {}
    for m in missing_for_quarter(sheet, quarter):
        f = m.row.facts
        by_directorate.setdefault(f.directorate, []).append(
            MissingItem(f.target_code, f.code, f.name, m.value_missing, m.note_missing)
        )
    with_cards = {r.facts.directorate for r in sheet.rows}
    letters, complete = [], []
    for name in order:
        if name not in with_cards:
            continue
        state = states.get(name, "open")
        items = by_directorate.get(name, [])
        if state == "accepted" or not items:
            complete.append(name)
            continue
        late = state in ("open", "returned") and window.is_late(today)
        letters.append(Reminder(name, state, late, items))
    return Reminders(year, quarter, window, institution, letters, complete)


def _style(name: str, **kw: object) -> ParagraphStyle:
    base: dict[str, object] = {"fontName": REGULAR, "fontSize": 11, "leading": 15}
    base.update(kw)
    return ParagraphStyle(name, **base)


STYLES = {
    "head": _style("head", fontName=BOLD, alignment=TA_CENTER, fontSize=12, leading=16),
    "line": _style("line"),
    "right": _style("right", alignment=TA_RIGHT),
    "to": _style("to", fontName=BOLD, alignment=TA_CENTER, spaceBefore=8 * mm),
    "body": _style("body", alignment=TA_JUSTIFY, firstLineIndent=12 * mm, spaceBefore=4 * mm),
    "cell": _style("cell", fontSize=8.5, leading=10.5),
    "cell_head": _style("cell_head", fontName=BOLD, fontSize=8.5, leading=10.5),
    "sign": _style("sign", alignment=TA_CENTER),
    "sign_bold": _style("sign_bold", fontName=BOLD, alignment=TA_CENTER),
}


def _p(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text), STYLES[style])


def _status_sentence(r: Reminder, due: str) -> str:
    if r.state == "submitted":
        return (
            "Müdürlüğünüzce gönderilen verilerde ekteki listede yer alan eksiklikler "
            "tespit edilmiştir."
        )
    if r.state == "returned":
        text = (
            "Müdürlüğümüzce düzeltilmek üzere iade edilen veriler henüz yeniden gönderilmemiştir."
        )
    else:
        text = "Söz konusu veriler henüz Müdürlüğümüze ulaşmamıştır."
    if r.late:
        text += f" Son gönderim tarihi olan {due} geçmiş bulunmaktadır."
    return text


def _letter(
    reminders: Reminders,
    r: Reminder,
    written: date,
    number: str,
    signer_name: str,
    signer_title: str,
    width: float,
) -> list:
    q, year = reminders.quarter, reminders.year
    due = reminders.window.due_on.strftime("%d.%m.%Y")
    story: list = [
        _p("T.C.", "head"),
        _p(f"{turkish_upper(reminders.institution)} BAŞKANLIĞI", "head"),
        _p(OFFICE_UNIT, "head"),
        Spacer(0, 8 * mm),
    ]
    meta = Table(
        [
            [_p(f"Sayı : {number}", "line"), _p(written.strftime("%d.%m.%Y"), "right")],
            [_p(f"Konu : {year} Yılı {q}. Çeyrek Performans Verileri", "line"), ""],
        ],
        colWidths=[width * 0.75, width * 0.25],
    )
    meta.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [meta, _p(addressee(r.directorate), "to")]
    story.append(
        _p(
            f"Kamu İdarelerince Hazırlanacak Performans Programları Hakkında Yönetmelik "
            f"uyarınca, Müdürlüğünüz sorumluluğundaki performans göstergelerinin {year} yılı "
            f"{q}. çeyrek ({QUARTER_MONTHS[q]}) gerçekleşme değerlerinin en geç {due} "
            f"tarihine kadar Müdürlüğümüze gönderilmesi gerekmektedir. "
            f"{_status_sentence(r, due)}",
            "body",
        )
    )
    story.append(
        _p(
            f"Ekte listelenen {len(r.items)} göstergeye ilişkin eksikliklerin "
            f"KBPP çalışma alanınızda tamamlanarak veri paketinin Müdürlüğümüze iletilmesi "
            f"hususunda bilgilerinizi ve gereğini rica ederim.",
            "body",
        )
    )
    blank = "……………………………………"
    sign = Table(
        [
            ["", _p(signer_name or blank, "sign_bold")],
            ["", _p(signer_title or blank, "sign")],
        ],
        colWidths=[width * 0.55, width * 0.45],
    )
    story += [Spacer(0, 12 * mm), sign, Spacer(0, 8 * mm)]
    story.append(_p(f"EK: Eksik Veri Listesi ({len(r.items)} gösterge)", "line"))
    rows = [
        [
            _p(h, "cell_head")
            for h in ("SIRA", "PERFORMANS HEDEFİ", "GÖSTERGE KODU", "GÖSTERGE ADI", "EKSİK")
        ]
    ]
    for n, item in enumerate(r.items, start=1):
        rows.append(
            [
                _p(str(n), "cell"),
                _p(item.target, "cell"),
                _p(item.indicator, "cell"),
                _p(item.name, "cell"),
                _p(item.what, "cell"),
            ]
        )
    table = Table(
        rows,
        colWidths=[w * width for w in (0.07, 0.15, 0.15, 0.43, 0.20)],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    story += [Spacer(0, 2 * mm), table]
    return story


class _LetterStart(Flowable):
    """Marks where a directorate's letter begins, for the footer of its pages."""

    def __init__(self, directorate: str) -> None:
        super().__init__()
        self.directorate = directorate

    def wrap(self, _width: float, _height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class _LetterDocument(SimpleDocTemplate):
    """Footer on every page: the addressee and the page within its letter."""

    def __init__(self, path: str, reminders: Reminders, **kw: Any) -> None:
        super().__init__(path, **kw)
        self.reminders = reminders
        self.current = ""
        self.first_page = 1

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _LetterStart):
            self.current, self.first_page = flowable.directorate, self.page

    def afterPage(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        r = self.reminders
        canvas.drawString(
            20 * mm,
            12 * mm,
            f"{OFFICE_UNIT} · {r.year} yılı {r.quarter}. çeyrek hatırlatma yazısı · "
            f"{addressee(self.current)}",
        )
        canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"Sayfa {self.page - self.first_page + 1}")
        canvas.restoreState()


def write_letters(
    reminders: Reminders,
    out: Path,
    *,
    number: str = "",
    signer_name: str = "",
    signer_title: str = "",
    written: date | None = None,
) -> int:
    """One PDF with one letter per directorate (each starting on a new page); returns the
    number of letters. Written atomically; refused when there is nothing to remind of."""
    if not reminders.letters:
        raise ValidationError(
            _(
                "Nothing is missing for Q{q} {year}: no letter was written (every directorate "
                "has sent its values and notes, or the office accepted them)."
            ).format(q=reminders.quarter, year=reminders.year)
        )
    register_fonts()
    written = written or date.today()
    with replaced_atomically(Path(out), ".pdf") as tmp:
        doc = _LetterDocument(
            tmp,
            reminders,
            pagesize=A4,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=18 * mm,
            bottomMargin=20 * mm,
            title=f"{reminders.year} Yılı {reminders.quarter}. Çeyrek Hatırlatma Yazıları",
            author=OFFICE_UNIT,
            invariant=1,
        )
        story: list = []
        for i, r in enumerate(reminders.letters):
            if i:
                story.append(PageBreak())
            story.append(_LetterStart(r.directorate))
            story += _letter(reminders, r, written, number, signer_name, signer_title, doc.width)
        doc.build(story)
    return len(reminders.letters)


def letters_written(count: int, path: object) -> str:
    """What the command line and the dialog say once the letters are written."""
    return ngettext(
        "{n} letter written to {file}.", "{n} letters written to {file}.", count
    ).format(n=count, file=path)


def summary_lines(reminders: Reminders) -> Sequence[str]:
    """One line per directorate, for the command line and the dialog."""
    lines = [
        ngettext(
            "{name}: {n} item missing{late}", "{name}: {n} items missing{late}", len(r.items)
        ).format(
            name=r.directorate,
            n=len(r.items),
            late=_(", late") if r.late else "",
        )
        for r in reminders.letters
    ]
    lines += [_("{name}: nothing missing, no letter").format(name=n) for n in reminders.complete]
    return lines
