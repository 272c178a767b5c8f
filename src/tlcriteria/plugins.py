"""Builds the plugin manager: built-ins, entry-point plugins, the blocked list.

A plugin that cannot be imported, implements a hook that does not exist
(a misspelling) or raises inside a hook is *broken*: it is unregistered,
reported by name with what went wrong, and the other plugins carry on.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable

import attrs
import pluggy

from . import hookspecs
from .entrypoints import entry_points
from .errors import closest, describe_exception
from .i18n import _

PROJECT = "tlcriteria"
ENTRY_POINT_GROUP = "tlcriteria"
DISABLE_ENV = "TLCRITERIA_DISABLE_PLUGINS"

#: Built-in plugins, registered through the same hooks as third-party ones.
BUILTIN_PLUGINS = (
    "tlcriteria.kinds.yes_no",
    "tlcriteria.kinds.scale",
    "tlcriteria.kinds.choice",
    "tlcriteria.kinds.number",
    "tlcriteria.schemes.thresholds",
    "tlcriteria.schemes.profile",
    "tlcriteria.schemes.whole_percent",
    "tlcriteria.schemes.ladder",
    "tlcriteria.formats.json_format",
    "tlcriteria.formats.table",
    "tlcriteria.formats.summary",
    "tlcriteria.formats.markdown",
    "tlcriteria.formats.mediawiki",
    "tlcriteria.formats.csv_format",
    "tlcriteria.formats.geojson",
    "tlcriteria.formats.html",
    "tlcriteria.formats.site",
)
#: The built-ins that give output formats only: `build_plugins(formats=False)` lists them without
#: importing them, for the commands that write through no format (the site's module alone takes
#: longer to import than the rest of `check`'s work on one place file).
BUILTIN_FORMATS = tuple(m for m in BUILTIN_PLUGINS if m.startswith("tlcriteria.formats."))


@attrs.frozen
class PluginInfo:
    """What `tlcriteria plugins` shows of one plugin."""

    name: str
    source: str  # "built-in" or the distribution that declares the entry point
    version: str = ""
    status: str = "ok"  # ok | disabled | broken
    error: str = ""


@attrs.define
class Plugins:
    """A plugin manager with the bookkeeping of what loaded and what broke."""

    manager: pluggy.PluginManager
    infos: dict[str, PluginInfo] = attrs.field(factory=dict)
    warnings: list[str] = attrs.field(factory=list)

    def mark_broken(self, name: str, error: str) -> None:
        info = self.infos.get(name) or PluginInfo(name=name, source="?")
        self.infos[name] = attrs.evolve(info, status="broken", error=error)
        plugin = self.manager.get_plugin(name)
        if plugin is not None:
            self.manager.unregister(plugin)
        self.manager.set_blocked(name)

    @property
    def broken(self) -> dict[str, str]:
        return {n: i.error for n, i in self.infos.items() if i.status == "broken"}


def disabled_from_env() -> tuple[str, ...]:
    raw = os.environ.get(DISABLE_ENV, "")
    return tuple(n.strip() for n in raw.replace(";", ",").split(",") if n.strip())


def build_plugins(
    disabled: Iterable[str] = (), *, entry_points_group: str | None = ENTRY_POINT_GROUP, formats: bool = True
) -> Plugins:
    """Register built-ins and installed plugins, minus the disabled ones.

    `formats=False`: the built-in output formats are listed but not imported (nor registered);
    every installed plugin is loaded and all its hooks are called as always.
    """
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    plugins = Plugins(pm)
    blocked = set(disabled)
    for name in sorted(blocked):
        pm.set_blocked(name)

    for module_name in BUILTIN_PLUGINS:
        if module_name in blocked:
            plugins.infos[module_name] = PluginInfo(module_name, "built-in", status="disabled")
            continue
        if formats or module_name not in BUILTIN_FORMATS:
            pm.register(importlib.import_module(module_name), name=module_name)
        plugins.infos[module_name] = PluginInfo(module_name, "built-in")

    if entry_points_group:
        for ep in sorted(entry_points(group=entry_points_group), key=lambda e: e.name):
            dist = ep.dist.name if ep.dist else "?"
            version = ep.dist.version if ep.dist else ""
            info = PluginInfo(ep.name, dist, version)
            if ep.name in blocked:
                plugins.infos[ep.name] = attrs.evolve(info, status="disabled")
                continue
            if pm.has_plugin(ep.name) or ep.name in plugins.infos:
                plugins.infos[ep.name + f" ({dist})"] = attrs.evolve(
                    info,
                    status="broken",
                    error=_("another plugin is already named {name!r}").format(name=ep.name),
                )
                continue
            plugins.infos[ep.name] = info
            try:
                pm.register(ep.load(), name=ep.name)
            except Exception as exc:  # a broken plugin must not stop the others
                plugins.mark_broken(
                    ep.name, _("failed to load: {error}").format(error=describe_exception(exc))
                )

        # A misspelt --disable-plugin would silently disable nothing: say so.
        for name in sorted(blocked - plugins.infos.keys()):
            close = closest(name, plugins.infos)
            hint = _("did you mean {name}?").format(name=close[0]) if close else _("see tlcriteria plugins")
            plugins.warnings.append(
                _("cannot disable plugin {name!r}: no plugin has that name ({hint})").format(
                    name=name, hint=hint
                )
            )

    reject_unknown_hooks(plugins)
    pm.check_pending()
    return plugins


def reject_unknown_hooks(plugins: Plugins) -> None:
    """Mark broken every plugin implementing a hook that has no specification.

    `pm.check_pending()` would raise for the first one only; this names each
    plugin and suggests the hook it probably meant.
    """
    pm = plugins.manager
    known = hookspecs.__all__
    for hook_name in sorted(vars(pm.hook)):
        caller = getattr(pm.hook, hook_name)
        if caller.has_spec():
            continue
        for impl in caller.get_hookimpls():
            if impl.optionalhook:
                continue
            close = closest(hook_name, known)
            message = (
                _("implements unknown hook {hook} (did you mean {name}?)").format(
                    hook=hook_name, name=close[0]
                )
                if close
                else _("implements unknown hook {hook}").format(hook=hook_name)
            )
            plugins.mark_broken(impl.plugin_name, message)
