"""The Performance Program book: the published 2021 totals, structure, and identical bytes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from kbpp.errors import NotFoundError, ValidationError
from kbpp.i18n import _, set_language
from kbpp.reports.build import ReportRequest, make_report
from kbpp.reports.data import load_program
from kbpp.reports.program import total_need_table
from kbpp.storage import Database

# ../shared/data/README.md: each directorate's resource need and share as published.
PUBLISHED = {
    "Bilgi İşlem Müdürlüğü": ("13.268.000,00", "1,734"),
    "Çevre Koruma ve Kontrol Müdürlüğü": ("72.832.500,00", "9,521"),
    "Destek Hizmetleri Müdürlüğü": ("35.396.500,00", "4,627"),
    "Emlak ve İstimlak Müdürlüğü": ("18.712.000,00", "2,446"),
    "Fen İşleri Müdürlüğü": ("135.296.000,00", "17,686"),
    "Gençlik ve Spor Hizmetleri Müdürlüğü": ("10.761.000,00", "1,407"),
    "Hukuk İşleri Müdürlüğü": ("3.029.500,00", "0,396"),
    "İmar ve Şehircilik Müdürlüğü": ("9.867.000,00", "1,29"),
    "İnsan Kaynakları ve Eğitim Müdürlüğü": ("211.818.000,00", "27,689"),
    "İşletme Müdürlüğü": ("5.245.000,00", "0,686"),
    "Kadın ve Aile Hizmetleri Müdürlüğü": ("4.072.000,00", "0,532"),
    "Kültür ve Sosyal İşler Müdürlüğü": ("18.903.000,00", "2,471"),
    "Mali Hizmetler Müdürlüğü": ("68.296.000,00", "8,928"),
    "Özel Kalem Müdürlüğü": ("6.126.000,00", "0,801"),
    "Park ve Bahçeler Müdürlüğü": ("43.784.000,00", "5,723"),
    "Plan ve Proje Müdürlüğü": ("4.277.000,00", "0,559"),
    "Ruhsat ve Denetim Müdürlüğü": ("2.757.000,00", "0,36"),
    "Sosyal Yardım İşleri Müdürlüğü": ("12.917.000,00", "1,688"),
    "Strateji Geliştirme Müdürlüğü": ("1.237.000,00", "0,162"),
    "Teftiş Kurulu Müdürlüğü": ("949.500,00", "0,124"),
    "Ulaşım Hizmetleri Müdürlüğü": ("56.917.500,00", "7,44"),
    "Veteriner Hizmetleri Müdürlüğü": ("7.987.500,00", "1,044"),
    "Yapı Kontrol Müdürlüğü": ("310.000,00", "0,041"),
    "Yazı İşleri Müdürlüğü": ("4.047.000,00", "0,529"),
    "Zabıta Müdürlüğü": ("16.194.000,00", "2,117"),
}
BY_CODE = {
    "01": "57.403.000,00",
    "02": "9.736.500,00",
    "03": "445.194.500,00",
    "04": "7.500.000,00",
    "05": "43.488.000,00",
    "06": "151.428.000,00",
    "07": "12.000.000,00",
    "08": "0,00",
    "09": "38.250.000,00",
}


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def tr(message: str) -> str:
    """`message` as the Turkish book prints it (the catalogue's wording, or English until then)."""
    set_language("tr")
    try:
        return _(message)
    finally:
        set_language("en")


def cells(texts: list[str]) -> str:
    """The text with one " | " between extracted cells (pypdf puts each cell on its own line)."""
    return " | ".join(line.strip() for t in texts for line in t.splitlines())


def test_book_prints_the_published_2021_totals(book_2021_pages: list[str]) -> None:
    text = cells(book_2021_pages)
    # The directorates' table: name, amount and share as published, in adjacent cells.
    for name, (amount, share) in PUBLISHED.items():
        assert f"| {name} | {amount} | {share} |" in text, name
    assert f"| {tr('TOTAL')} | 765.000.000,00 | 100 |" in text
    for code, amount in BY_CODE.items():
        assert re.search(rf"\| {code} \| [^|]+ \| {re.escape(amount)} \|", text), code
    assert f"| {tr('Total of the activities')} | 765.000.000,00 |" in text
    assert f"| {tr('TOTAL RESOURCE NEED')} | 765.000.000,00 |" in text


def test_turkish_letters_and_lira_sign_extract(book_2021_pages: list[str]) -> None:
    text = "\n".join(book_2021_pages)
    for word in (
        "Küçükçekmece Belediyesi",
        "İnsan Kaynakları ve Eğitim Müdürlüğü",
        "Şehircilik",
        "ığ",
    ):
        assert word in text
    assert "(₺)" in text
    assert "2020-2024 Stratejik Plan" in text


def test_book_structure_pages_outline_and_footer(
    book_2021: Path, book_2021_pages: list[str]
) -> None:
    reader = PdfReader(book_2021)
    total = len(reader.pages)
    assert total > 100
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top[:25] == list(PUBLISHED)
    assert top[-1] == tr("The whole administration")
    title = tr("{year} Performance Program").format(year=2021)
    hashes = set()
    for number, text in enumerate(book_2021_pages, start=1):
        if number == 1:
            continue  # the cover has no running header
        assert tr("Page {page} / {total}").format(page=number, total=total) in text
        assert title in text and "Küçükçekmece Belediyesi" in text
        hashes.update(re.findall(r"SHA-256\): ([0-9a-f]{64})", text))
    assert len(hashes) == 1
    assert reader.metadata.title == title


def test_every_card_is_printed_with_its_header(book_2021_pages: list[str]) -> None:
    text = "\n".join(book_2021_pages)
    card = re.escape(tr("Performance target card {code}").format(code="@")).replace("@", r"\S+")
    first_row = re.escape(tr("RESPONSIBLE UNIT").split()[0])
    assert len(re.findall(card, text)) == 100
    # Each card title is followed by the card's first row, on the same page.
    assert len(re.findall(rf"{card}\n {first_row}", text)) == 100
    assert "PH1.41.1" in text and "İG2.60.1." in text  # the source's oddities, kept as they are


def test_one_directorate_and_identical_bytes(db_2021: Database, tmp_path: Path) -> None:
    set_language("tr")
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    request = ReportRequest("program", 2021, first, directorate="yapı kontrol")
    outcome = make_report(db_2021, request)
    make_report(db_2021, ReportRequest("program", 2021, second, directorate="yapı kontrol"))
    assert first.read_bytes() == second.read_bytes()
    text = "\n".join(page_texts(first))
    assert "Yapı Kontrol Müdürlüğü" in text and "310.000,00" in text
    assert "Zabıta Müdürlüğü" not in text
    assert outcome.pages == len(PdfReader(first).pages)


def test_changed_data_changes_the_hash(db_2021: Database, tmp_path: Path) -> None:
    from sqlalchemy import select

    from kbpp.models import Activity, ActivityCost, Directorate, PerformanceTarget

    before = make_report(
        db_2021, ReportRequest("program", 2021, tmp_path / "a.xlsx", directorate="Yapı Kontrol")
    )
    with db_2021.write() as session:
        cost = session.scalars(
            select(ActivityCost)
            .join(Activity)
            .join(PerformanceTarget)
            .join(Directorate)
            .where(Directorate.name == "Yapı Kontrol Müdürlüğü")
            .limit(1)
        ).one()
        cost.amount_kurus += 1
    after = make_report(
        db_2021, ReportRequest("program", 2021, tmp_path / "b.xlsx", directorate="Yapı Kontrol")
    )
    assert before.data_hash != after.data_hash


def test_refusals(db_2021: Database, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no program year 2030"):
        make_report(db_2021, ReportRequest("program", 2030, tmp_path / "x.pdf"))
    with pytest.raises(NotFoundError, match="no directorate"):
        make_report(db_2021, ReportRequest("program", 2021, tmp_path / "x.pdf", directorate="Uzay"))
    with pytest.raises(ValidationError, match=r"NAME\.pdf"):
        make_report(db_2021, ReportRequest("program", 2021, tmp_path / "x.docx"))
    with pytest.raises(ValidationError, match="quarter"):
        make_report(db_2021, ReportRequest("monitoring", 2021, tmp_path / "x.pdf"))
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("db-2021.db")] == []


def test_total_resource_need_shows_transfers_and_off_budget(small_db: Database) -> None:
    """İdarenin Toplam Kaynak İhtiyacı Tablosu: every economic code (05 and 07, the activities'
    own transfers, among them), the activities' total, transfers to other administrations, the
    budget's general total, each off-budget source, and the total resource need."""
    with small_db.read() as session:
        table = total_need_table(load_program(session, 2021))
    lines = [tuple(c.text() for c in row) for row in table.rows]
    assert lines[:4] == [
        ("BUDGET",),
        ("01", "Personel Giderleri", "1,650,000.50"),
        ("03", "Mal ve Hizmet Alım Giderleri", "350,000.24"),
        ("06", "Sermaye Giderleri", "3,000,000.00"),
    ]
    assert lines[4:] == [
        ("Total of the activities", "5,000,000.74"),
        ("", "Transfers to other administrations", "0.00"),
        ("General total of the budget", "5,000,000.74"),
        ("OFF-BUDGET SOURCES",),
        ("", "Döner Sermaye", "10,000.00"),
        ("", "Diğer Yurt İçi", "0.00"),
        ("", "Yurt Dışı", "0.00"),
        ("Total of off-budget sources", "10,000.00"),
        ("TOTAL RESOURCE NEED", "5,010,000.74"),
    ]
