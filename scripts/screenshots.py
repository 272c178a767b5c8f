"""What the screenshot scripts share: the example network published as a site, and
headless chromium photographing pages at given sizes (tests/browser.py's driver)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import chromium  # noqa: E402


def out_dir() -> Path:
    """OUT_DIR, the scripts' one argument, else docs/img/."""
    return Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img"


def publish_example_site(site: Path, *extra: str, quiet: bool = False) -> None:
    """The example network published with `--format site` into `site` (`extra`: more options)."""
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
            *extra,
            "-o",
            str(site),
        ],
        check=True,
        capture_output=quiet,
    )


def take_shots(out: Path, shots: Iterable[tuple[str, int, int, Callable[[Any], None]]]) -> None:
    """For each (file name, width, height, show): a fresh chromium window of that size, `show`n
    the page (it waits until the page is ready), photographed into `out`."""
    for name, width, height, show in shots:
        with chromium(width, height) as driver:
            show(driver)
            driver.save_screenshot(str(out / name))
            print(out / name)
