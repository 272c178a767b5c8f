"""`ladder`: a place's overall level across a ladder of sets (passing, silver, gold).

Each `[[grades]]` entry but the last names a set (`set = "…"`), best first;
the place gets the first one whose set it reaches at that set's top grade,
requirements included (SPEC §9). The last grade, without a set, is everyone else's.
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import hookimpl
from ..fields import Field, Reporter
from ..i18n import _
from ..interfaces import AnswerKind, RatingScheme, Tally
from ..model import CriterionResult, Requirement, ResolvedSet


class Ladder(RatingScheme):
    name = "ladder"
    description = "échelle de jeux : la plus haute marche dont le lieu atteint la note la plus haute"
    grade_fields = (Field("set", "slug", "Le jeu dont la note la plus haute donne cette marche."),)
    needs_percent = False

    def references(self, rules: ResolvedSet) -> tuple[Requirement, ...]:
        return tuple(Requirement(g.keys["set"], "", line=g.line) for g in rules.grades if "set" in g.keys)

    def check_set(self, rules: ResolvedSet, kinds: Mapping[str, AnswerKind], report: Reporter) -> None:
        grades = rules.grades
        if not grades:
            report(
                "[[grades]]",
                _("a ladder needs [[grades]], each naming a set"),
                _('add [[grades]] with grade = "…" and set = "…", best first'),
            )
            return
        if "set" in grades[-1].keys:
            report(
                f'[[grades]] "{grades[-1].grade}"',
                _("the last grade of a ladder names a set, so some places would get no grade"),
                _("add a last grade without set"),
            )
        for grade in grades[:-1]:
            if "set" not in grade.keys:
                report(
                    f'[[grades]] "{grade.grade}"',
                    _("only the last grade of a ladder may have no set"),
                    _('add set = "…"'),
                )

    def grade(self, rules: ResolvedSet, tally: Tally) -> str | None:
        from ..engine import reaches  # rating only: `check` registers the scheme without the engine

        for grade in rules.grades:
            set_id = grade.keys.get("set")
            if set_id is None:
                return grade.grade
            rung = tally.others.get(set_id)
            if rung is not None and not rung.unmet_requirements and reaches(rung, ""):
                return grade.grade
        return None

    def shown_results(
        self, rules: ResolvedSet, tally: Tally, grade: str | None
    ) -> tuple[CriterionResult, ...]:
        """The criteria of the rung the place aims at (the one above its grade; the top rung
        at the top grade), then of the rungs below it: what gives its grade and what the next
        one takes. Each criterion once, as the highest of those rungs rates it."""
        names = [g.grade for g in rules.grades]
        aimed = max(names.index(grade) - 1, 0) if grade in names else 0
        return _rung_results(rules, tally, aimed)

    def required_results(
        self, rules: ResolvedSet, tally: Tally, grade: str | None, shown: tuple[CriterionResult, ...]
    ) -> tuple[CriterionResult, ...]:
        """The criteria of the rung the place has and of those below it (of the lowest rung,
        for a place below every rung): a silver place fails no required criterion for not
        meeting gold's, which `advise` lists. Each criterion once, as the highest of them rates it."""
        names = [g.grade for g in rules.grades]
        rungs = [i for i, g in enumerate(rules.grades) if "set" in g.keys]
        at = names.index(grade) if grade in names else len(names)
        start = at if at in rungs else (rungs[-1] if rungs else len(names))
        return _rung_results(rules, tally, start)


def _rung_results(rules: ResolvedSet, tally: Tally, start: int) -> tuple[CriterionResult, ...]:
    """The results of the rungs from the `start`-th grade down, each criterion once, as the
    highest of those rungs rates it."""
    found: dict[str, CriterionResult] = {}
    for rung in rules.grades[start:]:
        rating = tally.others.get(rung.keys.get("set", ""))
        for result in rating.results if rating is not None else ():
            found.setdefault(result.criterion.id, result)
    return tuple(found.values())


@hookimpl
def tlcriteria_rating_schemes() -> list[RatingScheme]:
    return [Ladder()]
