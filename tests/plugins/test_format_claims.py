"""What a plugin format claims: an extension another format has too, and the languages it writes.

Two formats of one command with the same extension: a warning naming both (as two
formats of one name are reported), and `-o FILE` with that extension asks for
--format instead of choosing the built-in silently. A format declares no language
by default: `--lang en` then says nothing of French.
"""

from __future__ import annotations

import json

from tlcriteria.cli import main

from ..conftest import EXAMPLES

PLACES = str(EXAMPLES / "places")
CRITERIA = str(EXAMPLES / "criteria")

#: A plugin format in the manner of docs/plugins.md's `Shields`: JSON without a word of French.
TEXT_FORMAT = """
from tlcriteria import hookimpl
from tlcriteria.interfaces import OutputFormat


class Count(OutputFormat):
    name = "compte"
    extensions = ({extensions})
    commands = frozenset({{"score", "publish"}})
    {languages}

    def render(self, context):
        return '{{"ratings": %d}}' % len(context.ratings)


@hookimpl
def tlcriteria_output_formats():
    return [Count()]
"""

WARNING = (
    "tlcriteria: warning: output formats 'compte' (plugin 'compte') and 'table' (plugin "
    "'tlcriteria.formats.table') both claim the extension '.txt': -o FILE.txt needs --format (or disable "
    "one plugin with --disable-plugin)"
)


def install(plugin_env, extensions: str = '".txt",', languages: str = "") -> None:
    plugin_env.add("compte", TEXT_FORMAT.format(extensions=extensions, languages=languages))


def test_an_extension_two_formats_claim_is_reported_and_chooses_neither(runner, plugin_env, tmp_path):
    install(plugin_env)
    out = tmp_path / "j.txt"
    for command in ("publish", "score"):
        result = runner.invoke(main, [command, PLACES, "--criteria", CRITERIA, "-o", str(out)])
        assert result.exit_code == 1 and not out.exists(), result.output
        assert result.stderr.splitlines() == [
            WARNING,
            f"tlcriteria: error: cannot tell the format from {str(out)!r}: formats 'compte', 'table' write it; "
            "give --format",
        ]


def test_format_chooses_among_them(runner, plugin_env, tmp_path):
    install(plugin_env)
    out = tmp_path / "j.txt"
    result = runner.invoke(
        main, ["publish", PLACES, "--criteria", CRITERIA, "--format", "compte", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == {"ratings": 4}
    table = runner.invoke(
        main, ["publish", PLACES, "--criteria", CRITERIA, "--format", "table", "-o", str(out)]
    )
    assert table.exit_code == 0 and not out.read_text(encoding="utf-8").startswith("{")
    assert table.stderr.splitlines() == [WARNING]


def test_the_clash_is_said_once_by_plugins_and_in_french(runner, plugin_env):
    install(plugin_env)
    listed = runner.invoke(main, ["plugins"])
    assert listed.exit_code == 0 and listed.stderr.splitlines() == [WARNING]
    french = runner.invoke(main, ["--lang", "fr", "plugins"])
    assert french.stderr.splitlines() == [
        "tlcriteria : attention : les formats de sortie 'compte' (greffon 'compte') et 'table' (greffon "
        "'tlcriteria.formats.table') revendiquent tous deux l’extension '.txt' : -o FICHIER.txt demande "
        "--format (ou désactivez un des greffons avec --disable-plugin)"
    ]


def test_a_longer_extension_of_its_own_is_no_clash(runner, plugin_env, tmp_path):
    install(plugin_env, '".compte.txt",')
    out = tmp_path / "j.compte.txt"
    result = runner.invoke(main, ["score", PLACES, "--criteria", CRITERIA, "-o", str(out)])
    assert result.exit_code == 0 and result.stderr == "", result.output
    assert json.loads(out.read_text(encoding="utf-8")) == {"ratings": 4}


def test_disabling_the_builtin_lets_the_plugin_have_the_extension(runner, plugin_env, tmp_path):
    install(plugin_env)
    out = tmp_path / "j.txt"
    result = runner.invoke(
        main,
        [
            "--disable-plugin",
            "tlcriteria.formats.table",
            "score",
            PLACES,
            "--criteria",
            CRITERIA,
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0 and result.stderr == "", result.output
    assert json.loads(out.read_text(encoding="utf-8")) == {"ratings": 4}


def test_a_format_without_languages_gets_no_french_notice(runner, plugin_env):
    install(plugin_env, '".compte",')
    for command in ("score", "publish"):
        result = runner.invoke(
            main, ["--lang", "en", command, PLACES, "--criteria", CRITERIA, "--format", "compte"]
        )
        assert result.exit_code == 0, result.output
        assert result.stderr == "" and result.stdout == '{"ratings": 4}'


def test_a_format_declaring_french_gets_the_notice(runner, plugin_env):
    install(plugin_env, '".compte",', 'languages = frozenset({"fr"})')
    result = runner.invoke(
        main, ["--lang", "en", "score", PLACES, "--criteria", CRITERIA, "--format", "compte"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "tlcriteria: notice: format 'compte' is written in French only: --lang en changes the messages, "
        "not the output\n"
    )


def test_the_example_plugins_badges_get_no_notice(runner, example_plugin):
    """docs/plugins.md's shields.io format writes JSON for badges: no French in it to warn of."""
    from .conftest import EXAMPLE_PLUGIN

    result = runner.invoke(
        main, ["--lang", "en", "score", str(EXAMPLE_PLUGIN / "demo"), "--format", "shields"]
    )
    assert result.exit_code == 0, result.output
    assert "notice" not in result.stderr
