"""Qt's own texts (standard buttons, file dialogs, context menus) in the interface language.

KBPP's texts switch through `kbpp.i18n`; Qt's come from its qtbase catalogue, installed here and
swapped on every language switch. Installing or removing a translator sends every widget a
LanguageChange event, which is how a QDialogButtonBox already on screen re-labels "Cancel".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
)
from PySide6.QtWidgets import QWidget

from kbpp.i18n import current_language, on_language_changed


class QtTranslations(QObject):
    """Keeps the qtbase translator and QLocale's default in step with `kbpp.i18n`."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._app = app
        self._translator: QTranslator | None = None
        self.apply(current_language())
        self._unsubscribe: Callable[[], None] | None = on_language_changed(self.apply)
        app.aboutToQuit.connect(self.stop)

    def apply(self, language: str) -> None:
        QLocale.setDefault(QLocale(language))
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        if language == "en":
            return
        translator = QTranslator(self)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{language}", folder):
            self._app.installTranslator(translator)
            self._translator = translator

    def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None


def install_qt_translations(app: QCoreApplication) -> QtTranslations:
    """Once per application: a second call returns the translator keeper already installed."""
    existing = app.findChild(QtTranslations)
    if isinstance(existing, QtTranslations):
        existing.apply(current_language())
        return existing
    return QtTranslations(app)


class Retranslatable(Protocol):
    def retranslate_ui(self) -> None: ...


class RetranslateWhileShown(QObject):
    """Calls `widget.retranslate_ui()` after every language switch while the widget is shown.

    Subscribing only while shown means a closed dialog that its parent still keeps is neither
    retranslated nor kept alive by the listener list.
    """

    def __init__(self, widget: QWidget, target: Retranslatable) -> None:
        super().__init__(widget)
        self._target = target
        self._unsubscribe: list[Callable[[], None]] = []
        widget.installEventFilter(self)
        unsubscribe = self._unsubscribe
        widget.destroyed.connect(lambda *_args: [u() for u in unsubscribe])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and not self._unsubscribe:
            self._target.retranslate_ui()  # the language may have changed while it was hidden
            self._unsubscribe.append(on_language_changed(lambda _code: self._retranslate()))
        elif event.type() == QEvent.Type.Hide:
            while self._unsubscribe:
                self._unsubscribe.pop()()
        return False

    def _retranslate(self) -> None:
        self._target.retranslate_ui()
