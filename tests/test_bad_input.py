"""Every kind of bad input of issue 2, through the real command line.

Each case breaks one of the worked examples (copied into tmp_path by the
`examples` fixture) and checks what a person sees: exit status 1, no
traceback, and a one-line message `PATH: where: what is wrong (hint)` that
names the file and the place in it.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tlcriteria import plugins as plugins_module
from tlcriteria.cli import main
from tlcriteria.documents import MAX_DEPTH

from .conftest import EXAMPLES

# PATH: where: what (hint) — where is optional for whole-file problems.
LINE = re.compile(r"^(?P<path>[^:]+): (?:(?P<where>[^:]+): )?(?P<what>.+?)(?: \((?P<hint>.+)\))?$")


@pytest.fixture(autouse=True)
def builtins_only(monkeypatch):
    """Installed third-party plugins must not change what these tests see."""
    monkeypatch.setattr(plugins_module, "entry_points", lambda group: [])


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def invoke(runner, *args: str | Path):
    return runner.invoke(main, [str(a) for a in args])


def problem_lines(result, path: Path | str) -> list[str]:
    """The error lines about `path`, after checking the run failed cleanly."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"{path}:")]
    assert lines, f"no message names {path}:\n{result.stderr}"
    for line in lines:
        assert LINE.match(line), line
    return lines


def assert_problem(result, path: Path | str, *fragments: str, hint: bool = True) -> str:
    """One line names `path` and contains every fragment; return it."""
    lines = problem_lines(result, path)
    matching = [line for line in lines if all(f in line for f in fragments)]
    assert matching, f"no line with {fragments} in:\n" + "\n".join(lines)
    line = matching[0]
    if hint:
        assert LINE.match(line)["hint"], f"no hint in {line!r}"
    return line


def check(runner, *paths):
    return invoke(runner, "check", *paths)


# --------------------------------------------------------------------------- files


def test_malformed_toml_gives_line_and_column(runner, examples):
    path = edit(examples / "criteria" / "communs.toml", 'title = "Liberté des usagers"', "title = Liberté")
    result = check(runner, examples / "criteria")
    line = assert_problem(result, path, "malformed TOML")
    assert re.search(r": line 9, column 9: ", line), line


@pytest.mark.parametrize(
    ("old", "new", "where", "plain"),
    [
        (
            'title = "Liberté des usagers"',
            "title = Liberté",
            "line 9, column 9",
            "this value cannot be read",
        ),
        (
            'title = "Liberté des usagers"',
            'title = "Liberté',
            "line 9, column",
            "a text is not closed on its line",
        ),
        ("weight = 3", "weight = 3\nweight = 4", "line 33, column", "written twice"),
        ("weight = 3", "weight 3", "line 32, column", "a key has no '=' after it"),
        ("weight = 3", "weight = 3 4", "line 32, column", "something follows the value"),
        (
            "[[1, 0.25], [3, 0.5], [5, 1]]",
            "[[1, 0.25], [3, 0.5], [5, 1]",
            "line 25, column",
            "not closed",
        ),
    ],
)
def test_malformed_toml_is_said_in_plain_words(runner, examples, old, new, where, plain):
    path = edit(examples / "criteria" / "communs.toml", old, new)
    line = assert_problem(check(runner, path), path, "malformed TOML", where, plain)
    assert "Invalid" not in line and "Cannot" not in line


@pytest.mark.parametrize(
    ("new", "where", "number"),
    [
        ("pluralite-activites = 2,5", "line 14, column 24", "2.5"),
        ('pluralite-activites = { value = 2,5, justification = "ateliers" }', "line 14, column 36", "2.5"),
        ('town = "Rouen"\nlat = 49,44', "line 6, column 9", "49.44"),
    ],
)
def test_decimal_comma_is_named_with_the_point_to_write(runner, examples, new, where, number):
    """`2,5`, as French speakers write it, is told as a decimal comma, not as "something follows"."""
    old = new.split(" = ")[0] + (' = "Rouen"' if new.startswith("town") else " = 1")
    path = edit(examples / "places" / "le-hangar-partage.toml", old, new)
    result = invoke(runner, "score", path, "--criteria", examples / "criteria")
    line = assert_problem(result, path, "malformed TOML", where, "decimal comma", f"a point: {number}")
    assert "something follows" not in line
    french = invoke(runner, "--lang", "fr", "check", path, "--criteria", examples / "criteria")
    assert "virgule" in french.stderr and f"avec un point : {number}" in french.stderr, french.stderr


def test_a_list_without_brackets_is_not_taken_for_a_decimal_comma(runner, examples):
    path = edit(
        examples / "places" / "le-hangar-partage.toml",
        "pluralite-activites = 1",
        "pluralite-activites = 1,2,3",
    )
    line = assert_problem(check(runner, path, "--criteria", examples / "criteria"), path, "something follows")
    assert "decimal comma" not in line


@pytest.mark.parametrize(
    "new", ['name = "Le Hangar"\nname = "Le Hangar Partagé"', 'address = { rue = "a", rue = "b" }']
)
def test_a_key_written_twice_is_said_in_french_that_agrees(runner, examples, new):
    """« cette clé … est écrite deux fois (n’en gardez qu’une) »: une clé, so qu’une, not qu’un."""
    path = edit(examples / "places" / "le-hangar-partage.toml", 'name = "Le Hangar Partagé"', new)
    result = invoke(runner, "--lang", "fr", "check", path, "--criteria", examples / "criteria")
    assert_problem(result, path, "TOML mal formé", "deux fois", "n’en gardez qu’une")


def test_malformed_place_is_refused_by_score(runner, examples):
    path = edit(examples / "places" / "l-atelier-mobile.toml", "[answers]", "[answers")
    result = invoke(runner, "score", path, "--criteria", examples / "criteria")
    assert_problem(result, path, "malformed TOML", "line 9, column")
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["check", "score"])
def test_values_nested_too_deep_are_refused_with_their_key(runner, examples, command):
    """Valid TOML, but deeper than anything walks safely: a problem naming the key, no traceback."""
    path = examples / "places" / "la-fabrique-exemple.toml"
    edit(path, "pluralite-activites = 4", "pluralite-activites = " + "[" * 3_000 + "]" * 3_000)
    result = invoke(runner, command, path, "--criteria", examples / "criteria")
    assert_problem(result, path, ": [answers] pluralite-activites: ", f"nested more than {MAX_DEPTH} levels")


def test_values_nested_up_to_the_limit_are_read(runner, examples):
    """At the limit the file is read; the answer is then refused as any wrong value is."""
    path = examples / "places" / "la-fabrique-exemple.toml"
    depth = MAX_DEPTH - 1  # the list inside [answers], inside the document
    edit(path, "pluralite-activites = 4", "pluralite-activites = " + "[" * depth + "]" * depth)
    line = assert_problem(
        check(runner, path, "--criteria", examples / "criteria"), path, "pluralite-activites"
    )
    assert "levels deep" not in line, line


def test_empty_file(runner, examples):
    path = examples / "places" / "empty.toml"
    path.write_text("\n  \n", encoding="utf-8")
    assert_problem(check(runner, path), path, "empty")


def test_binary_file(runner, examples):
    path = examples / "places" / "photo.toml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_problem(check(runner, path), path, "binary")


def test_file_that_is_not_utf8(runner, examples):
    path = examples / "places" / "latin1.toml"
    path.write_bytes('[place]\nname = "Café"\n'.encode("latin-1"))
    assert_problem(check(runner, path), path, "line 2", "UTF-8")


def test_missing_path(runner, examples):
    path = examples / "places" / "nowhere.toml"
    assert_problem(check(runner, path), path, "no such file")
    result = invoke(runner, "score", path, "--criteria", examples / "criteria")
    assert_problem(result, path, "no such file")


def test_missing_criteria_folder(runner, examples):
    path = examples / "critera"
    result = invoke(runner, "score", examples / "places", "--criteria", path)
    assert_problem(result, path, "no such file or folder")


def test_folder_with_no_toml(runner, tmp_path):
    folder = tmp_path / "empty-folder"
    folder.mkdir()
    (folder / "notes.txt").write_text("pas du TOML", encoding="utf-8")
    assert_problem(check(runner, folder), folder, "no .toml file")


def test_toml_that_is_neither_set_nor_place(runner, tmp_path):
    path = tmp_path / "other.toml"
    path.write_text('[lieu]\nid = "x"\n', encoding="utf-8")
    assert_problem(check(runner, path), path, "neither a criteria set nor a place file")


# --------------------------------------------------------------------------- set files


def test_unknown_key_suggests_the_right_one(runner, examples):
    path = edit(examples / "criteria" / "communs.toml", "weight = 3", "wieght = 3")
    line = assert_problem(check(runner, examples / "criteria"), path, "unknown key 'wieght'")
    assert "did you mean 'weight'?" in line
    assert '"co-construction"' in line and "line 32" in line


def test_unknown_table_suggests_the_right_one(runner, examples):
    path = edit(examples / "criteria" / "tiers-lieu.toml", "[[grades]]", "[[grade]]")
    assert_problem(check(runner, examples / "criteria"), path, "[grade]", "did you mean 'grades'?")


def test_wrong_type(runner, examples):
    path = edit(examples / "criteria" / "communs.toml", "weight = 3", 'weight = "3"')
    line = assert_problem(
        check(runner, examples / "criteria"), path, "weight", "expected a number", "text '3'"
    )
    assert "remove the quotes" in line


def test_wrong_type_of_table(runner, examples):
    path = edit(examples / "criteria" / "tiers-lieu.toml", 'extends = ["communs"]', 'extends = "communs"')
    assert_problem(check(runner, examples / "criteria"), path, "[set], extends", "expected a list")


def test_missing_required_key(runner, examples):
    path = edit(examples / "criteria" / "communs.toml", 'version = "2026.1-exemple"\n', "")
    assert_problem(check(runner, examples / "criteria"), path, "[set]", "missing required key 'version'")


def test_value_out_of_range_in_a_set(runner, examples):
    path = edit(examples / "criteria" / "communs.toml", "pass = 0.75", "pass = 1.5")
    assert_problem(
        check(runner, examples / "criteria"),
        path,
        "pass",
        "1.5 is out of range",
        "write a number greater than 0 and at most 1",
    )


def test_invalid_identifier(runner, examples):
    path = edit(examples / "criteria" / "communs.toml", 'id = "co-construction"', 'id = "Co construction"')
    assert_problem(check(runner, examples / "criteria"), path, "not a valid identifier")


@pytest.mark.parametrize(
    ("written", "example"),
    [("Co construction", "co-construction"), ("réemploi", "reemploi"), ("---", "acces-public")],
)
def test_invalid_identifier_suggests_the_identifier_it_would_be(runner, examples, written, example):
    """The hint's example is the value written as an identifier, when one can be made of it."""
    path = edit(examples / "criteria" / "communs.toml", 'id = "co-construction"', f'id = "{written}"')
    line = assert_problem(
        check(runner, examples / "criteria"), path, f"'{written}' is not a valid identifier"
    )
    assert line.endswith(f'single dashes, e.g. "{example}")'), line


def test_duplicate_criterion_id_across_the_catalogue(runner, examples):
    extra = examples / "criteria" / "autre.toml"
    extra.write_text(
        '[set]\nid = "autre"\ntitle = "Autre"\nversion = "1"\n\n'
        '[[criteria]]\nid = "co-construction"\ntitle = "Doublon"\n'
        'question = "?"\nkind = "yes-no"\n',
        encoding="utf-8",
    )
    result = check(runner, examples / "criteria")
    line = assert_problem(result, extra, 'criterion "co-construction"', "also defined by set 'communs'")
    assert "communs.toml" in line
    # the other file is told too, whatever the order of ids or files
    line = assert_problem(result, examples / "criteria" / "communs.toml", "also defined by set 'autre'")
    assert "autre.toml" in line


def test_duplicate_criterion_id_inside_a_set(runner, examples):
    path = edit(
        examples / "criteria" / "communs.toml",
        'id = "transparence-financiere"',
        'id = "liberte-usagers"',
    )
    assert_problem(check(runner, examples / "criteria"), path, "already used by criterion #1")


def test_duplicate_set_id(runner, examples):
    path = edit(examples / "criteria" / "fablab.toml", 'id = "fablab"', 'id = "communs"')
    assert_problem(check(runner, examples / "criteria"), path, "set id 'communs' is also used by")


def test_unknown_kind_lists_the_known_ones(runner, examples):
    path = edit(examples / "criteria" / "communs.toml", 'kind = "number"', 'kind = "nombre"')
    line = assert_problem(check(runner, examples / "criteria"), path, "unknown answer kind 'nombre'")
    assert "known kinds: choice, multi, number, scale, yes-no" in line


def test_near_miss_kind_is_suggested(runner, examples):
    path = edit(examples / "criteria" / "communs.toml", 'kind = "yes-no"', 'kind = "yesno"')
    line = assert_problem(check(runner, examples / "criteria"), path, "unknown answer kind 'yesno'")
    assert "did you mean 'yes-no'?" in line and "known kinds:" in line


def test_unknown_scheme_lists_the_known_ones(runner, examples):
    path = edit(
        examples / "criteria" / "tiers-lieu.toml",
        'extends = ["communs"]',
        'extends = ["communs"]\nscheme = "seuils"',
    )
    line = assert_problem(
        check(runner, examples / "criteria"),
        path,
        "[set], scheme",
        "unknown rating scheme 'seuils'",
    )
    assert "known schemes: ladder, profile, thresholds, whole-percent" in line


def test_cycle_in_extends(runner, examples):
    communs = edit(
        examples / "criteria" / "communs.toml",
        'version = "2026.1-exemple"',
        'version = "2026.1-exemple"\nextends = ["tiers-lieu"]',
    )
    result = check(runner, examples / "criteria")
    for path in (communs, examples / "criteria" / "tiers-lieu.toml"):
        line = assert_problem(result, path, "[set] extends", "cycle")
        assert "communs → tiers-lieu → communs" in line or "tiers-lieu → communs → tiers-lieu" in line


def test_set_extending_itself(runner, examples):
    path = edit(
        examples / "criteria" / "tiers-lieu.toml",
        'extends = ["communs"]',
        'extends = ["tiers-lieu"]',
    )
    assert_problem(check(runner, examples / "criteria"), path, "cycle: tiers-lieu → tiers-lieu")


def test_extends_unknown_set(runner, examples):
    path = edit(examples / "criteria" / "tiers-lieu.toml", 'extends = ["communs"]', 'extends = ["commun"]')
    assert_problem(
        check(runner, examples / "criteria"),
        path,
        "extends unknown set 'commun'",
        "did you mean 'communs'?",
    )


def test_extends_a_set_with_errors_says_so(runner, examples):
    edit(examples / "criteria" / "communs.toml", "weight = 3", "wieght = 3")
    result = check(runner, examples / "criteria")
    assert_problem(
        result, examples / "criteria" / "tiers-lieu.toml", "extends set 'communs', which has errors"
    )
    # The places' answers to the broken set's criteria are not each reported as unknown.
    assert "no criteria set defines" not in result.stderr


def test_malformed_set_does_not_flood_the_places_with_unknown_answers(runner, examples):
    communs = examples / "criteria" / "communs.toml"
    path = edit(communs, 'title = "Liberté des usagers"', "title = Liberté")
    tiers_lieu = examples / "criteria" / "tiers-lieu.toml"
    score = ["score", examples / "places", "--criteria", examples / "criteria"]
    for args in (["check", examples], score):
        result = invoke(runner, *args)
        assert_problem(result, path, "malformed TOML")
        assert_problem(result, tiers_lieu, "extends set 'communs', which has errors")
        assert "no criteria set defines" not in result.stderr
        if args[0] == "check":  # one warning says why the places are not rated, at the set
            assert_problem(result, tiers_lieu, "[set] college", "not rated for it while this set has errors")


def test_last_grade_must_be_unconditional(runner, examples):
    path = edit(examples / "criteria" / "tiers-lieu.toml", 'grade = "D"', 'grade = "D"\nmin_percent = 10')
    line = assert_problem(
        check(runner, examples / "criteria"), path, '[[grades]] "D"', "last grade has conditions"
    )
    assert "remove min_percent" in line


def test_grades_out_of_order(runner, examples):
    path = edit(examples / "criteria" / "tiers-lieu.toml", "min_percent = 60", "min_percent = 90")
    assert_problem(check(runner, examples / "criteria"), path, '"B"', "higher than the grade above it")


def test_repeated_option_id(runner, examples):
    path = edit(examples / "criteria" / "tiers-lieu.toml", 'id = "adhesion"', 'id = "libre"')
    assert_problem(check(runner, examples / "criteria"), path, "option 2 'libre'", "used twice")


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("weight = 3", "weight = inf", "inf is not allowed"),
        ("weight = 3", "weight = -inf", "-inf is not allowed"),
        ("pass = 0.75", "pass = nan", "nan is not allowed"),
        (
            "[[1, 0.25], [3, 0.5], [5, 1]]",
            "[[1, 0.25], [inf, 0.5]]",
            "threshold 2: inf is not allowed",
        ),
    ],
)
def test_inf_and_nan_refused_in_sets(runner, examples, old, new, fragment):
    path = edit(examples / "criteria" / "communs.toml", old, new)
    assert_problem(check(runner, examples / "criteria"), path, fragment)


def test_number_thresholds_must_increase(runner, examples):
    path = edit(
        examples / "criteria" / "communs.toml",
        "[[1, 0.25], [3, 0.5], [5, 1]]",
        "[[1, 0.25], [1, 0.5], [5, 0.2]]",
    )
    result = check(runner, examples / "criteria")
    assert_problem(result, path, "threshold 2: at_least 1 does not increase")
    assert_problem(
        result, path, "threshold 3: credit 0.2 is lower than the credit of the threshold before it"
    )


def test_check_reports_every_problem_of_a_file(runner, examples):
    path = examples / "criteria" / "communs.toml"
    edit(path, "weight = 3", "wieght = 3")  # unknown key
    edit(path, 'kind = "number"', 'kind = "nombre"')  # unknown kind
    edit(path, 'level = "may"', 'level = "parfois"')  # value not allowed
    result = check(runner, examples / "criteria")
    lines = problem_lines(result, path)
    assert len(lines) == 3, lines
    assert any("wieght" in line for line in lines)
    assert any("nombre" in line for line in lines)
    assert any("'parfois' is not allowed" in line for line in lines)


def test_check_reports_problems_of_every_file(runner, examples):
    edit(examples / "criteria" / "fablab.toml", 'title = "Accès public"', 'titel = "Accès public"')
    edit(examples / "places" / "l-atelier-mobile.toml", 'stage = "existing"', 'stage = "existant"')
    result = check(runner, examples)
    assert_problem(result, examples / "criteria" / "fablab.toml", "titel")
    assert_problem(
        result, examples / "places" / "l-atelier-mobile.toml", "stage", "'existant' is not allowed"
    )


# --------------------------------------------------------------------------- place files


def place_check(runner, examples, old: str, new: str, name: str = "le-hangar-partage.toml"):
    path = edit(examples / "places" / name, old, new)
    return path, invoke(runner, "check", examples / "criteria", path)


def test_answer_to_unknown_criterion(runner, examples):
    path, result = place_check(runner, examples, "liberte-usagers = true", "liberte-usager = true")
    line = assert_problem(result, path, "[answers] liberte-usager", "no criteria set defines")
    assert "did you mean 'liberte-usagers'?" in line
    assert "line 13" in line


def test_answer_to_unknown_criterion_without_near_miss(runner, examples):
    path, result = place_check(runner, examples, "liberte-usagers = true", "horaires = 24")
    line = assert_problem(result, path, "[answers] horaires", "no criteria set defines")
    assert "remove this answer" in line
    assert "fab-acces" not in line  # ten criterion ids are not spelled out on one line


@pytest.mark.parametrize("header", ['["place"]', '[ "place" ]', "[ 'place' ]", "[ place ]"])
def test_quoted_or_spaced_header_still_gives_the_line(runner, examples, header):
    """A header written as TOML allows (quoted, spaced) points at lines like `[place]` does."""
    path = edit(examples / "places" / "le-hangar-partage.toml", "[place]", header)
    path, result = place_check(runner, examples, 'stage = "creating"', 'stage = "bientot"')
    assert "line 6" in assert_problem(result, path, "[place], stage", "'bientot' is not allowed")


@pytest.mark.parametrize("header", ['["answers"]', "[ 'answers' ]"])
def test_quoted_answers_header_still_gives_the_lines_of_answers(runner, examples, header):
    path = edit(examples / "places" / "le-hangar-partage.toml", "[answers]", header)
    path, result = place_check(runner, examples, "liberte-usagers = true", "liberte-usager = true")
    assert "line 13" in assert_problem(result, path, "[answers] liberte-usager", "no criteria set defines")


def test_quoted_set_and_criteria_headers_still_give_the_lines(runner, examples):
    path = edit(examples / "criteria" / "fablab.toml", "[set]", '[ "set" ]')
    edit(path, 'scheme = "profile"', 'scheme = "profile"\ncolour = "bleu"')
    edit(path, "[[criteria]]", '[[ "criteria" ]]')
    edit(path, 'kind = "choice"', 'kind = "choice"\nweigth = 2')
    result = check(runner, examples / "criteria")
    assert "line 8" in assert_problem(result, path, "[set]", "colour")
    assert "line 15" in assert_problem(result, path, "fab-acces", "weigth")


def test_na_where_not_allowed(runner, examples):
    path, result = place_check(
        runner,
        examples,
        "liberte-usagers = true",
        'liberte-usagers = { na = true, justification = "fermé" }',
    )
    assert_problem(result, path, "[answers] liberte-usagers", "cannot be answered n/a")


def test_na_together_with_a_value(runner, examples):
    path, result = place_check(
        runner,
        examples,
        "transparence-financiere = { na = true,",
        "transparence-financiere = { na = true, value = true,",
    )
    assert_problem(result, path, "transparence-financiere", "both a value and na = true")


def test_unknown_key_in_an_answer(runner, examples):
    path, result = place_check(
        runner,
        examples,
        "co-construction = 4",
        'co-construction = { value = 4, justificaton = "AG" }',
    )
    assert_problem(
        result,
        path,
        "co-construction",
        "unknown key 'justificaton'",
        "did you mean 'justification'?",
    )


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        # yes-no
        (
            "liberte-usagers = true",
            'liberte-usagers = "oui"',
            ("liberte-usagers", "expected true or false", "text 'oui'"),
        ),
        (
            "liberte-usagers = true",
            "liberte-usagers = 1",
            ("liberte-usagers", "expected true or false", "number 1"),
        ),
        # scale 0..4
        (
            "co-construction = 4",
            "co-construction = 5",
            ("co-construction", "5 is outside the scale", "from 0 to 4"),
        ),
        (
            "co-construction = 4",
            "co-construction = -1",
            ("co-construction", "-1 is outside the scale"),
        ),
        (
            "co-construction = 4",
            "co-construction = 2.5",
            ("co-construction", "expected a whole number", "2.5"),
        ),
        (
            "co-construction = 4",
            'co-construction = "4"',
            ("co-construction", "expected a whole number", "text '4'"),
        ),
        # choice
        (
            'accueil-public = "adhesion"',
            'accueil-public = "ouvert"',
            ("accueil-public", "'ouvert' is not an option", "'libre', 'adhesion', 'ferme'"),
        ),
        (
            'accueil-public = "adhesion"',
            "accueil-public = 1",
            ("accueil-public", "number 1 is not an option"),
        ),
        # multi
        (
            'accueil-public = "adhesion"',
            'accueil-public = "libre"\ncontribution-reseau = "wiki"',
            ("contribution-reseau", "expected a list of option ids"),
        ),
        (
            'accueil-public = "adhesion"',
            'accueil-public = "libre"\ncontribution-reseau = ["wiki", "blog"]',
            ("contribution-reseau", "'blog' is not an option"),
        ),
        (
            'accueil-public = "adhesion"',
            'accueil-public = "libre"\ncontribution-reseau = ["wiki", "wiki"]',
            ("contribution-reseau", "'wiki' is listed twice"),
        ),
        # number
        (
            "pluralite-activites = 1",
            "pluralite-activites = -2",
            ("pluralite-activites", "-2 is negative"),
        ),
        (
            "pluralite-activites = 1",
            'pluralite-activites = "3"',
            ("pluralite-activites", "expected a number", "without quotes"),
        ),
        (
            "pluralite-activites = 1",
            "pluralite-activites = true",
            ("pluralite-activites", "expected a number", "found true"),
        ),
    ],
)
def test_answer_of_wrong_type_or_out_of_range(runner, examples, old, new, fragments):
    path, result = place_check(runner, examples, old, new)
    assert_problem(result, path, *fragments)
    # score leaves the same file out (it was the only one: nothing is rated)
    scored = invoke(runner, "score", path, "--criteria", examples / "criteria", "--format", "json")
    assert_problem(scored, path, *fragments)
    assert scored.stdout == "[]\n"
    assert "1 place file left out" in scored.stderr


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("pluralite-activites = 1", "pluralite-activites = inf", "inf is not allowed"),
        ("pluralite-activites = 1", "pluralite-activites = -inf", "-inf is not allowed"),
        ("pluralite-activites = 1", "pluralite-activites = nan", "nan is not allowed"),
        ("pluralite-activites = 1", "pluralite-activites = { value = +inf }", "inf is not allowed"),
        ("co-construction = 4", "co-construction = { value = nan }", "nan is not allowed"),
        ('town = "Rouen"', 'town = "Rouen"\nlat = nan\nlon = 1.0', "nan is not allowed"),
    ],
)
def test_inf_and_nan_refused_in_places(runner, examples, old, new, fragment):
    path, result = place_check(runner, examples, old, new)
    assert_problem(result, path, fragment, "inf and nan are refused")


def test_place_fields_checked(runner, examples):
    path, result = place_check(
        runner,
        examples,
        'colleges = ["tiers-lieu"]',
        'colleges = "tiers-lieu"\nwebsite = "www.exemple.fr"',
    )
    assert_problem(result, path, "[place], colleges", "expected a list")
    assert_problem(result, path, "[place], website", "not a web address", "https://")


def test_duplicate_place_id(runner, examples):
    path = edit(
        examples / "places" / "le-hangar-partage.toml",
        'id = "le-hangar-partage"',
        'id = "l-atelier-mobile"',
    )
    result = invoke(runner, "check", examples / "criteria", examples / "places")
    assert_problem(result, path, "place id 'l-atelier-mobile' is also used by")


def test_set_file_given_to_score_as_a_place(runner, examples):
    path = examples / "criteria" / "fablab.toml"
    result = invoke(runner, "score", path, "--criteria", examples / "criteria")
    assert_problem(result, path, "is not a place file")


@pytest.mark.parametrize("command", ["score", "publish", "report"])
def test_a_network_folder_holding_its_criteria_says_where_they_go(runner, examples, command):
    """A network that keeps criteria/ beside places/ and names the whole folder: each set file
    is said to be a set, with where sets and places go, not only « is not a place file »."""
    result = invoke(runner, command, examples, "--criteria", examples / "criteria")
    line = assert_problem(
        result, examples / "criteria" / "fablab.toml", "is not a place file but a criteria set"
    )
    assert line.endswith(
        "(give the folder of the place files here, and the criteria sets' with --criteria DIR)"
    ), line


def test_place_file_with_several_mistakes_gives_one_line_each(runner, examples):
    path = examples / "places" / "le-hangar-partage.toml"
    edit(path, "liberte-usagers = true", 'liberte-usagers = "oui"')
    edit(path, "co-construction = 4", "co-construction = 9")
    edit(path, 'accueil-public = "adhesion"', 'acceuil-public = "adhesion"')
    result = invoke(runner, "check", examples / "criteria", path)
    lines = problem_lines(result, path)
    assert len(lines) == 3, lines


def test_unknown_set_for_score(runner, examples):
    result = invoke(
        runner,
        "score",
        examples / "places",
        "--criteria",
        examples / "criteria",
        "--set",
        "fablabs",
    )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "unknown criteria set 'fablabs'" in result.stderr and "did you mean 'fablab'?" in result.stderr


def test_unknown_format(runner, examples):
    result = invoke(
        runner, "score", examples / "places", "--criteria", examples / "criteria", "--format", "jsn"
    )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "unknown format 'jsn'" in result.stderr and "did you mean 'json'?" in result.stderr


# --------------------------------------------------------------------------- never a traceback

VALUES = (
    '"x"', '""', '"Co construction"', "1", "-1", "0", "0.5", "2", "1e400", "inf", "-inf", "nan",
    "true", "[]", '[1, "a"]', "[[1, 2]]", "{}", "{ value = 1 }", "{ na = true }", "1979-05-27",
)  # fmt: skip


@st.composite
def mutated_examples(draw: st.DrawFn) -> dict[str, str]:
    """The example files with one to three random slips of the pen."""
    files = {
        str(p.relative_to(EXAMPLES)): p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.rglob("*.toml"))
    }
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(files)))
        lines = files[name].splitlines()
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        op = draw(st.sampled_from(["value", "value", "delete", "duplicate", "typo"]))
        if op == "value" and " = " in line:
            lines[index] = line.split(" = ", 1)[0] + " = " + draw(st.sampled_from(VALUES))
        elif op == "delete":
            del lines[index]
        elif op == "duplicate":
            lines.insert(index, line)
        elif op == "typo" and " = " in line:
            key = line.split(" = ", 1)[0]
            cut = draw(st.integers(0, max(0, len(key) - 1)))
            lines[index] = key[:cut] + key[cut + 1 :] + " =" + line.split(" =", 1)[1]
        files[name] = "\n".join(lines) + "\n"
    return files


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(mutated_examples())
def test_no_slip_of_the_pen_gives_a_traceback(runner, files):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        score = ["score", str(root / "places"), "--criteria", str(root / "criteria")]
        for args in (["check", str(root)], [*score, "--format", "json"]):
            result = runner.invoke(main, args)
            assert result.exit_code in (0, 1), result.output
            assert result.exception is None or isinstance(result.exception, SystemExit), repr(
                result.exception
            )
            assert "Traceback" not in result.output
            for line in result.stderr.splitlines():
                assert LINE.match(line), line
            if result.exit_code == 1 and args[0] == "check":
                assert "problem" in result.stderr


def test_check_reports_identity_and_answer_problems_in_one_run(runner, examples):
    """A place wrong in [place] and in [answers] gets every line at once, not in two rounds."""
    path = examples / "places" / "le-hangar-partage.toml"
    edit(path, 'town = "Rouen"', 'town = "Rouen"\nlat = 200\nlon = 1.1')
    edit(path, "pluralite-activites = 1", 'pluralite-activites = "beaucoup"')
    edit(path, "liberte-usagers = true", "liberte-usager = true")
    result = check(runner, examples)
    assert_problem(result, path, "[place], lat")
    assert_problem(result, path, "[answers] pluralite-activites")
    assert_problem(result, path, "[answers] liberte-usager", "no criteria set defines")


def test_contact_email_that_is_not_one(runner, examples):
    path = edit(
        examples / "places" / "le-hangar-partage.toml", 'email = "bonjour@example.org"', 'email = "bonjour"'
    )
    assert_problem(check(runner, examples), path, "[contact], email", "'bonjour' is not an email address")


def test_a_college_rated_by_a_folder_not_given_says_to_give_it(runner, examples, tmp_path):
    """A network's own college ('ressourcerie'), its set kept apart from the places, checked
    without it: the warning says how to bring that set, besides the colleges known."""
    places = tmp_path / "lieux"
    places.mkdir()
    path = places / "ti-recup.toml"
    path.write_text(
        '[place]\nid = "ti-recup"\nname = "Ti Récup"\ntown = "Quimper"\nstage = "existing"\n'
        'colleges = ["ressourcerie"]\n',
        encoding="utf-8",
    )
    result = check(runner, "--criteria", examples / "criteria", path)
    # Its only college: rated for none, the place would be in no output (an error, not a warning).
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0] == (
        f"{path}: line 6, [place] colleges: no criteria set rates college 'ressourcerie', the only college"
        " the place names: it would be rated for none, and left out of every output (expected one of:"
        " fablab, tiers-lieu; or give the folder of the criteria set that rates it with --criteria DIR)"
    )
    # Beside a college that is rated, it is a warning (SPEC §7): the place is rated for the other.
    edit(path, 'colleges = ["ressourcerie"]', 'colleges = ["ressourcerie", "tiers-lieu"]')
    result = check(runner, "--criteria", examples / "criteria", path)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"{path}: line 6, [place] colleges: warning: no criteria set rates college 'ressourcerie', so the place is"
        " not rated for it (expected one of: fablab, tiers-lieu; or give the folder of the criteria set"
        " that rates it with --criteria DIR)"
    )


@pytest.mark.parametrize(
    ("other_error", "old", "new"),
    [
        ("in [place]", 'stage = "creating"', 'stage = "en projet"'),
        ("in [answers]", "[answers]", '[answers]\nnot-a-criterion = "x"'),
    ],
)
def test_unknown_college_is_said_even_beside_other_errors(runner, examples, other_error, old, new):
    """A misspelled college gets its warning (and its near miss) whatever else is wrong
    in the file: the member should not learn of it only after fixing the rest."""
    path = examples / "places" / "le-hangar-partage.toml"
    edit(path, 'colleges = ["tiers-lieu"]', 'colleges = ["tiers-lieux"]')
    edit(path, old, new)
    result = check(runner, "--criteria", examples / "criteria", path)
    assert_problem(result, path, "no criteria set rates college 'tiers-lieux'", "did you mean 'tiers-lieu'?")
