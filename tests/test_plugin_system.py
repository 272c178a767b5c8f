"""The plugin system: built-ins through the hooks, clashes, misspellings, failures.

Every test gets a fresh plugin manager. Test plugins are small classes with
`@hookimpl` methods, either registered on that manager (and unregistered on
teardown) or offered as fake entry points of the `tlcriteria` group, which is
how a third-party distribution reaches tlcriteria.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import attrs
import pluggy
import pytest

from tlcriteria import hookimpl, hookspecs
from tlcriteria import plugins as plugins_module
from tlcriteria.cli import main
from tlcriteria.fields import describe
from tlcriteria.interfaces import AnswerKind, OutputFormat, RenderContext
from tlcriteria.plugins import BUILTIN_PLUGINS, ENTRY_POINT_GROUP, Plugins, build_plugins
from tlcriteria.registry import build_registry

# --------------------------------------------------------------------------- small plugins


class Percentage(AnswerKind):
    """A whole percentage 0..100, credit v / 100."""

    name = "pourcentage"
    description = "pourcentage de 0 à 100"

    def check_value(self, config: Any, value: Any) -> tuple[str, str] | None:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            return (
                f"expected a whole number from 0 to 100, found {describe(value)}",
                "write e.g. 75",
            )
        return None

    def credit(self, config: Any, value: int) -> Fraction:
        return Fraction(value, 100)


class FakeYesNo(Percentage):
    name = "yes-no"


class Count(OutputFormat):
    name = "count"
    commands = frozenset({"score"})

    def render(self, context: RenderContext) -> str:
        return f"{len(context.ratings)} ratings\n"


class KindsPlugin:
    def __init__(self, *kinds: AnswerKind) -> None:
        self.kinds = kinds

    @hookimpl
    def tlcriteria_answer_kinds(self) -> list[AnswerKind]:
        return list(self.kinds)


class FormatPlugin:
    @hookimpl
    def tlcriteria_output_formats(self) -> list[OutputFormat]:
        return [Count()]


class MisspelledPlugin:
    @hookimpl
    def tlcriteria_answer_kind(self) -> list[AnswerKind]:  # missing "s"
        return [Percentage()]


class RaisingPlugin:
    @hookimpl
    def tlcriteria_answer_kinds(self) -> list[AnswerKind]:
        raise RuntimeError("configuration file not found")

    @hookimpl
    def tlcriteria_output_formats(self) -> list[OutputFormat]:
        return [Count()]


class WrongTypePlugin:
    @hookimpl
    def tlcriteria_rating_schemes(self) -> list[Any]:
        return ["thresholds"]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def fresh() -> Iterator[tuple[Plugins, Any]]:
    """A fresh manager with the built-ins only, and a function to add test plugins."""
    plugins = build_plugins(entry_points_group=None)
    added: list[object] = []

    def add(plugin: object, name: str) -> None:
        plugins.manager.register(plugin, name=name)
        plugins.infos[name] = plugins_module.PluginInfo(name, "test")
        added.append(plugin)

    yield plugins, add
    for plugin in added:
        if plugins.manager.is_registered(plugin):
            plugins.manager.unregister(plugin)


@attrs.define
class FakeDist:
    name: str = "tlcriteria-exemple"
    version: str = "1.0"


@attrs.define
class FakeEntryPoint:
    """What importlib.metadata gives for `[project.entry-points.tlcriteria]`."""

    name: str
    target: Any
    dist: FakeDist = attrs.field(factory=FakeDist)

    def load(self) -> Any:
        if isinstance(self.target, BaseException):
            raise self.target
        return self.target


@pytest.fixture
def installed(monkeypatch):
    """Pretend these plugins are installed, and no other."""

    def install(*eps: FakeEntryPoint) -> None:
        monkeypatch.setattr(
            plugins_module,
            "entry_points",
            lambda group: list(eps) if group == ENTRY_POINT_GROUP else [],
        )

    install()
    return install


# --------------------------------------------------------------------------- built-ins


def test_builtins_are_registered_as_plugins_through_the_hooks(registry):
    names = {info.name: info for info in registry.plugins}
    for module in BUILTIN_PLUGINS:
        assert names[module].source == "built-in" and names[module].status == "ok"
    # Each built-in kind, scheme and format is owned by its module, registered as a plugin.
    assert registry.owners[("answer kind", "yes-no")] == "tlcriteria.kinds.yes_no"
    assert registry.owners[("answer kind", "multi")] == "tlcriteria.kinds.choice"
    assert registry.owners[("rating scheme", "profile")] == "tlcriteria.schemes.profile"
    assert registry.owners[("output format", "json")] == "tlcriteria.formats.json_format"
    assert set(registry.kinds) == {"yes-no", "scale", "choice", "multi", "number"}
    assert set(registry.schemes) == {"thresholds", "profile", "whole-percent", "ladder"}
    assert {"json", "table"} <= set(registry.formats)
    assert registry.errors == ()


def test_every_builtin_module_implements_hooks(fresh):
    plugins, _add = fresh
    implementers = {
        impl.plugin_name
        for name in hookspecs.__all__
        for impl in getattr(plugins.manager.hook, name).get_hookimpls()
    }
    assert set(BUILTIN_PLUGINS) <= implementers


def test_every_hook_is_documented_and_listed():
    for name in hookspecs.__all__:
        assert getattr(hookspecs, name).__doc__, name
    declared = {n for n in vars(hookspecs) if n.startswith("tlcriteria_")}
    assert declared == set(hookspecs.__all__)


def test_builtins_can_be_disabled(fresh):
    plugins = build_plugins(["tlcriteria.kinds.scale"], entry_points_group=None)
    registry = build_registry(plugins)
    assert "scale" not in registry.kinds
    assert {i.name: i.status for i in registry.plugins}["tlcriteria.kinds.scale"] == "disabled"


# --------------------------------------------------------------------------- clashes


def test_two_plugins_registering_the_same_kind_is_an_error_naming_both(fresh):
    plugins, add = fresh
    add(KindsPlugin(Percentage()), "premier")
    add(KindsPlugin(Percentage()), "second")
    registry = build_registry(plugins)
    (error,) = registry.errors
    assert "answer kind 'pourcentage'" in error
    assert "'premier'" in error and "'second'" in error
    assert "--disable-plugin" in error


def test_a_plugin_reusing_a_builtin_name_is_an_error_naming_both(fresh):
    plugins, add = fresh
    add(KindsPlugin(FakeYesNo()), "imitation")
    registry = build_registry(plugins)
    (error,) = registry.errors
    assert "answer kind 'yes-no'" in error
    assert "'tlcriteria.kinds.yes_no'" in error and "'imitation'" in error
    # the built-in keeps its name
    assert registry.owners[("answer kind", "yes-no")] == "tlcriteria.kinds.yes_no"


def test_clash_is_reported_by_the_cli(installed, runner):
    installed(
        FakeEntryPoint("premier", KindsPlugin(Percentage())),
        FakeEntryPoint("second", KindsPlugin(Percentage())),
    )
    result = runner.invoke(main, ["plugins"])
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    assert "'premier'" in result.stderr and "'second'" in result.stderr


# --------------------------------------------------------------------------- broken plugins


def test_misspelled_hook_marks_the_plugin_broken_with_a_suggestion(installed):
    installed(FakeEntryPoint("faute", MisspelledPlugin()), FakeEntryPoint("formats", FormatPlugin()))
    plugins = build_plugins()  # check_pending() must not raise: the plugin is set aside
    assert "faute" in plugins.broken
    assert "tlcriteria_answer_kind" in plugins.broken["faute"]
    assert "did you mean tlcriteria_answer_kinds?" in plugins.broken["faute"]
    registry = build_registry(plugins)
    assert any("plugin 'faute' is broken" in e and "did you mean" in e for e in registry.errors)
    assert "pourcentage" not in registry.kinds
    assert "count" in registry.formats  # the other plugin still works


def test_misspelled_hook_is_shown_by_the_plugins_command(installed, runner):
    installed(FakeEntryPoint("faute", MisspelledPlugin()))
    result = runner.invoke(main, ["plugins"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    line = next(line for line in result.stdout.splitlines() if line.startswith("faute"))
    assert "BROKEN: implements unknown hook tlcriteria_answer_kind" in line
    assert "(did you mean tlcriteria_answer_kinds?)" in line


def test_pluggy_check_pending_catches_misspellings():
    """What build_plugins relies on: an unknown hook name fails loudly."""
    pm = pluggy.PluginManager("tlcriteria")
    pm.add_hookspecs(hookspecs)
    pm.register(MisspelledPlugin(), name="faute")
    with pytest.raises(pluggy.PluginValidationError):
        pm.check_pending()


def test_plugin_raising_in_a_hook_is_reported_by_name_and_others_work(fresh):
    plugins, add = fresh
    add(RaisingPlugin(), "fragile")
    add(KindsPlugin(Percentage()), "solide")
    registry = build_registry(plugins)
    (error,) = registry.errors
    assert "plugin 'fragile' is broken" in error
    assert "tlcriteria_answer_kinds raised RuntimeError: configuration file not found" in error
    assert "pourcentage" in registry.kinds  # the other plugin still contributes
    assert "count" not in registry.formats  # a broken plugin contributes nothing at all
    assert {"yes-no", "scale", "choice", "multi", "number"} <= set(registry.kinds)


def test_plugin_returning_the_wrong_type_is_broken(fresh):
    plugins, add = fresh
    add(WrongTypePlugin(), "confus")
    registry = build_registry(plugins)
    (error,) = registry.errors
    assert "plugin 'confus' is broken" in error and "not a named RatingScheme" in error
    assert set(registry.schemes) == {"thresholds", "profile", "whole-percent", "ladder"}


def test_plugin_that_fails_to_import_is_broken_and_the_cli_goes_on(installed, runner, examples):
    installed(
        FakeEntryPoint("absent", ModuleNotFoundError("No module named 'tlcriteria_absent'")),
        FakeEntryPoint("formats", FormatPlugin()),
    )
    result = runner.invoke(main, ["plugins"])
    assert result.exit_code == 0, result.output
    assert "BROKEN: failed to load: ModuleNotFoundError" in result.stdout
    assert "tlcriteria-exemple" in result.stdout  # the distribution is named
    result = runner.invoke(
        main,
        [
            "score",
            str(examples / "places"),
            "--criteria",
            str(examples / "criteria"),
            "--format",
            "count",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "4 ratings\n"
    assert "plugin 'absent' is broken" in result.stderr


# ----------------------------------------------------------------- third-party, end to end


def test_an_installed_plugin_kind_is_usable_in_a_set(installed, runner, examples):
    installed(FakeEntryPoint("pourcentage", KindsPlugin(Percentage())))
    criteria = examples / "criteria" / "tiers-lieu.toml"
    criteria.write_text(
        criteria.read_text(encoding="utf-8").replace(
            "[[grades]]",
            '[[criteria]]\nid = "taux-benevoles"\ntitle = "Bénévoles"\n'
            'question = "Part de bénévoles ?"\n'
            'kind = "pourcentage"\n\n[[grades]]',
            1,
        ),
        encoding="utf-8",
    )
    place = examples / "places" / "le-hangar-partage.toml"
    place.write_text(place.read_text(encoding="utf-8") + "taux-benevoles = 150\n", encoding="utf-8")
    result = runner.invoke(main, ["check", str(examples)])
    assert result.exit_code == 1
    assert "taux-benevoles: expected a whole number from 0 to 100, found the number 150" in result.stderr
    place.write_text(place.read_text(encoding="utf-8").replace("= 150", "= 50"), encoding="utf-8")
    result = runner.invoke(main, ["check", str(examples)])
    assert result.exit_code == 0, result.output


def test_disable_plugin_option(installed, runner, examples):
    result = runner.invoke(
        main, ["--disable-plugin", "tlcriteria.kinds.scale", "check", str(examples / "criteria")]
    )
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "unknown answer kind 'scale'" in result.stderr
    assert "co-construction" in result.stderr

    result = runner.invoke(main, ["--disable-plugin", "tlcriteria.kinds.scale", "plugins"])
    assert result.exit_code == 0
    line = next(line for line in result.stdout.splitlines() if line.startswith("tlcriteria.kinds.scale"))
    assert "disabled" in line


def test_disable_plugin_settles_a_clash(installed, runner):
    installed(
        FakeEntryPoint("premier", KindsPlugin(Percentage())),
        FakeEntryPoint("second", KindsPlugin(Percentage())),
    )
    result = runner.invoke(main, ["--disable-plugin", "second", "plugins"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "answer kind pourcentage" in result.stdout


def test_disable_plugins_from_the_environment(installed, runner, examples, monkeypatch):
    monkeypatch.setenv("TLCRITERIA_DISABLE_PLUGINS", "tlcriteria.kinds.number, tlcriteria.kinds.scale")
    result = runner.invoke(main, ["check", str(examples / "criteria")])
    assert result.exit_code == 1
    assert "unknown answer kind 'number'" in result.stderr and "unknown answer kind 'scale'" in result.stderr
