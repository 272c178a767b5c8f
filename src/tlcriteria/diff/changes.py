"""What a change of the criteria does to the rules: one `RuleChange` per field, criterion, option, grade.

Each change says what it may do to grades: lower them (STRICTER), raise them
(LOOSER), either (EITHER) or nothing (TEXT, wording), from `tlcriteria.interfaces`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from ..catalogue import Catalogue
from ..i18n import N_, _
from ..interfaces import EITHER, LOOSER, STRICTER, TEXT, AnswerKind
from ..mistakes import CHANGES, OPTIONS, held
from ..model import CriteriaSet, Criterion, Grade, ResolvedSet, ReviewRules
from ..rating_record import show_number
from ..registry import Registry
from ..shown import written

#: Grade keys compared one by one above the scheme's own keys (`Grade.keys`).
GRADE_ATTRIBUTES = frozenset(f.name for f in attrs.fields(Grade))
LEVEL_RANK = {"may": 0, "should": 1, "must": 2}
REQUIRE_RANK = {"none": 0, "must": 1, "should": 2}
EVIDENCE_RANK = {"none": 0, "justification": 1, "url": 2}

#: How a change's subject is said, by what it is about: `criterion x`, or `criterion` alone.
_SUBJECTS = {
    "set": (N_("set {id}"), N_("set")),
    "criterion": (N_("criterion {id}"), N_("criterion")),
    "option": (N_("option {id}"), N_("option")),
    "grade": (N_("grade {id}"), N_("grade")),
}
#: "added" and "removed", said of each subject (their agreement differs in French).
_ADDED = {
    "set": N_("set {id} added"),
    "criterion": N_("criterion {id} added"),
    "option": N_("option {id} added"),
    "grade": N_("grade {id} added"),
}
_REMOVED = {
    "set": N_("set {id} removed"),
    "criterion": N_("criterion {id} removed"),
    "option": N_("option {id} removed"),
    "grade": N_("grade {id} removed"),
}


@attrs.frozen
class RuleChange:
    """One change of the rules from OLD to NEW: a set's field, a criterion, an option, a grade."""

    set: str
    what: str  # "set", "criterion", "option", "grade"
    id: str
    change: str  # "added", "removed", "renamed", "moved", a field name…
    old: Any = None
    new: Any = None
    effect: str = EITHER

    def text(self) -> str:
        """The change in words, in the current language (Markdown for merge requests is French by default)."""
        if self.change in ("added", "removed"):
            said = _((_ADDED if self.change == "added" else _REMOVED)[self.what]).format(id=self.id)
            detail = f" ({self.new})" if self.change == "added" and self.new else ""
            return said + detail
        with_id, alone = _SUBJECTS[self.what]
        subject = _(with_id).format(id=self.id) if self.id else _(alone)
        old, new = _show(self.old), _show(self.new)
        if self.change == "status":
            return _("{subject}: status {old} → {new}").format(subject=subject, old=old, new=new)
        if self.change == "renamed":
            return _("{subject}: renamed {old} → {new}").format(subject=subject, old=old, new=new)
        if self.change == "moved":  # said in both sets: where it went, where it came from
            if self.set == self.old:
                return _("criterion {id} moved to set {set}").format(id=self.id, set=new)
            return _("criterion {id} moved from set {set}").format(id=self.id, set=old)
        # A setting is named by its key in the file; "settings" (a kind's whole configuration) is a word.
        change = _("settings") if self.change == "settings" else self.change
        return _("{subject}: {change} {old} → {new}").format(subject=subject, change=change, old=old, new=new)

    def record(self) -> dict[str, Any]:
        return {
            "set": self.set,
            "what": self.what,
            "id": self.id,
            "change": self.change,
            "old": _jsonable(self.old),
            "new": _jsonable(self.new),
            "effect": self.effect,
        }


def _show(value: object) -> str:
    """A value of the rules as the person reads it: numbers with the language's decimal mark."""
    if value is None:
        return "—"
    if isinstance(value, Fraction):
        return written(show_number(value))
    if isinstance(value, Decimal | float) and not isinstance(value, bool):
        return written(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, Mapping):  # as an inline table is written
        return "{" + ", ".join(f"{k} = {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _jsonable(value: object) -> object:
    if isinstance(value, Decimal) and value.is_finite():  # a TOML number a plugin kept as it came
        value = Fraction(value)
    if isinstance(value, Fraction):
        return show_number(value)
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # a plugin's own object in its configuration: as it shows itself


def _ranked(old: Fraction | str, new: Fraction | str, rank: Mapping[str, int] | None = None) -> str:
    """STRICTER when NEW asks more than OLD: a higher place in `rank` (words), else a larger number."""
    a, b = (rank[str(old)], rank[str(new)]) if rank else (Fraction(old), Fraction(new))
    return STRICTER if b > a else LOOSER


def _summary(c: Criterion) -> str:
    return f"{c.level}, weight {written(show_number(c.weight))}, {c.kind}, {c.status}"


def criterion_changes(
    set_id: str, old: Criterion, new: Criterion, kinds: Mapping[str, AnswerKind] | None = None
) -> list[RuleChange]:
    out: list[RuleChange] = []

    def add(
        change: str, a: object, b: object, effect: str, what: str = "criterion", ident: str = new.id
    ) -> None:
        out.append(RuleChange(set_id, what, ident, change, a, b, effect))

    if old.status != new.status:
        effect = STRICTER if new.status == "active" else EITHER
        add("status", old.status, new.status, effect)
    if old.level != new.level:
        add("level", old.level, new.level, _ranked(old.level, new.level, LEVEL_RANK))
    if old.weight != new.weight:
        add("weight", old.weight, new.weight, EITHER)
    if old.pass_ != new.pass_:
        add("pass", old.pass_, new.pass_, _ranked(old.pass_, new.pass_))
    if old.evidence != new.evidence:
        add("evidence", old.evidence, new.evidence, _ranked(old.evidence, new.evidence, EVIDENCE_RANK))
    if old.na_allowed != new.na_allowed:
        add("na_allowed", old.na_allowed, new.na_allowed, EITHER)
    if old.theme != new.theme:
        add("theme", old.theme, new.theme, EITHER)
    if old.kind != new.kind:
        add("kind", old.kind, new.kind, EITHER)
    elif old.config != new.config:
        out.extend(config_changes(set_id, old, new, (kinds or {}).get(new.kind)))
    for name in ("title", "question", "help"):
        if getattr(old, name) != getattr(new, name):
            add(name, "…", "…", TEXT)
    if old.status != "active" and new.status != "active":  # scored on neither side: no grade can move
        return [attrs.evolve(c, effect=TEXT) for c in out]
    return out


def config_changes(set_id: str, old: Criterion, new: Criterion, kind: AnswerKind | None) -> list[RuleChange]:
    """The changes of a criterion's kind settings, as the kind describes them."""
    found = held(kind.config_changes, new.id, CHANGES)(old.config, new.config) if kind is not None else ()
    out = [
        RuleChange(set_id, "option", f"{new.id}/{c.option}", c.change, c.old, c.new, c.effect)
        if c.option
        else RuleChange(set_id, "criterion", new.id, c.change, c.old, c.new, c.effect)
        for c in found
    ]
    if not out:
        out.append(RuleChange(set_id, "criterion", new.id, "settings", "…", "…", EITHER))
    return out


def grade_changes(set_id: str, old: Sequence[Grade], new: Sequence[Grade]) -> list[RuleChange]:
    out: list[RuleChange] = []
    before = {g.grade: g for g in old}
    after = {g.grade: g for g in new}
    for name, g in before.items():
        n = after.get(name)
        if n is None:
            out.append(RuleChange(set_id, "grade", name, "removed", effect=EITHER))
            continue
        for field, rank in (("min_percent", None), ("min_theme_percent", None), ("require", REQUIRE_RANK)):
            a, b = getattr(g, field), getattr(n, field)
            if a == b:
                continue
            if rank is not None:
                effect = _ranked(a, b, rank)
            elif a is None or b is None:
                effect = STRICTER if a is None else LOOSER
            else:
                effect = _ranked(a, b)
            out.append(RuleChange(set_id, "grade", name, field, a, b, effect))
        for key in sorted(g.keys.keys() | n.keys.keys()):  # a scheme's own grade keys, those not above
            if key not in GRADE_ATTRIBUTES and g.keys.get(key) != n.keys.get(key):
                out.append(RuleChange(set_id, "grade", name, key, g.keys.get(key), n.keys.get(key), EITHER))
        if g.label != n.label or g.description != n.description:
            out.append(RuleChange(set_id, "grade", name, "label", "…", "…", TEXT))
    for name in after:
        if name not in before:
            out.append(RuleChange(set_id, "grade", name, "added", effect=EITHER))
    if [g for g in before if g in after] != [g for g in after if g in before]:
        out.append(RuleChange(set_id, "grade", "", "order", list(before), list(after), EITHER))
    return out


def setting_changes(sid: str, old: CriteriaSet, new: CriteriaSet) -> list[RuleChange]:
    """The other `[set]` keys of the rules: how n/a counts, what is inherited or required, the
    scheme's own keys, restated criteria, and what peer reviews and time do to a rating."""
    out: list[RuleChange] = []

    def add(change: str, a: object, b: object, effect: str) -> None:
        out.append(RuleChange(sid, "set", "", change, a, b, effect))

    if old.na != new.na:
        add("na", old.na, new.na, EITHER)
    if old.inherit != new.inherit:
        add("inherit", old.inherit, new.inherit, EITHER)
    if old.requires != new.requires:
        add("requires", _requirements(old), _requirements(new), EITHER)
    for key in sorted(old.scheme_keys.keys() | new.scheme_keys.keys()):
        if old.scheme_keys.get(key) != new.scheme_keys.get(key):
            add(key, old.scheme_keys.get(key), new.scheme_keys.get(key), EITHER)
    if old.restated != new.restated:
        add("restate", "…", "…", EITHER)
    before, after = old.review or ReviewRules(), new.review or ReviewRules()
    if before.disputed_keeps_credit != after.disputed_keeps_credit:
        # A disputed answer that loses its credit counts as unanswered: grades may drop.
        effect = LOOSER if after.disputed_keeps_credit else STRICTER
        add("review.disputed_keeps_credit", before.disputed_keeps_credit, after.disputed_keeps_credit, effect)
    if before.confirmations != after.confirmations:  # "verified" or not: no grade moves
        add("review.confirmations", before.confirmations, after.confirmations, TEXT)
    if old.valid_for_months != new.valid_for_months:  # « à actualiser » or not: no grade moves
        add("valid_for_months", old.valid_for_months, new.valid_for_months, TEXT)
    return out


def _requirements(s: CriteriaSet) -> list[str]:
    return [f"{r.set_id} {r.grade}".strip() for r in s.requires]


def set_changes(
    old: ResolvedSet | None, new: ResolvedSet | None, kinds: Mapping[str, AnswerKind] | None = None
) -> list[RuleChange]:
    if old is None and new is not None:
        return [RuleChange(new.id, "set", new.id, "added", None, f"version {new.version}", EITHER)]
    if new is None and old is not None:
        return [RuleChange(old.id, "set", old.id, "removed", effect=EITHER)]
    assert old is not None and new is not None
    sid = new.id
    out: list[RuleChange] = []
    for field in ("scheme", "extends", "college"):
        a, b = getattr(old.set, field), getattr(new.set, field)
        if a != b:
            out.append(RuleChange(sid, "set", "", field, a, b, EITHER))
    out.extend(setting_changes(sid, old.set, new.set))
    before = {c.id: c for c in old.set.criteria}
    after = {c.id: c for c in new.set.criteria}
    for cid, c in before.items():
        n = after.get(cid)
        if n is None:
            out.append(
                RuleChange(sid, "criterion", cid, "removed", effect=EITHER if c.status == "active" else TEXT)
            )
        else:
            out.extend(criterion_changes(sid, c, n, kinds))
    for cid, n in after.items():
        if cid not in before:
            effect = STRICTER if n.status == "active" else TEXT
            out.append(RuleChange(sid, "criterion", cid, "added", None, _summary(n), effect))
    out.extend(grade_changes(sid, old.grades, new.grades))
    return out


def mark_renames(
    changes: list[RuleChange], old: Catalogue, new: Catalogue, registry: Registry
) -> list[RuleChange]:
    """A criterion or option removed and another that `replaces` it added: one "renamed" change.

    Then the old criterion's rules are compared with the new one's, as for any
    criterion that stays (a rename alone changes no grade).
    """
    out: list[RuleChange] = []
    removed = {(c.set, c.what, c.id) for c in changes if c.change == "removed"}
    folded: set[tuple[str, str, str]] = set()
    for c in changes:
        if c.change == "added" and c.what == "criterion":
            criterion = new.criteria.get(c.id)
            olds = [
                o for o in (criterion.replaces if criterion else ()) if (c.set, "criterion", o) in removed
            ]
            if criterion is not None and olds:
                out.append(RuleChange(c.set, "criterion", c.id, "renamed", olds[0], c.id, TEXT))
                if olds[0] in old.criteria:
                    out.extend(criterion_changes(c.set, old.criteria[olds[0]], criterion))
                folded.add((c.set, "criterion", olds[0]))
                continue
        if c.change == "added" and c.what == "option":
            criterion_id, _slash, option_id = c.id.partition("/")
            criterion = new.criteria.get(criterion_id)
            kind = registry.kinds.get(criterion.kind) if criterion else None
            options = (
                held(kind.options, criterion_id, OPTIONS)(criterion.config) if kind and criterion else ()
            )
            option = next((o for o in options if o.id == option_id), None)
            olds = [
                o
                for o in (option.replaces if option else ())
                if (c.set, "option", f"{criterion_id}/{o}") in removed
            ]
            if option is not None and olds:
                out.append(RuleChange(c.set, "option", c.id, "renamed", olds[0], option_id, TEXT))
                before = old.criteria.get(criterion_id)
                old_kind = registry.kinds.get(before.kind) if before else None
                old_options = (
                    held(old_kind.options, criterion_id, OPTIONS)(before.config)
                    if old_kind and before
                    else ()
                )
                was = next((o for o in old_options if o.id == olds[0]), None)
                if was is not None and was.credit != option.credit:
                    effect = _ranked(option.credit, was.credit)
                    out.append(RuleChange(c.set, "option", c.id, "credit", was.credit, option.credit, effect))
                folded.add((c.set, "option", f"{criterion_id}/{olds[0]}"))
                continue
        out.append(c)
    return [c for c in out if not (c.change == "removed" and (c.set, c.what, c.id) in folded)]


def mark_moves(
    changes: list[RuleChange], old: Catalogue, new: Catalogue, registry: Registry
) -> list[RuleChange]:
    """A criterion removed from one set and added, under the same id, to another: "moved".

    Said in each set whose section showed it (a set added or removed whole has only its own
    line), each keeping what the removal or the addition may do to its grades (the set it left
    loses a criterion, the set it joined gains one), then what else changed in the criterion,
    as words only: for the set it joined, the criterion is new.
    """
    before, after = _owning_sets(old), _owning_sets(new)
    moved = {cid: (sid, after[cid]) for cid, sid in before.items() if after.get(cid, sid) != sid}
    out: list[RuleChange] = []
    for c in changes:
        if c.what != "criterion" or c.id not in moved or c.change not in ("removed", "added"):
            out.append(c)
            continue
        left, joined = moved[c.id]
        out.append(RuleChange(c.set, "criterion", c.id, "moved", left, joined, c.effect))
        if c.change == "added":
            details = criterion_changes(joined, old.criteria[c.id], new.criteria[c.id], registry.kinds)
            out.extend(attrs.evolve(d, effect=TEXT) for d in details)
    return out


def _owning_sets(catalogue: Catalogue) -> dict[str, str]:
    """Criterion id -> the set that defines it (not those extending it)."""
    return {c.id: sid for sid, rules in catalogue.sets.items() for c in rules.set.criteria}
