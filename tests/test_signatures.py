"""Signed place files (SPEC §11), with real keys made by ssh-keygen, through the CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tlcriteria.cli import main

from .conftest import EXAMPLES

pytestmark = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="needs ssh-keygen (openssh-client)"
)

CRITERIA = str(EXAMPLES / "criteria")
FABRIQUE = "la-fabrique-exemple"
HANGAR = "le-hangar-partage"


def make_key(folder: Path, name: str, kind: str = "ed25519", passphrase: str = "") -> Path:
    key = folder / name
    args = ["-t", kind] + (["-b", "2048"] if kind == "rsa" else [])
    subprocess.run(["ssh-keygen", "-q", *args, "-N", passphrase, "-C", name, "-f", str(key)], check=True)
    return key


def public(key: Path) -> str:
    return " ".join(Path(f"{key}.pub").read_text().split()[:2])


@pytest.fixture
def net(tmp_path: Path) -> Path:
    """A network folder: the example places, an ed25519 key for one, an RSA key for another."""
    shutil.copytree(EXAMPLES / "places", tmp_path / "places")
    keys = tmp_path / "keys"
    keys.mkdir()
    fabrique = make_key(keys, FABRIQUE)
    hangar = make_key(keys, HANGAR, "rsa")
    (tmp_path / "signers").write_text(
        f'{FABRIQUE} namespaces="tlcriteria" {public(fabrique)}\n'
        f"# the hangar's RSA key\n"
        f'{HANGAR} namespaces="tlcriteria" {public(hangar)}\n'
    )
    return tmp_path


def place(net: Path, place_id: str) -> Path:
    return net / "places" / f"{place_id}.toml"


def key(net: Path, place_id: str) -> Path:
    return net / "keys" / place_id


def verify(runner, net: Path, *paths: Path):
    return runner.invoke(main, ["verify", *map(str, paths), "--signers", str(net / "signers")])


def sign(runner, *args: str):
    return runner.invoke(main, ["sign", *args])


@pytest.mark.parametrize("place_id", [FABRIQUE, HANGAR], ids=["ed25519", "rsa"])
def test_tlcriteria_signature_verifies_with_ssh_keygen(runner, net, place_id):
    path = place(net, place_id)
    result = sign(runner, str(path), "--key", str(key(net, place_id)))
    assert result.exit_code == 0, result.output
    checked = subprocess.run(
        [
            "ssh-keygen",
            "-Y",
            "verify",
            "-f",
            str(net / "signers"),
            "-I",
            place_id,
            "-n",
            "tlcriteria",
            "-s",
            f"{path}.sig",
        ],
        input=path.read_bytes(),
        capture_output=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert verify(runner, net, path).exit_code == 0


@pytest.mark.parametrize("place_id", [FABRIQUE, HANGAR], ids=["ed25519", "rsa"])
def test_ssh_keygen_signature_verifies_in_tlcriteria(runner, net, place_id):
    path = place(net, place_id)
    subprocess.run(
        ["ssh-keygen", "-Y", "sign", "-n", "tlcriteria", "-f", str(key(net, place_id)), str(path)],
        check=True,
        capture_output=True,
    )
    result = verify(runner, net, path)
    assert result.exit_code == 0, result.output
    assert f"signed by {place_id}" in result.stdout


def test_signing_again_replaces_the_signature(runner, net):
    path = place(net, FABRIQUE)
    assert sign(runner, str(path), "--key", str(key(net, FABRIQUE))).exit_code == 0
    path.write_text(path.read_text() + "\n# changed\n")
    assert verify(runner, net, path).exit_code == 1
    assert sign(runner, str(path), "--key", str(key(net, FABRIQUE))).exit_code == 0
    assert verify(runner, net, path).exit_code == 0


def states(runner, net: Path) -> dict[str, str]:
    result = runner.invoke(
        main,
        [
            "score",
            str(net / "places"),
            "--criteria",
            CRITERIA,
            "--signers",
            str(net / "signers"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    return {r["place"]: r["signature"] for r in json.loads(result.stdout)}


def test_every_state_named_by_verify_and_recorded_by_score(runner, net):
    other = make_key(net / "keys", "intrus")
    # changed: signed, then edited
    assert sign(runner, str(place(net, FABRIQUE)), "--key", str(key(net, FABRIQUE))).exit_code == 0
    path = place(net, FABRIQUE)
    path.write_text(path.read_text().replace("Caen", "Bayeux"))
    # wrong-key: the hangar's file signed by a key the network does not know for it
    assert sign(runner, str(place(net, HANGAR)), "--key", str(other)).exit_code == 0
    assert states(runner, net) == {FABRIQUE: "changed", HANGAR: "wrong-key", "l-atelier-mobile": "unsigned"}
    result = verify(runner, net, net / "places")
    assert result.exit_code == 1
    err = result.stderr
    assert f"{path}: signature: the file was changed since it was signed" in err
    assert "signed by a key that is not allowed for le-hangar-partage" in err
    assert "not signed (no l-atelier-mobile.toml.sig)" in err
    assert "3 place files are not signed by their place" in err


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_publish_names_the_states_in_french_whatever_the_language(runner, net, lang):
    """The Signature column, like every public column, reads the French catalogue."""
    from .publishing import read_md

    other = make_key(net / "keys", "intrus")
    assert sign(runner, str(place(net, FABRIQUE)), "--key", str(key(net, FABRIQUE))).exit_code == 0
    place(net, FABRIQUE).write_text(place(net, FABRIQUE).read_text().replace("Caen", "Bayeux"))
    assert sign(runner, str(place(net, HANGAR)), "--key", str(other)).exit_code == 0
    args = ["--lang", lang, "publish", str(net / "places"), "--criteria", CRITERIA, "-f", "md"]
    result = runner.invoke(main, [*args, "--signers", str(net / "signers")])
    assert result.exit_code == 0, result.output
    rows = read_md(result.stdout)
    column = rows[0].index("Signature")
    by_place = {row[0]: row[column] for row in rows[1:]}
    assert by_place == {
        "La Fabrique d'Exemple": "modifié depuis la signature",
        "L'Atelier Mobile": "non signé",
        "Le Hangar Partagé": "clé d’un autre",
    }


def test_another_place_key_is_wrong_key(runner, net):
    # The fabrique's own (allowed) key cannot sign for the hangar.
    assert sign(runner, str(place(net, HANGAR)), "--key", str(key(net, FABRIQUE))).exit_code == 0
    assert states(runner, net)[HANGAR] == "wrong-key"


def test_expired_key_and_key_not_yet_valid(runner, net):
    fabrique = public(key(net, FABRIQUE))
    (net / "signers").write_text(f'{FABRIQUE} namespaces="tlcriteria",valid-before="20200101" {fabrique}\n')
    assert sign(runner, str(place(net, FABRIQUE)), "--key", str(key(net, FABRIQUE))).exit_code == 0
    assert states(runner, net)[FABRIQUE] == "expired"
    (net / "signers").write_text(f'{FABRIQUE} valid-after="29990101" {fabrique}\n')
    assert states(runner, net)[FABRIQUE] == "expired"
    (net / "signers").write_text(f'{FABRIQUE} valid-after="20200101",valid-before="29990101" {fabrique}\n')
    assert states(runner, net)[FABRIQUE] == "signed"


def test_several_keys_per_place(runner, net):
    second = make_key(net / "keys", "second", "rsa")
    with (net / "signers").open("a") as out:
        out.write(f"{FABRIQUE} {public(second)}\n")
    assert sign(runner, str(place(net, FABRIQUE)), "--key", str(second)).exit_code == 0
    assert states(runner, net)[FABRIQUE] == "signed"


def test_wrong_namespace_and_malformed(runner, net):
    path = place(net, FABRIQUE)
    subprocess.run(
        ["ssh-keygen", "-Y", "sign", "-n", "git", "-f", str(key(net, FABRIQUE)), str(path)],
        check=True,
        capture_output=True,
    )
    assert states(runner, net)[FABRIQUE] == "wrong-namespace"
    assert "the signature is for 'git', not for 'tlcriteria'" in verify(runner, net, path).stderr
    Path(f"{path}.sig").write_text(
        "-----BEGIN SSH SIGNATURE-----\nnot base64!\n-----END SSH SIGNATURE-----\n"
    )
    assert states(runner, net)[FABRIQUE] == "malformed"
    Path(f"{path}.sig").write_bytes(b"\xff\xfe garbage")
    result = verify(runner, net, path)
    assert result.exit_code == 1
    assert "la-fabrique-exemple.toml.sig is not a readable SSH signature" in result.stderr


def test_missing_and_malformed_signers_file(runner, net):
    path = place(net, FABRIQUE)
    result = runner.invoke(main, ["verify", str(path), "--signers", str(net / "absent")])
    assert result.exit_code == 1
    assert f"{net / 'absent'}: the signers file does not exist" in result.stderr
    bad = net / "bad-signers"
    bad.write_text(
        f"{FABRIQUE} ssh-ed25519\n"
        f"Not_A_Place {public(key(net, FABRIQUE))}\n"
        f'{HANGAR} valid-before="demain" {public(key(net, HANGAR))}\n'
        f"{HANGAR} ssh-rsa {public(key(net, FABRIQUE)).split()[1]}\n"
    )
    for command in (["verify", str(path)], ["score", str(path), "--criteria", CRITERIA]):
        result = runner.invoke(main, [*command, "--signers", str(bad)])
        assert result.exit_code == 1, result.output
        lines = [line for line in result.stderr.splitlines() if line.startswith(str(bad))]
        assert [line.split(": ")[1] for line in lines] == ["line 1", "line 2", "line 3", "line 4"]
        assert "'Not_A_Place' is not a place id" in result.stderr
        assert "valid-before='demain' is not a time" in result.stderr
        assert "the key is not a ssh-rsa public key" in result.stderr
        assert "Traceback" not in result.output


def test_require_signature_leaves_out_and_names_places(runner, net):
    assert sign(runner, str(place(net, FABRIQUE)), "--key", str(key(net, FABRIQUE))).exit_code == 0
    out = net / "public.json"
    result = runner.invoke(
        main,
        [
            "publish",
            str(net / "places"),
            "--criteria",
            CRITERIA,
            "--signers",
            str(net / "signers"),
            "--require-signature",
            "-o",
            str(out),
            "--date",
            "2026-11-30",
        ],
    )
    assert result.exit_code == 1
    assert "2 places left out: not signed by their own key" in result.stderr
    assert f"{place(net, HANGAR)}: signature: not signed" in result.stderr
    records = json.loads(out.read_text())["ratings"]
    assert {r["place"] for r in records} == {FABRIQUE}
    assert {r["signature"] for r in records} == {"signed"}


def test_require_signature_needs_signers(runner, net):
    result = runner.invoke(
        main, ["score", str(net / "places"), "--criteria", CRITERIA, "--require-signature"]
    )
    assert result.exit_code == 1
    assert "--require-signature needs --signers FILE" in result.stderr


def test_sign_reports_a_bad_key_and_a_missing_file(runner, net):
    result = sign(runner, str(place(net, FABRIQUE)), str(net / "absent.toml"), "--key", str(net / "nokey"))
    assert result.exit_code == 1
    assert f"{net / 'nokey'}: no such key file (give your SSH private key" in result.stderr
    assert f"{net / 'absent.toml'}: no such file" in result.stderr
    assert not Path(f"{place(net, FABRIQUE)}.sig").exists()


def test_key_held_by_ssh_agent(net, tmp_path):
    """Signing with the public half only: ssh-keygen asks the agent for the signature."""
    agent = subprocess.run(["ssh-agent", "-s"], capture_output=True, text=True, check=True).stdout
    env = dict(os.environ)
    for name in ("SSH_AUTH_SOCK", "SSH_AGENT_PID"):
        env[name] = agent.split(f"{name}=")[1].split(";")[0]
    try:
        subprocess.run(["ssh-add", "-q", str(key(net, FABRIQUE))], env=env, check=True, capture_output=True)
        os.unlink(key(net, FABRIQUE))  # only the .pub is left on disk
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "tlcriteria.cli",
                "--lang",
                "en",
                "sign",
                str(place(net, FABRIQUE)),
                "--key",
                f"{key(net, FABRIQUE)}.pub",
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
    finally:
        subprocess.run(["ssh-agent", "-k"], env=env, capture_output=True)
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "tlcriteria.cli",
            "verify",
            str(place(net, FABRIQUE)),
            "--signers",
            str(net / "signers"),
        ],
        capture_output=True,
    )
    assert checked.returncode == 0, checked.stderr


def test_passphrase_asked_on_the_terminal(net):
    pexpect = pytest.importorskip("pexpect")
    protected = make_key(net / "keys", "protected", passphrase="sesame ouvre-toi")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "tlcriteria.cli", "--lang", "en", "sign", str(place(net, FABRIQUE)), "--key", str(protected)],
        encoding="utf-8",
        timeout=20,
    )
    child.expect("passphrase")
    child.sendline("sesame ouvre-toi")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert Path(f"{place(net, FABRIQUE)}.sig").exists()


def test_assess_signs_when_the_member_finishes(runner, net):
    path = place(net, FABRIQUE)
    result = runner.invoke(
        main,
        ["assess", str(path), "--criteria", CRITERIA, "--sign-with", str(key(net, FABRIQUE))],
        input="quit\n",
    )
    assert result.exit_code == 0, result.output
    assert "Signed:" in result.output
    assert verify(runner, net, path).exit_code == 0


def test_the_example_network_is_signed_by_its_places(runner):
    network = Path(__file__).parent.parent / "examples" / "normandie"
    result = runner.invoke(main, ["verify", str(network), "--signers", str(network / "signataires")])
    assert result.exit_code == 0, (
        result.output + "\nan example place or review changed: sign them again with scripts/sign-examples"
    )


def test_a_file_saved_with_a_byte_order_mark_verifies(runner, net):
    path = place(net, FABRIQUE)
    path.write_bytes("\ufeff".encode() + path.read_bytes())
    assert sign(runner, str(path), "--key", str(key(net, FABRIQUE))).exit_code == 0
    assert states(runner, net)[FABRIQUE] == "signed"
    path.write_bytes(path.read_bytes().replace(b"Caen", b"Vire"))
    assert states(runner, net)[FABRIQUE] == "changed"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=1, max_size=300), st.data())
def test_any_change_to_signed_bytes_is_seen(tmp_path_factory, content, data):
    from tlcriteria.signatures import Signers, load_signers
    from tlcriteria.signatures import sign as sign_file
    from tlcriteria.signatures import verify as verify_file

    folder = tmp_path_factory.mktemp("prop")
    key_path = make_key(folder, "lieu")
    (folder / "signers").write_text(f"lieu {public(key_path)}\n")
    signers, problems = load_signers(folder / "signers")
    assert isinstance(signers, Signers) and not problems
    target = folder / "f.toml"
    target.write_bytes(content)
    sign_file(target, key_path)
    assert verify_file(target, "lieu", signers).state == "signed"
    at = data.draw(st.integers(0, len(content) - 1))
    flipped = content[:at] + bytes([content[at] ^ 1]) + content[at + 1 :]
    assert verify_file(target, "lieu", signers, flipped).state == "changed"
    assert verify_file(target, "autre", signers).state == "wrong-key"
