"""Numbers as reports write them: amounts, rates, dates, counts — pure functions, no spaCy.

Input is text already normalised by ``checker.normalize`` (ASCII digits and %, "，" between
digits turned into ","), so offsets found here are offsets in the block's text.

A number is first found as digits (or Chinese numerals, which are accepted only when a unit
follows: converting them across free text would turn 三公 into "3公"), then the words around it
decide what it is: the comparator and approximation markers before it, the multiplier, unit
and markers after it. A number with no unit in prose is kept only when its form shows it is a
figure (decimals, thousands separators, a sign or comparator): bare integers in prose are list
markers, ordinals, document numbers and codes far more often than amounts.

Vocabulary (units, measure words, comparators, fixed slogans) is data in ``lexicons/units.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, getcontext
from functools import lru_cache
from typing import Collection, NamedTuple

from checker.arith import DECIMAL_CONTEXT, MAX_DIGITS
from checker.lexicon import alternation, load_yaml

__all__ = [
    "NumberMatch",
    "CodeMatch",
    "find_quantities",
    "quantities_in",
    "find_codes",
    "parse_decimal",
    "parse_chinese_numeral",
    "scale",
]


class NumberMatch(NamedTuple):
    """One numeric entity: ``text`` is ``source[start:end]`` (number and unit, sign included;
    comparator and approximation words are reported in ``op``/``approx``, outside the span).

    ``value`` and ``low``/``high`` are in base units: 元 for money, percentage points for
    percent, the measure word's unit times any multiplier (1.5万人 → 15000) for counts and
    quantities. ``low``/``high`` is v ± ½·10⁻ᵈ scaled like the value. Dates carry ``iso``
    (2024, 2024-12, 2025-02-14, --05 for a month without year, a range as 2018/2022) and no value.

    A NamedTuple, immutable like a frozen dataclass but built several times as fast: a report
    has thousands of them (``_replace`` gives a changed copy).
    """

    start: int
    end: int
    text: str
    kind: str
    value: Decimal | None
    unit: str | None
    decimals: int
    low: Decimal | None
    high: Decimal | None
    op: str | None = None
    approx: str | None = None
    iso: str | None = None
    sign: str | None = None


_new_tuple = tuple.__new__
"""A NamedTuple's own ``__new__`` without its Python frame, for the figures and units built here with every field."""


@dataclass(frozen=True, slots=True)
class CodeMatch:
    """A 功能分类/经济分类 subject code such as ``2010601`` or ``201 06 01``; ``code`` has the digits only."""

    start: int
    end: int
    text: str
    code: str

    @property
    def level(self) -> int:
        """1 for 类 (3 digits), 2 for 款 (5), 3 for 项 (7)."""
        return {3: 1, 5: 2, 7: 3}[len(self.code)]


CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN = "零〇一二两三四五六七八九十百千万亿"


_SEPARATORS = re.compile(r"[,\s]")


def parse_decimal(literal: str) -> tuple[Decimal, int]:
    """``"1,206.50"`` → ``(Decimal("1206.50"), 2)``; separators, spaces and a sign are allowed."""
    # digits alone (most figures) have no separator to drop
    cleaned = literal if literal.isdecimal() else _SEPARATORS.sub("", literal)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"not a decimal number: {literal!r}") from None
    decimals = len(cleaned.split(".", 1)[1]) if "." in cleaned else 0
    return value, decimals


def parse_chinese_numeral(text: str) -> tuple[Decimal, int]:
    """``"一千二百"`` → 1200, ``"九十八点五"`` → 98.5, ``"一亿二千万"`` → 120000000.

    Only for spans already known to be numbers; raises ValueError on anything else.
    """
    if not text or any(ch not in _CN and ch != "点" for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    whole, _, frac = text.partition("点")
    if frac and any(ch not in CN_DIGITS for ch in frac):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total = section = 0
    digit: int | None = None
    for ch in whole:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[ch]
            digit = None
        else:  # 万 / 亿 close a section
            section += digit or 0
            if ch == "亿":
                total = (total + section) * _CN_BIG[ch]
            else:
                total += section * _CN_BIG[ch]
            section, digit = 0, None
    if digit is not None:
        # 二百五 means 250: a trailing digit after a unit counts one step lower
        last_unit = next((_CN_SMALL[c] for c in reversed(whole) if c in _CN_SMALL), None)
        trailing_alone = whole and whole[-1] in CN_DIGITS and len(whole) >= 2 and whole[-2] in _CN_SMALL
        section += digit * (last_unit // 10 if trailing_alone and last_unit and last_unit > 10 else 1)
    value = Decimal(total + section)
    if frac:
        value += Decimal("0." + "".join(str(CN_DIGITS[c]) for c in frac))
    return value, len(frac)


def scale(unit: str | None) -> Decimal:
    """The factor from a written unit to its base unit: 万元 → 10000, 亿元 → 10⁸, 万人 → 10000, % → 1."""
    if not unit:
        return Decimal(1)
    vocab = _vocab()
    if unit in vocab.money:
        return vocab.money[unit]
    if unit in vocab.percent:
        return vocab.percent[unit]
    for mult in vocab.multiplier_names:
        if unit.startswith(mult) and unit[len(mult) :] not in vocab.quantity_set:
            return vocab.multipliers[mult]
    return Decimal(1)


class _Vocab:
    def __init__(self) -> None:
        data = load_yaml("units.yaml")
        self.money = {k: Decimal(v) for k, v in data["money"].items()}
        self.multipliers = {k: Decimal(v) for k, v in data["multipliers"].items()}
        self.multiplier_names = sorted(self.multipliers, key=len, reverse=True)
        self.percent = {k: Decimal(str(v)) for k, v in data["percent"].items()}
        self.count = set(data["count"])
        self.quantity_set = set(data["quantity"])
        self.not_unit_before = {k: set(v) for k, v in data["not_unit_before"].items()}
        self.names = tuple(data["names"])
        self.name_starts = set(n[0] for n in self.names)
        self.comparators: dict[str, str] = {}
        for op, words in data["comparators"].items():
            for word in words:
                self.comparators.setdefault(word, op)
        self.approx_before = frozenset(data["approx_before"])
        self.approx_suffixes = _Suffixes(self.approx_before)
        self.comparator_suffixes = _Suffixes(self.comparators)
        self.classified: dict[tuple[str | None, str | None, str | None], tuple[str | None, str, Decimal]] = {}
        # what the character just before a number must be for ``_prefix_words`` to find anything
        self.prefix_ends = self.approx_suffixes.last_chars | self.comparator_suffixes.last_chars | {"第"}
        # ... or for it to look further back, past the spaces and quotes it skips
        self.prefix_gate = self.prefix_ends | frozenset(_PREFIX_STRIP)
        bases = {"元"} | set(self.percent) | self.count | self.quantity_set
        bases_alternation = alternation(bases)
        mults = "|".join(re.escape(m) for m in self.multiplier_names)
        inner = "|".join(re.escape(a) for a in data["approx_inner"])
        # what ``unit_re`` can open a multiplier or a base with: after any other character it finds neither
        self.unit_starts = frozenset(" \t\n").union(w[0] for w in (*self.multipliers, *data["approx_inner"], *bases))
        after = "|".join(re.escape(a) for a in sorted(data["approx_after"], key=len, reverse=True))
        # 千米/千克/千瓦 are units of their own, not 千 × 米.
        self.unit_re = re.compile(
            rf"[ \t\n]{{0,2}}(?P<mult>(?:{mults})(?![米克瓦]))?(?P<inner>{inner})?[ \n]?"
            rf"(?P<base>{bases_alternation})?(?P<per>[/／](?:人|年|月|次|天|亩|吨|平方米|户|件)(?:[/／·](?:月|年))?)?"
            rf"(?P<after>{after})?"
        )


class _Suffixes:
    """Words looked for at the end of a short text."""

    def __init__(self, words: Collection[str]) -> None:
        self.words = words
        self.longest = max(map(len, words))
        self.last_chars = frozenset(w[-1] for w in words)

    def longest_ending(self, text: str) -> str | None:
        """The longest of the words that ``text`` ends with. A set lookup per suffix length costs
        far less than ``endswith`` for every word, and most texts end with no word's last character."""
        if not text or text[-1] not in self.last_chars:
            return None
        for size in range(min(len(text), self.longest), 0, -1):
            if text[-size:] in self.words:
                return text[-size:]
        return None


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    return _Vocab()


_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\n?\.\d+)?"
_LATIN_UNITS = "km²|km2|m²|m³|m2|m3|km|kg|kWh|kW|MW|GW"
"""Latin units a number may carry; any other letter after digits makes a name (5G, 3P, S228)."""
_CANDIDATE = re.compile(
    rf"(?<![0-9A-Za-z.])(?P<dotted>(?:19|20)\d{{2}})(?=\.\d{{1,2}}\.\d{{1,2}}(?!\d))"
    rf"|(?P<sign>(?<![0-9A-Za-z.\-])[-+])?(?<![0-9A-Za-z.])(?P<num>{_NUM})"
    rf"(?!\d|\.\d|(?!(?:{_LATIN_UNITS})(?![A-Za-z]))[A-Za-z])"
    rf"|(?P<pct>百分之)(?P<pctnum>[{_CN}]{{1,12}}(?:点[{_CN}]{{1,6}})?)"
    rf"|(?<![第统唯单进同专逐初周星这那哪某几每{_CN}])(?P<cn>[{_CN}]{{1,12}}(?:点[零〇一二三四五六七八九]{{1,6}})?)"
    rf"(?=[余多]?[个人家份次项辆批名户所座件台套张条处间篇场本元%平公亩吨天小周部位组支])"
)
_CANDIDATE_START = re.compile(rf"[\d+\-{_CN}]")
"""The characters a candidate can start with (a digit, a sign, a Chinese numeral, 百 of 百分之)."""
_YEAR_TAIL = re.compile(r"[ \n]?年(?:[ \n]?(?P<m>\d{1,2})[ \n]?月(?:份|[ \n]?(?P<d>\d{1,2})[ \n]?[日号])?)?(?P<du>度)?")
_ISO_TAIL = re.compile(r"(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?!\d)")
_MONTH_TAIL = re.compile(r"[ \n]?月(?:份|[ \n]?(?P<d>\d{1,2})[ \n]?[日号])?")
_MONTH_RANGE = re.compile(r"[ ]?(\d{1,2})[ ]?(?:-|—|–|~|～|至|到)[ ]?(\d{1,2})[ ]?月")
_NAME_AFTER = frozenset("版号期条款节章级")
_CURRENCY = ("￥", "¥")
_RANGE_SEP = re.compile(r"[ ]?(?:-|—|–|~|～|至|到)[ ]?")
_LIST_SEP = re.compile(r"[ ]?(?P<sep>[、，,])[ ]?")
# "收、支总计各是4125.49,4143.91万元", "分别为12、13人": a list of figures sharing one unit
_PARALLEL = re.compile(r"(?:分别|各)[^，,。；;：:]{0,6}$")
_DATE_UNITS = frozenset({"年", "月", "日", "个月"})
_DEADLINE = re.compile(r"(?:之|以)?前|底前")
_RANGE_YEAR = re.compile(r"(?P<y>\d{4})(?!\d)")
_CODE = re.compile(
    r"(?<![\d.])(?P<c>1[01]\d|2[0-3]\d|3[019]\d)(?:[ \t]?(?P<k>\d{2})(?:[ \t]?(?P<x>\d{2}))?)?(?![\d.%])"
)


def find_codes(text: str) -> list[CodeMatch]:
    """Subject codes of the 功能分类/经济分类 (201, 20106, 2010601, "201 06 01").

    This is a shape test only; a table decides from its column header whether a cell holds a code.
    """
    out = []
    for m in _CODE.finditer(text):
        code = m.group("c") + (m.group("k") or "") + (m.group("x") or "")
        out.append(CodeMatch(m.start(), m.end(), m.group(0), code))
    return out


def find_quantities(text: str, *, cell: bool = False) -> list[NumberMatch]:
    """Every numeric entity in ``text``, in order.

    ``cell=True`` treats ``text`` as a table cell: a bare integer there is a figure (in prose
    it is almost always a list marker, ordinal or code, so prose keeps bare numbers only when
    they have decimals, separators, a sign or a comparator).
    """
    return list(_found(text, cell, getcontext().prec))


def quantities_in(text: str, *, cell: bool = False) -> tuple[NumberMatch, ...]:
    """``find_quantities`` as the tuple every reader of ``text`` shares, for a caller that only
    reads it: the extractor and the table reader ask for thousands of texts a check, and a copy each."""
    return _found(text, cell, getcontext().prec)


@lru_cache(maxsize=4096)
def _found(text: str, cell: bool, precision: int) -> tuple[NumberMatch, ...]:
    """``find_quantities``, once per text: the extractor, the statements, the explanations and the
    table readers each read the same paragraphs and cells. ``precision`` (the decimal context's)
    is part of the key so that a cached result is the one this context would compute."""
    vocab = _vocab()
    if cell and " " in text.strip() and _CODE.fullmatch(text.strip()):
        return ()  # "201 06 01": a subject code split into its levels, not three numbers
    out: list[NumberMatch] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = jump_search(_CANDIDATE, _CANDIDATE_START, text, pos)
        if m is None:
            break
        if m.lastgroup == "num":  # most candidates: one test here rather than a dispatch call for each
            if m.group("sign") == "-" and out and not text[out[-1].end : m.start()].strip():
                pos = m.start() + 1  # "5%-10%", "5万元-10万元": a range dash, not a minus sign
                continue
            found = _interpret_digits(text, m, vocab, cell)
        else:
            found = _interpret(text, m, vocab, cell)
        if found is not None:
            out.append(found)
            pos = found.end
        else:
            pos = m.end()
    return tuple(out)


def jump_search(pattern: re.Pattern[str], starts: re.Pattern[str], text: str, pos: int = 0) -> re.Match[str] | None:
    """``pattern.search(text, pos)``, five times as fast on prose when ``pattern`` opens with
    look-behinds or groups: the regex engine then tries every branch at every character, while
    ``starts``, a character class of every character a match can begin with, skips straight to
    the few places where one can start."""
    while (first := starts.search(text, pos)) is not None:
        m = pattern.match(text, first.start())  # the look-behinds still see the text before it
        if m is not None:
            return m
        pos = first.start() + 1
    return None


_PREFIX_STRIP = " \t\n“\"‘'"
_NO_PREFIX = (None, None, False)


def _prefix_words(text: str, start: int, vocab: _Vocab) -> tuple[str | None, str | None, bool]:
    """Comparator, approximation word and ordinal flag written just before ``start``."""
    low = max(0, start - 8)
    end = start
    while end > low and text[end - 1] in _PREFIX_STRIP:
        end -= 1
    if end == low or text[end - 1] not in vocab.prefix_ends:
        return _NO_PREFIX  # most figures: no word can end just before them
    before = text[low:end]
    approx = vocab.approx_suffixes.longest_ending(before)
    if approx is not None:
        before = before[: -len(approx)].rstrip()
    word = vocab.comparator_suffixes.longest_ending(before)
    op = vocab.comparators[word] if word is not None else None
    ordinal = approx is None and op is None and before.endswith("第")
    return op, approx, ordinal


def _interpret(text: str, m: re.Match[str], vocab: _Vocab, cell: bool) -> NumberMatch | None:
    """A candidate other than digits (``_interpret_digits``)."""
    # the alternative that matched, named by its last group (each alternative closes with one):
    # one attribute read instead of a group lookup per alternative
    branch = m.lastgroup
    if branch == "dotted":  # 2024.12.31
        op, _, _ = _prefix_words(text, m.start(), vocab)
        date = _year_date(text, m.start(), m.end(), m.group("dotted"), op)
        return date
    if branch == "pctnum":
        try:
            value, decimals = parse_chinese_numeral(m.group("pctnum"))
        except ValueError:
            return None
        op, approx, _ = _prefix_words(text, m.start(), vocab)
        return _make(text, m.start(), m.end(), "percent", value, "%", decimals, Decimal(1), op, approx, None)
    return _interpret_chinese(text, m, vocab)


def _interpret_chinese(text: str, m: re.Match[str], vocab: _Vocab) -> NumberMatch | None:
    start, numeral = m.start(), m.group("cn")
    if vocab.name_starts.intersection(numeral[:1]) and text.startswith(vocab.names, start):
        return None
    if numeral == "一" or numeral.endswith("点") or numeral[0] not in CN_DIGITS and numeral[0] != "十":
        return None  # a lone 一 is an article (一家企业, 一项工作); 万元/千人 alone state no number
    mult = Decimal(1)
    if numeral[-1] in "万亿" and len(numeral) > 1:
        mult = Decimal(_CN_BIG[numeral[-1]])
        numeral_core = numeral[:-1]
    else:
        numeral_core = numeral
    try:
        value, decimals = parse_chinese_numeral(numeral_core)
    except ValueError:
        return None
    unit = _unit_after(text, m.end(), vocab)
    if unit is None or unit.base is None or unit.base == "年":
        return None  # Chinese numerals with 年 are names (三年行动) far more than durations
    if unit.end < len(text) and text[unit.end] == "性":
        return None
    kind, written, factor = unit.kind, unit.written, unit.factor
    if kind is None:
        return None
    written_unit = (numeral[-1] if mult > 1 else "") + written
    factor *= mult
    op, approx, ordinal = _prefix_words(text, start, vocab)
    if ordinal:
        return None
    return _make(
        text, start, unit.span_end, kind, value, written_unit, decimals, factor, op, approx or unit.approx, None
    )


class _Unit(NamedTuple):
    """A unit written after a number, with what it makes of the number (``_classify``)."""

    base: str | None
    approx: str | None
    span_end: int
    end: int
    kind: str | None
    written: str
    factor: Decimal


def _unit_after(text: str, pos: int, vocab: _Vocab) -> _Unit | None:
    if text[pos : pos + 1] not in vocab.unit_starts:
        return None  # a quarter of the figures (list markers, dates, a figure closing its text): no match to build
    u = vocab.unit_re.match(text, pos)
    if u is None:
        return None
    mult, inner, base, per, after = u.group("mult", "inner", "base", "per", "after")
    if mult is None and base is None:
        return None
    if base is not None and per is None:
        stop = u.end("base")
        # 3项目 / 5人民币 / 12本年: the measure word begins an ordinary word
        if stop < len(text) and text[stop] in vocab.not_unit_before.get(base[-1], ()):
            if not mult:
                return None
            u = vocab.unit_re.match(text, pos, u.start("base"))  # as if the text ended before the word
            if u is None:
                return None
            mult, inner, base, per, after = u.group("mult", "inner", "base", "per", "after")
    # the span covers the unit; a trailing 以上/左右 is reported in ``approx`` only, and a
    # space after a bare multiplier ("36142 万 ") is not part of the number; the groups follow
    # each other in the pattern, so the last one written ends the span
    span_end = u.end("per" if per else "base" if base else "inner" if inner else "mult")
    # the few combinations a lexicon allows, each classified once per process
    classified = vocab.classified.get((mult, base, per))
    if classified is None:
        classified = vocab.classified[mult, base, per] = _classify(mult, base, per, vocab)
    return _new_tuple(_Unit, (base, inner or after, span_end, u.end(), *classified))


def _classify(mult: str | None, base: str | None, per: str | None, vocab: _Vocab) -> tuple[str | None, str, Decimal]:
    mult = mult or ""
    factor = vocab.multipliers[mult] if mult else Decimal(1)
    if base is None:
        return "number", mult, factor
    if base == "元" and per:
        return "quantity", mult + base + per.replace("／", "/"), factor
    if base == "元":
        return "money", mult + base, factor
    if base in vocab.percent:
        return ("percent", base, vocab.percent[base]) if not mult else (None, "", factor)
    kind = "count" if base in vocab.count else "quantity"
    return kind, mult + base + (per.replace("／", "/") if per else ""), factor


def _interpret_digits(text: str, m: re.Match[str], vocab: _Vocab, cell: bool) -> NumberMatch | None:
    sign, literal = m.group("sign", "num")
    start, end = m.span()
    plain_int = literal.isdigit()
    op = approx = None
    # most figures follow a character that neither ends a prefix word nor is skipped before one:
    # nothing for ``_prefix_words`` to find, and no call made for them
    if start and text[start - 1] in vocab.prefix_gate:
        op, approx, ordinal = _prefix_words(text, start, vocab)
        if ordinal:
            return None
    if plain_int and len(literal) == 4 and 1900 <= int(literal) <= 2100 and not sign:
        date = _year_date(text, start, end, literal, op)
        if date:
            return date
    if plain_int and len(literal) <= 2 and not sign and 1 <= int(literal) <= 12:
        date = _month_date(text, start, end, literal, op)
        if date:
            return date
    if len(literal) > MAX_DIGITS and sum(ch.isdigit() for ch in literal) > MAX_DIGITS:
        return None  # no report states such a figure; reading it would leave the bounded arithmetic
    negative = sign == "-"
    unit = _unit_after(text, end, vocab)
    if unit is None:
        ranged = _range_partner(text, end, vocab, cell) or _list_partner(text, start, end, literal, vocab)
        if ranged is not None:
            if not ranged.kind:
                return None
            amount = _amount(literal, negative, ranged.factor)
            return _figure(text, start, end, ranged.kind, amount, ranged.written, op, approx, sign)
        if text.endswith(_CURRENCY, 0, _text_end(text, start)):  # ￥1,000.00
            return _figure(text, start, end, "money", _amount(literal, negative, _ONE), "元", op, approx, sign)
        if not _bare_is_figure(text, start, end, literal, sign, op, cell):
            return None
        return _figure(text, start, end, "number", _amount(literal, negative, _ONE), None, op, approx, sign)
    if unit.kind is None:
        return None
    amount = _amount(literal, negative, unit.factor)
    return _figure(text, start, unit.span_end, unit.kind, amount, unit.written, op, approx or unit.approx, sign)


def _text_end(text: str, start: int) -> int:
    """The end of ``text[:start].rstrip()``, found without copying the text before the number
    (a copy per figure grew with the paragraph)."""
    while start and text[start - 1].isspace():
        start -= 1
    return start


def _bare_is_figure(
    text: str, start: int, end: int, literal: str, sign: str | None, op: str | None, cell: bool
) -> bool:
    nxt = text[end : end + 1]
    prev = text[start - 1 : start] if start else ""
    if cell:
        # list markers inside a cell: "1." "2、" "（3）"; "06" is a code level, not a figure
        if literal.isdigit() and (
            nxt in ("、", ".", "．")
            or prev in "（("
            and prev
            and nxt in "）)"
            or len(literal) > 1
            and literal.startswith("0")
        ):
            return False
        return True
    if op or sign:
        return True
    if literal.isdigit():
        return False
    before = _text_end(text, start)
    if not before or text.endswith(("表", "图", "附件", "第", "条", "节", "章", "版", "号"), 0, before):
        return False  # "1.2 项目概况", "表3.1": section and figure numbers
    return nxt not in _NAME_AFTER  # "2.0版", "3.1节": versions and sections


def _range_partner(text: str, end: int, vocab: _Vocab, cell: bool) -> _Unit | None:
    """In "10-20万元" / "3至5人" the first number takes the unit written after the second."""
    sep = _RANGE_SEP.match(text, end)
    if sep is None:
        return None
    second = _CANDIDATE.match(text, sep.end())
    if second is None or second.group("num") is None or second.group("sign"):
        return None
    unit = _unit_after(text, second.end(), vocab)
    if unit is None or unit.base is None:
        return None
    return unit


def _list_partner(text: str, start: int, end: int, literal: str, vocab: _Vocab) -> _Unit | None:
    """In "12.50、13.60万元" every figure of the list takes the unit written after the last one.

    A comma, or a whole number before 、 (a list marker "1、"), joins figures only after 分别/各:
    without it "得分9.5，扣分0.5分" is two statements, not one list.
    """
    clause = text[max(0, start - 12) : start]
    parallel = _PARALLEL.search(clause) is not None
    pos = end
    for _ in range(8):
        sep = _LIST_SEP.match(text, pos)
        if sep is None or not parallel and (sep.group("sep") != "、" or "." not in literal):
            return None
        nxt = _CANDIDATE.match(text, sep.end())
        if nxt is None or nxt.group("num") is None or nxt.group("sign"):
            return None
        unit = _unit_after(text, nxt.end(), vocab)
        if unit is not None:
            return unit if unit.base and unit.base not in _DATE_UNITS else None
        pos = nxt.end()
    return None


_HALF_UNIT = tuple(Decimal((0, (5,), -(d + 1))) for d in range(MAX_DIGITS + 1))
"""½·10⁻ᵈ for a figure written with d decimals (no figure has more than ``MAX_DIGITS`` digits)."""


_ONE = Decimal(1)


def _scaled(value: Decimal, decimals: int, factor: Decimal) -> tuple[Decimal, Decimal, Decimal, int]:
    """The value, low and high of a figure in base units, and its decimals."""
    half = _HALF_UNIT[decimals]
    # Exact for every figure ``MAX_DIGITS`` admits. The context's own methods, not a
    # ``localcontext`` copy per number: nothing here can round, so no flag it would set is read.
    ctx = DECIMAL_CONTEXT
    low, high = ctx.multiply(ctx.subtract(value, half), factor), ctx.multiply(ctx.add(value, half), factor)
    return ctx.multiply(value, factor), low, high, decimals


@lru_cache(maxsize=4096)
def _amount(literal: str, negative: bool, factor: Decimal) -> tuple[Decimal, Decimal, Decimal, int]:
    """``_scaled`` of a written figure, once per check for each literal and unit factor: a report
    repeats its figures (a total in the text and its tables, the same amount under several
    headings), and parsing and scaling them was a fifth of the number finder's time. Emptied
    with the other text-keyed caches (``checker.bench.forget_texts``)."""
    value, decimals = parse_decimal(literal)
    return _scaled(-value if negative else value, decimals, factor)


def _figure(
    text: str,
    start: int,
    end: int,
    kind: str,
    amount: tuple[Decimal, Decimal, Decimal, int],
    unit: str | None,
    op: str | None,
    approx: str | None,
    sign: str | None,
) -> NumberMatch:
    value, low, high, decimals = amount
    return _new_tuple(
        NumberMatch,
        (start, end, text[start:end], kind, value, unit or None, decimals, low, high, op, approx, None, sign),
    )


def _make(
    text: str,
    start: int,
    end: int,
    kind: str,
    value: Decimal,
    unit: str | None,
    decimals: int,
    factor: Decimal,
    op: str | None,
    approx: str | None,
    sign: str | None,
) -> NumberMatch:
    return _figure(text, start, end, kind, _scaled(value, decimals, factor), unit, op, approx, sign)


def _date(text: str, start: int, end: int, iso: str, op: str | None) -> NumberMatch:
    tail = _DEADLINE.match(text, end)
    if tail is not None:
        op = "<="
    return _new_tuple(
        NumberMatch, (start, end, text[start:end], "date", None, None, 0, None, None, op, None, iso, None)
    )


def _year_date(text: str, start: int, end: int, year: str, op: str | None) -> NumberMatch | None:
    iso_tail = _ISO_TAIL.match(text, end)
    if iso_tail and 1 <= int(iso_tail.group("m")) <= 12 and 1 <= int(iso_tail.group("d")) <= 31:
        return _date(
            text, start, iso_tail.end(), f"{year}-{int(iso_tail.group('m')):02d}-{int(iso_tail.group('d')):02d}", op
        )
    tail = _YEAR_TAIL.match(text, end)
    if tail is None:
        # a bare year range "2018-2022" (also with 年 after the second year)
        sep = _RANGE_SEP.match(text, end)
        second = _RANGE_YEAR.match(text, sep.end()) if sep else None
        if sep and second and int(year) < int(second.group("y")) <= 2100:
            stop = second.end()
            more = _YEAR_TAIL.match(text, stop)
            if more and not more.group("m"):
                stop = more.end()
            return _date(text, start, stop, f"{year}/{second.group('y')}", op)
        return None
    iso = _iso(year, tail.group("m"), tail.group("d"))
    if iso is None:
        return None
    stop = tail.end()
    months = _MONTH_RANGE.match(text, stop) if tail.group("m") is None and not tail.group("du") else None
    if months and 1 <= int(months.group(1)) < int(months.group(2)) <= 12:  # 2024年1-12月
        return _date(
            text, start, months.end(), f"{year}-{int(months.group(1)):02d}/{year}-{int(months.group(2)):02d}", op
        )
    sep = _RANGE_SEP.match(text, stop)
    if sep is not None:
        rest = _range_end(text, sep.end(), year)
        if rest is not None:
            other, stop = rest
            return _date(text, start, stop, f"{iso}/{other}", op)
    return _date(text, start, stop, iso, op)


def _range_end(text: str, pos: int, year: str) -> tuple[str, int] | None:
    """The second half of a date range: "2021年", "2021年3月", "12月" (same year)."""
    m = re.compile(r"\d{1,4}").match(text, pos)
    if m is None:
        return None
    digits = m.group(0)
    if len(digits) == 4:
        tail = _YEAR_TAIL.match(text, m.end())
        if tail is None:
            return None
        iso = _iso(digits, tail.group("m"), tail.group("d"))
        return (iso, tail.end()) if iso else None
    month = _MONTH_TAIL.match(text, m.end())
    if month is None or not 1 <= int(digits) <= 12:
        return None
    iso = _iso(year, digits, month.group("d"))
    return (iso, month.end()) if iso else None


def _iso(year: str, month: str | None, day: str | None) -> str | None:
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return None
    if day is None:
        return f"{year}-{int(month):02d}"
    if not 1 <= int(day) <= 31:
        return None
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _month_date(text: str, start: int, end: int, month: str, op: str | None) -> NumberMatch | None:
    tail = _MONTH_TAIL.match(text, end)
    if tail is not None:
        day = tail.group("d")
        if day is not None and not 1 <= int(day) <= 31:
            return None
        iso = f"--{int(month):02d}" + (f"-{int(day):02d}" if day else "")
        return _date(text, start, tail.end(), iso, op)
    sep = _RANGE_SEP.match(text, end)
    if sep is None:
        return None
    second = re.compile(r"(\d{1,2})(?=[ \n]?月)").match(text, sep.end())
    if second is None or not int(month) < int(second.group(1)) <= 12:
        return None
    tail = _MONTH_TAIL.match(text, second.end())
    if tail is None:
        return None
    return _date(text, start, tail.end(), f"--{int(month):02d}/--{int(second.group(1)):02d}", op)
