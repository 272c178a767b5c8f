"""Peer reviews never stop a publication (SPEC §8), follow renamed criteria, and the review
command writes only its own review, as a member of the network, where publish finds it.

Through the command line, on a copy of the Normandy network (its places, reviews and signers).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from tlcriteria.cli import main

REPO = Path(__file__).resolve().parent.parent
HALLE, LABO, ATELIERS, PHARE = (
    "la-halle-songeuse",
    "le-labo-des-lucioles",
    "les-ateliers-du-songe",
    "le-phare-de-papier",
)


@pytest.fixture
def net(tmp_path: Path) -> Path:
    """The Normandy network (places/, reviews/, reseau.toml, signataires); criteria/ beside it."""
    shutil.copytree(REPO / "examples" / "normandie", tmp_path / "N")
    shutil.copytree(REPO / "criteria", tmp_path / "criteria")
    return tmp_path / "N"


def run(runner, net: Path, *args: str, code: int | None = 0, typed: str | None = None):
    result = runner.invoke(main, [*args, "--criteria", str(net.parent / "criteria")], input=typed)
    if code is not None:
        assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


def verification(runner, net: Path, *extra: str, code: int = 0) -> tuple[dict[tuple[str, str], str], str]:
    """(place, college) -> the verification publish shows, and what it said on stderr."""
    result = run(
        runner, net, "publish", str(net), "--format", "csv", "--date", "2026-12-01", *extra, code=code
    )
    rows = csv.DictReader(io.StringIO(result.stdout))
    return {(r["Lieu"], r["Collège"]): r["Vérification"] for r in rows}, result.stderr


def review_path(net: Path, place: str, reviewer: str) -> Path:
    return net / "reviews" / place / f"{reviewer}.toml"


def line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(start))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_place_left_out_takes_its_reviews_with_it_and_the_others_are_published(runner, net):
    shown, _said = verification(runner, net)
    assert shown[("La Halle Songeuse", "coworking")] == "vérifiée par 2 pairs"
    edit(net / "places" / f"{HALLE}.toml", "\ntown = ", "\ntwon = ")
    for extra, code in (("--keep-going",), 0), ((), 1):
        after, said = verification(runner, net, *extra, code=code)
        assert not any(place == "La Halle Songeuse" for place, _college in after)
        assert after[("Le Phare de Papier", "coworking")] == "vérifiée par 1 pair"
        assert len(after) == len(shown) - 3  # la Halle's three colleges
        for reviewer in (LABO, ATELIERS):
            path = review_path(net, HALLE, reviewer)
            assert (
                f"{path}: line 2, [review], place: warning: the place file {net}/places/{HALLE}.toml is left "
                "out because of its problems: this review is left out with it" in said
            )
        assert "no place 'la-halle-songeuse'" not in said
        assert "1 place file left out because of its problems" in said
    # score and report go on the same way.
    for command in ("score", "report"):
        result = run(runner, net, command, str(net), "--keep-going")
        assert "is left out because of its problems: this review is left out with it" in result.stderr


def test_a_faulty_review_is_left_out_and_named_the_others_count(runner, net):
    path = review_path(net, HALLE, LABO)
    edit(path, "\ncadre-explicite = ", "\ncadre-explicit = ")
    line = line_of(path, "cadre-explicit =")
    shown, said = verification(runner, net, code=1)  # exit 1 as for a place file, the output written
    assert (
        f"{path}: line {line}, [verdicts] cadre-explicit: no criteria set defines a criterion "
        "'cadre-explicit' (did you mean 'cadre-explicite'?)" in said
    )
    assert "1 review file left out because of its problems (see above); every other review counts" in said
    assert shown[("La Halle Songeuse", "coworking")] == "vérifiée par 1 pair"  # les Ateliers' still counts
    assert shown[("Le Phare de Papier", "coworking")] == "vérifiée par 1 pair"
    shown, _said = verification(runner, net, "--keep-going")
    assert shown[("La Halle Songeuse", "coworking")] == "vérifiée par 1 pair"
    # A review whose TOML cannot be read at all: left out the same way, counted as a review
    # (where it lies says so), never as a place file left out.
    path.write_text('[review]\nplace = "la-halle-songeuse\n', encoding="utf-8")
    shown, said = verification(runner, net, "--keep-going")
    assert f"{path}: " in said and "malformed TOML" in said
    assert shown[("Le Phare de Papier", "coworking")] == "vérifiée par 1 pair"
    for command in ("publish", "score", "report"):
        args = ("--format", "csv") if command == "publish" else ()
        said = run(runner, net, command, str(net), *args, code=1).stderr
        assert "1 review file left out because of its problems (see above); every other review counts" in said
        assert "place file" not in said


def test_a_review_of_a_place_that_left_or_by_an_unknown_place_is_a_warning_not_counted(runner, net):
    (net / "places" / f"{PHARE}.toml").unlink()
    (net / "places" / f"{PHARE}.toml.sig").unlink()
    shown, said = verification(runner, net)
    path = review_path(net, PHARE, "le-quai-des-utopies")
    assert (
        f"{path}: line 2, [review], place: warning: no place 'le-phare-de-papier' among the places given: "
        "this review is not counted" in said
    )
    # A review by a place the network does not have: not counted, said by publish and check.
    invented = review_path(net, HALLE, "lieu-inexistant")
    text = review_path(net, HALLE, LABO).read_text().replace(LABO, "lieu-inexistant")
    invented.write_text(text)
    review_path(net, HALLE, LABO).unlink()
    shown, said = verification(runner, net)
    assert shown[("La Halle Songeuse", "coworking")] == "vérifiée par 1 pair"  # les Ateliers only
    message = (
        f"{invented}: line 3, [review], reviewer: warning: reviewer 'lieu-inexistant' is no place of the "
        "network (none among the places given, no lieu-inexistant.toml beside them): this review is not counted"
    )
    assert message in said
    result = run(runner, net, "check", str(net))
    assert message in result.stderr
    assert "2 warnings" in result.stdout  # this one, and the review of the place that left


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
def test_a_reviewer_without_a_key_is_a_warning_with_signers(runner, net):
    signers = net / "signataires"
    signers.write_text("".join(x for x in signers.read_text().splitlines(True) if not x.startswith(LABO)))
    shown, said = verification(runner, net, "--signers", str(signers))
    path = review_path(net, HALLE, LABO)
    assert (
        f"{path}: line 3, [review], reviewer: warning: reviewer '{LABO}' has no key in the signers file: "
        "this review is not counted" in said
    )
    assert shown[("La Halle Songeuse", "coworking")] == "vérifiée par 1 pair"


def rename(criteria: Path) -> None:
    """The working group's guide's renames: a criterion, and an option La Halle answers."""
    communs = criteria / "communs.toml"
    edit(communs, '\nid = "cadre-explicite"', '\nid = "cadre-clair"\nreplaces = ["cadre-explicite"]')
    edit(communs, '{ id = "decouverte", ', '{ id = "decouverte-gratuite", replaces = ["decouverte"], ')


def test_renamed_criteria_are_read_in_reviews_and_migrate_rewrites_them(runner, net):
    before, _said = verification(runner, net)
    rename(net.parent / "criteria")
    path = review_path(net, HALLE, LABO)
    line = line_of(path, "cadre-explicite =")
    after, said = verification(runner, net)
    assert after == before  # nothing moves: the verdicts are read under the new ids
    assert (
        f"{path}: line {line}, [verdicts] cadre-explicite: notice: 'cadre-explicite' is now 'cadre-clair': "
        f"this verdict is read as a verdict on 'cadre-clair' (tlcriteria migrate {path} rewrites the review "
        "with today's ids)" in said
    )
    comment = "# relu sur place\n"
    edit(path, "[verdicts]\n", "[verdicts]\n" + comment)
    # Who signs each rewritten file again: named by --dry-run before anything is rewritten
    # (« would »), then by migrate once it has rewritten them.
    unchanged = path.read_bytes()
    place = net / "places" / f"{HALLE}.toml"
    for extra, said in (
        (("--dry-run",), ("once rewritten, its signature {sig} would no longer match", "would sign")),
        ((), ("its signature {sig} no longer matches", "signs")),
    ):
        result = run(runner, net, "migrate", str(net), *extra)
        mismatch, signs = said
        for reviewer in (LABO, ATELIERS):
            file = review_path(net, HALLE, reviewer)
            assert (
                f"{file}: {mismatch.format(sig=f'{file}.sig')}: its reviewer {reviewer} {signs} it again "
                f"with its own key (tlcriteria sign {file} --key ITS-KEY)" in result.stderr
            )
        assert (
            f"{place}: {mismatch.format(sig=f'{place}.sig')}: the place {HALLE} {signs} it again with its "
            "own key" in result.stderr
        )
        if extra:
            assert "3 review files would be rewritten" in result.stderr and path.read_bytes() == unchanged
    assert "3 review files rewritten" in result.stderr
    text = path.read_text()
    assert comment in text and "cadre-explicite" not in text and "cadre-clair = {" in text
    after, said = verification(runner, net)
    assert after == before and "verdict" not in said  # the option's verdicts still judge their answers
    assert run(runner, net, "check", str(net)).stderr.count("notice") == 0


def test_review_after_a_rename_asks_nothing_already_judged(runner, net):
    rename(net.parent / "criteria")
    result = run(runner, net, "review", str(net / "places" / f"{HALLE}.toml"), "--as", LABO)
    assert "Confirm, dispute or skip?" not in result.output  # every answer judged as it stands


@pytest.mark.parametrize(
    "other",
    [
        "places/le-labo-des-lucioles.toml",
        "reseau.toml",
        "reviews/la-halle-songeuse/les-ateliers-du-songe.toml",
    ],
)
def test_review_output_refuses_a_file_that_is_not_this_review(runner, net, other):
    target = net / other
    before = target.read_bytes()
    result = runner.invoke(
        main,
        [
            "review",
            str(net / "places" / f"{HALLE}.toml"),
            "--as",
            LABO,
            "-o",
            str(target),
            "--criteria",
            str(net.parent / "criteria"),
        ],
        input="c\nq\n",
    )
    assert result.exit_code == 1
    assert target.read_bytes() == before
    said = result.stderr.strip().splitlines()
    assert len(said) == 1 and said[0].startswith(f"tlcriteria: error: {target}: "), said
    assert "nothing was written" in said[0]
    if other.startswith("reviews"):
        assert f"is the review of {HALLE} by {ATELIERS}, not this one" in said[0]
    elif other == "reseau.toml":  # refused first as an input of the command (App.check_output)
        assert "-o names the network file of the places this command reads" in said[0]
    else:
        assert "is not a review file" in said[0]


def test_review_output_may_be_this_same_review(runner, net):
    path = review_path(net, HALLE, LABO)
    result = run(runner, net, "review", str(net / "places" / f"{HALLE}.toml"), "--as", LABO, "-o", str(path))
    assert "Confirm, dispute or skip?" not in result.output


def test_a_flat_network_keeps_its_reviews_inside_and_publish_finds_them(runner, tmp_path):
    flat = tmp_path / "c9" / "flat"
    flat.mkdir(parents=True)
    for file in (REPO / "examples" / "normandie" / "places").glob("*.toml"):
        shutil.copy(file, flat)
    criteria = str(REPO / "criteria")
    place = flat / f"{PHARE}.toml"
    answers = len(tomllib.loads(place.read_text())["answers"])
    result = runner.invoke(
        main, ["review", str(place), "--as", LABO, "--criteria", criteria], input="c\n" * answers
    )
    assert result.exit_code == 0, result.output
    assert (flat / "reviews" / PHARE / f"{LABO}.toml").is_file()
    assert not (tmp_path / "c9" / "reviews").exists()
    result = runner.invoke(main, ["score", str(flat), "--criteria", criteria, "--format", "json"])
    assert result.exit_code == 0, result.output
    verified = {(r["place"], r["set"]): r["verification"]["overall"] for r in json.loads(result.stdout)}
    assert verified[(PHARE, "coworking")] == "verified"


def test_review_as_a_place_the_network_does_not_have_is_refused(runner, net):
    result = run(
        runner, net, "review", str(net / "places" / f"{HALLE}.toml"), "--as", "le-labo-des-luciole", code=1
    )
    assert result.stderr.strip() == (
        f"tlcriteria: error: --as 'le-labo-des-luciole': no place file beside {net}/places/{HALLE}.toml "
        "has this id; the reviewer is a place of the network (did you mean 'le-labo-des-lucioles'?)"
    )
    assert not review_path(net, HALLE, "le-labo-des-luciole").exists()


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
def test_no_re_sign_note_when_the_review_is_signed_at_the_end(runner, net, tmp_path):
    key = tmp_path / "labo"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", LABO, "-f", str(key)], check=True)
    path = review_path(net, HALLE, LABO)
    edit(path, "\nliberte-usagers = ", "\n# ")  # one answer to judge again
    args = ["review", str(net / "places" / f"{HALLE}.toml"), "--as", LABO]
    result = run(runner, net, *args, "--sign-with", str(key), typed="c\n")
    assert "no longer matches" not in result.output
    assert f"Signed: {path}.sig" in result.output
    edit(path, "\nliberte-usagers = ", "\n# ")
    result = run(runner, net, *args, typed="c\n")
    assert (
        f"Note: {path}.sig no longer matches {path}; sign it again at the end (tlcriteria sign {path} "
        "--key KEY, or review --sign-with KEY)." in result.output
    )


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_review_help_says_one_place_for_the_review_file(lang):
    from click.testing import CliRunner

    result = CliRunner(env={"LANGUAGE": lang}).invoke(main, ["--lang", lang, "review", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    where = {
        "en": "in the network's folder: the one holding reseau.toml or places/, else the place file's own folder",
        "fr": "dans le dossier du réseau : celui qui contient reseau.toml ou places/, sinon celui de la fiche",
    }[lang]
    assert text.count(where) == 2, text


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
def test_assess_with_sign_with_says_no_re_sign_note(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    from .conftest import spawn_assess
    from .test_assess_together import HAND_WRITTEN

    key = tmp_path / "cle"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "le-lieu", "-f", str(key)], check=True
    )
    path = tmp_path / "le-lieu.toml"
    for extra, value in (((), "5"), (("--sign-with", str(key)), "4")):
        path.write_text(HAND_WRITTEN, "utf-8")
        (tmp_path / "le-lieu.toml.sig").write_text("-----BEGIN SSH SIGNATURE-----\n", "utf-8")
        child = spawn_assess(str(path), *extra, cwd=tmp_path)
        child.expect_exact("Réponse :")
        child.sendline(value)  # saved: the old signature no longer matches
        child.expect_exact("Accueil du public")  # the next question
        said = child.before
        child.expect_exact("Réponse :")
        child.sendline("quitter")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0, child.before
        if extra:
            assert "ne correspond plus" not in said
            assert "Signé" in child.before
        else:
            assert "ne correspond plus" in said and "ou assess --sign-with CLÉ" in " ".join(said.split())


def test_a_set_with_errors_is_said_at_the_set_not_again_in_every_review(runner, net):
    """Its criteria are withheld until it is fixed: a verdict on one of them waits with them,
    rather than each review saying that no set defines it."""
    edit(net.parent / "criteria" / "coworking.toml", 'level = "should"', 'level = "shuold"')
    result = run(runner, net, "check", str(net), code=1)
    assert "coworking.toml" in result.stderr and "shuold" in result.stderr
    assert "reviews/" not in result.stderr, result.stderr
