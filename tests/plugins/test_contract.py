"""The plugin contract: what a plugin kind, scheme or hook gets that a built-in gets."""

from __future__ import annotations

import tomllib
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tlcriteria import hookimpl
from tlcriteria.catalogue_loading import load_catalogue
from tlcriteria.cli import main
from tlcriteria.interfaces import AnswerKind, InvalidInput, RatingScheme, typed_literal
from tlcriteria.kinds.choice import Choice, Multi
from tlcriteria.kinds.number import Number, NumberConfig
from tlcriteria.kinds.scale import Scale, ScaleConfig
from tlcriteria.kinds.yes_no import YesNo
from tlcriteria.model import Option
from tlcriteria.plugins import build_plugins
from tlcriteria.registry import build_registry
from tlcriteria.schemes.thresholds import Thresholds

from ..conftest import EXAMPLES

# --------------------------------------------------------------------------- a plugin kind with defaults only


class Word(AnswerKind):
    """A one-word answer; full credit for "oui". Everything else is the interface's default."""

    name = "mot"

    def check_value(self, config, value):
        if isinstance(value, str) and value.strip():
            return None
        return "expected a word", "type a word"

    def credit(self, config, value):
        return Fraction(1) if value == "oui" else Fraction(0)


class Percent(AnswerKind):
    name = "pourcent"

    def check_value(self, config, value):
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100
        return None if ok else ("expected 0 to 100", "type a whole number")

    def credit(self, config, value):
        return Fraction(value, 100)


def test_default_parse_typed_reads_toml_values_then_the_text():
    assert Percent().parse_typed(None, "50") == 50
    assert Word().parse_typed(None, "50") == "50"  # refused as a number, taken as text
    assert Word().parse_typed(None, "n/a") == "n/a"
    with pytest.raises(InvalidInput) as refused:
        Percent().parse_typed(None, "beaucoup")
    assert str(refused.value) == "expected 0 to 100 (type a whole number)"
    assert typed_literal("12,5") == typed_literal("12.5") and str(typed_literal("12,5")) == "12.5"
    assert typed_literal('["a", "b"]') == ["a", "b"] and typed_literal("true") is True


def test_defaults_of_a_kind_without_options():
    kind = Percent()
    assert kind.best_value(None) is None and kind.max_credit(None) == 1
    assert kind.least_value(None, Fraction(1, 2)) is None
    assert kind.prompt_lines(None) == () and kind.typed_text(None, 50) == "50"
    assert next(iter(kind.config_changes(1, 2))).change == "settings" and not kind.config_changes(1, 1)


@pytest.fixture
def word_plugin(plugin_env):
    plugin_env.add(
        "mot",
        """
        from fractions import Fraction
        from tlcriteria import hookimpl
        from tlcriteria.interfaces import AnswerKind

        class Word(AnswerKind):
            name = "mot"

            def check_value(self, config, value):
                if isinstance(value, str) and value.strip():
                    return None
                return "expected a word", "type a word"

            def credit(self, config, value):
                return Fraction(1) if value == "oui" else Fraction(0)

        @hookimpl
        def tlcriteria_answer_kinds():
            return [Word()]
        """,
    )
    return plugin_env


SET = """\
[set]
id = "mots"
title = "Mots"
version = "1"
college = "mots"

[[criteria]]
id = "m-libre"
title = "Libre"
question = "Un mot ?"
kind = "mot"

[[criteria]]
id = "m-sans-objet"
title = "Sans objet"
question = "Un autre mot ?"
kind = "mot"
na_allowed = true

[[grades]]
grade = "A"
min_percent = 50
[[grades]]
grade = "B"
"""


def test_n_a_reaches_a_plugin_kind_where_the_criterion_does_not_allow_n_a(runner, word_plugin, tmp_path):
    criteria = tmp_path / "criteria"
    criteria.mkdir()
    (criteria / "mots.toml").write_text(SET, encoding="utf-8")
    place = tmp_path / "lieu.toml"
    lines = ["Le Lieu", "", "Caen", "1", "1", "", "", "", "", "", "", "Alex", "", "n/a", "n/a"]
    result = runner.invoke(
        main,
        ["--lang", "en", "assess", "--criteria", str(criteria), "-o", str(place)],
        input="\n".join(lines) + "\n",
    )
    assert result.exit_code == 0, result.output
    answers = tomllib.loads(place.read_text(encoding="utf-8"))["answers"]
    assert answers == {"m-libre": "n/a", "m-sans-objet": {"na": True}}
    assert "Answer with a value, or n/a (not applicable)" in result.stdout  # the default hint


# --------------------------------------------------------------------------- built-ins: least and best values


@given(st.fractions(min_value=0, max_value=1), st.integers(-5, 5), st.integers(1, 10))
def test_scale_least_value_is_the_smallest_reaching_the_credit(credit, low, span):
    kind, config = Scale(), ScaleConfig(low, low + span)
    value = kind.least_value(config, credit)
    assert kind.credit(config, value) >= credit
    assert value == low or kind.credit(config, value - 1) < credit


@given(st.fractions(min_value=0, max_value=1))
def test_number_least_value_is_the_smallest_threshold_reaching_the_credit(credit):
    kind = Number()
    config = NumberConfig(
        ((Fraction(1), Fraction(1, 4)), (Fraction(3), Fraction(1, 2)), (Fraction(5), Fraction(1)))
    )
    value = kind.least_value(config, credit)
    assert kind.credit(config, value) >= credit
    assert value == 0 or kind.credit(config, Fraction(value) - Fraction(1, 100)) < credit
    assert kind.best_value(config) == 5 and kind.max_credit(config) == 1


OPTIONS = (Option("a", "A", Fraction(1, 2)), Option("b", "B", Fraction(1, 4)), Option("c", "C", Fraction(1)))


@given(st.fractions(min_value=0, max_value=1))
def test_choice_and_multi_least_values_reach_the_credit(credit):
    for kind in (Choice(), Multi()):
        value = kind.least_value(OPTIONS, credit)
        assert value is not None and kind.check_value(OPTIONS, value) is None
        assert kind.credit(OPTIONS, value) >= credit
        assert kind.credit(OPTIONS, value) <= kind.max_credit(OPTIONS)


@st.composite
def kind_config_value(draw: st.DrawFn) -> tuple[AnswerKind, object, object]:
    """A built-in kind, a configuration of it and a valid answer."""
    which = draw(st.sampled_from(["yes-no", "scale", "choice", "multi", "number"]))
    if which == "yes-no":
        return YesNo(), None, draw(st.booleans())
    if which == "scale":
        low = draw(st.integers(-5, 5))
        high = draw(st.integers(low + 1, low + 10))
        return Scale(), ScaleConfig(low, high), draw(st.integers(low, high))
    if which == "number":
        config = NumberConfig(((Fraction(1), Fraction(1)),))
        value = draw(
            st.integers(0, 10**6) | st.decimals(0, 1000, places=2).filter(lambda d: d != d.to_integral())
        )
        return Number(), config, value
    if which == "choice":
        return Choice(), OPTIONS, draw(st.sampled_from([o.id for o in OPTIONS]))
    picked = draw(st.sets(st.sampled_from([o.id for o in OPTIONS])))
    return Multi(), OPTIONS, [o.id for o in OPTIONS if o.id in picked]


@given(kind_config_value())
def test_typed_text_gives_the_value_back(case):
    """What the questionnaire shows as the default, typed again, is the same answer."""
    kind, config, value = case
    assert kind.parse_typed(config, kind.typed_text(config, value)) == value


# --------------------------------------------------------------------------- a plugin scheme's own grade keys


class Badges(RatingScheme):
    name = "badges"
    grade_fields = (*Thresholds.grade_fields,)

    def grade(self, rules, tally):
        return rules.grades[0].grade


def test_a_plugin_schemes_own_grade_keys_are_kept_on_the_model(tmp_path):
    from tlcriteria.fields import Field

    class WithColour(Badges):
        grade_fields = (*Thresholds.grade_fields, Field("colour", "string", "Couleur du badge."))

    class Plugin:
        @hookimpl
        def tlcriteria_rating_schemes(self):
            return [WithColour()]

    plugins = build_plugins(entry_points_group=None)
    plugins.manager.register(Plugin(), name="badges")
    registry = build_registry(plugins)
    text = (EXAMPLES / "criteria" / "tiers-lieu.toml").read_text(encoding="utf-8")
    text = text.replace('extends = ["communs"]', 'extends = ["communs"]\nscheme = "badges"')
    text = text.replace('grade = "A"\n', 'grade = "A"\ncolour = "gold"\n', 1)
    folder = tmp_path / "criteria"
    folder.mkdir()
    (folder / "tiers-lieu.toml").write_text(text, encoding="utf-8")
    (folder / "communs.toml").write_bytes((EXAMPLES / "criteria" / "communs.toml").read_bytes())
    loaded_sets = load_catalogue(registry, (str(folder),))
    catalogue, problems = loaded_sets.catalogue, loaded_sets.problems
    assert not problems
    grades = catalogue.sets["tiers-lieu"].grades
    assert grades[0].keys["colour"] == "gold" and grades[0].min_percent == 80
    assert "colour" not in grades[1].keys


# --------------------------------------------------------------------------- hooks through pluggy's caller


def kind_named(name: str) -> AnswerKind:
    return type("Kind", (Percent,), {"name": name})()


def test_hook_wrappers_and_ordering_apply(tmp_path):
    calls: list[str] = []

    class Last:
        @hookimpl(trylast=True)
        def tlcriteria_answer_kinds(self):
            calls.append("last")
            return [kind_named("dernier")]

    class First:
        @hookimpl(tryfirst=True)
        def tlcriteria_answer_kinds(self):
            calls.append("first")
            return [kind_named("premier")]

    class Wrapper:
        @hookimpl(wrapper=True)
        def tlcriteria_answer_kinds(self):
            lists = yield
            # A wrapper sees every plugin's list and may change it: drop "dernier".
            return [[k for k in items if k.name != "dernier"] for items in lists]

    plugins = build_plugins(entry_points_group=None)
    for name, plugin in (("last", Last()), ("first", First()), ("wrapper", Wrapper())):
        plugins.manager.register(plugin, name=name)
    registry = build_registry(plugins)
    assert calls == ["first", "last"]
    assert "premier" in registry.kinds and "dernier" not in registry.kinds
    assert registry.owners[("answer kind", "premier")] == "first"
    assert not registry.errors


def test_a_plugin_raising_beside_a_wrapper_is_named_and_the_others_still_count():
    class Wrapper:
        @hookimpl(wrapper=True)
        def tlcriteria_answer_kinds(self):
            return (yield)

    class Broken:
        @hookimpl
        def tlcriteria_answer_kinds(self):
            raise RuntimeError("boom")

    class Fine:
        @hookimpl
        def tlcriteria_answer_kinds(self):
            return [kind_named("bon")]

    plugins = build_plugins(entry_points_group=None)
    for name, plugin in (("wrapper", Wrapper()), ("broken", Broken()), ("fine", Fine())):
        plugins.manager.register(plugin, name=name)
    registry = build_registry(plugins)
    assert "bon" in registry.kinds and "yes-no" in registry.kinds
    assert registry.errors == (
        "plugin 'broken' is broken: tlcriteria_answer_kinds raised RuntimeError: boom",
    )


def test_a_broken_wrapper_is_found_and_left_out():
    class BadWrapper:
        @hookimpl(wrapper=True)
        def tlcriteria_rating_schemes(self):
            yield
            raise ValueError("wrapper bug")

    plugins = build_plugins(entry_points_group=None)
    plugins.manager.register(BadWrapper(), name="bad-wrapper")
    registry = build_registry(plugins)
    assert "thresholds" in registry.schemes
    assert registry.errors == (
        "plugin 'bad-wrapper' is broken: tlcriteria_rating_schemes raised ValueError: wrapper bug",
    )


# --------------------------------------------------------------------------- advice asks for no more than needed

MODEST = """\
[set]
id = "modeste"
title = "Modeste"
version = "1"
college = "modeste"

[[criteria]]
id = "md-activites"
title = "Activités"
question = "Combien d'activités ?"
level = "must"
kind = "number"
thresholds = [[1, 0.25], [3, 0.5], [5, 1]]
pass = 0.5

[[criteria]]
id = "md-ouvert"
title = "Ouvert"
question = "Ouvert à tous ?"
kind = "yes-no"

[[grades]]
grade = "A"
require = "must"
[[grades]]
grade = "B"
"""


def test_advice_proposes_the_least_answer_that_satisfies_the_criterion(tmp_path):
    from tlcriteria.advice import next_grade
    from tlcriteria.model import Answer, Place

    registry = build_registry(build_plugins(entry_points_group=None))
    (tmp_path / "modeste.toml").write_text(MODEST, encoding="utf-8")
    loaded_sets = load_catalogue(registry, (str(tmp_path),))
    catalogue, problems = loaded_sets.catalogue, loaded_sets.problems
    assert not problems
    place = Place("lieu", "Lieu", "Caen", "existing", ("modeste",), {"md-activites": Answer(value=1)})
    advice = next_grade(place, catalogue.sets["modeste"], registry.kinds, registry.schemes["thresholds"])
    assert (advice.current, advice.target) == ("B", "A")
    [change] = advice.changes
    assert change.answer.value == 3 and change.shown == "3"  # 3 meets pass = 0.5; the best answer would be 5


def test_diff_reports_a_change_of_a_plugin_schemes_own_grade_key(tmp_path):
    from tlcriteria.diff.changes import grade_changes
    from tlcriteria.model import Grade

    old = (Grade("A", keys={"colour": "gold"}), Grade("B"))
    new = (Grade("A", keys={"colour": "silver"}), Grade("B"))
    [change] = grade_changes("s", old, new)
    assert (change.id, change.change, change.old, change.new) == ("A", "colour", "gold", "silver")


def test_published_answers_stay_in_french_whatever_the_language(runner):
    args = ["publish", str(EXAMPLES / "places"), "--criteria", str(EXAMPLES / "criteria"), "-f", "html"]
    args += ["--date", "2026-01-01"]
    french, english = (runner.invoke(main, ["--lang", lang, *args]) for lang in ("fr", "en"))
    assert french.exit_code == 0 and english.exit_code == 0, english.output
    assert french.stdout == english.stdout and '"oui"' in french.stdout


def test_number_max_is_in_its_value_schema_and_its_changes():
    kind = Number()
    plain = NumberConfig(((Fraction(1), Fraction(1)),))
    capped = NumberConfig(((Fraction(1), Fraction(1)),), max=168)
    assert kind.config_value_schema(capped) == {"type": "number", "minimum": 0, "maximum": 168}
    assert kind.config_value_schema(plain) == {"type": "number", "minimum": 0}
    [change] = kind.config_changes(plain, capped)
    assert (change.change, change.old, change.new) == ("max", None, 168)
