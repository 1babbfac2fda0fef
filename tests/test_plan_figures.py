"""Every figure of ../shared/data/README.md, checked against the imported database."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from kbpp.costs import need_by_directorate, need_by_source_key, total_need
from kbpp.models import (
    Activity,
    Aim,
    Directorate,
    Indicator,
    Objective,
    PerformanceTarget,
    Theme,
)
from kbpp.storage import Database

PUBLISHED_BY_CODE = {
    "01": "57403000.00",
    "02": "9736500.00",
    "03": "445194500.00",
    "04": "7500000.00",
    "05": "43488000.00",
    "06": "151428000.00",
    "07": "12000000.00",
    "08": "0.00",
    "09": "38250000.00",
}
PUBLISHED_BY_DIRECTORATE = [
    ("Bilgi İşlem Müdürlüğü", "13268000.00", "1.734"),
    ("Çevre Koruma ve Kontrol Müdürlüğü", "72832500.00", "9.521"),
    ("Destek Hizmetleri Müdürlüğü", "35396500.00", "4.627"),
    ("Emlak ve İstimlak Müdürlüğü", "18712000.00", "2.446"),
    ("Fen İşleri Müdürlüğü", "135296000.00", "17.686"),
    ("Gençlik ve Spor Hizmetleri Müdürlüğü", "10761000.00", "1.407"),
    ("Hukuk İşleri Müdürlüğü", "3029500.00", "0.396"),
    ("İmar ve Şehircilik Müdürlüğü", "9867000.00", "1.29"),
    ("İnsan Kaynakları ve Eğitim Müdürlüğü", "211818000.00", "27.689"),
    ("İşletme Müdürlüğü", "5245000.00", "0.686"),
    ("Kadın ve Aile Hizmetleri Müdürlüğü", "4072000.00", "0.532"),
    ("Kültür ve Sosyal İşler Müdürlüğü", "18903000.00", "2.471"),
    ("Mali Hizmetler Müdürlüğü", "68296000.00", "8.928"),
    ("Özel Kalem Müdürlüğü", "6126000.00", "0.801"),
    ("Park ve Bahçeler Müdürlüğü", "43784000.00", "5.723"),
    ("Plan ve Proje Müdürlüğü", "4277000.00", "0.559"),
    ("Ruhsat ve Denetim Müdürlüğü", "2757000.00", "0.36"),
    ("Sosyal Yardım İşleri Müdürlüğü", "12917000.00", "1.688"),
    ("Strateji Geliştirme Müdürlüğü", "1237000.00", "0.162"),
    ("Teftiş Kurulu Müdürlüğü", "949500.00", "0.124"),
    ("Ulaşım Hizmetleri Müdürlüğü", "56917500.00", "7.44"),
    ("Veteriner Hizmetleri Müdürlüğü", "7987500.00", "1.044"),
    ("Yapı Kontrol Müdürlüğü", "310000.00", "0.041"),
    ("Yazı İşleri Müdürlüğü", "4047000.00", "0.529"),
    ("Zabıta Müdürlüğü", "16194000.00", "2.117"),
]


def kurus(text: str) -> int:
    whole, frac = text.split(".")
    return int(whole) * 100 + int(frac)


def count(db: Database, model: type) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_skeleton_counts(db_2021: Database) -> None:
    assert count(db_2021, Theme) == 7
    assert count(db_2021, Aim) == 10
    assert count(db_2021, Objective) == 79
    assert count(db_2021, Directorate) == 25


def test_objective_without_target_is_kept(db_2021: Database) -> None:
    with db_2021.read() as s:
        h818 = s.scalar(select(Objective).where(Objective.code == "H8.18"))
        assert h818 is not None
        n = s.scalar(select(func.count()).where(PerformanceTarget.objective_id == h818.id))
    assert n == 0


def test_cards_and_shared_code(db_2021: Database) -> None:
    assert count(db_2021, PerformanceTarget) == 100
    with db_2021.read() as s:
        codes = s.scalars(select(PerformanceTarget.code)).all()
        owners = sorted(
            s.scalars(
                select(Directorate.name)
                .join(PerformanceTarget, PerformanceTarget.directorate_id == Directorate.id)
                .where(PerformanceTarget.code == "PH1.41.1")
            )
        )
        texts = s.scalars(
            select(PerformanceTarget.text).where(PerformanceTarget.code == "PH1.41.1")
        ).all()
    assert len(set(codes)) == 99
    assert owners == ["Yapı Kontrol Müdürlüğü", "Zabıta Müdürlüğü"]
    assert len(set(texts)) == 2


def test_indicators_by_kind_and_oddities_kept(db_2021: Database) -> None:
    assert count(db_2021, Indicator) == 476
    with db_2021.read() as s:
        kinds = dict(s.execute(select(Indicator.kind, func.count()).group_by(Indicator.kind)).all())
        codes = set(s.scalars(select(Indicator.code)))
    assert kinds == {"performance": 249, "monitoring": 227}
    assert "İG2.60.1." in codes  # the source's malformed code, kept as printed
    assert {"PG6.33.1.6", "PG6.33.1.7"} <= codes


def test_activities_and_totals(db_2021: Database) -> None:
    assert count(db_2021, Activity) == 176
    with db_2021.read() as s:
        assert total_need(s, 2021) == kurus("765000000.00")
        assert total_need(s, 2021, "off_budget") == 0
        by_code = need_by_source_key(s, 2021, "budget")
        by_directorate = need_by_directorate(s, 2021)
    assert {c: by_code.get(c, 0) for c in PUBLISHED_BY_CODE} == {
        c: kurus(v) for c, v in PUBLISHED_BY_CODE.items()
    }
    assert [(d.name, d.kurus, str(d.share.normalize())) for d in by_directorate] == [
        (n, kurus(v), share) for n, v, share in PUBLISHED_BY_DIRECTORATE
    ]
    assert sum(d.share for d in by_directorate) == Decimal("100.001")  # as printed
