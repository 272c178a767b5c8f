"""The questionnaire and `advise` tell the member what score and publish will say.

A place id another file uses, the options still to tick, peer reviews (a dispute
that costs the grade, verdicts that lapse), coordinates and a network file that
`check` warns about, the file's layout, files that are no place files, and a
profile at its best letters. The questionnaire runs in a real pseudo-terminal.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tlcriteria.cli import main

from .conftest import EXAMPLES, builtins_only_env

pexpect = pytest.importorskip("pexpect")

CRITERIA = EXAMPLES / "criteria"
FRENCH = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}


def spawn(*args: str, cwd: Path, criteria: Path = CRITERIA) -> Any:
    """`tlcriteria assess ARGS --criteria CRITERIA` in a French 40×200 terminal, built-ins only."""
    env = {
        **os.environ,
        **builtins_only_env(),
        "LANGUAGE": "",
        "LC_ALL": "",
        "LANG": "fr_FR.UTF-8",
        "COLUMNS": "200",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    return pexpect.spawn(
        sys.executable,
        ["-m", "tlcriteria.cli", "assess", *args, "--criteria", str(criteria)],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 200),
    )


def answer(child: Any, label: str, text: str) -> None:
    child.expect_exact(label)
    child.sendline(text)


def ended(child: Any) -> str:
    """What the questionnaire said since the last answer expected, its lines joined (a long
    message is wrapped to the terminal)."""
    child.expect(pexpect.EOF)
    child.close()
    said = child.before or ""
    assert "Traceback" not in said
    assert child.exitstatus == 0, said
    return " ".join(said.split())


def invoke(runner: CliRunner, *args: str, input: str | None = None) -> Any:
    return runner.invoke(main, list(args), env=FRENCH, input=input)


# ---------------------------------------------------------------- 1. an id another file uses


def test_an_id_another_place_file_uses_is_refused_and_a_free_one_offered(runner, tmp_path: Path) -> None:
    places = tmp_path / "places"
    places.mkdir()
    shutil.copy(EXAMPLES / "places" / "le-hangar-partage.toml", places / "hangar.toml")
    child = spawn(cwd=tmp_path)
    answer(child, "Nom du lieu", "Le Hangar Partagé")
    child.expect_exact("le-hangar-partage est déjà utilisé par places/hangar.toml")
    answer(child, "Identifiant [le-hangar-partage-2]", "le-hangar-partage")
    child.expect_exact("L’identifiant le-hangar-partage est déjà utilisé par places/hangar.toml")
    answer(child, "Identifiant [le-hangar-partage-2]", "")
    answer(child, "Commune", "Rouen")
    answer(child, "Stade", "1")
    answer(child, "Collèges", "2")
    answer(child, "Coordonnées", "quitter")
    ended(child)
    written = tomllib.loads((places / "le-hangar-partage-2.toml").read_text("utf-8"))
    assert written["place"]["id"] == "le-hangar-partage-2"
    scored = invoke(runner, "score", str(places), "--criteria", str(CRITERIA), "--format", "json")
    assert scored.exit_code == 0, scored.output  # both places rated: none left out
    assert {r["place"] for r in json.loads(scored.stdout)} == {"le-hangar-partage", "le-hangar-partage-2"}


def test_an_id_used_in_a_subfolder_of_the_networks_places_is_refused(tmp_path: Path) -> None:
    # publish reads the network's whole places/ folder: an id used anywhere there is taken.
    (tmp_path / "places" / "caen").mkdir(parents=True)
    shutil.copy(EXAMPLES / "places" / "le-hangar-partage.toml", tmp_path / "places" / "caen" / "hangar.toml")
    child = spawn(cwd=tmp_path)
    answer(child, "Nom du lieu", "Le Hangar Partagé")
    child.expect_exact("le-hangar-partage est déjà utilisé par places/caen/hangar.toml")
    answer(child, "Identifiant [le-hangar-partage-2]", "quitter")
    ended(child)


def test_resuming_a_file_whose_id_another_file_uses_asks_the_id_again(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "places" / "le-hangar-partage.toml", tmp_path / "hangar.toml")
    shutil.copy(EXAMPLES / "places" / "le-hangar-partage.toml", tmp_path / "copie.toml")
    child = spawn("copie.toml", cwd=tmp_path)
    child.expect_exact("l’identifiant le-hangar-partage est déjà utilisé par hangar.toml")
    answer(child, "Identifiant [le-hangar-partage-2]", "")
    answer(child, "Justification", "quitter")
    ended(child)
    assert 'id = "le-hangar-partage-2"' in (tmp_path / "copie.toml").read_text("utf-8")


# ---------------------------------------------------------------- 2. only the options to tick

MON_LIEU = """\
[place]
id = "mon-lieu"
name = "Mon Lieu"
town = "Caen"
stage = "existing"
colleges = ["tiers-lieu"]

[answers]
liberte-usagers = true
pluralite-activites = 4
co-construction = { value = 4, justification = "Assemblée des usagers" }
transparence-financiere = true
accueil-public = "libre"
contribution-reseau = ["wiki"]
"""
TO_TICK = "Contribution au réseau : cocher aussi Mise à jour de la cartographie"


def test_advise_lists_only_the_options_to_tick_in_every_format(runner, tmp_path: Path) -> None:
    (tmp_path / "mon-lieu.toml").write_text(MON_LIEU, "utf-8")
    table = invoke(runner, "advise", str(tmp_path), "--criteria", str(CRITERIA))
    assert table.exit_code == 0, table.output
    assert TO_TICK in table.stdout and "wiki" not in table.stdout
    md = invoke(runner, "advise", str(tmp_path), "--criteria", str(CRITERIA), "--format", "md")
    assert TO_TICK in md.stdout
    (record,) = json.loads(
        invoke(runner, "advise", str(tmp_path), "--criteria", str(CRITERIA), "-f", "json").stdout
    )
    (change,) = record["changes"]
    assert change["shown"] == "cocher aussi Mise à jour de la cartographie"
    assert change["value"] == ["wiki", "carto"]  # the answer as it is written: both ticked


def test_the_end_of_assess_lists_only_the_options_to_tick(tmp_path: Path) -> None:
    (tmp_path / "mon-lieu.toml").write_text(MON_LIEU, "utf-8")
    child = spawn("mon-lieu.toml", "--review", cwd=tmp_path)
    answer(child, "Nom du lieu", "quitter")
    said = ended(child)
    assert "- " + TO_TICK in said


# ---------------------------------------------------------------- 3. and 4. peer reviews


@pytest.fixture
def net(tmp_path: Path) -> Path:
    """The worked example's places in NET/places, criteria beside NET where a disputed answer
    loses its credit (tiers-lieu), and a review of La Fabrique by Le Hangar."""
    from tlcriteria.model import Answer
    from tlcriteria.reviews import answer_digest

    shutil.copytree(EXAMPLES / "places", tmp_path / "net" / "places")
    shutil.copytree(CRITERIA, tmp_path / "criteria")
    rules = tmp_path / "criteria" / "tiers-lieu.toml"
    text = rules.read_text("utf-8")
    rules.write_text(
        text.replace("\n[[criteria]]", "\n[set.review]\ndisputed_keeps_credit = false\n\n[[criteria]]", 1),
        "utf-8",
    )
    review = tmp_path / "net" / "reviews" / "la-fabrique-exemple" / "le-hangar-partage.toml"
    review.parent.mkdir(parents=True)
    review.write_text(
        '[review]\nplace = "la-fabrique-exemple"\nreviewer = "le-hangar-partage"\ndate = 2026-01-05\n\n'
        "[verdicts]\n"
        f'accueil-public = {{ verdict = "disputed", digest = "{answer_digest(Answer("libre"))}", '
        'comment = "Sur inscription seulement" }\n'
        f'fab-charte = {{ verdict = "confirmed", digest = "{answer_digest(Answer("esprit"))}" }}\n',
        "utf-8",
    )
    return tmp_path / "net"


def test_advise_starts_from_the_grade_score_gives_and_says_what_the_dispute_costs(runner, net: Path) -> None:
    criteria = str(net.parent / "criteria")
    scored = invoke(runner, "score", str(net), "--criteria", criteria, "--format", "json")
    grades = {(r["place"], r["set"]): r["grade"] for r in json.loads(scored.stdout)}
    assert grades[("la-fabrique-exemple", "tiers-lieu")] == "C"
    advised = invoke(runner, "advise", str(net), "--criteria", criteria, "--format", "json")
    assert advised.exit_code == 0, advised.output
    record = next(
        r
        for r in json.loads(advised.stdout)
        if (r["place"], r["set"]) == ("la-fabrique-exemple", "tiers-lieu")
    )
    assert record["grade"] == "C" and not record["at_best"]
    assert record["disputed"] == ["accueil-public"] and record["grade_without_disputes"] == "A"
    table = invoke(runner, "advise", str(net), "--criteria", criteria)
    assert "contesté par un pair : Accueil du public (A sans la contestation)" in table.stdout
    assert "meilleure note atteinte" not in table.stdout.split("tiers-lieu")[1].splitlines()[0]


def test_the_end_of_assess_gives_the_grade_score_gives(net: Path) -> None:
    child = spawn("places/la-fabrique-exemple.toml", cwd=net, criteria=net.parent / "criteria")
    said = ended(child)  # every question answered: straight to the rating
    assert "Collège tiers-lieux (exemple) : note C" in said
    assert (
        "Un pair conteste Accueil du public : ce jeu ne compte pas une réponse contestée, ce qui coûte la note A"
        in said
    )
    assert "C’est la meilleure note" not in said.split("tiers-lieux")[1]


def test_assess_names_the_reviewers_whose_verdicts_its_changes_make_lapse(net: Path) -> None:
    place = net / "places" / "la-fabrique-exemple.toml"
    child = spawn(
        str(place.relative_to(net)), "--set", "fablab", "--review", cwd=net, criteria=net.parent / "criteria"
    )
    for label in ["Nom du lieu", "Identifiant", "Commune", "Stade", "Collèges", "Coordonnées", "Site web"]:
        answer(child, label, "")
    for label in ["Description", "Publics", "Services", "Horaires", "Personne à contacter", "Courriel"]:
        answer(child, label, "")
    lapses = (
        "La réponse à Charte des fablabs a changé depuis la relecture de le-hangar-partage : cet avis tombe "
        "(demandez une nouvelle relecture : tlcriteria review places/la-fabrique-exemple.toml --as le-hangar-partage)."
    )
    answer(child, "Question 1 / 4", "")
    answer(child, "Question 2 / 4", "1")  # fab-charte: « esprit » becomes « affichee »
    # Said as the answer changes, before the next question.
    child.expect_exact("Question 3 / 4")
    assert lapses in " ".join((child.before or "").split())
    child.sendline("retour")
    answer(child, "Question 2 / 4", "2")  # back to « esprit »: the verdict holds again
    child.expect_exact("Question 3 / 4")
    assert (
        "La réponse à Charte des fablabs est de nouveau celle que le-hangar-partage a relue : cet avis compte à "
        "nouveau." in " ".join((child.before or "").split())
    )
    child.sendline("retour")
    answer(child, "Question 2 / 4", "1")
    answer(child, "Question 3 / 4", "quitter")
    said = ended(child)
    assert lapses in said  # and again at the end, with the rating


# ---------------------------------------------------------------- 5. what check warns about

NETWORK = """\
[network]
name = "Réseau normand"
{words}
[network.area]
south = 48.1
north = 50.1
west = -2.0
east = 1.85
"""
SWAPPED = """\
[place]
id = "mon-lieu"
name = "Mon Lieu"
town = "Caen"
stage = "existing"
colleges = ["tiers-lieu"]
lat = -0.37
lon = 49.18
"""


def test_coordinates_check_finds_swapped_are_asked_again(runner, tmp_path: Path) -> None:
    (tmp_path / "reseau.toml").write_text(NETWORK.format(words=""), "utf-8")
    (tmp_path / "mon-lieu.toml").write_text(SWAPPED, "utf-8")
    child = spawn("mon-lieu.toml", cwd=tmp_path)
    child.expect_exact("latitude et longitude semblent inversées")
    answer(child, "Coordonnées :", "49.18, -0.37")
    answer(child, "Question 1 / 6", "quitter")
    ended(child)
    written = tomllib.loads((tmp_path / "mon-lieu.toml").read_text("utf-8"))["place"]
    assert (written["lat"], written["lon"]) == (49.18, -0.37)
    checked = invoke(runner, "check", str(tmp_path), "--criteria", str(CRITERIA))
    assert "inversées" not in checked.output


def test_a_network_file_with_a_typo_is_said_as_check_says_it(runner, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "reseau.toml").write_text(NETWORK.format(words='publics = [{ labl = "jeunes" }]\n'), "utf-8")
    (tmp_path / "mon-lieu.toml").write_text(SWAPPED.replace("lat = -0.37\nlon = 49.18\n", ""), "utf-8")
    monkeypatch.chdir(tmp_path)
    checked = invoke(runner, "check", ".", "--criteria", str(CRITERIA))
    line = next(x for x in checked.stderr.splitlines() if "labl" in x)
    child = spawn("mon-lieu.toml", cwd=tmp_path)
    child.expect_exact(line)
    child.expect_exact(
        "Le fichier du réseau reseau.toml a des problèmes (ci-dessus) : le questionnaire se passe de ses "
        "mots habituels et de sa zone tant qu’ils ne sont pas corrigés."
    )
    answer(child, "Question 1 / 6", "quitter")
    ended(child)


# ---------------------------------------------------------------- 6. the file's layout

LAID_OUT = """\
# La fiche de Mon Lieu
[place]
nom = "Mon Lieu"   # le nom
id = "mon-lieu"
town = "Caen"
stage = "existing"
colleges = ["tiers-lieu"]

[answers]
liberte-usagers = true
pluralite-activites = 4
transparence-financiere = true
accueil-public = "libre"
contribution-reseau = ["wiki"]

[answers.co-construction]
value = 4   # toujours
"""


def test_a_table_form_answer_and_a_french_key_keep_their_place_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "mon-lieu.toml"
    path.write_text(LAID_OUT, "utf-8")
    child = spawn("mon-lieu.toml", cwd=tmp_path)
    answer(child, "Nom du lieu [Mon Lieu]", "")
    answer(child, "Justification", "Assemblée des usagers chaque mois")
    ended(child)
    text = path.read_text("utf-8")
    assert text.startswith('# La fiche de Mon Lieu\n[place]\nname = "Mon Lieu"   # le nom\nid = "mon-lieu"\n')
    assert "nom =" not in text
    assert text.endswith(
        '[answers.co-construction]\nvalue = 4   # toujours\njustification = "Assemblée des usagers chaque mois"\n'
    )


def test_an_answer_changed_with_review_keeps_its_table_form_and_comment(tmp_path: Path) -> None:
    path = tmp_path / "mon-lieu.toml"
    path.write_text(
        LAID_OUT.replace('accueil-public = "libre"\n', "")
        + '\n[answers.accueil-public]\nvalue = "adhesion"   # adhésion\n',
        "utf-8",
    )
    child = spawn("mon-lieu.toml", "--review", cwd=tmp_path)
    for label in ["Nom du lieu", "Identifiant", "Commune", "Stade", "Collèges", "Coordonnées", "Site web"]:
        answer(child, label, "")
    for label in ["Description", "Publics", "Services", "Horaires", "Personne à contacter", "Courriel"]:
        answer(child, label, "")
    answer(child, "Question 1 / 6", "")
    answer(child, "Question 2 / 6", "")
    answer(child, "Question 3 / 6 — thème : ouverture\r\nAccueil du public", "1")  # « Entrée libre »
    answer(child, "Question 4 / 6", "quitter")
    ended(child)
    text = path.read_text("utf-8")
    assert '[place]\nname = "Mon Lieu"   # le nom\n' in text
    assert text.endswith('[answers.accueil-public]\nvalue = "libre"   # adhésion\n')


def test_review_keeps_a_table_form_answer_a_table(tmp_path: Path) -> None:
    from tlcriteria import tomledit

    text = '[answers.accueil-public]\nvalue = "adhesion"   # adhésion\njustification = "x"  # pourquoi\n'
    edited = tomledit.apply(text, {("answers", "accueil-public"): {"value": "libre", "justification": "x"}})
    assert (
        edited == '[answers.accueil-public]\nvalue = "libre"   # adhésion\njustification = "x"  # pourquoi\n'
    )


# ---------------------------------------------------------------- 7. files that are no place files


def test_a_criteria_set_given_as_the_place_file_is_named_as_such(runner, tmp_path: Path) -> None:
    shutil.copy(CRITERIA / "communs.toml", tmp_path / "communs.toml")
    result = invoke(
        runner, "assess", "-o", str(tmp_path / "communs.toml"), "--criteria", str(CRITERIA), input=""
    )
    assert result.exit_code == 1
    assert f"{tmp_path / 'communs.toml'}: est un jeu de critères, pas une fiche de lieu" in result.stderr
    assert "corrigez" not in result.stderr
    assert (tmp_path / "communs.toml").read_bytes() == (CRITERIA / "communs.toml").read_bytes()


def test_an_empty_file_is_a_new_place_file(runner, tmp_path: Path) -> None:
    (tmp_path / "vide.toml").write_text("", "utf-8")
    child = spawn("vide.toml", cwd=tmp_path)
    child.expect_exact("Nouvelle fiche de lieu.")
    for label, text in [("Nom du lieu", "Le Lieu"), ("Identifiant", ""), ("Commune", "Caen")]:
        answer(child, label, text)
    answer(child, "Stade", "1")
    answer(child, "Collèges", "2")
    answer(child, "Coordonnées", "quitter")
    said = ended(child)
    assert "Reprise" not in said
    assert tomllib.loads((tmp_path / "vide.toml").read_text("utf-8"))["place"]["id"] == "le-lieu"
    checked = invoke(runner, "check", str(tmp_path / "vide.toml"), "--criteria", str(CRITERIA))
    assert checked.exit_code == 0, checked.output


# ---------------------------------------------------------------- 8. a profile at its best


def test_a_profile_at_its_best_letters_is_the_best_grade(runner, tmp_path: Path) -> None:
    (tmp_path / "top.toml").write_text(
        '[place]\nid = "top"\nname = "Le Top"\ntown = "Caen"\nstage = "existing"\ncolleges = ["fablab"]\n\n'
        '[answers]\nfab-acces = "libre"\nfab-charte = "affichee"\nfab-outils = "complet"\nfab-reseau = "moteur"\n',
        "utf-8",
    )
    table = invoke(runner, "advise", str(tmp_path), "--criteria", str(CRITERIA))
    assert table.exit_code == 0, table.output
    row = next(line for line in table.stdout.splitlines() if "AAAA" in line)
    assert row.split()[-3:] == ["meilleure", "note", "atteinte"]
    (record,) = json.loads(
        invoke(runner, "advise", str(tmp_path), "--criteria", str(CRITERIA), "-f", "json").stdout
    )
    assert record["at_best"] is True
