"""Budget ratios and differences stated with their operands.

* Rate: 执行率/控制率 = 执行 ÷ 预算; 预算调整率 = 调整数 ÷ 年初预算; 预决算差异率 = (决算 − 预算)
  ÷ 预算; 完成年初预算的X% = 执行 ÷ 年初预算. Operands are the amounts of the same sentence,
  before the rate, recognised by the words leading to them.
* Difference: 结转结余 = 预算 − 执行, and 调整后预算 = 年初预算 ± 调整数. When the budget of a
  结转结余 sentence was stated in an earlier paragraph, it is used only if the sentence's own
  执行率 confirms it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, replace

from checker.arith import percent
from checker.lexicon import alternation, load_yaml
from checker.model import fast_init
from checker.statements.chain import step_sign
from checker.statements.composition import opens_list
from checker.statements.cues import patterns
from checker.statements.sentences import Item, Sentence, core_name

_P = patterns()
_BROUGHT_IN = re.compile(r"年初|上年")
_ACTUAL_WORD = re.compile(r"执行|实际|决算")


@fast_init  # made by the hundred per check
@dataclass(frozen=True, slots=True)
class Rate:
    """``numerators``/``denominators`` list the candidate amounts, the most likely first (a
    sentence may state two budgets); the rate is consistent when any pair gives it."""

    kind: str  # execution | control | adjustment | variance | initial
    rate: Item
    sentence: Sentence
    numerators: tuple[Item, ...]  # executed amount, or the adjustment
    denominators: tuple[Item, ...]  # budget, or the year-start budget
    full_budget: Item | None = None  # adjustment rate: 年初 = 全年 − 调整数 when 年初 is not stated
    adjust_down: bool = False
    others: tuple[Item, ...] = ()  # amounts of the same stretch whose words name no role
    budget_sentence: Sentence | None = None  # an earlier sentence, when the budget stands there
    # where no amount is named a budget: the total allotted (资金总额) is the base, or the amount
    # left unpaid is added to the amount paid (支付X，未支付Y); the base is then inferred
    remainder: Item | None = None
    base: str = "budget"  # budget | allotted | remainder


@dataclass(frozen=True)
class Difference:
    kind: str  # carry (结转结余 = 预算 − 执行) | adjusted (调整后 = 年初 ± 调整数)
    result: Item
    minuend: Item
    subtrahend: Item
    sentence: Sentence
    minuend_sentence: Sentence
    corroborated_by: Item | None = None  # the 执行率 that confirms a budget from another paragraph
    sign: int = -1  # -1: minuend − subtrahend; +1: minuend + subtrahend
    subtrahend_sentence: Sentence | None = None  # where the subtrahend stands, when not in ``sentence``
    # offset: other (receipts, spending, brought-in or None) totals of the same stretch the balance may
    # be of (收入总计 beside 本年收入合计; a balance brought in from last year added or not)
    alternatives: tuple[tuple[Item, Item, Item | None], ...] = ()


def operand_role(item: Item, inline_base: bool = False) -> str | None:
    """``inline_base``: the amount stands inside its rate's own words (占年度预算W万元的Z%), where
    占 opens the rate, not a share of another whole."""
    if item.kind != "money" or not inline_base and _P.not_operand.search(item.clause):
        return None
    clause = _P.book_account.sub("", item.clause)
    if _P.carry.search(clause):
        # 年初结转和结余 came in from last year; only this year's 结转结余 is budget − spending
        return None if _BROUGHT_IN.search(clause) else "carry"
    if _P.adjust.search(clause):
        return "adjust"
    if _P.budget.search(clause) and not _ACTUAL_WORD.search(clause):
        if _P.initial.search(clause):
            return "initial"
        return "full" if _P.full.search(clause) else "budget"
    if _P.remainder.search(clause):
        return "remainder"
    if _P.actual.search(clause):
        return "actual"
    if _P.allotted.search(clause):
        return "allotted"
    return None


def _roles(items: list[Item]) -> dict[str, list[Item]]:
    """Amounts by role, in sentence order: the first of several is usually the total that a
    其中 list of parts follows."""
    found: dict[str, list[Item]] = {}
    for item in items:
        name = operand_role(item)
        if name:
            found.setdefault(name, []).append(item)
    return found


def _roles_and_others(items: list[Item]) -> tuple[dict[str, list[Item]], tuple[Item, ...]]:
    """``_roles`` and the amounts whose words name no role, each item's role asked once."""
    found: dict[str, list[Item]] = {}
    others = []
    for item in items:
        name = operand_role(item)
        if name:
            found.setdefault(name, []).append(item)
        elif item.kind == "money" and not _P.not_operand.search(item.clause):
            others.append(item)
    return found, tuple(others)


def _budgets(roles: dict[str, list[Item]], prefer_full: bool) -> tuple[Item, ...]:
    order = ("full", "budget", "initial") if prefer_full else ("budget", "full", "initial")
    return tuple(i for k in order for i in roles.get(k, ()))


def find_rates(paragraph_sentences: list[list[Sentence]]) -> list[Rate]:
    out: list[Rate] = []
    for p_index, sents in enumerate(paragraph_sentences):
        for s_index, sentence in enumerate(sents):
            start = 0
            for k, item in enumerate(sentence.items):
                if item.kind != "percent":
                    continue
                kind = rate_kind(item) or inline_kind(sentence.items, k)
                counted = _P.counted_rate.search(item.clause) is not None
                if kind is None and not counted or band_edge(sentence, item):
                    continue
                scope = [i for i in sentence.items[start:k] if i.depth == item.depth]
                start = k + 1
                roles, others = _roles_and_others(scope)
                if kind and scope and scope[-1] is sentence.items[k - 1] and item.bare_gap.strip() == "的":
                    base = scope[-1]
                    role = operand_role(base, inline_base=True)
                    if role in ("budget", "full", "initial") and not any(base in found for found in roles.values()):
                        roles.setdefault(role, []).append(base)
                        others = tuple(o for o in others if o is not base)
                if kind == "carry":
                    out.append(_carry_rate(item, sents, s_index, scope))
                    continue
                rate = None if kind is None else replace(_rate(kind, item, sentence, roles), others=others)
                if counted and (rate is None or not rate.numerators and not rate.denominators):
                    rate = _counted_completion(item, sentence, scope) or rate
                if rate is None:
                    continue
                earlier = next((e for e in reversed(sents[:s_index]) if any(i.kind == "money" for i in e.items)), None)
                if counted and not rate.numerators and any(i.kind == "count" for i in scope):
                    # 开展活动130场，…，活动完成率100%: a completion rate after counts of its own is of
                    # the work counted, not of the money spent in the sentence before
                    earlier = None
                if rate.kind in _BUDGET_RATES and not rate.denominators and earlier is not None:
                    if rate.numerators and _breakdown(earlier):
                        rate = _whole_budget_above(rate, sents[:s_index])
                    else:
                        rate = _operands_before(rate, earlier)
                elif rate.kind in _BUDGET_RATES and not rate.denominators and rate.numerators and p_index:
                    rate = _budget_by_period(rate, paragraph_sentences[p_index - 1])
                out.append(rate)
    return out


_BUDGET_RATES = ("execution", "control", "initial", "completion")


def _carry_rate(item: Item, sents: list[Sentence], s_index: int, scope: list[Item]) -> Rate:
    """年末结转结余C，结转结余率Z%: Z = C ÷ the full-year budget, or ÷ this year's receipts — the base the
    rate's words name (结转结余率（按全年预算数计算）, 结余率（结转结余÷本年收入）), else either. The amounts are those
    before the rate in its paragraph, the nearest sentence holding one of each kind; a rate with none
    is read all the same (held to nothing), as a rate of a known kind with no amounts is."""
    words = item.bare_gap
    named_budget, named_receipts = _P.carry_base_budget.search(words), _P.carry_base_receipts.search(words)
    sentence = sents[s_index]
    stretch = [(sentence, [i for i in scope if i.depth == 0])]
    stretch += [(s, [i for i in s.items if i.depth == 0]) for s in reversed(sents[:s_index])]
    carries: tuple[Item, ...] = ()
    bases: list[Item] = []
    base_sentence = None
    for where, items in stretch:
        if not carries:
            carries = tuple(i for i in items if operand_role(i) == "carry")
        found = [i for i in items if _carry_base(i, named_budget is not None, named_receipts is not None)]
        if found and not bases:
            bases, base_sentence = found, where
    named = named_budget is not None or named_receipts is not None
    return Rate(
        "carry",
        item,
        sentence,
        carries,
        tuple(bases),
        budget_sentence=None if base_sentence is sentence else base_sentence,
        base="budget" if named else "either",
    )


def _carry_base(item: Item, budget: bool, receipts: bool) -> bool:
    """Whether ``item`` may be a 结转结余率's base: a full-year budget, or this year's receipts (not the
    balance brought in); ``budget``/``receipts`` say which the rate's words name."""
    if item.kind != "money" or _P.brought_in.search(item.bare_clause):
        return False
    is_budget = operand_role(item) in ("budget", "full")
    is_receipts = _P.carry_base_receipts.search(item.bare_clause) is not None and not is_budget
    if budget or receipts:
        return is_budget and budget or is_receipts and receipts
    return is_budget or is_receipts


def _counted_completion(item: Item, sentence: Sentence, scope: list[Item]) -> Rate | None:
    """计划培训1200人次，实际培训1260人次，完成率105% (or what was done first: 完成4.2万剂次，年度目标为4万剂次):
    one count planned and one count done, of one unit, and no amount of money read as either — the
    completion rate is done ÷ planned. A count left undone beside them (未完成3个) is neither."""
    counts = [
        i
        for i in scope
        if i.kind == "count" and not _P.counted_not.search(i.clause) and not _P.counted_undone.search(i.clause)
    ]
    planned = [i for i in counts if _P.counted_plan.search(i.clause)]
    done = [i for i in counts if _P.counted_done.search(i.clause) and not _P.counted_plan.search(i.clause)]
    if not planned and len(counts) == 2 and counts[1] in done and counts[0] not in done:
        planned = counts[:1]  # 产出指标30个，完成28个，完成率93.33%: the count before what was done is the plan
    if not done and len(counts) == 2 and counts[1] in planned and counts[0] not in planned:
        done = counts[:1]  # 开展培训120期，计划100期，完成率120%: the count before the plan is what was done
    if len(planned) != 1 or len(done) != 1 or planned[0].quantity.unit != done[0].quantity.unit:
        return None
    if sum(i.quantity.unit == done[0].quantity.unit for i in counts) > 2:
        return None  # 设置指标40个，其中产出指标30个，完成28个: which count the done one is of is not said
    return Rate("completion", item, sentence, (done[0],), (planned[0],))


def band_edge(sentence: Sentence, item: Item) -> bool:
    """执行率达到100%的项目15个, 执行率在90%-100%之间的项目9个, 执行率低于90%的项目4个: a rate that
    bounds a group of projects or units, not the rate of an amount."""
    if item.quantity.op in ("<", ">", "<=", ">="):
        return True
    return _P.rate_band.match(sentence.paragraph.text, item.end) is not None


def rate_kind(item: Item) -> str | None:
    return _kind_of(item.clause)


def _kind_of(words: str) -> str | None:
    return next((name for name, p in _P.rate_kinds if p.search(words)), None)


def inline_kind(items: tuple[Item, ...], k: int) -> str | None:
    """完成年初预算数60999万元的40.4%: the budget stated inside the rate's own words, the rate's
    clause being only the 的 after it."""
    if k == 0 or items[k - 1].kind != "money" or items[k].bare_gap.strip() != "的":
        return None
    return base_kind(items[k - 1])


def base_kind(base: Item) -> str | None:
    """The kind of rate an amount makes when a rate is taken of it (年初预算数W万元的Z%: initial; 完成收入调整预算W的Z%:
    execution, the words naming whose budget it is left out)."""
    kind = _kind_of(base.clause + "的")
    if kind is None and (m := _qualified_budget().search(base.clause)) and not _P.prior_word.search(m.group(2)):
        kind = _kind_of(m.group(1) + m.group(3) + "的")
    return kind


@lru_cache(maxsize=1)
def _qualified_budget() -> re.Pattern[str]:
    words = load_yaml("cues_change.yaml")["qualified_inline_rate"]
    return re.compile(
        rf"({alternation(words['verbs'])})([^，,；;。：:]{{1,{words['max_between']}}}?)({alternation(words['stages'])})\s{{0,2}}$"
    )


def _operands_before(rate: Rate, previous: Sentence) -> Rate:
    """预算为X万元。…支出决算为Y万元，完成预算的Z% (为年初预算的Z%) — or both amounts in the sentence before
    (…预算X万元，实际支出Y万元。预算执行率为Z%。). ``previous`` is the nearest earlier sentence
    of the paragraph that states an amount; it is taken when it states exactly one budget and,
    when the rate's own sentence states no spending, exactly one amount spent."""
    roles = _roles([i for i in previous.items if i.depth == 0])
    # 为年初预算的Z% is measured from the year-start budget only
    budgets = tuple(roles.get("initial", ())) if rate.kind == "initial" else _budgets(roles, prefer_full=True)
    if not budgets and rate.kind == "execution" and rate.numerators:
        budgets = _budget_named_before(previous)
    # 年初预算W，追加A，全年预算B。执行X，执行率Z%: one full-year budget among several is the execution
    # rate's base; the others stay candidates (a report may measure from the year-start budget)
    one_full = rate.kind == "execution" and len(roles.get("full", ())) == 1
    if len(budgets) != 1 and not one_full:
        return rate
    if rate.numerators:
        if "actual" in roles or any(_another_subject(budgets[0], spent) for spent in rate.numerators):
            return rate
        return replace(rate, denominators=budgets, budget_sentence=previous, remainder=None, base="budget")
    actual = roles.get("actual", [])
    if (
        len(actual) != 1
        or rate.others
        or any(i.kind == "money" for i in rate.sentence.items if i.end <= rate.rate.start)
    ):
        return rate
    return replace(
        rate, numerators=tuple(actual), denominators=budgets, budget_sentence=previous, remainder=None, base="budget"
    )


def _budget_by_period(rate: Rate, previous: list[Sentence]) -> Rate:
    """The last of ``previous`` that names the budget the rate is of by its period (年初 for 为年初预算的Z%, else
    全年 or 调整后), read as a sentence before the rate's own (``_operands_before``). ``previous`` is the rate's
    paragraph before it when a breakdown of the budget stands between (全年预算B。按资金来源分，一般公共预算A，…。
    全年支出Y，执行率Z%), or the paragraph just before one that opens with the amount spent and its rate (（一）收入
    情况。全年预算数X万元，其中…。（二）支出情况。全年支出Y，执行率Z%). A breakdown is passed over, and so is a
    plain 预算X of one item of a list (2、培训项目：预算8万元。), of which a paragraph of the unit's totals after it is
    no part."""
    wanted = "initial" if rate.kind == "initial" else "full"
    named = next((e for e in reversed(previous) if any(operand_role(i) == wanted for i in e.items)), None)
    return rate if named is None else _operands_before(rate, named)


def _breakdown(sentence: Sentence) -> bool:
    """按资金来源分，一般公共预算A，其他资金B: several amounts, none a budget named by its period — the parts of a
    budget, of which one may say 预算 and still not be the budget an execution rate is of. A budget opening the
    sentence and split after it (项目预算X，其中：A，B) is the rate's budget with its parts, no breakdown."""
    amounts = [i for i in sentence.items if i.depth == 0 and i.kind == "money"]
    if len(amounts) < 2 or any(operand_role(i) in ("full", "initial") for i in amounts):
        return False
    first = amounts[0]
    return not (operand_role(first) == "budget" and opens_list(sentence.paragraph.text, first.end, sentence.end))


def _whole_budget_above(rate: Rate, previous: list[Sentence]) -> Rate:
    """全年预算B。按资金来源分，一般公共预算A，…。全年支出Y，执行率Z%: the rate of the unit's whole spending, a
    breakdown of its budget just before it, is of the budget named by its period further up; spending of a named
    thing (会议费实际支出X) may be of one of the parts, and is left unread."""
    if any(_P.generic_subject.sub("", core_name(spent.bare_clause)) for spent in rate.numerators):
        return rate  # the clause's own words, not the label, which a generic 全年实际支出 may carry over
    return _budget_by_period(rate, previous)


def _another_subject(budget: Item, spent: Item) -> bool:
    """预算安排培训经费W。会议费实际支出X，执行率Z%: the budget before and the amount spent each name
    what they are of, and not the same thing (the words any budget or payment may hold aside)."""
    a, b = (_P.generic_subject.sub("", core_name(item.quantity.label or "")) for item in (budget, spent))
    return bool(a and b) and not (a.endswith(b) or b.endswith(a))


def _budget_named_before(previous: Sentence) -> tuple[Item, ...]:
    """本年预算安排专项资金项目113个，财政资金X万元。: a sentence that states one amount, of no role by its
    own words, and names the budget in a clause before it (and nothing spent, no rate or change): that
    amount is the budget."""
    money = [i for i in previous.items if i.depth == 0 and i.kind == "money"]
    if len(money) != 1 or operand_role(money[0]) is not None or any(i.kind == "percent" for i in previous.items):
        return ()
    # 一般公共预算收入X names a budget book's receipts, not a budget
    lead = _P.book_account.sub("", previous.paragraph.text[previous.start : money[0].start])
    if not _P.budget.search(lead) or _P.actual.search(lead) or _P.not_operand.search(previous.text):
        return ()
    return (money[0],)


def _rate(kind: str, item: Item, sentence: Sentence, roles: dict[str, list[Item]]) -> Rate:
    actual = tuple(roles.get("actual", ()))
    if kind in ("execution", "control", "completion"):
        budgets = _budgets(roles, prefer_full=True)
        if budgets or kind != "execution" or len(actual) != 1:
            return Rate(kind, item, sentence, actual, budgets)
        return _inferred_base(item, sentence, actual, roles)
    if kind == "initial":
        return Rate(kind, item, sentence, actual, tuple(roles.get("initial", ())))
    if kind == "variance":
        return Rate(kind, item, sentence, actual, _budgets(roles, prefer_full=False))
    adjust = tuple(roles.get("adjust", ()))
    down = bool(adjust and _P.adjust_down.search(adjust[0].clause))
    full = roles.get("full", [None])[0]
    return Rate(kind, item, sentence, adjust, tuple(roles.get("initial", ())), full, down)


def _inferred_base(item: Item, sentence: Sentence, actual: tuple[Item, ...], roles: dict[str, list[Item]]) -> Rate:
    """An execution rate whose stretch names no budget but one amount paid: its base is the one
    total allotted (项目资金总额X…拨付使用Y，执行率Z%), else the amount paid plus the one amount
    left unpaid after it (支付Y，未支付R，支付率Z%: Z = Y ÷ (Y + R))."""
    allotted, left = roles.get("allotted", []), roles.get("remainder", [])
    if len(allotted) == 1 and not left and not _yearly_share(sentence, allotted[0], actual[0]):
        return Rate("execution", item, sentence, actual, tuple(allotted), base="allotted")
    if len(left) == 1 and not allotted and left[0].start > actual[0].start:
        return Rate("execution", item, sentence, actual, (), remainder=left[0], base="remainder")
    return Rate("execution", item, sentence, actual, ())


def _yearly_share(sentence: Sentence, allotted: Item, paid: Item) -> bool:
    """资金总额X，分三年安排，2023年拨付Y: a year or a split named between the total and the amount
    paid makes the payment one year's share, measured from that year's allotment, not from X."""
    if paid.start < allotted.end:
        return False
    return _P.allotted_share.search(sentence.paragraph.text, allotted.end, paid.start) is not None


def find_differences(paragraph_sentences: list[list[Sentence]]) -> list[Difference]:
    out: list[Difference] = []
    for p_index, sents in enumerate(paragraph_sentences):
        for s_index, sentence in enumerate(sents):
            amounts = [i for i in sentence.items if i.depth == 0 and i.kind == "money"]
            if not amounts or len(amounts) < 2 and (not s_index or operand_role(amounts[0]) != "carry"):
                continue  # a difference pairs two roles, and only an amount takes one
            every = _roles(amounts)
            roles = {k: v[0] for k, v in every.items()}
            if "carry" in roles and "actual" in roles and not _added_on(amounts, roles["carry"]):
                found = _carry(paragraph_sentences, p_index, sentence, roles, every["actual"])
                if found is not None:
                    out.append(found)
            elif set(roles) == {"carry"} and s_index:
                found = _carry_after(sents[:s_index], sentence, roles["carry"])
                if found is not None:
                    out.append(found)
            if "adjust" in roles and "initial" in roles and "full" in roles:
                down = bool(_P.adjust_down.search(roles["adjust"].clause))
                out.append(
                    Difference(
                        "adjusted",
                        roles["full"],
                        roles["initial"],
                        roles["adjust"],
                        sentence,
                        sentence,
                        sign=-1 if down else 1,
                    )
                )
    return out


def find_offsets(paragraph_sentences: list[list[Sentence]]) -> list[Difference]:
    """收入合计R…支出合计S。上述收支相抵，年终结余B: B = R − S (+ the balance brought in, when R is
    this year's receipts only), the totals taken from the stretch before B: its own sentence, its
    paragraph and the two paragraphs before, back to an earlier offset."""
    out: list[Difference] = []
    for p_index, sents in enumerate(paragraph_sentences):
        for s_index, sentence in enumerate(sents):
            # the cue stands in an amount's own gap: one search of the gaps joined spares the sentences with none
            if _P.offset_cue.search("".join([i.bare_gap for i in sentence.items])) is None:
                continue
            for k, item in enumerate(sentence.items):
                if item.kind != "money" or item.depth or not _P.offset_cue.search(item.bare_gap):
                    continue
                if not _P.offset_balance.search(item.bare_clause):
                    continue
                found = _offset(paragraph_sentences, p_index, s_index, k)
                if found is not None:
                    out.append(found)
    return out


def _offset(paragraph_sentences: list[list[Sentence]], p_index: int, s_index: int, k: int) -> Difference | None:
    sentence = paragraph_sentences[p_index][s_index]
    sides: dict[str, list[tuple[Item, Sentence]]] = {"receipts": [], "spending": [], "brought_in": []}
    stretch = [(sentence, sentence.items[:k])]
    stretch += [(s, s.items) for s in paragraph_sentences[p_index][:s_index][::-1]]
    for sents in paragraph_sentences[max(0, p_index - 2) : p_index][::-1]:
        stretch += [(s, s.items) for s in sents[::-1]]
    for earlier, items in stretch:
        if earlier is not sentence and _P.offset_cue.search(earlier.paragraph.text[earlier.start : earlier.end]):
            break  # the totals before an earlier offset are that offset's
        for item in items[::-1]:
            side = _offset_side(item)
            if side is not None:
                sides[side].append((item, earlier))
        if sides["receipts"] and sides["spending"] and earlier is not sentence:
            break
    receipts, spending = sides["receipts"][:2], sides["spending"][:2]
    if not receipts or not spending:
        return None
    brought = [b for b, _ in sides["brought_in"][:1]]
    alternatives = tuple((r, s, b) for r, _ in receipts for s, _ in spending for b in (None, *brought))
    (r, r_sentence), (s, s_sentence) = receipts[0], spending[0]
    return Difference(
        "offset",
        sentence.items[k],
        r,
        s,
        sentence,
        r_sentence,
        subtrahend_sentence=s_sentence,
        alternatives=alternatives[1:],
    )


def _offset_side(item: Item) -> str | None:
    """Which total of an offset ``item`` is (receipts, spending), or a balance brought in; None if none."""
    if item.kind != "money" or item.depth:
        return None
    clause = item.bare_clause
    if _P.brought_in.search(clause):
        return "brought_in"
    if not _P.offset_total.search(clause):
        return None
    receipts, spending = _P.offset_receipts.search(clause), _P.offset_spending.search(clause)
    if receipts and not spending:
        return "receipts"
    return "spending" if spending and not receipts else None


def _added_on(amounts: list[Item], carry: Item) -> bool:
    """…支出A，加上上解支出B、结转下年C，支出总计D: when the nearest step before it adds, the carry
    is one more term of a running total (checked as a chain), not the budget less the spending;
    after 减去支出Y (…，结余Z) it is what the subtraction leaves."""
    signs = [sign for i in amounts if i.end <= carry.start and (sign := step_sign(i))]
    return bool(signs) and signs[-1] > 0


def _carry(
    paragraph_sentences: list[list[Sentence]],
    p_index: int,
    sentence: Sentence,
    roles: dict[str, Item],
    actuals: list[Item],
) -> Difference | None:
    carry, actual = roles["carry"], roles["actual"]
    budget = next((roles[k] for k in ("full", "budget") if k in roles), None)
    if budget is not None:
        # the spending taken from a budget follows it: in "…减还本支出A，预算总收入B，减去支出C，结余D"
        # the spending before the budget is a step of the sum that gives it
        taken = [a for a in actuals if budget.start < a.start < carry.start]
        if len(taken) > 1:
            return None  # …减上解支出A，再减支出B，结余C: a running total (SUM005), not one difference
        actual = next((a for a in actuals if a.start > budget.start), actual)
        return Difference("carry", carry, budget, actual, sentence, sentence)
    rate = next((i for i in sentence.items if i.kind == "percent" and rate_kind(i) == "execution"), None)
    if rate is None:
        return None
    for sents in paragraph_sentences[max(0, p_index - 2) : p_index][::-1]:
        for earlier in sents:
            for item in earlier.items:
                if operand_role(item) in ("budget", "full") and _confirms(rate, actual, item):
                    return Difference("carry", carry, item, actual, sentence, earlier, corroborated_by=rate)
    return None


def _carry_after(before: list[Sentence], sentence: Sentence, carry: Item) -> Difference | None:
    """全年预算数B，实际执行数A，执行率Z%。年末结转结余C: a carry stated in a sentence of its own is the
    budget less the spending of the nearest earlier sentence of its paragraph that states one of each
    (and nothing else of a role; the budget may stand in a sentence before the spending), or that plus
    the balance brought in (年初结转结余R) the paragraph states: budgets often hold last year's balance,
    sometimes not."""
    spent: tuple[Item, Sentence] | None = None
    for earlier in reversed(before):
        roles = _roles([i for i in earlier.items if i.depth == 0])
        budgets = [i for k in ("full", "budget") for i in roles.get(k, ())]
        actuals = roles.get("actual", [])
        if not budgets and not actuals:
            continue
        if roles.get("carry") or len(actuals) > 1 or len(budgets) > 1 or actuals and spent is not None:
            return None
        if not budgets:  # 预算B。实际支出A，执行率Z%。结转结余C: the spending's sentence names no budget
            spent = (actuals[0], earlier)
            continue
        if spent is None and not actuals:
            return None
        brought = [
            i
            for s in (*before, sentence)
            for i in s.items
            if i.kind == "money" and i.depth == 0 and _P.brought_in.search(i.bare_clause)
        ]
        budget, (actual, actual_sentence) = budgets[0], spent or (actuals[0], earlier)
        return Difference(
            "carry",
            carry,
            budget,
            actual,
            sentence,
            earlier,
            subtrahend_sentence=actual_sentence,
            alternatives=tuple((budget, actual, b) for b in brought[:1]),
        )
    return None


def _confirms(rate: Item, actual: Item, budget: Item) -> bool:
    whole = budget.quantity.interval
    if whole.contains_zero():
        return False
    return percent(actual.quantity.interval, whole).overlaps(rate.quantity.interval)
