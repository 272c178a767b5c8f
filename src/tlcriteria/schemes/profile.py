"""`profile`: one letter per criterion, joined in order (Fab Lab conformity style, "ABAC")."""

from __future__ import annotations

from collections.abc import Mapping

from .. import hookimpl
from ..fields import Reporter
from ..i18n import _
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
            report(
                "[[criteria]]",
                _("a set with scheme 'profile' needs active criteria"),
                _("add choice criteria"),
            )
        for c in active:
            if c.kind != "choice":
                report(
                    _('criterion "{id}"').format(id=c.id),
                    _("scheme 'profile' rates choice criteria only, this one is {kind!r}").format(
                        kind=c.kind
                    ),
                    _('use kind = "choice" with a grade letter on each option'),
                )
                continue
            missing = [o.id for o in kinds[c.kind].options(c.config) if not o.grade]
            if missing:
                report(
                    _('criterion "{id}"').format(id=c.id),
                    _("options without a grade letter: {ids}").format(ids=", ".join(missing)),
                    _('give each option a grade, e.g. grade = "A"'),
                )

    def grade(self, rules: ResolvedSet, tally: Tally) -> str | None:
        return "".join(letter(r) for r in tally.results)


@hookimpl
def tlcriteria_rating_schemes() -> list[RatingScheme]:
    return [Profile()]
