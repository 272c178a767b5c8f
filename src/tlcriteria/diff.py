"""`tlcriteria diff`: what a change of the criteria does, to the rules and to the places' grades.

OLD and NEW are folders, or `git:REV[:PATH]`: the files of a revision of the
current git repository, read with `git ls-tree` and `git show`; nothing is
ever checked out over the user's files. Each side's sets are loaded as usual
(plugins' sets, replaced by the side's own), compared set by set, and, with
`--places`, every place is rated with both and the ratings that move listed.

A change that may lower a grade while the set's `version` stays the same is
flagged: ratings carry the version, so members must be able to tell that the
rules under which they were rated have changed. `check --against OLD`
reports the same thing as a warning, which `--strict` turns into a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path, PurePosixPath
from typing import Any

import attrs

from . import shown as numbers
from .catalogue import Catalogue, at_key
from .documents import Document, Locator, decode, load_each, parse_toml
from .errors import Problem, Stopped
from .i18n import _, current_language
from .interfaces import EITHER, LOOSER, STRICTER, TEXT, AnswerKind, RatingScheme
from .loading import load_place
from .model import Answer, Criterion, Grade, Place, Rating, ResolvedSet
from .record import percent_or_none, show_number, shown_percent
from .registry import Registry
from .workspace import Renamed, current_answers, load_catalogue, rate_places, read_documents

#: Grade keys compared one by one above the scheme's own keys (`Grade.keys`).
GRADE_ATTRIBUTES = frozenset(f.name for f in attrs.fields(Grade))
LEVEL_RANK = {"may": 0, "should": 1, "must": 2}
REQUIRE_RANK = {"none": 0, "must": 1, "should": 2}
EVIDENCE_RANK = {"none": 0, "justification": 1, "url": 2}
#: What a change can do to grades: lower them, raise them, either, or nothing (wording):
#: STRICTER, LOOSER, EITHER, TEXT, from `tlcriteria.interfaces`.


class SourceError(Exception):
    """OLD or NEW cannot be read: one line for the user."""


# --------------------------------------------------------------------------- reading a side


def _git(args: Sequence[str], cwd: str | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise SourceError(_("git is not installed; give folders instead of git:REV")) from exc


def criteria_folder(registry: Registry, top: str) -> str:
    """The folder of `git:REV` without a path: the one holding the catalogue's sets.

    In the working group's repository (or a source checkout) the plugins' set
    files are read from it; else it is `criteria/`. Never the whole repository,
    whose other `.toml` files (test fixtures, examples) are not the rules.
    """
    folders: dict[str, int] = {}
    root = PurePosixPath(top)
    for item in registry.set_files:
        if isinstance(item.resource, Path):
            try:
                relative = PurePosixPath(item.resource.resolve().parent.as_posix()).relative_to(root)
            except ValueError:
                continue
            folders[str(relative)] = folders.get(str(relative), 0) + 1
    return max(sorted(folders), key=lambda f: folders[f]) if folders else DEFAULT_CRITERIA


DEFAULT_CRITERIA = "criteria"


def git_documents(spec: str, registry: Registry | None = None) -> list[Document]:
    """The TOML files of `git:REV[:PATH]`, read from the repository without touching the work tree.

    Without PATH, the criteria folder (`criteria_folder`).
    """
    rev, _sep, path = spec[len("git:") :].partition(":")
    if not rev:
        raise SourceError(
            _(
                "{spec}: no revision given (write e.g. git:HEAD, git:HEAD~1:criteria, git:main:criteria)"
            ).format(spec=spec)
        )
    top = _git(["rev-parse", "--show-toplevel"])
    if top.returncode != 0:
        raise SourceError(
            _(
                "{spec}: the current folder is not inside a git repository "
                "(run tlcriteria diff from the working group's repository, or compare folders)"
            ).format(spec=spec)
        )
    if _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"]).returncode != 0:
        raise SourceError(
            _("{spec}: unknown revision {rev!r} (see git log --oneline, or git branch -a)").format(
                spec=spec, rev=rev
            )
        )
    if not path:
        root = top.stdout.decode().strip()
        path = criteria_folder(registry, root) if registry is not None else DEFAULT_CRITERIA
        # ls-tree takes paths relative to the current folder: from the top of the repository.
        path = os.path.relpath(os.path.join(root, path), os.getcwd())
    listing = _git(["ls-tree", "-r", "--full-name", "--name-only", rev, "--", path])
    if listing.returncode != 0:
        raise SourceError(
            _("{spec}: git ls-tree failed: {error}").format(
                spec=spec, error=listing.stderr.decode(errors="replace").strip()
            )
        )
    names = [
        n
        for n in listing.stdout.decode("utf-8", errors="replace").splitlines()
        if n.endswith(".toml")
        and not any(p.startswith(".") for p in PurePosixPath(n).parts)
        and PurePosixPath(n).name != "pyproject.toml"
    ]
    if not names:
        raise SourceError(
            _("{spec}: no .toml file under {path!r} at {rev}").format(spec=spec, path=path, rev=rev)
            if path
            else _("{spec}: no .toml file under the repository root at {rev}").format(spec=spec, rev=rev)
        )
    docs: list[Document] = []
    problems: list[Problem] = []
    for name in sorted(names):
        shown = _git(["show", f"{rev}:{name}"], cwd=top.stdout.decode().strip())
        display = f"{rev}:{name}"
        if shown.returncode != 0:
            raise SourceError(
                _("{path}: cannot be read from git: {error}").format(
                    path=display, error=shown.stderr.decode(errors="replace").strip()
                )
            )
        text, found = decode(shown.stdout, display)
        problems += found
        if text is None:
            continue
        data, found = parse_toml(text, display)
        problems += found
        if data is not None:
            docs.append(Document(display, data, Locator(text)))
    if problems:
        raise SourceError("; ".join(str(p) for p in problems))
    return docs


def read_side(spec: str, registry: Registry | None = None) -> tuple[list[Document], list[Problem]]:
    if spec.startswith("git:"):
        return git_documents(spec, registry), []
    if not os.path.exists(spec):
        raise SourceError(
            _("{spec}: no such folder (give a folder of criteria sets or git:REV[:PATH])").format(spec=spec)
        )
    return read_documents([spec])


def load_side(registry: Registry, spec: str) -> tuple[Catalogue, set[str], list[Problem]]:
    """The catalogue of one side (its own sets, no plugin's), the ids of those sets and the
    warnings found; `Stopped` (with every problem found) when it cannot be used."""
    try:
        docs, problems = read_side(spec, registry)
    except SourceError as exc:
        raise Stopped(str(exc)) from None
    set_docs = [d for d in docs if d.kind == "set"]
    if not set_docs and not problems:
        raise Stopped(_("{spec}: holds no criteria set (a file with a [set] table)").format(spec=spec))
    # A side is exactly the sets it holds: a plugin's set must not stand in for one the
    # change removed (the diff would say "removed" and still rate with it).
    own = attrs.evolve(registry, set_files=())
    catalogue, found, _plugin_problems = load_catalogue(own, (), set_docs)
    problems += found
    if any(p.is_error for p in problems):
        raise Stopped(
            _("{spec}: the criteria sets have errors; fix them, or compare another revision").format(
                spec=spec
            ),
            problems,
        )
    ids = {r.id for r in catalogue.sets.values() if r.set.path in {d.path for d in set_docs}}
    return catalogue, ids, problems


# --------------------------------------------------------------------------- rule changes


@attrs.frozen
class Change:
    set: str
    what: str  # "set", "criterion", "option", "grade"
    id: str
    change: str  # "added", "removed", "retired", a field name…
    old: Any = None
    new: Any = None
    effect: str = EITHER

    def text(self) -> str:
        subject = f"{self.what} {self.id}" if self.id else self.what
        if self.change in ("added", "removed"):
            detail = f" ({self.new})" if self.change == "added" and self.new else ""
            return f"{subject} {self.change}{detail}"
        if self.change == "status":
            return f"{subject}: status {self.old} → {self.new}"
        return f"{subject}: {self.change} {_show(self.old)} → {_show(self.new)}"

    def texte(self) -> str:
        """The same in French, for Markdown pasted into the working group's merge requests and wiki."""
        what = {"set": "jeu", "criterion": "critère", "option": "option", "grade": "note"}[self.what]
        subject = f"{what} {self.id}" if self.id else what
        if self.change in ("added", "removed"):
            verb = {"added": "ajouté", "removed": "supprimé"}[self.change]
            if self.what in ("option", "note", "grade"):
                verb += "e"
            detail = f" ({self.new})" if self.change == "added" and self.new else ""
            return f"{subject} {verb}{detail}"
        field = {"status": "statut", "renamed": "renommé"}.get(self.change, self.change)
        return f"{subject} : {field} {_show(self.old)} → {_show(self.new)}"

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
    if value is None:
        return "—"
    if isinstance(value, Fraction):
        return str(show_number(value))
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _jsonable(value: object) -> object:
    if isinstance(value, Fraction):
        return show_number(value)
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value


def _ranked(old: Fraction | str, new: Fraction | str, rank: Mapping[str, int] | None = None) -> str:
    """STRICTER when NEW asks more than OLD: a higher place in `rank` (words), else a larger number."""
    a, b = (rank[str(old)], rank[str(new)]) if rank else (Fraction(old), Fraction(new))
    return STRICTER if b > a else LOOSER


def _summary(c: Criterion) -> str:
    return f"{c.level}, weight {show_number(c.weight)}, {c.kind}, {c.status}"


def criterion_changes(
    set_id: str, old: Criterion, new: Criterion, kinds: Mapping[str, AnswerKind] | None = None
) -> list[Change]:
    out: list[Change] = []

    def add(
        change: str, a: object, b: object, effect: str, what: str = "criterion", ident: str = new.id
    ) -> None:
        out.append(Change(set_id, what, ident, change, a, b, effect))

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
    return out


def config_changes(set_id: str, old: Criterion, new: Criterion, kind: AnswerKind | None) -> list[Change]:
    """The changes of a criterion's kind settings, as the kind describes them."""
    found = kind.config_changes(old.config, new.config) if kind is not None else ()
    out = [
        Change(set_id, "option", f"{new.id}/{c.option}", c.change, c.old, c.new, c.effect)
        if c.option
        else Change(set_id, "criterion", new.id, c.change, c.old, c.new, c.effect)
        for c in found
    ]
    if not out:
        out.append(Change(set_id, "criterion", new.id, "settings", "…", "…", EITHER))
    return out


def grade_changes(set_id: str, old: Sequence[Grade], new: Sequence[Grade]) -> list[Change]:
    out: list[Change] = []
    before = {g.grade: g for g in old}
    after = {g.grade: g for g in new}
    for name, g in before.items():
        n = after.get(name)
        if n is None:
            out.append(Change(set_id, "grade", name, "removed", effect=EITHER))
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
            out.append(Change(set_id, "grade", name, field, a, b, effect))
        for key in sorted(g.keys.keys() | n.keys.keys()):  # a scheme's own grade keys, those not above
            if key not in GRADE_ATTRIBUTES and g.keys.get(key) != n.keys.get(key):
                out.append(Change(set_id, "grade", name, key, g.keys.get(key), n.keys.get(key), EITHER))
        if g.label != n.label or g.description != n.description:
            out.append(Change(set_id, "grade", name, "label", "…", "…", TEXT))
    for name in after:
        if name not in before:
            out.append(Change(set_id, "grade", name, "added", effect=EITHER))
    if [g for g in before if g in after] != [g for g in after if g in before]:
        out.append(Change(set_id, "grade", "", "order", list(before), list(after), EITHER))
    return out


def set_changes(
    old: ResolvedSet | None, new: ResolvedSet | None, kinds: Mapping[str, AnswerKind] | None = None
) -> list[Change]:
    if old is None and new is not None:
        return [Change(new.id, "set", new.id, "added", None, f"version {new.version}", EITHER)]
    if new is None and old is not None:
        return [Change(old.id, "set", old.id, "removed", effect=EITHER)]
    assert old is not None and new is not None
    sid = new.id
    out: list[Change] = []
    for field in ("scheme", "extends", "college"):
        a, b = getattr(old.set, field), getattr(new.set, field)
        if a != b:
            out.append(Change(sid, "set", "", field, a, b, EITHER))
    before = {c.id: c for c in old.set.criteria}
    after = {c.id: c for c in new.set.criteria}
    for cid, c in before.items():
        n = after.get(cid)
        if n is None:
            out.append(
                Change(sid, "criterion", cid, "removed", effect=EITHER if c.status == "active" else TEXT)
            )
        else:
            out.extend(criterion_changes(sid, c, n, kinds))
    for cid, n in after.items():
        if cid not in before:
            effect = STRICTER if n.status == "active" else TEXT
            out.append(Change(sid, "criterion", cid, "added", None, _summary(n), effect))
    out.extend(grade_changes(sid, old.grades, new.grades))
    return out


# --------------------------------------------------------------------------- ratings that move


def usable_answers(
    place: Place,
    catalogue: Catalogue,
    registry: Registry,
    dropped: list[tuple[str, str, str]] | None = None,
    migrated: list[tuple[str, str, str]] | None = None,
) -> Place:
    """The place with only the answers this side's rules accept (others count as unanswered).

    Answers to criteria this side does not define are left out silently; answers
    it defines but refuses (a removed option, n/a no longer allowed…) are
    added to `dropped` as (place, criterion, why). Answers under an id the side
    declares replaced are read under the new one, and added to `migrated` as
    (place, criterion id as written, what it becomes).
    """
    kept: dict[str, Answer] = {}
    answers, renamed = current_answers(place.answers, catalogue, registry.kinds)
    if migrated is not None:
        migrated.extend((place.id, r.written_id, _renamed_text(r)) for r in renamed)
    for cid, answer in answers.items():
        c = catalogue.criteria.get(cid)
        if c is None and dropped is not None:
            dropped.append((place.id, cid, _("no criteria set defines it any more")))
        if c is None or c.kind not in registry.kinds:
            continue
        if answer.na:
            if c.na_allowed:
                kept[cid] = answer
            elif dropped is not None:
                dropped.append((place.id, cid, _("n/a is no longer allowed")))
            continue
        problem = registry.kinds[c.kind].check_value(c.config, answer.value)
        if problem is None:
            kept[cid] = answer
        elif dropped is not None:
            dropped.append((place.id, cid, problem[0]))
    return attrs.evolve(place, answers=kept)


def _renamed_text(r: Renamed) -> str:
    if r.twice:
        return _("dropped: {new!r} is answered too").format(new=r.criterion_id)
    if r.written_id != r.criterion_id and r.old_value == r.new_value:
        return _("read as {new!r}").format(new=r.criterion_id)
    return _("read as {new!r} = {value!r}").format(new=r.criterion_id, value=r.new_value)


def lowered(old: Rating, new: Rating, schemes: Mapping[str, RatingScheme]) -> bool:
    """Whether the new grade is worse than the old one, in the order of the sets' schemes."""
    if old.grade == new.grade or old.grade is None:
        return False
    if new.grade is None:
        return True
    for rules in (new.rules, old.rules):
        scheme = schemes.get(rules.scheme)
        lower = scheme.is_lower(rules, old.grade, new.grade) if scheme is not None else None
        if lower is not None:
            return lower
    return (new.percent or 0) < (old.percent or 0)


@attrs.frozen
class Move:
    old: Rating | None
    new: Rating | None
    lower: bool = False  # the new grade is worse (`lowered`)

    @property
    def place(self) -> Place:
        rating = self.new or self.old
        assert rating is not None
        return rating.place

    @property
    def set(self) -> str:
        rating = self.new or self.old
        assert rating is not None
        return rating.rules.id

    @property
    def direction(self) -> str:
        if self.old is None:
            return "newly rated"
        if self.new is None:
            return "no longer rated"
        if self.old.grade == self.new.grade:
            return "same grade"
        return "lower" if self.lower else "higher"

    def record(self) -> dict[str, Any]:
        return {
            "place": self.place.id,
            "name": self.place.name,
            "set": self.set,
            "old_grade": self.old.grade if self.old else None,
            "new_grade": self.new.grade if self.new else None,
            "old_percent": percent_or_none(self.old.percent) if self.old else None,
            "new_percent": percent_or_none(self.new.percent) if self.new else None,
            "direction": self.direction,
        }


def load_place_files(dirs: Sequence[str]) -> tuple[list[Place], list[Problem]]:
    """The places of `dirs` by id and the warnings found; `Stopped` on any error."""
    docs, problems = read_documents(dirs)
    places, found = load_each(docs, "place", load_place)
    problems += found
    if any(p.is_error for p in problems):
        raise Stopped(_("the place files have errors; fix them first (tlcriteria check)"), problems)
    if not places:
        raise Stopped(_("no place file found in {folders}").format(folders=", ".join(dirs)), problems)
    return sorted(places, key=lambda p: p.id), problems


def rating_moves(
    places: Sequence[Place],
    old: Catalogue,
    new: Catalogue,
    set_ids: set[str],
    registry: Registry,
    dropped: list[tuple[str, str, str]] | None = None,
    migrated: list[tuple[str, str, str]] | None = None,
) -> tuple[list[Move], dict[str, dict[str, list[int]]], int]:
    """(ratings that move, counts per set and grade [before, after], ratings compared)."""

    # Answers refused by NEW are said for the criteria of the sets compared, on either side
    # (a criterion deleted by the change is only on the old one).
    relevant = {
        c.id for cat in (old, new) for sid in set_ids if sid in cat.sets for c in cat.sets[sid].criteria
    }

    relevant |= {
        old_id for cat in (old, new) for old_id, new_id in cat.replaced.items() if new_id in relevant
    }
    read_before: set[tuple[str, str]] = set()  # (place, id) already read under a new id by OLD

    def ratings(catalogue: Catalogue) -> dict[tuple[str, str], Rating]:
        refused: list[tuple[str, str, str]] = []
        renamed: list[tuple[str, str, str]] = []
        usable = [usable_answers(p, catalogue, registry, refused, renamed) for p in places]
        if catalogue is new and dropped is not None:
            dropped.extend(d for d in refused if d[1] in relevant)
        if catalogue is old:
            read_before.update((place, written) for place, written, _what in renamed)
        elif migrated is not None:
            migrated.extend(m for m in renamed if m[1] in relevant and (m[0], m[1]) not in read_before)
        return {
            (r.place.id, r.rules.id): r
            for r in rate_places(usable, catalogue, registry)
            if r.rules.id in set_ids
        }

    before, after = ratings(old), ratings(new)
    moves: list[Move] = []
    counts: dict[str, dict[str, list[int]]] = {}
    for sid in sorted(set_ids):
        for catalogue in (new, old):  # every grade of the set, best first, even when nobody has it
            rules = catalogue.sets.get(sid)
            scheme = registry.schemes.get(rules.scheme) if rules is not None else None
            if rules is not None and scheme is not None:
                for g in scheme.grade_order(rules):
                    counts.setdefault(sid, {}).setdefault(g, [0, 0])
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        for index, rating in ((0, a), (1, b)):
            if rating is not None:
                grade = rating.grade if rating.grade is not None else "unrated"
                counts.setdefault(rating.rules.id, {}).setdefault(grade, [0, 0])[index] += 1
        if a is None or b is None or a.grade != b.grade or shown_percent(a) != shown_percent(b):
            moves.append(
                Move(a, b, a is not None and b is not None and lowered(a, b, registry.schemes))
            )  # a real move: the grade or the shown percent
    moves.sort(key=lambda m: (m.direction != "lower", m.set, m.place.id))
    return moves, counts, len(set(before) | set(after))


# --------------------------------------------------------------------------- the whole comparison


@attrs.frozen
class Comparison:
    old_label: str
    new_label: str
    versions: Mapping[str, tuple[str | None, str | None]]
    changes: tuple[Change, ...]
    moves: tuple[Move, ...] = ()
    counts: Mapping[str, Mapping[str, list[int]]] = attrs.field(factory=dict)
    compared: int = 0
    with_places: bool = False
    #: Answers valid before that NEW refuses: (place, criterion, why); counted as unanswered.
    dropped: tuple[tuple[str, str, str], ...] = ()
    #: Answers NEW reads under a new id (`replaces`): (place, id as written, what it becomes).
    migrated: tuple[tuple[str, str, str], ...] = ()
    #: Set id -> the changed sets among those it extends: their changes are its changes too.
    inherits: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)

    def version_alerts(self, french: bool = False) -> list[tuple[str, str]]:
        """(set id, why) for each set whose change may lower a grade while its version is unchanged."""
        alerts = []
        for sid, (a, b) in self.versions.items():
            if a is None or b is None or a != b:
                continue
            if self.with_places:
                n = len([m for m in self.moves if m.set == sid and m.direction == "lower"])
                if n:
                    alerts.append(
                        (
                            sid,
                            f"baisse la note de {n} lieu(x) mais sa version reste {a!r}"
                            if french
                            else f"lowers the grade of {n} place(s) but [set] version is still {a!r}",
                        )
                    )
            else:
                n = len([c for c in self.changes if c.set == sid and c.effect in (STRICTER, EITHER)])
                if n:
                    alerts.append(
                        (
                            sid,
                            f"a {n} changement(s) qui peuvent baisser une note mais sa version reste {a!r}"
                            if french
                            else f"has {n} change(s) that may lower a grade but [set] version is still {a!r}",
                        )
                    )
                    continue
                parents = self.inherits.get(sid, ())
                n = len([c for c in self.changes if c.set in parents and c.effect in (STRICTER, EITHER)])
                if n:
                    names = ", ".join(parents)
                    alerts.append(
                        (
                            sid,
                            f"étend {names}, dont {n} changement(s) peuvent baisser ses notes, "
                            f"mais sa version reste {a!r}"
                            if french
                            else f"extends {names}, whose {n} change(s) may lower its grades, "
                            f"but [set] version is still {a!r}",
                        )
                    )
        return alerts


def compare(
    old: Catalogue,
    old_ids: set[str],
    new: Catalogue,
    new_ids: set[str],
    places: Sequence[Place] | None,
    registry: Registry,
    old_label: str,
    new_label: str,
) -> Comparison:
    ids = sorted(old_ids | new_ids)
    changes: list[Change] = []
    versions: dict[str, tuple[str | None, str | None]] = {}
    for sid in ids:
        a = old.sets.get(sid) if sid in old_ids else None
        b = new.sets.get(sid) if sid in new_ids else None
        versions[sid] = (a.version if a else None, b.version if b else None)
        if a is not None and b is not None and a.digest == b.digest:
            continue
        changes.extend(set_changes(a, b, registry.kinds))
    changes = mark_renames(changes, old, new, registry)
    # The sets whose rules changed, and the sets that extend them: their rules change too.
    changed = {c.set for c in changes}
    inherits: dict[str, tuple[str, ...]] = {}
    for cat in (old, new):
        for sid, r in cat.sets.items():
            parents = sorted({c.set_id for c in r.criteria} & changed - {sid})
            if parents:
                inherits[sid] = tuple(sorted(set(inherits.get(sid, ())) | set(parents)))
    rated = changed | set(inherits)
    for sid in rated:
        versions.setdefault(
            sid,
            (
                old.sets[sid].version if sid in old.sets else None,
                new.sets[sid].version if sid in new.sets else None,
            ),
        )
    if places is None:
        return Comparison(old_label, new_label, versions, tuple(changes), inherits=inherits)
    dropped: list[tuple[str, str, str]] = []
    migrated: list[tuple[str, str, str]] = []
    moves, counts, compared = rating_moves(places, old, new, rated, registry, dropped, migrated)
    return Comparison(
        old_label,
        new_label,
        versions,
        tuple(changes),
        tuple(moves),
        counts,
        compared,
        True,
        tuple(dropped),
        tuple(migrated),
        inherits,
    )


def mark_renames(changes: list[Change], old: Catalogue, new: Catalogue, registry: Registry) -> list[Change]:
    """A criterion or option removed and another that `replaces` it added: one "renamed" change.

    Then the old criterion's rules are compared with the new one's, as for any
    criterion that stays (a rename alone changes no grade).
    """
    out: list[Change] = []
    removed = {(c.set, c.what, c.id) for c in changes if c.change == "removed"}
    folded: set[tuple[str, str, str]] = set()
    for c in changes:
        if c.change == "added" and c.what == "criterion":
            criterion = new.criteria.get(c.id)
            olds = [
                o for o in (criterion.replaces if criterion else ()) if (c.set, "criterion", o) in removed
            ]
            if criterion is not None and olds:
                out.append(Change(c.set, "criterion", c.id, "renamed", olds[0], c.id, TEXT))
                if olds[0] in old.criteria:
                    out.extend(criterion_changes(c.set, old.criteria[olds[0]], criterion))
                folded.add((c.set, "criterion", olds[0]))
                continue
        if c.change == "added" and c.what == "option":
            criterion_id, _slash, option_id = c.id.partition("/")
            criterion = new.criteria.get(criterion_id)
            kind = registry.kinds.get(criterion.kind) if criterion else None
            options = kind.options(criterion.config) if kind and criterion else ()
            option = next((o for o in options if o.id == option_id), None)
            olds = [
                o
                for o in (option.replaces if option else ())
                if (c.set, "option", f"{criterion_id}/{o}") in removed
            ]
            if option is not None and olds:
                out.append(Change(c.set, "option", c.id, "renamed", olds[0], option_id, TEXT))
                before = old.criteria.get(criterion_id)
                old_kind = registry.kinds.get(before.kind) if before else None
                old_options = old_kind.options(before.config) if old_kind and before else ()
                was = next((o for o in old_options if o.id == olds[0]), None)
                if was is not None and was.credit != option.credit:
                    effect = _ranked(option.credit, was.credit)
                    out.append(Change(c.set, "option", c.id, "credit", was.credit, option.credit, effect))
                folded.add((c.set, "option", f"{criterion_id}/{olds[0]}"))
                continue
        out.append(c)
    return [c for c in out if not (c.change == "removed" and (c.set, c.what, c.id) in folded)]


# --------------------------------------------------------------------------- rendering


def _grade(value: str | None) -> str:
    return value if value is not None else "—"


def _percent(value: float | None) -> str:
    return "—" if value is None else numbers.number(value)


def _count_line(grades: Mapping[str, list[int]]) -> str:
    return ", ".join(f"{g} {a} → {b}" for g, (a, b) in grades.items())


def render_table(cmp: Comparison) -> str:
    french = current_language() == "fr"
    lines = [_("Changes from {old} to {new}").format(old=cmp.old_label, new=cmp.new_label), ""]
    if not cmp.changes:
        return "\n".join([*lines, _("No rule changed, so no rating moves.")]) + "\n"
    by_set: dict[str, list[Change]] = {}
    for c in cmp.changes:
        by_set.setdefault(c.set, []).append(c)
    for sid, changes in by_set.items():
        a, b = cmp.versions.get(sid, (None, None))
        version = (
            _("version {version} unchanged").format(version=a)
            if a == b
            else _("version {old} → {new}").format(old=a or "—", new=b or "—")
        )
        lines.append(_("Set {id} ({version}):").format(id=sid, version=version))
        marks: dict[str, str] = {STRICTER: "↓", LOOSER: "↑", EITHER: "↕", TEXT: " "}
        lines += [f"  {marks[c.effect]} {c.texte() if french else c.text()}" for c in changes]
        lines.append("")
    lines.append("  " + _("↓ may lower grades  ↑ may raise grades  ↕ either way"))
    if cmp.with_places:
        lines += [
            "",
            _("Ratings that move: {count} of {total}").format(count=len(cmp.moves), total=cmp.compared),
        ]
        rows = [(_("PLACE"), _("SET"), _("GRADE"), _("PERCENT"), "")]
        for m in cmp.moves:
            r = m.record()
            rows.append(
                (
                    f"{r['name']} ({r['place']})",
                    r["set"],
                    f"{_grade(r['old_grade'])} → {_grade(r['new_grade'])}",
                    f"{_percent(r['old_percent'])} → {_percent(r['new_percent'])}",
                    SENS[r["direction"]] if french else r["direction"],
                )
            )
        if cmp.moves:
            widths = [max(len(row[i]) for row in rows) for i in range(5)]
            lines += [
                "  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
                for row in rows
            ]
        if cmp.dropped:
            lines += [
                "",
                _("Answers the new rules refuse (counted as unanswered; ask these places to answer again):"),
            ]
            lines += [f"  {place}: {cid}: {why}" for place, cid, why in cmp.dropped]
        if cmp.migrated:
            lines += ["", _("Answers read under a new id (tlcriteria migrate rewrites the files):")]
            lines += [f"  {place}: {cid}: {what}" for place, cid, what in cmp.migrated]
        lines += ["", _("Places per grade (before → after):")]
        lines += [f"  {sid}: {_count_line(grades)}" for sid, grades in sorted(cmp.counts.items())]
    alerts = cmp.version_alerts(french=french)
    if alerts:
        lines.append("")
        lines += [
            _("warning: set {id} {why} (raise version in its [set] table)").format(id=sid, why=why)
            for sid, why in alerts
        ]
    return "\n".join(lines) + "\n"


def _md(text: object) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


SENS = {
    "lower": "baisse",
    "higher": "hausse",
    "same grade": "même note",
    "newly rated": "nouvellement noté",
    "no longer rated": "plus noté",
}


def render_markdown(cmp: Comparison) -> str:
    lines = [f"## Changements de `{_md(cmp.old_label)}` à `{_md(cmp.new_label)}`", ""]
    alerts = cmp.version_alerts(french=True)
    for sid, why in alerts:
        lines.append(f"> **Attention :** le jeu `{sid}` {_md(why)} : augmenter `version` dans `[set]`.")
    if alerts:
        lines.append("")
    if not cmp.changes:
        lines += ["Aucune règle ne change.", ""]
    else:
        effect: dict[str, str] = {
            STRICTER: "peut baisser",
            LOOSER: "peut monter",
            EITHER: "dans les deux sens",
            TEXT: "aucun",
        }
        lines += ["| jeu | changement | effet sur les notes |", "| --- | --- | --- |"]
        lines += [f"| {_md(c.set)} | {_md(c.texte())} | {effect[c.effect]} |" for c in cmp.changes]
        lines.append("")
    if cmp.with_places:
        lines += [f"### Notes qui bougent ({len(cmp.moves)} sur {cmp.compared})", ""]
        if cmp.moves:
            lines += ["| lieu | jeu | note | pourcentage | sens |", "| --- | --- | --- | --- | --- |"]
            for m in cmp.moves:
                r = m.record()
                lines.append(
                    f"| {_md(r['name'])} (`{_md(r['place'])}`) | {_md(r['set'])} | "
                    f"{_md(_grade(r['old_grade']))} → {_md(_grade(r['new_grade']))} | "
                    f"{_percent(r['old_percent'])} → {_percent(r['new_percent'])} | {SENS[r['direction']]} |"
                )
            lines.append("")
        if cmp.dropped:
            lines += ["### Réponses que les nouvelles règles refusent (comptées sans réponse)", ""]
            lines += [f"- `{_md(place)}` : `{_md(cid)}` : {_md(why)}" for place, cid, why in cmp.dropped]
            lines.append("")
        if cmp.migrated:
            lines += [
                "### Réponses lues sous un nouvel identifiant (`tlcriteria migrate` réécrit les fiches)",
                "",
            ]
            lines += [f"- `{_md(place)}` : `{_md(cid)}` : {_md(what)}" for place, cid, what in cmp.migrated]
            lines.append("")
        lines += [
            "### Lieux par note (avant → après)",
            "",
            "| jeu | note | avant | après |",
            "| --- | --- | --- | --- |",
        ]
        for sid, grades in sorted(cmp.counts.items()):
            lines += [f"| {_md(sid)} | {_md(g)} | {a} | {b} |" for g, (a, b) in grades.items()]
        lines.append("")
    return "\n".join(lines)


def render_json(cmp: Comparison) -> str:
    data: dict[str, Any] = {
        "old": cmp.old_label,
        "new": cmp.new_label,
        "versions": {sid: {"old": a, "new": b} for sid, (a, b) in sorted(cmp.versions.items())},
        "changes": [c.record() for c in cmp.changes],
        "version_warnings": [
            {"set": sid, "message": why} for sid, why in cmp.version_alerts(french=current_language() == "fr")
        ],
    }
    if cmp.with_places:
        data["moves"] = [m.record() for m in cmp.moves]
        data["compared"] = cmp.compared
        data["refused_answers"] = [{"place": p, "criterion": c, "why": w} for p, c, w in cmp.dropped]
        data["migrated_answers"] = [{"place": p, "criterion": c, "becomes": w} for p, c, w in cmp.migrated]
        data["summary"] = {
            sid: {g: {"old": a, "new": b} for g, (a, b) in grades.items()}
            for sid, grades in sorted(cmp.counts.items())
        }
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


RENDERERS = {"table": render_table, "md": render_markdown, "json": render_json}


def run_diff(
    registry: Registry,
    old: str,
    new: str,
    place_dirs: Sequence[str],
    format_name: str,
) -> tuple[str, list[Problem]]:
    """The report and the warnings found on the way; `Stopped` (with every problem found so far)
    when a side or the places cannot be used."""
    warnings: list[Problem] = []
    try:
        old_catalogue, old_ids, found = load_side(registry, old)
        warnings += found
        new_catalogue, new_ids, found = load_side(registry, new)
        warnings += found
        places = None
        if place_dirs:
            places, found = load_place_files(place_dirs)
            warnings += found
    except Stopped as exc:
        raise Stopped(exc.message, [*warnings, *exc.problems]) from None
    cmp = compare(old_catalogue, old_ids, new_catalogue, new_ids, places, registry, old, new)
    return RENDERERS[format_name](cmp), warnings


def version_warnings(
    registry: Registry,
    against: str,
    catalogue: Catalogue,
    checked_paths: set[str],
    places: Sequence[Place],
    place_docs: Sequence[Document] = (),
    versions: bool = True,
) -> list[Problem]:
    """For `check --against OLD`: a warning per set changed in a way that may lower grades, same version;
    and one per criterion or option deleted while one of `place_docs` answers it.

    `versions=False` (the checked files have errors): only the deletions, which may be their cause.
    `Stopped` when OLD cannot be used.
    """
    from .deletions import deleted_but_answered

    try:
        old_catalogue, old_ids, _warnings = load_side(registry, against)
    except Stopped as exc:
        first = next((p for p in exc.problems if p.is_error), None)
        raise Stopped(f"--against {against}: {first}" if first else exc.message) from None
    out = deleted_but_answered(old_catalogue, catalogue, place_docs, registry.kinds, against)
    if not versions:
        return out
    new_ids = {sid for sid, r in catalogue.sets.items() if r.set.path in checked_paths}
    cmp = compare(
        old_catalogue,
        old_ids & new_ids,
        catalogue,
        new_ids & old_ids,
        list(places) or None,
        registry,
        against,
        _("the checked files"),
    )
    for sid, why in cmp.version_alerts(french=current_language() == "fr"):
        rules = catalogue.sets.get(sid)
        out.append(
            Problem(
                rules.set.path if rules else sid,
                at_key(rules.set, "version") if rules else "[set] version",
                _("compared with {against}, set {id!r} {why}").format(against=against, id=sid, why=why),
                _("raise the version so that members can tell which rules rated them"),
                severity="warning",
            )
        )
    return out


__all__ = ["Change", "Comparison", "SourceError", "compare", "run_diff", "version_warnings"]
