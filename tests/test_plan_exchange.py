"""Plan import/export: round trip, idempotence, and refusals that change nothing."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kbpp.errors import ValidationError
from kbpp.models import AuditEntry, Indicator, IndicatorValue
from kbpp.planexchange.exporter import dumps_exact, export_plan, write_plan_file
from kbpp.planexchange.importer import import_plan
from kbpp.planexchange.reader import read_plan_bytes, read_plan_file
from kbpp.storage import Database, create_database
from kbpp.storage.dump import logical_dump

CONTENT_EXCLUDE = ("audit_log", "database_info")


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)


def encode(doc: Any) -> bytes:
    return dumps_exact(doc).encode("utf-8")


def import_doc(db: Database, doc: Any) -> Any:
    return import_plan(db, read_plan_bytes(encode(doc)))


def test_export_then_reimport_gives_identical_content(db_2021: Database, tmp_path: Path) -> None:
    exported = tmp_path / "export.plan.json"
    write_plan_file(db_2021, exported)
    fresh = create_database(tmp_path / "fresh.db", "office")
    import_plan(fresh, read_plan_file(exported))
    assert logical_dump(fresh, CONTENT_EXCLUDE) == logical_dump(db_2021, CONTENT_EXCLUDE)
    assert export_plan(fresh) == export_plan(db_2021)
    fresh.close()


def test_export_carries_the_source_figures_exactly(db_2021: Database, plan_2021_path: Path) -> None:
    source = load(plan_2021_path)
    exported = json.loads(dumps_exact(export_plan(db_2021, 2021)), parse_float=Decimal)
    src_act = source["programs"][0]["directorates"][0]["performance_targets"][0]["activities"][0]
    out_act = exported["programs"][0]["directorates"][0]["performance_targets"][0]["activities"][0]
    assert out_act["budget"] == src_act["budget"]
    assert [a["code"] for a in exported["aims"]] == [a["code"] for a in source["aims"]]


def test_importing_twice_duplicates_nothing(db_2021: Database, plan_2021_path: Path) -> None:
    before = logical_dump(db_2021, CONTENT_EXCLUDE)
    summary = import_plan(db_2021, read_plan_file(plan_2021_path))
    assert not summary.created
    assert not summary.updated
    assert logical_dump(db_2021, CONTENT_EXCLUDE) == before


def test_reimport_updates_in_place_and_audits(db_2021: Database, plan_2021_path: Path) -> None:
    doc = load(plan_2021_path)
    ind = doc["programs"][0]["directorates"][0]["performance_targets"][0]["indicators"][0]
    old_target = ind["target"]
    ind["target"] = 12
    ind["values"] = [{"period": "2021-Q1", "value": Decimal("3.5"), "note": "ilk çeyrek"}]
    summary = import_doc(db_2021, doc)
    assert summary.updated["indicator"] == 1
    assert summary.created["value"] == 1
    with db_2021.read() as s:
        row = s.scalar(select(Indicator).where(Indicator.code == ind["code"]))
        assert row.target == 12
        value = s.scalar(select(IndicatorValue).where(IndicatorValue.indicator_id == row.id))
        assert (value.period, value.value, value.note) == ("Q1", Decimal("3.5"), "ilk çeyrek")
        entry = s.scalar(select(AuditEntry).where(AuditEntry.field == "target"))
        assert (entry.old, entry.new, entry.user) == (str(old_target), "12", "test-user")


def assert_refused(db: Database, data: bytes, *expected: str) -> ValidationError:
    before = logical_dump(db)
    with pytest.raises(ValidationError) as info:
        import_plan(db, read_plan_bytes(data))
    assert logical_dump(db) == before
    text = "\n".join([str(info.value), *info.value.problems])
    for part in expected:
        assert part in text
    return info.value


def test_wrong_type_is_named_by_its_json_path(db_2021: Database, plan_2021_path: Path) -> None:
    doc = load(plan_2021_path)
    doc["programs"][0]["directorates"][5]["performance_targets"][2]["indicators"][5]["target"] = (
        "12a"
    )
    assert_refused(
        db_2021,
        encode(doc),
        "programs[0].directorates[5].performance_targets[2].indicators[5].target: "
        'expected a number, got "12a"',
    )


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["objectives"][0].update(aim="A99"),
            "objectives[0].aim: unknown aim code “A99”",
        ),
        (lambda d: d["themes"][0]["aims"].append("A42"), "themes[0].aims[1]: unknown aim code"),
        (lambda d: d.update(extra=1), "extra: unknown key"),
        (lambda d: d.pop("aims"), "aims: required, but missing"),
        (lambda d: d.update(format="other"), "format: expected 'kbpp-plan'"),
        (lambda d: d["programs"][0].update(year=2031), "is outside the plan period 2020-2024"),
        (
            lambda d: d["programs"][0]["directorates"][0]["performance_targets"][0].update(
                objective="H0.0"
            ),
            "programs[0].directorates[0].performance_targets[0].objective: unknown objective",
        ),
        (
            lambda d: d["programs"][0]["directorates"][0]["performance_targets"][0]["activities"][
                0
            ]["budget"].update({"01": Decimal("1.005")}),
            "at most 2 decimals",
        ),
        (
            lambda d: d["programs"][0]["directorates"][0]["performance_targets"][0]["activities"][
                0
            ]["budget"].update({"01": -5}),
            "cannot be negative",
        ),
        (
            lambda d: d["programs"][0]["directorates"][0]["performance_targets"][0]["indicators"][
                0
            ].update(values=[{"period": "2020-Q1", "value": 1}]),
            "must be for 2021-Q1",
        ),
        (
            lambda d: d["programs"][0]["directorates"][0]["performance_targets"][0]["indicators"][
                0
            ].update(direction="sideways"),
            'expected one of "increasing", "decreasing", got "sideways"',
        ),
        (lambda d: d["directorates"].append({"name": 7}), "directorates[25].name: expected a text"),
    ],
)
def test_bad_content_is_refused_whole(
    db_2021: Database, plan_2021_path: Path, mutate: Any, expected: str
) -> None:
    doc = load(plan_2021_path)
    mutate(doc)
    assert_refused(db_2021, encode(doc), expected)


def test_duplicate_identity_names_both_paths(db_2021: Database, plan_2021_path: Path) -> None:
    doc = load(plan_2021_path)
    targets = doc["programs"][0]["directorates"][0]["performance_targets"]
    targets.append(copy.deepcopy(targets[0]))
    n = len(targets) - 1
    assert_refused(
        db_2021,
        encode(doc),
        f"programs[0].directorates[0].performance_targets[{n}].code",
        "programs[0].directorates[0].performance_targets[0].code",
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"format": "kbpp-plan", "format": "x"}', "appears twice"),
        (b'{"a": NaN}', "NaN"),
        (b"[1, 2]", "top is not an object"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
)
def test_malformed_files_are_refused(office_db: Database, data: bytes, expected: str) -> None:
    assert_refused(office_db, data, expected)


def test_missing_file_is_one_clear_sentence(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="There is no file"):
        read_plan_file(tmp_path / "nope.json")


def test_unknown_inner_key_is_a_warning(office_db: Database, plan_2021_path: Path) -> None:
    doc = load(plan_2021_path)
    doc["aims"][0]["colour"] = "blue"
    summary = import_doc(office_db, doc)
    assert any("aims[0].colour" in w for w in summary.warnings)
