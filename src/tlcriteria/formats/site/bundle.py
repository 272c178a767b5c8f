"""The self-assessment page's Python: one zip the page unpacks into Pyodide.

It holds the pure-Python code the engine needs (tlcriteria itself with its
compiled message catalogues, and attrs, click, pluggy, tomli_w, tomlkit),
every installed tlcriteria plugin distribution (its packages and its
`.dist-info`, so that Pyodide finds its entry point), and the criteria sets
the publication was made with (`sets/`, listed in `sets.json`), and the
network file's name, area and usual words (`network.json`: the questionnaire
checks coordinates against the area and offers the words). Neither
toml_rs (compiled: `documents` falls back on tomllib) nor prompt_toolkit (the
terminal questionnaire) goes in. A plugin with compiled code cannot run in
the browser: it is left out, and `Bundle.notices` says so.

The bytes are deterministic: entries sorted, every date the same, no
`__pycache__`; editable installs (`pip install -e`) are read from their
source folders.
"""

from __future__ import annotations

import importlib.util
import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ... import plugins
from ...catalogue import Catalogue
from ...i18n import _
from ...network import WORD_LISTS, Network
from ...plugins import ENTRY_POINT_GROUP
from ...registry import Registry

if TYPE_CHECKING:
    from importlib.metadata import Distribution

#: The engine's pure-Python dependencies: distribution → the packages it installs.
DEPENDENCIES: Mapping[str, tuple[str, ...]] = {
    "attrs": ("attr", "attrs"),
    "click": ("click",),
    "pluggy": ("pluggy",),
    "tomli_w": ("tomli_w",),
    "tomlkit": ("tomlkit",),
}
#: A zip entry's date: fixed, so that the same code gives the same bytes.
EPOCH = (1980, 1, 1, 0, 0, 0)
COMPILED = (".so", ".pyd", ".dylib", ".dll")
#: What the browser never needs: the site's vendored libraries (Pyodide itself) and message sources.
LEFT_OUT = ("tlcriteria/formats/site/vendor/", ".po")
#: Keys of a `.dist-info` Pyodide needs to find a plugin: its name, version and entry points.
DIST_INFO_FILES = ("METADATA", "entry_points.txt", "top_level.txt")


@attrs.frozen
class Bundle:
    data: bytes
    notices: tuple[str, ...] = ()


def _package_files(name: str) -> list[tuple[str, Path]]:
    """(path in the zip, file) of an importable package or module, wherever it is installed."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return []
    origin = Path(spec.origin)
    if not spec.submodule_search_locations:
        return [(origin.name, origin)]
    root = origin.parent
    return [
        (f"{name}/{path.relative_to(root).as_posix()}", path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    ]


def _dist_info(dist: Distribution) -> list[tuple[str, bytes]]:
    folder = f"{dist.name.replace('-', '_')}-{dist.version}.dist-info"
    found = []
    for name in DIST_INFO_FILES:
        text = dist.read_text(name)
        if text is not None:
            found.append((f"{folder}/{name}", text.encode("utf-8")))
    return found


def _plugin_distributions() -> dict[str, list[str]]:
    """Installed distributions declaring tlcriteria plugins: name → the modules they import."""
    found: dict[str, list[str]] = {}
    # Looked up on `plugins` when called, as build_plugins does (tests point it at their plugins).
    for ep in plugins.entry_points(group=ENTRY_POINT_GROUP):  # type: ignore[attr-defined]
        if ep.dist is None:
            continue
        modules = found.setdefault(ep.dist.name, [])
        top = ep.value.split(":")[0].split(".")[0].strip()
        if top not in modules:
            modules.append(top)
    return dict(sorted(found.items()))


def _set_entries(
    registry: Registry, catalogue: Catalogue | None
) -> tuple[dict[str, bytes], dict[str, object]]:
    """The criteria set files, and the list the page loads them from (`sets.json`).

    Plugins' sets are listed by plugin, as their hook gives them; the sets read
    from --criteria folders (the catalogue's sets that no plugin gave) by file.
    """
    entries: dict[str, bytes] = {}
    by_plugin: dict[str, list[str]] = {}
    user = []
    if catalogue is not None:
        user = sorted({r.set.path for r in catalogue.sets.values() if not r.set.origin and r.set.path})
    given = {_resolved(path) for path in user} - {None}
    for number, item in enumerate(registry.set_files):
        if isinstance(item.resource, Path) and _resolved(item.resource) in given:
            continue  # also given with --criteria: the user's reading is used, as load_catalogue does
        try:
            raw = item.resource.read_bytes()
        except OSError:
            continue  # the command already said the plugin's file cannot be read
        target = f"sets/plugins/{number:03d}/{Path(str(getattr(item.resource, 'name', 'set.toml'))).name}"
        entries[target] = raw
        by_plugin.setdefault(item.plugin, []).append(target)
    for number, path in enumerate(user):
        try:
            entries[f"sets/criteria/{number:03d}-{Path(path).name}"] = Path(path).read_bytes()
        except OSError:
            continue
    folders = ["sets/criteria"] if user else []
    return entries, {"plugins": by_plugin, "criteria": folders}


def _resolved(path: str | Path) -> Path | None:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def network_entry(network: Network) -> dict[str, Any]:
    """What the page needs of the network file, from the network `publish` read (the file is
    not read again); browser.py's `network_from` takes it back."""
    area = network.area
    return {
        "name": network.name,
        "file": Path(network.path).name,  # named in the questionnaire's hints
        "area": {k: str(getattr(area, k)) for k in ("south", "north", "west", "east")} if area else None,
        **{key: [[w.label, w.label_en] for w in network.words(key).words] for key in WORD_LISTS},
    }


def build_bundle(
    registry: Registry, catalogue: Catalogue | None = None, network: Network | None = None
) -> Bundle:
    entries: dict[str, bytes] = {}
    notices: list[str] = []

    def add_packages(names: Iterable[str]) -> None:
        for name in names:
            for target, path in _package_files(name):
                if not (target.startswith(LEFT_OUT) or target.endswith(LEFT_OUT)):
                    entries[target] = path.read_bytes()

    # Imported here: importlib.metadata is slow to import, and every command that writes through
    # a format imports this module (see tlcriteria.entrypoints).
    from importlib.metadata import distribution

    add_packages(["tlcriteria"])
    entries.update(_dist_info(distribution("tlcriteria")))
    for dist_name, packages in DEPENDENCIES.items():
        add_packages(packages)
        entries.update(_dist_info(distribution(dist_name)))
    for dist_name, modules in _plugin_distributions().items():
        files = [item for name in modules for item in _package_files(name)]
        compiled = sorted(target for target, _path in files if target.endswith(COMPILED))
        if compiled:
            notices.append(
                _(
                    "plugin {name!r} is left out of the self-assessment page: it has compiled code "
                    "({file}), which cannot run in a browser"
                ).format(name=dist_name, file=compiled[0])
            )
            continue
        for target, path in files:
            entries[target] = path.read_bytes()
        entries.update(_dist_info(distribution(dist_name)))
    sets, listing = _set_entries(registry, catalogue)
    entries.update(sets)
    entries["sets.json"] = json.dumps(listing, sort_keys=True, indent=1).encode("utf-8")
    if network is not None:
        entries["network.json"] = json.dumps(network_entry(network), ensure_ascii=False, indent=1).encode()
    return Bundle(zipped(entries), tuple(notices))


def zipped(entries: Mapping[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name])
    return out.getvalue()
