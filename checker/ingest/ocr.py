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
import os
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from checker.i18n import t
from checker.ingest import InputError
from checker.model import Block

if TYPE_CHECKING:  # Pillow and numpy come with the OCR engine; a text-layer PDF needs neither
    import numpy as np
    from PIL.Image import Image

SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
"""Names of the image files a folder scan takes for scanned pages (a file is read by its content
whatever its name; these say which files of a folder are reports)."""
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


DETECT_DPI = 150
"""Resolution text lines are found at; the recogniser still reads each line from the page at full
resolution. Finding a line needs less detail than reading it: at 150 dpi the detector takes about
half its time at 200 dpi. At 100 dpi (a quarter) the digits were all still read, but the boxes
were coarse enough to put a figure of a ruled table in the wrong cell (a false TBL001 on a sample
page)."""


REC_MIN_WIDTH = 128
"""Narrowest input of the recogniser, in pixels at its 48-pixel line height. The engine's default,
320, pads every line to at least 6.7 times its height, so a table cell ("1,029.15" is about 3) was
read at two or three times its size, mostly blank: on 26 sample and real pages the recogniser took
2.7 CPU s a page with 320 and 1.9 with 128, and read every line alike but one title character.
At 96 a cell filling its input whole lost its decimal point ("2077.09" as "2077 09")."""


@lru_cache(maxsize=1)
def _engine():
    """One engine per process, kept for every page after it: loading the models costs more than a
    page. The angle classifier is off (scanned reports are upright; it cost a tenth of the time).
    ``jiaohe check`` gives the ONNX sessions the cores this process may run on; a scan worker
    gets one thread, as the scan already runs a worker per core, and each more thread costs
    ~100 MB of the worker's address-space limit and CPU time spent waiting."""
    import multiprocessing

    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        raise OcrUnavailable(t("input.ocr_missing")) from None
    threads = 1
    if multiprocessing.parent_process() is None:
        threads = max(1, min(len(os.sched_getaffinity(0)), os.cpu_count() or 1))
    return RapidOCR(
        use_cls=False,
        intra_op_num_threads=threads,
        inter_op_num_threads=1,
        rec_img_shape=[3, 48, REC_MIN_WIDTH],
    )


def available() -> bool:
    try:
        _engine()
    except OcrUnavailable:
        return False
    return True


def recognize(image: Image, dpi: float = DPI) -> list[tuple[str, float, float, float, float]]:
    """The text boxes of an image at ``dpi``: (text, left, top, right, bottom) in pixels, top to
    bottom. Lines are found at ``DETECT_DPI`` and read, in batches of similar width, at ``dpi``."""
    import numpy as np
    from PIL import Image as PILImage

    from rapidocr_onnxruntime.utils.infer_engine import ONNXRuntimeError

    engine = _engine()
    grey = image.convert("L")
    factor = min(1.0, DETECT_DPI / dpi)
    if factor < 1:
        small = grey.resize((max(1, round(grey.width * factor)), max(1, round(grey.height * factor))), PILImage.BOX)
    else:
        small = grey
    # The detector scales an image whose shorter side is under its limit up to that limit: a strip
    # (one scanned line) would become a 10,000-pixel-wide one and gigabytes. A white margin
    # brings it to size instead, its text as large as on a page.
    least = int(engine.text_det.limit_side_len)
    if small.width < least or small.height < least:
        framed = PILImage.new("L", (max(small.width, least), max(small.height, least)), 255)
        framed.paste(small)
        small = framed
    page = np.repeat(np.asarray(grey)[:, :, None], 3, axis=2)  # the models take three channels
    detect = np.repeat(np.asarray(small)[:, :, None], 3, axis=2)
    try:
        found, _ = engine.text_det(detect)
        if found is None or len(found) == 0:
            return []
        found = [np.asarray(box, dtype=np.float32) / factor for box in engine.sorted_boxes(found)]
        read, _ = engine.text_rec(engine.get_crop_img_list(page, found))
    except ONNXRuntimeError as exc:  # its text is the Python traceback and C++ message of the failure
        cause = exc.__cause__
        if cause is not None and not type(cause).__module__.startswith("onnxruntime"):
            # it wraps anything raised during a run, also the caller's time limit (a signal)
            raise cause from None
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        if "bad_alloc" in reason:
            raise MemoryError("OCR ran out of memory") from None
        raise RuntimeError(f"OCR failed: {reason[:200]}") from None
    boxes = []
    for points, (text, score) in zip(found, read):
        if score < engine.text_score:
            continue
        xs, ys = points[:, 0], points[:, 1]
        boxes.append(
            (_SPACE_IN_NUMBER.sub("", text), float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))
        )
    boxes.sort(key=lambda b: (b[2], b[1]))
    return boxes


def page_content(image: Image, scale: float):
    """Characters and ruling strokes of a page image, in page points (``scale`` points a pixel),
    in the form the PDF reader takes them from a text layer."""
    from checker.ingest.pdf import _Char, _is_cjk

    height = image.height
    chars: list[_Char] = []
    for text, left, top, right, bottom in recognize(image, 72 / scale):
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


def open_image(path: Path, data: bytes) -> tuple[int, Iterator[Image]]:
    """The number of frames of a PNG/JPEG/TIFF file and the frames, greyscale, one at a time (a
    many-page TIFF never sits
    in memory whole). Every frame's size is checked against the pixel cap from its header before
    the first is decoded, so a bad file fails before any OCR time is spent on it."""
    import PIL.Image

    limit = MAX_PIXELS // 10**6
    try:
        img = PIL.Image.open(io.BytesIO(data))
        count = getattr(img, "n_frames", 1)
        for index in range(count):
            img.seek(index)
            w, h = img.size
            if w * h > MAX_PIXELS:
                raise InputError(path, t("input.image_page_too_large", page=index + 1, width=w, height=h, limit=limit))
    except PIL.UnidentifiedImageError:
        raise InputError(path, t("input.image_unreadable")) from None
    except PIL.Image.DecompressionBombError:
        # Pillow's own guard (far above ours) fires at open, before the size can be read.
        raise InputError(path, t("input.image_too_large", limit=limit)) from None
    except (OSError, ValueError, EOFError, SyntaxError) as exc:
        raise InputError(path, t("input.image_corrupt", exc=exc)) from None

    def frames() -> Iterator[Image]:
        for index in range(count):
            try:
                img.seek(index)
                frame = img.convert("L")
            except (OSError, ValueError, EOFError, SyntaxError) as exc:
                raise InputError(path, t("input.image_page_corrupt", page=index + 1, exc=exc)) from None
            frame.info.update(img.info)
            yield frame

    return count, frames()


def read_image(path: Path, data: bytes) -> tuple[list[Block], list[str], frozenset[int]]:
    """An image file (each TIFF frame a page) read by OCR; pixels are taken at 200 dpi when the
    file does not say a plausible resolution."""
    from checker.ingest.pdf import _Assembler, layout

    count, frames = open_image(path, data)
    try:
        _engine()
    except OcrUnavailable as exc:
        raise InputError(path, str(exc)) from None
    pages = []
    try:
        for number, frame in enumerate(frames, start=1):
            progress(number, count)
            scale = 72 / _dpi(frame)
            chars, hs, vs = page_content(frame, scale)
            pages.append(layout(number, frame.width * scale, frame.height * scale, chars, hs, vs, 1, True))
    finally:
        progress(0, 0)
    return (
        _Assembler(pages).run(),
        [f"{path}: read by OCR; figures may be misread"],
        frozenset(range(1, len(pages) + 1)),
    )


def _dpi(frame: Image) -> float:
    """The resolution the file states, when it is one a scanner uses; a header may say 0 or
    10⁶, which would scale the page to nothing or to kilometres."""
    try:
        dpi = float(frame.info.get("dpi", (DPI, DPI))[0])
    except (TypeError, ValueError, IndexError):
        return DPI
    return dpi if 50 <= dpi <= 1200 else DPI


_bar: list[Any] = []  # the one progress display of this process while a document is OCR'd


def progress(page: int, pages: int) -> None:
    """A progress bar over the pages being OCR'd (seconds each), on a terminal and in the main
    process only: a pipe or log gets nothing, nor does a scan worker, whose parent shows the
    scan's own progress. (0, 0) takes the bar away."""
    import multiprocessing

    if not pages:
        while _bar:
            _bar.pop().stop()
        return
    if not _bar:
        if not sys.stderr.isatty() or multiprocessing.parent_process() is not None:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn("OCR"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        bar.add_task("pages", total=pages)
        bar.start()
        _bar.append(bar)
    bar = _bar[0]
    # called as a page starts: the pages before it are done
    bar.update(bar.task_ids[0], completed=page - 1, total=pages)
