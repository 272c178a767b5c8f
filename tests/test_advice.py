"""The next-grade advice: smallest set of changes, verified with the real scheme."""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import attrs
from hypothesis import event, given, settings
from hypothesis import strategies as st

from tlcriteria import advice
from tlcriteria.catalogue_loading import load_catalogue
from tlcriteria.engine import outcome_of, rate
from tlcriteria.model import Answer, Place

from .conftest import EXAMPLES


def setup(registry):
    loaded_sets = load_catalogue(registry, [EXAMPLES / "criteria"])
    catalogue, problems = loaded_sets.catalogue, loaded_sets.problems
    assert not problems
    return catalogue


def place(answers: dict[str, Answer], colleges=("tiers-lieu",)) -> Place:
    return Place("p", "P", "Caen", "existing", colleges, answers)


def test_one_change_when_one_is_enough(registry) -> None:
    rules = setup(registry).sets["tiers-lieu"]
    p = place({"liberte-usagers": Answer(True)})
    found = advice.next_grade(p, rules, registry.kinds, registry.schemes["thresholds"])
    assert (found.current, found.target) == ("D", "C")
    assert [c.criterion.id for c in found.changes] == ["co-construction"]
    assert found.changes[0].needs_evidence == "justification"


def test_best_grade_has_no_advice(registry) -> None:
    rules = setup(registry).sets["tiers-lieu"]
    p = place(
        {
            "liberte-usagers": Answer(True),
            "pluralite-activites": Answer(5),
            "co-construction": Answer(4, justification="Assemblée chaque mois"),
            "transparence-financiere": Answer(True),
            "accueil-public": Answer("libre"),
            "contribution-reseau": Answer(["rencontres", "groupes-travail"]),
        }
    )
    found = advice.next_grade(p, rules, registry.kinds, registry.schemes["thresholds"])
    assert found.current == "A" and found.target is None and found.changes == ()


def test_profile_raises_the_weakest_letter(registry) -> None:
    rules = setup(registry).sets["fablab"]
    p = place(
        {
            "fab-acces": Answer("libre"),
            "fab-charte": Answer("esprit"),
            "fab-outils": Answer("complet"),
            "fab-reseau": Answer("passif"),
        },
        ("fablab",),
    )
    found = advice.next_grade(p, rules, registry.kinds, registry.schemes["profile"])
    assert (found.current, found.target) == ("ABAC", "ABAB")
    assert found.changes[0].answer.value == "actif"


VALUES = {
    "liberte-usagers": [None, Answer(True), Answer(False)],
    "pluralite-activites": [None, Answer(0), Answer(3), Answer(5)],
    "co-construction": [None, Answer(1), Answer(3, justification="Assemblée")],
    "transparence-financiere": [None, Answer(False), Answer(na=True)],
    "accueil-public": [None, Answer("ferme"), Answer("adhesion")],
    "contribution-reseau": [None, Answer([]), Answer(["wiki"])],
}


@settings(max_examples=40, deadline=None)
@given(st.fixed_dictionaries({k: st.sampled_from(v) for k, v in VALUES.items()}))
def test_advice_is_minimal_and_reaches_the_next_grade(registry, chosen) -> None:
    rules = setup(registry).sets["tiers-lieu"]
    scheme = registry.schemes["thresholds"]
    p = place({k: v for k, v in chosen.items() if v is not None})
    found = advice.next_grade(p, rules, registry.kinds, scheme)
    if found.target is None:
        return
    order = scheme.grade_order(rules)
    rank = advice.grade_rank(order, found.current)
    if found.changes:
        new = rate(advice.with_changes(p, found.changes), rules, registry.kinds, scheme)
        assert advice.grade_rank(order, new.grade) < rank
    # No smaller set of candidate changes reaches it (exhaustive check on this small set).
    pool = advice.candidates(rate(p, rules, registry.kinds, scheme), registry.kinds)
    size = len(found.changes) if found.changes else len(pool) + 1
    for k in range(1, size):
        for combo in itertools.combinations(pool, k):
            new = rate(advice.with_changes(p, combo), rules, registry.kinds, scheme)
            assert advice.grade_rank(order, new.grade) >= rank
    assert attrs.has(type(found))


# ---------------------------------------------------------------------------- the least: brute force

EVIDENCE = {"justification": "Justification fournie", "url": "https://example.org/preuve"}


def every_answer(criterion, kind, current: Answer | None = None) -> list[tuple[Answer, object]]:
    """Every valid answer of a small criterion, found without the advice's code (with its evidence).

    Advice adds to what is true: an answer of several options (a multi-choice)
    keeps the options `current` already picks.
    """
    config = criterion.config
    ids = [o.id for o in kind.options(config)]
    raw = [True, False, *range(0, 11), *ids]
    raw += [list(c) for k in range(len(ids) + 1) for c in itertools.combinations(ids, k)]
    kept: set[str] = set()
    valid = current is not None and not current.na and kind.check_value(config, current.value) is None
    if valid and kind.option_of(config, current.value) is None:
        kept = set(kind.chosen_options(config, current.value))
    found = []
    for value in raw:
        if kind.check_value(config, value) is None and kept <= set(kind.chosen_options(config, value)):
            found.append((Answer(value, **EVIDENCE), kind.credit(config, value)))
    return found


@settings(max_examples=25, deadline=None)
@given(st.fixed_dictionaries({k: st.sampled_from(v) for k, v in VALUES.items()}))
def test_no_strictly_smaller_change_reaches_the_grade(registry, chosen) -> None:
    """Fewer criteria never reach it, nor the same ones with a lower value on one of them."""
    rules = setup(registry).sets["tiers-lieu"]
    scheme = registry.schemes["thresholds"]
    kinds = registry.kinds
    p = place({k: v for k, v in chosen.items() if v is not None})
    found = advice.next_grade(p, rules, kinds, scheme)
    if found.target is None or not found.changes:
        return
    order = scheme.grade_order(rules)
    rank = advice.grade_rank(order, found.current)

    def reaches(answers: dict[str, Answer]) -> bool:
        new = rate(attrs.evolve(p, answers={**p.answers, **answers}), rules, kinds, scheme)
        return advice.grade_rank(order, new.grade) < rank

    proposed = {c.criterion.id: c.answer for c in found.changes}
    assert reaches(proposed)
    by_id = {c.id: c for c in rules.criteria}
    domains = {
        cid: every_answer(c, kinds[c.kind], p.answers.get(cid))
        for cid, c in by_id.items()
        if c.status == "active"
    }
    # A lower value on one of them.
    for change in found.changes:
        kind = kinds[change.criterion.kind]
        credit = kind.credit(change.criterion.config, change.answer.value)
        for answer, lower in domains[change.criterion.id]:
            if lower < credit:
                assert not reaches({**proposed, change.criterion.id: answer}), (change, answer)
    # Fewer criteria, whatever their values; as many, with less credit added (brute force).
    now = {r.criterion.id: r.credit for r in rate(p, rules, kinds, scheme).results}
    added = sum(
        kinds[c.criterion.kind].credit(c.criterion.config, c.answer.value) - now[c.criterion.id]
        for c in found.changes
    )
    if len(found.changes) <= 2:
        for size in range(1, len(found.changes) + 1):
            for ids in itertools.combinations(domains, size):
                for values in itertools.product(*(domains[i] for i in ids)):
                    if (
                        size == len(found.changes)
                        and sum(c - now[i] for i, (_a, c) in zip(ids, values, strict=True)) >= added
                    ):
                        continue
                    answers = {i: a for i, (a, _credit) in zip(ids, values, strict=True)}
                    assert not reaches(answers), answers


def test_a_multi_choice_keeps_its_ticked_options_and_adds_the_fewest(registry) -> None:
    rules = setup(registry).sets["tiers-lieu"]
    kind = registry.kinds["multi"]
    criterion = next(c for c in rules.criteria if c.id == "contribution-reseau")
    assert kind.least_value_from(criterion.config, ["wiki"], Fraction(3, 4)) == ["rencontres", "wiki"]
    assert kind.least_value_from(criterion.config, None, Fraction(1, 4)) == ["wiki"]


def test_advise_command_in_each_format(tmp_path) -> None:
    import json

    from click.testing import CliRunner

    from tlcriteria.cli import main

    root = Path(__file__).parent.parent
    cabane = str(root / "examples" / "normandie" / "places" / "la-cabane-pretendue.toml")
    runner = CliRunner(env={"LANGUAGE": "fr"})
    criteria = ["--criteria", str(root / "criteria")]
    result = runner.invoke(main, ["advise", cabane, *criteria])
    assert result.exit_code == 0, result.output
    # The place by its name and the criterion by its title, as score, diff and publish show them.
    assert "La Cabane Prétendue" in result.output and "la-cabane-pretendue" not in result.output
    assert "Contribution au réseau" in result.output
    result = runner.invoke(main, ["advise", cabane, *criteria, "--format", "json"])
    [record] = json.loads(result.stdout)
    # One more option ticked beside the one already there, not all four.
    assert (record["grade"], record["target"]) == ("C", "B")
    [change] = record["changes"]
    assert change["criterion"] == "contribution-reseau" and len(change["value"]) == 2
    assert "rencontres" in change["value"]
    out = tmp_path / "conseils.md"
    result = runner.invoke(main, ["advise", cabane, *criteria, "--format", "md", "-o", str(out)])
    assert result.exit_code == 0 and out.read_text().startswith("| Lieu |")
    result = runner.invoke(main, ["advise", cabane, *criteria, "--set", "nope"])
    assert result.exit_code == 1 and "nope" in result.output


# ---------------------------------------------------------------------------- small random sets

KIND_TEXT = {
    "yes-no": 'kind = "yes-no"',
    "number": 'kind = "number"\nthresholds = [[1, 0.25], [3, 0.5], [5, 1]]',
    "scale": 'kind = "scale"\nmin = 0\nmax = 3',
    "multi": (
        'kind = "multi"\noptions = [{ id = "a", label = "A", credit = 0.25 }, '
        '{ id = "b", label = "B", credit = 0.5 }, { id = "c", label = "C", credit = 0.5 }]'
    ),
    "choice": (
        'kind = "choice"\noptions = [{ id = "x", label = "X", credit = 1 }, '
        '{ id = "y", label = "Y", credit = 0.5 }, { id = "z", label = "Z", credit = 0 }]'
    ),
}
CRITERION = st.tuples(
    st.sampled_from(sorted(KIND_TEXT)),
    st.sampled_from(["must", "should", "may"]),
    st.integers(1, 3),
    st.sampled_from([None, "0.5", "1"]),
    st.sampled_from(["never", "never", "justified", "always"]),  # accept_unmet, but for a must
)


def random_set(tmp: Path, criteria, grades) -> object:
    lines = ['[set]\nid = "r"\ntitle = "R"\nversion = "1"\ncollege = "r"\n']
    for i, (kind, level, weight, pass_, accept_unmet) in enumerate(criteria):
        lines.append(
            f'[[criteria]]\nid = "c{i}"\ntitle = "C{i}"\nquestion = "Q{i} ?"\nlevel = "{level}"\n'
            f"weight = {weight}\n{KIND_TEXT[kind]}\n"
            + (f"pass = {pass_}\n" if pass_ else "")
            + (f'accept_unmet = "{accept_unmet}"\n' if level != "must" else "")
        )
    names = "ABCDE"
    for name, at_least in zip(names, sorted(grades, reverse=True), strict=False):
        lines.append(f'[[grades]]\ngrade = "{name}"\nmin_percent = {at_least}\n')
    lines.append(f'[[grades]]\ngrade = "{names[len(grades)]}"\n')
    (tmp / "r.toml").write_text("\n".join(lines), encoding="utf-8")
    return tmp


@settings(max_examples=80, deadline=None)
@given(
    st.lists(CRITERION, min_size=2, max_size=4),
    st.lists(st.integers(30, 95), min_size=1, max_size=3, unique=True),
    st.data(),
)
def test_on_small_random_sets_nothing_strictly_smaller_reaches_the_grade(registry, criteria, grades, data):
    from tempfile import TemporaryDirectory

    with TemporaryDirectory() as folder:
        loaded_sets = load_catalogue(registry, [random_set(Path(folder), criteria, grades)])
        catalogue, problems = loaded_sets.catalogue, loaded_sets.problems
        assert not [p for p in problems if p.is_error], problems
    rules = catalogue.sets["r"]
    scheme = registry.schemes[rules.scheme]
    kinds = registry.kinds
    answers = {}
    for c in rules.criteria:
        picked = data.draw(st.sampled_from([None, None, *every_answer(c, kinds[c.kind])]))
        if picked is not None:
            answers[c.id] = picked[0]
    p = Place("p", "P", "Caen", "existing", ("r",), answers)
    domains = {c.id: every_answer(c, kinds[c.kind], answers.get(c.id)) for c in rules.criteria}
    found = advice.next_grade(p, rules, kinds, scheme)
    order = scheme.grade_order(rules)
    rank = advice.grade_rank(order, found.current)

    def reaches(changed: dict) -> bool:
        new = rate(attrs.evolve(p, answers={**p.answers, **changed}), rules, kinds, scheme)
        return advice.grade_rank(order, new.grade) < rank

    event("best grade" if found.target is None else f"{len(found.changes)} change(s)")
    if found.target is None:
        return
    now = {r.criterion.id: r.credit for r in rate(p, rules, kinds, scheme).results}
    if not found.changes:  # "not reachable": truly nothing reaches it
        for size in range(1, len(domains) + 1):
            for ids in itertools.combinations(domains, size):
                for values in itertools.product(*(domains[i] for i in ids)):
                    assert not reaches({i: a for i, (a, _c) in zip(ids, values, strict=True)})
        return
    by_id = {c.id: c for c in rules.criteria}

    def given(cid: str, answer: Answer) -> Fraction:
        """The credit the engine gives an answer (a set may accept an unmet one)."""
        alone = Place("p", "P", "Caen", "existing", ("r",), {cid: answer})
        return outcome_of(by_id[cid], kinds[by_id[cid].kind], alone).credit

    proposed = {c.criterion.id: c.answer for c in found.changes}
    assert reaches(proposed)
    added = sum(given(c.criterion.id, c.answer) - now[c.criterion.id] for c in found.changes)
    for change in found.changes:  # a lower value on one of them
        credit = kinds[change.criterion.kind].credit(change.criterion.config, change.answer.value)
        for answer, lower in domains[change.criterion.id]:
            if lower < credit:
                assert not reaches({**proposed, change.criterion.id: answer})
    for size in range(1, len(found.changes) + 1):  # fewer criteria; as many with less credit added
        for ids in itertools.combinations(domains, size):
            for values in itertools.product(*(domains[i] for i in ids)):
                gain = sum(given(i, a) - now[i] for i, (a, _c) in zip(ids, values, strict=True))
                if size == len(found.changes) and gain >= added:
                    continue
                assert not reaches({i: a for i, (a, _c) in zip(ids, values, strict=True)})


def test_a_scale_answer_with_a_label_in_parentheses_reads_well(tmp_path) -> None:
    """The value, a dash, then the label: « 4 — en permanence (c'est le principe du lieu) »."""
    import json

    from click.testing import CliRunner

    from tlcriteria.cli import main

    (tmp_path / "criteria").mkdir()
    (tmp_path / "criteria" / "r.toml").write_text(
        '[set]\nid = "r"\ntitle = "R"\nversion = "1"\ncollege = "r"\n'
        '[[criteria]]\nid = "frequence"\ntitle = "Fréquence"\nquestion = "Combien ?"\nkind = "scale"\n'
        "min = 0\nmax = 2\n"
        'labels = ["jamais", "parfois (chaque trimestre)", "en permanence (c\'est le principe du lieu)"]\n'
        'labels_en = ["never", "sometimes (every quarter)", "all the time (the point of the place)"]\n'
        '[[grades]]\ngrade = "A"\nmin_percent = 100\n[[grades]]\ngrade = "B"\n',
        encoding="utf-8",
    )
    (tmp_path / "p.toml").write_text(
        '[place]\nid = "p"\nname = "P"\ntown = "Caen"\nstage = "existing"\ncolleges = ["r"]\n'
        "[answers]\nfrequence = 1\n",
        encoding="utf-8",
    )
    args = ["advise", str(tmp_path / "p.toml"), "--criteria", str(tmp_path / "criteria")]
    french = CliRunner().invoke(main, ["--lang", "fr", *args])
    assert french.exit_code == 0, french.output
    assert "Fréquence : 2 — en permanence (c'est le principe du lieu)" in french.stdout
    english = CliRunner().invoke(main, ["--lang", "en", *args, "--format", "json"])
    [record] = json.loads(english.stdout)
    assert record["changes"][0]["shown"] == "2 — all the time (the point of the place)"
