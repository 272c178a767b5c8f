"""Every method of a kind or scheme the core calls is held to the contract, not only the rating's.

A plugin kind (a `choice` underneath) and a plugin scheme (`thresholds` underneath) each
have one method broken at a time: it raises, or returns what its contract does not allow.
Each command that calls it stops with one line naming the plugin, exits 1, shows no
traceback and writes nothing (display and advice are no exception: what they would
print comes from the broken method).
"""

from __future__ import annotations

import pytest

from tlcriteria.cli import main

PLUGIN = """
    from tlcriteria import hookimpl
    from tlcriteria.kinds.choice import Choice
    from tlcriteria.schemes.thresholds import Thresholds

    class Kind(Choice):
        name = "choix-casse"

    class Scheme(Thresholds):
        name = "seuils-casses"

    def broken(self, *args, **kwargs):
        {body}

    broken.__name__ = "{method}"  # as a method written in the class is named
    {owner}.{method} = broken

    @hookimpl
    def tlcriteria_answer_kinds():
        return [Kind()]

    @hookimpl
    def tlcriteria_rating_schemes():
        return [Scheme()]
"""

SET = """\
[set]
id = "casses"
title = "Cassés"
title_en = "Broken"  # English somewhere: check's lint asks each kind what has none (untranslated)
version = "1"
college = "casses"
scheme = "seuils-casses"

[[criteria]]
id = "ca-acces"
title = "Accès"
question = "Quel accès ?"
kind = "choix-casse"
options = [
  { id = "libre", label = "Libre", credit = 1, replaces = ["gratuit"] },
  { id = "payant", label = "Payant", credit = 0.5 },
  { id = "ferme", label = "Fermé", credit = 0 },
]
option_evidence = { libre = "justification" }

[[criteria]]
id = "ca-bonus"
title = "Bonus"
question = "Quel bonus ?"
kind = "choix-casse"
options = [{ id = "peu", label = "Peu", credit = 0.5 }, { id = "rien", label = "Rien", credit = 0 }]

[[grades]]
grade = "A"
min_percent = 60

[[grades]]
grade = "B"
"""

PLACE = """\
[place]
id = "lieu"
name = "Le Lieu"
town = "Caen"
stage = "existing"
colleges = ["casses"]

[answers]
ca-acces = "payant"
ca-bonus = "peu"
"""


def network(tmp_path, set_text=SET):
    criteria = tmp_path / "criteria"
    criteria.mkdir()
    (criteria / "casses.toml").write_text(set_text, encoding="utf-8")
    places = tmp_path / "places"
    places.mkdir()
    (places / "lieu.toml").write_text(PLACE, encoding="utf-8")
    return places, criteria


def command_line(name, tmp_path, places, criteria):
    """The arguments of one command, on the network `network` wrote."""
    old = tmp_path / "old"  # diff's other side: the same set where « payant » earned more
    if not old.exists():
        old.mkdir()
        (old / "casses.toml").write_text(
            SET.replace('credit = 0.5 },\n  { id = "ferme"', 'credit = 0.75 },\n  { id = "ferme"'),
            encoding="utf-8",
        )
    return {
        "check": ["check", str(criteria), str(places)],
        "score": ["score", str(places), "--criteria", str(criteria), "--format", "json"],
        "score-set": ["score", str(places), "--criteria", str(criteria), "--set", "casses"],
        "site": [
            "publish",
            str(places),
            "--criteria",
            str(criteria),
            "-f",
            "site",
            "-o",
            str(tmp_path / "site"),
        ],
        "advise": ["advise", str(places), "--criteria", str(criteria)],
        "schema": ["schema", "--kind", "place", "--criteria", str(criteria)],
        "diff": ["diff", str(old), str(criteria), "--places", str(places)],
        "migrate": ["migrate", str(places), "--criteria", str(criteria)],
        "assess": ["assess", "--criteria", str(criteria), "-o", str(tmp_path / "nouveau.toml")],
    }[name]


#: What the questionnaire is given: the identity, then « payant » and « peu ».
TYPED = ["Le Lieu", "", "Caen", "1", "1", "", "", "", "", "", "", "Alex", "", "payant", "peu"]

EVERY = ["check", "score", "score-set", "site", "advise", "schema", "diff", "migrate", "assess"]
RATED = ["score", "site", "advise", "diff", "assess"]  # the commands that rate the place

#: Each method the core calls, by its owner, with the commands that call it.
CALLED = {
    ("Kind", "options"): EVERY,
    ("Kind", "option_of"): ["check"],  # lint: a criterion whose best answer stays below pass
    ("Kind", "current_value"): ["check", "score", "site", "advise", "diff", "migrate", "assess"],
    ("Kind", "former_value"): ["diff"],  # the earlier side reads the renames backwards
    ("Kind", "input_hint"): ["assess"],
    ("Kind", "prompt_lines"): ["assess"],
    ("Kind", "parse_typed"): ["assess"],
    ("Kind", "picks"): ["assess"],
    ("Kind", "best_value"): ["advise", "assess"],
    ("Kind", "least_value"): ["advise", "assess"],  # through least_value_from's default
    ("Kind", "least_value_from"): ["advise", "assess"],
    ("Kind", "max_credit"): ["check"],
    ("Kind", "untranslated"): ["check"],
    ("Kind", "config_value_schema"): ["schema"],
    ("Kind", "config_changes"): ["diff"],
    ("Kind", "chosen_options"): [*RATED, "check"],  # check runs each answer as rating does
    ("Scheme", "check_set"): EVERY,
    ("Scheme", "references"): EVERY,
    ("Scheme", "cannot_grade"): ["score-set", "assess"],
    ("Scheme", "grade_order"): RATED,
    ("Scheme", "is_lower"): ["diff"],
    ("Scheme", "advise"): ["advise", "assess"],
    ("Scheme", "is_best"): ["advise", "assess"],
    ("Scheme", "advice_heading"): ["assess"],
    ("Scheme", "lint"): ["check"],
    ("Scheme", "shown_percent"): RATED,
}

#: What each method returns that its contract does not allow, and the contract the line says.
NONSENSE = {
    ("Kind", "options"): ("return 42", "42", "return a sequence of Option"),
    ("Kind", "option_of"): ("return 'libre'", "'libre'", "return an Option, or None"),
    ("Kind", "input_hint"): ("return 42", "42", "return a text"),
    ("Kind", "prompt_lines"): ("return 'ligne'", "'ligne'", "return a sequence of texts"),
    ("Kind", "picks"): ("return 'all'", "'all'", "return 'one', 'several' or 'text'"),
    ("Kind", "max_credit"): ("return 2", "2", "return a Fraction from 0 to 1"),
    ("Kind", "untranslated"): ("return 42", "42", "return a sequence of texts"),
    ("Kind", "config_value_schema"): ("return 42", "42", "return a mapping"),
    ("Kind", "config_changes"): ("return ['credit']", "['credit']", "return a sequence of SettingChange"),
    # A long return is cut short: the line stays one line.
    ("Kind", "chosen_options"): (
        "return list(range(100))",
        "[0, 1, 2, 3, 4, 5, ...]",
        "return a sequence of texts",
    ),
    ("Scheme", "references"): ("return 42", "42", "return a sequence of Requirement"),
    ("Scheme", "cannot_grade"): ("return 42", "42", "return a text, or None"),
    ("Scheme", "grade_order"): ("return [1, 2]", "[1, 2]", "return a sequence of texts"),
    ("Scheme", "is_lower"): ("return 'oui'", "'oui'", "return True, False or None"),
    ("Scheme", "advise"): ("return 42", "42", "return an Advice, or None"),
    ("Scheme", "is_best"): ("return 'oui'", "'oui'", "return True or False"),
    ("Scheme", "advice_heading"): ("return 42", "42", "return a text"),
    ("Scheme", "shown_percent"): ("return 61.5", "61.5", "return a Fraction, an int, or None"),
}


def run(runner, plugin_env, tmp_path, owner, method, body, command):
    plugin_env.add("casse", PLUGIN.format(owner=owner, method=method, body=body))
    places, criteria = network(tmp_path)
    args = command_line(command, tmp_path, places, criteria)
    typed = "\n".join(TYPED) + "\n" if command == "assess" else None
    return runner.invoke(main, args, input=typed)


def said_once(result, line):
    """The command stopped on `line`, its last; nothing before it but the questionnaire's own text."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, RuntimeError | TypeError)
    *before, last = result.stderr.splitlines()
    assert last.startswith(line), last
    assert not any("is broken" in b for b in before)


def who(owner):
    return "answer kind 'choix-casse'" if owner == "Kind" else "rating scheme 'seuils-casses'"


def about(owner):
    return "criterion 'ca-" if owner == "Kind" else "set 'casses'"


@pytest.mark.parametrize(
    ("owner", "method", "command"),
    [(owner, method, command) for (owner, method), commands in CALLED.items() for command in commands],
)
def test_a_method_that_raises_is_named_by_every_command_that_calls_it(
    runner, plugin_env, tmp_path, owner, method, command
):
    result = run(runner, plugin_env, tmp_path, owner, method, "raise RuntimeError('boum')", command)
    called = "least_value_from" if method == "least_value" else method  # the default calls least_value
    said_once(
        result,
        f"tlcriteria: error: plugin 'casse' is broken: {who(owner)}: {called} raised RuntimeError: boum, "
        f"for {about(owner)}",
    )
    if command != "assess":
        assert result.stdout == ""
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("owner", "method", "command"),
    [(owner, method, command) for (owner, method) in NONSENSE for command in CALLED[owner, method][:2]],
)
def test_a_method_that_returns_what_its_contract_does_not_allow_is_named(
    runner, plugin_env, tmp_path, owner, method, command
):
    body, got, contract = NONSENSE[owner, method]
    result = run(runner, plugin_env, tmp_path, owner, method, body, command)
    said_once(
        result,
        f"tlcriteria: error: plugin 'casse' is broken: {who(owner)}: {method} returned {got} for {about(owner)}",
    )
    assert result.stderr.endswith(f" ({contract})\n")
    if command != "assess":
        assert result.stdout == ""


def test_the_questionnaire_keeps_the_answers_saved_before_the_mistake(runner, plugin_env, tmp_path):
    """The advice at the end fails: both answers were saved as they were given."""
    result = run(runner, plugin_env, tmp_path, "Scheme", "advice_heading", "raise KeyError('x')", "assess")
    said_once(
        result, "tlcriteria: error: plugin 'casse' is broken: rating scheme 'seuils-casses': advice_heading"
    )
    saved = (tmp_path / "nouveau.toml").read_text(encoding="utf-8")
    assert 'ca-acces = "payant"' in saved and 'ca-bonus = "peu"' in saved


def test_the_line_is_in_french_by_default(plugin_env, tmp_path):
    from click.testing import CliRunner

    result = run(CliRunner(), plugin_env, tmp_path, "Kind", "options", "return 42", "check")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "tlcriteria : erreur : le greffon 'casse' est en panne : le type de réponse 'choix-casse' : "
        "options a renvoyé 42 pour le critère 'ca-"
    )
    assert result.stderr.endswith(" (renvoyez une séquence d’Option)\n")


def test_the_built_ins_underneath_work_when_nothing_is_broken(runner, plugin_env, tmp_path):
    """The same network with a method no one calls: every command above succeeds."""
    plugin_env.add("casse", PLUGIN.format(owner="Kind", method="unused", body="pass"))
    places, criteria = network(tmp_path)
    for command in EVERY:
        args = command_line(command, tmp_path, places, criteria)
        typed = "\n".join(TYPED) + "\n" if command == "assess" else None
        result = runner.invoke(main, args, input=typed)
        assert result.exit_code == 0, (command, result.output)


@pytest.mark.parametrize(
    ("method", "body", "mistake"),
    [
        (
            "form_control",
            "raise RuntimeError('boum')",
            "form_control raised RuntimeError: boum, for criterion",
        ),
        ("form_control", "return 42", "form_control returned 42 for criterion"),
        (
            "value_of_options",
            "raise RuntimeError('boum')",
            "value_of_options raised RuntimeError: boum, for criterion",
        ),
        ("typed_text", "return 42", "typed_text returned 42 for criterion"),
        ("picks", "raise RuntimeError('boum')", "picks raised RuntimeError: boum, for criterion"),
    ],
)
def test_the_self_assessment_pages_engine_names_the_kind(plugin_env, tmp_path, method, body, mistake):
    """The site's page runs `tlcriteria.browser`: an option picked, then the form shown again."""
    from tlcriteria.browser import Assessment
    from tlcriteria.catalogue_loading import load_catalogue
    from tlcriteria.errors import PluginMistake
    from tlcriteria.i18n import set_language
    from tlcriteria.plugins import build_plugins
    from tlcriteria.registry import build_registry

    plugin_env.add("casse", PLUGIN.format(owner="Kind", method=method, body=body))
    _places, criteria = network(tmp_path)
    set_language("en")
    registry = build_registry(build_plugins())
    assessment = Assessment.new(registry, load_catalogue(registry, [criteria]).catalogue)
    assessment.identity("colleges", "1")
    with pytest.raises(PluginMistake) as raised:
        assessment.answer("ca-acces", None, ["payant"], False)
        assessment.state(False)
    assert raised.value.name == "choix-casse"
    assert str(raised.value).startswith(f"answer kind 'choix-casse': {mistake} 'ca-acces'")
