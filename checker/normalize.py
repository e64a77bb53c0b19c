"""Offset-preserving normalisation: every character maps to exactly one character.

Full-width digits, Latin letters and the signs that occur inside numbers (％ ＋ － ． ＜ ＞ ＝)
become their ASCII forms. The full-width comma (，) is the ordinary Chinese comma, so it is
changed only between two digits, where it is a thousands separator. No blanket NFKC: that
would also rewrite ideographic punctuation the sentence splitter relies on and could change
string lengths.
"""

from __future__ import annotations

import re

_FULLWIDTH_OFFSET = 0xFEE0
_ALWAYS = {chr(c): chr(c - _FULLWIDTH_OFFSET) for c in range(0xFF10, 0xFF1A)}  # ０-９
_ALWAYS.update({chr(c): chr(c - _FULLWIDTH_OFFSET) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_ALWAYS.update({chr(c): chr(c - _FULLWIDTH_OFFSET) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_ALWAYS.update(
    {
        "％": "%",
        "＋": "+",
        "－": "-",
        "．": ".",
        "＜": "<",
        "＞": ">",
        "＝": "=",
        "\u3000": " ",
        "\u00a0": " ",
        "\u2212": "-",
    }
)
_TABLE = str.maketrans(_ALWAYS)
_MAPPED = re.compile("[" + "".join(re.escape(ch) for ch in _ALWAYS) + "]")
"""Any character the table changes: most lines have none, and a regex scan is several times
cheaper than ``str.translate`` looking up every character in a dict."""


def normalize(text: str) -> str:
    """Return ``text`` normalised; ``len(result) == len(text)`` always holds."""
    out = text.translate(_TABLE) if _MAPPED.search(text) else text
    comma = out.find("，", 1)
    chars = None
    while comma != -1 and comma < len(out) - 1:
        if out[comma - 1].isdigit() and out[comma + 1].isdigit():
            chars = chars or list(out)
            chars[comma] = ","
        comma = out.find("，", comma + 1)
    return "".join(chars) if chars else out


_WHITE_SPACE = re.compile(r"\s+")


def without_spaces(text: str) -> str:
    """``text`` with all white space removed: extracted PDFs and typed tables space out
    characters (同 比 增 加, 合 计), so labels and cue words are compared without it."""
    return _WHITE_SPACE.sub("", text)
