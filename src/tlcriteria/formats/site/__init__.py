"""`site`: the network's public web site, a folder any static host (or a browser from disk) serves.

    publish places/ --format site -o public/

writes `index.html` (the ratings, paged; search, filters and sorting with
JavaScript), `lieux/ID/` (a place: identity card, every criterion's outcome
and evidence, badge, grade history), `colleges/NAME/` (the criteria explained,
the distribution of grades), `carte/` (Leaflet map, vendored: no CDN),
`api/places.json` and `api/places/ID.json`, `carte.geojson`, `lieux.csv`,
`badges/ID-COLLEGE.svg` and `auto-evaluation/` (the self-assessment page:
the engine in the browser, assess_page.py). Member text is only ever HTML-escaped text, or
reaches the scripts as JSON they show with `textContent`.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
from collections import Counter
from collections.abc import Mapping, Sequence
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import attrs

from ... import hookimpl
from ...i18n import _, current_language
from ...interfaces import DirectoryFormat, RenderContext
from ...network import Network
from ...publish import fold
from ...record import rating_record
from ...vocabulary import NO_WORDS, Vocabulary
from ..csv_format import CsvFormat
from ..geojson import GeoJsonFormat
from ..html import script_json
from .assess_page import write_assess_page
from .badges import badge_svg
from .content import (
    FRESHNESS,
    VERIFICATIONS,
    Site,
    SitePlace,
    SiteRating,
    build_site,
    freshness_of,
    stage_text,
    verification_of,
)
from .layout import SiteInfo
from .pages import (
    PAGE_SIZE,
    college_page,
    index_entries,
    index_page,
    map_page,
    place_page,
)

#: OpenStreetMap's tile server, the default background of the map (`--tiles` changes it).
DEFAULT_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_ATTRIBUTION = "© OpenStreetMap contributors"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _distinct(values: Sequence[str]) -> list[str]:
    return sorted(set(values), key=lambda v: (fold(v), v))


def _vocabulary(values: Sequence[str], usual: Vocabulary = NO_WORDS) -> tuple[list[str], dict[str, int]]:
    """The filter's words: first the network's usual words that places use (in the network's
    order and the site's language; an entry is one when it differs only by case, accents or
    plural), then the places' own words, those that differ only by case or accents being one
    word shown as most places write it. Returns (words, index of each entry as written)."""
    position = {word: i for i, word in enumerate(usual.words)}
    counts: dict[tuple[int, str], dict[str, int]] = {}
    for value, count in Counter(values).items():  # each spelling looked at once, however many places
        word = usual.word_for(value)
        key = (0, f"{position[word]:08d}") if word is not None else (1, fold(value))
        counts.setdefault(key, {})[value] = count
    keys = sorted(counts)
    language = current_language()
    words = []
    for key in keys:
        if key[0] == 0:
            words.append(usual.words[int(key[1])].shown(language))
        else:
            spellings = counts[key]
            words.append(max(sorted(spellings), key=spellings.__getitem__))
    at = {k: i for i, k in enumerate(keys)}
    return words, {value: at[k] for k, spellings in counts.items() for value in spellings}


def index_data(site: Site, network: Network | None = None) -> dict[str, Any]:
    """What the index script needs, compact: each row is a list, repeated texts are indexes."""
    usual_publics = network.publics if network else NO_WORDS
    usual_services = network.services if network else NO_WORDS
    publics, public_at = _vocabulary([v for p in site.places for v in p.place.publics], usual_publics)
    services, service_at = _vocabulary([v for p in site.places for v in p.place.services], usual_services)
    colleges = [c.name for c in site.colleges]
    college_at = {c: i for i, c in enumerate(colleges)}
    rows = []
    for place, item in index_entries(site.places):
        rows.append(
            [
                place.id,
                place.name,
                place.town,
                place.place.stage,
                college_at[item.row.college] if item else -1,
                (item.row.grade or "") if item else "",
                item.row.percent if item else None,
                -1 if item is None or item.rank is None else item.rank,
                sorted({public_at[v] for v in place.place.publics}),
                sorted({service_at[v] for v in place.place.services}),
                verification_of(item.row) if item else "",
                freshness_of(item.row) if item else "",
            ]
        )
    return {
        "colleges": colleges,
        "publics": publics,
        "services": services,
        "stages": {code: stage_text(code) for code in ("existing", "creating", "project")},
        "rows": rows,
        "text": {
            "status": _("Page {page} of {pages}: rows {first} to {last} of {total}."),
            "none": _("No place matches the search."),
            "previous": _("Previous page"),
            "next": _("Next page"),
            "sort": _("Sort by {column}"),
        },
        "decimal": "." if current_language() == "en" else ",",
        "pageSize": PAGE_SIZE,
    }


def map_data(site: Site) -> list[list[Any]]:
    out = []
    for place in site.places:
        if not place.has_coordinates:
            continue
        first = place.ratings[0] if place.ratings else None
        grades = " · ".join(f"{r.row.college} {r.row.grade or '—'}" for r in place.ratings)
        out.append(
            [
                place.id,
                place.name,
                place.town,
                place.place.lat,
                place.place.lon,
                first.colour if first else "#999999",
                grades,
            ]
        )
    return out


def filters(site: Site, data: Mapping[str, Any]) -> dict[str, list[tuple[str, str]]]:
    grades: list[str] = []
    for college in site.colleges:
        for g in site.grades.get(college.rules.id, ()):
            if g not in grades:
                grades.append(g)
    grades += _distinct(
        [i.row.grade for c in site.colleges for i in c.ratings if i.row.grade and i.row.grade not in grades]
    )
    stages = [
        code
        for code in ("existing", "creating", "project")
        if any(p.place.stage == code for p in site.places)
    ]
    ratings = [i.row for c in site.colleges for i in c.ratings]
    verifications = {verification_of(r) for r in ratings}
    freshness = {freshness_of(r) for r in ratings}
    return {
        "college": [(str(i), c.name) for i, c in enumerate(site.colleges)],
        "grade": [(g, g) for g in grades if any(i.row.grade == g for c in site.colleges for i in c.ratings)],
        "stage": [(s, stage_text(s)) for s in stages],
        "public": [(str(i), v) for i, v in enumerate(data["publics"])],
        "service": [(str(i), v) for i, v in enumerate(data["services"])],
        # Shown only when the ratings carry them (peer reviews, assessment dates).
        "verification": [(k, _(label)) for k, label in VERIFICATIONS.items() if k in verifications],
        "freshness": [(k, _(label)) for k, label in FRESHNESS.items() if k in freshness],
    }


def place_json(place: SitePlace) -> str:
    card = place.identity()
    card["ratings"] = [rating_record(item.rating) for item in place.ratings]
    return json.dumps(card, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def copy_assets(folder: Path) -> None:
    here = files("tlcriteria.formats.site")
    with as_file(here / "assets") as assets:
        shutil.copytree(assets, folder / "assets", dirs_exist_ok=True)
    with as_file(here / "vendor") as vendor:
        shutil.copytree(vendor, folder / "assets" / "vendor", dirs_exist_ok=True)


@attrs.frozen
class PlaceJob:
    """What writing the places' own files needs (their page, JSON and badges)."""

    places: Sequence[SitePlace]
    folder: Path
    info: SiteInfo
    base_url: str
    history: Mapping[str, Sequence[Mapping[str, str]]]


def write_place(job: PlaceJob, place: SitePlace) -> str:
    """Write one place's page, JSON and badges; return its JSON (for api/places.json)."""
    text = place_json(place)
    (job.folder / "api" / "places" / f"{place.id}.json").write_text(text + "\n", encoding="utf-8")
    directory = job.folder / "lieux" / place.id
    directory.mkdir()
    (directory / "index.html").write_text(
        place_page(job.info, place, job.base_url, job.history.get(place.id, ())), encoding="utf-8"
    )
    for item in place.ratings:
        target = job.folder / "badges" / f"{place.id}-{item.row.college}.svg"
        source = job.folder / "assets" / "badges" / badge_name(item)
        try:
            # Places with the same grade share one badge: a hard link costs a tenth of a new file.
            os.link(source, target)
        except OSError:  # a file system without hard links
            shutil.copyfile(source, target)
    return text


def badge_name(item: SiteRating) -> str:
    """The shared badge of a college and grade (the grade may hold any character: hashed)."""
    key = f"{item.row.college}\0{item.row.grade}\0{item.colour}".encode()
    return f"{item.row.college}-{hashlib.sha256(key).hexdigest()[:16]}.svg"


def write_shared_badges(folder: Path, network: str, places: Sequence[SitePlace]) -> None:
    (folder / "assets" / "badges").mkdir(parents=True, exist_ok=True)
    written: set[str] = set()
    for place in places:
        for item in place.ratings:
            name = badge_name(item)
            if name not in written:
                written.add(name)
                svg = badge_svg(network, item.row.college, item.row.grade, item.colour)
                (folder / "assets" / "badges" / name).write_text(svg, encoding="utf-8")


#: The job of the forked workers (inherited, never pickled) and the places per task.
_JOB: PlaceJob | None = None
SLICE = 400
MIN_PLACES = 2000


def _write_slice(bounds: tuple[int, int]) -> list[str]:
    assert _JOB is not None
    return [write_place(_JOB, place) for place in _JOB.places[bounds[0] : bounds[1]]]


def write_places(job: PlaceJob) -> list[str]:
    """Every place's files, on several cores when there are many places and `fork` exists
    (the workers inherit the rendered content; only the JSON texts come back, in order)."""
    from ...parallel import workers_wanted

    global _JOB
    workers = min(workers_wanted(), -(-len(job.places) // SLICE))
    if len(job.places) < MIN_PLACES or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [write_place(job, place) for place in job.places]
    _JOB = job
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            bounds = [(lo, lo + SLICE) for lo in range(0, len(job.places), SLICE)]
            return [text for part in pool.imap(_write_slice, bounds) for text in part]
    finally:
        _JOB = None


class SiteFormat(DirectoryFormat):
    name = "site"
    description = (
        "site web statique du réseau (-o DOSSIER) : annuaire, fiches des lieux, critères, carte, API"
    )
    commands = frozenset({"publish"})
    #: The site shows each place's grade history when `publish` gives it (places in git).
    uses_history = True

    def write_directory(self, context: RenderContext, folder: Path) -> None:
        options = context.options
        site = build_site(context)
        header: Mapping[str, Any] = context.header or {}
        info = SiteInfo(
            title=str(options.get("title") or _("Places of the network")),
            network=str(options.get("network") or _("Network of tiers-lieux")),
            date=str(header.get("date") or options.get("date") or ""),
            generator=str(header.get("generator") or "tlcriteria"),
            colleges=tuple((c.name, c.title) for c in site.colleges),
        )
        base_url = str(options.get("site_url") or "")
        history: Mapping[str, Sequence[Mapping[str, str]]] = options.get("history") or {}
        copy_assets(folder)

        entries = index_entries(site.places)
        count = max(1, -(-len(entries) // PAGE_SIZE))
        network_file = options.get("network_file")
        data = index_data(site, network_file if isinstance(network_file, Network) else None)
        choices = filters(site, data)
        for number in range(1, count + 1):
            path = "index.html" if number == 1 else f"pages/{number}/index.html"
            _write(folder / path, index_page(info, entries, number, count, choices, len(site.places)))
        _write(folder / "assets" / "data.js", "window.TL_SITE=" + script_json(data) + ";\n")
        _write(folder / "assets" / "map-data.js", "window.TL_MAP=" + script_json(map_data(site)) + ";\n")
        tiles = str(options.get("tiles") or DEFAULT_TILES)
        attribution = str(
            options.get("tiles_attribution") or (DEFAULT_ATTRIBUTION if tiles == DEFAULT_TILES else "")
        )
        _write(folder / "carte" / "index.html", map_page(info, site.places, tiles, attribution))

        (folder / "api" / "places").mkdir(parents=True)
        (folder / "badges").mkdir()
        (folder / "lieux").mkdir()
        write_shared_badges(folder, info.network, site.places)
        documents = write_places(PlaceJob(site.places, folder, info, base_url, history))
        meta = json.dumps(dict(header), ensure_ascii=False, sort_keys=True)
        _write(
            folder / "api" / "places.json",
            '{"header":' + meta + ',"places":[\n' + ",\n".join(documents) + "\n]}\n",
        )
        for college in site.colleges:
            _write(folder / "colleges" / college.name / "index.html", college_page(info, college))
        write_assess_page(folder, info, options, context.warn)
        _write(folder / "carte.geojson", GeoJsonFormat().render(context))
        _write(folder / "lieux.csv", CsvFormat().render(context))


@hookimpl
def tlcriteria_output_formats() -> list[DirectoryFormat]:
    return [SiteFormat()]
