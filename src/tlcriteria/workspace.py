"""What the commands load: the catalogue, the places, their problems.

The library entry points used by the CLI and by anyone scripting tlcriteria:
`load_catalogue`, `load_places`, `rate_places`. Nothing here prints.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from .catalogue import Catalogue, build_catalogue
from .documents import Document, read_document, toml_files, where
from .engine import rate
from .errors import Problem, did_you_mean
from .i18n import _, ngettext
from .interfaces import AnswerKind
from .loading import answers_in, load_place, load_set
from .model import Answer, CriteriaSet, Place, Rating
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


def plugin_set_documents(registry: Registry) -> tuple[list[Document], list[Problem]]:
    docs, problems = [], []
    for item in registry.set_files:
        display = plugin_set_display(item.plugin, item.resource)
        doc, found = read_document(item.resource, display, origin=item.plugin)
        problems.extend(found)
        if doc is not None:
            docs.append(doc)
    return docs, problems


def read_documents(paths: Iterable[str | Path]) -> tuple[list[Document], list[Problem]]:
    files, problems = toml_files(paths)
    docs = []
    for path in files:
        doc, found = read_document(path)
        problems.extend(found)
        if doc is not None:
            docs.append(doc)
    return docs, problems


def sets_from(docs: Iterable[Document], registry: Registry) -> tuple[list[CriteriaSet], list[Problem]]:
    sets, problems = [], []
    for doc in docs:
        loaded, found = load_set(doc, registry.kinds, registry.schemes)
        problems.extend(found)
        if loaded is not None:
            sets.append(loaded)
    return sets, problems


def declared_ids(docs: Iterable[Document], loaded: Iterable[CriteriaSet]) -> dict[str, list[str]]:
    """Set id → criterion ids, as written, of the set documents that did not load."""
    ok = {s.path for s in loaded}
    failed: dict[str, list[str]] = {}
    for doc in docs:
        head = doc.data.get("set")
        if doc.path in ok or not isinstance(head, dict) or not isinstance(head.get("id"), str):
            continue
        criteria = doc.data.get("criteria")
        tables = criteria if isinstance(criteria, list) else []
        failed[head["id"]] = [c["id"] for c in tables if isinstance(c, dict) and isinstance(c.get("id"), str)]
    return failed


_HEADER_LINE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$")
_ID_LINE = re.compile(r"""^\s*id\s*=\s*["']([a-z0-9]+(?:-[a-z0-9]+)*)["']""")


def salvaged_ids(paths: Iterable[str]) -> dict[str, list[str]]:
    """Set id → criterion ids of criteria set files that could not be parsed.

    A TOML syntax error in a set must not turn every place's answers to its
    criteria into "no criteria set defines …" lines: the ids are picked from
    the raw text (`id = "…"` under `[set]` and `[[criteria]]`) so that those
    answers are withheld, and sets extending it are told it has errors.
    """
    found: dict[str, list[str]] = {}
    for path in paths:
        try:
            text = Path(path).read_bytes().decode("utf-8", errors="replace")
        except OSError:
            continue
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
        if set_id:
            found[set_id] = criteria
    return found


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


def load_catalogue(
    registry: Registry,
    criteria_dirs: Sequence[str | Path] = (),
    extra_sets: Sequence[Document] = (),
    unreadable: Iterable[str] = (),
) -> tuple[Catalogue, list[Problem], list[Problem]]:
    """The plugins' sets, then the user's; returns (catalogue, user problems, plugin problems).

    In a source checkout a plugin reads `criteria/x.toml` itself; when the
    user also gives that very file (`--criteria criteria`, `check criteria`),
    the plugin's reading is dropped: the user's is used, with no notice.

    `unreadable`: paths of files that could not be parsed (their problems are
    reported by the caller); those that look like criteria sets are noted as failed.
    """
    user_docs, problems = read_documents(criteria_dirs) if criteria_dirs else ([], [])
    given = {_resolved(d.path) for d in (*user_docs, *extra_sets)} - {None}
    plugin_docs, plugin_problems = plugin_set_documents(
        attrs.evolve(
            registry,
            set_files=tuple(
                f
                for f in registry.set_files
                if not (isinstance(f.resource, Path) and _resolved(f.resource) in given)
            ),
        )
        if given
        else registry
    )
    plugin_sets, found = sets_from(plugin_docs, registry)
    plugin_problems += found
    failed = declared_ids(plugin_docs, plugin_sets)

    for doc in user_docs:
        if doc.kind != "set":
            problems.append(
                Problem(
                    doc.path,
                    "",
                    _("is not a criteria set"),
                    _("a --criteria folder holds files with a [set] table"),
                )
            )
    user_set_docs = [d for d in user_docs if d.kind == "set"] + list(extra_sets)
    user_sets, found = sets_from(user_set_docs, registry)
    problems += found
    failed.update(declared_ids(user_set_docs, user_sets))
    loaded_ids = {s.id for s in user_sets}
    unparsed = {p.path for p in problems} | set(unreadable)
    failed.update({k: v for k, v in salvaged_ids(sorted(unparsed)).items() if k not in loaded_ids})

    catalogue, found = build_catalogue(plugin_sets, user_sets, registry.kinds, registry.schemes, failed)
    for problem in found:
        (plugin_problems if problem.path.startswith("[plugin ") else problems).append(problem)
    withheld = _plugin_withheld(plugin_docs, catalogue)
    if withheld:
        catalogue = attrs.evolve(catalogue, plugin_withheld=withheld)
    return catalogue, problems, plugin_problems


def withheld_criteria(registry: Registry, catalogue: Catalogue) -> Mapping[str, str]:
    """Criterion ids of plugins' sets left out for their errors: id -> "set 'x' of plugin 'p'".

    An answer to one of them is not the place file's fault: it is a warning
    (the answer is not used), so that the other sets stay usable. Worked out
    by `load_catalogue` from the plugin files it read (each file is read once).
    """
    return catalogue.plugin_withheld


def _plugin_withheld(docs: Iterable[Document], catalogue: Catalogue) -> dict[str, str]:
    withheld: dict[str, str] = {}
    for doc in docs:
        table = doc.data.get("set")
        set_id = table.get("id") if isinstance(table, dict) else None
        if not isinstance(set_id, str) or set_id in catalogue.sets:
            continue
        criteria = doc.data.get("criteria")
        for c in criteria if isinstance(criteria, list) else ():
            if isinstance(c, dict) and isinstance(c.get("id"), str):
                withheld.setdefault(
                    c["id"], _("set {id!r} of plugin {plugin!r}").format(id=set_id, plugin=doc.origin)
                )
    return withheld


def check_answers(
    answers: Mapping[str, Answer],
    doc: Document,
    catalogue: Catalogue,
    registry: Registry,
    withheld: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Answers against the catalogue: known criterion, n/a allowed, value valid.

    Answers to criteria of `withheld` (plugin sets left out) are warnings;
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
        if criterion is None and withheld and criterion_id in withheld:
            unused.setdefault(withheld[criterion_id], []).append(written_id)
            continue
        if criterion is None and (criterion_id in catalogue.withheld or catalogue.missing):
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
        if answer.na:
            if not criterion.na_allowed:
                problems.append(
                    Problem(
                        doc.path,
                        context(written_id),
                        _("this criterion cannot be answered n/a (na = true)"),
                        _("give an answer; the criteria set does not allow na here"),
                    )
                )
            continue
        problem = kinds[criterion.kind].check_value(criterion.config, answer.value)
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


def check_place(
    doc: Document, catalogue: Catalogue, registry: Registry, withheld: Mapping[str, str] | None = None
) -> tuple[Place | None, list[Problem], list[Problem]]:
    """One place file against the catalogue: (the place if valid, errors, warnings).

    Every problem at once: the answers are checked even when `[place]` is wrong.
    """
    place, found = load_place(doc)
    if place is None:
        answers_problems = check_answers(answers_in(doc), doc, catalogue, registry, withheld)
        return None, found + [p for p in answers_problems if p.is_error], []
    found = check_answers(place.answers, doc, catalogue, registry, withheld)
    errors = [p for p in found if p.is_error]
    warnings = [p for p in found if not p.is_error]
    if errors:
        return None, errors, warnings
    if catalogue.renames:
        place = attrs.evolve(place, answers=current_answers(place.answers, catalogue, registry.kinds)[0])
    return place, [], warnings + unknown_colleges(place, catalogue)


def places_from(
    docs: Iterable[Document], catalogue: Catalogue, registry: Registry
) -> tuple[list[Place], list[Problem], list[Problem]]:
    """Places that are valid against the catalogue; (places, problems, warnings)."""
    valid: list[Place] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    withheld = withheld_criteria(registry, catalogue)
    for doc in docs:
        place, errors, found = check_place(doc, catalogue, registry, withheld)
        problems.extend(errors)
        warnings.extend(found)
        if place is not None:
            valid.append(place)
    twice = duplicate_ids([(p.path, p.id) for p in valid])
    problems.extend(twice)
    places = sorted((p for p in valid if p.path not in {d.path for d in twice}), key=lambda p: p.id)
    return places, problems, warnings


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
    catalogue, set_problems, plugin_problems = load_catalogue(registry, criteria_dirs)
    docs, problems = read_documents(place_paths)
    problems += [p for doc in docs if (p := not_a_place_file(doc)) is not None]
    places, found, warnings = places_from([d for d in docs if d.kind == "place"], catalogue, registry)
    problems += found
    return Loaded(
        catalogue,
        tuple(places),
        (*set_problems, *problems),
        tuple(plugin_problems),
        tuple(warnings),
        set_problems=tuple(set_problems),
        documents=tuple(docs),
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
