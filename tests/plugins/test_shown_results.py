"""`RatingScheme.shown_results`: a scheme that grades from another set shows that set's criteria.

A plugin's scheme `relais` grades a set without criteria of its own by the grade
of the set it requires, as the built-in ladder grades by its rungs: its ratings
carry the required set's results, so that score, advise and report see them; a
`shown_results` that raises or returns something else names the plugin.
"""

from __future__ import annotations

import json

import pytest

from tlcriteria.cli import main

RELAY = """
    from tlcriteria import hookimpl
    from tlcriteria.interfaces import RatingScheme

    class Relay(RatingScheme):
        name = "relais"
        needs_percent = False

        def grade(self, rules, tally):
            return tally.others["socle"].grade

        def grade_order(self, rules):
            return ["A", "B"]

        def shown_results(self, rules, tally, grade):
            {results}

    @hookimpl
    def tlcriteria_rating_schemes():
        return [Relay()]
"""

BASE = """\
[set]
id = "socle"
title = "Socle"
version = "1"

[[criteria]]
id = "s-ouvert"
title = "Ouvert"
question = "Ouvert au public ?"
kind = "yes-no"
evidence = "justification"

[[criteria]]
id = "s-charte"
title = "Charte"
question = "Une charte ?"
kind = "yes-no"

[[grades]]
grade = "A"
min_percent = 100

[[grades]]
grade = "B"
"""

RELAYED = """\
[set]
id = "relais"
title = "Relais"
version = "1"
college = "relais"
scheme = "relais"
requires = [{ set = "socle", grade = "B" }]

[[grades]]
grade = "A"

[[grades]]
grade = "B"
"""

PLACE = """\
[place]
id = "lieu"
name = "Le Lieu"
town = "Caen"
stage = "existing"
colleges = ["relais"]

[answers]
s-ouvert = true
s-charte = false
"""


def network(tmp_path):
    criteria = tmp_path / "criteria"
    criteria.mkdir()
    (criteria / "socle.toml").write_text(BASE, encoding="utf-8")
    (criteria / "relais.toml").write_text(RELAYED, encoding="utf-8")
    place = tmp_path / "lieu.toml"
    place.write_text(PLACE, encoding="utf-8")
    return [str(place), "--criteria", str(criteria)]


def test_a_scheme_shows_the_results_of_the_set_it_grades_by(runner, plugin_env, tmp_path):
    plugin_env.add("relay", RELAY.format(results='return tally.others["socle"].results'))
    args = network(tmp_path)
    result = runner.invoke(main, ["score", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    assert (record["set"], record["grade"], record["percent"]) == ("relais", "B", None)
    assert [(c["id"], c["outcome"]) for c in record["criteria"]] == [
        ("s-ouvert", "unsupported"),
        ("s-charte", "unsatisfied"),
    ]
    result = runner.invoke(main, ["advise", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    [advice] = json.loads(result.stdout)
    assert (advice["target"], advice["reachable"]) == ("A", True)
    assert [(c["criterion"], c["evidence"]) for c in advice["changes"]] == [
        ("s-ouvert", "justification"),
        ("s-charte", "none"),
    ]
    result = runner.invoke(main, ["report", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert row["missing_evidence"] == ["s-ouvert"] and row["advice"] == "A: work on Ouvert; Charte"


def test_without_shown_results_the_rating_keeps_the_sets_own_none_here(runner, plugin_env, tmp_path):
    plugin_env.add("relay", RELAY.format(results="return super().shown_results(rules, tally, grade)"))
    result = runner.invoke(main, ["score", *network(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    assert record["grade"] == "B" and record["criteria"] == []


@pytest.mark.parametrize(
    ("results", "mistake"),
    [
        ("raise ValueError('none')", ": shown_results raised ValueError: none, for set 'relais'"),
        (
            "return ['s-ouvert']",
            ": shown_results returned ['s-ouvert'] for set 'relais' "
            "(return a sequence of CriterionResult, e.g. tally.results)",
        ),
        ("return None", ": shown_results returned None for set 'relais'"),
    ],
    ids=["raises", "ids", "none"],
)
@pytest.mark.parametrize("command", ["score", "advise", "report"])
def test_a_shown_results_that_breaks_its_contract_names_the_plugin(
    runner, plugin_env, tmp_path, results, mistake, command
):
    plugin_env.add("relay", RELAY.format(results=results))
    result = runner.invoke(main, ["--lang", "en", command, *network(tmp_path)])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(
        f"tlcriteria: error: plugin 'relay' is broken: rating scheme 'relais'{mistake}"
    )
    assert result.stdout == "" and "Traceback" not in result.output
