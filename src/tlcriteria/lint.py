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

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from .catalogue import located
from .errors import Problem, closest
from .i18n import _
from .interfaces import AnswerKind, RatingScheme
from .lintkit import best_percent, pct, shown
from .mistakes import CREDIT, OPTION_OR_NONE, OPTIONS, TEXTS, held
from .model import Criterion, ResolvedSet

__all__ = ["Linter", "best_percent", "lint_sets", "max_credit", "pct"]


def warning(path: str, where: str, message: str, hint: str) -> Problem:
    return Problem(path, where, message, hint, severity="warning")


def max_credit(criterion: Criterion, kind: AnswerKind | None) -> Fraction:
    """The highest credit any answer to this criterion can earn."""
    if kind is None:
        return Fraction(1)
    return Fraction(held(kind.max_credit, criterion.id, CREDIT)(criterion.config))


def _path(rules: ResolvedSet, criterion: Criterion, sets: Mapping[str, ResolvedSet]) -> str:
    owner = sets.get(criterion.set_id)
    return owner.set.path if owner is not None else rules.set.path


class Linter:
    def __init__(self, sets: Mapping[str, ResolvedSet], kinds: Mapping[str, AnswerKind]) -> None:
        self.sets = sets
        self.kinds = kinds
        self._scheme_rules: ResolvedSet | None = None
        self._scheme_path = ""
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
            options = held(kind.options, c.id, OPTIONS)(c.config) if kind is not None else ()
            has_options = bool(options)
            # An answer picks one option (`option_of`) or combines several.
            one_option = (
                kind is not None
                and has_options
                and held(kind.option_of, c.id, OPTION_OR_NONE)(c.config, options[0].id) is not None
            )
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
                            if not one_option
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

    def themes(self, rules: ResolvedSet, scheme: RatingScheme | None) -> None:
        if scheme is not None and not scheme.rates_themes:
            return
        by_theme: dict[str, list[Criterion]] = {}
        for c in rules.active_criteria:
            if c.theme:
                by_theme.setdefault(c.theme, []).append(c)
        floors = any(g.min_theme_percent is not None for g in rules.grades)
        self.untitled_themes(rules, by_theme)
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

    def untitled_themes(self, rules: ResolvedSet, by_theme: Mapping[str, list[Criterion]]) -> None:
        """A theme no set of the chain titles, when they title others: a typo, or a title removed
        while criteria still use it (members would read the bare id)."""
        chain = [
            self.sets[sid].set for sid in {rules.id, *(c.set_id for c in rules.criteria)} if sid in self.sets
        ]
        titled = {theme for s in chain for theme in s.themes}
        if not titled:
            return  # a network that titles no theme shows ids everywhere, by choice
        for theme, members in by_theme.items():
            if theme in titled:
                continue
            first = members[0]
            near = closest(theme, titled)  # a typo of a titled theme, or a title taken away
            self.add(
                warning(
                    _path(rules, first, self.sets),
                    _('theme "{theme}"').format(theme=theme),
                    _(
                        "theme {theme!r} of criterion {id!r} has no title in [set.themes]: members read its id"
                    ).format(theme=theme, id=first.id),
                    _("did you mean {name!r}?").format(name=near[0])
                    if near
                    else _('add {theme} = {{ title = "…" }} to [set.themes]').format(theme=theme),
                )
            )

    def untranslated(self, checked: Sequence[ResolvedSet], criteria: Iterable[Criterion]) -> None:
        """Texts without their English, when the sets give English texts elsewhere: the English
        site, `assess` and `advise` would show those in the network's language. A network that
        writes no English at all is left alone."""
        criteria = [c for c in criteria if c.status != "retired"]
        if not any(r.set.texts for r in checked) and not any(c.texts for c in criteria):
            return
        for c in criteria:
            kind = self.kinds.get(c.kind)
            missing = [
                f"{key}_en"
                for key in ("title", "question", "help")
                if getattr(c, key) and not c.texts.get(f"{key}_en")
            ]
            missing += held(kind.untranslated, c.id, TEXTS)(c.config) if kind is not None else ()
            if missing:
                owner = self.sets.get(c.set_id)
                keys = ", ".join(missing)
                self.add(
                    warning(
                        owner.set.path if owner else "",
                        _('criterion "{id}"').format(id=c.id),
                        _(
                            "no {keys}: in English, the site, assess and advise show it in the set's language"
                        ).format(keys=keys),
                        _("add {keys} to the criterion, beside its other English texts").format(keys=keys),
                    )
                )

    def best_credit(self, criterion: Criterion) -> Fraction:
        return self.best(criterion)

    def warn(self, where: str, message: str, hint: str, criterion: Criterion | None = None) -> None:
        """A scheme's warning (`RatingScheme.lint`), about the set or one of its criteria."""
        rules = self._scheme_rules
        path = _path(rules, criterion, self.sets) if rules is not None and criterion else self._scheme_path
        if rules is not None and criterion is not None and criterion.set_id != rules.id:
            # A criterion of an extended set, weighed in this one: say which set it is about.
            where += " " + _("(in set {id!r})").format(id=rules.id)
        self.add(warning(path or self._scheme_path, where, message, hint))

    def scheme(self, rules: ResolvedSet, scheme: RatingScheme | None) -> None:
        """The rating scheme's own warnings about this set."""
        if scheme is None:
            return
        self._scheme_rules, self._scheme_path = rules, rules.set.path
        held(scheme.lint, rules.id)(rules, self)


def lint_sets(
    checked: Iterable[ResolvedSet],
    kinds: Mapping[str, AnswerKind],
    catalogue_sets: Mapping[str, ResolvedSet] | None = None,
    schemes: Mapping[str, RatingScheme] | None = None,
) -> list[Problem]:
    """Warnings about `checked` sets (resolved, valid); `catalogue_sets` names criteria's owners."""
    checked = list(checked)
    linter = Linter(catalogue_sets if catalogue_sets is not None else {r.id: r for r in checked}, kinds)
    own: list[Criterion] = []
    for rules in checked:
        linter.unreachable_pass(rules)
        own.extend(rules.set.criteria)
        if rules.grades or rules.set.college:
            scheme = (schemes or {}).get(rules.scheme)
            linter.themes(rules, scheme)
            linter.scheme(rules, scheme)
    linter.same_questions(own)
    linter.untranslated(checked, own)
    return linter.problems
