"""What a checked file is: which document a reviewer's decision belongs to, and whether the file
is a report at all."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import PurePath

from checker.i18n import t
from checker.ingest import InputError
from checker.lexicon import load_words, load_yaml
from checker.model import Document, Paragraph


def document_scope(document: Document) -> str:
    """Which document a decision on a finding belongs to: its unit, kind and year when the text
    names the unit and the year (a renamed or re-exported copy keeps its decisions), else the
    file's name lineage — the folder and the name without copy and version marks — so the same
    sentence in another unit's report is never the same finding."""
    if document.unit and document.year:
        return "\x1f".join(("id", re.sub(r"\s+", "", document.unit), document.kind, str(document.year)))
    path = PurePath(document.path.replace("\\", "/"))
    return "\x1f".join(("file", path.parent.name, _name_lineage(path.stem)))


@lru_cache(maxsize=1)
def _copy_mark() -> re.Pattern:
    words = "|".join(re.escape(w) for w in load_yaml("workflow.yaml")["file_copy_marks"])
    return re.compile(
        rf"[\s_\-.]{{0,3}}(?:[(（\[【]\s?(?:\d{{1,3}}|{words})\s?[)）\]】]|v\d{{1,3}}|{words})$", re.IGNORECASE
    )


def _name_lineage(stem: str) -> str:
    """The file name without trailing copy and version marks (``报告(1)``, ``报告_v2``, ``报告-终稿``)."""
    stem = stem.strip()
    for _ in range(4):  # a few stacked marks (``报告_v2(1)``); each pass removes one
        shorter = _copy_mark().sub("", stem)
        if shorter == stem or not shorter:
            break
        stem = shorter
    return stem.lower()


def is_report(document: Document) -> bool:
    """False only for a file that plainly is no report: neither its prose nor its table titles
    and header rows use a word of public-finance reporting (决算, 支出, 绩效, 万元 …). Table bodies
    are left out because a list of findings or an archive index quotes reports in its cells; a
    real report states its subject in its own prose or headers."""
    cues = _report_cues()
    for block in document.blocks:
        if isinstance(block, Paragraph):
            texts = [block.text]
        else:
            texts = [block.caption or "", *(c.text for c in (block.rows[0] if block.rows else ()))]
        if any(cue in text for text in texts for cue in cues):
            return True
    return False


def require_report(document: Document) -> Document:
    """``document``, or an InputError (exit status 2; a failure in a scan) when it is no report."""
    if not is_report(document):
        raise InputError(
            document.path,
            t("input.not_a_report"),
        )
    return document


@lru_cache(maxsize=1)
def _report_cues() -> tuple[str, ...]:
    return (*load_yaml("workflow.yaml")["report_cues"], *load_words("fiscal_terms.txt"))
