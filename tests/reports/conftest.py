"""Report fixtures: a tiny fixed plan for golden files, the demo year, the 2021 book made once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kbpp.i18n import set_language
from kbpp.planexchange.importer import import_plan
from kbpp.planexchange.reader import read_plan_bytes
from kbpp.reports.build import ReportRequest, make_report
from kbpp.storage import Database, create_database, open_database


def _indicator(code: str, name: str, unit: str, target: int, values: list[Any]) -> dict[str, Any]:
    return {
        "code": code,
        "kind": "monitoring" if code.startswith("İG") else "performance",
        "name": name,
        "type": "Çıktı",
        "unit": unit,
        "history": [{"period": "2019", "value": 7}, {"period": "2020-H1", "value": 3.5}],
        "target": target,
        "values": [
            {
                "period": f"2021-Q{q}",
                "value": v,
                "note": "Yağışlı hava işleri geciktirdi." if q == 2 else None,
            }
            for q, v in enumerate(values, start=1)
            if v is not None
        ],
    }


SMALL_PLAN: dict[str, Any] = {
    "format": "kbpp-plan",
    "version": 1,
    "institution": "Örnek Belediyesi",
    "plan": {"name": "2020-2024 Stratejik Plan", "start_year": 2020, "end_year": 2024},
    "themes": [
        {"name": "Çevre ve İklim", "aims": ["A1"]},
        {"name": "Kurumsal Gelişim", "aims": ["A2"]},
    ],
    "aims": [
        {"code": "A1", "text": "Yaşanabilir, yeşil ve dirençli bir ilçe oluşturmak"},
        {"code": "A2", "text": "Şeffaf, hesap verebilir ve güçlü bir kurum olmak"},
    ],
    "objectives": [
        {"code": "H1.1", "aim": "A1", "text": "Yeşil alan miktarını artırmak"},
        {"code": "H2.1", "aim": "A2", "text": "Dijital hizmetleri geliştirmek"},
    ],
    "directorates": [{"name": "Park ve Bahçeler Müdürlüğü"}, {"name": "Bilgi İşlem Müdürlüğü"}],
    "economic_codes": {
        "01": "Personel Giderleri",
        "03": "Mal ve Hizmet Alım Giderleri",
        "06": "Sermaye Giderleri",
    },
    "programs": [
        {
            "year": 2021,
            "directorates": [
                {
                    "name": "Park ve Bahçeler Müdürlüğü",
                    "performance_targets": [
                        {
                            "code": "PH1.1.1",
                            "objective": "H1.1",
                            "text": "Kişi başına düşen yeşil alanı artırmak",
                            "indicators": [
                                _indicator(
                                    "PG1.1.1.1", "Yapılan park sayısı", "Adet", 8, [2, 1, 3, 2]
                                ),
                                _indicator(
                                    "İG1.1.1.2",
                                    "Dikilen ağaç sayısı",
                                    "Adet",
                                    1000,
                                    [100, 50, None, None],
                                ),
                            ],
                            "activities": [
                                {
                                    "name": "Park yapımı (ığdır şğü)",
                                    "budget": {"01": 1250000.5, "06": 3000000},
                                },
                                {
                                    "name": "Ağaçlandırma",
                                    "budget": {"03": 250000.25},
                                    "off_budget": {"Döner Sermaye": 10000},
                                },
                            ],
                        }
                    ],
                },
                {
                    "name": "Bilgi İşlem Müdürlüğü",
                    "performance_targets": [
                        {
                            "code": "PH2.1.1",
                            "objective": "H2.1",
                            "text": "E-belediye hizmetlerini yaygınlaştırmak",
                            "indicators": [
                                _indicator(
                                    "PG2.1.1.1", "E-devlet hizmet sayısı", "Adet", 20, [5, 5, 5, 1]
                                ),
                                _indicator(
                                    "PG2.1.1.2",
                                    "Sistem erişilebilirlik oranı",
                                    "Yüzde",
                                    99,
                                    [99, 98, 97, 99],
                                ),
                            ],
                            "activities": [
                                {
                                    "name": "Yazılım geliştirme",
                                    "budget": {"01": 400000, "03": 99999.99},
                                }
                            ],
                        }
                    ],
                },
            ],
        }
    ],
}


@pytest.fixture
def small_db(tmp_path: Path) -> Iterator[Database]:
    """A fresh database holding the tiny fixed plan (with quarterly values)."""
    db = create_database(tmp_path / "small.db", "office")
    import_plan(db, read_plan_bytes(json.dumps(SMALL_PLAN, ensure_ascii=False).encode()))
    yield db
    db.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The demo year (2021 plan with generated values), built once; tests only read it."""
    from kbpp.demo import build_demo_database

    db = build_demo_database(tmp_path_factory.mktemp("demo") / "demo.db")
    yield db
    db.close()


@pytest.fixture(scope="session")
def book_2021(tmp_path_factory: pytest.TempPathFactory, _imported_2021_template: Path) -> Path:
    """The whole 2021 Performance Program, printed in Turkish once for the session."""
    out = tmp_path_factory.mktemp("book") / "program-2021.pdf"
    db = open_database(_imported_2021_template)
    set_language("tr")
    try:
        make_report(db, ReportRequest("program", 2021, out))
    finally:
        set_language("en")
        db.close()
    return out


@pytest.fixture(scope="session")
def book_2021_pages(book_2021: Path) -> list[str]:
    """The text of each page of the 2021 book (extracting it is the slow part; do it once)."""
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(book_2021).pages]


@pytest.fixture(scope="session")
def demo_results_xlsx(demo_db: Database, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo year's results workbook, made once (in English, as tests read it)."""
    out = tmp_path_factory.mktemp("results") / "results.xlsx"
    set_language("en")
    make_report(demo_db, ReportRequest("results", 2021, out))
    return out
