"""`tlcriteria schema`: generated from the loader's definitions, agreed on by jsonschema and taplo."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest

from tlcriteria.cli import main
from tlcriteria.schema import KINDS, dumps, schema_for

from .conftest import EXAMPLES

ROOT = Path(__file__).parent.parent
SCHEMA_DIR = ROOT / "schema"


def shipped_files() -> list[Path]:
    """Every TOML file of criteria/, examples/ and the test examples (not a plugin's pyproject.toml)."""
    files: list[Path] = []
    for folder in (ROOT / "criteria", ROOT / "examples", EXAMPLES):
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*.toml") if p.name != "pyproject.toml")
    # Peer reviews (examples/normandie/reviews/, SPEC §11) are checked by tlcriteria check, not by a schema.
    return [f for f in files if "review" not in tomllib.loads(f.read_text(encoding="utf-8"))]


def kind_of(path: Path) -> str:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return "set" if "set" in data else "network" if "network" in data else "place"


def taplo() -> str:
    found = shutil.which("taplo") or str(Path(sys.executable).with_name("taplo"))
    assert Path(found).exists(), "taplo is a test dependency: ./dev.sh setup installs it"
    return found


def taplo_check(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [taplo(), "check", "--no-auto-config", "--schema", schema.resolve().as_uri(), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8"))
    )


def test_committed_schemas_are_up_to_date(registry):
    for kind in KINDS:
        committed = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert committed == dumps(schema_for(kind, registry)), (
            f"schema/{kind}.schema.json is stale: run tlcriteria schema --kind {kind} -o schema/{kind}.schema.json"
            " (place: with the college plugins disabled, see .taplo.toml)"
        )


def test_schemas_are_valid_draft_2020_12():
    for kind in KINDS:
        schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"].endswith("2020-12/schema")


def test_schema_command_prints_and_writes(runner, tmp_path):
    result = runner.invoke(main, ["schema", "--kind", "place"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema["properties"]["place"]["properties"]["stage"]["enum"] == ["existing", "creating", "project"]
    out = tmp_path / "set.schema.json"
    result = runner.invoke(main, ["schema", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8"))["title"] == "Jeu de critères tlcriteria"


def test_descriptions_are_french_and_come_from_the_fields():
    schema = json.loads((SCHEMA_DIR / "set.schema.json").read_text("utf-8"))
    criterion = schema["$defs"]["criterion"]["properties"]
    assert criterion["weight"]["description"] == "Poids du critère (> 0)."
    assert criterion["weight"]["exclusiveMinimum"] == 0
    assert criterion["options"]["items"]["properties"]["credit"]["maximum"] == 1
    assert set(criterion["kind"]["enum"]) >= {"yes-no", "scale", "choice", "multi", "number"}


def test_every_shipped_file_is_valid_for_jsonschema():
    files = shipped_files()
    assert len(files) >= 6
    for path in files:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        errors = [e.message for e in validator(kind_of(path)).iter_errors(data)]
        assert errors == [], f"{path}: {errors}"


def test_every_shipped_file_is_valid_for_taplo():
    for kind in KINDS:
        files = [p for p in shipped_files() if kind_of(p) == kind]
        result = taplo_check(SCHEMA_DIR / f"{kind}.schema.json", *files)
        assert result.returncode == 0, result.stderr


SET_HEAD = '[set]\nid = "essai"\ntitle = "Essai"\nversion = "1"\n\n'
CRITERION = '[[criteria]]\nid = "c1"\ntitle = "Un"\nquestion = "Oui ?"\n'
PLACE_HEAD = '[place]\nid = "lieu"\nname = "Lieu"\ntown = "Caen"\ncolleges = ["fablab"]\n'

BROKEN = {
    "set-typo-key.toml": SET_HEAD + CRITERION + 'kind = "yes-no"\nwieght = 2\n',
    "set-key-of-another-kind.toml": SET_HEAD + CRITERION + 'kind = "yes-no"\nmin = 0\nmax = 3\n',
    "set-unknown-kind.toml": SET_HEAD + CRITERION + 'kind = "oui-non"\n',
    "set-missing-question.toml": SET_HEAD + '[[criteria]]\nid = "c1"\ntitle = "Un"\nkind = "yes-no"\n',
    "set-bad-level.toml": SET_HEAD + CRITERION + 'kind = "yes-no"\nlevel = "essential"\n',
    "set-weight-zero.toml": SET_HEAD + CRITERION + 'kind = "yes-no"\nweight = 0\n',
    "set-pass-above-one.toml": SET_HEAD + CRITERION + 'kind = "yes-no"\npass = 1.5\n',
    "set-choice-without-options.toml": SET_HEAD + CRITERION + 'kind = "choice"\n',
    "set-option-credit.toml": SET_HEAD
    + CRITERION
    + 'kind = "choice"\noptions = [{ id = "a", label = "A", credit = 2 }, { id = "b", label = "B", credit = 0 }]\n',
    "set-bad-id.toml": SET_HEAD.replace('"essai"', '"Mon Essai"') + CRITERION + 'kind = "yes-no"\n',
    "set-missing-version.toml": '[set]\nid = "essai"\ntitle = "Essai"\n',
    "set-unknown-scheme.toml": SET_HEAD.replace('version = "1"', 'version = "1"\nscheme = "paliers"'),
    "set-unknown-table.toml": SET_HEAD + "[grade]\ngrade = 'A'\n",
    "set-grade-percent-range.toml": SET_HEAD + '[[grades]]\ngrade = "A"\nmin_percent = 120\n',
    "set-profile-grade-with-percent.toml": SET_HEAD.replace(
        'version = "1"', 'version = "1"\nscheme = "profile"'
    )
    + '[[grades]]\ngrade = "A"\nmin_percent = 50\n',
    "set-number-threshold-negative.toml": SET_HEAD
    + CRITERION
    + 'kind = "number"\nthresholds = [[-1, 0.5]]\n',
    "place-missing-stage.toml": PLACE_HEAD,
    "place-bad-stage.toml": PLACE_HEAD + 'stage = "ouvert"\n',
    "place-lat-without-lon.toml": PLACE_HEAD + 'stage = "existing"\nlat = 49.1\n',
    "place-no-college.toml": PLACE_HEAD.replace('["fablab"]', "[]") + 'stage = "existing"\n',
    "place-unknown-key.toml": PLACE_HEAD + 'stage = "existing"\nvile = "Caen"\n',
    "place-answer-value-and-na.toml": PLACE_HEAD
    + 'stage = "existing"\n[answers]\nc1 = { value = true, na = true }\n',
    "place-answer-without-value.toml": PLACE_HEAD
    + 'stage = "existing"\n[answers]\nc1 = { justification = "oui" }\n',
    "place-answer-table-typo.toml": PLACE_HEAD + 'stage = "existing"\n[answers]\nc1 = { valeur = true }\n',
    "place-contact-public-key.toml": PLACE_HEAD + 'stage = "existing"\n[contact]\nwebsite = "https://x.fr"\n',
    "place-bad-website.toml": PLACE_HEAD + 'stage = "existing"\nwebsite = "www.exemple.fr"\n',
}


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("broken")
    paths = {}
    for name, text in BROKEN.items():
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_is_refused_by_jsonschema_taplo_and_check(name, broken, runner):
    path = broken[name]
    kind = "set" if name.startswith("set-") else "place"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert list(validator(kind).iter_errors(data)), f"jsonschema accepts {name}"
    result = taplo_check(SCHEMA_DIR / f"{kind}.schema.json", path)
    assert result.returncode != 0, f"taplo accepts {name}"
    checked = runner.invoke(main, ["check", str(path)])
    assert checked.exit_code == 1, f"check accepts {name}: {checked.output}"


def test_schema_directive_on_the_first_line_is_honoured(tmp_path):
    """The way the docs tell editors to find the schema: `#:schema` relative to the file, first line."""
    shutil.copytree(SCHEMA_DIR, tmp_path / "schema")
    (tmp_path / "criteria").mkdir()
    directive = "#:schema ../schema/set.schema.json\n"
    good = tmp_path / "criteria" / "bon.toml"
    good.write_text(directive + SET_HEAD + CRITERION + 'kind = "yes-no"\n', encoding="utf-8")
    bad = tmp_path / "criteria" / "faux.toml"
    bad.write_text(directive + BROKEN["set-typo-key.toml"], encoding="utf-8")
    run = [taplo(), "check", "--no-auto-config"]
    assert subprocess.run([*run, str(good)], capture_output=True, check=False).returncode == 0
    refused = subprocess.run([*run, str(bad)], capture_output=True, text=True, check=False)
    assert refused.returncode != 0 and "wieght" in refused.stderr


def test_taplo_config_of_the_repository_applies_the_schemas(tmp_path):
    """`.taplo.toml` at the root maps criteria/ and places to the schemas (Even Better TOML reads it)."""
    shutil.copy(ROOT / ".taplo.toml", tmp_path / ".taplo.toml")
    shutil.copytree(SCHEMA_DIR, tmp_path / "schema")
    (tmp_path / "criteria").mkdir()
    (tmp_path / "criteria" / "faux.toml").write_text(BROKEN["set-typo-key.toml"], encoding="utf-8")
    result = subprocess.run([taplo(), "check"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode != 0 and "wieght" in result.stderr
    (tmp_path / "criteria" / "faux.toml").write_text(
        SET_HEAD + CRITERION + 'kind = "yes-no"\n', encoding="utf-8"
    )
    result = subprocess.run([taplo(), "check"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_place_schema_with_criteria_lists_the_answers(runner, tmp_path):
    """`schema --kind place --criteria DIR`: answer ids completed, option ids proposed, mistakes flagged."""
    out = tmp_path / "place.schema.json"
    result = runner.invoke(
        main, ["schema", "--kind", "place", "--criteria", str(EXAMPLES / "criteria"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    schema = json.loads(out.read_text("utf-8"))
    answers = schema["properties"]["answers"]
    assert answers["additionalProperties"] is False
    assert answers["properties"]["accueil-public"]["anyOf"][0]["enum"] == ["libre", "adhesion", "ferme"]
    assert answers["properties"]["co-construction"]["anyOf"][0] == {
        "type": "integer",
        "minimum": 0,
        "maximum": 4,
    }
    assert "Co-construction" in answers["properties"]["co-construction"]["description"]
    places = sorted((EXAMPLES / "places").glob("*.toml"))
    check = jsonschema.Draft202012Validator(schema)
    for path in places:
        assert list(check.iter_errors(tomllib.loads(path.read_text("utf-8")))) == [], path
    assert taplo_check(out, *places).returncode == 0
    wrong = {
        "option.toml": 'accueil-public = "ouvert"\n',
        "unknown.toml": "acces-libre = true\n",
        "na.toml": "liberte-usagers = { na = true }\n",
        "scale.toml": "co-construction = 7\n",
    }
    for name, answer in wrong.items():
        path = tmp_path / name
        path.write_text(PLACE_HEAD + 'stage = "existing"\n[answers]\n' + answer, encoding="utf-8")
        assert list(check.iter_errors(tomllib.loads(path.read_text("utf-8")))), name
        assert taplo_check(out, path).returncode != 0, name


def test_schema_with_broken_criteria_fails_cleanly(runner, tmp_path):
    (tmp_path / "bad.toml").write_text(BROKEN["set-typo-key.toml"], encoding="utf-8")
    result = runner.invoke(main, ["schema", "--kind", "place", "--criteria", str(tmp_path)])
    assert result.exit_code == 1
    assert "unknown key 'wieght'" in result.stderr and "Traceback" not in result.output
