"""The gold set is well formed and the benchmark scores it the way the issue defines a match."""

from decimal import Decimal

from checker.bench import BENCHMARKS, GOLD, load_gold, score_gold


def test_gold_set_is_large_and_consistent():
    records = load_gold(GOLD)
    entities = [e for r in records for e in r["entities"]]
    assert len(entities) >= 300
    assert {e["kind"] for e in entities} == {"money", "percent", "date", "count", "quantity", "number"}
    for r in records:
        for e in r["entities"]:
            assert r["text"][e["start"] : e["end"]] == e["text"], r["id"]
            if e["kind"] != "date":
                Decimal(e["value"])


def test_match_needs_overlap_kind_and_value():
    records = [
        {
            "id": "x",
            "cell": False,
            "text": "支出 12.50 万元，增长 3%，第五次会议。",
            "entities": [
                {"start": 3, "end": 11, "text": "12.50 万元", "kind": "money", "value": "125000"},
                {"start": 14, "end": 16, "text": "3%", "kind": "percent", "value": "4"},
            ],
        }
    ]
    scores, errors = score_gold(records)
    assert (scores["money"].tp, scores["money"].precision, scores["money"].recall) == (1, 1.0, 1.0)
    assert (scores["percent"].tp, scores["percent"].precision, scores["percent"].recall) == (0, 0.0, 0.0)
    assert any(line.startswith("  miss x percent") for line in errors)


def test_benchmarks_are_registered_by_name():
    assert {"gold_quantities", "extract_throughput", "extract_cold_start"} <= set(BENCHMARKS)
