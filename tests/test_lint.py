"""`tlcriteria check` warnings: each one triggered by a small set, exit 0 unless --strict."""

from __future__ import annotations

from pathlib import Path

import pytest

from tlcriteria.cli import main

HEAD = '[set]\nid = "essai"\ntitle = "Essai"\nversion = "1"\ncollege = "fablab"\n\n'


def criterion(cid: str, extra: str = "", question: str | None = None, theme: str = "t") -> str:
    return (
        f'[[criteria]]\nid = "{cid}"\ntitle = "{cid}"\nquestion = "{question or "Question " + cid + " ?"}"\n'
        f'theme = "{theme}"\n' + (extra if "kind" in extra else 'kind = "yes-no"\n' + extra) + "\n"
    )


CLEAN = "".join(criterion(c) for c in ("a", "b", "c", "d"))
GRADES = '[[grades]]\ngrade = "A"\nmin_percent = 80\n[[grades]]\ngrade = "B"\nmin_percent = 50\n[[grades]]\ngrade = "C"\n'


def check(runner, tmp_path: Path, text: str, *options: str):
    path = tmp_path / "essai.toml"
    path.write_text(HEAD + text, encoding="utf-8")
    return runner.invoke(main, ["check", str(path), *options])


def warnings_of(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": warning: " in line]


def test_a_sound_set_has_no_warning(runner, tmp_path):
    result = check(runner, tmp_path, CLEAN + GRADES)
    assert result.exit_code == 0, result.output
    assert warnings_of(result) == []
    assert "no problem found" in result.stdout and "warning" not in result.stdout


def assert_warns(runner, tmp_path, text: str, where: str, *phrases: str) -> None:
    result = check(runner, tmp_path, text)
    assert result.exit_code == 0, result.output
    lines = [w for w in warnings_of(result) if where in w]
    assert lines, result.stderr
    assert any(all(p in line for p in phrases) for line in lines), lines
    assert "1 warning" in result.stdout or "warnings" in result.stdout
    strict = check(runner, tmp_path, text, "--strict")
    assert strict.exit_code == 1
    assert "(--strict)" in strict.stderr


def test_grade_that_no_answers_can_reach(runner, tmp_path):
    half = 'kind = "choice"\npass = 0.5\noptions = [{ id = "x", label = "X", credit = 0.5 }, { id = "y", label = "Y", credit = 0 }]\n'
    text = "".join(criterion(c, half) for c in ("a", "b", "c", "d")) + GRADES
    assert_warns(
        runner,
        tmp_path,
        text,
        '[[grades]] "A"',
        "no combination of answers can reach",
        "80%",
        "50%",
        "lower min_percent to 50 or less",
    )


def test_grade_hidden_by_a_grade_that_asks_less(runner, tmp_path):
    text = (
        CLEAN
        + '[[grades]]\ngrade = "A"\nmin_percent = 50\n[[grades]]\ngrade = "B"\nmin_percent = 50\nrequire = "must"\n[[grades]]\ngrade = "C"\n'
    )
    assert_warns(
        runner, tmp_path, text, '[[grades]] "B"', "grade 'A' above it asks no more", "make grade 'A' stricter"
    )


def test_grade_requiring_a_must_criterion_nobody_satisfies(runner, tmp_path):
    never = 'kind = "number"\nlevel = "must"\nthresholds = [[1, 0.5], [5, 0.75]]\n'
    text = (
        CLEAN
        + criterion("e", never)
        + '[[grades]]\ngrade = "A"\nmin_percent = 50\nrequire = "must"\n[[grades]]\ngrade = "B"\n'
    )
    assert_warns(runner, tmp_path, text, '[[grades]] "A"', "require = 'must'", "'e' can never be satisfied")


def test_theme_floor_no_place_can_meet(runner, tmp_path):
    half = 'kind = "scale"\nmin = 0\nmax = 4\n'
    capped = 'kind = "number"\nthresholds = [[1, 0.25], [3, 0.5]]\npass = 0.5\n'
    text = (
        CLEAN
        + criterion("e", capped, theme="u")
        + criterion("f", capped, theme="u")
        + criterion("g", half)
        + '[[grades]]\ngrade = "A"\nmin_percent = 40\nmin_theme_percent = 60\n[[grades]]\ngrade = "B"\n'
    )
    assert_warns(
        runner,
        tmp_path,
        text,
        '[[grades]] "A"',
        "min_theme_percent 60% that no place can meet",
        "theme 'u' reaches at most 50%",
        "lower min_theme_percent to 50 or less",
    )


def test_must_criterion_that_no_answer_satisfies(runner, tmp_path):
    low = 'kind = "choice"\nlevel = "must"\noptions = [{ id = "x", label = "X", credit = 0.5 }, { id = "y", label = "Y", credit = 0 }]\n'
    assert_warns(
        runner,
        tmp_path,
        CLEAN + criterion("e", low) + GRADES,
        'criterion "e"',
        "must criterion that no answer satisfies",
        "earns 0.5, below pass = 1",
        "lower pass to 0.5",
    )


def test_must_number_criterion_whose_thresholds_stay_below_pass(runner, tmp_path):
    low = 'kind = "number"\nlevel = "must"\nthresholds = [[2, 0.25], [4, 0.5]]\npass = 0.75\n'
    assert_warns(
        runner,
        tmp_path,
        CLEAN + criterion("e", low) + GRADES,
        'criterion "e"',
        "must criterion that no answer satisfies",
        "below pass = 0.75",
    )


def test_options_whose_credits_make_pass_unreachable(runner, tmp_path):
    multi = (
        'kind = "multi"\noptions = [{ id = "x", label = "X", credit = 0.25 }, '
        '{ id = "y", label = "Y", credit = 0.25 }]\npass = 0.75\n'
    )
    assert_warns(
        runner,
        tmp_path,
        CLEAN + criterion("e", multi) + GRADES,
        'criterion "e"',
        "options' credits make pass unreachable",
        "best combination earns 0.5",
        "raise an option's credit",
    )


def test_two_criteria_with_the_same_question(runner, tmp_path):
    text = CLEAN + criterion("e", question="Question  A ?") + GRADES
    assert_warns(runner, tmp_path, text, 'criterion "e"', "asks the same question as criterion 'a'")


def test_theme_with_a_single_criterion(runner, tmp_path):
    text = CLEAN + criterion("e", theme="seul") + GRADES
    assert_warns(
        runner,
        tmp_path,
        text,
        'theme "seul"',
        "theme with a single criterion ('e')",
        "add criteria to this theme",
    )


def test_weight_so_large_that_failing_it_decides_the_grade(runner, tmp_path):
    text = CLEAN + criterion("e", "weight = 20\n") + GRADES
    assert_warns(
        runner,
        tmp_path,
        text,
        'criterion "e"',
        "weight 20 decides the grade alone",
        "reaches at most 16.6%",
        "below the lowest threshold 50%",
        # Not 4: alone, an answer of weight 4 gives 50%, grade B (the other warning).
        "lower its weight to 3 or less",
    )


def test_weight_so_large_that_it_alone_gives_a_grade(runner, tmp_path):
    text = CLEAN + criterion("e", "weight = 4\nna_allowed = true\n") + GRADES
    assert_warns(
        runner,
        tmp_path,
        text,
        'criterion "e"',
        "weight 4 decides the grade alone",
        "this answer by itself gives 50%",
        "enough for grade 'B'",
    )


def test_warnings_do_not_hide_errors(runner, tmp_path):
    result = check(runner, tmp_path, CLEAN + criterion("e", "wieght = 3\n") + GRADES)
    assert result.exit_code == 1
    assert "unknown key 'wieght'" in result.stderr


@pytest.mark.parametrize("strict", [False, True])
def test_examples_give_warnings_only(runner, strict):
    from .conftest import EXAMPLES

    result = runner.invoke(main, ["check", str(EXAMPLES), *(["--strict"] if strict else [])])
    assert result.exit_code == (1 if strict and warnings_of(result) else 0), result.output


# ------------------------------------------------------------------ English texts

ENGLISH = 'title_en = "{id} in English"\nquestion_en = "Question {id}?"\n'


def english(cid: str, extra: str = "") -> str:
    return criterion(cid, ENGLISH.format(id=cid) + extra)


def test_a_set_written_in_one_language_gets_no_english_warning(runner, tmp_path):
    number = 'kind = "number"\nunit = "heures"\nthresholds = [[1, 1]]\n'
    result = check(runner, tmp_path, CLEAN + criterion("e", number) + GRADES)
    assert result.exit_code == 0, result.output
    assert warnings_of(result) == []


@pytest.mark.parametrize(
    ("extra", "missing"),
    [
        ('kind = "number"\nunit = "heures"\nthresholds = [[1, 1]]\n', "unit_en"),
        ('kind = "scale"\nmin = 0\nmax = 2\nlabels = ["jamais", "parfois", "souvent"]\n', "labels_en"),
        (
            'kind = "choice"\noptions = [{ id = "oui", label = "Oui", label_en = "Yes", credit = 1 }, '
            '{ id = "non", label = "Non", credit = 0 }]\n',
            "label_en of option 'non'",
        ),
    ],
)
def test_a_text_without_its_english_is_named_when_the_set_gives_english(runner, tmp_path, extra, missing):
    text = "".join(english(c) for c in ("a", "b", "c")) + english("e", extra) + GRADES
    assert_warns(runner, tmp_path, text, 'criterion "e"', f"no {missing}:", "in English")
    translated = {
        "unit_en": 'unit_en = "hours"\n',
        "labels_en": 'labels_en = ["never", "sometimes", "often"]\n',
    }
    if missing in translated:  # given, the warning goes
        result = check(runner, tmp_path, text.replace(extra, extra + translated[missing]))
        assert warnings_of(result) == [], result.stderr


def test_a_criterion_without_its_english_title_is_named_in_french(tmp_path):
    from click.testing import CliRunner

    text = "".join(english(c) for c in ("a", "b", "c")) + criterion("e") + GRADES
    path = tmp_path / "essai.toml"
    path.write_text(HEAD + text, encoding="utf-8")
    result = CliRunner(env={"LANGUAGE": "fr"}).invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output
    line = next(w for w in result.stderr.splitlines() if 'critère "e"' in w)
    assert "pas de title_en, question_en : en anglais" in line
    assert "ajoutez title_en, question_en au critère" in line


def test_the_networks_criteria_have_every_english_text(runner):
    root = Path(__file__).resolve().parent.parent
    result = runner.invoke(main, ["check", str(root / "criteria")])
    assert result.exit_code == 0, result.output
    assert "in English" not in result.stderr


def test_a_folder_named_twice_is_read_once(runner, tmp_path):
    """`check criteria /full/path/criteria`: the same files, not sets that repeat each other's ids."""
    path = tmp_path / "essai.toml"
    path.write_text(HEAD + CLEAN + GRADES, encoding="utf-8")
    result = runner.invoke(
        main, ["check", str(tmp_path), str(tmp_path / "." / "essai.toml"), str(tmp_path) + "/"]
    )
    assert result.exit_code == 0, result.output
    assert "1 criteria set(s)" in result.stdout
