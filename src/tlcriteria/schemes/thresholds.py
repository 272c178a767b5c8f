"""`thresholds`: the first `[[grades]]` entry whose conditions hold (SPEC §5)."""

from __future__ import annotations

from collections.abc import Mapping

from .. import hookimpl
from ..fields import Field, Reporter
from ..i18n import _
from ..interfaces import AnswerKind, RatingScheme, SetLint, Tally
from ..model import Grade, ResolvedSet

REQUIRE = ("none", "must", "should")


def requirement_met(require: str, tally: Tally) -> bool:
    """`must`: every active must criterion satisfied; `should`: every must and should one."""
    if require == "none":
        return True
    levels = ("must",) if require == "must" else ("must", "should")
    return all(r.outcome in ("satisfied", "na") for r in tally.results if r.criterion.level in levels)


def grade_holds(grade: Grade, tally: Tally) -> bool:
    percent = tally.percent
    if percent is None:
        return False
    if grade.min_percent is not None and percent < grade.min_percent:
        return False
    if not requirement_met(grade.require, tally):
        return False
    floor = grade.min_theme_percent
    return floor is None or all(p >= floor for p in tally.themes.values())


class Thresholds(RatingScheme):
    name = "thresholds"
    description = "notes par seuils : la première note dont toutes les conditions sont remplies"
    grade_fields = (
        Field("min_percent", "decimal", "Pourcentage minimum (0 à 100).", minimum=0, maximum=100),
        Field(
            "require",
            "string",
            "Critères à satisfaire tous : none, must ou should (must et should).",
            default="none",
            enum=REQUIRE,
        ),
        Field(
            "min_theme_percent",
            "decimal",
            "Pourcentage minimum de chaque thème (0 à 100).",
            minimum=0,
            maximum=100,
        ),
    )

    def check_set(self, rules: ResolvedSet, kinds: Mapping[str, AnswerKind], report: Reporter) -> None:
        grades = rules.grades
        if not grades:
            # A base set such as "communs" is extended, not rated: grades are optional there.
            if rules.set.college:
                report(
                    "[[grades]]",
                    _("a set that rates a college needs [[grades]]"),
                    _("add grades from the best to the last, which has no condition"),
                )
            return
        last = grades[-1]
        if not last.unconditional:
            report(
                f'[[grades]] "{last.grade}"',
                _("the last grade has conditions, so some places would get no grade"),
                _("remove min_percent, require and min_theme_percent from the last grade"),
            )
        previous = None
        for grade in grades[:-1]:
            if grade.min_percent is not None:
                if previous is not None and grade.min_percent > previous:
                    report(
                        f'[[grades]] "{grade.grade}"',
                        _("min_percent {value} is higher than the grade above it ({previous})").format(
                            value=grade.min_percent, previous=previous
                        ),
                        _("list grades from the best to the lowest, with decreasing min_percent"),
                    )
                previous = grade.min_percent

    def cannot_grade(self, rules: ResolvedSet) -> str | None:
        if rules.grades:
            return None
        return _("set {id!r} has no [[grades]]: it is rated through the sets that extend it").format(
            id=rules.id
        )

    def lint(self, rules: ResolvedSet, linter: SetLint) -> None:
        from .thresholds_lint import lint_grades, lint_weights  # only when sets are linted

        lint_grades(rules, linter)
        lint_weights(rules, linter)

    def grade(self, rules: ResolvedSet, tally: Tally) -> str | None:
        # A place short of the set's requirements (`requires`) gets its last grade only.
        grades = rules.grades[-1:] if tally.unmet_requirements else rules.grades
        for grade in grades:
            if grade_holds(grade, tally):
                return grade.grade
        return None


@hookimpl
def tlcriteria_rating_schemes() -> list[RatingScheme]:
    return [Thresholds()]
