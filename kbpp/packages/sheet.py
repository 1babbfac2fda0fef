"""The printable enrolment sheet: who owns a key, its fingerprint, and lines to sign.

The office enrols a directorate's key only after reading this fingerprint aloud over the phone
with the directorate, so it is printed large, in the same 8 groups of 4 the app shows.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from kbpp.i18n import _
from kbpp.packages.keys import fingerprint
from kbpp.reports.fonts import BOLD, REGULAR, register_fonts


def write_enrolment_sheet(
    path: Path, public_key: bytes, owner: str, today: date | None = None
) -> None:
    """One A4 page: owner, fingerprint, date, and signature lines for both sides."""
    register_fonts()
    width, height = A4
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setTitle(_("KBPP key enrolment sheet"))
    y = height - 30 * mm
    canvas.setFont(BOLD, 18)
    canvas.drawString(25 * mm, y, _("KBPP key enrolment sheet"))
    y -= 15 * mm
    canvas.setFont(REGULAR, 12)
    for label, value in (
        (_("Owner"), owner or "-"),
        (_("Date"), (today or date.today()).strftime("%d.%m.%Y")),
    ):
        canvas.drawString(25 * mm, y, f"{label}: {value}")
        y -= 8 * mm
    y -= 6 * mm
    canvas.drawString(25 * mm, y, _("Fingerprint of the key:"))
    y -= 12 * mm
    canvas.setFont(BOLD, 20)
    groups = fingerprint(public_key).split()
    canvas.drawString(25 * mm, y, "  ".join(groups[:4]))
    y -= 10 * mm
    canvas.drawString(25 * mm, y, "  ".join(groups[4:]))
    y -= 16 * mm
    canvas.setFont(REGULAR, 10)
    advice = _(
        "The strategy office enrols this key only after reading the fingerprint aloud with "
        "its owner by phone. Keep the private key file and its passphrase apart."
    )
    for line in simpleSplit(advice, REGULAR, 10, width - 50 * mm):
        canvas.drawString(25 * mm, y, line)
        y -= 6 * mm
    y -= 25 * mm
    for label in (_("Key owner (name, signature)"), _("Strategy office (name, signature)")):
        canvas.line(25 * mm, y, width - 25 * mm, y)
        canvas.drawString(25 * mm, y - 5 * mm, label)
        y -= 30 * mm
    canvas.showPage()
    canvas.save()
