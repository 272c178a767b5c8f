"""A small network for the site tests: the example network, hostile places, enough to page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from tlcriteria.cli import main

REPO = Path(__file__).resolve().parent.parent
NORMANDIE = REPO / "examples" / "normandie" / "places"

# Right-to-left marks and Arabic script (overrides such as U+202E are refused by `check`).
RTL = "\u200fمكان مشترك\u200f «Lieu» \u200e"
HOSTILE_NAMES = [
    "<script>window.__pwned=1</script>",
    "\"quoted' <img src=x onerror=window.__pwned=1>",
    RTL,
    "Très" + "long" * 29,  # 120 characters (the longest name `check` accepts), no break
]
LONG_TOWN = "Saint" + "X" * 75  # one 80-character word, the longest town
#: 2,000 characters without a break, in the longest place's description.
LONG_TEXT = "<b>" + ("Descriptionsansfin" * 111)[:1993] + "</b>"
ANSWERS = 'liberte-usagers = ["usage"]\nun-lieu = "unique"\npluralite-activites = 3\n'


def hostile_place(folder: Path, ident: str, name: str, town: str, extra: str = "") -> None:
    (folder / f"{ident}.toml").write_text(
        f"[place]\nid = {json.dumps(ident)}\nname = {json.dumps(name)}\ntown = {json.dumps(town)}\n"
        'stage = "project"\ncolleges = ["tiers-lieu"]\nlat = 49.18\nlon = -0.37\n'
        'website = "https://ok.example.org/a**b**"\n'
        f'publics = ["<b>élèves</b>", "Habitants"]\nservices = ["Café"]\n{extra}'
        '[contact]\nname = "Secret Person"\nemail = "secret@example.org"\n\n'
        f"[answers]\n{ANSWERS}"
        'co-construction = { value = 2, justification = "<script>window.__pwned=1</script> justifié", '
        'url = "https://x.example/a&amp;b" }\n',
        encoding="utf-8",
    )


def make_network(root: Path, fillers: int = 40) -> Path:
    places = root / "places"
    shutil.copytree(NORMANDIE, places)
    for i, name in enumerate(HOSTILE_NAMES):
        extra = f"description = {json.dumps(LONG_TEXT)}\n" if i == 3 else ""
        hostile_place(places, f"hostile-{i}", name, LONG_TOWN if i == 3 else "Lisieux | x", extra)
    hostile_place(places, "phishing", "Le Havre", "Le Havre voir https://evil.example/phish")
    for i in range(fillers):
        (places / f"filler-{i:02d}.toml").write_text(
            f'[place]\nid = "filler-{i:02d}"\nname = "Lieu de remplissage {i:02d}"\ntown = "Évreux"\n'
            f'stage = "existing"\ncolleges = ["tiers-lieu"]\nlat = {49.0 + i / 100}\nlon = 1.15\n'
            f'publics = ["Étudiants"]\nservices = ["Fablab"]\n\n[answers]\n{ANSWERS}',
            encoding="utf-8",
        )
    return places


def publish_site(places: Path, target: Path, *extra: str) -> None:
    result = CliRunner().invoke(
        main,
        [
            "publish",
            str(places),
            "--format",
            "site",
            "--date",
            "2026-12-01",
            "--criteria",
            str(REPO / "criteria"),
            "--tiles",
            "http://127.0.0.1:9/{z}/{x}/{y}.png",
            "-o",
            str(target),
            *extra,
        ],
    )
    assert result.exit_code == 0, result.output
