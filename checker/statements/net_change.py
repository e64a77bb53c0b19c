"""The changes of a whole's parts against the change of the whole.

"基本支出比上年增加Y万元，其中：人员经费增加a万元，公用经费减少b万元" — the parts' changes, each signed by its own
direction word, add up to the whole's change (a − b = Y). The parts follow an opener (其中, 主要是, 具体为,
主要变动原因如下 …, ``change_part_openers`` in ``lexicons/cues_composition.yaml``): later in the whole's sentence,
in the next sentence of its paragraph that opens with one (sentences of reasons without figures between), or, when
the opener closes the paragraph, in the numbered paragraphs after it. A part's change against another base than
the whole's (较年初预算 beside 较上年) is no part of it, nor is a rate or a count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from checker.arith import Interval, total as sum_interval
from checker.lexicon import alternation
from checker.statements.change import COMPARE, Change, deltas, rate_after
from checker.statements.composition import CLAUSE_CUT, Composition, complete_by_identity, cues
from checker.statements.cues import patterns
from checker.statements.sentences import (
    WORD_LINES,
    Item,
    Sentence,
    bracket_end,
    depth,
    is_list_item,
    list_style,
    words_alone,
)


@dataclass(frozen=True)
class NetChange:
    """A whole's change and its parts' changes, each part signed against the whole's direction."""

    total: Item
    total_sentence: Sentence
    parts: tuple[tuple[Item, Sentence], ...]
    signs: tuple[int, ...]  # +1: the part moved the way the whole did, −1: the other way
    complete: bool  # the parts' names are all of the whole's (an identity, or 其他… last)
    # the list takes the change apart (其中, 具体为, or numbered paragraphs one per part) rather than naming
    # its main causes inline (主要原因是…)
    breakdown: bool = False
    offset: bool = False  # the list says other changes went the other way (…被维修费增加抵消)
    apart: bool = False  # the whole stands paragraphs above its parts, paired by their amounts (a warning)


_SEGMENT = re.compile(r"[；;]")
_YEAR = re.compile(r"\d{4}")


def _makes(parts: list[tuple[Item, Sentence]], directions: list[int], direction: int, whole: Item) -> bool:
    signed = [p.quantity.interval if d == direction else -p.quantity.interval for (p, _), d in zip(parts, directions)]
    return sum_interval(signed).overlaps(whole.quantity.interval)


@lru_cache(maxsize=1)
def _offset() -> re.Pattern[str]:
    return re.compile(alternation(cues()["change_offset_words"]))


@lru_cache(maxsize=1)
def _opener() -> re.Pattern[str]:
    words = cues()["change_part_openers"]
    return re.compile(alternation(words["breakdown"] + words["reasons"]))


@lru_cache(maxsize=1)
def _breakdown_words() -> frozenset[str]:
    return frozenset(cues()["change_part_openers"]["breakdown"])


def _base(text: str) -> str:
    """Which base a comparison names: the budget (较年初预算) or last year (较上年, 同比, a year). A year
    named after the text has compared with another year already (比上年增加a，比2019年减少b; 比2022年…，
    比2019年…) is a base of its own: the two changes of one amount go back to different years."""
    found = list(COMPARE.finditer(text))
    if not found:
        return ""
    words = found[-1].group(0)
    if _of_budget(words):
        return "budget"
    year = _YEAR.search(words)
    if year and any(not _of_budget(m.group(0)) and year.group(0) not in m.group(0) for m in found[:-1]):
        return f"year {year.group(0)}"
    return "year"


def _of_budget(words: str) -> bool:
    return "预算" in words or "年初" in words


def _change_of(sentence: Sentence, k: int, level: int = 0) -> int:
    """+1/−1 when the amount at ``k`` is a change by its own direction word (人员经费增加a万元), else 0;
    ``level``: the bracket depth the list stands at."""
    item = sentence.items[k]
    if item.kind != "money" or item.depth != level:
        return 0
    found = deltas(sentence)[k]
    if found:
        return found
    m = patterns().delta_end.search(item.bare_gap)
    return patterns().direction(m.group(1)) if m else 0


def _parts_in(
    sentence: Sentence, start: int, end: int, base: str, whole: Item, direction: int, years: frozenset[str]
) -> tuple[list[tuple[Item, Sentence]], list[int], list[str]]:
    text = sentence.paragraph.text
    parts: list[tuple[Item, Sentence]] = []
    directions: list[int] = []
    names: list[str] = []
    # …减收Y（其中：A减收a，B减收b）；C减收c: an opener inside a bracket lists the parts inside it, and the
    # bracket's close ends the list (what follows is the next whole)
    level = depth(text[sentence.start : start])
    if level:
        end = bracket_end(text, start, end)
    for k, item in enumerate(sentence.items):
        if item.start < start or item.end > end or item is whole:
            continue
        if parts and "其中" in item.gap and item.depth == level:
            break  # …人员经费增加a，其中工资增加c: the parts of a part (a bracketed 其中 only notes a part's pieces)
        d = _change_of(sentence, k, level)
        if not d:
            continue
        if (
            len(parts) >= 2
            and _SEGMENT.search(text, parts[-1][0].end, item.start)
            and _makes(parts, directions, direction, whole)
        ):
            # …A增加a，B增加b；收入比上年增加c (or …；C支出X万元，完成预算的P%，比上年增加c): once the parts
            # make the whole, the next segment moves on
            break
        clause = text[sentence.start : item.start]
        clause = re.split(r"[，,；;。：:]", clause)[-1]
        own = _base(clause)
        named = _YEAR.search(clause)
        if own == "year" and named and f"year {named.group(0)}" in years:
            own = f"year {named.group(0)}"  # 比2019年减少a under a whole that set 2019 apart from last year
        if (own or base) != base:
            continue  # 较年初预算数减少b beside 较上年减少a: the change against another base
        # the clause cut at punctuation only: a name keeps its brackets (因公出国（境）费)
        bare = re.sub(r"\s+", "", clause)
        m = patterns().delta_end.search(bare)
        name = bare[: m.start()] if m else bare
        compared = list(COMPARE.finditer(name))
        name = name[: compared[0].start()] if compared else name
        if not name:
            # 公务接待费20万元，较上年减少b万元 / 因公出国（境）费较上年持平，减少0万元: the segment names it
            segment = re.split(r"[；;。：:]", text[sentence.start : item.start])[-1]
            first = COMPARE.search(segment)
            name = re.sub(r"\s+", "", segment[: first.start()] if first else "")
        parts.append((item, sentence))
        directions.append(d)
        names.append(name or item.label)
    return parts, directions, names


def _unchanged_parts(sentence: Sentence, begin: int, end: int, base: str) -> list[str]:
    """The names of the parts between ``begin`` and ``end`` said unchanged in words, against the whole's
    base, with no change figure (其中：因公出国（境）费0万元，与上年持平；公务接待费…，较上年减少a万元)."""
    text = sentence.paragraph.text
    names = []
    for segment in re.finditer(r"[^；;。]+", text[begin:end]):
        at, until = begin + segment.start(), begin + segment.end()
        flat = patterns().flat.search(segment.group(0))
        if flat is None or any(d and at <= i.start < until for i, d in zip(sentence.items, deltas(sentence))):
            continue
        before = segment.group(0)[: flat.start()]
        own = "budget" if patterns().flat_against_budget.search(before) else _base(before)
        if (own or base) != base:
            continue  # 与年初预算持平 under a change over last year
        name = re.sub(r"\s+", "", re.split(r"[\d，,：:]", segment.group(0).lstrip("：:，, \n"))[0])
        if name:
            names.append(name)
    return names


def _opener_after(sents: list[Sentence], s_index: int, start: int, limit: int) -> tuple[Sentence, int, str] | None:
    """Where the parts' list opens: an opener in the whole's own clause (``start``..``limit``), or at the
    head of a later sentence of its paragraph, sentences of reasons with no figures between
    (…减少Y万元。主要是压减开支。其中：…; …增加Y万元。主要变动原因如下：)."""
    sentence = sents[s_index]
    m = _opener().search(sentence.paragraph.text, start, limit)
    if m is not None:
        return sentence, m.end(), m.group(0)
    if limit < sentence.end:
        return None
    for later in sents[s_index + 1 :]:
        opens = _opening(later)
        money = any(i.kind == "money" for i in later.items)
        if opens is not None and (money or later is sents[-1]):
            return opens
        if money:
            return None
    return None


def _opening(sentence: Sentence) -> tuple[Sentence, int, str] | None:
    """The opener at the head of ``sentence``: the sentence, where the opener ends, and its word."""
    head = sentence.paragraph.text[sentence.start : sentence.end]
    m = _opener().match(head.lstrip())
    return None if m is None else (sentence, sentence.start + len(head) - len(head.lstrip()) + m.end(), m.group(0))


def _numbered_after(paragraph_sentences: list[list[Sentence]], p_index: int) -> list[Sentence]:
    """The sentences of the numbered paragraphs of one style right after paragraph ``p_index``, or
    else of the unnumbered paragraphs after it that each open with a named amount and state its
    change (…减少Y。其中：/ A X万元，比上年减少a。/ B Z万元，比上年增加b。): one part a line."""
    out: list[Sentence] = []
    style: str | None = None
    for later in paragraph_sentences[p_index + 1 :]:
        if style is not None and _reasons_line(later):
            continue  # 1.A增加a。⏎主要原因是…。⏎2.B…: the reasons of the item above on a line of their own
        if not later or not is_list_item(later[0].paragraph):
            break
        this = list_style(later[0].paragraph.text)
        if style is not None and this != style:
            break
        style = this
        out.extend(later)
    if out:
        return out
    for later in paragraph_sentences[p_index + 1 :]:
        if (
            not later
            or later[0].paragraph.heading is not None
            or is_list_item(later[0].paragraph)  # 2. 项目支出Y…: the next item of the whole's own list
            or not _states_part(later[0])
        ):
            break
        out.extend(later)
    return out


def _reasons_line(sentences: list[Sentence]) -> bool:
    """A paragraph of reasons with no figure (主要原因是：…), not numbered."""
    if not sentences or any(s.items for s in sentences) or is_list_item(sentences[0].paragraph):
        return False
    m = _opener().match(sentences[0].paragraph.text.lstrip())
    return m is not None and m.group(0) not in _breakdown_words()


def _states_part(sentence: Sentence) -> bool:
    """The sentence opens with a named amount (its name the only words before it: no clause, no change)
    and then states a change."""
    items = sentence.items
    return (
        len(items) >= 2
        and items[0].kind == "money"
        and not items[0].depth
        and bool(items[0].label)
        and not CLAUSE_CUT.search(items[0].gap)
        and not deltas(sentence)[0]
        and any(deltas(sentence)[1:])
    )


def find_net_changes(paragraph_sentences: list[list[Sentence]]) -> list[NetChange]:
    out: list[NetChange] = []
    taken: set[int] = set()  # a part is no whole of its own
    for p_index, sents in enumerate(paragraph_sentences):
        for s_index, sentence in enumerate(sents):
            bases: dict[int, str] | None = None
            for k, whole in enumerate(sentence.items):
                if id(whole) in taken or not deltas(sentence)[k] or whole.depth:
                    continue
                bases = _bases(sentence) if bases is None else bases
                found = _for_whole(paragraph_sentences, p_index, s_index, k, bases)
                if found is not None:
                    taken.update(id(p) for p, _ in found.parts)
                    out.append(found)
    return out


def _bases(sentence: Sentence) -> dict[int, str]:
    """The base each change of a sentence is measured from, by the words from the sentence's start to it."""
    text = sentence.paragraph.text
    return {k: _base(text[sentence.start : item.start]) for k, item in enumerate(sentence.items) if deltas(sentence)[k]}


def _for_whole(
    paragraph_sentences: list[list[Sentence]], p_index: int, s_index: int, k: int, bases: dict[int, str]
) -> NetChange | None:
    sents = paragraph_sentences[p_index]
    sentence = sents[s_index]
    items = sentence.items
    whole = items[k]
    text = sentence.paragraph.text
    base = bases[k]
    # the years the sentence compares its changes with apart from last year (…比上年a，比2019年b)
    years = frozenset(b for b in bases.values() if b.startswith("year "))
    direction = deltas(sentence)[k]
    # the whole's clause runs to the next figure that is not its rate; a second change of the same amount
    # (…减少Y1，下降P1%，较年初预算减少Y2) may stand between it and its parts
    rate = rate_after(items, k)[0]
    nxt = next((j for j in range(k + 1, len(items)) if items[j] is not rate), None)
    limit = items[nxt].start if nxt is not None else sentence.end
    if nxt is not None and deltas(sentence)[nxt]:
        # …比上年增加a，比2019年减少b: the words between name "a year", the whole sentence tells which
        between = _base(text[whole.end : items[nxt].start])
        if between != base or between and bases[nxt] != base:
            limit = sentence.end
    found = _opener_after(sents, s_index, whole.end, limit)
    at = p_index
    if found is None and limit >= sentence.end and s_index == len(sents) - 1:
        # …增加Y万元。⏎主要变动原因如下：⏎1.…: the opener on a line of its own after the whole's paragraph, maybe
        # after lines of words alone (…增加Y万元。⏎增加的原因是…。⏎具体情况如下：), as after such sentences
        at = p_index + 1
        while (found := _opener_line(paragraph_sentences, at)) is None and at <= p_index + WORD_LINES:
            if at >= len(paragraph_sentences) or not words_alone(paragraph_sentences[at]):
                break
            at += 1
    read = _read(paragraph_sentences, at, (whole, sentence), (base, years), direction, found) if found else None
    if read is None and found is not None and found[0] is sentence:
        # …减少Y，主要原因是压减开支。其中，A减少a；B增加b: the reasons named no figures, the next sentence does
        later = _opener_after(sents, s_index, sentence.end, sentence.end)
        read = (
            _read(paragraph_sentences, p_index, (whole, sentence), (base, years), direction, later) if later else None
        )
    return read


def _opener_line(paragraph_sentences: list[list[Sentence]], p_index: int) -> tuple[Sentence, int, str] | None:
    """Paragraph ``p_index`` when it is a list opener and nothing more (主要变动原因如下：; 其中：)."""
    if p_index >= len(paragraph_sentences) or len(paragraph_sentences[p_index]) != 1:
        return None
    line = paragraph_sentences[p_index][0]
    opens = _opening(line)
    if opens is None or line.items or line.paragraph.text[opens[1] : line.end].strip("：:。 "):
        return None
    return opens


def _read(
    paragraph_sentences: list[list[Sentence]],
    p_index: int,
    stated: tuple[Item, Sentence],
    bases: tuple[str, frozenset[str]],
    direction: int,
    found: tuple[Sentence, int, str],
) -> NetChange | None:
    """The parts after ``found``; ``bases`` is the whole's base and the years its sentence sets apart."""
    sents = paragraph_sentences[p_index]
    whole, sentence = stated
    where, start, word = found
    text = where.paragraph.text
    rest = text[start : where.end].strip("：:，, \n")
    closes = not rest and where is sents[-1]
    breakdown = closes or word in _breakdown_words()
    stop = where.end
    if not breakdown:
        # reasons given inline end with their segment: …下降Y，原因是压缩用车；B支出Z万元… is the next item
        cut = _SEGMENT.search(text, start, where.end)
        stop = cut.start() if cut else where.end
    places = (
        [(s, s.start, s.end) for s in _numbered_after(paragraph_sentences, p_index)]
        if closes
        else [(where, start, stop)]
    )
    parts: list[tuple[Item, Sentence]] = []
    directions: list[int] = []
    names: list[str] = []
    for place, begin, end in places:
        p, d, n = _parts_in(place, begin, end, bases[0], whole, direction, bases[1])
        parts += p
        directions += d
        names += n
    if not parts:
        return None  # parts said unchanged only make no breakdown of a change
    unchanged = [name for place, begin, end in places for name in _unchanged_parts(place, begin, end, bases[0])]
    if len(parts) < 2 and not unchanged:
        return None
    # a part said unchanged in words changes nothing, but it is one of the parts named
    complete = complete_by_identity(names + unchanged, every_part=True) or any("其他" in n for n in names[1:])
    offset = any(_offset().search(place.paragraph.text, begin, end) for place, begin, end in places)
    signs = tuple(d * direction for d in directions)
    return NetChange(whole, sentence, tuple(parts), signs, complete, breakdown=breakdown, offset=offset)


def of_compositions(compositions: list[Composition], changes: list[Change], read: set[int]) -> list[NetChange]:
    """（一）因公出国（境）费X万元，比预算数减少a万元… (二)…: a whole whose parts add up to it, the whole and each
    part stated with a change against the same base: the parts' changes make the whole's (a breakdown,
    complete when the composition is: all of an identity's parts named). Wholes whose change ``read`` holds are left to that reading."""
    stated: dict[int, list[Change]] = {}
    for c in changes:
        if c.current is not None and c.delta is not None:
            stated.setdefault(id(c.current), []).append(c)
    # an amount compared with two bases (比上年增加Y；比2019年减少W) has no one change to hold its parts to
    by_current = {k: v[0] for k, v in stated.items() if len(v) == 1}
    out = []
    for comp in compositions:
        whole = by_current.get(id(comp.total))
        if whole is None or whole.delta is None or id(whole.delta) in read or comp.role != "amount":
            continue
        moved = [by_current.get(id(p)) for p, _ in comp.parts]
        if len(moved) < 2 or any(m is None or m.base != whole.base for m in moved):
            continue
        made = sum_interval([p.quantity.interval for p, _ in comp.parts])
        if not made.overlaps(comp.total.quantity.interval):
            continue  # parts that do not make the whole: SUM001's to report, not their changes
        out.append(
            NetChange(
                whole.delta,
                whole.sentence,
                tuple((m.delta, m.sentence) for m in moved if m is not None and m.delta is not None),
                tuple(1 if m is not None and m.delta_dir == whole.delta_dir else -1 for m in moved),
                comp.exhaustive,
                breakdown=True,
            )
        )
    return out


def of_wholes_above(
    paragraph_sentences: list[list[Sentence]], changes: list[Change], sections: dict[str, str], read: set[int]
) -> list[NetChange]:
    """支出决算情况 › 本年支出X万元，比上年增加Y万元。（…）基本支出A万元，比上年增加a万元；项目支出B万元，比上年减少b万元:
    the parts stated each with its amount and change in a paragraph of their own, the whole with its change in an
    earlier paragraph of the same section. The parts are the whole's when their amounts make the whole's amount,
    and then their changes make its change; as the pairing is by amounts across paragraphs, only a warning.
    Changes ``read`` (as a whole or a part) by the readers within a paragraph are left to them."""
    index = {id(sents[0].paragraph): k for k, sents in enumerate(paragraph_sentences) if sents}
    stated: dict[int, list[Change]] = {}
    for c in changes:
        if c.current is None or c.delta is None or c.current.depth or c.current.kind != "money":
            continue
        if id(c.delta) in read or id(c.current) in read:
            continue
        stated.setdefault(index.get(id(c.sentence.paragraph), -1), []).append(c)
    out: list[NetChange] = []
    for p_index, parts in stated.items():
        if p_index < 1 or len(parts) < 2 or len({_compared(c) for c in parts}) != 1:
            continue
        made = sum_interval([c.current.quantity.interval for c in parts if c.current is not None])
        if any(made.overlaps(c.current.quantity.interval) for c in parts if c.current is not None):
            continue  # the paragraph states its own whole: the readers within it take that
        section = sections.get(parts[0].sentence.paragraph.id)
        whole = _whole_above(stated, p_index, _compared(parts[0]), made, section, sections)
        if whole is None or whole.delta is None:
            continue
        out.append(
            NetChange(
                whole.delta,
                whole.sentence,
                tuple((c.delta, c.sentence) for c in parts if c.delta is not None),
                tuple(1 if c.delta_dir == whole.delta_dir else -1 for c in parts),
                True,
                breakdown=True,
                apart=True,
            )
        )
    return out


def _compared(change: Change) -> str:
    """The base a change's own words compare with (较年初预算, 较上年, a year)."""
    text = change.sentence.paragraph.text
    return _base(text[change.sentence.start : change.delta.start]) if change.delta is not None else ""


_ABOVE = 3  # how many paragraphs up a whole may stand above its parts


def _whole_above(
    stated: dict[int, list[Change]],
    p_index: int,
    base: str,
    made: Interval,
    section: str | None,
    sections: dict[str, str],
) -> Change | None:
    """The nearest change of an earlier paragraph of the section whose amount the parts make."""
    for k in range(p_index - 1, max(p_index - 1 - _ABOVE, -1), -1):
        for c in stated.get(k, []):
            if sections.get(c.sentence.paragraph.id) != section:
                return None
            if _compared(c) == base and c.current is not None and made.overlaps(c.current.quantity.interval):
                return c
    return None
