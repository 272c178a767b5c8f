"""What tells a reader how far to trust a rating: freshness, signature, peer reviews.

Scoring stays a pure function of the answers; this module adds, after it, a
`Trust` to each rating (SPEC §10-§11) from the files already read by the
command (`Loaded.documents`), and filters out the places whose signature
is not their own when the network requires one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import attrs

from .documents import Document
from .errors import Problem
from .freshness import is_stale
from .i18n import _
from .model import Place, Rating, Trust, Verification
from .signatures import Signers, Verdict, verify


def principal_of(doc: Document) -> str | None:
    """Who must have signed a document: a place file's place, a review's reviewer."""
    table = doc.data.get(doc.kind or "")
    if not isinstance(table, dict):
        return None
    found = table.get("id" if doc.kind == "place" else "reviewer")
    return found if isinstance(found, str) else None


def document_bytes(doc: Document) -> bytes:
    """The bytes that were signed, from the text already read (one read per file)."""
    return doc.locator.text.encode("utf-8")


def signed_documents(
    docs: Iterable[Document], signers: Signers, now: dt.datetime | None = None
) -> tuple[list[Verdict], list[Problem]]:
    """The signature verdict of each place file and review; problems for other files."""
    verdicts: list[Verdict] = []
    problems: list[Problem] = []
    for doc in docs:
        principal = principal_of(doc) if doc.kind in ("place", "review") else None
        if principal is None:
            problems.append(
                Problem(
                    doc.path,
                    "",
                    _("is neither a place file nor a review with its id"),
                    _("a place file has [place] id = …, a review has [review] reviewer = …"),
                )
            )
            continue
        verdicts.append(verify(doc.path, principal, signers, document_bytes(doc), now))
    return verdicts, problems


def place_verdicts(
    places: Iterable[Place], documents: Iterable[Document], signers: Signers
) -> dict[str, Verdict]:
    """Place id → the signature verdict of its file."""
    by_path = {doc.path: doc for doc in documents}
    found: dict[str, Verdict] = {}
    for place in places:
        doc = by_path.get(place.path)
        if doc is not None:
            found[place.id] = verify(place.path, place.id, signers, document_bytes(doc))
    return found


def require_signature(
    places: Sequence[Place], verdicts: Mapping[str, Verdict]
) -> tuple[tuple[Place, ...], list[Problem]]:
    """The places signed by their own key, and a problem naming each one left out."""
    kept: list[Place] = []
    problems: list[Problem] = []
    for place in places:
        verdict = verdicts.get(place.id)
        if verdict is not None and verdict.ok:
            kept.append(place)
        else:
            state = verdict or Verdict(place.path, place.id, "unsigned")
            problem = state.problem()
            problems.append(
                attrs.evolve(problem, message=problem.message + " — " + _("left out (--require-signature)"))
            )
    return tuple(kept), problems


def annotate(
    ratings: Iterable[Rating],
    on: dt.date,
    verdicts: Mapping[str, Verdict] | None = None,
    verifications: Mapping[tuple[str, str], Verification] | None = None,
) -> list[Rating]:
    """Each rating with its `Trust`: freshness always, signature and reviews when checked."""
    annotated = []
    for rating in ratings:
        place, rules = rating.place, rating.rules
        verdict = verdicts.get(place.id) if verdicts is not None else None
        trust = Trust(
            assessed=place.assessed.isoformat() if place.assessed else None,
            stale=is_stale(place.assessed, rules.set.valid_for_months, on),
            signature=(verdict.state if verdict else "unsigned") if verdicts is not None else None,
            verification=(
                verifications.get((place.id, rules.id), Verification("self"))
                if verifications is not None
                else None
            ),
        )
        annotated.append(attrs.evolve(rating, trust=trust))
    return annotated


@attrs.frozen
class Checked:
    """What `score` and `publish` rate and show, once trust is checked."""

    places: tuple[Place, ...]
    verdicts: Mapping[str, Verdict] | None
    verifications: Mapping[tuple[str, str], Verification] | None
    problems: tuple[Problem, ...]  # the signers file's, the reviews', and the places left out
    left_out: int = 0

    def annotate(self, ratings: Iterable[Rating], on: dt.date) -> list[Rating]:
        return annotate(ratings, on, self.verdicts, self.verifications)


def check_trust(
    places: Sequence[Place],
    documents: Sequence[Document],
    signers_file: str | None,
    required: bool,
    verifications: Mapping[tuple[str, str], Verification] | None = None,
) -> Checked:
    """Signatures of the places (with a signers file), and those left out when one is required.

    A signers file that cannot be used is a problem that stops everything: no
    place would show a truthful signature state.
    """
    from .signatures import load_signers

    if signers_file is None:
        return Checked(tuple(places), None, verifications, ())
    signers, problems = load_signers(signers_file)
    if signers is None:
        return Checked((), None, verifications, tuple(problems))
    verdicts = place_verdicts(places, documents, signers)
    if not required:
        return Checked(tuple(places), verdicts, verifications, ())
    kept, left = require_signature(places, verdicts)
    return Checked(kept, verdicts, verifications, tuple(left), len(left))
