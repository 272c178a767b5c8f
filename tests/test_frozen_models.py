"""Models are truly immutable and hashable: nothing a model holds can be changed in place,
and equal models hash equal (so caches are keyed by the models themselves)."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Iterator
from decimal import Decimal

import attrs
import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from tlcriteria import model
from tlcriteria.frozen import Deferred, FrozenDict, FrozenList, deep_frozen
from tlcriteria.model import Answer, Place
from tlcriteria.place_loading import load_places

from .conftest import EXAMPLES

# What a TOML file can hold, nested.
toml_leaves = st.booleans() | st.integers() | st.text(max_size=5) | st.decimals(allow_nan=False, places=2)
toml_values = st.recursive(
    toml_leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def loaded(registry):
    return load_places(registry, [EXAMPLES / "places"], [EXAMPLES / "criteria"])


def every_model(loaded) -> Iterator[object]:
    """Every model object reachable from the worked examples' places, sets and ratings."""
    from tlcriteria.engine import rate
    from tlcriteria.plugins import build_plugins
    from tlcriteria.registry import build_registry

    registry = build_registry(build_plugins(entry_points_group=None))
    seen: set[int] = set()
    todo: list[object] = [*loaded.places, *loaded.catalogue.sets.values()]
    todo += [
        rate(place, rules, registry.kinds, registry.schemes[rules.scheme])
        for place in loaded.places[:3]
        for rules in loaded.catalogue.sets.values()
    ]
    while todo:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if attrs.has(type(item)) and type(item).__module__ == model.__name__:
            yield item
            todo += [getattr(item, a.name) for a in attrs.fields(type(item))]
        elif isinstance(item, dict | list | tuple):
            todo += list(item.values() if isinstance(item, dict) else item)


def test_every_model_of_the_examples_refuses_change_and_hashes_like_its_copy(loaded):
    kinds = set()
    for item in every_model(loaded):
        kinds.add(type(item).__name__)
        name = attrs.fields(type(item))[0].name
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(item, name, None)
        twin = copy.deepcopy(item)
        assert twin == item and hash(twin) == hash(item)
        assert pickle.loads(pickle.dumps(item)) == item
        for field in attrs.fields(type(item)):
            value = getattr(item, field.name)
            if isinstance(value, dict):
                assert type(value) is FrozenDict, (type(item).__name__, field.name)
                with pytest.raises(TypeError):
                    value["new"] = 1  # type: ignore[index]
    assert {"Place", "Answer", "Criterion", "CriteriaSet", "ResolvedSet", "Grade", "Rating"} <= kinds
    assert {"CriterionResult", "Option"} <= kinds


def test_a_place_answers_cannot_be_changed_in_place(loaded):
    place = next(p for p in loaded.places if p.answers)
    with pytest.raises(TypeError, match="read-only"):
        place.answers["x"] = Answer(True)  # type: ignore[index]
    with pytest.raises(TypeError):
        place.answers.clear()  # type: ignore[attr-defined]
    assert hash(place) == hash(attrs.evolve(place))


def test_a_criterion_hashes_and_keys_a_dict(loaded):
    criteria = [c for rules in loaded.catalogue.sets.values() for c in rules.criteria]
    by_criterion = {c: c.id for c in criteria}
    for c in criteria:
        assert by_criterion[copy.deepcopy(c)] == c.id


def test_a_criterion_hashes_whatever_its_kind_configuration(loaded):
    class Settings:  # a plugin's configuration: compared, not hashable
        def __init__(self, limit: int) -> None:
            self.limit = limit

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Settings) and other.limit == self.limit

    rules = next(iter(loaded.catalogue.sets.values()))
    first = rules.criteria[0]
    changed = attrs.evolve(first, config=Settings(3))
    assert hash(changed) == hash(attrs.evolve(first, config=Settings(3)))
    assert changed == attrs.evolve(first, config=Settings(3)) != attrs.evolve(first, config=Settings(4))
    assert hash(attrs.evolve(rules, criteria=(changed, *rules.criteria[1:])))
    assert attrs.evolve(first, config={"a": [1]}).config == {"a": [1]}
    with pytest.raises(TypeError):
        attrs.evolve(first, config={"a": [1]}).config["a"].append(2)  # type: ignore[index]


def test_a_list_answer_is_a_read_only_list():
    answer = Answer(["a", "b"])
    assert answer.value == ["a", "b"] and isinstance(answer.value, list)
    assert json.loads(json.dumps(answer.value)) == ["a", "b"]
    assert tomli_w.dumps({"v": answer.value}) == 'v = [\n    "a",\n    "b",\n]\n'
    with pytest.raises(TypeError, match="read-only"):
        answer.value.append("c")  # type: ignore[union-attr]
    assert hash(answer) == hash(Answer(["a", "b"]))


@given(toml_values)
def test_deep_frozen_values_equal_what_they_freeze_and_hash_by_value(value):
    frozen = deep_frozen(value)
    assert frozen == value
    assert hash(frozen) == hash(deep_frozen(copy.deepcopy(value)))
    assert pickle.loads(pickle.dumps(frozen)) == frozen
    assert copy.deepcopy(frozen) == frozen
    if isinstance(value, list | dict):
        assert json.dumps(frozen, default=str) == json.dumps(value, default=str)


@given(st.dictionaries(st.text(max_size=3), st.integers(), min_size=1))
def test_a_frozen_dict_refuses_every_change(items):
    frozen = FrozenDict(items)
    key = next(iter(items))
    for change in (
        lambda d: d.__setitem__(key, 0),
        lambda d: d.__delitem__(key),
        lambda d: d.update({key: 0}),
        lambda d: d.setdefault("new", 0),
        lambda d: d.pop(key),
        lambda d: d.popitem(),
        lambda d: d.clear(),
        lambda d: d.__ior__({key: 0}),
    ):
        with pytest.raises(TypeError):
            change(frozen)
    assert frozen == items


@given(st.lists(st.integers(), min_size=1))
def test_a_frozen_list_refuses_every_change(items):
    frozen = FrozenList(items)
    for change in (
        lambda v: v.__setitem__(0, 1),
        lambda v: v.__delitem__(0),
        lambda v: v.append(1),
        lambda v: v.extend([1]),
        lambda v: v.insert(0, 1),
        lambda v: v.remove(items[0]),
        lambda v: v.pop(),
        lambda v: v.clear(),
        lambda v: v.sort(),
        lambda v: v.reverse(),
        lambda v: v.__iadd__([1]),
        lambda v: v.__imul__(2),
    ):
        with pytest.raises(TypeError):
            change(frozen)
    assert frozen == items and hash(frozen) == hash(tuple(items))


def test_equal_places_hash_equal_whatever_the_order_of_their_answers():
    one = Place("p", "P", "T", "existing", ("x",), {"a": Answer(True), "b": Answer(Decimal("2.5"))})
    two = Place("p", "P", "T", "existing", ("x",), {"b": Answer(Decimal("2.5")), "a": Answer(True)})
    assert one == two and hash(one) == hash(two)


def test_each_vocabulary_is_its_literal_type():
    from typing import get_args

    assert model.LEVELS == get_args(model.Level) == ("must", "should", "may")
    assert get_args(model.Outcome) == model.OUTCOMES
    assert model.EVIDENCE == ("none", "justification", "url")
    assert model.STAGES == ("existing", "creating", "project")


def test_a_deferred_mapping_is_worked_out_once_and_read_only() -> None:
    """`Deferred` (a set's key lines): made on first use only, then a read-only mapping like any."""
    calls: list[int] = []

    def make() -> dict[str, int]:
        calls.append(1)
        return {"id": 2, "title": 3}

    lines = Deferred(make)
    assert calls == []  # nothing asked yet
    assert lines == {"id": 2, "title": 3} and lines.get("title") == 3 and "x" not in lines
    assert len(lines) == 2 and list(lines) == ["id", "title"] and calls == [1]
    assert hash(lines) == hash(FrozenDict({"id": 2, "title": 3}))
    with pytest.raises(TypeError):
        lines["id"] = 5  # type: ignore[index]
    for again in (pickle.loads(pickle.dumps(lines)), copy.deepcopy(lines)):
        assert type(again) is FrozenDict and again == lines
    assert calls == [1]


def test_a_set_s_key_lines_are_found_only_when_asked(registry, monkeypatch) -> None:
    """Reading valid sets asks toml_rs for no key position (they cost more than the parse)."""
    import toml_rs

    from tlcriteria.catalogue_loading import load_catalogue

    asked: list[str] = []
    positions = toml_rs.load_with_metadata
    monkeypatch.setattr(
        toml_rs, "load_with_metadata", lambda text, **kw: asked.append(text) or positions(text, **kw)
    )
    catalogue = load_catalogue(registry, [EXAMPLES / "criteria"]).catalogue
    assert asked == []
    rules = next(iter(catalogue.sets.values()))
    assert rules.set.line is not None and rules.set.lines["id"] > rules.set.line  # below `[set]`
    assert len(asked) == 1
