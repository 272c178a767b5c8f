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
from pathlib import Path

import attrs

from .documents import where
from .errors import Problem, did_you_mean
from .fields import Reporter
from .i18n import SHOWN, _, localized, ngettext
from .interfaces import AnswerKind, RatingScheme
from .mistakes import OPTIONS, REQUIREMENTS, held
from .model import CriteriaSet, Criterion, Requirement, ResolvedSet
from .models_from_toml import PartlyLoaded, check_model_keys


@attrs.frozen
class Declared:
    """What a criteria set file that could not be loaded says it is: its id, its criteria, whose it is."""

    set_id: str
    criteria: tuple[str, ...]
    plugin: str = ""  # the plugin that ships it, or "" (the user's)
    college: str = ""  # the college it rates, when it says so
    college_at: tuple[str, int | None] = ("", None)  # the file and line of its `college`
    #: True when it has a `college` that could not be read (not a text, or malformed TOML):
    #: it may rate any college.
    college_unread: bool = False
    extends: tuple[str, ...] = ()  # the sets it extends, when written well
    extends_at: tuple[str, int | None] = ("", None)  # the file and line of its `extends`
    path: str = ""  # its file, when it was parsed
    criterion_lines: tuple[int | None, ...] = ()  # the line of each of `criteria`, when parsed
    unreadable: str = ""  # its file, when its TOML is malformed (what it says was picked from its text)


@attrs.frozen
class Withheld:
    """Why a criterion is not in the catalogue although a set declares it: that set was left out."""

    set_id: str
    plugin: str = ""  # the plugin whose set it is, or "" (the user's)

    def __str__(self) -> str:
        return _("set {id!r} of plugin {plugin!r}").format(id=self.set_id, plugin=self.plugin)


@attrs.frozen
class Catalogue:
    sets: Mapping[str, ResolvedSet]
    criteria: Mapping[str, Criterion]  # every criterion of every set, by id
    colleges: Mapping[str, str] = attrs.field(factory=dict)  # college -> id of the set rating it
    notices: tuple[str, ...] = ()
    #: Criteria whose set has errors, and that set: answers to them are not judged
    #: (the set's own problems are reported instead of one per answer).
    withheld: Mapping[str, Withheld] = attrs.field(factory=dict)
    #: Old criterion id -> the criterion that replaces it (`replaces`, SPEC §8).
    replaced: Mapping[str, str] = attrs.field(factory=dict)
    #: Ids of sets that some set extends but that no plugin nor folder supplied (a disabled
    #: plugin…): answers to their criteria cannot be told from typos, so they are not judged.
    missing: frozenset[str] = frozenset()
    #: Whether any criterion or option declares `replaces`: answers are then read under today's ids.
    renames: bool = False
    #: College -> the file and line of the `college` of the set that rates it, left out because of
    #: its errors: the places of that college are told once, there (`place_checks.places_from`).
    unrated: Mapping[str, tuple[str, int | None]] = attrs.field(factory=dict)
    #: Those of `unrated` whose set file is unreadable (malformed TOML): said so, not "has errors";
    #: with the plugin whose set of the same id it replaces all the same, or "".
    unreadable: Mapping[str, str] = attrs.field(factory=dict)
    #: Whether a set left out because of its errors has a `college` that could not be read:
    #: it may be the one that rates a college no set rates.
    unread_college: bool = False

    def for_college(self, college: str) -> ResolvedSet | None:
        set_id = self.colleges.get(college)
        return None if set_id is None else self.sets[set_id]


def at_key(s: CriteriaSet, key: str) -> str:
    """`line N, [set] KEY`: the line of the set's own table, for problems found across sets."""
    return where(s.lines.get(key, s.line), f"[set] {key}")


def at_criterion(c: Criterion, suffix: str = "") -> str:
    return where(c.line, _('criterion "{id}"').format(id=c.id) + suffix)


def _origin(s: CriteriaSet) -> str:
    return _origin_of(s.origin, s.path)


def _origin_of(plugin: str, path: str) -> str:
    """Where a set comes from: the plugin that ships it, else its file."""
    return _("plugin {name!r}").format(name=plugin) if plugin else path


def _set_named(set_id: str, origin: str) -> str:
    return _("set {id!r} ({origin})").format(id=set_id, origin=origin)


def _also_defined(path: str, at: str, criterion_id: str, others: str) -> Problem:
    """A criterion id that other sets define too (`others`: named by `_set_named`)."""
    return Problem(
        path,
        at,
        _("criterion id {id!r} is also defined by {others}").format(id=criterion_id, others=others),
        _("criterion ids are unique across the catalogue: rename one"),
    )


def theme_title(
    sets: Mapping[str, ResolvedSet], theme: str, set_id: str = "", rated_by: Iterable[ResolvedSet] = ()
) -> str:
    """A theme's title (`[set.themes]`) in the current language: from the criterion's set
    (`set_id`), else from the sets that rate (`rated_by`) and those they extend; its id otherwise.
    The questionnaire and the site both name themes this way."""
    owner = sets.get(set_id)
    found = [owner.set] if owner is not None else []
    for rules in rated_by:
        # A set's own themes first, then those of the sets it extends.
        found += [rules.set] + [sets[i].set for i in rules.set.extends if i in sets]
    for criteria_set in found:
        titles = criteria_set.themes.get(theme)
        if titles:
            return localized(titles, "title", titles["title"])
    return theme


def _joined(sets: Sequence[CriteriaSet]) -> str:
    names = [_origin(s) for s in sets]
    if len(names) == 1:
        return names[0]
    return _("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])


def _copies_said(
    copies: Sequence[CriteriaSet], with_errors: Sequence[str], suppliers: Mapping[str, Sequence[CriteriaSet]]
) -> list[str]:
    """The notices on the user's copies of plugins' sets: those that rate in their place, and
    those that have errors (they replace the plugin's set all the same: neither rates)."""
    notices = []
    rating = [s for s in copies if s.id not in with_errors]
    if len(rating) == 1:
        s = rating[0]
        notices.append(
            _("set {id!r} from {path} replaces the one of {suppliers}").format(
                id=s.id, path=s.path, suppliers=_joined(suppliers[s.id])
            )
        )
    elif rating:  # a working group's copies of the sets: one line, not one per set on each command
        folders = list(dict.fromkeys(f"{Path(s.path).parent}/" for s in rating))  # "criteria/": a folder
        notices.append(
            ngettext(
                "{count} sets from the folder {folders} replace those of the plugins ({ids}); "
                "`tlcriteria sets` lists them",
                "{count} sets from the folders {folders} replace those of the plugins ({ids}); "
                "`tlcriteria sets` lists them",
                len(folders),
            ).format(count=len(rating), folders=", ".join(folders), ids=", ".join(s.id for s in rating))
        )
    if with_errors:
        notices.append(
            ngettext(
                "set {ids} has errors: the plugin's set of that id is not used in its place, so no "
                "place is rated with either until they are fixed",
                "sets {ids} have errors: the plugins' sets of those ids are not used in their place, so no "
                "place is rated with them until they are fixed",
                len(with_errors),
            ).format(ids=", ".join(repr(i) for i in sorted(set(with_errors))))
        )
    return notices


def build_catalogue(
    plugin_sets: Sequence[CriteriaSet],
    user_sets: Sequence[CriteriaSet],
    kinds: Mapping[str, AnswerKind],
    schemes: Mapping[str, RatingScheme],
    failed: Mapping[str, Declared] | None = None,
    partly: Sequence[PartlyLoaded] = (),
) -> tuple[Catalogue, list[Problem]]:
    """Resolve the sets; `failed` maps the ids of sets that could not be loaded
    (their errors already reported) to what they declare, `partly` is what loaded of them
    (checked too, for the problems their errors do not cause)."""
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
                    at_key(same[-1], "id"),
                    _("set {id!r} is supplied by both {suppliers}, so neither is used").format(
                        id=set_id, suppliers=_joined(same)
                    ),
                    _(
                        "disable one plugin (--disable-plugin NAME), or put your own copy in a --criteria folder"
                    ),
                )
            )
    copies: list[CriteriaSet] = []  # the user's own sets that replace a plugin's
    for s in user_sets:
        previous = by_id.get(s.id)
        if previous is not None and not previous.origin:
            problems.append(
                Problem(
                    s.path,
                    at_key(s, "id"),
                    _("set id {id!r} is also used by {path}").format(id=s.id, path=previous.path),
                    _("give each set its own id"),
                )
            )
            continue
        if previous is not None:
            copies.append(s)
        by_id[s.id] = s
    # A copy that does not load replaces the plugin's set all the same: the working group edits
    # its copy, and rating with the plugin's older rules meanwhile would pass them for the copy's.
    unloaded = sorted(d.set_id for d in failed.values() if not d.plugin and d.set_id in suppliers)
    replaced_by_failed = {i: by_id.pop(i) for i in unloaded if i in by_id and by_id[i].origin}

    # A criterion id defined by two sets is reported in each of them, naming the
    # other: neither is "the right one", and the outcome must not depend on order.
    definers: dict[str, list[CriteriaSet]] = {}
    lines: dict[tuple[str, str], Criterion] = {}
    for s in sorted(by_id.values(), key=lambda s: s.id):
        if s.id in ambiguous:
            continue
        for c in s.criteria:
            definers.setdefault(c.id, []).append(s)
            lines[s.id, c.id] = c
    broken: set[str] = set()
    for criterion_id, owners in sorted(definers.items()):
        if len(owners) < 2:
            continue
        for s in owners:
            others = ", ".join(_set_named(o.id, _origin(o)) for o in owners if o is not s)
            problems.append(
                _also_defined(s.path, at_criterion(lines[s.id, criterion_id]), criterion_id, others)
            )
            broken.add(s.id)
    broken |= ambiguous
    _clashes_with_failed(failed, by_id, problems, broken)

    resolved: dict[str, ResolvedSet] = {}
    for set_id in sorted(by_id):
        if set_id in broken:
            continue
        result = _resolve(set_id, by_id, resolved, broken, problems, (), failed, kinds)
        if result is not None:
            _check_scheme(result, kinds, schemes, problems, broken)
    _link_references(resolved, schemes, problems, broken)

    sets = {k: v for k, v in sorted(resolved.items()) if k not in broken}
    colleges = _colleges(sets, problems)
    unreadable = {i: failed[i].unreadable for i in unloaded if failed[i].unreadable}
    with_errors = [i for i in unloaded if i not in unreadable]
    notices += _copies_said(copies, [*with_errors, *(s.id for s in copies if s.id in broken)], suppliers)
    notices += [
        _(
            "{path} is unreadable (its TOML error is below), and the set {id!r} supplied by {suppliers} is not used "
            "in its place: no place is rated with either until the file is fixed"
        ).format(path=path, id=set_id, suppliers=_joined(suppliers[set_id]))
        for set_id, path in sorted(unreadable.items())
    ]
    # Each criterion as its defining set writes it (a restated copy rates, it does not define).
    criteria = {c.id: c for rules in sets.values() for c in rules.set.criteria}
    withheld = {cid: Withheld(d.set_id, d.plugin) for d in failed.values() for cid in d.criteria}
    for set_id, plugin_set in replaced_by_failed.items():  # the user's copy has errors: not judged
        withheld.update({c.id: Withheld(set_id) for c in plugin_set.criteria if c.id not in withheld})
    # A plugin's set left out only because it extends the user's set with errors: its answers are
    # not judged, as that set's (said once, there), rather than one warning per place file.
    users_broken = {*unloaded, *(s.id for s in user_sets if s.id in broken)}
    for set_id in sorted(broken & by_id.keys()):
        left_out = by_id[set_id]
        origin = "" if users_broken.intersection(left_out.extends) else left_out.origin
        withheld.update({c.id: Withheld(set_id, origin) for c in left_out.criteria})
    replaced = _replacements(sets, criteria, problems)
    if partly:
        problems += _besides_errors(partly, sets, criteria, kinds, schemes, problems)
    missing = {p for s in by_id.values() for p in s.extends if p not in by_id and p not in failed}
    missing |= _unknown_extends(failed, by_id, problems)
    unrated = {d.college: d.college_at for d in failed.values() if d.college and d.college not in colleges}
    for set_id, plugin_set in replaced_by_failed.items():  # a copy whose `college` could not be read
        copy = failed[set_id]
        if not copy.college and plugin_set.college and plugin_set.college not in colleges:
            unrated[plugin_set.college] = (copy.path or plugin_set.path, None)
    for set_id in sorted(broken & by_id.keys()):
        s = by_id[set_id]
        if s.college and s.college not in colleges:
            unrated[s.college] = (s.path, s.lines.get("college", s.line))
    catalogue = Catalogue(
        sets,
        dict(sorted(criteria.items())),
        colleges,
        tuple(notices),
        {cid: why for cid, why in sorted(withheld.items()) if cid not in criteria},
        dict(sorted(replaced.items())),
        frozenset(missing),
        bool(replaced) or _renames_options(criteria.values(), kinds),
        dict(sorted(unrated.items())),
        {
            d.college: _joined(suppliers[d.set_id]) if d.set_id in replaced_by_failed else ""
            for d in failed.values()
            if d.unreadable and d.college in unrated
        },
        # A copy of a plugin's set is known to rate the college of the set it copies.
        any(d.college_unread and d.set_id not in replaced_by_failed for d in failed.values()),
    )
    return catalogue, problems


def _besides_errors(
    partly: Sequence[PartlyLoaded],
    sets: Mapping[str, ResolvedSet],
    criteria: Mapping[str, Criterion],
    kinds: Mapping[str, AnswerKind],
    schemes: Mapping[str, RatingScheme],
    said: Sequence[Problem],
) -> list[Problem]:
    """The problems of sets with errors that those errors do not cause: the scheme's checks of
    their grades and of their criteria that loaded, and their renames (`replaces`). A wrong
    grade order or a wrong rename is told with a misspelt key, not after it is fixed."""
    found: list[Problem] = []
    provisional: dict[str, ResolvedSet] = {}
    for loaded in partly:
        partial = loaded[0]
        rules = ResolvedSet(partial, partial.criteria, "", theme_titles=partial.themes)
        provisional.setdefault(rules.id, rules)
        scheme = schemes.get(rules.scheme)
        if scheme is not None:
            held(scheme.check_set, rules.id)(rules, kinds, _partly_reporter(loaded, rules, found))
    renames: list[Problem] = []
    everyone = {**{c.id: c for p, _grades_ok in partly for c in p.criteria}, **criteria}
    _replacements({**provisional, **sets}, everyone, renames)
    return found + [p for p in renames if p not in said]


def _partly_reporter(loaded: PartlyLoaded, rules: ResolvedSet, found: list[Problem]) -> Reporter:
    """A scheme's problems about a set partly loaded, kept when about its grades (when they
    loaded as written) or one of its criteria that loaded: not about the whole set, which
    misses the criteria its errors left out."""
    partial, grades_ok = loaded
    own = {c.id for c in partial.criteria}

    def report(where: str, message: str, hint: str, at: tuple[int | str, ...] = ()) -> None:
        named = where.partition('"')[2].partition('"')[0]
        about_grades = where.startswith("[[grades]]")
        if (about_grades and grades_ok) or (not about_grades and named in own):
            found.append(Problem(rules.set.path, located(rules, where), message, hint))

    return report


def _clashes_with_failed(
    failed: Mapping[str, Declared],
    by_id: Mapping[str, CriteriaSet],
    problems: list[Problem],
    broken: set[str],
) -> None:
    """A criterion id that a set left out because of its errors shares with a loaded set: told in
    each file in the same run as those errors, as between two loaded sets (and the loaded set is
    left out, as it will be once the other is fixed)."""
    defined = {c.id: (s, c) for s in sorted(by_id.values(), key=lambda s: s.id) for c in s.criteria}
    for declared in sorted(failed.values(), key=lambda d: d.set_id):
        if not declared.path:  # unparsed: its ids were picked from the text, with no lines
            continue
        told: set[str] = set()  # an id the file repeats is the loader's problem, said once
        for criterion_id, line in zip(declared.criteria, declared.criterion_lines, strict=True):
            other, criterion = defined.get(criterion_id, (None, None))
            # Not against a loaded set of the same id (a plugin's, which the file was to replace).
            if other is None or criterion is None or other.id == declared.set_id or criterion_id in told:
                continue
            told.add(criterion_id)
            at = where(line, _('criterion "{id}"').format(id=criterion_id))
            problems.append(
                _also_defined(declared.path, at, criterion_id, _set_named(other.id, _origin(other)))
            )
            origin = _origin_of(declared.plugin, declared.path)
            problems.append(
                _also_defined(
                    other.path, at_criterion(criterion), criterion_id, _set_named(declared.set_id, origin)
                )
            )
            broken.add(other.id)


def _unknown_extends(
    failed: Mapping[str, Declared], by_id: Mapping[str, CriteriaSet], problems: list[Problem]
) -> set[str]:
    """The sets that sets left out because of their errors extend and nothing supplies: told in
    the same run as those errors (an `extends` typo is no consequence of them); their ids."""
    unknown: set[str] = set()
    known = [*by_id, *failed]
    for declared in sorted(failed.values(), key=lambda d: d.set_id):
        path, line = declared.extends_at
        for parent_id in declared.extends:
            if parent_id in by_id or parent_id in failed:
                continue
            unknown.add(parent_id)
            problems.append(
                Problem(
                    path,
                    where(line, "[set] extends"),
                    _("extends unknown set {id!r}; answers to its criteria are not checked").format(
                        id=parent_id
                    ),
                    did_you_mean(parent_id, known) or _("no set is loaded"),
                )
            )
    return unknown


def _renames_options(criteria: Iterable[Criterion], kinds: Mapping[str, AnswerKind]) -> bool:
    for c in criteria:
        kind = kinds.get(c.kind)
        if kind is not None and any(o.replaces for o in held(kind.options, c.id, OPTIONS)(c.config)):
            return True
    return False


def _replacements(
    sets: Mapping[str, ResolvedSet], criteria: Mapping[str, Criterion], problems: list[Problem]
) -> dict[str, str]:
    """Old id -> the criterion that replaces it; an old id still defined, or replaced twice, is an error."""
    replacing: dict[str, list[Criterion]] = {}
    for c in criteria.values():
        for old in c.replaces:
            replacing.setdefault(old, []).append(c)

    def path(c: Criterion) -> str:
        return sets[c.set_id].set.path if c.set_id in sets else ""

    replaced: dict[str, str] = {}
    for old, by in sorted(replacing.items()):
        if old in criteria:
            for c in by:
                if c.id == old:  # "remove criterion X, its answers are read as X" would make no sense
                    problems.append(
                        Problem(
                            path(c),
                            at_criterion(c, ", replaces"),
                            _("criterion {id!r} names itself in replaces").format(id=c.id),
                            _("write in replaces the old id, the one place files still answer"),
                        )
                    )
                    continue
                problems.append(
                    Problem(
                        path(c),
                        at_criterion(c, ", replaces"),
                        _("replaces {old!r}, which set {set!r} still defines").format(
                            old=old, set=criteria[old].set_id
                        ),
                        _(
                            "remove criterion {old!r} (its answers are then read as {id!r}), "
                            "or take {old!r} out of replaces"
                        ).format(old=old, id=c.id),
                    )
                )
        elif len(by) > 1:
            for c in by:
                others = ", ".join(repr(o.id) for o in by if o is not c)
                problems.append(
                    Problem(
                        path(c),
                        at_criterion(c, ", replaces"),
                        _("{old!r} is also replaced by {others}").format(old=old, others=others),
                        _("an old id is read as one criterion only: keep it in one replaces"),
                    )
                )
        else:
            replaced[old] = by[0].id
    return replaced


def _resolve(
    set_id: str,
    by_id: Mapping[str, CriteriaSet],
    resolved: dict[str, ResolvedSet],
    broken: set[str],
    problems: list[Problem],
    chain: tuple[str, ...],
    failed: Mapping[str, Declared] | None = None,
    kinds: Mapping[str, AnswerKind] | None = None,
) -> ResolvedSet | None:
    if set_id in resolved:
        return resolved[set_id]
    if set_id in broken:
        return None
    s = by_id[set_id]
    criteria: dict[str, Criterion] = {}
    inherited_titles: dict[str, Mapping[str, str]] = {}
    for parent_id in s.extends:
        if parent_id in chain or parent_id == set_id:
            members = (*chain, set_id)[(*chain, set_id).index(parent_id) :]
            cycle = " → ".join((*members, parent_id))
            for member in members:  # every set of the cycle is told, not only the last one seen
                if member not in broken:
                    problems.append(
                        Problem(
                            by_id[member].path,
                            at_key(by_id[member], "extends"),
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
                    at_key(s, "extends"),
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
                    at_key(s, "extends"),
                    _("extends unknown set {id!r}; answers to its criteria are not checked").format(
                        id=parent_id
                    ),
                    did_you_mean(parent_id, by_id) or _("no set is loaded"),
                )
            )
            broken.add(set_id)
            return None
        parent = _resolve(parent_id, by_id, resolved, broken, problems, (*chain, set_id), failed, kinds)
        if parent is None:
            if set_id not in broken:
                problems.append(
                    Problem(
                        s.path,
                        at_key(s, "extends"),
                        _("extends set {id!r}, which has errors").format(id=parent_id),
                        _("fix that set first"),
                    )
                )
                broken.add(set_id)
            return None
        for c in parent.criteria:
            criteria.setdefault(c.id, c)
        for theme, titles in parent.theme_titles.items():  # the first set that titles it, as theme_title
            inherited_titles.setdefault(theme, titles)
    restated = _restate(s, criteria, kinds or {}, problems)
    if restated is None:
        broken.add(set_id)
        return None
    criteria = restated
    for c in s.criteria:
        criteria.setdefault(c.id, c)
    merged = tuple(criteria.values())
    theme_titles = {**inherited_titles, **s.themes}
    result = ResolvedSet(s, merged, set_digest(s, merged, by_id), theme_titles=theme_titles)
    resolved[set_id] = result
    return result


def _restate(
    s: CriteriaSet, inherited: dict[str, Criterion], kinds: Mapping[str, AnswerKind], problems: list[Problem]
) -> dict[str, Criterion] | None:
    """The extended sets' criteria this set rates, with its `[[restate]]` changes (None: errors)."""
    ok = True
    restated = {r.id for r in s.restated}
    criteria = (
        dict(inherited) if s.inherit == "all" else {k: c for k, c in inherited.items() if k in restated}
    )
    for r in s.restated:
        label = f'[[restate]] "{r.id}"'
        original = criteria.get(r.id)
        if original is None:
            problems.append(
                Problem(
                    s.path,
                    where(r.line, label),
                    _("restates criterion {id!r}, which no set it extends defines").format(id=r.id),
                    did_you_mean(r.id, inherited, SHOWN) or _("add the set that defines it to extends"),
                )
            )
            ok = False
            continue
        kind = kinds.get(original.kind)
        before = len(problems)
        if kind is not None:
            check_model_keys(
                r.changes,
                kind,
                original.config,
                original.na_allowed,
                _reporter(s, r.line, label, problems),
                r.id,
            )
        if len(problems) > before:
            ok = False
            continue
        criteria[r.id] = attrs.evolve(original, **r.changes)
    return criteria if ok else None


def _reporter(s: CriteriaSet, line: int | None, label: str, problems: list[Problem]) -> Reporter:
    def report(key: str, message: str, hint: str, at: tuple[int | str, ...] = ()) -> None:
        problems.append(Problem(s.path, where(line, f"{label}, {key}"), message, hint))

    return report


def _references(rules: ResolvedSet, schemes: Mapping[str, RatingScheme]) -> tuple[Requirement, ...]:
    scheme = schemes.get(rules.scheme)
    return (*rules.set.requires, *(held(scheme.references, rules.id, REQUIREMENTS)(rules) if scheme else ()))


def _link_references(
    resolved: dict[str, ResolvedSet],
    schemes: Mapping[str, RatingScheme],
    problems: list[Problem],
    broken: set[str],
) -> None:
    """Check `requires` and a scheme's references; give each set the sets it reads, resolved.

    A reference to an unknown set or grade, or a cycle of them, is an error of
    the set that writes it; a set whose referenced set has errors is left out too.
    """
    graph: dict[str, list[str]] = {}
    for set_id, rules in sorted(resolved.items()):
        # A set already left out (its scheme's own checks) still has its references checked,
        # so that every problem is reported at once; it is not linked.
        already_broken = set_id in broken
        targets: list[str] = []
        for req in _references(rules, schemes):
            other = resolved.get(req.set_id)
            if req in rules.set.requires:
                written = at_key(rules.set, "requires")
            else:  # a scheme's reference: where the scheme says it is written
                written = where(req.line, f'[[grades]] set "{req.set_id}"')
            if other is None or req.set_id in broken:
                problems.append(
                    Problem(
                        rules.set.path,
                        written,
                        _("requires unknown set {id!r}").format(id=req.set_id)
                        if other is None
                        else _("requires set {id!r}, which has errors").format(id=req.set_id),
                        did_you_mean(req.set_id, resolved) if other is None else _("fix that set first"),
                    )
                )
                broken.add(set_id)
                continue
            names = [g.grade for g in other.grades]
            if req.grade and req.grade not in names:
                problems.append(
                    Problem(
                        rules.set.path,
                        written,
                        _("set {id!r} has no grade {grade!r}").format(id=req.set_id, grade=req.grade),
                        _("expected one of: {names}").format(names=", ".join(repr(n) for n in names))
                        if names
                        else _("that set has no [[grades]]"),
                    )
                )
                broken.add(set_id)
                continue
            targets.append(req.set_id)
        if not already_broken:
            graph[set_id] = targets
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(node: str, path: tuple[str, ...]) -> None:
        if state.get(node) == "done":
            return
        if node in path:
            members = path[path.index(node) :]
            cycle = " → ".join((*members, node))
            for member in members:
                if member not in broken:
                    problems.append(
                        Problem(
                            resolved[member].set.path,
                            at_key(resolved[member].set, "requires"),
                            _("requirements make a cycle: {cycle}").format(cycle=cycle),
                            _("remove one of these requirements"),
                        )
                    )
                    broken.add(member)
            return
        for target in graph.get(node, ()):
            visit(target, (*path, node))
        state[node] = "done"
        order.append(node)

    for node in sorted(graph):
        visit(node, ())
    for set_id in order:  # referenced sets first, so each carries its own references
        rules = resolved[set_id]
        targets = graph.get(set_id, [])
        if not targets:
            continue
        if any(t in broken for t in targets):
            if set_id not in broken:
                problems.append(
                    Problem(
                        rules.set.path,
                        at_key(rules.set, "requires"),
                        _("requires a set which has errors"),
                        _("fix that set first"),
                    )
                )
                broken.add(set_id)
            continue
        references = {t: resolved[t] for t in sorted(set(targets))}
        digest = _with_references(rules.digest, references)
        resolved[set_id] = attrs.evolve(
            rules,
            digest=digest,
            references=references,
            reference_schemes={t: schemes[r.scheme] for t, r in references.items()},
        )


def _with_references(digest: str, references: Mapping[str, ResolvedSet]) -> str:
    """A set's digest covering the sets it reads: their rules decide its grade too."""
    body = {"digest": digest, "references": {k: r.digest for k, r in references.items()}}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


#: Criterion attributes a `[[restate]]` may change, as they enter the digest.
_RESTATABLE = ("level", "weight", "pass_", "evidence", "option_evidence", "na_evidence", "accept_unmet")


def set_digest(s: CriteriaSet, criteria: Iterable[Criterion], by_id: Mapping[str, CriteriaSet]) -> str:
    """SHA-256 of a canonical serialisation of the set with `extends` resolved."""
    definitions = {c.id: c for source in by_id.values() for c in source.criteria}
    canonical_criteria = {
        c.id: crit
        for source in by_id.values()
        for c, crit in zip(source.criteria, source.canonical.get("criteria", ()), strict=False)
    }
    criteria = tuple(criteria)
    body: dict[str, object] = {
        "set": s.canonical.get("set", {}),
        "criteria": [canonical_criteria.get(c.id, c.id) for c in criteria],
        "grades": s.canonical.get("grades", []),
    }
    # Criteria rated by a restated rule (here or in a set extended): the rule used.
    restated = {
        c.id: {key: str(getattr(c, key)) for key in _RESTATABLE}
        for c in criteria
        if c.id in definitions and c is not definitions[c.id]
    }
    if restated:
        body["restated"] = restated
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

    # A resolved set's problems are located by what they name (`located`), so `at` adds nothing.
    def report(where: str, message: str, hint: str, at: tuple[int | str, ...] = ()) -> None:
        problems.append(Problem(rules.set.path, located(rules, where), message, hint))

    held(scheme.check_set, rules.id)(rules, kinds, report)
    if len(problems) > before:
        broken.add(rules.id)


def located(rules: ResolvedSet, label: str) -> str:
    """`label` (`[[grades]] "B"`, `criterion "x"`, `[set] key`…) with the line it points at.

    Problems found once the sets are resolved (a scheme's check, a lint warning)
    name what they are about by label; the line is added here, once for all.
    """
    line: int | None = None
    if label.startswith('[[grades]] "'):
        name = label[len('[[grades]] "') :].partition('"')[0]
        line = next((g.line for g in rules.grades if g.grade == name), None)
    elif label.startswith("[[grades]]"):
        line = rules.grades[0].line if rules.grades else rules.set.line
    elif label.startswith("[set]"):
        key = label[len("[set]") :].strip()
        line = rules.set.lines.get(key, rules.set.line)
    else:  # a criterion (or theme) of this very file (one of an extended set is written in another)
        quoted = label.partition('"')[2].partition('"')[0]
        own = rules.set.criteria
        line = next((c.line for c in own if c.id == quoted), None) if quoted else None
        if quoted and line is None:  # a theme: where its first criterion is
            line = next((c.line for c in own if c.theme == quoted), None)
    return where(line, label)


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
                    at_key(rules.set, "college"),
                    _("college {college!r} is already rated by set {id!r}").format(
                        college=college, id=seen[college].id
                    ),
                    _("one set per college: remove college from one of them"),
                )
            )
        else:
            seen[college] = rules
    return {college: rules.id for college, rules in sorted(seen.items())}
