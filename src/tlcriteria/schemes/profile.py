"""`profile`: one letter per criterion, joined in order (Fab Lab conformity style, "ABAC")."""

from __future__ import annotations

from collections.abc import Mapping

from .. import hookimpl
from ..fields import Reporter
from ..interfaces import AnswerKind, RatingScheme, Tally
from ..model import CriterionResult, ResolvedSet

#: Shown for a criterion without a letter: unanswered, n/a, or lacking evidence.
NO_LETTER = "-"


def letter(result: CriterionResult) -> str:
    if result.outcome in ("unanswered", "na", "unsupported") or result.answer is None:
        return NO_LETTER
    config = result.criterion.config
    for option in config if isinstance(config, tuple) else ():
        if option.id == result.answer.value:
            return option.grade or NO_LETTER
    return NO_LETTER


class Profile(RatingScheme):
    name = "profile"
    description = "profil : une lettre par critère (choix A/B/C), jointes dans l'ordre, ex. « ABAC »"

    def check_set(self, rules: ResolvedSet, kinds: Mapping[str, AnswerKind], report: Reporter) -> None:
        active = rules.active_criteria
        if not active:
            report("[[criteria]]", "a set with scheme 'profile' needs active criteria", "add choice criteria")
        for c in active:
            if c.kind != "choice":
                report(
                    f'criterion "{c.id}"',
                    f"scheme 'profile' rates choice criteria only, this one is {c.kind!r}",
                    'use kind = "choice" with a grade letter on each option',
                )
                continue
            missing = [o.id for o in kinds[c.kind].options(c.config) if not o.grade]
            if missing:
                report(
                    f'criterion "{c.id}"',
                    "options without a grade letter: " + ", ".join(missing),
                    'give each option a grade, e.g. grade = "A"',
                )

    def grade(self, rules: ResolvedSet, tally: Tally) -> str | None:
        return "".join(letter(r) for r in tally.results)


@hookimpl
def tlcriteria_rating_schemes() -> list[RatingScheme]:
    return [Profile()]
