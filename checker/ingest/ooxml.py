"""Safety checks shared by the Office (zip-based) readers, run before any XML is parsed.

A .docx/.xlsx is a zip archive, so a few KB can declare gigabytes of XML. The sizes the
archive declares are checked first; they also bound what the libraries can read, because
``zipfile`` stops decompressing an entry at its declared size (and fails its CRC check).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from checker.i18n import t
from checker.ingest import InputError

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_XML_ELEMENTS = 1_000_000
"""XML elements in all parts together: a long report with many tables has a few hundred
thousand; a parsed element costs the readers a few hundred bytes, so this bounds memory
where the byte limits cannot (62 MB of one-tag paragraphs compress 37:1)."""
MAX_XML_DEPTH = 200
"""Nesting of XML elements; real documents stay under 30 (tables in tables in text boxes)."""
# Small parts compress extremely well when they are one repeated tag; only entries big
# enough to matter are held to the ratio limit.
_RATIO_CHECK_FROM_BYTES = 1024 * 1024


def check_archive(path: Path, data: bytes) -> None:
    """Refuse corrupt archives and zip bombs with an InputError naming the reason."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise InputError(path, t("input.office_corrupt", exc=exc)) from None
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise InputError(path, t("input.zip_bomb_size", limit=MAX_UNCOMPRESSED_BYTES // 2**20))
        if info.file_size >= _RATIO_CHECK_FROM_BYTES and info.file_size > MAX_COMPRESSION_RATIO * max(
            info.compress_size, 1
        ):
            raise InputError(
                path,
                t("input.zip_bomb_ratio", part=info.filename, ratio=info.file_size // max(info.compress_size, 1)),
            )
    _check_xml_shape(path, data, [i for i in infos if i.filename.endswith((".xml", ".rels"))])


def _check_xml_shape(path: Path, data: bytes, infos: list[zipfile.ZipInfo]) -> None:
    """Count the elements and nesting of the XML parts in one streaming pass (constant memory)
    before a reader builds a tree of them."""
    from lxml import etree

    elements = 0
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in infos:
            depth = 0
            try:
                with zf.open(info) as part:
                    for event, el in etree.iterparse(
                        part, events=("start", "end"), resolve_entities=False, no_network=True, huge_tree=False
                    ):
                        if event == "end":
                            depth -= 1
                            el.clear()  # keep memory flat: only the counts are wanted
                            while el.getprevious() is not None:
                                del el.getparent()[0]
                            continue
                        depth += 1
                        elements += 1
                        if elements > MAX_XML_ELEMENTS:
                            raise InputError(
                                path, t("input.xml_elements", limit=f"{MAX_XML_ELEMENTS:,}", part=info.filename)
                            )
                        if depth > MAX_XML_DEPTH:
                            raise InputError(path, t("input.xml_depth", limit=MAX_XML_DEPTH, part=info.filename))
            except InputError:
                raise
            # A part that is not well-formed is the readers' to report (some parts are optional);
            # what cannot be decompressed at all is a corrupt archive.
            except etree.XMLSyntaxError as exc:
                if "depth" in str(exc):  # libxml2 stops at 256 levels before our count sees them
                    raise InputError(path, t("input.xml_depth", limit=MAX_XML_DEPTH, part=info.filename)) from None
                continue
            except (
                zipfile.BadZipFile,
                zlib.error,
                NotImplementedError,
                OSError,
                EOFError,
                ValueError,
                RuntimeError,
            ) as exc:
                raise InputError(path, t("input.office_unsupported", exc=f"{type(exc).__name__}: {exc}")) from None
