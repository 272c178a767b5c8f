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
        "80 %",
        "50 %",
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
        "min_theme_percent 60 % that no place can meet",
        "theme 'u' reaches at most 50 %",
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
        "reaches at most 16.6 %",
        "below the lowest threshold 50 %",
        "lower its weight to 4 or less",
    )


def test_weight_so_large_that_it_alone_gives_a_grade(runner, tmp_path):
    text = CLEAN + criterion("e", "weight = 4\nna_allowed = true\n") + GRADES
    assert_warns(
        runner,
        tmp_path,
        text,
        'criterion "e"',
        "weight 4 decides the grade alone",
        "this answer by itself gives 50 %",
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
