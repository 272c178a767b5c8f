"""Two hands on one place file, in a real pseudo-terminal: nothing is lost.

A hand-written file keeps its comments and blank lines byte for byte; an edit
made by another process (or `git pull`) while the questionnaire waits is kept;
the same answer changed on both sides leaves the file as the other left it and
the session's answers in FILE.conflict.toml; one session writes a file at a
time, and the lock of a killed session is taken over.
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from tlcriteria.cli import main

from .conftest import EXAMPLES, builtins_only_env
from .conftest import spawn_assess as spawn

pexpect = pytest.importorskip("pexpect")

CRITERIA = str(EXAMPLES / "criteria")
HAND_WRITTEN = """\
# Fiche tenue à la main par Camille.
[place]
id = "le-lieu"
name = "Le Lieu"   # nom d'usage
town = "Caen"
stage = "existing"
colleges = ["tiers-lieu"]

[answers]
# Ouverture
liberte-usagers = true  # vérifié en 2025

transparence-financiere = false

# fin des réponses
"""


def place_file(tmp_path: Path) -> Path:
    path = tmp_path / "le-lieu.toml"
    path.write_text(HAND_WRITTEN, "utf-8")
    return path


def first_answered(tmp_path: Path) -> tuple[Path, pexpect.spawn]:
    """The hand-written place open in assess, its first question answered (5), the second asked."""
    path = place_file(tmp_path)
    child = spawn(str(path), cwd=tmp_path)
    child.expect_exact("Réponse :")
    child.sendline("5")
    child.expect_exact("Accueil du public")
    child.expect_exact("Réponse :")
    return path, child


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus is not None
    return child.exitstatus


def data(path: Path) -> dict:
    return tomllib.loads(path.read_text("utf-8"))


def test_comments_and_blank_lines_kept_byte_for_byte(tmp_path: Path) -> None:
    path = place_file(tmp_path)
    child = spawn(str(path), cwd=tmp_path)
    child.expect_exact("Pluralité des activités")
    child.expect_exact("Réponse :")
    child.sendline("5")
    child.expect_exact("Accueil du public")
    child.expect_exact("Réponse :")
    child.sendline("2")
    child.expect_exact("Co-construction")
    child.expect_exact("Réponse :")
    child.sendline("quitter")
    assert finish(child) == 0
    text = path.read_text("utf-8")
    added = [
        f"assessed = {datetime.date.today().isoformat()}",
        "pluralite-activites = 5",
        'accueil-public = "adhesion"',
    ]
    assert [line for line in text.splitlines() if line not in added] == HAND_WRITTEN.splitlines()
    # Each new line in its table, after its last key, before the comments closing it.
    assert 'colleges = ["tiers-lieu"]\nassessed = ' in text
    assert (
        'transparence-financiere = false\npluralite-activites = 5\naccueil-public = "adhesion"\n\n# fin'
        in text
    )
    assert not list(tmp_path.glob("*.bak")) and not list(tmp_path.glob(".*.lock"))


def test_an_edit_by_another_process_between_two_answers_is_kept(tmp_path: Path) -> None:
    path, child = first_answered(tmp_path)
    # Another hand: the town, a comment under [answers], another answer.
    other = path.read_text("utf-8").replace('town = "Caen"', 'town = "Bayeux"')
    other = other.replace("# Ouverture\n", "# Ouverture\n# relu par Dominique\n")
    other = other.replace("# fin des réponses", 'contribution-reseau = ["wiki"]\n\n# fin des réponses')
    subprocess.run([sys.executable, "-c", f"open({str(path)!r}, 'w').write({other!r})"], check=True)
    child.sendline("1")
    child.expect_exact("modifié par quelqu’un d’autre entre-temps")
    child.expect_exact("Réponse :")
    child.sendline("quitter")
    assert finish(child) == 0
    text = path.read_text("utf-8")
    assert "# relu par Dominique\n" in text and "# Fiche tenue à la main par Camille." in text
    saved = data(path)
    assert saved["place"]["town"] == "Bayeux"
    assert saved["answers"]["contribution-reseau"] == ["wiki"]
    assert saved["answers"]["pluralite-activites"] == 5
    assert saved["answers"]["accueil-public"] == "libre"


def test_the_same_answer_changed_on_both_sides_gives_the_conflict_file(tmp_path: Path) -> None:
    path, child = first_answered(tmp_path)
    theirs = path.read_text("utf-8").replace("pluralite-activites = 5", "pluralite-activites = 7")
    path.write_text(theirs, "utf-8")
    child.sendline("retour")
    child.expect_exact("Pluralité des activités")
    child.expect_exact("Réponse")
    child.sendline("3")
    child.expect_exact("vos réponses sont dans")
    assert finish(child) == 1
    assert path.read_text("utf-8") == theirs  # the file as the other left it
    conflict = tmp_path / "le-lieu.toml.conflict.toml"
    assert data(conflict)["answers"]["pluralite-activites"] == 3  # nothing lost
    assert data(conflict)["place"]["name"] == "Le Lieu"
    assert not list(tmp_path.glob(".*.lock"))


def test_a_second_session_on_the_same_file_is_refused(tmp_path: Path) -> None:
    path = place_file(tmp_path)
    first = spawn(str(path), cwd=tmp_path)
    first.expect_exact("Réponse :")
    second = spawn(str(path), cwd=tmp_path)
    second.expect_exact("est en cours d’écriture par")
    second.expect_exact(f"(processus {first.pid} ")
    assert finish(second) == 1
    first.sendline("5")
    first.expect_exact("Réponse :")
    first.sendline("quitter")
    assert finish(first) == 0
    assert data(path)["answers"]["pluralite-activites"] == 5


def test_the_lock_of_a_killed_session_is_taken_over(tmp_path: Path) -> None:
    path = place_file(tmp_path)
    first = spawn(str(path), cwd=tmp_path)
    first.expect_exact("Réponse :")
    os.kill(first.pid, signal.SIGKILL)
    first.expect(pexpect.EOF)
    first.close()
    assert list(tmp_path.glob(".*.lock"))  # left behind, but no longer held
    second = spawn(str(path), cwd=tmp_path)
    second.expect_exact("était resté verrouillé")
    second.expect_exact("Réponse :")
    second.sendline("5")
    second.expect_exact("Réponse :")
    second.sendline("quitter")
    assert finish(second) == 0
    assert data(path)["answers"]["pluralite-activites"] == 5


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def test_git_pull_during_a_session_keeps_both_changes(tmp_path: Path) -> None:
    origin, work = tmp_path / "origin", tmp_path / "work"
    origin.mkdir()
    git("init", "-q", "-b", "main", cwd=origin)
    place_file(origin)
    git("add", "-A", cwd=origin)
    git("commit", "-qm", "fiche", cwd=origin)
    git("clone", "-q", str(origin), str(work), cwd=tmp_path)
    path = work / "le-lieu.toml"
    child = spawn(str(path), cwd=work)
    child.expect_exact("Réponse :")
    # The coordinator's change, pulled while the member thinks.
    upstream = origin / "le-lieu.toml"
    upstream.write_text(
        upstream.read_text("utf-8").replace(
            'town = "Caen"', 'town = "Caen"\nwebsite = "https://lieu.example.org"'
        ),
        "utf-8",
    )
    git("commit", "-qam", "site web", cwd=origin)
    git("pull", "-q", "--ff-only", cwd=work)
    child.sendline("5")
    child.expect_exact("Réponse :")
    child.sendline("quitter")
    assert finish(child) == 0
    saved = data(path)
    assert saved["place"]["website"] == "https://lieu.example.org"
    assert saved["answers"]["pluralite-activites"] == 5
    assert "# Fiche tenue à la main par Camille." in path.read_text("utf-8")
    assert "le-lieu.toml" in git("status", "--porcelain", cwd=work)


def test_sign_waits_for_the_session_and_the_session_says_the_signature_no_longer_matches(
    tmp_path: Path,
) -> None:
    path = place_file(tmp_path)
    (tmp_path / "le-lieu.toml.sig").write_text("-----BEGIN SSH SIGNATURE-----\n", "utf-8")
    child = spawn(str(path), cwd=tmp_path)
    child.expect_exact("Réponse :")
    env = {**builtins_only_env(), "LANGUAGE": "fr"}
    signing = CliRunner(env=env).invoke(main, ["sign", str(path), "--key", str(tmp_path / "cle")])
    assert signing.exit_code == 1 and "est en cours d’écriture par" in signing.output
    child.sendline("5")
    child.expect_exact("ne correspond plus à")
    child.expect_exact("Réponse :")
    child.sendline("quitter")
    assert finish(child) == 0
