"""The Qt binding itself: a release that mishandles reference counts would crash a clerk's
session after a few thousand edits, so it must fail here first."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel

CALLS = 2_000


def test_qt_calls_that_return_nothing_keep_none_alive(qapp: QApplication) -> None:
    # PySide6 6.12.0 released one reference to None per such call; on Python 3.11 (None is
    # not immortal before 3.12) the interpreter aborts with "deallocating None".
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        label.setText("1.234,56")
        qapp.processEvents()
    assert sys.getrefcount(None) >= before - 100  # other code may drop a few, never thousands
