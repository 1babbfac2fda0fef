"""The one helper for work off the UI thread: loading a sheet, reloading the tree, and the like.

`start(fn, ...)` runs `fn(job)` on Qt's global thread pool. The function must never touch a
widget: it reports with `job.progress(percent, text)` and checks `job.cancelled`; its result (or
its error's message) comes back through signals, which Qt delivers on the UI thread. Tests set
`Job.inline = True` (or pass `inline=True`) to run the function at once on the calling thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QEvent, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kbpp.errors import KbppError
from kbpp.i18n import _

log = logging.getLogger(__name__)

PAINT_WAIT_MS = 200  # `start(after_paint_of=...)` waits no longer for a widget to paint


class _Signals(QObject):
    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class Job(QRunnable):
    """One run of a function; keep the reference `start` returns until it has reported."""

    inline: ClassVar[bool] = False
    _running: ClassVar[set[Job]] = set()  # the pool must not outlive the Python object

    def __init__(self, fn: Callable[[Job], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._fn = fn
        self._cancel = threading.Event()
        self.signals = _Signals()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the function to stop; it reports `cancelled` instead of a result."""
        self._cancel.set()

    def progress(self, percent: int, text: str = "") -> None:
        self._emit(self.signals.progress, percent, text)

    def run(self) -> None:
        if self.cancelled:  # cancelled before it started (e.g. still waiting for a paint)
            Job._running.discard(self)
            self._emit(self.signals.cancelled)
            return
        try:
            result = self._fn(self)
        except KbppError as exc:
            if self.cancelled:  # nobody waits for it any more: not a failure to show
                self._emit(self.signals.cancelled)
            else:
                self._emit(self.signals.failed, str(exc))
        except Exception as exc:  # a bug must reach the user as a message, not kill the thread
            if self.cancelled:
                self._emit(self.signals.cancelled)
                return
            log.exception("Background work failed")
            message = _("The work could not be done: {error}").format(error=exc)
            self._emit(self.signals.failed, message)
        else:
            if self.cancelled:
                self._emit(self.signals.cancelled)
            else:
                self._emit(self.signals.finished, result)
        finally:
            Job._running.discard(self)

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        """Nobody may be listening any more (the window closed while the job ran)."""
        try:
            signal.emit(*args)
        except RuntimeError:
            log.debug("A background job finished after its listeners were gone")


def wait_for_all(msecs: int = 5000) -> bool:
    """Let running jobs finish (before their database closes); False on time-out."""
    return QThreadPool.globalInstance().waitForDone(msecs)


def start(
    fn: Callable[[Job], Any],
    finished: Callable[[Any], None],
    failed: Callable[[str], None],
    progress: Callable[[int, str], None] | None = None,
    *,
    inline: bool | None = None,
    after_paint_of: QWidget | None = None,
) -> Job:
    """Connect first, then start: a quick job cannot finish before anyone listens.
    `after_paint_of`: start once that widget has painted (what was just put in it: a job
    running meanwhile would slow the paint down under the interpreter lock), or after
    PAINT_WAIT_MS when it does not paint (hidden); never if it is deleted first. Inline jobs
    run at once."""
    job = Job(fn)
    job.signals.finished.connect(finished)
    job.signals.failed.connect(failed)
    if progress is not None:
        job.signals.progress.connect(progress)
    if Job.inline if inline is None else inline:
        Job._running.add(job)
        job.run()
    elif after_paint_of is not None:
        _AfterPaint(after_paint_of, job)
    else:
        _run_in_pool(job)
    return job


def _run_in_pool(job: Job) -> None:
    Job._running.add(job)
    QThreadPool.globalInstance().start(job)


class _AfterPaint(QObject):
    """Starts a job once its widget has painted, or after PAINT_WAIT_MS (see `start`)."""

    def __init__(self, widget: QWidget, job: Job) -> None:
        super().__init__(widget)  # deleted with the widget: the job is then never started
        self._widget = widget
        self._job: Job | None = job
        widget.installEventFilter(self)
        QTimer.singleShot(PAINT_WAIT_MS, self, self._start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self._start)  # once the paint has run
        return False

    def _start(self) -> None:
        if self._job is None:
            return
        job, self._job = self._job, None
        self._widget.removeEventFilter(self)
        _run_in_pool(job)
        self.deleteLater()
