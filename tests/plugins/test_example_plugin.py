"""The example third-party plugin of docs/plugins.md, installed and used from the CLI."""

from __future__ import annotations

import json
import re

from tlcriteria.cli import main

from .conftest import EXAMPLE_PLUGIN, REPO

DEMO = EXAMPLE_PLUGIN / "demo"


def test_plugins_lists_the_example_with_what_it_provides(runner, example_plugin):
    result = runner.invoke(main, ["plugins"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if line.startswith("example "))
    assert "tlcriteria-example" in line and "1.0.0" in line and " ok " in line
    for provided in (
        "answer kind percentage",
        "rating scheme tiers",
        "output format shields",
        "set file repair-cafe.toml",
    ):
        assert provided in line


def test_sets_lists_the_example_set_with_its_scheme(runner, example_plugin):
    result = runner.invoke(main, ["sets"])
    assert result.exit_code == 0, result.output
    row = next(line.split() for line in result.stdout.splitlines() if line.startswith("repair-cafe "))
    assert row == ["repair-cafe", "1.0", "repair-cafe", "tiers", "3", "plugin", "example"]


def test_check_accepts_places_answering_the_new_kind(runner, example_plugin):
    result = runner.invoke(main, ["check", str(DEMO)])
    assert result.exit_code == 0, result.output
    assert "ok: 3 place file(s) checked against 1 criteria set(s), no problem found" in result.stdout


def test_score_with_the_new_scheme_and_format(runner, example_plugin):
    result = runner.invoke(main, ["score", str(DEMO), "--format", "shields"])
    assert result.exit_code == 0, result.output
    badges = json.loads(result.stdout)
    assert {key: badge["message"] for key, badge in badges.items()} == {
        "le-repair-cafe-fictif/repair-cafe": "gold",
        "l-atelier-des-vis-imaginaires/repair-cafe": "silver",
        "la-ressourcerie-inventee/repair-cafe": "not-passing",
    }
    for badge in badges.values():
        assert badge["schemaVersion"] == 1 and badge["label"] == "repair-cafe 1.0"
        assert re.fullmatch(r"[0-9a-f]{6}|[a-z]+", badge["color"])


def test_summary_counts_a_plugin_schemes_grades_in_its_order(runner, example_plugin):
    """The tiers scheme's grades come best first (its grade_order), not alphabetically."""
    for command in ("score", "publish"):
        result = runner.invoke(main, [command, str(DEMO), "--format", "summary"])
        assert result.exit_code == 0, result.output
        assert "gold: 1, silver: 1, not-passing: 1" in result.stdout, (command, result.stdout)


def test_the_new_kind_credits_against_its_target(runner, example_plugin):
    result = runner.invoke(main, ["score", str(DEMO), "--format", "json"])
    assert result.exit_code == 0, result.output
    records = {r["place"]: r for r in json.loads(result.stdout)}
    credits = {c["id"]: c["credit"] for c in records["l-atelier-des-vis-imaginaires"]["criteria"]}
    assert credits["rc-taux-reparation"] == 0.5  # 30 % against a target of 60 %
    assert records["le-repair-cafe-fictif"]["percent"] == 96.0
    assert records["la-ressourcerie-inventee"]["must_failed"] == ["rc-ouverture"]


def test_output_file_extension_selects_the_plugin_format(runner, example_plugin, tmp_path):
    out = tmp_path / "badges.shields.json"
    result = runner.invoke(main, ["score", str(DEMO), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (
        json.loads(out.read_text(encoding="utf-8"))["le-repair-cafe-fictif/repair-cafe"]["message"] == "gold"
    )


def test_a_wrong_answer_to_the_new_kind_is_a_located_error(runner, example_plugin, tmp_path):
    place = tmp_path / "place.toml"
    text = (DEMO / "le-repair-cafe-fictif.toml").read_text(encoding="utf-8")
    place.write_text(
        text.replace("rc-taux-reparation = 72.5", 'rc-taux-reparation = "72 %"'), encoding="utf-8"
    )
    result = runner.invoke(main, ["score", str(place)])
    assert result.exit_code == 1
    assert f"{place}: line 11, [answers] rc-taux-reparation: expected a percentage" in result.stderr
    assert "Traceback" not in result.output


def test_the_new_scheme_checks_the_sets_that_use_it(runner, example_plugin, tmp_path):
    (tmp_path / "bad.toml").write_text(
        '[set]\nid = "bad-tiers"\ntitle = "Paliers sans must"\nversion = "1"\nscheme = "tiers"\n\n'
        '[[criteria]]\nid = "bt-un"\ntitle = "Un"\nquestion = "Un ?"\nkind = "percentage"\n\n'
        '[[grades]]\ngrade = "A"\n',
        encoding="utf-8",
    )
    result = runner.invoke(main, ["check", str(tmp_path / "bad.toml")])
    assert result.exit_code == 1
    assert (
        "scheme 'tiers' decides gold, silver and passing itself (remove the [[grades]] tables)"
        in result.stderr
    )
    assert "needs at least one criterion with level" in result.stderr


def test_without_the_plugin_its_places_are_rated_for_nothing_and_their_answers_kept(runner, example_plugin):
    result = runner.invoke(main, ["--disable-plugin", "example", "check", str(DEMO)])
    assert result.exit_code == 1
    # Its places name only its college: each is an error of its file, rated for nothing.
    assert "the only college the place names: it would be rated for none" in result.stderr
    # Their answers may be its set's criteria: warnings naming the plugin, never « remove this answer ».
    assert "its answers to 'rc-" in result.stderr and "are kept, unrated" in result.stderr
    assert "plugin 'example' is disabled or broken" in result.stderr
    assert "no criteria set defines a criterion 'rc-ouverture'" not in result.stderr


def test_the_guide_shows_the_plugin_source_as_it_is():
    """docs/plugins.md quotes the example's pyproject and module whole: they must not drift."""
    guide = (REPO / "docs" / "plugins.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:python|toml)\n(.*?)```", guide, flags=re.S)
    for path in (
        EXAMPLE_PLUGIN / "pyproject.toml",
        EXAMPLE_PLUGIN / "src" / "tlcriteria_example" / "__init__.py",
    ):
        assert path.read_text(encoding="utf-8") in blocks, f"docs/plugins.md does not quote {path.name} whole"


def test_a_refused_key_of_the_new_kind_is_located_and_parse_config_never_sees_it(
    runner, example_plugin, tmp_path
):
    # The example's parse_config reads values["target"], as a plugin may: a target the
    # Field refuses (exclusive_minimum = 0) must be reported, not end in a KeyError.
    (tmp_path / "zero.toml").write_text(
        '[set]\nid = "zero-target"\ntitle = "Cible nulle"\nversion = "1"\nscheme = "tiers"\n\n'
        '[[criteria]]\nid = "zt-un"\ntitle = "Un"\nquestion = "Un ?"\nkind = "percentage"\n'
        'level = "must"\ntarget = 0\n',
        encoding="utf-8",
    )
    result = runner.invoke(main, ["check", str(tmp_path / "zero.toml")])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f'{tmp_path / "zero.toml"}: line 13, [[criteria]] #1 "zt-un", target: 0 is out of range'
    )
    assert isinstance(result.exception, SystemExit), result.exception


def fr_runner():
    """The program's default language, whatever the machine's locale."""
    from click.testing import CliRunner

    return CliRunner(env={"LANGUAGE": "fr"})


def test_the_new_kind_says_a_wrong_answer_in_the_members_language(runner, example_plugin, tmp_path):
    place = tmp_path / "place.toml"
    text = (DEMO / "l-atelier-des-vis-imaginaires.toml").read_text(encoding="utf-8")
    place.write_text(
        text.replace("rc-benevoles-formes = 100", "rc-benevoles-formes = 150").replace(
            "rc-taux-reparation = 30", 'rc-taux-reparation = "quatre"'
        ),
        encoding="utf-8",
    )
    french = fr_runner().invoke(main, ["check", str(place)])
    assert french.exit_code == 1
    assert "150 n’est pas entre 0 et 100 (écrivez un nombre de 0 à 100)" in french.stderr
    assert "il faut un pourcentage, pas le texte 'quatre' (écrivez un nombre de 0 à 100, sans %)" in (
        french.stderr
    )
    english = runner.invoke(main, ["--lang", "en", "check", str(place)])
    assert (
        "rc-benevoles-formes: 150 is not between 0 and 100 (write a number from 0 to 100)" in english.stderr
    )
    assert "expected a percentage, found text 'quatre'" in english.stderr
    assert "is not between" not in french.stderr and "expected" not in french.stderr


def test_the_new_kind_names_a_wrong_value_as_the_built_ins_do(example_plugin, tmp_path):
    """`fields.describe`, as the guide says: never a Python repr (FrozenList, Decimal, True)."""
    place = tmp_path / "place.toml"
    text = (DEMO / "l-atelier-des-vis-imaginaires.toml").read_text(encoding="utf-8")
    place.write_text(
        text.replace("rc-taux-reparation = 30", 'rc-taux-reparation = ["72"]').replace(
            "rc-benevoles-formes = 100", "rc-benevoles-formes = true"
        ),
        encoding="utf-8",
    )
    french = fr_runner().invoke(main, ["check", str(place)])
    assert "rc-taux-reparation: il faut un pourcentage, pas une liste (" in french.stderr
    assert "rc-benevoles-formes: il faut un pourcentage, pas true (" in french.stderr
    assert "FrozenList" not in french.stderr and "True" not in french.stderr


def test_the_new_scheme_says_a_sets_mistake_in_the_members_language(example_plugin, tmp_path):
    (tmp_path / "bad.toml").write_text(
        '[set]\nid = "bad-tiers"\ntitle = "Paliers"\nversion = "1"\nscheme = "tiers"\n\n'
        '[[criteria]]\nid = "bt-un"\ntitle = "Un"\nquestion = "Un ?"\nkind = "percentage"\nlevel = "must"\n\n'
        '[[grades]]\ngrade = "A"\n',
        encoding="utf-8",
    )
    result = fr_runner().invoke(main, ["check", str(tmp_path / "bad.toml")])
    assert result.exit_code == 1
    assert "le schéma 'tiers' décide lui-même de gold, silver et passing (retirez les tables [[grades]])" in (
        result.stderr
    )


def test_the_new_kind_shows_an_answer_as_the_sites_language_writes_numbers(example_plugin, tmp_path):
    for lang, shown_answer in (("fr", "72,5 %"), ("en", "72.5%")):
        target = tmp_path / lang
        result = fr_runner().invoke(
            main,
            [
                "--lang",
                lang,
                "publish",
                str(DEMO),
                "--format",
                "site",
                "--date",
                "2026-12-01",
                "-o",
                str(target),
            ],
        )
        assert result.exit_code == 0, result.output
        page = (target / "lieux" / "le-repair-cafe-fictif" / "index.html").read_text(encoding="utf-8")
        assert f"<td>{shown_answer}</td>" in page, lang


def test_tab_completion_offers_the_plugins_format_and_set(example_plugin):
    from ..test_completion import completed

    assert "shields" in completed("tlcriteria score --format ")
    assert completed("tlcriteria publish --format sh") == ["shields"]
    assert completed("tlcriteria score --set r") == ["repair-cafe"]
    assert completed("tlcriteria --disable-plugin example score --format sh") == []


def test_the_place_schema_lists_the_plugins_criteria_without_criteria_folders(runner, example_plugin):
    """A member with only plugins installed gets their criteria in [answers] (completion, checks)."""
    result = runner.invoke(main, ["schema", "--kind", "place"])
    assert result.exit_code == 0, result.output
    answers = json.loads(result.stdout)["properties"]["answers"]
    assert sorted(answers["properties"]) == ["rc-benevoles-formes", "rc-ouverture", "rc-taux-reparation"]
    assert answers["additionalProperties"] is False
    disabled = runner.invoke(main, ["--disable-plugin", "example", "schema", "--kind", "place"])
    assert "properties" not in json.loads(disabled.stdout)["properties"]["answers"]  # generic


def test_the_badges_name_the_plugins_college_as_its_pages_do(example_plugin, tmp_path):
    """A plugin's college gets what a built-in's gets: its badges say the set's title, as the
    site's pages name it (the English site: « repair-cafe college », its set having no title_en)."""
    import xml.etree.ElementTree as ET

    import html5lib

    svg = "{http://www.w3.org/2000/svg}"
    for lang in ("fr", "en"):
        target = tmp_path / lang
        args = ["--lang", lang, "publish", str(DEMO), "--format", "site", "--date", "2026-12-01"]
        result = fr_runner().invoke(main, [*args, "--network", "Réseau", "-o", str(target)])
        assert result.exit_code == 0, result.output
        page = html5lib.parse(
            (target / "colleges" / "repair-cafe" / "index.html").read_text(encoding="utf-8"),
            namespaceHTMLElements=False,
        )
        title = "".join(page.find(".//h1").itertext())
        assert title == (
            "Collège repair cafés (exemple de plugin)" if lang == "fr" else "repair-cafe college"
        )
        badges = sorted((target / "badges").glob("*-repair-cafe.svg"))  # by the college's id
        assert len(badges) == 3
        for badge in badges:
            root = ET.fromstring(badge.read_text(encoding="utf-8"))
            left, grade = (t.text for t in root.iter(f"{svg}text"))
            assert left == f"Réseau · {title}"
            said = f"Réseau, {title} : note {grade}" if lang == "fr" else f"Réseau, {title}: grade {grade}"
            assert root.get("aria-label") == said
