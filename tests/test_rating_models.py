"""The rating models of SPEC §9, declared in set files and used from the command line.

`na = "met"`, evidence per option and for n/a, `accept_unmet`, `[[restate]]`
with `inherit`, `requires`, the `whole-percent` and `ladder` schemes: what
`score` gives, and what `check` says of a wrong key (in English and French).
"""

from __future__ import annotations

import json
from pathlib import Path
from textwrap import dedent

from tlcriteria.cli import main

BASE = """
[set]
id = "base"
title = "Base"
version = "1"
{set_extra}

[[criteria]]
id = "statut"
title = "Statut"
question = "Fait ?"
kind = "choice"
na_allowed = true
options = [
  {{ id = "met", label = "Fait", credit = 1 }},
  {{ id = "unmet", label = "Pas fait", credit = 0 }},
]
{criterion_extra}

[[criteria]]
id = "autre"
title = "Autre"
question = "Autre ?"
kind = "yes-no"
"""

RATED = """
[set]
id = "note"
title = "Note"
version = "1"
college = "tiers-lieu"
extends = ["base"]
{set_extra}

{restate}

[[grades]]
grade = "A"
min_percent = 100
[[grades]]
grade = "Z"
"""

PLACE = """
[place]
id = "lieu"
name = "Lieu"
town = "Caen"
stage = "existing"
colleges = ["tiers-lieu"]

[answers]
{answers}
"""


def write(tmp_path: Path, **parts: str) -> Path:
    criteria = tmp_path / "criteria"
    criteria.mkdir(exist_ok=True)
    base = BASE.format(set_extra=parts.get("base_set", ""), criterion_extra=parts.get("criterion", ""))
    (criteria / "base.toml").write_text(dedent(base), encoding="utf-8")
    rated = RATED.format(set_extra=parts.get("rated_set", ""), restate=parts.get("restate", ""))
    (criteria / "note.toml").write_text(dedent(rated), encoding="utf-8")
    for name, text in parts.items():
        if name.startswith("file_"):
            (criteria / f"{name[5:]}.toml").write_text(dedent(text), encoding="utf-8")
    place = tmp_path / "lieu.toml"
    place.write_text(dedent(PLACE.format(answers=parts.get("answers", ""))), encoding="utf-8")
    return tmp_path


def record(runner, folder: Path, set_id: str = "note") -> dict:
    result = runner.invoke(
        main,
        [
            "score",
            str(folder / "lieu.toml"),
            "--criteria",
            str(folder / "criteria"),
            "--set",
            set_id,
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    [found] = json.loads(result.stdout)
    return found


def outcomes(found: dict) -> dict[str, str]:
    return {c["id"]: c["outcome"] for c in found["criteria"]}


def check(runner, folder: Path, *lang: str):
    return runner.invoke(main, [*lang, "check", str(folder / "criteria"), str(folder / "lieu.toml")])


def test_na_met_counts_na_as_satisfied_in_both_sums(runner, tmp_path):
    answers = "statut = { na = true }\nautre = false"
    assert record(runner, write(tmp_path, answers=answers))["percent"] == 0.0  # exclude: 0 of 1
    folder = write(tmp_path, answers=answers, rated_set='na = "met"')
    found = record(runner, folder)
    assert found["percent"] == 50.0  # met: 1 of 2
    assert outcomes(found) == {"statut": "na", "autre": "unsatisfied"}
    assert found["criteria"][0]["credit"] == 1.0  # counted as satisfied
    assert found["set_digest"] != record(runner, write(tmp_path, answers=answers))["set_digest"]


def test_evidence_per_option_and_for_na(runner, tmp_path):
    criterion = 'option_evidence = { met = "url" }\nna_evidence = "justification"'
    cases = {
        '"met"': "unsupported",
        '{ value = "met", url = "https://exemple.org/preuve" }': "satisfied",
        '{ value = "met", justification = "Voir https://exemple.org/x" }': "satisfied",
        "{ na = true }": "unsupported",
        '{ na = true, justification = "Pas de local" }': "na",
    }
    for answer, outcome in cases.items():
        folder = write(tmp_path, criterion=criterion, answers=f"statut = {answer}")
        assert outcomes(record(runner, folder))["statut"] == outcome, answer


def test_accept_unmet_justified_and_always(runner, tmp_path):
    folder = write(tmp_path, criterion='accept_unmet = "justified"', answers='statut = "unmet"')
    assert outcomes(record(runner, folder))["statut"] == "unsatisfied"
    answers = 'statut = { value = "unmet", justification = "Nous avons choisi autrement" }'
    found = record(runner, write(tmp_path, criterion='accept_unmet = "justified"', answers=answers))
    assert outcomes(found)["statut"] == "satisfied"
    assert found["criteria"][0]["credit"] == 1.0
    found = record(runner, write(tmp_path, criterion='accept_unmet = "always"', answers='statut = "unmet"'))
    assert outcomes(found)["statut"] == "satisfied"


def test_restate_rates_one_answer_by_each_sets_rule(runner, tmp_path):
    restate = '[[restate]]\nid = "statut"\nlevel = "must"\noption_evidence = { met = "justification" }'
    folder = write(tmp_path, rated_set='inherit = "restated"', restate=restate, answers='statut = "met"')
    found = record(runner, folder)
    assert outcomes(found) == {"statut": "unsupported"}  # only the restated criterion, by its new rule
    assert found["criteria"][0]["level"] == "must" and found["must_failed"] == ["statut"]
    base = write(tmp_path, rated_set='inherit = "restated"', restate=restate, answers='statut = "met"')
    digest = found["set_digest"]
    restate_weighted = restate + "\nweight = 2"
    again = record(
        runner,
        write(base, rated_set='inherit = "restated"', restate=restate_weighted, answers='statut = "met"'),
    )
    assert again["set_digest"] != digest and again["criteria"][0]["weight"] == 2


def test_requires_gives_the_last_grade_until_the_other_set_is_reached(runner, tmp_path):
    other = """
    [set]
    id = "autre-jeu"
    title = "Autre"
    version = "1"
    [[criteria]]
    id = "socle"
    title = "Socle"
    question = "Socle ?"
    kind = "yes-no"
    [[grades]]
    grade = "ok"
    min_percent = 100
    [[grades]]
    grade = "pas-encore"
    """
    parts = {"file_autre-jeu": other, "rated_set": 'requires = [{ set = "autre-jeu", grade = "ok" }]'}
    found = record(runner, write(tmp_path, answers='statut = "met"\nautre = true\nsocle = false', **parts))
    assert (found["percent"], found["grade"]) == (100.0, "Z")
    found = record(runner, write(tmp_path, answers='statut = "met"\nautre = true\nsocle = true', **parts))
    assert found["grade"] == "A"


def test_whole_percent_shows_its_own_rounding_and_cap(runner, tmp_path):
    shown = 'scheme = "whole-percent"\nshown_rounding = "half-up"\nshown_cap = 99'
    found = record(runner, write(tmp_path, rated_set=shown, answers='statut = "met"\nautre = false'))
    assert (found["percent"], found["shown_percent"]) == (50.0, 50)
    extra = """
    [set]
    id = "plus"
    title = "Plus"
    version = "1"
    """ + "".join(
        f'[[criteria]]\nid = "c{i}"\ntitle = "C"\nquestion = "Q ?"\nkind = "yes-no"\n' for i in range(198)
    )
    rated = shown + '\nextends = ["base", "plus"]'
    answers = (
        'statut = "met"\nautre = true\n' + "".join(f"c{i} = true\n" for i in range(197)) + "c197 = false"
    )
    text = RATED.replace('extends = ["base"]\n', "")
    folder = write(tmp_path, answers=answers, file_plus=extra, rated_set=rated)
    (folder / "criteria" / "note.toml").write_text(dedent(text.format(set_extra=rated, restate="")), "utf-8")
    found = record(runner, folder)
    assert found["percent"] == 99.5 and found["shown_percent"] == 99  # 199/200: short of 100, capped
    table = runner.invoke(
        main, ["score", str(folder / "lieu.toml"), "--criteria", str(folder / "criteria"), "--set", "note"]
    )
    assert "shown: 99%" in table.stdout


def test_a_ladder_gives_the_highest_rung_reached(runner, tmp_path):
    ladder = """
    [set]
    id = "echelle"
    title = "Échelle"
    version = "1"
    scheme = "ladder"
    [[grades]]
    grade = "haut"
    set = "note"
    [[grades]]
    grade = "bas"
    """
    folder = write(tmp_path, file_echelle=ladder, answers='statut = "met"\nautre = true')
    found = record(runner, folder, "echelle")
    assert (found["grade"], found["percent"], found["shown_percent"]) == ("haut", None, None)
    folder = write(tmp_path, file_echelle=ladder, answers='statut = "met"\nautre = false')
    assert record(runner, folder, "echelle")["grade"] == "bas"


# --------------------------------------------------------------------------- check


def problems(runner, folder: Path, *lang: str) -> str:
    result = check(runner, folder, *lang)
    assert result.exit_code == 1, result.output
    return result.stderr


def test_check_refuses_bad_values_of_the_new_keys(runner, tmp_path):
    folder = write(tmp_path, rated_set='na = "yes"\ninherit = "some"', criterion='accept_unmet = "parfois"')
    err = problems(runner, folder)
    assert "[set], na: 'yes' is not allowed (expected one of: 'exclude', 'met')" in err
    assert "[set], inherit: 'some' is not allowed" in err
    assert "accept_unmet: 'parfois' is not allowed (expected one of: 'never', 'justified', 'always')" in err
    folder = write(tmp_path, criterion='option_evidence = { met = "photo", autre = "url" }')
    err = problems(runner, folder)
    assert "option_evidence: met: 'photo' is not allowed" in err
    assert (
        "option_evidence: 'autre' is not an option of this criterion (expected one of: 'met', 'unmet')" in err
    )


def test_check_refuses_a_key_on_the_wrong_kind(runner, tmp_path):
    folder = write(tmp_path, rated_set="shown_cap = 99")
    assert "[set], shown_cap: unknown key 'shown_cap'" in problems(runner, folder)
    restate = '[[restate]]\nid = "autre"\noption_evidence = { met = "url" }'
    folder = write(tmp_path, restate=restate)
    err = problems(runner, folder)
    assert "answer kind 'yes-no' has no options, so option_evidence does not apply" in err
    restate = '[[restate]]\nid = "autre"\nna_evidence = "justification"'
    assert "na_evidence applies only where na_allowed = true" in problems(
        runner, write(tmp_path, restate=restate)
    )


def test_check_names_unknown_sets_grades_restated_ids_and_cycles(runner, tmp_path):
    folder = write(tmp_path, rated_set='requires = [{ set = "bas", grade = "A" }]')
    assert "[set] requires: requires unknown set 'bas' (did you mean 'base'?)" in problems(runner, folder)
    folder = write(tmp_path, rated_set='requires = [{ set = "note", grade = "B" }]')
    assert "set 'note' has no grade 'B' (expected one of: 'A', 'Z')" in problems(runner, folder)
    folder = write(tmp_path, restate='[[restate]]\nid = "statu"')
    assert "restates criterion 'statu', which no set it extends defines (did you mean 'statut'?)" in problems(
        runner, folder
    )
    other = """
    [set]
    id = "autre-jeu"
    title = "Autre"
    version = "1"
    requires = [{ set = "note", grade = "A" }]
    [[grades]]
    grade = "ok"
    min_percent = 100
    [[grades]]
    grade = "non"
    """
    parts = {"file_autre-jeu": other, "rated_set": 'requires = [{ set = "autre-jeu", grade = "ok" }]'}
    err = problems(runner, write(tmp_path, **parts))
    assert "requirements make a cycle: autre-jeu → note → autre-jeu" in err
    assert err.count("requirements make a cycle") == 2  # each set of the cycle is told
    assert "les exigences forment un cycle" in problems(runner, write(tmp_path, **parts), "--lang", "fr")


def test_check_names_a_ladder_rung_on_an_unknown_set_and_a_last_grade_with_a_set(runner, tmp_path):
    ladder = """
    [set]
    id = "echelle"
    title = "Échelle"
    version = "1"
    scheme = "ladder"
    [[grades]]
    grade = "haut"
    set = "nota"
    [[grades]]
    grade = "bas"
    set = "note"
    """
    err = problems(runner, write(tmp_path, file_echelle=ladder))
    assert "[[grades]] set \"nota\": requires unknown set 'nota' (did you mean 'note'?)" in err
    assert "the last grade of a ladder names a set, so some places would get no grade" in err


def test_the_questionnaire_asks_the_evidence_of_the_answer_given(registry, tmp_path):
    from tlcriteria.assess.session import Session
    from tlcriteria.assess.store import PlaceFile
    from tlcriteria.catalogue_loading import load_catalogue
    from tlcriteria.i18n import set_language

    set_language("en")
    folder = write(tmp_path, criterion='option_evidence = { met = "url" }\nna_evidence = "justification"')
    loaded_sets = load_catalogue(registry, [folder / "criteria"])
    catalogue, found = loaded_sets.catalogue, loaded_sets.problems
    assert not found
    place = {"id": "p", "name": "P", "town": "T", "stage": "existing", "colleges": ["tiers-lieu"]}

    def first_prompt(answer) -> str:
        store = PlaceFile(None, {"place": place, "answers": {"statut": answer, "autre": True}}, original="")
        prompt = Session(store, catalogue, registry.kinds, save=lambda: []).prompt()
        return "" if prompt is None else prompt.label  # None: nothing left to ask

    assert first_prompt("met").startswith("Link")
    assert first_prompt({"na": True}).startswith("Justification")
    assert first_prompt("unmet") == ""
    assert first_prompt({"value": "met", "url": "https://exemple.org/x"}) == ""


def test_a_kind_may_decide_the_outcome_from_the_whole_answer(registry):
    """`AnswerKind.decide`: here a kind for which only a justified "yes" counts, credit 1."""
    from fractions import Fraction

    from tlcriteria.engine import rate
    from tlcriteria.interfaces import AnswerKind
    from tlcriteria.model import Answer, CriteriaSet, Criterion, Grade, Place, ResolvedSet

    class Sworn(AnswerKind):
        name = "sworn"

        def check_value(self, config, value):
            return None if isinstance(value, bool) else ("expected true or false", "")

        def credit(self, config, value):
            return Fraction(1) if value else Fraction(0)

        def decide(self, criterion, answer):
            if answer.na or not answer.value:
                return None  # the engine's rule
            sworn = "je le jure" in answer.justification
            return ("satisfied", Fraction(1)) if sworn else ("unsupported", Fraction(0))

    kinds = {**registry.kinds, "sworn": Sworn()}
    criterion = Criterion("c", "s", "C", "Q ?", "sworn", None)
    rules = ResolvedSet(
        CriteriaSet("s", "S", "1", (criterion,), (Grade("A", min_percent=Fraction(100)), Grade("Z"))),
        (criterion,),
        "sha256:x",
    )
    scheme = registry.schemes["thresholds"]

    def outcome(answer: Answer) -> tuple[str, str | None]:
        place = Place("p", "P", "T", "existing", ("x",), {"c": answer})
        rating = rate(place, rules, kinds, scheme, memo={})  # the memo's fast path defers to decide too
        return rating.results[0].outcome, rating.grade

    assert outcome(Answer(True)) == ("unsupported", "Z")
    assert outcome(Answer(True, justification="oui, je le jure")) == ("satisfied", "A")
    assert outcome(Answer(False)) == ("unsatisfied", "Z")


LADDER = """
[set]
id = "echelle"
title = "Échelle"
version = "1"
scheme = "ladder"
{grades}
"""


def test_requires_and_a_ladder_rung_on_unknown_sets_carry_their_lines(runner, tmp_path):
    rungs = '[[grades]]\ngrade = "haut"\nset = "nota"\n[[grades]]\ngrade = "bas"'
    parts = {
        "file_echelle": LADDER.format(grades=rungs),
        "rated_set": 'requires = [{ set = "bas", grade = "A" }]',
    }
    folder = write(tmp_path, **parts)
    err = problems(runner, folder)
    assert (
        f'{folder / "criteria" / "echelle.toml"}: line 7, [[grades]] set "nota": requires unknown set' in err
    )
    assert f"{folder / 'criteria' / 'note.toml'}: line 8, [set] requires: requires unknown set 'bas'" in err
    assert 'ligne 7, [[grades]] set "nota": ' in problems(runner, folder, "--lang", "fr")


def test_grades_written_inline_carry_the_line_of_their_element(runner, tmp_path):
    inline = """
    grades = [
      { grade = "haut", set = "nota" },
      { grade = "bas" },
    ]
    [set]
    id = "echelle"
    title = "Échelle"
    version = "1"
    scheme = "ladder"
    """
    levels = """
    grades = [{ grade = "A", min_percent = 90 }, { grade = "Z", colour = "vert" }]
    [set]
    id = "paliers"
    title = "Paliers"
    version = "1"
    """
    folder = write(tmp_path, file_echelle=inline, file_paliers=levels)
    err = problems(runner, folder)
    assert (
        f'{folder / "criteria" / "echelle.toml"}: line 3, [[grades]] set "nota": requires unknown set' in err
    )
    assert f'{folder / "criteria" / "paliers.toml"}: line 2, [[grades]] #2 "Z", colour: unknown key' in err
