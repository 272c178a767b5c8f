"""The catalogue loaded in one pass: plugins' sets, then the user's, each file read once.

`load_catalogue` returns one `LoadedCatalogue`: the catalogue (with the
criteria withheld because their set was left out, and why), the problems of
the user's sets and those of the plugins' sets. Nothing here prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence, Set
from pathlib import Path

import attrs

from .catalogue import Catalogue, Declared, Withheld, build_catalogue
from .documents import Document, Reading, read_sources, toml_files
from .errors import Problem
from .fields import SLUG_PATTERN, check_field
from .file_keys import SET_FIELDS
from .i18n import _
from .model import CriteriaSet, ResolvedSet
from .models_from_toml import PartlyLoaded, load_set
from .registry import Registry


def plugin_set_display(plugin: str, resource: object) -> str:
    """`[plugin NAME] FILE`: by its path under the current folder (a source checkout), else its name;
    in full when there is no such file, so that its author sees where it was looked for."""
    shown = str(getattr(resource, "name", resource))
    if isinstance(resource, Path) and not resource.is_file():
        shown = str(resource.resolve())
    if isinstance(resource, Path):
        try:
            shown = str(resource.resolve().relative_to(Path.cwd().resolve()))
        except (ValueError, OSError):
            pass
    return f"[plugin {plugin}] {shown}"


def read_plugin_sets(registry: Registry) -> Reading:
    """The plugins' set files, each read and parsed once."""
    return read_sources(
        (item.resource, plugin_set_display(item.plugin, item.resource), item.plugin)
        for item in registry.set_files
    )


def sets_from(
    docs: Iterable[Document], registry: Registry
) -> tuple[list[CriteriaSet], list[Problem], list[PartlyLoaded]]:
    """The sets the documents hold, their problems, and what loaded of those with errors
    (`load_set`): each document is loaded once, errors or not."""
    sets, problems, partly = [], [], []
    for doc in docs:
        loaded, found, part = load_set(doc, registry.kinds, registry.schemes)
        problems.extend(found)
        if loaded is not None:
            sets.append(loaded)
        if part is not None:
            partly.append(part)
    return sets, problems, partly


_EXTENDS = next(f for f in SET_FIELDS if f.name == "extends")


def declared_set(doc: Document) -> Declared | None:
    """The set id and criterion ids a parsed set document writes, valid or not."""
    head = doc.data.get("set")
    if not isinstance(head, dict) or not isinstance(head.get("id"), str):
        return None
    criteria = doc.data.get("criteria")
    tables = criteria if isinstance(criteria, list) else []
    named = [
        (i, c["id"]) for i, c in enumerate(tables) if isinstance(c, dict) and isinstance(c.get("id"), str)
    ]
    ids = tuple(criterion_id for _i, criterion_id in named)
    college = head.get("college")
    written = head.get("extends")
    # Only as the loader accepts it: a badly written extends is told as such, not as unknown sets.
    extends = tuple(written) if written is not None and check_field(_EXTENDS, written) is None else ()
    return Declared(
        head["id"],
        ids,
        doc.origin,
        college if isinstance(college, str) else "",
        (doc.path, doc.locator.key_in("set", "college")) if isinstance(college, str) else ("", None),
        college is not None and not isinstance(college, str),
        extends,
        (doc.path, doc.locator.key_in("set", "extends")) if extends else ("", None),
        doc.path,
        tuple(doc.locator.item("criteria", i) for i, _id in named),
    )


_HEADER_LINE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$")
_COLLEGE_KEY = re.compile(r"^\s*college\s*=")
_ID_LINE = re.compile(r"""^\s*id\s*=\s*["'](""" + SLUG_PATTERN.strip("^$") + r""")["']""")
#: Compiled when first needed (by `re`): only a malformed set file is read this way.
_COLLEGE_LINE = r"""^\s*college\s*=\s*["'](""" + SLUG_PATTERN.strip("^$") + r""")["']"""


def declared_in_text(text: str, plugin: str = "", path: str = "") -> Declared | None:
    """The same, picked from the text of a file whose TOML is malformed.

    A TOML syntax error in a set must not turn every place's answers to its
    criteria into "no criteria set defines …" lines: the ids are picked from
    the raw text (`id = "…"` under `[set]` and `[[criteria]]`) so that those
    answers are withheld, and sets extending it are told it has errors.
    """
    table, set_id, criteria = "", None, []
    college, college_line, college_seen = "", None, False
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER_LINE.match(line)
        if header:
            table = header[1] + header[2]
            continue
        key = _ID_LINE.match(line)
        if key and table == "[set" and set_id is None:
            set_id = key[1]
        elif key and table == "[[criteria":
            criteria.append(key[1])
        elif table == "[set" and not college and _COLLEGE_KEY.match(line):
            college_seen = True
            if named := re.match(_COLLEGE_LINE, line):
                # Its places are told once, at this line of this file (not at a plugin's copy).
                college, college_line = named[1], number
    if not set_id:
        return None
    return Declared(
        set_id,
        tuple(criteria),
        plugin,
        college,
        (path, college_line) if college else ("", None),
        # A `college` whose value cannot be picked from the text: it may rate any college.
        college_unread=college_seen and not college,
        unreadable=path,
    )


def failed_sets(
    reading: Reading, loaded: Iterable[CriteriaSet], loaded_ids: Set[str] = frozenset()
) -> dict[str, Declared]:
    """Set id -> what it declares, of each set file read that did not load (errors, malformed TOML).

    A malformed file whose id a loaded set uses (an old copy beside the new one) is not counted.
    """
    ok = {s.path for s in loaded}
    failed: dict[str, Declared] = {}
    for doc in reading.documents:
        found = declared_set(doc) if doc.path not in ok else None
        if found is not None:
            failed[found.set_id] = found
    for unparsed in reading.unparsed:
        found = declared_in_text(unparsed.text, unparsed.origin, unparsed.path)
        if found is not None and found.set_id not in loaded_ids:
            failed.setdefault(found.set_id, found)
    return failed


def _resolved(path: str | Path) -> Path | None:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def _criteria_files(criteria_dirs: Sequence[str | Path], given: Reading | None) -> Reading:
    """The files of `--criteria`, but those the command read already (`check criteria
    --criteria criteria`): the same file is one set, read once, not a duplicate of itself."""
    files, problems = toml_files(criteria_dirs)
    if given is not None:
        read = {_resolved(p) for p in (*(d.path for d in given.documents), *(u.path for u in given.unparsed))}
        files = [f for f in files if _resolved(f) not in read]
    return Reading((), tuple(problems)) + read_sources((f, str(f), "") for f in files)


@attrs.frozen
class LoadedCatalogue:
    """The outcome of loading the criteria sets: the catalogue, and every problem met.

    Which criteria are withheld (their set was left out) and why is the
    catalogue's (`Catalogue.withheld`): what checks a place needs it there.
    """

    catalogue: Catalogue
    problems: tuple[Problem, ...] = ()  # errors in the user's sets
    plugin_problems: tuple[Problem, ...] = ()  # errors in plugins' sets: reported, not fatal

    @property
    def sets(self) -> Mapping[str, ResolvedSet]:
        return self.catalogue.sets

    @property
    def withheld(self) -> Mapping[str, Withheld]:
        return self.catalogue.withheld


def load_catalogue(
    registry: Registry, criteria_dirs: Sequence[str | Path] = (), given: Reading | None = None
) -> LoadedCatalogue:
    """The plugins' sets, then the user's (`criteria_dirs`, and the sets among `given`).

    `given`: files the command already read (`check PATHS`); its set documents
    are the user's sets, and those of its files that are not TOML but look like
    criteria sets are noted as failed (their problems are the caller's to report).

    In a source checkout a plugin reads `criteria/x.toml` itself; when the
    user also gives that very file (`--criteria criteria`, `check criteria`),
    the plugin's reading is dropped: the user's is used, with no notice.
    """
    user = _criteria_files(criteria_dirs, given) if criteria_dirs else Reading()
    problems = list(user.problems)
    for doc in user.documents:
        if doc.kind != "set":
            problems.append(
                Problem(
                    doc.path,
                    "",
                    _("is not a criteria set"),
                    _("a --criteria folder holds files with a [set] table"),
                )
            )
    if given is not None:
        user += Reading(tuple(d for d in given.documents if d.kind == "set"), (), given.unparsed)
    paths_given = {
        _resolved(p) for p in (*(d.path for d in user.documents), *(u.path for u in user.unparsed))
    }
    paths_given.discard(None)
    if paths_given:
        registry = attrs.evolve(
            registry,
            set_files=tuple(
                f
                for f in registry.set_files
                if not (isinstance(f.resource, Path) and _resolved(f.resource) in paths_given)
            ),
        )
    plugin = read_plugin_sets(registry)
    # What loaded of a plugin's set with errors is not checked further: its author is told its errors.
    plugin_sets, found, _partly = sets_from(plugin.documents, registry)
    plugin_problems = [*plugin.problems, *found]
    # What loaded of the user's sets with errors: their other problems are told in the same run.
    user_sets, found, partly = sets_from((d for d in user.documents if d.kind == "set"), registry)
    problems += found
    failed = failed_sets(plugin, plugin_sets)
    failed.update(failed_sets(user, user_sets, loaded_ids={s.id for s in user_sets}))

    catalogue, found = build_catalogue(
        plugin_sets, user_sets, registry.kinds, registry.schemes, failed, partly
    )
    for problem in found:
        (plugin_problems if problem.path.startswith("[plugin ") else problems).append(problem)
    return LoadedCatalogue(catalogue, tuple(problems), tuple(plugin_problems))
