"""Rotating log files in the user's data folder: the windowed program has no console to print to."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from kbpp.paths import data_dir

MAX_BYTES = 1_000_000
KEEP = 5


def log_dir() -> Path:
    return data_dir() / "logs"


def setup_logging(level: int = logging.INFO) -> Path:
    """Send KBPP's log to data/logs/kbpp.log (rotated); returns the file's path. Idempotent."""
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kbpp.log"
    root = logging.getLogger()
    for handler in root.handlers:
        if (
            isinstance(handler, logging.handlers.RotatingFileHandler)
            and Path(handler.baseFilename) == path
        ):
            return path
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    return path
