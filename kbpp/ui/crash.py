"""Unexpected errors: written to the log with their traceback, told to the user in plain words.

The windowed build has no console, so an uncaught exception would otherwise vanish (or, in a
slot, leave the window half-updated without a word). Every edit is committed when it is
accepted, so after this dialog the data on screen up to the last accepted edit is safe.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from kbpp.i18n import _

log = logging.getLogger("kbpp.crash")

_state: dict[str, object] = {"log_path": None, "showing": False}


def crash_message(log_path: Path | None) -> str:
    where = (
        _("The details were written to {path}; please send that file to IT.").format(path=log_path)
        if log_path
        else ""
    )
    return " ".join(
        part
        for part in (
            _("Something unexpected went wrong in KBPP."),
            _("Every value you confirmed before this is saved."),
            where,
            _("If it happens again, restart KBPP."),
        )
        if part
    )


def _show_dialog() -> None:
    """A message box on the UI thread, never two at once (a failing repaint would loop)."""
    if _state["showing"] or QApplication.instance() is None:
        return
    if threading.current_thread() is not threading.main_thread():
        return
    _state["showing"] = True
    try:
        QMessageBox.critical(None, _("KBPP: unexpected error"), crash_message(_log_path()))
    finally:
        _state["showing"] = False


def _log_path() -> Path | None:
    path = _state["log_path"]
    return path if isinstance(path, Path) else None


def handle_exception(
    kind: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """sys.excepthook: log the traceback, then tell the user (Ctrl+C still ends a dev run)."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    log.critical("Unhandled exception", exc_info=(kind, exc, tb))
    _show_dialog()


def _thread_exception(args: threading.ExceptHookArgs) -> None:
    """A background thread cannot open a dialog; its traceback at least reaches the log."""
    log.critical(
        "Unhandled exception in thread %s",
        args.thread.name if args.thread else "?",
        exc_info=(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback),
    )


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's own warnings into our log; a fatal one is logged before Qt ends the process."""
    level = _QT_LEVELS.get(kind, logging.WARNING)
    where = f" ({context.file}:{context.line})" if context.file else ""
    logging.getLogger("qt").log(level, "%s%s", message, where)
    if kind == QtMsgType.QtFatalMsg:
        for handler in logging.getLogger().handlers:
            handler.flush()


def ensure_streams() -> None:
    """The windowed build has no console: sys.stdout and sys.stderr are None there, and a stray
    print or warning would raise. They write to nowhere instead; the log file has what matters."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def install_crash_handlers(log_path: Path | None) -> None:
    """Route every unexpected error to the log (and, on the UI thread, to a dialog)."""
    _state["log_path"] = log_path
    sys.excepthook = handle_exception
    threading.excepthook = _thread_exception
    qInstallMessageHandler(qt_message)
