"""One test per hook specification, each with a plugin implementing it.

`tests/test_hookspecs_meta.py` checks that every hook of `hookspecs.__all__`
has a `test_hook_<name>` here that defines the hook. Each test registers a
small class on a fresh plugin manager (built-ins only) and uses the result.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from tlcriteria import hookimpl
from tlcriteria.catalogue_loading import load_catalogue
from tlcriteria.interfaces import AnswerKind, OutputFormat, RatingScheme, RenderContext
from tlcriteria.place_loading import load_places, rate_places
from tlcriteria.plugins import build_plugins
from tlcriteria.registry import build_registry
from tlcriteria.schemes.thresholds import Thresholds

from ..conftest import EXAMPLES


@pytest.fixture
def with_plugin():
    """Register an object on a fresh plugin manager; return the registry built from it."""
    managers = []

    def register(plugin: object, name: str = "test-plugin"):
        plugins = build_plugins(entry_points_group=None)
        plugins.manager.register(plugin, name=name)
        managers.append((plugins.manager, plugin))
        return build_registry(plugins)

    yield register
    for manager, plugin in managers:
        if manager.is_registered(plugin):
            manager.unregister(plugin)


def write_set(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "set.toml").write_text(text, encoding="utf-8")
    return folder


def test_hook_tlcriteria_answer_kinds(with_plugin, tmp_path):
    class Even(AnswerKind):
        name = "even"
        description = "un nombre pair"

        def check_value(self, config, value):
            if isinstance(value, int) and not isinstance(value, bool) and value % 2 == 0:
                return None
            return "expected an even number", "write 0, 2, 4…"

        def credit(self, config, value):
            return Fraction(min(value, 10), 10)

    class Plugin:
        @hookimpl
        def tlcriteria_answer_kinds(self):
            return [Even()]

    registry = with_plugin(Plugin())
    assert registry.owners[("answer kind", "even")] == "test-plugin"
    criteria = write_set(
        tmp_path / "criteria",
        '[set]\nid = "pairs"\ntitle = "Pairs"\nversion = "1"\n'
        'college = "pairs"\n\n[[criteria]]\nid = "p-un"\ntitle = "Un"\nquestion = "Combien ?"\n'
        'kind = "even"\n\n[[grades]]\ngrade = "A"\n',
    )
    place = tmp_path / "place.toml"
    place.write_text(
        '[place]\nid = "p"\nname = "P"\ntown = "Caen"\nstage = "existing"\ncolleges = ["pairs"]\n'
        "[answers]\np-un = 4\n",
        encoding="utf-8",
    )
    loaded = load_places(registry, [place], [criteria])
    assert loaded.ok, loaded.problems
    [rating] = rate_places(loaded.places, loaded.catalogue, registry)
    assert rating.percent == 40

    place.write_text(place.read_text(encoding="utf-8").replace("p-un = 4", "p-un = 3"), encoding="utf-8")
    loaded = load_places(registry, [place], [criteria])
    assert [p.message for p in loaded.problems] == ["expected an even number"]


def test_hook_tlcriteria_rating_schemes(with_plugin, tmp_path):
    class AllOrNothing(RatingScheme):
        name = "all-or-nothing"
        grade_fields = Thresholds.grade_fields  # accepts the [[grades]] keys of the set it replaces

        def grade(self, rules, tally):
            return "all" if tally.percent == 100 else "nothing"

        def grade_order(self, rules):  # its own grades, not the set's [[grades]]
            return ["all", "nothing"]

    class Plugin:
        @hookimpl
        def tlcriteria_rating_schemes(self):
            return [AllOrNothing()]

    registry = with_plugin(Plugin())
    text = (EXAMPLES / "criteria" / "tiers-lieu.toml").read_text(encoding="utf-8")
    text = text.replace('extends = ["communs"]', 'extends = ["communs"]\nscheme = "all-or-nothing"')
    criteria = tmp_path / "criteria"
    criteria.mkdir()
    (criteria / "tiers-lieu.toml").write_text(text, encoding="utf-8")
    shutil_copy(EXAMPLES / "criteria" / "communs.toml", criteria / "communs.toml")
    loaded = load_places(registry, [EXAMPLES / "places" / "le-hangar-partage.toml"], [criteria])
    assert loaded.ok, loaded.problems
    [rating] = rate_places(loaded.places, loaded.catalogue, registry)
    assert rating.rules.scheme == "all-or-nothing" and rating.grade == "nothing"


def shutil_copy(source: Path, target: Path) -> None:
    target.write_bytes(source.read_bytes())


def test_hook_tlcriteria_output_formats(with_plugin):
    class Count(OutputFormat):
        name = "count"
        extensions = (".count",)
        commands = frozenset({"score"})

        def render(self, context: RenderContext) -> str:
            return json.dumps({"ratings": len(context.ratings)})

    class Plugin:
        @hookimpl
        def tlcriteria_output_formats(self):
            return [Count()]

    registry = with_plugin(Plugin())
    assert "count" in registry.formats_for("score") and "count" not in registry.formats_for("publish")
    assert registry.format_for_extension("out.count", "score").name == "count"
    loaded = load_places(registry, [EXAMPLES / "places"], [EXAMPLES / "criteria"])
    ratings = rate_places(loaded.places, loaded.catalogue, registry)
    assert registry.formats["count"].render(RenderContext(tuple(ratings))) == '{"ratings": 4}'


def test_hook_tlcriteria_criteria_sets(with_plugin, tmp_path):
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    for name in ("communs.toml", "tiers-lieu.toml"):
        shutil_copy(EXAMPLES / "criteria" / name, shipped / name)

    class Plugin:
        @hookimpl
        def tlcriteria_criteria_sets(self):
            return [shipped / "communs.toml", str(shipped / "tiers-lieu.toml")]  # Path or str

    registry = with_plugin(Plugin(), name="sets-plugin")
    loaded_sets = load_catalogue(registry)
    catalogue, problems, plugin_problems = (
        loaded_sets.catalogue,
        loaded_sets.problems,
        loaded_sets.plugin_problems,
    )
    assert not problems and not plugin_problems
    assert sorted(catalogue.sets) == ["communs", "tiers-lieu"]
    assert catalogue.sets["tiers-lieu"].set.origin == "sets-plugin"
    assert catalogue.colleges == {"tiers-lieu": "tiers-lieu"}
