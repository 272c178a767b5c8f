"""Screenshots of each page kind of the site, for docs/img/ (headless chromium).

    .venv/bin/python scripts/site_screenshots.py [OUT_DIR]

Publishes the example network with `--format site` into a temporary folder and
photographs the index, a place page, a college page and the map, at 1280 px and
(for the index) 390 px. The map's tiles are not fetched (no network needed).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import chromium  # noqa: E402

SHOTS = (
    ("site-index.png", "index.html", 1280, 900),
    ("site-index-phone.png", "index.html", 390, 844),
    ("site-lieu.png", "lieux/la-halle-songeuse/index.html", 1280, 1400),
    ("site-college.png", "colleges/fablab/index.html", 1280, 1400),
    ("site-carte.png", "carte/index.html", 1280, 900),
)


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img"
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "tlcriteria"),
                "publish",
                str(ROOT / "examples" / "normandie"),
                "--format",
                "site",
                "--date",
                "2026-12-01",
                "--title",
                "Lieux du Réseau des Tiers-Lieux Normands",
                "--network",
                "Tiers-Lieux Normands",
                "--tiles",
                "http://127.0.0.1:9/{z}/{x}/{y}.png",
                "-o",
                str(site),
            ],
            check=True,
        )
        for name, page, width, height in SHOTS:
            with chromium(width, height) as driver:
                driver.get((site / page).as_uri())
                time.sleep(1.0)
                driver.save_screenshot(str(out / name))
                print(out / name)


if __name__ == "__main__":
    main()
