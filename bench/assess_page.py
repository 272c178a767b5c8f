"""Benchmark of the site's self-assessment page (auto-evaluation/): its weight, and how soon it is usable.

    .venv/bin/python bench/assess_page.py [--repeat 3]

Publishes the example network's site, serves it on 127.0.0.1 and opens the
page in Debian's headless chromium (tests/browser.py), then measures:
- the bytes the page loads (Pyodide's files, the bundle, the page's own), on disk and as sent;
- the time until the page is usable (navigation start to the script's `data-assess="ready"`:
  Pyodide started, the bundle unpacked, the catalogue loaded, the form drawn), with an empty
  cache (a new browser profile) and from the browser's cache (a reload); best and median;
- the time one answer takes (the engine takes it, rates and advises, the page redraws), for a
  place in one college and in all three (median of many answers, `performance.now()` in the page).
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


def answer_time(driver: Any, colleges: str, count: int) -> tuple[float, float]:
    """Median seconds of one answer (engine + rating + redraw), over `count` answers, and of
    working out the advice after an answer (median of three)."""
    return tuple(
        driver.execute_script(
            """
            const api = window.tlAssess;
            api.call({op: 'open', text: '', name: ''});
            api.call({op: 'batch', requests: [
              {op: 'identity', field: 'name', text: 'Banc'}, {op: 'identity', field: 'town', text: 'Caen'},
              {op: 'identity', field: 'stage', text: 'existing'},
              {op: 'identity', field: 'colleges', text: arguments[0]}]});
            const questions = api.state().questions.filter(q => q.control.options);
            const times = [];
            for (let i = 0; i < arguments[1]; i++) {
              const q = questions[i % questions.length];
              const o = q.control.options[i % q.control.options.length];
              const start = performance.now();
              api.call({op: 'answer', criterion: q.id, picked: [o.value]});
              times.push(performance.now() - start);
            }
            times.sort((a, b) => a - b);
            const advice = [];
            for (let i = 0; i < 3; i++) {
              api.call({op: 'answer', criterion: questions[i].id, picked: [questions[i].control.options[0].value]});
              const start = performance.now();
              api.call({op: 'advice'});
              advice.push(performance.now() - start);
            }
            advice.sort((a, b) => a - b);
            return [times[Math.floor(times.length / 2)] / 1000, advice[1] / 1000];
            """,
            colleges,
            count,
        )
    )  # type: ignore[return-value]


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
        one = three = (0.0, 0.0)
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
                )
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
    print(
        f"one answer (engine, grade, redraw), median: one college {one[0] * 1000:.0f} ms, "
        f"three colleges {three[0] * 1000:.0f} ms"
    )
    print(f"the advice after an answer, median: one college {one[1]:.2f} s, three colleges {three[1]:.2f} s")


if __name__ == "__main__":
    main()
