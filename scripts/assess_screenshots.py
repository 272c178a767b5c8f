"""Screenshots of the site's self-assessment page, for docs/img/ (headless chromium).

    .venv/bin/python scripts/assess_screenshots.py [OUT_DIR]

Publishes the example network with `--format site`, serves it on 127.0.0.1
(Pyodide needs HTTP, not file://), opens « S'auto-évaluer », resumes an
example place file and answers one question, then photographs the page at
1280 px and 390 px.
"""

from __future__ import annotations

import functools
import http.server
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from screenshots import ROOT, out_dir, publish_example_site, take_shots

PLACE = ROOT / "examples" / "normandie" / "places" / "l-etabli-fictif.toml"
SHOTS = (("site-auto-evaluation.png", 1280, 1500), ("site-auto-evaluation-phone.png", 390, 1500))


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def show(port: int, driver: Any) -> None:
    """The page ready, the example place resumed and one question answered."""
    driver.get(f"http://127.0.0.1:{port}/auto-evaluation/index.html")
    while driver.execute_script("return document.documentElement.getAttribute('data-assess')") != "ready":
        time.sleep(0.2)
    driver.set_script_timeout(60)
    driver.execute_script(  # the page's calls are promises (the engine is in a worker)
        "const api = window.tlAssess;"
        "return api.open(arguments[0], arguments[1])"
        ".then(() => api.call({op: 'answer', criterion: 'fab-charte', picked: ['affichee']}))"
        ".then(() => api.call({op: 'advice'}));",
        PLACE.name,
        PLACE.read_text("utf-8"),
    )
    time.sleep(0.3)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        publish_example_site(site, quiet=True)
        httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
        )
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        page = functools.partial(show, httpd.server_port)
        take_shots(out_dir(), ((name, width, height, page) for name, width, height in SHOTS))
        httpd.shutdown()


if __name__ == "__main__":
    main()
