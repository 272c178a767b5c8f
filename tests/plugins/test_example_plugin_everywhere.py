"""The example plugin (kind `percentage`, scheme `tiers`, format `shields`) in every command.

`test_example_plugin.py` covers plugins, sets, check and score; here:
publish, schema, diff, check's warnings, advice, and the questionnaire in a
pseudo-terminal, where the issue found it unanswerable.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tomllib

import pytest

from tlcriteria.advice import next_grade
from tlcriteria.catalogue_loading import load_catalogue
from tlcriteria.cli import main
from tlcriteria.documents import read_documents
from tlcriteria.place_checks import places_from
from tlcriteria.registry import build_registry

from .conftest import EXAMPLE_PLUGIN

DEMO = EXAMPLE_PLUGIN / "demo"
SET = EXAMPLE_PLUGIN / "src" / "tlcriteria_example" / "repair-cafe.toml"


def test_publish_with_the_plugin_scheme_and_kind(runner, example_plugin):
    for fmt in ("json", "html", "md", "csv", "geojson", "mediawiki"):
        result = runner.invoke(main, ["publish", str(DEMO), "-f", fmt, "--date", "2026-01-01"])
        assert result.exit_code == 0, (fmt, result.output)
        if fmt != "geojson":  # the demo places have no coordinates: nothing on the map
            assert "gold" in result.stdout and "not-passing" in result.stdout, fmt
    record = json.loads(
        runner.invoke(main, ["publish", str(DEMO), "-f", "json", "--date", "2026-01-01"]).stdout
    )
    assert {r["scheme"] for r in record["ratings"]} == {"tiers"}
    # The page colours grades in the scheme's order (grade_order): gold best, not-passing worst.
    page = runner.invoke(main, ["publish", str(DEMO), "-f", "html", "--date", "2026-01-01"]).stdout
    assert '<td class="grade" data-rank="0"><span>gold</span>' in page
    assert '<td class="grade" data-rank="4"><span>not-passing</span>' in page


def test_schema_knows_the_plugin_kind_and_scheme(runner, example_plugin, tmp_path):
    sets = json.loads(runner.invoke(main, ["schema"]).stdout)
    assert (
        "grade-tiers" in sets["$defs"]
        and "tiers" in sets["properties"]["set"]["properties"]["scheme"]["enum"]
    )
    assert any(
        b["if"]["properties"]["kind"]["const"] == "percentage" for b in sets["$defs"]["criterion"]["allOf"]
    )
    shutil.copy(SET, tmp_path / "repair-cafe.toml")
    places = runner.invoke(main, ["schema", "--kind", "place", "--criteria", str(tmp_path)])
    assert places.exit_code == 0, places.output
    answers = json.loads(places.stdout)["properties"]["answers"]["properties"]
    value = answers["rc-taux-reparation"]["anyOf"][0]
    assert value == {"type": "number", "minimum": 0, "maximum": 100}


def test_diff_and_check_against_order_the_tiers(runner, example_plugin, tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    for folder in (old, new):
        folder.mkdir()
    shutil.copy(SET, old / "repair-cafe.toml")
    text = SET.read_text(encoding="utf-8").replace("target = 60", "target = 80")
    (new / "repair-cafe.toml").write_text(text, encoding="utf-8")
    result = runner.invoke(
        main, ["--lang", "en", "diff", str(old), str(new), "--places", str(DEMO), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # The example's kind writes no config_changes: the default names its one field, `target`.
    changes = {(c["id"], c["change"], c["old"], c["new"]) for c in data["changes"]}
    assert changes == {("rc-taux-reparation", "target", 60, 80)}
    moves = {m["place"]: m for m in data["moves"]}
    # 72.5 % of a 60 % target was full credit; against 80 % it is not: gold → silver is "lower".
    assert moves["le-repair-cafe-fictif"]["old_grade"] == "gold"
    assert moves["le-repair-cafe-fictif"]["direction"] == "lower"
    table = runner.invoke(main, ["--lang", "en", "diff", str(old), str(new), "--places", str(DEMO)]).stdout
    # The counts list the tiers in the scheme's order, even those nobody has.
    assert "repair-cafe: gold 1 → 0, silver 1 → 2, passing 0 → 0, not-passing 1 → 1" in table


def test_advice_aims_at_the_next_tier_and_knows_the_best(example_plugin):
    registry = build_registry()
    loaded_sets = load_catalogue(registry, ())
    catalogue, problems = loaded_sets.catalogue, loaded_sets.problems
    docs, _read = read_documents([str(DEMO)])
    checked = places_from(docs, catalogue, registry)
    places, problems = checked.places, checked.problems
    assert not problems
    rules = catalogue.sets["repair-cafe"]
    found = {p.id: next_grade(p, rules, registry.kinds, registry.schemes["tiers"]) for p in places}
    assert found["le-repair-cafe-fictif"].at_best and found["le-repair-cafe-fictif"].target is None
    low = found["la-ressourcerie-inventee"]
    # The one change it needs takes it past passing: the advice names the grade it reaches.
    assert (low.current, low.target, low.at_best) == ("not-passing", "silver", False)
    assert [c.criterion.id for c in low.changes] == ["rc-ouverture"]


pexpect = pytest.importorskip("pexpect")


def test_the_questionnaire_answers_the_percentage_kind(example_plugin, tmp_path):
    screen = io.StringIO()
    child = pexpect.spawn(
        sys.executable,
        ["-m", "tlcriteria.cli", "--lang", "en", "assess", "--set", "repair-cafe", "-o", "p.toml"],
        cwd=str(tmp_path),
        env={
            **os.environ,
            **example_plugin.subprocess_env(),
            "COLUMNS": "120",
            "PROMPT_TOOLKIT_NO_CPR": "1",  # nobody answers cursor position requests here
        },
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 120),
    )
    child.logfile_read = screen
    for label, text in [
        ("Name of the place", "Le Repair"),
        ("Identifier [le-repair]", ""),
        ("Town", "Caen"),
        ("Stage", "1"),
        ("Colleges", "1"),
        ("Coordinates", ""),
        ("Website", ""),
        ("Description", ""),
        ("Publics", ""),
        ("Services", ""),
        ("Opening hours", ""),
        ("Contact person", "Alex"),
        ("Contact email", ""),
    ]:
        child.expect_exact(label)
        child.sendline(text)
    child.expect_exact("Question 1 / 3")
    child.expect_exact("Answer:")
    child.sendline("no")
    child.expect_exact("Answer with a percentage from 0 to 100; or: skip, back, quit.")
    child.expect_exact("Answer:")
    child.sendline("50")
    child.expect_exact("Question 3 / 3")
    child.expect_exact("Answer:")
    child.sendline("n/a")  # not allowed here: the kind refuses it, the questionnaire says why
    child.expect_exact("cannot be answered n/a")
    child.sendline("12,5")
    child.expect(pexpect.EOF)
    child.close()
    text = screen.getvalue()
    assert "expected a percentage" not in text
    assert "grade not-passing" in text
    assert "to go from not-passing to silver:" in text and "This is the best grade." not in text
    answers = tomllib.loads((tmp_path / "p.toml").read_text(encoding="utf-8"))["answers"]
    assert answers == {"rc-ouverture": False, "rc-taux-reparation": 50, "rc-benevoles-formes": 12.5}


def test_the_site_college_page_counts_grades_in_the_scheme_order(runner, example_plugin, tmp_path):
    # `tiers` has no [[grades]]: its order is grade_order (gold, silver, …), not the alphabet.
    out = tmp_path / "site"
    result = runner.invoke(main, ["publish", str(DEMO), "-f", "site", "-o", str(out), "--date", "2026-01-01"])
    assert result.exit_code == 0, result.output
    page = (out / "colleges" / "repair-cafe" / "index.html").read_text(encoding="utf-8")
    figures = page.split('<table class="figures">')[1].split("</table>")[0]
    shown = [row.split("</th>")[0] for row in figures.split('<th scope="row">')[1:]]
    assert shown == ["gold", "silver", "not-passing"]
