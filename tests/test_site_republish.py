"""Publishing the site again into its folder: what tlcriteria did not write stays.

A network pushes its site to GitHub, GitLab or Codeberg Pages: the folder holds a
`.git`, a `CNAME`, maybe pages of its own. Republishing replaces only what the
previous site wrote (the pages of a place that left go), keeps the folder itself
(mode, inode), and refuses, changing nothing, when a file of one's own stands
where the new site writes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest.mock import patch

import html5lib
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tlcriteria import files
from tlcriteria.cli import main
from tlcriteria.files import Leftovers, clear_leftovers, replace_folder
from tlcriteria.output_mark import FOLDER_MARK

from .locking import held_by_another_process
from .site_network import REPO, make_network, publish_site

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (the `.git` left out: its index changes when read)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(folder).parts
    }


def users_additions(site: Path) -> None:
    (site / "CNAME").write_text("lieux.example.org\n", encoding="utf-8")
    (site / "extra").mkdir()
    (site / "extra" / "notes.txt").write_text("nos notes\n", encoding="utf-8")
    # A page of one's own inside a folder the site writes.
    (site / "lieux" / "a-propos.html").write_text("<p>à propos</p>\n", encoding="utf-8")
    subprocess.run([*GIT, "-C", str(site), "init", "-q"], check=True)
    subprocess.run([*GIT, "-C", str(site), "add", "-A"], check=True)
    subprocess.run([*GIT, "-C", str(site), "commit", "-qm", "site"], check=True)


def test_republishing_keeps_what_the_network_added_and_drops_the_places_that_left(tmp_path):
    places = make_network(tmp_path, fillers=2)
    site = tmp_path / "public"
    publish_site(places, site)
    users_additions(site)
    os.chmod(site, 0o2750)
    inode = site.stat().st_ino
    (places / "filler-01.toml").unlink()  # a place leaves the network

    publish_site(places, site)

    assert (site / "CNAME").read_text(encoding="utf-8") == "lieux.example.org\n"
    assert (site / "extra" / "notes.txt").read_text(encoding="utf-8") == "nos notes\n"
    assert (site / "lieux" / "a-propos.html").read_text(encoding="utf-8") == "<p>à propos</p>\n"
    log = subprocess.run(
        ["git", "-C", str(site), "log", "--format=%s"], check=True, capture_output=True, text=True
    )
    assert log.stdout == "site\n"
    assert site.stat().st_mode & 0o7777 == 0o2750 and site.stat().st_ino == inode
    # The place that left: its page, its JSON and its badges are gone, and so is it from the index.
    assert not (site / "lieux" / "filler-01").exists()
    assert not (site / "api" / "places" / "filler-01.json").exists()
    assert not list((site / "badges").glob("filler-01-*"))
    assert (site / "lieux" / "filler-00" / "index.html").is_file()
    index = (site / "index.html").read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(index)
    assert "filler-00" in (site / "assets" / "data.js").read_text(encoding="utf-8")
    assert "filler-01" not in (site / "assets" / "data.js").read_text(encoding="utf-8")
    ids = [p["id"] for p in json.loads((site / "api" / "places.json").read_text(encoding="utf-8"))["places"]]
    assert "filler-00" in ids and "filler-01" not in ids
    # No work folder left behind, and git sees only what the site changed.
    assert not [p.name for p in site.iterdir() if p.name.startswith(".tlcriteria-") and p.name != FOLDER_MARK]
    status = subprocess.run(
        ["git", "-C", str(site), "status", "--porcelain"], check=True, capture_output=True, text=True
    ).stdout
    changed = {line[3:] for line in status.splitlines()}
    assert changed and all(
        not path.startswith(("CNAME", "extra/", "lieux/a-propos.html", ".git/")) for path in changed
    ), changed


def test_a_file_of_ones_own_where_the_site_now_writes_is_refused_and_nothing_changes(tmp_path):
    places = make_network(tmp_path, fillers=1)
    site = tmp_path / "public"
    publish_site(places, site)
    (site / "lieux" / "nouveau").mkdir()
    (site / "lieux" / "nouveau" / "index.html").write_text("mine\n", encoding="utf-8")
    before = tree(site)
    # A place joins whose page is that file.
    text = (places / "filler-00.toml").read_text(encoding="utf-8")
    (places / "nouveau.toml").write_text(text.replace('id = "filler-00"', 'id = "nouveau"'), encoding="utf-8")
    args = ["publish", str(places), "--criteria", str(REPO / "criteria"), "--format", "site"]
    result = CliRunner().invoke(main, [*args, "--date", "2026-12-02", "-o", str(site)])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    clash = site / "lieux" / "nouveau" / "index.html"
    assert line == (
        f"tlcriteria : erreur : {clash} : n’a pas été écrit par tlcriteria, et la sortie site y écrit "
        "désormais ; rien n’a été changé (déplacez-le ailleurs)"
    )
    assert tree(site) == before
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".tlcriteria-")) == [FOLDER_MARK]


def test_a_site_marked_by_an_earlier_version_keeps_the_top_level_files_of_ones_own(tmp_path):
    """Before marks listed what was written, the mark said only "tlcriteria": what lies under the
    names the site writes is the site's, anything else at the top is the network's."""
    places = make_network(tmp_path, fillers=0)
    site = tmp_path / "public"
    publish_site(places, site)
    (site / FOLDER_MARK).write_text("tlcriteria\n", encoding="utf-8")
    (site / "CNAME").write_text("lieux.example.org\n", encoding="utf-8")
    (site / "lieux" / "parti").mkdir()
    (site / "lieux" / "parti" / "index.html").write_text("a place that left\n", encoding="utf-8")
    publish_site(places, site)
    assert (site / "CNAME").read_text(encoding="utf-8") == "lieux.example.org\n"
    assert not (site / "lieux" / "parti").exists()
    listed = json.loads((site / FOLDER_MARK).read_text(encoding="utf-8"))["entries"]
    assert "index.html" in listed and "lieux/" in listed and "CNAME" not in listed


def small_output(files: dict[str, str]):
    """A `fill` writing `files` (relative path -> text), as a folder format does."""

    def fill(folder: Path) -> None:
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")

    return fill


FIRST = {"index.html": "1", "lieux/a/index.html": "a1", "lieux/b/index.html": "b1", "api/b.json": "b"}
SECOND = {"index.html": "2", "lieux/a/index.html": "a2", "lieux/c/index.html": "c2"}


def users_files(site: Path) -> None:
    (site / "CNAME").write_text("x\n", encoding="utf-8")
    (site / "lieux" / "mine.html").write_text("mine\n", encoding="utf-8")
    (site / "lieux" / "b" / "notes.txt").write_text("notes\n", encoding="utf-8")  # in a place's folder


def test_the_swap_replaces_only_what_was_written(tmp_path):
    site = tmp_path / "site"
    replace_folder(site, small_output(FIRST))
    users_files(site)
    replace_folder(site, small_output(SECOND))
    assert {k: v.decode() for k, v in tree(site).items() if k != FOLDER_MARK} == {
        **SECOND,
        "CNAME": "x\n",
        "lieux/mine.html": "mine\n",
        "lieux/b/notes.txt": "notes\n",  # the place left; what one put in its folder stays
    }


def test_a_failure_while_filling_leaves_the_folder_as_it_was_or_no_folder(tmp_path):
    def broken(folder: Path) -> None:
        small_output(SECOND)(folder)
        raise RuntimeError("a format's bug")

    site = tmp_path / "site"
    with pytest.raises(RuntimeError):
        replace_folder(site, broken)
    assert not site.exists()
    replace_folder(site, small_output(FIRST))
    users_files(site)
    before = tree(site)
    with pytest.raises(RuntimeError):
        replace_folder(site, broken)
    assert tree(site) == before and sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == [
        FOLDER_MARK
    ]


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=40), st.booleans())
def test_a_failure_while_swapping_puts_everything_back(failing, for_good):
    """Whichever rename fails (the disk full, a file locked), the folder is as it was; when
    putting back fails too (`for_good`), what one added is still in the folder, somewhere."""
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        replace_folder(site, small_output(FIRST))
        users_files(site)
        before = tree(site)
        renames = 0
        real_rename = os.rename

        def rename(source, destination):
            nonlocal renames
            renames += 1
            if renames == failing + 1 or (for_good and renames > failing):
                raise OSError(28, "No space left on device")
            real_rename(source, destination)

        with patch.object(os, "rename", rename):
            try:
                replace_folder(site, small_output(SECOND))
            except OSError:
                if not for_good:
                    assert tree(site) == before
                kept = sorted(p.read_text(encoding="utf-8") for p in site.rglob("*") if p.is_file())
                assert all(text in kept for text in ("x\n", "mine\n", "notes\n")), kept
                return
        assert tree(site)["index.html"] == b"2"  # fewer renames than `failing`: it went through


# A run killed outright (SIGKILL, the machine stopped) at a chosen step, in a real process:
# `fill` kills it while it writes, or the second rename of the swap does (one's files carried).
KILLED_RUN = """
import os, signal, sys
from pathlib import Path
from tlcriteria import files

step = sys.argv[2]
renames = 0
real_rename = os.rename

def rename(source, destination):
    global renames
    renames += 1
    if renames == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    real_rename(source, destination)

def fill(folder):
    for name, text in {"index.html": "2", "lieux/a/index.html": "a2"}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    if step == "filling":
        os.kill(os.getpid(), signal.SIGKILL)

if step == "carrying":
    os.rename = rename
files.replace_folder(Path(sys.argv[1]), fill)
"""


def killed_run(site: Path, step: str) -> list[Path]:
    """Run KILLED_RUN on `site`; the work folders it left."""
    import signal

    done = subprocess.run([sys.executable, "-c", KILLED_RUN, str(site), step], check=False)
    assert done.returncode == -signal.SIGKILL
    return sorted(p for p in site.iterdir() if p.name.startswith((".tlcriteria-new-", ".tlcriteria-old-")))


def test_a_first_publication_killed_while_writing_leaves_a_folder_the_next_one_removes(tmp_path):
    places = make_network(tmp_path, fillers=0)
    site = tmp_path / "public"
    (left,) = killed_run(site, "filling")
    assert (left / "index.html").read_text(encoding="utf-8") == "2"
    laptops = site / ".tlcriteria-new-4242@laptop.abcd1234"  # another computer's, maybe running
    laptops.mkdir()
    result = CliRunner(env={"LANGUAGE": "en"}).invoke(
        main,
        ["publish", str(places), "--format", "site", "--criteria", str(REPO / "criteria"), "-o", str(site)],
    )
    assert result.exit_code == 0, result.output  # not "not written by tlcriteria"
    assert f"{left}: removed, left by a publication that was interrupted" in result.output
    assert (
        f"warning: {laptops}: left by a publication that was interrupted, or that is running" in result.output
    )
    assert not left.exists() and laptops.is_dir() and (site / "index.html").exists()


def test_a_folder_carrying_ones_files_when_killed_is_kept_and_named(tmp_path):
    site = tmp_path / "site"
    replace_folder(site, small_output(FIRST))
    users_files(site)
    left, aside = killed_run(site, "carrying")  # the new output's folder, the old one's
    assert aside.name.startswith(".tlcriteria-old-") and left.name.startswith(".tlcriteria-new-")
    # One's own files are somewhere: in the site, or in the folder left.
    kept = {p.read_text(encoding="utf-8") for p in site.rglob("*") if p.is_file()}
    assert {"x\n", "mine\n", "notes\n"} <= kept
    outcome = clear_leftovers(site)
    # The old output's folder held only what tlcriteria wrote before: it goes.
    assert outcome.kept == (left,) and outcome.removed == (aside,) and left.is_dir() and not aside.exists()
    replace_folder(site, small_output(SECOND))
    assert {"x\n", "mine\n", "notes\n"} <= {
        p.read_text(encoding="utf-8") for p in site.rglob("*") if p.is_file()
    }


def test_a_run_killed_once_everything_was_in_place_leaves_nothing_to_look_into(tmp_path):
    site = tmp_path / "site"
    replace_folder(site, small_output(FIRST))
    users_files(site)
    # Killed while tidying up, everything in place.
    with patch.object(shutil, "rmtree", side_effect=KeyboardInterrupt), pytest.raises(KeyboardInterrupt):
        replace_folder(site, small_output(SECOND))
    assert tree(site)["index.html"] == b"2"
    assert clear_leftovers(site).kept == ()


def own_folder(site: Path, prefix: str, pid: int) -> Path:
    folder = site / f"{prefix}{pid}@{files._host()}.abcd1234"
    folder.mkdir()
    (folder / "index.html").write_text("1", encoding="utf-8")
    return folder


def test_work_folders_of_running_or_unknown_runs_stay(tmp_path):
    site = tmp_path / "site"
    replace_folder(site, small_output(FIRST))
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as running:
        try:
            # Just made by a run that has not locked it yet; an old one whose id a process took since.
            starting = own_folder(site, ".tlcriteria-new-", running.pid)
            reused = own_folder(site, ".tlcriteria-old-", running.pid)
            os.utime(reused, (time.time() - 3600, time.time() - 3600))
            elsewhere = site / ".tlcriteria-new-1@another-computer.abcd1234"
            earlier = site / ".tlcriteria-old-x7k2m9qz"  # an earlier version's name: no owner
            odd = [site / f".tlcriteria-old-{pid}@{files._host()}.x" for pid in ("9" * 20, "²")]
            for folder in (elsewhere, earlier, *odd):
                folder.mkdir()
            outcome = clear_leftovers(site)
        finally:
            running.kill()
    assert outcome.removed == (reused,)
    assert outcome.kept == tuple(sorted((elsewhere, earlier, *odd)))  # a run going on is not named
    assert all(folder.is_dir() for folder in (starting, elsewhere, earlier))


def test_a_locked_work_folder_is_left_alone_whatever_its_process_id_says(tmp_path):
    site = tmp_path / "site"
    replace_folder(site, small_output(FIRST))
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    going = own_folder(site, ".tlcriteria-new-", int(ended.stdout))
    # Its run goes on in another container (process ids of its own): the lock tells.
    with held_by_another_process(going):
        assert clear_leftovers(site) == Leftovers()  # not removed, not named
    assert going.is_dir()
    assert clear_leftovers(site) == Leftovers(removed=(going,))  # its run ended


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="a zombie is told by /proc")
def test_the_folder_of_a_run_killed_a_moment_ago_and_not_yet_reaped_goes(tmp_path):
    """Killed outright, the command is a zombie until its new parent reaps it (at once or much
    later): its id still answers, but its run has ended."""
    site = tmp_path / "site"
    replace_folder(site, small_output(FIRST))
    killed = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    killed.kill()
    deadline = time.monotonic() + 10
    while b") Z" not in Path(f"/proc/{killed.pid}/stat").read_bytes() and time.monotonic() < deadline:
        time.sleep(0.02)
    left = own_folder(site, ".tlcriteria-new-", killed.pid)  # a moment ago
    assert clear_leftovers(site) == Leftovers(removed=(left,))
    killed.wait()


def test_a_fresh_clone_of_an_empty_pages_repository_takes_the_site(tmp_path):
    places = make_network(tmp_path, fillers=0)
    subprocess.run([*GIT, "init", "-q", "--bare", str(tmp_path / "pages.git")], check=True)
    subprocess.run(
        [*GIT, "clone", "-q", str(tmp_path / "pages.git"), str(tmp_path / "clone")],
        check=True,
        capture_output=True,
    )
    publish_site(places, tmp_path / "clone")
    assert (tmp_path / "clone" / "index.html").is_file() and (tmp_path / "clone" / ".git" / "HEAD").is_file()
    status = subprocess.run(
        [*GIT, "-C", str(tmp_path / "clone"), "status", "--porcelain"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert "index.html" in status.stdout  # the site, ready to commit and push


@pytest.mark.parametrize(
    ("broken", "said"),
    [
        (("name = ", "nom = "), "line 5, [network], nom: unknown key 'nom' (did you mean 'name'?)"),
        (("[network]", "[network"), "line 4, column 9: malformed TOML"),
    ],
)
@pytest.mark.parametrize("given", ["network", "places", "signers"])
def test_a_broken_network_file_stops_the_site_and_leaves_it_as_it_was(tmp_path, broken, said, given):
    """Its name is on every page and badge: the site is not rewritten without it."""
    net = tmp_path / "normandie"
    shutil.copytree(REPO / "examples" / "normandie", net)
    site = tmp_path / "public"
    publish_site(net, site)
    before = tree(site)
    text = (net / "reseau.toml").read_text(encoding="utf-8")
    (net / "reseau.toml").write_text(text.replace(*broken, 1), encoding="utf-8")
    # The network's folder (the pool's path), its places only (the file found one folder up),
    # with the signers (the whole path).
    args = {"network": [str(net)], "places": [str(net / "places")], "signers": [str(net)]}[given]
    if given == "signers":
        args += ["--signers", str(net / "signataires")]
    result = CliRunner(env={"LANGUAGE": "en"}).invoke(
        main, ["publish", *args, "--format", "site", "--criteria", str(REPO / "criteria"), "-o", str(site)]
    )
    assert result.exit_code == 1
    assert f"reseau.toml: {said}" in result.stderr
    assert result.stderr.endswith("error: 1 problem found in the network file; nothing was published\n")
    assert tree(site) == before
