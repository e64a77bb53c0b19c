"""`jiaohe train`: rebuild the explanation-specificity model from ``corpus/labels``."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import typer

from checker.i18n import t

from checker.ingest import load_document


def register(app: typer.Typer) -> None:
    app.command("train", help=t("train.help"))(train)


def _repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def evaluate_on_seeds(model, labels_path: Path, seeds_dir: Path) -> dict:
    """Score the model on explanations found in real reports against hand labels.

    Labels are matched by file, line and a short snippet of the explanation's start.
    """
    from checker.explain import find_explanations
    from checker.ml.specificity import scores

    wanted: dict[tuple[str, int, str], str] = {}
    for line in labels_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            wanted[(row["file"], row["line"], row["snippet"])] = row["label"]
    truth, texts, missing = [], [], 0
    files = sorted({key[0] for key in wanted})
    found = set()
    for name in files:
        path = seeds_dir / name
        if not path.is_file():
            missing += 1
            continue
        for e in find_explanations(load_document(path)):
            key = (name, e.location.line, e.text.replace(" ", "")[:12])
            if key in wanted and key not in found:
                found.add(key)
                truth.append(wanted[key])
                texts.append(e.text)
    predicted = list(model.predict(texts)) if texts else []
    result = scores(truth, predicted)
    result["unmatched_labels"] = len(wanted) - len(found)
    result["vague_true"] = truth.count("vague")
    result["confusion"] = {
        f"{t}->{p}": sum(1 for a, b in zip(truth, predicted) if (a, b) == (t, p))
        for t in ("vague", "specific")
        for p in ("vague", "specific")
    }
    return result


def train(
    data: Path = typer.Option(None, metavar="FILE", help=t("train.opt.data")),
    out: Path = typer.Option(None, metavar="FILE", help=t("train.opt.out")),
    seeds: Path = typer.Option(None, metavar="DIR", help=t("train.opt.seeds")),
    cv: bool = typer.Option(True, "--cv/--no-cv", help=t("train.opt.cv")),
) -> None:
    """Train the explanation-specificity classifier (fixed seeds: the same data gives the same model)."""
    from checker.ml.specificity import MODEL_NAME, cross_validate, load_training, save
    from checker.ml.specificity import train as fit

    root = _repo_root()
    data = data or root / "corpus" / "labels" / "explanations.jsonl"
    out = out or root / "models" / MODEL_NAME
    if not data.is_file():
        raise typer.BadParameter(t("train.error.no_data", path=data), param_hint="--data")
    try:
        texts, labels, groups = load_training(data)
    except (ValueError, KeyError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
        raise typer.BadParameter(
            t("train.error.not_training", path=data, error=f"{type(exc).__name__}: {exc}"), param_hint="--data"
        ) from None
    if len(set(labels)) < 2:
        raise typer.BadParameter(t("train.error.one_label", path=data, labels=sorted(set(labels))), param_hint="--data")
    metrics: dict = {"data": data.name, "n": len(texts), "vague": labels.count("vague")}
    if cv:
        metrics["cv"] = cross_validate(texts, labels, groups)
    model = fit(texts, labels)
    out.parent.mkdir(parents=True, exist_ok=True)
    save(model, out)
    metrics["sha256"] = hashlib.sha256(out.read_bytes()).hexdigest()
    seeds = seeds or root.parent / "shared" / "seeds"
    seed_labels = root / "corpus" / "labels" / "seed_explanations.jsonl"
    if seeds.is_dir() and seed_labels.is_file():
        metrics["seeds"] = evaluate_on_seeds(model, seed_labels, seeds)
    typer.echo(json.dumps(metrics, ensure_ascii=False, indent=2))
