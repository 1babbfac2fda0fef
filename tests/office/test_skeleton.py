"""Editing the plan skeleton and a year's evaluation settings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from kbpp.errors import ValidationError
from kbpp.evaluation.settings import DEFAULT_SETTINGS, settings_to_dict
from kbpp.models import AuditEntry, ProgramYear, StrategicPlan
from kbpp.office.skeleton import (
    add_aim,
    add_objective,
    add_theme,
    load_skeleton,
    move,
    remove,
    rename,
    save_year_settings,
    year_settings,
)
from kbpp.storage import Database


def plan_id(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(StrategicPlan.id))


def test_add_rename_move_and_remove(db_2021: Database) -> None:
    pid = plan_id(db_2021)
    theme = add_theme(db_2021, pid, "Yeni Tema")
    aim = add_aim(db_2021, pid, "A11", "Dijital belediye", theme)
    objective = add_objective(db_2021, pid, aim, "H11.1", "E-hizmetleri artırmak")
    second = add_objective(db_2021, pid, aim, "H11.2", "Veri paylaşımı")
    with pytest.raises(ValidationError, match="already used"):
        add_objective(db_2021, pid, aim, "H1.1", "tekrar")
    rename(db_2021, "objective", objective, "E-hizmetleri yaygınlaştırmak")
    assert move(db_2021, "objective", second, -1)
    assert not move(db_2021, "objective", second, -1)
    sk = load_skeleton(db_2021, pid)
    new_theme = next(t for t in sk.themes if t.id == theme)
    [new_aim] = new_theme.children
    assert [o.label for o in new_aim.children] == [
        "H11.2 Veri paylaşımı",
        "H11.1 E-hizmetleri yaygınlaştırmak",
    ]
    with pytest.raises(ValidationError, match=r"still has the objectives H11\.2, H11\.1"):
        remove(db_2021, "aim", aim)
    remove(db_2021, "objective", objective)
    remove(db_2021, "objective", second)
    remove(db_2021, "aim", aim)
    remove(db_2021, "theme", theme)
    with db_2021.read() as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "objective"))
        assert list(actions).count("delete") == 2


def test_an_objective_used_by_cards_is_not_removed(db_2021: Database) -> None:
    pid = plan_id(db_2021)
    sk = load_skeleton(db_2021, pid)
    used = next(o for t in sk.themes for a in t.children for o in a.children if o.code == "H9.62")
    with pytest.raises(
        ValidationError, match=r"used by 1 performance target.*2021 Bilgi İşlem Müdürlüğü PH9.62.1"
    ):
        remove(db_2021, "objective", used.id)
    theme = sk.themes[0]
    with pytest.raises(ValidationError, match="still groups the aims"):
        remove(db_2021, "theme", theme.id)


def test_year_settings_validated_and_audited(db_2021: Database) -> None:
    data = settings_to_dict(DEFAULT_SETTINGS)
    data["bands"][1]["lower"] = "75"
    data["bands"][1]["color"] = "#00ff00"
    data["note_above"] = "130"
    saved = save_year_settings(db_2021, 2021, data)
    assert saved.bands[1].lower == Decimal(75)
    assert year_settings(db_2021, 2021).note_above == Decimal(130)
    with db_2021.read() as s:
        fields = set(s.scalars(select(AuditEntry.field).where(AuditEntry.entity == "program year")))
        assert {"settings.bands", "settings.note_above"} <= fields
    wrong = settings_to_dict(DEFAULT_SETTINGS)
    wrong["bands"][1]["lower"] = "90"  # above the band before it
    with pytest.raises(ValidationError, match="highest lower limit down"):
        save_year_settings(db_2021, 2021, wrong)
    for key, value, message in (
        ("note_below", "130", "not be greater"),
        ("note_above", "90", "at least 100"),
        ("note_below", "-5", "below 0"),
    ):
        bad = {**settings_to_dict(DEFAULT_SETTINGS), key: value}
        with pytest.raises(ValidationError, match=message):
            save_year_settings(db_2021, 2021, bad)
    with db_2021.read() as s:
        program = s.scalar(select(ProgramYear).where(ProgramYear.year == 2021))
        assert program.settings["note_above"] == "130"
