"""What sign, verify and the signers file say to a member, in French and in English: real
ssh-keygen keys, the example network (signed by its places), the command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tlcriteria.cli import main

pytestmark = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="needs ssh-keygen (openssh-client)"
)

REPO = Path(__file__).parent.parent
NORMANDIE = REPO / "examples" / "normandie"
HALLE = "la-halle-songeuse"
PHARE = "le-phare-de-papier"


@pytest.fixture
def network(tmp_path: Path) -> Path:
    """A copy of the example network: its places and reviews are signed, `signataires` lists the keys."""
    target = tmp_path / "N"
    shutil.copytree(NORMANDIE, target)
    return target


def make_key(folder: Path, name: str, passphrase: str = "") -> Path:
    key = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", str(key)], check=True
    )
    return key


def run(runner, *args: str):
    return runner.invoke(main, [str(a) for a in args])


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


# --------------------------------------------------------------------------- 1. the state in words


@pytest.mark.parametrize(
    ("lang", "signed", "other_key"),
    [
        ("fr", "signature : signé", "signature : clé d’un autre"),
        ("en", "signature: signed", "signature: someone else's key"),
    ],
)
def test_score_table_names_signature_states_in_words(runner, network, tmp_path, lang, signed, other_key):
    stranger = make_key(tmp_path, "stranger")
    phare = network / "places" / f"{PHARE}.toml"
    assert run(runner, "sign", phare, "--key", stranger).exit_code == 0
    result = run(
        runner, "--lang", lang, "score", network / "places", "--criteria", REPO / "criteria",
        "--signers", network / "signataires",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    trust = [line.strip() for line in result.stdout.splitlines() if "signature" in line]
    assert any(line.startswith(signed) for line in trust)
    assert any(line.startswith(other_key) for line in trust)
    for code in ("signed ", "wrong-key", "signed·"):
        assert not any(f"signature: {code}" in line or f"signature : {code}" in line for line in trust)


def test_report_table_names_signature_states_in_words(runner, network, tmp_path):
    stranger = make_key(tmp_path, "stranger")
    assert run(runner, "sign", network / "places" / f"{PHARE}.toml", "--key", stranger).exit_code == 0
    common = ["report", network, "--criteria", REPO / "criteria", "--signers", network / "signataires"]
    english = run(runner, "--lang", "en", *common)
    french = run(runner, "--lang", "fr", *common)
    assert "someone else's key" in english.stdout and "wrong-key" not in english.stdout
    assert "clé d’un autre" in french.stdout and "wrong-key" not in french.stdout


# --------------------------------------------------------------------------- 2. a key others can read


def test_a_key_others_can_read_is_named_with_chmod(runner, network, tmp_path):
    key = make_key(tmp_path, "open")
    key.chmod(0o644)
    places = [network / "places" / f"{HALLE}.toml", network / "places" / f"{PHARE}.toml"]
    before = [Path(f"{p}.sig").read_bytes() for p in places]
    result = run(runner, "--lang", "fr", "sign", *places, "--key", key)
    assert result.exit_code == 1
    said = lines(result.stderr)
    # Said once, for the key (the same for every file), with what to type.
    assert (
        said[0]
        == f"{key} : la clé est lisible par d’autres (rendez-la lisible par vous seul : chmod 600 {key})"
    )
    assert said[-1] == "tlcriteria : erreur : 2 fichiers non signés"
    assert "ssh-keygen" not in result.stderr and "No private key" not in result.stderr
    assert [Path(f"{p}.sig").read_bytes() for p in places] == before  # the old signatures are kept
    key.chmod(0o600)
    assert run(runner, "sign", *places, "--key", key).exit_code == 0


# --------------------------------------------------------------------------- 3. verify: out, err, counts


def test_verify_writes_signed_files_out_and_problems_err_with_who_signs(runner, network):
    place = network / "places" / f"{PHARE}.toml"
    place.write_text(place.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    review = network / "reviews" / HALLE / "le-labo-des-lucioles.toml"
    Path(f"{review}.sig").unlink()
    result = run(runner, "--lang", "fr", "verify", network / "places", network / "reviews", "--signers",
                 network / "signataires")  # fmt: skip
    assert result.exit_code == 1
    # stdout: one line per file signed by who must sign it, nothing else
    out = lines(result.stdout)
    assert out and all(" : signé par " in line for line in out)
    assert len(out) == 16 - 1 + 4 - 1  # 16 places, 4 reviews: one of each is not signed
    # stderr: one problem per other file, naming who signs it and the command; then the counts apart
    err = lines(result.stderr)
    assert err[0] == (
        f"{place}: signature: le fichier a été modifié depuis sa signature (le lieu vérifie la "
        f"modification et la signe à nouveau : tlcriteria sign {place} --key CLÉ)"
    )
    assert err[1] == (
        f"{review}: signature: non signé (pas de le-labo-des-lucioles.toml.sig) (le relecteur "
        f"le-labo-des-lucioles la signe : tlcriteria sign {review} --key CLÉ)"
    )
    assert err[2] == (
        "tlcriteria : erreur : 1 fiche de lieu n’est pas signée par son lieu ; "
        "1 relecture n’est pas signée par son relecteur"
    )
    said = " ".join(run(runner, "--lang", "fr", "verify", "--help").stdout.split())  # as the help says
    assert (
        "Écrit une ligne pour chaque fichier signé par son lieu (une relecture : par son relecteur)" in said
    )
    assert "sur la sortie standard ; chaque autre fichier est un problème sur la sortie d’erreur" in said


def test_verify_counts_in_english_too(runner, network):
    for name in (HALLE, PHARE):
        Path(f"{network / 'places' / name}.toml.sig").unlink()
    result = run(runner, "--lang", "en", "verify", network / "places", "--signers", network / "signataires")
    assert result.exit_code == 1
    assert lines(result.stderr)[-1] == "tlcriteria: error: 2 place files are not signed by their place"


# --------------------------------------------------------------------------- 4. a byte-order mark


def test_signers_file_saved_with_a_byte_order_mark_is_read(runner, network):
    signers = network / "signataires"
    signers.write_bytes(b"\xef\xbb\xbf" + signers.read_bytes())  # as Windows Notepad saves it
    result = run(runner, "--lang", "fr", "verify", network, "--signers", signers)
    assert result.exit_code == 0, result.output
    assert "\ufeff" not in result.output


# --------------------------------------------------------------------------- 5. the wrong kind of file


def test_verify_a_signature_file_names_the_file_to_verify(runner, network):
    sig = network / "places" / f"{HALLE}.toml.sig"
    result = run(runner, "--lang", "fr", "verify", sig, "--signers", network / "signataires")
    assert result.exit_code == 1
    assert lines(result.stderr) == [
        f"{sig}: est une signature, pas une fiche de lieu ni une relecture (vérifiez le fichier "
        f"qu’elle signe : tlcriteria verify {network / 'places' / HALLE}.toml --signers {network / 'signataires'})",
        "tlcriteria : erreur : des fichiers de signature ont été donnés au lieu des fichiers qu’ils "
        "signent ; rien n’a été vérifié",
    ]
    assert "TOML" not in result.output


def test_verify_leaves_criteria_sets_aside(runner, network):
    result = run(runner, "--lang", "fr", "verify", REPO / "criteria", "--signers", network / "signataires")
    assert result.exit_code == 1
    assert lines(result.stderr) == [
        "tlcriteria : remarque : 4 jeux de critères laissés de côté : aucun lieu ne signe les critères",
        "tlcriteria : erreur : aucune fiche de lieu ni relecture parmi les chemins donnés ; rien n’a été vérifié",
    ]
    both = run(
        runner, "--lang", "fr", "verify", REPO / "criteria", network, "--signers", network / "signataires"
    )
    assert both.exit_code == 0, both.output
    assert lines(both.stderr) == [
        "tlcriteria : remarque : 4 jeux de critères laissés de côté : aucun lieu ne signe les critères"
    ]


# --------------------------------------------------------------------------- 6. one hint per line


def test_a_time_written_wrong_in_the_signers_file_has_one_hint(runner, network):
    signers = network / "signataires"
    text = signers.read_text(encoding="utf-8").replace(
        'namespaces="tlcriteria"', 'namespaces="tlcriteria",valid-before="2026-01-01"', 1
    )
    signers.write_text(text, encoding="utf-8")
    result = run(runner, "--lang", "fr", "verify", network / "places", "--signers", signers)
    assert result.exit_code == 1
    assert lines(result.stderr)[0] == (
        f"{signers}: ligne 3: valid-before='2026-01-01' n’est pas une date (écrivez AAAAMMJJ ou AAAAMMJJHHMM[SS])"
    )
    broken = run(runner, "--lang", "fr", "verify", network / "places", "--signers", NORMANDIE / "reseau.toml")
    assert '(écrivez : ID-LIEU namespaces="tlcriteria" ssh-ed25519 AAAA…)' in broken.stderr


# --------------------------------------------------------------------------- 7. the passphrase


@pytest.mark.parametrize(("lang", "said"), [("fr", "ssh-keygen demande la phrase de passe de la clé :"),
                                            ("en", "ssh-keygen asks for the key's passphrase:")])  # fmt: skip
def test_passphrase_prompt_is_announced_in_the_members_language(network, tmp_path, lang, said):
    pexpect = pytest.importorskip("pexpect")
    key = make_key(tmp_path, "protected", passphrase="sésame ouvre-toi")
    place = network / "places" / f"{HALLE}.toml"
    env = {k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"}
    child = pexpect.spawn(
        sys.executable, ["-m", "tlcriteria.cli", "--lang", lang, "sign", str(place), "--key", str(key)],
        encoding="utf-8", timeout=30, env=env,
    )  # fmt: skip
    child.expect_exact(said)
    child.expect("Enter passphrase")  # ssh-keygen's own words, after ours
    child.sendline("sésame ouvre-toi")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before


def test_a_key_without_passphrase_is_not_announced(runner, network, tmp_path):
    key = make_key(tmp_path, "plain")
    result = run(runner, "--lang", "fr", "sign", network / "places" / f"{HALLE}.toml", "--key", key)
    assert result.exit_code == 0, result.output
    assert "phrase de passe" not in result.output


def test_a_key_ssh_agent_holds_is_not_announced(network, tmp_path, monkeypatch):
    """ssh-agent signs without asking: nothing is announced, even for a key with a passphrase."""
    pexpect = pytest.importorskip("pexpect")
    if shutil.which("ssh-agent") is None or shutil.which("ssh-add") is None:
        pytest.skip("needs ssh-agent and ssh-add")
    key = make_key(tmp_path, "held", passphrase="sésame ouvre-toi")
    socket = tmp_path / "agent.sock"
    agent = subprocess.Popen(["ssh-agent", "-D", "-a", str(socket)], stdout=subprocess.DEVNULL)
    try:
        env = {**os.environ, "SSH_AUTH_SOCK": str(socket)}
        for _ in range(100):  # the socket appears once the agent listens
            if socket.exists():
                break
            subprocess.run(["sleep", "0.05"], check=True)
        adding = pexpect.spawn("ssh-add", [str(key)], env=env, encoding="utf-8", timeout=30)
        adding.expect("passphrase")
        adding.sendline("sésame ouvre-toi")
        adding.expect(pexpect.EOF)
        adding.close()
        assert adding.exitstatus == 0, adding.before
        monkeypatch.setenv("SSH_AUTH_SOCK", str(socket))
        place = network / "places" / f"{HALLE}.toml"
        result = CliRunner().invoke(main, ["--lang", "fr", "sign", str(place), "--key", str(key)])
        assert result.exit_code == 0, result.output
        assert "phrase de passe" not in result.output
    finally:
        agent.terminate()
        agent.wait()
