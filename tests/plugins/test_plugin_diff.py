"""`tlcriteria diff` names each setting of a plugin kind that changed, as it does a built-in's.

The kinds below write no `config_changes`: the interface's default finds the
settings in their configurations (an attrs class, a single value).
"""

from __future__ import annotations

import json
import shutil

import pytest

from tlcriteria.cli import main

from ..conftest import EXAMPLES
from ..test_diff import edit, git

KINDS = """
    from fractions import Fraction

    import attrs

    from tlcriteria import hookimpl
    from tlcriteria.fields import Field
    from tlcriteria.interfaces import AnswerKind

    class Percent(AnswerKind):
        name = "pourcent"
        fields = (Field("target", "decimal", default=100),)

        def parse_config(self, values, report):
            return Fraction(values["target"])

        def check_value(self, config, value):
            ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100
            return None if ok else ("expected 0 to 100", "type a whole number")

        def credit(self, config, value):
            return min(Fraction(value) / config, Fraction(1))

    @attrs.frozen
    class Hours:
        least: int
        unit: str
        steps: tuple = ()

    class Opening(AnswerKind):
        name = "ouverture"
        fields = (
            Field("least", "integer", default=10),
            Field("unit", "string", default="h"),
            Field("steps", "array", default=[]),
        )

        def parse_config(self, values, report):
            return Hours(values["least"], values["unit"], tuple(values["steps"]))

        def check_value(self, config, value):
            return None if isinstance(value, int) else ("expected hours", "type a whole number")

        def credit(self, config, value):
            return Fraction(1) if value >= config.least else Fraction(0)

    @hookimpl
    def tlcriteria_answer_kinds():
        return [Percent(), Opening()]
"""

CRITERIA = """\
[set]
id = "lieux-ouverts"
title = "Lieux ouverts"
version = "1"
college = "tiers-lieu"

[[criteria]]
id = "lo-part"
title = "Part"
question = "Quelle part du temps est ouverte au public ?"
kind = "pourcent"
target = 80

[[criteria]]
id = "lo-heures"
title = "Heures"
question = "Combien d'heures par semaine ?"
kind = "ouverture"
least = 20
unit = "h"
steps = [5, 10]

[[grades]]
grade = "A"
min_percent = 50

[[grades]]
grade = "B"
"""


@pytest.fixture
def repo(tmp_path, monkeypatch, plugin_env):
    plugin_env.add("ouvertures", KINDS)
    root = tmp_path / "reseau"
    (root / "criteria").mkdir(parents=True)
    (root / "criteria" / "lieux-ouverts.toml").write_text(CRITERIA, encoding="utf-8")
    shutil.copytree(EXAMPLES / "places", root / "places")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "lieux ouverts 1")
    sets = root / "criteria" / "lieux-ouverts.toml"
    edit(sets, "target = 80", "target = 60")
    edit(sets, 'least = 20\nunit = "h"\nsteps = [5, 10]', 'least = 25\nunit = "heures"\nsteps = [5, 12.5]')
    git(root, "commit", "-qam", "lieux ouverts 2")
    monkeypatch.chdir(root)
    return root


DIFF = ["diff", "git:HEAD~1:criteria", "git:HEAD:criteria", "--places", "places"]


def test_diff_names_each_setting_of_a_plugin_kind_that_changed(runner, repo):
    en = runner.invoke(main, ["--lang", "en", *DIFF])
    assert en.exit_code == 0, en.output
    assert "criterion lo-part: target 80 → 60" in en.stdout
    assert "criterion lo-heures: least 20 → 25" in en.stdout
    assert "criterion lo-heures: unit h → heures" in en.stdout
    assert "criterion lo-heures: steps [5, 10] → [5, 12.5]" in en.stdout
    assert "settings" not in en.stdout and "…" not in en.stdout
    fr = runner.invoke(main, ["--lang", "fr", *DIFF])
    assert fr.exit_code == 0, fr.output
    assert "critère lo-part : target 80 → 60" in fr.stdout
    assert "critère lo-heures : unit h → heures" in fr.stdout


def test_diff_json_gives_the_settings_values_of_a_plugin_kind(runner, repo):
    result = runner.invoke(main, [*DIFF, "-f", "json"])
    assert result.exit_code == 0, result.output
    changes = {(c["id"], c["change"]): (c["old"], c["new"]) for c in json.loads(result.stdout)["changes"]}
    assert changes[("lo-part", "target")] == (80, 60)
    assert changes[("lo-heures", "least")] == (20, 25)
    assert changes[("lo-heures", "steps")] == ([5, 10], [5, 12.5])


def test_a_configuration_of_one_value_and_several_keys_is_named_settings_in_the_readers_language():
    from tlcriteria.diff.changes import config_changes
    from tlcriteria.i18n import speaking
    from tlcriteria.model import Criterion

    from .test_contract import Percent  # a kind without fields

    old, new = (Criterion("c", "s", "C", "C ?", "pourcent", config) for config in ((1, 2), (1, 3)))
    [change] = config_changes("s", old, new, Percent())
    assert (change.change, change.old, change.new) == ("settings", (1, 2), (1, 3))
    with speaking("fr"):
        assert change.text() == "critère c : réglages [1, 2] → [1, 3]"
    with speaking("en"):
        assert change.text() == "criterion c: settings [1, 2] → [1, 3]"
