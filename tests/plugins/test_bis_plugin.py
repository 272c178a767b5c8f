"""A plugin that re-registers every built-in kind and scheme as NAME-bis gets identical results.

The shipped criteria (with the Normandy demo places) and the worked examples
are copied twice: as written, and with every `kind` and `scheme` renamed to
its `-bis` twin (a set without `scheme` gets `scheme = "thresholds-bis"`).
Every command is run on both copies with the bis plugin installed, and the
outputs must be the same once the names (and the digests, which hash the
rules' text) are put back. The questionnaire is driven in a pseudo-terminal.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from tlcriteria.advice import next_grade
from tlcriteria.catalogue_loading import load_catalogue
from tlcriteria.cli import main
from tlcriteria.documents import read_documents
from tlcriteria.place_checks import places_from
from tlcriteria.registry import build_registry

from .conftest import REPO

BUILTIN_KINDS = ("yes-no", "scale", "choice", "multi", "number")
BUILTIN_SCHEMES = ("thresholds", "profile")
BIS = re.compile(r"\b(" + "|".join(BUILTIN_KINDS + BUILTIN_SCHEMES) + r")-bis\b")
DIGEST = re.compile(r"(sha256:)?\b[0-9a-f]{12,64}\b")

#: A set written to raise every kind of `check` warning (lint), in both copies.
LINT_SET = """\
[set]
id = "avertissements"
title = "Avertissements"
version = "1"
college = "atelier"

[[criteria]]
id = "av-lourd"
title = "Lourd"
question = "Le lieu est-il ouvert ?"
theme = "seul"
weight = 10
kind = "yes-no"

[[criteria]]
id = "av-choix"
title = "Choix"
question = "Quel accès ?"
theme = "duo"
kind = "choice"
[[criteria.options]]
id = "a"
label = "A"
credit = 0.5
[[criteria.options]]
id = "b"
label = "B"
credit = 0

[[criteria]]
id = "av-multi"
title = "Multi"
question = "Quelles activités ?"
theme = "duo"
kind = "multi"
[[criteria.options]]
id = "x"
label = "X"
credit = 0.25
[[criteria.options]]
id = "y"
label = "Y"
credit = 0.25

[[criteria]]
id = "av-nombre"
title = "Nombre"
question = "Combien de bénévoles ?"
level = "must"
kind = "number"
thresholds = [[1, 0.5]]

[[criteria]]
id = "av-echelle"
title = "Échelle"
question = "Quelle note sur 5 ?"
kind = "scale"
min = 1
max = 5

[[grades]]
grade = "A"
min_percent = 99
[[grades]]
grade = "B"
min_percent = 99
require = "must"
[[grades]]
grade = "C"
"""

#: Rule changes for `diff` (applied to the text before the renaming): credits,
#: thresholds, labels, a grade's min_percent, an option's grade letter.
CHANGES = {
    "shipped": {
        "communs.toml": [
            ("[[1, 0.25], [3, 0.5], [5, 0.75], [8, 1]]", "[[1, 0.25], [4, 0.5], [6, 0.75], [9, 1]]"),
            ('labels = ["jamais", "rarement', 'labels = ["rien", "rarement'),
            (
                'label_en = "After joining, open to anyone", credit = 0.5',
                'label_en = "After joining, open to anyone", credit = 0.25',
            ),
        ],
        "coworking.toml": [("min_percent = 60", "min_percent = 70")],
        "fablab.toml": [('credit = 0.5, grade = "B"', 'credit = 0.5, grade = "C"')],
    },
    "worked-examples": {
        "communs.toml": [
            ("[[1, 0.25], [3, 0.5], [5, 1]]", "[[1, 0.25], [4, 0.5], [6, 1]]"),
            ('"jamais"', '"rien"'),
        ],
        "tiers-lieu.toml": [
            ("min_percent = 60", "min_percent = 70"),
            ('Sur adhésion"\ncredit = 0.5', 'Sur adhésion"\ncredit = 0.25'),
        ],
        "fablab.toml": [('grade = "B"', 'grade = "C"')],
    },
}


def to_bis(text: str) -> str:
    """The same rules, naming the -bis kinds and schemes."""
    text = re.sub(r'^(kind|scheme) = "([a-z-]+)"', r'\1 = "\2-bis"', text, flags=re.M)
    if re.search(r"^\[set\]", text, flags=re.M) and not re.search(r"^scheme = ", text, flags=re.M):
        text = re.sub(r"^\[set\]\n", '[set]\nscheme = "thresholds-bis"\n', text, count=1, flags=re.M)
    return text


def normal(text: str) -> str:
    """Names put back, digests hidden, columns no longer padded for the longer names, and
    line numbers hidden (the bis copy of a set may have one more line: its `scheme`)."""
    text = DIGEST.sub("<digest>", BIS.sub(r"\1", text))
    text = re.sub(r"\b(line|ligne) \d+, ", r"\1 N, ", text)
    return re.sub(r"-{3,}", "---", re.sub(r" {2,}", "  ", text))


def write_side(
    root: Path,
    criteria: Path,
    places: Path,
    bis: bool,
    changes: dict[str, list[tuple[str, str]]] | None = None,
) -> tuple[Path, Path]:
    """A copy of `criteria` (plus the lint set) and of `places`; renamed when `bis`, changed for diff."""
    out = root / ("bis" if bis else "plain") / ("new" if changes else "old")
    (out / "criteria").mkdir(parents=True)
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(criteria.glob("*.toml"))}
    files["avertissements.toml"] = LINT_SET
    for name, text in files.items():
        for old, new in (changes or {}).get(name, []):
            assert old in text, (name, old)
            text = text.replace(old, new)
        (out / "criteria" / name).write_text(to_bis(text) if bis else text, encoding="utf-8")
    shutil.copytree(places, out / "places")
    return out / "criteria", out / "places"


CASES = {
    "shipped": (REPO / "criteria", REPO / "examples" / "normandie" / "places"),
    "worked-examples": (
        REPO / "tests" / "data" / "examples" / "criteria",
        REPO / "tests" / "data" / "examples" / "places",
    ),
}


@pytest.fixture(params=sorted(CASES))
def case(request) -> str:
    return request.param


@pytest.fixture
def sides(case, bis_plugin, tmp_path):
    criteria, places = CASES[case]
    return {bis: write_side(tmp_path, criteria, places, bis) for bis in (False, True)}


def run(runner, args: list[str]) -> str:
    result = runner.invoke(main, ["--lang", "en", *args])
    return f"exit {result.exit_code}\n{result.stdout}\n{result.stderr}"


def both(runner, sides, make_args) -> tuple[str, str]:
    plain, bis = (
        normal(run(runner, make_args(*sides[b])).replace(str(sides[b][0].parent), "<side>"))
        for b in (False, True)
    )
    return plain, bis


def test_the_bis_plugin_registers_a_twin_of_every_built_in(bis_plugin):
    registry = build_registry()
    assert not registry.errors
    builtin = [(c, n) for (c, n), owner in registry.owners.items() if owner.startswith("tlcriteria.")]
    assert {n for c, n in builtin if c == "answer kind"} >= set(BUILTIN_KINDS)
    assert {n for c, n in builtin if c == "rating scheme"} >= set(BUILTIN_SCHEMES)
    for category, name in builtin:
        if category != "output format":
            assert registry.owners[(category, f"{name}-bis")] == "bis"


def test_the_bis_copy_really_names_the_bis_kinds(sides):
    text = "".join(p.read_text(encoding="utf-8") for p in sides[True][0].glob("*.toml"))
    assert not re.search(r'^kind = "(yes-no|scale|choice|multi|number)"$', text, flags=re.M)
    assert re.search(r'^kind = "multi-bis"$', text, flags=re.M)
    assert re.search(r'^scheme = "thresholds-bis"$', text, flags=re.M)


def test_check_and_its_lint_warnings_are_identical(runner, sides):
    plain, bis = both(runner, sides, lambda c, p: ["check", str(c), str(p)])
    assert plain == bis
    # The lint set raises warnings of the kinds, of the thresholds scheme, and about themes.
    for expected in (
        "no answer satisfies",
        "best combination",
        "best option",
        "no place can get",
        "single criterion",
    ):
        assert expected in plain, expected
    assert "exit 0" in plain


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_score_is_identical(runner, sides, fmt):
    plain, bis = both(runner, sides, lambda c, p: ["score", str(p), "--criteria", str(c), "-f", fmt])
    assert plain == bis
    assert "exit 0" in plain


@pytest.mark.parametrize("fmt", ["json", "md", "mediawiki", "csv", "geojson", "html"])
def test_publish_is_identical(runner, sides, fmt):
    plain, bis = both(
        runner,
        sides,
        lambda c, p: ["publish", str(p), "--criteria", str(c), "-f", fmt, "--date", "2026-01-01"],
    )
    assert plain == bis
    assert "exit 0" in plain


def test_schema_of_place_files_is_identical(runner, sides):
    plain, bis = both(runner, sides, lambda c, p: ["schema", "--kind", "place", "--criteria", str(c)])
    assert plain == bis
    assert '"enum"' in plain and '"maximum"' in plain  # options and scale bounds narrowed per criterion


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_report_is_identical(runner, sides, fmt):
    plain, bis = both(runner, sides, lambda c, p: ["report", str(p), "--criteria", str(c), "-f", fmt])
    assert plain == bis
    assert "exit 0" in plain


def test_sets_is_identical(runner, sides):
    plain, bis = both(runner, sides, lambda c, p: ["sets", "--criteria", str(c)])
    assert plain == bis


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_diff_is_identical(runner, case, sides, tmp_path, fmt):
    outputs = []
    for bis in (False, True):
        old_criteria, places = sides[bis]
        new_criteria, _ = write_side(tmp_path / "changed", CASES[case][0], places, bis, CHANGES[case])
        text = run(runner, ["diff", str(old_criteria), str(new_criteria), "--places", str(places), "-f", fmt])
        text = text.replace(str(new_criteria.parent), "<new>").replace(str(old_criteria.parent), "<old>")
        outputs.append(normal(text))
    assert outputs[0] == outputs[1]
    assert "exit 0" in outputs[0]
    assert "min_percent" in outputs[0] and "credit" in outputs[0] and "thresholds" in outputs[0]


def test_advice_is_identical(bis_plugin, sides):
    registry = build_registry()
    found = []
    for bis in (False, True):
        criteria, places = sides[bis]
        loaded_sets = load_catalogue(registry, (str(criteria),))
        catalogue, problems = loaded_sets.catalogue, loaded_sets.problems
        assert not [p for p in problems if p.is_error]
        docs, _read = read_documents([str(places)])
        checked = places_from(docs, catalogue, registry)
        loaded, problems = checked.places, checked.problems
        assert not [p for p in problems if p.is_error]
        advice = []
        for place in sorted(loaded, key=lambda p: p.id):
            for sid, rules in sorted(catalogue.sets.items()):
                if rules.set.college not in place.colleges:  # as assess does: the place's colleges
                    continue
                a = next_grade(place, rules, registry.kinds, registry.schemes[rules.scheme])
                advice.append(
                    (
                        place.id,
                        sid,
                        a.current,
                        a.target,
                        a.reachable,
                        a.at_best,
                        [(c.criterion.id, c.answer.value, c.shown, c.needs_evidence) for c in a.changes],
                    )
                )
        found.append(advice)
    assert found[0] == found[1]
    assert any(entry[6] for entry in found[0])  # some advice proposes changes


# --------------------------------------------------------------------------- the questionnaire in a pty

pexpect = pytest.importorskip("pexpect")

#: One answer per question, by kind (a number the scale and the options accept).
TYPED = {"yes-no": "oui", "scale": "2", "choice": "1", "multi": "1, 2", "number": "3"}


def transcript(criteria: Path, cwd: Path, env: dict[str, str], set_id: str) -> tuple[str, str]:
    """Answer every question of `set_id` by kind; the screen and the saved file."""
    screen = io.StringIO()
    child = pexpect.spawn(
        sys.executable,
        ["-m", "tlcriteria.cli", "assess", "--set", set_id, "--criteria", str(criteria), "-o", "lieu.toml"],
        cwd=str(cwd),
        env={
            **os.environ,
            **env,
            "LANGUAGE": "",
            "LC_ALL": "",
            "LANG": "fr_FR.UTF-8",
            "COLUMNS": "200",
            "PROMPT_TOOLKIT_NO_CPR": "1",  # nobody answers cursor position requests here
        },
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 200),
    )
    child.logfile_read = screen
    for label, text in [
        ("Nom du lieu", "Le Hangar"),
        ("Identifiant [le-hangar]", ""),
        ("Commune", "Rouen"),
        ("Stade", "1"),
        ("Collèges", ""),  # Enter keeps the college of the set asked (--set)
        ("Coordonnées", ""),
        ("Site web", ""),
        ("Description", ""),
        ("Publics", ""),
        ("Services", ""),
        ("Horaires d’ouverture", ""),
        ("Personne à contacter", "Alex"),
        ("Courriel du contact", ""),
    ]:
        child.expect_exact(label)
        child.sendline(text)
    while True:
        index = child.expect([r"Répondez par ([^;]+) ;", r"Lien", r"Justification", pexpect.EOF, r"↑ ↓ pour"])
        if index == 3:
            break
        if index == 4:  # options in a list or check boxes: the first one, by its number
            child.expect_exact("Réponse")
            child.sendline("1")
        elif index == 0:
            hint = child.match.group(1)
            kind = next(k for k, words in HINTS.items() if any(w in hint for w in words))
            child.expect_exact("Réponse")
            child.sendline(TYPED[kind])
        elif index == 1:
            child.expect_exact(" :")
            child.sendline("https://example.org/preuve")
        else:
            child.expect_exact(" :")
            child.sendline("Une justification suffisante.")
        # The input line is drawn again once answered (bracketed paste then turned off):
        # the next question is looked for after it, not in that drawing.
        child.expect_exact("\x1b[?2004l")
    child.close()
    return screen.getvalue(), (cwd / "lieu.toml").read_text(encoding="utf-8")


HINTS = {
    "yes-no": ("oui ou non",),
    "scale": ("nombre entier de",),
    "choice": ("un numéro de 1 à",),
    "multi": ("séparés par des virgules",),
    "number": ("nombre ≥ 0",),
}


def said(screen: str) -> str:
    """What the questionnaire said, without prompt_toolkit's drawing of the input line.

    The drawing (between bracketed-paste on and off) depends on how fast the keys
    arrive; what is said around it does not.
    """
    text = re.sub(r"\x1b\[\?2004h.*?\x1b\[\?2004l", "", screen, flags=re.S)
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


def test_the_questionnaire_is_identical_in_a_terminal(bis_plugin, tmp_path):
    env = bis_plugin.subprocess_env()
    screens = []
    for bis in (False, True):
        criteria, _places = write_side(tmp_path, *CASES["worked-examples"], bis)
        cwd = criteria.parent / "terminal"
        cwd.mkdir()
        screen, saved = transcript(criteria, cwd, env, "tiers-lieu")
        screens.append((normal(said(screen)), saved))
    assert screens[0] == screens[1]
    assert "— Notation —" in screens[0][0] and "pour passer de" in screens[0][0]
