"""Offset-preserving normalisation: every character maps to exactly one character.

Full-width digits, Latin letters and the signs that occur inside numbers (％ ＋ － ． ＜ ＞ ＝)
become their ASCII forms. The full-width comma (，) is the ordinary Chinese comma, so it is
changed only between two digits, where it is a thousands separator; so is the small full stop
(﹒), a decimal point there. No blanket NFKC: that
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


DIGITS = (
    r"\d\u00b2\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c"
    r"\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792\U00010a40-\U00010a43"
    r"\U00010e60-\U00010e68\U00011052-\U0001105a\U0001f100-\U0001f10a"
)
"""The characters ``str.isdigit`` accepts (Unicode 14): the decimal digits and the other digits
(superscripts, circled and parenthesised digits …); tests/test_normalize.py compares the two."""
# the comma first: the engine scans for it in C, then looks at its neighbours (a loop over every
# comma of the text in Python cost ten times as much)
_DIGIT_COMMA = re.compile(f"，(?<=[{DIGITS}]，)(?=[{DIGITS}])")
# the small full stop is the decimal point of Hong Kong copies (同比增長３﹒４％); elsewhere it is a stop
_DIGIT_SMALL_STOP = re.compile(f"﹒(?<=[{DIGITS}]﹒)(?=[{DIGITS}])")


# a text typed with half-width punctuation ends its sentences with "." (支出186,800元.其中:…): after a
# Chinese character or a percent sign, before one or a break, it is a full stop; between digits it stays
# a decimal point, after a digit a list number (1.收入), between Latin letters part of an address
_ASCII_STOP = re.compile(r"\.(?<=[\u4e00-\u9fff%]\.)(?=[\u4e00-\u9fff\s]|$)")


def normalize(text: str) -> str:
    """Return ``text`` normalised; ``len(result) == len(text)`` always holds."""
    out = text.translate(_TABLE) if _MAPPED.search(text) else text
    if "﹒" in out:
        out = _DIGIT_SMALL_STOP.sub(".", out)
    if "." in out:
        out = _ASCII_STOP.sub("。", out)
    return _DIGIT_COMMA.sub(",", out) if "，" in out else out


def without_spaces(text: str) -> str:
    """``text`` with all white space removed: extracted PDFs and typed tables space out
    characters (同 比 增 加, 合 计), so labels and cue words are compared without it. str.split
    drops what the regex ``\\s`` matches, faster, and a text without white space comes back as
    the same object (a caller may test for that with ``is``)."""
    return "".join(text.split())
