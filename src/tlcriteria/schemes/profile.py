"""`profile`: one letter per criterion, joined in order (Fab Lab conformity style, "ABAC")."""

from __future__ import annotations

from collections.abc import Mapping

from .. import hookimpl
from ..fields import Reporter
from ..i18n import _
from ..interfaces import Advice, AdviceChange, AnswerKind, RatingScheme, Tally
from ..model import Answer, CriterionResult, Rating, ResolvedSet

#: Shown for a criterion without a letter: unanswered, n/a, or lacking evidence.
NO_LETTER = "-"


def letter(result: CriterionResult, kinds: Mapping[str, AnswerKind]) -> str:
    if result.outcome in ("unanswered", "na", "unsupported") or result.answer is None:
        return NO_LETTER
    kind = kinds.get(result.criterion.kind)
    option = kind.option_of(result.criterion.config, result.answer.value) if kind is not None else None
    return option.grade or NO_LETTER if option is not None else NO_LETTER


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
            kind = kinds[c.kind]
            options = kind.options(c.config)
            if not options or any(kind.option_of(c.config, o.id) != o for o in options):
                report(
                    _('criterion "{id}"').format(id=c.id),
                    _("scheme 'profile' rates choice criteria only, this one is {kind!r}").format(
                        kind=c.kind
                    ),
                    _('use kind = "choice" with a grade letter on each option'),
                )
                continue
            missing = [o.id for o in options if not o.grade]
            if missing:
                report(
                    _('criterion "{id}"').format(id=c.id),
                    _("options without a grade letter: {ids}").format(ids=", ".join(missing)),
                    _('give each option a grade, e.g. grade = "A"'),
                )

    rates_themes = False  # one letter per criterion: themes decide nothing

    def grade(self, rules: ResolvedSet, tally: Tally) -> str | None:
        return "".join(letter(r, tally.kinds) for r in tally.results)

    def grade_order(self, rules: ResolvedSet) -> list[str]:
        return []  # profiles are compared letter by letter (`is_lower`)

    def is_lower(self, rules: ResolvedSet, old: str, new: str) -> bool | None:
        if len(old) != len(new):
            return None
        worst = {NO_LETTER: "~"}  # a missing letter is worse than any letter
        return any(worst.get(b, b) > worst.get(a, a) for a, b in zip(old, new, strict=True))

    def is_best(self, rating: Rating, kinds: Mapping[str, AnswerKind]) -> bool:
        """Every criterion answered (not n/a) has its best letter: no letter can go up."""
        lettered = [r for r in rating.results if r.outcome != "na"]
        return bool(lettered) and all(_at_best_letter(r, kinds) for r in lettered)

    def advice_heading(self, current: str | None, target: str) -> str:
        return _("to go from profile {current} to {target}:").format(current=current, target=target)

    def advise(self, rating: Rating, kinds: Mapping[str, AnswerKind]) -> Advice:
        """Raise the weakest letter by one: which criterion, which option.

        An unanswered criterion (or one lacking its evidence) counts as the weakest:
        answering it is proposed first, with its best option.
        """
        worst = "~"  # sorts after every letter
        best: tuple[str, AdviceChange] | None = None
        for result in rating.results:
            criterion = result.criterion
            kind = kinds[criterion.kind]
            options = [o for o in kind.options(criterion.config) if o.grade]
            if not options or result.outcome == "na":
                continue
            picked = (
                kind.option_of(criterion.config, result.answer.value) if result.answer is not None else None
            )
            current = picked if picked in options else None
            if current is None or result.outcome == "unsupported":
                mark = worst
                option = current or min(options, key=lambda o: o.grade or worst)
            else:
                mark = current.grade or worst
                better = sorted(
                    (o for o in options if (o.grade or worst) < mark), key=lambda o: o.grade or worst
                )
                if not better:
                    continue
                option = better[-1]  # one letter up
            shown = kind.show_value(criterion.config, option.id)
            change = AdviceChange(criterion, Answer(value=option.id), shown, criterion.evidence)
            if best is None or mark > best[0]:
                best = (mark, change)
        if best is None:
            return Advice(rating.grade, None)
        change = best[1]
        target = "".join(_letter_after(r, change, kinds) for r in rating.results)
        return Advice(rating.grade, target, (change,))


def _letter_after(result: CriterionResult, change: AdviceChange, kinds: Mapping[str, AnswerKind]) -> str:
    if result.criterion.id != change.criterion.id:
        return letter(result, kinds)
    option = kinds[result.criterion.kind].option_of(result.criterion.config, change.answer.value)
    return option.grade or NO_LETTER if option is not None else NO_LETTER


@hookimpl
def tlcriteria_rating_schemes() -> list[RatingScheme]:
    return [Profile()]


def _at_best_letter(result: CriterionResult, kinds: Mapping[str, AnswerKind]) -> bool:
    kind = kinds.get(result.criterion.kind)
    graded = [o.grade for o in kind.options(result.criterion.config) if o.grade] if kind is not None else []
    mine = letter(result, kinds)
    return bool(graded) and mine != NO_LETTER and mine == min(graded)
