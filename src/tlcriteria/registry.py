"""A frozen registry built once from the plugins' hook results.

Hooks are called through pluggy's hook caller (ordering and wrappers apply);
a plugin raising inside a hook is found, reported by name, and the hook is
called again without it, so the others still contribute. Two plugins
registering the same name is an error naming both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .errors import describe_exception
from .i18n import _
from .interfaces import AnswerKind, OutputFormat, RatingScheme
from .plugins import PluginInfo, Plugins, build_plugins

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable  # pulls tempfile, shutil, zipfile…


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

    def formats_for_extension(self, filename: str, command: str) -> tuple[OutputFormat, ...]:
        """The formats of `command` that `-o filename` selects: those of the longest extension
        it ends with (`.shields.json` before `.json`); several when formats share it."""
        name = filename.lower()
        matches = [
            (len(ext), fmt)
            for fmt in self.formats_for(command).values()
            for ext in fmt.extensions
            if name.endswith(ext.lower())
        ]
        longest = max((length for length, _fmt in matches), default=0)
        found: list[OutputFormat] = []
        for length, fmt in matches:  # by identity: a plugin's format need not be hashable
            if length == longest and all(fmt is not other for other in found):
                found.append(fmt)
        return tuple(found)

    def format_for_extension(self, filename: str, command: str) -> OutputFormat | None:
        """The one format `-o filename` selects; None when none does, or several."""
        found = self.formats_for_extension(filename, command)
        return found[0] if len(found) == 1 else None


_CATEGORIES: dict[str, tuple[str, type]] = {
    "tlcriteria_answer_kinds": ("answer kind", AnswerKind),
    "tlcriteria_rating_schemes": ("rating scheme", RatingScheme),
    "tlcriteria_output_formats": ("output format", OutputFormat),
}


def build_registry(
    plugins: Plugins | None = None, *, disabled: Iterable[str] = (), formats: bool = True
) -> Registry:
    """`formats=False`: without the built-in output formats (see `plugins.build_plugins`)."""
    plugins = plugins or build_plugins(disabled, formats=formats)
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

    warnings = [*plugins.warnings, *_extension_clashes(tables["tlcriteria_output_formats"], owners)]
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
        warnings=tuple(warnings),
    )


def _extension_clashes(
    formats: Mapping[str, OutputFormat], owners: Mapping[tuple[str, str], str]
) -> list[str]:
    """One line for each two formats of a command claiming the same extension: `-o` cannot
    choose between them, and asks for --format (`App.choose_format`)."""
    lines = []
    claimed: dict[str, list[OutputFormat]] = {}
    for fmt in formats.values():
        for ext in dict.fromkeys(e.lower() for e in fmt.extensions):
            for other in claimed.setdefault(ext, []):
                if set(other.commands) & set(fmt.commands):
                    lines.append(
                        _(
                            "output formats {first!r} (plugin {first_plugin!r}) and {second!r} (plugin "
                            "{second_plugin!r}) both claim the extension {ext!r}: -o FILE{ext} needs "
                            "--format (or disable one plugin with --disable-plugin)"
                        ).format(
                            first=other.name,
                            first_plugin=owners[("output format", other.name)],
                            second=fmt.name,
                            second_plugin=owners[("output format", fmt.name)],
                            ext=ext,
                        )
                    )
            claimed[ext].append(fmt)
    return lines


def _check_types(plugins: Plugins, results: dict[str, list[tuple[str, list[Any]]]]) -> None:
    """Mark broken a plugin whose hook returned something of the wrong type."""
    for hook_name, (_category, cls) in _CATEGORIES.items():
        for plugin_name, items in results[hook_name]:
            for item in items:
                if isinstance(item, type) and issubclass(item, cls):  # forgot the brackets
                    plugins.mark_broken(
                        plugin_name,
                        _("{hook} returned the class {name}, not an object of it (return {name}())").format(
                            hook=hook_name, name=item.__name__
                        ),
                    )
                elif not isinstance(item, cls) or not isinstance(getattr(item, "name", None), str):
                    plugins.mark_broken(
                        plugin_name,
                        _("{hook} returned {item!r}, not a named {cls}").format(
                            hook=hook_name, item=item, cls=cls.__name__
                        ),
                    )
    for plugin_name, items in results["tlcriteria_output_formats"]:
        for item in items:
            if isinstance(item, OutputFormat) and (problem := _format_problem(item)):
                plugins.mark_broken(plugin_name, problem)
    for plugin_name, items in results["tlcriteria_criteria_sets"]:
        for item in items:
            if not isinstance(item, PathLike | str) and not _is_traversable(item):
                plugins.mark_broken(
                    plugin_name, _("tlcriteria_criteria_sets returned {item!r}, not a path").format(item=item)
                )


def _format_problem(fmt: OutputFormat) -> str | None:
    """What is wrong with a format's `extensions` or `commands`: a string there is read letter by
    letter (`"json"` would take any file ending in "n"), and a command name is matched as text."""
    extensions: object = fmt.extensions
    commands: object = fmt.commands  # as the plugin wrote them, whatever the annotations say
    if (
        isinstance(extensions, str)
        or not isinstance(extensions, Iterable)
        or not all(isinstance(e, str) and e.startswith(".") for e in extensions)
    ):
        return _(
            "output format {name!r} has extensions = {value!r} (give a tuple of extensions, each with its dot: "
            "('.json',))"
        ).format(name=fmt.name, value=extensions)
    if (
        isinstance(commands, str)
        or not isinstance(commands, Iterable)
        or not all(isinstance(c, str) for c in commands)
    ):
        return _(
            "output format {name!r} has commands = {value!r} (give a set of command names: "
            "frozenset({{'score', 'publish'}}))"
        ).format(name=fmt.name, value=commands)
    return None


def _is_traversable(item: object) -> bool:
    # Imported only for what is not a path: a plugin returning a Traversable has imported it already.
    from importlib.resources.abc import Traversable

    return isinstance(item, Traversable)


def _call_each(plugins: Plugins, hook_name: str) -> list[tuple[str, list[Any]]]:
    """Call a hook through pluggy's hook caller, isolating a plugin that fails.

    The whole hook is called at once, so `tryfirst`/`trylast` and hook wrappers
    apply. When it raises, the implementations are tried one by one to name
    the culprit, which is marked broken (unregistered), and the hook is called
    again without it. Each returned list is credited to the plugin whose
    implementation returned it.
    """
    while True:
        caller = getattr(plugins.manager.hook, hook_name)
        owners: dict[int, str] = {}
        impls = caller.get_hookimpls()
        originals = [(impl, impl.function) for impl in impls]
        for impl, function in originals:
            if not (impl.hookwrapper or impl.wrapper):
                impl.function = _recording(function, impl.plugin_name, owners)
        try:
            returned = caller()
        except Exception as exc:  # a plugin's bug must not take the others down
            culprit = _culprit(plugins, hook_name, impls, exc)
            if plugins.manager.get_plugin(culprit[0]) is None:  # cannot be left out: give up on the hook
                plugins.warnings.append(
                    _("{hook} raised {error}").format(hook=hook_name, error=describe_exception(exc))
                )
                return []
            plugins.mark_broken(
                culprit[0],
                _("{hook} raised {error}").format(hook=hook_name, error=describe_exception(culprit[1])),
            )
            continue
        finally:
            for impl, function in originals:
                impl.function = function
        break
    results: list[tuple[str, list[Any]]] = []
    wrappers = [impl.plugin_name for impl in impls if impl.hookwrapper or impl.wrapper]
    for items in reversed(returned):  # pluggy calls the last registered first: keep registration order
        fallback = owners.get(id(items)) or (wrappers[0] if wrappers else "?")
        try:
            # A string or a mapping is iterable, but read letter by letter (or key by key) it
            # would blame what it holds, not the hook's mistake.
            if isinstance(items, str | bytes | Mapping):
                raise TypeError
            listed = list(items)
        except TypeError:
            plugins.mark_broken(fallback, _("{hook} did not return a list").format(hook=hook_name))
            continue
        # A wrapper may rebuild the lists: each item still belongs to the plugin that made it.
        for item in listed:
            owner = owners.get(id(item), fallback)
            if results and results[-1][0] == owner:
                results[-1][1].append(item)
            else:
                results.append((owner, [item]))
        if not listed:
            results.append((fallback, []))
    return results


def _recording(
    function: Callable[..., object], plugin_name: str, owners: dict[int, str]
) -> Callable[..., object]:
    """`function`, noting which plugin returned each result (found again after wrappers ran)."""

    def call(*args: object, **kwargs: object) -> object:
        result = function(*args, **kwargs)
        if result is not None:
            owners[id(result)] = plugin_name
            if isinstance(result, list | tuple):
                owners.update((id(item), plugin_name) for item in result)
        return result

    return call


def _culprit(
    plugins: Plugins, hook_name: str, impls: list[Any], error: Exception
) -> tuple[str, BaseException]:
    """The plugin whose implementation raised, found by calling each one on its own."""
    for impl in impls:
        if impl.hookwrapper or impl.wrapper:
            continue
        try:
            impl.function()
        except Exception as exc:
            return impl.plugin_name, exc
    # Every plain implementation works alone: a wrapper raised. Leave each out in turn.
    pm = plugins.manager
    for impl in impls:
        if not (impl.hookwrapper or impl.wrapper):
            continue
        try:
            pm.subset_hook_caller(hook_name, remove_plugins=[impl.plugin])()
        except Exception:
            continue
        return impl.plugin_name, error
    return impls[-1].plugin_name if impls else "?", error
