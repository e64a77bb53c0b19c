"""Scanned pages and images: text by OCR, tables by the PDF reader's grid builder.

The engine is RapidOCR on ONNX Runtime (``rapidocr-onnxruntime``): its detection and
recognition models ship inside the wheel, so nothing is downloaded at run time. Measured on
pages rendered from the text-layer sample PDFs at 200 dpi (``checker/ingest/ocr_bench.py``;
figures in the README), it reads the digits of those pages well enough to check them, but not
perfectly: findings on OCR text are marked and never errors (see ``checker/engine.py``).

Each OCR box (one run of text on one line) becomes characters spread over the box's width in
the PDF reader's page coordinates (points, y upwards), and the table borders are the long dark
pixel runs of the bitmap; from there the PDF reader builds lines, grids and paragraphs as it
does for a text layer, so a scanned table is read into cells the same way.
"""

from __future__ import annotations

import io
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from checker.ingest import InputError
from checker.model import Block

if TYPE_CHECKING:  # Pillow and numpy come with the OCR engine; a text-layer PDF needs neither
    import numpy as np
    from PIL.Image import Image

DPI = 200
"""Resolution scanned PDF pages are rendered at: enough for 9-point digits, cheap to OCR."""
MAX_PIXELS = 60_000_000
"""An image larger than this (an A0 poster at 300 dpi is 140 M) is refused before it is decoded:
a crafted header must not make the reader allocate gigabytes."""
_RULE_MIN_PT = 20.0  # a dark run this long (points) is a border, not a letter stroke
_DARK = 128
# The recogniser puts a space after a thousands comma or a decimal point now and then ("2, 940.05"),
# which would split one amount into two; such a space is dropped (a space between two digits is
# kept: it may part two figures in one box).
_SPACE_IN_NUMBER = re.compile(r"(?<=\d[,.，])\s{1,3}(?=\d)|(?<=\d)\s{1,3}(?=[,.]\d)")


class OcrUnavailable(Exception):
    """The OCR engine is not installed."""


@lru_cache(maxsize=1)
def _engine():
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        raise OcrUnavailable("the OCR engine (rapidocr-onnxruntime) is not installed") from None
    return RapidOCR()


def available() -> bool:
    try:
        _engine()
    except OcrUnavailable:
        return False
    return True


def recognize(image: Image) -> list[tuple[str, float, float, float, float]]:
    """The text boxes of an image: (text, left, top, right, bottom) in pixels, top to bottom."""
    import numpy as np

    result, _ = _engine()(np.asarray(image.convert("L")))
    boxes = []
    for points, text, _score in result or ():
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        boxes.append((_SPACE_IN_NUMBER.sub("", text), float(min(xs)), float(min(ys)), float(max(xs)), float(max(ys))))
    boxes.sort(key=lambda b: (b[2], b[1]))
    return boxes


def page_content(image: Image, scale: float):
    """Characters and ruling strokes of a page image, in page points (``scale`` points a pixel),
    in the form the PDF reader takes them from a text layer."""
    from checker.ingest.pdf import _Char, _is_cjk

    height = image.height
    chars: list[_Char] = []
    for text, left, top, right, bottom in recognize(image):
        if not text or right <= left:
            continue
        weights = [1.0 if _is_cjk(ch) else 0.5 for ch in text]
        unit = (right - left) / sum(weights)
        # A box's height is about 1.3 times the type size; the baseline sits a fifth above its foot.
        size = (bottom - top) / 1.3 * scale
        base = (height - bottom) * scale + 0.2 * size
        x = left
        for ch, w in zip(text, weights):
            x0, x = x, x + w * unit
            if not ch.isspace():
                chars.append(_Char(ch, x0 * scale, x * scale, base, size))
    hs, vs = _strokes(image, scale)
    return chars, hs, vs


def _strokes(image: Image, scale: float):
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) dark runs long enough to be borders."""
    import numpy as np

    dark = np.asarray(image.convert("L")) < _DARK
    min_len = max(int(_RULE_MIN_PT / scale), 8)
    height = dark.shape[0]
    hs = [((height - row - 0.5) * scale, a * scale, b * scale) for row, a, b in _runs(dark, min_len)]
    vs = [((col + 0.5) * scale, (height - b) * scale, (height - a) * scale) for col, a, b in _runs(dark.T, min_len)]
    return hs, vs


def _runs(mask: np.ndarray, min_len: int) -> list[tuple[int, int, int]]:
    """Runs of True along each row at least ``min_len`` long: (row, start, end)."""
    import numpy as np

    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    edges = np.diff(padded, axis=1)
    rows_s, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)  # row-major order pairs every start with its end
    keep = ends - starts >= min_len
    return list(zip(rows_s[keep].tolist(), starts[keep].tolist(), ends[keep].tolist()))


def render(page, dpi: int = DPI) -> Image:
    """A pypdfium2 page as a grey image at ``dpi``."""
    return page.render(scale=dpi / 72, grayscale=True).to_pil()


def open_image(path: Path, data: bytes) -> list[Image]:
    """The frames of a PNG/JPEG/TIFF file, each checked against the pixel cap before decoding."""
    from PIL import Image

    too_big = f"more than the {MAX_PIXELS // 10**6} M pixel limit for one page"
    try:
        img = Image.open(io.BytesIO(data))
        frames = []
        for index in range(getattr(img, "n_frames", 1)):
            img.seek(index)
            w, h = img.size
            if w * h > MAX_PIXELS:
                raise InputError(path, f"image page {index + 1} is {w}×{h} pixels, {too_big}")
            frames.append(img.convert("L"))
    except Image.DecompressionBombError:
        # Pillow's own guard (far above ours) fires at open, before the size can be read.
        raise InputError(path, f"image is {too_big}") from None
    except (OSError, ValueError, EOFError) as exc:
        raise InputError(path, f"corrupt or unsupported image ({exc})") from None
    return frames


def read_image(path: Path, data: bytes) -> tuple[list[Block], list[str], frozenset[int]]:
    """An image file (each TIFF frame a page) read by OCR; pixels are taken at 200 dpi when the
    file does not say its resolution."""
    from checker.ingest.pdf import _Assembler, layout

    frames = open_image(path, data)
    try:
        _engine()
    except OcrUnavailable as exc:
        raise InputError(path, str(exc)) from None
    pages = []
    for number, frame in enumerate(frames, start=1):
        progress(number, len(frames))
        dpi = frame.info.get("dpi", (DPI, DPI))[0] or DPI
        scale = 72 / float(dpi)
        chars, hs, vs = page_content(frame, scale)
        pages.append(layout(number, frame.width * scale, frame.height * scale, chars, hs, vs, 1, True))
    progress(0, 0)
    return (
        _Assembler(pages).run(),
        [f"{path}: read by OCR; figures may be misread"],
        frozenset(range(1, len(pages) + 1)),
    )


def progress(page: int, pages: int) -> None:
    """One status line per OCR'd page, on a terminal only (a pipe or log gets nothing); (0, 0)
    clears it."""
    if not sys.stderr.isatty():
        return
    if pages:
        sys.stderr.write(f"\rOCR page {page}/{pages}")
    else:
        sys.stderr.write("\r\033[K")
    sys.stderr.flush()
