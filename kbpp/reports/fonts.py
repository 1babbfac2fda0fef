"""The embedded font family of every PDF report: DejaVu Sans Condensed, shipped in resources/fonts.

ReportLab's built-in fonts lack ş ğ ı İ and ₺, and a PDF that silently falls back to them prints
empty boxes on an official document; so the family is loaded from our own files and checked for
every Turkish letter and the lira sign, or the report is refused.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kbpp.errors import KbppError
from kbpp.i18n import _

FAMILY = "KbppSans"
REGULAR, BOLD, ITALIC, BOLD_ITALIC = (
    FAMILY,
    f"{FAMILY}-Bold",
    f"{FAMILY}-Italic",
    f"{FAMILY}-BoldItalic",
)
_FILES = {
    REGULAR: "DejaVuSansCondensed.ttf",
    BOLD: "DejaVuSansCondensed-Bold.ttf",
    ITALIC: "DejaVuSansCondensed-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSansCondensed-BoldOblique.ttf",
}
REQUIRED_GLYPHS = "şŞğĞıİçÇöÖüÜâÂîÎûÛ₺–…²"


class FontError(KbppError):
    """The report font is missing or lacks a glyph a report needs."""


def fonts_dir() -> Path:
    """resources/fonts in the source tree, or inside the PyInstaller bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parent.parent.parent
    return root / "resources" / "fonts"


def missing_glyphs(font: TTFont, text: str = REQUIRED_GLYPHS) -> str:
    """The characters of `text` that the font has no glyph for."""
    mapping = font.face.charToGlyph
    return "".join(c for c in text if ord(c) not in mapping)


@cache
def register_fonts() -> str:
    """Register the family once (regular, bold, italic, bold italic); returns its name."""
    folder = fonts_dir()
    for name, filename in _FILES.items():
        path = folder / filename
        if not path.exists():
            raise FontError(
                _("The report font {path} is missing; reinstall KBPP.").format(path=path)
            )
        font = TTFont(name, str(path))
        lacking = missing_glyphs(font)
        if lacking:
            raise FontError(
                _("The report font {path} has no glyph for “{chars}”; reinstall KBPP.").format(
                    path=path, chars=lacking
                )
            )
        pdfmetrics.registerFont(font)
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD_ITALIC)
    return FAMILY
