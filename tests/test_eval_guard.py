"""CI guard: recall per category may not fall below the ratchet, and no trap may be hit.

The ratchet (``corpus/keys/ratchet.json``) records the recall the project has reached on the
public key and on fixed mutation sets, the errors mutants draw away from their injected defect
(``max_new_errors``, which may only fall), and the false alarms on traps still open (``known_trap_hits``,
each one a rule to fix): a new trap hit fails, and so does a listed one that no longer occurs, so
the list can only shrink. Raise it when rules improve::

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
from checker.evaluation.mutate import key_for, known_defects, mutate_corpus  # noqa: E402
from checker.evaluation.scoring import EvalResult, evaluate  # noqa: E402

RATCHET = REPO / "corpus" / "keys" / "ratchet.json"
SYNTHETIC = REPO / "corpus" / "synthetic"
SHARED = REPO.parent / "shared"
SEED = 20241122
MUTANTS_PER_SET = 36  # three per operator: enough to move a category's recall, quick enough for CI


def mutant_result(sources: list[Path], out: Path) -> EvalResult:
    public = SHARED / "gold" / "seeds-public.json"
    known = known_defects(load_key(public)) if public.is_file() else None  # real defects are not traps
    mutants = mutate_corpus(sources, SEED, MUTANTS_PER_SET, known=known)
    out.mkdir(parents=True, exist_ok=True)
    for m in mutants:
        (out / m.name).write_bytes(m.data)
    return evaluate(parse_key(key_for(mutants, SEED, sources[0].parent), out / "key.json"), out)


def measured(result: EvalResult) -> dict[str, float]:
    return {cat: round(t.recall, 4) for cat, t in result.by_category.items() if t.recall is not None}


def trap_hits(result: EvalResult) -> set[str]:
    return {f"{d.file} {t.trap.id} {f.rule}" for d in result.documents for t in d.traps for f in t.hit_by}


def assert_holds(result: EvalResult, name: str) -> None:
    ratchet = json.loads(RATCHET.read_text(encoding="utf-8"))
    floor = ratchet[name]
    fallen = {cat: (r, floor[cat]) for cat, r in measured(result).items() if cat in floor and r + 1e-9 < floor[cat]}
    assert not fallen, f"{name}: recall fell below the ratchet (now, ratchet): {fallen}"
    known = set(ratchet.get("known_trap_hits", {}).get(name, []))
    hits = trap_hits(result)
    assert not hits - known, f"{name}: error findings on consistent relations: {sorted(hits - known)}"
    assert not known - hits, f"{name}: fixed, remove from known_trap_hits in the ratchet: {sorted(known - hits)}"
    if result.new_errors is not None:
        most = ratchet.get("max_new_errors", {}).get(name, 0)
        new = [f"{d.file}:{f.location.line} {f.rule}" for d in result.documents for f in d.new_errors or ()]
        assert len(new) <= most, f"{name}: {len(new)} new errors away from the injected defects (ratchet {most}): {new}"


def test_synthetic_reports_draw_no_error_on_their_consistent_figures():
    assert_holds(evaluate(load_key(REPO / "corpus" / "keys" / "synthetic.json")), "synthetic")


def test_synthetic_mutants(tmp_path):
    assert_holds(mutant_result(sorted(SYNTHETIC.glob("*.txt")), tmp_path), "mutants-synthetic")


def test_public_key(shared_dir):
    assert_holds(evaluate(load_key(shared_dir / "gold" / "seeds-public.json")), "public")


def test_seed_mutants(seeds_dir, tmp_path):
    assert_holds(mutant_result(sorted(seeds_dir.glob("*.txt")), tmp_path), "mutants-seeds")


# The real excerpts and PDFs were not built on: their keys measure reach on unseen wording.
REAL_KEYS = {"real": ("real-public.json", "real"), "real-pdf": ("real-pdf-public.json", "real-pdf")}


def real_result(shared: Path, name: str) -> EvalResult:
    key, folder = REAL_KEYS[name]
    return evaluate(load_key(shared / "gold" / key), shared / folder)


def test_real_excerpts(shared_dir):
    assert_holds(real_result(shared_dir, "real"), "real")


def test_real_pdfs(shared_dir):
    assert_holds(real_result(shared_dir, "real-pdf"), "real-pdf")


def update() -> None:
    ratchet: dict = {
        "_about": "Recall per category the project has reached, and the trap hits still open; "
        "tests/test_eval_guard.py fails below the recall or on any other trap hit. "
        "Update with `python tests/test_eval_guard.py --update`."
    }
    results: dict[str, EvalResult] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["synthetic"] = evaluate(load_key(REPO / "corpus" / "keys" / "synthetic.json"))
        results["mutants-synthetic"] = mutant_result(sorted(SYNTHETIC.glob("*.txt")), Path(tmp) / "s")
        if (SHARED / "seeds").is_dir():
            results["public"] = evaluate(load_key(SHARED / "gold" / "seeds-public.json"))
            results["mutants-seeds"] = mutant_result(sorted((SHARED / "seeds").glob("*.txt")), Path(tmp) / "r")
            results.update((name, real_result(SHARED, name)) for name in REAL_KEYS)
    ratchet.update({name: measured(r) for name, r in results.items()})
    ratchet["known_trap_hits"] = {name: sorted(trap_hits(r)) for name, r in results.items() if trap_hits(r)}
    ratchet["max_new_errors"] = {name: r.new_errors for name, r in results.items() if r.new_errors}
    RATCHET.write_text(json.dumps(ratchet, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(ratchet, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_eval_guard.py --update")
    update()
