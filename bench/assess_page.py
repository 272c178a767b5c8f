"""Benchmark of the site's self-assessment page (auto-evaluation/): its weight, and how soon it is usable.

    .venv/bin/python bench/assess_page.py [--repeat 3]

Publishes the example network's site, serves it on 127.0.0.1 and opens the
page in Debian's headless chromium (tests/browser.py), then measures:
- the bytes the page loads (Pyodide's files, the bundle, the page's own), on disk and as sent;
- the time until the page is usable (navigation start to the script's `data-assess="ready"`:
  Pyodide started, the bundle unpacked, the catalogue loaded, the form drawn), with an empty
  cache (a new browser profile) and from the browser's cache (a reload); best and median;
- for a place in one college and in all three (`performance.now()` in the page): the time one
  answer takes (the engine, in its Web Worker, takes it and rates; the page redraws), the time
  the advice of every set takes, how long an answer given while the advice is worked out waits
  (the page asks the advice set by set), and the longest time the page's own thread was busy
  in one go (chromium's "long tasks": what would make typing stutter).
Not a timed test: the figures depend on the machine (see docs/publishing.md).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import chromium  # noqa: E402

TLCRITERIA = str(ROOT / ".venv" / "bin" / "tlcriteria")
PAGE = "auto-evaluation/index.html"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def page_bytes(site: Path) -> dict[str, int]:
    folders = {
        "pyodide": site / "assets" / "vendor" / "pyodide",
        "bundle": site / "auto-evaluation" / "tlcriteria.zip",
    }
    sizes = {
        name: sum(
            p.stat().st_size for p in path.rglob("*") if p.is_file() and p.name not in ("LICENSE", "VERSION")
        )
        if path.is_dir()
        else path.stat().st_size
        for name, path in folders.items()
    }
    own = [site / PAGE, site / "auto-evaluation" / "assess-data.js", site / "assets" / "assess.js"]
    own += [site / "assets" / "assess-worker.js"]
    own += [site / "assets" / "assess.css", site / "assets" / "site.css"]
    sizes["page"] = sum(p.stat().st_size for p in own)
    return sizes


def wait_ready(driver: Any) -> None:
    while True:
        state = driver.execute_script("return document.documentElement.getAttribute('data-assess')")
        if state == "ready":
            return
        if state == "failed":
            raise SystemExit(driver.find_element("id", "assess-status").text)
        time.sleep(0.05)


def ready_time(driver: Any) -> float:
    """Seconds from navigation start to `data-assess=ready` (the moment the script set it)."""
    wait_ready(driver)
    return float(driver.execute_script("return window.__assessReady / 1000;"))


def answer_time(driver: Any, colleges: str, count: int) -> dict[str, float]:
    """In seconds, medians: one answer (the worker's round trip: engine, grade; then the redraw),
    over `count` answers; the advice of every set after an answer (of three); an answer given
    while the advice of the slowest set is being worked out (of three); and the longest time the
    page's own thread was busy in one go meanwhile (the "long tasks" chromium reports, 0 when
    none took 50 ms)."""
    return dict(
        driver.execute_script(
            """
            const [colleges, count] = arguments;
            const api = window.tlAssess;
            const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] / 1000;
            const timed = async (request) => {
              const start = performance.now();
              await api.call(request);
              return performance.now() - start;
            };
            const busy = [];
            const observer = new PerformanceObserver((list) => {
              for (const entry of list.getEntries()) busy.push(entry.duration);
            });
            observer.observe({ type: "longtask" });
            return (async () => {
              await api.call({op: 'open', text: '', name: ''});
              await api.call({op: 'batch', requests: [
                {op: 'identity', field: 'name', text: 'Banc'}, {op: 'identity', field: 'town', text: 'Caen'},
                {op: 'identity', field: 'stage', text: 'existing'},
                {op: 'identity', field: 'colleges', text: colleges}]});
              const questions = api.state().questions.filter(q => q.control.options);
              const pick = (i, o) => ({op: 'answer', criterion: questions[i].id,
                                       picked: [questions[i].control.options[o].value]});
              const answers = [];
              for (let i = 0; i < count; i++) {
                const q = questions[i % questions.length];
                answers.push(await timed(pick(i % questions.length, i % q.control.options.length)));
              }
              const advice = [], waited = [];
              for (let i = 0; i < 3; i++) {
                await api.call(pick(i, 0));
                advice.push(await timed({op: 'advice'}));
                await api.call(pick(i, 1));
                const sets = api.state().ratings.map(r => r.set);
                const slowest = sets.includes('tiers-lieu') ? 'tiers-lieu' : sets[0];
                const searching = api.call({op: 'advice', set: slowest});  // not awaited
                waited.push(await timed(pick(i, 0)));
                await searching;
              }
              await api.idle();
              observer.disconnect();
              return [["answer", median(answers)], ["advice", median(advice)],
                      ["answer_during_advice", median(waited)],
                      ["page_busy", Math.max(0, ...busy) / 1000]];
            })();
            """,
            colleges,
            count,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--answers", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "public"
        subprocess.run(
            [
                TLCRITERIA,
                "publish",
                str(ROOT / "examples" / "normandie"),
                "--format",
                "site",
                "-o",
                str(site),
            ],
            check=True,
            capture_output=True,
        )
        sizes = page_bytes(site)
        httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
        )
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{httpd.server_port}/{PAGE}"
        cold, warm, transferred = [], [], 0
        one: dict[str, float] = {}
        three: dict[str, float] = {}
        for number in range(args.repeat):
            with chromium(1280, 900) as driver:
                driver.set_script_timeout(120)
                driver.get(url)
                cold.append(ready_time(driver))
                transferred = int(
                    driver.execute_script(
                        "return performance.getEntriesByType('resource')"
                        ".reduce((s, e) => s + (e.transferSize || e.encodedBodySize || 0), 0)"
                        " + performance.getEntriesByType('navigation')[0].transferSize;"
                    )
                ) + sum(r["size"] for r in driver.execute_script("return window.tlAssess.resources();"))
                driver.refresh()
                warm.append(ready_time(driver))
                if number == 0:
                    one = answer_time(driver, "fablab", args.answers)
                    three = answer_time(driver, "coworking, fablab, tiers-lieu", args.answers)
        httpd.shutdown()
    mib = 1024 * 1024
    print(f"page weight on disk: {sum(sizes.values()) / mib:.1f} MiB", end="")
    print(" (" + ", ".join(f"{k} {v / mib:.2f} MiB" for k, v in sizes.items()) + ")")
    print(f"bytes loaded by the browser (first visit): {transferred / mib:.1f} MiB")
    print(f"usable after, empty cache: best {min(cold):.1f} s, median {statistics.median(cold):.1f} s")
    print(f"usable after, from the cache: best {min(warm):.1f} s, median {statistics.median(warm):.1f} s")
    for label, key, unit in (
        ("one answer (worker: engine, grade; then the redraw), median", "answer", "ms"),
        ("the advice of every set after an answer, median", "advice", "s"),
        ("an answer given while the slowest set's advice is worked out, median", "answer_during_advice", "s"),
        ("the page's thread busy in one go at most (long tasks), during all that", "page_busy", "ms"),
    ):
        shown = [f"{m[key] * 1000:.0f} ms" if unit == "ms" else f"{m[key]:.2f} s" for m in (one, three)]
        print(f"{label}: one college {shown[0]}, three colleges {shown[1]}")


if __name__ == "__main__":
    main()
