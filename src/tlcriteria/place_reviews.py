"""The peer reviews of one place, read beside its file, for `assess`.

`tlcriteria review` writes them in `reviews/PLACE-ID/` of the folder that holds
the places' folder, where `score`, `publish` and `report` find them when given
the network's folder; they are read here once, then counted the way those
commands count them (`trust.check_trust`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from .documents import Document, read_files
from .errors import Problem
from .model import TomlValue
from .models_from_toml import read_answer
from .reviews import Review, answer_digest, reviews_from


def reviews_folder(place_file: Path, place_id: str) -> Path:
    """Where the reviews of the place `place_id` filed at `place_file` are, `reviews/PLACE` in
    the network's folder, where a walk of it finds them: the folder of the network file (beside
    the place file or one up), else the one holding `places/`, else the place file's own folder
    (a flat network: `assess` writes there without `places/`)."""
    from .network_file import network_root

    return (network_root(place_file) or place_file.resolve().parent) / "reviews" / place_id


def review_documents(place_file: Path, place_id: str) -> tuple[tuple[Document, ...], tuple[Problem, ...]]:
    """The review files of this place, read and parsed once (none when it has no reviews folder)."""
    folder = reviews_folder(place_file, place_id)
    if not folder.is_dir():
        return (), ()
    reading = read_files([folder])
    docs = tuple(d for d in reading.documents if d.kind == "review")
    return docs, tuple(p for p in reading.problems if Path(p.path).is_file())


class ReviewedAnswers:
    """The verdicts that judge a place's answers as written when a questionnaire starts (the
    file's `[answers]` table as read): which of them the answers as they are at any later
    moment make lapse (a verdict judges one answer: changed, it lapses; changed back, it holds)."""

    def __init__(self, reviews: Iterable[Review], answers: Mapping[str, TomlValue]) -> None:
        #: criterion -> (digest of its answer at the start, reviewers whose verdict judges that answer).
        self.judged: dict[str, tuple[str | None, list[str]]] = {}
        for review in reviews:
            for verdict in review.verdicts:
                digest = _digest(answers, verdict.criterion)
                if digest == verdict.digest:
                    self.judged.setdefault(verdict.criterion, (digest, []))[1].append(review.reviewer)

    @property
    def current(self) -> set[tuple[str, str]]:
        """(criterion, reviewer) of each verdict current at the start: those a change makes lapse."""
        return {(criterion, reviewer) for criterion, (_d, by) in self.judged.items() for reviewer in by}

    def lapsed(self, answers: Mapping[str, TomlValue]) -> set[tuple[str, str]]:
        """(criterion, reviewer) of each verdict current at the start that `answers` make lapse."""
        return {
            (criterion, reviewer)
            for criterion, (digest, by) in self.judged.items()
            if _digest(answers, criterion) != digest
            for reviewer in by
        }


def _digest(answers: Mapping[str, TomlValue], criterion: str) -> str | None:
    raw = answers.get(criterion)
    return None if raw is None else answer_digest(read_answer(raw)[0])


def reviews_of(docs: Iterable[Document]) -> list[Review]:
    """The valid reviews among `docs` (those with problems are left for `check_trust` to name)."""
    return reviews_from(docs)[0]
