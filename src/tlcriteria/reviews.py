"""Peer reviews (SPEC §11): a member place confirms or disputes another place's answers.

A review is `reviews/PLACE-ID/REVIEWER-ID.toml`, signed like a place file by
the reviewer's key:

    [review]
    place = "la-halle-songeuse"
    reviewer = "le-labo-des-lucioles"
    date = 2026-11-20

    [verdicts]
    acces-public = { verdict = "confirmed", digest = "sha256:…", comment = "Vu sur place" }

Each verdict holds the digest of the answer it judged: when the place changes
that answer, the verdict lapses. What reviews make of a rating is decided by
the set's `[set.review]` rules (`ReviewRules`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from .catalogue import Catalogue
from .documents import Document, load_each, where
from .errors import Problem, did_you_mean
from .fields import Field, KeyReporter, validate_table
from .i18n import SHOWN, _
from .model import (
    VERDICTS,
    Answer,
    CriterionVerdict,
    Overall,
    Place,
    ResolvedSet,
    ReviewRules,
    Verification,
    asked_criteria,
)
from .models_from_toml import canonical

REVIEW_FIELDS = (
    Field("place", "slug", "Le lieu relu.", required=True),
    Field("reviewer", "slug", "Le lieu qui relit (sa clé signe la relecture).", required=True),
    Field("date", "any", "Date de la relecture (AAAA-MM-JJ).", required=True),
)
VERDICT_FIELDS = (
    Field("verdict", "string", "confirmed (confirmé) ou disputed (contesté).", required=True, enum=VERDICTS),
    Field("digest", "string", "Empreinte de la réponse relue (sha256:…).", required=True),
    Field("comment", "string", "Commentaire du relecteur."),
)


def answer_digest(answer: Answer) -> str:
    """The digest of an answer as written: value, n/a, justification, address."""
    data = canonical(
        {"value": answer.value, "na": answer.na, "justification": answer.justification, "url": answer.url}
    )
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


@attrs.frozen
class Verdict:
    criterion: str
    verdict: CriterionVerdict
    digest: str
    comment: str = ""
    line: int | None = attrs.field(default=None, eq=False)  # where it is written, for its problems


@attrs.frozen
class Review:
    path: str
    place: str
    reviewer: str
    date: dt.date
    verdicts: tuple[Verdict, ...]
    # Lines of `place = …` and `reviewer = …`, for the problems said of them.
    place_line: int | None = attrs.field(default=None, eq=False)
    reviewer_line: int | None = attrs.field(default=None, eq=False)


def load_review(doc: Document, today: dt.date | None = None) -> tuple[Review | None, list[Problem]]:
    """A review file on its own: keys, verdicts, no self-review, its place in the tree."""
    problems: list[Problem] = []

    def add(context: str, message: str, hint: str = "", line: int | None = None) -> None:
        problems.append(Problem(doc.path, where(line, context), message, hint))

    def reporter(context: str, line: int | None) -> KeyReporter:
        return lambda key, message, hint: add(f"{context}, {key}", message, hint, line)

    for key in doc.data:
        if key not in ("review", "verdicts"):
            add(
                f"[{key}]",
                _("unknown table {key!r} in a review").format(key=key),
                did_you_mean(key, ["review", "verdicts"]),
                doc.locator.table(key) or doc.locator.key(key, None),
            )
    head = doc.data.get("review")
    head_line = doc.locator.table("review")
    meta = validate_table(
        head if isinstance(head, dict) else {},
        REVIEW_FIELDS,
        lambda key, message, hint: add(f"[review], {key}", message, hint, doc.locator.key(key, head_line)),
    )
    day = meta.get("date")
    date_line = doc.locator.key("date", head_line) if "date" in meta else None
    if "date" in meta and (isinstance(day, dt.datetime) or not isinstance(day, dt.date)):
        add(
            "[review], date",
            _("expected a date such as 2026-01-31"),
            _("write date = YYYY-MM-DD"),
            date_line,
        )
    elif isinstance(day, dt.date) and day > (today or dt.date.today()):
        add(
            "[review], date",
            _("{date} is in the future").format(date=day.isoformat()),
            _("write the day of the review"),
            date_line,
        )
    place, reviewer = meta.get("place"), meta.get("reviewer")
    if place is not None and place == reviewer:
        add(
            "[review], reviewer",
            _("a place cannot review itself"),
            _("another member place of the network reviews these answers"),
            doc.locator.key("reviewer", head_line),
        )
    path = Path(doc.path)
    if place and reviewer and (path.parent.name, path.stem) != (place, reviewer):
        add(
            "",
            _("a review of {place} by {reviewer} is filed as reviews/{place}/{reviewer}.toml").format(
                place=place, reviewer=reviewer
            ),
            _("move or rename the file"),
        )
    verdicts: list[Verdict] = []
    raw = doc.data.get("verdicts", {})
    verdicts_line = doc.locator.table("verdicts")
    if not isinstance(raw, dict):
        add(
            "[verdicts]",
            _("[verdicts] must be a table"),
            _("write [verdicts] on its own line"),
            doc.locator.key("verdicts", None),
        )
        raw = {}
    for criterion, table in raw.items():
        line = doc.locator.key(criterion, verdicts_line) or verdicts_line
        context = f"[verdicts] {criterion}"
        if not isinstance(table, dict):
            add(context, _("a verdict is written { verdict = …, digest = … }"), "", line)
            continue
        values = validate_table(table, VERDICT_FIELDS, reporter(context, line))
        if "verdict" in values and "digest" in values:
            verdicts.append(
                Verdict(criterion, values["verdict"], values["digest"], values.get("comment", ""), line)
            )
    if problems:
        return None, problems
    assert isinstance(day, dt.date)
    review = Review(
        doc.path,
        str(place),
        str(reviewer),
        day,
        tuple(verdicts),
        doc.locator.key("place", head_line) or head_line,
        doc.locator.key("reviewer", head_line) or head_line,
    )
    return review, []


@attrs.frozen
class Reviewed:
    """The reviews that count, by place: current verdicts only, per reviewer."""

    by_place: Mapping[str, tuple[Review, ...]]
    lapsed: Mapping[tuple[str, str], tuple[str, ...]] = attrs.field(
        factory=dict
    )  # (place, criterion) → reviewers


def check_reviews(
    reviews: Iterable[Review],
    places: Sequence[Place],
    catalogue: Catalogue,
    signed_by_reviewer: Mapping[str, bool] | None = None,
    known_signers: frozenset[str] | None = None,
    documents: Iterable[Document] = (),
) -> tuple[Reviewed, list[Problem]]:
    """Reviews against the places and the catalogue; a review never stops the others (SPEC §8).

    Errors, which leave the review out as a place file's leave the place out: a
    verdict on a criterion no set defines, or on both an old id and the one that
    replaces it. Warnings, for a review not counted: of a place not rated (left
    out for its own problems, or not among the places: it left the network), by
    a reviewer who is no place of the network or (with signers) has no key or
    did not sign it. Warnings: a verdict whose answer changed since (lapsed).
    Notices: a verdict under an old id (`replaces`), read as the new one.

    `documents`: the files read with the places, for the place files left out
    (a review of one is left out with it, and its reviewer is a member all the
    same) and the answers as written (a verdict on an answer under a renamed
    option judged the same answer).
    """
    by_id = {p.id: p for p in places}
    docs = list(documents)
    left_places = _places_left_out(docs, by_id)
    members = by_id.keys() | left_places.keys()
    written = _Written(catalogue, {d.path: d for d in docs if d.kind == "place"})
    problems: list[Problem] = []
    kept: dict[str, list[Review]] = {}
    lapsed: dict[tuple[str, str], list[str]] = {}
    for review in reviews:
        verdicts, found = current_verdicts(review, catalogue)
        problems += found
        if any(p.is_error for p in found):
            continue  # left out: its problems say why
        not_counted = _not_counted(review, by_id, left_places, members, known_signers, signed_by_reviewer)
        if not_counted is not None:
            problems.append(not_counted)
            continue
        place = by_id[review.place]
        current = []
        for verdict in verdicts:
            if not written.judged(place, verdict):
                lapsed.setdefault((place.id, verdict.criterion), []).append(review.reviewer)
                problems.append(
                    Problem(
                        review.path,
                        where(verdict.line, f"[verdicts] {verdict.criterion}"),
                        _("the answer changed since it was reviewed: this verdict lapsed"),
                        _("{reviewer} reviews it again: tlcriteria review {place} --as {reviewer}").format(
                            reviewer=review.reviewer, place=place.path or place.id
                        ),
                        severity="warning",
                    )
                )
                continue
            current.append(verdict)
        kept.setdefault(place.id, []).append(attrs.evolve(review, verdicts=tuple(current)))
    return (
        Reviewed({k: tuple(v) for k, v in kept.items()}, {k: tuple(v) for k, v in lapsed.items()}),
        problems,
    )


def current_verdicts(review: Review, catalogue: Catalogue) -> tuple[list[Verdict], list[Problem]]:
    """The verdicts under today's criterion ids (`replaces`, as place files' answers are read),
    a notice for each one renamed; errors for a criterion no set defines, or judged twice."""
    problems: list[Problem] = []
    verdicts: list[Verdict] = []
    written_ids = {v.criterion for v in review.verdicts}
    for verdict in review.verdicts:
        context = where(verdict.line, f"[verdicts] {verdict.criterion}")
        criterion_id = catalogue.replaced.get(verdict.criterion, verdict.criterion)
        if criterion_id in catalogue.withheld:
            continue  # its set has errors, said at the set: the verdict counts once they are fixed
        if criterion_id not in catalogue.criteria:
            problems.append(
                Problem(
                    review.path,
                    context,
                    _("no criteria set defines a criterion {id!r}").format(id=criterion_id),
                    did_you_mean(criterion_id, catalogue.criteria, SHOWN),
                )
            )
            continue
        if criterion_id != verdict.criterion:
            if criterion_id in written_ids:
                problems.append(
                    Problem(
                        review.path,
                        context,
                        _("holds verdicts on both {old!r} and {new!r}, which replaces it").format(
                            old=verdict.criterion, new=criterion_id
                        ),
                        _("keep the verdict under {new!r} and remove {old!r}").format(
                            old=verdict.criterion, new=criterion_id
                        ),
                    )
                )
                continue
            problems.append(
                Problem(
                    review.path,
                    context,
                    _("{old!r} is now {new!r}: this verdict is read as a verdict on {new!r}").format(
                        old=verdict.criterion, new=criterion_id
                    ),
                    _("tlcriteria migrate {path} rewrites the review with today's ids").format(
                        path=review.path
                    ),
                    severity="notice",
                )
            )
            verdict = attrs.evolve(verdict, criterion=criterion_id)
        verdicts.append(verdict)
    return verdicts, problems


def _not_counted(
    review: Review,
    by_id: Mapping[str, Place],
    left_places: Mapping[str, str],
    members: Iterable[str],
    known_signers: frozenset[str] | None,
    signed_by_reviewer: Mapping[str, bool] | None,
) -> Problem | None:
    """Why a well-formed review does not count, as a warning; None when it counts."""

    def warning(context: str, line: int | None, message: str, hint: str) -> Problem:
        return Problem(review.path, where(line, context), message, hint, severity="warning")

    if review.place in left_places:
        return warning(
            "[review], place",
            review.place_line,
            _(
                "the place file {path} is left out because of its problems: this review is left out with it"
            ).format(path=left_places[review.place]),
            _("it counts again once that place file is fixed"),
        )
    if review.place not in by_id:
        return warning(
            "[review], place",
            review.place_line,
            _("no place {id!r} among the places given: this review is not counted").format(id=review.place),
            did_you_mean(review.place, by_id, SHOWN) if by_id else "",
        )
    if review.reviewer not in members and not _filed_beside(review.reviewer, by_id[review.place]):
        return warning(
            "[review], reviewer",
            review.reviewer_line,
            _(
                "reviewer {id!r} is no place of the network (none among the places given, no "
                "{id}.toml beside them): this review is not counted"
            ).format(id=review.reviewer),
            _(
                "a review is made by a member place, under its own id (tlcriteria review … --as ITS-ID); "
                "if {id!r} left the network, delete this file"
            ).format(id=review.reviewer),
        )
    if known_signers is not None and review.reviewer not in known_signers:
        return warning(
            "[review], reviewer",
            review.reviewer_line,
            _("reviewer {id!r} has no key in the signers file: this review is not counted").format(
                id=review.reviewer
            ),
            _("the network adds the reviewer's key to its signers file"),
        )
    if signed_by_reviewer is not None and not signed_by_reviewer.get(review.path, False):
        return warning(
            _("signature"),
            None,
            _("not signed by its reviewer {id}: it is not counted").format(id=review.reviewer),
            _("the reviewer signs it: tlcriteria sign {path} --key KEY").format(path=review.path),
        )
    return None


def _filed_beside(reviewer: str, place: Place) -> bool:
    """Whether the reviewer's place file, named by its id as `assess` names it, lies beside the
    reviewed place's: a member all the same when a run is given some of the places only."""
    return bool(place.path) and (Path(place.path).parent / f"{reviewer}.toml").is_file()


def _places_left_out(docs: Iterable[Document], rated: Mapping[str, Place]) -> dict[str, str]:
    """Place id -> path of each place file read but left out for its problems (its id as written)."""
    kept = {p.path for p in rated.values()}
    found: dict[str, str] = {}
    for doc in docs:
        if doc.kind != "place" or doc.path in kept:
            continue
        table = doc.data.get("place")
        place_id = table.get("id") if isinstance(table, dict) else None
        if isinstance(place_id, str) and place_id not in rated:
            found.setdefault(place_id, doc.path)
    return found


@attrs.define
class _Written:
    """Whether a verdict still judges a place's answer: the digest of the answer as read today,
    or as written in its file (an option renamed since, not yet migrated, is the same answer)."""

    catalogue: Catalogue
    docs: Mapping[str, Document]
    _answers: dict[str, dict[str, Answer]] = attrs.field(factory=dict)

    def judged(self, place: Place, verdict: Verdict) -> bool:
        answer = place.answers.get(verdict.criterion)
        if answer is None:
            return False
        if answer_digest(answer) == verdict.digest:
            return True  # the usual case: nothing more is read
        if not self.catalogue.renames:
            return False
        as_written = self.as_written(place).get(verdict.criterion)
        return as_written is not None and answer_digest(as_written) == verdict.digest

    def as_written(self, place: Place) -> dict[str, Answer]:
        if place.id not in self._answers:
            from .models_from_toml import answers_in

            doc = self.docs.get(place.path)
            raw = answers_in(doc) if doc is not None else {}
            self._answers[place.id] = under_todays_ids(raw, self.catalogue)
        return self._answers[place.id]


def under_todays_ids(answers: Mapping[str, Answer], catalogue: Catalogue) -> dict[str, Answer]:
    """A file's answers as written (`models_from_toml.answers_in`: an old option id stays), keyed
    by today's criterion ids (`replaces`): what a verdict judged before the rename was migrated."""
    return {catalogue.replaced.get(k, k): a for k, a in answers.items()}


def verification(place: Place, rules: ResolvedSet, reviewed: Reviewed) -> Verification:
    """What the current reviews say of one rating, by the set's `[set.review]` rules.

    A criterion is disputed when a current verdict disputes it, confirmed when
    one confirms it. A peer confirms the rating when its current verdicts cover
    every answered criterion of the set and dispute none; the rating is
    *vérifiée* when enough peers do, *contestée* when any criterion is disputed.
    """
    policy = rules.set.review or ReviewRules()
    active = [c.id for c in asked_criteria(rules, "active")]  # a ladder's: its rungs'
    answered = [c for c in active if c in place.answers]
    per_criterion: dict[str, CriterionVerdict] = {}
    peers = 0
    for review in reviewed.by_place.get(place.id, ()):
        mine = {v.criterion: v.verdict for v in review.verdicts if v.criterion in active}
        for criterion, verdict in mine.items():
            if verdict == "disputed" or per_criterion.get(criterion) != "disputed":
                per_criterion[criterion] = verdict
        if answered and all(mine.get(c) == "confirmed" for c in answered):
            peers += 1
    ordered = {c: per_criterion[c] for c in active if c in per_criterion}
    overall: Overall
    if "disputed" in ordered.values():
        overall = "disputed"
    elif peers >= policy.confirmations:
        overall = "verified"
    else:
        overall = "self"
    return Verification(overall, peers, ordered)


def reviews_from(docs: Iterable[Document]) -> tuple[list[Review], list[Problem]]:
    """Every review document loaded; problems of those that are not valid."""
    return load_each(docs, "review", load_review)
