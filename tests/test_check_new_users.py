"""What a review as new users found in `check` and `migrate`, replayed as they ran it.

Each test writes the files as a member or the working group would, runs the
command line and reads what it says (in French, as members read it, where the
wording is the point).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from tlcriteria.cli import main

from .conftest import builtins_only_env

REPO = Path(__file__).resolve().parents[1]

PLACE = """[place]
id = "a"
name = "A"
town = "Caen"
stage = "existing"
colleges = ["tiers-lieu"]

[answers]
un-lieu = "unique"
"""


@pytest.fixture
def network(tmp_path, monkeypatch) -> Path:
    """The network's criteria (criteria/ of the repository) and a folder of place files, the
    current folder."""
    shutil.copytree(REPO / "criteria", tmp_path / "criteria")
    (tmp_path / "lieux").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, lang: str = "en"):
    return CliRunner(env={"LANGUAGE": lang}).invoke(main, list(args))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --------------------------------------------------------------------------- 1. migrate keeps the table form


def test_migrate_renames_an_option_in_a_sub_table_and_keeps_its_justification_and_comment(network):
    edit(
        network / "criteria/communs.toml",
        '{ id = "decouverte", ',
        '{ id = "decouverte-gratuite", replaces = ["decouverte"], ',
    )
    place = network / "lieux/a.toml"
    place.write_text(
        PLACE + '\n[answers.ouverture-entree]\nvalue = "decouverte"   # visite du samedi\n'
        'justification = "Visite gratuite le samedi"\n',
        encoding="utf-8",
    )
    dry = run("migrate", "lieux", "--criteria", "criteria", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert '+value = "decouverte-gratuite"   # visite du samedi\n' in dry.stdout
    assert "-justification" not in dry.stdout and "+justification" not in dry.stdout  # kept as it is
    result = run("migrate", "lieux", "--criteria", "criteria")
    assert result.exit_code == 0, result.output
    text = place.read_text(encoding="utf-8")
    assert text == (
        PLACE + '\n[answers.ouverture-entree]\nvalue = "decouverte-gratuite"   # visite du samedi\n'
        'justification = "Visite gratuite le samedi"\n'
    )
    assert tomllib.loads(text)["answers"]["ouverture-entree"]["justification"] == "Visite gratuite le samedi"
    checked = run("check", "criteria", "lieux")
    assert checked.exit_code == 0, checked.output
    assert "migrate" not in checked.output


# --------------------------------------------------------------------------- 2. every error at once


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("weight = 1\n", "weight = 1\nwieght = 2\n", "unknown key 'wieght'"),
        ('level = "should"\n', 'level = "obligatoire"\n', "'obligatoire'"),
    ],
)
def test_a_criterion_error_does_not_hide_the_grade_order(network, old, new, said):
    path = network / "criteria/tiers-lieu.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('id = "tl-facilitation"')
    at = text.index(old, start)
    text = text[:at] + new + text[at + len(old) :]
    grade_b = text.index('grade = "B"')
    at = text.index("min_percent = 60", grade_b)
    path.write_text(text[:at] + "min_percent = 85" + text[at + len("min_percent = 60") :], encoding="utf-8")
    result = run("check", "criteria")
    assert result.exit_code == 1
    assert said in result.stderr
    assert '[[grades]] "B": min_percent 85 is higher than the grade above it (80)' in result.stderr
    assert "2 problems found" in result.stderr


def test_a_wrong_option_rename_does_not_hide_a_wrong_criterion_rename(network):
    path = network / "criteria/communs.toml"
    edit(path, '{ id = "porte-ouverte", ', '{ id = "porte-ouverte", replaces = ["adhesion"], ')
    edit(
        path, 'id = "fiche-cartographie"\n', 'id = "fiche-cartographie"\nreplaces = ["partage-experience"]\n'
    )
    result = run("check", "criteria")
    assert result.exit_code == 1
    assert "option 'porte-ouverte' replaces 'adhesion', which is still an option" in result.stderr
    assert "replaces 'partage-experience', which set 'communs' still defines" in result.stderr


def test_a_set_with_errors_is_not_blamed_for_what_they_leave_out(network):
    """Only what the errors do not cause: a criterion left out is not 'missing' from the grades."""
    path = network / "criteria/tiers-lieu.toml"
    edit(path, 'grade = "A"\n', 'grade = "A"\nmin_pourcent = 80\n')
    result = run("check", "criteria")
    assert result.exit_code == 1
    assert "unknown key 'min_pourcent'" in result.stderr
    assert "1 problem found" in result.stderr


# --------------------------------------------------------------------------- 3. an option deleted


def test_an_answer_to_a_deleted_option_gets_no_other_option_suggested(network):
    edit(
        network / "criteria/communs.toml",
        '  { id = "decouverte", label = "Sur un temps de découverte gratuit (visite, journée d\'essai)", label_en = "Through a free discovery time", credit = 0.75 },\n',
        "",
    )
    (network / "lieux/a.toml").write_text(PLACE + 'ouverture-entree = "decouverte"\n', encoding="utf-8")
    result = run("check", "criteria", "lieux", lang="fr")
    assert result.exit_code == 1
    line = next(x for x in result.stderr.splitlines() if "ouverture-entree" in x)
    assert "n’est pas une option de ce critère" in line
    assert "vouliez-vous dire" not in line and "porte-ouverte ?" not in line
    assert "groupe de travail" in line


@pytest.mark.parametrize(("written", "meant"), [("decouvert", "decouverte"), ("Adhesion", "adhesion")])
def test_a_misspelt_option_is_still_corrected(network, written, meant):
    (network / "lieux/a.toml").write_text(PLACE + f'ouverture-entree = "{written}"\n', encoding="utf-8")
    result = run("check", "criteria", "lieux")
    assert result.exit_code == 1
    assert f"did you mean '{meant}'?" in result.stderr


# --------------------------------------------------------------------------- 4. the weight to write


def facilitation_weight(network: Path, weight: str) -> str:
    """check's warnings about criterion tl-facilitation once its weight is `weight`."""
    path = network / "criteria/tiers-lieu.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('id = "tl-facilitation"')
    at = text.index("weight = ", start)
    end = text.index("\n", at)
    path.write_text(text[:at] + f"weight = {weight}" + text[end:], encoding="utf-8")
    result = run("check", "criteria")
    assert result.exit_code == 0, result.output
    return "\n".join(x for x in result.stderr.splitlines() if '"tl-facilitation"' in x)


@pytest.mark.parametrize("weight", ["200", "43", "20"])
def test_the_weight_a_warning_proposes_passes_both_weight_rules(network, weight):
    said = facilitation_weight(network, weight)
    assert f"weight {weight} decides the grade alone" in said
    proposed = said.split("lower its weight to ", 1)[1].split(" or less", 1)[0]
    assert float(proposed) < float(weight)
    assert facilitation_weight(network, proposed) == ""
    assert "decides the grade alone" in facilitation_weight(network, str(int(proposed) + 1))


# --------------------------------------------------------------------------- 5. a college renamed in its set


@pytest.mark.parametrize(
    "command",
    [
        ("check", "criteria", "lieux"),
        # Rated in slices (the pool's path), as the whole path says it.
        ("score", "lieux", "--criteria", "criteria", "--format", "json"),
        ("publish", "lieux", "--criteria", "criteria", "--format", "csv"),
        ("score", "lieux", "--criteria", "criteria", "--format", "summary"),
    ],
)
def test_a_college_renamed_in_its_set_is_said_at_the_set_and_once_for_the_places(network, command):
    for name in ("a", "b", "c"):
        colleges = '["tiers-lieu"]' if name != "c" else '["tiers-lieu", "coworking"]'
        text = PLACE.replace('id = "a"', f'id = "{name}"').replace('["tiers-lieu"]', colleges)
        (network / f"lieux/{name}.toml").write_text(text, encoding="utf-8")
    edit(network / "criteria/tiers-lieu.toml", 'college = "tiers-lieu"', 'college = "tiers-lieux"')
    result = run(*command)
    assert result.exit_code == 1
    lines = [x for x in result.stderr.splitlines() if "tiers-lieu" in x and "written to" not in x]
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith("criteria/tiers-lieu.toml: line ")
    assert (
        ", [set] college: college 'tiers-lieux' is named by no place file, while 3 place files name"
        in lines[0]
    )
    assert "2 of them name no other college" in lines[0]
    assert (
        "lieux/a.toml: line 6, [place] colleges: warning: this file and 2 others name college 'tiers-lieu'"
        in lines[1]
    )
    assert "lieux/b.toml, lieux/c.toml" in lines[1]
    if command[0] == "check":
        assert "1 problem found" in result.stderr
    else:  # as the set's own errors: a whole college would vanish from what is written
        done = "nothing was rated" if command[0] == "score" else "nothing was published"
        assert result.stderr.endswith(f"error: 1 problem found in the criteria sets; {done}\n")
        assert result.stdout == ""


def test_a_renamed_college_is_said_once_through_the_worker_pool(network):
    """Enough files for the pool (more than parallel.MIN_PLACES), on two workers: what each
    slice found about the colleges crosses to the parent, which says it once."""
    for n in range(600):
        text = PLACE.replace('id = "a"', f'id = "p{n:03d}"')
        (network / f"lieux/p{n:03d}.toml").write_text(text, encoding="utf-8")
    edit(network / "criteria/tiers-lieu.toml", 'college = "tiers-lieu"', 'college = "tiers-lieux"')
    done = subprocess.run(
        [sys.executable, "-m", "tlcriteria.cli", "score", "lieux", "--criteria", "criteria", "-f", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, **builtins_only_env(), "LANGUAGE": "en", "TLCRITERIA_WORKERS": "2"},
    )
    assert done.returncode == 1
    lines = [x for x in done.stderr.splitlines() if "tiers-lieu" in x]
    assert len(lines) == 2, done.stderr[:2000]
    assert "while 600 place files name 'tiers-lieu'" in lines[0]
    assert lines[1].startswith("lieux/p000.toml: line 6, [place] colleges: warning: this file and 599 others")
    assert done.stderr.endswith("error: 1 problem found in the criteria sets; nothing was rated\n")


def test_a_college_renamed_in_its_set_leaves_the_published_site_as_it_was(network):
    """The set's line and the files' line, then nothing written: the site keeps the college's
    places, where writing it would have taken them all off it."""
    for name in ("a", "b"):
        (network / f"lieux/{name}.toml").write_text(
            PLACE.replace('id = "a"', f'id = "{name}"'), encoding="utf-8"
        )
    publish = ("publish", "lieux", "--criteria", "criteria", "--format", "site", "-o", "public")
    assert run(*publish).exit_code == 0
    before = {p: p.read_bytes() for p in (network / "public").rglob("*") if p.is_file()}
    edit(network / "criteria/tiers-lieu.toml", 'college = "tiers-lieu"', 'college = "tiers-lieux"')
    result = run(*publish)
    assert result.exit_code == 1
    assert "[set] college: college 'tiers-lieux' is named by no place file" in result.stderr
    assert result.stderr.endswith("error: 1 problem found in the criteria sets; nothing was published\n")
    assert {p: p.read_bytes() for p in (network / "public").rglob("*") if p.is_file()} == before


def test_a_misspelt_college_in_one_place_file_is_still_said_in_that_file(network):
    for name, college in (("a", "tiers-lieu"), ("b", "tiers-lieus")):
        text = PLACE.replace('id = "a"', f'id = "{name}"').replace('["tiers-lieu"]', f'["{college}"]')
        (network / f"lieux/{name}.toml").write_text(text, encoding="utf-8")
    result = run("check", "criteria", "lieux")
    assert result.exit_code == 1
    assert "lieux/b.toml: line 6, [place] colleges:" in result.stderr
    assert "did you mean 'tiers-lieu'?" in result.stderr
    assert "[set] college" not in result.stderr


# --------------------------------------------------------------------------- 6. an unreadable copy of a set


def test_an_unreadable_set_is_blamed_not_the_plugins_copy(network):
    (network / "lieux/a.toml").write_text(PLACE, encoding="utf-8")
    edit(
        network / "criteria/tiers-lieu.toml", 'title = "Collège tiers-lieux"', 'title = "Collège tiers-lieux'
    )
    # The college plugins ship a set 'tiers-lieu': a subprocess sees them installed, as a member does.
    result = subprocess.run(
        [sys.executable, "-m", "tlcriteria.cli", "check", "criteria", "lieux"],
        capture_output=True,
        text=True,
        env={**os.environ, "LANGUAGE": "en"},
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    toml = next(i for i, x in enumerate(lines) if x.startswith("criteria/tiers-lieu.toml: line 17, column"))
    assert "malformed TOML" in lines[toml]
    # The place, rated for none of its colleges, is an error of its own (it would be in no output);
    # the set's line says why, once, at its `college`.
    college = next(
        x for x in lines[toml:] if x.startswith("criteria/tiers-lieu.toml: line 20, [set] college:")
    )
    assert college.startswith("criteria/tiers-lieu.toml: line 20, [set] college: warning: 1 place file names")
    assert any(x.startswith("lieux/a.toml: line 6, [place] colleges: no criteria set rates") for x in lines)
    assert "while this file is unreadable, and the set supplied by plugin 'tlcriteria-tiers-lieu'" in college
    assert "[plugin " not in result.stderr
    assert (
        "criteria/tiers-lieu.toml is unreadable (its TOML error is below), and the set 'tiers-lieu' supplied by "
        "plugin 'tlcriteria-tiers-lieu' is not used in its place" in result.stderr
    )


# --------------------------------------------------------------------------- 7, 12. TOML slips in plain words


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (
            'colleges = ["tiers-lieu" "coworking"]',
            "line 6, column 26: malformed TOML: a comma is missing between two values of a list "
            '(separate the values with commas: ["a", "b"])',
        ),
        (
            'colleges = [\n  "tiers-lieu"  # le nôtre\n  "coworking",\n]',
            "line 8, column 3: malformed TOML: a comma is missing between two values of a list",
        ),
        (
            'colleges = ["tiers-lieu"',
            "malformed TOML: a list is not closed (close it with ], after its last value)",
        ),
    ],
)
def test_a_comma_left_out_of_a_list_is_named(network, written, said):
    (network / "lieux/a.toml").write_text(
        PLACE.replace('colleges = ["tiers-lieu"]', written), encoding="utf-8"
    )
    result = run("check", "criteria", "lieux")
    assert result.exit_code == 1
    assert said in result.stderr


def test_the_list_is_closed_with_a_feminine_pronoun_in_french(network):
    (network / "lieux/a.toml").write_text(PLACE.replace('["tiers-lieu"]', '["tiers-lieu"'), encoding="utf-8")
    result = run("check", "criteria", "lieux", lang="fr")
    assert "une liste n’est pas fermée (fermez-la avec ], après sa dernière valeur)" in result.stderr


@pytest.mark.parametrize("written", ["True", "FALSE"])
def test_true_and_false_in_capitals_are_named(network, written):
    (network / "lieux/a.toml").write_text(PLACE + f"cadre-explicite = {written}\n", encoding="utf-8")
    result = run("check", "criteria", "lieux")
    assert result.exit_code == 1
    assert "line 10, column 19: malformed TOML: true and false are written in lower case" in result.stderr
    assert f"(write {written.lower()})" in result.stderr


def test_an_unclosed_triple_quoted_text_names_its_line_and_its_quotes(network):
    text = (
        PLACE
        + '\n[answers.co-construction]\nvalue = 3\njustification = """Les adhérents votent."\n\n[contact]\nemail = "a@example.org"\n'
    )
    (network / "lieux/a.toml").write_text(text, encoding="utf-8")
    result = run("check", "criteria", "lieux")
    assert result.exit_code == 1
    assert (
        'lieux/a.toml: line 13: malformed TOML: a text opened with """ at line 13 is not closed '
        '(close it with """, the same three quotes)'
    ) in result.stderr
    french = run("check", "criteria", "lieux", lang="fr")
    assert 'un texte ouvert par """ à la ligne 13 n’est pas fermé (fermez-le avec """' in french.stderr


# --------------------------------------------------------------------------- 8. a key in the wrong table


def test_an_answer_under_place_and_a_place_key_under_answers_say_where_they_go(network):
    text = PLACE.replace('colleges = ["tiers-lieu"]\n', 'colleges = ["tiers-lieu"]\nco-construction = 3\n')
    (network / "lieux/a.toml").write_text(text + 'publics = ["habitants"]\n', encoding="utf-8")
    result = run("check", "criteria", "lieux")
    assert result.exit_code == 1
    assert (
        "line 7, [place], co-construction: unknown key 'co-construction' "
        "('co-construction' is a criterion: its answer goes in [answers], below [place])"
    ) in result.stderr
    assert (
        "[answers] publics: no criteria set defines a criterion 'publics' "
        "('publics' is a key of [place], not a criterion: move it under [place])"
    ) in result.stderr


# --------------------------------------------------------------------------- 9. an answer not justified


def test_an_answer_too_short_to_be_justified_is_a_warning_of_check_as_score_marks_it(network):
    (network / "lieux/a.toml").write_text(
        PLACE + 'co-construction = { value = 3, justification = "ok" }\n', encoding="utf-8"
    )
    result = run("check", "criteria", "lieux", lang="fr")
    assert result.exit_code == 0, result.output
    assert (
        "lieux/a.toml: ligne 10, [answers] co-construction: attention : non justifié : cette réponse ne rapporte "
        "rien tant qu’elle n’est pas justifiée (le critère demande une justification d’au moins 5 caractères)"
    ) in result.stderr
    assert "1 avertissement" in result.stdout
    score = run("score", "lieux", "--criteria", "criteria", lang="fr")
    assert "! co-construction" in score.stdout and "! non justifié" in score.stdout  # the legend's word
    assert run("check", "--strict", "criteria", "lieux").exit_code == 1
    (network / "lieux/a.toml").write_text(
        PLACE + 'co-construction = { value = 3, justification = "Un collège d’usagers vote." }\n',
        encoding="utf-8",
    )
    assert "non justifié" not in run("check", "criteria", "lieux", lang="fr").stderr


# --------------------------------------------------------------------------- 10. the summary's plurals


@pytest.mark.parametrize(("lang", "head"), [("fr", "1 lieu, 2 notations"), ("en", "1 place, 2 ratings")])
def test_the_summary_counts_ratings_with_their_own_plural(network, lang, head):
    text = PLACE.replace('["tiers-lieu"]', '["tiers-lieu", "coworking"]')
    (network / "lieux/a.toml").write_text(text, encoding="utf-8")
    result = run("score", "lieux", "--criteria", "criteria", "--format", "summary", lang=lang)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == head


def test_a_justification_without_the_address_asked_is_a_warning_and_no_evidence_at_all_is_left_to_score(
    network,
):
    (network / "lieux/a.toml").write_text(
        PLACE
        + 'fiche-cartographie = { value = true, justification = "Voir notre fiche" }\nco-construction = 3\n',
        encoding="utf-8",
    )
    result = run("check", "criteria", "lieux")
    assert result.exit_code == 0, result.output
    [line] = [x for x in result.stderr.splitlines() if "unsupported" in x]
    assert (
        "[answers] fiche-cartographie: warning: unsupported: this answer earns nothing until it is justified"
        in line
    )
    assert "(the criterion asks for a web address, in url or in the justification)" in line
    assert "co-construction" not in result.stderr  # nothing written: not yet justified, as score says
    score = run("score", "lieux", "--criteria", "criteria")
    assert "! co-construction" in score.stdout
