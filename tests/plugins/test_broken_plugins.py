"""A plugin that breaks is named with what it raised; the others carry on."""

from __future__ import annotations

import pytest

from tlcriteria.cli import main

from ..conftest import EXAMPLES
from .conftest import EXAMPLE_PLUGIN

DEMO = EXAMPLE_PLUGIN / "demo"

GOOD = """
    from tlcriteria import hookimpl
    from tlcriteria.formats.json_format import JsonFormat

    class Copy(JsonFormat):
        name = "json-copy"

    @hookimpl
    def tlcriteria_output_formats():
        return [Copy()]
"""


def plugin_line(output: str, name: str) -> str:
    return next(line for line in output.splitlines() if line.split()[:1] == [name])


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        (
            "import no_such_module_for_tlcriteria\n",
            "",
            "failed to load: ModuleNotFoundError: No module named 'no_such_module_for_tlcriteria'",
        ),
        (
            "raise RuntimeError('the plugin cannot start')\n",
            "",
            "failed to load: RuntimeError: the plugin cannot start",
        ),
        ("x = 1\n", ":missing", "failed to load: AttributeError"),
        (
            """
            from tlcriteria import hookimpl

            @hookimpl
            def tlcriteria_answer_kinds():
                raise ValueError("kinds are not ready")
            """,
            "",
            "tlcriteria_answer_kinds raised ValueError: kinds are not ready",
        ),
        (
            """
            from tlcriteria import hookimpl

            @hookimpl
            def tlcriteria_output_format():
                return []
            """,
            "",
            "implements unknown hook tlcriteria_output_format (did you mean tlcriteria_output_formats?)",
        ),
        (
            """
            from tlcriteria import hookimpl

            @hookimpl
            def tlcriteria_rating_schemes():
                return ["thresholds"]
            """,
            "",
            "tlcriteria_rating_schemes returned 'thresholds', not a named RatingScheme",
        ),
        (
            """
            from tlcriteria import hookimpl
            from tlcriteria.formats.json_format import JsonFormat

            class Copy(JsonFormat):
                name = "json-bis"

            @hookimpl
            def tlcriteria_output_formats():
                return [Copy]
            """,
            "",
            "tlcriteria_output_formats returned the class Copy, not an object of it (return Copy())",
        ),
        (
            """
            from tlcriteria import hookimpl

            @hookimpl
            def tlcriteria_criteria_sets():
                return 42
            """,
            "",
            "tlcriteria_criteria_sets did not return a list",
        ),
        (
            # A string is iterable: it must not be read letter by letter.
            """
            from tlcriteria import hookimpl

            @hookimpl
            def tlcriteria_criteria_sets():
                return "my-set.toml"
            """,
            "",
            "tlcriteria_criteria_sets did not return a list",
        ),
        (
            """
            from tlcriteria import hookimpl
            from tlcriteria.kinds.yes_no import YesNo

            @hookimpl
            def tlcriteria_answer_kinds():
                return {"oui-non": YesNo()}
            """,
            "",
            "tlcriteria_answer_kinds did not return a list",
        ),
        (
            # Read letter by letter, "json" would take any file ending in "n" (`-o data.bin`).
            """
            from tlcriteria import hookimpl
            from tlcriteria.formats.json_format import JsonFormat

            class Copy(JsonFormat):
                name = "json-bis"
                extensions = "json"

            @hookimpl
            def tlcriteria_output_formats():
                return [Copy()]
            """,
            "",
            "output format 'json-bis' has extensions = 'json' (give a tuple of extensions, each with its dot: "
            "('.json',))",
        ),
        (
            """
            from tlcriteria import hookimpl
            from tlcriteria.formats.json_format import JsonFormat

            class Copy(JsonFormat):
                name = "json-bis"
                commands = "score publish"

            @hookimpl
            def tlcriteria_output_formats():
                return [Copy()]
            """,
            "",
            "output format 'json-bis' has commands = 'score publish' (give a set of command names: "
            "frozenset({'score', 'publish'}))",
        ),
    ],
    ids=[
        "import-error",
        "raises-on-import",
        "missing-object",
        "hook-raises",
        "misspelt-hook",
        "wrong-type",
        "a-class",
        "not-a-list",
        "a-string",
        "a-dict",
        "extensions-a-string",
        "commands-a-string",
    ],
)
def test_broken_plugin_is_named_and_listed_while_the_others_work(
    runner, plugin_env, source, target, expected
):
    plugin_env.add("good", GOOD)
    plugin_env.add("broken", source, target=target)

    listing = runner.invoke(main, ["plugins"])
    assert listing.exit_code == 0, listing.output
    assert "BROKEN: " + expected in plugin_line(listing.stdout, "broken")
    good = plugin_line(listing.stdout, "good")
    assert " ok " in good and "output format json-copy" in good
    assert "tlcriteria.kinds.yes_no" in listing.stdout
    assert f"tlcriteria: error: plugin 'broken' is broken: {expected}" in listing.stderr

    # Other commands report it once, on stderr, and work with the rest.
    result = runner.invoke(
        main,
        [
            "score",
            str(EXAMPLES / "places"),
            "--criteria",
            str(EXAMPLES / "criteria"),
            "--format",
            "json-copy",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.count("plugin 'broken' is broken") == 1
    assert result.stdout.startswith("[")
    assert "Traceback" not in result.output


def test_a_broken_plugin_contributes_nothing_even_from_its_working_hooks(runner, plugin_env):
    plugin_env.add(
        "half",
        """
        from tlcriteria import hookimpl
        from tlcriteria.formats.json_format import JsonFormat

        class Half(JsonFormat):
            name = "half"

        @hookimpl
        def tlcriteria_output_formats():
            return [Half()]

        @hookimpl
        def tlcriteria_answer_kinds():
            raise KeyError("oops")
        """,
    )
    result = runner.invoke(main, ["score", str(EXAMPLE_PLUGIN / "demo"), "--format", "half"])
    assert result.exit_code == 1
    assert "tlcriteria_answer_kinds raised KeyError: 'oops'" in result.stderr
    assert "unknown format 'half'" in result.stderr


def test_two_plugins_registering_one_name_is_an_error_naming_both(runner, plugin_env):
    plugin_env.add("first", GOOD)
    plugin_env.add("second", GOOD)
    result = runner.invoke(main, ["plugins"])
    assert result.exit_code == 0
    assert (
        "output format 'json-copy' is registered by both plugin 'first' and plugin 'second'" in result.stderr
    )


def test_disable_plugin_option_skips_a_broken_plugin(runner, plugin_env):
    plugin_env.add("broken", "raise RuntimeError('boom')\n")
    result = runner.invoke(main, ["--disable-plugin", "broken", "plugins"])
    assert result.exit_code == 0
    assert "disabled" in plugin_line(result.stdout, "broken")
    assert "boom" not in result.output


def test_disable_plugins_environment_variable(runner, plugin_env, monkeypatch):
    plugin_env.add("broken", "raise RuntimeError('boom')\n")
    plugin_env.add("good", GOOD)
    monkeypatch.setenv("TLCRITERIA_DISABLE_PLUGINS", "broken, good")
    result = runner.invoke(main, ["plugins"])
    assert result.exit_code == 0
    assert "disabled" in plugin_line(result.stdout, "broken")
    assert "disabled" in plugin_line(result.stdout, "good")
    assert "boom" not in result.output


def test_a_disabled_plugin_provides_nothing(runner, example_plugin):
    result = runner.invoke(main, ["--disable-plugin", "example", "score", str(DEMO), "--format", "shields"])
    assert result.exit_code == 1
    assert "unknown format 'shields'" in result.stderr


def test_built_in_plugins_can_be_disabled_too(runner):
    result = runner.invoke(main, ["--disable-plugin", "tlcriteria.formats.table", "plugins"])
    assert "disabled" in plugin_line(result.stdout, "tlcriteria.formats.table")


def test_disabling_an_unknown_plugin_is_a_warning_with_a_suggestion(runner, example_plugin):
    result = runner.invoke(main, ["--disable-plugin", "exemple", "sets"])
    assert result.exit_code == 0
    assert (
        "tlcriteria: warning: cannot disable plugin 'exemple': no plugin has that name "
        "(did you mean example?)" in result.stderr
    )
    assert "repair-cafe" in result.stdout


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("raise RuntimeError('render is broken')", "format 'bad' failed: RuntimeError: render is broken"),
        ("return 42", "format 'bad' failed: render returned int, not text (return a str or bytes)"),
    ],
    ids=["raises", "not-text"],
)
@pytest.mark.parametrize("command", ["score", "publish"])
def test_a_plugin_format_that_fails_is_one_line_naming_it(runner, plugin_env, command, body, expected):
    plugin_env.add(
        "badformat",
        f"""
        from tlcriteria import hookimpl
        from tlcriteria.interfaces import OutputFormat

        class Bad(OutputFormat):
            name = "bad"

            def render(self, context):
                {body}

        @hookimpl
        def tlcriteria_output_formats():
            return [Bad()]
        """,
    )
    result = runner.invoke(
        main,
        [command, str(EXAMPLES / "places"), "--criteria", str(EXAMPLES / "criteria"), "--format", "bad"],
    )
    assert result.exit_code == 1, result.output
    assert result.stderr == f"tlcriteria: error: {expected}\n"
    assert result.stdout == ""


SHOW_RAISES = """
    from fractions import Fraction

    from tlcriteria import hookimpl
    from tlcriteria.interfaces import AnswerKind

    class Count(AnswerKind):
        name = "count"

        def check_value(self, config, value):
            return None if isinstance(value, int) else ("expected a whole number", "write 0 or 1")

        def credit(self, config, value):
            return Fraction(min(value, 1))

        def best_value(self, config):
            return 1

        def show_value(self, config, value):
            raise ValueError("show_value is broken")

    @hookimpl
    def tlcriteria_answer_kinds():
        return [Count()]
"""

COUNT_SET = """\
[set]
id = "comptes"
title = "Comptes"
version = "1"
college = "comptes"

[[criteria]]
id = "cp-ateliers"
title = "Ateliers"
question = "Combien d'ateliers ?"
kind = "count"

[[grades]]
grade = "A"
min_percent = 100

[[grades]]
grade = "B"
"""

COUNT_PLACE = """\
[place]
id = "le-compteur"
name = "Le Compteur"
town = "Rodez"
stage = "existing"
colleges = ["comptes"]

[answers]
cp-ateliers = 0
"""


def test_a_kind_whose_show_value_raises_shows_the_value_as_written(runner, plugin_env, tmp_path):
    plugin_env.add("showraises", SHOW_RAISES)
    (tmp_path / "criteria").mkdir()
    (tmp_path / "criteria" / "comptes.toml").write_text(COUNT_SET, encoding="utf-8")
    (tmp_path / "places").mkdir()
    place = tmp_path / "places" / "le-compteur.toml"
    place.write_text(COUNT_PLACE, encoding="utf-8")
    criteria = ["--criteria", str(tmp_path / "criteria")]
    advice = runner.invoke(main, ["advise", str(tmp_path / "places"), *criteria])
    # The reviewer is a place of the network too.
    neighbour = COUNT_PLACE.replace('id = "le-compteur"', 'id = "le-voisin"')
    (tmp_path / "places" / "le-voisin.toml").write_text(neighbour, encoding="utf-8")
    assert advice.exit_code == 0 and advice.exception is None, advice.output
    assert "Le Compteur  comptes  B      A     Ateliers: 1" in advice.stdout

    review = runner.invoke(
        main,
        ["review", str(place), "--as", "le-voisin", *criteria, "-o", str(tmp_path / "r.toml")],
        input="q\n",
    )
    assert review.exit_code == 0 and review.exception is None, review.output
    assert "  Answer: 0\n" in review.stdout
