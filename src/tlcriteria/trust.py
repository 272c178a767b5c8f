"""What tells a reader how far to trust a rating: freshness, signature, peer reviews.

Scoring stays a pure function of the answers; this module adds, after it, a
`Trust` to each rating (SPEC §10-§11) from the files already read by the
command (`Loaded.documents`), and filters out the places whose signature
is not their own when the network requires one.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from .catalogue import Catalogue
from .documents import Document
from .errors import Problem
from .freshness import is_stale
from .i18n import _
from .model import CriterionResult, Place, Rating, Trust, Verification
from .registry import Registry

if TYPE_CHECKING:  # reviews and signatures (with subprocess) are imported only where files have them
    from .reviews import Reviewed
    from .signatures import Signers, Verdict


def principal_of(doc: Document) -> str | None:
    """Who must have signed a document: a place file's place, a review's reviewer."""
    table = doc.data.get(doc.kind or "")
    if not isinstance(table, dict):
        return None
    found = table.get("id" if doc.kind == "place" else "reviewer")
    return found if isinstance(found, str) else None


def document_bytes(doc: Document) -> bytes:
    """The bytes that were signed, from the text already read (one read per file).

    Reading drops a UTF-8 byte-order mark; `verify_many` tries the bytes with it
    when those without it do not match.
    """
    return doc.locator.text.encode("utf-8")


BOM = "\ufeff".encode()


@attrs.frozen
class SignedFiles:
    """What `verify` found among the files given: a verdict for each place file and review."""

    verdicts: tuple[Verdict, ...]
    problems: tuple[Problem, ...]  # files that are neither, criteria sets aside
    sets: tuple[str, ...]  # criteria sets, left aside: no place signs them

    def unsigned(self, review: bool) -> int:
        """How many place files (or reviews) are not signed by who must sign them."""
        return sum(1 for v in self.verdicts if v.review == review and not v.ok)


def signed_documents(docs: Iterable[Document], signers: Signers) -> SignedFiles:
    """The signature verdict of each place file and review; problems for other files."""
    jobs: list[tuple[str, str, bytes]] = []
    reviews: set[str] = set()
    problems: list[Problem] = []
    sets: list[str] = []
    for doc in docs:
        if doc.kind == "network":
            continue  # the network's own file beside its places: no place signs it
        if doc.kind == "set":
            sets.append(doc.path)  # the network's criteria: signed by no place, said once
            continue
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
        if doc.kind == "review":
            reviews.add(doc.path)
        jobs.append((doc.path, principal, document_bytes(doc)))
    verdicts = tuple(
        attrs.evolve(v, review=True) if v.path in reviews else v for v in verify_many(jobs, signers)
    )
    return SignedFiles(verdicts, tuple(problems), tuple(sets))


def named_signatures(paths: Iterable[str], signers_file: str) -> list[Problem]:
    """A problem for each signature file (`F.sig`) named among `verify`'s paths: the file to
    verify is the one it signs."""
    import shlex
    from pathlib import Path

    problems = []
    for path in paths:
        if path.endswith(".sig") and not Path(path).is_dir():
            signed = path.removesuffix(".sig")
            command = f"tlcriteria verify {shlex.quote(signed)} --signers {shlex.quote(signers_file)}"
            problems.append(
                Problem(
                    path,
                    "",
                    _("is a signature, not a place file or a review"),
                    _("verify the file it signs: {command}").format(command=command),
                )
            )
    return problems


def place_verdicts(
    places: Iterable[Place], documents: Iterable[Document], signers: Signers
) -> dict[str, Verdict]:
    """Place id → the signature verdict of its file."""
    by_path = {doc.path: doc for doc in documents}
    jobs = [(p.path, p.id, document_bytes(by_path[p.path])) for p in places if p.path in by_path]
    return {verdict.principal: verdict for verdict in verify_many(jobs, signers)}


def verify_many(jobs: Sequence[tuple[str, str, bytes]], signers: Signers) -> list[Verdict]:
    """Verdicts of (path, principal, bytes), in order; ssh-keygen runs for several files at once."""
    from concurrent.futures import ThreadPoolExecutor

    from .signatures import allowed_signers_file, verify

    with allowed_signers_file(signers) as allowed:

        def one(job: tuple[str, str, bytes]) -> Verdict:
            path, principal, data = job
            verdict = verify(path, principal, signers, data, allowed=allowed)
            if verdict.state == "changed" and not data.startswith(BOM):
                # Saved by an editor that writes a byte-order mark, which reading left out.
                with_bom = verify(path, principal, signers, BOM + data, allowed=allowed)
                verdict = with_bom if with_bom.state != "changed" else verdict
            return verdict

        if len(jobs) < 8:
            return [one(job) for job in jobs]
        with ThreadPoolExecutor(max_workers=min(16, (os.cpu_count() or 2) * 2)) as pool:
            return list(pool.map(one, jobs))


def require_signature(
    places: Sequence[Place], verdicts: Mapping[str, Verdict]
) -> tuple[tuple[Place, ...], list[Problem]]:
    """The places signed by their own key, and a problem naming each one left out."""
    from .signatures import Verdict

    kept: list[Place] = []
    problems: list[Problem] = []
    for place in places:
        verdict = verdicts.get(place.id)
        if verdict is not None and verdict.ok:
            kept.append(place)
        else:
            state = verdict or Verdict(place.path, place.id, "unsigned")
            problem = state.problem()
            left_out = " — " + _("left out (--require-signature)")
            problems.append(attrs.evolve(problem, message=problem.message + left_out))
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
    reviewed: Reviewed | None  # None: no review among the files given
    problems: tuple[Problem, ...]  # the signers file's and the reviews'
    left: tuple[Problem, ...] = ()  # one for each place left out by --require-signature

    @property
    def left_out(self) -> int:
        return len(self.left)

    @property
    def reviews_left_out(self) -> int:
        """Review files left out because of their own errors (SPEC §8: the others still count)."""
        return len({p.path for p in self.problems if p.is_error})

    def annotate(self, ratings: Iterable[Rating], on: dt.date, registry: Registry) -> list[Rating]:
        """Each rating with its trust; re-rated where a set takes a disputed answer's credit away."""
        verifications: dict[tuple[str, str], Verification] | None = None
        rated = list(ratings)
        if self.reviewed is not None:
            from .reviews import verification

            verifications = {}
            for index, rating in enumerate(rated):
                found = verification(rating.place, rating.rules, self.reviewed)
                verifications[(rating.place.id, rating.rules.id)] = found
                rated[index] = without_disputed(rating, found, registry)
        return annotate(rated, on, self.verdicts, verifications)


def without_disputed(rating: Rating, found: Verification, registry: Registry) -> Rating:
    """`[set.review] disputed_keeps_credit = false`: a disputed answer loses its credit.

    The place is rated as if it had not given the disputed answers (their credit 0, grade and
    percent as for unanswered criteria); each of their results then shows the answer the
    place gave, `unsatisfied` (credit 0): the outputs show it beside « contesté par un pair »,
    not as « sans réponse »."""
    from .engine import rate
    from .model import ScopedRating

    policy = rating.rules.set.review
    disputed = set(found.disputed)
    if policy is None or policy.disputed_keeps_credit or not disputed:
        return rating
    place = rating.place
    answers = {k: v for k, v in place.answers.items() if k not in disputed}
    rated = rate(
        attrs.evolve(place, answers=answers),
        rating.rules,
        registry.kinds,
        registry.schemes[rating.rules.scheme],
    )

    def shown(results: tuple[CriterionResult, ...]) -> tuple[CriterionResult, ...]:
        return tuple(
            attrs.evolve(r, outcome="unsatisfied", answer=place.answers[r.criterion.id])
            if r.criterion.id in disputed and r.answer is None and r.criterion.id in place.answers
            else r
            for r in results
        )

    # The rating's place stays without the disputed answers (advice works from it: they are
    # to be given again); its results show them as given.
    kept = attrs.evolve(rated, results=shown(rated.results))
    if isinstance(kept, ScopedRating):
        kept = attrs.evolve(kept, required_results=shown(kept.required_results))
    return kept


def check_trust(
    places: Sequence[Place],
    documents: Sequence[Document],
    catalogue: Catalogue,
    signers_file: str | None,
    required: bool,
) -> Checked:
    """Signatures of the places (with a signers file), reviews, and who is left out.

    A signers file that cannot be used is a problem that stops everything: no
    place would show a truthful signature state.
    """
    from .reviews import check_reviews, reviews_from
    from .signatures import load_signers

    reviews, problems = reviews_from(documents)
    has_reviews = any(doc.kind == "review" for doc in documents)
    signers: Signers | None = None
    if signers_file is not None:
        signers, found = load_signers(signers_file)
        if signers is None:
            return Checked((), None, None, tuple(found))
    signed_reviews = None
    if signers is not None:
        by_path = {doc.path: doc for doc in documents}
        jobs = [(r.path, r.reviewer, document_bytes(by_path[r.path])) for r in reviews]
        signed_reviews = {v.path: v.ok for v in verify_many(jobs, signers)}
    reviewed, found = check_reviews(
        reviews, places, catalogue, signed_reviews, signers.principals if signers else None, documents
    )
    problems += found
    reviewed_or_none = reviewed if has_reviews else None
    if signers is None:
        return Checked(tuple(places), None, reviewed_or_none, tuple(problems))
    verdicts = place_verdicts(places, documents, signers)
    if not required:
        return Checked(tuple(places), verdicts, reviewed_or_none, tuple(problems))
    kept, left = require_signature(places, verdicts)
    return Checked(kept, verdicts, reviewed_or_none, tuple(problems), tuple(left))
