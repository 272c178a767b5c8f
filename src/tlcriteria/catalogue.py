"""The catalogue: every criteria set loaded, `extends` resolved, ids unique.

Sets come from plugins and from folders given by the user; a user's set
replaces a plugin's set of the same id (the working group edits local
copies). A set with problems is left out and every set that extends it too,
so the others stay usable.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence

import attrs

from .errors import Problem, did_you_mean
from .i18n import _
from .interfaces import AnswerKind, RatingScheme
from .model import CriteriaSet, Criterion, ResolvedSet


@attrs.frozen
class Catalogue:
    sets: Mapping[str, ResolvedSet]
    criteria: Mapping[str, Criterion]  # every criterion of every set, by id
    colleges: Mapping[str, str] = attrs.field(factory=dict)  # college -> id of the set rating it
    notices: tuple[str, ...] = ()
    #: Ids of criteria whose set has errors: answers to them are not judged
    #: (the set's own problems are reported instead of one per answer).
    withheld: frozenset[str] = frozenset()
    #: Criterion ids of plugins' sets left out for their errors -> "set 'x' of plugin 'p'"
    #: (see `workspace.withheld_criteria`), worked out once, from the files read once.
    plugin_withheld: Mapping[str, str] = attrs.field(factory=dict)

    def for_college(self, college: str) -> ResolvedSet | None:
        set_id = self.colleges.get(college)
        return None if set_id is None else self.sets[set_id]


def _origin(s: CriteriaSet) -> str:
    return _("plugin {name!r}").format(name=s.origin) if s.origin else s.path


def _joined(sets: Sequence[CriteriaSet]) -> str:
    names = [_origin(s) for s in sets]
    if len(names) == 1:
        return names[0]
    return _("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])


def build_catalogue(
    plugin_sets: Sequence[CriteriaSet],
    user_sets: Sequence[CriteriaSet],
    kinds: Mapping[str, AnswerKind],
    schemes: Mapping[str, RatingScheme],
    failed: Mapping[str, Sequence[str]] | None = None,
) -> tuple[Catalogue, list[Problem]]:
    """Resolve the sets; `failed` maps the ids of sets that could not be loaded
    (their errors already reported) to the criterion ids they declare."""
    failed = failed or {}
    problems: list[Problem] = []
    notices: list[str] = []
    by_id: dict[str, CriteriaSet] = {}

    user_ids = {s.id for s in user_sets}
    # Two plugins supplying one set id: neither is used (which one is right?),
    # unless the user's own copy in a --criteria folder replaces them both.
    suppliers: dict[str, list[CriteriaSet]] = {}
    for s in plugin_sets:
        suppliers.setdefault(s.id, []).append(s)
    ambiguous: set[str] = set()
    for set_id, same in suppliers.items():
        by_id[set_id] = same[0]
        if len(same) > 1 and set_id not in user_ids:
            ambiguous.add(set_id)
            problems.append(
                Problem(
                    same[-1].path,
                    "[set] id",
                    _("set {id!r} is supplied by both {suppliers}, so neither is used").format(
                        id=set_id, suppliers=_joined(same)
                    ),
                    _(
                        "disable one plugin (--disable-plugin NAME), or put your own copy in a --criteria folder"
                    ),
                )
            )
    for s in user_sets:
        previous = by_id.get(s.id)
        if previous is not None and not previous.origin:
            problems.append(
                Problem(
                    s.path,
                    "[set] id",
                    _("set id {id!r} is also used by {path}").format(id=s.id, path=previous.path),
                    _("give each set its own id"),
                )
            )
            continue
        if previous is not None:
            notices.append(
                _("set {id!r} from {path} replaces the one of {suppliers}").format(
                    id=s.id, path=s.path, suppliers=_joined(suppliers[s.id])
                )
            )
        by_id[s.id] = s

    # A criterion id defined by two sets is reported in each of them, naming the
    # other: neither is "the right one", and the outcome must not depend on order.
    definers: dict[str, list[CriteriaSet]] = {}
    for s in sorted(by_id.values(), key=lambda s: s.id):
        if s.id in ambiguous:
            continue
        for c in s.criteria:
            definers.setdefault(c.id, []).append(s)
    broken: set[str] = set()
    for criterion_id, owners in sorted(definers.items()):
        if len(owners) < 2:
            continue
        for s in owners:
            others = ", ".join(
                _("set {id!r} ({origin})").format(id=o.id, origin=_origin(o)) for o in owners if o is not s
            )
            problems.append(
                Problem(
                    s.path,
                    _('criterion "{id}"').format(id=criterion_id),
                    _("criterion id {id!r} is also defined by {others}").format(
                        id=criterion_id, others=others
                    ),
                    _("criterion ids are unique across the catalogue: rename one"),
                )
            )
            broken.add(s.id)
    broken |= ambiguous

    resolved: dict[str, ResolvedSet] = {}
    for set_id in sorted(by_id):
        if set_id in broken:
            continue
        result = _resolve(set_id, by_id, resolved, broken, problems, (), failed)
        if result is not None:
            _check_scheme(result, kinds, schemes, problems, broken)

    sets = {k: v for k, v in sorted(resolved.items()) if k not in broken}
    colleges = _colleges(sets, problems)
    criteria = {c.id: c for rules in sets.values() for c in rules.criteria}
    withheld = {cid for ids in failed.values() for cid in ids}
    withheld |= {c.id for set_id in broken if set_id in by_id for c in by_id[set_id].criteria}
    withheld -= set(criteria)
    catalogue = Catalogue(sets, dict(sorted(criteria.items())), colleges, tuple(notices), frozenset(withheld))
    return catalogue, problems


def _resolve(
    set_id: str,
    by_id: Mapping[str, CriteriaSet],
    resolved: dict[str, ResolvedSet],
    broken: set[str],
    problems: list[Problem],
    chain: tuple[str, ...],
    failed: Mapping[str, Sequence[str]] | None = None,
) -> ResolvedSet | None:
    if set_id in resolved:
        return resolved[set_id]
    if set_id in broken:
        return None
    s = by_id[set_id]
    criteria: dict[str, Criterion] = {}
    for parent_id in s.extends:
        if parent_id in chain or parent_id == set_id:
            members = (*chain, set_id)[(*chain, set_id).index(parent_id) :]
            cycle = " → ".join((*members, parent_id))
            for member in members:  # every set of the cycle is told, not only the last one seen
                if member not in broken:
                    problems.append(
                        Problem(
                            by_id[member].path,
                            "[set] extends",
                            _("extends makes a cycle: {cycle}").format(cycle=cycle),
                            _("remove one of these extends"),
                        )
                    )
                    broken.add(member)
            return None
        if parent_id not in by_id and failed and parent_id in failed:
            problems.append(
                Problem(
                    s.path,
                    "[set] extends",
                    _("extends set {id!r}, which has errors").format(id=parent_id),
                    _("fix that set first"),
                )
            )
            broken.add(set_id)
            return None
        if parent_id not in by_id:
            problems.append(
                Problem(
                    s.path,
                    "[set] extends",
                    _("extends unknown set {id!r}").format(id=parent_id),
                    did_you_mean(parent_id, by_id) or _("no set is loaded"),
                )
            )
            broken.add(set_id)
            return None
        parent = _resolve(parent_id, by_id, resolved, broken, problems, (*chain, set_id), failed)
        if parent is None:
            if set_id not in broken:
                problems.append(
                    Problem(
                        s.path,
                        "[set] extends",
                        _("extends set {id!r}, which has errors").format(id=parent_id),
                        _("fix that set first"),
                    )
                )
                broken.add(set_id)
            return None
        for c in parent.criteria:
            criteria.setdefault(c.id, c)
    for c in s.criteria:
        criteria.setdefault(c.id, c)
    merged = tuple(criteria.values())
    result = ResolvedSet(s, merged, set_digest(s, merged, by_id))
    resolved[set_id] = result
    return result


def set_digest(s: CriteriaSet, criteria: Iterable[Criterion], by_id: Mapping[str, CriteriaSet]) -> str:
    """SHA-256 of a canonical serialisation of the set with `extends` resolved."""
    canonical_criteria = {
        c.id: crit
        for source in by_id.values()
        for c, crit in zip(source.criteria, source.canonical.get("criteria", ()), strict=False)
    }
    body = {
        "set": s.canonical.get("set", {}),
        "criteria": [canonical_criteria.get(c.id, c.id) for c in criteria],
        "grades": s.canonical.get("grades", []),
    }
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_scheme(
    rules: ResolvedSet,
    kinds: Mapping[str, AnswerKind],
    schemes: Mapping[str, RatingScheme],
    problems: list[Problem],
    broken: set[str],
) -> None:
    scheme = schemes.get(rules.scheme)
    if scheme is None:
        return
    before = len(problems)

    def report(where: str, message: str, hint: str) -> None:
        problems.append(Problem(rules.set.path, where, message, hint))

    scheme.check_set(rules, kinds, report)
    if len(problems) > before:
        broken.add(rules.id)


def _colleges(sets: Mapping[str, ResolvedSet], problems: list[Problem]) -> dict[str, str]:
    """Which set rates each college; a second set claiming a college is an error."""
    seen: dict[str, ResolvedSet] = {}
    for rules in sets.values():
        college = rules.set.college
        if not college:
            continue
        if college in seen:
            problems.append(
                Problem(
                    rules.set.path,
                    "[set] college",
                    _("college {college!r} is already rated by set {id!r}").format(
                        college=college, id=seen[college].id
                    ),
                    _("one set per college: remove college from one of them"),
                )
            )
        else:
            seen[college] = rules
    return {college: rules.id for college, rules in sorted(seen.items())}
