"""Place files checked against the catalogue: every answer, every problem at once.

`check_place` and `places_from` return what is valid and why the rest is not
(SPEC §8): answers to unknown criteria, n/a where not allowed, values a kind
refuses, old ids (`replaces`, read as today's with a notice), two files with
one place id. Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import attrs

from .catalogue import Catalogue
from .documents import Document, where
from .errors import Problem, closest, did_you_mean
from .fields import check_field
from .file_keys import PLACE_FIELDS
from .i18n import SHOWN, _, listed, ngettext
from .interfaces import AnswerKind
from .mistakes import held
from .model import Answer, Criterion, Place
from .models_from_toml import PLACE_KEYS, answer_problem, answers_in, load_place
from .registry import Registry


@attrs.frozen
class Renamed:
    """An answer written under an old criterion id, or with old option ids (SPEC §8)."""

    written_id: str  # the id in the file
    criterion_id: str  # the criterion that reads it today
    old_value: object
    new_value: object
    #: Both the old and the new id are answered: this one is not read (an error of the file).
    twice: bool = False


def not_a_rule_file(doc: Document) -> Problem:
    return Problem(
        doc.path,
        "",
        _("is neither a criteria set nor a place file"),
        _("a criteria set starts with a [set] table, a place file with a [place] table"),
    )


def check_answers(
    answers: Mapping[str, Answer],
    doc: Document,
    catalogue: Catalogue,
    registry: Registry,
    unloaded: Sequence[str] = (),
) -> tuple[list[Problem], list[str]]:
    """Answers against the catalogue: known criterion, n/a allowed, value valid; and the ids
    of the answers no loaded set defines when the place names colleges whose set is not loaded
    (`unloaded`: a plugin disabled or broken; they may be that set's criteria), which are no
    problem of their own: the colleges' warning says them (`unloaded_college`).

    Answers to criteria of plugin sets left out (`Catalogue.withheld`) are warnings. Answers
    under a replaced id or to a retired criterion are notices (SPEC §8).
    """
    problems: list[Problem] = []
    criteria = catalogue.criteria
    kinds = registry.kinds

    def context(criterion_id: str) -> str:
        # Only computed for an answer with a problem: scanning the text is the slow part.
        answers_line = doc.locator.table("answers")
        line = doc.locator.key(criterion_id, answers_line) or answers_line
        return where(line, f"[answers] {criterion_id}")

    current, renamed = current_answers(answers, catalogue, kinds)
    unused: dict[str, list[str]] = {}  # set left out -> the answers to its criteria
    unplaced: list[str] = []  # answers that may be criteria of a college whose set is not loaded
    for item in renamed:
        problems.append(rename_problem(doc.path, context(item.written_id), item, answers))
    for written_id, answer in answers.items():
        criterion_id = catalogue.replaced.get(written_id, written_id)
        if criterion_id != written_id and criterion_id in answers:
            continue  # answered twice: said above
        if criterion_id in current:
            answer = current[criterion_id]
        criterion = criteria.get(criterion_id)
        if criterion is not None and criterion.status == "retired":
            problems.append(
                Problem(
                    doc.path,
                    context(written_id),
                    _("criterion {id!r} is retired: this answer is kept, and no longer counts").format(
                        id=criterion_id
                    ),
                    _("nothing to do: the answer is kept for the record"),
                    severity="notice",
                )
            )
            continue
        if criterion is None:  # one test for the usual answer; the rest only for an unknown id
            withheld = catalogue.withheld.get(criterion_id)
            if withheld is not None and withheld.plugin:
                unused.setdefault(str(withheld), []).append(written_id)
            elif withheld is not None or catalogue.missing:
                pass  # its set has errors, or is missing: said once for each set that needs it
            elif any(criterion_id in c.replaces for c in criteria.values()):
                pass  # a rename its set gets wrong (replaced twice…): said once, in that set
            elif unloaded:
                unplaced.append(written_id)
            else:
                problems.append(
                    Problem(
                        doc.path,
                        context(written_id),
                        _("no criteria set defines a criterion {id!r}").format(id=criterion_id),
                        _place_key(criterion_id)
                        or _replaces_typo(criterion_id, catalogue)
                        or _closest(criterion_id, catalogue.criteria)
                        or _("remove this answer, or check its id against the criteria sets"),
                    )
                )
            continue
        problem = answer_problem(criterion, answer, kinds)
        if problem is not None:
            problems.append(Problem(doc.path, context(written_id), *problem))
    # One line per set left out, not one per answer: its own problems are said once, above.
    for label, ids in unused.items():
        problems.append(
            Problem(
                doc.path,
                where(doc.locator.table("answers"), "[answers]"),
                ngettext(
                    "the answer to {ids} is not used: it is a criterion of {set}, "
                    "which was left out because of its errors",
                    "the answers to {ids} are not used: they are criteria of {set}, "
                    "which was left out because of its errors",
                    len(ids),
                ).format(ids=listed((repr(i) for i in ids), SHOWN, separator=", "), set=label),
                _("see the plugin's problems above, or disable the plugin"),
                severity="warning",
            )
        )
    return problems, unplaced


def _plugins_off(registry: Registry) -> list[str]:
    """The plugins disabled or broken, by name: a college's set may be theirs. Built-ins ship
    no criteria set: only the plugins of distributions are worth naming."""
    return sorted(p.name for p in registry.plugins if p.status != "ok" and p.source != "built-in")


def set_not_loaded(registry: Registry) -> str:
    """Why a college's set may be missing: the plugins disabled or broken, else how to bring it."""
    off = _plugins_off(registry)
    if off:
        return ngettext(
            "plugin {names} is disabled or broken, as tlcriteria plugins shows",
            "plugins {names} are disabled or broken, as tlcriteria plugins shows",
            len(off),
        ).format(names=", ".join(repr(n) for n in off))
    return _("install the plugin that ships its criteria set, or give the set's folder with --criteria DIR")


def current_answers(
    answers: Mapping[str, Answer], catalogue: Catalogue, kinds: Mapping[str, AnswerKind]
) -> tuple[dict[str, Answer], list[Renamed]]:
    """The answers under today's ids (`replaces` of criteria and options), and what was renamed.

    An answer under an old id is read as the criterion that replaces it, and an
    old option id as the option that replaces it. When both the old and the new
    id are answered, the new one is kept (and the rename said, so that it is seen).
    """
    current: dict[str, Answer] = {}
    renamed: list[Renamed] = []
    if not catalogue.renames:  # the usual case: nothing was ever renamed
        return dict(answers), renamed
    for written_id, answer in answers.items():
        criterion_id = catalogue.replaced.get(written_id, written_id)
        if criterion_id != written_id and criterion_id in answers:
            renamed.append(Renamed(written_id, criterion_id, answer.value, answer.value, twice=True))
            continue
        criterion = catalogue.criteria.get(criterion_id)
        kind = kinds.get(criterion.kind) if criterion is not None else None
        value = answer.value
        if kind is not None and criterion is not None and not answer.na:
            value = held(kind.current_value, criterion.id)(criterion.config, answer.value)
        if criterion_id != written_id or value != answer.value:
            renamed.append(Renamed(written_id, criterion_id, answer.value, value))
            answer = attrs.evolve(answer, value=value)
        current[criterion_id] = answer
    return current, renamed


def rename_problem(path: str, context: str, item: Renamed, answers: Mapping[str, Answer]) -> Problem:
    """How a renamed answer is said: a notice, or an error when both ids are answered."""
    if item.twice:
        return Problem(
            path,
            context,
            _("answers both {old!r} and {new!r}, which replaces it").format(
                old=item.written_id, new=item.criterion_id
            ),
            _("keep the answer under {new!r} and remove {old!r}").format(
                old=item.written_id, new=item.criterion_id
            ),
        )
    if item.written_id != item.criterion_id:
        message = _("{old!r} is now {new!r}: this answer is read as an answer to {new!r}").format(
            old=item.written_id, new=item.criterion_id
        )
    else:
        message = _("option {old} is now {new}: this answer is read with the new option ids").format(
            old=_option_ids(item.old_value), new=_option_ids(item.new_value)
        )
    return Problem(
        path,
        context,
        message,
        _("tlcriteria migrate {path} rewrites the file with today's ids").format(path=path),
        severity="notice",
    )


def _option_ids(value: object) -> str:
    return ", ".join(repr(v) for v in value) if isinstance(value, list) else repr(value)


def _place_key(written_id: str) -> str:
    """A key of `[place]` (`publics`, `town`) written under `[answers]`: where it goes."""
    if written_id not in PLACE_KEYS:
        return ""
    return _("{key!r} is a key of [place], not a criterion: move it under [place]").format(key=written_id)


def _replaces_typo(written_id: str, catalogue: Catalogue) -> str:
    """When the answer's id is nearer an old id of some `replaces` than any criterion, the
    mistake is most likely that `replaces` (« cadre-explicit » for « cadre-explicite »): the
    place file is right, and 'did you mean the new id?' would have each place edit it."""
    olds = {
        old: c for c in catalogue.criteria.values() for old in c.replaces if old not in catalogue.criteria
    }
    near = closest(written_id, [*olds, *catalogue.criteria])
    if not near or near[0] not in olds:
        return ""
    c = olds[near[0]]
    return _(
        "criterion {new!r} of set {set!r} replaces {old!r}: if that is a typo for {id!r}, "
        "correct replaces in the criteria set, not this answer"
    ).format(new=c.id, set=c.set_id, old=near[0], id=written_id)


def _closest(word: str, choices: Iterable[str]) -> str:
    """'did you mean …?' for a near miss; a full list only when it is short."""
    choices = list(choices)
    hint = did_you_mean(word, choices)
    if closest(word, choices) or len(choices) <= 8:
        return hint
    return ""


def unknown_colleges(
    doc: Document, named: Iterable[str], catalogue: Catalogue, registry: Registry
) -> list[Problem]:
    colleges = catalogue.colleges
    return [
        Problem(
            doc.path,
            where(doc.locator.key_in("place", "colleges"), "[place] colleges"),
            _("no criteria set rates college {college!r}, so the place is not rated for it").format(
                college=college
            ),
            _unrated_college_hint(college, colleges, catalogue, registry),
            severity="warning",
        )
        for college in named
        if college not in colleges
    ]


def kept_answers(unplaced: Sequence[str]) -> str:
    """What becomes of the answers that may be criteria of a college whose set is not loaded."""
    return ngettext(
        "its answer to {ids}, which no loaded criteria set defines, is kept, unrated",
        "its answers to {ids}, which no loaded criteria set defines, are kept, unrated",
        len(unplaced),
    ).format(ids=listed((repr(i) for i in unplaced), SHOWN, separator=", "))


def keep_them(hint: str) -> str:
    return _("{why}; keep these answers: they count once it is loaded").format(why=hint)


def unloaded_college(
    doc: Document, unloaded: Sequence[str], unplaced: Sequence[str], catalogue: Catalogue, registry: Registry
) -> Problem:
    """The one warning of a place naming colleges whose set is not loaded (a plugin disabled or
    broken) and answering criteria no loaded set defines: the place is not rated for them, and
    those answers, maybe theirs, are kept. One line for both: they have one cause."""
    return Problem(
        doc.path,
        where(doc.locator.key_in("place", "colleges"), "[place] colleges"),
        listed(
            [
                ngettext(
                    "no criteria set rates college {colleges}, so the place is not rated for it",
                    "no criteria set rates colleges {colleges}, so the place is not rated for them",
                    len(unloaded),
                ).format(colleges=", ".join(repr(c) for c in unloaded)),
                kept_answers(unplaced),
            ]
        ),
        keep_them(set_not_loaded(registry)),
        severity="warning",
    )


def unloaded_colleges(named: Iterable[str], catalogue: Catalogue) -> list[str]:
    """The colleges a place names whose set is not loaded at all (a plugin disabled, broken or
    not installed): neither rated, nor left out because of its errors, nor a near miss of a
    college that is rated (a typo)."""
    return [
        c
        for c in named
        if c not in catalogue.colleges and c not in catalogue.unrated and not closest(c, catalogue.colleges)
    ]


def _unrated_college_hint(
    college: str, colleges: Iterable[str], catalogue: Catalogue, registry: Registry
) -> str:
    """A near miss, else the way to bring the set that rates it: a network's own college (its
    set beside the places, not in a plugin) is rated only once its folder is given."""
    if college in catalogue.unrated:
        return _("the criteria set that rates this college has errors, see above; once fixed it rates it")
    if catalogue.unread_college:
        return _("a criteria set whose college cannot be read has errors, see above; perhaps it rates it")
    colleges = sorted(colleges)
    if closest(college, colleges):
        return did_you_mean(college, colleges)
    if _plugins_off(registry):
        return _("its criteria set may be a plugin's: {why}").format(why=set_not_loaded(registry))
    if not colleges:
        return _("no set with a college is loaded; give the folder of its criteria set with --criteria DIR")
    return _(
        "expected one of: {names}; or give the folder of the criteria set that rates it with --criteria DIR"
    ).format(names=listed(colleges, separator=", "))


def rated_for_nothing(
    doc: Document,
    named: Sequence[str],
    catalogue: Catalogue,
    registry: Registry,
    unplaced: Sequence[str] = (),
) -> Problem:
    """The error of a place none of whose colleges is rated: it would be in no output at all;
    with the answers that may be criteria of its colleges (`unplaced`), kept (one line for both)."""
    colleges = sorted(catalogue.colleges)
    near = [did_you_mean(c, colleges) for c in named if closest(c, colleges)]
    message = ngettext(
        "no criteria set rates college {colleges}, the only college the place names: "
        "it would be rated for none, and left out of every output",
        "no criteria set rates colleges {colleges}, the colleges the place names: "
        "it would be rated for none, and left out of every output",
        len(named),
    ).format(colleges=", ".join(repr(c) for c in named))
    if near:
        hint = near[0]
    elif unplaced:  # as `unloaded_college` says it
        hint = set_not_loaded(registry)
    else:
        hint = _unrated_college_hint(named[0], colleges, catalogue, registry)
    if unplaced:
        message, hint = listed([message, kept_answers(unplaced)]), keep_them(hint)
    return Problem(
        doc.path, where(doc.locator.key_in("place", "colleges"), "[place] colleges"), message, hint
    )


def colleges_named(doc: Document) -> list[str]:
    """The colleges a place file names, read from the file itself: they are still worth a
    warning when its `[place]` has errors and no Place could be built."""
    table = doc.data.get("place")
    named = table.get("colleges") if isinstance(table, dict) else None
    return [c for c in named if isinstance(c, str)] if isinstance(named, list) else []


def said_at_sets(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """The problems that a set's change made, said at the set, that leave places out (a college
    the set renamed, `renamed_colleges`): they stop `score` and `publish` as the set's own
    errors do, rather than drop the college's places from what they write."""
    return tuple(p for p in problems if p.leaves_out)


def colleges_named_by(docs: Iterable[Document]) -> dict[str, list[str]]:
    """The paths of the place files naming each college, in the files' order."""
    named_by: dict[str, list[str]] = {}
    for doc in docs:
        for college in colleges_named(doc):
            named_by.setdefault(college, []).append(doc.path)
    return named_by


def not_a_place_file(doc: Document) -> Problem | None:
    """Why a file given as a place is not one, or None."""
    if doc.kind in ("place", "network", "review"):  # a network file lives beside its places
        return None
    if doc.kind == "set":
        return Problem(
            doc.path,
            "",
            _("is not a place file but a criteria set"),
            _("give the folder of the place files here, and the criteria sets' with --criteria DIR"),
        )
    return not_a_rule_file(doc)


@attrs.frozen
class PlaceCheck:
    """One place file checked against the catalogue: the place when valid, its errors, its warnings."""

    place: Place | None
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    #: Each college it names whose set was left out (`Catalogue.unrated`), with its warning among
    #: `warnings`: a caller that checks many places says it once instead (`places_from`).
    unrated: tuple[tuple[str, Problem], ...] = ()
    #: The place id the file writes, when well formed, even when the file has errors: a second
    #: file using it is told in the same run (`places_from`).
    place_id: str | None = None
    #: The problems said about the colleges it names: when many files name a near miss of a
    #: college a set rates, and none that college, the set's college was renamed, and
    #: `places_from` says so once instead (`renamed_colleges`).
    college_problems: tuple[Problem, ...] = ()

    @property
    def file_warnings(self) -> tuple[Problem, ...]:
        """The warnings said with this file: all but those of `unrated`, said once per college
        for every file that names it (`unrated_colleges`)."""
        if not self.unrated:
            return self.warnings
        said = [p for _college, p in self.unrated]
        return tuple(w for w in self.warnings if w not in said)


def written_id(doc: Document) -> str | None:
    """The `[place] id` of a file, when the loader would accept it."""
    table = doc.data.get("place")
    value = table.get("id") if isinstance(table, dict) else None
    return value if isinstance(value, str) and check_field(_PLACE_ID, value) is None else None


_PLACE_ID = next(f for f in PLACE_FIELDS if f.name == "id")


def check_place(
    doc: Document, catalogue: Catalogue, registry: Registry, by_college: bool = False
) -> PlaceCheck:
    """One place file against the catalogue. Every problem at once: the answers
    are checked even when `[place]` is wrong.

    `by_college`: the place is to be rated for its colleges (not against one set given by the
    command): when no loaded set rates any of them, the place would be in no output, which is
    an error of the file, whether their sets are not loaded or left out because of their errors.
    """
    place, found = load_place(doc, catalogue.colleges, catalogue.criteria)
    named = colleges_named(doc)
    colleges = unknown_colleges(doc, named, catalogue, registry)
    unrated: tuple[tuple[str, Problem], ...] = ()
    if colleges and catalogue.unrated:  # each warning with its college: they come in that order
        missing = [c for c in named if c not in catalogue.colleges]
        unrated = tuple((c, p) for c, p in zip(missing, colleges, strict=True) if c in catalogue.unrated)
    unloaded = unloaded_colleges(named, catalogue) if colleges else []
    answers = answers_in(doc) if place is None else place.answers
    judged, unplaced = check_answers(answers, doc, catalogue, registry, unloaded)
    if colleges and by_college and len(colleges) == len(named):  # rated for none of them
        colleges = [rated_for_nothing(doc, named, catalogue, registry, unplaced)]
    elif unplaced:  # the unloaded colleges and the answers that may be theirs, in one warning
        missing = [c for c in named if c not in catalogue.colleges]
        colleges = [p for c, p in zip(missing, colleges, strict=True) if c not in unloaded]
        colleges.append(unloaded_college(doc, unloaded, unplaced, catalogue, registry))
    if place is None:
        errors = (*found, *(p for p in judged if p.is_error), *(p for p in colleges if p.is_error))
        return PlaceCheck(
            None,
            errors,
            tuple(p for p in colleges if not p.is_error),
            unrated,
            written_id(doc),
            tuple(colleges),
        )
    judged += colleges
    errors = tuple(p for p in judged if p.is_error)
    warnings = tuple(p for p in judged if not p.is_error)
    if errors:
        return PlaceCheck(None, errors, warnings, unrated, place.id, tuple(colleges))
    if catalogue.renames:
        place = attrs.evolve(place, answers=current_answers(place.answers, catalogue, registry.kinds)[0])
    return PlaceCheck(place, (), warnings, unrated, place.id, tuple(colleges))


def _misnamed(named: Iterable[str], catalogue: Catalogue) -> dict[str, str]:
    """The colleges named that no set rates but that are near misses of one a set rates."""
    found = {}
    for college in named:
        if college not in catalogue.colleges and college not in catalogue.unrated:
            near = closest(college, catalogue.colleges)
            if near:
                found[college] = near[0]
    return found


@attrs.frozen
class PlacesChecked:
    """Place files checked against the catalogue: the valid places (by id), every error and warning."""

    places: tuple[Place, ...] = ()
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


def places_from(
    docs: Sequence[Document], catalogue: Catalogue, registry: Registry, by_college: bool = False
) -> PlacesChecked:
    """The places that are valid against the catalogue, and why the others are not
    (`by_college`: as `check_place`'s)."""
    valid: list[Place] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    unrated: dict[str, int] = {}  # college whose set is left out -> the place files that name it
    ids: list[tuple[str, str]] = []  # (path, place id) of every file with a well-formed id
    checks = [(doc, check_place(doc, catalogue, registry, by_college)) for doc in docs]
    said = [named for doc, checked in checks if (named := NamedColleges.of(doc, checked)) is not None]
    renamed, covered = renamed_colleges(said, colleges_named_by(docs), catalogue) if said else ([], set())
    for doc, checked in checks:
        if checked.place_id is not None:
            ids.append((doc.path, checked.place_id))
        if doc.path in covered:  # its college problems are said once for all the files
            problems.extend(p for p in checked.errors if p not in checked.college_problems)
            warnings.extend(p for p in checked.file_warnings if p not in checked.college_problems)
        else:
            problems.extend(checked.errors)
            warnings.extend(checked.file_warnings)
        for college, _p in checked.unrated:  # said once for all these files, at the set (below)
            unrated[college] = unrated.get(college, 0) + 1
        if checked.place is not None:
            valid.append(checked.place)
    line_of = place_key_lines(docs)
    # Files with other errors count too: the repeated id is worth fixing in the same run.
    twice = duplicate_ids(ids, lambda path: line_of(path, "id"))
    problems.extend(twice)
    warnings.extend(unrated_colleges(unrated, catalogue))
    problems.extend(p for p in renamed if p.is_error)
    warnings.extend(p for p in renamed if not p.is_error)
    places = sorted((p for p in valid if p.path not in {d.path for d in twice}), key=lambda p: p.id)
    return PlacesChecked(tuple(places), tuple(problems), tuple(warnings))


@attrs.frozen
class NamedColleges:
    """A place file with problems about the colleges it names, as `renamed_colleges` needs it
    (the worker pool sends it): the colleges it names, those problems, the line of its
    `[place] colleges`."""

    path: str
    named: tuple[str, ...]
    problems: tuple[Problem, ...]
    line: int | None

    @classmethod
    def of(cls, doc: Document, checked: PlaceCheck) -> NamedColleges | None:
        if not checked.college_problems:
            return None  # the usual case
        line = doc.locator.key_in("place", "colleges")
        return cls(doc.path, tuple(colleges_named(doc)), checked.college_problems, line)


def renamed_colleges(
    said: Sequence[NamedColleges], named_by: Mapping[str, Sequence[str]], catalogue: Catalogue
) -> tuple[list[Problem], set[str]]:
    """A college a set renamed: many place files name a college no set rates, a near miss of
    one a set rates that no file names. Said once at the set's `college` line and once for the
    files (not once per file); the problems, and the files whose college problems they replace.
    `said`: the files with problems about their colleges; `named_by`: the paths of every file
    naming each college, in the files' order."""
    misnamed = {file.path: near for file in said if (near := _misnamed(file.named, catalogue))}
    if not misnamed:
        return [], set()  # the usual case: not a word more per file
    renamed = {
        old: new
        for near in misnamed.values()
        for old, new in near.items()
        if new not in named_by and len(named_by.get(old, ())) > 1
    }
    if not renamed:
        return [], set()
    covered: set[str] = set()
    left_out: dict[str, list[str]] = {}  # renamed college -> files it leaves rated for no college
    for file in said:  # a file naming a college no set rates has a problem about it
        unknown = [c for c in file.named if c not in catalogue.colleges and c not in catalogue.unrated]
        if unknown and all(c in renamed for c in unknown):
            covered.add(file.path)
            if any(p.is_error for p in file.problems):
                for college in unknown:
                    left_out.setdefault(college, []).append(file.path)
    found: list[Problem] = []
    for old, new in sorted(renamed.items()):
        naming = named_by[old]
        rules = catalogue.sets[catalogue.colleges[new]].set
        message = ngettext(
            "college {new!r} is named by no place file, while {count} place file names {old!r}, "
            "which no set rates",
            "college {new!r} is named by no place file, while {count} place files name {old!r}, "
            "which no set rates",
            len(naming),
        ).format(new=new, old=old, count=len(naming))
        lost = len(left_out.get(old, ()))
        if lost:
            message += ngettext(
                "; {count} of them names no other college and is left out of every output",
                "; {count} of them name no other college and are left out of every output",
                lost,
            ).format(count=lost)
        found.append(
            Problem(
                rules.path,
                where(rules.lines.get("college", rules.line), "[set] college"),
                message,
                _(
                    "if the college was renamed, rename it in [place] colleges of those files too; "
                    "if not, write college = {old!r} back"
                ).format(old=old),
                severity="error" if lost else "warning",
                leaves_out=tuple(left_out.get(old, ())),
            )
        )
        # The first file naming it names a college no set rates: it is among `said`.
        line = next((file.line for file in said if file.path == naming[0]), None)
        found.append(
            Problem(
                naming[0],
                where(line, "[place] colleges"),
                ngettext(
                    "this file and {count} other name college {old!r}, which no set rates: {others}",
                    "this file and {count} others name college {old!r}, which no set rates: {others}",
                    len(naming) - 1,
                ).format(count=len(naming) - 1, old=old, others=listed(naming[1:], SHOWN, separator=", ")),
                _("see [set] college in {path}: its set rates {new!r}").format(path=rules.path, new=new),
                severity="warning",
                leaves_out=tuple(left_out.get(old, ())),
            )
        )
    return found, covered


def unsupported_answers(
    places: Iterable[Place], docs: Sequence[Document], catalogue: Catalogue, registry: Registry
) -> list[Problem]:
    """A warning for each answer whose evidence is written but not enough for its criterion (a
    justification under 5 characters, a url that is no web address): valid, but `score` marks
    it unsupported and it earns nothing. An answer with no evidence at all is left to `score`
    and `report`: not yet justified, by choice or for now, it is no slip of the file."""
    line_of = {d.path: d.locator for d in docs}
    found: list[Problem] = []
    for place in places:
        for criterion_id, answer in place.answers.items():
            criterion = catalogue.criteria.get(criterion_id)
            kind = registry.kinds.get(criterion.kind) if criterion is not None else None
            if criterion is None or kind is None or criterion.status != "active":
                continue
            if not (answer.justification.strip() or answer.url.strip()):
                continue  # nothing written: not justified yet, which score says
            if _plainly_justified(criterion, answer):
                continue  # the usual answer, told without the engine (`check` rates nothing)
            from .engine import evidence_asked, outcome_of  # only for an answer in doubt

            if outcome_of(criterion, kind, place).outcome != "unsupported":
                continue
            asked = evidence_asked(criterion, kind, answer)
            locator = line_of.get(place.path)
            answers_line = locator.table("answers") if locator else None
            line = (locator.key(criterion_id, answers_line) if locator else None) or answers_line
            found.append(
                Problem(
                    place.path,
                    where(line, f"[answers] {criterion_id}"),
                    (
                        _("{unsupported}: this n/a counts as a failed answer until it is justified ({asked})")
                        if answer.na
                        else _("{unsupported}: this answer earns nothing until it is justified ({asked})")
                    ).format(unsupported=_("unsupported"), asked=_evidence_words(asked)),
                    _('add url = "https://…" to the answer: { value = …, url = "…" }')
                    if "url" in asked
                    else _('write a sentence in its justification: { value = …, justification = "…" }'),
                    severity="warning",
                )
            )
    return found


def _plainly_justified(criterion: Criterion, answer: Answer) -> bool:
    """An answer that asks for no evidence, or for a justification that it plainly gives (five
    letters or more, in ASCII: no invisible character to discount)."""
    if answer.na:
        return criterion.na_evidence == "none"
    if criterion.option_evidence:
        return False
    if criterion.evidence == "none":
        return True
    text = answer.justification
    return criterion.evidence == "justification" and text.isascii() and sum(map(len, text.split())) >= 5


def _evidence_words(asked: Sequence[str]) -> str:
    if "url" in asked:
        return _("the criterion asks for a web address, in url or in the justification")
    return _("the criterion asks for a justification of at least 5 characters")


def place_key_lines(docs: Sequence[Document]) -> Callable[[str, str], int | None]:
    """The line of a `[place]` key in the file at a path, among `docs` (mapped by path on first
    use: most commands never need a line)."""
    by_path: dict[str, Document] = {}

    def line(path: str, key: str) -> int | None:
        if not by_path:
            by_path.update((d.path, d) for d in docs)
        return by_path[path].locator.key_in("place", key)

    return line


def unrated_colleges(counts: Mapping[str, int], catalogue: Catalogue) -> list[Problem]:
    """One warning for each college whose set is left out, at that set's `college` line, with the
    number of place files that name it (`counts`)."""
    found = []
    for college, count in sorted(counts.items()):
        path, line = catalogue.unrated[college]
        plugin = catalogue.unreadable.get(college)
        message = (
            ngettext(
                "{count} place file names college {college!r}: it is not rated for it "
                "while this file is unreadable, and the set supplied by {plugin} is not used in its place",
                "{count} place files name college {college!r}: they are not rated for it "
                "while this file is unreadable, and the set supplied by {plugin} is not used in its place",
                count,
            )
            if plugin
            else ngettext(
                "{count} place file names college {college!r}: it is not rated for it "
                "while this file is unreadable",
                "{count} place files name college {college!r}: they are not rated for it "
                "while this file is unreadable",
                count,
            )
            if plugin is not None
            else ngettext(
                "{count} place file names college {college!r}: it is not rated for it "
                "while this set has errors",
                "{count} place files name college {college!r}: they are not rated for it "
                "while this set has errors",
                count,
            )
        )
        found.append(
            Problem(
                path,
                where(line, "[set] college"),
                message.format(count=count, college=college, plugin=plugin),
                _("fix the errors above; the place files need no change"),
                severity="warning",
            )
        )
    return found


def duplicate_ids(
    files: Sequence[tuple[str, str]], id_line: Callable[[str], int | None] = lambda path: None
) -> list[Problem]:
    """One problem for each file whose place id another file also uses, naming the other,
    at the line `id_line(path)` gives (asked only then).

    Neither file is rated: which of the two is the place cannot be told.
    """
    paths: dict[str, list[str]] = {}
    for path, place_id in files:
        paths.setdefault(place_id, []).append(path)
    return [
        Problem(
            path,
            where(id_line(path), "[place] id"),
            _("place id {id!r} is also used by {path}").format(
                id=place_id, path=listed((p for p in paths[place_id] if p != path), SHOWN, separator=", ")
            ),
            _("give each place its own id"),
        )
        for path, place_id in files
        if len(paths[place_id]) > 1
    ]
