"""Page images of a finished PDF for the GUI's preview, rendered with PDFium (pypdfium2).

Plain bytes out (no Qt here): the Reports screen wraps them in QImages on the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium


@dataclass(frozen=True)
class PageImage:
    """A page as 32-bit BGRX pixels, `stride` bytes per row."""

    width: int
    height: int
    stride: int
    pixels: bytes


def render_pages(path: Path, count: int = 3, height: int = 540) -> list[PageImage]:
    """The first `count` pages, each scaled to `height` pixels (landscape pages come out wider)."""
    document = pdfium.PdfDocument(str(path))
    try:
        images = []
        for index in range(min(count, len(document))):
            page = document[index]
            scale = height / page.get_height()
            bitmap = page.render(scale=scale, prefer_bgrx=True)
            images.append(
                PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
            )
            page.close()
        return images
    finally:
        document.close()
