"""Places naming a college that no loaded set rates: a plugin disabled or broken, a mistyped
college, a working group's copy with errors. Each place is still rated for its other colleges;
a place rated for none of them is named, never dropped in silence."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter

import pytest

from tlcriteria import parallel
from tlcriteria.cli import main

from .conftest import REPO

PLACES = REPO / "examples" / "normandie" / "places"
FABLAB_ONLY = ["l-etabli-fictif.toml", "le-grenier-des-possibles.toml", "le-labo-des-lucioles.toml"]


def places_copy(tmp_path, copies: int = 1):
    """The example places (`copies` times, with their own ids, to fill the worker pool)."""
    folder = tmp_path / "lieux"
    folder.mkdir()
    for n in range(copies):
        for path in sorted(PLACES.glob("*.toml")):
            text = path.read_text(encoding="utf-8")
            if n:
                place_id = path.stem
                text = text.replace(f'id = "{place_id}"', f'id = "{place_id}-{n}"', 1)
            (folder / (path.stem + (f"-{n}" if n else "") + ".toml")).write_text(text, encoding="utf-8")
    return folder


def ratings(stdout: str) -> dict[tuple[str, str], str]:
    return {(r["place"], r["set"]): r["grade"] for r in json.loads(stdout)}


def test_a_disabled_college_plugin_leaves_the_other_colleges_rated(runner, college_plugins, tmp_path):
    places = places_copy(tmp_path)
    full = ratings(runner.invoke(main, ["score", str(places), "--format", "json"]).stdout)
    result = runner.invoke(
        main, ["--disable-plugin", "tlcriteria-fablab", "score", str(places), "--format", "json"]
    )
    assert result.exit_code == 1, result.output  # the fablab-only places are named and counted
    rated = ratings(result.stdout)
    # Every rating but fablab's is there, unchanged: La Halle Songeuse keeps its coworking A.
    assert rated == {key: grade for key, grade in full.items() if key[1] != "fablab"}
    assert rated["la-halle-songeuse", "coworking"] == "A"
    stderr = result.stderr
    assert "remove this answer" not in stderr and "no criteria set defines" not in stderr
    # One warning for the college and its answers, which have one cause.
    halle = [line for line in stderr.splitlines() if "la-halle-songeuse.toml" in line]
    assert halle == [
        f"{places / 'la-halle-songeuse.toml'}: line 11, [place] colleges: warning: no criteria set rates "
        "college 'fablab', so the place is not rated for it; its answers to 'fab-acces-public', 'fab-charte', "
        "'fab-outils', 'fab-reseau', which no loaded criteria set defines, are kept, unrated (plugin "
        "'tlcriteria-fablab' is disabled or broken, as tlcriteria plugins shows; keep these answers: they "
        "count once it is loaded)"
    ]
    # A place of that college only would be in no output: an error of its file, with the reason.
    for name in FABLAB_ONLY:
        assert f"{name}: line 9" in stderr or f"{name}: line 10" in stderr
    assert stderr.count("it would be rated for none, and left out of every output") == 3
    assert "3 place files left out because of their problems" in stderr


def test_the_worker_pool_says_what_one_process_says(runner, college_plugins, tmp_path, monkeypatch):
    places = places_copy(tmp_path, copies=2)  # 32 files in slices of 5, in 2 workers
    args = ["--disable-plugin", "tlcriteria-fablab", "score", str(places), "--format", "json"]
    alone = runner.invoke(main, args)
    monkeypatch.setattr(parallel, "MIN_PLACES", 5)
    monkeypatch.setattr(parallel, "CHUNK", 5)
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    pooled = runner.invoke(main, args)
    assert pooled.exit_code == alone.exit_code == 1
    assert pooled.stdout == alone.stdout and pooled.stderr == alone.stderr
    assert len(ratings(pooled.stdout)) == 2 * 17
    assert "6 place files left out" in pooled.stderr


def test_check_says_the_same(runner, college_plugins, tmp_path):
    places = places_copy(tmp_path)
    result = runner.invoke(main, ["--disable-plugin", "tlcriteria-fablab", "check", str(places)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": warning: " not in line]
    assert sorted(line.split(":")[0].rsplit("/", 1)[1] for line in errors[:-1]) == FABLAB_ONLY
    assert errors[-1] == "tlcriteria: error: 3 problems found"
    assert "remove this answer" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [["check"], ["score", "--format", "json"], ["publish", "--format", "json"], ["--lang", "fr", "check"]],
)
def test_one_line_per_file_says_the_college_and_its_answers(runner, college_plugins, tmp_path, command):
    """A place naming the disabled plugin's college and answering its criteria: one line for both
    (the plugin disabled or broken; the answers kept, unrated), an error when it has no other."""
    places = places_copy(tmp_path)
    result = runner.invoke(main, ["--disable-plugin", "tlcriteria-fablab", *command, str(places)])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(places))]
    said = Counter(line.split(":")[0].rsplit("/", 1)[1] for line in lines)
    fablab = {p.name for p in places.glob("*.toml") if "fab-acces-public" in p.read_text(encoding="utf-8")}
    assert len(fablab) == 7 and said == dict.fromkeys(fablab, 1)
    kept = "sont gardées mais ne comptent pas" if "fr" in command else "are kept, unrated"
    for line in lines:
        assert "'fablab'" in line and "'fab-acces-public'" in line and kept in line, line
        assert "'tlcriteria-fablab'" in line and ", [place] colleges: " in line  # at the college
    errors = [line for line in lines if ": warning: " not in line and ": attention : " not in line]
    assert sorted(line.split(":")[0].rsplit("/", 1)[1] for line in errors) == FABLAB_ONLY


def test_a_plugin_that_fails_to_load_is_named_in_the_hint(runner, college_plugins, tmp_path):
    """A college plugin broken at import: its sets' answers are warnings naming it."""
    college_plugins.add("zz-atelier", "raise ImportError('no module named requests')")
    places = places_copy(tmp_path)
    for path in places.glob("*.toml"):
        path.write_text(path.read_text(encoding="utf-8").replace('"fablab"', '"atelier"'), encoding="utf-8")
    result = runner.invoke(main, ["score", str(places), "--format", "json", "--keep-going"])
    assert result.exit_code == 0, result.output
    assert ("la-halle-songeuse", "coworking") in ratings(result.stdout)
    assert "plugin 'zz-atelier' is disabled or broken" in result.stderr
    assert "remove this answer" not in result.stderr


@pytest.fixture
def mistyped(tmp_path):
    folder = tmp_path / "net"
    folder.mkdir()
    text = (PLACES / "la-cabane-pretendue.toml").read_text(encoding="utf-8")
    (folder / "h.toml").write_text(
        text.replace('colleges = ["tiers-lieu"]', 'colleges = ["tiers-lieux"]'), encoding="utf-8"
    )
    return folder


def test_a_place_whose_only_college_is_mistyped_is_an_error_everywhere(runner, college_plugins, mistyped):
    said = (
        f"{mistyped / 'h.toml'}: line 9, [place] colleges: no criteria set rates college 'tiers-lieux', "
        "the only college the place names: it would be rated for none, and left out of every output "
        "(did you mean 'tiers-lieu'?)"
    )
    check = runner.invoke(main, ["check", str(mistyped / "h.toml")])
    assert check.exit_code == 1 and said in check.stderr.splitlines()
    score = runner.invoke(main, ["score", str(mistyped / "h.toml")])
    assert score.exit_code == 1 and said in score.stderr.splitlines()
    assert "1 place file left out because of its problems" in score.stderr
    for fmt in ("md", "json"):
        published = runner.invoke(main, ["publish", str(mistyped), "--format", fmt])
        assert published.exit_code == 1 and said in published.stderr.splitlines()
    # --set rates only the places of the set's college (docs/assess.md): the typo keeps it out there too.
    by_set = runner.invoke(main, ["score", str(mistyped), "--set", "tiers-lieu", "--format", "json"])
    assert by_set.exit_code == 1, by_set.output
    assert "no place given is in college 'tiers-lieu', the only one set 'tiers-lieu' rates" in by_set.stderr


def test_the_site_counts_agree_with_its_summary_line(runner, college_plugins, mistyped, tmp_path):
    shutil.copy(PLACES / "la-grange-inventee.toml", mistyped)
    site = tmp_path / "site"
    args = ["publish", str(mistyped), "--format", "site", "-o", str(site), "--date", "2026-12-01"]
    result = runner.invoke(main, [*args, "--keep-going"])
    assert result.exit_code == 0, result.output
    assert f"site written to {site}: 1 place, 1 college" in result.stderr
    assert sorted(p.name for p in (site / "lieux").iterdir()) == ["la-grange-inventee"]
    places = json.loads((site / "api" / "places.json").read_text(encoding="utf-8"))["places"]
    assert [p["id"] for p in places] == ["la-grange-inventee"]


def working_copy(tmp_path, edit: tuple[str, str, str]):
    criteria = tmp_path / "criteria"
    shutil.copytree(REPO / "criteria", criteria)
    name, old, new = edit
    path = criteria / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return criteria


@pytest.mark.parametrize(
    ("edit", "set_id"),
    [
        (("coworking.toml", "weight = 3", "weight = -3"), "coworking"),  # the file does not load
        (("tiers-lieu.toml", "min_percent = 80", "min_percent = 50"), "tiers-lieu"),  # grades in disorder
    ],
)
def test_the_notes_on_a_copy_with_errors_say_what_happens(runner, college_plugins, tmp_path, edit, set_id):
    criteria = working_copy(tmp_path, edit)
    places = places_copy(tmp_path)
    note = (
        f"tlcriteria: notice: set '{set_id}' has errors: the plugin's set of that id is not used in its "
        "place, so no place is rated with either until they are fixed"
    )
    others = ", ".join(s for s in ("communs", "coworking", "fablab", "tiers-lieu") if s != set_id)
    replace = f"3 sets from the folder {criteria}/ replace those of the plugins ({others})"
    check = runner.invoke(main, ["check", str(criteria), str(places)])
    assert check.exit_code == 1
    assert note in check.stderr.splitlines() and replace in check.stderr
    # The places of that college are told they are not rated for it, as the note says.
    assert f"name college '{set_id}': they are not rated for it while this set has errors" in check.stderr
    assert "will replace" not in check.stderr
    score = runner.invoke(main, ["score", str(places), "--criteria", str(criteria)])
    assert score.exit_code == 1 and score.stdout == ""
    assert note in score.stderr.splitlines()
    assert "problem found in the criteria sets; nothing was rated" in score.stderr


def test_empty_folders_are_said_as_such(runner, college_plugins, tmp_path):
    empty, other = tmp_path / "vide", tmp_path / "autre"
    empty.mkdir()
    other.mkdir()
    for command in (["publish", str(empty)], ["score", str(empty)], ["score", str(empty), str(PLACES)]):
        result = runner.invoke(main, command)
        assert result.exit_code == 1
        assert f"tlcriteria: error: no place file found in {empty}" in result.stderr.splitlines()
        assert "left out" not in result.stderr
    site = tmp_path / "site"
    result = runner.invoke(main, ["publish", str(empty), "--format", "site", "-o", str(site)])
    assert result.exit_code == 1 and not site.exists()
    result = runner.invoke(main, ["diff", str(empty), str(other)])
    assert result.exit_code == 1
    assert f"{empty}: holds no criteria set" in result.stderr
    assert "have errors" not in result.stderr


def test_a_place_whose_college_set_has_errors_is_counted_as_the_site_shows_it(runner, plugin_env, tmp_path):
    """A plugin's set with errors: a place rated for no other college would be in no output, an
    error as when the plugin is disabled (the file needs no change: fix the set); with
    --keep-going the site is written without it, and its summary line counts the places it shows."""
    from .test_plugin_sets import BAD_SET, GOOD_SET, PLACE, SHIPS_SETS

    plugin_env.add(
        "melange",
        SHIPS_SETS,
        files={"bon.toml": GOOD_SET.format(id="bon", version="2"), "casse.toml": BAD_SET},
    )
    places = tmp_path / "places"
    places.mkdir()
    for place_id, colleges in (("lieu-a", '["bon"]'), ("lieu-b", '["casse"]')):
        (places / f"{place_id}.toml").write_text(
            PLACE.format(id=place_id, colleges=colleges, answers=""), encoding="utf-8"
        )
    site = tmp_path / "site"
    result = runner.invoke(
        main, ["publish", str(places), "--format", "site", "-o", str(site), "--date", "2026-12-01"]
    )
    assert result.exit_code == 1, result.output
    assert (
        f"{places / 'lieu-b.toml'}: line 6, [place] colleges: no criteria set rates college 'casse', the only "
        "college the place names: it would be rated for none, and left out of every output (the criteria set "
        "that rates this college has errors, see above; once fixed it rates it)"
    ) in result.stderr.splitlines()
    assert "tlcriteria: error: 1 place file left out because of its problems" in result.stderr
    pages = sorted(p.name for p in (site / "lieux").iterdir())
    listed = json.loads((site / "api" / "places.json").read_text(encoding="utf-8"))["places"]
    assert pages == ["lieu-a"] and len(listed) == 1
    assert f"site written to {site}: 1 place, 1 college" in result.stderr
    # The whole path (taken for signatures and peer reviews) counts them alike.
    key = tmp_path / "cle"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    signers = tmp_path / "signataires"
    public = (tmp_path / "cle.pub").read_text(encoding="utf-8")
    signers.write_text(f'lieu-a namespaces="tlcriteria" {public}', encoding="utf-8")
    args = ["publish", str(places), "--format", "site", "-o", str(site), "--date", "2026-12-01"]
    whole = runner.invoke(main, [*args, "--signers", str(signers), "--keep-going"])
    assert whole.exit_code == 0, whole.output
    assert f"site written to {site}: 1 place, 1 college" in whole.stderr, whole.output


def test_a_copy_with_errors_that_plugin_sets_extend_is_said_once_per_set(runner, college_plugins, tmp_path):
    """Only communs copied, with an error: the plugins' sets that extend it are left out with it,
    said once each at their college line, not once per place file."""
    criteria = tmp_path / "criteria"
    criteria.mkdir()
    text = (REPO / "criteria" / "communs.toml").read_text(encoding="utf-8")
    (criteria / "communs.toml").write_text(text.replace("weight = 3", "weight = -3", 1), encoding="utf-8")
    result = runner.invoke(main, ["check", str(criteria), str(places_copy(tmp_path))])
    assert result.exit_code == 1
    assert "[answers]" not in result.stderr
    assert "8 place files name college 'coworking': they are not rated for it" in result.stderr
    assert "9 place files name college 'tiers-lieu': they are not rated for it" in result.stderr
