"""Every problem at the line to fix: what `check` and `score` say, through the command line.

The working group and the members open the file at the line a problem names;
these tests edit the worked examples as a person would and read that line back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tlcriteria.cli import main

from .test_bad_input import builtins_only, edit  # noqa: F401  (the fixture: built-in plugins only)


def line_of(path: Path, fragment: str) -> int:
    """The number of the (only) line of `path` holding `fragment`."""
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line]
    assert len(found) == 1, (fragment, found)
    return found[0]


def said(result, path: Path, *fragments: str) -> list[str]:
    """The lines of stderr about `path` holding every fragment (the run failed cleanly)."""
    assert "Traceback" not in result.output
    return [
        line
        for line in result.stderr.splitlines()
        if line.startswith(f"{path}: ") and all(f in line for f in fragments)
    ]


def at_line(line: str) -> int | None:
    found = re.match(r"^[^:]+: (?:line|ligne) (\d+), ", line)
    return int(found[1]) if found else None


def run(runner, *args: str | Path):
    return runner.invoke(main, [str(a) for a in args])


# --------------------------------------------------------------------------- options


def test_a_problem_in_an_inline_option_is_at_the_options_line(runner, examples):
    fablab = examples / "criteria" / "fablab.toml"
    edit(fablab, 'label = "Accès payant, ouvert à tous", credit = 0.5', 'label = "Accès payant", credit = 5')
    edit(fablab, '{ id = "absente", label', '{ id = "esprit", label')
    edit(fablab, '{ id = "partiel", label', '{ id = "partiel", labl')
    result = run(runner, "check", examples / "criteria")
    assert result.exit_code == 1
    [credit] = said(result, fablab, "option 2 'payant', credit:", "out of range")
    assert at_line(credit) == line_of(fablab, 'label = "Accès payant"')
    [twice] = said(result, fablab, "option 3 'esprit'", "used twice")
    assert at_line(twice) == line_of(fablab, 'id = "esprit", label = "Aucune mention"')
    [typo] = said(result, fablab, "option 2 'partiel', labl:", "unknown key")
    assert at_line(typo) == line_of(fablab, '{ id = "partiel", labl')
    assert "did you mean 'label'?" in typo


def test_an_option_that_is_not_a_table_is_at_its_own_line(runner, examples):
    fablab = examples / "criteria" / "fablab.toml"
    edit(
        fablab,
        '  { id = "actif", label = "Travaille avec quelques labs", credit = 0.5, grade = "B" },',
        '  "actif",',
    )
    result = run(runner, "check", examples / "criteria")
    [line] = said(result, fablab, "option 2 is text 'actif', not a table")
    assert at_line(line) == line_of(fablab, '  "actif",')


def test_a_problem_in_an_options_table_is_at_the_key(runner, examples):
    """[[criteria.options]] tables: the key's own line, under the option's header."""
    tiers_lieu = examples / "criteria" / "tiers-lieu.toml"
    edit(tiers_lieu, 'label = "Sur adhésion"\ncredit = 0.5', 'label = "Sur adhésion"\ncredit = -1')
    edit(tiers_lieu, 'id = "ferme"\n', 'id = "ferme"\nreplaces = ["libre"]\n')
    result = run(runner, "check", examples / "criteria")
    [credit] = said(result, tiers_lieu, "option 2 'adhesion', credit:")
    assert at_line(credit) == line_of(tiers_lieu, "credit = -1")
    [replaces] = said(result, tiers_lieu, "option 'ferme' replaces 'libre', which is still an option")
    assert at_line(replaces) == line_of(tiers_lieu, 'replaces = ["libre"]')


def test_option_lines_in_french_and_through_score(runner, examples):
    fablab = examples / "criteria" / "fablab.toml"
    edit(fablab, '{ id = "moteur", label', '{ id = "moteur", credit = 2, label')
    edit(fablab, 'credit = 1, grade = "A" },\n  { id = "actif"', 'grade = "A" },\n  { id = "actif"')
    result = run(runner, "--lang", "fr", "score", examples / "places", "--criteria", examples / "criteria")
    assert result.exit_code == 1
    [line] = said(result, fablab, "option 1 'moteur'")
    assert at_line(line) == line_of(fablab, '{ id = "moteur", credit = 2')
    assert "ligne" in line


# --------------------------------------------------------------------------- place files


def test_a_repeated_place_id_is_at_the_id_line_of_each_file(runner, examples):
    places = examples / "places"
    twin = places / "zz-twin.toml"
    twin.write_text("# Copie\n\n" + (places / "l-atelier-mobile.toml").read_text(encoding="utf-8"), "utf-8")
    result = run(runner, "--lang", "fr", "check", examples / "criteria", places)
    assert result.exit_code == 1
    for path, other in ((twin, "l-atelier-mobile.toml"), (places / "l-atelier-mobile.toml", "zz-twin.toml")):
        [line] = said(result, path, "[place] id", "l-atelier-mobile", other)
        assert at_line(line) == line_of(path, 'id = "l-atelier-mobile"')


# --------------------------------------------------------------------------- a set left out


def test_grades_out_of_order_are_one_warning_at_the_set_whatever_the_places(runner, examples):
    tiers_lieu = edit(examples / "criteria" / "tiers-lieu.toml", "min_percent = 60", "min_percent = 90")
    places = examples / "places"
    for n in range(5):  # more places of the college: still one warning
        text = (places / "le-hangar-partage.toml").read_text(encoding="utf-8")
        (places / f"copie-{n}.toml").write_text(text.replace('"le-hangar-partage"', f'"copie-{n}"'), "utf-8")
    for lang, fragment in (("en", "place files name college 'tiers-lieu'"), ("fr", "fiches de lieu nomment")):
        result = run(runner, "--lang", lang, "check", examples / "criteria", places)
        assert result.exit_code == 1
        [line] = [x for x in result.stderr.splitlines() if x.startswith(f"{tiers_lieu}: ") and fragment in x]
        assert at_line(line) == line_of(tiers_lieu, 'college = "tiers-lieu"')
        # A place rated for no other college is in no output: an error of its file, as when the
        # set is not loaded at all (nothing else is said of the places).
        for said_of_a_place in [line for line in result.stderr.splitlines() if line.startswith(str(places))]:
            assert "[place] colleges" in said_of_a_place and "'tiers-lieu'" in said_of_a_place


def test_a_set_that_does_not_load_is_one_warning_at_its_college_line(runner, examples):
    fablab = edit(
        examples / "criteria" / "fablab.toml", 'credit = 0.5, grade = "B" },', 'credit = 2, grade = "B" },'
    )
    result = run(runner, "check", examples / "criteria", examples / "places")
    assert result.exit_code == 1
    [line] = said(result, fablab, "[set] college", "place file")
    assert at_line(line) == line_of(fablab, 'college = "fablab"')
    # Only the places rated for no other college are named, as when the set is not loaded at all.
    named = [line for line in result.stderr.splitlines() if "no criteria set rates college" in line]
    assert named and all("'fablab', the only college the place names" in line for line in named)


# --------------------------------------------------------------------------- usual mistakes


@pytest.mark.parametrize(
    ("folder", "name", "old", "new", "misspelt", "meant"),
    [
        ("criteria", "communs.toml", 'title = "Les communs', 'titel = "Les communs', "titel", "title"),
        ("places", "le-hangar-partage.toml", 'name = "', 'nmae = "', "nmae", "name"),
    ],
)
def test_a_misspelt_required_key_is_one_problem_at_its_line(
    runner, examples, folder, name, old, new, misspelt, meant
):
    path = edit(examples / folder / name, old, new)
    result = run(runner, "check", examples / "criteria", examples / "places")
    assert result.exit_code == 1
    [line] = said(result, path)
    assert f"unknown key {misspelt!r}" in line and f"did you mean {meant!r}?" in line
    assert at_line(line) == line_of(path, f"{misspelt} = ")


def test_a_date_that_does_not_exist_is_at_its_line_and_column_with_the_way_to_write_it(runner, examples):
    path = edit(
        examples / "places" / "le-hangar-partage.toml", 'stage = "', 'assessed = 2026-02-30\nstage = "'
    )
    result = run(runner, "--lang", "fr", "check", examples / "criteria", examples / "places")
    assert result.exit_code == 1
    [line] = said(result, path)
    assert line.startswith(f"{path}: ligne {line_of(path, 'assessed = ')}, colonne 12: ")
    assert "2026-02-30 n’est pas une date valide : le 30 février n’existe pas" in line
    assert line.endswith(
        "(écrivez l’année, le mois et le jour sous la forme AAAA-MM-JJ, par ex. 2026-01-31, sans guillemets)"
    )


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (
            "co-construction = 4 ",
            'co-construction = { valeur = 4, justification = "Comité" }',
            "did you mean 'value'?",
        ),
        ("{ na = true,", '{ na = "true",', "remove the quotes and write true or false"),
    ],
)
def test_a_misspelt_value_or_na_is_one_problem_at_the_answers_line(runner, examples, old, new, fragment):
    path = edit(examples / "places" / "le-hangar-partage.toml", old, new)
    result = run(runner, "check", examples / "criteria", examples / "places")
    assert result.exit_code == 1
    [line] = said(result, path)
    assert fragment in line
    assert at_line(line) == line_of(path, new.split(" = ")[0] + " = ")


def test_a_web_address_with_its_slashes_mistyped_is_given_back_corrected(runner, examples):
    path = edit(
        examples / "places" / "l-atelier-mobile.toml",
        "[place]\n",
        '[place]\nwebsite = "http:/atelier.example"\n',
    )
    result = run(runner, "--lang", "fr", "check", examples / "criteria", examples / "places")
    assert result.exit_code == 1
    [line] = said(result, path)
    assert at_line(line) == line_of(path, "website = ")
    assert "vouliez-vous dire 'http://atelier.example' ?" in line
