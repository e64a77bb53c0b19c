"""Masking that makes two explanations comparable: numbers, years, units and the item's own name
are replaced by placeholders, punctuation and spacing are unified.

Two indicators that share a reason differ exactly in these parts ("固定资产投资增长 … 36142万元"
vs "工业园区总产值增长 … 5.01%"), so they are what reuse detection must not see.
"""

from __future__ import annotations

import hashlib
import re

# A number as reports write it: thousands separators, decimals, full-width digits already
# normalised by ingest; Chinese numerals only in the common money/count forms.
_NUMBER = re.compile(r"[-+]?\d[\d,，]*(?:\.\d+)?|[一二三四五六七八九十百千万亿两]+(?=[个项家人次元万亿%])")
_DATE = re.compile(
    r"\d{2,4}\s{0,3}年(?:度)?(?:\s{0,3}\d{1,2}\s{0,3}月(?:份)?(?:\s{0,3}\d{1,2}\s{0,3}日)?)?|\d{1,2}\s{0,3}月(?:份)?(?:\s{0,3}\d{1,2}\s{0,3}日)?"
)
_UNIT = re.compile(
    r"#\s{0,3}(?:亿元|万元|千元|元|个百分点|百分点|%|％|‰|人次|万人|人|家|个|项|次|户|所|台|套|辆|公里|千米|米|平方米|亩|吨|天|日|月|年|期|场|批|条|件|分)"
)
_SPACE = re.compile(r"\s+")
_MASK_RUN = re.compile(r"([#@])\1+")
# full-width punctuation → its ASCII twin; one str.replace per mark, since str.translate looks each
# character of a non-ASCII text up in its table one by one (five times the time on the explanations)
_PUNCT = (
    ("，", ","),
    ("。", "."),
    ("；", ";"),
    ("：", ":"),
    ("（", "("),
    ("）", ")"),
    ("、", ","),
    ("“", '"'),
    ("”", '"'),
    ("！", "!"),
    ("？", "?"),
)


def _ascii_punctuation(text: str) -> str:
    for mark, ascii_mark in _PUNCT:  # no mark is another's replacement: the order does not matter
        text = text.replace(mark, ascii_mark)
    return text


_LEADS = re.compile(r"^(?:偏差原因(?:分析)?(?:主要为|主要是|是)?|主要原因(?:是|为)?|原因(?:是|为))\s{0,3}[:：]?\s{0,3}")
_ENUMERATOR = re.compile(r"(?:^|(?<=[,;.]))(?:[一二三四五六七八九十]是|是(?=[\u4e00-\u9fff]{4}))")
_MIN_NAME_PART = 2


def _name_parts(text: str, name: str) -> list[str]:
    """Pieces of ``name`` that occur in ``text``, longest first.

    An indicator's reason usually echoes part of its name ("固定资产投资增长" → "企业投资力度加大"),
    so whole-name masking alone leaves the part that differs between two indicators. Long names
    (科目 paths such as 城乡社区支出（类）…（项）) only lose pieces of four or more characters,
    or every 支出/事务 in the reason would go.
    """
    shortest = _MIN_NAME_PART if len(name) <= 12 else 4
    parts: list[str] = []
    reach = _reach(text, name)
    for size in range(max(reach, default=0), shortest - 1, -1):
        for i in range(len(name) - size + 1):
            if reach[i] < size:
                continue
            piece = name[i : i + size]
            if not _NOT_A_WORD.fullmatch(piece):
                parts.append(piece)
                text = text.replace(piece, "@")
                reach = _reach(text, name)
    return parts


_NOT_A_WORD = re.compile(r"[\W\d_]+")


def _reach(text: str, name: str) -> list[int]:
    """For each start i, the length of the longest piece of ``name`` from i that occurs in ``text``.

    A piece occurs iff it is no longer than its start's reach (every prefix of an occurring piece
    occurs too), so ``_name_parts`` tests each of the quadratically many pieces by a lookup; and
    the reach from i + 1 is at least the reach from i less one, so this takes a linear number of
    substring searches."""
    reach = []
    end = 0
    size = len(name)
    for i in range(size):
        if end < i:
            end = i
        while end < size and name[i : end + 1] in text:
            end += 1
        reach.append(end - i)
    return reach


def mask_explanation(text: str, names: tuple[str, ...] | list[str] = ()) -> str:
    """The explanation with its item's names, dates, numbers and units masked as ``#``."""
    return masked_forms(text, names)[0]


def masked_forms(text: str, names: tuple[str, ...] | list[str] = ()) -> tuple[str, str | None]:
    """``mask_explanation(text, names)``, and ``mask_explanation(text)`` when it is the same text
    (no piece of a name occurs), else None: the specificity features read the latter, and most
    explanations need the masking once, not twice."""
    out = _SPACE.sub("", text)
    named = False
    for name in sorted({_SPACE.sub("", n) for n in names if n and len(n) >= 2}, key=len, reverse=True):
        for part in _name_parts(out, name):
            out = out.replace(part, "@")
            named = True
    # each step only where the characters every match of it holds are there (a substring test
    # is a fraction of a substitution's call)
    if "年" in out or "月" in out:
        out = _DATE.sub("#", out)
    out = _NUMBER.sub("#", out)
    if "#" in out:
        out = _UNIT.sub("#", out)
    if "##" in out or "@@" in out:
        out = _MASK_RUN.sub(r"\1", out)
    out = _ascii_punctuation(out)
    out = _LEADS.sub("", out)
    if "是" in out:
        out = _ENUMERATOR.sub("", out)
    out = out.strip(" .,;")
    return out, None if named else out


_PLACEHOLDER = re.compile(r"[XxＸ×]{2,}|…|\.{3,}|某某|请填写|请说明|如.{0,6}作.{0,6}表述|根据实际情况(?:填写|说明)")


def is_placeholder(text: str) -> bool:
    """Template text left in place of a reason (XXXX, ……, 请填写): the template rule's business,
    not an explanation to compare or score."""
    return bool(_PLACEHOLDER.search(text))


def signature(masked: str, n: int = 3) -> frozenset[str]:
    """Character n-gram shingles of a masked explanation (for MinHash/LSH in an archive index)."""
    if len(masked) <= n:
        return frozenset({masked}) if masked else frozenset()
    return frozenset(masked[i : i + n] for i in range(len(masked) - n + 1))


def minhash(masked: str, num_perm: int = 64, n: int = 3) -> tuple[int, ...]:
    """A MinHash of the shingles: equal slots estimate Jaccard similarity; stable across runs."""
    shingles = signature(masked, n)
    if not shingles:
        return ()
    hashes = [int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big") for s in shingles]
    prime = (1 << 61) - 1
    out = []
    for i in range(num_perm):
        a, b = 2 * i + 1_000_003, 7919 * (i + 1)
        out.append(min((a * h + b) % prime for h in hashes))
    return tuple(out)
