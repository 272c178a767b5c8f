"""`tlcriteria assess`: the questionnaire driven through the real command."""

from __future__ import annotations

import datetime
import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tlcriteria.cli import main

from .conftest import EXAMPLES

CRITERIA = str(EXAMPLES / "criteria")

IDENTITY = [
    "La Fabrique",
    "",
    "Caen",
    "1",
    "1,2",
    "49.18, -0.37",
    "https://fab.example.org",
    "Un atelier partagé au cœur du quartier.",
    "étudiants, habitants ; étudiants",
    "impression 3D",
    "du mardi au samedi",
    "Camille",
    "camille@example.org",
]
# fablab (4, no theme), then ouverture, gouvernance, reseau
ALL_ANSWERS = [
    "1",
    "2",
    "1",
    "3",  # fab-acces … fab-reseau
    "oui",
    "4",
    "1",  # liberte-usagers, pluralite-activites, accueil-public
    "3",
    "Assemblée des usagers chaque trimestre",  # co-construction + justification
    "n/a",  # transparence-financiere
    "1, 2",
]  # contribution-reseau


def run(runner: CliRunner, args: list[str], lines: list[str], env: dict[str, str] | None = None):
    env = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "", **(env or {})}
    return runner.invoke(
        main, ["assess", *args, "--criteria", CRITERIA], input="\n".join(lines) + "\n", env=env
    )


def check(runner: CliRunner, path: Path) -> None:
    result = runner.invoke(main, ["check", "--criteria", CRITERIA, str(path)])
    assert result.exit_code == 0, result.output


def load(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8"))


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """An existing place file: identity done, two answers given."""
    path = tmp_path / "lieu.toml"
    path.write_text(
        '[place]\nid = "lieu"\nname = "Le Lieu"\ntown = "Caen"\nstage = "existing"\n'
        'colleges = ["tiers-lieu"]\n\n[answers]\nliberte-usagers = true\naccueil-public = "adhesion"\n',
        "utf-8",
    )
    return path


def test_new_place_file_from_nothing_in_french(runner: CliRunner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(runner, [], IDENTITY + ALL_ANSWERS)
    assert result.exit_code == 0, result.output
    data = load(tmp_path / "la-fabrique.toml")
    assert data["place"] == {
        "name": "La Fabrique",
        "id": "la-fabrique",
        "town": "Caen",
        "stage": "existing",
        "colleges": ["fablab", "tiers-lieu"],
        "lat": 49.18,
        "lon": -0.37,
        "website": "https://fab.example.org",
        "description": "Un atelier partagé au cœur du quartier.",
        "publics": ["étudiants", "habitants"],  # each once, as typed
        "services": ["impression 3D"],
        "opening_hours": "du mardi au samedi",
        "assessed": datetime.date.today(),  # SPEC §10: the day the answers changed
    }
    assert data["contact"] == {"name": "Camille", "email": "camille@example.org"}
    assert data["answers"] == {
        "fab-acces": "libre",
        "fab-charte": "esprit",
        "fab-outils": "complet",
        "fab-reseau": "passif",
        "liberte-usagers": True,
        "pluralite-activites": 4,
        "accueil-public": "libre",
        "co-construction": {"value": 3, "justification": "Assemblée des usagers chaque trimestre"},
        "transparence-financiere": {"na": True},
        "contribution-reseau": ["rencontres", "wiki"],
    }
    check(runner, tmp_path / "la-fabrique.toml")
    out = result.output
    assert "Question 5 / 10 — thème : ouverture" in out
    assert "Réponses enregistrées dans la-fabrique.toml" in out
    assert "Collège tiers-lieux (exemple) : note B" in out
    assert "Collège fablab (exemple) : note ABAC" in out
    assert "pour passer du profil ABAC à ABAB" in out  # the weakest letter first


def test_coordinates_are_asked_again_as_the_question_shows_them(
    runner: CliRunner, tmp_path: Path, monkeypatch
) -> None:
    """One number is asked again with the question's own example; a space between them is read too."""
    monkeypatch.chdir(tmp_path)
    at = IDENTITY.index("49.18, -0.37")
    lines = [*IDENTITY[:at], "49.18", "49.18 -0.37", *IDENTITY[at + 1 :], *ALL_ANSWERS]
    result = run(runner, [], lines)
    assert result.exit_code == 0, result.output
    assert "ex. 49.18, -0.37 ; Entrée pour passer" in result.output
    assert (
        "Écrivez la latitude, puis la longitude, comme le montre la question : ex. 49.18, -0.37."
        in result.output
    )
    data = load(tmp_path / "la-fabrique.toml")
    assert (data["place"]["lat"], data["place"]["lon"]) == (49.18, -0.37)


def test_a_mistyped_email_says_how_to_write_it_or_leave_it_out(
    runner: CliRunner, tmp_path: Path, monkeypatch
) -> None:
    """The contact's email is optional: the member is told the form it takes, and that empty will do."""
    monkeypatch.chdir(tmp_path)
    result = run(runner, [], [*IDENTITY[:-1], "camille.at.example.org", "", "quitter"])
    assert result.exit_code == 0, result.output
    said = "« camille.at.example.org » n’est pas une adresse de courriel : écrivez-la sous la forme nom@exemple.fr, ou laissez-la vide."
    assert said in result.output
    assert load(tmp_path / "la-fabrique.toml")["contact"] == {"name": "Camille"}


def test_shared_criteria_asked_once_and_grouped_by_theme(runner: CliRunner, place: Path) -> None:
    text = place.read_text().replace('["tiers-lieu"]', '["tiers-lieu", "fablab"]')
    place.write_text(text)
    result = run(runner, [str(place)], ["quitter"])
    assert result.exit_code == 0
    # resumed: the two given answers are not asked; 10 criteria in all, communs once
    assert "Question 1 / 10" not in result.output  # liberte-usagers (question 1) already answered
    assert "Question 2 / 10 — thème : ouverture" in result.output


def test_resume_asks_only_what_is_unanswered(runner: CliRunner, place: Path) -> None:
    result = run(runner, [str(place)], ["7", "passer", "non", "quitter"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Reprise de Le Lieu" in out
    assert "Question 1 / 6" not in out and "Question 3 / 6" not in out
    assert "Nom du lieu" not in out
    assert load(place)["answers"] == {
        "liberte-usagers": True,
        "accueil-public": "adhesion",
        "pluralite-activites": 7,
        "transparence-financiere": False,
    }
    assert "pour passer de" in out
    check(runner, place)


def test_resume_reads_answers_under_renamed_ids_and_saves_todays_ids(
    runner: CliRunner, place: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "criteria"
    shutil.copytree(CRITERIA, folder)
    rules = folder / "tiers-lieu.toml"
    text = rules.read_text("utf-8")
    text = text.replace('id = "accueil-public"', 'id = "accueil"\nreplaces = ["accueil-public"]')
    rules.write_text(text.replace('id = "adhesion"', 'id = "sur-adhesion"\nreplaces = ["adhesion"]'), "utf-8")
    result = runner.invoke(
        main,
        ["assess", str(place), "--criteria", str(folder)],
        input="7\npasser\nnon\nquitter\n",
        env={"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""},
    )
    assert result.exit_code == 0, result.output
    assert "Comment le public est-il accueilli" not in result.output  # answered already, under its old id
    assert load(place)["answers"] == {
        "liberte-usagers": True,
        "accueil": "sur-adhesion",
        "pluralite-activites": 7,
        "transparence-financiere": False,
    }
    assert runner.invoke(main, ["check", "--criteria", str(folder), str(place)]).exit_code == 0


def test_invalid_answers_are_asked_again_with_plain_messages(runner: CliRunner, place: Path) -> None:
    lines = [
        "beaucoup",
        "-2",
        "2,5",  # number
        "9",
        "cinq",
        "4",
        "trop",  # scale: out of range, not a number, then evidence too short
        "Réunions ouvertes chaque mois",
        "peut-être",
        "n/a",  # yes-no with n/a allowed
        "7",
        "1,1,3",
    ]  # multi
    result = run(runner, [str(place)], lines)
    out = result.output
    assert result.exit_code == 0, out
    assert "« beaucoup » n’est pas un nombre" in out
    assert "-2 est négatif" in out
    assert "9 est hors de l’échelle : tapez un nombre de 0 à 4." in out
    assert "« cinq » n’est pas un nombre entier" in out
    assert "Trop court : écrivez au moins 5 caractères." in out
    assert "Répondez oui ou non." in out
    assert "7 n’est pas dans la liste" in out
    answers = load(place)["answers"]
    assert answers["pluralite-activites"] == 2.5
    assert answers["co-construction"] == {"value": 4, "justification": "Réunions ouvertes chaque mois"}
    assert answers["transparence-financiere"] == {"na": True}
    assert answers["contribution-reseau"] == ["rencontres", "carto"]
    check(runner, place)


def test_na_refused_where_not_allowed(runner: CliRunner, place: Path) -> None:
    result = run(runner, [str(place)], ["n/a", "quitter"])
    assert "Cette question n’accepte pas « n/a »" in result.output
    assert "pluralite-activites" not in load(place)["answers"]


def test_back_and_skip(runner: CliRunner, place: Path) -> None:
    result = run(runner, [str(place)], ["3", "retour", "5", "passer", "retour", "retour", "6", "quitter"])
    assert result.exit_code == 0, result.output
    assert load(place)["answers"]["pluralite-activites"] == 6


def test_review_walks_every_answer_with_current_value(runner: CliRunner, place: Path) -> None:
    lines = [""] * 13 + ["non"] + ["quitter"]  # keep identity (13 steps), change the first answer
    result = run(runner, ["--review", str(place)], lines)
    assert result.exit_code == 0, result.output
    assert "Nom du lieu [Le Lieu]" in result.output
    assert "Réponse [oui]" in result.output
    data = load(place)
    assert data["answers"]["liberte-usagers"] is False
    assert data["place"]["name"] == "Le Lieu"


def test_unmanaged_content_and_comments_are_kept_where_they_were(runner: CliRunner, place: Path) -> None:
    original = "# Fiche tenue par Camille\n" + place.read_text() + "inconnu = 3  # gardé\n"
    original = original.replace("[answers]", '[contact]\nphone = "02 00 00 00 00"\n\n[answers]')
    place.write_text(original)
    result = run(runner, [str(place)], ["4", "quitter"])
    assert result.exit_code == 0
    assert not Path(str(place) + ".bak").exists()
    text = place.read_text()
    assert text.startswith("# Fiche tenue par Camille\n")
    assert "inconnu = 3  # gardé\n" in text
    data = load(place)
    assert data["contact"] == {"phone": "02 00 00 00 00"}
    assert data["answers"]["inconnu"] == 3  # an answer to a criterion it does not know
    assert data["answers"]["pluralite-activites"] == 4


def test_english_with_lang_and_locale(runner: CliRunner, place: Path) -> None:
    result = run(runner, ["--lang", "en", str(place)], ["lots", "quit"])
    assert "“lots” is not a number" in result.output
    assert "Question 2 / 6 — theme: ouverture" in result.output
    result = run(runner, [str(place)], ["quit"], env={"LANG": "en_GB.UTF-8"})
    assert "Answers saved in" in result.output or "to go from" in result.output
    result = runner.invoke(main, ["--lang", "en", "assess", "--nope"])
    assert "No such option" in result.output
    result = runner.invoke(main, ["assess", "--nope"], env={"LANGUAGE": "", "LANG": "fr_FR.UTF-8"})
    assert "Option inconnue" in result.output and "Utilisation" in result.output


def test_english_texts_of_a_set_are_used(runner: CliRunner, place: Path, tmp_path: Path) -> None:
    folder = tmp_path / "criteria"
    shutil.copytree(EXAMPLES / "criteria", folder)
    communs = folder / "communs.toml"
    communs.write_text(
        communs.read_text().replace(
            'title = "Pluralité des activités"',
            'title = "Pluralité des activités"\ntitle_en = "Variety of activities"\n'
            'question_en = "How many different activities each month?"',
        )
    )
    env = {"LANGUAGE": "", "LC_ALL": "", "LANG": ""}
    result = runner.invoke(
        main, ["assess", "--lang", "en", str(place), "--criteria", str(folder)], input="quit\n", env=env
    )
    assert "Variety of activities" in result.output
    assert "How many different activities each month?" in result.output


def test_spec_form_set_and_output(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "f.toml"
    lines = ["Le Lab", "le-lab", "Vire", "3", "1", *[""] * 8, "1", "1", "1", "1"]
    result = run(runner, ["--set", "fablab", "-o", str(out)], lines)
    assert result.exit_code == 0, result.output
    assert load(out)["answers"] == {
        "fab-acces": "libre",
        "fab-charte": "affichee",
        "fab-outils": "complet",
        "fab-reseau": "moteur",
    }
    # Every letter at its best: the profile scheme says so (RatingScheme.is_best).
    assert "note AAAA, 100,0 %\n  C’est la meilleure note." in result.output
    check(runner, out)


def test_quitting_before_identity_writes_nothing(runner: CliRunner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(runner, [], ["Le Lieu", "passer", "quitter"])
    assert result.exit_code == 0
    assert "Pas enregistrés : le nom (la fiche est écrite une fois connus" in result.output
    assert list(tmp_path.iterdir()) == []


def test_bad_place_file_is_one_line_error(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[place\n")
    result = run(runner, [str(bad)], [])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{bad}: ligne 1, colonne 7: TOML mal formé" in result.output  # as check says it
    assert f"{bad} est laissé tel quel" in result.output
    assert bad.read_text() == "[place\n"


# --------------------------------------------------------------------------- property

TYPED = st.sampled_from(
    [
        "",
        "oui",
        "non",
        "0",
        "1",
        "2",
        "3",
        "4",
        "5",
        "7",
        "-1",
        "2,5",
        "1,2",
        "1 3",
        "beaucoup",
        "n/a",
        "passer",
        "retour",
        "?",
        "Une justification assez longue",
        "ok",
        "https://exemple.org/preuve",
    ]
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(TYPED, max_size=30))
def test_any_typed_sequence_leaves_a_valid_place_file(lines: list[str], tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("p")
    path = folder / "lieu.toml"
    path.write_text(
        '[place]\nid = "lieu"\nname = "Le Lieu"\ntown = "Caen"\nstage = "existing"\n'
        'colleges = ["tiers-lieu", "fablab"]\n',
        "utf-8",
    )
    runner = CliRunner(env={"LANGUAGE": "en"})
    result = run(runner, [str(path)], lines)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    check(runner, path)


NEW_TYPED = st.sampled_from(
    [
        "",
        "Le Lieu",
        "le-lieu",
        "Le Lieu!",
        "Caen",
        "1",
        "2",
        "3",
        "1,2",
        "9",
        "49.1, -0.3",
        "200 0",
        "https://lieu.example.org",
        "pas un site",
        "Camille",
        "camille@example.org",
        "oui",
        "n/a",
        "4",
        "passer",
        "retour",
        "quitter",
        "Une justification assez longue",
    ]
)


@settings(max_examples=20, deadline=None)
@given(lines=st.lists(NEW_TYPED, max_size=25))
def test_a_new_file_is_valid_whenever_it_exists(lines: list[str], tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("n")
    path = folder / "nouveau.toml"
    runner = CliRunner(env={"LANGUAGE": "en"})
    result = run(runner, ["-o", str(path)], lines)
    assert result.exit_code == 0, result.output
    if path.exists():
        check(runner, path)
    else:
        assert "Rien n’est enregistré" in result.output or "Pas enregistrés" in result.output


def test_an_invalid_saved_answer_is_asked_again(runner: CliRunner, place: Path) -> None:
    place.write_text(place.read_text().replace('accueil-public = "adhesion"', 'accueil-public = "porte"'))
    result = run(runner, [str(place)], ["passer", "2", "quitter"])
    assert "La réponse enregistrée n’est pas valable" in result.output
    assert load(place)["answers"]["accueil-public"] == "adhesion"
    check(runner, place)


def test_future_criteria_announced_and_url_evidence(runner: CliRunner, place: Path, tmp_path: Path) -> None:
    folder = tmp_path / "criteria"
    shutil.copytree(EXAMPLES / "criteria", folder)
    with (folder / "communs.toml").open("a") as handle:
        handle.write(
            '\n[[criteria]]\nid = "bilan-public"\ntitle = "Bilan public"\nquestion = "Le bilan est-il en ligne ?"\n'
            'kind = "yes-no"\nevidence = "url"\n\n'
            '[[criteria]]\nid = "sobriete"\ntitle = "Sobriété énergétique"\nquestion = "…"\nkind = "yes-no"\n'
            'status = "future"\n'
        )
    env = {"LANGUAGE": "", "LC_ALL": "", "LANG": ""}
    lines = ["passer"] * 3 + ["oui", "pas un lien", "https://lieu.example.org/bilan", "quitter"]
    result = runner.invoke(
        main, ["assess", str(place), "--criteria", str(folder)], input="\n".join(lines) + "\n", env=env
    )
    out = result.output
    assert result.exit_code == 0, out
    assert "Bientôt noté (annoncé, pas encore compté) : Sobriété énergétique" in out
    assert "Question 6 / 7 — thème : sans thème" in out
    assert "'pas un lien' n’est pas une adresse web : elle ne commence pas par https:// ou http://" in out
    assert load(place)["answers"]["bilan-public"] == {"value": True, "url": "https://lieu.example.org/bilan"}
    assert runner.invoke(main, ["check", "--criteria", str(folder), str(place)]).exit_code == 0


def test_a_file_saved_by_a_windows_editor_is_resumed_and_saved(runner: CliRunner, place: Path) -> None:
    """A byte-order mark and CRLF line ends (Notepad): the answer is saved, the file keeps its form."""
    original = "\ufeff" + place.read_text(encoding="utf-8").replace("\n", "\r\n")
    place.write_bytes(original.encode("utf-8"))
    result = run(runner, [str(place)], ["4", "quitter"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "Réponses enregistrées dans" in result.output
    saved = place.read_bytes().decode("utf-8")
    added = [line for line in saved.split("\r\n") if line not in original.split("\r\n")]
    assert added == [f"assessed = {datetime.date.today()}", "pluralite-activites = 4"], added
    assert saved.startswith("\ufeff[place]\r\n") and "\n" not in saved.replace("\r\n", "")
    answers = tomllib.loads(saved.removeprefix("\ufeff"))["answers"]
    assert answers == {"liberte-usagers": True, "accueil-public": "adhesion", "pluralite-activites": 4}
    check(runner, place)


def test_a_place_file_in_a_missing_folder_is_refused_before_any_question(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Said at once: not after the member has typed the name, town, stage and colleges."""
    path = tmp_path / "lieux" / "la-fabrique.toml"
    result = run(runner, ["-o", str(path)], IDENTITY)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output == (
        f"tlcriteria : erreur : {path} : le dossier {path.parent} n’existe pas"
        " (créez-le, ou donnez une fiche de lieu dans un dossier qui existe)\n"
    )
    assert not path.parent.exists()


def test_a_write_error_is_one_line_and_keeps_the_file(runner: CliRunner, place: Path, monkeypatch) -> None:
    import errno

    import tlcriteria.assess.store as store

    def refuse(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    before = place.read_text()
    monkeypatch.setattr(store, "write_atomic", refuse)
    result = run(runner, [str(place)], ["4"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "écriture impossible : plus de place sur le disque" in result.output
    assert place.read_text() == before


def test_one_letter_in_free_text_is_text_not_a_command(runner: CliRunner, tmp_path: Path) -> None:
    """A town called "B" (or a name "Q") is not "back" or "quit": shortcuts only pick answers."""
    out = tmp_path / "b.toml"
    lines = ["Q", "le-lieu", "b", "1", "2", "", "", "", "", "quitter"]
    result = run(runner, ["-o", str(out)], lines)
    assert result.exit_code == 0, result.output
    place = load(out)["place"]
    assert (place["name"], place["town"], place["colleges"]) == ("Q", "b", ["tiers-lieu"])


def test_identity_card_labels_end_as_the_language_wants(runner: CliRunner, tmp_path: Path) -> None:
    """« Description : » in French, "Description: " in English (the card's labels kept the French space)."""
    lines = ["Le Test", "", "Caen", "1", "1", "", "", "", "", "", "", "", "", "quit"]
    labels = ("Description", "Publics", "Services")
    english = run(runner, ["--lang", "en", "-o", str(tmp_path / "en.toml")], lines)
    assert english.exit_code == 0, english.output
    assert all(f"{label}: " in english.output for label in (*labels, "Opening hours")), english.output
    assert " : " not in english.output
    french = run(runner, ["-o", str(tmp_path / "fr.toml")], [*lines[:-1], "quitter"])
    assert french.exit_code == 0, french.output
    assert all(f"{label} : " in french.output for label in (*labels, "Horaires d’ouverture")), french.output
