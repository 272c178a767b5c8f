"""Benchmark of the public site at scale: writing it, and using its index in headless chromium.

    .venv/bin/python bench/site.py [--places 20000] [--keep DIR]

Measures, on the same synthetic places (bench/synthetic.py, with identity cards added):
- `score --format json -o FILE`, `publish --format json` and `publish --format site -o DIR`, run
  in `--repeat` rounds of the three: wall and CPU time (best of the rounds), and the site's CPU
  over score's (best of each, and the median of the rounds' ratios: steadier on a shared machine);
- the index page in headless chromium: time until it is interactive (navigation start to the
  script's `data-ready`, the table and controls usable), and the time one search keystroke
  takes to filter and redraw (median of several words, measured in the page with
  `performance.now()` around the input event, which runs the search and renders synchronously).
Not a timed test: the figures depend on the machine (see docs/performance.md).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import compile_package  # noqa: E402
from bench.synthetic import generate  # noqa: E402
from tests.browser import chromium  # noqa: E402

PUBLICS = ("étudiants", "habitants", "associations", "indépendants", "familles", "artisans", "seniors")
SERVICES = ("coworking", "fablab", "café", "jardin partagé", "salle de réunion", "repair café", "formations")
TLCRITERIA = str(ROOT / ".venv" / "bin" / "tlcriteria")


def add_identity_cards(places: Path, seed: int) -> None:
    rng = random.Random(seed)
    for path in sorted(places.rglob("*.toml")):
        text = path.read_text(encoding="utf-8")
        card = (
            "publics = [" + ", ".join(f'"{p}"' for p in rng.sample(PUBLICS, 2)) + "]\n"
            "services = [" + ", ".join(f'"{s}"' for s in rng.sample(SERVICES, 2)) + "]\n"
        )
        head, colleges, rest = re.split(r"^(colleges = .*\n)", text, maxsplit=1, flags=re.M)
        path.write_text(head + colleges + card + rest, "utf-8")


def timed(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def browser_figures(site: Path) -> tuple[float, float]:
    with chromium(1280, 900) as driver:
        driver.get((site / "index.html").as_uri())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not driver.execute_script(
            "return document.documentElement.getAttribute('data-ready')"
        ):
            time.sleep(0.01)
        interactive = driver.execute_script(
            "return performance.now() - 0;"  # ms since navigation start, read once ready
        )
        keystrokes = []
        for word in ("c", "ca", "cae", "caen", "évreux", "rouen fablab", "lieu numéro 12"):
            keystrokes.append(
                driver.execute_script(
                    "const q = document.getElementById('q'); q.value = arguments[0];"
                    "const t = performance.now(); q.dispatchEvent(new Event('input'));"
                    "document.body.offsetHeight; return performance.now() - t;",
                    word,
                )
            )
        return interactive / 1000, statistics.median(keystrokes) / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--keep", metavar="DIR")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tlcriteria-site-bench-"))
    try:
        compile_package()  # as installed: .pyc files written, whatever PYTHONDONTWRITEBYTECODE says
        criteria, places = generate(work, args.places)
        add_identity_cards(places, 2026)
        common = [str(places), "--criteria", str(criteria)]
        commands = {
            "score": [TLCRITERIA, "score", *common, "--format", "json", "-o", str(work / "ratings.json")],
            # publish's own pipeline (load, rate, public rows) without the site: what the site adds is the rest
            "publish": [TLCRITERIA, "publish", *common, "--format", "json", "-o", str(work / "publish.json")],
            "site": [TLCRITERIA, "publish", *common, "--format", "site", "--date", "2026-12-01", "-o"],
        }
        # Rounds of the three commands one after the other, so that a slower spell of a shared
        # machine weighs on all three alike; each figure is the best of its rounds.
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for n in range(args.repeat):
            for name, argv in commands.items():
                if name == "site":
                    # Into a new folder, as `score` writes a new file: replacing a site written
                    # before would add its removal (0.5 s of CPU for 10,000 places) to the figure.
                    shutil.rmtree(work / f"site-{n}", ignore_errors=True)
                    argv = [*argv, str(work / f"site-{n}")]
                runs[name].append(timed(argv))
        score, pipeline, site = (min(runs[name]) for name in commands)
        cpu = {name: min(c for _w, c in found) for name, found in runs.items()}
        per_round = sorted(s[1] / c[1] for s, c in zip(runs["site"], runs["score"], strict=True))
        interactive, keystroke = browser_figures(work / "site-0")
        size = (work / "site-0" / "assets" / "data.js").stat().st_size
        print(f"places: {args.places}")
        files = sum(1 for p in (work / "site-0").rglob("*") if p.is_file())
        print(f"score --format json: {score[0]:.2f} s wall, {score[1]:.2f} s CPU")
        print(f"publish --format json: {pipeline[0]:.2f} s wall, {pipeline[1]:.2f} s CPU")
        print(
            f"publish --format site: {site[0]:.2f} s wall ({site[0] / score[0]:.2f}× score, "
            f"{site[0] / pipeline[0]:.2f}× publish json), {site[1]:.2f} s CPU, {files} files"
        )
        print(
            f"site CPU / score CPU: {cpu['site'] / cpu['score']:.2f}× (best of each), "
            f"{statistics.median(per_round):.2f}× (median of the rounds' ratios)"
        )
        # The spread says how far one run's figures can be trusted on this machine.
        print("rounds' ratios: " + " ".join(f"{r:.2f}" for r in sorted(per_round)))
        print(f"index data: {size / 1e6:.1f} MB")
        print(f"index interactive in chromium: {interactive:.2f} s")
        print(f"search keystroke (median): {keystroke * 1000:.0f} ms")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
