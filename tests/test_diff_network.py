"""`diff`, `check --against`, `--criteria` beside paths and `--set`, on the network's own criteria
and places, in a real git repository.

Each test starts from the repository a working group keeps: `criteria/` (the
network's sets), `lieux/` (the example places) and `reviews/` (their peer
reviews), committed on `main`; then it edits the work tree as a member would.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tlcriteria.cli import main

from .test_diff import edit, git

REPO = Path(__file__).resolve().parents[1]
NORMANDIE = REPO / "examples" / "normandie"


@pytest.fixture
def network(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "reseau"
    shutil.copytree(REPO / "criteria", root / "criteria")
    shutil.copytree(NORMANDIE / "places", root / "lieux")
    shutil.copytree(NORMANDIE / "reviews", root / "reviews")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "critères 2026.1")
    monkeypatch.chdir(root)
    return root


# --- git:REV:PATH is read as git reads REV:PATH -------------------------------------------------


def test_a_revision_path_is_read_from_the_top_of_the_repository_from_a_subfolder(
    runner, network, monkeypatch
):
    monkeypatch.chdir(network / "lieux")
    result = runner.invoke(main, ["diff", "git:main:criteria", "../criteria"])
    assert result.exit_code == 0, result.output
    assert "No rule changed" in result.stdout


def test_a_revision_path_with_dot_slash_is_read_from_the_current_folder(runner, network, monkeypatch):
    monkeypatch.chdir(network / "lieux")
    result = runner.invoke(main, ["diff", "git:main:../criteria", "../criteria"])
    assert result.exit_code == 0, result.output
    # ./criteria from lieux/ is lieux/criteria: the message says where it looked, from the top.
    result = runner.invoke(main, ["diff", "git:main:./criteria", "../criteria"])
    assert result.exit_code == 1
    assert "no .toml file under 'lieux/criteria' at main" in result.output
    assert "write ./PATH for a path from the current folder" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(main, ["diff", "git:main:../..", "../criteria"])
    assert result.exit_code == 1
    assert "git:main:../..: '..' is outside the repository" in result.output


def test_check_against_a_revision_path_from_a_subfolder(runner, network, monkeypatch):
    monkeypatch.chdir(network / "lieux")
    result = runner.invoke(main, ["check", "../criteria", "--against", "git:main:criteria"])
    assert result.exit_code == 0, result.output


# --- a criteria folder given twice is read once -------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        ["--criteria", "criteria"],
        ["--criteria", "criteria/fablab.toml"],
        ["--criteria", "{root}/criteria"],
    ],
)
def test_check_counts_a_criteria_folder_given_twice_once(runner, network, extra):
    args = [a.format(root=network) for a in extra]
    result = runner.invoke(main, ["check", "criteria", "lieux", *args])
    assert result.exit_code == 0, result.output
    assert "is also used by" not in result.output
    assert "4 criteria set(s) and 16 place file(s) checked, no problem found" in result.stdout


# --- --set: one rule for score and advise (cli/places.places_for_set) ---------------------------

OUTSIDE_FABLAB = "lieux/la-grange-inventee.toml"  # colleges tiers-lieu only


@pytest.mark.parametrize("command", ["score", "advise"])
def test_a_set_that_rates_a_college_rates_only_its_places(runner, network, command):
    result = runner.invoke(main, [command, OUTSIDE_FABLAB, "--criteria", "criteria", "--set", "fablab"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        "no place given is in college 'fablab', the only one set 'fablab' rates; nothing was rated"
        in result.stderr
    )
    result = runner.invoke(
        main, [command, "lieux", "--criteria", "criteria", "--set", "fablab", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert "9 places are not in college 'fablab', the only one set 'fablab' rates" in result.stderr
    assert "la-grange-inventee" in result.stderr
    rated = {row["place"] for row in json.loads(result.stdout)}
    assert len(rated) == 7 and "la-grange-inventee" not in rated


@pytest.mark.parametrize("command", ["score", "advise"])
def test_a_set_that_gives_no_grade_on_its_own_is_refused(runner, network, command):
    result = runner.invoke(main, [command, OUTSIDE_FABLAB, "--criteria", "criteria", "--set", "communs"])
    assert result.exit_code == 1
    assert "set 'communs' has no [[grades]]: it is rated through the sets that extend it" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["score", "advise"])
def test_an_unknown_set_is_refused(runner, network, command):
    result = runner.invoke(main, [command, OUTSIDE_FABLAB, "--criteria", "criteria", "--set", "fablb"])
    assert result.exit_code == 1
    assert "unknown criteria set 'fablb' (did you mean 'fablab'?)" in result.stderr


def test_report_with_a_set_follows_up_the_places_of_its_college(runner, network):
    result = runner.invoke(
        main, ["report", "lieux", "reviews", "--criteria", "criteria", "--set", "fablab", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert "9 places are not in college 'fablab', the only one set 'fablab' rates" in result.stderr
    rows = json.loads(result.stdout)
    assert {row["set"] for row in rows} == {"fablab"} and len(rows) == 7
    result = runner.invoke(main, ["report", OUTSIDE_FABLAB, "--criteria", "criteria", "--set", "fablab"])
    assert result.exit_code == 1 and "nothing was rated" in result.stderr
    result = runner.invoke(main, ["report", "lieux", "--criteria", "criteria", "--set", "communs"])
    assert result.exit_code == 1 and "set 'communs' has no [[grades]]" in result.stderr


def test_report_rates_each_place_with_the_sets_of_its_colleges_only(runner, network):
    result = runner.invoke(main, ["report", "lieux", "--criteria", "criteria", "--format", "json"])
    assert result.exit_code == 0, result.output
    sets = {(row["place"], row["set"]) for row in json.loads(result.stdout)}
    assert ("la-grange-inventee", "tiers-lieu") in sets
    assert not any(place == "la-grange-inventee" and s != "tiers-lieu" for place, s in sets)


# --- a grade the scheme cannot compare is "changed" ---------------------------------------------


def _move_fab_reseau(root: Path) -> None:
    """Move `fab-reseau` from fablab (a profile, one letter per criterion) to tiers-lieu."""
    fablab = root / "criteria" / "fablab.toml"
    text = fablab.read_text(encoding="utf-8")
    start = text.index('[[criteria]]\nid = "fab-reseau"')
    end = text.index("\n# ----", start)
    block = text[start:end]
    fablab.write_text(text[:start] + text[end:], encoding="utf-8")
    edit(root / "criteria" / "tiers-lieu.toml", "[[grades]]", block + "\n\n[[grades]]")


def test_a_profile_of_another_length_is_changed_neither_higher_nor_lower(runner, network):
    _move_fab_reseau(network)
    result = runner.invoke(main, ["diff", "git:main", "criteria", "--places", "lieux"])
    assert result.exit_code == 0, result.output
    ruche = next(line for line in result.stdout.splitlines() if "la-ruche-imaginaire" in line)
    assert "AAAA → AAA" in ruche and ruche.endswith("changed")
    halle = next(
        line for line in result.stdout.splitlines() if "la-halle-songeuse" in line and "fablab" in line
    )
    assert "AABB → AAB" in halle and halle.endswith("changed")
    labo = next(line for line in result.stdout.splitlines() if "le-labo-des-lucioles" in line)
    assert "ACBA → ACB" in labo and "62.5 → 50" in labo and labo.endswith("changed")  # not "lower" either
    data = json.loads(
        runner.invoke(main, ["diff", "git:main", "criteria", "--places", "lieux", "--format", "json"]).stdout
    )
    fablab = {m["place"]: m["direction"] for m in data["moves"] if m["set"] == "fablab"}
    assert set(fablab.values()) == {"changed"} and len(fablab) == 7
    french = runner.invoke(
        main, ["--lang", "fr", "diff", "git:main", "criteria", "--places", "lieux", "--format", "md"]
    )
    assert "| AAAA → AAA | 100,0 → 100,0 | changée |" in french.stdout
    # The profiles members read changed under the same version: said, as a lowered grade is.
    assert (
        "warning: set fablab changes the grade of 7 place(s) (its scheme cannot tell whether up or down) "
        "but [set] version is still '2026.1'"
    ) in result.stdout
    checked = runner.invoke(main, ["check", "--strict", "--against", "git:main", "criteria", "lieux"])
    assert checked.exit_code == 1
    assert "set 'fablab' changes the grade of 7 place(s)" in checked.stderr


# --- [set.review] and the other [set] keys are rules too ----------------------------------------


@pytest.fixture
def disputed(network) -> Path:
    """A peer disputes La Halle Songeuse's pass coworking (a must criterion), committed; then the
    working group makes a dispute cost the answer's credit in coworking and ratings of fablab
    lapse after 12 months, without raising the versions."""
    edit(
        network / "reviews" / "la-halle-songeuse" / "le-labo-des-lucioles.toml",
        'cw-pass-coworking = { verdict = "confirmed"',
        'cw-pass-coworking = { verdict = "disputed"',
    )
    git(network, "commit", "-qam", "le labo conteste le pass coworking de la halle")
    edit(
        network / "criteria" / "coworking.toml",
        "\n[set.themes]",
        "\n[set.review]\ndisputed_keeps_credit = false\n\n[set.themes]",
    )
    edit(
        network / "criteria" / "fablab.toml",
        'college = "fablab"\n',
        'college = "fablab"\nvalid_for_months = 12\n',
    )
    return network


def _summary(runner, *criteria: str) -> str:
    result = runner.invoke(main, ["score", "lieux", "reviews", *criteria, "--format", "summary"])
    assert result.exit_code == 0, result.output
    return next(line for line in result.stdout.splitlines() if line.startswith("coworking"))


def test_diff_rates_with_the_reviews_as_score_does(runner, disputed):
    git(disputed, "stash", "-q")
    before = _summary(runner, "--criteria", "criteria")
    git(disputed, "stash", "pop", "-q")
    after = _summary(runner, "--criteria", "criteria")
    assert "A: 2" in before and "C: 4" in before
    assert "A: 1" in after and "C: 5" in after
    result = runner.invoke(main, ["diff", "git:main", "criteria", "--places", "lieux", "--places", "reviews"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "↓ set: review.disputed_keeps_credit true → false" in out
    assert "  set: valid_for_months — → 12" in out  # no effect on grades: no mark
    halle = next(line for line in out.splitlines() if "la-halle-songeuse" in line)
    assert "coworking" in halle and "A → C" in halle and halle.endswith("lower")
    assert "coworking: A 2 → 1, B 1 → 1, C 4 → 5, D 1 → 1" in out
    assert "warning: set coworking lowers the grade of 1 place(s) but [set] version is still '2026.1'" in out
    data = json.loads(
        runner.invoke(
            main,
            ["diff", "git:main", "criteria", "--places", "lieux", "--places", "reviews", "--format", "json"],
        ).stdout
    )
    changes = {(c["set"], c["change"]): c for c in data["changes"]}
    assert changes["coworking", "review.disputed_keeps_credit"]["effect"] == "stricter"
    assert changes["fablab", "valid_for_months"]["new"] == 12
    # Without the reviews, nobody's answer is disputed: no grade moves.
    result = runner.invoke(main, ["diff", "git:main", "criteria", "--places", "lieux"])
    assert "Ratings that move: 0 of" in result.stdout


def test_check_against_warns_that_a_dispute_now_lowers_a_grade(runner, disputed):
    result = runner.invoke(
        main, ["check", "--strict", "--against", "git:main", "criteria", "lieux", "reviews"]
    )
    assert result.exit_code == 1
    assert (
        "criteria/coworking.toml: line 16, [set] version: warning: compared with git:main, "
        "set 'coworking' lowers the grade of 1 place(s) but [set] version is still '2026.1'"
    ) in result.stderr
    assert "fablab" not in result.stderr  # valid_for_months moves no grade
    # Without places: the change itself may lower grades.
    result = runner.invoke(main, ["check", "--strict", "--against", "git:main", "criteria"])
    assert result.exit_code == 1
    assert "set 'coworking' has 1 change(s) that may lower a grade but [set] version is still '2026.1'" in (
        result.stderr
    )


# --- a deleted criterion that places answer: what publish will do --------------------------------


def _delete_cadre_explicite(root: Path) -> None:
    communs = root / "criteria" / "communs.toml"
    text = communs.read_text(encoding="utf-8")
    start = text.index('[[criteria]]\nid = "cadre-explicite"')
    end = text.index("[[criteria]]", start + 1)
    communs.write_text(text[:start] + text[end:], encoding="utf-8")


def test_places_that_publish_would_leave_out_are_counted_apart(runner, network, tmp_path):
    _delete_cadre_explicite(network)
    published = runner.invoke(
        main, ["publish", "lieux", "--criteria", "criteria", "--format", "csv", "-o", str(tmp_path / "p.csv")]
    )
    assert "10 place files left out because of their problems" in published.stderr
    result = runner.invoke(main, ["diff", "git:main", "criteria", "--places", "lieux"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    # Only the places publish still rates are "rated": 3 ratings of 3 places without that answer.
    assert "Ratings that move: 3 of 3" in out
    assert (
        "Answers the new rules refuse: publish would leave out 10 places until their files no longer hold them"
        in out
    )
    assert (
        "l-escale-inventee: cadre-explicite: no criteria set defines it any more "
        "(remove the answer from the file; tlcriteria migrate leaves it)"
    ) in out
    assert "answer again" not in out
    assert 'or retire these criteria instead of deleting them: with status = "retired"' in out
    assert "Their ratings once these answers are removed or given again: 13 of 14 move" in out
    ateliers = next(line for line in out.splitlines() if "les-ateliers-du-songe" in line and "→" in line)
    assert "C → D" in ateliers and ateliers.endswith("lower")
    assert "coworking: A 2 → 0, B 1 → 0, C 4 → 0, D 1 → 1, left out 0 → 7" in out
    data = json.loads(
        runner.invoke(main, ["diff", "git:main", "criteria", "--places", "lieux", "--format", "json"]).stdout
    )
    assert len(data["held"]) == 10 and data["held_counts"] == {"coworking": 7, "tiers-lieu": 7}
    assert data["compared"] == 3 and all(n["deleted"] for n in data["refused_answers"])
    assert data["summary"]["coworking"]["A"] == {"old": 2, "new": 0}
    # migrate indeed leaves those answers: the hint does not send members to it.
    dry = runner.invoke(main, ["migrate", "lieux", "--criteria", "criteria", "--dry-run"])
    assert "0 place files would be rewritten" in dry.output


def test_a_refused_option_asks_the_place_to_answer_again(runner, network):
    edit(
        network / "criteria" / "communs.toml",
        '  { id = "rencontres"',
        '  { id = "rencontres-reseau"',
    )
    result = runner.invoke(main, ["diff", "git:main", "criteria", "--places", "lieux"])
    assert result.exit_code == 0, result.output
    assert "(the place answers again: tlcriteria assess FILE)" in result.stdout
    assert "retire these criteria" not in result.stdout


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), min_size=1, max_size=4))
def test_a_revision_path_is_from_the_top_unless_it_starts_with_a_dot(tmp_path, parts):
    from tlcriteria.diff.sources import from_root

    root, sub = tmp_path / "depot", tmp_path / "depot" / "lieux"
    sub.mkdir(parents=True, exist_ok=True)
    path = "/".join(parts)
    here = os.getcwd()
    os.chdir(sub)
    try:
        assert from_root(path, str(root)) == path  # as git reads REV:PATH
        assert from_root("./" + path, str(root)) == "lieux/" + path  # as git reads REV:./PATH
        assert from_root("../" + path, str(root)) == path
        assert from_root(".", str(root)) == "lieux"
    finally:
        os.chdir(here)
