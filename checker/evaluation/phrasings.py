"""Phrasing tables: each relation family stated in many wordings, each wording as a defect
version and a consistent twin (``corpus/phrasings/*.yaml``).

A family file::

    family: growth
    categories: [arith.growth, unit]   # a finding of one of these (or a sub-category) finds a defect
    preamble: |                        # optional text put before every case (a heading, a year)
      2024年度部门决算说明
    cases:
      - id: rate-after-delta
        defect: 支出812.37万元，比上年增加43.82万元，增长5.07%。
        twin:   支出812.37万元，比上年增加43.82万元，增长5.70%。
        categories: [arith.growth]     # optional, replaces the family's list for this case

A defect counts as found when a finding of error or warning severity has a matching category.
A twin must give no finding of error severity at all.

A family may also list what it must leave alone, texts with no defect version::

    silent:
      - id: ceiling                    # no finding of error or warning severity at all
        text: 对150户受灾家庭给予补助，每户最高不超过1,000元，共计12万元。
 The sentences are the project's own:
no sentence of a real report is copied here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from checker.config import Config
from checker.model import Finding

PHRASINGS_DIR = Path(__file__).resolve().parents[2] / "corpus" / "phrasings"
MIN_WORDINGS = 8


@dataclass(frozen=True)
class Case:
    family: str
    id: str
    defect: str
    twin: str
    categories: tuple[str, ...]


@dataclass
class FamilyResult:
    family: str
    cases: int = 0
    found: int = 0
    missed: list[str] = field(default_factory=list)
    twin_errors: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.cases if self.cases else 0.0


def load_families(folder: Path = PHRASINGS_DIR) -> dict[str, list[Case]]:
    families: dict[str, list[Case]] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        family = data["family"]
        preamble = data.get("preamble") or ""
        default = tuple(data["categories"])
        families[family] = [
            Case(
                family,
                str(c["id"]),
                preamble + c["defect"],
                preamble + c["twin"],
                tuple(c.get("categories") or default),
            )
            for c in data["cases"]
        ]
    return families


def load_silent(folder: Path = PHRASINGS_DIR) -> dict[str, list[tuple[str, str]]]:
    """Each family's ``silent`` texts (id, text with the preamble), for the families that list any."""
    silent: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("silent"):
            preamble = data.get("preamble") or ""
            silent[data["family"]] = [(str(c["id"]), preamble + c["text"]) for c in data["silent"]]
    return silent


def matches(finding: Finding, categories: tuple[str, ...]) -> bool:
    return any(
        finding.category == c or finding.category.startswith(c + ".") or c.startswith(finding.category + ".")
        for c in categories
    )


def score_family(cases: list[Case], config: Config | None = None) -> FamilyResult:
    from checker.engine import check_text

    result = FamilyResult(cases[0].family if cases else "")
    for case in cases:
        result.cases += 1
        flagged = [
            f
            for f in check_text(case.defect, config).findings
            if f.severity in ("error", "warning") and matches(f, case.categories)
        ]
        if flagged:
            result.found += 1
        else:
            result.missed.append(case.id)
        errors = [f for f in check_text(case.twin, config).findings if f.severity == "error"]
        result.twin_errors.extend(f"{case.id}: {f.rule} {f.message}" for f in errors)
    return result
