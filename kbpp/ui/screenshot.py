"""Picture of the main window on the demo, for the documentation and for checking the layout.

    KBPP_DATA_DIR=/tmp/kbpp-shot xvfb-run -s "-screen 0 1366x768x24" \\
        .venv/bin/python -m kbpp.ui.screenshot /tmp/main-window-1366.png

The default size is what a maximised window gets on a 1366×768 laptop once the taskbar and the
title bar are taken off.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer

from kbpp.demo import open_or_build_demo
from kbpp.i18n import available_languages, set_language
from kbpp.ui.app import create_application
from kbpp.ui.main_window import MainWindow

DEFAULT_SIZE = "1366x700"
SETTLE_MS = 400


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kbpp.ui.screenshot")
    parser.add_argument("output", type=Path)
    parser.add_argument("--size", default=DEFAULT_SIZE, help="WIDTHxHEIGHT of the window")
    parser.add_argument("--search", default="", help="text typed into the search box")
    parser.add_argument("--select", default="PH1.41.1", help="code of the row to select")
    parser.add_argument("--language", choices=sorted(available_languages()))
    args, qt_args = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if args.language:
        set_language(args.language)
    width, height = (int(n) for n in args.size.lower().split("x"))

    app = create_application(qt_args)
    window = MainWindow(open_or_build_demo())
    window.resize(width, height)
    window.show()
    if args.search:
        window.search.setText(args.search)
    if args.select:
        window.select_code(args.select)

    def grab() -> None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(args.output))
        window.close()
        app.quit()

    QTimer.singleShot(SETTLE_MS, grab)
    try:
        app.exec()
    finally:
        window.database.close()
    return 0 if args.output.exists() else 1


if __name__ == "__main__":
    sys.exit(main())
