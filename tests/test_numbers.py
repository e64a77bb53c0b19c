"""The pure number finder: forms that occur in real reports, each with its expected reading."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checker.normalize import normalize
from checker.numbers import find_codes, find_quantities, parse_chinese_numeral, parse_decimal, scale


def one(text: str, **kw):
    found = find_quantities(normalize(text), **kw)
    assert len(found) == 1, found
    return found[0]


def kinds(text: str, **kw):
    return [(q.text, q.kind) for q in find_quantities(normalize(text), **kw)]


@pytest.mark.parametrize(
    "text, literal, value, unit, decimals",
    [
        ("支出决算数为1,206.50万元，", "1,206.50万元", "12065000", "万元", 2),
        ("减少 10,000.00 万元。", "10,000.00 万元", "100000000", "万元", 2),
        ("其中基本支出 1855.59 万元", "1855.59 万元", "18555900", "万元", 2),
        ("投资完成34亿元，", "34亿元", "3400000000", "亿元", 0),
        ("补助2千万元", "2千万元", "20000000", "千万元", 0),
        ("实际支付37,560.00元", "37,560.00元", "37560", "元", 2),
        ("年末结转和结余９，４１０．３３万元", "9,410.33万元", "94103300", "万元", 2),
        ("安排一千二百万元", "一千二百万元", "12000000", "万元", 0),
        ("整合资金3万余元", "3万余元", "30000", "万元", 0),
    ],
)
def test_money_is_scaled_to_yuan(text, literal, value, unit, decimals):
    q = one(text)
    assert (q.text, q.kind, q.value, q.unit, q.decimals) == (literal, "money", Decimal(value), unit, decimals)


def test_interval_follows_displayed_precision():
    q = one("结余 256.40 万元")
    assert (q.low, q.high) == (Decimal("2563950"), Decimal("2564050"))
    p = one("增长 46%")
    assert (p.low, p.high) == (Decimal("45.5"), Decimal("46.5"))


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("下降 100%，主要原因", "100", "%"),
        ("执行率98.7%％", "98.7", "%%"),
        ("增长 593142.15%，", "593142.15", "%"),
        ("完成率为百分之九十八点五", "98.5", "%"),
        ("比上年下降3.5个百分点", "3.5", "个百分点"),
        ("受害率控制在0.9‰以内", "0.09", "‰"),
    ],
)
def test_percent_in_points(text, value, unit):
    q = one(text)
    assert (q.kind, q.value, q.unit) == ("percent", Decimal(value), unit)


def test_signed_table_value():
    q = one("-14.7%", cell=True)
    assert (q.value, q.sign, q.text) == (Decimal("-14.7"), "-", "-14.7%")


@pytest.mark.parametrize(
    "text, op, kind, value",
    [
        ("预期指标值“≥113.79亿元”", ">=", "money", "11379000000"),
        ("=1份", "=", "count", "1"),
        (">=1682人", ">=", "count", "1682"),
        ("大于等于 5 家", ">=", "count", "5"),
        ("≤1.5%", "<=", "percent", "1.5"),
        ("不超过 30 天", "<=", "quantity", "30"),
        ("=207.60亿元", "=", "money", "20760000000"),
    ],
)
def test_comparators(text, op, kind, value):
    q = one(text)
    assert (q.op, q.kind, q.value) == (op, kind, Decimal(value))


@pytest.mark.parametrize(
    "text, op, approx",
    [
        # the longer word wins where a shorter one ends it (低于 ends 不低于, 大于 ends 不大于)
        ("覆盖率不低于95%", ">=", None),
        ("培训不少于 3 次", ">=", None),
        ("误差不大于0.5%", "<=", None),
        ("响应时间不高于 2 天", "<=", None),
        ("成本低于 80 万元", "<", None),
        ("受益人数大于 300 人", ">", None),
        ("结余不超过约 12 万元", "<=", "约"),
        ("将近 40 人参加", None, "将近"),
        ("大约 6 个月", None, "大约"),
    ],
)
def test_words_before_a_number(text, op, approx):
    q = one(text)
    assert (q.op, q.approx) == (op, approx)


@pytest.mark.parametrize(
    "text",
    [
        "全年支出1,206.50万元，较上年增长12.3%，其中三公经费二十万元。",
        "a1 b2 S228 5G 3P km²2 x-5 +7 --3 .5 1.2.3 2024.12.31 百分之九十五 第三个 一家企业",
        "٣ 个 ２ ² ① 十二人 两千万元 零点五 一二三四五六七八九十百千万亿",
        "",
        "没有数字的一句话。",
    ],
)
def test_candidate_scan_finds_what_a_plain_search_finds(text):
    """The candidate scan jumps to the characters a number can start with; it must find every
    candidate, at every offset, that a search tried at each character finds."""
    from checker.numbers import _CANDIDATE, _CANDIDATE_START, jump_search

    for pos in range(len(text) + 1):
        expected, got = _CANDIDATE.search(text, pos), jump_search(_CANDIDATE, _CANDIDATE_START, text, pos)
        assert (got and (got.span(), got.groupdict())) == (expected and (expected.span(), expected.groupdict()))


@pytest.mark.parametrize(
    "text, iso",
    [
        ("截至2024年12月31日，", "2024-12-31"),
        ("开发区 2023 年新建", "2023"),
        ("2024年度部门整体支出", "2024"),
        ("于2024年1月开始实施", "2024-01"),
        ("规划期2018-2022，", "2018/2022"),
        ("补缴2013-2023年社保", "2013/2023"),
        ("2014 年 10 月-2021 年期间", "2014-10/2021"),
        ("填报日期：2025-02-14", "2025-02-14"),
        ("1-6月累计", "--01/--06"),
    ],
)
def test_dates(text, iso):
    q = one(text)
    assert (q.kind, q.iso, q.value) == ("date", iso, None)


def test_months_listed_with_enumeration_comma():
    found = find_quantities("每年 5 月、8 月开展监控")
    assert [q.iso for q in found] == ["--05", "--08"]


def test_deadline_reads_as_upper_bound():
    q = one("=2023年12月31日前")
    assert (q.iso, q.op) == ("2023-12-31", "<=")


@pytest.mark.parametrize(
    "text, kind, value, unit",
    [
        ("共两个园区", "count", "2", "个"),
        ("接待 152 批次，5236 人次", None, None, None),
        ("服务1.5万人次", "count", "15000", "万人次"),
        ("新增3.2万平方米厂房", "quantity", "32000", "万平方米"),
        ("自评得分 9.87 分", "quantity", "9.87", "分"),
        ("标准为4325元／人", "quantity", "4325", "元/人"),
        ("历时12个月", "quantity", "12", "个月"),
    ],
)
def test_counts_and_quantities(text, kind, value, unit):
    if kind is None:
        assert kinds(text) == [("152 批次", "count"), ("5236 人次", "count")]
        return
    q = one(text)
    assert (q.kind, q.value, q.unit) == (kind, Decimal(value), unit)


@pytest.mark.parametrize(
    "text, approx",
    [
        ("约200人参加", "约"),
        ("200余人", "余"),
        ("50%以上", "以上"),
        ("近3年", "近"),
        ("10万元左右", "左右"),
    ],
)
def test_approximation_markers(text, approx):
    assert one(text).approx == approx


@pytest.mark.parametrize(
    "text",
    [
        "64.城乡社区支出（类）",
        "（1）贯彻落实",
        "一、基本概况",
        "1.部门主要职能",
        "第五次全会",
        "二期工程",
        "严格落实中央八项规定和十项规定",
        "S228线",
        "Ⅳ期项目",
        "3P项目",
        "三公经费",
        "一次性补助",
        "5G基站",
        "1.2 项目概况",
        "金额（万元）",
        "千人计划",
        "百家争鸣",
        "详见表3.1",
        "财预〔2024〕15号",
        "树牢四个意识",
        "共同落实",
        "一家企业",
    ],
)
def test_not_quantities(text):
    assert find_quantities(normalize(text)) == []


def test_codes_are_not_prose_quantities_but_are_findable():
    text = "201 06 01 行政运行"
    assert find_quantities(text) == []
    assert [c.code for c in find_codes(text)] == ["2010601"]
    assert [(c.code, c.level) for c in find_codes("2010601")] == [("2010601", 3)]
    assert find_codes("2024") == []


@pytest.mark.parametrize(
    "cell, value",
    [
        ("29,788.39", "29788.39"),
        ("12", "12"),
        ("0\n.00", "0.00"),
        ("1,874,765", "1874765"),
    ],
)
def test_bare_table_cells(cell, value):
    q = one(cell, cell=True)
    assert (q.kind, q.value, q.unit) == ("number", Decimal(value), None)


@pytest.mark.parametrize("cell", ["1.", "2、", "（3）"])
def test_list_markers_in_cells(cell):
    assert find_quantities(cell, cell=True) == []


def test_range_shares_the_unit():
    found = find_quantities("每人补助10-20万元")
    assert [(q.text, q.kind, q.value) for q in found] == [
        ("10", "money", Decimal("100000")),
        ("20万元", "money", Decimal("200000")),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("办公费和印刷费分别为18.40、26.75万元。", [("18.40", "money", "184000"), ("26.75万元", "money", "267500")]),
        (
            "收、支总计各是2310.05,2298.64万元。",
            [("2310.05", "money", "23100500"), ("2298.64万元", "money", "22986400")],
        ),
        (
            "培训、会议和差旅分别为1.20、0.85、3.10万元",
            [("1.20", "money", "12000"), ("0.85", "money", "8500"), ("3.10万元", "money", "31000")],
        ),
        ("上下半年分别为12、9人", [("12", "count", "12"), ("9人", "count", "9")]),
        ("分别下降4.5、2.25个百分点", [("4.5", "percent", "4.5"), ("2.25个百分点", "percent", "2.25")]),
    ],
)
def test_a_list_of_figures_shares_the_unit_after_the_last(text, expected):
    found = find_quantities(normalize(text))
    assert [(q.text, q.kind, q.value) for q in found] == [(t, k, Decimal(v)) for t, k, v in expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        # two statements, each with its own unit (or none): a comma alone does not make a list
        ("得分9.5，扣分0.5分。", [("9.5", "number"), ("0.5分", "quantity")]),
        # a whole number before 、 is a list marker unless 分别/各 announce a list
        ("共3、5人参加", [("5人", "count")]),
        # years and months are dates, never the unit of a list
        ("分别于2023、2024年完成", [("2024年", "date")]),
    ],
)
def test_figures_that_are_not_a_list(text, expected):
    assert kinds(text) == expected


def test_offsets_point_into_the_text():
    text = normalize("比上年增加 31.20 万元，增长 1.39%")
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text


def test_parse_decimal():
    assert parse_decimal("1,206.50") == (Decimal("1206.50"), 2)
    assert parse_decimal("-0.5") == (Decimal("-0.5"), 1)
    with pytest.raises(ValueError):
        parse_decimal("12a")


@pytest.mark.parametrize(
    "numeral, value",
    [
        ("一千二百", 1200),
        ("二百五", 250),
        ("一百零五", 105),
        ("十二", 12),
        ("两", 2),
        ("一亿二千万", 120_000_000),
        ("三万五千", 35_000),
    ],
)
def test_chinese_numerals(numeral, value):
    assert parse_chinese_numeral(numeral) == (Decimal(value), 0)


def test_scale():
    assert [scale(u) for u in ("元", "万元", "亿元", "千万元", "千元")] == [
        Decimal(1),
        Decimal(10_000),
        Decimal(10**8),
        Decimal(10**7),
        Decimal(1000),
    ]


def test_seed_reports_have_no_ordinals_or_markers(seeds_dir):
    """On the real reports no extracted span starts right after 第 and none is a heading marker."""
    from checker.ingest import load_document

    for path in sorted(seeds_dir.glob("*.txt")):
        doc = load_document(path)
        for p in doc.paragraphs():
            for q in find_quantities(p.text):
                assert p.text[q.start : q.end] == q.text
                assert not p.text[: q.start].rstrip().endswith("第"), (path.name, q.text)
                if p.heading is not None:
                    assert not p.heading.marker.strip().startswith(q.text.strip()), (path.name, q.text)


def test_dash_after_a_quantity_is_a_range_not_a_sign():
    found = find_quantities("增幅控制在5%-10%之间，补助5万元-10万元")
    assert [(q.text, q.value) for q in found] == [
        ("5%", Decimal(5)),
        ("10%", Decimal(10)),
        ("5万元", Decimal(50000)),
        ("10万元", Decimal(100000)),
    ]


@pytest.mark.parametrize(
    "text, kind, value",
    [
        ("完成时限为2024.12.31", "date", "2024-12-31"),
        ("新建道路3.6km", "quantity", "3.6"),
        ("防水面积2,400㎡", "quantity", "2400"),
        ("共开展自查2轮", "count", "2"),
    ],
)
def test_dotted_dates_latin_units_and_rounds(text, kind, value):
    q = one(text)
    assert q.kind == kind and (q.iso if kind == "date" else q.value) == (value if kind == "date" else Decimal(value))


@pytest.mark.parametrize(
    "text, kind, value, unit",
    [
        ("2024年1-12月累计", "date", "2024-01/2024-12", None),
        ("合同金额￥1,250,000.00", "money", "1250000.00", "元"),
        ("是上年的1.5倍", "quantity", "1.5", "倍"),
    ],
)
def test_month_ranges_currency_sign_and_multiples(text, kind, value, unit):
    q = one(text)
    assert (q.kind, q.unit) == (kind, unit)
    assert (q.iso if kind == "date" else q.value) == (value if kind == "date" else Decimal(value))


def test_versions_are_not_figures():
    assert find_quantities("系统升级至2.0版，") == []


def test_a_text_read_again_gives_its_numbers_afresh():
    """The numbers of a text are cached; a caller changing its list does not change the next one's."""
    from checker.numbers import find_quantities

    text = "本年支出合计 120.50 万元，比上年增加 10.50 万元。"
    first = find_quantities(text)
    first.clear()
    again = find_quantities(text)
    assert [m.text.strip() for m in again] == ["120.50 万元", "10.50 万元"]
    assert find_quantities(text, cell=True) is not again


def test_a_figure_written_again_keeps_its_own_sign_unit_and_precision():
    """A figure's value is worked out once per literal and unit factor (``_amount``): the same digits
    under another sign or unit, or read again after the memo is emptied, still read as written."""
    from checker.bench import forget_texts
    from checker.numbers import _amount

    text = "收入 1,234.50 万元，退回 -1,234.50 万元，手续费 1,234.50 元，另有 1,234.50。合计 1,234.50 万元。"
    for _ in range(2):
        found = find_quantities(text)
        assert [(q.value, q.low, q.high, q.decimals, q.sign) for q in found] == [
            (Decimal("12345000.00"), Decimal("12344950.000"), Decimal("12345050.000"), 2, None),
            (Decimal("-12345000.00"), Decimal("-12345050.000"), Decimal("-12344950.000"), 2, "-"),
            (Decimal("1234.50"), Decimal("1234.495"), Decimal("1234.505"), 2, None),
            (Decimal("1234.50"), Decimal("1234.495"), Decimal("1234.505"), 2, None),
            (Decimal("12345000.00"), Decimal("12344950.000"), Decimal("12345050.000"), 2, None),
        ]
        assert [q.kind for q in found] == ["money", "money", "money", "number", "money"]
        assert _amount.cache_info().currsize > 0
        forget_texts()
        assert _amount.cache_info().currsize == 0
    assert _amount.cache_info().maxsize is not None  # a batch scan reads thousands of reports


def test_a_unit_is_looked_for_only_after_a_character_it_can_open_with():
    """``_unit_after`` skips its pattern after a character in none of the lexicon's multipliers,
    inner words and bases: wherever the pattern finds a multiplier or a base, it starts with one."""
    import random

    from checker.numbers import _vocab

    vocab = _vocab()
    words = [*vocab.multipliers, *vocab.percent, *vocab.count, *vocab.quantity_set, "元", "余", "多", "/人", "以上"]
    pieces = [*words, " ", "\t", "\n", "，", "。", "（", "、", ".", "5", "年", "度", "的"]
    rng = random.Random(17)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 4)))
        u = vocab.unit_re.match(text)
        if u.group("mult") is not None or u.group("base") is not None:
            assert text[0] in vocab.unit_starts, text


def test_quantities_in_is_find_quantities_shared_by_its_readers():
    from checker.numbers import quantities_in

    text = "基本支出 1,206.50 万元，占 35.2%，项目支出 3 个。"
    for cell in (False, True):
        shared = quantities_in(text, cell=cell)
        assert isinstance(shared, tuple) and shared is quantities_in(text, cell=cell)
        assert list(shared) == find_quantities(text, cell=cell)


def test_unit_factors_of_one_value_are_written_alike():
    """``_amount`` is keyed by the factor, and Decimal("1.0") == Decimal("1") while scaling by them
    writes a figure differently (5.0 against 5): the lexicon's factors of one value must be one Decimal."""
    from checker.numbers import _vocab

    vocab = _vocab()
    seen: dict = {}
    for factor in (*vocab.money.values(), *vocab.multipliers.values(), *vocab.percent.values(), Decimal(1)):
        assert seen.setdefault(factor, factor.as_tuple()) == factor.as_tuple(), factor
