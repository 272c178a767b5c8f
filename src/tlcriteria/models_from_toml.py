"""TOML documents → model objects, with every problem located.

`load_set` and `load_place` check a file on its own; answers are checked
against the catalogue by `check_answers`, once every set is known.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from functools import partial
from typing import Any

from .documents import Document, Locator, where
from .errors import Problem, closest, did_you_mean, known_names
from .fields import (
    EMAIL_ADDRESS,
    Field,
    KeyReporter,
    Reporter,
    describe,
    merge_fields,
    not_finite,
    validate_table,
)
from .file_keys import (
    ANSWER_FIELDS,
    CONTACT_FIELDS,
    CRITERION_FIELDS,
    CRITERION_TEXTS,
    GRADE_BASE_FIELDS,
    PLACE_FIELDS,
    PLACE_TOP_LEVEL,
    REQUIREMENT_FIELDS,
    RESTATE_FIELDS,
    REVIEW_RULE_FIELDS,
    SET_FIELDS,
    SET_TOP_LEVEL,
    SHORT_TEXT_MAX,
    THEME_FIELDS,
)
from .frozen import Deferred, FrozenDict, FrozenList
from .i18n import _, listed
from .interfaces import AnswerKind, RatingScheme
from .mistakes import OPTIONS, check_raised, config_of, held, held_problem
from .model import (
    DEFAULT_SCHEME,
    EVIDENCE,
    Answer,
    CriteriaSet,
    Criterion,
    Grade,
    JsonValue,
    Place,
    Requirement,
    Restatement,
    ReviewRules,
    TomlValue,
)
from .plausible import place_text_problems, text_problem


class Problems:
    """Collects the problems of one document, each pointed at a line when possible."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.items: list[Problem] = []

    def add(self, context: str, message: str, hint: str = "", line: int | None = None) -> None:
        self.items.append(Problem(self.doc.path, where(line, context), message, hint))

    def in_table(self, context: str, table_line: int | None, separator: str = ", ") -> Reporter:
        """A reporter for the keys of one table, which starts at `table_line`."""
        return self.in_table_found(context, lambda: table_line, separator)

    def in_header(self, header: str, separator: str = ", ") -> Reporter:
        """`in_table` for the table `[header]`, whose line is looked for only when a problem is
        reported (finding header lines scans the text: most place files have no problem)."""
        return self.in_table_found(f"[{header}]", lambda: self.doc.locator.table(header), separator)

    def in_table_found(
        self, context: str, table_line: Callable[[], int | None], separator: str = ", "
    ) -> Reporter:
        """`in_table`, the table's line given by `table_line()` when a problem is reported."""

        def report(key: str, message: str, hint: str, at: tuple[int | str, ...] = ()) -> None:
            start = table_line()
            locator = self.doc.locator
            line = (locator.within(key, start, at) if at else locator.key(key, start)) or start
            self.add(f"{context}{separator}{key}" if key else context, message, hint, line)

        return report

    def in_array_table(
        self, name: str, index: int, table: Mapping[str, Any], label_key: str
    ) -> tuple[int | None, Reporter]:
        """Where table #index of [[name]] (or of `name = [{…}]`) starts, and a reporter that
        names it by its `label_key`."""
        line = self.doc.locator.item(name, index)
        label = f"[[{name}]] #{index + 1}"
        if isinstance(table.get(label_key), str):
            label += f' "{table[label_key]}"'
        return line, self.in_table(label, line)

    def top_level(self, allowed: tuple[str, ...], kind: str) -> None:
        for key, value in self.doc.data.items():
            if key not in allowed:
                line = self.doc.locator.table(key)
                message = {
                    "criteria set": _("unknown table {key!r} in a criteria set"),
                    "network file": _("unknown table {key!r} in a network file"),
                }.get(kind, _("unknown table {key!r} in a place file")).format(key=key)
                self.add(f"[{key}]", message, did_you_mean(key, allowed), line)
            elif key in ("set", "place", "contact", "answers", "network") and not isinstance(value, dict):
                self.add(
                    key,
                    _("{key!r} must be a table, found {found}").format(key=key, found=describe(value)),
                    _("write [{key}] on its own line").format(key=key),
                )


def _fraction(value: int | Decimal) -> Fraction:
    return Fraction(value)


def canonical(value: object) -> JsonValue:
    """A JSON-ready, order-independent form of validated TOML values (for digests).

    Read-only already (a set keeps it: `CriteriaSet.canonical`), so the model
    need not walk it again to freeze it.
    """
    if value is None or isinstance(value, str | bool):  # most values: tested first
        return value
    if type(value) is int:
        return str(value)  # as str(Fraction(value)) says it
    if isinstance(value, dict):
        return FrozenDict({k: canonical(v) for k, v in sorted(value.items())})
    if isinstance(value, list | tuple):
        return FrozenList([canonical(v) for v in value])
    if isinstance(value, int | Decimal | Fraction):
        return str(Fraction(value))  # 1, 1.0 and 1.00 are the same rule
    return str(value)


# --------------------------------------------------------------------------- sets


#: What loaded of a set file with errors (its criteria and grades without errors), and whether
#: no [[grades]] table has an error (the grades are then as written). Checks that do not depend
#: on those errors (the scheme's checks of its grades, its renames) still run on it, so that one
#: error does not hide another. A plain pair: nothing to build at start-up.
PartlyLoaded = tuple[CriteriaSet, bool]


def load_set(
    doc: Document, kinds: Mapping[str, AnswerKind], schemes: Mapping[str, RatingScheme]
) -> tuple[CriteriaSet | None, list[Problem], PartlyLoaded | None]:
    """Build a criteria set from a document, in one pass: the set, or None and its problems with
    what loaded of it (None when not even its id is valid)."""
    loaded, problems, grades_ok = _set_from(doc, kinds, schemes)
    if not problems:
        return loaded, [], None
    return None, problems, None if loaded is None else (loaded, grades_ok)


def _set_from(
    doc: Document, kinds: Mapping[str, AnswerKind], schemes: Mapping[str, RatingScheme]
) -> tuple[CriteriaSet | None, list[Problem], bool]:
    """The set as far as it loads, its problems, and whether its [[grades]] had none."""
    problems = Problems(doc)
    problems.top_level(SET_TOP_LEVEL, "criteria set")
    data = doc.data
    head = data.get("set")
    if not isinstance(head, dict):
        return None, problems.items, False
    set_line = doc.locator.table("set")
    written_scheme = head.get("scheme", DEFAULT_SCHEME)
    scheme = schemes.get(written_scheme) if isinstance(written_scheme, str) else None
    set_fields = merge_fields(SET_FIELDS, scheme.set_fields if scheme else ())
    meta = validate_table(head, set_fields, problems.in_table("[set]", set_line))
    scheme_name = meta.get("scheme", DEFAULT_SCHEME)
    if scheme is None:
        problems.in_table("[set]", set_line)(
            "scheme",
            _("unknown rating scheme {name!r}").format(name=scheme_name),
            known_names(scheme_name, schemes, "scheme"),
        )

    raw_criteria = data.get("criteria", [])
    criteria: list[Criterion] = []
    canonical_criteria: list[Any] = []
    if not isinstance(raw_criteria, list) or not all(isinstance(c, dict) for c in raw_criteria):
        problems.add(
            "criteria",
            _("criteria must be written as [[criteria]] tables"),
            _("start each with [[criteria]]"),
        )
        raw_criteria = []
    seen: dict[str, int] = {}
    for index, table in enumerate(raw_criteria):
        loaded = _load_criterion(table, index, meta.get("id", ""), kinds, problems)
        if loaded is None:
            continue
        criterion, values = loaded
        if criterion.id in seen:
            problems.add(
                f'[[criteria]] #{index + 1} "{criterion.id}"',
                _("criterion id {id!r} is already used by criterion #{number}").format(
                    id=criterion.id, number=seen[criterion.id]
                ),
                _("give each criterion its own id"),
                doc.locator.item("criteria", index),
            )
            continue
        seen[criterion.id] = index + 1
        criteria.append(criterion)
        canonical_criteria.append(canonical(values))

    before_grades = len(problems.items)
    grades, canonical_grades = _load_grades(data.get("grades", []), scheme, problems)
    grades_ok = len(problems.items) == before_grades
    review = meta.get("review")
    review_rules = None
    if isinstance(review, dict):
        rules = validate_table(review, REVIEW_RULE_FIELDS, problems.in_table("[set.review]", set_line))
        review_rules = ReviewRules(rules.get("confirmations", 1), rules.get("disputed_keeps_credit", True))
    themes = _load_themes(meta.get("themes", {}), problems, doc.locator.table("set.themes") or set_line)
    requires = _load_requires(meta.get("requires", ()), problems.in_table("[set]", set_line))
    restated, canonical_restated = _load_restated(data.get("restate", []), problems)

    if problems.items and not isinstance(meta.get("id"), str):
        return None, problems.items, grades_ok
    canonical_set = {"set": canonical({k: v for k, v in meta.items() if k != "extends"})}
    if restated:  # only when written: sets without it keep their digest
        canonical_set["restate"] = canonical_restated
    result = CriteriaSet(
        id=meta["id"],
        title=meta.get("title", ""),  # given unless the set has errors (then only partly loaded)
        version=meta.get("version", ""),
        criteria=tuple(criteria),
        grades=tuple(grades),
        college=meta.get("college"),
        extends=tuple(meta.get("extends", ())),
        scheme=scheme_name,
        description=meta.get("description", ""),
        path=doc.path,
        origin=doc.origin,
        line=set_line,
        lines=Deferred(partial(_key_lines, doc.locator, tuple(head), set_line)),
        valid_for_months=meta.get("valid_for_months"),
        review=review_rules,
        na=meta.get("na", "exclude"),
        inherit=meta.get("inherit", "all"),
        requires=requires,
        restated=restated,
        scheme_keys={f.name: meta[f.name] for f in (scheme.set_fields if scheme else ()) if f.name in meta},
        texts={k: meta[k] for k in ("title_en", "description_en") if k in meta},
        themes=themes,
        canonical={**canonical_set, "criteria": canonical_criteria, "grades": canonical_grades},
    )
    return result, problems.items, grades_ok


def _key_lines(locator: Locator, keys: Iterable[str], table_line: int | None) -> dict[str, int]:
    """The line of each of `keys` in the table at `table_line` (asked only for a problem: see Deferred)."""
    return {k: n for k in keys if (n := locator.key(k, table_line)) is not None}


def _load_themes(
    raw: Mapping[str, object], problems: Problems, line: int | None
) -> dict[str, dict[str, str]]:
    """`[set.themes]`: each theme id with a table of its titles."""
    themes: dict[str, dict[str, str]] = {}
    for theme, table in raw.items():
        where = f"[set.themes] {theme}"
        if not isinstance(table, dict):
            problems.in_table("[set.themes]", line)(
                theme,
                _("a theme is {found}, not a table").format(found=describe(table)),
                _('write {theme} = {{ title = "…", title_en = "…" }}').format(theme=theme),
            )
            continue
        titles = validate_table(table, THEME_FIELDS, _theme_reporter(problems, where, theme, line))
        if "title" in titles:
            themes[theme] = {k: str(v) for k, v in titles.items()}
    return themes


def _theme_reporter(problems: Problems, where: str, theme: str, line: int | None) -> Reporter:
    """Reports at the line of `theme = {…}`, looked up only when there is something to report."""
    return problems.in_table_found(where, lambda: problems.doc.locator.key(theme, line) or line)


def _collect(into: list[tuple[str, str, str]]) -> KeyReporter:
    """A reporter that keeps (key, message, hint) for the caller to word them."""

    def report(key: str, message: str, hint: str) -> None:
        into.append((key, message, hint))

    return report


def _load_requires(raw: Iterable[Mapping[str, Any]], report: Reporter) -> tuple[Requirement, ...]:
    """`[set] requires`: grades of other sets; which sets exist is checked by the catalogue."""
    found: list[Requirement] = []
    for number, table in enumerate(raw, 1):
        errors: list[tuple[str, str, str]] = []
        values = validate_table(table, REQUIREMENT_FIELDS, _collect(errors))
        for key, message, hint in errors:
            problem = f"{key}: {message}"
            report("requires", _("element {number}: {problem}").format(number=number, problem=problem), hint)
        if not errors:
            found.append(Requirement(values["set"], values["grade"]))
    return tuple(found)


def _model_keys(values: Mapping[str, Any]) -> dict[str, Any]:
    """The criterion keys of a `[[restate]]` table, as Criterion attributes."""
    changes: dict[str, Any] = {}
    for key in ("level", "evidence", "na_evidence", "accept_unmet"):
        if key in values:
            changes[key] = values[key]
    if "weight" in values:
        changes["weight"] = _fraction(values["weight"])
    if "pass" in values:
        changes["pass_"] = _fraction(values["pass"])
    if "option_evidence" in values:
        changes["option_evidence"] = dict(values["option_evidence"])
    return changes


def _load_restated(raw: object, problems: Problems) -> tuple[tuple[Restatement, ...], list[JsonValue]]:
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        problems.add(
            "restate", _("restate must be written as [[restate]] tables"), _("start each with [[restate]]")
        )
        return (), []
    found: list[Restatement] = []
    canonical_found: list[JsonValue] = []
    seen: set[str] = set()
    for index, table in enumerate(raw):
        line, report = problems.in_array_table("restate", index, table, "id")
        before = len(problems.items)
        values = validate_table(table, RESTATE_FIELDS, report)
        if "option_evidence" in values:
            _check_evidence_table(values["option_evidence"], None, report)
        if len(problems.items) > before:
            continue
        if values["id"] in seen:
            report("id", _("criterion {id!r} is restated twice").format(id=values["id"]), _("keep one"))
            continue
        seen.add(values["id"])
        found.append(Restatement(values["id"], _model_keys(values), line))
        canonical_found.append(canonical(values))
    return tuple(found), canonical_found


def _check_evidence_table(table: Mapping[str, Any], option_ids: list[str] | None, report: Reporter) -> None:
    """`option_evidence`: option ids (when known) mapped to an evidence of SPEC §4."""
    for option_id, evidence in table.items():
        if option_ids is not None and option_id not in option_ids:
            report(
                "option_evidence",
                _("{id!r} is not an option of this criterion").format(id=option_id),
                _("expected one of: {names}").format(names=", ".join(repr(o) for o in option_ids)),
            )
        elif evidence not in EVIDENCE:
            report(
                "option_evidence",
                _("{id}: {value!r} is not allowed").format(id=option_id, value=evidence),
                _("expected one of: {names}").format(names=", ".join(repr(e) for e in EVIDENCE)),
            )


def check_model_keys(
    values: Mapping[str, Any],
    kind: AnswerKind,
    config: object,
    na_allowed: bool,
    report: Reporter,
    criterion: str,
) -> None:
    """The rating-model keys that make no sense for criterion `criterion` (SPEC §9)."""
    if "option_evidence" in values:
        option_ids = [o.id for o in held(kind.options, criterion, OPTIONS)(config)]
        if not option_ids:
            report(
                "option_evidence",
                _("answer kind {kind!r} has no options, so option_evidence does not apply").format(
                    kind=kind.name
                ),
                _("remove option_evidence, or use evidence"),
            )
        else:
            _check_evidence_table(values["option_evidence"], option_ids, report)
    if values.get("na_evidence", "none") != "none" and not na_allowed:
        report(
            "na_evidence",
            _("na_evidence applies only where na_allowed = true"),
            _("add na_allowed = true, or remove na_evidence"),
        )


def _load_criterion(
    table: dict[str, Any],
    index: int,
    set_id: str,
    kinds: Mapping[str, AnswerKind],
    problems: Problems,
) -> tuple[Criterion, dict[str, Any]] | None:
    line, report = problems.in_array_table("criteria", index, table, "id")
    before = len(problems.items)

    kind_name = table.get("kind")
    kind = kinds.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        # Check the common keys only: the unknown kind's own keys cannot be judged. A key no
        # kind declares that is a near miss of a common one (`titel`) is judged with them, so
        # that the typo is named along with the kind, not taken for a missing `title`.
        known = {f.name for f in CRITERION_FIELDS}
        kind_keys = {f.name for k in kinds.values() for f in k.fields}
        common = {k: v for k, v in table.items() if k in known or (k not in kind_keys and closest(k, known))}
        values = validate_table(common, CRITERION_FIELDS, report)
        if isinstance(kind_name, str):
            report(
                "kind",
                _("unknown answer kind {name!r}").format(name=kind_name),
                known_names(kind_name, kinds, "kind"),
            )
        return None
    fields = merge_fields(CRITERION_FIELDS, kind.fields)
    values = validate_table(table, fields, report)
    kind_keys = {f.name for f in kind.fields}
    # validate_table leaves refused keys out: a plugin's parse_config may read values[key]
    # (the key is given or has a default), so it is not called on what it cannot read.
    refused = any(f.name not in values and (f.name in table or f.required) for f in kind.fields)
    config = (
        None
        if refused
        else config_of(kind, {k: v for k, v in values.items() if k in kind_keys}, report, table.get("id"))
    )
    if len(problems.items) == before:
        check_model_keys(values, kind, config, values["na_allowed"], report, str(table.get("id")))
    if len(problems.items) > before:
        return None
    criterion = Criterion(
        id=values["id"],
        set_id=set_id,
        title=values["title"],
        question=values["question"],
        kind=kind.name,
        config=config,
        help=values.get("help", ""),
        theme=values.get("theme"),
        level=values["level"],
        weight=_fraction(values["weight"]),
        na_allowed=values["na_allowed"],
        evidence=values["evidence"],
        pass_=_fraction(values["pass"]),
        status=values["status"],
        texts={k: values[k] for k in CRITERION_TEXTS if k in values},
        replaces=tuple(values.get("replaces", ())),
        line=line,
        option_evidence=dict(values.get("option_evidence", {})),
        na_evidence=values.get("na_evidence", "none"),
        accept_unmet=values.get("accept_unmet", "never"),
    )
    return criterion, values


def grade_fields(scheme: RatingScheme | None) -> tuple[Field, ...]:
    return merge_fields(GRADE_BASE_FIELDS, scheme.grade_fields if scheme else ())


def _load_grades(
    raw: object, scheme: RatingScheme | None, problems: Problems
) -> tuple[list[Grade], list[JsonValue]]:
    if not isinstance(raw, list) or not all(isinstance(g, dict) for g in raw):
        problems.add(
            "grades", _("grades must be written as [[grades]] tables"), _("start each with [[grades]]")
        )
        return [], []
    if scheme is None:
        return [], []  # the unknown scheme is the problem; its grades' keys cannot be judged
    fields = grade_fields(scheme)
    grades: list[Grade] = []
    canonical_grades: list[JsonValue] = []
    seen: set[str] = set()
    for index, table in enumerate(raw):
        line, report = problems.in_array_table("grades", index, table, "grade")
        values = validate_table(table, fields, report)
        if "grade" not in values:
            continue
        if values["grade"] in seen:
            report(
                "grade",
                _("grade {grade!r} is defined twice").format(grade=values["grade"]),
                _("give each grade its own name"),
            )
            continue
        seen.add(values["grade"])
        grades.append(
            Grade(
                grade=values["grade"],
                label=values.get("label", ""),
                description=values.get("description", ""),
                min_percent=_fraction(values["min_percent"]) if "min_percent" in values else None,
                require=values.get("require", "none"),
                min_theme_percent=(
                    _fraction(values["min_theme_percent"]) if "min_theme_percent" in values else None
                ),
                texts={k: values[k] for k in ("label_en", "description_en") if k in values},
                line=line,
                keys={f.name: values[f.name] for f in scheme.grade_fields if f.name in values},
            )
        )
        canonical_grades.append(canonical(values))
    return grades, canonical_grades


# --------------------------------------------------------------------------- places


def load_place(
    doc: Document, colleges: Iterable[str] | None = None, criteria: Container[str] = ()
) -> tuple[Place | None, list[Problem]]:
    """Build a place from a document (answers not yet checked against criteria).

    `colleges`, the colleges the criteria sets rate, are named to a file that names none;
    `criteria`, the ids of the criteria, are said to go in `[answers]` when written in `[place]`.
    """
    problems = Problems(doc)
    problems.top_level(PLACE_TOP_LEVEL, "place file")
    data = doc.data
    head = data.get("place")
    if not isinstance(head, dict):
        return None, problems.items
    report = _answers_said(problems.in_header("place"), criteria) if criteria else problems.in_header("place")
    values = place_values(head, _no_college_said(report, head, colleges))
    contact = data.get("contact")
    if isinstance(contact, dict):
        contact_values(contact, problems.in_header("contact"))

    assessed = values.get("assessed")
    if assessed is not None:
        from .freshness import assessed_problem

        problem = assessed_problem(assessed)
        if problem is not None:
            report("assessed", *problem)
    answers = _load_answers(data.get("answers", {}), problems)
    if problems.items:
        return None, problems.items
    place = Place(
        id=values["id"],
        name=values["name"],
        town=values["town"],
        stage=values["stage"],
        colleges=tuple(values["colleges"]),
        answers=answers,
        address=values.get("address", ""),
        lat=float(values["lat"]) if "lat" in values else None,
        lon=float(values["lon"]) if "lon" in values else None,
        website=values.get("website", ""),
        path=doc.path,
        description=values.get("description", ""),
        publics=tuple(p.strip() for p in values.get("publics", ())),
        services=tuple(s.strip() for s in values.get("services", ())),
        opening_hours=values.get("opening_hours", ""),
        assessed=assessed,
    )
    return place, []


def place_values(head: Mapping[str, Any], report: Reporter) -> dict[str, Any]:
    """The `[place]` table's values, each problem reported at its key: the one rule of `check`
    and of the questionnaire, which asks again what it refuses."""
    values = validate_table(head, PLACE_FIELDS, report)
    if ("lat" in head) != ("lon" in head):
        report(
            "lat" if "lat" in head else "lon",
            _("lat and lon go together"),
            _("give both coordinates or neither"),
        )
    for key, number, (message, hint) in place_text_problems(values):
        if number:  # an entry of a list
            message = _("element {number}: {problem}").format(number=number, problem=message)
        report(key, message, hint)
    for key in ("publics", "services"):
        for entry in values.get(key, ()):
            if len(entry.strip()) > SHORT_TEXT_MAX:
                report(
                    key,
                    _("{value!r} is too long for an entry of {key}").format(value=entry[:40] + "…", key=key),
                    _("keep each entry under {count} characters; say more in description").format(
                        count=SHORT_TEXT_MAX
                    ),
                )
    return values


def contact_values(contact: Mapping[str, Any], report: Reporter) -> dict[str, Any]:
    """The `[contact]` table's values, each problem reported at its key (as `place_values`)."""
    values = validate_table(contact, CONTACT_FIELDS, report)
    for key, text in values.items():
        if problem := text_problem(text):
            report(key, *problem)
    email = values.get("email")
    if email is not None and not EMAIL_ADDRESS.match(email):
        report(
            "email",
            _("{value!r} is not an email address").format(value=email),
            _("write it as name@example.org"),
        )
    return values


def _no_college_said(report: Reporter, head: Mapping[str, Any], colleges: Iterable[str] | None) -> Reporter:
    """`report`, saying `colleges = []` as a place in no college, with the colleges to choose from."""
    if head.get("colleges") != []:
        return report

    def said(key: str, message: str, hint: str, /, *, at: tuple[int | str, ...] = ()) -> None:
        if key == "colleges":
            names = sorted(colleges or ())
            message = _("names no college, so the place is rated in none")
            if names:
                hint = _(
                    "write the colleges it belongs to, among those the criteria sets rate: {names}"
                ).format(names=listed(names, separator=", "))
            elif colleges is None:  # the caller knows no criteria set
                hint = _('write the colleges it belongs to, e.g. colleges = ["coworking"]')
            else:
                hint = _(
                    "no set with a college is loaded; give the folder of its criteria set with --criteria DIR"
                )
        report(key, message, hint, at=at)

    return said


def _answers_said(report: Reporter, criteria: Container[str]) -> Reporter:
    """`report`, saying that an answer written in `[place]` (its key a criterion's id) goes in
    `[answers]`, rather than listing the keys of `[place]`. Judged only when a key is reported:
    most files have nothing to report."""

    def said(key: str, message: str, hint: str, /, *, at: tuple[int | str, ...] = ()) -> None:
        if key in criteria and key not in PLACE_KEYS:
            hint = _("{key!r} is a criterion: its answer goes in [answers], below [place]").format(key=key)
        report(key, message, hint, at=at)

    return said


PLACE_KEYS = frozenset(f.name for f in PLACE_FIELDS)

_SHORT_FORM = (bool, int, Decimal, str, list)


def answers_in(doc: Document) -> dict[str, Answer]:
    """The well-formed answers of a place file, even when the rest of it has problems.

    So that `check` reports every problem of a place at once: the answers are
    checked against the criteria although `[place]` itself is wrong.
    """
    return _load_answers(doc.data.get("answers", {}), Problems(doc))


def _load_answers(raw: object, problems: Problems) -> dict[str, Answer]:
    if not isinstance(raw, dict):
        return {}
    answers: dict[str, Answer] = {}
    # "[answers] id", as check_answers says it: one answer, one way of naming it.
    report = problems.in_header("answers", separator=" ")
    for key, value in raw.items():
        answer, wrong = read_answer(value)
        for message, hint in wrong:
            report(key, message, hint)
        if not wrong:
            answers[key] = answer
    return answers


def read_answer(raw: TomlValue) -> tuple[Answer, list[tuple[str, str]]]:
    """One answer as written under `[answers]` (a value, or `{ value = …, na, justification, url }`),
    and what is wrong with how it is written: (message, hint) pairs, none when it is well formed.

    The one reading of an answer: the loader refuses an answer with problems;
    the questionnaire reads it all the same (and asks it again), and so does diff.
    """
    if isinstance(raw, Mapping):
        return _long_answer(raw)
    answer = Answer(raw)
    if isinstance(raw, Decimal) and not raw.is_finite():
        return answer, [not_finite(raw)]
    if isinstance(raw, _SHORT_FORM):
        return answer, []
    return answer, [
        (_("an answer cannot be {found}").format(found=describe(raw)), _("write the value, or { value = … }"))
    ]


def _long_answer(table: Mapping[str, TomlValue]) -> tuple[Answer, list[tuple[str, str]]]:
    errors: list[tuple[str, str]] = []
    validate_table(table, ANSWER_FIELDS, lambda k, m, h: errors.append((f"{k}: {m}", h)))
    value = table.get("value")
    if isinstance(value, Decimal) and not value.is_finite():
        message, hint = not_finite(value)
        errors.append((f"value: {message}", hint))
    na = table.get("na") is True
    if na and "value" in table:
        errors.append((_("gives both a value and na = true"), _("keep one of them")))
    if not na and "value" not in table and not _value_said_otherwise(table):
        errors.append((_("has no value"), _('write { value = … } or { na = true, justification = "…" }')))
    justification, url = table.get("justification"), table.get("url")
    justification = justification if isinstance(justification, str) else ""
    if justification and (problem := text_problem(justification)):
        errors.append((f"justification: {problem[0]}", problem[1]))
    answer = Answer(value, na, justification, url if isinstance(url, str) else "")
    return answer, errors


def _value_said_otherwise(table: Mapping[str, TomlValue]) -> bool:
    """Whether an answer without a value is already told so: `na` written wrongly (`na = "true"`),
    or `value` misspelt (`valeur`, `vaule`): one mistake, one problem."""
    if "na" in table and not isinstance(table["na"], bool):
        return True
    names = [f.name for f in ANSWER_FIELDS]
    return any("value" in closest(key, names) for key in table if key not in names)


def answer_problem(
    criterion: Criterion, answer: Answer, kinds: Mapping[str, AnswerKind]
) -> tuple[str, str] | None:
    """What is wrong with this answer to this criterion (message, hint), or None.

    n/a where the criterion allows it, or a value its kind accepts: the one
    test of an answer, for the loader, the questionnaire and diff.
    """
    if answer.na:
        if criterion.na_allowed:
            return None
        return _("this criterion cannot be answered n/a (na = true)"), _(
            "give an answer; the criteria set does not allow na here"
        )
    kind = kinds[criterion.kind]
    try:
        problem = kind.check_value(criterion.config, answer.value)
    except Exception as exc:  # a plugin kind's bug: named, not a traceback
        raise check_raised(kind, criterion, answer.value, exc) from exc
    return None if problem is None else held_problem(kind, criterion, answer.value, problem)
