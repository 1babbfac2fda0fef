"""Progress and cancel for long reports: plain callables, so the GUI's worker can pass its own."""

from __future__ import annotations

from collections.abc import Callable

from kbpp.errors import KbppError
from kbpp.i18n import _

Progress = Callable[[float], None]  # a fraction from 0 to 1
Cancelled = Callable[[], bool]


class ReportCancelled(KbppError):
    """The user cancelled a report; nothing was written."""


def check_cancelled(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise ReportCancelled(_("The report was cancelled; no file was written."))
