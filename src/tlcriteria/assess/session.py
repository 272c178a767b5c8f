"""The questionnaire as a pure state machine: typed lines in, text out, no terminal.

`Session.prompt()` gives the text of the current question and the label of
the input line; `Session.feed(line)` takes what was typed and returns the
messages to show. The place file's content (`PlaceFile.data`) is updated after
every accepted answer and `save` (a callable) is called at once, so the
caller never holds an answer that is not on disk.

Steps, in order: identity (name, id, town, stage, colleges, coordinates,
website, contact name and email), then every active criterion of the place's
colleges once (a criterion shared through `communs` once), grouped by theme in
set order, each followed by its evidence step when the criterion asks for
one and the answer earns credit. Criteria with status `future` are not asked:
they are listed once as "coming soon" before the first question.

Modes: a new file asks everything; resuming asks only required identity
fields that are missing and criteria without a valid answer (or without the
evidence they need); `review` walks through every step with the current
value as default (Enter keeps it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs

from .. import fields, weburl
from ..catalogue import Catalogue, theme_title
from ..engine import evidence_asked, has_evidence, strictest_evidence, visible_length
from ..errors import closest, did_you_mean
from ..fields import EMAIL_ADDRESS, SLUG, Reporter, misspellings
from ..file_keys import PLACE_FIELDS, SHORT_TEXT_MAX
from ..freshness import today
from ..i18n import _, current_language, localized, ngettext
from ..interfaces import FREE_TEXT, PICK_ONE, PICK_SEVERAL, AnswerKind, InvalidInput
from ..mistakes import OPTIONS, PICKS, TEXT, TEXTS, credit_of, held, value_problem
from ..model import Answer, Criterion, Evidence, Option, TomlValue, asked_criteria
from ..models_from_toml import answer_problem, read_answer
from ..network import Network, location_problem, swapped_problem
from ..plausible import place_text_problem, text_problem
from ..shown import coordinate
from ..vocabulary import Vocabulary, Word
from .neighbours import free_id
from .store import PlaceFile

SIGNED = re.compile(r"^-?\d+(?:[.,]\d+)?$")

SKIP = {"passer", "skip", "p", "s"}
BACK = {"retour", "back", "r", "b"}
QUIT = {"quitter", "quit", "q"}
HELP = {"?", "aide", "help"}
NA = {"n/a", "na", "sans objet", "so", "s/o", "not applicable"}
STAGE_NAMES = {
    "existing": ("existant", "existante", "existing"),
    "creating": ("en création", "création", "creation", "creating"),
    "project": ("en projet", "projet", "project"),
}


def slugify(text: str) -> str:
    return fields.slugify(text) or "mon-lieu"


def stage_label(stage: str) -> str:
    return {"existing": _("existing"), "creating": _("being created"), "project": _("project")}.get(
        stage, stage
    )


def colon() -> str:
    """What ends an input line's label: " : " in French, ": " in English."""
    return _(": ")


def _number(value: object) -> float | Decimal | None:
    """A coordinate as the file writes it, None when it is no number (`check` refuses it then)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return value if isinstance(value, float | Decimal) else Decimal(value)


class Invalid(Exception):
    """A typed value that is refused; the message says why, in plain words."""


def _check_web_address(text: str) -> None:
    """The rule `check` applies (weburl.py), with its reason and hint."""
    problem = weburl.problem(text)
    if problem is not None:
        message, hint = problem
        raise Invalid(f"{message} ({hint})")


@attrs.frozen
class Step:
    kind: str  # "name", "id", "town", "stage", "colleges", "coords", "website", "contact-name",
    #            "contact-email", "answer", "evidence"
    criterion: Criterion | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.criterion.id if self.criterion else "")


REQUIRED = ("name", "id", "town", "stage", "colleges")
#: The identity card (SPEC §10): public, optional, shown on the network's site.
CARD = ("description", "publics", "services", "opening_hours")
IDENTITY = (*REQUIRED, "coords", "website", *CARD, "contact-name", "contact-email")
#: The (table, key)s each identity step writes.
STEP_KEYS: Mapping[str, tuple[tuple[str, str], ...]] = {
    **{kind: (("place", kind),) for kind in (*REQUIRED, "website", *CARD)},
    "coords": (("place", "lat"), ("place", "lon")),
    "contact-name": (("contact", "name"),),
    "contact-email": (("contact", "email"),),
}
#: The step that writes each (table, key).
KEY_STEPS = {key: kind for kind, keys in STEP_KEYS.items() for key in keys}


@attrs.frozen
class Prompt:
    text: str  # shown above the input line (may be empty)
    label: str  # the input line's label
    #: How a terminal may ask it (`AnswerKind.picks`): a list, check boxes, or a line to type.
    picks: str = FREE_TEXT
    #: The options of the list or the check boxes, as (id, label), and the ids picked so far.
    options: tuple[tuple[str, str], ...] = ()
    chosen: tuple[str, ...] = ()
    #: Free text that may run over several lines (a justification).
    multiline: bool = False
    #: `text` for a terminal that shows the options as a list or check boxes (not as lines).
    list_text: str = ""


class Session:
    def __init__(
        self,
        store: PlaceFile,
        catalogue: Catalogue,
        kinds: Mapping[str, AnswerKind],
        *,
        save: Callable[[], list[str]] | None = None,
        review: bool = False,
        set_id: str | None = None,
        path_for_id: Callable[[str], tuple[Path | None, str | None]] | None = None,
        network: Network | None = None,
        ids_in_use: Callable[[], Mapping[str, str]] | None = None,
    ) -> None:
        self.store = store
        self.catalogue = catalogue
        self.kinds = kinds
        self.review = review
        self.new = not store.existed
        self.set_id = set_id
        self.save_fn = save or (lambda: [])
        self.path_for_id = path_for_id
        # The ids the other place files of the folder write (id → file), read at the first need.
        self.ids_in_use = ids_in_use
        self._ids: Mapping[str, str] | None = None
        self.network = network  # its area makes implausible coordinates stand out
        self.notes: list[str] = []  # said after an accepted value (e.g. coordinates outside the area)
        self.history: list[tuple[str, str]] = []
        self.finished = False
        self.quit = False
        self.announced_future = False
        self.said_french = False  # told once that some texts have no English
        self.cursor: tuple[str, str] | None = None
        self._take_renamed_answers()
        self._advance(-1)

    def _take_renamed_answers(self) -> None:
        """Answers under ids the criteria now replace (SPEC §8) are taken under today's ids.

        So the questionnaire does not ask again what was answered under an old
        id, and the next save writes today's ids, as `tlcriteria migrate` would.
        """
        raw = self.store.data.get("answers")
        if not isinstance(raw, dict) or not raw:
            return
        current: dict[str, Any] = {}
        for key, value in raw.items():
            new_id = self.catalogue.replaced.get(key, key)
            if new_id != key and new_id in raw:
                current[key] = value  # both ids answered: left as it is, for check to report
                continue
            criterion = self.catalogue.criteria.get(new_id)
            kind = self.kinds.get(criterion.kind) if criterion is not None else None
            if kind is not None and criterion is not None:
                if isinstance(value, dict) and "value" in value:
                    value = {
                        **value,
                        "value": held(kind.current_value, new_id)(criterion.config, value["value"]),
                    }
                elif not isinstance(value, dict):
                    value = held(kind.current_value, new_id)(criterion.config, value)
            current[new_id] = value
        if list(current.items()) != list(raw.items()):
            raw.clear()
            raw.update(current)

    # ------------------------------------------------------------------ content helpers

    @property
    def place(self) -> dict[str, Any]:
        return self.store.table("place")

    @property
    def answers(self) -> dict[str, Any]:
        return self.store.table("answers")

    def colleges(self) -> list[str]:
        value = self.store.data.get("place", {}).get("colleges")
        return [c for c in value if isinstance(c, str)] if isinstance(value, list) else []

    def set_college(self) -> str | None:
        """The college that `--set` rates (from the set itself), None without `--set` or for a set
        that rates no college: a place assessed with that set belongs to that college."""
        if self.set_id is None:
            return None
        return self.catalogue.sets[self.set_id].set.college or None

    def college_missing(self) -> bool:
        """The place is not (yet) in the college of the `--set` set: the colleges question says so."""
        college = self.set_college()
        return college is not None and college not in self.colleges()

    def _colleges_with_set_college(self) -> list[str]:
        """The place's colleges with the `--set` set's college added: what Enter keeps."""
        college = self.set_college()
        chosen = self.colleges()
        return [*chosen, college] if college is not None and college not in chosen else chosen

    def _set_college_refused(self, chosen: list[str]) -> str:
        """Why a choice of colleges without the `--set` set's college is refused, with what to type."""
        college = self.set_college()
        assert college is not None and self.set_id is not None
        names = sorted(self.catalogue.colleges)
        keep = [*chosen, college] if college not in chosen else chosen
        numbers = sorted(names.index(name) + 1 for name in keep if name in names)
        rules = self.catalogue.sets[self.set_id].set
        return _(
            "The set “{set}” (--set {id}) rates the places of the college {college} only: keep it among "
            "the colleges (e.g. {numbers}), or run the questionnaire without --set."
        ).format(
            set=localized(rules.texts, "title", rules.title),
            id=self.set_id,
            college=college,
            numbers=", ".join(str(n) for n in numbers),
        )

    def rule_sets(self) -> list[Any]:
        if self.set_id is not None:
            return [self.catalogue.sets[self.set_id]]
        found = []
        for college in self.colleges():
            rules = self.catalogue.for_college(college)
            if rules is not None and rules not in found:
                found.append(rules)
        return found

    def criteria(self, status: str = "active") -> list[Criterion]:
        """Criteria of the place's sets, each once, grouped by theme in order of first appearance."""
        seen: dict[str, Criterion] = {}
        for rules in self.rule_sets():
            for c in asked_criteria(rules, status):
                seen.setdefault(c.id, c)
        themes: list[str | None] = []
        for c in seen.values():
            if c.theme not in themes:
                themes.append(c.theme)
        return [c for theme in themes for c in seen.values() if c.theme == theme]

    def identity_complete(self) -> bool:
        """Every required identity field given, and none of them refused by `check`."""
        place = self.store.data.get("place", {})
        refused = self.identity_problems()
        return isinstance(place, dict) and all(
            self._identity_value(k) not in (None, "", []) and k not in refused for k in REQUIRED
        )

    def identity_problems(self) -> dict[str, tuple[str, str]]:
        """What `check` refuses in the file's identity, by step: (message, hint), the first of each.

        The loader's own rule (`models_from_toml.place_values`), and a college that no set of the
        catalogue rates (the place would have no questions and no grade for it).
        """
        from ..models_from_toml import contact_values, place_values

        found: dict[str, tuple[str, str]] = {}

        def reporter(table: str) -> Reporter:
            def report(key: str, message: str, hint: str, /, *, at: tuple[int | str, ...] = ()) -> None:
                step = KEY_STEPS.get((table, key))
                if step is not None and (table, key) in self._written_keys():
                    found.setdefault(step, (message, hint))

            return report

        place = self.store.data.get("place")
        if isinstance(place, dict):
            place_values(place, reporter("place"))
            named = place.get("colleges")
            unrated = (
                [c for c in named if c not in self.catalogue.colleges] if isinstance(named, list) else []
            )
            if unrated and self.catalogue.colleges and "colleges" not in found:
                names = sorted(self.catalogue.colleges)
                found["colleges"] = (
                    _("no criteria set rates college {college!r}, so the place is not rated for it").format(
                        college=str(unrated[0])
                    ),
                    did_you_mean(str(unrated[0]), names) if closest(str(unrated[0]), names) else "",
                )
            lat, lon = _number(place.get("lat")), _number(place.get("lon"))
            if self.network is not None and "coords" not in found and lat is not None and lon is not None:
                swapped = swapped_problem(lat, lon, self.network)  # `check`'s warning: typed, it is refused
                if swapped is not None:
                    found["coords"] = swapped
            place_id = place.get("id")
            if isinstance(place_id, str) and "id" not in found and (other := self.id_user(place_id)):
                found["id"] = (self._id_used_text(place_id, other), "")
        contact = self.store.data.get("contact")
        if isinstance(contact, dict):
            contact_values(contact, reporter("contact"))
        return found

    def id_user(self, place_id: str) -> str | None:
        """The other place file of the folder that writes `place_id`, None when no other does."""
        if self._ids is None:
            self._ids = dict(self.ids_in_use()) if self.ids_in_use is not None else {}
        return self._ids.get(place_id)

    def _id_taken(self, place_id: str) -> bool:
        if self.id_user(place_id) is not None:
            return True
        if self.path_for_id is None or self.store.path is not None:
            return False
        return self.path_for_id(place_id)[1] is not None  # a file of that name exists

    def free_id(self, wanted: str) -> str:
        """`wanted`, or the first of wanted-2, wanted-3… that no other place file uses."""
        return free_id(wanted, self._id_taken)

    def _id_used_text(self, place_id: str, other: str) -> str:
        return _(
            "the identifier {id} is already used by {path}: score and publish would leave both places "
            "out (each place has its own identifier, e.g. {free})"
        ).format(id=place_id, path=other, free=self.free_id(place_id))

    def _written_keys(self) -> set[tuple[str, str]]:
        return {
            (table, key)
            for table in ("place", "contact")
            if isinstance(self.store.data.get(table), dict)
            for key in self.store.data[table]
        }

    def misspelt_key(self, kind: str) -> str | None:
        """The unknown `[place]` key the file writes for this required step (`nom` for `name`)."""
        place = self.store.data.get("place")
        if kind not in REQUIRED or not isinstance(place, dict) or kind in place:
            return None
        stands_for = misspellings(place, PLACE_FIELDS)
        return next((key for key, name in stands_for.items() if name == kind), None)

    def _valid_identity_value(self, kind: str) -> object:
        """The file's value for this step, None when `check` refuses it (never offered to keep)."""
        return None if kind in self.identity_problems() else self._identity_value(kind)

    def _identity_value(self, kind: str) -> object:
        place = self.store.data.get("place", {})
        contact = self.store.data.get("contact", {})
        if kind == "coords":
            return (place.get("lat"), place.get("lon")) if "lat" in place else None
        if kind.startswith("contact-"):
            return contact.get(kind[8:]) if isinstance(contact, dict) else None
        return place.get(kind)

    def answer_of(self, criterion: Criterion) -> Answer | None:
        """The answer in the file, read as the loader reads it, even when written wrong (it is asked again)."""
        raw = self.store.data.get("answers", {}).get(criterion.id)
        return None if raw is None else read_answer(raw)[0]

    def valid_answer(self, criterion: Criterion) -> bool:
        answer = self.answer_of(criterion)
        return answer is not None and answer_problem(criterion, answer, self.kinds) is None

    def earns_credit(self, criterion: Criterion) -> bool:
        answer = self.answer_of(criterion)
        if answer is None or answer.na or not self.valid_answer(criterion):
            return False
        return credit_of(self.kinds[criterion.kind], criterion, answer.value) > 0

    def evidence_of(self, criterion: Criterion) -> Evidence:
        """The evidence to ask for the current answer ("none" when none is needed), SPEC §4 and §9."""
        answer = self.answer_of(criterion)
        if answer is None or not (answer.na or self.earns_credit(criterion)):
            return "none"
        return strictest_evidence(evidence_asked(criterion, self.kinds[criterion.kind], answer))

    # ------------------------------------------------------------------ steps

    def steps(self) -> list[Step]:
        steps = [Step(kind) for kind in IDENTITY]
        for c in self.criteria():
            steps.append(Step("answer", c))
            if c.asks_evidence:
                steps.append(Step("evidence", c))
        return steps

    def needs_asking(self, step: Step) -> bool:
        c = step.criterion
        if step.kind == "evidence":
            assert c is not None
            asked = self.evidence_of(c)
            if asked == "none":
                return False
            answer = self.answer_of(c)
            return self.review or answer is None or not has_evidence(asked, answer)
        if self.review:
            return True
        if step.kind == "colleges" and self.college_missing():
            return True  # resuming a place outside the `--set` set's college: it is asked
        if step.kind == "answer":
            assert c is not None
            return not self.valid_answer(c)
        if self.new or step.kind in self.identity_problems():
            return True  # what `check` refuses is asked again
        return step.kind in REQUIRED and self._identity_value(step.kind) in (None, "", [])

    def _advance(self, from_index: int) -> None:
        steps = self.steps()
        for step in steps[from_index + 1 :]:
            if self.needs_asking(step):
                self.cursor = step.key
                return
        self.cursor = None
        self.finished = True

    def current(self) -> tuple[int, Step] | None:
        if self.cursor is None:
            return None
        for i, step in enumerate(self.steps()):
            if step.key == self.cursor:
                return i, step
        return None

    # ------------------------------------------------------------------ prompts

    def prompt(self) -> Prompt | None:
        found = self.current()
        if found is None:
            return None
        _index, step = found
        if step.kind in IDENTITY:
            return self._identity_prompt(step)
        if step.kind == "answer":
            return self._criterion_prompt(step)
        return self._evidence_prompt(step)

    def _default_suffix(self, shown: object) -> str:
        return _(" [{value}]").format(value=shown) if shown else ""

    def _identity_prompt(self, step: Step) -> Prompt:
        prompt = self._identity_prompt_as_new(step)
        said = self._why_asked_again(step.kind)
        if not said:
            return prompt
        return attrs.evolve(
            prompt,
            text="\n".join(t for t in (said, prompt.text) if t),
            list_text="\n".join(t for t in (said, prompt.list_text) if t),
        )

    def _why_asked_again(self, kind: str) -> str:
        """Why an identity question is asked again: what `check` refuses in the file, or the
        unknown key the file writes instead of this one."""
        problem = self.identity_problems().get(kind)
        if problem is not None:
            message, hint = problem
            return _("The place file's value is not valid ({problem}): give it again.").format(
                problem=f"{message}, {hint}" if hint else message
            )
        misspelt = self.misspelt_key(kind)
        if misspelt is not None:
            return _(
                "The place file writes “{written}”, which is not a key of a place file: this is “{key}”. "
                "Your answer is written as {key} (Enter keeps the value of {written})."
            ).format(written=misspelt, key=kind)
        return ""

    def _identity_prompt_as_new(self, step: Step) -> Prompt:
        kind = step.kind
        value = self._valid_identity_value(kind)
        if value is None and (misspelt := self.misspelt_key(kind)) is not None:
            written = self.place.get(misspelt)
            value = written if isinstance(written, str) else None
        lines: list[str] = []
        if kind == "name":
            lines.append(_("— The place —"))
            return Prompt("\n".join(lines), _("Name of the place") + self._default_suffix(value) + colon())
        if kind == "id":
            wanted = slugify(str(self._valid_identity_value("name") or ""))
            default = value or self.free_id(wanted)
            text = _("Identifier of the place in the network (lowercase letters, digits and dashes).")
            other = self.id_user(wanted) if not value else None
            if other is not None:
                text += "\n" + _("{id} is already used by {path}: {free} is offered instead.").format(
                    id=wanted, path=other, free=default
                )
            return Prompt(text, _("Identifier") + self._default_suffix(default) + colon())
        if kind == "town":
            return Prompt("", _("Town") + self._default_suffix(value) + colon())
        if kind == "stage":
            lines = [_("Stage of the place:")]
            for i, stage in enumerate(("existing", "creating", "project"), 1):
                lines.append(f"  {i}. {stage_label(stage)}")
            return Prompt(
                "\n".join(lines),
                _("Stage")
                + self._default_suffix(stage_label(value) if isinstance(value, str) else None)
                + colon(),
            )
        if kind == "colleges":
            names = sorted(self.catalogue.colleges)
            lines = [_("Colleges of the place (one or more numbers, separated by commas):")]
            for i, name in enumerate(names, 1):
                rules = self.catalogue.sets[self.catalogue.colleges[name]].set
                title = localized(rules.texts, "title", rules.title)
                lines.append(f"  {i}. {name} — {title}")
            default = self._colleges_with_set_college()
            if "colleges" in self.identity_problems():  # only the colleges a set rates are kept
                default = [c for c in default if c in self.catalogue.colleges]
            if self.college_missing():
                college = self.set_college()
                assert self.set_id is not None
                rules = self.catalogue.sets[self.set_id].set
                lines.append(
                    _(
                        "The set “{set}” (--set {id}) rates the college {college}: it is added to the "
                        "place's colleges (Enter keeps this choice)."
                    ).format(
                        set=localized(rules.texts, "title", rules.title), id=self.set_id, college=college
                    )
                )
            shown = ", ".join(default) if default else None
            return Prompt("\n".join(lines), _("Colleges") + self._default_suffix(shown) + colon())
        if kind == "coords":
            shown = (
                _("{latitude}, {longitude}").format(
                    latitude=coordinate(value[0]), longitude=coordinate(value[1])
                )
                if isinstance(value, tuple)
                else None
            )
            return Prompt(
                _(
                    "Coordinates for the map, optional (latitude, longitude, e.g. 49.18, -0.37; Enter to leave out)."
                ),
                _("Coordinates") + self._default_suffix(shown) + colon(),
            )
        if kind == "website":
            return Prompt(
                _("Website, optional (Enter to leave out)."),
                _("Website") + self._default_suffix(value) + colon(),
            )
        if kind == "description":
            return Prompt(
                _("— Identity card (public: shown on the network's site) —")
                + "\n"
                + _("A few sentences presenting the place, optional (Enter to leave out)."),
                _("Description") + self._default_suffix(value) + colon(),
            )
        if kind in ("publics", "services"):
            shown = ", ".join(value) if isinstance(value, list) else None
            help_text = (
                _("Publics the place welcomes, optional, separated by commas (e.g. students, inhabitants).")
                if kind == "publics"
                else _(
                    "Services the place offers, optional, separated by commas (e.g. 3D printing, meeting room)."
                )
            )
            usual = self._usual_words(kind)
            if usual:  # the network's words, by number; the place may add its own
                lines = [
                    help_text,
                    _("The network's usual words (type their numbers, and add your own words if need be):"),
                ]
                lines += [f"  {i}. {word.shown(current_language())}" for i, word in enumerate(usual, 1)]
                help_text = "\n".join(lines)
            label = _("Publics") if kind == "publics" else _("Services")
            return Prompt(help_text, label + self._default_suffix(shown) + colon())
        if kind == "opening_hours":
            return Prompt(
                _("Opening hours as a person reads them, optional (e.g. Tuesday to Saturday, 9 am to 6 pm)."),
                _("Opening hours") + self._default_suffix(value) + colon(),
            )
        if kind == "contact-name":
            return Prompt(
                _("— Contact (private: never published) —"),
                _("Contact person") + self._default_suffix(value) + colon(),
            )
        return Prompt("", _("Contact email") + self._default_suffix(value) + colon())

    def question_heading(self, c: Criterion) -> list[str]:
        """Where the question stands and its title: said again above its evidence and by “?”."""
        criteria = self.criteria()
        number = [x.id for x in criteria].index(c.id) + 1
        theme = self.theme_title(c.theme, c.set_id) if c.theme else _("no theme")
        return [
            _("Question {number} / {total} — theme: {theme}").format(
                number=number, total=len(criteria), theme=theme
            ),
            localized(c.texts, "title", c.title),
        ]

    def theme_title(self, theme: str, set_id: str = "") -> str:
        """A theme's title (`[set.themes]`) from the criterion's set, else the place's sets; its id otherwise."""
        return theme_title(self.catalogue.sets, theme, set_id, self.rule_sets())

    def _in_french_only(self, c: Criterion) -> bool:
        """In English, whether a text of this question falls back to French (said once)."""
        if current_language() != "en":
            return False
        wanted = ["title", "question"] + (["help"] if c.help else [])
        if any(not c.texts.get(f"{key}_en") for key in wanted):
            return True
        return any(
            not o.texts.get("label_en") for o in held(self.kinds[c.kind].options, c.id, OPTIONS)(c.config)
        )

    def question_lines(self, c: Criterion) -> list[str]:
        """The question and its help, as “?” shows them again."""
        lines = [localized(c.texts, "question", c.question)]
        help_text = localized(c.texts, "help", c.help)
        if help_text:
            lines.append(_("Help: {text}").format(text=help_text))
        return lines

    def _criterion_prompt(self, step: Step) -> Prompt:
        c = step.criterion
        assert c is not None
        lines = []
        if not self.announced_future:
            future = self.criteria("future")
            if future:
                lines.append(
                    ngettext(
                        "Coming soon (announced, not scored yet): {titles}",
                        "Coming soon (announced, not scored yet): {titles}",
                        len(future),
                    ).format(titles=", ".join(localized(f.texts, "title", f.title) for f in future))
                )
        if not self.said_french and self._in_french_only(c):
            self.said_french = True
            lines.append(
                _("Some texts of the criteria set have no English version: they are shown in French.")
            )
        lines.append("")
        lines += self.question_heading(c)
        lines += self.question_lines(c)
        kind = self.kinds[c.kind]
        hint = held(kind.input_hint, c.id, TEXT)(c.config)
        if c.na_allowed:
            hint += _(", or n/a (not applicable)")
        picks = held(kind.picks, c.id, PICKS)(c.config)
        options = tuple((o.id, self.option_label(o)) for o in held(kind.options, c.id, OPTIONS)(c.config))
        if picks not in (PICK_ONE, PICK_SEVERAL) or not options:
            picks, options = FREE_TEXT, ()
        tail = []
        answer = self.answer_of(c)
        if answer is not None and not self.valid_answer(c):
            problem = (("n/a", "") if answer.na else value_problem(kind, c, answer.value)) or ("", "")
            tail.append(
                _("The saved answer is not valid ({problem}): give it again.").format(problem=problem[0])
            )
        typed = [*lines, *held(kind.prompt_lines, c.id, TEXTS)(c.config)]
        typed.append(_("Answer with {hint}; or: skip, back, quit.").format(hint=hint))
        listed = list(lines)
        if picks == PICK_ONE:
            listed.append(_("↑ ↓ to choose, Enter to confirm; or type the number; or: skip, back, quit."))
        elif picks == PICK_SEVERAL:
            listed.append(
                _("↑ ↓ to move, Space to tick, Enter to confirm; or type the numbers; or: skip, back, quit.")
            )
        if picks != FREE_TEXT and c.na_allowed:
            listed.append(_("This question may also be answered n/a (not applicable): type it."))
        chosen: tuple[str, ...] = ()
        if answer is not None and not answer.na and self.valid_answer(c):
            chosen = tuple(held(kind.chosen_options, c.id, TEXTS)(c.config, answer.value))
        current = self.shown_answer(c)
        return Prompt(
            "\n".join(typed + tail),
            _("Answer") + self._default_suffix(current) + colon(),
            picks=picks,
            options=options,
            chosen=chosen,
            list_text="\n".join(listed + tail),
        )

    def option_label(self, option: Option) -> str:
        return localized(option.texts, "label", option.label)

    def shown_answer(self, c: Criterion) -> str | None:
        answer = self.answer_of(c)
        if answer is None or not self.valid_answer(c):
            return None
        if answer.na:
            return "n/a"
        return held(self.kinds[c.kind].typed_text, c.id, TEXT)(c.config, answer.value)

    def _evidence_prompt(self, step: Step) -> Prompt:
        c = step.criterion
        assert c is not None
        answer = self.answer_of(c)
        # Said under the question's number and title: on resume it comes without its question.
        heading = ["", *self.question_heading(c)]
        if self.evidence_of(c) == "url":
            current = answer.url if answer else ""
            return Prompt(
                "\n".join(
                    [
                        *heading,
                        _(
                            "This answer counts only with a link to a proof (a web address starting with https://)."
                        ),
                    ]
                ),
                _("Link") + self._default_suffix(current or None) + colon(),
            )
        current = answer.justification if answer else ""
        shown = current.replace("\n", " ⏎ ") if current else None
        return Prompt(
            "\n".join(
                [
                    *heading,
                    _("This answer counts only with a justification (a sentence of at least 5 characters)."),
                ]
            ),
            _("Justification") + self._default_suffix(shown) + colon(),
            multiline=True,
        )

    # ------------------------------------------------------------------ input

    def feed(self, line: str) -> list[str]:
        """Take one typed line; return the messages to show."""
        found = self.current()
        if found is None:
            self.finished = True
            return []
        index, step = found
        text = line.strip()
        word = text.lower()
        # One-letter shortcuts (p, r, q…) are commands only where an answer is picked;
        # in free text (a name, a town, a justification) "b" is just "b".
        if len(word) == 1 and word != "?" and step.kind != "answer":
            word = ""
        if word in QUIT:
            self.quit = True
            self.finished = True
            return []
        if word in HELP:
            # The question again (it may have scrolled away), its help, then the commands.
            shown = self.question_heading(step.criterion) if step.criterion is not None else []
            if step.kind == "answer" and step.criterion is not None:
                shown += self.question_lines(step.criterion)
            return [*shown, self._commands_help()]
        if word in BACK:
            return self._back()
        messages: list[str] = []
        if step.kind == "answer" and not self.announced_future:
            self.announced_future = True
        if word in SKIP:
            if step.kind in REQUIRED and self._valid_identity_value(step.kind) in (None, "", []):
                return [_("This information is needed to save the place file.")]
            if step.kind == "colleges" and self.college_missing():
                return [self._set_college_refused(self.colleges())]
            if step.kind == "evidence":
                messages.append(_("Without it, this answer gives no credit for now."))
            self.history.append(step.key)
            self._advance(index)
            return messages
        try:
            changed = self._accept(step, text)
        except Invalid as exc:
            return [str(exc)]
        messages += self.notes
        self.notes = []
        self.history.append(step.key)
        if changed and step.kind in ("answer", "evidence"):
            # SPEC §10: the day the answers last changed tells how fresh the rating is.
            self.store.table("place")["assessed"] = today()
        if changed:
            messages += self._save()
        self._advance(index)
        return messages

    def feed_picked(self, ids: tuple[str, ...]) -> list[str]:
        """Take the options picked in a list or check boxes (the current question's)."""
        found = self.current()
        if found is None or found[1].criterion is None:
            return []
        index, step = found
        c = step.criterion
        assert c is not None
        kind = self.kinds[c.kind]
        value = held(kind.value_of_options, c.id)(c.config, ids)
        problem = value_problem(kind, c, value)
        if problem is not None:
            message, hint = problem
            return [_("{problem} ({hint}).").format(problem=message, hint=hint) if hint else message]
        self.announced_future = True
        raw = self.answers.get(c.id)
        new: Any = value
        if isinstance(raw, dict):
            new = {"value": value, **{k: v for k, v in raw.items() if k not in ("value", "na")}}
        changed = not (raw == new and c.id in self.answers)
        self.history.append(step.key)
        messages: list[str] = []
        if changed:
            self.answers[c.id] = new
            self.store.table("place")["assessed"] = today()
            messages += self._save()
        self._advance(index)
        return messages

    def _save(self) -> list[str]:
        """Write the file: a file that exists at every accepted answer, a new one once its
        identity is complete (before, no place file `check` accepts can be written)."""
        if not (self.store.existed or self.store.saves or self.identity_complete()):
            return []
        return self.save_fn()

    def _commands_help(self) -> str:
        """The commands, and what quitting keeps: nothing of a new file before it is first written."""
        if self.store.existed or self.store.saves:
            return _(
                "Type your answer and press Enter. Commands: “skip” leaves the question unanswered, "
                "“back” returns to the previous question, “quit” stops (every answer given is already "
                "saved)."
            )
        return _(
            "Type your answer and press Enter. Commands: “skip” leaves the question unanswered, "
            "“back” returns to the previous question, “quit” stops (nothing is saved until the name, "
            "identifier, town, stage and colleges are known)."
        )

    def unsaved(self) -> list[str]:
        """The required identity fields typed but not yet saved (a new file not written yet), by step."""
        if self.store.existed or self.store.saves:
            return []
        return [k for k in REQUIRED if self._identity_value(k) not in (None, "", [])]

    def _back(self) -> list[str]:
        steps = {s.key for s in self.steps()}
        while self.history:
            key = self.history.pop()
            if key in steps and key != self.cursor:
                self.cursor = key
                self.finished = False
                return []
        return [_("This is the first question.")]

    # ------------------------------------------------------------------ parsing

    def accept(self, step: Step, text: str) -> bool:
        """Check and store one typed value for `step` as `feed` does, without moving through the
        questions (a form is answered in any order); True when the content changed. Raises `Invalid`;
        what `notes` gains (e.g. a word written as the network writes it) is for the caller to say."""
        return self._accept(step, text)

    def _accept(self, step: Step, text: str) -> bool:
        """Store the typed value; True when the file content changed."""
        if step.kind == "answer":
            assert step.criterion is not None
            return self._accept_answer(step.criterion, text)
        if step.kind == "evidence":
            assert step.criterion is not None
            return self._accept_evidence(step.criterion, text)
        return self._accept_identity(step.kind, text)

    def _set(self, table: str, key: str, value: object) -> bool:
        target = self.store.table(table)
        if target.get(key) == value and key in target:
            return False
        target[key] = value
        return True

    def _accept_identity(self, kind: str, text: str) -> bool:
        misspelt = self.misspelt_key(kind)
        changed = self._accept_identity_typed(kind, text)
        if misspelt is not None and kind in self.place:  # the typed answer replaces the unknown key
            del self.place[misspelt]
            self.store.renames[("place", misspelt)] = kind  # where it stands, its comment kept
            changed = True
        return changed

    def _accept_identity_typed(self, kind: str, text: str) -> bool:
        refused = kind in self.identity_problems()
        current = self._valid_identity_value(kind)
        if kind == "colleges" and not text and (self.college_missing() or refused):
            default = [c for c in self._colleges_with_set_college() if c in self.catalogue.colleges]
            if default:
                return self._set("place", "colleges", default)  # the default shown
        if not text:
            misspelt = self.misspelt_key(kind)
            written = self.place.get(misspelt) if misspelt is not None else None
            if isinstance(written, str) and written:
                text = written  # the default shown: the value of the unknown key
            elif kind == "id" and not current:
                text = self.free_id(slugify(str(self._valid_identity_value("name") or "")))
            elif current not in (None, "", []):
                if kind == "id":
                    self._check_id_path(str(current))
                return False
            elif kind in REQUIRED:
                raise Invalid(_("This information is needed to save the place file."))
            elif refused:  # Enter leaves out an optional value that is not valid: it goes
                for table, key in STEP_KEYS[kind]:
                    self.store.table(table).pop(key, None)
                self.notes.append(_("The value that was not valid is removed from the place file."))
                return True
            else:
                return False
        if kind in ("name", "town"):
            problem = place_text_problem(kind, text)  # the rule `check` applies to the file
            if problem:
                message = (
                    _("The name {problem}: {hint}.") if kind == "name" else _("The town {problem}: {hint}.")
                )
                raise Invalid(message.format(problem=problem[0], hint=problem[1]))
            return self._set("place", kind, text)
        if kind == "id":
            if not SLUG.match(text):
                raise Invalid(
                    _(
                        "“{value}” is not a valid identifier: use lowercase letters, digits and dashes, "
                        "e.g. {example}."
                    ).format(value=text, example=slugify(text))
                )
            other = self.id_user(text)
            if other is not None:
                raise Invalid(
                    _(
                        "The identifier {id} is already used by {path}: score and publish would leave both "
                        "places out. Choose another, e.g. {free}."
                    ).format(id=text, path=other, free=self.free_id(text))
                )
            self._check_id_path(text)
            return self._set("place", "id", text)
        if kind == "stage":
            return self._set("place", "stage", self._parse_stage(text))
        if kind == "colleges":
            return self._set("place", "colleges", self._parse_colleges(text))
        if kind == "coords":
            parts = [p for p in re.split(r"[;\s]+|,\s+", text) if p]
            if len(parts) != 2:
                raise Invalid(
                    _("Write the latitude, then the longitude, as the question shows: e.g. 49.18, -0.37.")
                )
            lat, lon = (self._decimal(p) for p in parts)
            if not -90 <= lat <= 90 or not -180 <= lon <= 180:
                raise Invalid(_("The latitude goes from -90 to 90 and the longitude from -180 to 180."))
            if self.network is not None:  # the rule `check` applies to the file
                swapped = swapped_problem(lat, lon, self.network)
                if swapped:
                    raise Invalid(_("{problem} ({hint}).").format(problem=swapped[0], hint=swapped[1]))
                outside = location_problem(lat, lon, self.network)
                if outside:
                    self.notes.append(
                        _("Kept, but {problem} ({hint}).").format(problem=outside[0], hint=outside[1])
                    )
            changed = self._set("place", "lat", lat)
            return self._set("place", "lon", lon) or changed
        if kind == "website":
            _check_web_address(text)
            return self._set("place", "website", text)
        if kind in ("description", "opening_hours"):
            return self._set("place", kind, text)
        if kind in ("publics", "services"):
            return self._set("place", kind, self._parse_short_texts(text, self._usual_words(kind)))
        if kind == "contact-name":
            return self._set("contact", "name", text)
        if not EMAIL_ADDRESS.match(text):
            raise Invalid(
                _(
                    "“{value}” is not an email address: write it as name@example.org, or leave it empty."
                ).format(value=text)
            )
        return self._set("contact", "email", text)

    def _check_id_path(self, place_id: str) -> None:
        if self.path_for_id is None or self.store.path is not None:
            return
        path, problem = self.path_for_id(place_id)
        if problem:
            raise Invalid(problem)
        self.store.path = path

    def _usual_words(self, kind: str) -> tuple[Word, ...]:
        """The network's usual publics or services (none without a network file)."""
        return self.network.words(kind).words if self.network is not None else ()

    def _parse_short_texts(self, text: str, usual: tuple[Word, ...] = ()) -> list[str]:
        """Entries separated by commas or semicolons, each kept once, in the order typed; a number
        is the network's word of that number, and a word the network writes otherwise (case,
        accents, plural) is written as the network does (with a note)."""
        entries: list[str] = []
        notes: list[str] = []  # said only once the whole line is accepted
        words = Vocabulary(usual)
        for part in re.split(r"[,;]", text):
            entry = part.strip()
            if entry.isdigit() and usual:
                if not 1 <= int(entry) <= len(usual):
                    raise Invalid(
                        _("{value} is not in the list: type numbers from 1 to {n}.").format(
                            value=entry, n=len(usual)
                        )
                    )
                entry = usual[int(entry) - 1].label
            elif (word := words.word_for(entry)) is not None and entry not in word.spellings:
                notes.append(
                    _("“{value}” is written “{word}”, as the network writes it.").format(
                        value=entry, word=word.label
                    )
                )
                entry = word.label
            if len(entry) > SHORT_TEXT_MAX:
                raise Invalid(
                    _("“{value}…” is too long: keep each entry under {count} characters.").format(
                        value=entry[:30], count=SHORT_TEXT_MAX
                    )
                )
            if entry and entry not in entries:
                entries.append(entry)
        self.notes += notes
        return entries

    @staticmethod
    def _decimal(text: str) -> Decimal:
        if not SIGNED.match(text):
            raise Invalid(_("“{value}” is not a number.").format(value=text))
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise Invalid(_("“{value}” is not a number.").format(value=text)) from None

    def _parse_stage(self, text: str) -> str:
        word = text.lower()
        stages = ("existing", "creating", "project")
        if word.isdigit() and 1 <= int(word) <= 3:
            return stages[int(word) - 1]
        for stage, names in STAGE_NAMES.items():
            if word in names:
                return stage
        raise Invalid(_("Type 1, 2 or 3."))

    def _parse_colleges(self, text: str) -> list[str]:
        names = sorted(self.catalogue.colleges)
        chosen: list[str] = []
        for part in re.split(r"[,;\s]+", text):
            if not part:
                continue
            if part.isdigit():
                if not 1 <= int(part) <= len(names):
                    raise Invalid(
                        _("{value} is not in the list: type numbers from 1 to {n}.").format(
                            value=part, n=len(names)
                        )
                    )
                name = names[int(part) - 1]
            elif part in names:
                name = part
            else:
                raise Invalid(
                    _("“{value}” is not in the list: type numbers from 1 to {n}.").format(
                        value=part, n=len(names)
                    )
                )
            if name not in chosen:
                chosen.append(name)
        if not chosen:
            raise Invalid(_("Choose at least one college."))
        college = self.set_college()
        if college is not None and college not in chosen:
            raise Invalid(self._set_college_refused(chosen))
        return chosen

    def parse_value(self, c: Criterion, text: str) -> TomlValue:
        """A typed answer as the value written in the place file; `Invalid` when refused."""
        try:
            value: TomlValue = held(self.kinds[c.kind].parse_typed, c.id, refusal=True)(c.config, text)
            return value
        except InvalidInput as exc:
            raise Invalid(str(exc)) from None

    def _accept_answer(self, c: Criterion, text: str) -> bool:
        answers = self.answers
        raw = answers.get(c.id)
        if not text:
            if self.valid_answer(c):
                return False
            raise Invalid(_("Type an answer, or “skip” to come back to it later."))
        # "n/a" is the questionnaire's command only where the criterion allows n/a;
        # elsewhere the kind reads it (a plugin kind may give it a meaning).
        if text.lower() in NA and c.na_allowed:
            new: Any = {"na": True}
            if isinstance(raw, dict) and raw.get("justification"):
                new["justification"] = raw["justification"]
        else:
            try:
                value = self.parse_value(c, text)
            except Invalid:
                if text.lower() in NA:
                    raise Invalid(
                        _("This question cannot be answered n/a: give an answer, or “skip”.")
                    ) from None
                raise
            # The kind's own rule, as `check` applies it to the file (e.g. a number's `max`).
            problem = value_problem(self.kinds[c.kind], c, value)
            if problem is not None:
                message, hint = problem
                raise Invalid(
                    _("{problem} ({hint}).").format(problem=message, hint=hint) if hint else message
                )
            if isinstance(raw, dict):
                new = {k: v for k, v in raw.items() if k != "na"}
                new = {"value": value, **{k: v for k, v in new.items() if k != "value"}}
            else:
                new = value
        if raw == new and c.id in answers:
            return False
        answers[c.id] = new
        return True

    def _accept_evidence(self, c: Criterion, text: str) -> bool:
        answer = self.answer_of(c)
        if not text:
            if answer is not None and has_evidence(self.evidence_of(c), answer):
                return False
            raise Invalid(_("Type it, or “skip” (the answer then gives no credit for now)."))
        if self.evidence_of(c) == "url":
            _check_web_address(text)
            key = "url"
        else:
            if visible_length(text) < 5:
                raise Invalid(_("Too short: write at least 5 characters."))
            problem = text_problem(text)  # the rule `check` applies to every member text
            if problem:
                raise Invalid(
                    _("The justification {problem}: {hint}.").format(problem=problem[0], hint=problem[1])
                )
            key = "justification"
        raw = self.answers.get(c.id)
        new = dict(raw) if isinstance(raw, dict) else {"value": raw}
        if new.get(key) == text:
            return False
        new[key] = text
        self.answers[c.id] = new
        return True
