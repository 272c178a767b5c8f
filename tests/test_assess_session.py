"""The questionnaire's state machine, without a terminal: typed lines in, prompts out."""

from __future__ import annotations

from tlcriteria.assess.session import Session, slugify
from tlcriteria.assess.store import PlaceFile, dumps
from tlcriteria.catalogue_loading import load_catalogue
from tlcriteria.i18n import set_language

from .conftest import EXAMPLES


def session(registry, data: dict | None = None, **options) -> tuple[Session, list[dict]]:
    loaded_sets = load_catalogue(registry, [EXAMPLES / "criteria"])
    catalogue, problems = loaded_sets.catalogue, loaded_sets.problems
    assert not problems
    store = PlaceFile(None, data or {}, original=None if data is None else "")
    saved: list[dict] = []

    def save() -> list[str]:
        saved.append(dumps(store.data))
        return []

    return Session(store, catalogue, registry.kinds, save=save, **options), saved


def test_identity_then_criteria_saving_after_each_answer(registry) -> None:
    set_language("en")
    s, saved = session(registry)
    assert "Name of the place" in s.prompt().label
    for line in ["Le Lieu", "", "Caen", "3"]:
        assert s.feed(line) == []
    assert saved == []  # no valid file is possible before the colleges are known
    assert s.feed("9") == ["9 is not in the list: type numbers from 1 to 2."]
    s.feed("tiers-lieu")
    assert len(saved) == 1
    for line in [""] * 8:  # optional identity and identity card left out
        s.feed(line)
    assert "Question 1 / 6 — theme: ouverture" in s.prompt().text.splitlines()
    s.feed("yes")
    assert len(saved) == 2 and "liberte-usagers = true" in saved[-1]
    s.feed("back")
    assert "[yes]" in s.prompt().label
    s.feed("quit")
    assert s.finished and s.quit
    assert s.store.data["place"]["id"] == "le-lieu" and s.store.data["place"]["stage"] == "project"


def test_resume_and_evidence(registry) -> None:
    set_language("en")
    data = {
        "place": {"id": "p", "name": "P", "town": "T", "stage": "existing", "colleges": ["tiers-lieu"]},
        "answers": {"co-construction": 3},
    }
    s, _saved = session(registry, data)
    # the answer without its justification: its evidence is asked
    assert s.prompt().label.startswith("Answer")  # liberte-usagers first
    s.feed("skip")
    s.feed("skip")
    s.feed("skip")
    assert s.prompt().label.startswith("Justification")
    assert s.feed("abc") == ["Too short: write at least 5 characters."]
    # refused as check refuses it in the file: an invisible character that reorders the text
    assert s.feed("Assemblée \u202eannuelle") == [
        "The justification holds a bidirectional override (U+202E), which reorders the text on screen: "
        "remove that invisible character."
    ]
    s.feed("Assemblée annuelle")
    assert data["answers"]["co-construction"] == {"value": 3, "justification": "Assemblée annuelle"}


def test_helpers() -> None:
    assert slugify("L'Atelier Mobile — Caen") == "l-atelier-mobile-caen"
