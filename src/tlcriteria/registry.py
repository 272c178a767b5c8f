"""A frozen registry built once from the plugins' hook results.

Each hook implementation is called on its own so that a plugin raising inside
a hook is reported by name and the others still contribute. Two plugins
registering the same name is an error naming both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib.resources.abc import Traversable
from os import PathLike
from pathlib import Path
from typing import Any

import attrs

from .i18n import _
from .interfaces import AnswerKind, OutputFormat, RatingScheme
from .plugins import PluginInfo, Plugins, build_plugins, describe_exception


@attrs.frozen
class SetFile:
    """A criteria set file shipped by a plugin."""

    plugin: str
    resource: Traversable | Path

    @property
    def display(self) -> str:
        return str(self.resource)


@attrs.frozen
class Registry:
    """Everything the plugins provide, by name."""

    kinds: Mapping[str, AnswerKind]
    schemes: Mapping[str, RatingScheme]
    formats: Mapping[str, OutputFormat]
    set_files: tuple[SetFile, ...]
    owners: Mapping[tuple[str, str], str]  # (category, name) -> plugin name
    plugins: tuple[PluginInfo, ...]
    errors: tuple[str, ...] = ()  # duplicate names and broken plugins, one line each
    warnings: tuple[str, ...] = ()  # e.g. a --disable-plugin name that matches no plugin

    def formats_for(self, command: str) -> dict[str, OutputFormat]:
        return {n: f for n, f in self.formats.items() if command in f.commands}

    def format_for_extension(self, filename: str, command: str) -> OutputFormat | None:
        name = filename.lower()
        matches = [
            (len(ext), fmt)
            for fmt in self.formats_for(command).values()
            for ext in fmt.extensions
            if name.endswith(ext.lower())
        ]
        return max(matches, key=lambda m: m[0])[1] if matches else None


_CATEGORIES: dict[str, tuple[str, type]] = {
    "tlcriteria_answer_kinds": ("answer kind", AnswerKind),
    "tlcriteria_rating_schemes": ("rating scheme", RatingScheme),
    "tlcriteria_output_formats": ("output format", OutputFormat),
}


def build_registry(plugins: Plugins | None = None, *, disabled: Iterable[str] = ()) -> Registry:
    plugins = plugins or build_plugins(disabled)
    # Call every hook first: a plugin that breaks in any hook contributes nothing.
    results = {name: _call_each(plugins, name) for name in (*_CATEGORIES, "tlcriteria_criteria_sets")}
    _check_types(plugins, results)
    broken = plugins.broken

    errors: list[str] = []
    owners: dict[tuple[str, str], str] = {}
    tables: dict[str, dict[str, Any]] = {}
    for hook_name, (category, _cls) in _CATEGORIES.items():
        table: dict[str, Any] = {}
        for plugin_name, items in results[hook_name]:
            if plugin_name in broken:
                continue
            for item in items:
                key = (category, item.name)
                if key in owners:
                    errors.append(
                        {
                            "answer kind": _(
                                "answer kind {name!r} is registered by both plugin {first!r} and plugin "
                                "{second!r} (disable one with --disable-plugin)"
                            ),
                            "rating scheme": _(
                                "rating scheme {name!r} is registered by both plugin {first!r} and plugin "
                                "{second!r} (disable one with --disable-plugin)"
                            ),
                            "output format": _(
                                "output format {name!r} is registered by both plugin {first!r} and plugin "
                                "{second!r} (disable one with --disable-plugin)"
                            ),
                        }[category].format(name=item.name, first=owners[key], second=plugin_name)
                    )
                    continue
                owners[key] = plugin_name
                table[item.name] = item
        tables[hook_name] = dict(sorted(table.items()))

    set_files = tuple(
        SetFile(plugin_name, Path(item) if isinstance(item, PathLike | str) else item)
        for plugin_name, items in results["tlcriteria_criteria_sets"]
        if plugin_name not in broken
        for item in items
    )
    errors.extend(
        _("plugin {name!r} is broken: {error}").format(name=n, error=e) for n, e in sorted(broken.items())
    )
    return Registry(
        kinds=tables["tlcriteria_answer_kinds"],
        schemes=tables["tlcriteria_rating_schemes"],
        formats=tables["tlcriteria_output_formats"],
        set_files=set_files,
        owners=owners,
        plugins=tuple(sorted(plugins.infos.values(), key=lambda i: (i.source != "built-in", i.name))),
        errors=tuple(errors),
        warnings=tuple(plugins.warnings),
    )


def _check_types(plugins: Plugins, results: dict[str, list[tuple[str, list[Any]]]]) -> None:
    """Mark broken a plugin whose hook returned something of the wrong type."""
    for hook_name, (_category, cls) in _CATEGORIES.items():
        for plugin_name, items in results[hook_name]:
            for item in items:
                if not isinstance(item, cls) or not isinstance(getattr(item, "name", None), str):
                    plugins.mark_broken(
                        plugin_name,
                        _("{hook} returned {item!r}, not a named {cls}").format(
                            hook=hook_name, item=item, cls=cls.__name__
                        ),
                    )
    for plugin_name, items in results["tlcriteria_criteria_sets"]:
        for item in items:
            if not isinstance(item, PathLike | str | Traversable):
                plugins.mark_broken(
                    plugin_name, _("tlcriteria_criteria_sets returned {item!r}, not a path").format(item=item)
                )


def _call_each(plugins: Plugins, hook_name: str) -> list[tuple[str, list[Any]]]:
    """Call every implementation of a hook separately, isolating failures."""
    results = []
    for impl in getattr(plugins.manager.hook, hook_name).get_hookimpls():
        try:
            items = impl.function()
        except Exception as exc:  # a plugin's bug must not take the others down
            plugins.mark_broken(
                impl.plugin_name,
                _("{hook} raised {error}").format(hook=hook_name, error=describe_exception(exc)),
            )
            continue
        if items is None:
            continue
        try:
            items = list(items)
        except TypeError:
            plugins.mark_broken(impl.plugin_name, _("{hook} did not return a list").format(hook=hook_name))
            continue
        results.append((impl.plugin_name, items))
    return results
