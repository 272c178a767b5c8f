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


@attrs.frozen
class Review:
    path: str
    place: str
    reviewer: str
    date: dt.date
    verdicts: tuple[Verdict, ...]


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
            )
    head = doc.data.get("review")
    head_line = doc.locator.table("review")
    meta = validate_table(
        head if isinstance(head, dict) else {},
        REVIEW_FIELDS,
        lambda key, message, hint: add(f"[review], {key}", message, hint, doc.locator.key(key, head_line)),
    )
    day = meta.get("date")
    if "date" in meta and (isinstance(day, dt.datetime) or not isinstance(day, dt.date)):
        add("[review], date", _("expected a date such as 2026-01-31"), _("write date = YYYY-MM-DD"))
    elif isinstance(day, dt.date) and day > (today or dt.date.today()):
        add(
            "[review], date",
            _("{date} is in the future").format(date=day.isoformat()),
            _("write the day of the review"),
        )
    place, reviewer = meta.get("place"), meta.get("reviewer")
    if place is not None and place == reviewer:
        add(
            "[review], reviewer",
            _("a place cannot review itself"),
            _("another member place of the network reviews these answers"),
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
        add("[verdicts]", _("[verdicts] must be a table"), _("write [verdicts] on its own line"))
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
                Verdict(criterion, values["verdict"], values["digest"], values.get("comment", ""))
            )
    if problems:
        return None, problems
    assert isinstance(day, dt.date)
    return Review(doc.path, str(place), str(reviewer), day, tuple(verdicts)), []


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
) -> tuple[Reviewed, list[Problem]]:
    """Reviews against the places and the catalogue.

    Errors: a review of an unknown place or criterion, a reviewer absent from
    the signers. Warnings: a review not signed by its reviewer (not counted), a
    verdict whose answer changed since (lapsed).
    """
    by_id = {p.id: p for p in places}
    problems: list[Problem] = []
    kept: dict[str, list[Review]] = {}
    lapsed: dict[tuple[str, str], list[str]] = {}
    for review in reviews:
        found: list[Problem] = []
        place = by_id.get(review.place)
        if place is None:
            found.append(
                Problem(
                    review.path,
                    "[review], place",
                    _("no place {id!r} among the places given").format(id=review.place),
                    did_you_mean(review.place, by_id, SHOWN) if by_id else "",
                )
            )
        if known_signers is not None and review.reviewer not in known_signers:
            found.append(
                Problem(
                    review.path,
                    "[review], reviewer",
                    _("reviewer {id!r} has no key in the signers file").format(id=review.reviewer),
                    _("the network adds the reviewer's key to its signers file"),
                )
            )
        for verdict in review.verdicts:
            if verdict.criterion not in catalogue.criteria:
                found.append(
                    Problem(
                        review.path,
                        f"[verdicts] {verdict.criterion}",
                        _("no criteria set defines a criterion {id!r}").format(id=verdict.criterion),
                        did_you_mean(verdict.criterion, catalogue.criteria, SHOWN),
                    )
                )
        if found:
            problems += found
            continue
        assert place is not None
        if signed_by_reviewer is not None and not signed_by_reviewer.get(review.path, False):
            problems.append(
                Problem(
                    review.path,
                    _("signature"),
                    _("not signed by its reviewer {id}: it is not counted").format(id=review.reviewer),
                    _("the reviewer signs it: tlcriteria sign {path} --key KEY").format(path=review.path),
                    severity="warning",
                )
            )
            continue
        current = []
        for verdict in review.verdicts:
            answer = place.answers.get(verdict.criterion)
            if answer is None or answer_digest(answer) != verdict.digest:
                lapsed.setdefault((place.id, verdict.criterion), []).append(review.reviewer)
                problems.append(
                    Problem(
                        review.path,
                        f"[verdicts] {verdict.criterion}",
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
