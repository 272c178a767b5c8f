"""Rules that evolve (SPEC §8): delete, retire, rename, migrate; one bad place never blocks the others.

Each scenario is played as the working group and the network coordinator
would: a real git repository in tmp_path, the criteria changed and committed,
then `diff`, `check --against`, `migrate`, `score` and `publish` through the CLI.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import jsonschema
import pytest

from tlcriteria.cli import main

from .conftest import EXAMPLES
from .test_diff import edit, git


@pytest.fixture
def network(tmp_path, monkeypatch) -> Path:
    """The working group's repository at its first commit: the example criteria and places,
    and a test fixture that is not a rule file (git:REV without a path must not read it)."""
    root = tmp_path / "reseau"
    shutil.copytree(EXAMPLES / "criteria", root / "criteria")
    shutil.copytree(EXAMPLES / "places", root / "places")
    (root / "tests" / "data").mkdir(parents=True)
    (root / "tests" / "data" / "broken.toml").write_text("not = [toml\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "critères 2026.1")
    monkeypatch.chdir(root)
    return root


def commit(root: Path, message: str) -> None:
    git(root, "commit", "-qam", message)


def run(runner, *args: str):
    return runner.invoke(main, [str(a) for a in args])


def ratings(runner, *args: str) -> list[tuple[str, str, float, str]]:
    result = run(runner, "score", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return [(r["place"], r["set"], r["percent"], r["grade"]) for r in json.loads(result.stdout)]


COMMUNS = Path("criteria/communs.toml")
TIERS_LIEU = Path("criteria/tiers-lieu.toml")
TRANSPARENCE = """[[criteria]]
id = "transparence-financiere"
title = "Transparence financière"
question = "Les comptes du lieu sont-ils publiés ?"
theme = "gouvernance"
level = "may"
weight = 1
kind = "yes-no"
na_allowed = true
"""


# --------------------------------------------------------------------------- delete, retire


def test_deleting_an_answered_criterion_is_said_everywhere(runner, network):
    edit(network / COMMUNS, TRANSPARENCE, "")
    commit(network, "supprime transparence-financiere")

    # diff: the answers that become invalid, with the places
    result = run(runner, "diff", "git:HEAD~1", "git:HEAD", "--places", "places")
    assert result.exit_code == 0, result.output
    assert "criterion transparence-financiere removed" in result.stdout
    assert (
        "la-fabrique-exemple: transparence-financiere: no criteria set defines it any more" in result.stdout
    )
    assert "le-hangar-partage: transparence-financiere" in result.stdout

    # check --against: the deletion is named once, with the places, and how to do it instead
    result = run(runner, "check", "--strict", "--against", "git:HEAD~1", "criteria", "places")
    assert result.exit_code == 1
    line = next(x for x in result.stderr.splitlines() if "is deleted since git:HEAD~1" in x)
    assert line.startswith("criteria/communs.toml: line ")
    assert "criterion 'transparence-financiere'" in line
    assert "2 places (la-fabrique-exemple, le-hangar-partage) answer it" in line
    assert 'retire it instead (status = "retired"' in line and "replaces" in line

    # publish: the two places are left out, named with their problems; the third is published
    result = run(
        runner, "publish", "places", "--criteria", "criteria", "--format", "json", "--date", "2026-12-01"
    )
    assert result.exit_code == 1
    assert "2 place files left out" in result.stderr
    assert [r["place"] for r in json.loads(result.stdout)["ratings"]] == ["l-atelier-mobile"]


def test_retiring_keeps_the_answers_and_scores_as_if_the_criterion_were_gone(runner, network):
    edit(network / COMMUNS, "na_allowed = true\n", 'na_allowed = true\nstatus = "retired"\n')
    commit(network, "retire transparence-financiere")
    result = run(runner, "check", "--against", "git:HEAD~1", "criteria", "places")
    assert result.exit_code == 0, result.output
    assert "is deleted" not in result.stderr
    notice = next(x for x in result.stderr.splitlines() if "is retired" in x)
    assert (
        "[answers] transparence-financiere: notice: criterion 'transparence-financiere' is retired" in notice
    )
    retired = ratings(runner, "places", "--criteria", "criteria")

    # The same figures as with the criterion and its answers removed altogether.
    edit(
        network / COMMUNS,
        TRANSPARENCE.replace("na_allowed = true\n", 'na_allowed = true\nstatus = "retired"\n'),
        "",
    )
    for place in ("la-fabrique-exemple", "le-hangar-partage"):
        path = network / "places" / f"{place}.toml"
        text = path.read_text(encoding="utf-8")
        path.write_text(
            "\n".join(x for x in text.splitlines() if not x.startswith("transparence-financiere")) + "\n",
            encoding="utf-8",
        )
    assert ratings(runner, "places", "--criteria", "criteria") == retired


def test_editing_a_criterion_scored_on_neither_side_asks_no_new_version(runner, network):
    """A retired (or future) criterion counts in no grade: raising its level or weight moves none."""
    edit(network / COMMUNS, "na_allowed = true\n", 'na_allowed = true\nstatus = "retired"\n')
    commit(network, "retire transparence-financiere")
    retired = TRANSPARENCE.replace("na_allowed = true\n", 'na_allowed = true\nstatus = "retired"\n')
    edit(
        network / COMMUNS,
        retired,
        retired.replace('level = "may"', 'level = "must"').replace("weight = 1", "weight = 3"),
    )
    commit(network, "range le critère retiré")

    result = run(runner, "diff", "git:HEAD~1", "git:HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    changes = [c for c in json.loads(result.stdout)["changes"] if c["id"] == "transparence-financiere"]
    assert {(c["change"], c["effect"]) for c in changes} == {("level", "text"), ("weight", "text")}
    result = run(runner, "check", "--strict", "--against", "git:HEAD~1", "criteria")
    assert "[set] version" not in result.stderr, result.stderr
    french = runner.invoke(main, ["--lang", "fr", "diff", "git:HEAD~1", "git:HEAD"])
    assert "↓ critère transparence-financiere" not in french.stdout
    assert "critère transparence-financiere : level may → must" in french.stdout


@pytest.mark.parametrize(
    ("written", "hint", "conseil"),
    [
        (
            '"65 %"',
            "write the number alone, without quotes: 65",
            "écrivez le nombre seul, sans guillemets : 65",
        ),
        (
            '"62,5"',
            "write the number alone, without quotes: 62.5",
            "écrivez le nombre seul, sans guillemets : 62.5",
        ),
        ('"soixante"', "write a number, without quotes", "écrivez un nombre, sans guillemets"),
        ('"65"', "remove the quotes", "retirez les guillemets"),
    ],
)
def test_a_threshold_written_as_text_says_what_to_write(runner, network, written, hint, conseil):
    """Taking the quotes off "65 %" would leave malformed TOML: the hint gives the number."""
    edit(network / TIERS_LIEU, "min_percent = 80", f"min_percent = {written}")
    result = run(runner, "check", "criteria", "places")
    assert result.exit_code == 1
    assert (
        f"min_percent: expected a number, found text {written.replace(chr(34), chr(39))} ({hint})"
        in result.stderr
    )
    french = runner.invoke(main, ["--lang", "fr", "check", "criteria"])
    assert f"({conseil})" in french.stderr


def test_a_theme_left_without_its_title_is_a_warning(runner, network):
    """Members read the bare id of a theme whose title was taken away, or misspelt."""
    titles = '\n[set.themes]\nouverture = { title = "Ouverture" }\ngouvernance = { title = "Gouvernance" }\n'
    edit(network / COMMUNS, 'version = "2026.1-exemple"\n', 'version = "2026.1-exemple"\n' + titles)
    commit(network, "titres des thèmes, sans celui de reseau")
    result = run(runner, "check", "criteria", "places")
    assert result.exit_code == 0, result.output
    assert (
        "criteria/tiers-lieu.toml: line 30, theme \"reseau\": warning: theme 'reseau' of criterion "
        "'contribution-reseau' has no title in [set.themes]: members read its id "
        '(add reseau = { title = "…" } to [set.themes])'
    ) in result.stderr
    assert run(runner, "check", "--strict", "criteria", "places").exit_code == 1

    edit(network / COMMUNS, 'theme = "gouvernance"', 'theme = "gouvernnance"')
    result = run(runner, "check", "criteria")
    assert "theme 'gouvernnance' of criterion 'co-construction' has no title" in result.stderr
    assert "(did you mean 'gouvernance'?)" in result.stderr
    french = runner.invoke(main, ["--lang", "fr", "check", "criteria"])
    assert (
        "le thème 'gouvernnance' du critère 'co-construction' n’a pas de titre dans [set.themes]"
        in french.stderr
    )

    # A network that titles no theme shows ids by choice: no warning.
    git(network, "checkout", "-q", "HEAD~1", "--", "criteria")
    assert "has no title" not in run(runner, "check", "criteria", "places").stderr


# --------------------------------------------------------------------------- rename, migrate


def rename_criterion(root: Path) -> None:
    edit(
        root / COMMUNS,
        'id = "transparence-financiere"',
        'id = "comptes-publics"\nreplaces = ["transparence-financiere"]',
    )


def rename_option(root: Path) -> None:
    edit(root / TIERS_LIEU, 'id = "libre"', 'id = "entree-libre"\nreplaces = ["libre"]')


@pytest.mark.parametrize(
    ("rename", "said", "migrated"),
    [
        (
            rename_criterion,
            "criterion comptes-publics: renamed transparence-financiere → comptes-publics",
            "la-fabrique-exemple: transparence-financiere: read as 'comptes-publics'",
        ),
        (
            rename_option,
            "option accueil-public/entree-libre: renamed libre → entree-libre",
            "la-fabrique-exemple: accueil-public: read as 'accueil-public' = 'entree-libre'",
        ),
    ],
)
def test_a_declared_rename_moves_no_grade_and_migrate_rewrites_the_files(
    runner, network, rename, said, migrated
):
    before = ratings(runner, "places", "--criteria", "criteria")
    rename(network)
    commit(network, "renomme")

    result = run(runner, "diff", "git:HEAD~1", "git:HEAD", "--places", "places")
    assert result.exit_code == 0, result.output
    assert said in result.stdout
    assert "Ratings that move: 0 of" in result.stdout
    assert migrated in result.stdout

    # Read under the new id, with a notice; the same grades and percents.
    result = run(runner, "check", "--strict", "--against", "git:HEAD~1", "criteria", "places")
    assert "is deleted" not in result.stderr
    assert "notice:" in result.stderr and "tlcriteria migrate" in result.stderr
    # (the one warning left is the examples' own single-criterion theme, not the rename)
    assert "1 warning found (--strict)" in result.stderr
    assert ratings(runner, "places", "--criteria", "criteria") == before

    # migrate --dry-run shows the change and writes nothing
    place = network / "places" / "la-fabrique-exemple.toml"
    original = place.read_text(encoding="utf-8")
    result = run(runner, "migrate", "places", "--criteria", "criteria", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "--- places/la-fabrique-exemple.toml" in result.stdout and "\n+" in result.stdout
    assert place.read_text(encoding="utf-8") == original

    # migrate rewrites the files: comments and layout kept, only the renamed answers change
    result = run(runner, "migrate", "places", "--criteria", "criteria")
    assert result.exit_code == 0, result.output
    rewritten = place.read_text(encoding="utf-8")
    assert rewritten != original
    assert rewritten.startswith("# Fictional place, worked example only.\n[place]\n")
    changed = [(a, b) for a, b in zip(original.splitlines(), rewritten.splitlines(), strict=True) if a != b]
    assert len(changed) == 1, changed
    result = run(runner, "check", "criteria", "places")
    assert result.exit_code == 0, result.output
    assert "notice:" not in result.stderr
    assert ratings(runner, "places", "--criteria", "criteria") == before
    # A second run has nothing left to do.
    result = run(runner, "migrate", "places", "--criteria", "criteria")
    assert "0 place files rewritten" in result.stderr


def test_an_old_id_still_defined_or_answered_twice_is_an_error(runner, network):
    edit(
        network / TIERS_LIEU, 'id = "accueil-public"', 'id = "accueil-public"\nreplaces = ["liberte-usagers"]'
    )
    result = run(runner, "check", "criteria")
    assert result.exit_code == 1
    assert "replaces 'liberte-usagers', which set 'communs' still defines" in result.stderr
    assert 'criteria/tiers-lieu.toml: line 9, criterion "accueil-public", replaces' in result.stderr

    git(network, "checkout", "-q", "--", "criteria")
    rename_criterion(network)
    place = network / "places" / "la-fabrique-exemple.toml"
    edit(place, "transparence-financiere = true", "transparence-financiere = true\ncomptes-publics = true")
    result = run(runner, "check", "criteria", str(place))
    assert result.exit_code == 1
    assert "answers both 'transparence-financiere' and 'comptes-publics', which replaces it" in result.stderr


@pytest.mark.parametrize(
    ("path", "old", "new", "said", "where", "dit"),
    [
        (
            COMMUNS,
            'id = "transparence-financiere"',
            'id = "transparence-financiere"\nreplaces = ["transparence-financiere"]',
            "criterion 'transparence-financiere' names itself in replaces",
            'criterion "transparence-financiere", replaces',
            "le critère 'transparence-financiere' se nomme lui-même dans replaces",
        ),
        (
            TIERS_LIEU,
            'id = "libre"',
            'id = "libre"\nreplaces = ["libre"]',
            "option 'libre' names itself in replaces",
            "options",
            "l’option 'libre' se nomme elle-même dans replaces",
        ),
    ],
)
def test_a_criterion_or_option_replacing_itself_is_told_so(runner, network, path, old, new, said, where, dit):
    """Not "remove criterion X (its answers are then read as X)": the editor wrote its own id."""
    edit(network / path, old, new)
    commit(network, "se remplace")
    result = run(runner, "check", "--against", "git:HEAD~1", "criteria", "places")
    assert result.exit_code == 1
    assert said in result.stderr and where in result.stderr
    assert "write in replaces the old id" in result.stderr
    assert "still defines" not in result.stderr and "still an option" not in result.stderr
    assert "Traceback" not in result.output
    french = runner.invoke(main, ["--lang", "fr", "check", "criteria"])
    assert french.exit_code == 1
    assert dit in french.stderr and "l’ancien identifiant" in french.stderr


def test_a_typo_in_replaces_is_pointed_at_and_a_rejected_rename_is_said_once(runner, network):
    """The place files are right: they must not be told 'did you mean the new id?'."""
    edit(
        network / COMMUNS,
        'id = "transparence-financiere"',
        'id = "comptes-publics"\nreplaces = ["transparence-financier"]',
    )
    commit(network, "renomme, avec une faute de frappe")
    result = run(runner, "check", "criteria", "places")
    assert result.exit_code == 1
    assert (
        "places/la-fabrique-exemple.toml: line 19, [answers] transparence-financiere: "
        "no criteria set defines a criterion 'transparence-financiere' (criterion 'comptes-publics' of set "
        "'communs' replaces 'transparence-financier': if that is a typo for 'transparence-financiere', "
        "correct replaces in the criteria set, not this answer)"
    ) in result.stderr
    assert "did you mean 'comptes-publics'" not in result.stderr
    french = runner.invoke(main, ["--lang", "fr", "check", "criteria", "places"])
    assert "faute de frappe pour 'transparence-financiere'" in french.stderr

    # Two criteria replacing the same old id: one error per criterion, none in the place files.
    edit(network / COMMUNS, '["transparence-financier"]', '["transparence-financiere"]')
    edit(
        network / COMMUNS,
        'id = "co-construction"',
        'id = "co-construction"\nreplaces = ["transparence-financiere"]',
    )
    result = run(runner, "check", "criteria", "places")
    assert result.exit_code == 1
    assert "'transparence-financiere' is also replaced by 'co-construction'" in result.stderr
    assert "places/" not in result.stderr
    assert "2 problems found" in result.stderr


def test_the_place_schema_accepts_retired_and_renamed_answers(runner, network):
    rename_criterion(network)
    rename_option(network)
    edit(network / COMMUNS, 'id = "liberte-usagers"', 'id = "liberte-usagers"\nstatus = "retired"')
    out = network / "lieux.schema.json"
    result = run(runner, "schema", "--kind", "place", "--criteria", "criteria", "-o", out)
    assert result.exit_code == 0, result.output
    schema = json.loads(out.read_text("utf-8"))
    answers = schema["properties"]["answers"]["properties"]
    assert "Ancien identifiant" in answers["transparence-financiere"]["description"]
    assert "retiré" in answers["liberte-usagers"]["description"]
    check = jsonschema.Draft202012Validator(schema)
    for path in sorted((network / "places").glob("*.toml")):
        assert list(check.iter_errors(tomllib.loads(path.read_text("utf-8")))) == [], path


# --------------------------------------------------------------------------- one bad place


def test_one_broken_place_never_blocks_the_others(runner, network):
    bad = network / "places" / "le-hangar-partage.toml"
    edit(bad, 'accueil-public = "adhesion"', 'accueil-public = "adhesoin"')
    twin = network / "places" / "zz-twin.toml"
    twin.write_text(
        (network / "places" / "l-atelier-mobile.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    args = ("places", "--criteria", "criteria", "--format", "json", "--date", "2026-12-01")
    result = run(runner, "publish", *args)
    assert result.exit_code == 1
    # Each file left out is named with its problems, in the usual one-line form.
    assert (
        "places/le-hangar-partage.toml: line 17, [answers] accueil-public: text 'adhesoin' is not an option"
        in result.stderr
    )
    assert (
        "places/zz-twin.toml: line 3, [place] id: place id 'l-atelier-mobile' is also used by"
        in result.stderr
    )
    assert (
        "places/l-atelier-mobile.toml: line 3, [place] id: place id 'l-atelier-mobile' is also used by"
        in result.stderr
    )
    assert "3 place files left out because of their problems" in result.stderr
    # …and how to exit with 0 all the same, worded as a way out, not as what happened.
    assert result.stderr.rstrip().endswith("(with --keep-going, the exit status is 0 all the same)")
    french = run(runner, "--lang", "fr", "score", "places", "--criteria", "criteria")
    assert french.exit_code == 1
    assert french.stderr.rstrip().endswith("(avec --keep-going, le code de sortie est 0 malgré tout)")
    # The publication holds exactly the valid places, and says nothing of the others.
    published = json.loads(result.stdout)
    assert [r["place"] for r in published["ratings"]] == ["la-fabrique-exemple", "la-fabrique-exemple"]
    assert "hangar" not in result.stdout and "atelier" not in result.stdout

    kept = run(runner, "publish", *args, "--keep-going")
    assert kept.exit_code == 0, kept.output
    assert kept.stdout == result.stdout
    assert "3 place files left out" in kept.stderr

    scored = run(runner, "score", "places", "--criteria", "criteria", "--format", "json")
    assert scored.exit_code == 1
    assert {r["place"] for r in json.loads(scored.stdout)} == {"la-fabrique-exemple"}
    assert run(runner, "score", "places", "--criteria", "criteria", "--keep-going").exit_code == 0


def test_advise_and_report_leave_out_a_broken_place_as_score_does(runner, network):
    """advise and report name each place file left out and go on with the others (SPEC §8)."""
    edit(
        network / "places" / "le-hangar-partage.toml",
        'accueil-public = "adhesion"',
        'accueil-public = "adhesoin"',
    )
    (network / "places" / "zz-broken.toml").write_text("[place\nid =", encoding="utf-8")
    for command, extra in (("advise", ("--format", "json")), ("report", ("--format", "json"))):
        result = run(runner, command, "places", "--criteria", "criteria", *extra)
        assert result.exit_code == 1, (command, result.output)
        assert "places/le-hangar-partage.toml: line 17, [answers] accueil-public:" in result.stderr
        assert "places/zz-broken.toml: line 1" in result.stderr
        assert "2 place files left out because of their problems" in result.stderr
        assert result.stderr.rstrip().endswith("(with --keep-going, the exit status is 0 all the same)")
        # The valid places are advised (reported), the others are not named in the output.
        assert {r["place"] for r in json.loads(result.stdout)} == {"l-atelier-mobile", "la-fabrique-exemple"}
        kept = run(runner, command, "places", "--criteria", "criteria", *extra, "--keep-going")
        assert kept.exit_code == 0, kept.output
        assert kept.stdout == result.stdout and "2 place files left out" in kept.stderr
    french = run(runner, "--lang", "fr", "advise", "places", "--criteria", "criteria")
    assert french.exit_code == 1 and "aucun conseil" not in french.stderr
    assert "2 fiches de lieu écartées à cause de leurs problèmes" in french.stderr


def test_every_place_left_out_is_not_said_to_leave_the_others_rated(runner, network):
    """When every place file has problems, no message may say that every other place is rated."""
    for path in sorted((network / "places").glob("*.toml")):
        path.write_text(path.read_text(encoding="utf-8") + "\nbroken = = 1\n", encoding="utf-8")
    common = ("places", "--criteria", "criteria")
    commands = [
        ("score", *common),
        ("score", *common, "--format", "json"),
        ("publish", *common, "--format", "json"),
        ("publish", *common, "--format", "md"),
        ("publish", *common, "--format", "site", "-o", "site"),
        ("publish", *common, "--format", "html"),
        ("advise", *common),
        ("report", *common),
        # Signatures are checked over every file at once: the whole path, in one process.
        (
            "publish",
            *common,
            "--signers",
            str(Path(__file__).parents[1] / "examples" / "normandie" / "signataires"),
        ),
    ]
    for command in commands:
        result = run(runner, *command)
        assert result.exit_code == 1, (command, result.output)
        assert "no place is left to rate" in result.stderr, (command, result.stderr)
        assert "every other place is rated" not in result.stderr, command
    french = run(runner, "--lang", "fr", "score", *common)
    assert "il ne reste aucun lieu à noter" in french.stderr
    assert "tous les autres lieux sont notés" not in french.stderr


def test_a_broken_criteria_set_still_stops_everything(runner, network):
    edit(network / TIERS_LIEU, "weight = 2", "weight = -2")
    result = run(runner, "score", "places", "--criteria", "criteria", "--keep-going")
    assert result.exit_code == 1 and result.stdout == ""
    assert "criteria/tiers-lieu.toml: line " in result.stderr and "nothing was rated" in result.stderr


# --------------------------------------------------------------------------- diff, versions, git:REV


def test_a_change_of_an_extended_set_warns_for_every_set_extending_it(runner, network):
    edit(network / COMMUNS, 'weight = 2\nkind = "number"', 'weight = 2\nkind = "number"')
    edit(network / COMMUNS, "pass = 0.5", "pass = 1")
    edit(network / COMMUNS, 'version = "2026.1-exemple"', 'version = "2026.2-exemple"')
    commit(network, "communs : pass relevé")
    # Without places: tiers-lieu extends communs, its grades may drop, its version did not move.
    result = run(runner, "check", "--strict", "--against", "git:HEAD~1", "criteria")
    assert result.exit_code == 1
    warning = next(x for x in result.stderr.splitlines() if "tiers-lieu" in x and "version" in x)
    assert warning.startswith("criteria/tiers-lieu.toml: line 5, [set] version: warning:")
    assert "extends communs, whose 1 change(s) may lower its grades" in warning
    assert "set 'communs'" not in result.stderr  # its version was raised
    result = run(runner, "diff", "git:HEAD~1", "git:HEAD")
    assert "warning: set tiers-lieu extends communs" in result.stdout


def test_diff_counts_only_real_moves_and_names_places(runner, network):
    # A weight change that moves percents by less than the shown decimal, and one grade.
    edit(network / TIERS_LIEU, 'grade = "A"\nmin_percent = 80', 'grade = "A"\nmin_percent = 85')
    commit(network, "A à 85")
    result = run(runner, "diff", "git:HEAD~1", "git:HEAD", "--places", "places")
    assert "Ratings that move: 1 of 2" in result.stdout
    assert "La Fabrique d'Exemple (la-fabrique-exemple)" in result.stdout
    assert "same grade" not in result.stdout


def test_git_rev_without_path_reads_the_criteria_folder(runner, network):
    edit(network / TIERS_LIEU, 'grade = "A"\nmin_percent = 80', 'grade = "A"\nmin_percent = 85')
    commit(network, "A à 85")
    result = run(runner, "diff", "git:HEAD~1", "git:HEAD")
    assert result.exit_code == 0, result.output
    assert "grade A: min_percent 80 → 85" in result.stdout
    assert "broken.toml" not in result.output
    result = run(runner, "check", "--against", "git:HEAD~1", "criteria", "places")
    assert "broken.toml" not in result.output and "Traceback" not in result.output


# --------------------------------------------------------------------------- catalogue errors with lines


def test_catalogue_errors_name_their_line(runner, network):
    edit(network / TIERS_LIEU, 'id = "contribution-reseau"', 'id = "liberte-usagers"')
    edit(network / Path("criteria/fablab.toml"), 'college = "fablab"', 'college = "tiers-lieu"')
    result = run(runner, "check", "criteria")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(
        x.startswith('criteria/tiers-lieu.toml: line 30, criterion "liberte-usagers": criterion id')
        for x in lines
    ), lines
    assert any(x.startswith('criteria/communs.toml: line 7, criterion "liberte-usagers"') for x in lines), (
        lines
    )
    # Once the criterion ids are fixed, the two sets rating one college.
    git(network, "checkout", "-q", "--", str(TIERS_LIEU))
    result = run(runner, "check", "criteria")
    assert (
        "criteria/tiers-lieu.toml: line 6, [set] college: college 'tiers-lieu' is already rated"
        in result.stderr
    )


def test_grade_errors_of_a_scheme_name_their_line(runner, network):
    edit(network / TIERS_LIEU, 'grade = "D"', 'grade = "D"\nmin_percent = 10')
    result = run(runner, "check", "criteria")
    assert result.exit_code == 1
    assert "criteria/tiers-lieu.toml: line " in result.stderr
    line = next(x for x in result.stderr.splitlines() if "the last grade has conditions" in x)
    assert ', [[grades]] "D": ' in line and ": line " in line


def test_migrate_waits_for_a_session_writing_the_file_and_says_a_signature_lapses(runner, network):
    from tlcriteria.locking import FileLock

    rename_criterion(network)
    place = network / "places" / "la-fabrique-exemple.toml"
    original = place.read_text(encoding="utf-8")
    lock = FileLock(place)
    lock.acquire()  # a questionnaire is open on it
    try:
        result = run(runner, "migrate", "places", "--criteria", "criteria")
    finally:
        lock.release()
    assert "is being written by" in result.stderr
    assert place.read_text(encoding="utf-8") == original
    Path(f"{place}.sig").write_text("-----BEGIN SSH SIGNATURE-----\n", encoding="utf-8")
    result = run(runner, "migrate", "places", "--criteria", "criteria")
    assert result.exit_code == 0, result.output
    assert place.read_text(encoding="utf-8") != original
    assert "no longer matches; sign it again" in result.stderr
