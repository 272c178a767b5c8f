"""The network file (`reseau.toml` by convention): the network's name and the area of its places.

`check` reads it among the paths it is given and warns about a place of that
folder (or below it) whose coordinates fall outside the area, saying so when
latitude and longitude look swapped; the questionnaire applies the same rule
(`location_problem`) as the coordinates are typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

import attrs

from .documents import Document, read_document
from .errors import Problem
from .fields import validate_table
from .fileformat import AREA_FIELDS, NETWORK_FIELDS, NETWORK_TOP_LEVEL
from .i18n import _
from .loading import Problems
from .model import Place

#: The name `assess` looks for beside a place file and one folder up.
NETWORK_FILE = "reseau.toml"


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
    if problems.items:
        return None, problems.items
    return Network(values["name"], area, doc.path), []


def networks_from(docs: Iterable[Document]) -> tuple[list[Network], list[Problem]]:
    networks, problems = [], []
    for doc in docs:
        network, found = load_network(doc)
        problems += found
        if network is not None:
            networks.append(network)
    return networks, problems


def network_near(place_file: Path) -> Network | None:
    """The network file beside a place file or one folder up (NETWORK/places/x.toml), if valid."""
    folder = place_file.resolve().parent
    for candidate in (folder / NETWORK_FILE, folder.parent / NETWORK_FILE):
        if candidate.is_file():
            doc, _problems = read_document(candidate)  # a broken network file: check reports it
            if doc is not None and doc.kind == "network":
                return load_network(doc)[0]
    return None


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


def _applies(network: Network, place: Place) -> bool:
    try:
        return Path(place.path).resolve().is_relative_to(network.folder)
    except (OSError, RuntimeError, ValueError):
        return False


def location_warnings(places: Sequence[Place], networks: Sequence[Network]) -> list[Problem]:
    """A warning for each place outside the area of a network file above it."""
    warnings = []
    for place in places:
        if place.lat is None or place.lon is None:
            continue
        for network in networks:
            if not _applies(network, place):
                continue
            problem = location_problem(place.lat, place.lon, network)
            if problem:
                warnings.append(Problem(place.path, "[place] lat, lon", *problem, severity="warning"))
                break
    return warnings
