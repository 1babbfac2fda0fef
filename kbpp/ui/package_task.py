"""Running package work (signing, verifying, importing, key derivation) off the UI thread.

The function runs on the global thread pool and never touches a widget; its result, its
KbppError message, or its progress come back as signals, which Qt delivers on the UI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kbpp.errors import KbppError
from kbpp.i18n import _

log = logging.getLogger(__name__)
Progress = Callable[[int, str], None]


class TaskSignals(QObject):
    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(str, object)  # the message, and the KbppError (or None for a bug)


class BackgroundTask(QRunnable):
    """`fn(progress)` on a pool thread; keep a reference until `finished` or `failed`."""

    def __init__(self, fn: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = TaskSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit)
        except KbppError as exc:
            self.signals.failed.emit(str(exc), exc)
        except Exception as exc:  # a bug must reach the user as a message, not kill the thread
            log.exception("Package task failed")
            self.signals.failed.emit(
                _("The work could not be done: {error}").format(error=exc), None
            )
        else:
            self.signals.finished.emit(result)


def run_task(
    fn: Callable[[Progress], Any],
    finished: Callable[[Any], None],
    failed: Callable[[str, object], None],
    progress: Callable[[int, str], None] | None = None,
) -> BackgroundTask:
    """Connect first, then start: a quick task cannot finish before anyone listens."""
    task = BackgroundTask(fn)
    task.signals.finished.connect(finished)
    task.signals.failed.connect(failed)
    if progress is not None:
        task.signals.progress.connect(progress)
    QThreadPool.globalInstance().start(task)
    return task
