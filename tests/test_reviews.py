"""Peer reviews (SPEC §11), through the CLI: written by `review`, counted by score and publish."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tlcriteria.cli import main

from .conftest import EXAMPLES, review

FABRIQUE, HANGAR, MOBILE = "la-fabrique-exemple", "le-hangar-partage", "l-atelier-mobile"
# La Fabrique's answers, in the order `review` asks them: fablab's criteria, then tiers-lieu's own.
FABRIQUE_ANSWERS = 9
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def net(tmp_path: Path) -> Path:
    """A network folder (places, reviews); the criteria beside it."""
    shutil.copytree(EXAMPLES / "places", tmp_path / "net" / "places")
    shutil.copytree(EXAMPLES / "criteria", tmp_path / "criteria")
    return tmp_path / "net"


def review_file(net: Path, place_id: str, reviewer: str) -> Path:
    return net / "reviews" / place_id / f"{reviewer}.toml"


def scored(runner, net: Path, *extra: str, code: int = 0):
    result = runner.invoke(
        main,
        [
            "score",
            str(net / "places"),
            str(net / "reviews"),
            "--criteria",
            str(net.parent / "criteria"),
            "--format",
            "json",
            *extra,
        ],
    )
    assert result.exit_code == code, result.output
    return result


def records(runner, net: Path, *extra: str) -> dict[tuple[str, str], dict]:
    return {(r["place"], r["set"]): r for r in json.loads(scored(runner, net, *extra).stdout)}


def line_of(path: Path, start: str) -> int:
    """The number of the first line of `path` that starts with `start`."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(start))


def set_rules(net: Path, set_id: str, rules: str) -> None:
    path = net.parent / "criteria" / f"{set_id}.toml"
    text = path.read_text()
    path.write_text(text.replace("\n[[criteria]]", f"\n[set.review]\n{rules}\n\n[[criteria]]", 1))


def test_review_writes_one_verdict_per_answer_with_its_digest(runner, net):
    result = review(runner, net, FABRIQUE, HANGAR, ["c", "x", "Pas de charte affichée", ""] + ["c"] * 6)
    assert result.exit_code == 0, result.output
    data = tomllib.loads(review_file(net, FABRIQUE, HANGAR).read_text())
    assert data["review"]["place"] == FABRIQUE and data["review"]["reviewer"] == HANGAR
    verdicts = data["verdicts"]
    assert len(verdicts) == FABRIQUE_ANSWERS - 1  # one skipped
    assert verdicts["fab-charte"]["verdict"] == "disputed"
    assert verdicts["fab-charte"]["comment"] == "Pas de charte affichée"
    assert all(v["digest"].startswith("sha256:") and len(v["digest"]) == 71 for v in verdicts.values())
    assert runner.invoke(main, ["check", str(net), "--criteria", str(net.parent / "criteria")]).exit_code == 0


def test_verification_overall_and_per_criterion(runner, net):
    assert review(runner, net, FABRIQUE, HANGAR, ["c"] * FABRIQUE_ANSWERS).exit_code == 0
    got = records(runner, net)
    fablab = got[(FABRIQUE, "fablab")]["verification"]
    assert fablab["overall"] == "verified" and fablab["peers"] == 1
    assert set(fablab["criteria"].values()) == {"confirmed"}
    assert got[(MOBILE, "fablab")]["verification"] == {"overall": "self", "peers": 0, "criteria": {}}
    # Two confirmations required: one peer is not enough.
    set_rules(net, "fablab", "confirmations = 2")
    assert records(runner, net)[(FABRIQUE, "fablab")]["verification"]["overall"] == "self"


def test_a_dispute_and_what_it_costs(runner, net):
    assert (
        review(runner, net, FABRIQUE, HANGAR, ["c", "c", "x", "Aucune machine vue"] + ["c"] * 6).exit_code
        == 0
    )
    got = records(runner, net)[(FABRIQUE, "fablab")]
    assert got["verification"]["overall"] == "disputed"
    assert got["verification"]["criteria"]["fab-outils"] == "disputed"
    kept = got["percent"]
    set_rules(net, "fablab", "disputed_keeps_credit = false")
    lost = records(runner, net)[(FABRIQUE, "fablab")]
    assert lost["percent"] < kept
    # Its credit taken away, the answer still the place's: not counted as unanswered.
    assert {c["id"]: c["outcome"] for c in lost["criteria"]}["fab-outils"] == "unsatisfied"
    assert "fab-outils" not in lost["unanswered"]


def test_a_verdict_lapses_when_the_answer_changes(runner, net):
    assert review(runner, net, FABRIQUE, HANGAR, ["c"] * FABRIQUE_ANSWERS).exit_code == 0
    place = net / "places" / f"{FABRIQUE}.toml"
    text = place.read_text()
    assert 'fab-acces = "libre"' in text
    place.write_text(text.replace('fab-acces = "libre"', 'fab-acces = "payant"'))
    result = scored(runner, net)
    path = review_file(net, FABRIQUE, HANGAR)
    line = line_of(path, "fab-acces =")
    assert (
        f"{path}: line {line}, [verdicts] fab-acces: warning: the answer changed since it was reviewed"
        in result.stderr
    )
    record = {(r["place"], r["set"]): r for r in json.loads(result.stdout)}[(FABRIQUE, "fablab")]
    assert "fab-acces" not in record["verification"]["criteria"]
    assert record["verification"]["overall"] == "self"  # no longer covers every answer
    # Reviewing again asks only the changed answer.
    result = review(runner, net, FABRIQUE, HANGAR, ["c"])
    assert result.exit_code == 0, result.output
    assert records(runner, net)[(FABRIQUE, "fablab")]["verification"]["overall"] == "verified"


def test_self_review_refused(runner, net):
    result = review(runner, net, FABRIQUE, FABRIQUE, ["c"])
    assert result.exit_code == 1
    assert "a place cannot review itself" in result.stderr
    path = review_file(net, FABRIQUE, FABRIQUE)
    path.parent.mkdir(parents=True)
    path.write_text(
        f'[review]\nplace = "{FABRIQUE}"\nreviewer = "{FABRIQUE}"\ndate = 2026-01-02\n\n[verdicts]\n'
    )
    for command in ("check", "score"):
        result = runner.invoke(main, [command, str(net), "--criteria", str(net.parent / "criteria")])
        assert result.exit_code == 1
        assert f"{path}: line 3, [review], reviewer: a place cannot review itself" in result.stderr


def bad_review(net: Path, verdicts: str, reviewer: str = HANGAR, date: str = "2026-01-02") -> Path:
    path = review_file(net, FABRIQUE, reviewer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'[review]\nplace = "{FABRIQUE}"\nreviewer = "{reviewer}"\ndate = {date}\n\n[verdicts]\n{verdicts}'
    )
    return path


@pytest.mark.parametrize(
    ("verdicts", "where", "message"),
    [
        (
            'fab-acess = { verdict = "confirmed", digest = "sha256:0" }\n',
            "[verdicts] fab-acess",
            "no criteria set defines a criterion 'fab-acess'",
        ),
        (
            'fab-acces = { verdict = "ok", digest = "sha256:0" }\n',
            "[verdicts] fab-acces, verdict",
            "'ok' is not allowed",
        ),
        (
            'fab-acces = { verdict = "confirmed" }\n',
            "[verdicts] fab-acces, digest",
            "missing required key 'digest'",
        ),
    ],
)
def test_bad_review_is_an_error_naming_the_file(runner, net, verdicts, where, message):
    path = bad_review(net, verdicts)
    for command in ("check", "score"):
        result = runner.invoke(main, [command, str(net), "--criteria", str(net.parent / "criteria")])
        assert result.exit_code == 1
        assert f"{path}: " in result.stderr and where in result.stderr and message in result.stderr
        assert "Traceback" not in result.output


def test_review_dated_in_the_future_or_misfiled(runner, net):
    path = bad_review(net, "", date="2999-01-01")
    result = runner.invoke(main, ["check", str(net), "--criteria", str(net.parent / "criteria")])
    assert f"{path}: line 4, [review], date: 2999-01-01 is in the future" in result.stderr
    path.unlink()
    misfiled = net / "reviews" / FABRIQUE / "autre.toml"
    misfiled.write_text(f'[review]\nplace = "{FABRIQUE}"\nreviewer = "{HANGAR}"\ndate = 2026-01-02\n')
    result = runner.invoke(main, ["check", str(net), "--criteria", str(net.parent / "criteria")])
    assert result.exit_code == 1
    assert f"is filed as reviews/{FABRIQUE}/{HANGAR}.toml" in result.stderr


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
def test_with_signers_a_review_counts_only_signed_by_a_known_reviewer(runner, net):
    keys = net / "keys"
    keys.mkdir()
    for name in (FABRIQUE, HANGAR):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / name)], check=True)
    pub = {n: " ".join((keys / f"{n}.pub").read_text().split()[:2]) for n in (FABRIQUE, HANGAR)}
    signers = net / "signers"
    signers.write_text(f"{FABRIQUE} {pub[FABRIQUE]}\n{HANGAR} {pub[HANGAR]}\n")
    assert review(runner, net, FABRIQUE, HANGAR, ["c"] * FABRIQUE_ANSWERS).exit_code == 0
    path = review_file(net, FABRIQUE, HANGAR)
    result = scored(runner, net, "--signers", str(signers))
    assert (
        f"{path}: signature: warning: not signed by its reviewer {HANGAR}: it is not counted" in result.stderr
    )
    record = {(r["place"], r["set"]): r for r in json.loads(result.stdout)}[(FABRIQUE, "fablab")]
    assert record["verification"]["overall"] == "self"
    # Signed by the fabrique's key (another place): still not counted.
    assert runner.invoke(main, ["sign", str(path), "--key", str(keys / FABRIQUE)]).exit_code == 0
    assert (
        records(runner, net, "--signers", str(signers))[(FABRIQUE, "fablab")]["verification"]["overall"]
        == "self"
    )
    # Signed by its reviewer, through review --sign-with: counted.
    path.unlink()
    result = review(
        runner, net, FABRIQUE, HANGAR, ["c"] * FABRIQUE_ANSWERS, "--sign-with", str(keys / HANGAR)
    )
    assert result.exit_code == 0, result.output
    assert (
        records(runner, net, "--signers", str(signers))[(FABRIQUE, "fablab")]["verification"]["overall"]
        == "verified"
    )
    # A reviewer the signers file does not know: a warning naming the review, which is not counted.
    signers.write_text(f"{FABRIQUE} {pub[FABRIQUE]}\n")
    result = scored(runner, net, "--signers", str(signers))
    assert (
        f"{path}: line {line_of(path, 'reviewer =')}, [review], reviewer: warning: reviewer '{HANGAR}' has no key in the signers file: "
        "this review is not counted" in result.stderr
    )
    record = {(r["place"], r["set"]): r for r in json.loads(result.stdout)}[(FABRIQUE, "fablab")]
    assert record["verification"]["overall"] == "self"


def test_verification_shown_in_every_publishing_format(runner, net):
    assert review(runner, net, FABRIQUE, HANGAR, ["c"] * FABRIQUE_ANSWERS).exit_code == 0
    base = ["publish", str(net), "--criteria", str(net.parent / "criteria"), "--date", "2026-11-30"]
    out = {}
    for fmt in ("md", "mediawiki", "csv", "html", "geojson"):
        result = runner.invoke(main, [*base, "--format", fmt])
        assert result.exit_code == 0, result.output
        out[fmt] = result.stdout
    for fmt in ("md", "mediawiki", "html", "geojson"):
        assert "vérifiée par 1 pair" in out[fmt], fmt
        assert "auto-évaluation" in out[fmt], fmt
    rows = list(csv.DictReader(io.StringIO(out["csv"])))
    assert {(r["Lieu"], r["Collège"]): r["Vérification"] for r in rows}[
        ("La Fabrique d'Exemple", "fablab")
    ] == ("vérifiée par 1 pair")
    assert '"confirmed"' in out["html"]  # per criterion, in the detail view's data


def test_review_in_a_terminal(net):
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        sys.executable,
        [
            "-m",
            "tlcriteria.cli",
            "--lang",
            "en",
            "review",
            str(net / "places" / f"{FABRIQUE}.toml"),
            "--as",
            HANGAR,
            "--criteria",
            str(net.parent / "criteria"),
        ],
        encoding="utf-8",
        timeout=20,
        cwd=str(net),
    )
    child.expect(r"Confirm, dispute or skip\? \[c/x/Enter/q\]")
    child.sendline("x")
    child.expect("What is wrong with this answer?")
    child.sendline("Fermé le samedi")
    child.expect(r"Confirm, dispute or skip\?")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    verdicts = tomllib.loads(review_file(net, FABRIQUE, HANGAR).read_text())["verdicts"]
    assert next(iter(verdicts.values()))["comment"] == "Fermé le samedi"
    assert len(verdicts) == 1


def test_score_table_shows_signature_reviews_and_verdicts(runner, net):
    assert review(runner, net, FABRIQUE, HANGAR, ["c", "x", "Pas de charte"] + ["c"] * 7).exit_code == 0
    result = runner.invoke(
        main, ["score", str(net / "places"), str(net / "reviews"), "--criteria", str(net.parent / "criteria")]
    )
    assert result.exit_code == 0, result.output
    assert "  disputed in a peer review" in result.stdout
    assert "[disputed by a peer]" in result.stdout and "[confirmed by a peer]" in result.stdout
    assert "  self-assessed" in result.stdout


def test_review_asks_in_english_with_the_sets_english_texts(runner, tmp_path):
    """--lang en: each criterion by its title_en and question_en (they were shown in French)."""
    net = tmp_path / "net"
    shutil.copytree(REPO / "examples" / "normandie" / "places", net / "places")
    shutil.copytree(REPO / "criteria", tmp_path / "criteria")
    result = runner.invoke(
        main,
        [
            "--lang",
            "en",
            "review",
            str(net / "places" / "la-halle-songeuse.toml"),
            "--as",
            "le-phare-de-papier",
            "--criteria",
            str(tmp_path / "criteria"),
        ],
        input="q\n",
    )
    assert result.exit_code == 0, result.output
    assert (
        "Users' freedom — Which of these freedoms do the users of your place actually have?" in result.output
    )
    assert "Liberté des usagers" not in result.output


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[review]\nreviewer = "le-hangar-partage\n', "line 2, column "),  # an unclosed quote
        ("[review]\nassessed = 2026-02-30\n", "February 30 does not exist"),
    ],
)
def test_a_review_file_toml_cannot_read_is_said_as_check_says_it(runner, net, text, said):
    """The review file is read as the questionnaire reads a place file: check's located words, the
    file left as it is, no parser's raw English."""
    target = review_file(net, FABRIQUE, HANGAR)
    target.parent.mkdir(parents=True)
    target.write_text(text, encoding="utf-8")
    result = review(runner, net, FABRIQUE, HANGAR, ["q"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{target}: ") and "malformed TOML" in lines[0] and said in lines[0], lines
    assert lines[-1] == (
        f"tlcriteria: error: {target} is left as it is: fix what is said above, then run the review again"
    )
    assert target.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("given", "notice"),
    [
        (["places"], True),
        (["places/la-fabrique-exemple.toml"], True),
        (["places", "reviews"], False),
        (["."], False),
    ],
)
@pytest.mark.parametrize("command", [["score", "-f", "json"], ["publish", "-f", "csv"]])
def test_reviews_the_folders_given_leave_out_are_said(runner, net, monkeypatch, given, notice, command):
    """`places/` given alone: the ratings are made as if no place had been reviewed, and a
    notice says where the reviews are and what to give instead."""
    assert review(runner, net, FABRIQUE, HANGAR, ["c"] * FABRIQUE_ANSWERS).exit_code == 0
    monkeypatch.chdir(net)
    result = runner.invoke(main, [command[0], *given, "--criteria", "../criteria", *command[1:]])
    said = "reviews: peer reviews not read (only the folders given are): give the network's folder, ., to count them"
    assert (said in result.stderr) is notice, result.stderr


def test_a_review_by_a_place_that_left_says_to_delete_it(runner, net, monkeypatch):
    assert review(runner, net, FABRIQUE, HANGAR, ["c"] * FABRIQUE_ANSWERS).exit_code == 0
    (net / "places" / f"{HANGAR}.toml").unlink()  # the reviewer left the network
    monkeypatch.chdir(net)
    result = runner.invoke(main, ["score", ".", "--criteria", "../criteria", "-f", "json"])
    assert f"reviewer '{HANGAR}' is no place of the network" in result.stderr
    assert f"if '{HANGAR}' left the network, delete this file)" in result.stderr
