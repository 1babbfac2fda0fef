"""The settings registry: defaults in one place, typed values, safe storage."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbpp.settings import OPTIONS, Settings, load_settings, save_settings, settings_path


def test_defaults_without_a_file() -> None:
    settings = load_settings()
    assert settings["language"] == "tr"
    assert settings["backup_daily"] == 7
    assert set(settings.as_dict()) == {o.key for o in OPTIONS}


def test_round_trip_and_validation(tmp_path: Path) -> None:
    settings = Settings()
    settings.set("language", "en")
    settings.set("user_name", "Ayşe Yılmaz")
    with pytest.raises(ValueError):
        settings.set("language", "fr")
    with pytest.raises(ValueError):
        settings.set("backup_daily", -1)
    save_settings(settings)
    assert settings_path().exists()
    again = load_settings()
    assert (again["language"], again["user_name"]) == ("en", "Ayşe Yılmaz")


def test_bad_file_falls_back_to_defaults() -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text('{"language": "xx", "backup_daily": "seven", "zzz": 1}')
    settings = load_settings()
    assert (settings["language"], settings["backup_daily"]) == ("tr", 7)
    settings_path().write_text("{broken")
    assert load_settings()["language"] == "tr"
