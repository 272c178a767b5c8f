"""The thresholds scheme's own warnings (`Thresholds.lint`): grades and weights that surprise."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from ..i18n import SHOWN, _, listed
from ..interfaces import SetLint
from ..lintkit import best_percent, floor_pct, pct, shown, whole_or_two_decimals
from ..model import Criterion, Grade, ResolvedSet

LEVEL_ORDER = {"none": 0, "must": 1, "should": 2}


def items(linter: SetLint, criteria: Iterable[Criterion]) -> list[tuple[Fraction, Fraction, bool]]:
    return [(c.weight, linter.best_credit(c), c.na_allowed) for c in criteria]


def lint_grades(rules: ResolvedSet, linter: SetLint) -> None:
    """Grades no answers can reach, or that a grade above always shadows."""
    active = rules.active_criteria
    if not rules.grades or not active:
        return
    best = best_percent(items(linter, active))
    by_theme: dict[str, list[Criterion]] = {}
    for c in active:
        if c.theme:
            by_theme.setdefault(c.theme, []).append(c)
    theme_best = {t: best_percent(items(linter, cs)) for t, cs in by_theme.items()}
    for index, grade in enumerate(rules.grades):
        where = f'[[grades]] "{grade.grade}"'
        if grade.min_percent and best is not None and grade.min_percent > best:
            linter.warn(
                where,
                _(
                    "grade that no combination of answers can reach: it needs {needed}, "
                    "the best possible answers give {best}"
                ).format(needed=pct(grade.min_percent), best=pct(best)),
                _("lower min_percent to {value} or less, or raise the credits that stay below 1").format(
                    value=floor_pct(best)
                ),
            )
        if grade.require != "none":
            levels = ("must",) if grade.require == "must" else ("must", "should")
            never = [
                c.id
                for c in active
                if c.level in levels and not c.na_allowed and linter.best_credit(c) < c.pass_
            ]
            if never:
                linter.warn(
                    where,
                    _(
                        "grade that no combination of answers can reach: require = {require!r} "
                        "but {ids} can never be satisfied"
                    ).format(
                        require=grade.require, ids=listed((repr(i) for i in never), SHOWN, separator=", ")
                    ),
                    _("fix pass or the credits of those criteria (see their own warnings), or relax require"),
                )
        if grade.min_theme_percent is not None:
            for theme, reachable in sorted(theme_best.items()):
                if reachable is not None and grade.min_theme_percent > reachable:
                    linter.warn(
                        where,
                        _(
                            "min_theme_percent {value} that no place can meet: "
                            "theme {theme!r} reaches at most {reachable}"
                        ).format(value=pct(grade.min_theme_percent), theme=theme, reachable=pct(reachable)),
                        _(
                            "lower min_theme_percent to {value} or less, "
                            "or raise the credits of theme {theme!r}"
                        ).format(value=floor_pct(reachable), theme=theme),
                    )
        for above in rules.grades[:index]:
            if _weaker_or_equal(above, grade):
                linter.warn(
                    where,
                    _(
                        "grade that no place can get: grade {above!r} above it asks no more "
                        "(min_percent, require, min_theme_percent), so it is always given first"
                    ).format(above=above.grade),
                    _("make grade {above!r} stricter than {grade!r}, or remove one of them").format(
                        above=above.grade, grade=grade.grade
                    ),
                )
                break


def lint_weights(rules: ResolvedSet, linter: SetLint) -> None:
    """A criterion whose weight alone caps or makes the grade, whatever the other answers."""
    active = rules.active_criteria
    if len(active) < 2:
        return
    conditional = [g for g in rules.grades if g.min_percent]
    if not conditional:
        return
    lowest = min(g.min_percent for g in conditional if g.min_percent)
    all_require_must = all(g.require != "none" for g in rules.grades[:-1])
    for c in active:
        rule = _WeightRules(rules, linter, c, lowest, all_require_must)
        where = _('criterion "{id}"').format(id=c.id)
        capped = rule.capped(c.weight)
        if capped is not None:
            limit = rule.largest_weight()
            hint = (
                _(
                    "lower its weight to {limit} or less, or make it a must criterion "
                    "if failing it should decide the grade"
                ).format(limit=whole_or_two_decimals(limit))
                if limit is not None
                else _("lower its weight, or make it a must criterion if failing it should decide the grade")
            )
            linter.warn(
                where,
                _(
                    "weight {weight} decides the grade alone: without it a place reaches at most "
                    "{capped}, below the lowest threshold {lowest}, whatever its other answers"
                ).format(weight=shown(c.weight), capped=pct(capped), lowest=pct(lowest)),
                hint,
                criterion=c,
            )
            continue
        made = rule.made(c.weight)
        if made is not None:
            alone, grade = made
            limit = rule.largest_weight()
            linter.warn(
                where,
                _(
                    "weight {weight} decides the grade alone: this answer by itself gives "
                    "{alone}, enough for grade {grade!r} with every other criterion failed"
                ).format(weight=shown(c.weight), alone=pct(alone), grade=grade.grade),
                _('lower its weight to {limit} or less, or add require = "must" to that grade').format(
                    limit=whole_or_two_decimals(limit)
                )
                if limit is not None
                else _('lower its weight, or add require = "must" to that grade'),
                criterion=c,
            )


class _WeightRules:
    """The two warnings about one criterion's weight, for any weight it could be given: the
    hint proposes a weight that passes both (lowering it to pass one may trip the other)."""

    def __init__(
        self, rules: ResolvedSet, linter: SetLint, c: Criterion, lowest: Fraction, all_require_must: bool
    ) -> None:
        others = [o for o in rules.active_criteria if o is not c]
        self.criterion = c
        self.lowest = lowest
        self.kept = items(linter, others)
        # A criterion that may be n/a, or a must one every grade requires, caps nothing.
        self.caps = not c.na_allowed and not (c.level == "must" and all_require_must)
        self.best = linter.best_credit(c)
        self.others_weight = sum((o.weight for o in others if not o.na_allowed), Fraction(0))
        self.grades = [
            g
            for g in rules.grades[:-1]
            if g.min_percent and g.require == "none" and g.min_theme_percent is None
        ]

    def capped(self, weight: Fraction) -> Fraction | None:
        """The best percent without this criterion's credit, when below the lowest threshold."""
        if not self.caps:
            return None
        capped = best_percent([*self.kept, (weight, Fraction(0), False)])
        return capped if capped is not None and capped < self.lowest else None

    def made(self, weight: Fraction) -> tuple[Fraction, Grade] | None:
        """The percent this answer alone gives (every other one at 0, or n/a where allowed), and
        the grade it is enough for."""
        alone = 100 * weight * self.best / (weight + self.others_weight)
        grade = next((g for g in self.grades if g.min_percent and alone >= g.min_percent), None)
        return None if grade is None else (alone, grade)

    def passes(self, weight: Fraction) -> bool:
        return self.capped(weight) is None and self.made(weight) is None

    def largest_weight(self) -> Fraction | None:
        """The largest weight, as a working group writes one (whole, or hundredths below 1),
        below today's that passes both rules; None when none does. Both rules are monotone in
        the weight (a heavier criterion caps more and makes more), so a bisection finds it."""
        current = self.criterion.weight
        for scale in (1, 100):  # whole weights, then hundredths
            low, high = 1, int(current * scale)
            if high < low or not self.passes(Fraction(low, scale)):
                continue
            while low < high:
                middle = (low + high + 1) // 2
                if self.passes(Fraction(middle, scale)):
                    low = middle
                else:
                    high = middle - 1
            found = Fraction(low, scale)
            if found < current:
                return found
        return None


def _weaker_or_equal(above: Grade, below: Grade) -> bool:
    """Every place that meets `below` also meets `above`."""
    if (above.min_percent or 0) > (below.min_percent or 0):
        return False
    if LEVEL_ORDER[above.require] > LEVEL_ORDER[below.require]:
        return False
    return above.min_theme_percent is None or (
        below.min_theme_percent is not None and above.min_theme_percent <= below.min_theme_percent
    )
