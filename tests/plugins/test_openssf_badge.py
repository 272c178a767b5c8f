"""The OpenSSF badge plugin (examples/plugins/openssf-badge) gives the badge's own figures.

The badge's fixtures (test/fixtures/projects.yml) state each project's
percentage per level; its test/models/project_test.rb states their levels.
A property test then draws projects in the same format and compares with a
port of the badge's rule (app/models/project.rb), written here as the oracle.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tlcriteria.cli import main

from .conftest import REPO, PluginEnv

BADGE = REPO / "examples" / "plugins" / "openssf-badge"
FIXTURES = BADGE / "fixtures"
LEVEL_SETS = {"0": "openssf-passing", "1": "openssf-silver", "2": "openssf-gold"}
#: As test/models/project_test.rb ("check correct badge levels are returned") and,
#: for the others, tiered_percentage < 100 (in_progress).
LEVELS = {
    "perfect-unjustified": "in_progress",
    "perfect-passing": "passing",
    "perfect-silver": "silver",
    "perfect": "gold",
    "one": "in_progress",
    "two": "in_progress",
    "no-repo": "in_progress",
}


def load_converter() -> ModuleType:
    spec = importlib.util.spec_from_file_location("openssf_convert", BADGE / "convert.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


convert = load_converter()


@pytest.fixture
def openssf_plugin(plugin_env: PluginEnv) -> PluginEnv:
    plugin_env.add_project(BADGE)
    return plugin_env


def fixture_percentages() -> dict[str, dict[str, int]]:
    """badge_percentage_0/1/2 of each fixture project, read from the YAML's text."""
    found: dict[str, dict[str, int]] = {}
    project = ""
    for line in (FIXTURES / "projects.yml").read_text(encoding="utf-8").splitlines():
        if re.match(r"^[a-z_]+:\s*$", line):
            project = convert.slug(line.rstrip(":"))
        elif match := re.match(r"^\s+badge_percentage_([012]):\s*(\d+)", line):
            found.setdefault(project, {})[match[1]] = int(match[2])
    return found


def run_convert(out: Path, projects: Path = FIXTURES / "projects.yml") -> None:
    result = subprocess.run(
        [sys.executable, str(BADGE / "convert.py"), str(FIXTURES / "criteria.yml"), str(projects), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def score(runner, places: Path, set_id: str) -> dict[str, dict]:
    result = runner.invoke(main, ["score", str(places), "--set", set_id, "--format", "json"])
    assert result.exit_code == 0, result.output
    return {r["place"]: r for r in json.loads(result.stdout)}


def test_the_committed_sets_and_places_are_what_convert_writes(tmp_path):
    run_convert(tmp_path)
    for folder in ("criteria", "places"):
        written = sorted(p.name for p in (tmp_path / folder).iterdir())
        assert written == sorted(p.name for p in (BADGE / folder).iterdir())
        for name in written:
            assert (tmp_path / folder / name).read_text() == (BADGE / folder / name).read_text(), name


def test_the_readmes_regeneration_command_works_as_written_from_the_repository_root(tmp_path):
    """The README's command, typed at the root of a checkout, rewrites the same files."""
    readme = (BADGE / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Regenerating", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    words = block.replace("\\\n", " ").split()
    assert words[:2] == ["python", "examples/plugins/openssf-badge/convert.py"], words
    root = tmp_path / "checkout"
    copy = root / "examples" / "plugins" / "openssf-badge"
    for name in ("convert.py", "fixtures"):  # what it reads; criteria/ and places/ are what it writes
        source = BADGE / name
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    result = subprocess.run(
        [sys.executable, *words[1:]], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    for folder in ("criteria", "places"):
        for path in (BADGE / folder).iterdir():
            assert (copy / folder / path.name).read_text() == path.read_text(), path.name


def test_check_accepts_the_plugin_sets_and_the_fixture_projects(runner, openssf_plugin):
    result = runner.invoke(main, ["--lang", "en", "check", str(BADGE / "places")])
    assert result.exit_code == 0, result.output
    assert "ok: 7 place file(s) checked against 4 criteria set(s), no problem found" in result.stdout


def test_each_fixture_project_gets_the_badge_percentages_and_level(runner, openssf_plugin):
    expected = fixture_percentages()
    assert set(expected) == set(LEVELS)
    for level, set_id in LEVEL_SETS.items():
        records = score(runner, BADGE / "places", set_id)
        for project, figures in expected.items():
            assert records[project]["shown_percent"] == figures[level], (project, set_id)
            # The badge shows whole numbers, 0 and 100 included: the JSON says 100, not 100.0.
            assert type(records[project]["shown_percent"]) is int, (project, set_id)
    ladder = score(runner, BADGE / "places", "openssf-badge")
    assert {p: r["grade"] for p, r in ladder.items()} == LEVELS


def test_score_without_set_rates_the_openssf_college_with_the_ladder(runner, openssf_plugin):
    result = runner.invoke(main, ["score", str(BADGE / "places" / "perfect-silver.toml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    assert (record["set"], record["grade"], record["percent"], record["shown_percent"]) == (
        "openssf-badge",
        "silver",
        None,
        None,
    )


# --------------------------------------------------------------------------- the badge's rule, as the oracle


def contains_url(text: str | None) -> bool:
    return bool(text) and not text.startswith("// ") and bool(re.search(r"https?://[^/. ]+\.[^ ]", text))


def justification_good(text: str | None) -> bool:
    return text is not None and not text.startswith("// ") and len(text) >= 5


def enough(keys: dict, status: int, justification: str | None) -> bool:
    """The badge's get_criterion_result, then WHAT_IS_ENOUGH."""
    if status == 0:
        return False
    if status == 3:
        if keys.get("met_url_required") and not contains_url(justification):
            return False
        return not (keys.get("met_justification_required") and not justification_good(justification))
    if status == 1:
        category = keys["category"]
        return category == "SUGGESTED" or (category == "SHOULD" and justification_good(justification))
    return not (keys.get("na_justification_required") and not justification_good(justification))


def to_percentage(portion: int, total: int) -> int:
    if portion == 0:
        return 0
    if portion >= total:
        return 100
    exact = portion * 100 / total
    return min(99, int(exact + 0.5))


CRITERIA = convert.read_criteria(FIXTURES / "criteria.yml")
NAMES = list(dict.fromkeys(n for level in CRITERIA.values() for n in level))
NA_OK = {n: all(lv[n].get("na_allowed", False) for lv in CRITERIA.values() if n in lv) for n in NAMES}
#: Justifications as people write them; the badge and tlcriteria read each the same way.
TEXTS = [
    None,
    "",
    "ok",
    "Yes, see the docs.",
    "// placeholder",
    "See https://example.org/contributing",
    "https://github.com/org/repo/blob/main/SECURITY.md",
    "mailto://mail@example.org",
]


@st.composite
def projects(draw) -> dict[str, dict[str, object]]:
    found = {}
    for number in range(draw(st.integers(1, 4))):
        fields: dict[str, object] = {"name": f"Project {number}"}
        if draw(st.booleans()):
            # A project close to perfect, so that every level comes within reach.
            for name in NAMES:
                fields[f"{name}_status"] = 3
                fields[f"{name}_justification"] = "Documented at https://example.org/" + name
            answered = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=3))
        else:
            answered = draw(st.lists(st.sampled_from(NAMES), unique=True, min_size=len(NAMES) - 12))
        for name in answered:
            statuses = [0, 1, 3, 3, 3] + ([2, 2] if NA_OK[name] else [])
            fields[f"{name}_status"] = draw(st.sampled_from(statuses))
            text = draw(st.sampled_from(TEXTS))
            fields.pop(f"{name}_justification", None)
            if text is not None:
                fields[f"{name}_justification"] = text
        found[f"project_{number}"] = fields
    return found


def oracle(project: dict[str, object]) -> tuple[dict[str, int], str]:
    figures = {}
    for level, criteria in CRITERIA.items():
        active = [(n, k) for n, k in criteria.items() if not k.get("future") and not k.get("obsolete")]
        met = sum(
            enough(k, int(project.get(f"{n}_status", 0)), project.get(f"{n}_justification"))  # type: ignore[arg-type]
            for n, k in active
        )
        figures[level] = to_percentage(met, len(active))
    tiered = (
        figures["0"]
        if figures["0"] < 100
        else (100 + figures["1"] if figures["1"] < 100 else 200 + figures["2"])
    )
    return figures, ("in_progress", "passing", "silver", "gold")[tiered // 100]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=projects())
def test_any_project_gets_what_the_badge_would_give(runner, openssf_plugin, tmp_path_factory, drawn):
    out = tmp_path_factory.mktemp("badge")
    source = out / "projects.yml"
    source.write_text(json.dumps(drawn), encoding="utf-8")  # JSON is YAML
    run_convert(out, source)
    ratings = {s: score(runner, out / "places", s) for s in (*LEVEL_SETS.values(), "openssf-badge")}
    for key, project in drawn.items():
        figures, level = oracle(project)
        place = convert.slug(key)
        for lvl, set_id in LEVEL_SETS.items():
            assert ratings[set_id][place]["shown_percent"] == figures[lvl], (key, set_id)
        assert ratings["openssf-badge"][place]["grade"] == level, key


def test_the_levels_drawn_reach_every_rung():
    """The strategy above does reach passing, silver and gold, not only in_progress."""
    perfect = {f"{n}_status": 3 for n in NAMES} | {
        f"{n}_justification": "See https://example.org/" for n in NAMES
    }
    assert oracle(perfect)[1] == "gold"
    assert oracle(perfect | {"achieve_silver_status": 1})[1] == "silver"


def test_the_generated_sets_follow_the_committed_json_schema():
    import tomllib

    import jsonschema

    schema = json.loads((REPO / "schema" / "set.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((BADGE / "criteria").glob("*.toml")):
        errors = [e.message for e in validator.iter_errors(tomllib.loads(path.read_text(encoding="utf-8")))]
        assert errors == [], path.name


def test_convert_says_what_it_cannot_read_in_one_line(tmp_path):
    cases = {
        "<% Criteria['9'].keys.each do |c| %>\n  <%= c %>_status: 3\n<% end %>": "cannot evaluate \"Criteria['9'].keys\"",
        "p:\n  name: P\n  <%= Time.now %>: 1\n": "an ERB tag other than the fixtures' simple loops is left",
        "p:\n  name: P\n  floss_license_status: 7\n": "project 'p': floss_license_status: unknown status 7",
    }
    for text, message in cases.items():
        source = tmp_path / "projects.yml"
        source.write_text(text, encoding="utf-8")
        result = subprocess.run(
            [
                sys.executable,
                str(BADGE / "convert.py"),
                str(FIXTURES / "criteria.yml"),
                str(source),
                str(tmp_path),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 1 and message in result.stderr, result.stderr
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


def test_plugins_and_sets_list_what_the_badge_plugin_ships(runner, openssf_plugin):
    result = runner.invoke(main, ["plugins"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if line.startswith("openssf-badge "))
    assert "tlcriteria-openssf-badge" in line and " ok " in line
    assert "set file openssf-passing.toml" in line
    result = runner.invoke(main, ["sets"])
    rows = {
        line.split()[0]: line.split() for line in result.stdout.splitlines() if line.startswith("openssf-")
    }
    assert rows["openssf-badge"][2:5] == ["openssf", "ladder", "0"]
    assert rows["openssf-silver"][3:5] == ["whole-percent", "55"]


# --------------------------------------------------------------------------- the ladder in every command
# The ladder set `openssf-badge` has no criteria of its own: its rating carries its rungs'
# results (RatingScheme.shown_results), from the rung the place aims at down.


def parse_html(path: Path):
    import html5lib

    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(
        path.read_text(encoding="utf-8")
    )


def with_answers(source: Path, target: Path, changes: list[dict]) -> None:
    """The place file `source` with advice's changes written in, evidence included, as a member would."""
    import tomllib

    import tomli_w

    document = tomllib.loads(source.read_text(encoding="utf-8"))
    for change in changes:
        answer: dict[str, object] = {"value": change["value"]}
        if change["evidence"] != "none":
            answer["justification"] = "Documented at https://example.org/" + change["criterion"]
        document["answers"][change["criterion"]] = answer
    target.write_text(tomli_w.dumps(document), encoding="utf-8")


def advise_json(runner, *args: str) -> dict[str, dict]:
    result = runner.invoke(main, ["advise", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return {r["place"]: r for r in json.loads(result.stdout)}


def test_advise_against_the_ladder_proposes_the_next_rungs_changes(runner, openssf_plugin, tmp_path):
    places = BADGE / "places"
    files = [str(places / f"{name}.toml") for name in ("perfect-unjustified", "perfect-passing")]
    ladder = advise_json(runner, *files)
    unjustified = ladder["perfect-unjustified"]
    assert (unjustified["set"], unjustified["grade"], unjustified["target"]) == (
        "openssf-badge",
        "in_progress",
        "passing",
    )
    assert unjustified["reachable"] and unjustified["changes"]
    # Only justifications are missing: the same changes as advice against the rung itself.
    rung = advise_json(runner, files[0], "--set", "openssf-passing")["perfect-unjustified"]
    assert unjustified["changes"] == rung["changes"]
    assert {c["evidence"] for c in unjustified["changes"]} >= {"url"}
    passing = ladder["perfect-passing"]
    assert (passing["grade"], passing["target"], passing["reachable"]) == ("passing", "silver", True)
    # Following the advice reaches the grade it aims at.
    for name, record in (("perfect-unjustified", unjustified), ("perfect-passing", passing)):
        changed = tmp_path / f"{name}.toml"
        with_answers(places / f"{name}.toml", changed, record["changes"])
        assert score(runner, changed, "openssf-badge")[name]["grade"] == record["target"]


def test_advise_proposes_the_least_answer_a_criterion_accepts(runner, openssf_plugin, tmp_path):
    """floss_license_osi accepts « unmet » (accept_unmet = "always"): left unanswered, that
    answer alone is advised, not « Met »; a criterion that accepts an unmet answer with a
    justification is advised « unmet » with one, when unanswered; an answer is never lowered."""
    import tomllib

    import tomli_w

    document = tomllib.loads((BADGE / "places" / "perfect-passing.toml").read_text(encoding="utf-8"))
    del document["answers"]["floss-license-osi"]
    del document["answers"]["english"]  # accept_unmet = "justified"
    document["answers"]["license-location"] = "met"  # met without its proof (a link)
    place = tmp_path / "perfect-passing.toml"
    place.write_text(tomli_w.dumps(document), encoding="utf-8")
    record = advise_json(runner, str(place), "--set", "openssf-passing")["perfect-passing"]
    assert (record["grade"], record["target"]) == ("in_progress", "passing")
    changes = {c["criterion"]: (c["value"], c["evidence"]) for c in record["changes"]}
    assert changes == {
        "floss-license-osi": ("unmet", "none"),
        "english": ("unmet", "justification"),
        "license-location": ("met", "url"),
    }
    with_answers(place, place, record["changes"])
    assert score(runner, place, "openssf-passing")["perfect-passing"]["grade"] == "passing"
    # The ladder's advice for a place below passing is the rung's.
    assert (
        advise_json(runner, str(BADGE / "places" / "no-repo.toml"))["no-repo"]["changes"]
        == advise_json(runner, str(BADGE / "places" / "no-repo.toml"), "--set", "openssf-passing")["no-repo"][
            "changes"
        ]
    )


def test_advise_table_no_longer_calls_the_next_rung_out_of_reach(runner, openssf_plugin):
    result = runner.invoke(
        main, ["--lang", "fr", "advise", str(BADGE / "places" / "perfect-unjustified.toml")]
    )
    assert result.exit_code == 0, result.output
    assert "inaccessible" not in result.stdout
    assert "contribution : Met (avec un lien vers une preuve)" in result.stdout


def test_report_shows_the_missing_evidence_and_the_next_rung(runner, openssf_plugin):
    result = runner.invoke(
        main, ["report", str(BADGE / "places" / "perfect-unjustified.toml"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    rung = score(runner, BADGE / "places" / "perfect-unjustified.toml", "openssf-passing")
    unsupported = [c["id"] for c in rung["perfect-unjustified"]["criteria"] if c["outcome"] == "unsupported"]
    assert row["set"] == "openssf-badge" and unsupported
    assert row["missing_evidence"] == unsupported
    assert row["advice"].startswith("passing: work on contribution; ")  # titles may hold commas
    result = runner.invoke(main, ["--lang", "fr", "report", str(BADGE / "places")])
    assert result.exit_code == 0, result.output
    assert "hors de portée" not in result.stdout


def test_score_shows_a_grade_without_a_percent_and_the_criteria_behind_it(runner, openssf_plugin):
    place = BADGE / "places" / "perfect-silver.toml"
    result = runner.invoke(main, ["--lang", "fr", "score", str(place)])
    assert result.exit_code == 0, result.output
    assert "note : silver   pourcentage : —" in result.stdout and "non noté" not in result.stdout
    result = runner.invoke(main, ["--lang", "en", "score", str(place)])
    assert "grade: silver   percent: —" in result.stdout and "unrated" not in result.stdout
    # The criteria of the rung it aims at (gold) first, then silver's and passing's, each once.
    [record] = score(runner, place, "openssf-badge").values()
    ids = [c["id"] for c in record["criteria"]]
    rungs = [score(runner, place, s)["perfect-silver"]["criteria"] for s in reversed(LEVEL_SETS.values())]
    assert ids == list(dict.fromkeys(c["id"] for criteria in rungs for c in criteria))
    assert record["criteria"][: len(rungs[0])] == rungs[0]
    # Gold's achieve-silver is listed, not met, but it is no required criterion a silver place fails.
    assert next(c for c in record["criteria"] if c["id"] == "achieve-silver")["outcome"] == "unsatisfied"
    assert record["must_failed"] == []
    # A place at the first grade aims at the first rung only.
    [record] = score(runner, BADGE / "places" / "two.toml", "openssf-badge").values()
    assert [c["id"] for c in record["criteria"]] == [
        c["id"] for c in score(runner, BADGE / "places" / "two.toml", "openssf-passing")["two"]["criteria"]
    ]


def test_a_ladders_required_criteria_not_met_are_those_of_the_rungs_it_has(runner, openssf_plugin):
    """A silver project fails no required criterion: what gold requires is advice. A project
    below passing fails passing's; every output says the same (must_failed)."""
    result = runner.invoke(
        main, ["publish", str(BADGE / "places"), "--format", "json", "--date", "2026-12-01"]
    )
    assert result.exit_code == 0, result.output
    failed = {r["place"]: r["must_failed"] for r in json.loads(result.stdout)["ratings"]}
    assert failed["perfect-silver"] == failed["perfect-passing"] == failed["perfect"] == []
    passing = score(runner, BADGE / "places", "openssf-passing")
    for name in ("perfect-unjustified", "no-repo"):
        assert failed[name] == passing[name]["must_failed"] != []
    result = runner.invoke(main, ["publish", str(BADGE / "places"), "--format", "md"])
    rows = {line.split(" | ")[0].strip("| "): line.split(" | ") for line in result.stdout.splitlines()}
    heading = rows["Lieu"]
    column = heading.index("Critères obligatoires non remplis")
    assert rows["Justified perfect silver project"][column] == ""
    assert rows["Unjustified perfect project"][column].startswith("contribution, ")
    # The score's table and the rating record agree.
    result = runner.invoke(main, ["score", str(BADGE / "places" / "perfect-silver.toml")])
    assert result.exit_code == 0 and "must failed" not in result.stdout
    records = {
        r["place"]: r
        for r in json.loads(runner.invoke(main, ["score", str(BADGE / "places"), "--format", "json"]).stdout)
    }
    assert records["perfect-silver"]["must_failed"] == []
    assert records["no-repo"]["must_failed"] == passing["no-repo"]["must_failed"]


def test_the_sites_place_page_lists_the_criteria_behind_the_level(runner, openssf_plugin, tmp_path):
    site = tmp_path / "site"
    args = ["--lang", "en", "publish", str(BADGE / "places"), "--format", "site", "-o", str(site)]
    result = runner.invoke(main, [*args, "--date", "2026-12-01"])
    assert result.exit_code == 0, result.output
    page = parse_html(site / "lieux" / "perfect-unjustified" / "index.html")
    [table] = page.iterfind(".//table[@class='criteria']")
    # The set gives no title_en: the English site names it by its college (content.set_title).
    assert "".join(table.find("caption").itertext()) == "openssf college: every criterion"
    rows = {
        "".join(tr.find("th").itertext()): "".join(tr.findall("td")[1].itertext())
        for tr in table.iterfind("tbody/tr")
    }
    rung = score(runner, BADGE / "places" / "perfect-unjustified.toml", "openssf-passing")
    assert len(rows) == len(rung["perfect-unjustified"]["criteria"]) == 67
    assert rows["contribution"] == "not backed by evidence" and rows["interact"] == "met"
    silver = parse_html(site / "lieux" / "perfect-silver" / "index.html")
    outcomes = {
        "".join(tr.find("th").itertext()): "".join(tr.findall("td")[1].itertext())
        for tr in silver.iterfind(".//table[@class='criteria']/tbody/tr")
    }
    assert outcomes["achieve_silver"] == "not met" and outcomes["achieve_passing"] == "met"
    # Gold's requirements are shown as what the next rung takes, never as failed required criteria.
    assert "Required criteria not met" not in (site / "lieux" / "perfect-silver" / "index.html").read_text()
    unjustified = (site / "lieux" / "perfect-unjustified" / "index.html").read_text()
    assert "Required criteria not met: contribution, " in unjustified
    # The college page explains every criterion of the rungs, each once.
    college = parse_html(site / "colleges" / "openssf" / "index.html")
    explained = ["".join(a.find("h3").itertext()) for a in college.iterfind(".//article[@class='criterion']")]
    assert len(explained) == len(set(explained)) == 67 + 48 + 14  # the rungs' own [[criteria]]
    assert {"achieve_passing", "achieve_silver", "description_good"} <= set(explained)


def test_assess_asks_the_questions_of_the_ladders_rungs(runner, openssf_plugin, tmp_path):
    place = tmp_path / "two.toml"
    place.write_bytes((BADGE / "places" / "two.toml").read_bytes())
    result = runner.invoke(main, ["--lang", "en", "assess", str(place)], input="1\nquit\n")
    assert result.exit_code == 0, result.output
    assert "Question 1 / 129" in result.stdout and "description_good" in result.stdout
    assert 'description-good = "met"' in place.read_text(encoding="utf-8")


def test_a_peer_reviews_the_ladders_answers_and_verifies_its_rating(runner, openssf_plugin, tmp_path):
    import shutil
    import tomllib

    net = tmp_path / "net"
    shutil.copytree(BADGE / "places", net / "places")
    place = net / "places" / "perfect.toml"
    answered = len(tomllib.loads(place.read_text(encoding="utf-8"))["answers"])
    result = runner.invoke(
        main, ["--lang", "en", "review", str(place), "--as", "one"], input="c\n" * answered
    )
    assert result.exit_code == 0, result.output
    assert f"{answered} answer(s)" in result.stdout and answered == 129
    result = runner.invoke(
        main, ["score", str(net / "places" / "perfect.toml"), str(net / "reviews"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    assert record["set"] == "openssf-badge"
    assert (record["verification"]["overall"], record["verification"]["peers"]) == ("verified", 1)


def test_the_html_pages_detail_shows_a_ladders_grade_alone_with_its_criteria(
    runner, openssf_plugin, tmp_path
):
    from ..browser import chromium
    from ..test_publish_browser import css, require_browser

    require_browser()
    page = tmp_path / "index.html"
    args = ["publish", str(BADGE / "places"), "-o", str(page), "--date", "2026-12-01"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    with chromium() as browser:
        browser.get(page.as_uri())
        buttons = browser.find_elements("css selector", "#ratings tbody th button")
        next(b for b in buttons if b.text == "Justified perfect silver project").click()
        summary = css(browser, "#detail-summary").text
        assert summary.endswith("note silver") and "%" not in summary
        lines = browser.execute_script(
            "return Array.from(document.querySelectorAll('#detail-criteria tbody tr'))"
            ".map(tr => Array.from(tr.cells).map(c => c.innerText.trim()));"
        )
        by_title = {line[0]: line for line in lines}
        assert len(by_title) == 67 + 48 + 14
        assert by_title["achieve_silver"][1:3] == ["obligatoire", "non rempli"]
