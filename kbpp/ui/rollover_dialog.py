"""Starting the next program year: what will be copied, a confirmation, then the result.

The preview and the rollover are `kbpp.rollover.preview_rollover` and `roll_over`, the functions
`kbpp year rollover` uses; the rollover (backup first, one transaction) runs off the UI thread.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from kbpp.errors import KbppError
from kbpp.i18n import _, ngettext
from kbpp.packages.export import export_choices
from kbpp.rollover import RolloverPreview, RolloverSummary, preview_rollover, roll_over
from kbpp.storage import Database
from kbpp.ui.workers import Job, start


class RolloverDialog(QDialog):
    """`RolloverDialog(db, parent=None)`: create program year N+1 from year N."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.job: Job | None = None
        self.preview: RolloverPreview | None = None
        self.result_summary: RolloverSummary | None = None
        self.setWindowTitle(_("Start the next program year"))
        self.from_year = QComboBox()
        form = QFormLayout()
        form.addRow(_("Copy from year"), self.from_year)
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()  # shown while the year is being created
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.run_button = buttons.addButton(
            _("Create the year…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.run_button.clicked.connect(self.confirm)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.from_year.currentIndexChanged.connect(self.refresh)
        self.resize(680, 480)
        self.load_years()

    def load_years(self) -> None:
        years = export_choices(self.db).years
        self.from_year.blockSignals(True)
        self.from_year.clear()
        for year in reversed(years):
            self.from_year.addItem(str(year), year)
        self.from_year.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        year = self.from_year.currentData()
        self.preview = None
        if year is None:
            self.summary.setPlainText(_("There is no program year yet."))
            self.run_button.setEnabled(False)
            return
        try:
            p = preview_rollover(self.db, year)
        except KbppError as exc:
            self.summary.setPlainText(str(exc))
            self.run_button.setEnabled(False)
            return
        self.preview = p
        lines = [
            _("Program year {year} will be created in the plan {plan}.").format(
                year=p.year, plan=p.plan
            ),
            _(
                "{targets} performance targets, {indicators} indicators and {activities} "
                "activities are copied with their codes."
            ).format(targets=p.targets, indicators=p.indicators, activities=p.activities),
            _(
                "Each indicator's {year} actual moves into its history; targets, quarter targets "
                "and costs stay empty for the directorates to fill."
            ).format(year=p.from_year),
            _("Nothing of {year} changes, and a backup is made first.").format(year=p.from_year),
        ]
        if p.new_period:
            lines.append(
                _("{year} starts a new plan period: cards are linked to its objectives by code.")
                .format(year=p.year)
            )  # fmt: skip
        if p.unlinked:
            lines.append("")
            lines.append(
                ngettext(
                    "{n} card is not copied, because the new plan has no objective with its code:",
                    "{n} cards are not copied, because the new plan has no objective with "
                    "their code:",
                    len(p.unlinked),
                ).format(n=len(p.unlinked))
            )
            lines += [f"  {card}" for card in p.unlinked]
        self.summary.setPlainText("\n".join(lines))
        self.run_button.setEnabled(self.job is None)

    def confirm(self) -> None:
        if self.preview is None:
            return
        answer = QMessageBox.question(
            self,
            _("Start the next program year"),
            _("Create program year {year} from {from_year}?").format(
                year=self.preview.year, from_year=self.preview.from_year
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.run()

    def run(self) -> None:
        """Roll over without asking (the confirmation is `confirm`)."""
        assert self.preview is not None
        from_year = self.preview.from_year
        self.run_button.setEnabled(False)
        self.progress.show()
        self.status.setText(_("Copying the cards…"))
        self.job = start(lambda _job: roll_over(self.db, from_year), self._finished, self._failed)

    def _finished(self, summary: RolloverSummary) -> None:
        self.job = None
        self.result_summary = summary
        self.progress.hide()
        text = _(
            "Program year {year} created: {targets} performance targets, {indicators} "
            "indicators, {activities} activities."
        ).format(
            year=summary.year,
            targets=summary.targets,
            indicators=summary.indicators,
            activities=summary.activities,
        )
        if summary.skipped:
            text += " " + _("Not copied: {cards}.").format(cards=", ".join(summary.skipped))
        self.status.setText(text)
        self.load_years()

    def _failed(self, message: str) -> None:
        self.job = None
        self.progress.hide()
        self.status.setText(message)
        self.refresh()
