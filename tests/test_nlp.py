"""The spaCy pipeline and ``checker.nlp.extract``: token boundaries, labels, table headers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from checker.ingest import load_document


@pytest.fixture(scope="session")
def nlp():
    from checker.nlp import get_nlp

    return get_nlp()


def _extract_text(tmp_path: Path, text: str):
    from checker.nlp import extract

    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return extract(load_document(path))


def test_numbers_are_whole_tokens(nlp):
    doc = nlp("2023年党建经费支出1,206.50万元")
    words = [t.text for t in doc]
    assert "2023年" in words and "1,206.50万元" in words
    assert [s.text for s in doc.spans["quantities"]] == ["2023年", "1,206.50万元"]


def test_fiscal_terms_stay_whole(nlp):
    words = [t.text for t in nlp("一般公共预算财政拨款支出年初预算为 9,436.64 万元")]
    assert "一般公共预算财政拨款支出" in words or "一般公共预算财政拨款" in words


def test_pipeline_declares_what_it_assigns(nlp):
    from spacy.language import Language

    meta = {name: Language.get_factory_meta(name) for name in nlp.pipe_names}
    assert all(m.assigns for m in meta.values())


@pytest.mark.parametrize(
    "sentence, label, period, measure",
    [
        ("一般公共预算财政拨款支出年初预算为 9,436.64 万元", "一般公共预算财政拨款支出", "年初", "预算数"),
        ("其中：因公出国（境）费支出 0 万元", "因公出国（境）费支出", None, None),
        ("本年基本支出决算数为 268.51 万元", "基本支出", "本年", "决算数"),
        ("该项目预算执行率为 98.7%", "项目预算执行率", None, None),
        ("公务接待费比上年减少 0.92 万元", "公务接待费", None, "增减额"),
        ("“三公”经费支出全年预算数 499.00 万元", "“三公”经费支出", "全年", "预算数"),
    ],
)
def test_labels_period_and_measure(nlp, sentence, label, period, measure):
    doc = nlp(sentence)
    span = doc.spans["quantities"][-1]
    assert (span._.label, span._.period, span._.measure) == (label, period, measure)


def test_clause_without_label_takes_the_sentence_topic(tmp_path):
    text = (
        "“招商引资到位资金增幅率”指标，预期指标值“≥13%”，实际完成值 18.03%，完成率 120%。\n"
        "行政运行（项）:支出决算数为 26.40 万元，比上年决算增加 3.20 万元，增长 13.79%。\n"
    )
    qs = _extract_text(tmp_path, text)
    by_text = {q.text: q for q in qs}
    assert by_text["13%"].label == "招商引资到位资金增幅率" and by_text["13%"].op == ">="
    assert by_text["13%"].measure == "预期指标值"
    assert by_text["18.03%"].label == "招商引资到位资金增幅率"
    assert by_text["26.40 万元"].label == "行政运行" and by_text["26.40 万元"].measure == "决算数"
    assert by_text["13.79%"].label == "行政运行" and by_text["13.79%"].measure == "增减率"
    assert by_text["3.20 万元"].value == Decimal("32000")


def test_table_cells_take_unit_and_label_from_headers(tmp_path):
    rows = [
        ["项目名称", "全年预算数（万元）", "全年执行数（万元）", "执行率(%)", "分值权重", "得分"],
        ["党建工作经费", "120.00", "118.50", "98.75", "10", "9.88"],
    ]
    lines = ["单位：万元", ""]
    for row in rows:
        lines += ["\t" + cell for cell in row] + [""]
    qs = _extract_text(tmp_path, "\n".join(lines) + "\n\n")
    cells = {q.location.block: q for q in qs if q.location.block.startswith("t")}
    budget, done, rate, weight, score = (cells[f"t1r2c{c}"] for c in range(2, 7))
    assert (budget.kind, budget.unit, budget.value) == ("number", "万元", Decimal("1200000.00"))
    assert (budget.label, budget.measure, budget.period) == ("党建工作经费", "预算数", "全年")
    assert done.measure == "执行数"
    assert (rate.unit, rate.value) == ("%", Decimal("98.75"))
    assert (weight.unit, weight.measure) == ("分", "权重")
    assert (score.unit, score.measure) == ("分", "得分")


def test_reading_order_and_locations(tmp_path):
    text = "本年收入合计 1,200.00 万元，增长 5%。\n\n\t收入\n\t1,200.00\n\n\n第二段支出 300.00 万元。\n"
    qs = _extract_text(tmp_path, text)
    assert [q.location.block for q in qs] == ["p1", "p1", "t1r1c2", "p2"]
    first = qs[0]
    assert first.location.line == 1 and (first.location.start, first.location.end) == (7, 18)


def test_every_seed_quantity_points_at_its_text(seeds_dir):
    from checker.nlp import extract

    for path in sorted(seeds_dir.glob("*.txt")):
        doc = load_document(path)
        qs = extract(doc)
        assert qs, path.name
        for q in qs:
            block = doc.block(q.location.block)
            assert block.text[q.location.start : q.location.end] == q.text


def test_count_labelled_by_the_noun_after_it(tmp_path):
    qs = _extract_text(tmp_path, "本年度新增芨芨湖 96 套公租房，覆盖 12 个乡镇。\n")
    assert [(q.text, q.label) for q in qs] == [("96 套", "公租房"), ("12 个", "乡镇")]


@pytest.mark.parametrize(
    "sentence, label",
    [
        ("（2）公务接待费预算为88万元", "公务接待费"),
        ("2.公共安全类支出（类）105.03 万元", "公共安全类支出"),
        ("新增服务企业数大于等于 5 家", "服务企业"),
    ],
)
def test_labels_drop_markers_and_comparators(nlp, sentence, label):
    doc = nlp(sentence)
    assert doc.spans["quantities"][-1]._.label == label


def test_split_subject_codes_and_serials_are_not_figures(tmp_path):
    rows = [
        ["科目编码", "", "", "科目名称", "本年支出合计"],
        ["类", "款", "项", "合计", "2,940.05"],
        ["201", "", "", "一般公共服务支出", "2,106.66"],
        ["201", "06", "99", "其他财政事务支出", "10.00"],
    ]
    lines = ["单位：万元", ""]
    for row in rows:
        lines += ["\t" + cell for cell in row] + [""]
    qs = _extract_text(tmp_path, "\n".join(lines) + "\n\n")
    cells = [(q.text, q.label) for q in qs if q.location.block.startswith("t")]
    assert cells == [("2,940.05", "合计"), ("2,106.66", "一般公共服务支出"), ("10.00", "其他财政事务支出")]


def test_share_belongs_to_the_part_not_the_whole(tmp_path):
    qs = _extract_text(tmp_path, "一般公共预算财政拨款支出448.33万元，占本年支出合计的4.76%。\n")
    share = qs[-1]
    assert (share.text, share.label, share.measure) == ("4.76%", "一般公共预算财政拨款支出", "占比")


def test_indicator_paragraph_figures_belong_to_the_indicator(tmp_path):
    text = (
        "城乡低保对象覆盖户数指标，预期指标值“≥1,500户”，年中绩效运行监控指标完成值 820 户，"
        "本次评价实际完成值 1,620 户，指标完成率 108%，该指标赋分权重 10 分，最终得分 10 分。\n"
    )
    qs = [q for q in _extract_text(tmp_path, text) if q.kind != "date"]
    assert {q.label for q in qs} == {"城乡低保对象覆盖户数"}
    assert [q.measure for q in qs] == ["预期指标值", "实际完成值", "实际完成值", "完成率", "权重", "得分"]
    assert qs[1].period == "年中" and qs[0].op == ">="


def test_clause_naming_the_subject_labels_the_next_figures(tmp_path):
    text = (
        "2024年度财政拨款收入支出总体与上年相比，减少 120.50 万元，下降 3.2%，主要原因是会议费压减，"
        "另外政府性基金预算财政拨款收入支出与上年相比，减少 80.00 万元。\n"
    )
    qs = [q for q in _extract_text(tmp_path, text) if q.kind != "date"]
    assert [q.label for q in qs] == ["财政拨款收入支出总体", "财政拨款收入支出总体", "政府性基金预算财政拨款收入支出"]


def _windows_of(paths: list[Path]) -> list:
    """The (text, numbers) windows the extractor labels in these reports."""
    import checker.nlp
    from checker.nlp import extract
    from checker.nlp.pipeline import label_windows

    seen: list = []

    def recording(windows):
        windows = list(windows)
        seen.extend(windows)
        return label_windows(windows)

    mp = pytest.MonkeyPatch()
    mp.setattr(checker.nlp, "label_windows", recording)
    try:
        for path in paths:
            extract(load_document(path))
    finally:
        mp.undo()
    return seen


def test_windows_made_as_read_label_as_a_list_of_them():
    """The extractor makes each window only as ``label_windows`` asks for it (#17): the labels must
    be those of the windows listed, each given before the next window is read (the extractor
    pairs them with its figures one by one)."""
    from checker.nlp.pipeline import label_windows

    repo = Path(__file__).resolve().parents[1]
    seeds = sorted((repo.parent / "shared" / "seeds").glob("*.txt"))
    windows = _windows_of(sorted((repo / "corpus" / "synthetic").glob("*.txt")) + seeds)
    assert len(windows) > 200
    read = 0

    def one_at_a_time():
        nonlocal read
        for window in windows:
            read += 1
            yield window

    lazily = []
    for k, labels in enumerate(label_windows(one_at_a_time())):
        assert read == k + 1
        lazily.append(labels)
    assert lazily == list(label_windows(list(windows)))


def test_labels_without_spacy_docs_are_the_pipelines(nlp):
    """``extract`` labels its windows without building spaCy Docs; the spaCy pipeline must give
    each window's last number the same label, period and measure (and find the same spans)."""
    from checker.nlp.pipeline import docs_for_windows, label_windows
    from checker.numbers import find_quantities

    repo = Path(__file__).resolve().parents[1]
    seeds = sorted((repo.parent / "shared" / "seeds").glob("*.txt"))
    windows = _windows_of(sorted((repo / "corpus" / "synthetic").glob("*.txt")) + seeds)
    # spaces around and inside figures: spaCy keeps one space as a flag, more as a token of its own
    for text in ("支出  合计  1 206.50 万元", "基本支出 为   96.5%，", " 2024年 项目 支出 3,000万元 "):
        windows.append((text, find_quantities(text)))
    assert len(windows) > 200
    fast = list(label_windows(windows))
    slow = [doc.spans["quantities"][-1] for doc in docs_for_windows(windows)]
    assert fast == [(s._.label, s._.period, s._.measure) if s._.number.kind != "date" else None for s in slow]


def test_item_topics_are_the_patterns_matches():
    """A block's 项 topics are looked for only before each （项） marker: they must be every match
    the topic pattern finds scanning the whole text, on texts dense in markers, runs of 30 and
    more characters, separators and white space."""
    import random

    from checker.nlp import _TOPIC, _clause_ends, _Marks

    rng = random.Random(17)
    pieces = [
        "（项）：",
        "(项)。",
        "（ 项 ）;",
        "（类）",
        "行政运行",
        "一般公共服务支出",
        "，",
        "。",
        " ",
        "\n",
        "x" * 31,
        "事",
    ]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 24)))
        expected = [(m.end(), m.group(1)) for m in _TOPIC.finditer(text)]
        ends, topics = _Marks(text, _clause_ends(text)).topics()
        assert list(zip(ends, topics)) == expected, text


def test_clause_ends_and_quoted_names_are_what_a_plain_reading_finds():
    """A block's clause ends come from one regex scan (filtered only when it has an ASCII comma),
    its quoted names are looked for only when it has an opening quote: both must be what a test of
    every character and a scan of the whole text find, on texts with thousands separators, commas
    at either end, digits of other scripts and quotes of both kinds."""
    import random

    from checker.nlp import _QUOTED, _clause_ends, _Marks

    rng = random.Random(29)
    pieces = [",", "，", "1", "٣", "²", "、", "。", "\n", "“三公”", '"绩效"', "经费", "“", "”", ":", " "]
    for _ in range(600):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        n = len(text)
        expected = [
            i
            for i, ch in enumerate(text)
            if ch in "，,。；;！？!?：:、\n"
            and not (ch == "," and 0 < i < n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit())
        ]
        assert _clause_ends(text) == expected, text
        found = [(m.start(), m.end(), m.group(1)) for m in _QUOTED.finditer(text)]
        assert list(zip(*_Marks(text, expected).quoted())) == found, text


def test_pieces_cut_block_by_block_are_jiebas_words():
    """The extractor cuts each of jieba's blocks once per check and joins a piece's words from
    them: the words must be jieba's own for the whole piece, whatever stands between the blocks."""
    from checker.nlp.pipeline import _OnceSegmenter, segmenter

    cutter = _OnceSegmenter()
    for piece in (
        "比上年决算增加",
        "，比上年决算增加 ",
        "一般公共预算财政拨款支出（类）行政运行（项）",
        "其中：基本支出为  ",
        "“三公”经费支出合计较上年 减少",
        "GDP增速5G基站km2、kWh，\r\n完成率",
        "2024年度 部门 决算\t数为",
        "、 ",
        "",
    ):
        assert cutter.words(piece) == list(segmenter()(piece)), piece
