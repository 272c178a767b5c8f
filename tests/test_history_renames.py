"""The site's grade history follows a place file renamed with `git mv` (real git repositories)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner

from tlcriteria.cli import main

REPO = Path(__file__).parent.parent
NORMANDIE = REPO / "examples" / "normandie"
HALLE = "la-halle-songeuse"


def git(repo: Path, *args: str, date: str = "2025-01-01") -> None:
    stamp = f"{date}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def history_dates(site: Path, place_id: str) -> list[str]:
    """The dates of the history table's rows on the place's page (read by html5lib), in order."""
    import html5lib

    with open(site / "lieux" / place_id / "index.html", "rb") as page:
        tree = html5lib.parse(page, namespaceHTMLElements=False)
    section = tree.find(".//section[@aria-labelledby='history-title']")
    assert section is not None
    return [row.findall("td")[0].text or "" for row in section.iter("tr") if row.findall("td")]


def publish_site(places: Path, out: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["publish", str(places), "--criteria", str(REPO / "criteria"), "--format", "site", "--date",
         "2026-12-01", "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_history_goes_back_past_a_rename(tmp_path):
    repo = tmp_path / "N"
    shutil.copytree(NORMANDIE, repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first answers", date="2025-03-01")
    place = repo / "places" / f"{HALLE}.toml"
    text = place.read_text(encoding="utf-8")
    place.write_text(text.replace("[answers]\n", "[answers]\n# reviewed in September\n", 1), encoding="utf-8")
    git(repo, "commit", "-qam", "second answers", date="2025-09-01")
    git(repo, "mv", f"places/{HALLE}.toml", "places/halle.toml")
    git(repo, "mv", f"places/{HALLE}.toml.sig", "places/halle.toml.sig")
    git(repo, "commit", "-qm", "shorter name", date="2026-01-15")
    publish_site(repo / "places", tmp_path / "site")
    dates = history_dates(tmp_path / "site", HALLE)
    # Both versions, read under the old name; the rename changed no answer: no version of its own.
    assert sorted(set(dates), reverse=True) == ["2025-09-01", "2025-03-01"], dates
    assert dates == sorted(dates, reverse=True)


def test_a_rename_with_changes_is_a_version(tmp_path):
    repo = tmp_path / "N"
    shutil.copytree(NORMANDIE, repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first answers", date="2025-03-01")
    git(repo, "mv", f"places/{HALLE}.toml", "places/halle.toml")
    moved = repo / "places" / "halle.toml"
    moved.write_text(moved.read_text(encoding="utf-8") + "\n# renamed and edited\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "renamed and edited", date="2026-01-15")
    publish_site(repo / "places", tmp_path / "site")
    assert sorted(set(history_dates(tmp_path / "site", HALLE)), reverse=True) == ["2026-01-15", "2025-03-01"]
    # Another place, never renamed, keeps its one version.
    assert set(history_dates(tmp_path / "site", "le-phare-de-papier")) == {"2025-03-01"}
