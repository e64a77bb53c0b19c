"""Answer keys: which defects a document holds (items) and which consistent places must stay quiet (traps).

The format is the one of ``../shared/gold/seeds-public.json``::

    {"_about": "…",
     "_docs": "../synthetic",            # optional: where the documents are, relative to the key
     "_sources": "/path/to/clean",       # optional, mutation keys: where each file's `source` is
     "report.txt": {
        "items": [{"id": "…", "cats": ["arith.sum"], "lines": [77, 77], "why": "…"}],
        "traps": [{"id": "…", "lines": [29, 29], "why": "…"}]}}

Lines are 1-based physical lines of the original file. For docx and pdf inputs an entry may
instead (or in addition) give ``anchor`` — a string the finding's excerpt must contain — and
``page``. Every locator an entry gives must agree with the finding.

Matching: a finding matches an item when its category is one of ``cats`` and its line range —
or the range of one of its ``related`` places, since a conflict may be reported at either of its
two halves — intersects the item's lines widened by one line either side. A trap is hit by an
error-severity finding whose own line range intersects the trap's lines.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from checker.i18n import t
from checker.ingest import InputError
from checker.model import CATEGORIES, Finding, Location
from checker.normalize import normalize

LINE_TOLERANCE = 1
"""The key's own rule: a finding one line away from an item still counts as finding it."""


class _Bad(ValueError):
    """One entry of the key is malformed; parse_key turns it into an InputError naming the key."""


@dataclass(frozen=True)
class Place:
    lines: tuple[int, int] | None
    anchor: str | None
    page: int | None


@dataclass(frozen=True)
class Item:
    id: str
    cats: tuple[str, ...]
    place: Place
    why: str
    op: str | None = None  # the mutation operator that made it, for mutation keys
    injected: tuple[str, ...] = ()  # mutation keys: the figures the edit wrote


@dataclass(frozen=True)
class Trap:
    id: str
    place: Place
    why: str


@dataclass(frozen=True)
class DocumentKey:
    file: str
    items: tuple[Item, ...]
    traps: tuple[Trap, ...]
    source: Path | None = None  # for a mutated copy: the clean report it was made from


@dataclass(frozen=True)
class AnswerKey:
    path: Path
    documents: tuple[DocumentKey, ...]
    docs_hint: str | None = None

    def default_docs_dir(self) -> Path:
        """``_docs`` when the key names it, else the first of ``../seeds`` and the key's own folder
        that holds every document of the key (the sibling seeds/ when neither does)."""
        folder = self.path.parent
        if self.docs_hint:
            return (folder / self.docs_hint).resolve()
        candidates = [folder.parent / "seeds", folder]
        for candidate in candidates:
            if candidate.is_dir() and all((candidate / d.file).exists() for d in self.documents):
                return candidate
        return candidates[0] if candidates[0].is_dir() else folder


def load_key(path: str | Path) -> AnswerKey:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(p, t("input.key.missing")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(p, t("input.unreadable", exc=exc)) from None
    except json.JSONDecodeError as exc:
        raise InputError(p, t("input.key.json", exc=exc.msg, line=exc.lineno)) from None
    return parse_key(data, p)


def parse_key(data: object, path: Path) -> AnswerKey:
    if not isinstance(data, dict):
        raise InputError(path, t("input.key.not_object"))
    docs_hint = data.get("_docs")
    if docs_hint is not None and not isinstance(docs_hint, str):
        raise InputError(path, t("input.key.folder", field="_docs"))
    sources = data.get("_sources")
    if sources is not None and not isinstance(sources, str):
        raise InputError(path, t("input.key.folder", field="_sources"))
    documents = []
    try:
        for file, entry in data.items():
            if not file.startswith("_"):
                documents.append(_document(file, entry, path.parent / sources if sources else None))
    except _Bad as exc:
        raise InputError(path, str(exc)) from None
    if not documents:
        raise InputError(path, t("input.key.no_document"))
    return AnswerKey(path, tuple(documents), docs_hint)


def _document(file: str, entry: object, sources: Path | None) -> DocumentKey:
    if not isinstance(entry, dict):
        raise _Bad(t("input.key.document", where=file))
    items = tuple(
        _item(raw, t("input.key.item", file=file, n=i + 1)) for i, raw in enumerate(_list(entry, "items", file))
    )
    traps = tuple(
        _trap(raw, t("input.key.trap", file=file, n=i + 1)) for i, raw in enumerate(_list(entry, "traps", file))
    )
    _unique_ids([*items, *traps], file)
    source = entry.get("source")
    if source is not None and not isinstance(source, str):
        raise _Bad(t("input.key.source", where=file))
    return DocumentKey(file, items, traps, sources / source if sources and source else None)


def _list(entry: dict, name: str, where: str) -> list:
    value = entry.get(name, [])
    if not isinstance(value, list):
        raise _Bad(t("input.key.list", where=where, field=name))
    return value


def _unique_ids(entries, where: str) -> None:
    seen: set[str] = set()
    for e in entries:
        if e.id in seen:
            raise _Bad(t("input.key.id_twice", where=where, id=repr(e.id)))
        seen.add(e.id)


def _place(raw: dict, where: str) -> Place:
    lines = raw.get("lines")
    if lines is not None:
        if (
            not isinstance(lines, list)
            or len(lines) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in lines)
            or lines[0] > lines[1]
        ):
            raise _Bad(t("input.key.lines", where=where))
        lines = (lines[0], lines[1])
    anchor = raw.get("anchor")
    if anchor is not None and (not isinstance(anchor, str) or not anchor.strip()):
        raise _Bad(t("input.key.anchor", where=where))
    page = raw.get("page")
    if page is not None and (not isinstance(page, int) or isinstance(page, bool) or page < 1):
        raise _Bad(t("input.key.page", where=where))
    if lines is None and anchor is None:
        raise _Bad(t("input.key.place", where=where))
    return Place(lines, anchor, page)


def _ident(raw: object, where: str) -> str:
    if not isinstance(raw, dict):
        raise _Bad(t("input.key.entry", where=where))
    ident = raw.get("id")
    if not isinstance(ident, str) or not ident:
        raise _Bad(t("input.key.id_missing", where=where))
    return ident


def _item(raw: dict, where: str) -> Item:
    ident = _ident(raw, where)
    cats = raw.get("cats")
    if not isinstance(cats, list) or not cats or not all(isinstance(c, str) for c in cats):
        raise _Bad(t("input.key.cats", where=f"{where} ({ident})"))
    unknown = [c for c in cats if c not in CATEGORIES]
    if unknown:
        key = "input.key.unknown_cats" if len(unknown) > 1 else "input.key.unknown_cat"
        raise _Bad(t(key, where=f"{where} ({ident})", cats=", ".join(unknown)))
    injected = raw.get("injected", [])
    if not isinstance(injected, list) or not all(isinstance(s, str) for s in injected):
        raise _Bad(t("input.key.injected", where=f"{where} ({ident})"))
    return Item(
        ident, tuple(cats), _place(raw, f"{where} ({ident})"), str(raw.get("why", "")), raw.get("op"), tuple(injected)
    )


def _trap(raw: dict, where: str) -> Trap:
    ident = _ident(raw, where)
    return Trap(ident, _place(raw, f"{where} ({ident})"), str(raw.get("why", "")))


_SPACE = re.compile(r"\s+")


def _squash(text: str) -> str:
    """Compare anchors and excerpts without whitespace and full-width forms, which readers vary."""
    return _SPACE.sub("", normalize(text))


def _at(place: Place, location: Location, excerpt: str | None, tolerance: int) -> bool:
    if place.page is not None and location.page != place.page:
        return False
    if place.lines is not None:
        if location.line is None:
            return False
        first, last = location.line, location.end_line or location.line
        if last < place.lines[0] - tolerance or first > place.lines[1] + tolerance:
            return False
    if place.anchor is not None:
        if excerpt is None or _squash(place.anchor) not in _squash(excerpt):
            return False
    return True


def matches_item(finding: Finding, item: Item) -> bool:
    if finding.category not in item.cats:
        return False
    if _at(item.place, finding.location, finding.excerpt, LINE_TOLERANCE):
        return True
    # A related place has no excerpt of its own; only its lines and page can match.
    related_place = Place(item.place.lines, None, item.place.page)
    return item.place.lines is not None and any(_at(related_place, r, None, LINE_TOLERANCE) for r in finding.related)


def near_item(finding: Finding, item: Item) -> bool:
    """The finding sits at the item (any category): it is not a candidate false positive."""
    return _at(item.place, finding.location, finding.excerpt, LINE_TOLERANCE)


def hits_trap(finding: Finding, trap: Trap) -> bool:
    return finding.severity == "error" and _at(trap.place, finding.location, finding.excerpt, 0)
