"""The claims rules' shortcuts (#17) find exactly what the plain reading finds.

CLM010 reads a year in place in its paragraph (only the sentences of years with a measure word
after them, the digit check after the year) where it read every sentence of every paragraph; the
other claims rules scan a paragraph once before reading its sentences. Random paragraphs built
from the rules' own words hold each shortcut to the plain reading.
"""

from __future__ import annotations

import random
import re

import pytest

from checker.config import Config
from checker.engine import check_text, document_from_text
from checker.rules import claims
from checker.rules.base import Context, Outcome

_VOCABULARY = claims._CLAIMS["year_slip"]


def _plain_year_slip(ctx: Context) -> list:
    """CLM010 as a sentence-by-sentence reading: every year of every sentence, its clause break
    looked for within the subject's lead, a measure word after it within the sentence."""
    reference, measures, current, execution = claims._year_slip_vocabulary()
    year_pattern = re.compile(r"(?<!\d)(20\d{2})\s{0,2}年(?:度)?")

    def subjects(text: str) -> list[tuple[int, re.Match]]:
        out = []
        for m in year_pattern.finditer(text):
            lead_start = max(0, m.start() - claims._SUBJECT_LEAD - 1)
            clause_break = max(text.rfind(ch, lead_start, m.start()) for ch in claims._CLAUSE_BREAK)
            if (clause_break < 0 and lead_start > 0) or reference.search(text, clause_break + 1, m.start()):
                continue
            if measures.search(text, m.end(), m.end() + claims._MEASURE_REACH):
                out.append((int(m.group(1)), m))
        return out

    paragraphs = [p for p in ctx.document.paragraphs() if p.text.strip()]
    years = [{year for year, _ in subjects(p.text)} for p in paragraphs]
    # the context: the four paragraphs on each side with a year that a measure word follows
    dated = [
        j
        for j, p in enumerate(paragraphs)
        if any(measures.search(p.text, m.end(), m.end() + claims._MEASURE_REACH) for m in year_pattern.finditer(p.text))
    ]
    rule = claims.PriorYearInCurrentStatement()
    out = []
    for i, p in enumerate(paragraphs):
        for sentence in claims._SENTENCES.finditer(p.text):
            text = sentence.group(0)
            for year, m in subjects(text):
                cue = current.search(text, m.end())
                if cue is None or str(year + 1) in text:
                    continue
                if ctx.document.kind == "budget" and execution.search(text):
                    continue
                around = [years[j] for j in [j for j in dated if j < i][-4:] + [j for j in dated if j > i][:4]]
                if not any(year + 1 in ys for ys in around) or any(year in ys for ys in around):
                    out.append(Outcome.passed())
                    continue
                at = sentence.start()
                out.append(
                    rule.finding(
                        ctx,
                        p.locate(at + m.start(), at + m.end()),
                        cue=cue.group(0),
                        stated=m.group(0).strip(),
                        expected=f"{year + 1}年",
                    )
                )
    return out


def _piece(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.25:
        return f"{rng.choice(['2022', '2023', '2024', '12023', '2023 '])}{rng.choice(['年', ' 年', '年度', ''])}"
    if kind < 0.4:
        return rng.choice(_VOCABULARY["measures"])
    if kind < 0.5:
        return rng.choice(_VOCABULARY["current_cues"])
    if kind < 0.58:
        return rng.choice(_VOCABULARY["reference_before"] + _VOCABULARY["execution_words"])
    if kind < 0.72:
        return rng.choice("，,。；;！？：")
    if kind < 0.8:
        return f"{rng.randint(1, 999)}.{rng.randint(0, 99):02d}万元"
    # names of varying length put a year on either side of the lead's reach
    return "本单位机关事务服务中心"[: rng.randint(1, 11)] * rng.randint(1, 4)


def _report(rng: random.Random) -> str:
    lines = ["2024年度部门决算说明" if rng.random() < 0.5 else "2024年度部门预算说明"]
    lines += ["".join(_piece(rng) for _ in range(rng.randint(1, 24))) for _ in range(rng.randint(3, 12))]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(40))
def test_year_slip_reads_what_every_sentence_reads(seed):
    rng = random.Random(seed)
    for _ in range(10):
        ctx = Context(document_from_text(_report(rng)))
        assert list(claims.PriorYearInCurrentStatement().check(ctx)) == _plain_year_slip(ctx)


def test_year_slip_shortcut_still_flags():
    text = (
        "2024年度部门决算说明\n"
        "（一）2024年“三公”经费财政拨款支出决算为6.20万元。\n"
        "（二）2023年“三公”经费财政拨款支出决算为6.20万元，完成预算88.57%，较上年减少0.40万元。\n"
        "（三）2024年公务接待费支出决算为1.10万元，较上年减少0.10万元。\n"
    )
    found = [f for f in check_text(text, Config(select=("CLM010",))).findings if f.rule == "CLM010"]
    assert [f.stated for f in found] == ["2023年"]


def test_year_pattern_is_the_lookbehind_pattern():
    plain = re.compile(r"(?<!\d)(20\d{2})\s{0,2}年(?:度)?")
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice("2013９年度 x，") for _ in range(rng.randint(0, 14)))
        for pos in range(len(text) + 1):
            assert [m.span(1) for m in claims._YEAR.finditer(text, pos)] == [
                m.span(1) for m in plain.finditer(text, pos)
            ]


def _year_slip_cpu(reps: int) -> float:
    import time

    # one sentence (commas only) stating a year's figure again and again, no neighbour to flag it
    text = "部门决算说明\n" + "本单位2023年支出决算12.00万元，较上年增加1.00万元，" * reps + "\n"
    ctx = Context(document_from_text(text))
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        found = list(claims.PriorYearInCurrentStatement().check(ctx))
        best = min(best, time.process_time() - start)
    assert len(found) == reps
    return best


def test_year_slip_stays_linear_in_a_long_sentence():
    """Each year of one long sentence once asked the whole sentence again (cue, next year's
    mention): 8× the sentence took ≈ 45× the time."""
    small, large = _year_slip_cpu(500), _year_slip_cpu(4000)
    assert large / 8 < 2.5 * small
