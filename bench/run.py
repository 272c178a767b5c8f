"""Benchmark of `tlcriteria score`, `publish` and start-up against their floors.

Run it as `./dev.sh bench [--places N] [--repeat R] [--big 100000] [--json FILE]`; see bench/README.md.

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

#: What `score` is measured against: reading and parsing the same place files with
#: toml_rs (the reader tlcriteria uses, TOML 1.0, decimals exact), nothing else.
FLOOR_PARSE = """
import sys, toml_rs
from decimal import Decimal
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.toml")):
    toml_rs.loads(path.read_bytes().decode("utf-8"), parse_float=Decimal, toml_version="1.0.0")
"""
#: What start-up is measured against: importing the libraries the project must use.
FLOOR_IMPORT = "import click, pluggy, attrs"
#: What any `check` must do on the fixed stack, whatever tlcriteria does beyond (no target: it
#: says how much of a start-up is the stack's): import click, pluggy, attrs and toml_rs, create
#: the model's frozen attrs classes (`tlcriteria.model`: attrs writes and compiles their methods
#: at import) and parse the files given (the place file and the criteria sets) with toml_rs.
FLOOR_STACK = """
import sys, click, pluggy, attrs, toml_rs
import tlcriteria.model
from decimal import Decimal
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        toml_rs.loads(handle.read(), parse_float=Decimal, toml_version="1.0.0")
"""

#: Ratio targets (issue 14): score's CPU time against the parse floor's; publish (wall and
#: CPU) against score --format json; start-up commands against the import floor.
TARGETS = {"score": 3.0, "publish": 1.5, "startup": 1.5}
#: The start-up commands, each measured against FLOOR_IMPORT (the target) and FLOOR_STACK.
STARTUP = ("version", "check-one", "score-one", "assess-start")
#: Peak memory target of score and publish at --big places (MiB, largest single process).
BIG_PEAK_MIB = 300
#: Every publishing format, measured against the same parse-only floor as `score`.
PUBLISH_FORMATS = ("md", "mediawiki", "csv", "json", "geojson", "html", "site")


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
    """(wall seconds, peak RSS in KiB, CPU seconds, workers included) of one subprocess.

    Its standard input is empty (`assess` stops at its first question).
    """
    with tempfile.NamedTemporaryFile("r", suffix=".timer") as report:
        with open(stdout_path or os.devnull, "wb") as out:
            done = subprocess.run(
                [sys.executable, "-S", "-c", TIMER, report.name, *argv],
                stdin=subprocess.DEVNULL,
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


def comparison(
    name: str, result: dict[str, dict[str, float]], command: str, floor: str, target: float
) -> dict[str, object]:
    c, f = result[command], result[floor]
    return {
        "name": name,
        "command": c,
        "floor": f,
        "ratio_min": c["min_s"] / f["min_s"],
        "ratio_median": c["median_s"] / f["median_s"],
        "ratio_cpu": c["cpu_median_s"] / f["cpu_median_s"],
        "target": target,
    }


def compile_package() -> None:
    """Write the .pyc files of tlcriteria and its plugins, as an installed program has them.

    (PYTHONDONTWRITEBYTECODE, set on some machines, would otherwise make every
    start-up compile the sources, which says nothing about tlcriteria.)
    """
    import tlcriteria

    folders = {str(Path(tlcriteria.__file__).parent)}
    folders |= {str(p) for p in (Path(__file__).resolve().parent.parent / "plugins").glob("*/src")}
    subprocess.run([sys.executable, "-m", "compileall", "-q", *sorted(folders)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--places", type=int, default=10_000, help="number of synthetic places (default 10000)"
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="repetitions of score and its floor (default 5)"
    )
    parser.add_argument(
        "--startup-repeat",
        "--version-repeat",
        type=int,
        default=20,
        help="repetitions of the start-up commands and their floor (default 20)",
    )
    parser.add_argument(
        "--publish-repeat",
        type=int,
        default=1,
        help="repetitions of publish in each of its six formats, with score (default 1; 0 skips them)",
    )
    parser.add_argument(
        "--big",
        type=int,
        default=0,
        metavar="N",
        help="also run score and publish once on N places (e.g. 100000) for time and peak memory",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON to FILE")
    parser.add_argument("--keep", metavar="DIR", help="generate the data into DIR and keep it")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    bindir = Path(sys.executable).parent
    tlcriteria = shutil.which("tlcriteria", path=str(bindir)) or str(bindir / "tlcriteria")
    python = sys.executable
    compile_package()
    load_start = os.getloadavg()

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
        crit = ["--criteria", str(criteria_dir)]
        score_argv = [tlcriteria, "score", str(places_dir), *crit, "--format", "json", "-o", output]
        floor_argv = [python, "-c", FLOOR_PARSE, str(places_dir)]
        # One run first, to warm the page cache and the .pyc files, and to check the output.
        run_once(score_argv)
        with open(output, encoding="utf-8") as handle:
            records = json.load(handle)
        run_once(floor_argv)
        print(f"score output: {len(records)} rating records", file=sys.stderr)

        scoring = measure({"score": score_argv, "floor-parse": floor_argv}, args.repeat)

        one_place = str(sorted(places_dir.rglob("*.toml"))[0])
        startup_cmds = {
            "floor-import": [python, "-c", FLOOR_IMPORT],
            "floor-stack": [
                python,
                "-c",
                FLOOR_STACK,
                one_place,
                *map(str, sorted(criteria_dir.glob("*.toml"))),
            ],
            "version": [tlcriteria, "--version"],
            "check-one": [tlcriteria, "check", one_place, *crit],
            "score-one": [tlcriteria, "score", one_place, *crit],
            "assess-start": [tlcriteria, "assess", *crit, "-o", str(root / "new-place.toml")],
        }
        for argv in startup_cmds.values():
            run_once(argv)
        startup = measure(startup_cmds, args.startup_repeat)

        publishing: dict[str, dict[str, float]] = {}
        if args.publish_repeat > 0:
            # Interleaved with score, so that each ratio compares runs under the same load.
            argvs = {"score": score_argv}
            for fmt in PUBLISH_FORMATS:
                argvs[f"publish-{fmt}"] = publish_argv(tlcriteria, places_dir, criteria_dir, root, fmt)
            publishing = measure(argvs, args.publish_repeat)
            for fmt in PUBLISH_FORMATS:
                publishing[f"publish-{fmt}"]["output_mib"] = output_size(root / f"published.{fmt}") / 2**20

        big: dict[str, dict[str, float]] = {}
        if args.big:
            big_root = root / "big"
            started = time.perf_counter()
            big_criteria, big_places = generate(big_root, args.big, args.seed)
            print(f"generated {args.big} places ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
            argvs = {
                "score": [
                    tlcriteria,
                    "score",
                    str(big_places),
                    "--criteria",
                    str(big_criteria),
                    "-f",
                    "json",
                    "-o",
                    str(big_root / "ratings.json"),
                ],
            }
            for fmt in PUBLISH_FORMATS:
                argvs[f"publish-{fmt}"] = publish_argv(tlcriteria, big_places, big_criteria, big_root, fmt)
            big = measure(argvs, 1)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    rows = [comparison("score", scoring, "score", "floor-parse", TARGETS["score"])]
    rows += [comparison(name, startup, name, "floor-import", TARGETS["startup"]) for name in STARTUP]
    rows += [
        comparison(name, publishing, name, "score", TARGETS["publish"])
        for name in publishing
        if name != "score"
    ]
    # No target: how far each start-up is above what the fixed stack itself costs.
    stack = [comparison(name, startup, name, "floor-stack", 0.0) for name in ("floor-import", *STARTUP)]
    print()
    print(
        f"{args.places} places, {len(records)} ratings; python {platform.python_version()}, "
        f"{os.cpu_count()} cpu(s); load average {load_start[0]:.2f} at the start, "
        f"{os.getloadavg()[0]:.2f} at the end"
    )
    header = f"{'measure':<18}{'min s':>9}{'median s':>10}{'cpu s':>9}{'peak MiB':>10}{'runs':>6}"
    print(header)
    print("-" * len(header))
    for label, data in (*scoring.items(), *startup.items(), *publishing.items()):
        print(
            f"{label:<18}{data['min_s']:>9.3f}{data['median_s']:>10.3f}{data['cpu_median_s']:>9.3f}"
            f"{data['peak_rss_mib']:>10.1f}{data['runs']:>6}"
        )
    print()
    print("ratios (command / floor; publish / score --format json of the same places):")
    for row in rows:
        # CPU time is what a shared machine disturbs least: the verdict is on it.
        verdict = "ok" if row["ratio_cpu"] <= row["target"] else "OVER TARGET"
        print(
            f"{row['name']:<18} wall {row['ratio_min']:.2f}x (min), {row['ratio_median']:.2f}x (median); "
            f"cpu {row['ratio_cpu']:.2f}x; target <= {row['target']}x (cpu): {verdict}"
        )
    print()
    print("start-up / floor-stack (click, pluggy, attrs, toml_rs, the model's classes, the files parsed):")
    for row in stack:
        print(f"{row['name']:<18} cpu {row['ratio_cpu']:.2f}x; wall {row['ratio_median']:.2f}x (median)")
    if big:
        print()
        print(
            f"{args.big} places, one run each (peak MiB: largest single process; target <= {BIG_PEAK_MIB}):"
        )
        for label, data in big.items():
            verdict = "ok" if data["peak_rss_mib"] <= BIG_PEAK_MIB else "OVER TARGET"
            print(
                f"{label:<18} {data['min_s']:>8.1f} s wall {data['cpu_median_s']:>8.1f} s cpu "
                f"{data['peak_rss_mib']:>8.1f} MiB: {verdict}"
            )
    if args.json:
        report = {
            "places": args.places,
            "ratings": len(records),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_start": load_start,
            "load_average_end": os.getloadavg(),
            "score": scoring,
            "startup": startup,
            "publish": publishing,
            "big": {"places": args.big, "runs": big},
            "comparisons": rows,
            "startup_against_stack": stack,
        }
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def output_size(path: Path) -> int:
    """Bytes of a publication: its file, or every file of its folder (the site)."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def publish_argv(tlcriteria: str, places: Path, criteria: Path, root: Path, fmt: str) -> list[str]:
    target = root / f"published.{fmt}"
    return [
        tlcriteria,
        "publish",
        str(places),
        "--criteria",
        str(criteria),
        "--format",
        fmt,
        "-o",
        str(target),
        "--date",
        "2026-11-29",
    ]


if __name__ == "__main__":
    main()
