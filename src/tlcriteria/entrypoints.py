"""Installed plugins' entry points, read without importing `importlib.metadata`.

Importing `importlib.metadata` costs about 40 ms of CPU (it brings in email,
zipfile, csv…): a third of what `check` of one file spent beyond click,
pluggy and attrs. Plugins only need the entry points of one group, so they
are read here straight from each installed distribution's `entry_points.txt`
on `sys.path`, with the same rule as `importlib.metadata`: the first
distribution of a name on the path wins. `load()` imports `module:attr` the
same way too.
"""

from __future__ import annotations

import importlib
import os
import re
import sys

import attrs

_SUFFIXES = (".dist-info", ".egg-info")
_HEADER = re.compile(r"^\[\s*(?P<group>[^\]]+?)\s*\]$")


@attrs.frozen
class Distribution:
    name: str
    version: str


@attrs.frozen
class EntryPoint:
    name: str
    value: str  # "module:attr" (extras in brackets are ignored)
    group: str
    dist: Distribution | None = None

    def load(self) -> object:
        module, _, attr = self.value.split("[")[0].strip().partition(":")
        found: object = importlib.import_module(module.strip())
        for part in filter(None, attr.strip().split(".")):
            found = getattr(found, part)
        return found


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points of `group` of every distribution installed on `sys.path`."""
    found: list[EntryPoint] = []
    seen: set[str] = set()
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:  # a zip file, or a folder that does not exist
            continue
        for name in names:
            if not name.endswith(_SUFFIXES):
                continue
            # The name in the folder's name, as importlib.metadata finds it: the METADATA is
            # read only for the few distributions that have entry points of `group`.
            key = _normalize(name.rsplit(".", 1)[0].split("-")[0])
            if key in seen:
                continue
            seen.add(key)
            meta = os.path.join(folder or ".", name)
            points = _group(meta, group)
            if points:
                dist = _distribution(meta)
                found.extend(attrs.evolve(point, dist=dist) for point in points)
    return found


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _distribution(meta: str) -> Distribution | None:
    """Name and version from the METADATA (or PKG-INFO) headers."""
    fields: dict[str, str] = {}
    for filename in ("METADATA", "PKG-INFO"):
        try:
            with open(os.path.join(meta, filename), encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    if not line.strip():
                        break  # the headers end at the first blank line
                    key, sep, value = line.partition(":")
                    if sep and key in ("Name", "Version"):
                        fields.setdefault(key, value.strip())
        except OSError:
            continue
        break
    return Distribution(fields["Name"], fields.get("Version", "")) if "Name" in fields else None


def _group(meta: str, group: str) -> list[EntryPoint]:
    try:
        with open(os.path.join(meta, "entry_points.txt"), encoding="utf-8") as handle:
            text = handle.read()
    except OSError:
        return []
    points: list[EntryPoint] = []
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        header = _HEADER.match(line)
        if header:
            current = header["group"]
            continue
        name, sep, value = line.partition("=")
        if current == group and sep:
            points.append(EntryPoint(name.strip(), value.strip(), group))
    return points
