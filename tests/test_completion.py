"""Tab completion of option values (README, « Complétion dans le shell »), as bash asks for it."""

from __future__ import annotations

from click.testing import CliRunner

from tlcriteria.cli import main

from .site_network import REPO

CRITERIA = str(REPO / "criteria")


def completed(line: str) -> list[str]:
    """What `tlcriteria` offers for the last word of `line` (bash's protocol: type,value lines)."""
    words = line.split(" ")
    result = CliRunner().invoke(
        main,
        [],
        prog_name="tlcriteria",
        env={"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1), "_TLCRITERIA_COMPLETE": "bash_complete"},
    )
    assert result.exit_code == 0, result.output
    return [item.split(",", 1)[1] for item in result.stdout.splitlines() if item]


def test_format_completes_with_the_formats_each_command_writes():
    assert completed("tlcriteria publish --format s") == ["site", "summary"]
    assert completed("tlcriteria score --format ") == ["json", "summary", "table"]
    assert completed("tlcriteria score -f t") == ["table"]
    assert "md" in completed("tlcriteria publish --format ")
    assert completed("tlcriteria advise --format ") == ["table", "md", "json"]


def test_set_completes_with_the_catalogues_set_ids():
    sets = ["communs", "coworking", "fablab", "tiers-lieu"]
    for command in ("score", "advise", "assess"):
        assert completed(f"tlcriteria {command} --criteria {CRITERIA} --set ") == sets, command
    assert completed(f"tlcriteria score --criteria {CRITERIA} --set co") == ["communs", "coworking"]
    assert completed("tlcriteria score --set ") == []  # no plugin set here, no folder given


def test_kind_and_lang_complete():
    assert completed("tlcriteria schema --kind ") == ["set", "place", "network"]
    assert completed("tlcriteria --lang ") == ["fr", "en"]
    assert completed("tlcriteria score --lang e") == ["en"]
