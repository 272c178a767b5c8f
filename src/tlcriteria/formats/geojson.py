"""`geojson`: an RFC 7946 FeatureCollection that uMap imports as a layer.

One Point per place (coordinates in longitude, latitude order, WGS84). Each
feature has plain-text properties (`name`, `town`, `stage`, `website`, and
`ratings`, one entry per college) and a `description` in uMap's own markup
(`**bold**`, `[[url|text]]`), made only of values the tool controls: grades
and colleges come from the criteria sets and lose any markup character, the
stage is the tool's own word. No text a member wrote is in it (uMap would
turn a bare address in a town into a link, `**` into bold): the name is
uMap's popup title and the town a plain property, both shown as text. The
website is linked only when it passes the rule of a web address (weburl.py)
and holds nothing uMap's markup reads (`*`, `_`, `~`, brackets, braces, bars,
quotes): the link is then exactly the website. `_umap_options.color`
follows the grade of the place's first college. Places without coordinates
cannot be drawn: they are named in a warning (they stay in every table format).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from json.encoder import encode_basestring  # the C one, as json.dumps(ensure_ascii=False) uses
from typing import Any

from .. import hookimpl
from ..i18n import SHOWN, listed, ngettext
from ..interfaces import OutputFormat, RenderContext
from ..publish import Pieces, PieceSource, PublicRow, Summary, Writer, format_percent, rows_of, set_grades
from ..weburl import is_web_address
from .json_format import Encoder, Written, dumps, json_scalar

#: From the best grade to the worst (colour-blind-safe diverging scale), and unrated.
PALETTE = ("#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027")
UNRATED = "#999999"

_UMAP_MARKUP = re.compile(r"[*_\[\]{}|#<>`~\\]")
_DASHES = re.compile(r"-{2,}")  # "---" is a horizontal rule
#: Characters uMap's markup reads inside a link: a website holding one is not linked.
_LINK_MARKUP = re.compile(r"[*_~\[\]{}|<>\"'`\\\s]")


@functools.lru_cache(maxsize=4096)  # stages, colleges, grades and trust words repeat from place to place
def umap_safe(text: str) -> str:
    """Text with every character uMap's markup gives a meaning to removed."""
    return _DASHES.sub("-", _UMAP_MARKUP.sub("", text)).strip()


def grade_rank(row: PublicRow, grades: Mapping[str, Sequence[str]]) -> int | None:
    """0 (best) to 4 (worst): the grade's place among its set's grades, else the percent's
    (profile grades such as "ABAC" are in no list); None when unrated."""
    if row.grade is None:
        return None
    order = grades.get(row.set_id, ())
    if row.grade in order and len(order) > 1:
        rank = order.index(row.grade) / (len(order) - 1)
    elif row.percent is not None:
        rank = (100 - row.percent) / 100
    else:
        return None
    return round(rank * (len(PALETTE) - 1))


def colour(row: PublicRow, grades: Mapping[str, Sequence[str]]) -> str:
    rank = grade_rank(row, grades)
    return UNRATED if rank is None else PALETTE[rank]


def description(place_rows: Sequence[PublicRow]) -> str:
    first = place_rows[0]
    lines = [f"**Stade :** {umap_safe(first.stage_label)}"]
    for row in place_rows:
        percent = format_percent(row.percent)
        # A profile such as "A--B" keeps one sign per criterion: its dashes become
        # hyphens (U+2010), which uMap's markup does not read as a rule.
        grade = umap_safe((row.grade or "").replace("-", "\u2010")) or "non noté"
        shown = f"{grade} ({percent} %)" if percent else grade
        # Without any trust mark (most ratings) their three empty texts need not be made.
        if row.signature or row.verification is not None or row.assessed or row.stale:
            trust = [row.value(k) for k in ("signature", "verification", "freshness")]
            if any(trust):
                shown += " — " + umap_safe(", ".join(t for t in trust if t))
        lines.append(f"**{umap_safe(row.college)} :** {shown}")
    if is_web_address(first.website) and not _LINK_MARKUP.search(first.website):
        lines.append(f"[[{first.website}|Site web]]")
    return "\n".join(lines)


def trust_properties(row: PublicRow) -> dict[str, Any]:
    """SPEC §10-§11, as the JSON record says them, when the rating carries them."""
    found: dict[str, Any] = {}
    if row.signature is not None:
        found["signature"] = row.signature
    if row.verification is not None:
        found["verification"] = row.verification
        found["verification_label"] = row.value("verification")
    if row.assessed is not None or row.stale:
        found["assessed"] = row.assessed
        found["stale"] = row.stale
    return found


def main_row(place_rows: Sequence[PublicRow]) -> PublicRow:
    """The row of the place's own first college, which decides the colour (rows come in
    publishing order)."""
    by_college = {r.college: r for r in place_rows}
    return next((by_college[c] for c in place_rows[0].colleges if c in by_college), place_rows[0])


def feature(place_rows: Sequence[PublicRow], grades: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """A place's feature as data: what `feature_text` writes (the tests hold them together)."""
    main = main_row(place_rows)
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [main.lon, main.lat]},
        "properties": {
            "name": main.name,
            "town": main.town,
            "stage": main.stage_label,
            "website": main.website,
            "ratings": [
                {
                    "college": r.college,
                    "grade": r.grade,
                    "percent": r.percent,
                    "must_failed": list(r.must_failed),
                    "set_version": r.version,
                    **trust_properties(r),
                }
                for r in place_rows
            ],
            "description": description(place_rows),
            "_umap_options": {"color": colour(main, grades)},
        },
    }


# A feature as `Encoder().encode(feature(…), 2)` writes it (sorted keys, indent of 2, two
# levels deep: an item of the collection's "features"), from a template of its fixed keys:
# the generic encoder, which sorts and tests each key and value, cost more than the rest.
_FEATURE = """{{
      "geometry": {{
        "coordinates": [
          {lon},
          {lat}
        ],
        "type": "Point"
      }},
      "properties": {{
        "_umap_options": {{
          "color": {colour}
        }},
        "description": {description},
        "name": {name},
        "ratings": [
          {ratings}
        ],
        "stage": {stage},
        "town": {town},
        "website": {website}
      }},
      "type": "Feature"
    }}"""
_RATINGS_SEPARATOR = ",\n" + "  " * 5
# A rating's keys are six levels deep, its failed criteria seven.
_ENTRY_START, _ENTRY_SEPARATOR, _ENTRY_END = "{\n" + "  " * 6, ",\n" + "  " * 6, "\n" + "  " * 5 + "}"
_FAILED_START, _FAILED_SEPARATOR, _FAILED_END = "[\n" + "  " * 7, ",\n" + "  " * 7, "\n" + "  " * 6 + "]"


def feature_text(place_rows: Sequence[PublicRow], grades: Mapping[str, Sequence[str]]) -> str:
    """`feature(place_rows, grades)` written as JSON, exactly as in a FeatureCollection."""
    main = main_row(place_rows)
    return _FEATURE.format(
        lon=_json(main.lon, 5),
        lat=_json(main.lat, 5),
        colour=encode_basestring(colour(main, grades)),
        description=encode_basestring(description(place_rows)),
        name=encode_basestring(main.name),
        ratings=_RATINGS_SEPARATOR.join([_rating_text(r) for r in place_rows]),
        stage=encode_basestring(main.stage_label),
        town=encode_basestring(main.town),
        website=encode_basestring(main.website),
    )


def _rating_text(row: PublicRow) -> str:
    """One entry of a feature's "ratings", its keys in sorted order (`trust_properties` among them)."""
    dated = row.assessed is not None or row.stale
    parts = ['"assessed": ' + _json(row.assessed, 6)] if dated else []
    failed = _FAILED_SEPARATOR.join(map(encode_basestring, row.must_failed))
    parts += [
        '"college": ' + encode_basestring(row.college),
        '"grade": ' + _json(row.grade, 6),
        '"must_failed": ' + (_FAILED_START + failed + _FAILED_END if failed else "[]"),
        '"percent": ' + _json(row.percent, 6),
        '"set_version": ' + encode_basestring(row.version),
    ]
    if row.signature is not None:
        parts.append('"signature": ' + _json(row.signature, 6))
    if dated:
        parts.append('"stale": ' + _json(row.stale, 6))
    if row.verification is not None:
        parts.append('"verification": ' + _json(row.verification, 6))
        parts.append('"verification_label": ' + encode_basestring(row.value("verification")))
    return _ENTRY_START + _ENTRY_SEPARATOR.join(parts) + _ENTRY_END


def _json(value: object, depth: int) -> str:
    """A value of a feature as JSON: texts and numbers here, anything else by the encoder."""
    if type(value) is str:
        return encode_basestring(value)
    return json_scalar(value) or Encoder().encode(value, depth)


class GeoJsonFormat(OutputFormat):
    name = "geojson"
    description = "calque GeoJSON (RFC 7946) pour uMap : un point par lieu, couleur selon la note"
    extensions = (".geojson",)
    languages = frozenset({"fr"})  # the network's texts (set titles, grades) are French
    commands = frozenset({"publish"})
    #: `publish` need not build the rows' criteria lines: this table shows none.
    publish_rows = False

    def render(self, context: RenderContext) -> str:
        grades = context.options.get("grades") or set_grades(context.ratings)
        by_place: dict[str, list[PublicRow]] = {}
        for row in rows_of(context):
            by_place.setdefault(row.place_id, []).append(row)
        features, missing = [], []
        # A place listed under several colleges appears once, where its first row sorts.
        for place_rows in by_place.values():
            if place_rows[0].has_coordinates:
                features.append(feature_text(place_rows, grades))
            else:
                missing.append(place_rows[0])
        _warn_missing(context, [f"{r.place_id} ({r.name})" for r in missing])
        # dumps({"type": "FeatureCollection", "features": [feature(…), …]}), the features written.
        return dumps({"type": "FeatureCollection", "features": [Written(text) for text in features]})

    # Streaming: one piece per place, where its first row sorts: its feature, or its
    # name when it has no coordinates (named in the warning, in that order).

    def publish_pieces(
        self, rows: Sequence[PublicRow], ratings: Sequence[Any], context: RenderContext
    ) -> Pieces:
        if not rows[0].has_coordinates:
            return [(0, (False, f"{rows[0].place_id} ({rows[0].name})"))]
        grades = context.options.get("grades") or {}
        return [(0, (True, feature_text(rows, grades)))]

    def publish_stream(
        self, pieces: PieceSource, summary: Summary, context: RenderContext, write: Writer
    ) -> None:
        missing: list[str] = []
        first = True
        write('{\n  "features": ')
        for drawn, text in pieces():
            if not drawn:
                missing.append(text)
                continue
            write(("[" if first else ",") + "\n    " + text)
            first = False
        write("[]" if first else "\n  ]")
        write(',\n  "type": "FeatureCollection"\n}\n')
        _warn_missing(context, missing)


def _warn_missing(context: RenderContext, names: Sequence[str]) -> None:
    if names:
        context.warn(
            ngettext(
                "{count} place without coordinates (lat, lon) left off the map: {names}",
                "{count} places without coordinates (lat, lon) left off the map: {names}",
                len(names),
            ).format(count=len(names), names=listed(names, SHOWN, separator=", "))
        )


@hookimpl
def tlcriteria_output_formats() -> list[OutputFormat]:
    return [GeoJsonFormat()]
