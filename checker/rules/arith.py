"""Arithmetic rules on year-on-year changes: growth rate, direction words, unit slips."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Iterable

from checker.arith import HUNDRED, Agreement, Interval, agreement, fmt, growth, growth_from_values, round_to
from checker.indicators.scoring import stated as counted
from checker.numbers import scale
from checker.rules.base import Context, Outcome, Result, Rule
from checker.rules.tables import memo
from checker.rules.figures import decimals_in, in_unit, interval, loc, shown, span
from checker.statements import Change, Composition, PointChange
from checker.statements.cues import patterns as cue_patterns
from checker.statements.formulas import Operand, abs_interval, growth_slips, name_slip
from checker.statements.sentences import Item


@dataclass(frozen=True)
class _Shown:
    """The figures of a recomputation, written out only for the few that become findings."""

    delta: Decimal
    current: Decimal
    unit: str | None
    delta_decimals: int
    current_decimals: int
    decrease: bool
    new_item: bool = False

    def expr(self, shown: bool) -> str:
        factor = scale(self.unit)
        d = fmt(abs(self.delta) / factor, self.delta_decimals)
        c = fmt(self.current / factor, self.current_decimals)
        op = ("+", "+") if self.decrease else ("−", "-")
        if self.new_item and shown:
            return f"{c} {op[0]} {d} = 0（上年为0，按惯例增长100%）"
        return f"{d} ÷ ({c} {op[0]} {d})" if shown else f"{d} / ({c} {op[1]} {d})"


@dataclass(frozen=True)
class GrowthCheck:
    """The recomputation of one change statement."""

    verdict: str  # pass | mismatch | truncation | unit | negative-prior | new-item | n/a
    computed: Interval | None = None
    shown: _Shown | None = None
    odd: Item | None = None  # unit slip: the figure whose unit is off
    fixed_unit: str | None = None  # … and the unit that makes the sentence consistent

    @property
    def expr_shown(self) -> str:
        """31.20 ÷ (256.40 − 31.20)"""
        return self.shown.expr(True) if self.shown is not None else ""

    @property
    def expr(self) -> str:
        """31.20 / (256.40 - 31.20)"""
        return self.shown.expr(False) if self.shown is not None else ""


def check_growth(change: Change, current_item: Item | None = None, usual_unit: str | None = None) -> GrowthCheck:
    """Recompute ``delta ÷ (current − delta)`` against the stated rate, trying a unit slip
    (one figure in 元 where the others are in 万元, or the reverse) before calling it wrong.

    When either figure could be the slip (their ratio is all that matters), the one written in
    a unit other than the document's ``usual_unit`` is taken as the odd one."""
    current_item = current_item or change.current
    if change.delta is None or current_item is None:
        return GrowthCheck("n/a")
    attempts: list[tuple[Item | None, Decimal]] = [(None, Decimal(1))]
    cu, du = current_item.quantity.unit, change.delta.quantity.unit
    if cu != du and cu and du:
        slips = [(change.delta, scale(cu) / scale(du)), (current_item, scale(du) / scale(cu))]
        attempts += sorted(slips, key=lambda s: s[0].quantity.unit == usual_unit)
    first: GrowthCheck | None = None
    for odd, factor in attempts:
        current = interval(current_item.quantity)
        delta = interval(change.delta.quantity, change.delta_dir)
        if odd is change.delta:
            delta = delta.scaled(factor)
        elif odd is current_item:
            current = current.scaled(factor)
        if odd is None:  # both as written: in the finer unit of the two, so neither figure loses digits
            unit = min((cu, du), key=lambda u: scale(u)) if cu and du else cu
            places = (decimals_in(change.delta.quantity, unit), decimals_in(current_item.quantity, unit))
        else:  # a unit slip: in the unit that fits, each figure with the digits it was written with
            unit = du if odd is current_item else cu
            places = (change.delta.quantity.decimals, current_item.quantity.decimals)
        result = _growth_verdict(change, current, delta, unit, places)
        if odd is None:
            first = result
            if result.verdict not in ("mismatch", "negative-prior"):
                return result
        elif result.verdict in ("pass", "truncation"):
            return GrowthCheck("unit", result.computed, result.shown, odd, unit)
    return first  # type: ignore[return-value]


def growth_of(ctx: Context, change: Change) -> GrowthCheck:
    """``check_growth(change)`` in the report's usual unit, worked out once per check for each of
    its statements: three rules (GRW001, GRW003, UNT001) ask it of the same changes."""
    found: dict[int, tuple[Change, GrowthCheck]] = memo(ctx, "growth_of", dict)
    hit = found.get(id(change))
    if hit is None:  # the change is kept beside its result: its id cannot be reused while the entry lives
        hit = found[id(change)] = (change, check_growth(change, usual_unit=ctx.money_unit))
    return hit[1]


def _growth_verdict(
    change: Change, current: Interval, delta: Interval, unit: str | None, places: tuple[int, int]
) -> GrowthCheck:
    prior = current - delta
    shown = _Shown(delta.nominal, current.nominal, unit, places[0], places[1], change.delta_dir <= 0)
    if prior.high < 0:
        return GrowthCheck("negative-prior", None, shown)
    if change.rate is None:
        return GrowthCheck("pass")
    stated = interval(change.rate.quantity)
    if delta.nominal == 0:
        return GrowthCheck("pass" if stated.contains(0) else "mismatch", Interval.exact(0), shown)
    if prior.nominal == 0:
        # A new item (nothing last year) is reported as 增长100% by convention.
        return GrowthCheck(
            "pass" if stated.contains(HUNDRED) else "new-item", Interval.exact(HUNDRED), replace(shown, new_item=True)
        )
    if prior.contains_zero():
        return GrowthCheck("n/a")
    computed = growth(current, delta)
    magnitude = (
        Interval(abs(computed.high), abs(computed.low), abs(computed.nominal)) if computed.nominal < 0 else computed
    )
    if magnitude.low < 0:  # straddles zero: any small stated rate fits
        magnitude = Interval(Decimal(0), max(abs(computed.low), abs(computed.high)), abs(computed.nominal))
    stated_abs = Interval(abs(stated.low), abs(stated.high), abs(stated.nominal)) if stated.nominal >= 0 else -stated
    how = agreement(stated_abs, magnitude, change.rate.quantity.decimals)
    verdict = {
        Agreement.EXACT: "pass",
        Agreement.ROUNDING: "pass",
        Agreement.TRUNCATION: "truncation",
        Agreement.MISMATCH: "mismatch",
    }[how]
    return GrowthCheck(verdict, magnitude, shown)


def _growth_slip(change: Change, current_item: Item, result: GrowthCheck) -> str:
    """The known slip the stated rate reproduces, as a note for the message ("" if none)."""
    unit = current_item.quantity.unit
    current = interval(current_item.quantity)
    delta = interval(change.delta.quantity)
    prior = current - interval(change.delta.quantity, change.delta_dir)
    c, d = shown(current_item.quantity, unit), shown(change.delta.quantity, unit)
    p = fmt(prior.nominal / scale(unit), max(current_item.quantity.decimals, change.delta.quantity.decimals))
    rate = change.rate.quantity
    slip = name_slip(
        rate.text,
        abs(rate.value),
        rate.decimals,
        result.computed.nominal,
        growth_slips(Operand(c, current), Operand(d, delta), Operand(p, prior), change.base == "budget"),
    )
    return f"（{slip}）" if slip else ""


def _fits_as_integer(rate, computed: Interval) -> bool:
    """ "80.00%" for 79.60%: the figure was rounded to a whole percent and then padded with
    zeros, so it is wrong as displayed but not a different number."""
    if not rate.decimals or rate.value != rate.value.to_integral_value():
        return False
    return Interval.stated(abs(rate.value), 0).overlaps(computed)


def _fits_twice_rounded(rate, computed: Interval) -> bool:
    """33.047% printed as 33.1%: rounded to one more place (33.05) and then again. Off by less than
    half a unit of the last place shown, a habit of the spreadsheet rather than another number."""
    shown_places = rate.decimals
    twice = round_to(round_to(computed.nominal, shown_places + 1), shown_places)
    return twice == abs(rate.value) and not Interval.stated(abs(rate.value), shown_places).overlaps(computed)


class GrowthRateMismatch(Rule):
    """Growth rate does not follow from the current amount and the stated change.

    What it checks:
        Sentences of the form "…X万元，比上年增加（减少）Y万元，增长（下降）Z%" or "…X，去年同期W，
        同比增长Z%". The prior-year amount is X − Y (X + Y for a decrease) and the rate must be
        Y ÷ (X − Y). Every figure is taken as the interval its displayed decimals stand for, so
        rounded rates (增长46%) pass. By convention an item that is new this year is reported as
        增长100% and one that fell to zero as 下降100%; both are accepted. Lists under 分别/各
        ("A、B分别为X、Y万元，分别比上年增加x、y万元，分别增长p%、q%") are paired in order. An
        amount compared twice in a row ("X，较年初预算减少Y1，下降Z1%，较上年减少Y2，下降Z2%") has
        both changes checked against X. A change sentence with no amount of its own that names its
        subject before the comparison ("“三公”经费预算数比上年减少Y万元，下降Z%") takes the amount
        stated under that name just before ("…“三公”经费预算总额为X万元。"); as the pairing is inferred,
        a mismatch is a warning unless the stated rate is a known slip of that very amount. A change
        that names no base (收入X万元，增加Y万元，增长Z%) is read when its rate follows it; a mismatch is
        a warning, as the base is only implied. An outturn compared with its budget (决算X，年初预算W，
        与年初预算相比，下降Z%; the budget may be the one amount of the sentence before) is held as
        Z = (X − W) ÷ W, and the message says the rate was held to the outturn and the budget. A
        count's two levels (受益人数由上年的A人增至B人，增长Z%) give Z = (B − A) ÷ A, whole counts exact.

    Why it matters:
        A growth rate that cannot be recomputed from the report's own figures means one of the
        three numbers is wrong, and readers compare units and years by these rates.

    Example (flagged):
        ```text
        培训费支出决算数为256.40万元，比上年决算增加31.20万元，增长1.39%，主要原因是培训班次增加。
        ```

    Compliant:
        ```text
        培训费支出决算数为256.40万元，比上年决算增加31.20万元，增长13.85%，主要原因是培训班次增加。
        ```
    """

    code = "GRW001"
    name = "growth-rate-mismatch"
    category = "arith.growth"
    message = "{held_to}：{expr_shown} = {expected}，文中为{stated}"
    # what the rate was held to, by the base the change names (Change.base): an outturn compared with
    # its budget says so, a change over last year keeps the words readers know
    held_to = {"prior_year": "增长率与增减额不符", "budget": "增长率与决算数、预算数不符"}

    def check(self, ctx: Context) -> Iterable[Result]:
        for change in ctx.statements:
            if not isinstance(change, Change) or change.rate is None:
                continue
            if change.prior is not None and (change.delta is None or change.current is None):
                yield from self._with_prior(ctx, change)
                continue
            if change.current is None and change.named_current is not None:
                yield self._named(ctx, change)
                continue
            if change.current is None and change.subject is not None:
                yield self._subject(ctx, change)
                continue
            if change.current is None:
                yield self._fallback(change)
                continue
            result = growth_of(ctx, change)
            if result.verdict == "pass":
                yield Outcome.passed()
            elif change.prior is not None and not change_fits_years(change):
                yield Outcome.not_applicable()  # the change itself disagrees with the two years: GRW004
            elif result.verdict in ("mismatch", "new-item") and self._fits_rate_direction(change, ctx):
                yield Outcome.not_applicable()  # right size, wrong direction word: GRW002 reports it
            elif result.verdict in ("mismatch", "new-item") and self._fits_another_amount(change):
                yield Outcome.uncertain()  # the change may be of another amount in the sentence
            elif result.verdict in ("mismatch", "new-item"):
                yield self._finding(ctx, change, result)
            elif result.verdict == "truncation":
                yield Outcome.uncertain()
            else:
                yield Outcome.not_applicable()

    @staticmethod
    def _fits_rate_direction(change: Change, ctx: Context) -> bool:
        """增加Y…下降Z%: when the rate fits the change read in the rate's own direction, the
        figures agree and only a direction word is wrong, which GRW002 reports."""
        if not change.rate_dir or not change.delta_dir or change.rate_dir == change.delta_dir:
            return False
        flipped = replace(change, delta_dir=change.rate_dir)
        return check_growth(flipped, usual_unit=ctx.money_unit).verdict in ("pass", "truncation")

    @staticmethod
    def _fits_another_amount(change: Change) -> bool:
        return any(check_growth(change, other).verdict in ("pass", "truncation") for other in change.alternatives)

    def _named(self, ctx: Context, change: Change) -> Result:
        """The change repeats the label of an amount stated just before (…总计X万元。与上年相比，
        …总计减少Y万元，下降Z%): as certain as a change within one sentence."""
        current, current_sentence = change.named_current
        result = check_growth(change, current, usual_unit=ctx.money_unit)
        if result.verdict == "pass":
            return Outcome.passed()
        if result.verdict == "truncation":
            return Outcome.uncertain()
        if result.verdict not in ("mismatch", "new-item", "negative-prior") or result.computed is None:
            return Outcome.not_applicable()
        rate = change.rate.quantity
        decimals = max(rate.decimals, 2)
        return self.finding(
            ctx,
            span(change.delta, change.rate, change.sentence),
            stated=rate.text.strip(),
            expected=f"{fmt(result.computed.nominal, decimals)}%",
            expr=result.expr,
            expr_shown=result.expr_shown,
            held_to=self.held_to[change.base],
            related=(loc(current, current_sentence), loc(change.delta, change.sentence)),
        )

    def _subject(self, ctx: Context, change: Change) -> Result:
        """…预算数为X万元。与上年相比增加Y万元，增长Z%: the change sentence names no amount of
        its own; the one amount of the sentence before is its subject. Reported as a warning,
        since the subject is inferred from the neighbouring sentence."""
        fallback = self._fallback(change)
        if fallback.status == "pass":
            return fallback
        current, current_sentence = change.subject
        result = check_growth(change, current, usual_unit=ctx.money_unit)
        if result.verdict not in ("mismatch", "new-item") or result.computed is None:
            return Outcome.uncertain() if result.verdict == "truncation" else Outcome.not_applicable()
        rate = change.rate.quantity
        expected = f"{fmt(result.computed.nominal, max(rate.decimals, 2))}%"
        slip = _growth_slip(change, current, result)
        # a named slip reproduces the stated rate from this very amount, which confirms the pairing
        return self.finding(
            ctx,
            span(change.delta, change.rate, change.sentence),
            severity="error" if slip else "warning",
            message=f"{self.held_to[change.base]}：{result.expr_shown} = {expected}，文中为{rate.text.strip()}"
            f"（本年数取自上句）{slip}",
            stated=rate.text.strip(),
            expected=expected,
            expr=result.expr,
            expr_shown=result.expr_shown,
            related=(loc(current, current_sentence), loc(change.delta, change.sentence)),
        )

    def _delta_over_prior(self, ctx: Context, change: Change) -> Result:
        """较上年决算数W万元增加Y万元，增长Z% with no current amount: Z = Y ÷ W."""
        prior = interval(change.prior.quantity)
        if change.delta is None or prior.contains_zero():
            return Outcome.not_applicable()
        computed = interval(change.delta.quantity) / prior * HUNDRED
        rate = change.rate.quantity
        how = agreement(abs_interval(interval(rate)), computed, rate.decimals)
        if how.consistent:
            return Outcome.passed() if how is not Agreement.TRUNCATION else Outcome.uncertain()
        unit = change.prior.quantity.unit
        d, p = shown(change.delta.quantity, unit), shown(change.prior.quantity, unit)
        expected = f"{fmt(computed.nominal, max(rate.decimals, 2))}%"
        return self.finding(
            ctx,
            span(change.prior, change.rate, change.sentence),
            message=f"{self.held_to[change.base]}：{d} ÷ {p} = {expected}，文中为{rate.text.strip()}",
            stated=rate.text.strip(),
            expected=expected,
            expr=f"{d} / {p}",
            expr_shown=f"{d} ÷ {p}",
            related=(loc(change.delta, change.sentence),),
        )

    def _fallback(self, change: Change) -> Outcome:
        """No amount in the sentence: accept the change if it fits an amount stated just before."""
        for candidate in change.fallback:
            if check_growth(change, candidate).verdict in ("pass", "truncation"):
                return Outcome.passed()
        return Outcome.not_applicable()

    def _finding(self, ctx: Context, change: Change, result: GrowthCheck):
        rate = change.rate.quantity
        decimals = max(rate.decimals, 2)
        word = "增长" if change.delta_dir > 0 else "下降"
        expected = f"{fmt(result.computed.nominal, decimals)}%"
        stated = f"{rate.text.strip()}"
        head = self.held_to[change.base]
        message, severity = None, None
        if result.verdict == "new-item":
            message = f"上年数为0（新增项目）时按惯例应为{word}100%，文中为{stated}：{result.expr_shown}"
        elif _fits_as_integer(rate, result.computed):
            severity = "warning"
            message = f"{head}：{result.expr_shown} = {expected}，文中为{stated}（仅当该比率实际按整数取整时相符）"
        elif _fits_twice_rounded(rate, result.computed):
            severity = "warning"
            expected = f"{fmt(result.computed.nominal, rate.decimals + 2)}%"
            # a base slip that also fits stays named: which of the two happened the text does not say
            message = (
                f"{head}：{result.expr_shown} = {expected}，文中为{stated}"
                f"（仅当先舍入到{fmt(result.computed.nominal, rate.decimals + 1)}%再舍入时相符）"
                f"{_growth_slip(change, change.current, result)}"
            )
        else:
            slip = _growth_slip(change, change.current, result)
            if slip:
                message = f"{head}：{result.expr_shown} = {expected}，文中为{stated}{slip}"
        if change.implied and result.verdict != "new-item":
            # the text names no base: the change and its rate are read as against last year
            severity = "warning"
            message = f"{message or f'{head}：{result.expr_shown} = {expected}，文中为{stated}'}（未写明比较对象）"
        return self.finding(
            ctx,
            span(change.current, change.rate, change.sentence),
            message=message,
            held_to=head,
            severity=severity,
            stated=stated,
            expected=expected,
            expr=result.expr,
            expr_shown=result.expr_shown,
            related=(loc(change.current, change.sentence), loc(change.delta, change.sentence)),
        )

    def _with_prior(self, ctx: Context, change: Change) -> Iterable[Result]:
        if change.current is None:
            yield self._delta_over_prior(ctx, change)
            return
        # a whole count of things (由A人增至B人) is exact, not rounded
        current, prior = counted(change.current.quantity), counted(change.prior.quantity)
        if prior.contains_zero() or change.rate_dir == 0:
            yield Outcome.not_applicable()
            return
        computed = (current - prior) / prior * HUNDRED
        stated = interval(change.rate.quantity)
        magnitude = computed if change.rate_dir > 0 else -computed
        how = agreement(stated, magnitude, change.rate.quantity.decimals)
        if how is Agreement.TRUNCATION:
            yield Outcome.uncertain()
            return
        if how.consistent:
            yield Outcome.passed()
            return
        if change.verbless and _dropped_verb_fits(change, ctx):
            # 较上年W万元，下降Z%: W may be the change with its 减少 dropped (GRW005 says so when that
            # reading fits); the rate is wrong only when it fits W read neither way
            yield Outcome.uncertain()
            return
        if agreement(stated, -magnitude, change.rate.quantity.decimals).consistent:
            yield Outcome.not_applicable()  # right size, wrong direction word: GRW002 reports it
            return
        unit = change.current.quantity.unit
        cur, pri = shown(change.current.quantity, unit), shown(change.prior.quantity, unit)
        decimals = max(change.rate.quantity.decimals, 2)
        expected = abs(computed.nominal)
        rate = change.rate.quantity
        change_iv = abs_interval(current - prior)
        diff = Operand(
            fmt(change_iv.nominal / scale(unit), max(change.current.quantity.decimals, change.prior.quantity.decimals)),
            change_iv,
        )
        slip = name_slip(
            rate.text,
            abs(rate.value),
            rate.decimals,
            expected,
            growth_slips(Operand(cur, current), diff, Operand(pri, prior), change.base == "budget"),
        )
        yield self.finding(
            ctx,
            span(change.current, change.rate, change.sentence),
            message=f"{self.held_to[change.base]}：({cur} − {pri}) ÷ {pri} = {fmt(expected, decimals)}%，"
            f"文中为{rate.text.strip()}" + (f"（{slip}）" if slip else ""),
            stated=rate.text.strip(),
            expected=f"{fmt(expected, decimals)}%",
            expr=f"({cur} - {pri}) / {pri}",
            expr_shown=f"({cur} − {pri}) ÷ {pri}",
            related=(loc(change.prior, change.prior_sentence or change.sentence),),
        )


class ChangeDirectionMismatch(Rule):
    """Direction word contradicts the figures (增加 with a fall, 减少 with a rise).

    What it checks:
        In a change statement the word before the amount (增加/减少) and the word before the
        rate (增长/下降) must agree, and when both years are stated the word must match the
        sign of current − prior — a direction word right after last year's amount with no change
        or rate (较上年W万元有所增长) included. A clause that calls the amount unchanged (与上年持平)
        must not state a nonzero change. Zero changes are otherwise ignored.

    Why it matters:
        A sentence that says an expense rose while its own figures show a fall misleads the
        reader about the one fact the sentence exists to report.

    Example (flagged):
        ```text
        差旅费支出决算数为40.00万元，比上年决算增加5.00万元，下降11.11%。
        ```

    Compliant:
        ```text
        差旅费支出决算数为40.00万元，比上年决算减少5.00万元，下降11.11%。
        ```
    """

    code = "GRW002"
    name = "change-direction-contradiction"
    category = "arith.growth"
    message = "增减方向矛盾：{detail}"
    # what the two amounts are, by the base the change names (Change.base)
    compared_names = {"prior_year": ("本期", "上期"), "budget": ("决算数", "预算数")}

    def check(self, ctx: Context) -> Iterable[Result]:
        for change in ctx.statements:
            if isinstance(change, Change) and change.flat and change.delta is not None:
                if interval(change.delta.quantity).contains(0):
                    yield Outcome.passed()
                else:
                    word = "增加" if change.delta_dir > 0 else "减少"
                    yield self.finding(
                        ctx,
                        loc(change.delta, change.sentence),
                        stated="持平",
                        expected=f"{word}{change.delta.quantity.text.strip()}",
                        detail=f"称“持平”，但同句{word}{change.delta.quantity.text.strip()}",
                    )
                continue
            if (
                isinstance(change, Change)
                and change.flat_hedged
                and change.delta is not None
                and change.current is not None
            ):
                yield from self._roughly_flat(ctx, change)
                continue
            if isinstance(change, Change) and change.claimed_dir and change.prior and change.current:
                yield self._against_amounts(ctx, change, change.claimed_dir, change.prior)
                continue
            if not isinstance(change, Change) or change.rate is None or change.rate_dir == 0:
                continue
            rate_zero = interval(change.rate.quantity).contains(0)
            if change.delta is not None:
                if rate_zero or interval(change.delta.quantity).contains(0):
                    yield Outcome.not_applicable()
                elif change.delta_dir != change.rate_dir:
                    d_word = "增加" if change.delta_dir > 0 else "减少"
                    r_word = "增长" if change.rate_dir > 0 else "下降"
                    yield self.finding(
                        ctx,
                        span(change.delta, change.rate, change.sentence),
                        detail=f"增减额为“{d_word}”，增减率为“{r_word}”",
                        stated=r_word,
                        expected=d_word.replace("增加", "增长").replace("减少", "下降"),
                    )
                else:
                    yield Outcome.passed()
            elif change.verbless:
                continue  # 较上年W万元，下降Z%: W may be a change, not last year's amount (GRW005)
            elif change.prior is not None and change.current is not None:
                if rate_zero:
                    yield Outcome.not_applicable()
                    continue
                yield self._against_amounts(ctx, change, change.rate_dir, change.rate)

    def _against_amounts(self, ctx: Context, change: Change, claimed: int, word_item: Item) -> Result:
        """The direction claimed (by a rate's word, or by a word alone after last year's amount:
        较上年W万元有所增长) held to the sign of current − prior."""
        assert change.prior is not None and change.current is not None
        diff = interval(change.current.quantity) - interval(change.prior.quantity)
        if diff.contains_zero():
            return Outcome.not_applicable()
        actual = 1 if diff.low > 0 else -1
        if actual == claimed:
            return Outcome.passed()
        unit = change.current.quantity.unit
        word = "增长" if claimed > 0 else "下降"
        right = "增长" if actual > 0 else "下降"
        now, then = self.compared_names[change.base]
        return self.finding(
            ctx,
            span(change.current, word_item, change.sentence),
            detail=f"{now}{shown(change.current.quantity, unit)}、{then}"
            f"{shown(change.prior.quantity, unit)}，应为“{right}”，文中为“{word}”",
            stated=word,
            expected=right,
            related=(loc(change.prior, change.prior_sentence or change.sentence),),
        )

    def _roughly_flat(self, ctx: Context, change: Change) -> Iterable[Result]:
        """基本持平 tolerates a small change; a change of a tenth or more of last year is no longer
        "roughly" flat. Where the line lies is a judgement, so this is a warning."""
        assert change.delta is not None and change.current is not None
        try:
            relative = abs_interval(
                growth(interval(change.current.quantity), interval(change.delta.quantity, change.delta_dir))
            )
        except ZeroDivisionError:
            return
        if relative.low < cue_patterns().flat_hedged_limit:
            yield Outcome.passed()
            return
        word = "增加" if change.delta_dir > 0 else "减少"
        yield self.finding(
            ctx,
            loc(change.delta, change.sentence),
            severity="warning",
            stated="基本持平",
            expected=f"{word}{change.delta.quantity.text.strip()}",
            detail=f"称“基本持平”，但同句{word}{change.delta.quantity.text.strip()}（变动{fmt(relative.nominal, 2)}%）",
        )


def change_against_years(change: Change) -> tuple[Agreement, Interval, int]:
    """The stated change against current − prior (prior − current for a decrease): how they
    agree, the recomputed change and the decimals it is shown with."""
    computed = (interval(change.current.quantity) - interval(change.prior.quantity)) * change.delta_dir
    decimals = max(change.delta.quantity.decimals, change.current.quantity.decimals, change.prior.quantity.decimals)
    return agreement(interval(change.delta.quantity), computed, decimals), computed, decimals


def change_fits_years(change: Change) -> bool:
    return change_against_years(change)[0].consistent


class ChangeAmountMismatch(Rule):
    """The stated change is not the difference of the two years' amounts stated with it.

    What it checks:
        "本年X万元，较上年（决算数）W万元增加（减少）Y万元": both years and the change are stated,
        so Y must equal X − W (W − X for a decrease), each figure taken as the interval its
        decimals stand for. A change against the budget with the budget amount stated beside the
        outturn (决算X，年初预算W，比年初预算增加Y, or the budget first) is held the same way: the budget
        is the base, not the amount that changed, and the message says the change was held to the
        outturn and the budget, not to two years.

    Why it matters:
        One of the three amounts is wrong, and the change is what readers quote.

    Example (flagged):
        ```text
        项目支出246.00万元，较上年决算数256.30万元减少12.30万元，下降4.76%。
        ```

    Compliant:
        ```text
        项目支出246.00万元，较上年决算数258.30万元减少12.30万元，下降4.76%。
        ```
    """

    code = "GRW004"
    name = "change-amount-mismatch"
    category = "arith.growth"
    message = "增减额与{compared}不符：{expr_shown} = {expected}，文中为{stated}"
    # what the change was measured between, by the base the change names (Change.base)
    compared_words = {"prior_year": "两年金额", "budget": "决算数、预算数之差"}

    def check(self, ctx: Context) -> Iterable[Result]:
        for change in ctx.statements:
            if not isinstance(change, Change) or change.prior is None or change.delta is None or change.current is None:
                continue
            unit = change.delta.quantity.unit
            how, computed, decimals = change_against_years(change)
            if how.consistent:
                yield Outcome.passed() if how is not Agreement.TRUNCATION else Outcome.uncertain()
                continue
            cur, pri = shown(change.current.quantity, unit), shown(change.prior.quantity, unit)
            expr_shown = f"{cur} − {pri}" if change.delta_dir > 0 else f"{pri} − {cur}"
            yield self.finding(
                ctx,
                span(change.current, change.delta, change.sentence),
                compared=self.compared_words[change.base],
                expr_shown=expr_shown,
                expr=expr_shown.replace("−", "-"),
                expected=fmt(computed.nominal / scale(unit), decimals),
                stated=change.delta.quantity.text.strip(),
                related=(loc(change.prior, change.sentence),),
            )


class ChangeVerbMissing(Rule):
    """A change written without its direction word, so the change reads as last year's amount.

    What it checks:
        "本年X万元，较上年W万元，下降Z%" reads W as last year's amount. When (X − W) ÷ W does not
        give Z but W ÷ (X + W) (or W ÷ (X − W) for a rise) does, W is the change and the word
        增加/减少 before it was dropped.

    Why it matters:
        As written, the sentence states a wrong prior-year amount; readers and databases take it
        at its word.

    Example (flagged):
        ```text
        项目支出246.00万元，较2023年度决算数12.30万元，下降4.76%。
        ```

    Compliant:
        ```text
        项目支出246.00万元，较2023年度决算数减少12.30万元，下降4.76%。
        ```
    """

    code = "GRW005"
    name = "change-verb-missing"
    category = "claim"
    severity = "warning"
    message = "增减额疑漏写“{word}”：按文意{stated}为上年数，但{expr_shown} = {expected}与所述比率相符"

    def check(self, ctx: Context) -> Iterable[Result]:
        for change in ctx.statements:
            if not isinstance(change, Change) or not change.verbless or change.rate_dir == 0:
                continue
            result = check_growth(dropped_verb(change), usual_unit=ctx.money_unit)
            as_prior = (
                growth_from_values(interval(change.current.quantity), interval(change.prior.quantity))
                if not interval(change.prior.quantity).contains_zero()
                else None
            )
            stated = interval(change.rate.quantity)
            prior_fits = (
                as_prior is not None
                and agreement(stated, abs_interval(as_prior), change.rate.quantity.decimals).consistent
            )
            if result.verdict != "pass" or prior_fits:
                yield Outcome.passed() if prior_fits else Outcome.not_applicable()
                continue
            word = "增加" if change.rate_dir > 0 else "减少"
            yield self.finding(
                ctx,
                span(change.current, change.rate, change.sentence),
                word=word,
                stated=change.prior.quantity.text.strip(),
                expr_shown=result.expr_shown,
                expr=result.expr,
                expected=change.rate.quantity.text.strip(),
                related=(loc(change.prior, change.sentence),),
            )


def dropped_verb(change: Change) -> Change:
    """较上年W万元，下降Z% read as 较上年[减少]W万元: W the change, in the rate's direction."""
    return replace(change, delta=change.prior, delta_dir=change.rate_dir, prior=None, verbless=False)


def _dropped_verb_fits(change: Change, ctx: Context) -> bool:
    """Whether the stated rate may fit W read as the change (较上年[增加]W万元). A current amount
    in whole units (预算2万元) leaves last year's (X − W) near zero, so no rate can be checked, yet
    none below W ÷ the largest such X − W is possible."""
    as_delta = dropped_verb(change)
    verdict = check_growth(as_delta, usual_unit=ctx.money_unit).verdict
    if verdict in ("mismatch", "new-item", "negative-prior"):
        return False
    if verdict != "n/a" or as_delta.current is None or as_delta.delta is None:
        return True
    delta = abs_interval(interval(as_delta.delta.quantity))
    prior_high = interval(as_delta.current.quantity).high - delta.low
    if prior_high <= 0:
        return True
    return abs_interval(interval(change.rate.quantity)).high >= delta.low / prior_high * HUNDRED


class IncreaseExceedsCurrent(Rule):
    """The stated increase is larger than the amount it increased to.

    What it checks:
        "X万元，比上年增加Y万元" implies a prior-year amount X − Y, which cannot be negative:
        an increase larger than the current amount (an amount of 0 that "increased") is a
        contradiction. Figures whose units differ are left to UNT001.

    Why it matters:
        Either the amount, the change or its direction word is wrong; readers cannot tell which.

    Example (flagged):
        ```text
        其他支出决算数为0.00万元，比上年决算增加12.00万元，主要原因是项目结束。
        ```

    Compliant:
        ```text
        其他支出决算数为0.00万元，比上年决算减少12.00万元，主要原因是项目结束。
        ```
    """

    code = "GRW003"
    name = "increase-exceeds-current"
    category = "arith.growth"
    message = "增加额大于本年数，上年数将为负：{expr_shown}"

    def check(self, ctx: Context) -> Iterable[Result]:
        list_ends = {
            id(comp.parts[-1][0]): comp.total
            for comp in ctx.statements
            if isinstance(comp, Composition) and len(comp.parts) >= 2
        }
        for change in ctx.statements:
            if not isinstance(change, Change) or change.delta is None or change.current is None or change.delta_dir < 0:
                continue
            result = growth_of(ctx, change)
            if result.verdict != "negative-prior":
                yield Outcome.passed() if result.verdict != "unit" else Outcome.not_applicable()
                continue
            # 包括A、B、C 0万元，较上年增加Y: after the last part of a list the change may be the
            # whole list's; with a rate, it may fit another amount of the sentence
            total = list_ends.get(id(change.current))
            if (
                total is not None
                and check_growth(change, total).verdict != "negative-prior"
                or change.rate is not None
                and GrowthRateMismatch._fits_another_amount(change)
            ):
                yield Outcome.uncertain()
                continue
            unit = change.current.quantity.unit
            cur, delta = shown(change.current.quantity, unit), shown(change.delta.quantity, unit)
            yield self.finding(
                ctx,
                span(change.current, change.delta, change.sentence),
                expr_shown=f"{cur} − {delta} < 0",
                expr=f"{cur} - {delta}",
                stated=change.delta.quantity.text.strip(),
                expected=f"≤ {cur}",
            )


class UnitSlip(Rule):
    """An amount written in the wrong unit (元 for 万元, or the reverse).

    What it checks:
        A change statement whose figures disagree as written but agree once one amount's unit
        is changed to the unit of the other amount in the sentence (the digits kept): a
        growth rate that only fits if the change is in 万元 rather than 元, or an increase
        larger than the current amount until the amount is read in 万元.

    Why it matters:
        A 10,000-fold slip changes the meaning of the amount completely, and such slips are
        copied into summaries and databases unnoticed.

    Example (flagged):
        ```text
        项目支出1250.00万元，比上年预算增加250.00元，增长25.00%，主要原因是新增项目。
        ```

    Compliant:
        ```text
        项目支出1250.00万元，比上年预算增加250.00万元，增长25.00%，主要原因是新增项目。
        ```
    """

    code = "UNT001"
    name = "amount-unit-slip"
    category = "unit"
    message = "单位疑误：“{stated}”应为{expected}，按此单位 {expr_shown} 才与{other}相符"

    def check(self, ctx: Context) -> Iterable[Result]:
        for change in ctx.statements:
            if not isinstance(change, Change) or change.delta is None or change.current is None:
                continue
            cu, du = change.current.quantity.unit, change.delta.quantity.unit
            if not cu or not du or cu == du:
                continue
            result = growth_of(ctx, change)
            if result.verdict != "unit":
                odd = self._undecidable_odd(ctx, change)
                if odd is not None:
                    yield Outcome.uncertain(
                        self.finding(
                            ctx,
                            loc(odd, change.sentence),
                            severity="warning",
                            stated=odd.quantity.text.strip(),
                            expected=f"{shown(odd.quantity, odd.quantity.unit)}{ctx.money_unit}",
                            message=f"单位疑误：“{odd.quantity.text.strip()}”与同句金额及全文通用单位"
                            f"（{ctx.money_unit}）不一致；本句数字无法判定哪一单位正确",
                        )
                    )
                else:
                    yield Outcome.passed() if result.verdict == "pass" else Outcome.not_applicable()
                continue
            odd = result.odd
            number = in_unit(odd.quantity, odd.quantity.unit).nominal
            fixed = f"{fmt(number, odd.quantity.decimals)}{result.fixed_unit}"
            other = f"增长率{change.rate.quantity.text.strip()}" if change.rate else "本年数"
            yield self.finding(
                ctx,
                loc(odd, change.sentence),
                stated=odd.quantity.text.strip(),
                expected=fixed,
                expr=result.expr,
                expr_shown=result.expr_shown,
                other=other,
                related=tuple(
                    loc(i, change.sentence)
                    for i in (change.current, change.delta, change.rate)
                    if i is not None and i is not odd
                ),
            )

    @staticmethod
    def _undecidable_odd(ctx: Context, change: Change) -> Item | None:
        """With one of the two amounts zero the rate is 100% whatever the units, so the
        arithmetic cannot show a slip; a nonzero amount in a unit the document otherwise
        does not use is still suspicious."""
        current, delta = change.current, change.delta
        if current.quantity.value and delta.quantity.value:
            return None
        nonzero = delta if not current.quantity.value else current
        if nonzero.quantity.value and nonzero.quantity.unit != ctx.money_unit:
            return nonzero
        return None


class PointChangeMismatch(Rule):
    """A rate's change stated in percentage points, or a score's in 分, is not the difference of the two figures.

    What it checks:
        "由上年的A%提高到B%，提高C个百分点", "上年A%，本年B%，下降C个百分点": both rates stated before the
        change in its sentence, the first named the earlier one (由, 从, 上年, 去年 before it). B − A must
        equal C, signed by the direction word (提高/上升 +, 下降/降低 −), within the rounding of the
        figures as printed. A score's change reads the same in 分 (由上年的88.8分提高到91.2分，提高2.4分), also
        with last year's score named second (91.2分，较上年（88.8分）提高2.4分) or after the change
        (比上年提高2.4分（上年88.8分）).

    Why it matters:
        A change in points is what a reader quotes of a ratio's movement; one its own rates do not
        give is a slip of one of the three figures.

    Example (flagged):
        ```text
        预算执行率由上年的91.2%提高至94.6%，提高4.4个百分点。
        ```

    Compliant:
        ```text
        预算执行率由上年的91.2%提高至94.6%，提高3.4个百分点。
        ```
    """

    code = "GRW006"
    name = "point-change-mismatch"
    category = "arith.growth"
    severity = "error"
    message = "百分点变化与前后两个比率不符：{expr} = {expected}，文中为{stated}"

    def check(self, ctx: Context) -> Iterable[Result]:
        for st in ctx.statements:
            if not isinstance(st, PointChange):
                continue
            diff = st.later.interval - st.earlier.interval
            signed = st.change.interval if st.direction > 0 else -st.change.interval
            decimals = st.change.decimals
            if agreement(signed, diff, decimals).consistent:
                yield Outcome.passed()
                continue
            word = "提高" if st.direction > 0 else "下降"
            expr = f"{st.later.text.strip()} − {st.earlier.text.strip()}"
            expected = f"{fmt(diff.nominal, max(decimals, 1))}{'分' if st.score else '个百分点'}"
            stated = f"{word}{st.change.text.strip()}"
            yield self.finding(
                ctx,
                st.change.location,
                message=f"得分变化与前后两个得分不符：{expr} = {expected}，文中为{stated}" if st.score else None,
                expr=expr,
                expected=expected,
                stated=stated,
                related=(st.earlier.location, st.later.location),
            )


RULES = (
    GrowthRateMismatch,
    ChangeDirectionMismatch,
    ChangeAmountMismatch,
    ChangeVerbMissing,
    IncreaseExceedsCurrent,
    UnitSlip,
    PointChangeMismatch,
)
