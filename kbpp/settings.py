"""User settings: one typed registry with every option's default, stored as JSON per user.

Plain Python (no QSettings) so the command line and the GUI read the same values.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbpp.i18n import N_
from kbpp.paths import data_dir

log = logging.getLogger(__name__)


PAGE_NAMES = ("", "quarter", "cards", "activities", "overview")  # "": the role's first page


@dataclass(frozen=True)
class Option:
    key: str
    type: type
    default: Any
    label: str  # translated where shown
    choices: tuple[Any, ...] = ()


OPTIONS: tuple[Option, ...] = (
    Option("language", str, "tr", N_("Language"), ("tr", "en")),
    Option("user_name", str, "", N_("Your name in the audit log (empty: your Windows login)")),
    Option("export_folder", str, "", N_("Default folder for packages and reports")),
    Option("backup_daily", int, 7, N_("Daily backups kept")),
    Option("backup_weekly", int, 4, N_("Weekly backups kept")),
    Option("backup_monthly", int, 12, N_("Monthly backups kept")),
    Option("letter_signer_name", str, "", N_("Name under reminder letters (empty: a blank)")),
    Option("letter_signer_title", str, "", N_("Title under reminder letters (empty: a blank)")),
    # Not in the settings dialog: the window reopens on the page the user left.
    Option("start_page", str, "", N_("Page shown at start"), PAGE_NAMES),
)
REGISTRY = {o.key: o for o in OPTIONS}


def settings_path() -> Path:
    return data_dir() / "settings.json"


def _valid(option: Option, value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, option.type):
        return False
    if option.choices and value not in option.choices:
        return False
    return not (option.type is int and value < 0)


class Settings:
    """Current values over the defaults; unknown or invalid stored values fall back quietly."""

    def __init__(self, values: dict[str, Any] | None = None) -> None:
        self._values = {o.key: o.default for o in OPTIONS}
        for key, value in (values or {}).items():
            option = REGISTRY.get(key)
            if option and _valid(option, value):
                self._values[key] = value

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def set(self, key: str, value: Any) -> None:
        option = REGISTRY[key]
        if not _valid(option, value):
            raise ValueError(f"invalid value for {key}: {value!r}")
        self._values[key] = value

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)


def read_settings(path: Path | None = None) -> Settings:
    """The stored settings (defaults when there is no file); OSError or ValueError when the
    file exists but cannot be read, so that nobody overwrites it with defaults."""
    path = path or settings_path()
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    if not isinstance(stored, dict):
        raise ValueError(f"{path} holds no settings object")
    return Settings(stored)


def load_settings(path: Path | None = None) -> Settings:
    """The settings to use: an unreadable file falls back to the defaults (and is logged)."""
    try:
        return read_settings(path)
    except (OSError, ValueError) as exc:
        shown = path or settings_path()
        log.warning("Settings file %s unreadable (%s); using defaults", shown, exc)
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Written to a temporary file first, so a crash never leaves half a settings file."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(settings.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
