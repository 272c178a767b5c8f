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

Each place's own files (its page, its JSON, its badges) are written by the
worker that rated it (`folder_pieces`, in `publish`'s pool); the parent gets
back, in spooled streams, the small pieces the shared files are made of (index
rows, map entries, college lists, CSV and GeoJSON pieces, the JSON documents
for `api/places.json`) and writes those files as the streams are merged
(`finish_folder`). Without the pool (`write_directory`: signatures, peer
reviews) the same functions run in one process.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import shutil
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib.resources import as_file, files
from json.encoder import encode_basestring  # the C one, as json.dumps(ensure_ascii=False) uses
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ... import hookimpl
from ...i18n import LANGUAGES, _, current_language
from ...interfaces import DirectoryFormat, RenderContext
from ...network import Network
from ...publish import PublicRow, Redo, Summary, collect, fold, joined_key, signature_text, sort_key
from ...vocabulary import NO_WORDS, Vocabulary
from ..csv_format import CsvFormat
from ..geojson import GeoJsonFormat
from ..html import compact_json, grade_choices, script_json, script_safe
from ..json_format import json_scalar
from .assess_page import write_assess_page
from .badges import badge_svg
from .content import (
    FRESHNESS,
    VERIFICATIONS,
    College,
    ShownWords,
    SitePlace,
    SiteRating,
    freshness_of,
    place_order,
    set_title,
    site_place,
    stage_text,
    verification_of,
)
from .criteria_rows import criteria_texts
from .layout import SiteInfo
from .pages import (
    LIST_MARK,
    PAGE_SIZE,
    college_item,
    college_page,
    distribution,
    finder,
    index_cell_starts,
    index_headings,
    index_page,
    index_page_path,
    index_rows,
    map_item,
    map_page,
    place_page,
)
from .records import CompactRecords

if TYPE_CHECKING:
    from ...catalogue import Catalogue
    from ...model import Place, Rating
    from ...parallel import Tally

#: OpenStreetMap's tile server, the default background of the map (`--tiles` changes it).
DEFAULT_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_ATTRIBUTION = "© OpenStreetMap contributors"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _vocabulary(values: Mapping[str, int], usual: Vocabulary = NO_WORDS) -> tuple[list[str], dict[str, int]]:
    """The filter's words: first the network's usual words that places use (in the network's
    order and the site's language; an entry is one when it differs only by case, accents or
    plural), then the places' own words, those that differ only by case or accents being one
    word shown as most places write it. `values`: how many times each entry is written.
    Returns (words, index of each entry as written)."""
    position = {word: i for i, word in enumerate(usual.words)}
    counts: dict[tuple[int, str], dict[str, int]] = {}
    for value, count in sorted(values.items()):  # each spelling looked at once, however many places
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


def place_document(place: SitePlace, criteria: Sequence[bytes], records: CompactRecords) -> bytes:
    """A place's document in the API, in UTF-8: its identity card and rating records
    (`criteria`: each record's criteria elements, written, from `CriteriaTexts.rating_texts`;
    `records`: the writer of the records, which keeps what they share)."""
    card = place.identity()
    card["ratings"] = []
    # Member text is escaped (no quote left in it): `"ratings":[]` is the card's own key.
    head, tail = compact_json(card).split('"ratings":[]', 1)
    pieces: list[bytes] = []
    text, comma = head + '"ratings":[', ""
    for item, elements in zip(place.ratings, criteria, strict=True):
        before, after = records.parts(item.rating)
        pieces += ((text + comma + before).encode(), elements)
        text, comma = after, ","
    pieces.append((text + "]" + tail).encode())
    return b"".join(pieces)


def copy_assets(folder: Path) -> None:
    here = files("tlcriteria.formats.site")
    with as_file(here / "assets") as assets:
        shutil.copytree(assets, folder / "assets", dirs_exist_ok=True)
    with as_file(here / "vendor") as vendor:
        shutil.copytree(vendor, folder / "assets" / "vendor", dirs_exist_ok=True)


def badge_name(item: SiteRating) -> str:
    """The shared badge of a college and grade (the grade may hold any character: hashed)."""
    key = f"{item.row.college}\0{item.row.grade}\0{item.colour}".encode()
    return f"{item.row.college}-{hashlib.sha256(key).hexdigest()[:16]}.svg"


def _put(path: str, text: str) -> None:
    """Write a new file at the lowest cost: some 80,000 of them for 20,000 places."""
    _put_bytes(path, text.encode("utf-8"))


def _put_bytes(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        written = os.write(fd, data)  # a file's whole text, but for a full disk or a signal
        if written < len(data):
            view = memoryview(data)[written:]
            while view:
                view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


@functools.lru_cache(maxsize=1)
def _history_file(path: str) -> Mapping[str, Any]:
    """The grade histories `publish` read before the pool, by place file: read once per worker."""
    with open(path, "rb") as handle:
        history: Mapping[str, Any] = pickle.load(handle)
    return history


class PlaceWriter:
    """Writes the places' own files (page, JSON, badges) of one slice, in a worker or alone."""

    def __init__(self, folder: Path, info: SiteInfo, base_url: str, options: Mapping[str, Any]) -> None:
        self.folder = str(folder)
        self.info = info
        self.base_url = base_url
        # Grade histories by place id (the whole path), or by file (read once per worker).
        self.history: Mapping[str, Any] = options.get("history") or {}
        self.by_path = "history_file" in options
        if self.by_path:
            self.history = _history_file(str(options["history_file"]))
        self.badges: dict[tuple[str, str | None, str], str] = {}  # shared badges written, by look
        # The registry's kinds show the answers on the pages (as in the public rows).
        self.criteria = criteria_texts(getattr(options.get("registry"), "kinds", None))
        self.records = CompactRecords()

    def shared_badge(self, item: SiteRating) -> str:
        """The badge every place with this college and grade links to, written on first need
        (by whichever worker needs it first: written aside, then renamed, so never half seen)."""
        look = (item.row.college, item.row.grade, item.colour)
        path = self.badges.get(look)
        if path is None:
            name = badge_name(item)
            path = f"{self.folder}/assets/badges/{name}"
            if not os.path.exists(path):
                college = self.info.college_title(item.row.college)  # as the pages name it
                svg = badge_svg(self.info.network, college, item.row.grade, item.colour)
                aside = f"{self.folder}/assets/badges/.{name}.{os.getpid()}"
                _put(aside, svg)
                os.replace(aside, path)
            self.badges[look] = path
        return path

    def _key(self, place: SitePlace) -> str:
        return place.place.path if self.by_path else place.id

    def write(self, places: Sequence[SitePlace]) -> list[bytes]:
        """Write the places' pages, JSON and badges; return each one's JSON (for api/places.json),
        in UTF-8: bytes cross the spool and reach the parent's file as they are.

        One step at a time over all the places (their criteria texts, documents, pages, then
        files): each step's code and tables stay in the processor's caches from one place to
        the next, where taking each place through every step, the system's file calls among
        them, reloaded them for every place."""
        criteria = self.criteria
        # Each rating's criteria table rows and JSON elements, made in one pass.
        texts = [[criteria.rating_texts(item.rating) for item in place.ratings] for place in places]
        documents = [
            place_document(place, [t[1] for t in made], self.records)
            for place, made in zip(places, texts, strict=True)
        ]
        pages = [
            place_page(
                self.info, place, self.base_url, [t[0] for t in made], self.history.get(self._key(place), ())
            )
            for place, made in zip(places, texts, strict=True)
        ]
        for place, document, page in zip(places, documents, pages, strict=True):
            _put_bytes(f"{self.folder}/api/places/{place.id}.json", document + b"\n")
            directory = f"{self.folder}/lieux/{place.id}"
            os.mkdir(directory)
            _put_bytes(f"{directory}/index.html", page)
            for item in place.ratings:
                target = f"{self.folder}/badges/{place.id}-{item.row.college}.svg"
                source = self.shared_badge(item)
                try:
                    # Places with the same grade share one badge: a hard link costs a tenth of a new file.
                    os.link(source, target)
                except OSError:  # a file system without hard links
                    shutil.copyfile(source, target)
        return documents


#: The streams of pieces a slice of places gives the parent (see `folder_pieces`).
STREAMS = ("places", "colleges", "csv", "geojson")


#: The place's link in an index row, on the pages after the first (`pages/N/`), and on the first:
#: the only text of the row that depends on the page.
_OTHER_PAGES_LINK = '<a href="../../lieux/'
_FIRST_PAGE_LINK = '<a href="lieux/'


def _first_page_row(row: str) -> str:
    """An index row (made for the pages after the first) as the first page shows it."""
    # Member text is escaped (no quote left), so the link is the row's only `<a href="../../lieux/`.
    return row.replace(_OTHER_PAGES_LINK, _FIRST_PAGE_LINK, 1)


#: Where a data.js row's publics and services go, in the text the worker makes of it (JSON
#: writes a NUL as `\u0000`, so the text holds no other).
_DATA_WORDS = "\0"


def slice_pieces(
    places: Sequence[Place],
    by_place: Mapping[str, Sequence[tuple[PublicRow, Rating]]],
    context: RenderContext,
) -> tuple[dict[str, list[tuple[Any, str, Any]]], Counter[Any], dict[Any, tuple[Any, Any]]]:
    """Write the places' own files; return the sorted pieces of each stream, the counts and the
    first values the shared files need (see `finish`)."""
    options = context.options
    folder = Path(options["site_folder"])
    info: SiteInfo = options["site_info"]
    grades = options.get("grades") or {}
    shown = ShownWords(options.get("network_file"))
    writer = PlaceWriter(folder, info, str(options.get("site_url") or ""), options)
    flat = bool(options.get("site_streamed"))  # CSV and GeoJSON pieces too (else rendered whole)
    row_starts = index_cell_starts(dict(index_headings()))
    streams: dict[str, list[tuple[Any, str, Any]]] = {name: [] for name in STREAMS}
    counts: Counter[Any] = Counter()
    firsts: dict[Any, tuple[Any, Any]] = {}
    csv_format, geojson_format = CsvFormat(), GeoJsonFormat()
    site_places = [site_place(place, by_place.get(place.id, ()), grades, shown) for place in places]
    documents = writer.write(site_places)
    # The CSV and GeoJSON pieces' inputs, by place: id, sort keys by college, rows and ratings in order.
    tabled: list[tuple[str, dict[str, str], list[PublicRow], list[Rating]]] = []
    # Each step over all the places in turn, as `PlaceWriter.write` does (its code stays in
    # the processor's caches from one place to the next): index rows, data.js rows, map entries.
    rows_of = [index_rows(sp, "../../", row_starts) for sp in site_places]
    data_of = _data_rows(places, site_places, info)
    mapped_of = [_map_entry(place, sp) for place, sp in zip(places, site_places, strict=True)]
    publics: Counter[str] = Counter()  # the places' words, counted in C, then keyed for `counts`
    services: Counter[str] = Counter()
    for place, sp, data, rows, texts, mapped in zip(
        places, site_places, documents, rows_of, data_of, mapped_of, strict=True
    ):
        pairs = by_place.get(place.id, ())
        if mapped is not None:
            counts["mapped"] += 1
        # One record per place: its API document, index rows, data.js rows (joined), map entry,
        # and the publics and services its data.js rows number.
        piece = (data, rows, texts, place.publics, place.services, mapped)
        streams["places"].append((joined_key(place_order(sp)), sp.id, piece))
        counts["places"] += 1
        counts["entries"] += len(rows)
        counts["stage", place.stage] += 1
        publics.update(place.publics)
        services.update(place.services)
        keys = {row.college: joined_key(sort_key(row)) for row, _rating in pairs}  # one rating per college
        for item in sp.ratings:
            row = item.row
            key = keys[row.college]
            counts["college", row.college, row.set_id] += 1
            counts["grade", row.college, row.grade or ""] += 1
            counts["verification", verification_of(row)] += 1
            counts["freshness", freshness_of(row)] += 1
            counts["signature", row.signature or ""] += 1
            colour_key = ("colour", row.college, row.grade or "")
            if colour_key not in firsts or key < firsts[colour_key][0]:
                firsts[colour_key] = (key, item.colour)
            streams["colleges"].append((key, sp.id, (row.college, college_item(item))))
        if flat and pairs:
            ordered = sorted(pairs, key=lambda pair: keys[pair[0].college])
            tabled.append((sp.id, keys, [row for row, _r in ordered], [rating for _row, rating in ordered]))
    counts.update({("public", word): n for word, n in publics.items()})
    counts.update({("service", word): n for word, n in services.items()})
    # Each format over all the places in turn (as `PlaceWriter.write`'s steps).
    for name, fmt in (("csv", csv_format), ("geojson", geojson_format)):
        stream = streams[name]
        for place_id, keys, rows, ratings in tabled:
            for index, piece in fmt.publish_pieces(rows, ratings, context):
                stream.append((keys[rows[index].college], place_id, piece))
    for pieces in streams.values():
        pieces.sort(key=itemgetter(0))
    return streams, counts, firsts


def _data_rows(places: Sequence[Place], site_places: Sequence[SitePlace], info: SiteInfo) -> list[str]:
    """Each place's data.js rows, joined, as the parent writes them but for their publics and
    services (numbered once every place is counted): `_DATA_WORDS` stands where they go.

    Written as `script_json` writes a row's list, by hand: the JSON encoder's own set-up and
    dispatch cost more than the row (some 18,000 rows for 10,000 places)."""
    # Each college's number in the index's data: its place in every page's navigation (a
    # college outside it makes `finish` redo the site on the whole path, whatever it gets here).
    college_at = {name: i for i, (name, _title) in enumerate(info.colleges)}
    text = encode_basestring
    out = []
    for place, sp in zip(places, site_places, strict=True):
        start = f"[{text(sp.id)},{text(sp.name)},{text(sp.town)},{text(place.stage)},"
        if not sp.ratings:
            out.append(script_safe(f'{start}-1,"",null,-1,{_DATA_WORDS},"","",""]'))
            continue
        rows = []
        for item in sp.ratings:
            row = item.row
            rows.append(
                f"{start}{college_at.get(row.college, -1)},{text(row.grade or '')},"
                f"{_json_number(row.percent)},{-1 if item.rank is None else item.rank},{_DATA_WORDS},"
                f"{text(verification_of(row))},{text(freshness_of(row))},{text(row.signature or '')}]"
            )
        out.append(script_safe(",".join(rows)))
    return out


def _json_number(value: float | None) -> str:
    """A number (or None) as `script_json` writes it (no number holds a character it escapes)."""
    return json_scalar(value) or script_json(value)


def _map_entry(place: Place, sp: SitePlace) -> tuple[str, str] | None:
    """A place's entry in map-data.js (as `script_json` writes its list: see `_data_rows`) and
    its item in the map's list (None without coordinates)."""
    if not sp.has_coordinates:
        return None
    first = sp.ratings[0] if sp.ratings else None
    grades_text = " · ".join(f"{r.row.college} {r.row.grade or '—'}" for r in sp.ratings)
    colour = first.colour if first else "#999999"
    text = encode_basestring
    entry = (
        f"[{text(sp.id)},{text(sp.name)},{text(sp.town)},{_json_number(place.lat)},"
        f"{_json_number(place.lon)},{text(colour)},{text(grades_text)}]"
    )
    return script_safe(entry), map_item(sp)


def expected_colleges(catalogue: Catalogue) -> tuple[tuple[str, str, str], ...]:
    """(college, title, set id) of every college a set rates, in the site's order: what every
    page's navigation lists, known before any place is rated (`finish` checks it)."""
    found = [
        (college, set_title(catalogue.sets[set_id]), set_id) for college, set_id in catalogue.colleges.items()
    ]
    return tuple(sorted(found, key=lambda c: (fold(c[0]), c[0])))


def site_info(
    options: Mapping[str, Any],
    colleges: Sequence[tuple[str, str, str]],
    known: Sequence[tuple[str, str, str]],
) -> SiteInfo:
    """What every page says; `colleges`: those with a page, `known`: every college a set rates
    (`expected_colleges`), for the cards of places whose college has no published rating."""
    from ... import __version__

    return SiteInfo(
        # The network's own name (its file's, or --network) before the generic title.
        title=str(options.get("title") or options.get("network") or _("Places of the network")),
        network=str(options.get("network") or _("Network of tiers-lieux")),
        date=str(options.get("date") or ""),
        generator=f"tlcriteria {__version__}",
        colleges=tuple((name, title) for name, title, _set_id in colleges),
        titles=tuple((name, title) for name, title, _set_id in known),
    )


def filters(
    colleges: Sequence[College],
    grades: Mapping[str, Sequence[str]],
    counts: Counter[Any],
    data: Mapping[str, Any],
) -> dict[str, list[tuple[str, str]]]:
    appearing = {key[2] for key in counts if key[0] == "grade" and key[2]}
    stages = [code for code in ("existing", "creating", "project") if counts["stage", code]]
    return {
        "college": [(str(i), c.title) for i, c in enumerate(colleges)],  # by the title the menu gives
        "grade": [(g, g) for g in grade_choices(appearing, grades, (c.rules.id for c in colleges))],
        "stage": [(s, stage_text(s)) for s in stages],
        "public": [(str(i), v) for i, v in enumerate(data["publics"])],
        "service": [(str(i), v) for i, v in enumerate(data["services"])],
        # Shown only when the ratings carry them (peer reviews, assessment dates).
        "verification": [(k, _(label)) for k, label in VERIFICATIONS.items() if counts["verification", k]],
        "freshness": [(k, _(label)) for k, label in FRESHNESS.items() if counts["freshness", k]],
        # With --signers: each state some rating has, in `publish`'s words.
        "signature": _signatures(counts),
    }


def _signatures(counts: Counter[Any]) -> list[tuple[str, str]]:
    """The signature filter's choices: the states the ratings carry, in the states' order."""
    found = {key[1] for key in counts if key[0] == "signature" and key[1] and counts[key]}
    if not found:
        return []
    from ...signatures import STATES

    order = [state for state in STATES if state in found] + sorted(found - set(STATES))
    return [(state, signature_text(state)) for state in order]


#: The write buffer of the shared files (tens of megabytes for `api/places.json`).
_BUFFER = 1 << 20


class _Lines:
    """A file written piece by piece (the shared files, as the streams are merged)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file = path.open("w", encoding="utf-8", buffering=_BUFFER)
        self.write: Callable[[str], int] = self.file.write  # tens of thousands of pieces: no frame of ours

    def close(self) -> None:
        self.file.close()


def finish(
    folder: Path,
    stream: Callable[[str], Iterator[Any]],
    counts: Counter[Any],
    firsts: Mapping[Any, tuple[Any, Any]],
    header: Mapping[str, Any],
    context: RenderContext,
    catalogue_sets: Mapping[str, Any],
) -> None:
    """Write the shared files from the merged streams: index pages and data, map, API, colleges."""
    options = context.options
    info: SiteInfo = options["site_info"]
    rated = {(key[1], key[2]) for key in counts if key[0] == "college"}
    if {name for name, _title in info.colleges} != {college for college, _set_id in rated}:
        raise Redo
    set_of = dict(rated)
    colleges = [
        College(name, catalogue_sets[set_of[name]], counts["college", name, set_of[name]], catalogue_sets)
        for name, _t in info.colleges
    ]
    network_file = options.get("network_file")
    network = network_file if isinstance(network_file, Network) else None
    publics, public_at = _vocabulary(
        {key[1]: n for key, n in counts.items() if key[0] == "public"},
        network.publics if network else NO_WORDS,
    )
    services, service_at = _vocabulary(
        {key[1]: n for key, n in counts.items() if key[0] == "service"},
        network.services if network else NO_WORDS,
    )
    data: dict[str, Any] = {
        "colleges": [c.name for c in colleges],
        "publics": publics,
        "services": services,
        "stages": {code: stage_text(code) for code in ("existing", "creating", "project")},
        "rows": [],
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
    search = finder(filters(colleges, options.get("grades") or {}, counts, data))  # on every index page
    total = counts["entries"]
    pages = max(1, -(-total // PAGE_SIZE))
    data_head, data_tail = script_json(data).split('"rows":[]')
    data_js = _Lines(folder / "assets" / "data.js")
    data_js.write("window.TL_SITE=" + data_head + '"rows":[')
    map_js = _Lines(folder / "assets" / "map-data.js")
    map_js.write("window.TL_MAP=[")
    tiles = str(options.get("tiles") or DEFAULT_TILES)
    attribution = str(
        options.get("tiles_attribution") or (DEFAULT_ATTRIBUTION if tiles == DEFAULT_TILES else "")
    )
    map_head, map_tail = map_page(info, counts["mapped"], tiles, attribution).split(LIST_MARK)
    map_html = _Lines(folder / "carte" / "index.html")
    map_html.write(map_head)
    # The places' documents come in UTF-8, some 7 KB each: one system call per megabyte of
    # them, not one per document.
    api = (folder / "api" / "places.json").open("wb", buffering=_BUFFER)
    api.write(
        (
            '{"header":' + json.dumps(dict(header), ensure_ascii=False, sort_keys=True) + ',"places":[\n'
        ).encode()
    )
    number, rows = 1, []  # the index page being filled, its rows
    first_place = first_mapped = True
    for document, entries, data_rows, place_publics, place_services, mapped in stream("places"):
        if not first_place:
            api.write(b",\n")
            data_js.write(",")
        api.write(document)
        first_place = False
        # The place's publics and services by number, the same in each of its rows: `[1,4],[2]`
        # (numbers: written as the JSON encoder writes them).
        publics_at = ",".join(map(str, sorted({public_at[v] for v in place_publics})))
        services_at = ",".join(map(str, sorted({service_at[v] for v in place_services})))
        numbered = f"[{publics_at}],[{services_at}]"
        data_js.write(data_rows.replace(_DATA_WORDS, numbered))
        rows += entries
        while len(rows) >= PAGE_SIZE:
            _write_index_page(folder, info, rows[:PAGE_SIZE], number, pages, search, counts)
            number, rows = number + 1, rows[PAGE_SIZE:]
        if mapped is not None:
            map_js.write(mapped[0] if first_mapped else "," + mapped[0])
            map_html.write(mapped[1])
            first_mapped = False
    if rows or number == 1:
        _write_index_page(folder, info, rows, number, pages, search, counts)
    api.write(b"\n]}\n")
    data_js.write("]" + data_tail + ";\n")
    map_js.write("];\n")
    map_html.write(map_tail)
    for file in (api, data_js, map_js, map_html):
        file.close()
    _write_colleges(folder, info, colleges, counts, firsts, stream, options.get("grades") or {})
    write_assess_page(folder, info, options, context.warn)


def _write_index_page(
    folder: Path,
    info: SiteInfo,
    rows: list[str],
    number: int,
    pages: int,
    search: str,
    counts: Counter[Any],
) -> None:
    """One page of the index (`rows`: made for the pages after the first)."""
    shown = [_first_page_row(row) for row in rows] if number == 1 else rows
    page = index_page(info, shown, number, pages, search, counts["places"], counts["entries"])
    _write(folder / index_page_path(number), page)


def _write_colleges(
    folder: Path,
    info: SiteInfo,
    colleges: Sequence[College],
    counts: Counter[Any],
    firsts: Mapping[Any, tuple[Any, Any]],
    stream: Callable[[str], Iterator[Any]],
    grades: Mapping[str, Sequence[str]],
) -> None:
    """Each college's page, its places from the stream (grouped by college, in the pages' order).

    `grades`: each set's grades, best first, in its scheme's order (a plugin's scheme may
    have no [[grades]])."""
    items = stream("colleges")
    pending: tuple[str, str] | None = next(items, None)
    for college in colleges:
        by_grade = {key[2]: n for key, n in counts.items() if key[0] == "grade" and key[1] == college.name}
        colours = {g: firsts["colour", college.name, g][1] for g in by_grade}
        order = grades.get(college.rules.id) or [g.grade for g in college.rules.grades]
        bars = distribution(by_grade, colours, order)
        head, tail = college_page(info, college, bars).split(LIST_MARK)
        page_file = _Lines(folder / "colleges" / college.name / "index.html")
        page_file.write(head)
        while pending is not None and pending[0] == college.name:
            page_file.write(pending[1])
            pending = next(items, None)
        page_file.write(tail)
        page_file.close()


def begin(
    folder: Path,
    options: Mapping[str, Any],
    colleges: Sequence[tuple[str, str, str]],
    known: Sequence[tuple[str, str, str]],
) -> dict[str, Any]:
    """The folders the workers write into; the options they need to write the places' files."""
    copy_assets(folder)
    for sub in ("api/places", "badges", "lieux", "assets/badges"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return {"site_folder": str(folder), "site_info": site_info(options, colleges, known)}


class SiteFormat(DirectoryFormat):
    name = "site"
    description = (
        "site web statique du réseau (-o DOSSIER) : annuaire, fiches des lieux, critères, carte, API"
    )
    commands = frozenset({"publish"})
    languages = frozenset(LANGUAGES)  # French by default, English with --lang en
    #: The site shows each place's grade history when `publish` gives it (places in git).
    uses_history = True
    #: Its pages show the answers from the ratings (`criteria_texts`): no criteria lines needed.
    publish_rows = False

    # Written from `publish`'s pool: `begin_folder` in the parent before any place is rated,
    # `folder_pieces` in the workers (one slice of places at a time), `finish_folder` in the
    # parent once every slice is back.

    def begin_folder(self, folder: Path, catalogue: Catalogue, options: Mapping[str, Any]) -> dict[str, Any]:
        expected = expected_colleges(catalogue)
        return {**begin(folder, options, expected, expected), "site_streamed": True}

    def folder_pieces(
        self,
        places: Sequence[Place],
        by_place: Mapping[str, Sequence[tuple[PublicRow, Rating]]],
        context: RenderContext,
    ) -> tuple[dict[str, list[tuple[Any, str, Any]]], Counter[Any], dict[Any, tuple[Any, Any]]]:
        return slice_pieces(places, by_place, context)

    def finish_folder(
        self,
        folder: Path,
        stream: Callable[[str], Iterator[Any]],
        tally: Tally,
        summary: Summary,
        context: RenderContext,
        catalogue: Catalogue,
    ) -> None:
        finish(folder, stream, tally.counts, tally.firsts, summary.header, context, catalogue.sets)
        flat: tuple[tuple[str, GeoJsonFormat | CsvFormat], ...] = (
            ("carte.geojson", GeoJsonFormat()),
            ("lieux.csv", CsvFormat()),
        )
        for name, fmt in flat:
            out = _Lines(folder / name)
            fmt.publish_stream(functools.partial(stream, fmt.name), summary, context, out.write)
            out.close()

    def write_directory(self, context: RenderContext, folder: Path) -> None:
        """Everything in one process (signatures, peer reviews: see `publish`)."""
        rows = context.options.get("rows")
        if rows is not None and len(rows) == len(context.ratings):
            ratings, rows = list(context.ratings), list(rows)
        else:
            ratings, rows = collect(context.ratings)
        by_place: dict[str, list[tuple[PublicRow, Rating]]] = {}
        rules_of: dict[str, Any] = {}
        for rating, row in zip(ratings, rows, strict=True):
            by_place.setdefault(row.place_id, []).append((row, rating))
            rules_of.setdefault(row.college, rating.rules)
        places = {p.id: p for p in context.places}
        for rating in ratings:
            places.setdefault(rating.place.id, rating.place)
        colleges = sorted(
            ((name, set_title(rules), rules.id) for name, rules in rules_of.items()),
            key=lambda c: (fold(c[0]), c[0]),
        )
        grades = context.options.get("grades") or {
            r.rules.id: tuple(g.grade for g in r.rules.grades) for r in ratings
        }
        options = {
            **context.options,
            "grades": grades,
            "date": (context.header or {}).get("date") or context.options.get("date"),
        }
        from ...catalogue import Catalogue

        catalogue = context.options.get("catalogue")
        expected = expected_colleges(catalogue) if isinstance(catalogue, Catalogue) else ()
        options.update(begin(folder, options, colleges, expected))
        whole = attrs.evolve(context, options=options)
        streams, counts, firsts = slice_pieces(list(places.values()), by_place, whole)

        def stream(name: str) -> Iterator[Any]:
            return (piece for _key, _id, piece in streams[name])

        # Every set of the catalogue, when given: a criterion's theme may be titled by a set it extends.
        known = catalogue.sets if isinstance(catalogue, Catalogue) else {}
        sets = {**known, **{rules.id: rules for rules in rules_of.values()}}
        finish(folder, stream, counts, firsts, context.header or {}, whole, sets)
        _write(folder / "carte.geojson", GeoJsonFormat().render(context))
        _write(folder / "lieux.csv", CsvFormat().render(context))


@hookimpl
def tlcriteria_output_formats() -> list[DirectoryFormat]:
    return [SiteFormat()]
