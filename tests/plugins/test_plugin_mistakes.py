"""A plugin that breaks its contract while a command runs is named as broken, in one line.

A credit out of [0, 1] would publish « 150 % »; a credit that is not a number, or a
method that raises, would stop the command with a traceback. Either way the command
stops with one line naming the plugin, exits 1, and writes no output.
"""

from __future__ import annotations

import pytest

from tlcriteria.cli import main

PERCENT_KIND = """
    from decimal import Decimal
    from fractions import Fraction

    from tlcriteria import hookimpl
    from tlcriteria.interfaces import AnswerKind

    class Percent(AnswerKind):
        name = "pourcent"

        def check_value(self, config, value):
            ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 200
            return None if ok else ("expected 0 to 200", "type a whole number")

        def credit(self, config, value):
            return {credit}

        def best_value(self, config):
            return 100

    @hookimpl
    def tlcriteria_answer_kinds():
        return [Percent()]
"""

SET = """\
[set]
id = "pourcents"
title = "Pourcents"
version = "1"
college = "pourcents"

[[criteria]]
id = "pc-part"
title = "Part"
question = "Quelle part ?"
kind = "pourcent"

[[criteria]]
id = "pc-oui"
title = "Oui"
question = "Oui ?"
kind = "yes-no"

[[grades]]
grade = "A"
min_percent = 50

[[grades]]
grade = "B"
"""


def place(ident: str, part: int) -> str:
    return f"""\
[place]
id = "{ident}"
name = "Lieu {ident}"
town = "Caen"
stage = "existing"
colleges = ["pourcents"]

[answers]
pc-part = {part}
pc-oui = false
"""


def network(tmp_path, parts):
    (tmp_path / "criteria").mkdir()
    (tmp_path / "criteria" / "pourcents.toml").write_text(SET, encoding="utf-8")
    places = tmp_path / "places"
    places.mkdir()
    for number, part in enumerate(parts):
        (places / f"lieu-{number}.toml").write_text(place(f"lieu-{number}", part), encoding="utf-8")
    return places, ["--criteria", str(tmp_path / "criteria")]


WRONG_CREDITS = [
    ("Fraction(value, 100)", "Fraction(3, 2)"),
    ("Fraction(-value, 100)", "Fraction(-3, 2)"),
    ("value / 100", "1.5"),
    ("str(value)", "'150'"),
    ("value > 50", "True"),
]


@pytest.mark.parametrize(
    ("credit", "shown"), WRONG_CREDITS, ids=["above-1", "negative", "float", "text", "bool"]
)
@pytest.mark.parametrize(
    "command",
    [["score", "--format", "json"], ["publish", "--format", "json"], ["advise"]],
    ids=["score", "publish-json", "advise"],
)
def test_a_credit_out_of_range_or_of_the_wrong_type_names_the_plugin(
    runner, plugin_env, tmp_path, credit, shown, command
):
    plugin_env.add("badcredit", PERCENT_KIND.format(credit=credit))
    places, criteria = network(tmp_path, [150])
    result = runner.invoke(main, [command[0], str(places), *criteria, *command[1:]])
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"tlcriteria: error: plugin 'badcredit' is broken: answer kind 'pourcent' gave the credit {shown} "
        "to the answer 150 of criterion 'pc-part' (a credit is a Fraction from 0 to 1)\n"
    )
    assert result.stdout == ""


def test_advice_holds_the_credits_of_the_answers_it_proposes_to_the_contract(runner, plugin_env, tmp_path):
    """The place's answer earns 1/2; the best answer the kind proposes would earn 5/4."""
    plugin_env.add("badcredit", PERCENT_KIND.format(credit="Fraction(value, 80)"))
    places, criteria = network(tmp_path, [40])
    result = runner.invoke(main, ["advise", str(places), *criteria])
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "tlcriteria: error: plugin 'badcredit' is broken: answer kind 'pourcent' gave the credit "
        "Fraction(5, 4) to the answer 100 of criterion 'pc-part' (a credit is a Fraction from 0 to 1)\n"
    )


def test_a_credit_that_raises_names_the_plugin_in_french_too(runner, plugin_env, tmp_path):
    plugin_env.add("badcredit", PERCENT_KIND.format(credit="Fraction(100, 100 - value)"))
    places, criteria = network(tmp_path, [100])
    result = runner.invoke(main, ["--lang", "fr", "score", str(places), *criteria])
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "tlcriteria : erreur : le greffon 'badcredit' est en panne : le type de réponse 'pourcent' : credit a levé "
        "ZeroDivisionError: Fraction(100, 0), pour la réponse 100 du critère 'pc-part'\n"
    )


def test_exact_numbers_are_credits_as_fractions(runner, plugin_env, tmp_path):
    """An int or a Decimal is an exact number: taken as the same Fraction."""
    plugin_env.add("intcredit", PERCENT_KIND.format(credit="1 if value >= 50 else Decimal(value) / 100"))
    places, criteria = network(tmp_path, [80, 25])
    result = runner.invoke(main, ["score", str(places), *criteria, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"percent": 50.0' in result.stdout and '"percent": 12.5' in result.stdout


def test_the_site_is_not_written_when_a_credit_is_wrong(runner, plugin_env, tmp_path):
    plugin_env.add("badcredit", PERCENT_KIND.format(credit="Fraction(value, 100)"))
    places, criteria = network(tmp_path, [100, 150])
    out = tmp_path / "site"
    result = runner.invoke(main, ["publish", str(places), *criteria, "-f", "site", "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert (
        "plugin 'badcredit' is broken: answer kind 'pourcent' gave the credit Fraction(3, 2)" in result.stderr
    )
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()


def test_a_wrong_credit_met_in_a_worker_process_names_the_plugin(runner, plugin_env, tmp_path, monkeypatch):
    """Through the pool of worker processes (forked): the mistake crosses back to the command."""
    from tlcriteria import parallel

    monkeypatch.setattr(parallel, "MIN_PLACES", 2)
    monkeypatch.setattr(parallel, "CHUNK", 2)
    monkeypatch.setenv("TLCRITERIA_WORKERS", "2")
    plugin_env.add("badcredit", PERCENT_KIND.format(credit="Fraction(value, 100)"))
    places, criteria = network(tmp_path, [100, 90, 80, 70, 150])
    for command in (["score", "--format", "json"], ["publish", "-f", "site", "-o", str(tmp_path / "site")]):
        result = runner.invoke(main, [command[0], str(places), *criteria, *command[1:]])
        assert result.exit_code == 1, result.output
        assert result.stderr.endswith(
            "tlcriteria: error: plugin 'badcredit' is broken: answer kind 'pourcent' gave the credit "
            "Fraction(3, 2) to the answer 150 of criterion 'pc-part' (a credit is a Fraction from 0 to 1)\n"
        )
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("credit", "typed", "mistake"),
    [
        ("Fraction(value, 100)", "150", "Fraction(3, 2) to the answer 150"),  # on the answer itself
        ("Fraction(value, 80)", "40", "Fraction(5, 4) to the answer 100"),  # in the advice at the end
    ],
    ids=["answer", "advice"],
)
def test_the_questionnaire_stops_on_a_wrong_credit_and_keeps_what_was_saved(
    runner, plugin_env, tmp_path, credit, typed, mistake
):
    plugin_env.add("badcredit", PERCENT_KIND.format(credit=credit))
    _places, criteria = network(tmp_path, [])
    place_file = tmp_path / "lieu.toml"
    lines = ["Le Lieu", "", "Caen", "1", "1", "", "", "", "", "", "", "Alex", "", typed, "non"]
    result = runner.invoke(main, ["assess", *criteria, "-o", str(place_file)], input="\n".join(lines) + "\n")
    assert result.exit_code == 1, result.output
    assert result.stderr.endswith(
        f"tlcriteria: error: plugin 'badcredit' is broken: answer kind 'pourcent' gave the credit {mistake} "
        "of criterion 'pc-part' (a credit is a Fraction from 0 to 1)\n"
    )
    assert "Traceback" not in result.output
    assert f"pc-part = {typed}" in place_file.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- a scheme's grade

SCHEME = """
    from tlcriteria import hookimpl
    from tlcriteria.interfaces import RatingScheme

    class Odd(RatingScheme):
        name = "impair"

        def grade(self, rules, tally):
            {grade}

        def shown_percent(self, rules, percent):
            {shown}

    @hookimpl
    def tlcriteria_rating_schemes():
        return [Odd()]
"""


def scheme_network(tmp_path):
    places, criteria = network(tmp_path, [])
    text = SET.replace('college = "pourcents"', 'college = "pourcents"\nscheme = "impair"')
    text = text.replace('kind = "pourcent"', 'kind = "yes-no"').replace("min_percent = 50\n", "")
    (tmp_path / "criteria" / "pourcents.toml").write_text(text, encoding="utf-8")
    (places / "lieu.toml").write_text(place("lieu", 0).replace("pc-part = 0", "pc-part = true"))
    return places, criteria


@pytest.mark.parametrize(
    ("grade", "shown", "mistake"),
    [
        (
            "return 'Z'",
            "return percent",
            " gave the grade 'Z' in set 'pourcents', not one of its grades (A, B)",
        ),
        ("return 3", "return percent", " gave the grade 3 in set 'pourcents' (a grade is a text, or None)"),
        (
            "raise ValueError('no grade')",
            "return percent",
            ": grade raised ValueError: no grade, for set 'pourcents'",
        ),
        (
            "return 'A'",
            "return 1 / 0",
            ": shown_percent raised ZeroDivisionError: division by zero, for set 'pourcents'",
        ),
    ],
    ids=["unknown-grade", "not-text", "grade-raises", "shown-percent-raises"],
)
@pytest.mark.parametrize(
    "command",
    [["score"], ["publish", "--format", "json"], ["publish", "-f", "site", "-o", "SITE"], ["advise"]],
    ids=["score", "publish-json", "publish-site", "advise"],
)
def test_a_scheme_that_gives_no_grade_of_its_own_or_raises_is_named(
    runner, plugin_env, tmp_path, grade, shown, mistake, command
):
    plugin_env.add("badscheme", SCHEME.format(grade=grade, shown=shown))
    places, criteria = scheme_network(tmp_path)
    site = tmp_path / "site"
    args = [a.replace("SITE", str(site)) for a in command[1:]]
    result = runner.invoke(main, [command[0], str(places), *criteria, *args])
    assert result.exit_code == 1, result.output
    expected = f"tlcriteria: error: plugin 'badscheme' is broken: rating scheme 'impair'{mistake}\n"
    assert result.stderr == expected
    assert result.stdout == "" and not site.exists()


# --------------------------------------------------------------------------- a kind's own decision

DECIDES = """
    from fractions import Fraction

    from tlcriteria import hookimpl
    from tlcriteria.interfaces import AnswerKind

    class Decides(AnswerKind):
        name = "pourcent"

        def check_value(self, config, value):
            return None if isinstance(value, int) else ("expected a number", "type a whole number")

        def credit(self, config, value):
            return Fraction(1)

        def decide(self, criterion, answer):
            {decide}

    @hookimpl
    def tlcriteria_answer_kinds():
        return [Decides()]
"""


@pytest.mark.parametrize(
    ("decide", "mistake"),
    [
        (
            "return ('great', Fraction(1))",
            "decided ('great', Fraction(1, 1)) for criterion 'pc-part' (return None, or (outcome, credit) "
            "with an outcome among satisfied, partial, unsatisfied, unsupported, unanswered, na)",
        ),
        (
            "return ('satisfied', 2)",
            "gave the credit 2 to the answer 100 of criterion 'pc-part' (a credit is a Fraction from 0 to 1)",
        ),
        ("raise KeyError('x')", ": decide raised KeyError: 'x', for criterion 'pc-part'"),
    ],
    ids=["unknown-outcome", "credit-2", "raises"],
)
def test_a_kind_that_decides_outcomes_is_held_to_the_contract(runner, plugin_env, tmp_path, decide, mistake):
    plugin_env.add("baddecide", DECIDES.format(decide=decide))
    places, criteria = network(tmp_path, [100])
    result = runner.invoke(main, ["score", str(places), *criteria, "--format", "json"])
    assert result.exit_code == 1, result.output
    expected = f"tlcriteria: error: plugin 'baddecide' is broken: answer kind 'pourcent' {mistake}\n"
    assert result.stderr == expected.replace("'pourcent' :", "'pourcent':")
    assert result.stdout == ""


# --------------------------------------------------------------------------- reading a set, checking an answer

CHECKS = """
    from fractions import Fraction

    from tlcriteria import hookimpl
    from tlcriteria.interfaces import AnswerKind

    class Checks(AnswerKind):
        name = "pourcent"

        def parse_config(self, values, report):
            {parse}

        def check_value(self, config, value):
            {check}

        def credit(self, config, value):
            return Fraction(1)

    @hookimpl
    def tlcriteria_answer_kinds():
        return [Checks()]
"""


@pytest.mark.parametrize(
    ("parse", "check", "mistake"),
    [
        (
            "raise ValueError('no target')",
            "return None",
            ": parse_config raised ValueError: no target, for criterion 'pc-part'",
        ),
        (
            "return None",
            "raise TypeError('not a number')",
            ": check_value raised TypeError: not a number, for the answer 100 of criterion 'pc-part'",
        ),
        (
            "return None",
            "return 'too big'",
            ": check_value gave 'too big' for the answer 100 of criterion 'pc-part' "
            "(return None, or a (message, hint) pair)",
        ),
    ],
    ids=["parse-config-raises", "check-value-raises", "check-value-not-a-pair"],
)
@pytest.mark.parametrize("command", ["check", "score"])
def test_a_kind_that_cannot_read_its_settings_or_check_an_answer_is_named(
    runner, plugin_env, tmp_path, parse, check, mistake, command
):
    plugin_env.add("badcheck", CHECKS.format(parse=parse, check=check))
    places, criteria = network(tmp_path, [100])
    args = [criteria[1], str(places)] if command == "check" else [str(places), *criteria]
    result = runner.invoke(main, [command, *args])
    assert result.exit_code == 1, result.output
    assert (
        result.stderr == f"tlcriteria: error: plugin 'badcheck' is broken: answer kind 'pourcent'{mistake}\n"
    )
