"""`-o` never writes over what the command reads, and publish's output options are checked.

Every command with `-o` is run with its output pointing at one of its own inputs
(a place file given or found in a folder given, a set file, the signers file):
it stops with one line, exit status 1, and every input keeps its bytes; so does
the places' network file, one folder up. The site, a folder, is not put in place
of a folder holding inputs; inside a folder read, it is written only as a new or
empty folder or over a site written before, which the walk never reads.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tlcriteria.cli import main
from tlcriteria.documents import toml_files
from tlcriteria.network_file import network_files_of
from tlcriteria.output_mark import FOLDER_MARK
from tlcriteria.overwrites import file_output_problem, folder_output_problem

from .conftest import EXAMPLES


@pytest.fixture
def net(tmp_path: Path) -> Path:
    """A copy of the worked examples, with a signers file: criteria/, places/, signataires."""
    target = tmp_path / "net"
    shutil.copytree(EXAMPLES, target)
    (target / "signataires").write_text("# allowed signers\n", encoding="utf-8")
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


PLACE = "places/le-hangar-partage.toml"

#: Command → (its arguments, with NET for the network's folder; the input -o names). Every
#: command with an -o option has a row (see `test_every_command_with_an_output_is_here`).
OVER_AN_INPUT = {
    "score": (["score", f"NET/{PLACE}", "--criteria", "NET/criteria", "--format", "json"], PLACE),
    "publish": (["publish", "NET/places", "--criteria", "NET/criteria", "--format", "md"], PLACE),
    "advise": (["advise", f"NET/{PLACE}", "--criteria", "NET/criteria"], PLACE),
    "report": (["report", "NET/places", "--criteria", "NET/criteria"], PLACE),
    "schema": (["schema", "--kind", "place", "--criteria", "NET/criteria"], "criteria/communs.toml"),
    "diff": (["diff", "NET/criteria", "NET/criteria", "--places", "NET/places"], "criteria/fablab.toml"),
    "review": (
        ["review", f"NET/{PLACE}", "--as", "la-fabrique-exemple", "--criteria", "NET/criteria"],
        PLACE,
    ),
    "assess": (["assess", "--criteria", "NET/criteria"], "criteria/communs.toml"),
}


def with_net(args: list[str], net: Path) -> list[str]:
    return [a.replace("NET", str(net)) for a in args]


def refused(result: click.testing.Result, net: Path, before: dict[str, bytes]) -> str:
    """The one line of a refusal; nothing of the network changed."""
    assert result.exit_code == 1, result.output
    assert snapshot(net) == before
    [line] = result.stderr.splitlines()
    assert line.startswith("tlcriteria: error: "), line
    return line


def test_every_command_with_an_output_is_here() -> None:
    context = click.Context(main)
    with_output = {
        name
        for name in main.list_commands(context)
        if any("-o" in p.opts for p in main.get_command(context, name).params)  # type: ignore[union-attr]
    }
    assert with_output == set(OVER_AN_INPUT)


@pytest.mark.parametrize("command", sorted(OVER_AN_INPUT))
def test_o_over_an_input_is_refused(runner: CliRunner, net: Path, command: str) -> None:
    args, target = OVER_AN_INPUT[command]
    before = snapshot(net)
    result = runner.invoke(main, [*with_net(args, net), "-o", str(net / target)], input="\n")
    line = refused(result, net, before)
    assert f"{net / target}: -o names a file this command reads" in line and "nothing was written" in line


@pytest.mark.parametrize(
    "args",
    [
        ["score", "X", "--criteria", "NET/criteria", "--format", "json"],
        ["score", "X", "--criteria", "NET/criteria", "--format", "table"],
        ["advise", "X", "--criteria", "NET/criteria"],
        ["report", "X", "--criteria", "NET/criteria"],
    ],
    ids=["score-json", "score-table", "advise", "report"],
)
def test_the_place_file_given_is_kept(runner: CliRunner, net: Path, args: list[str]) -> None:
    """The review's case: `score f.toml --format json -o f.toml`, then `check f.toml` still passes."""
    place = str(net / PLACE)
    before = snapshot(net)
    result = runner.invoke(main, [*(place if a == "X" else a for a in with_net(args, net)), "-o", place])
    assert refused(result, net, before) == (
        f"tlcriteria: error: {place}: -o names a file this command reads; nothing was written "
        "(give another output file)"
    )
    assert runner.invoke(main, ["check", "--criteria", str(net / "criteria"), place]).exit_code == 0


def test_the_same_file_by_another_name(runner: CliRunner, net: Path, tmp_path: Path) -> None:
    """A symbolic link, a hard link, a path with `..`: the same file all the same."""
    place = net / PLACE
    (tmp_path / "link.json").symlink_to(place)
    os.link(place, tmp_path / "hard.json")
    before = snapshot(net)
    score = ["score", str(place), "--criteria", str(net / "criteria"), "--format", "json", "-o"]
    for output in (tmp_path / "link.json", tmp_path / "hard.json"):
        line = refused(runner.invoke(main, [*score, str(output)]), net, before)
        assert f"{output}: -o names {place}, a file this command reads" in line
    dotted = str(net / "criteria" / ".." / PLACE)
    line = refused(runner.invoke(main, [*score, dotted]), net, before)
    assert f"{dotted}: -o names a file this command reads" in line


def test_the_signers_file_and_a_signature_are_kept(runner: CliRunner, net: Path) -> None:
    (net / f"{PLACE}.sig").write_text("signature\n", encoding="utf-8")
    before = snapshot(net)
    base = ["publish", str(net / "places"), "--criteria", str(net / "criteria"), "--format", "json"]
    signers = runner.invoke(
        main, [*base, "--signers", str(net / "signataires"), "-o", str(net / "signataires")]
    )
    assert "-o names a file this command reads" in refused(signers, net, before)
    signature = runner.invoke(main, [*base, "-o", str(net / f"{PLACE}.sig")])
    assert f"-o names a file this command reads in {net / 'places'}" in refused(signature, net, before)
    given = runner.invoke(
        main,
        [
            "score",
            str(net / PLACE),
            "--criteria",
            str(net / "criteria"),
            "--format",
            "json",
            "-o",
            str(net / f"{PLACE}.sig"),
        ],
    )
    assert f"-o names the signature of {net / PLACE}" in refused(given, net, before)


def test_schema_does_not_write_over_a_toml_file(runner: CliRunner, net: Path) -> None:
    """schema reads no place file, but a JSON Schema over one would lose it all the same."""
    before = snapshot(net)
    result = runner.invoke(main, ["schema", "--kind", "place", "-o", str(net / PLACE)])
    assert refused(result, net, before) == (
        f"tlcriteria: error: {net / PLACE}: is a TOML file (a place, criteria set or network file): "
        "-o does not write over it (give another output file)"
    )


def test_other_files_beside_the_inputs_are_written(runner: CliRunner, net: Path) -> None:
    """The folder's files that are not read (an index, a hidden folder's TOML) may be written."""
    places, criteria = str(net / "places"), str(net / "criteria")
    index = net / "places" / "index.md"
    result = runner.invoke(main, ["publish", places, "--criteria", criteria, "-o", str(index)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(main, ["publish", places, "--criteria", criteria, "-o", str(index)])
    assert again.exit_code == 0 and index.read_text(encoding="utf-8").startswith("| Lieu")
    hidden = net / "places" / ".cache" / "notes.json"
    hidden.parent.mkdir()
    score = runner.invoke(
        main, ["score", places, "--criteria", criteria, "--format", "json", "-o", str(hidden)]
    )
    assert score.exit_code == 0 and hidden.read_text(encoding="utf-8").startswith("[")
    schema = runner.invoke(
        main, ["schema", "--kind", "place", "--criteria", criteria, "-o", str(net / "place.json")]
    )
    assert schema.exit_code == 0, schema.output


def test_assess_still_writes_its_place_file(runner: CliRunner, net: Path) -> None:
    """assess's -o is the place file: resumed and saved as before."""
    place = net / PLACE
    before = place.read_text(encoding="utf-8")
    result = runner.invoke(
        main, ["assess", "--criteria", str(net / "criteria"), "-o", str(place)], input="quitter\n"
    )
    assert result.exit_code == 0, result.output
    assert "-o names" not in result.output and place.read_text(encoding="utf-8") == before


# --------------------------------------------------------------------------- the site, a folder


@pytest.mark.parametrize(
    "output",
    ["NET", "NET/places", "NET/..", "NET/criteria"],
    ids=["the-network-itself", "the-places", "holding-the-network", "the-criteria"],
)
def test_the_site_is_not_put_in_place_of_inputs(runner: CliRunner, net: Path, output: str) -> None:
    target = output.replace("NET", str(net))
    before = snapshot(net)
    result = runner.invoke(
        main,
        [
            "publish",
            str(net / "places"),
            "--criteria",
            str(net / "criteria"),
            "--format",
            "site",
            "-o",
            target,
        ],
    )
    line = refused(result, net, before)
    assert f"{target}: the output folder holds" in line and "which this command reads" in line


def test_the_site_beside_the_inputs_is_written_and_rewritten(runner: CliRunner, net: Path) -> None:
    args = ["publish", str(net / "places"), "--criteria", str(net / "criteria"), "--format", "site"]
    for _time in range(2):
        result = runner.invoke(main, [*args, "-o", str(net / "site")])
        assert result.exit_code == 0, result.output
    assert (net / "site" / "index.html").is_file() and (net / "places" / "le-hangar-partage.toml").is_file()


# --------------------------------------------------------------------------- the site among the inputs

REFUSED_FOLDER = "holds files tlcriteria did not write; nothing was written"


def test_the_site_inside_the_network_folder_is_written_and_never_read(
    runner: CliRunner, net: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`publish . --format site -o public` from the network's root: the site is written, and
    written again the same; the walk of `.` skips it (it holds the mark tlcriteria writes), so
    `score .` and `check .` read the places they read before it was there, even a TOML file
    put in it (a plugin format's output)."""
    root = net / "reseau"  # NETWORK/reseau.toml beside NETWORK/places/
    root.mkdir()
    shutil.move(net / "places", root / "places")
    (root / "reseau.toml").write_text(NETWORK, encoding="utf-8")
    monkeypatch.chdir(root)
    score = ["score", ".", "--criteria", "../criteria", "--format", "json"]
    check = ["check", ".", "--criteria", "../criteria"]
    publish = ["publish", ".", "--criteria", "../criteria", "--format", "site", "--date", "2026-12-01"]
    scored, checked = runner.invoke(main, score), runner.invoke(main, check)
    assert scored.exit_code == 0 and checked.exit_code == 0, checked.output
    first = runner.invoke(main, [*publish, "-o", "public"])
    assert first.exit_code == 0, first.output
    site = snapshot(root / "public")
    assert "index.html" in site and FOLDER_MARK in site
    (root / "public" / "lieux" / "pas-un-lieu.toml").write_text("[place\n", encoding="utf-8")
    assert runner.invoke(main, score).stdout == scored.stdout
    again = runner.invoke(main, check)
    assert (again.exit_code, again.output) == (0, checked.output)
    second = runner.invoke(main, [*publish, "-o", "public"])
    assert (second.exit_code, second.stderr) == (0, first.stderr)
    # The same site; the file put in it is not tlcriteria's: it stays (test_site_republish.py).
    assert snapshot(root / "public") == {**site, "lieux/pas-un-lieu.toml": b"[place\n"}


def test_the_site_inside_the_places_folder(runner: CliRunner, net: Path) -> None:
    """Inside a folder given: a new folder, then the site written there before, are replaced;
    the place files around it are kept, and the site's own files are never read as places."""
    places = net / "places"
    before = snapshot(places)
    args = ["publish", str(places), "--criteria", str(net / "criteria"), "--format", "site"]
    for _time in range(2):
        result = runner.invoke(main, [*args, "--date", "2026-12-01", "-o", str(places / "site")])
        assert result.exit_code == 0, result.output
        assert "3 places" in result.stderr
    assert {k: v for k, v in snapshot(places).items() if not k.startswith("site/")} == before
    (places / "vide").mkdir()
    empty = runner.invoke(main, [*args, "-o", str(places / "vide")])
    assert empty.exit_code == 0 and (places / "vide" / "index.html").is_file()


@pytest.mark.parametrize(
    ("folder", "files", "said"),
    [
        ("places/ancien", {"le-hangar-partage.toml": PLACE}, REFUSED_FOLDER),
        ("places/notes", {"a-lire.md": None}, REFUSED_FOLDER),
        ("criteria/notes", {"a-lire.md": None}, REFUSED_FOLDER),
        (PLACE, {}, "-o names a file this command reads in"),
    ],
    ids=["holding-a-place", "holding-notes", "inside-the-criteria", "a-place-file"],
)
def test_inside_the_inputs_only_a_site_may_be_replaced(
    runner: CliRunner, net: Path, folder: str, files: dict[str, str | None], said: str
) -> None:
    """A folder inside a folder read that tlcriteria did not write is refused before anything is
    read: it may hold place files (read by the walk), and replacing it would lose them."""
    for name, copied in files.items():
        (net / folder).mkdir(exist_ok=True)
        text = (net / copied).read_text(encoding="utf-8") if copied else "# à lire\n"
        (net / folder / name).write_text(text, encoding="utf-8")
    before = snapshot(net)
    target = str(net / folder)
    args = ["publish", str(net / "places"), "--criteria", str(net / "criteria"), "--format", "site"]
    line = refused(runner.invoke(main, [*args, "-o", target]), net, before)
    assert line.startswith(f"tlcriteria: error: {target}: ") and said in line, line


def test_inside_the_inputs_in_french(net: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (net / "places" / "notes").mkdir()
    (net / "places" / "notes" / "a-lire.md").write_text("# à lire\n", encoding="utf-8")
    monkeypatch.chdir(net)
    result = CliRunner(env={"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}).invoke(
        main, ["publish", "places", "--criteria", "criteria", "--format", "site", "-o", "places/notes"]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "tlcriteria : erreur : places/notes : le dossier de sortie est dans places, que cette commande "
        "lit, et contient des fichiers que tlcriteria n’a pas écrits ; rien n’a été écrit (donnez un "
        "dossier nouveau ou vide, ou celui d’un site écrit auparavant)\n"
    )


# --------------------------------------------------------------------------- the network file

NETWORK = '[network]\nname = "Réseau d’essai"\n'


@pytest.mark.parametrize(
    "args",
    [
        ["score", ".", "--criteria", "../criteria", "--format", "json"],
        ["publish", ".", "--criteria", "../criteria", "--format", "json"],
        ["publish", ".", "--criteria", "../criteria", "--format", "site"],
        ["report", ".", "--criteria", "../criteria"],
        ["advise", ".", "--criteria", "../criteria"],
        ["review", PLACE.removeprefix("places/"), "--as", "la-fabrique-exemple", "--criteria", "../criteria"],
    ],
    ids=["score", "publish", "publish-site", "report", "advise", "review"],
)
def test_the_network_file_one_folder_up_is_kept(
    runner: CliRunner, net: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """`reseau.toml` one folder up is the places' network file: -o may not name it, whatever
    the output (review's is TOML, which the rule for existing TOML files lets through)."""
    (net / "reseau.toml").write_text(NETWORK, encoding="utf-8")
    monkeypatch.chdir(net / "places")
    before = snapshot(net)
    result = runner.invoke(main, [*args, "-o", "../reseau.toml"], input="c\nq\n")
    assert refused(result, net, before) == (
        "tlcriteria: error: ../reseau.toml: -o names the network file of the places this command "
        "reads; nothing was written (give another output file)"
    )


def test_the_network_file_of_a_place_file_given_is_kept(runner: CliRunner, net: Path) -> None:
    """A place file given: its network file beside it, else one folder up."""
    (net / "reseau.toml").write_text(NETWORK, encoding="utf-8")
    before = snapshot(net)
    score = ["score", str(net / PLACE), "--criteria", str(net / "criteria"), "--format", "json", "-o"]
    line = refused(runner.invoke(main, [*score, str(net / "reseau.toml")]), net, before)
    assert "-o names the network file of the places this command reads" in line


def test_the_site_over_a_file_says_it_is_a_file(runner: CliRunner, net: Path) -> None:
    existing = net / "existing.md"
    existing.write_text("# notes\n", encoding="utf-8")
    result = runner.invoke(
        main,
        [
            "publish",
            str(net / "places"),
            "--criteria",
            str(net / "criteria"),
            "--format",
            "site",
            "-o",
            str(existing),
        ],
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"tlcriteria: error: {existing}: is a file, not a folder (format 'site' writes a folder: give a new or "
        "empty folder)\n"
    )
    assert existing.read_text(encoding="utf-8") == "# notes\n"


# --------------------------------------------------------------------------- --site-url


@pytest.mark.parametrize(
    ("address", "said"),
    [
        (
            "javascript:alert(1)",
            "'javascript:alert(1)' is not a web address: it does not start with https://",
        ),
        ("lieux.example.org", "(start it with https://, e.g. https://lieux.example.org)"),
        ("https://localhost/", "has no dot"),
        ('https://x.org/"><script>', "is not allowed in a web address"),
        ("https://lieux.example.org/?page=1", "has a query (?…) or a fragment (#…)"),
        ("https://lieux.example.org/#carte", "has a query (?…) or a fragment (#…)"),
    ],
)
def test_a_site_url_that_is_no_web_address_is_refused(
    runner: CliRunner, net: Path, address: str, said: str
) -> None:
    site = net.parent / "site"
    result = runner.invoke(
        main,
        [
            "publish",
            str(net / "places"),
            "--criteria",
            str(net / "criteria"),
            "--format",
            "site",
            "--site-url",
            address,
            "-o",
            str(site),
        ],
    )
    assert result.exit_code == 1 and not site.exists()
    [line] = result.stderr.splitlines()
    assert line.startswith("tlcriteria: error: --site-url: ") and said in line, line


def test_a_site_url_in_french(net: Path) -> None:
    result = CliRunner(env={"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}).invoke(
        main,
        [
            "publish",
            str(net / "places"),
            "--criteria",
            str(net / "criteria"),
            "--site-url",
            "lieux.example.org",
        ],
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "tlcriteria : erreur : --site-url : 'lieux.example.org' n’est pas une adresse web"
    )


def test_a_good_site_url_makes_the_badge_snippets(runner: CliRunner, net: Path) -> None:
    site = net.parent / "site"
    result = runner.invoke(
        main,
        [
            "publish",
            str(net / "places"),
            "--criteria",
            str(net / "criteria"),
            "--format",
            "site",
            "--site-url",
            "https://lieux.example.org/reseau",
            "-o",
            str(site),
        ],
    )
    assert result.exit_code == 0, result.output
    page = (site / "lieux" / "le-hangar-partage" / "index.html").read_text(encoding="utf-8")
    assert "https://lieux.example.org/reseau/lieux/le-hangar-partage/" in page


# --------------------------------------------------------------------------- the rule itself

NAMES = st.sampled_from(["a", "b", ".h", "_x"])
SUFFIXES = st.sampled_from([".toml", ".toml.sig", ".md", ".json", ".TOML", ""])
RELATIVE = st.tuples(st.lists(NAMES, max_size=2), NAMES, SUFFIXES).map(
    lambda t: os.path.join(*t[0], t[1] + t[2])
)


@settings(max_examples=60, deadline=None)
@given(files=st.lists(RELATIVE, min_size=1, max_size=6, unique=True), output=RELATIVE)
def test_a_folders_file_is_refused_exactly_when_the_walk_reads_it(tmp_path_factory, files, output) -> None:
    """In a folder given, -o is refused for the files `documents.toml_files` reads there (and
    their signatures), whether they exist yet or not, and for no other file."""
    folder = tmp_path_factory.mktemp("walk") / "lieux"
    for relative in [*files, output]:
        path = folder / relative
        if any(parent.is_file() for parent in path.parents) or path.is_dir():
            return  # a file where a folder would be: no such tree
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    target = folder / output
    problem = file_output_problem(str(target), [str(folder)], writes_toml=True)
    signed = Path(str(target).removesuffix(".sig"))  # a signature is read with its file
    if target.name.endswith(".toml.sig") and not signed.is_dir():
        signed.write_text("x", encoding="utf-8")
    walked = {str(p) for p in toml_files([folder])[0]}
    assert (problem is not None) == (str(signed) in walked), (files, output, problem)


MARKS = st.lists(NAMES, max_size=2).map(lambda parts: os.path.join(*parts, FOLDER_MARK))


@settings(max_examples=60, deadline=None)
@given(files=st.lists(st.one_of(RELATIVE, MARKS), min_size=1, max_size=8, unique=True))
def test_the_walk_skips_hidden_and_marked_folders(tmp_path_factory, files) -> None:
    """The walk of a folder reads its `.toml` files but those hidden, in a hidden folder, or in
    a folder holding the mark of a folder tlcriteria wrote (a site), at any depth."""
    folder = tmp_path_factory.mktemp("walk") / "lieux"
    for relative in files:
        path = folder / relative
        if any(parent.is_file() for parent in path.parents) or path.is_dir():
            return  # a file where a folder would be: no such tree
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    marked = {(folder / m).parent for m in files if m.endswith(FOLDER_MARK)}
    expected = {
        str(folder / f)
        for f in files
        if f.endswith(".toml")
        and not any(part.startswith(".") for part in Path(f).parts)
        and not any(parent in marked for parent in (folder / f).parents)
    }
    assert {str(p) for p in toml_files([folder])[0]} == expected


def test_a_folder_output_around_or_inside_an_input(tmp_path: Path) -> None:
    (tmp_path / "net" / "places").mkdir(parents=True)
    signers = tmp_path / "net" / "signataires"
    signers.write_text("", encoding="utf-8")
    places = str(tmp_path / "net" / "places")
    assert folder_output_problem(str(tmp_path / "site"), [places, str(signers)]) is None
    assert folder_output_problem(str(tmp_path / "net"), [places]) is not None
    assert folder_output_problem(str(tmp_path / "net"), [str(signers)]) is not None  # holds the signers file
    assert folder_output_problem(str(tmp_path / "net" / "places" / "site"), [places]) is None  # new
    assert folder_output_problem(str(tmp_path / "net" / "site"), [places, str(signers)]) is None
    notes = tmp_path / "net" / "places" / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("", encoding="utf-8")
    assert folder_output_problem(str(notes), [places]) is not None  # not ours: it may hold inputs
    (notes / FOLDER_MARK).write_text("tlcriteria\n", encoding="utf-8")
    assert folder_output_problem(str(notes), [places]) is None  # a site written before


def test_the_network_file_is_kept_from_a_toml_output(tmp_path: Path) -> None:
    """The network file is an input of its own: even an output that is TOML (a review, a
    plugin's format) may not name it, which the rule for existing TOML files lets through."""
    places = tmp_path / "net" / "places"
    places.mkdir(parents=True)
    network = tmp_path / "net" / "reseau.toml"
    network.write_text(NETWORK, encoding="utf-8")
    found = [str(p) for p in network_files_of([str(places)])]
    assert found == [str(network.resolve())]
    assert file_output_problem(str(network), [str(places)], writes_toml=True) is None
    problem = file_output_problem(str(network), [str(places)], writes_toml=True, network_files=found)
    assert problem is not None and "the network file of the places" in problem
    (places / "reseau.toml").write_text(NETWORK, encoding="utf-8")  # beside the places: theirs
    assert network_files_of([str(places), str(places / "a.toml")]) == [(places / "reseau.toml").resolve()]


@pytest.mark.parametrize(
    ("tiles", "said"),
    [
        ("javascript:alert(1)", "is not a web address"),
        ("tile.example.org/{z}/{x}/{y}.png", "'tile.example.org/{z}/{x}/{y}.png' is not a web address"),
        ("https://tiles.example.org/map.png", "lacks {z}, {x}, {y}: the map fills them for each tile"),
        ("https://tiles.example.org/{z}/{x}.png", "lacks {y}"),
    ],
)
def test_a_tile_server_that_is_no_tile_address_is_refused(
    runner: CliRunner, net: Path, tiles: str, said: str
) -> None:
    """Every page of the map asks --tiles for its tiles: as --site-url, checked by the web-address rule."""
    site = net.parent / "site"
    args = ["publish", str(net / "places"), "--criteria", str(net / "criteria"), "--format", "site"]
    result = runner.invoke(main, [*args, "--tiles", tiles, "-o", str(site)])
    assert result.exit_code == 1 and not site.exists()
    [line] = result.stderr.splitlines()
    assert line.startswith("tlcriteria: error: --tiles: ") and said in line, line


def test_a_tile_address_with_its_fields_is_written_in_the_map(runner: CliRunner, net: Path) -> None:
    site = net.parent / "site"
    tiles = "https://{s}.tiles.example.org/{z}/{x}/{y}{r}.png"
    args = ["publish", str(net / "places"), "--criteria", str(net / "criteria"), "--format", "site"]
    result = runner.invoke(main, [*args, "--tiles", tiles, "-o", str(site)])
    assert result.exit_code == 0, result.output
    assert f'data-tiles="{tiles}"' in (site / "carte" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["score", "-f", "json"], ["publish", "-f", "csv"]])
def test_a_folder_for_a_file_output_is_refused_before_reading(
    runner: CliRunner, net: Path, command: list[str]
) -> None:
    (net / "places" / "broken.toml").write_text("[place\n", encoding="utf-8")  # said only if read
    (net / "out").mkdir()
    result = runner.invoke(
        main,
        [
            command[0],
            str(net / "places"),
            "--criteria",
            str(net / "criteria"),
            *command[1:],
            "-o",
            str(net / "out"),
        ],
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"tlcriteria: error: {net / 'out'}: is a folder, where -o names the file to write; nothing was written "
        "(give a file's name)\n"
    )
