"""Screenshots of each page kind of the site, for docs/img/ (headless chromium).

    .venv/bin/python scripts/site_screenshots.py [OUT_DIR]

Publishes the example network with `--format site` into a temporary folder and
photographs the index, a place page, a college page and the map, at 1280 px and
(for the index) 390 px. The map's tiles are not fetched (no network needed).
"""

from __future__ import annotations

import functools
import tempfile
import time
from pathlib import Path
from typing import Any

from screenshots import out_dir, publish_example_site, take_shots

SHOTS = (
    ("site-index.png", "index.html", 1280, 900),
    ("site-index-phone.png", "index.html", 390, 844),
    ("site-lieu.png", "lieux/la-halle-songeuse/index.html", 1280, 1400),
    ("site-college.png", "colleges/fablab/index.html", 1280, 1400),
    ("site-carte.png", "carte/index.html", 1280, 900),
)


def show(page: Path, driver: Any) -> None:
    driver.get(page.as_uri())
    time.sleep(1.0)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        publish_example_site(site, "--tiles", "http://127.0.0.1:9/{z}/{x}/{y}.png")
        take_shots(
            out_dir(),
            (
                (name, width, height, functools.partial(show, site / page))
                for name, page, width, height in SHOTS
            ),
        )


if __name__ == "__main__":
    main()
