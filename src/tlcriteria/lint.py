"""Warnings about criteria sets that are valid but probably not what the working group meant.

A hard error makes a set unusable; a warning points at a rule that works but
will surprise: a grade nobody can reach, a must criterion nobody can satisfy,
a criterion so heavy that it decides the grade alone… Each warning says why
(with the figures) and what to change. `tlcriteria check` prints them and
exits 0, unless `--strict`.

Everything here is computed exactly (fractions), from the best answers a
place could give: the highest credit of each criterion, and "not applicable"
where a criterion allows it and answering it would only lower the percent.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from .catalogue import located
from .errors import Problem
from .i18n import _
from .interfaces import AnswerKind
from .model import Criterion, Grade, ResolvedSet
from .record import round_down

LEVEL_ORDER = {"none": 0, "must": 1, "should": 2}


def warning(path: str, where: str, message: str, hint: str) -> Problem:
    return Problem(path, where, message, hint, severity="warning")


def pct(value: Fraction) -> str:
    shown = round_down(value, 1)
    return f"{shown:g} %"


def floor_pct(value: Fraction) -> str:
    """A percent rounded down to one decimal, as a limit to write in a file."""
    floored = Fraction(math.floor(value * 10), 10)
    return f"{float(floored):g}"


def shown(value: Fraction) -> str:
    """A credit or weight as written in files: 0.5, not 1/2."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{round_down(value, 3):g}"


def max_credit(criterion: Criterion, kind: AnswerKind | None) -> Fraction:
    """The highest credit any answer to this criterion can earn."""
    if kind is None:
        return Fraction(1)
    custom = getattr(kind, "max_credit", None)
    if callable(custom):
        return Fraction(custom(criterion.config))
    options = kind.options(criterion.config)
    if options:
        credits = [o.credit for o in options]
        if kind.name == "multi":
            return min(Fraction(1), sum(credits, Fraction(0)))
        return max(credits)
    thresholds = getattr(criterion.config, "thresholds", None)
    if thresholds:
        return max([Fraction(0), *(Fraction(credit) for _, credit in thresholds)])
    return Fraction(1)


def best_percent(items: Sequence[tuple[Fraction, Fraction, bool]]) -> Fraction | None:
    """The highest percent reachable from (weight, best credit, may be n/a) triples.

    Criteria that cannot be n/a always count; n/a-able ones are answered only
    when their best credit raises the percent (best first), else left n/a.
    """
    num = sum((w * m for w, m, na in items if not na), Fraction(0))
    den = sum((w for w, _, na in items if not na), Fraction(0))
    for w, m, _na in sorted((i for i in items if i[2]), key=lambda i: i[1], reverse=True):
        if den == 0 or m > num / den:
            num, den = num + w * m, den + w
        else:
            break
    return None if den == 0 else 100 * num / den


def _path(rules: ResolvedSet, criterion: Criterion, sets: Mapping[str, ResolvedSet]) -> str:
    owner = sets.get(criterion.set_id)
    return owner.set.path if owner is not None else rules.set.path


class Linter:
    def __init__(self, sets: Mapping[str, ResolvedSet], kinds: Mapping[str, AnswerKind]) -> None:
        self.sets = sets
        self.kinds = kinds
        self.problems: list[Problem] = []
        self._reported: set[tuple[str, str, str]] = set()

    def add(self, problem: Problem) -> None:
        # The line of what the warning is about, in the file it names (criterion, grade, theme).
        owner = next((r for r in self.sets.values() if r.set.path == problem.path), None)
        if owner is not None:
            problem = attrs.evolve(problem, where=located(owner, problem.where))
        key = (problem.path, problem.where, problem.message)
        if key not in self._reported:
            self._reported.add(key)
            self.problems.append(problem)

    def best(self, c: Criterion) -> Fraction:
        return max_credit(c, self.kinds.get(c.kind))

    def items(self, criteria: Iterable[Criterion]) -> list[tuple[Fraction, Fraction, bool]]:
        return [(c.weight, self.best(c), c.na_allowed) for c in criteria]

    # ------------------------------------------------------------------ criteria

    def unreachable_pass(self, rules: ResolvedSet) -> None:
        """A criterion whose best answer stays below `pass`: never satisfied."""
        for c in rules.set.criteria:
            if c.status == "retired":
                continue
            best = self.best(c)
            if best >= c.pass_:
                continue
            path, where = _path(rules, c, self.sets), _('criterion "{id}"').format(id=c.id)
            kind = self.kinds.get(c.kind)
            has_options = kind is not None and bool(kind.options(c.config))
            if c.level == "must":
                self.add(
                    warning(
                        path,
                        where,
                        _(
                            "must criterion that no answer satisfies: the best answer earns {best}, "
                            "below pass = {pass_}, so every place fails it"
                        ).format(best=shown(best), pass_=shown(c.pass_)),
                        _(
                            "lower pass to {best} or less, or give an answer a credit of at least {pass_}"
                        ).format(best=shown(best), pass_=shown(c.pass_)),
                    )
                )
            elif has_options:
                self.add(
                    warning(
                        path,
                        where,
                        (
                            _(
                                "the options' credits make pass unreachable: the best combination earns {best}, "
                                "below pass = {pass_}"
                            )
                            if c.kind == "multi"
                            else _(
                                "the options' credits make pass unreachable: the best option earns {best}, "
                                "below pass = {pass_}"
                            )
                        ).format(best=shown(best), pass_=shown(c.pass_)),
                        _("raise an option's credit to {pass_}, or lower pass to {best}").format(
                            best=shown(best), pass_=shown(c.pass_)
                        ),
                    )
                )
            else:
                self.add(
                    warning(
                        path,
                        where,
                        _("pass = {pass_} is unreachable: the best answer earns {best}").format(
                            best=shown(best), pass_=shown(c.pass_)
                        ),
                        _("lower pass to {best} or less, or raise the highest credit").format(
                            best=shown(best)
                        ),
                    )
                )

    def same_questions(self, all_criteria: Iterable[Criterion]) -> None:
        seen: dict[str, Criterion] = {}
        for c in all_criteria:
            if c.status == "retired":
                continue
            key = " ".join(c.question.casefold().split()).rstrip(" ?.!:")
            other = seen.get(key)
            if other is None:
                seen[key] = c
                continue
            owner = self.sets.get(c.set_id)
            self.add(
                warning(
                    owner.set.path if owner else "",
                    _('criterion "{id}"').format(id=c.id),
                    _(
                        "asks the same question as criterion {other!r}: places answer twice and are counted twice"
                    ).format(other=other.id),
                    _(
                        "remove one of them, or reword the question of {id!r} so that it asks something else"
                    ).format(id=c.id),
                )
            )

    # ------------------------------------------------------------------ sets with grades

    def themes(self, rules: ResolvedSet) -> None:
        if rules.scheme == "profile":  # one letter per criterion: themes decide nothing there
            return
        by_theme: dict[str, list[Criterion]] = {}
        for c in rules.active_criteria:
            if c.theme:
                by_theme.setdefault(c.theme, []).append(c)
        floors = any(g.min_theme_percent is not None for g in rules.grades)
        for theme, members in by_theme.items():
            if len(members) == 1:
                message = (
                    _(
                        "theme with a single criterion ({id!r}): its subtotal is that one answer, and its answer "
                        "alone decides this theme's floor (min_theme_percent)"
                    )
                    if floors
                    else _("theme with a single criterion ({id!r}): its subtotal is that one answer")
                )
                self.add(
                    warning(
                        rules.set.path,
                        _('theme "{theme}"').format(theme=theme),
                        message.format(id=members[0].id),
                        _("add criteria to this theme, or move the criterion to another theme"),
                    )
                )

    def grades(self, rules: ResolvedSet) -> None:
        active = rules.active_criteria
        if rules.scheme != "thresholds" or not rules.grades or not active:
            return
        best = best_percent(self.items(active))
        by_theme: dict[str, list[Criterion]] = {}
        for c in active:
            if c.theme:
                by_theme.setdefault(c.theme, []).append(c)
        theme_best = {t: best_percent(self.items(cs)) for t, cs in by_theme.items()}
        path = rules.set.path
        for index, grade in enumerate(rules.grades):
            where = f'[[grades]] "{grade.grade}"'
            if grade.min_percent and best is not None and grade.min_percent > best:
                self.add(
                    warning(
                        path,
                        where,
                        _(
                            "grade that no combination of answers can reach: it needs {needed}, "
                            "the best possible answers give {best}"
                        ).format(needed=pct(grade.min_percent), best=pct(best)),
                        _(
                            "lower min_percent to {value} or less, or raise the credits that stay below 1"
                        ).format(value=floor_pct(best)),
                    )
                )
            if grade.require != "none":
                levels = ("must",) if grade.require == "must" else ("must", "should")
                never = [
                    c.id for c in active if c.level in levels and not c.na_allowed and self.best(c) < c.pass_
                ]
                if never:
                    self.add(
                        warning(
                            path,
                            where,
                            _(
                                "grade that no combination of answers can reach: require = {require!r} "
                                "but {ids} can never be satisfied"
                            ).format(require=grade.require, ids=", ".join(repr(i) for i in never)),
                            _(
                                "fix pass or the credits of those criteria (see their own warnings), or relax require"
                            ),
                        )
                    )
            if grade.min_theme_percent is not None:
                for theme, reachable in sorted(theme_best.items()):
                    if reachable is not None and grade.min_theme_percent > reachable:
                        self.add(
                            warning(
                                path,
                                where,
                                _(
                                    "min_theme_percent {value} that no place can meet: "
                                    "theme {theme!r} reaches at most {reachable}"
                                ).format(
                                    value=pct(grade.min_theme_percent), theme=theme, reachable=pct(reachable)
                                ),
                                _(
                                    "lower min_theme_percent to {value} or less, "
                                    "or raise the credits of theme {theme!r}"
                                ).format(value=floor_pct(reachable), theme=theme),
                            )
                        )
            for above in rules.grades[:index]:
                if _weaker_or_equal(above, grade):
                    self.add(
                        warning(
                            path,
                            where,
                            _(
                                "grade that no place can get: grade {above!r} above it asks no more "
                                "(min_percent, require, min_theme_percent), so it is always given first"
                            ).format(above=above.grade),
                            _("make grade {above!r} stricter than {grade!r}, or remove one of them").format(
                                above=above.grade, grade=grade.grade
                            ),
                        )
                    )
                    break

    def heavy_weights(self, rules: ResolvedSet) -> None:
        """A criterion whose weight alone caps or makes the grade, whatever the other answers."""
        active = rules.active_criteria
        if rules.scheme != "thresholds" or len(active) < 2:
            return
        conditional = [g for g in rules.grades if g.min_percent]
        if not conditional:
            return
        lowest = min(g.min_percent for g in conditional if g.min_percent)
        all_require_must = all(g.require != "none" for g in rules.grades[:-1])
        for c in active:
            others = [o for o in active if o is not c]
            path, where = _path(rules, c, self.sets), _('criterion "{id}"').format(id=c.id)
            if c.set_id != rules.id:  # a criterion of an extended set: weighed here, in this set
                where += " " + _("(in set {id!r})").format(id=rules.id)
            if not c.na_allowed and not (c.level == "must" and all_require_must):
                items = self.items(others)
                capped = best_percent([*items, (c.weight, Fraction(0), False)])
                if capped is not None and capped < lowest:
                    # Largest weight w with best_others_points / (others_weight + w) >= lowest.
                    fixed = [(w, m) for w, m, na in items if not na]
                    num = sum((w * m for w, m in fixed), Fraction(0))
                    den = sum((w for w, _ in fixed), Fraction(0))
                    limit = 100 * num / lowest - den
                    hint = (
                        _(
                            "lower its weight to {limit} or less, or make it a must criterion "
                            "if failing it should decide the grade"
                        ).format(limit=_number(limit))
                        if limit > 0
                        else _(
                            "lower its weight, or make it a must criterion if failing it should decide the grade"
                        )
                    )
                    self.add(
                        warning(
                            rules.set.path if path == "" else path,
                            where,
                            _(
                                "weight {weight} decides the grade alone: without it a place reaches at most "
                                "{capped}, below the lowest threshold {lowest}, whatever its other answers"
                            ).format(weight=shown(c.weight), capped=pct(capped), lowest=pct(lowest)),
                            hint,
                        )
                    )
                    continue
            # Only this criterion answered well, every other one at 0 (or n/a where allowed).
            den = c.weight + sum((o.weight for o in others if not o.na_allowed), Fraction(0))
            alone = 100 * c.weight * self.best(c) / den
            for grade in rules.grades[:-1]:
                if (
                    grade.min_percent
                    and alone >= grade.min_percent
                    and grade.require == "none"
                    and grade.min_theme_percent is None
                ):
                    self.add(
                        warning(
                            path,
                            where,
                            _(
                                "weight {weight} decides the grade alone: this answer by itself gives "
                                "{alone}, enough for grade {grade!r} with every other criterion failed"
                            ).format(weight=shown(c.weight), alone=pct(alone), grade=grade.grade),
                            _('lower its weight, or add require = "must" to that grade'),
                        )
                    )
                    break


def _number(value: Fraction) -> str:
    floor = value.numerator // value.denominator
    return str(floor) if floor >= 1 else str(round_down(value, 2))


def _weaker_or_equal(above: Grade, below: Grade) -> bool:
    """Every place that meets `below` also meets `above`."""
    if (above.min_percent or 0) > (below.min_percent or 0):
        return False
    if LEVEL_ORDER[above.require] > LEVEL_ORDER[below.require]:
        return False
    return above.min_theme_percent is None or (
        below.min_theme_percent is not None and above.min_theme_percent <= below.min_theme_percent
    )


def lint_sets(
    checked: Iterable[ResolvedSet],
    kinds: Mapping[str, AnswerKind],
    catalogue_sets: Mapping[str, ResolvedSet] | None = None,
) -> list[Problem]:
    """Warnings about `checked` sets (resolved, valid); `catalogue_sets` names criteria's owners."""
    checked = list(checked)
    linter = Linter(catalogue_sets if catalogue_sets is not None else {r.id: r for r in checked}, kinds)
    own: list[Criterion] = []
    for rules in checked:
        linter.unreachable_pass(rules)
        own.extend(rules.set.criteria)
        if rules.grades or rules.set.college:
            linter.themes(rules)
            linter.grades(rules)
            linter.heavy_weights(rules)
    linter.same_questions(own)
    return linter.problems
