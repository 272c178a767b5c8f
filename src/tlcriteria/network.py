"""The network file (`reseau.toml` by convention): the network's name, the area of its places
and the usual words of their publics and services.

`check` reads it among the paths it is given and warns about a place of that
folder (or below it) whose coordinates fall outside the area, saying so when
latitude and longitude look swapped; the questionnaire applies the same rule
(`location_problem`) as the coordinates are typed. `check` also suggests the
network's word for a public or service a place writes nearly as the network
does (`word_warnings`); the questionnaire offers the words as choices, and
`publish --format site` groups its filters by them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import attrs

from .documents import Document, read_document, where
from .errors import Problem
from .fields import KeyReporter, describe, validate_table
from .file_keys import (
    AREA_FIELDS,
    NETWORK_FIELDS,
    NETWORK_TOP_LEVEL,
    PLACE_FIELDS,
    SHORT_TEXT_MAX,
    WORD_FIELDS,
)
from .i18n import _
from .models_from_toml import Problems
from .network_file import NETWORK_FILE as NETWORK_FILE  # where it was first declared
from .network_file import network_files_near
from .plausible import text_problem
from .vocabulary import NO_WORDS, Vocabulary, Word, near_misses, word_key

#: The lists of usual words a network file may hold, by their key in `[network]` (and in `[place]`).
WORD_LISTS = ("publics", "services")


@attrs.frozen
class Area:
    """A latitude/longitude box (WGS84 degrees), edges included."""

    south: Decimal
    north: Decimal
    west: Decimal
    east: Decimal

    def contains(self, lat: float | Decimal, lon: float | Decimal) -> bool:
        lat, lon = Decimal(str(lat)), Decimal(str(lon))
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    def __str__(self) -> str:
        return _("latitude {south} to {north}, longitude {west} to {east}").format(
            south=self.south, north=self.north, west=self.west, east=self.east
        )


@attrs.frozen
class Network:
    name: str
    area: Area | None
    path: str
    publics: Vocabulary = NO_WORDS
    services: Vocabulary = NO_WORDS

    def words(self, key: str) -> Vocabulary:
        """The usual words of `publics` or `services`."""
        return self.publics if key == "publics" else self.services

    @property
    def folder(self) -> Path:
        return Path(self.path).resolve().parent


def load_network(doc: Document) -> tuple[Network | None, list[Problem]]:
    """A network from a document with a [network] table; None when it has errors."""
    problems = Problems(doc)
    problems.top_level(NETWORK_TOP_LEVEL, "network file")
    head = doc.data.get("network")
    if not isinstance(head, dict):
        return None, problems.items
    line = doc.locator.table("network")
    values = validate_table(head, NETWORK_FIELDS, problems.in_table("[network]", line))
    area = None
    if isinstance(values.get("area"), dict):
        area_line = doc.locator.table("network.area") or line
        report = problems.in_table("[network.area]", area_line)
        edges = validate_table(values["area"], AREA_FIELDS, report)
        if len(edges) == 4:
            area = Area(*(Decimal(edges[k]) for k in ("south", "north", "west", "east")))
            if area.south >= area.north:
                report(
                    "north",
                    _("north must be greater than south"),
                    _("the north edge has the larger latitude"),
                )
            if area.west >= area.east:
                report(
                    "east", _("east must be greater than west"), _("the east edge has the larger longitude")
                )
    lists = {}
    for key in WORD_LISTS:
        if key in values:
            at = doc.locator.key(key, line) or line  # an element's problems point at its list
            lists[key] = Vocabulary(tuple(_words(values[key], _in_list(problems, f"[network], {key}", at))))
    if problems.items:
        return None, problems.items
    return Network(values["name"], area, doc.path, **lists), []


def _in_list(problems: Problems, context: str, line: int | None) -> KeyReporter:
    return lambda where, message, hint: problems.add(f"{context}, {where}", message, hint, line)


def _in_element(report: KeyReporter, where: str) -> KeyReporter:
    return lambda key, message, hint: report(f"{where}, {key}", message, hint)


def _words(entries: list[object], report: KeyReporter) -> list[Word]:
    """The usual words of one list; each problem reported with the element's number."""
    words: list[Word] = []
    seen: dict[str, str] = {}
    for number, entry in enumerate(entries, 1):
        where = _("element {number}").format(number=number)
        if isinstance(entry, str):
            word = Word(entry.strip()) if entry.strip() else None
            if word is None:
                report(where, _("must not be empty"), _("write some text between the quotes"))
        elif isinstance(entry, dict):
            values = validate_table(entry, WORD_FIELDS, _in_element(report, where))
            word = Word(values["label"].strip(), values.get("label_en")) if "label" in values else None
        else:
            report(
                where,
                _("expected a text or a table, found {found}").format(found=describe(entry)),
                _('write "étudiants" or { label = "étudiants", label_en = "students" }'),
            )
            word = None
        if word is None:
            continue
        invisible = text_problem(word.label) or text_problem(word.label_en or "")
        if invisible:  # the site's filters show the word as written
            report(where, *invisible)
            continue
        if len(word.label) > SHORT_TEXT_MAX:
            report(
                where,
                _("{value!r} is longer than {count} characters").format(
                    value=word.label[:30] + "…", count=SHORT_TEXT_MAX
                ),
                _("a filter shows a short word"),
            )
            continue
        key = word_key(word.label)
        if key in seen:
            report(
                where,
                _("{value!r} is listed twice (as {first!r})").format(value=word.label, first=seen[key]),
                _("remove the repeated word"),
            )
            continue
        seen[key] = word.label
        words.append(word)
    return words


def networks_from(docs: Iterable[Document]) -> tuple[list[Network], list[Problem]]:
    networks, problems = [], []
    for doc in docs:
        network, found = load_network(doc)
        problems += found
        if network is not None:
            networks.append(network)
    return networks, problems


def network_checked(
    docs: Iterable[Document], place_files: Iterable[str | Path], read_problems: Iterable[Problem] = ()
) -> tuple[Network | None, list[Problem]]:
    """The network of the places published, and the problems of its file: the first valid
    network file among the documents read, else the one near the places (`network_files_near`:
    beside them or one folder up). `read_problems` are those met reading the files (a network
    file that is not even TOML is among them)."""
    problems = [p for p in read_problems if Path(p.path).name == NETWORK_FILE]
    found = None
    among = [d for d in docs if d.kind == "network"]
    for doc in among:
        network, more = load_network(doc)
        problems += more
        found = found or network
    if among or problems:
        return found, problems
    near = network_files_near(str(path) for path in place_files)
    return network_read(near[0]) if near else (None, [])


def network_in(path: Path) -> Network | None:
    """The network a network file describes; None when it is broken (`check reseau.toml` says why)."""
    return network_read(path)[0]


def network_read(path: Path) -> tuple[Network | None, list[Problem]]:
    """The network a network file describes, and what `check` says is wrong with it (None when broken)."""
    doc, problems = read_document(path)
    if doc is None:
        return None, problems
    if doc.kind != "network":
        return None, [
            Problem(
                str(path),
                "",
                _("is not a network file"),
                _("a network file starts with a [network] table"),
            )
        ]
    return load_network(doc)


def swapped_problem(lat: float | Decimal, lon: float | Decimal, network: Network) -> tuple[str, str] | None:
    """(message, hint) when the place is outside the area and would be inside with lat and lon exchanged."""
    area = network.area
    if area is None or area.contains(lat, lon) or not area.contains(lon, lat):
        return None
    return (
        _("latitude and longitude look swapped: {lat}, {lon} is outside the area of {network}").format(
            lat=lat, lon=lon, network=network.name
        ),
        _("write lat = {lon} and lon = {lat}").format(lat=lat, lon=lon),
    )


def location_problem(lat: float | Decimal, lon: float | Decimal, network: Network) -> tuple[str, str] | None:
    """Why coordinates are implausible for this network, as (message, hint); None when plausible."""
    area = network.area
    if area is None or area.contains(lat, lon):
        return None
    return swapped_problem(lat, lon, network) or (
        _("{lat}, {lon} is outside the area of {network} ({area})").format(
            lat=lat, lon=lon, network=network.name, area=area
        ),
        _("check the coordinates on a map, or widen [network.area] in {path}").format(path=network.path),
    )


def _applies(network: Network, place: Whereabouts) -> bool:
    try:
        return Path(place.path).resolve().is_relative_to(network.folder)
    except (OSError, RuntimeError, ValueError):
        return False


def _network_index(folder: Path, network_folders: Sequence[Path]) -> int | None:
    """Which network folder `folder` is in (the first that holds it), if any."""
    try:
        resolved = folder.resolve()
    except (OSError, RuntimeError):
        return None
    return next((i for i, f in enumerate(network_folders) if resolved.is_relative_to(f)), None)


class Whereabouts(Protocol):
    """What the network's warnings look at in a place: a `Place`, or what a place file with
    errors writes well (`written_whereabouts`), warned about in the same run."""

    @property
    def path(self) -> str: ...
    @property
    def lat(self) -> float | None: ...
    @property
    def lon(self) -> float | None: ...
    @property
    def publics(self) -> tuple[str, ...]: ...
    @property
    def services(self) -> tuple[str, ...]: ...


@attrs.frozen
class WrittenWhereabouts:
    """Where a place file with errors says the place is, and its publics and services: only the
    values the loader accepts (for a list, its entries that are texts), so that a wrong value
    brings no warning of its own."""

    path: str
    lat: float | None = None
    lon: float | None = None
    publics: tuple[str, ...] = ()
    services: tuple[str, ...] = ()


def written_whereabouts(doc: Document) -> WrittenWhereabouts:
    """What `Place` would hold of a file's `[place]` lat, lon, publics and services."""
    head = doc.data.get("place")
    values = validate_table(head, PLACE_FIELDS, _ignored) if isinstance(head, dict) else {}
    located = "lat" in values and "lon" in values
    return WrittenWhereabouts(
        doc.path,
        float(values["lat"]) if located else None,
        float(values["lon"]) if located else None,
        *(_written_words(head, key) for key in WORD_LISTS),
    )


def _written_words(head: object, key: str) -> tuple[str, ...]:
    """The entries of `publics` or `services` the loader accepts, even when it refuses the list
    for one of them (`""`, a number, a repeated entry, an invisible character): the others
    still get the network's word, the refused ones none."""
    written = head.get(key) if isinstance(head, dict) else None
    entries = written if isinstance(written, list) else ()
    texts = (entry.strip() for entry in entries if isinstance(entry, str) and text_problem(entry) is None)
    # An entry written twice: one warning (the repetition is told as such).
    return tuple(dict.fromkeys(t for t in texts if t and len(t) <= SHORT_TEXT_MAX))


def _ignored(key: str, message: str, hint: str, /, *, at: tuple[int | str, ...] = ()) -> None:
    """A reporter for values read a second time: their problems are told by `load_place`."""


#: The line of a key of a place file's [place] table: `key_line(path, key)` (None: not known).
KeyLine = Callable[[str, str], int | None]


def _no_line(path: str, key: str) -> int | None:
    return None


def word_warnings(
    places: Sequence[Whereabouts], networks: Sequence[Network], key_line: KeyLine = _no_line
) -> list[Problem]:
    """A warning for each public or service a place writes nearly as its network does, at the
    line `key_line` gives (asked only for a warning)."""
    warnings = []
    memos: dict[tuple[int, str], dict[str, Word | None]] = {}
    networks = [n for n in networks if n.publics.words or n.services.words]
    folders = [n.folder for n in networks]
    by_folder: dict[str, int | None] = {}  # a place's folder → its network: resolved once per folder
    for place in places if networks else ():
        parent = str(Path(place.path).parent)
        if parent not in by_folder:
            by_folder[parent] = _network_index(Path(parent), folders)
        index = by_folder[parent]
        if index is None:
            continue
        network = networks[index]
        for key in WORD_LISTS:
            memo = memos.setdefault((index, key), {})
            for entry, word in near_misses(getattr(place, key), network.words(key), memo):
                warnings.append(
                    Problem(
                        place.path,
                        where(key_line(place.path, key), f"[place] {key}"),
                        _("{value!r} is close to {word!r}, a usual word of {network}").format(
                            value=entry, word=word.label, network=network.name
                        ),
                        _("write {word!r}, as the network does, so that the site's filters group it").format(
                            word=word.label
                        ),
                        severity="warning",
                    )
                )
    return warnings


def location_warnings(
    places: Sequence[Whereabouts], networks: Sequence[Network], key_line: KeyLine = _no_line
) -> list[Problem]:
    """A warning for each place outside the area of a network file above it, at the line of
    its `lat` (`key_line`)."""
    warnings = []
    for place in places:
        if place.lat is None or place.lon is None:
            continue
        for network in networks:
            if not _applies(network, place):
                continue
            problem = location_problem(place.lat, place.lon, network)
            if problem:
                at = where(key_line(place.path, "lat"), "[place] lat, lon")
                warnings.append(Problem(place.path, at, *problem, severity="warning"))
                break
    return warnings
