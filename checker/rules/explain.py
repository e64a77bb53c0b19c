"""Deviation explanations: the same reason reused for different items, and reasons that say nothing."""

from __future__ import annotations

from functools import cached_property
from typing import Iterable

from checker.explain import Explanation, find_explanations
from checker.explain.mask import is_placeholder, masked_forms
from checker.explain.reuse import MIN_MASKED_CHARS, RECLASSIFICATION, Reuse, find_reuse
from checker.ml.specificity import vagueness
from checker.rules.base import Context, Outcome, Result, Rule

VAGUE_FOR_REUSE = 0.5
# One reason copied word for word (after masking) under three or more indicators is a template
# answer even when its wording is concrete: no single cause explains three different shortfalls.
SHARED_BY_MANY = 3
SAME_TEXT = 95.0
# Chosen so that no reason in the project's own clean synthetic reports (corpus/synthetic) is
# reported: their concrete reasons score 0.90–0.95; template reasons score 0.97 and above.
VAGUE_ALONE = 0.96

_WHAT = {"over": "超额完成", "under": "未完成", "met": "完成", "increase": "增加", "decrease": "减少", "flat": "持平"}


class _Explanations:
    """The document's explanations and their model scores, computed once per check."""

    def __init__(self, ctx: Context):
        self.items = tuple(e for e in find_explanations(ctx.document) if e.text and not is_placeholder(e.text))
        self._vague: dict[int, float | None] = {}
        self._index = {id(e): k for k, e in enumerate(self.items)}

    @cached_property
    def _forms(self) -> list[tuple[str, str | None]]:
        return [masked_forms(e.text, [e.item] if e.item else []) for e in self.items]

    @cached_property
    def masked(self) -> list[str]:
        """Each explanation's comparable form (EXP001 compares them, EXP002 measures them)."""
        return [named for named, _ in self._forms]

    def p_vague(self, explanation) -> float | None:
        self.score([explanation])
        return self._vague[id(explanation)]

    def score(self, explanations: Iterable[Explanation]) -> None:
        """Score those of ``explanations`` not scored yet, in one call of the model (a rule hands
        over all it will ask about: one call, not one per text)."""
        # scored when first asked: a text's score does not depend on the others', and a third
        # of the explanations (met targets, short or transfer reasons, unshared ones) never are
        todo = {id(e): e for e in explanations if id(e) not in self._vague}
        if not todo:
            return
        scores = vagueness([e.text for e in todo.values()], [self._forms[self._index[key]][1] for key in todo])
        for k, key in enumerate(todo):
            self._vague[key] = scores[k] if scores else None


def document_explanations(ctx: Context) -> _Explanations:
    # Context is shared by all rules of one check; keep the parse on it rather than in a global.
    cached = ctx.__dict__.get("_explain_cache")
    if cached is None:
        cached = _Explanations(ctx)
        ctx.__dict__["_explain_cache"] = cached
    return cached


def _label(e) -> str:
    what = _WHAT.get(e.direction or "", "")
    rate = f"，完成率{e.rate}%" if e.rate is not None else ""
    return f"“{e.item or '未标明项目'}”（{what}{rate}）" if what else f"“{e.item or '未标明项目'}”"


class ReusedExplanation(Rule):
    """The same deviation reason is given for different indicators or items.

    What it checks:
        Every explanation (偏差原因, 主要原因是…, 改进措施) is compared with the earlier ones
        after masking numbers, dates, units and the item's own name; a pair with character
        similarity ≥ 80 (rapidfuzz ratio) attached to two different items is a reuse. It is a
        warning when one explains an over-achievement or increase and the other a shortfall or
        decrease, or when two indicators share a reason the specificity model finds vague
        (confidence ``model``); an info when indicators share a specific reason or 科目 share a
        vague one. Specific reasons shared by 科目 (one project explaining a total and its
        parts) and transfers between 科目 (更改科目) are normal and not reported.

    Why it matters:
        A reason copied from one indicator to another was not written for either: it does not
        explain why this figure deviates, and reviewers treat it as a template answer.

    Example (flagged):
        ```text
        （一）园区新增企业数：该指标预期指标值为大于等于 20 家，本次评价完成值为 26 家，完成率 130%。偏差原因：招商力度加大，超出预期效益，改进措施：合理制定下年度目标。该指标权重分值为 20 分。
        （二）园区税收增长率：该指标预期指标值为大于等于 8%，本次评价完成值为 5%，完成率 62.5%。偏差原因：税收力度加大，超出预期效益，改进措施：合理制定下年度目标。该指标权重分值为 20 分。
        ```

    Compliant:
        ```text
        （一）园区新增企业数：该指标预期指标值为大于等于 20 家，本次评价完成值为 26 家，完成率 130%。偏差原因：新落地光伏组件产业链配套企业6家。该指标权重分值为 20 分。
        （二）园区税收增长率：该指标预期指标值为大于等于 8%，本次评价完成值为 5%，完成率 62.5%。偏差原因：两家焦化企业停产检修四个月，税收减少约900万元。该指标权重分值为 20 分。
        ```
    """

    code = "EXP001"
    name = "reused-explanation"
    category = "boilerplate"
    severity = "warning"
    message = "{what}：{later}与{earlier}的说明几乎相同（相似度{score}，已屏蔽数字与指标名）{why}"

    def check(self, ctx: Context) -> Iterable[Result]:
        found = document_explanations(ctx)
        reused = find_reuse(found.items, found.masked)
        sharing = _indicators_sharing(reused)
        flagged_pairs: set[tuple[str, str]] = set()
        for r in reused:
            pair = (r.earlier.block, r.later.block)
            if pair in flagged_pairs:
                continue  # the reason of this pair is already reported; its 改进措施 adds nothing
            severity, confidence, why = self._rank(found, r, sharing.get(id(r.earlier), 0))
            if severity is None:
                yield Outcome.passed()
                continue
            flagged_pairs.add(pair)
            what = "偏差原因重复使用" if r.later.kind == "reason" else "改进措施重复使用"
            yield self.finding(
                ctx,
                r.later.location,
                severity=severity,
                confidence=confidence,
                what=what,
                later=_label(r.later),
                earlier=_label(r.earlier),
                score=f"{r.similarity:.0f}",
                why=why,
                related=[r.earlier.location],
                stated=r.later.text[:60],
            )
        if not reused:
            yield Outcome.passed()

    @staticmethod
    def _rank(found: _Explanations, r: Reuse, sharing: int):
        if r.opposite:
            return "warning", "exact", "；同一理由同时用于相反方向的偏差"
        p = found.p_vague(r.later)
        vague = p is not None and p >= VAGUE_FOR_REUSE
        if r.indicators:
            if vague:
                return "warning", "model", "；理由未说明具体原因"
            if sharing >= SHARED_BY_MANY:
                return "warning", "exact", f"；同一理由用于{sharing}个指标"
            return "info", "exact", ""
        if vague and not RECLASSIFICATION.search(r.later.text):
            return "info", "model", "；理由未说明具体原因"
        return None, None, ""


def _indicators_sharing(reused: list[Reuse]) -> dict[int, int]:
    """For the first explanation of each reused reason: how many different scored indicators
    give it (itself included)."""
    names: dict[int, set[str]] = {}
    for r in reused:
        if r.indicators and r.similarity >= SAME_TEXT:
            group = names.setdefault(id(r.earlier), {r.earlier.item or ""})
            group.add(r.later.item or "")
    return {key: len(group) for key, group in names.items()}


class VagueExplanation(Rule):
    """A deviation reason that names no cause (模板化表述).

    What it checks:
        Reasons given for a deviation (an indicator off target, a 科目 that rose or fell) are
        scored by the explanation-specificity classifier (``models/explanation-specificity.md``);
        reasons it finds vague with probability ≥ 0.96 are reported. Reasons shorter than eight
        characters once numbers and the item's name are masked are not scored (the model reads
        shortness as vagueness). Reasons for a figure that
        matches its target or did not change are not scored.

    Why it matters:
        "超出预期效益", "严格按照预算执行", "加强管理" do not tell the reader why the figure moved;
        the self-evaluation guidance asks for the concrete cause.

    Example (flagged):
        ```text
        （一）培训人次：该指标预期指标值为大于等于 300 人次，本次评价完成值为 240 人次，完成率 80%。偏差原因：加强管理，提高效率，下一步将进一步加强管理。该指标权重分值为 10 分。
        ```

    Compliant:
        ```text
        （一）培训人次：该指标预期指标值为大于等于 300 人次，本次评价完成值为 240 人次，完成率 80%。偏差原因：第四季度两期培训因授课专家行程冲突取消，涉及60人次。该指标权重分值为 10 分。
        ```
    """

    code = "EXP002"
    name = "vague-explanation"
    category = "boilerplate"
    severity = "info"
    confidence = "model"
    message = "偏差原因未说明具体原因：{item}的说明“{text}”（模型判定为模板化表述，概率{p}）"

    def check(self, ctx: Context) -> Iterable[Result]:
        found = document_explanations(ctx)
        judged: list[tuple[Explanation, Outcome | None]] = []
        for e, masked in zip(found.items, found.masked):
            if e.kind != "reason" or e.direction in (None, "met", "flat"):
                continue
            if RECLASSIFICATION.search(e.text):
                judged.append((e, Outcome.passed()))  # a transfer between 科目 is a concrete cause
            elif len(masked) < MIN_MASKED_CHARS:
                # the training data ties shortness to vagueness; "会议费压减" is short and concrete
                judged.append((e, Outcome.not_applicable()))
            else:
                judged.append((e, None))
        found.score(e for e, outcome in judged if outcome is None)
        for e, outcome in judged:
            if outcome is not None:
                yield outcome
                continue
            p = found.p_vague(e)
            if p is None:
                yield Outcome.not_applicable()
            elif p >= VAGUE_ALONE:
                yield self.finding(ctx, e.location, item=_label(e), text=e.text[:40], p=f"{p:.2f}", stated=e.text[:60])
            else:
                yield Outcome.passed()


RULES = (ReusedExplanation, VagueExplanation)
