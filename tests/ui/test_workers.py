"""The background-work helper: results, failures and cancellation reach the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer

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


def test_a_job_started_after_events_waits_for_them_and_for_its_owner(qtbot) -> None:
    """It starts once the events already waiting are handled (the paint of what was just
    shown); never when the object it was started for is deleted first."""
    owner = QObject()
    order: list[str] = []
    QTimer.singleShot(0, lambda: order.append("event waiting"))
    done: list[object] = []
    workers.start(
        lambda _job: order.append("read"), done.append, done.append, after_events_of=owner
    )
    assert order == []
    qtbot.waitUntil(lambda: done == [None])
    assert order == ["event waiting", "read"]

    gone = QObject()
    ran: list[int] = []
    workers.start(lambda _job: ran.append(1), order.append, order.append, after_events_of=gone)
    shiboken6.delete(gone)
    qtbot.wait(50)
    assert ran == []
