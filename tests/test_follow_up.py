"""`tlcriteria report`: the coordinator's follow-up, through the CLI."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from tlcriteria.cli import main

from .conftest import EXAMPLES
from .conftest import review as run_review

FABRIQUE, HANGAR = "la-fabrique-exemple", "le-hangar-partage"


@pytest.fixture
def net(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES / "places", tmp_path / "net" / "places")
    shutil.copytree(EXAMPLES / "criteria", tmp_path / "criteria")
    rules = tmp_path / "criteria" / "tiers-lieu.toml"
    rules.write_text(
        rules.read_text().replace(
            'college = "tiers-lieu"\n', 'college = "tiers-lieu"\nvalid_for_months = 12\n'
        )
    )
    place = tmp_path / "net" / "places" / f"{HANGAR}.toml"
    place.write_text(place.read_text().replace("[place]\n", "[place]\nassessed = 2020-05-04\n"))
    return tmp_path / "net"


def report(runner, net: Path, *extra: str):
    result = runner.invoke(main, ["report", str(net), "--criteria", str(net.parent / "criteria"), *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_report_lists_what_each_place_has_to_do(runner, net):
    review = net / "reviews" / FABRIQUE / HANGAR
    answers = ["c", "x", "Pas de charte"] + ["c"] * 6
    result = run_review(runner, net, FABRIQUE, HANGAR, answers)
    assert result.exit_code == 0, result.output
    assert review.with_suffix(".toml").exists()
    rows = {(r["place"], r["set"]): r for r in json.loads(report(runner, net, "--format", "json"))}
    hangar = rows[(HANGAR, "tiers-lieu")]
    assert hangar["assessed"] == "2020-05-04" and hangar["stale"] is True
    assert hangar["verification"] == "self" and hangar["disputed"] == []
    assert hangar["missing_evidence"] == ["co-construction"]
    assert hangar["unanswered"] == ["contribution-reseau"]
    # The criteria to work on by their titles, as `advise` names them.
    advised = json.loads(
        runner.invoke(
            main, ["advise", str(net), "--criteria", str(net.parent / "criteria"), "--format", "json"]
        ).stdout
    )
    titles = {c["criterion"]: c for r in advised if r["place"] == HANGAR for c in r["changes"]}
    assert titles and hangar["advice"].startswith("C: work on ")
    assert all(cid not in hangar["advice"] for cid in titles)
    fabrique = rows[(FABRIQUE, "fablab")]
    assert fabrique["disputed"] == ["fab-charte"] and fabrique["verification"] == "disputed"
    assert fabrique["signature"] is None  # no --signers
    assert rows[(FABRIQUE, "tiers-lieu")]["advice"] == "best grade reached"


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
def test_report_names_signature_states(runner, net, tmp_path):
    key = tmp_path / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    signers = tmp_path / "signers"
    signers.write_text(f"{FABRIQUE} {' '.join(Path(f'{key}.pub').read_text().split()[:2])}\n")
    assert (
        runner.invoke(main, ["sign", str(net / "places" / f"{FABRIQUE}.toml"), "--key", str(key)]).exit_code
        == 0
    )
    assert (
        runner.invoke(main, ["sign", str(net / "places" / f"{HANGAR}.toml"), "--key", str(key)]).exit_code
        == 0
    )
    rows = json.loads(report(runner, net, "--signers", str(signers), "--format", "json"))
    assert {r["place"]: r["signature"] for r in rows} == {
        FABRIQUE: "signed",
        HANGAR: "wrong-key",
        "l-atelier-mobile": "unsigned",
    }


def test_table_md_and_csv(runner, net):
    table = report(runner, net)
    assert table.splitlines()[0].split()[:3] == ["PLACE", "SET", "GRADE"]
    # Places by name, as every other output shows them.
    assert "Le Hangar Partagé" in table and HANGAR not in table
    assert "2020-05-04 (stale)" in table
    md = report(runner, net, "--format", "md")
    assert md.splitlines()[1].startswith("| --- |")
    rows = list(csv.reader(io.StringIO(report(runner, net, "--format", "csv"))))
    assert len(rows) == 1 + 4  # heading, then one row per place and set
    french = runner.invoke(
        main, ["--lang", "fr", "report", str(net), "--criteria", str(net.parent / "criteria")]
    ).stdout
    assert "à actualiser" in french


NORMANDIE = Path(__file__).resolve().parent.parent / "examples" / "normandie"
LISTS = ("disputed", "unreviewed", "missing_evidence", "unanswered")


def titles_in(lang: str) -> dict[str, str]:
    """Every criterion's title as the rule files write it, in `lang` (`title_en` in English)."""
    found = {}
    for path in sorted((NORMANDIE.parent.parent / "criteria").glob("*.toml")):
        for c in tomllib.loads(path.read_text(encoding="utf-8")).get("criteria", []):
            found[c["id"]] = c.get("title_en", c["title"]) if lang == "en" else c["title"]
    return found


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_lists_name_criteria_by_title_and_json_keeps_their_ids(runner, lang):
    """`tlcriteria report examples/normandie`: criteria not reviewed, disputed, without their
    evidence or unanswered by their titles, in the report's language, as `advise` names them."""
    args = ["--lang", lang, "report", str(NORMANDIE), "--criteria", str(NORMANDIE.parent.parent / "criteria")]

    def out(*extra: str) -> str:
        result = runner.invoke(main, [*args, *extra])
        assert result.exit_code == 0, result.output
        return result.stdout

    titles = titles_in(lang)
    records = json.loads(out("--format", "json"))
    cabane = next(r for r in records if (r["place"], r["set"]) == ("la-cabane-pretendue", "tiers-lieu"))
    assert cabane["missing_evidence"] == ["role-politique", "fiche-cartographie"]  # JSON: ids
    assert cabane["unanswered"] == ["tl-structures-relais"]
    assert any(r["disputed"] for r in records) and any(r["unreviewed"] for r in records)
    separator = " ; " if lang == "fr" else "; "  # titles may hold commas
    md = [line.split(" | ") for line in out("--format", "md").splitlines()[2:]]
    rows = list(csv.reader(io.StringIO(out("--format", "csv"))))[1:]
    table = out()
    assert len(md) == len(rows) == len(records)
    columns = (6, 7, 8, 9)  # DISPUTED, UNREVIEWED, MISSING EVIDENCE, UNANSWERED
    for record, md_row, csv_row in zip(records, md, rows, strict=True):
        for key, column in zip(LISTS, columns, strict=True):
            shown = separator.join(titles[c] for c in record[key])
            assert md_row[column] == csv_row[column] == shown, (record["place"], key)
            if 0 < len(record[key]) <= 3:  # longer lists are counted in the terminal table
                assert shown in table
    for criterion in {c for r in records for key in LISTS for c in r[key]}:
        assert criterion not in table and all(criterion not in cell for row in rows for cell in row)
    assert titles["role-politique"] in table
