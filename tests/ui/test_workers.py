"""The background-work helper: results, failures and cancellation reach the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QWidget

from kbpp.errors import KbppError
from kbpp.ui import workers


def reports(fn: Callable[[workers.Job], Any]) -> list[tuple[str, object]]:
    """What a job running `fn` reports, in order."""
    seen: list[tuple[str, object]] = []
    job = workers.Job(fn)
    job.signals.finished.connect(lambda result: seen.append(("finished", result)))
    job.signals.failed.connect(lambda message: seen.append(("failed", message)))
    job.signals.cancelled.connect(lambda: seen.append(("cancelled", None)))
    job.run()
    return seen


def refuse(_job: workers.Job) -> None:
    raise KbppError("No plan.")


def cancelled_then_refused(job: workers.Job) -> None:
    job.cancel()  # as when the window asks for another year meanwhile
    raise KbppError("The database was closed.")


def cancelled_then_broken(job: workers.Job) -> float:
    job.cancel()
    return 1 / 0


def test_a_result_and_a_failure_are_reported() -> None:
    assert reports(lambda _job: 42) == [("finished", 42)]
    assert reports(refuse) == [("failed", "No plan.")]


def test_a_cancelled_job_that_then_fails_reports_cancelled_not_a_failure() -> None:
    """Nobody waits for it any more: its failure must not reach a screen."""
    assert reports(cancelled_then_refused) == [("cancelled", None)]
    assert reports(cancelled_then_broken) == [("cancelled", None)]


def test_a_job_cancelled_before_it_starts_never_runs() -> None:
    ran: list[int] = []
    job = workers.Job(lambda _job: ran.append(1))
    seen: list[str] = []
    job.signals.cancelled.connect(lambda: seen.append("cancelled"))
    job.cancel()
    job.run()
    assert ran == [] and seen == ["cancelled"]


class Painted(QWidget):
    def __init__(self, order: list[str]) -> None:
        super().__init__()
        self.order = order

    def paintEvent(self, event: QPaintEvent) -> None:
        self.order.append("paint")


def test_a_job_started_after_a_paint_waits_for_it(qtbot) -> None:
    """Started for what was just put in a widget: it runs once the widget has painted."""
    order: list[str] = []
    widget = Painted(order)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: "paint" in order)
    order.clear()
    done: list[object] = []
    workers.start(read_into(order), done.append, done.append, after_paint_of=widget)
    widget.update()
    qtbot.waitUntil(lambda: done == [None])
    assert order[:2] == ["paint", "read"]


def test_a_job_for_a_hidden_widget_starts_anyway_and_one_for_a_deleted_widget_never(
    qtbot,
) -> None:
    order: list[str] = []
    done: list[object] = []
    hidden = Painted(order)
    qtbot.addWidget(hidden)
    workers.start(read_into(order), done.append, done.append, after_paint_of=hidden)
    qtbot.waitUntil(lambda: done == [None], timeout=2 * workers.PAINT_WAIT_MS + 1000)
    assert order == ["read"]

    gone = Painted(order)
    workers.start(read_into(order), done.append, done.append, after_paint_of=gone)
    shiboken6.delete(gone)
    qtbot.wait(workers.PAINT_WAIT_MS + 100)
    assert order == ["read"] and done == [None]


def read_into(order: list[str]) -> Callable[[workers.Job], None]:
    return lambda _job: order.append("read")
