"""evaluate() end to end on a small hand-built year, and the JSON scripts read."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from kbpp.evaluation.engine import (
    IndicatorFacts,
    PlanShape,
    YearFacts,
    YearResult,
    evaluate,
    result_to_json,
)
from kbpp.evaluation.settings import DEFAULT_SETTINGS

D = Decimal
BIM = "Bilgi İşlem Müdürlüğü"
ZABITA = "Zabıta Müdürlüğü"
YAZI = "Yazı İşleri Müdürlüğü"


def indicator(directorate: str, objective: str, code: str, **fields: Any) -> IndicatorFacts:
    base: dict[str, Any] = {
        "directorate": directorate,
        "target_code": "PH" + objective[1:] + ".1",
        "objective_code": objective,
        "code": code,
        "name": f"Gösterge {code}",
        "kind": "monitoring" if code.startswith("İG") else "performance",
        "type": "Çıktı",
        "unit": "Adet",
        "direction": None,
        "aggregation": None,
        "weight": None,
        "target": None,
        "quarter_targets": {},
        "values": {},
    }
    base.update(fields)
    return IndicatorFacts(**base)


def q(*values: str | None, y: str | None = None) -> dict[str, Decimal | None]:
    result: dict[str, Decimal | None] = {
        f"Q{i}": None if v is None else D(v) for i, v in enumerate(values, start=1)
    }
    if y is not None:
        result["Y"] = D(y)
    return result


@pytest.fixture
def year() -> YearFacts:
    return YearFacts(
        year=2024,
        settings=DEFAULT_SETTINGS,
        plan=PlanShape(
            objectives=[("H1.1", "A1"), ("H1.2", "A1"), ("H2.1", "A2"), ("H3.1", "A3")],
            aims=["A1", "A2", "A3"],
            themes=[("Tema Bir", ["A1", "A2"]), ("Tema İki", ["A3"])],
        ),
        directorates=[YAZI, BIM, ZABITA],
        indicators=[
            # Counts added up: 8 of 8.
            indicator(
                BIM, "H1.1", "PG1.1.1.1", weight=D(50), target=D(8), values=q("2", "2", "2", "2")
            ),
            # Yüzde → average of the entered quarters: (60 + 70 + 80) / 3 = 70 of 90.
            indicator(
                BIM,
                "H1.1",
                "PG1.1.1.2",
                unit="Yüzde",
                weight=D(30),
                target=D(90),
                values=q("60", "70", None, "80"),
            ),
            # Lower is better: 100 / 120.
            indicator(
                BIM,
                "H1.2",
                "İG1.2.1.1",
                direction="decreasing",
                aggregation="sum",
                target=D(100),
                values=q("30", "30", "30", "30"),
                quarter_targets={1: D(20), 2: D(20), 3: D(30), 4: D(30)},
            ),
            # Target zero: undefined.
            indicator(ZABITA, "H2.1", "PG2.1.1.1", target=D(0), values=q("5")),
            # Measured yearly: 191 of 20 = 955 %.
            indicator(ZABITA, "H2.1", "PG2.1.1.2", target=D(20), values=q(y="191")),
            # A stock: the last entered value, 20 of 50.
            indicator(
                ZABITA,
                "H1.1",
                "PG1.1.1.3",
                aggregation="last",
                weight=D(20),
                target=D(50),
                values=q("10", "20", None, None),
            ),
        ],
    )


def by_code(result: YearResult) -> dict[str, Any]:
    return {r.facts.code: r for d in result.directorates for r in d.indicators}


def test_full_year(year: YearFacts) -> None:
    result = evaluate(year)
    assert (result.year, result.quarter) == (2024, None)
    # Yazı İşleri has no indicators and is left out; the display order is kept.
    assert [d.name for d in result.directorates] == [BIM, ZABITA]
    r = by_code(result)

    assert (r["PG1.1.1.1"].actual, r["PG1.1.1.1"].target, r["PG1.1.1.1"].printed_rate) == (
        D(8),
        D(8),
        D("100.00"),
    )
    assert r["PG1.1.1.1"].band.key == "Hedef ve Üstü"
    assert not r["PG1.1.1.1"].note_required
    assert r["PG1.1.1.1"].aggregation == "sum"
    assert r["PG1.1.1.1"].direction == "increasing"

    avg = r["PG1.1.1.2"]
    assert (avg.aggregation, avg.actual, avg.printed_rate) == ("average", D(70), D("77.78"))
    assert avg.band.key == "Başarılı" and avg.note_required

    dec = r["İG1.2.1.1"]
    assert (dec.direction, dec.actual, dec.target) == ("decreasing", D(120), D(100))
    assert dec.printed_rate == D("83.33") and dec.band.key == "Başarılı"
    assert dec.rate != dec.printed_rate  # the unrounded rate is kept

    zero = r["PG2.1.1.1"]
    assert (zero.rate, zero.printed_rate, zero.band, zero.note_required) == (
        None,
        None,
        None,
        False,
    )

    yearly = r["PG2.1.1.2"]
    assert (yearly.actual, yearly.printed_rate) == (D(191), D("955.00"))
    assert yearly.band.key == "Hedef ve Üstü" and yearly.note_required

    last = r["PG1.1.1.3"]
    assert (last.actual, last.printed_rate, last.band.key) == (D(20), D("40.00"), "Geliştirilmeli")
    for res in r.values():
        assert res.projected is None
        assert res.year_target == res.facts.target


def test_full_year_summaries(year: YearFacts) -> None:
    result = evaluate(year)
    bim, zabita = result.directorates
    assert (bim.summary.total, bim.summary.undefined) == (3, 0)
    assert bim.summary.counts == {
        "Hedef ve Üstü": 1,
        "Başarılı": 2,
        "İyi": 0,
        "İlerlemede": 0,
        "Geliştirilmeli": 0,
    }
    assert (zabita.summary.total, zabita.summary.undefined) == (3, 1)
    assert zabita.summary.counts["Hedef ve Üstü"] == 1
    assert zabita.summary.counts["Geliştirilmeli"] == 1
    m = result.municipality
    assert (m.total, m.undefined) == (6, 1)
    assert m.counts == {
        "Hedef ve Üstü": 2,
        "Başarılı": 2,
        "İyi": 0,
        "İlerlemede": 0,
        "Geliştirilmeli": 1,
    }
    assert m.percents["Hedef ve Üstü"] == D(40) and m.percents["Geliştirilmeli"] == D(20)


def test_full_year_rollup(year: YearFacts) -> None:
    result = evaluate(year)
    # H1.1, weights 50/30/20: 100 × 0.5 + 77.78 × 0.3 (23.334 → 23.33) + 40 × 0.2 = 81.33.
    # H2.1: only the 955 % indicator has a rate; capped at 100.
    assert result.objectives == {
        "H1.1": D("81.33"),
        "H1.2": D("83.33"),
        "H2.1": D(100),
        "H3.1": None,
    }
    assert list(result.objectives) == ["H1.1", "H1.2", "H2.1", "H3.1"]
    assert result.aims == {"A1": D("82.33"), "A2": D(100), "A3": None}
    # (82.33 + 100) / 2 = 91.165 → 91.16, half to even.
    assert result.themes == {"Tema Bir": D("91.16"), "Tema İki": None}


def test_year_to_date_through_q2(year: YearFacts) -> None:
    result = evaluate(year, quarter=2)
    assert result.quarter == 2
    r = by_code(result)

    s = r["PG1.1.1.1"]  # 4 of 8 × 2/4
    assert (s.actual, s.target, s.printed_rate, s.projected, s.year_target) == (
        D(4),
        D(4),
        D("100.00"),
        D(8),
        D(8),
    )

    avg = r["PG1.1.1.2"]  # (60 + 70)/2 = 65 against 90 directly
    assert (avg.actual, avg.target, avg.printed_rate, avg.projected) == (
        D(65),
        D(90),
        D("72.22"),
        D(65),
    )

    dec = r["İG1.2.1.1"]  # per-quarter targets 20 + 20; 60 so far; lower is better
    assert (dec.actual, dec.target, dec.printed_rate, dec.projected) == (
        D(60),
        D(40),
        D("66.67"),
        D(120),
    )
    assert dec.band.key == "İyi"

    zero = r["PG2.1.1.1"]
    assert (zero.actual, zero.target, zero.rate, zero.projected) == (D(5), D(0), None, D(10))

    yearly = r["PG2.1.1.2"]  # the whole-year value is not a quarter's
    assert (yearly.actual, yearly.target, yearly.rate, yearly.projected) == (
        None,
        D(10),
        None,
        None,
    )

    last = r["PG1.1.1.3"]
    assert (last.actual, last.target, last.printed_rate, last.projected) == (
        D(20),
        D(50),
        D("40.00"),
        D(20),
    )

    assert result.municipality.total == 6 and result.municipality.undefined == 2
    assert result.directorates[0].summary.counts == {
        "Hedef ve Üstü": 1,
        "Başarılı": 1,
        "İyi": 1,
        "İlerlemede": 0,
        "Geliştirilmeli": 0,
    }
    # H1.1: 50 + 72.22 × 0.3 (21.666 → 21.67) + 8 = 79.67.
    assert result.objectives == {"H1.1": D("79.67"), "H1.2": D("66.67"), "H2.1": None, "H3.1": None}
    assert result.aims == {"A1": D("73.17"), "A2": None, "A3": None}
    assert result.themes == {"Tema Bir": D("73.17"), "Tema İki": None}


def test_year_to_date_through_q4_ignores_the_whole_year_value(year: YearFacts) -> None:
    r = by_code(evaluate(year, quarter=4))
    assert r["PG2.1.1.2"].actual is None
    assert r["PG1.1.1.1"].target == D(8) and r["PG1.1.1.1"].projected == D(8)


@pytest.mark.parametrize("quarter", [0, 5])
def test_a_bad_quarter_is_refused(year: YearFacts, quarter: int) -> None:
    with pytest.raises(ValueError):
        evaluate(year, quarter)


def test_a_directorate_missing_from_the_display_order_is_not_dropped(year: YearFacts) -> None:
    facts = YearFacts(year.year, year.settings, year.plan, [ZABITA], year.indicators)
    assert [d.name for d in evaluate(facts).directorates] == [ZABITA, BIM]


def test_an_empty_year() -> None:
    facts = YearFacts(
        2024, DEFAULT_SETTINGS, PlanShape([("H1", "A1")], ["A1"], [("T", ["A1"])]), [BIM], []
    )
    result = evaluate(facts)
    assert result.directorates == []
    assert (result.municipality.total, result.municipality.undefined) == (0, 0)
    assert (result.objectives, result.aims, result.themes) == (
        {"H1": None},
        {"A1": None},
        {"T": None},
    )


# --- JSON -----------------------------------------------------------------------------------


def test_json_shape(year: YearFacts) -> None:
    data = result_to_json(evaluate(year))
    assert list(data) == [
        "year",
        "quarter",
        "directorates",
        "municipality",
        "objectives",
        "aims",
        "themes",
    ]
    assert data["year"] == 2024 and data["quarter"] is None
    bim = data["directorates"][0]
    assert list(bim) == ["name", "total", "undefined", "bands", "indicators"]
    assert bim["name"] == BIM
    assert (bim["total"], bim["undefined"]) == (3, 0)
    assert bim["bands"] == {
        "Hedef ve Üstü": 1,
        "Başarılı": 2,
        "İyi": 0,
        "İlerlemede": 0,
        "Geliştirilmeli": 0,
    }
    assert list(bim["bands"]) == list(DEFAULT_SETTINGS.band_keys)
    assert bim["indicators"][0] == {
        "code": "PG1.1.1.1",
        "name": "Gösterge PG1.1.1.1",
        "target": 8,
        "actual": 8,
        "rate": 100.0,
        "band": "Hedef ve Üstü",
    }
    assert data["municipality"] == {
        "total": 6,
        "undefined": 1,
        "bands": {
            "Hedef ve Üstü": 2,
            "Başarılı": 2,
            "İyi": 0,
            "İlerlemede": 0,
            "Geliştirilmeli": 1,
        },
    }
    assert data["objectives"] == [
        {"code": "H1.1", "score": 81.33},
        {"code": "H1.2", "score": 83.33},
        {"code": "H2.1", "score": 100.0},
        {"code": "H3.1", "score": None},
    ]
    assert data["aims"] == [
        {"code": "A1", "score": 82.33},
        {"code": "A2", "score": 100.0},
        {"code": "A3", "score": None},
    ]
    assert data["themes"] == [
        {"name": "Tema Bir", "score": 91.16},
        {"name": "Tema İki", "score": None},
    ]


def test_json_types(year: YearFacts) -> None:
    data = result_to_json(evaluate(year))
    ind = {i["code"]: i for d in data["directorates"] for i in d["indicators"]}
    # Integral decimals stay ints; rates and scores are always floats.
    assert type(ind["PG1.1.1.1"]["target"]) is int and type(ind["PG1.1.1.1"]["actual"]) is int
    assert type(ind["PG1.1.1.1"]["rate"]) is float
    assert type(ind["PG1.1.1.2"]["actual"]) is int  # 210 / 3 = 70 exactly
    assert ind["PG1.1.1.2"]["rate"] == 77.78
    assert ind["PG2.1.1.2"]["rate"] == 955.0
    assert (ind["PG2.1.1.1"]["target"], ind["PG2.1.1.1"]["rate"], ind["PG2.1.1.1"]["band"]) == (
        0,
        None,
        None,
    )
    assert type(data["directorates"][0]["total"]) is int
    assert type(data["objectives"][2]["score"]) is float
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text) == data
    assert '"rate": 100.0' in text and '"target": 8,' in text


def test_json_of_a_quarter_has_fractional_targets_as_floats(year: YearFacts) -> None:
    data = result_to_json(evaluate(year, quarter=1))
    assert data["quarter"] == 1
    ind = {i["code"]: i for d in data["directorates"] for i in d["indicators"]}
    assert ind["PG1.1.1.1"]["target"] == 2 and type(ind["PG1.1.1.1"]["target"]) is int
    assert ind["PG2.1.1.2"]["target"] == 5 and ind["PG2.1.1.2"]["actual"] is None
    weird = YearFacts(
        2024,
        DEFAULT_SETTINGS,
        PlanShape([], [], []),
        [BIM],
        [indicator(BIM, "H1.1", "PG9", target=D(9), values=q("3"))],
    )
    (only,) = result_to_json(evaluate(weird, quarter=1))["directorates"][0]["indicators"]
    # 9 × 1/4 = 2.25; 3 / 2.25 = 133.33 %.
    assert (only["target"], only["actual"], only["rate"]) == (2.25, 3, 133.33)
    assert type(only["target"]) is float


def test_json_directorate_filter_keeps_the_whole_municipality(year: YearFacts) -> None:
    result = evaluate(year)
    full = result_to_json(result)
    only = result_to_json(result, ZABITA)
    assert [d["name"] for d in only["directorates"]] == [ZABITA]
    assert only["directorates"][0] == full["directorates"][1]
    for key in ("municipality", "objectives", "aims", "themes"):
        assert only[key] == full[key]
    assert result_to_json(result, "Yok Müdürlüğü")["directorates"] == []
