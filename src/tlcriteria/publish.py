"""The public ratings table: one row model shared by every publishing format.

`tlcriteria publish` rates every place against each of its colleges and
hands the formats a `RenderContext` whose `options["rows"]` holds the
`PublicRow`s built here, already in publishing order (college, then place
name in French order, accents and case ignored). Formats only *escape*:
what a row shows, how a percent is written and in which order rows come is
decided once, in this module.

Only public data reaches a row: the `[contact]` table of a place file is
never even loaded (see `tlcriteria.model.Place`).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from .answer_shown import shown_value
from .i18n import _, current_language, ngettext, speaking
from .mistakes import known_grades
from .model import Rating, ResolvedSet
from .rating_record import round_down, shown_percent
from .shown import number

if TYPE_CHECKING:
    from .interfaces import AnswerKind, RenderContext
    from .model import Criterion, CriterionResult, Verification

#: Stage codes as a French reader reads them.
STAGE_LABELS: Mapping[str, str] = {
    "existing": "existant",
    "creating": "en création",
    "project": "en projet",
}

#: Outcome codes as a French reader reads them (HTML detail view).
OUTCOME_LABELS: Mapping[str, str] = {
    "satisfied": "rempli",
    "partial": "partiel",
    "unsatisfied": "non rempli",
    "unsupported": "non justifié",
    "unanswered": "sans réponse",
    "na": "sans objet",
}

LEVEL_LABELS: Mapping[str, str] = {"must": "obligatoire", "should": "attendu", "may": "facultatif"}

#: The public columns, in order: (key, French heading). Every tabular format uses them.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("place", "Lieu"),
    ("town", "Commune"),
    ("stage", "Stade"),
    ("college", "Collège"),
    ("grade", "Note"),
    ("percent", "%"),
    ("must_failed", "Critères obligatoires non remplis"),
    ("version", "Version des critères"),
)

#: Columns that tell how far a rating may be trusted (SPEC §10-§11): shown when
#: the ratings carry them (a signers file given, reviews found, a date recorded).
TRUST_COLUMNS: tuple[tuple[str, str], ...] = (
    ("signature", "Signature"),
    ("verification", "Vérification"),
    ("freshness", "Évaluée le"),
)


#: The one trust column a rating can carry without a signers file or reviews.
FRESHNESS_COLUMN = TRUST_COLUMNS[2]
#: What a streamed row is rendered for: the columns without, then with, `FRESHNESS_COLUMN`
#: (whether any row has it is known only once every place is rated).
STREAMED_COLUMNS = (COLUMNS, (*COLUMNS, FRESHNESS_COLUMN))


def columns_for(rows: Sequence[PublicRow]) -> tuple[tuple[str, str], ...]:
    """`COLUMNS`, then each trust column that some row has something to show in."""
    shown = {
        "signature": any(r.signature is not None for r in rows),
        "verification": any(r.verification is not None for r in rows),
        "freshness": any(r.assessed is not None or r.stale for r in rows),
    }
    return COLUMNS + tuple(c for c in TRUST_COLUMNS if shown[c[0]])


def verification_text(overall: str | None, peers: int) -> str:
    """How far peer reviews checked a rating, in the current language: the one wording of every
    output (the public table's column, the site's place pages, `score`'s table): « auto-évaluation »,
    « vérifiée par 2 pairs », « contestée par un pair » (a rating, une évaluation: feminine)."""
    if overall == "verified":
        return ngettext("verified by {count} peer", "verified by {count} peers", peers).format(count=peers)
    if overall == "disputed":
        return _("disputed in a peer review")
    return _("self-assessed") if overall is not None else ""


def signature_text(state: str | None) -> str:
    """A signature state (SPEC §11) in the current language: the one wording of every output
    (the public tables' Signature column says it in French, `signature_label`; the site's
    place pages in the site's language): « signé », « clé d’un autre », « modifié depuis la
    signature », « signature illisible »…; "" when signatures were not checked."""
    if not state:
        return ""
    from .signatures import state_text

    return state_text(state)


@functools.lru_cache(maxsize=16)
def signature_label(state: str | None) -> str:
    """`signature_text` in the public outputs' language (French, whatever --lang says)."""
    if current_language() == PUBLIC_LANGUAGE:
        return signature_text(state)
    with speaking(PUBLIC_LANGUAGE):
        return signature_text(state)


def verdict_text(verdict: str) -> str:
    """A peer's verdict on one criterion's answer, in the current language: « confirmé par un
    pair » or « contesté par un pair » (the one wording of `score`'s table and the site's pages)."""
    return _("confirmed by a peer") if verdict == "confirmed" else _("disputed by a peer")


@functools.lru_cache(maxsize=64)
def verification_label(overall: str | None, peers: int) -> str:
    """`verification_text` in the public outputs' language (French, whatever --lang says): the
    same few texts on every row, made once."""
    if current_language() == PUBLIC_LANGUAGE:
        return verification_text(overall, peers)
    with speaking(PUBLIC_LANGUAGE):
        return verification_text(overall, peers)


#: The language of the public pages (answers as the kinds show them: « oui », « aucune »…).
PUBLIC_LANGUAGE = "fr"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


@functools.lru_cache(maxsize=1 << 16)  # titles and justifications repeat from place to place
def clean_text(text: str) -> str:
    """Text as a table cell shows it: control characters and line breaks become single
    spaces, surrounding blanks (any Unicode space) are dropped. Everything else (quotes, pipes, braces,
    right-to-left marks…) is kept as written; each format escapes it for its own syntax.
    """
    return _CONTROL.sub(" ", text).strip()


@functools.lru_cache(maxsize=1 << 16)  # colleges and towns repeat from row to row
def fold(text: str) -> str:
    """French ordering key: accents and case ignored ("Évreux" sorts among the E).

    NFKD splits letters from their accents, the accents (combining marks) are
    dropped, then casefold; no dependency on the machine's locale.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae").casefold()


#: Percents already written, by (value, decimal mark): a figure to one decimal takes few values.
_PERCENT_TEXTS: dict[tuple[float, str], str] = {}


def format_percent(value: float | int | None, decimal: str = ",") -> str:
    """The shown percent with the given decimal mark (whole figures stay whole); "" for an unrated place."""
    if value is None:
        return ""
    # Only non-zero floats are remembered: 1 == 1.0 and 0.0 == -0.0 as keys, not as text.
    if type(value) is not float or not value:
        return number(value, mark=decimal)
    key = (value, decimal)
    found = _PERCENT_TEXTS.get(key)
    if found is None:
        if len(_PERCENT_TEXTS) > 4096:  # not figures to one decimal (a plugin scheme's own)
            _PERCENT_TEXTS.clear()
        found = _PERCENT_TEXTS[key] = number(value, mark=decimal)
    return found


@attrs.frozen(cache_hash=True)  # shared by the rows that answer alike, and a cache key
class CriterionLine:
    """One criterion's outcome for the detail view of a place."""

    id: str
    title: str
    level: str
    outcome: str
    credit: float
    weight: float
    answer: str
    justification: str
    url: str
    verification: str = ""  # "confirmed" | "disputed" by a current peer review, or ""


@attrs.frozen
class PublicRow:
    """One place rated for one college: what the public tables show."""

    place_id: str
    name: str
    town: str
    stage: str  # code: existing | creating | project
    college: str
    set_id: str
    set_title: str
    version: str
    grade: str | None
    percent: float | None
    must_failed: tuple[str, ...]
    lat: float | None = None
    lon: float | None = None
    website: str = ""
    colleges: tuple[str, ...] = ()  # every college of the place, as it lists them
    criteria: tuple[CriterionLine, ...] = ()
    signature: str | None = None  # SPEC §11 state, None when not checked
    verification: str | None = None  # "self" | "verified" | "disputed", None when not checked
    peers: int = 0
    assessed: str | None = None
    stale: bool = False
    #: The failed must criteria as the public reads them, by their titles (the ids stay in
    #: JSON); `public_row` fills it, with or without the criteria lines.
    must_failed_titles: tuple[str, ...] = ()

    @property
    def freshness(self) -> str:
        """The date of the self-assessment, and « à actualiser » when the rating is stale."""
        if not self.stale:
            return self.assessed or ""
        from .freshness import STALE_LABEL

        return f"{self.assessed}, {STALE_LABEL}" if self.assessed else STALE_LABEL

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS.get(self.stage, self.stage)

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None

    def value(self, key: str, decimal: str = ",") -> str:
        """The text of one public column."""
        return _COLUMN_TEXTS[key](self, decimal)

    def cells(self, decimal: str = ",", columns: Sequence[tuple[str, str]] = COLUMNS) -> tuple[str, ...]:
        """Every public column's text, in `columns` order (`COLUMNS` by default)."""
        if columns[:_PUBLIC] != COLUMNS:
            return tuple(_COLUMN_TEXTS[key](self, decimal) for key, _ in columns)
        # Every table's first columns, written at once (a row is written for each place).
        public: tuple[str, ...] = (
            self.name,
            self.town,
            STAGE_LABELS.get(self.stage, self.stage),
            self.college,
            self.grade or "",
            format_percent(self.percent, decimal),
            ", ".join(self.must_failed_titles),
            self.version,
        )
        for key, _title in columns[_PUBLIC:]:  # trust columns: none to three
            public += (_COLUMN_TEXTS[key](self, decimal),)
        return public


def _signature_text(row: PublicRow, decimal: str) -> str:
    return signature_label(row.signature)


#: How each public column's text is made from a row (and the decimal mark), by key.
_COLUMN_TEXTS: Mapping[str, Callable[[PublicRow, str], str]] = {
    "place": lambda row, decimal: row.name,
    "town": lambda row, decimal: row.town,
    "stage": lambda row, decimal: row.stage_label,
    "college": lambda row, decimal: row.college,
    "grade": lambda row, decimal: row.grade or "",
    "percent": lambda row, decimal: format_percent(row.percent, decimal),
    "must_failed": lambda row, decimal: ", ".join(row.must_failed_titles),
    "version": lambda row, decimal: row.version,
    "signature": _signature_text,
    "verification": lambda row, decimal: verification_label(row.verification, row.peers),
    "freshness": lambda row, decimal: row.freshness,
}
_PUBLIC = len(COLUMNS)
assert tuple(_COLUMN_TEXTS) == tuple(key for key, _ in COLUMNS + TRUST_COLUMNS)


def sort_key(row: PublicRow) -> tuple[str, ...]:
    """College, then name in French order; exact text and id break ties, so the order is total."""
    return (fold(row.college), row.college, fold(row.name), row.name, fold(row.town), row.place_id)


def joined_key(key: tuple[str, ...]) -> str:
    """A sort key as one text, in the same order as the tuple: none of its parts (cleaned texts,
    their folds, ids) holds U+0000, the least character. The pool's pieces carry their key to
    the parent (pickled, read back, compared by the merge): a text costs a fraction of a tuple."""
    return "\0".join(key)


@functools.lru_cache(maxsize=4096)
def _credit(value: Fraction) -> float:
    """Display rounding of a credit; credits take few distinct values, so it is cached."""
    return round_down(value, 3)


#: What a row shows of each criterion, worked out once per criterion (every place rated by a
#: set shares its criteria; criteria are immutable and hash once, so they are the keys).
_CRITERION_FIELDS: dict[Criterion, tuple[str, str, str, float]] = {}


def _criterion_fields(criterion: Criterion) -> tuple[str, str, str, float]:
    """(id, title as a cell shows it, level, weight as a float) of one criterion."""
    found = _CRITERION_FIELDS.get(criterion)
    if found is None:
        if len(_CRITERION_FIELDS) > 4096:  # catalogues of earlier commands in this process
            _CRITERION_FIELDS.clear()
        found = _CRITERION_FIELDS[criterion] = (
            criterion.id,
            clean_text(criterion.title),
            criterion.level,
            float(criterion.weight),
        )
    return found


#: Answers as the kinds show them: many places give the same answer to a criterion.
_SHOWN: dict[tuple[Criterion, type, Any, str], tuple[Any, str]] = {}
_REMEMBERED = frozenset({str, bool, int})


def show_answer(
    rating_result: CriterionResult, kinds: Mapping[str, AnswerKind] | None, remember: bool = True
) -> str:
    """An answer as the kind shows it (remembered per criterion and value, unless not `remember`:
    a caller that knows the value is seldom met again spares the memory)."""
    answer = rating_result.answer
    if answer is None:
        return ""
    if answer.na:
        return _("not applicable")  # « sans objet » in the public tables (French)
    criterion = rating_result.criterion
    value = answer.value
    if not remember:
        return _show_answer(criterion, value, kinds, clean_text.__wrapped__)
    kind = type(value)
    if kind is Decimal:  # equal decimals may be written differently (1.0, 1.00): keyed as written
        key: tuple[Criterion, type, Any, str] = (criterion, kind, str(value), current_language())
    elif kind in _REMEMBERED:
        key = (criterion, kind, value, current_language())
    else:
        return _show_answer(criterion, value, kinds)
    found = _SHOWN.get(key)
    if found is None or found[0] is not kinds:
        if len(_SHOWN) > 65536:
            _SHOWN.clear()
        found = _SHOWN[key] = (kinds, _show_answer(criterion, value, kinds))
    return found[1]


def _show_answer(
    criterion: Criterion,
    value: object,
    kinds: Mapping[str, AnswerKind] | None,
    clean: Callable[[str], str] = clean_text,  # the uncached one for values seldom met again
) -> str:
    kind = (kinds or {}).get(criterion.kind)
    return clean(shown_value(kind, criterion.config, value) if kind is not None else str(value))


#: Criteria lines already made: many places give a criterion the same answer, outcome and
#: evidence, and a line is immutable, so rows share it.
_LINES: dict[tuple[Any, ...], CriterionLine] = {}


def _line(
    r: CriterionResult, kinds: Mapping[str, AnswerKind] | None, checked: Verification | None
) -> CriterionLine:
    """The public line of one criterion's result."""
    criterion, answer, credit = r.criterion, r.answer, r.credit
    shown = show_answer(r, kinds)
    justification = clean_text(answer.justification) if answer else ""
    url = clean_text(answer.url) if answer else ""
    verification = checked.criteria.get(criterion.id, "") if checked else ""
    if not isinstance(credit, Fraction | int):  # a plugin kind's own number type: no sharing
        return _make_line(r, shown, justification, url, verification)  # type: ignore[unreachable]
    key = (
        criterion,
        r.outcome,
        credit.numerator,
        credit.denominator,
        shown,
        justification,
        url,
        verification,
    )
    found = _LINES.get(key)
    if found is None:
        if len(_LINES) > 20_000:  # lines with their own evidence are seldom met again
            _LINES.clear()
        found = _LINES[key] = _make_line(r, shown, justification, url, verification)
    return found


def _make_line(
    r: CriterionResult, shown: str, justification: str, url: str, verification: str
) -> CriterionLine:
    criterion_id, title, level, weight = _criterion_fields(r.criterion)
    return CriterionLine(
        id=criterion_id,
        title=title,
        level=level,
        outcome=r.outcome,
        credit=_credit(r.credit),
        weight=weight,
        answer=shown,
        justification=justification,
        url=url,
        verification=verification,
    )


#: The titles of a set's failed must criteria, by (set, failed ids): the same few combinations
#: come back from place to place (sets are immutable and hash once).
_FAILED_TITLES: dict[tuple[ResolvedSet, tuple[str, ...]], tuple[str, ...]] = {}


def _failed_titles(rating: Rating, must_failed: tuple[str, ...]) -> tuple[str, ...]:
    """The titles of the failed must criteria (a row without criteria lines shows them too)."""
    key = (rating.rules, must_failed)
    found = _FAILED_TITLES.get(key)
    if found is None:
        failed = set(must_failed)
        titles = {
            r.criterion.id: _criterion_fields(r.criterion)[1]
            for r in rating.results
            if r.criterion.id in failed
        }
        if len(_FAILED_TITLES) > 4096:  # catalogues of earlier commands in this process
            _FAILED_TITLES.clear()
        found = _FAILED_TITLES[key] = tuple(titles.get(i, i) for i in must_failed)
    return found


def public_row(rating: Rating, kinds: Mapping[str, Any] | None = None, lines: bool = True) -> PublicRow:
    """The public view of one rating (without its criteria lines if not `lines`)."""
    place, rules = rating.place, rating.rules
    trust = rating.trust
    checked = trust.verification if trust is not None else None
    shown = [_line(r, kinds, checked) for r in rating.results] if lines else []
    must_failed = rating.must_failed
    return PublicRow(
        place_id=place.id,
        name=clean_text(place.name),
        town=clean_text(place.town),
        stage=place.stage,
        college=rules.set.college or rules.id,
        set_id=rules.id,
        set_title=clean_text(rules.set.title),
        version=clean_text(rules.version),
        grade=None if rating.grade is None else clean_text(rating.grade),
        # The figure the set's scheme shows beside the grade (SPEC §9): the percent for most.
        percent=shown_percent(rating),
        must_failed=must_failed,
        lat=place.lat,
        lon=place.lon,
        website=clean_text(place.website),
        colleges=place.colleges,
        criteria=tuple(shown),
        signature=trust.signature if trust else None,
        verification=checked.overall if checked else None,
        peers=checked.peers if checked else 0,
        assessed=trust.assessed if trust else None,
        stale=trust.stale if trust else False,
        must_failed_titles=_failed_titles(rating, must_failed) if must_failed else (),
    )


def public_rows(ratings: Iterable[Rating], kinds: Mapping[str, Any] | None = None) -> list[PublicRow]:
    """Public rows in publishing order."""
    with speaking(PUBLIC_LANGUAGE):
        return sorted((public_row(r, kinds) for r in ratings), key=sort_key)


def collect(
    ratings: Iterable[Rating], kinds: Mapping[str, Any] | None = None
) -> tuple[list[Rating], list[PublicRow]]:
    """Ratings and their public rows, both in publishing order."""
    with speaking(PUBLIC_LANGUAGE):  # answers shown by the kinds (show_value), in French like the page
        pairs = [(public_row(r, kinds), r) for r in ratings]
    pairs.sort(key=lambda pair: sort_key(pair[0]))
    return [r for _, r in pairs], [row for row, _ in pairs]


# --------------------------------------------------------------------------- header, date


class BadDate(ValueError):
    pass


class Redo(Exception):
    """A folder written from the pool cannot be finished as it is (for the site: a college no
    place uses was in every page's navigation): `publish` writes it again on the whole path."""


def publication_date(option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The date written in the outputs, ISO `YYYY-MM-DD`.

    `--date` wins; else `SOURCE_DATE_EPOCH` (seconds since 1970, the
    reproducible-builds convention); else today's date in UTC. With either of
    the first two, the same inputs give the same bytes on any day.
    """
    environ = os.environ if environ is None else environ
    if option:
        try:
            return dt.date.fromisoformat(option).isoformat()
        except ValueError:
            raise BadDate(
                _("--date {value!r} is not a date (write it as YYYY-MM-DD, e.g. 2026-11-29)").format(
                    value=option
                )
            ) from None
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            stamp = int(epoch)
            return dt.datetime.fromtimestamp(stamp, tz=dt.UTC).date().isoformat()
        except (ValueError, OverflowError, OSError):
            raise BadDate(
                _(
                    "SOURCE_DATE_EPOCH={value!r} is not a number of seconds since 1970 (unset it or fix it)"
                ).format(value=epoch)
            ) from None
    return dt.datetime.now(tz=dt.UTC).date().isoformat()


def header(ratings: Sequence[Rating], date: str) -> dict[str, Any]:
    """What the publication is made of: the sets and versions used, the date."""
    return header_of([r.rules for r in ratings], len({r.place.id for r in ratings}), date)


def header_of(used: Iterable[ResolvedSet], places: int, date: str) -> dict[str, Any]:
    """The header of a publication rating `places` places with the sets `used`."""
    from . import __version__

    sets: dict[str, dict[str, Any]] = {}
    for rules in used:
        sets[rules.id] = {
            "id": rules.id,
            "title": rules.set.title,
            "version": rules.version,
            "digest": rules.digest,
            "college": rules.set.college,
            "scheme": rules.scheme,
        }
    return {
        "date": date,
        "generator": f"tlcriteria {__version__}",
        "places": places,
        "sets": [sets[k] for k in sorted(sets)],
    }


@attrs.frozen
class Summary:
    """What a streamed publication knows of all its rows before writing them (its head)."""

    header: Mapping[str, Any]
    rows: int
    places: int
    colleges: frozenset[str]
    grades: frozenset[str]
    stages: frozenset[str]
    #: The public columns every row shows (`columns_for` of all the rows).
    columns: tuple[tuple[str, str], ...] = ()


def set_grades(
    ratings: Iterable[Rating], schemes: Mapping[str, Any] | None = None
) -> dict[str, tuple[str, ...]]:
    """For each set id, its grades from best to worst: the scheme's `grade_order`, else its `[[grades]]`."""
    found: dict[str, tuple[str, ...]] = {}
    for r in ratings:
        if r.rules.id not in found:
            found[r.rules.id] = grade_order(r.rules, schemes)
    return found


def grade_order(rules: ResolvedSet, schemes: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    """One set's grades from best to worst: its scheme's `grade_order`, else its `[[grades]]`."""
    return known_grades((schemes or {}).get(rules.scheme), rules)


def rows_of(context: RenderContext) -> list[PublicRow]:
    """The rows a format shows: those `publish` prepared, else made from the ratings."""
    rows = context.options.get("rows")
    return list(rows) if rows is not None else public_rows(context.ratings)


#: Types of the streaming publication methods of a format (see `OutputFormat`).
Pieces = list[tuple[int, Any]]
PieceSource = Callable[[], Iterator[Any]]
Writer = Callable[[str], object]
