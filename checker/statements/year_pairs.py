"""A whole stated for two years, broken down into parts that are each stated for the same two years.

"三公经费2024年预算30.00万元，2023年预算41.20万元，对比减少11.20万元。其中：1、公务接待费2024年预算6.00万元，
2023年预算9.50万元；对比减少3.50万元。2、公务用车运行费2024年预算24.00万元，2023年预算31.70万元；对比减少7.70万元。"
Each part is a change with both its years' amounts stated (``Change.prior`` in its own sentence), after a list opener
that follows the whole in its paragraph (or in the lines after it, where a copy one sentence to a line put the parts
and their reasons: lines of words alone may stand between them). The parts' amounts of each year are held to the
whole's amount of that year (two compositions) and their changes to its change (a net change): the other readers
take the amounts of one year only, and a part list of last year's amounts is read by none of them. The list is taken
to end with the part whose amount of the whole's own year makes the whole's (a paragraph may go on to another whole
stated the same way); a list that never makes it is not read, since where it ends is not known.
"""

from __future__ import annotations

from checker.arith import total
from checker.statements.change import Change
from checker.statements.composition import Composition, complete_by_identity, opens_list
from checker.statements.net_change import NetChange
from checker.statements.sentences import WORD_LINES, Sentence, words_alone


def _paired(change: Change) -> bool:
    """Both years' amounts and the change stated in the change's own sentence."""
    return (
        change.current is not None
        and change.prior is not None
        and change.delta is not None
        and change.prior_sentence is None
        and change.current.kind == change.prior.kind == "money"
    )


def find_year_pair_lists(
    changes: list[Change], paragraph_sentences: list[list[Sentence]]
) -> list[Composition | NetChange]:
    out: list[Composition | NetChange] = []
    paired = [c for c in changes if _paired(c)]
    taken: set[int] = set()
    for n, whole in enumerate(paired):
        if id(whole) in taken:
            continue
        parts = _parts(whole, paired[n + 1 :], paragraph_sentences)
        if parts:
            taken.update(id(p) for p in parts)
            out.extend(_statements(whole, parts))
    return out


def _parts(whole: Change, later: list[Change], paragraph_sentences: list[list[Sentence]]) -> list[Change]:
    """The changes after the whole's list opener, up to the one whose current amount makes the whole's."""
    assert whole.current is not None
    end = max(i.end for i in (whole.current, whole.prior, whole.delta) if i is not None)
    parts: list[Change] = []
    for part in later:
        assert part.current is not None
        between = _between(paragraph_sentences, (parts[-1] if parts else whole).sentence, part.sentence)
        if between is None or not parts and not _opened(whole.sentence, end, between, part):
            return []
        parts.append(part)
        made = total([p.current.quantity.interval for p in parts if p.current is not None])
        if made.overlaps(whole.current.quantity.interval):
            return parts if len(parts) >= 2 else []
        if made.low > whole.current.quantity.interval.high:
            return []
    return []


def _between(paragraph_sentences: list[list[Sentence]], before: Sentence, after: Sentence) -> list[Sentence] | None:
    """The sentences of the paragraphs strictly between two sentences' paragraphs, when they are lines of words
    alone; None when any is not, or when there are more of them than a sentence's reasons take."""
    lines = paragraph_sentences[before.index + 1 : after.index]
    if len(lines) > WORD_LINES or not all(map(words_alone, lines)):
        return None
    return [s for line in lines for s in line]


def _opened(sentence: Sentence, end: int, between: list[Sentence], part: Change) -> bool:
    """A list opener stands between the whole (its sentence, up to ``end``) and the first part."""
    assert part.current is not None
    if part.sentence.paragraph is sentence.paragraph:
        return opens_list(sentence.paragraph.text, end, part.current.start)
    return (
        opens_list(sentence.paragraph.text, end, len(sentence.paragraph.text))
        or any(opens_list(s.paragraph.text, s.start, s.end) for s in between)
        or opens_list(part.sentence.paragraph.text, 0, part.current.start)
    )


def _statements(whole: Change, parts: list[Change]) -> list[Composition | NetChange]:
    assert whole.current is not None and whole.prior is not None and whole.delta is not None
    names = [p.current.label for p in parts if p.current is not None]
    complete = complete_by_identity(names, whole.current)
    out: list[Composition | NetChange] = []
    for whole_amount, amounts in (
        (whole.current, [p.current for p in parts]),
        (whole.prior, [p.prior for p in parts]),
    ):
        out.append(
            Composition(
                whole_amount,
                whole.sentence,
                tuple((a, p.sentence) for a, p in zip(amounts, parts) if a is not None),
                complete,
                scope="continued",
            )
        )
    signs = tuple(p.delta_dir * whole.delta_dir for p in parts)
    if whole.delta_dir and all(signs):
        out.append(
            NetChange(
                whole.delta,
                whole.sentence,
                tuple((p.delta, p.sentence) for p in parts if p.delta is not None),
                signs,
                complete,
                breakdown=True,
            )
        )
    return out
