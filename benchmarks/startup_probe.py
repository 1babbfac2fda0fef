"""Start the real application (as main.py does) on a database and print when its "This
quarter" grid first paints rows and when the whole sheet is loaded, from the first line of
this process: first-paint wall seconds, first-paint process CPU seconds, whole-sheet wall
seconds. The app then quits as a user would (its closing work runs).

    .venv/bin/python benchmarks/startup_probe.py DATABASE

bench_workspace.py runs it in a fresh process for its start-up figures; the settings in
KBPP_DATA_DIR must make the app open on "This quarter" (it reopens on the page last left).
Nothing but the app's own modules is imported before it starts.
"""

# ruff: noqa: E402
from __future__ import annotations

import time

PROCESS_START = time.perf_counter()

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from kbpp.ui import app as kbpp_app

TIMEOUT_MS = 60_000


class Probe(QObject):
    """Notes the grid's first paint with rows and the end of the sheet's loading, then quits."""

    def __init__(self, window: kbpp_app.MainWindow) -> None:
        super().__init__(window)
        self.page = window.quarter_page
        self.first_paint: tuple[float, float] | None = None
        self.page.view.viewport().installEventFilter(self)
        self.page.loaded.connect(self._loaded)
        self.page.load_failed.connect(self._failed)
        if window.page_name() != "quarter":
            QTimer.singleShot(0, self, lambda: self._failed("the app did not open on the grid"))
        QTimer.singleShot(TIMEOUT_MS, self, lambda: self._failed("no rows after 60 s"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and self.first_paint is None
            and self.page.model.rowCount()
        ):
            # Taken after the paint itself has run: the figure includes it.
            QTimer.singleShot(0, self, self._painted)
        return False

    def _painted(self) -> None:
        if self.first_paint is None:
            self.first_paint = time.perf_counter() - PROCESS_START, time.process_time()
            if not self.page.loading:
                self._loaded()

    def _loaded(self) -> None:
        if self.first_paint is None:
            return  # reported after the paint
        wall, cpu = self.first_paint
        print(wall, cpu, time.perf_counter() - PROCESS_START, flush=True)
        QApplication.quit()

    def _failed(self, message: str) -> None:
        print(f"the grid did not load: {message}", file=sys.stderr, flush=True)
        QApplication.exit(1)


def main() -> int:
    window_class = kbpp_app.MainWindow

    def watched_window(*args: object, **kwargs: object) -> kbpp_app.MainWindow:
        window = window_class(*args, **kwargs)
        Probe(window)
        return window

    kbpp_app.MainWindow = watched_window  # type: ignore[misc, assignment]
    return kbpp_app.main(["--db", sys.argv[1]])


if __name__ == "__main__":
    sys.exit(main())
