"""Benchmark of `tlcriteria score`, `publish` and `--version` against their floors.

Run it as `./dev.sh bench [--places N] [--repeat R] [--json FILE]`; see bench/README.md.

Every measurement is a real subprocess started from the same virtual
environment as this script. Each command is run R times, interleaved with its
floor (score, floor, score, floor…) so that a burst of load from elsewhere on
the machine hits both alike; the table shows the minimum and the median wall
time, and the ratios are computed on both. Peak memory is the largest
resident set size (ru_maxrss from wait4) seen over the repetitions; for a
command that starts worker processes it is the largest single process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate

#: What `score` is measured against: reading and parsing the same place files, nothing else.
FLOOR_PARSE = """
import sys, tomllib
from decimal import Decimal
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.toml")):
    tomllib.loads(path.read_bytes().decode("utf-8"), parse_float=Decimal)
"""
#: What `--version` is measured against: importing the libraries the project must use.
FLOOR_IMPORT = "import click, pluggy, attrs"

TARGETS = {"score": 1.3, "version": 1.2}
#: Every publishing format, measured against the same parse-only floor as `score`.
PUBLISH_FORMATS = ("md", "mediawiki", "csv", "json", "geojson", "html")


#: Started with `python -S` (small, no site imports): spawns the measured command, waits for
#: it with wait4 and writes "seconds maxrss_kib status" to argv[1]. Measuring from a tiny
#: process matters: a child's ru_maxrss includes the memory of the process it was forked
#: from, so forking straight from this (larger) script would inflate every figure.
TIMER = """
import os, sys, time
report, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
with open(report, "w") as handle:
    cpu = usage.ru_utime + usage.ru_stime
    handle.write(f"{elapsed} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)} {cpu}")
"""


def run_once(argv: list[str], stdout_path: str | None = None) -> tuple[float, int, float]:
    """(wall seconds, peak RSS in KiB, CPU seconds, workers included) of one subprocess."""
    with tempfile.NamedTemporaryFile("r", suffix=".timer") as report:
        with open(stdout_path or os.devnull, "wb") as out:
            done = subprocess.run(
                [sys.executable, "-S", "-c", TIMER, report.name, *argv],
                stdout=out,
                stderr=subprocess.PIPE,
                check=False,
            )
        figures = report.read().split()
    if done.returncode != 0 or len(figures) != 4 or figures[2] != "0":
        sys.exit(f"bench: {' '.join(argv)} failed:\n{done.stderr.decode(errors='replace')}")
    return float(figures[0]), int(figures[1]), float(figures[3])


def measure(
    pairs: dict[str, list[str]], repeat: int, stdout_path: str | None = None
) -> dict[str, dict[str, float]]:
    times: dict[str, list[float]] = {name: [] for name in pairs}
    cpus: dict[str, list[float]] = {name: [] for name in pairs}
    peaks: dict[str, int] = dict.fromkeys(pairs, 0)
    for _ in range(repeat):
        for name, argv in pairs.items():
            elapsed, rss, cpu = run_once(argv, stdout_path)
            times[name].append(elapsed)
            cpus[name].append(cpu)
            peaks[name] = max(peaks[name], rss)
    return {
        name: {
            "min_s": min(values),
            "median_s": statistics.median(values),
            "runs": len(values),
            "peak_rss_mib": peaks[name] / 1024,
            # user + system CPU time, worker processes included: what the machine did,
            # whatever the other load (the wall time of a pool suffers most from it).
            "cpu_median_s": statistics.median(cpus[name]),
            "all_s": [round(v, 4) for v in values],
        }
        for name, values in times.items()
    }


def comparison(name: str, result: dict[str, dict[str, float]], command: str, floor: str) -> dict[str, object]:
    c, f = result[command], result[floor]
    return {
        "name": name,
        "command": c,
        "floor": f,
        "ratio_min": c["min_s"] / f["min_s"],
        "ratio_median": c["median_s"] / f["median_s"],
        "ratio_cpu": c["cpu_median_s"] / f["cpu_median_s"],
        "target": TARGETS[name],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--places", type=int, default=10_000, help="number of synthetic places (default 10000)"
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="repetitions of score and its floor (default 5)"
    )
    parser.add_argument(
        "--version-repeat",
        type=int,
        default=20,
        help="repetitions of --version and its floor (default 20)",
    )
    parser.add_argument(
        "--publish-repeat",
        type=int,
        default=1,
        help="repetitions of publish in each of its six formats (default 1; 0 skips them)",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON to FILE")
    parser.add_argument("--keep", metavar="DIR", help="generate the data into DIR and keep it")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    bindir = Path(sys.executable).parent
    tlcriteria = shutil.which("tlcriteria", path=str(bindir)) or str(bindir / "tlcriteria")
    python = sys.executable

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tlcriteria-bench-"))
    try:
        started = time.perf_counter()
        criteria_dir, places_dir = generate(root, args.places, args.seed)
        generated = time.perf_counter() - started
        print(
            f"generated {args.places} places and 4 criteria sets in {root} ({generated:.1f} s)",
            file=sys.stderr,
        )

        output = str(root / "ratings.json")
        score_argv = [
            tlcriteria,
            "score",
            str(places_dir),
            "--criteria",
            str(criteria_dir),
            "--format",
            "json",
        ]
        floor_argv = [python, "-c", FLOOR_PARSE, str(places_dir)]
        # One run first, to warm the page cache and the .pyc files, and to check the output.
        run_once(score_argv, output)
        with open(output, encoding="utf-8") as handle:
            records = json.load(handle)
        run_once(floor_argv)
        print(f"score output: {len(records)} rating records", file=sys.stderr)

        scoring = measure({"score": score_argv, "floor-parse": floor_argv}, args.repeat, output)
        version = measure(
            {"version": [tlcriteria, "--version"], "floor-import": [python, "-c", FLOOR_IMPORT]},
            args.version_repeat,
        )
        publishing: dict[str, dict[str, float]] = {}
        for fmt in PUBLISH_FORMATS if args.publish_repeat > 0 else ():
            target = root / f"published.{fmt}"
            argv = [
                tlcriteria,
                "publish",
                str(places_dir),
                "--criteria",
                str(criteria_dir),
                "--format",
                fmt,
                "-o",
                str(target),
                "--date",
                "2026-11-29",
            ]
            publishing.update(measure({f"publish-{fmt}": argv}, args.publish_repeat))
            publishing[f"publish-{fmt}"]["output_mib"] = target.stat().st_size / 2**20
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    rows = [
        comparison("score", scoring, "score", "floor-parse"),
        comparison("version", version, "version", "floor-import"),
    ]
    print()
    print(
        f"{args.places} places, {len(records)} ratings; python {platform.python_version()}, "
        f"{os.cpu_count()} cpu(s); load average {os.getloadavg()[0]:.2f}"
    )
    header = f"{'measure':<14}{'min s':>9}{'median s':>10}{'cpu s':>9}{'peak MiB':>10}{'runs':>6}"
    print(header)
    print("-" * len(header))
    for label, data in (*scoring.items(), *version.items()):
        print(
            f"{label:<14}{data['min_s']:>9.3f}{data['median_s']:>10.3f}{data['cpu_median_s']:>9.3f}"
            f"{data['peak_rss_mib']:>10.1f}{data['runs']:>6}"
        )
    print()
    for row in rows:
        verdict = "ok" if row["ratio_median"] <= row["target"] else "OVER TARGET"
        print(
            f"{row['name']:<8} ratio: {row['ratio_min']:.2f}x (min), {row['ratio_median']:.2f}x (median), "
            f"{row['ratio_cpu']:.2f}x (cpu time); target <= {row['target']}x: {verdict}"
        )
    if publishing:
        floor = scoring["floor-parse"]["median_s"]
        print()
        print(f"publish, against the parse floor (median {floor:.3f} s):")
        print(f"{'format':<18}{'median s':>10}{'ratio':>8}{'peak MiB':>10}{'output MiB':>12}")
        for label, data in publishing.items():
            data["ratio_median"] = data["median_s"] / floor
            print(
                f"{label:<18}{data['median_s']:>10.3f}{data['ratio_median']:>7.2f}x"
                f"{data['peak_rss_mib']:>10.1f}{data['output_mib']:>12.1f}"
            )
    if args.json:
        report = {
            "publish": publishing,
            "places": args.places,
            "ratings": len(records),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_end": os.getloadavg(),
            "comparisons": rows,
        }
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
