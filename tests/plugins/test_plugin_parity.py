"""A plugin gets what a built-in gets, following docs/plugins.md and docs/publishing.md literally:
a folder format offered where it works, a kind's options shown by their labels, the trust
columns of a table, `check` saying what rating says, hints that fit, advice naming the grade
its changes reach."""

from __future__ import annotations

import json
import re
import shutil
import tomllib

import tomli_w
from click.testing import CliRunner

from tlcriteria.cli import main
from tlcriteria.interfaces import DirectoryFormat, OutputFormat

from .conftest import REPO

EXAMPLE = REPO / "examples" / "normandie"

KINDS = """
    from fractions import Fraction
    from pathlib import Path

    from tlcriteria import hookimpl
    from tlcriteria.interfaces import PICK_ONE, AnswerKind, DirectoryFormat, Picks
    from tlcriteria.model import Option

    STATES = (
        Option("bon", "Bon état", Fraction(1), texts={"label_en": "Good"}),
        Option("moyen", "État moyen", Fraction(1, 2), texts={"label_en": "Fair"}),
        Option("mauvais", "Mauvais état", Fraction(0), texts={"label_en": "Poor"}),
    )


    class State(AnswerKind):
        name = "etat"

        def options(self, config):
            return STATES

        def picks(self, config) -> Picks:
            return PICK_ONE

        def check_value(self, config, value):
            return None if value in [o.id for o in STATES] else ("pas un état", "bon, moyen ou mauvais")

        def credit(self, config, value):
            return next(o.credit for o in STATES if o.id == value)


    class Ratio(AnswerKind):
        name = "ratio"

        def check_value(self, config, value):
            return None if isinstance(value, int) and 0 <= value <= 10 else ("pas de 0 à 10", "0 à 10")

        def credit(self, config, value):
            return {credit}


    class Sheets(DirectoryFormat):
        name = "fiches"
        description = "une fiche par lieu"

        def write_directory(self, context, folder: Path) -> None:
            for rating in context.ratings:
                (folder / f"{rating.place.id}.txt").write_text(f"{rating.grade}\\n", encoding="utf-8")


    @hookimpl
    def tlcriteria_answer_kinds():
        return [State(), Ratio()]


    @hookimpl
    def tlcriteria_output_formats():
        return [Sheets()]
"""

EXACT = "min(Fraction(value, 10), Fraction(1))"
FLOAT = "min(value / 10, 1)  # a float, as the review's plugin wrote it"


def kinds(credit: str) -> str:
    """The plugin, its ratio's `credit` returning `credit`."""
    return KINDS.replace("{credit}", credit)


SET = """\
[set]
id = "ressourcerie"
title = "Collège ressourceries"
title_en = "Resource centres"
version = "1.0"
college = "ressourcerie"

[[criteria]]
id = "rs-etat"
title = "État du local"
title_en = "State of the premises"
question = "Dans quel état est le local ?"
question_en = "What state are the premises in?"
weight = 2
kind = "etat"

[[criteria]]
id = "rs-ratio"
title = "Bénévoles"
title_en = "Volunteers"
question = "Combien de bénévoles sur 10 ?"
question_en = "How many volunteers out of 10?"
weight = 1
kind = "ratio"

[[grades]]
grade = "A"
min_percent = 80

[[grades]]
grade = "B"
min_percent = 0
"""

PLACE = """\
[place]
id = "{id}"
name = "{name}"
town = "Caen"
stage = "existing"
colleges = ["{college}"]

[answers]
{answers}
"""


def network(tmp_path, set_text=SET):
    criteria = tmp_path / "criteria"
    criteria.mkdir()
    (criteria / "ressourcerie.toml").write_text(set_text, encoding="utf-8")
    places = tmp_path / "rs"
    places.mkdir()
    (places / "recyclerie.toml").write_text(
        PLACE.format(
            id="la-recyclerie",
            name="La Recyclerie",
            college="ressourcerie",
            answers='rs-etat = "moyen"\nrs-ratio = 8',
        ),
        encoding="utf-8",
    )
    return places, criteria


# ----------------------------------------------------------------------------- 1. folder formats


def test_a_folder_format_serves_publish_by_default():
    class Sheets(DirectoryFormat):
        name = "sheets"

        def write_directory(self, context, folder):
            pass

    class Written(OutputFormat):  # a folder format that does not subclass DirectoryFormat
        name = "written"
        writes_directory = True

        def render(self, context):
            return ""

    class Said(DirectoryFormat):
        name = "said"
        commands = frozenset({"publish", "export"})

        def write_directory(self, context, folder):
            pass

    assert Sheets.commands == Written.commands == frozenset({"publish"})
    assert Said.commands == frozenset({"publish", "export"})
    assert OutputFormat.commands == frozenset({"score", "publish"})


def test_score_does_not_offer_a_plugins_folder_format_and_publish_writes_it(runner, plugin_env, tmp_path):
    plugin_env.add("parite", kinds(EXACT))
    places, criteria = network(tmp_path)
    result = runner.invoke(main, ["score", str(places), "--criteria", str(criteria), "--format", "fiches"])
    assert result.exit_code != 0
    assert "unknown format 'fiches'" in result.stderr and "TypeError" not in result.output
    folder = tmp_path / "fiches"
    result = runner.invoke(
        main, ["publish", str(places), "--criteria", str(criteria), "--format", "fiches", "-o", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert (folder / "la-recyclerie.txt").read_text(encoding="utf-8") == "B\n"


# ----------------------------------------------------------------------------- 5. check's guards


def test_check_stops_on_a_kinds_float_credit_as_score_does(runner, plugin_env, tmp_path):
    plugin_env.add("parite", kinds(FLOAT))
    places, criteria = network(tmp_path)
    line = (
        "tlcriteria: error: plugin 'parite' is broken: answer kind 'ratio' gave the credit 0.8 "
        "to the answer 8 of criterion 'rs-ratio' (a credit is a Fraction from 0 to 1)"
    )
    for args in (["check", str(criteria), str(places)], ["score", str(places), "--criteria", str(criteria)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.splitlines()[-1] == line, args
        assert "no problem found" not in result.output and "Traceback" not in result.output
    french = CliRunner().invoke(main, ["check", str(criteria), str(places)])
    assert "le greffon 'parite' est en panne" in french.stderr and "aucun problème" not in french.output


def test_check_says_nothing_more_of_a_kind_that_keeps_its_contract(runner, plugin_env, tmp_path):
    plugin_env.add("parite", kinds(EXACT))
    places, criteria = network(tmp_path)
    result = runner.invoke(main, ["check", str(criteria), str(places)])
    assert result.exit_code == 0, result.output
    assert "no problem found" in result.stdout


# ----------------------------------------------------------------------------- 6. options' labels


def test_a_plugin_kinds_options_are_shown_by_their_labels_everywhere(runner, plugin_env, tmp_path):
    plugin_env.add("parite", kinds(EXACT))
    places, criteria = network(tmp_path)
    english = runner.invoke(main, ["--lang", "en", "advise", str(places), "--criteria", str(criteria)])
    assert english.exit_code == 0, english.output
    assert "State of the premises: Good" in english.stdout and ": bon" not in english.stdout
    french = CliRunner().invoke(main, ["advise", str(places), "--criteria", str(criteria)])
    assert "État du local : Bon état" in french.stdout
    table = runner.invoke(main, ["publish", str(places), "--criteria", str(criteria), "-f", "html"])
    assert "État moyen" in table.stdout, table.output
    site = tmp_path / "site"
    published = runner.invoke(
        main, ["publish", str(places), "--criteria", str(criteria), "-f", "site", "-o", str(site)]
    )
    assert published.exit_code == 0, published.output
    pages = [p.read_text(encoding="utf-8") for p in (site / "lieux" / "la-recyclerie").rglob("*.html")]
    shown = {label for page in pages for label in ("État moyen", "Fair", ">moyen<") if label in page}
    assert shown == {"Fair"}  # the site follows the language of messages: English here


# ----------------------------------------------------------------------------- 4. the hint


SHIPS_SET = """
    @hookimpl
    def tlcriteria_criteria_sets():
        from importlib.resources import files

        return [files(__name__) / "ressourcerie.toml"]
"""


def plugin_set_with_errors(plugin_env, tmp_path, set_text):
    """The plugin ships the set (with an error); the places: one of its college, one of `tiers-lieu`,
    whose set is not installed."""
    plugin_env.add("parite", kinds(EXACT) + SHIPS_SET, files={"ressourcerie.toml": set_text})
    places, _criteria = network(tmp_path)
    (places / "tiers.toml").write_text(
        PLACE.format(id="le-tiers", name="Le Tiers", college="tiers-lieu", answers=""), encoding="utf-8"
    )
    return places


def test_a_set_with_errors_is_no_hint_for_a_college_it_does_not_rate(runner, plugin_env, tmp_path):
    places = plugin_set_with_errors(plugin_env, tmp_path, SET.replace("min_percent = 80", "min_percent = -5"))
    result = runner.invoke(main, ["score", str(places)])
    [line] = [line for line in result.stderr.splitlines() if "college 'tiers-lieu'" in line]
    assert "see above" not in line and "once fixed" not in line, line


def test_a_set_whose_college_cannot_be_read_may_be_the_one(runner, plugin_env, tmp_path):
    places = plugin_set_with_errors(
        plugin_env, tmp_path, SET.replace('college = "ressourcerie"', "college = 3")
    )
    result = runner.invoke(main, ["score", str(places)])
    [line] = [line for line in result.stderr.splitlines() if "college 'tiers-lieu'" in line]
    assert "(a criteria set whose college cannot be read has errors, see above; perhaps it rates it)" in line
    french = CliRunner().invoke(main, ["score", str(places)])
    assert "peut-être est-ce lui qui le note" in french.stderr


# ----------------------------------------------------------------------------- 3. trust columns


def guide_format() -> str:
    """The format docs/publishing.md shows under « Adding a format », as written there."""
    guide = (REPO / "docs" / "publishing.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Adding a format") :]
    return re.search(r"```python\n(.*?)```", section, flags=re.S).group(1)


def test_a_format_written_as_the_guide_says_shows_the_trust_columns(runner, plugin_env, tmp_path):
    plugin_env.add("tsv", guide_format())
    args = ["publish", str(EXAMPLE / "places"), "--criteria", str(REPO / "criteria"), "--format", "tsv"]
    signed = runner.invoke(main, [*args, "--signers", str(EXAMPLE / "signataires")])
    assert signed.exit_code == 0, signed.output
    head, *rows = signed.stdout.splitlines()
    assert head.split("\t")[-1] == "Signature" and "Version des critères" in head
    assert rows and all(row.split("\t")[-1] == "signé" for row in rows)
    unsigned = runner.invoke(main, args)
    assert "Signature" not in unsigned.stdout.splitlines()[0]


# ----------------------------------------------------------------------------- 7. advice


def test_advice_names_the_grade_its_changes_reach(runner, tmp_path):
    """Every proposal of `advise` on the example network, applied to a copy of the place file,
    gives the grade advise names (La Serre Chimérique: C to A with one change, not B)."""
    places = tmp_path / "places"
    shutil.copytree(EXAMPLE / "places", places, ignore=shutil.ignore_patterns("*.sig"))
    criteria = ["--criteria", str(REPO / "criteria")]
    advised = runner.invoke(main, ["advise", str(places), *criteria, "--format", "json"])
    assert advised.exit_code == 0, advised.output
    rows = [r for r in json.loads(advised.stdout) if r["changes"]]
    serre = next(r for r in rows if r["place"] == "la-serre-chimerique" and r["set"] == "coworking")
    assert (serre["grade"], serre["target"]) == ("C", "A")
    for row in rows:
        path = places / f"{row['place']}.toml"
        before = path.read_bytes()
        data = tomllib.loads(before.decode("utf-8"))
        for change in row["changes"]:
            answer: dict[str, object] = {"value": change["value"]}
            if change["evidence"] == "justification":
                answer["justification"] = "Voir le règlement affiché à l’accueil du lieu"
            elif change["evidence"] == "url":
                answer["url"] = "https://lieu.example.org/preuve"
            data["answers"][change["criterion"]] = answer
        path.write_text(tomli_w.dumps(data), encoding="utf-8")
        scored = runner.invoke(main, ["score", str(path), *criteria, "--set", row["set"], "--format", "json"])
        assert scored.exit_code == 0, scored.output
        [rating] = json.loads(scored.stdout)
        assert rating["grade"] == row["target"], row
        path.write_bytes(before)
