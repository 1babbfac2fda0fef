"""Reminder letters: one page-led letter per directorate that still owes values or notes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kbpp.errors import ValidationError
from kbpp.evaluation.rules import effective_aggregation
from kbpp.models import Directorate, ProgramYear, QuarterStatus
from kbpp.office.calendar import set_window
from kbpp.quarter_entry import load_entry_sheet, save_entry
from kbpp.reports.letters import addressee, collect, turkish_upper, write_letters
from kbpp.storage import Database

SMALL = "Teftiş Kurulu Müdürlüğü"  # 3 indicators


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_turkish_capitals_and_addressee() -> None:
    assert turkish_upper("Bilgi İşlem ışık") == "BİLGİ İŞLEM IŞIK"
    assert addressee("Bilgi İşlem Müdürlüğü") == "BİLGİ İŞLEM MÜDÜRLÜĞÜNE"
    assert addressee("Özel Kalem Başkanlığı") == "ÖZEL KALEM BAŞKANLIĞINA"


def test_letter_lists_missing_codes_and_the_due_date(db_2021: Database, tmp_path: Path) -> None:
    sheet = load_entry_sheet(db_2021, 2021, SMALL)
    first = sheet.rows[0]
    # One value on target: no note needed, so it is not missing any more.
    target = first.facts.target or Decimal(4)
    pro_rata = effective_aggregation(first.facts.aggregation, first.facts.unit) == "sum"
    save_entry(db_2021, first.indicator_id, "Q1", target / 4 if pro_rata else target, None)
    with db_2021.write() as s:
        set_window(s, 2021, 1, date(2021, 4, 1), date(2021, 4, 20))
    reminders = collect(db_2021, 2021, 1, SMALL, today=date(2021, 5, 3))
    [letter] = reminders.letters
    assert letter.late and letter.state == "open"
    codes = [i.indicator for i in letter.items]
    assert first.facts.code not in codes and len(codes) == 2
    out = tmp_path / "hatirlatma.pdf"
    assert write_letters(reminders, out, number="E-123", signer_name="Ayşe Yılmaz") == 1
    text = text_of(out)
    for expected in ("TEFTİŞ KURULU MÜDÜRLÜĞÜNE", "KÜÇÜKÇEKMECE BELEDİYESİ BAŞKANLIĞI",
                     "Strateji Geliştirme Müdürlüğü", "Sayı : E-123", "20.04.2021", "Ayşe Yılmaz",
                     *codes):  # fmt: skip
        assert expected in text, expected


def test_one_pdf_for_all_skips_complete_and_accepted(db_2021: Database, tmp_path: Path) -> None:
    with db_2021.write() as s:
        program = s.scalar(select(ProgramYear).where(ProgramYear.year == 2021))
        d = s.scalar(select(Directorate).where(Directorate.name == "Zabıta Müdürlüğü"))
        s.add(QuarterStatus(program_year_id=program.id, directorate_id=d.id, quarter=2,
                            state="accepted", locked=True, reason="kabul"))  # fmt: skip
    reminders = collect(db_2021, 2021, 2, today=date(2021, 6, 1))
    names = [r.directorate for r in reminders.letters]
    assert "Zabıta Müdürlüğü" in reminders.complete and "Zabıta Müdürlüğü" not in names
    assert len(names) == 24 and not any(r.late for r in reminders.letters)
    out = tmp_path / "all.pdf"
    write_letters(reminders, out)
    reader = PdfReader(out)
    starts = [p.extract_text() for p in reader.pages if "T.C." in p.extract_text()]
    assert len(starts) == 24
    assert "BİLGİ İŞLEM MÜDÜRLÜĞÜNE" in starts[0]


def test_nothing_missing_no_letter(db_2021: Database, tmp_path: Path) -> None:
    sheet = load_entry_sheet(db_2021, 2021, SMALL)
    for row in sheet.rows:
        save_entry(db_2021, row.indicator_id, "Q1", Decimal(1), "Not: çalışma sürüyor.")
    reminders = collect(db_2021, 2021, 1, SMALL)
    assert reminders.letters == [] and reminders.complete == [SMALL]
    with pytest.raises(ValidationError, match="no letter was written"):
        write_letters(reminders, tmp_path / "none.pdf")
    assert not (tmp_path / "none.pdf").exists()
