"""Offset-preserving normalisation: every character maps to exactly one character.

Full-width digits, Latin letters and the signs that occur inside numbers (％ ＋ － ． ＜ ＞ ＝)
become their ASCII forms. The full-width comma (，) is the ordinary Chinese comma, so it is
changed only between two digits, where it is a thousands separator. No blanket NFKC: that
would also rewrite ideographic punctuation the sentence splitter relies on and could change
string lengths.
"""

from __future__ import annotations

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


def normalize(text: str) -> str:
    """Return ``text`` normalised; ``len(result) == len(text)`` always holds."""
    out = text.translate(_TABLE)
    if "，" in out:
        chars = list(out)
        for i, ch in enumerate(chars):
            if ch == "，" and 0 < i < len(chars) - 1 and chars[i - 1].isdigit() and chars[i + 1].isdigit():
                chars[i] = ","
        out = "".join(chars)
    return out
