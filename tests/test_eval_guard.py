"""CI guard: recall per category may not fall below the ratchet, and no trap may be hit.

The ratchet (``corpus/keys/ratchet.json``) records the recall the project has reached on the
public key and on fixed mutation sets; raise it when rules improve::

    .venv/bin/python tests/test_eval_guard.py --update
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from checker.evaluation.keys import load_key, parse_key  # noqa: E402
from checker.evaluation.mutate import key_for, mutate_corpus  # noqa: E402
from checker.evaluation.scoring import EvalResult, evaluate  # noqa: E402

RATCHET = REPO / "corpus" / "keys" / "ratchet.json"
SYNTHETIC = REPO / "corpus" / "synthetic"
SHARED = REPO.parent / "shared"
SEED = 20241122
MUTANTS_PER_SET = 36   # three per operator: enough to move a category's recall, quick enough for CI


def mutant_result(sources: list[Path], out: Path) -> EvalResult:
    mutants = mutate_corpus(sources, SEED, MUTANTS_PER_SET)
    out.mkdir(parents=True, exist_ok=True)
    for m in mutants:
        (out / m.name).write_bytes(m.data)
    return evaluate(parse_key(key_for(mutants, SEED), out / "key.json"), out)


def measured(result: EvalResult) -> dict[str, float]:
    return {cat: round(t.recall, 4) for cat, t in result.by_category.items() if t.recall is not None}


def assert_holds(result: EvalResult, name: str) -> None:
    floor = json.loads(RATCHET.read_text(encoding="utf-8"))[name]
    fallen = {cat: (r, floor[cat]) for cat, r in measured(result).items() if cat in floor and r + 1e-9 < floor[cat]}
    assert not fallen, f"{name}: recall fell below the ratchet (now, ratchet): {fallen}"
    hits = [(d.file, t.trap.id, f.rule) for d in result.documents for t in d.traps for f in t.hit_by]
    assert not hits, f"{name}: error findings on consistent relations: {hits}"


def test_synthetic_reports_draw_no_error_on_their_consistent_figures():
    assert_holds(evaluate(load_key(REPO / "corpus" / "keys" / "synthetic.json")), "synthetic")


def test_synthetic_mutants(tmp_path):
    assert_holds(mutant_result(sorted(SYNTHETIC.glob("*.txt")), tmp_path), "mutants-synthetic")


def test_public_key(shared_dir):
    assert_holds(evaluate(load_key(shared_dir / "gold" / "seeds-public.json")), "public")


def test_seed_mutants(seeds_dir, tmp_path):
    assert_holds(mutant_result(sorted(seeds_dir.glob("*.txt")), tmp_path), "mutants-seeds")


def update() -> None:
    ratchet = {"_about": "Recall per category the project has reached; tests/test_eval_guard.py fails below it. "
                         "Raise with `python tests/test_eval_guard.py --update`."}
    ratchet["synthetic"] = {}
    with tempfile.TemporaryDirectory() as tmp:
        ratchet["mutants-synthetic"] = measured(mutant_result(sorted(SYNTHETIC.glob("*.txt")), Path(tmp) / "s"))
        if (SHARED / "seeds").is_dir():
            ratchet["public"] = measured(evaluate(load_key(SHARED / "gold" / "seeds-public.json")))
            ratchet["mutants-seeds"] = measured(mutant_result(sorted((SHARED / "seeds").glob("*.txt")), Path(tmp) / "r"))
    RATCHET.write_text(json.dumps(ratchet, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(ratchet, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_eval_guard.py --update")
    update()
