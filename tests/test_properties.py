"""Properties of the scoring that must hold for any criteria set and any place.

Criteria sets and places are generated as TOML data (the dictionaries a
person's file parses to), written with tomli-w, read back with tomllib
(decimals as Decimal) and loaded by the real loaders, so every example is
also a valid file a working group could write.
"""

from __future__ import annotations

import json
import random
import tempfile
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tlcriteria import plugins as plugins_module
from tlcriteria.catalogue import build_catalogue
from tlcriteria.catalogue_loading import sets_from
from tlcriteria.cli import main
from tlcriteria.documents import Document, Locator
from tlcriteria.model import Rating
from tlcriteria.place_checks import places_from
from tlcriteria.place_loading import rate_places
from tlcriteria.rating_record import rating_record

from .conftest import EXAMPLES

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FILE_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

THEMES = ("ouverture", "gouvernance", "reseau")
JUSTIFICATIONS = ("", "ok", "Assemblée des usagers chaque mois", "voir https://exemple.org/preuve")


@pytest.fixture(autouse=True)
def builtins_only(monkeypatch):
    """Installed third-party plugins must not change what these tests see."""
    monkeypatch.setattr(plugins_module, "entry_points", lambda group: [])


# --------------------------------------------------------------------------- strategies

decimal_credit = st.decimals(min_value=0, max_value=1, places=2)
weight = st.one_of(st.integers(1, 5), st.decimals(min_value=Decimal("0.1"), max_value=10, places=1))


@st.composite
def criterion(draw: st.DrawFn, criterion_id: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(["yes-no", "scale", "choice", "multi", "number"]))
    table: dict[str, Any] = {
        "id": criterion_id,
        "title": f"Critère {criterion_id}",
        "question": "Question ?",
        "kind": kind,
        "weight": draw(weight),
        "level": draw(st.sampled_from(["must", "should", "may"])),
        "na_allowed": draw(st.booleans()),
        "evidence": draw(st.sampled_from(["none", "none", "justification", "url"])),
        "pass": draw(st.decimals(min_value=Decimal("0.05"), max_value=1, places=2)),
    }
    theme = draw(st.sampled_from((None, *THEMES)))
    if theme:
        table["theme"] = theme
    if draw(st.integers(0, 9)) == 0:
        table["status"] = draw(st.sampled_from(["future", "retired"]))
    if kind == "scale":
        low = draw(st.integers(-3, 3))
        table["min"], table["max"] = low, low + draw(st.integers(1, 6))
    elif kind in ("choice", "multi"):
        count = draw(st.integers(2, 5))
        table["options"] = [
            {"id": f"o{i}", "label": f"Option {i}", "credit": draw(decimal_credit)} for i in range(count)
        ]
    elif kind == "number":
        steps = draw(st.lists(st.integers(0, 50), min_size=1, max_size=4, unique=True))
        credits = sorted(draw(st.lists(decimal_credit, min_size=len(steps), max_size=len(steps))))
        table["thresholds"] = [[at, credit] for at, credit in zip(sorted(steps), credits, strict=True)]
    return table


@st.composite
def grades(draw: st.DrawFn) -> list[dict[str, Any]]:
    floors = draw(st.lists(st.decimals(min_value=1, max_value=100, places=1), max_size=4, unique=True))
    result = []
    for i, floor in enumerate(sorted(floors, reverse=True)):
        grade: dict[str, Any] = {"grade": "ABCDE"[i], "min_percent": floor}
        grade["require"] = draw(st.sampled_from(["none", "must", "should"]))
        if draw(st.booleans()):
            grade["min_theme_percent"] = draw(st.decimals(min_value=0, max_value=100, places=0))
        result.append(grade)
    result.append({"grade": "Z", "label": "Tout lieu"})
    return result


@st.composite
def criteria_set(draw: st.DrawFn, set_id: str, college: str | None, extends: tuple[str, ...] = ()):
    count = draw(st.integers(1 if college is None else 0, 6))
    data: dict[str, Any] = {
        "set": {"id": set_id, "title": f"Jeu {set_id}", "version": "1"},
        "criteria": [draw(criterion(f"{set_id}-{i}")) for i in range(count)],
    }
    if college:
        data["set"]["college"] = college
        data["grades"] = draw(grades())
    if extends:
        data["set"]["extends"] = list(extends)
    if not data["criteria"]:
        del data["criteria"]
    return data


@st.composite
def catalogue_data(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A shared base set and one or two college sets, most extending it."""
    sets = [draw(criteria_set("base", None))]
    for college in draw(st.sampled_from([("un",), ("un", "deux")])):
        extends = ("base",) if draw(st.integers(0, 3)) else ()
        sets.append(draw(criteria_set(f"jeu-{college}", college, extends)))
    return sets


def all_criteria(sets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for s in sets for c in s.get("criteria", [])]


@st.composite
def answer_value(draw: st.DrawFn, crit: dict[str, Any]) -> Any:
    kind = crit["kind"]
    if kind == "yes-no":
        return draw(st.booleans())
    if kind == "scale":
        return draw(st.integers(crit["min"], crit["max"]))
    ids = [o["id"] for o in crit.get("options", [])]
    if kind == "choice":
        return draw(st.sampled_from(ids))
    if kind == "multi":
        return draw(st.lists(st.sampled_from(ids), unique=True))
    return draw(st.one_of(st.integers(0, 60), st.decimals(min_value=0, max_value=60, places=2)))


@st.composite
def answer(draw: st.DrawFn, crit: dict[str, Any]) -> Any:
    """Absent (None), n/a when allowed, short form or long form with evidence."""
    choices = ["absent", "short", "long", "long"] + (["na"] if crit["na_allowed"] else [])
    form = draw(st.sampled_from(choices))
    if form == "absent":
        return None
    if form == "na":
        return {"na": True, "justification": "Sans objet ici"}
    value = draw(answer_value(crit))
    if form == "short":
        return value
    long: dict[str, Any] = {"value": value}
    justification = draw(st.sampled_from(JUSTIFICATIONS))
    if justification:
        long["justification"] = justification
    if draw(st.booleans()):
        long["url"] = "https://exemple.org/piece"
    return long


def place_for(sets: list[dict[str, Any]], answers: dict[str, Any], place_id: str = "lieu") -> dict[str, Any]:
    colleges = [s["set"]["college"] for s in sets if "college" in s["set"]]
    return {
        "place": {
            "id": place_id,
            "name": f"Lieu {place_id}",
            "town": "Caen",
            "stage": "existing",
            "colleges": colleges,
        },
        "contact": {"email": "prive@example.org"},
        "answers": {k: v for k, v in answers.items() if v is not None},
    }


@st.composite
def answers_for(draw: st.DrawFn, sets: list[dict[str, Any]]) -> dict[str, Any]:
    return {c["id"]: draw(answer(c)) for c in all_criteria(sets)}


@st.composite
def scenario(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    sets = draw(catalogue_data())
    return sets, draw(answers_for(sets))


# --------------------------------------------------------------------------- loading helpers


def document(data: dict[str, Any], path: str, *, via_toml: bool = True) -> Document:
    """A document as the loader gets it; by default after a tomli-w / tomllib round trip."""
    text = tomli_w.dumps(data)
    parsed = tomllib.loads(text, parse_float=Decimal) if via_toml else data
    return Document(path, parsed, Locator(text))


def rate_data(
    registry, sets: list[dict[str, Any]], places: list[dict[str, Any]], *, via_toml: bool = True
) -> list[Rating]:
    docs = [document(s, f"{s['set']['id']}.toml", via_toml=via_toml) for s in sets]
    loaded, problems, _partly = sets_from(docs, registry)
    assert not problems, [str(p) for p in problems]
    catalogue, problems = build_catalogue([], loaded, registry.kinds, registry.schemes)
    assert not problems, [str(p) for p in problems]
    place_docs = [document(p, f"{p['place']['id']}.toml", via_toml=via_toml) for p in places]
    checked = places_from(place_docs, catalogue, registry)
    valid, problems = checked.places, checked.problems
    assert not problems, [str(p) for p in problems]
    return rate_places(valid, catalogue, registry)


def grade_rank(sets: list[dict[str, Any]], rating: Rating) -> int:
    """Position of the grade in [[grades]]: 0 is the best."""
    names = [g["grade"] for g in next(s for s in sets if s["set"]["id"] == rating.rules.id)["grades"]]
    return names.index(rating.grade)


# --------------------------------------------------------------------------- properties


@SETTINGS
@given(scenario())
def test_percent_stays_within_0_and_100(registry, case):
    sets, answers = case
    for rating in rate_data(registry, sets, [place_for(sets, answers)]):
        if rating.percent is None:  # every criterion n/a (or none active): unrated
            assert rating.grade is None
            assert all(r.outcome == "na" for r in rating.results)
            continue
        assert 0 <= rating.percent <= 100
        assert all(0 <= p <= 100 for p in rating.themes.values())
        assert all(0 <= r.credit <= 1 for r in rating.results)
        assert rating.grade is not None  # the last grade is unconditional


@st.composite
def more_credit(draw: st.DrawFn, crit: dict[str, Any], value: Any) -> Any:
    """A value of this criterion worth at least `value`'s credit (any value when unanswered)."""
    kind = crit["kind"]
    if value is None:
        return draw(answer_value(crit))
    if kind == "yes-no":
        return True
    if kind == "scale":
        return draw(st.integers(value, crit["max"]))
    if kind == "choice":
        credit = {o["id"]: o["credit"] for o in crit["options"]}
        return draw(st.sampled_from([o for o in credit if credit[o] >= credit[value]]))
    if kind == "multi":
        extra = draw(st.lists(st.sampled_from([o["id"] for o in crit["options"]]), unique=True))
        return value + [o for o in extra if o not in value]
    return value + draw(st.integers(0, 30))


@st.composite
def raised(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any]]:
    """A scenario and the same answers with one of them given more credit."""
    sets, answers = draw(scenario())
    candidates = [
        c
        for c in all_criteria(sets)
        if not (isinstance(answers[c["id"]], dict) and answers[c["id"]].get("na"))
    ]
    assume(candidates)
    crit = draw(st.sampled_from(candidates))
    before = answers[crit["id"]]
    value = before.get("value") if isinstance(before, dict) else before
    new = draw(more_credit(crit, value))
    after = dict(answers)
    after[crit["id"]] = {**before, "value": new} if isinstance(before, dict) else new
    return sets, answers, after


@SETTINGS
@given(raised())
def test_more_credit_never_lowers_percent_or_grade(registry, case):
    sets, before, after = case
    low = rate_data(registry, sets, [place_for(sets, before)])
    high = rate_data(registry, sets, [place_for(sets, after)])
    for a, b in zip(low, high, strict=True):
        assert a.rules.id == b.rules.id
        if a.percent is None:
            continue
        assert b.percent >= a.percent
        assert grade_rank(sets, b) <= grade_rank(sets, a), (a.grade, b.grade)


@st.composite
def na_toggle(draw: st.DrawFn):
    """A scenario where one n/a-able criterion is answered, and the same with it n/a."""
    sets, answers = draw(scenario())
    candidates = [c for c in all_criteria(sets) if c["na_allowed"] and c.get("status", "active") == "active"]
    assume(candidates)
    crit = draw(st.sampled_from(candidates))
    answered = dict(answers)
    answered[crit["id"]] = draw(answer(crit).filter(lambda a: not (isinstance(a, dict) and a.get("na"))))
    na = dict(answers)
    na[crit["id"]] = {"na": True}
    return sets, crit["id"], answered, na


@SETTINGS
@given(na_toggle())
def test_na_removes_exactly_that_weight_from_the_denominator(registry, case):
    sets, criterion_id, answered, na = case
    with_answer = rate_data(registry, sets, [place_for(sets, answered)])
    with_na = rate_data(registry, sets, [place_for(sets, na)])
    for a, b in zip(with_answer, with_na, strict=True):
        result = next((r for r in a.results if r.criterion.id == criterion_id), None)
        if result is None:  # this set does not hold the criterion: nothing changes
            assert rating_record(a) == rating_record(b)
            continue
        assert next(r for r in b.results if r.criterion.id == criterion_id).outcome == "na"
        applicable = [r for r in a.results if r.outcome != "na"]
        total = sum((r.criterion.weight for r in applicable), Fraction(0))
        points = sum((r.criterion.weight * r.credit for r in applicable), Fraction(0))
        assert a.percent == 100 * points / total
        w = result.criterion.weight
        if total == w:  # it was the only applicable criterion: now unrated
            assert b.percent is None and b.grade is None
        else:
            assert b.percent == 100 * (points - w * result.credit) / (total - w)
        # every other criterion comes out the same
        assert [
            (r.criterion.id, r.outcome, r.credit) for r in a.results if r.criterion.id != criterion_id
        ] == [(r.criterion.id, r.outcome, r.credit) for r in b.results if r.criterion.id != criterion_id]


@SETTINGS
@given(scenario())
def test_place_written_with_tomli_w_and_read_back_rates_the_same(registry, case):
    sets, answers = case
    place = place_for(sets, answers)
    direct = rate_data(registry, sets, [place], via_toml=False)
    text = tomli_w.dumps(place)
    reread = tomllib.loads(text, parse_float=Decimal)
    assert reread == place
    again = rate_data(registry, sets, [reread])
    assert [rating_record(r) for r in direct] == [rating_record(r) for r in again]


def test_example_places_rewritten_with_tomli_w_rate_the_same(runner, tmp_path):
    def score(places: Path) -> str:
        result = runner.invoke(
            main,
            ["score", str(places), "--criteria", str(EXAMPLES / "criteria"), "--format", "json"],
        )
        assert result.exit_code == 0, result.output
        return result.stdout

    rewritten = tmp_path / "places"
    rewritten.mkdir()
    for path in sorted((EXAMPLES / "places").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        (rewritten / path.name).write_text(tomli_w.dumps(data), encoding="utf-8")
    assert score(rewritten) == score(EXAMPLES / "places")


# --------------------------------------------------------------------------- order and determinism


@st.composite
def network(draw: st.DrawFn):
    sets = draw(catalogue_data())
    count = draw(st.integers(1, 4))
    places = [place_for(sets, draw(answers_for(sets)), f"lieu-{i}") for i in range(count)]
    seed = draw(st.integers(0, 2**32 - 1))
    return sets, places, seed


def write_network(root: Path, sets, places, rng: random.Random | None) -> tuple[Path, Path]:
    """Write the files; with `rng`, under shuffled names and in a shuffled order."""
    criteria, lieux = root / "criteria", root / "places"
    criteria.mkdir()
    lieux.mkdir()
    for folder, items in ((criteria, sets), (lieux, places)):
        names = [f"f{i:02d}.toml" for i in range(len(items))]
        order = list(range(len(items)))
        if rng:
            rng.shuffle(names)
            rng.shuffle(order)
        for i in order:
            (folder / names[i]).write_text(tomli_w.dumps(items[i]), encoding="utf-8")
    return criteria, lieux


@FILE_SETTINGS
@given(network())
def test_order_of_files_sets_and_places_changes_nothing(runner, case):
    sets, places, seed = case
    rng = random.Random(seed)
    outputs = []
    with tempfile.TemporaryDirectory() as tmp:
        for variant in range(2):
            root = Path(tmp) / str(variant)
            root.mkdir()
            criteria, lieux = write_network(root, sets, places, rng if variant else None)
            place_args = sorted(str(p) for p in lieux.glob("*.toml"))
            if variant:
                rng.shuffle(place_args)
            result = runner.invoke(
                main, ["score", *place_args, "--criteria", str(criteria), "--format", "json"]
            )
            assert result.exit_code == 0, result.output
            outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    records = json.loads(outputs[0])
    assert [(r["place"], r["set"]) for r in records] == sorted((r["place"], r["set"]) for r in records)


@FILE_SETTINGS
@given(network())
def test_json_output_is_identical_across_runs(runner, case):
    sets, places, _seed = case
    with tempfile.TemporaryDirectory() as tmp:
        criteria, lieux = write_network(Path(tmp), sets, places, None)
        args = ["score", str(lieux), "--criteria", str(criteria), "--format", "json"]
        first, second = runner.invoke(main, args), runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert first.stdout_bytes == second.stdout_bytes
    assert "prive@example.org" not in first.stdout  # [contact] never leaves the place file


@SETTINGS
@given(scenario(), st.randoms(use_true_random=False))
def test_order_of_keys_and_sets_in_memory_changes_nothing(registry, case, rnd):
    """Shuffling the sets, the answers and the keys of every table gives the same records."""
    sets, answers = case
    place = place_for(sets, answers)
    reference = [rating_record(r) for r in rate_data(registry, sets, [place])]

    def shuffled(value: Any) -> Any:
        if isinstance(value, dict):
            items = list(value.items())
            rnd.shuffle(items)
            return {k: shuffled(v) for k, v in items}
        if (
            isinstance(value, list)
            and all(isinstance(v, dict) for v in value)
            and value
            and "grade" in value[0]
        ):
            return [shuffled(v) for v in value]  # [[grades]] order is meaningful
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return [shuffled(v) for v in value]  # criteria order is meaningful too
        return value

    other_sets = [shuffled(s) for s in sets]
    rnd.shuffle(other_sets)
    again = [rating_record(r) for r in rate_data(registry, other_sets, [shuffled(place)])]
    assert json.dumps(again, sort_keys=True) == json.dumps(reference, sort_keys=True)


# --------------------------------------------------------------------------- set_digest


def digests(registry, sets: list[dict[str, Any]]) -> dict[str, str]:
    docs = [document(s, f"{s['set']['id']}.toml") for s in sets]
    loaded, problems, _partly = sets_from(docs, registry)
    assert not problems, [str(p) for p in problems]
    catalogue, problems = build_catalogue([], loaded, registry.kinds, registry.schemes)
    assert not problems, [str(p) for p in problems]
    return {set_id: rules.digest for set_id, rules in catalogue.sets.items()}


@SETTINGS
@given(catalogue_data(), st.randoms(use_true_random=False))
def test_set_digest_follows_the_rules_not_the_layout(registry, sets, rnd):
    reference = digests(registry, sets)
    # Key order, and writing 2 as 2.0, change nothing.
    relaid = []
    for s in sets:
        copy = {k: (dict(v) if isinstance(v, dict) else [dict(c) for c in v]) for k, v in s.items()}
        for table in copy.get("criteria", []):
            items = list(table.items())
            rnd.shuffle(items)
            table.clear()
            table.update(items)
            if isinstance(table["weight"], int):
                table["weight"] = Decimal(table["weight"]).quantize(Decimal("0.0"))
        relaid.append(copy)
    assert digests(registry, relaid) == reference
    # A changed weight in the base set changes the digest of every set that includes it.
    changed = [dict(s) for s in sets]
    base = changed[0]
    base["criteria"] = [dict(c) for c in base["criteria"]]
    base["criteria"][0]["weight"] = base["criteria"][0]["weight"] + 1
    after = digests(registry, changed)
    for s in sets:
        set_id = s["set"]["id"]
        includes_base = set_id == "base" or "base" in s["set"].get("extends", [])
        assert (after[set_id] != reference[set_id]) == includes_base, set_id


# --------------------------------------------------------------------------- exact decimals


def tiny_set(criteria: list[dict[str, Any]], grade_floors: list[Any]) -> dict[str, Any]:
    return {
        "set": {"id": "exact", "title": "Exact", "version": "1", "college": "un"},
        "criteria": [{"title": c["id"], "question": "?", "kind": "yes-no", **c} for c in criteria],
        "grades": [{"grade": f"G{i}", "min_percent": f} for i, f in enumerate(grade_floors)]
        + [{"grade": "Z"}],
    }


def rate_one(registry, set_data: dict[str, Any], answers: dict[str, Any]) -> Rating:
    (rating,) = rate_data(registry, [set_data], [place_for([set_data], answers)])
    return rating


def test_tenths_add_up_exactly(registry):
    """0.1 + 0.2 out of 0.1 + 0.2 + 0.3 is exactly 50 %, not 49.999…: the 50 % grade is reached."""
    data = tiny_set(
        [
            {"id": "a", "weight": Decimal("0.1")},
            {"id": "b", "weight": Decimal("0.2")},
            {"id": "c", "weight": Decimal("0.3")},
        ],
        [Decimal("50")],
    )
    rating = rate_one(registry, data, {"a": True, "b": True, "c": False})
    assert rating.percent == 50
    assert rating.grade == "G0"
    assert rating_record(rating)["percent"] == 50.0
    # and against 0.3 alone, 0.1 + 0.2 is the same weight
    data = tiny_set(
        [
            {"id": "a", "weight": Decimal("0.1")},
            {"id": "b", "weight": Decimal("0.2")},
            {"id": "c", "weight": Decimal("0.3")},
        ],
        [Decimal("50.0")],
    )
    rating = rate_one(registry, data, {"a": False, "b": False, "c": True})
    assert rating.percent == 50 and rating.grade == "G0"


@pytest.mark.parametrize(
    ("weights", "answers"),
    [
        ([4, 1], [True, False]),
        ([Decimal("0.8"), Decimal("0.2")], [True, False]),
        ([Decimal("0.7"), Decimal("0.1"), Decimal("0.2")], [True, True, False]),
        ([Decimal("2.4"), Decimal("0.6")], [True, False]),
    ],
)
def test_a_place_at_exactly_80_percent_gets_the_80_percent_grade(registry, weights, answers):
    data = tiny_set(
        [{"id": f"c{i}", "weight": w} for i, w in enumerate(weights)],
        [Decimal("80"), Decimal("50")],
    )
    rating = rate_one(registry, data, {f"c{i}": a for i, a in enumerate(answers)})
    assert rating.percent == 80
    assert rating.grade == "G0"


def test_scale_and_number_credits_are_exact(registry):
    data = {
        "set": {"id": "exact", "title": "Exact", "version": "1", "college": "un"},
        "criteria": [
            {"id": "s", "title": "s", "question": "?", "kind": "scale", "min": 0, "max": 5},
            {
                "id": "n",
                "title": "n",
                "question": "?",
                "kind": "number",
                "thresholds": [[Decimal("0.1"), Decimal("0.8")], [Decimal("0.3"), 1]],
            },
        ],
        "grades": [{"grade": "A", "min_percent": Decimal("80.0")}, {"grade": "B"}],
    }
    # 4/5 = 0.8; 0.1 + 0.2 reaches the 0.3 threshold only with exact decimals: (0.8 + 1) / 2 = 90 %
    rating = rate_one(registry, data, {"s": 4, "n": Decimal("0.30")})
    assert rating.percent == 90 and rating.grade == "A"
    rating = rate_one(registry, data, {"s": 4, "n": Decimal("0.29999")})
    assert rating.percent == 80 and rating.grade == "A"
    rating = rate_one(registry, data, {"s": 3, "n": Decimal("0.29999")})
    assert rating.percent == 70 and rating.grade == "B"


@pytest.mark.parametrize(
    ("percent_num", "percent_den", "shown"),
    [(1625, 20, 81.2), (1615, 20, 80.7), (2, 3, 0.6), (200, 3, 66.6), (1, 20, 0.0), (3996, 100, 39.9)],
)
def test_display_rounds_down(percent_num, percent_den, shown):
    from tlcriteria.rating_record import round_down

    assert round_down(Fraction(percent_num, percent_den), 1) == shown
