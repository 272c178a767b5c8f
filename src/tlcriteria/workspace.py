"""What the commands load: the catalogue, the places, their problems.

The library entry points used by the CLI and by anyone scripting tlcriteria:
`load_catalogue`, `load_places`, `rate_places`. Nothing here prints.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence, Set
from pathlib import Path

import attrs

from .catalogue import Catalogue, Declared, Withheld, build_catalogue
from .documents import Document, Reading, read_files, read_sources, where
from .engine import rate
from .errors import Problem, did_you_mean
from .fields import SLUG_PATTERN
from .i18n import _, ngettext
from .interfaces import AnswerKind
from .loading import answer_problem, answers_in, load_place, load_set
from .model import Answer, CriteriaSet, Place, Rating, ResolvedSet
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


@attrs.frozen
class LeftOut:
    """A place file that is not rated, with every problem that keeps it out (SPEC §8)."""

    path: str
    problems: tuple[Problem, ...]


@attrs.frozen
class Loaded:
    """The outcome of loading: what could be used, and every problem met."""

    catalogue: Catalogue
    places: tuple[Place, ...] = ()
    problems: tuple[Problem, ...] = ()  # errors in the user's files: sets and places
    plugin_problems: tuple[Problem, ...] = ()  # errors in plugins' sets: reported, not fatal
    warnings: tuple[Problem, ...] = ()
    #: The errors of the user's criteria sets (among `problems`): nothing can be rated against them.
    set_problems: tuple[Problem, ...] = ()
    #: The files read, for what looks at them once more without reading them again
    #: (signatures, peer reviews: tlcriteria.trust).
    documents: tuple[Document, ...] = attrs.field(default=(), eq=False, repr=False)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def left_out(self) -> tuple[LeftOut, ...]:
        """The place files left out (every error that is not the sets'), in the order met."""
        return left_out(p for p in self.problems if p not in self.set_problems)


def left_out(problems: Iterable[Problem]) -> tuple[LeftOut, ...]:
    """Errors grouped by file: each file named once, with its problems, in the order met.

    The step between loading and rating that any pipeline (score, publish, the
    worker pool) takes: valid places are rated, these are named and counted.
    """
    by_path: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.is_error:
            by_path.setdefault(problem.path, []).append(problem)
    return tuple(LeftOut(path, tuple(found)) for path, found in by_path.items())


def plugin_set_display(plugin: str, resource: object) -> str:
    """`[plugin NAME] FILE`: by its path under the current folder (a source checkout), else its name."""
    shown = str(getattr(resource, "name", resource))
    if isinstance(resource, Path):
        try:
            shown = str(resource.resolve().relative_to(Path.cwd().resolve()))
        except (ValueError, OSError):
            pass
    return f"[plugin {plugin}] {shown}"


def read_plugin_sets(registry: Registry) -> Reading:
    """The plugins' set files, each read and parsed once."""
    return read_sources(
        (item.resource, plugin_set_display(item.plugin, item.resource), item.plugin)
        for item in registry.set_files
    )


def sets_from(docs: Iterable[Document], registry: Registry) -> tuple[list[CriteriaSet], list[Problem]]:
    sets, problems = [], []
    for doc in docs:
        loaded, found = load_set(doc, registry.kinds, registry.schemes)
        problems.extend(found)
        if loaded is not None:
            sets.append(loaded)
    return sets, problems


def declared_set(doc: Document) -> Declared | None:
    """The set id and criterion ids a parsed set document writes, valid or not."""
    head = doc.data.get("set")
    if not isinstance(head, dict) or not isinstance(head.get("id"), str):
        return None
    criteria = doc.data.get("criteria")
    tables = criteria if isinstance(criteria, list) else []
    ids = tuple(c["id"] for c in tables if isinstance(c, dict) and isinstance(c.get("id"), str))
    return Declared(head["id"], ids, doc.origin)


_HEADER_LINE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$")
_ID_LINE = re.compile(r"""^\s*id\s*=\s*["'](""" + SLUG_PATTERN.strip("^$") + r""")["']""")


def declared_in_text(text: str, plugin: str = "") -> Declared | None:
    """The same, picked from the text of a file whose TOML is malformed.

    A TOML syntax error in a set must not turn every place's answers to its
    criteria into "no criteria set defines …" lines: the ids are picked from
    the raw text (`id = "…"` under `[set]` and `[[criteria]]`) so that those
    answers are withheld, and sets extending it are told it has errors.
    """
    table, set_id, criteria = "", None, []
    for line in text.splitlines():
        header = _HEADER_LINE.match(line)
        if header:
            table = header[1] + header[2]
            continue
        key = _ID_LINE.match(line)
        if key and table == "[set" and set_id is None:
            set_id = key[1]
        elif key and table == "[[criteria":
            criteria.append(key[1])
    return Declared(set_id, tuple(criteria), plugin) if set_id else None


def failed_sets(
    reading: Reading, loaded: Iterable[CriteriaSet], loaded_ids: Set[str] = frozenset()
) -> dict[str, Declared]:
    """Set id -> what it declares, of each set file read that did not load (errors, malformed TOML).

    A malformed file whose id a loaded set uses (an old copy beside the new one) is not counted.
    """
    ok = {s.path for s in loaded}
    failed: dict[str, Declared] = {}
    for doc in reading.documents:
        found = declared_set(doc) if doc.path not in ok else None
        if found is not None:
            failed[found.set_id] = found
    for unparsed in reading.unparsed:
        found = declared_in_text(unparsed.text, unparsed.origin)
        if found is not None and found.set_id not in loaded_ids:
            failed.setdefault(found.set_id, found)
    return failed


def not_a_rule_file(doc: Document) -> Problem:
    return Problem(
        doc.path,
        "",
        _("is neither a criteria set nor a place file"),
        _("a criteria set starts with a [set] table, a place file with a [place] table"),
    )


def _resolved(path: str | Path) -> Path | None:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return None


@attrs.frozen
class LoadedCatalogue:
    """The outcome of loading the criteria sets: the catalogue, and every problem met.

    Which criteria are withheld (their set was left out) and why is the
    catalogue's (`Catalogue.withheld`): what checks a place needs it there.
    """

    catalogue: Catalogue
    problems: tuple[Problem, ...] = ()  # errors in the user's sets
    plugin_problems: tuple[Problem, ...] = ()  # errors in plugins' sets: reported, not fatal

    @property
    def sets(self) -> Mapping[str, ResolvedSet]:
        return self.catalogue.sets

    @property
    def withheld(self) -> Mapping[str, Withheld]:
        return self.catalogue.withheld

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def load_catalogue(
    registry: Registry, criteria_dirs: Sequence[str | Path] = (), given: Reading | None = None
) -> LoadedCatalogue:
    """The plugins' sets, then the user's (`criteria_dirs`, and the sets among `given`).

    `given`: files the command already read (`check PATHS`); its set documents
    are the user's sets, and those of its files that are not TOML but look like
    criteria sets are noted as failed (their problems are the caller's to report).

    In a source checkout a plugin reads `criteria/x.toml` itself; when the
    user also gives that very file (`--criteria criteria`, `check criteria`),
    the plugin's reading is dropped: the user's is used, with no notice.
    """
    user = read_files(criteria_dirs) if criteria_dirs else Reading()
    problems = list(user.problems)
    for doc in user.documents:
        if doc.kind != "set":
            problems.append(
                Problem(
                    doc.path,
                    "",
                    _("is not a criteria set"),
                    _("a --criteria folder holds files with a [set] table"),
                )
            )
    if given is not None:
        user += Reading(tuple(d for d in given.documents if d.kind == "set"), (), given.unparsed)
    paths_given = {
        _resolved(p) for p in (*(d.path for d in user.documents), *(u.path for u in user.unparsed))
    }
    paths_given.discard(None)
    if paths_given:
        registry = attrs.evolve(
            registry,
            set_files=tuple(
                f
                for f in registry.set_files
                if not (isinstance(f.resource, Path) and _resolved(f.resource) in paths_given)
            ),
        )
    plugin = read_plugin_sets(registry)
    plugin_sets, found = sets_from(plugin.documents, registry)
    plugin_problems = [*plugin.problems, *found]
    user_sets, found = sets_from((d for d in user.documents if d.kind == "set"), registry)
    problems += found
    failed = failed_sets(plugin, plugin_sets)
    failed.update(failed_sets(user, user_sets, loaded_ids={s.id for s in user_sets}))

    catalogue, found = build_catalogue(plugin_sets, user_sets, registry.kinds, registry.schemes, failed)
    for problem in found:
        (plugin_problems if problem.path.startswith("[plugin ") else problems).append(problem)
    return LoadedCatalogue(catalogue, tuple(problems), tuple(plugin_problems))


def check_answers(
    answers: Mapping[str, Answer],
    doc: Document,
    catalogue: Catalogue,
    registry: Registry,
) -> list[Problem]:
    """Answers against the catalogue: known criterion, n/a allowed, value valid.

    Answers to criteria of plugin sets left out (`Catalogue.withheld`) are warnings;
    answers under a replaced id or to a retired criterion are notices (SPEC §8).
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
        withheld = catalogue.withheld.get(criterion_id) if criterion is None else None
        if withheld is not None and withheld.plugin:
            unused.setdefault(str(withheld), []).append(written_id)
            continue
        if criterion is None and (withheld is not None or catalogue.missing):
            continue  # its set has errors, or is missing: said once for each set that needs it
        if criterion is None:
            problems.append(
                Problem(
                    doc.path,
                    context(written_id),
                    _("no criteria set defines a criterion {id!r}").format(id=criterion_id),
                    _closest(criterion_id, catalogue.criteria)
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
                ).format(ids=", ".join(repr(i) for i in ids), set=label),
                _("see the plugin's problems above, or disable the plugin"),
                severity="warning",
            )
        )
    return problems


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
            value = kind.current_value(criterion.config, answer.value)
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


def _closest(word: str, choices: Iterable[str]) -> str:
    """'did you mean …?' for a near miss; a full list only when it is short."""
    choices = list(choices)
    hint = did_you_mean(word, choices)
    if difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6) or len(choices) <= 8:
        return hint
    return ""


def unknown_colleges(place: Place, catalogue: Catalogue) -> list[Problem]:
    colleges = catalogue.colleges
    return [
        Problem(
            place.path,
            "[place] colleges",
            _("no criteria set rates college {college!r}, so the place is not rated for it").format(
                college=college
            ),
            _("a criteria set has errors, see above; once fixed it may rate this college")
            if catalogue.withheld
            else did_you_mean(college, colleges)
            if colleges
            else _("no set with a college is loaded"),
            severity="warning",
        )
        for college in place.colleges
        if college not in colleges
    ]


def not_a_place_file(doc: Document) -> Problem | None:
    """Why a file given as a place is not one, or None."""
    if doc.kind in ("place", "network", "review"):  # a network file lives beside its places
        return None
    if doc.kind == "set":
        return Problem(doc.path, "", _("is not a place file"), _("a place file starts with a [place] table"))
    return not_a_rule_file(doc)


@attrs.frozen
class PlaceCheck:
    """One place file checked against the catalogue: the place when valid, its errors, its warnings."""

    place: Place | None
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


def check_place(doc: Document, catalogue: Catalogue, registry: Registry) -> PlaceCheck:
    """One place file against the catalogue. Every problem at once: the answers
    are checked even when `[place]` is wrong."""
    place, found = load_place(doc)
    if place is None:
        answers_problems = check_answers(answers_in(doc), doc, catalogue, registry)
        return PlaceCheck(None, (*found, *(p for p in answers_problems if p.is_error)))
    found = check_answers(place.answers, doc, catalogue, registry)
    errors = tuple(p for p in found if p.is_error)
    warnings = tuple(p for p in found if not p.is_error)
    if errors:
        return PlaceCheck(None, errors, warnings)
    if catalogue.renames:
        place = attrs.evolve(place, answers=current_answers(place.answers, catalogue, registry.kinds)[0])
    return PlaceCheck(place, (), (*warnings, *unknown_colleges(place, catalogue)))


@attrs.frozen
class PlacesChecked:
    """Place files checked against the catalogue: the valid places (by id), every error and warning."""

    places: tuple[Place, ...] = ()
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


def places_from(docs: Iterable[Document], catalogue: Catalogue, registry: Registry) -> PlacesChecked:
    """The places that are valid against the catalogue, and why the others are not."""
    valid: list[Place] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for doc in docs:
        checked = check_place(doc, catalogue, registry)
        problems.extend(checked.errors)
        warnings.extend(checked.warnings)
        if checked.place is not None:
            valid.append(checked.place)
    twice = duplicate_ids([(p.path, p.id) for p in valid])
    problems.extend(twice)
    places = sorted((p for p in valid if p.path not in {d.path for d in twice}), key=lambda p: p.id)
    return PlacesChecked(tuple(places), tuple(problems), tuple(warnings))


def duplicate_ids(files: Sequence[tuple[str, str]]) -> list[Problem]:
    """One problem for each file whose place id another file also uses, naming the other.

    Neither file is rated: which of the two is the place cannot be told.
    """
    paths: dict[str, list[str]] = {}
    for path, place_id in files:
        paths.setdefault(place_id, []).append(path)
    return [
        Problem(
            path,
            "[place] id",
            _("place id {id!r} is also used by {path}").format(
                id=place_id, path=", ".join(p for p in paths[place_id] if p != path)
            ),
            _("give each place its own id"),
        )
        for path, place_id in files
        if len(paths[place_id]) > 1
    ]


def load_places(
    registry: Registry, place_paths: Sequence[str | Path], criteria_dirs: Sequence[str | Path] = ()
) -> Loaded:
    """Load the catalogue and every place under `place_paths`."""
    sets = load_catalogue(registry, criteria_dirs)
    reading = read_files(place_paths)
    problems = [*reading.problems, *(p for d in reading.documents if (p := not_a_place_file(d)) is not None)]
    checked = places_from([d for d in reading.documents if d.kind == "place"], sets.catalogue, registry)
    return Loaded(
        sets.catalogue,
        checked.places,
        (*sets.problems, *problems, *checked.problems),
        sets.plugin_problems,
        checked.warnings,
        set_problems=sets.problems,
        documents=reading.documents,
    )


def rate_places(
    places: Iterable[Place], catalogue: Catalogue, registry: Registry, set_id: str | None = None
) -> list[Rating]:
    """Every place against each of its colleges' sets (or against `set_id`), in a stable order."""
    ratings = []
    memo: dict[object, object] = {}  # credits already computed (see engine.outcome_of)
    for place in places:
        if set_id is not None:
            targets = [catalogue.sets[set_id]]
        else:
            targets = [r for c in place.colleges if (r := catalogue.for_college(c)) is not None]
        for rules in targets:
            ratings.append(rate(place, rules, registry.kinds, registry.schemes[rules.scheme], memo))
    ratings.sort(key=lambda r: (r.place.id, r.rules.id))
    return ratings
