"""A CJK TrueType font for test PDFs whose text must come back through OCR: reportlab's built-in
STSong-Light is not embedded, so a rendered page (what OCR reads) would show no characters."""

from __future__ import annotations

from pathlib import Path

import pytest

FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)


def cjk_font() -> str:
    """Registers the first installed font with reportlab as "CJK"; skips the test when none is."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for path in FONTS:
        if path.exists():
            pdfmetrics.registerFont(TTFont("CJK", str(path), subfontIndex=0))
            return "CJK"
    pytest.skip("no CJK TrueType font installed (Debian: fonts-wqy-microhei)")
