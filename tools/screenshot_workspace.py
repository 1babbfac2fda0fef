"""Pictures of the workspace's pages (This quarter, Goal cards, Activities) for docs/screenshots.

    KBPP_DATA_DIR=/tmp/kbpp-shot xvfb-run -s "-screen 0 1920x1080x24" \\
        .venv/bin/python tools/screenshot_workspace.py docs/screenshots [--language tr]

The scene is the demo database (the real 2021 plan, invented values) opened as the strategy
office opens it, on "This quarter", each picture after the grid, the tree and its counts have
loaded. Sizes are what a maximised window gets on a 1366×768 laptop and on a 1920×1080 screen.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kbpp.demo import open_or_build_demo
from kbpp.i18n import available_languages, set_language
from kbpp.ui.app import create_application
from kbpp.ui.main_window import PAGE_ACTIVITIES, PAGE_CARDS, PAGE_QUARTER, MainWindow
from kbpp.ui.quarter_proxy import RowFilter

BILGI = "Bilgi İşlem Müdürlüğü"
LAPTOP = (1366, 700)
WIDE = (1920, 1012)
TIMEOUT = 30.0


@dataclass(frozen=True)
class Scene:
    name: str
    size: tuple[int, int]
    page: int
    directorate: str | None
    select: str | None = None
    row_filter: RowFilter = RowFilter.ALL


SCENES = (
    Scene("workspace-quarter-1366", LAPTOP, PAGE_QUARTER, BILGI, "PH9.70.1"),
    Scene("workspace-quarter-1920", WIDE, PAGE_QUARTER, BILGI, "PH9.70.1"),
    Scene("workspace-quarter-all-notes-1366", LAPTOP, PAGE_QUARTER, None, None, RowFilter.NOTE),
    Scene("workspace-cards-1366", LAPTOP, PAGE_CARDS, BILGI, "PH9.70.1"),
    Scene("workspace-activities-1366", LAPTOP, PAGE_ACTIVITIES, BILGI, "PH9.70.1"),
)


def wait_until(app: QApplication, done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError("the window did not finish loading")
        app.processEvents()
        time.sleep(0.02)


def settled(window: MainWindow) -> bool:
    return window.tree_counted and not window.quarter_page.loading


def shoot(app: QApplication, scene: Scene, folder: Path) -> Path:
    window = MainWindow(open_or_build_demo(), first_page=PAGE_QUARTER)
    try:
        window.resize(*scene.size)
        window.show()
        wait_until(app, lambda: settled(window))
        if scene.directorate is not None:
            window.choose_directorate(scene.directorate)
            wait_until(app, lambda: settled(window))
        if scene.page != PAGE_QUARTER:
            window.show_page(scene.page)
        if scene.select:
            window.select_code(scene.select)
        if scene.row_filter is not RowFilter.ALL:
            window.quarter_page.set_filter(scene.row_filter)
        for _ in range(20):  # let the pages lay out and paint
            app.processEvents()
            time.sleep(0.02)
        path = folder / f"{scene.name}.png"
        window.grab().save(str(path))
        return path
    finally:
        window.close()
        window.database.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/screenshot_workspace.py")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--language", choices=sorted(available_languages()), default="tr")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    set_language(args.language)
    app = create_application([])
    args.folder.mkdir(parents=True, exist_ok=True)
    for scene in SCENES:
        print(shoot(app, scene, args.folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
