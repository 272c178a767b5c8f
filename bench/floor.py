"""The least Python work `score --format json` implies, step by step, against the parse floor.

Run it as `.venv/bin/python bench/floor.py [--places N] [--repeat R] [--keep DIR]`; see bench/README.md.

issue 14 asks `score --format json` to take at most 3× the CPU time of only
parsing the place files with toml_rs (`bench/run.py`'s `floor-parse`). This
measures, on the same files, what each part of the design costs at the least,
each step doing what the one before did and one thing more, with nothing of
tlcriteria's checks:

- `parse`: read and parse every place file with toml_rs (`floor-parse` itself);
- `answers`: and make one frozen `Answer` (the model's own attrs class) per answer;
- `catalogue`: and load the catalogue with tlcriteria's loader (a cost paid once);
- `results`: and, for each of the place's colleges, one `CriterionResult` per active criterion of its set, the credit of each
  (criterion, value) computed once by the kind and then looked up;
- `records`: and write each rating's record (place, set, figures, one entry per
  criterion) with the C JSON encoder (`json.dumps` without `indent`: the real output is
  indented, which only the pure-Python encoder writes), each distinct criterion entry
  written once and then looked up, as `score`'s writer does.

Then `score --format json` itself, in one process (`TLCRITERIA_WORKERS=1`) and with its
worker pool. Every step is a subprocess measured like `bench/run.py` (user + system
CPU time, interleaved runs, median); the table gives each as a ratio to `parse`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tlcriteria.model import Outcome

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import FLOOR_PARSE, compile_package, run_once
from synthetic import generate

STEPS = ("parse", "answers", "catalogue", "results", "records")


@dataclass(slots=True)
class Met:
    """What an answer to a criterion comes to, worked out once per criterion and value."""

    outcome: Outcome
    credit: Fraction
    entry: str | None = None  # the record's criterion entry, written on first use


def floor(step: str, places: Path, criteria: Path, output: str) -> None:
    """Do the work of `step` (and of the steps before it) on every place file."""
    import toml_rs

    if step == "parse":
        for path in sorted(places.rglob("*.toml")):
            toml_rs.loads(path.read_bytes().decode("utf-8"), parse_float=Decimal, toml_version="1.0.0")
        return
    from tlcriteria.model import Answer, CriterionResult

    zero = Fraction(0)
    # Per set, its active criteria with their kind and what an unanswered and an n/a
    # answer come to (the credits of answers are remembered alike, by criterion and value).
    sets = {}
    if step != "answers":
        from tlcriteria.catalogue_loading import load_catalogue
        from tlcriteria.registry import build_registry

        registry = build_registry()
        catalogue = load_catalogue(registry, [criteria]).catalogue
        for college in catalogue.colleges:
            rules = catalogue.for_college(college)
            if rules is not None:
                active = [
                    (c, registry.kinds[c.kind], Met("unanswered", zero), Met("na", zero))
                    for c in rules.active_criteria
                ]
                sets[college] = (rules, active)
    credits: dict[tuple[str, type, object], Met] = {}
    with open(output, "w", encoding="utf-8") as out:
        for path in sorted(places.rglob("*.toml")):
            data = toml_rs.loads(path.read_bytes().decode("utf-8"), parse_float=Decimal, toml_version="1.0.0")
            answers = {
                key: Answer(v.get("value"), v.get("na", False), v.get("justification", ""), v.get("url", ""))
                if type(v) is dict
                else Answer(v)
                for key, v in data.get("answers", {}).items()
            }
            if step in ("answers", "catalogue"):
                continue
            place = data["place"]
            for college in place["colleges"]:
                rules, active = sets[college]
                results = []
                met = []
                for criterion, kind, unanswered, na in active:
                    answer = answers.get(criterion.id)
                    found: Met | None
                    if answer is None:
                        found = unanswered
                    elif answer.na:
                        found = na
                    else:
                        value = answer.value
                        key = (criterion.id, type(value), tuple(value) if type(value) is list else value)
                        found = credits.get(key)
                        if found is None:
                            credit = kind.credit(criterion.config, value)
                            outcome: Outcome = "satisfied" if credit >= criterion.pass_ else "unsatisfied"
                            found = credits[key] = Met(outcome, credit)
                    results.append(CriterionResult(criterion, found.outcome, found.credit, answer))
                    met.append(found)
                if step == "results":
                    continue
                texts = []
                for r, found in zip(results, met, strict=True):
                    if found.entry is None:
                        entry = {
                            "id": r.criterion.id,
                            "outcome": r.outcome,
                            "credit": float(r.credit),
                            "weight": float(r.criterion.weight),
                            "level": r.criterion.level,
                        }
                        found.entry = json.dumps(entry, ensure_ascii=False, sort_keys=True)
                    texts.append(found.entry)
                record = {
                    "place": place["id"],
                    "name": place["name"],
                    "town": place["town"],
                    "stage": place["stage"],
                    "set": rules.id,
                    "set_version": rules.version,
                    "set_digest": rules.digest,
                    "scheme": rules.scheme,
                    "percent": None,
                    "grade": None,
                    "unanswered": [r.criterion.id for r in results if r.outcome == "unanswered"],
                }
                head = json.dumps(record, ensure_ascii=False, sort_keys=True)
                out.write(head[:-1] + ', "criteria": [' + ", ".join(texts) + "]},\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=10_000, help="synthetic places (default 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs of each step (default 3)")
    parser.add_argument(
        "--keep", metavar="DIR", help="generate the data into DIR (reused if there) and keep it"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)  # one step, in this process
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        places, criteria, output = args.paths
        floor(args.step, Path(places), Path(criteria), output)
        return

    python = sys.executable
    tlcriteria = shutil.which("tlcriteria", path=str(Path(python).parent)) or "tlcriteria"
    compile_package()
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tlcriteria-floor-"))
    load_start = os.getloadavg()
    try:
        criteria, places = root / "criteria", root / "places"
        if not places.is_dir():
            criteria, places = generate(root, args.places, args.seed)
        count = sum(1 for _ in places.rglob("*.toml"))
        out = str(root / "floor-output")
        commands = {"parse": [python, "-c", FLOOR_PARSE, str(places)]}
        for step in STEPS[1:]:
            commands[step] = [python, __file__, "--step", step, str(places), str(criteria), out]
        score = [tlcriteria, "score", str(places), "--criteria", str(criteria), "-f", "json", "-o", out]
        commands["score, one process"] = ["/usr/bin/env", "TLCRITERIA_WORKERS=1", *score]
        commands["score"] = score
        for argv in commands.values():
            run_once(argv)  # warm the page cache and the .pyc files
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, argv in commands.items():
                cpu[name].append(run_once(argv)[2])
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    medians = {name: statistics.median(values) for name, values in cpu.items()}
    load_end = os.getloadavg()
    print(f"{count} places; load average {load_start[0]:.2f} at the start, {load_end[0]:.2f} at the end")
    print(f"{'step':<20} {'cpu s (median)':>14} {'/ parse':>8}")
    for name, value in medians.items():
        print(f"{name:<20} {value:>14.3f} {value / medians['parse']:>7.2f}x")


if __name__ == "__main__":
    main()
