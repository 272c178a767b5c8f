"""The self-assessment page's engine: JSON in, JSON out, run by Pyodide in the member's browser.

The page's script calls `handle(request)` with a JSON text such as
`{"op": "answer", "criterion": "ouverture", "text": "12"}` and gets back a
JSON text: `{"error": message or null, "state": {...}}`. The work is done by
the code the command line runs, so that the page cannot disagree with it:

- the catalogue: `catalogue_loading.load_catalogue`, from the criteria sets the site
  was published with (the bundle's `sets.json`, see formats/site/bundle.py);
  the network file's area and usual words (the bundle's `network.json`);
- each answer and each identity field (the identity card and the coordinates
  too): the questionnaire's `Session` (the kinds' `parse_typed` and
  `value_of_options`, its n/a and evidence rules, the network's area and
  words), so the messages are the questionnaire's, in the site's language;
- the place file: what `PlaceFile.save` writes (`tomledit`), byte for byte
  what `tlcriteria assess` writes for the same answers;
- the rating: the file's text read as `score` reads it (`documents`,
  `place_checks.places_from`, `rate_places`), and the advice as `advise` gives it.

Nothing here imports prompt_toolkit, toml_rs or a process pool: they do not
exist in Pyodide.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from . import tomledit
from .advice_view import advice_rows, what_to_do
from .advice_view import change_text as advice_change_text
from .assess.session import IDENTITY, REQUIRED, Invalid, Session, Step
from .assess.store import PlaceFile, StoreError
from .catalogue import Catalogue
from .catalogue_loading import load_catalogue
from .documents import loads, parse_document
from .errors import Problem
from .freshness import today
from .i18n import _, current_language, localized, set_language
from .interfaces import PICK_ONE, PICK_SEVERAL, AnswerKind
from .mistakes import MAPPING, PICKS, TEXT, held, value_problem
from .model import Criterion, Rating, asked_criteria
from .network import WORD_LISTS, Area, Network
from .place_checks import places_from
from .place_loading import rate_places
from .plugins import build_plugins
from .rating_record import rating_record
from .registry import Registry, SetFile, build_registry
from .vocabulary import Vocabulary, Word

#: The identity steps the page asks: all the questionnaire's (identity card and coordinates included).
ASKED = IDENTITY
#: Stand-ins for the identity not typed yet, so that the rating shows from the first answer.
STAND_IN = {"name": "…", "id": "lieu", "town": "…", "stage": "existing"}
FILE_NAME = "lieu.toml"


def load(root: Path, language: str) -> tuple[Registry, Catalogue, Network | None, list[Problem]]:
    """The registry, the catalogue and the network from a bundle unpacked at `root` (its
    `sets.json` and `network.json`)."""
    set_language(language)
    listing = json.loads((root / "sets.json").read_text(encoding="utf-8"))
    registry = build_registry(build_plugins())
    shipped = tuple(
        SetFile(plugin, root / file) for plugin, files in listing["plugins"].items() for file in files
    )
    registry = attrs.evolve(registry, set_files=shipped)
    loaded = load_catalogue(registry, [root / d for d in listing["criteria"]])
    network_file = root / "network.json"
    network = network_from(json.loads(network_file.read_text("utf-8"))) if network_file.is_file() else None
    return registry, loaded.catalogue, network, [*loaded.plugin_problems, *loaded.problems]


def network_from(data: Mapping[str, Any]) -> Network:
    """The network as the bundle gives it (formats/site/bundle.py's `network_entry`)."""
    area = data.get("area")
    lists = {key: Vocabulary(tuple(Word(*pair) for pair in data.get(key, ()))) for key in WORD_LISTS}
    return Network(
        data["name"],
        Area(*(Decimal(area[k]) for k in ("south", "north", "west", "east"))) if area else None,
        data.get("file") or "reseau.toml",
        **lists,
    )


@attrs.define
class Assessment:
    """One place file being filled in on the page."""

    registry: Registry
    catalogue: Catalogue
    store: PlaceFile
    session: Session
    file_name: str = FILE_NAME
    #: Advice already worked out, by set and the answers it was worked out from.
    advised: dict[tuple[str, str, str], dict[str, Any]] = attrs.field(factory=dict)

    @classmethod
    def new(
        cls,
        registry: Registry,
        catalogue: Catalogue,
        text: str = "",
        name: str = FILE_NAME,
        network: Network | None = None,
    ) -> Assessment:
        store = PlaceFile.from_text(Path(name), text) if text else PlaceFile(None, {})
        store.path = None  # never written to disk: the page offers the text to download
        session = Session(store, catalogue, registry.kinds, network=network)
        return cls(registry, catalogue, store, session, name)

    @property
    def kinds(self) -> Mapping[str, AnswerKind]:
        return self.registry.kinds

    # ------------------------------------------------------------------ changes

    def identity(self, step: str, text: str) -> list[str]:
        """Take one identity field as typed; returns the questionnaire's notes (raises `Invalid`)."""
        if step not in ASKED:
            raise Invalid(_("unknown field {name!r}").format(name=step))
        if not text and step not in REQUIRED:
            self._forget(step)
            return []
        if step == "id" and not text and not self.store.data.get("place", {}).get("name"):
            self._forget(step)  # derived from the name once it is given, as the questionnaire proposes
            return []
        self.session.notes = []
        try:
            self.session.accept(Step(step), text)  # the questionnaire's own check of a typed line
            if step == "name" and not self.store.data.get("place", {}).get("id"):
                self.session.accept(Step("id"), "")
            return list(self.session.notes)
        finally:
            self.session.notes = []

    def answer(self, criterion_id: str, text: str | None, picked: Sequence[str] | None, na: bool) -> None:
        """Take an answer as the questionnaire does: typed text, options picked, or n/a."""
        c = self._criterion(criterion_id)
        kind = self.kinds[c.kind]
        before = self.store.data.get("answers", {}).get(c.id)
        if na:
            text = "n/a"
        elif picked is not None and held(kind.picks, c.id, PICKS)(c.config) in (PICK_ONE, PICK_SEVERAL):
            value = held(kind.value_of_options, c.id)(c.config, list(picked))
            problem = value_problem(kind, c, value)
            if problem is not None:
                message, hint = problem
                raise Invalid(
                    _("{problem} ({hint}).").format(problem=message, hint=hint) if hint else message
                )
            text = held(kind.typed_text, c.id, TEXT)(c.config, value)
        elif picked is not None:
            text = ", ".join(picked)
        if not text:
            self._forget_answer(c)
            return
        self.session.accept(Step("answer", c), text)
        if self.store.data.get("answers", {}).get(c.id) != before:
            self.store.table("place")["assessed"] = today()  # as the questionnaire does (SPEC §10)

    def evidence(self, criterion_id: str, text: str) -> None:
        c = self._criterion(criterion_id)
        raw = self.store.data.get("answers", {}).get(c.id)
        if not text:
            if isinstance(raw, dict):
                key = "url" if self.session.evidence_of(c) == "url" else "justification"
                rest = {k: v for k, v in raw.items() if k != key}
                self.store.table("answers")[c.id] = rest if set(rest) != {"value"} else rest["value"]
            return
        if self.session.accept(Step("evidence", c), text):
            self.store.table("place")["assessed"] = today()

    def _criterion(self, criterion_id: str) -> Criterion:
        c = self.catalogue.criteria.get(criterion_id)
        if c is None or c not in self.session.criteria():
            raise Invalid(_("unknown criterion {id!r}").format(id=criterion_id))
        return c

    def _forget(self, step: str) -> None:
        table, keys = ("contact", [step[8:]]) if step.startswith("contact-") else ("place", [step])
        if step == "coords":
            keys = ["lat", "lon"]
        for key in keys:
            self.store.data.get(table, {}).pop(key, None)

    def _forget_answer(self, c: Criterion) -> None:
        if self.store.data.get("answers", {}).pop(c.id, None) is not None:
            self.store.table("place")["assessed"] = today()

    # ------------------------------------------------------------------ the file

    def ordered(self) -> dict[str, Any]:
        """The content in the questionnaire's order (identity, contact, answers question by question),
        so that the same answers give the same file whatever order they were given in."""
        data = self.store.data
        place_keys = [k for step in IDENTITY for k in (("lat", "lon") if step == "coords" else (step,))]
        order = {
            "place": [*place_keys, "assessed"],
            "contact": ["name", "email"],
            "answers": [c.id for c in self.session.criteria()],
        }
        out: dict[str, Any] = {}
        for table in ("place", "contact", "answers", *data):
            value = data.get(table)
            if table in out or value is None or value == {}:
                continue
            if isinstance(value, dict):
                wanted = order.get(table, [])
                value = {
                    **{k: value[k] for k in wanted if k in value},
                    **{k: v for k, v in value.items() if k not in wanted},
                }
            out[table] = value
        return out

    def restore(self, draft: str) -> None:
        """Take back the content kept in the browser (`draft`), over the file opened to resume."""
        self.store.data = loads(draft)

    def draft(self) -> str:
        """The content as it stands, even incomplete: what the page keeps in local storage."""
        edits, _conflicts = tomledit.merge({}, self.ordered(), {})
        return tomledit.apply("", edits) if edits else ""

    def complete(self) -> bool:
        return self.session.identity_complete()

    def text(self) -> str:
        """The place file as `tlcriteria assess` writes it (`PlaceFile.save`'s edits)."""
        base = self.store.base if self.store.existed else {}
        edits, _conflicts = tomledit.merge(base, self.ordered(), base)
        return tomledit.apply(self.store.text, edits) if edits or not self.store.existed else self.store.text

    # ------------------------------------------------------------------ what the page shows

    def rated_text(self) -> str:
        """The file's text, with stand-ins for the identity not given yet (the rating needs a place)."""
        if self.complete():
            return self.text()
        data = self.ordered()
        place = dict(data.get("place", {}))
        for key, value in STAND_IN.items():
            if place.get(key) in (None, ""):
                place[key] = value
        edits, _conflicts = tomledit.merge({}, {**data, "place": place}, {})
        return tomledit.apply("", edits)

    def ratings(self, advise: bool | str = False) -> tuple[list[dict[str, Any]], list[str]]:
        """The ratings of the file as `score` reads it (or its problems), with the advice `advise`
        gives when `advise` is true (or the rating's set id) or when it is known for the same
        answers; otherwise `advice` is None: the search for the least change can take a second
        for one set, the grade a few milliseconds."""
        if not self.session.colleges():
            return [], []
        path = self.file_name
        text = self.rated_text()
        doc, problems = parse_document(text, path)
        if doc is None:
            return [], [str(p) for p in problems]
        checked = places_from([doc], self.catalogue, self.registry)
        if not checked.places:
            return [], [str(p) for p in checked.problems]
        out = []
        for rating in rate_places(checked.places, self.catalogue, self.registry):
            record = rating_record(rating)
            out.append(
                {
                    "set": rating.rules.id,
                    "title": localized(rating.rules.set.texts, "title", rating.rules.set.title),
                    "grade": record["grade"],
                    "percent": _plain(record["shown_percent"]),
                    "advice": self._advice(rating, advise in (True, rating.rules.id)),
                }
            )
        return out, []

    def _advice(self, rating: Rating, compute: bool) -> dict[str, Any] | None:
        """`advise`'s advice for one rating, remembered for the answers it was worked out from."""
        ids = {c.id for c in asked_criteria(rating.rules)}  # a ladder's grade: its rungs' answers
        key = (
            rating.rules.id,
            rating.rules.digest,
            repr(sorted((k, v) for k, v in rating.place.answers.items() if k in ids)),
        )
        known = self.advised.get(key)
        if known is not None or not compute:
            return known
        (row,) = advice_rows([rating], self.kinds, self.registry.schemes)
        advice = row.advice
        scheme = self.registry.schemes[rating.rules.scheme]
        found = {
            "target": advice.target,
            "heading": (
                held(scheme.advice_heading, rating.rules.id, TEXT)(advice.current, advice.target)
                if advice.target
                else ""
            ),
            "changes": [advice_change_text(c) for c in advice.changes],
            "text": what_to_do(advice),
        }
        self.advised[key] = found
        return found

    def questions(self) -> list[dict[str, Any]]:
        out = []
        for c in self.session.criteria():
            kind = self.kinds[c.kind]
            answer = self.session.answer_of(c)
            shown: dict[str, Any] = {"text": "", "picked": [], "na": False, "justification": "", "url": ""}
            control = dict(held(kind.form_control, c.id, MAPPING)(c.config))
            if answer is not None:
                shown.update(na=answer.na, justification=answer.justification, url=answer.url)
                if not answer.na and value_problem(kind, c, answer.value) is None:
                    shown["text"] = held(kind.typed_text, c.id, TEXT)(c.config, answer.value)
                    shown["picked"] = _picked(kind, c, control, answer.value)
            out.append(
                {
                    "id": c.id,
                    "set": c.set_id,
                    "theme": self.session.theme_title(c.theme, c.set_id) if c.theme else "",
                    "title": localized(c.texts, "title", c.title),
                    "question": localized(c.texts, "question", c.question),
                    "help": localized(c.texts, "help", c.help),
                    "level": c.level,
                    "na": c.na_allowed,
                    "control": control,
                    "answer": shown,
                    "evidence": self.session.evidence_of(c),
                }
            )
        return out

    def state(self, advise: bool | str = False) -> dict[str, Any]:
        ratings, problems = self.ratings(advise)
        place = self.store.data.get("place", {})
        contact = self.store.data.get("contact", {})
        identity: dict[str, Any] = {
            step: _text(contact.get(step[8:]) if step.startswith("contact-") else place.get(step))
            for step in ASKED
            if step not in ("colleges", "coords", *WORD_LISTS)
        }
        identity["coords"] = f"{place['lat']}, {place['lon']}" if "lat" in place and "lon" in place else ""
        for key in WORD_LISTS:
            value = place.get(key)
            identity[key] = [str(v) for v in value] if isinstance(value, list) else []
        complete = self.complete()
        return {
            "colleges": [
                {"name": name, "title": self._set_title(set_id)}
                for name, set_id in sorted(self.catalogue.colleges.items())
            ],
            "identity": identity,
            "usual": self._usual_words(),
            "chosen": self.session.colleges(),
            "questions": self.questions(),
            "future": [localized(c.texts, "title", c.title) for c in self.session.criteria("future")],
            "ratings": ratings,
            "problems": problems,
            "complete": complete,
            "text": self.text() if complete else "",
            "file": f"{place.get('id')}.toml" if complete else "",
            "draft": self.draft(),
        }

    def _usual_words(self) -> dict[str, list[dict[str, str]]]:
        """The network's usual publics and services, offered as check boxes: the word written in
        the file (`value`) and as shown in the site's language (`label`)."""
        network = self.session.network
        return {
            key: [
                {"value": w.label, "label": w.shown(current_language())}
                for w in (network.words(key).words if network else ())
            ]
            for key in WORD_LISTS
        }

    def _set_title(self, set_id: str) -> str:
        rules = self.catalogue.sets[set_id].set
        return localized(rules.texts, "title", rules.title)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _plain(value: object) -> int | str | None:
    return value if value is None or isinstance(value, int) else str(value)


def _picked(kind: AnswerKind, c: Criterion, control: Mapping[str, Any], value: object) -> list[str]:
    """The options of a radio or check-box control that give `value`."""
    values = [str(o["value"]) for o in control.get("options", ())]
    if held(kind.picks, c.id, PICKS)(c.config) in (PICK_ONE, PICK_SEVERAL):
        chosen = value if isinstance(value, list) else [value]
        return [v for v in values if v in chosen]
    typed = held(kind.typed_text, c.id, TEXT)(c.config, value)
    return [v for v in values if v == typed]


# ---------------------------------------------------------------------- the page's entry point

#: The page's one assessment (Pyodide runs one page's Python; the tests make their own).
_STATE: dict[str, Any] = {}


def handle(request_text: str) -> str:
    """Do what the page asks (a JSON text); return `{"error": …, "notes": […], "state": …}`."""
    request = json.loads(request_text)
    op = request.get("op")
    error: str | None = None
    notes: list[str] = []
    try:
        if op == "start":
            registry, catalogue, network, problems = load(
                Path(request["root"]), request.get("language", "fr")
            )
            _STATE["loaded"] = (registry, catalogue, network)
            _STATE["assessment"] = Assessment.new(registry, catalogue, network=network)
            notes = [str(p) for p in problems]
        elif op == "open":
            registry, catalogue, network = _STATE["loaded"]
            opened = Assessment.new(
                registry, catalogue, request["text"], request.get("name") or FILE_NAME, network
            )
            if request.get("draft"):
                opened.restore(request["draft"])
            _STATE["assessment"] = opened
        elif op == "batch":  # several changes, one state: e.g. answers pasted or replayed
            for one in request["requests"]:
                notes += apply(_STATE["assessment"], one)
        else:
            notes = apply(_STATE["assessment"], request)
    except (Invalid, StoreError) as exc:
        error = str(exc)
    assessment: Assessment | None = _STATE.get("assessment")
    # "advice": every set's, or one set's (`set`): the page asks set by set, so that an answer
    # given meanwhile waits for one search at most.
    advise = (request.get("set") or True) if op == "advice" else False
    state = assessment.state(advise) if assessment is not None else None
    return json.dumps({"error": error, "notes": notes, "state": state}, ensure_ascii=False)


def apply(assessment: Assessment, request: Mapping[str, Any]) -> list[str]:
    """One change asked by the page; raises `Invalid` with the questionnaire's message."""
    op = request.get("op")
    if op == "identity":
        return assessment.identity(str(request["field"]), str(request.get("text", "")).strip())
    if op == "answer":
        picked = request.get("picked")
        assessment.answer(
            str(request["criterion"]),
            None if request.get("text") is None else str(request["text"]).strip(),
            None if picked is None else [str(p) for p in picked],
            bool(request.get("na")),
        )
        return []
    if op == "evidence":
        assessment.evidence(str(request["criterion"]), str(request.get("text", "")).strip())
        return []
    if op in ("state", "advice"):  # "advice": the state, with the advice (see handle)
        return []
    raise Invalid(_("unknown request {op!r}").format(op=op))
