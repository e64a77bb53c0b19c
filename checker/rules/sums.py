"""Totals and parts: 其中 lists that must add up, and shares that must match part ÷ whole."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from decimal import Decimal
from typing import Iterable

from checker.arith import Agreement, Interval, agreement, fmt, percent, round_to, total
from checker.indicators.scoring import at_finest_precision, policy
from checker.numbers import scale
from checker.model import SEVERITY_ORDER, Finding
from checker.rules.base import Context, Outcome, Result, Rule
from checker.rules.figures import in_unit, interval, loc, shown
from checker.statements import (
    Chain,
    Composition,
    GradeRate,
    IdentityInstance,
    NetChange,
    PairedTotals,
    ScoreTotal,
    Share,
)
from checker.statements.change import deltas, rate_after
from checker.statements.composition import complete_by_identity
from checker.statements.composition import cues as composition_cues
from checker.statements.composition import is_side_total, side
from checker.statements.sentences import Item, Sentence


def _iv(item: Item) -> Interval:
    # Counts of people or units are exact integers, not rounded displays.
    if item.kind == "count":
        return Interval.exact(item.quantity.value)
    return interval(item.quantity)


def _part_iv(item: Item, total: Item) -> Interval:
    """A part's interval. A part shown without decimals under a total shown with them (因公出国（境）
    费0万元, 专项收入200万元 under 889.65万元) was written without its zeros (0.00, 200.00), not rounded
    to the 万元: taken at ±half a 万元, two such parts hid a whole 万元 missing from the list."""
    q, t = item.quantity, total.quantity
    if item.kind == "money" and q.decimals == 0 and t.decimals > 0 and q.unit == t.unit and q.unit:
        return Interval.stated(in_unit(q, q.unit).nominal, t.decimals, scale(q.unit))
    return _iv(item)


_ROLE_NAMES = {
    "budget": "预算数",
    "actual": "实际支出",
    "increase": "增加额",
    "decrease": "减少额",
    "carry": "结转结余",
    "amount": "合计",
}


class PartsDoNotAddUp(Rule):
    """The parts listed after 其中 do not add up to the total they belong to.

    What it checks:
        "总数X，其中：A为Y，B为Z…" — the parts (the amount heading each segment after 其中) are
        added as intervals and compared with the total. Amounts that exceed the total are always
        an error. Parts that fall short are an error only when the list is complete: it ends
        with an 其他… item, or its items are the parts of a known accounting identity
        (``lexicons/identities.yaml``); otherwise the list may be partial and nothing is said.
        Head counts (实有人数133人，其中：在职人员126人…) are exact and must add up exactly; as
        people are also listed by overlapping traits (女性, 党员), only a complete list (在职 +
        离休 + 退休, 行政编制 + 事业编制) that overshoots its total is an error, the rest warnings.
        A head count split into four or more groups that falls short by fewer people than its
        smallest group is a warning too: a miscount is likelier than a group left out. Groups of
        which one is named as another with a qualifier before it (编制 and 实有编制, 职工 and 女职工)
        overlap, and such a list is not held.
        A sentence ending in 其中：followed by numbered paragraphs is checked figure by figure
        (the parts' budgets against the total budget, their changes against its change); when
        the items run to the end of a text that stops mid-sentence (a copy cut off), they are
        not known to be all the parts and only an overshoot is reported.
        A list goes on after its sentence when 其中：closes it or names one part only: the
        sentences and paragraphs that open with a named amount are its parts, up to one that does
        not or to the next item numbered like the total (or above it; a run of dashes —— opening a line numbers
        an item too); items numbered one level down are the parts of a
        part and are left out, as is a part that an identity splits (公务用车购置费 under 公务用车
        购置及运行维护费). "<whole>中，A…；B…" (or "<whole>包括：A…、B…") takes the whole from the amount stated shortly before
        under that name (of the whole's own year when one is stated for it; an earlier sentence
        that is itself such a list holds parts, not the whole); "…，合计X" takes the amounts
        before it. Such lists that are not known to be complete give warnings only. A whole stated right
        after the number of its items (共13项，合计金额T，其中：A…，B…) is likely complete when its list names that
        many parts: a shortfall is a warning. A 其中 list
        followed by its whole's siblings and a side's total larger than the whole (收入W，其中税收A，上级补助
        收入B，上年结余收入C，收入合计T) closes within the whole — where its first parts make it exactly,
        else wherever the whole with the amounts after make T — and T is held to that sum, a warning. A head count
        whose first groups already make it exactly (教职工62人，其中…中级工1人，退休职工28人) counts
        the groups after them outside it.
        A whole split along one dimension without 其中 (分级次看，市级收入A，增长P%，区县级收入B;
        分中央和地方看; 按资金来源分; 从支出结构看) is read the same way: its whole is the amount before
        the cue, or the one amount of the sentence before (within two paragraphs), of the parts' side
        (收入 or 支出) when there are several; a part's own change rate does not end it, and it ends once
        its parts make the whole. A split by level or by 中央/地方 names all its parts, so a shortfall is a
        warning; a split by source or structure may list its main parts only (cues in
        ``lexicons/cues_composition.yaml``). A 其中 list whose parts are all named by a government level,
        each with its rate (其中：市本级收入A，下降P%；区级收入B，增长Q%), is such a split by level.
        The changes of a whole's parts are held to the whole's change, each signed by its own
        direction word (基本支出比上年增加Y，其中：人员经费增加a，公用经费减少b: a − b = Y), after 其中,
        主要是, 具体为, 分项看 or 主要变动原因如下：with numbered paragraphs (or, after a closing 其中：, unnumbered lines
        that each open with a named amount and state its change); a part's change against
        another base (较年初预算 beside 较上年) is no part of it. When the parts' names are all of the
        whole's (an identity with every part named, or 其他… last) a mismatch is an error; a list that
        may name the main changes only is reported (a warning) only where its net goes past the
        whole's change or the other way, unless it says other changes offset it (抵消).
        A whole's change stated up to three paragraphs above its parts, in the same section and against
        the same base (本年支出X，比上年增加Y。… 基本支出A，比上年增加a；项目支出B，比上年减少b), is held to the
        parts' changes when the parts' amounts make the whole's amount; paired across paragraphs, a warning.
        Counts by grade, with or without 其中 (共评价项目9个，评价等级为优的8个，良1个; 9个项目中，优秀7个、
        良好1个; 优5个，良3个，中1个（共10个项目）), split the count before them or the total closing them.
        Grades are disjoint, so counts past the whole are wrong; counts short of it only when every grade is
        named or a total closes the list. An error when the words name the whole as the set split (共, 合计,
        N个项目中), else a warning, and then not when one grade alone is as large as the count beside it.
        Counts by score band (得分90分以上的7个、80–90分的2个、80分以下的1个，共10个) are held the same way when
        the bands do not overlap; bands from the bottom of the scale to full marks name every band.
        An amount's main uses listed with their amounts after 主要用于 with no colon (X万元，主要用于A Y万元、
        B Z万元) name its main parts only: parts short of X say nothing, parts past it are a warning; one amount
        for all the uses named (主要用于A、B等方面支出Y万元) is no list.
        基本支出 by economic class (工资福利支出, 商品和服务支出, 对个人和家庭的补助, 资本性支出) is complete with all
        four; 资本性支出 falls under 基本支出 in some years only, so a list without it that falls short is a
        warning. 人员经费 is 工资福利支出 + 对个人和家庭的补助.

    Why it matters:
        A breakdown that does not reproduce its total means a part or the total is misstated.

    Example (flagged):
        ```text
        本年支出合计500.00万元，其中：基本支出120.00万元，项目支出360.00万元。
        ```

    Compliant:
        ```text
        本年支出合计500.00万元，其中：基本支出120.00万元，项目支出380.00万元。
        ```
    """

    code = "SUM001"
    name = "parts-do-not-add-up"
    category = "arith.sum"
    message = "分项之和与{what}不符：{expr_shown} = {expected}，文中为{stated}{note}"

    def check(self, ctx: Context) -> Iterable[Result]:
        results: list[Result] = []
        # 支出X，其中：A，B，C，支出合计X: the opener and the total closing its list sum the same parts to the
        # same figure — one claim, reported once, as the more certain of the two readings
        sums: dict[tuple[str | None, str | None, str | None], int] = {}
        for comp in ctx.statements:
            if isinstance(comp, NetChange):
                results.append(self._check_net(ctx, comp))
            elif isinstance(comp, Composition):
                result = self._check(ctx, comp)
                if isinstance(result, Finding):
                    key = (result.location.block, result.expr, result.stated)
                    if key in sums:
                        held = results[sums[key]]
                        if (
                            isinstance(held, Finding)
                            and SEVERITY_ORDER[result.severity] > SEVERITY_ORDER[held.severity]
                        ):
                            results[sums[key]] = result
                        results.append(Outcome.not_applicable())
                        continue
                    sums[key] = len(results)
                results.append(result)
        return results

    def _check_net(self, ctx: Context, net: NetChange) -> Result:
        """The parts' changes, signed, against the whole's change. A list whose names are all of the
        whole's parts (an identity, 其他… last) must make the change: an error. A breakdown that may
        be partial (其中, numbered paragraphs) can leave out changes either way, so it is held only
        where its net already goes past the whole's change or the other way: a warning. Reasons
        named inline (主要原因是…) may overlap each other and are held only when complete."""
        whole = interval(net.total.quantity)
        signed = [
            _part_iv(p, net.total) if sign > 0 else -_part_iv(p, net.total)
            for (p, _), sign in zip(net.parts, net.signs)
        ]
        summed = total(signed)
        decimals = net.total.quantity.decimals
        if agreement(whole, summed, decimals).consistent:
            return Outcome.passed()
        over = summed.low > whole.high
        backwards = summed.high < 0
        if backwards and _direction_word_wrong(net) and agreement(-whole, summed, decimals).consistent:
            # 增加Y，下降Z% over parts that fell by Y: only the whole's direction word is wrong, and
            # GRW002 reports it
            return Outcome.not_applicable()
        if not net.complete and (net.offset or not net.breakdown or not (over or backwards)):
            return Outcome.not_applicable()
        unit = net.total.quantity.unit
        terms = [shown(p.quantity, unit) for p, _ in net.parts]
        expr = terms[0] if net.signs[0] > 0 else f"−{terms[0]}"
        for term, sign in zip(terms[1:], net.signs[1:]):
            expr += f" {'+' if sign > 0 else '−'} {term}"
        places = max([p.quantity.decimals for p, _ in net.parts] + [decimals])
        net_value = sum(
            (in_unit(p.quantity, unit).nominal * sign for (p, _), sign in zip(net.parts, net.signs)), Decimal(0)
        )
        note = (
            "（总数及其增减额见前文，分项本年数之和等于总数）"
            if net.apart
            else ""
            if net.complete
            else "（分项增减额合计超过总增减额）"
            if over
            else "（分项增减额合计与总增减方向相反）"
        )
        return self.finding(
            ctx,
            loc(net.total, net.total_sentence),
            severity=None if net.complete and not net.apart else "warning",
            what="增减额",
            note=note,
            expr_shown=expr,
            expr=expr.replace("−", "-"),
            stated=net.total.quantity.text.strip(),
            expected=fmt(net_value, places),
            related=tuple(loc(p, s) for p, s in net.parts),
        )

    def _check(self, ctx: Context, comp: Composition) -> Result:
        whole = _iv(comp.total)
        parts = [_part_iv(p, comp.total) for p, _ in comp.parts]
        summed = total(parts)
        decimals = comp.total.quantity.decimals
        counted = comp.total.kind == "count"
        # a head count is exact: nothing was rounded or cut off, so only equality passes
        if whole.nominal == summed.nominal if counted else agreement(whole, summed, decimals).consistent:
            return Outcome.passed()
        if unit_slip_part(comp) is not None:
            return Outcome.not_applicable()  # UNT002 reports the part in the wrong unit
        split = _sibling_split(comp)
        if split is not None:
            whole_item, closing, most, made = split
            if made:
                return Outcome.passed() if comp.total is closing else Outcome.not_applicable()
            if most < len(comp.parts):
                if comp.total is whole_item:
                    return Outcome.not_applicable()  # the list closes within its whole; the rest is the total's
                # which amounts the writer meant the total to sum is read, not stated: a miss is a warning
                siblings = ((whole_item, comp.total_sentence),) + comp.parts[most:]
                return self._check(ctx, replace(comp, parts=siblings, before_side_total=True, mainly=False))
        short = summed.high < whole.low
        if comp.scope == "continued" and not counted and any(part.low > whole.high for part in parts):
            # parts gathered from the paragraphs after a 其中 that closed its own (…项目支出预算Y元…。其中：⏎（一）
            # A类科目X元…), one of them alone above the whole: they divide another whole the text named earlier
            return Outcome.not_applicable()
        if comp.mainly:
            # 主要用于A Y万元、B Z万元 names the main uses: others may make up the rest, and a use may be
            # paid partly from other money, so only an overshoot is held, and as a warning
            return Outcome.not_applicable() if short else self._mismatch(ctx, comp, short, "warning")
        if comp.grades:
            # grades are disjoint, so counts past the whole are wrong; counts short of it may only have
            # left a grade out, unless the list names every grade
            if short and not comp.exhaustive:
                return Outcome.not_applicable()
            if comp.grades == "named" and max(p.quantity.value for p, _ in comp.parts) >= whole.nominal:
                # 本年新增项目3个，自评等级为优的5个: a count beside the grades, not of what they grade
                return Outcome.not_applicable()
            return self._mismatch(ctx, comp, short, None if comp.grades == "plain" else "warning")
        if not counted and _balance_beside(comp, whole, decimals):
            return Outcome.passed()
        if counted and not comp.exhaustive and _made_before_the_end(comp, whole):
            return Outcome.not_applicable()
        if counted and not comp.exhaustive and _nested_groups(comp):
            # 职工71人，其中编制49人，实有编制44人，聘用16人: a group named as another with a qualifier
            # (实有编制 of 编制, 女职工 of 职工) is counted within it, so the groups overlap
            return Outcome.not_applicable()
        if counted and not comp.exhaustive and max(p.quantity.value for p, _ in comp.parts) >= whole.nominal:
            # 指标12个，其中一级指标3个，二级9个，三级12个; 单位1个，包括内设机构14个: a part as large as
            # the whole counts another kind of thing (levels of one tree, departments of one unit)
            return Outcome.not_applicable()
        if (
            short
            and (not comp.exhaustive or len(comp.parts) < 2)
            and not comp.likely
            and not comp.before_side_total
            and not _miscounted(comp, whole, summed)
        ):
            return Outcome.not_applicable()
        # People are often listed by overlapping traits (女性, 党员), and a complete staff list
        # may leave out a rare group (遗属): for counts only a complete list that overshoots is
        # certain.
        # parts gathered from later sentences may take in one amount too many unless the list
        # is known to be complete
        severity = (
            "warning"
            if counted
            and (short or not comp.exhaustive)
            or not comp.exhaustive
            and (short or comp.scope == "continued")
            or short
            and comp.by_dimension
            or comp.before_side_total
            else None
        )
        return self._mismatch(ctx, comp, short, severity)

    def _mismatch(self, ctx: Context, comp: Composition, short: bool, severity: str | None) -> Result:
        unit = comp.total.quantity.unit if comp.total.kind == "money" else None
        terms = [shown(p.quantity, unit) if p.kind == "money" else fmt(p.quantity.value, 0) for p, _ in comp.parts]
        shown_sum = in_unit_sum(comp, unit)
        stated = comp.total.quantity.text.strip()
        what = "合计" if comp.role == "amount" else f"合计{_ROLE_NAMES.get(comp.role, '')}"
        note = "（分项合计超过总数）" if not short else "" if comp.exhaustive else "（若所列即全部构成）"
        expr = " + ".join(terms)
        sentence = comp.total_sentence
        return self.finding(
            ctx,
            loc(comp.total, sentence),
            severity=severity,
            what=what,
            note=note,
            expr_shown=expr,
            expr=expr,
            stated=stated,
            expected=shown_sum,
            related=tuple(loc(p, s) for p, s in comp.parts),
        )


def _sibling_split(comp: Composition) -> tuple[Item, Item, int, bool] | None:
    """收入W，其中税收A，上级补助B，上年结余C，收入合计T: the 其中 list may close after its first parts, the
    amounts after them being the whole's siblings that a side's total closing the sentence sums with it
    (T = W + B + C). Read so when the words allow it: the list's whole before the parts and a side's total after
    them larger than the whole (one equal to it restates it). The list closes where its first parts make the
    whole exactly, else after any of its first parts that stay within the whole; it must close before a part
    that would take it past the whole. Returns the whole, the closing total, the parts the list holds (the
    most it can), and whether some closing makes the total."""
    sentence = comp.total_sentence
    parts = [p for p, _ in comp.parts]
    if comp.total.kind != "money" or len(parts) < 2 or any(s is not sentence for _, s in comp.parts):
        return None
    listed = {id(p) for p in parts}
    amounts = [i for i in sentence.items if i.kind == "money" and i.depth == 0 and id(i) not in listed]
    before = [i for i in amounts if i.end <= parts[0].start]
    closing = [i for i in amounts if i.start >= parts[-1].end and is_side_total(i)]
    if not before or not closing or comp.total not in (before[-1], closing[0]):
        return None
    whole, total_after = before[-1], closing[0]
    w, t = interval(whole.quantity), interval(total_after.quantity)
    if t.low <= w.high:
        return None
    ivs = [interval(p.quantity) for p in parts]
    prefix = [Interval.exact(0)]  # the sums of the first parts and of the last: a long list stays linear
    for iv in ivs:
        prefix.append(prefix[-1] + iv)
    suffix = [Interval.exact(0)]
    for iv in reversed(ivs):
        suffix.append(iv + suffix[-1])
    suffix.reverse()
    most = 0
    while most < len(parts) and prefix[most + 1].low <= w.high:
        most += 1
    last = min(most, len(parts) - 1)
    # first parts that make the whole exactly are the whole list (税收A，非税B with A + B = W)
    exact = [j for j in range(1, last + 1) if agreement(w, prefix[j], whole.quantity.decimals).consistent]
    closings = exact[:1] or range(1, last + 1)
    made = any(agreement(t, w + suffix[j], total_after.quantity.decimals).consistent for j in closings)
    return (whole, total_after, exact[0] if exact else most, made) if most else None


def _nested_groups(comp: Composition) -> bool:
    """Two groups of a head count of which one is named as the other with a qualifier before it."""
    names = [p.label for p, _ in comp.parts if p.label]
    return any(a != b and len(a) >= 2 and b.endswith(a) for a in names for b in names)


_MISCOUNT_PARTS = {"count": 4, "money": 3}
# an amount left out of a list is an amount of its own, not a sliver of the total
_SLIP_SHARE = Decimal("0.001")


def _balance_beside(comp: Composition, whole: Interval, decimals: int) -> bool:
    """支出总计X。其中：A；B；C，年末结余D: the closing balance named last stands beside a spending total
    (收入 = 支出总计 + 结余) when the parts before it make the total exactly; it is then no part the list
    overstates. A carried-in balance (上年结转) is a part of the receipts, and a list an identity completes
    (本年支出 + 年末结转和结余) means the balance is inside its total."""
    *named, last = [p for p, _ in comp.parts]
    if len(named) < 2 or comp.exhaustive or side(comp.total.bare_clause) != "spending":
        return False
    if not any(w in last.bare_clause for w in composition_cues()["closing_balances"]):
        return False
    return agreement(whole, total([_part_iv(p, comp.total) for p in named]), decimals).consistent


def _direction_word_wrong(net: NetChange) -> bool:
    """The whole's change and its own rate go opposite ways (比上年增加Y，下降Z%)."""
    items = net.total_sentence.items
    k = next(i for i, item in enumerate(items) if item is net.total)
    _, rate_dir = rate_after(items, k)
    return bool(rate_dir) and rate_dir != deltas(net.total_sentence)[k]


def _made_before_the_end(comp: Composition, whole: Interval) -> bool:
    """教职工62人，其中：高级职称4人…中级工1人，退休职工28人: the groups before the last ones make
    the head count exactly, so those after it count people outside it (the retired beside the staff)."""
    running = Decimal(0)
    for k, (part, _) in enumerate(comp.parts[:-1]):
        running += part.quantity.value
        if k >= 1 and running == whole.nominal:
            return True
    return False


def _miscounted(comp: Composition, whole: Interval, summed: Interval) -> bool:
    """A breakdown into many groups that falls short by less than its smallest group — a head count
    (财政供养人员…其中：在编…三支一扶…), or an amount short by at most a thousandth of it
    (312497 = 277798 + 394 + 34295, ten short): a slip is likelier than a part left out."""
    wanted = _MISCOUNT_PARTS.get(comp.total.kind)
    if wanted is None or len(comp.parts) < wanted:
        return False
    gap = whole.nominal - summed.nominal
    if comp.total.kind == "money" and gap > whole.nominal * _SLIP_SHARE:
        return False
    return gap < min(p.quantity.value for p, _ in comp.parts)


def unit_slip_part(comp: Composition) -> tuple[Item, str] | None:
    """The one part written in a unit other than the total's whose digits, read in the
    total's unit, make the list add up (公用经费18.64元 in a list of 万元)."""
    unit = comp.total.quantity.unit
    if comp.total.kind != "money" or not unit:
        return None
    whole = _iv(comp.total)
    for k, (odd, _) in enumerate(comp.parts):
        if not odd.quantity.unit or odd.quantity.unit == unit or not odd.quantity.value:
            continue
        factor = scale(unit) / scale(odd.quantity.unit)
        parts = [_iv(p) if j != k else _iv(p).scaled(factor) for j, (p, _) in enumerate(comp.parts)]
        if agreement(whole, total(parts), comp.total.quantity.decimals) in (Agreement.EXACT, Agreement.ROUNDING):
            return odd, unit
    return None


def in_unit_sum(comp: Composition, unit: str | None) -> str:
    if comp.total.kind == "money":
        value = sum((in_unit(p.quantity, unit).nominal for p, _ in comp.parts), Decimal(0))
        places = max(p.quantity.decimals for p, _ in comp.parts)
        return fmt(value, max(places, comp.total.quantity.decimals))
    return fmt(sum((p.quantity.value for p, _ in comp.parts), Decimal(0)), 0)


class ShareMismatch(Rule):
    """A stated share (占X%) is not the part divided by its whole.

    What it checks:
        "A为Y万元，占Z%" must satisfy Z = Y ÷ whole, every figure taken as the interval its
        displayed decimals stand for. The whole is the total of the 其中 list the part belongs
        to, or the amount the sentence names (占本年支出合计的Z%) when the report states that
        amount once under exactly that name. A rate over counts by grade (优10个，良4个，中2个，优良率
        87.50%) is the share of the grades the rate word names (优良率: 优 and 良) in the whole they split.

    Why it matters:
        Shares are how readers compare the weight of budget lines; a share that does not match
        its own figures misrepresents the structure of the spending.

    Example (flagged):
        ```text
        本年收入200.00万元，其中：财政拨款收入150.00万元，占80.00%；其他收入50.00万元，占25.00%。
        ```

    Compliant:
        ```text
        本年收入200.00万元，其中：财政拨款收入150.00万元，占75.00%；其他收入50.00万元，占25.00%。
        ```
    """

    code = "SHR001"
    name = "share-mismatch"
    category = "arith.share"
    message = "占比与{measured}不符：{expr_shown} = {expected}，文中为{stated}{note}"

    def check(self, ctx: Context) -> Iterable[Result]:
        for rate in ctx.statements:
            if isinstance(rate, GradeRate):
                yield self._grade_rate(ctx, rate)
        shares = [s for s in ctx.statements if isinstance(s, Share)]
        swapped = _swapped(shares)
        balanced = _balanced(shares)
        confirmed = _confirmed_wholes(shares)
        for share in shares:
            if share.whole is None or interval(share.whole.quantity).contains_zero():
                yield Outcome.not_applicable()
                continue
            stated = interval(share.share.quantity)
            computed = percent(_iv(share.part), _iv(share.whole))
            how = agreement(stated, computed, share.share.quantity.decimals)
            if (
                share.inferred
                and not how.consistent
                and id(share) not in confirmed
                or how is Agreement.TRUNCATION
                or not how.consistent
                and id(share) in balanced
                and _off_by_last_digit(stated, computed, share.share.quantity.decimals)
            ):
                yield Outcome.uncertain()
            elif how.consistent:
                yield Outcome.passed()
            else:
                unit = share.whole.quantity.unit
                part, whole = shown(share.part.quantity, unit), shown(share.whole.quantity, unit)
                decimals = max(share.share.quantity.decimals, 2)
                if abs(round_to(computed.nominal, decimals) - stated.nominal) <= Decimal(1).scaleb(-decimals):
                    decimals += 2  # 18.7505% against 18.76%: a last-digit slip shows its digits
                yield self.finding(
                    ctx,
                    loc(share.share, share.sentence),
                    severity="warning" if share.named or share.inferred else None,
                    measured="个数" if share.part.kind == "count" else "金额",
                    note="（疑两项占比互换）" if id(share) in swapped else "",
                    confidence="aligned" if share.named or share.inferred else None,
                    stated=share.share.quantity.text.strip(),
                    expected=f"{fmt(computed.nominal, decimals)}%",
                    expr=f"{part} / {whole}",
                    expr_shown=f"{part} ÷ {whole}",
                    related=(loc(share.part, share.sentence), loc(share.whole, share.whole_sentence)),
                )

    def _grade_rate(self, ctx: Context, rate: GradeRate) -> Result:
        whole = rate.split.total.quantity.value
        listed = sum((p.quantity.value for p, _ in rate.split.parts), Decimal(0))
        if not whole or listed > whole or rate.split.exhaustive and listed != whole:
            return Outcome.uncertain()  # the counts do not make the whole: which figure is wrong is unknown
        counted = sum((p.quantity.value for p in rate.counted), Decimal(0))
        stated = interval(rate.rate.quantity)
        computed = percent(Interval.exact(counted), Interval.exact(whole))
        how = agreement(stated, computed, rate.rate.quantity.decimals)
        if how.consistent:
            return Outcome.passed()
        if how is Agreement.TRUNCATION:
            return Outcome.uncertain()
        parts = " + ".join(fmt(p.quantity.value, 0) for p in rate.counted)
        numerator = f"({parts})" if len(rate.counted) > 1 else parts
        expected = f"{fmt(computed.nominal, max(rate.rate.quantity.decimals, 2))}%"
        return self.finding(
            ctx,
            loc(rate.rate, rate.sentence),
            # a whole only standing beside the grades (not named as the set they split) is a reading
            severity="warning" if rate.split.grades == "named" else None,
            confidence="aligned" if rate.split.grades == "named" else None,
            message=f"{rate.word}与各等级个数不符：{numerator} ÷ {fmt(whole, 0)} = {expected}，"
            f"文中为{rate.rate.quantity.text.strip()}",
            stated=rate.rate.quantity.text.strip(),
            expected=expected,
            expr=f"{numerator} / {fmt(whole, 0)}",
            related=(*(loc(p, rate.sentence) for p in rate.counted), loc(rate.split.total, rate.sentence)),
        )


def _fit(share: Share) -> Agreement:
    assert share.whole is not None
    computed = percent(_iv(share.part), _iv(share.whole))
    return agreement(interval(share.share.quantity), computed, share.share.quantity.decimals)


def _confirmed_wholes(shares: list[Share]) -> set[int]:
    """Count shares whose inferred whole the report confirms: another share of the same whole
    fits it, or the shared counts add up to it and no share names a whole of its own."""
    by_whole: dict[int, list[Share]] = {}
    for share in shares:
        if share.inferred and share.whole is not None and not interval(share.whole.quantity).contains_zero():
            by_whole.setdefault(id(share.whole), []).append(share)
    out: set[int] = set()
    for group in by_whole.values():
        whole = group[0].whole
        assert whole is not None
        fitting = {id(s) for s in group if _fit(s).consistent}
        parts = {id(s.part): s.part.quantity.value for s in group}
        partition = sum(parts.values()) == whole.quantity.value and not any(s.named for s in group)
        out.update(id(s) for s in group if partition or fitting - {id(s)})
    return out


def _balanced(shares: list[Share]) -> set[int]:
    """Shares of one whole that the report made add up to exactly 100%: one of them was
    nudged by a unit of its last digit to balance the rounding of the others."""
    by_whole: dict[int, list[Share]] = {}
    for share in shares:
        if share.whole is not None:
            by_whole.setdefault(id(share.whole), []).append(share)
    return {
        id(s)
        for group in by_whole.values()
        if len(group) >= 2 and sum(s.share.quantity.value for s in group) == 100
        for s in group
    }


def _off_by_last_digit(stated: Interval, computed: Interval, decimals: int) -> bool:
    unit = Decimal(1).scaleb(-decimals)
    return Interval(computed.low - unit, computed.high + unit).overlaps(stated)


def _swapped(shares: list[Share]) -> set[int]:
    """Shares of one whole where each of two stated shares is what the other part computes to."""
    out: set[int] = set()
    known = [s for s in shares if s.whole is not None and not interval(s.whole.quantity).contains_zero()]
    for k, a in enumerate(known):
        for b in known[k + 1 :]:
            if a.whole is not b.whole or a.share.quantity.value == b.share.quantity.value:
                continue
            whole = interval(a.whole.quantity)
            a_gets = percent(interval(a.part.quantity), whole)
            b_gets = percent(interval(b.part.quantity), whole)
            if (
                agreement(interval(a.share.quantity), b_gets, a.share.quantity.decimals).consistent
                and agreement(interval(b.share.quantity), a_gets, b.share.quantity.decimals).consistent
            ):
                out |= {id(a), id(b)}
    return out


class IdentityMismatch(Rule):
    """An accounting identity does not hold between amounts stated in different places.

    What it checks:
        The identities in ``lexicons/identities.yaml`` (收入总计 = 本年收入 + 使用非财政拨款结余 +
        年初结转和结余; 收入总计 = 支出总计; 基本支出 = 人员经费 + 公用经费; "三公"经费 = 因公出国（境）费
        + 公务用车购置及运行维护费 + 公务接待费; …) for amounts the report states under exactly those
        names, each with a single value throughout the document, within a few paragraphs of one
        another (matching by name is an alignment, hence a warning). An optional part the report
        does not mention counts as zero, so a shortfall then is only uncertain. An identity over the
        figures of a 其中 list's whole and parts is that list's claim, which SUM001 holds. A balance takes some
        parts away (年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出, in one paragraph): stated term
        by term, it is held to the terms it names.

    Why it matters:
        These identities hold by construction of the accounts; when the stated amounts break one,
        an amount was copied wrongly between the tables and the text.

    Example (flagged):
        ```text
        本年度收入总计560.00万元。

        本年度支出总计556.00万元。
        ```

    Compliant:
        ```text
        本年度收入总计560.00万元。

        本年度支出总计560.00万元。
        ```
    """

    code = "SUM002"
    name = "identity-mismatch"
    category = "arith.sum"
    severity = "warning"
    confidence = "aligned"
    message = "会计恒等式“{identity}”不成立：{expr_shown} = {expected}，文中{whole_label}为{stated}"

    def check(self, ctx: Context) -> Iterable[Result]:
        # an identity over the figures of a list's whole and parts (收入总计X，其中：财政拨款收入A，事业收入B…), read
        # there or where the same figures stand again, is the list's own claim, which SUM001 holds as the words state it
        listed = {_sum_key(c.total, c.parts) for c in ctx.statements if isinstance(c, Composition)}
        for inst in ctx.statements:
            if not isinstance(inst, IdentityInstance):
                continue
            whole_item, whole_sentence = inst.whole
            if not inst.signs and _sum_key(whole_item, inst.parts) in listed:
                yield Outcome.not_applicable()
                continue
            whole = interval(whole_item.quantity)
            signs = inst.signs or (1,) * len(inst.parts)
            summed = total(
                [interval(p.quantity) if sign > 0 else -interval(p.quantity) for (p, _), sign in zip(inst.parts, signs)]
            )
            how = agreement(whole, summed, whole_item.quantity.decimals)
            if how.consistent:
                yield Outcome.passed() if how is not Agreement.TRUNCATION else Outcome.uncertain()
                continue
            # an optional part left unsaid counts as 0: a sum short of the whole may be it. A balance stated term by
            # term (年初…，本年收入…，本年支出…，年末…) names what moved it, so it is held to the terms it names
            if inst.missing_optional and not inst.signs and summed.high < whole.low:
                yield Outcome.uncertain()
                continue
            unit = whole_item.quantity.unit
            places = max(p.quantity.decimals for p, _ in inst.parts)
            value = sum(
                (sign * in_unit(p.quantity, unit).nominal for (p, _), sign in zip(inst.parts, signs)), Decimal(0)
            )
            yield self.finding(
                ctx,
                loc(whole_item, whole_sentence),
                identity=inst.name,
                expr_shown=_signed((f"{p.label}{shown(p.quantity, unit)}" for p, _ in inst.parts), signs),
                expr=_signed((shown(p.quantity, unit) for p, _ in inst.parts), signs),
                expected=fmt(value, places),
                whole_label=whole_item.label,
                stated=whole_item.quantity.text.strip(),
                related=tuple(loc(p, s) for p, s in inst.parts),
            )


def _sum_key(whole: Item, parts: tuple[tuple[Item, Sentence], ...]) -> tuple[str, tuple[str, ...]]:
    """A sum by its figures as written: the same whole and parts are one claim wherever they stand."""
    return whole.quantity.text.strip(), tuple(sorted(p.quantity.text.strip() for p, _ in parts))


def _signed(terms: Iterable[str], signs: tuple[int, ...]) -> str:
    """a + b − c: each term after the first joined by its sign."""
    out = ""
    for k, (term, sign) in enumerate(zip(terms, signs)):
        out += term if k == 0 else f" {'+' if sign > 0 else '−'} {term}"
    return out


class PartUnitSlip(Rule):
    """A part of a 其中 list is written in the wrong unit (元 among 万元, or the reverse).

    What it checks:
        A list whose parts do not add up to the total as written, but do exactly once one
        part written in a different unit is read in the total's unit (its digits kept).

    Why it matters:
        A 10,000-fold slip changes the amount completely; the sum shows which unit was meant.

    Example (flagged):
        ```text
        公务用车购置及运行维护费26.40万元，其中：公务用车购置费0.00万元，公务用车运行维护费26.40元。
        ```

    Compliant:
        ```text
        公务用车购置及运行维护费26.40万元，其中：公务用车购置费0.00万元，公务用车运行维护费26.40万元。
        ```
    """

    code = "UNT002"
    name = "part-unit-slip"
    category = "unit"
    message = "单位疑误：“{stated}”应为{expected}，按此单位各分项之和才等于合计{total}"

    def check(self, ctx: Context) -> Iterable[Result]:
        for comp in ctx.statements:
            if not isinstance(comp, Composition) or comp.total.kind != "money":
                continue
            units = {p.quantity.unit for p, _ in comp.parts} | {comp.total.quantity.unit}
            if len(units) < 2:
                continue
            found = unit_slip_part(comp)
            if found is None:
                yield (
                    Outcome.passed()
                    if agreement(
                        _iv(comp.total), total([_iv(p) for p, _ in comp.parts]), comp.total.quantity.decimals
                    ).consistent
                    else Outcome.not_applicable()
                )
                continue
            odd, unit = found
            sentence = next(s for p, s in comp.parts if p is odd)
            digits = fmt(in_unit(odd.quantity, odd.quantity.unit).nominal, odd.quantity.decimals)
            yield self.finding(
                ctx,
                loc(odd, sentence),
                # a change read as a part of an increase (B较预算增加b) is a reading less sure than a 其中 list
                severity="warning" if deltas(sentence)[sentence.items.index(odd)] else None,
                stated=odd.quantity.text.strip(),
                expected=f"{digits}{unit}",
                total=comp.total.quantity.text.strip(),
                related=(loc(comp.total, comp.total_sentence),),
            )


class BreakdownSharesInconsistent(Rule):
    """Shares of a breakdown whose whole is not stated do not fit one common whole.

    What it checks:
        Consecutive items "A1万元，占P1%", "A2万元，占P2%", … with no whole named: each implies
        a whole Ai ÷ Pi. All those wholes must overlap; an item whose implied whole disagrees
        with the clear majority is reported, and shares that add up to more than 100% are; so
        are the shares of all the parts of an identity (因公出国（境）+ 公务用车 + 公务接待) that add
        up to less than 100% by more than truncating each of them could lose.
        Shares of a whole named but not stated ("占一般公共预算支出的84.06%") a few paragraphs
        apart must likewise imply one whole: when they do not and together exceed 100%, the
        later share is reported. The shares of one list paired in order with the list's amounts
        (A、B、C分别为X、Y、Z，占P、Q和R) of one stated whole may each fit its rounded amount; together
        they may not exceed 100% by more than their rounding.

    Why it matters:
        A share that does not fit the others of its list was computed on another base or
        copied wrongly, and the list no longer describes one budget.

    Example (flagged):
        ```text
        1.教育支出（类）200.00万元，占20.00%。
        2.卫生健康支出（类）300.00万元，占30.00%。
        3.农林水支出（类）500.00万元，占40.00%。
        ```

    Compliant:
        ```text
        1.教育支出（类）200.00万元，占20.00%。
        2.卫生健康支出（类）300.00万元，占30.00%。
        3.农林水支出（类）500.00万元，占50.00%。
        ```
    """

    code = "SHR002"
    name = "breakdown-shares-inconsistent"
    category = "arith.share"
    severity = "warning"
    message = "{detail}"

    def check(self, ctx: Context) -> Iterable[Result]:
        for group in _share_groups(ctx.statements):
            yield from self._check_group(ctx, group)
        for group in _named_share_groups(ctx.statements):
            yield self._check_named(ctx, group)
        for group in _listed_share_groups(ctx.statements):
            # the shares of one list of parts of one stated whole (A、B、C分别…，占P、Q和R): each may
            # round right while together they claim more than the whole
            shares_total = total([interval(s.share.quantity) for s in group])
            yield self._over_whole(ctx, group, shares_total) if shares_total.low > 100 else Outcome.passed()

    def _check_named(self, ctx: Context, group: list[Share]) -> Result:
        """Nested items (基本支出 and its 人员经费, both 占本年支出的…) and two breakdowns of one
        whole (by kind, then by function) share a whole and may add up to more than 100%; only
        wholes that disagree as well are a finding, and only when no run of the shares is a
        whole breakdown by itself."""
        if any(s.share.quantity.value > 100 for s in group):
            # 占调整预算105.47%: each item against its own budget, a completion rate, no share of one whole
            return Outcome.not_applicable()
        implied = [interval(s.part.quantity) / interval(s.share.quantity) * 100 for s in group]
        shares_total = total([interval(s.share.quantity) for s in group])
        if (
            all(a.overlaps(b) for a in implied for b in implied)
            or shares_total.low <= 100
            or _holds_whole_breakdown(group)
        ):
            return Outcome.passed()
        last = group[-1]
        unit = last.part.quantity.unit
        wholes = "，".join(
            f"{shown(s.part.quantity, unit)} ÷ {s.share.quantity.text.strip()} ≈ {fmt(v.nominal / scale(unit), 2)}"
            for s, v in zip(group, implied)
        )
        return self.finding(
            ctx,
            loc(last.share, last.sentence),
            stated=last.share.quantity.text.strip(),
            detail=f"同为“{last.named}”的占比所隐含的总数不一致（{wholes}），"
            f"占比合计{fmt(shares_total.nominal, 2)}%，超过100%",
            related=tuple(loc(s.share, s.sentence) for s in group[:-1]),
        )

    def _check_group(self, ctx: Context, group: list[Share]) -> Iterable[Result]:
        outliers = list(self._outliers(ctx, group))
        if outliers:
            yield from outliers
            return
        shares_total = total([interval(s.share.quantity) for s in group])
        if _complete(group) and _short_of_whole(group, shares_total):
            first = group[0]
            yield self.finding(
                ctx,
                loc(first.share, first.sentence),
                stated=f"{fmt(shares_total.nominal, 2)}%",
                expected="100%",
                detail=f"所列即全部构成，各项占比合计仅{fmt(shares_total.nominal, 2)}%，应为100%",
                related=tuple(loc(s.share, s.sentence) for s in group[1:]),
            )
        elif shares_total.low > 100:
            yield self._over_whole(ctx, group, shares_total)
        else:
            yield Outcome.passed()

    def _over_whole(self, ctx: Context, group: list[Share], shares_total: Interval) -> Result:
        first = group[0]
        return self.finding(
            ctx,
            loc(first.share, first.sentence),
            stated=f"{fmt(shares_total.nominal, 2)}%",
            expected="≤ 100%",
            detail=f"同组分项占比合计{fmt(shares_total.nominal, 2)}%，超过100%",
            related=tuple(loc(s.share, s.sentence) for s in group[1:]),
        )

    def _outliers(self, ctx: Context, group: list[Share]) -> Iterable[Result]:
        """Items whose implied whole (part ÷ share) disagrees with the clear majority."""
        usable = [s for s in group if s.part.quantity.value and not interval(s.share.quantity).contains_zero()]
        if len(usable) < 3:
            return
        implied = [interval(s.part.quantity) / interval(s.share.quantity) * 100 for s in usable]
        # how many others each overlaps, counted by bisection (pair by pair, a long list was quadratic):
        # j overlaps i when it starts by i's end and does not end before i's start
        lows, highs = sorted(v.low for v in implied), sorted(v.high for v in implied)
        support = [bisect_right(lows, i.high) - bisect_left(highs, i.low) - 1 for i in implied]
        best = max(range(len(usable)), key=lambda k: support[k])
        if support[best] + 1 == len(usable) or (support[best] + 1) * 2 <= len(usable):
            return
        agreeing = [v for v in implied if v.overlaps(implied[best])]
        whole = sorted(v.nominal for v in agreeing)[len(agreeing) // 2]
        unit = usable[best].part.quantity.unit
        whole_shown = fmt(whole / scale(unit), 2)
        for share, value in zip(usable, implied):
            if value.overlaps(implied[best]):
                continue
            computed = interval(share.part.quantity) / Interval.exact(whole) * 100
            decimals = max(share.share.quantity.decimals, 2)
            part = shown(share.part.quantity, unit)
            yield self.finding(
                ctx,
                loc(share.share, share.sentence),
                stated=share.share.quantity.text.strip(),
                expected=f"{fmt(computed.nominal, decimals)}%",
                expr=f"{part} / {whole_shown}",
                detail=f"占比与同组其他分项不一致：其他分项所示合计约{whole_shown}{unit or ''}，"
                f"{part} ÷ {whole_shown} = {fmt(computed.nominal, decimals)}%，"
                f"文中为{share.share.quantity.text.strip()}",
            )


def _holds_whole_breakdown(group: list[Share]) -> bool:
    """Some consecutive shares (two or more) add up to 100%, as far as truncating each could
    lose: those are one whole breakdown, and the rest belong to another breakdown of the same
    whole. Shares are positive, so a run stops growing once past 100%."""
    for i in range(len(group) - 1):
        run = interval(group[i].share.quantity)
        slack = Decimal(1).scaleb(-group[i].share.quantity.decimals)
        for share in group[i + 1 :]:
            run = run + interval(share.share.quantity)
            slack += Decimal(1).scaleb(-share.share.quantity.decimals)
            if run.low > 100:
                break
            if run.high + slack >= 100:
                return True
    return False


def _complete(group: list[Share]) -> bool:
    """The items are all the parts of one identity ("三公" = 出国 + 公务用车 + 公务接待)."""
    labels = [f"{s.part.label}|{s.part.quantity.label}" if s.part.quantity.label else s.part.label for s in group]
    return complete_by_identity(labels)


def _short_of_whole(group: list[Share], shares_total: Interval) -> bool:
    """Below 100% by more than truncating every share could lose (one unit of its last digit each)."""
    slack = sum((Decimal(1).scaleb(-s.share.quantity.decimals) for s in group), Decimal(0))
    return shares_total.high + slack < 100


def _share_groups(statements) -> list[list[Share]]:
    """Runs of shares with no known whole in the same or consecutive paragraphs."""
    groups: list[list[Share]] = []
    running = Interval.exact(0)  # the shares of the last group added up
    for share in statements:
        if not isinstance(share, Share) or share.whole is not None or share.named:
            continue
        if (
            groups
            and share.sentence.index - groups[-1][-1].sentence.index <= 1
            and not _opens_own_list(share, groups[-1][-1])
            and not _follows_whole_breakdown(share, groups[-1][-1], running)
        ):
            groups[-1].append(share)
            running = running + interval(share.share.quantity)
        else:
            groups.append([share])
            running = interval(share.share.quantity)
    return [g for g in groups if len(g) >= 2]


def _follows_whole_breakdown(share: Share, previous: Share, running: Interval) -> bool:
    """收入中：A占P%，B占Q%。 then 支出中：C占R%…: shares that already make up a whole (100%) by the
    end of their paragraph are one breakdown; the next paragraph's divide another whole."""
    return share.sentence.paragraph is not previous.sentence.paragraph and running.contains(100)


def _listed_share_groups(statements) -> list[list[Share]]:
    """The shares of one list paired with the list's amounts, of one stated whole."""
    groups: dict[tuple[int, int], list[Share]] = {}
    for share in statements:
        if isinstance(share, Share) and share.listed and share.whole is not None:
            groups.setdefault((id(share.sentence), id(share.whole)), []).append(share)
    return [g for g in groups.values() if len(g) >= 2]


def _opens_own_list(share: Share, previous: Share) -> bool:
    """本年收入合计X，其中：A…占P%。 then 本年支出合计Y。其中：B…占Q%。: a paragraph whose shares follow
    its own 其中 divides its own whole, not the previous paragraph's."""
    para = share.sentence.paragraph
    return para is not previous.sentence.paragraph and "其中" in para.text[: share.part.start]


_NAMED_WINDOW = 6  # paragraphs within which the same name means the same whole


def _named_share_groups(statements) -> list[list[Share]]:
    """Shares of the same named, unstated whole in nearby paragraphs."""
    groups: dict[str, list[list[Share]]] = {}
    for share in statements:
        if (
            not isinstance(share, Share)
            or share.whole is not None
            or not share.named
            or not share.part.quantity.value
            or interval(share.share.quantity).contains_zero()
        ):
            continue
        runs = groups.setdefault(share.named, [])
        if runs and share.sentence.index - runs[-1][-1].sentence.index <= _NAMED_WINDOW:
            runs[-1].append(share)
        else:
            runs.append([share])
    return [run for runs in groups.values() for run in runs if len(run) >= 2]


class TotalsUnbalanced(Rule):
    """Receipts and spending totals stated together are not equal.

    What it checks:
        "收、支总计各是X、Y万元" / "收入、支出总计分别为X、Y万元": the two totals of a budget or of
        final accounts balance by construction (收入总计 = 支出总计, the carry-overs included), so X
        and Y must be equal as stated.

    Why it matters:
        Unequal totals mean one of them is not the total at all (often 本年收入合计 or 本年支出合计
        written under the name 总计), and every figure derived from it is off.

    Example (flagged):
        ```text
        2024年度收、支总计各是2,310.40、2,356.10万元。
        ```

    Compliant:
        ```text
        2024年度收、支总计各是2,356.10、2,356.10万元。
        ```
    """

    code = "SUM003"
    name = "totals-unbalanced"
    category = "arith.sum"
    message = "收入总计与支出总计应相等：文中收入总计为{first}，支出总计为{stated}"

    def check(self, ctx: Context) -> Iterable[Result]:
        for pair in ctx.statements:
            if not isinstance(pair, PairedTotals):
                continue
            if interval(pair.receipts.quantity).overlaps(interval(pair.spending.quantity)):
                yield Outcome.passed()
                continue
            unit = pair.spending.quantity.unit
            yield self.finding(
                ctx,
                loc(pair.spending, pair.sentence),
                first=shown(pair.receipts.quantity, unit),
                stated=pair.spending.quantity.text.strip(),
                expected=shown(pair.receipts.quantity, unit),
                related=(loc(pair.receipts, pair.sentence),),
            )


class RunningTotalMismatch(Rule):
    """An amount built step by step in one sentence is not the result of its steps.

    What it checks:
        "本级收入A万元，加上级补助收入B万元，调入资金C万元，收入总计D万元" / "收入总计X万元，减支出总计
        Y万元，滚存结余Z万元": a step opens with 加, 加上, 再加 or 减, 减去, 扣除 as a word (加强, 减少
        open none) and names what it adds or takes; an amount without such a word carries on the step
        before it. The first total (总计, 合计, 总收入 …; a balance — 结余, 余额 — after a subtraction)
        with no carried amount after it is the result, and must be the first amount plus and minus
        the steps, within the precision they are shown at. When every step names its own sign the
        reading is certain and a mismatch is an error; when an amount was carried on the step before
        it, a warning (it may have been a part of the amount before it, named without 其中).

    Why it matters:
        Government final accounts build their totals this way (本级收入 + 上级补助 + 调入资金 = 收入
        总计; 收入总计 − 支出总计 = 滚存结余); a step that does not give its result misstates the
        balance every later figure is read against.

    Example (flagged):
        ```text
        全县一般公共预算收入36,500万元，加上级补助收入128,400万元，再加调入资金2,100万元，收入总计168,000万元。
        ```

    Compliant:
        ```text
        全县一般公共预算收入36,500万元，加上级补助收入128,400万元，再加调入资金2,100万元，收入总计167,000万元。
        ```
    """

    code = "SUM005"
    name = "running-total-mismatch"
    category = "arith.sum"
    message = "逐项加减的结果不符：{expr} = {expected}，文中{what}为{stated}"

    def check(self, ctx: Context) -> Iterable[Result]:
        for chain in ctx.statements:
            if not isinstance(chain, Chain):
                continue
            result = chain.result
            steps = [_part_iv(item, result) if sign > 0 else -_part_iv(item, result) for sign, item in chain.steps]
            stated = interval(result.quantity)
            computed = total([_part_iv(chain.start, result), *steps])
            how = agreement(stated, computed, result.quantity.decimals)
            if not how.consistent and any(
                agreement(stated, total([_part_iv(start, result), *steps]), result.quantity.decimals).consistent
                for start in chain.other_starts
            ):
                yield Outcome.passed()  # the steps carry on the part a breakdown sentence named
                continue
            if how.consistent:
                yield Outcome.passed() if how is not Agreement.TRUNCATION else Outcome.uncertain()
                continue
            if any(
                agreement(
                    stated, total([computed, *(_part_iv(i, result) * sign for i in items)]), result.quantity.decimals
                ).consistent
                for sign, items in chain.other_steps
            ):
                yield Outcome.uncertain()  # the last parts of a step's breakdown may be steps of their own
                continue
            unit = result.quantity.unit
            places = max(i.quantity.decimals for i in (chain.start, *(item for _, item in chain.steps)))
            expr = shown(chain.start.quantity, unit) + "".join(
                f" {'+' if sign > 0 else '−'} {shown(item.quantity, unit)}" for sign, item in chain.steps
            )
            yield self.finding(
                ctx,
                loc(result, chain.sentence),
                severity=None if chain.all_marked else "warning",
                what=result.label or "结果",
                expr=expr,
                expected=fmt(computed.nominal / scale(unit), places),
                stated=result.quantity.text.strip(),
                related=tuple(loc(item, chain.sentence) for item in (chain.start, *(i for _, i in chain.steps))),
            )


class ScoreTotalMismatch(Rule):
    """A total score stated after the line scores does not equal their sum.

    What it checks:
        "预算执行率得分x分，产出指标得分y分，效益指标得分z分，满意度指标得分w分，自评总分T分" —
        three or more line scores (得分) of one paragraph followed by a total (总分, 总得分,
        综合得分 …); weights (分值, 权重) and deductions (扣分) are not line scores. Lines that
        add up to more than the total are an error; lines that fall short are a warning, as a
        line (成本指标) may have been left unmentioned. The total may come first, its lines after
        其中 ("自评得分T分，其中：预算执行率得分x分，…"): lines that add up to more are an error, and
        lines that fall short are no finding (such a list may name only some of the lines) unless
        the weights stated beside them make up the full marks (then it is every line: an error).
        A whole-number line score beside one with decimals is read to those decimals (a writer
        who prints 9.5 prints 45.6 as 45.6); a sum that fails only so read is a warning.

    Why it matters:
        The total decides the grade (优 ≥ 90); a total that its own lines do not give is a
        misstated result.

    Example (flagged):
        ```text
        预算执行率得分9.00分，产出指标得分48.50分，效益指标得分27.00分，满意度指标得分9.50分，自评总分95.00分。
        ```

    Compliant:
        ```text
        预算执行率得分9.00分，产出指标得分48.50分，效益指标得分27.00分，满意度指标得分9.50分，自评总分94.00分。
        ```
    """

    code = "SUM004"
    name = "score-total-mismatch"
    category = "arith.score"
    message = "各项得分之和与总分不符：{expr_shown} = {expected}，文中为{stated}"

    def check(self, ctx: Context) -> Iterable[Result]:
        for st in ctx.statements:
            if not isinstance(st, ScoreTotal):
                continue
            stated = interval(st.total)
            as_printed = total([interval(q) for q in st.parts])
            summed = total(at_finest_precision(list(st.parts)))
            how = agreement(stated, summed, st.total.decimals)
            if how.consistent:
                yield Outcome.uncertain() if how is Agreement.TRUNCATION else Outcome.passed()
                continue
            if st.listed_after and summed.high < stated.low and not _every_line_weighed(ctx, st):
                yield Outcome.uncertain()  # 总分z，其中… may name only some of the lines
                continue
            # lines short of the total may leave one unmentioned, unless their weights make up the full marks
            short = summed.high < stated.low and not _every_line_weighed(ctx, st)
            loose = agreement(stated, as_printed, st.total.decimals).consistent
            places = max(max(q.decimals for q in st.parts), st.total.decimals)
            expr = " + ".join(fmt(q.value, q.decimals) for q in st.parts)
            yield self.finding(
                ctx,
                st.total.location,
                severity="warning" if short or loose else None,
                expr_shown=expr,
                expr=expr,
                stated=st.total.text.strip(),
                expected=fmt(summed.nominal, places),
                related=tuple(q.location for q in st.parts),
            )


def _every_line_weighed(ctx: Context, st: ScoreTotal) -> bool:
    """其中：A分值10分，得分9.5分；…: lines whose weights add up to the full marks are all the lines."""
    full = Decimal(str(policy(ctx.config.scoring_policy)["weights_total"]))
    return bool(st.weights) and sum(w.value for w in st.weights) == full


RULES = (
    PartsDoNotAddUp,
    ShareMismatch,
    IdentityMismatch,
    PartUnitSlip,
    BreakdownSharesInconsistent,
    RunningTotalMismatch,
    TotalsUnbalanced,
    ScoreTotalMismatch,
)
