"""Where KBPP keeps its files: the per-user data folder, never next to the program."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "KBPP"


def data_dir() -> Path:
    """KBPP_DATA_DIR if set (tests, portable use), else the per-user application data folder."""
    override = os.environ.get("KBPP_DATA_DIR")
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Files KBPP can always rebuild (compiled catalogues); deleting the folder loses nothing."""
    return data_dir() / "cache"


def default_db_path() -> Path:
    """The database the app and the command line open unless told otherwise (KBPP_DB)."""
    override = os.environ.get("KBPP_DB")
    return Path(override) if override else data_dir() / "kbpp.db"


def demo_db_path() -> Path:
    return data_dir() / "demo.db"


@contextmanager
def replaced_atomically(path: Path, suffix: str) -> Iterator[str]:
    """A temporary file beside `path` (its folder made if needed) for the block to write; it
    replaces `path` only when the block ends without an error, so a half-written document never
    appears, and it is never left behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".kbpp-", suffix=suffix, dir=path.parent)
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
