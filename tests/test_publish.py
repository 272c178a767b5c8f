"""`tlcriteria publish` on the worked examples: every format, read back by a real parser."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from tlcriteria import progress
from tlcriteria.cli import main
from tlcriteria.publish import fold, publication_date, sort_key

from .conftest import EXAMPLES
from .publishing import (
    FORMATS,
    check_geojson,
    expected_cells,
    page_titles,
    read_csv,
    read_html_page,
    read_md,
    read_mediawiki,
    set_titles,
)

ARGS = [str(EXAMPLES / "places"), "--criteria", str(EXAMPLES / "criteria"), "--date", "2026-11-29"]


def publish(runner, *args: str, ok: bool = True):
    result = runner.invoke(main, ["publish", *args])
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def records() -> list[dict]:
    """The rating records, as `score --format json` gives them, in publishing order."""
    from click.testing import CliRunner

    result = CliRunner().invoke(
        main, ["score", str(EXAMPLES / "places"), "--criteria", str(EXAMPLES / "criteria"), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    return sorted(found, key=lambda r: (fold(r["set"]), fold(r["name"])))


HEADINGS = [
    "Lieu",
    "Commune",
    "Stade",
    "Collège",
    "Note",
    "%",
    "Critères obligatoires non remplis",
    "Version des critères",
]


def test_markdown_table_reads_back(runner, records):
    rows = read_md(publish(runner, *ARGS, "-f", "md").stdout)
    assert rows[0] == HEADINGS
    assert rows[1:] == [expected_cells(r) for r in records]


def test_mediawiki_table_reads_back_and_sorts_numbers(runner, records):
    text = publish(runner, *ARGS, "-f", "mediawiki").stdout
    assert text.startswith('{| class="wikitable sortable"\n')
    rows = read_mediawiki(text)
    assert rows[0] == HEADINGS
    assert rows[1:] == [expected_cells(r) for r in records]
    assert 'data-sort-type="number"' in text
    for record in records:
        assert f'data-sort-value="{record["percent"]:.1f}"' in text


@pytest.mark.parametrize("dialect, decimal", [("excel", "."), ("fr", ",")])
def test_csv_reads_back_in_both_dialects(runner, records, dialect, decimal):
    result = publish(runner, *ARGS, "-f", "csv", "--csv-dialect", dialect)
    text = result.stdout_bytes.decode("utf-8")
    rows = read_csv(text, dialect)
    assert rows[0] == HEADINGS
    assert rows[1:] == [expected_cells(r, decimal) for r in records]
    assert text.count("\r\n") == len(records) + 1
    assert text.startswith("\ufeff") == (dialect == "fr")


def test_json_is_the_records_with_a_header(runner, records):
    data = json.loads(publish(runner, *ARGS, "-f", "json").stdout)
    assert data["ratings"] == records
    head = data["header"]
    assert head["date"] == "2026-11-29"
    assert [(s["id"], s["version"]) for s in head["sets"]] == [
        ("fablab", "2026.1-exemple"),
        ("tiers-lieu", "2026.1-exemple"),
    ]
    assert {s["digest"] for s in head["sets"]} == {r["set_digest"] for r in records}


def test_geojson_points_in_lon_lat_order_and_warns_of_missing_coordinates(runner):
    result = publish(runner, *ARGS, "-f", "geojson")
    data = json.loads(result.stdout)
    check_geojson(data)
    [feature] = data["features"]  # only la-fabrique-exemple has coordinates
    assert feature["geometry"]["coordinates"] == [-0.3707, 49.1829]
    props = feature["properties"]
    assert props["name"] == "La Fabrique d'Exemple"
    assert "**fablab :** ABAC (62,5 %)" in props["description"]
    assert "**tiers-lieu :** A (81,2 %)" in props["description"]
    assert props["_umap_options"]["color"] == "#fee08b"  # ABAC, its first college fablab, 62.5 %
    assert "warning: 2 places without coordinates" in result.stderr
    assert "l-atelier-mobile" in result.stderr and "le-hangar-partage" in result.stderr


def test_html_page_table_and_data_read_back(runner, records):
    rows, data, document = read_html_page(publish(runner, *ARGS, "-f", "html").stdout)
    assert rows[0] == HEADINGS
    # failed criteria by their titles (the public reads them), never by their ids
    assert rows[1:] == [expected_cells(r, titles=page_titles(data)) for r in records]
    assert "Accueil du public" in [r[6] for r in rows]
    assert [r["cells"] for r in data["rows"]] == rows[1:]
    outcomes = [[result[0] for result in r["results"]] for r in data["rows"]]
    assert outcomes == [[c["outcome"] for c in r["criteria"]] for r in records]
    ids = [[c[0] for c in data["sets"][r["set"]]["criteria"]] for r in data["rows"]]
    assert ids == [[c["id"] for c in r["criteria"]] for r in records]
    # self-contained: no external resource of any kind
    for element in document.iter():
        for attribute in ("src", "href"):
            value = element.get(attribute)
            assert value is None or value.startswith("#"), (element.tag, value)
    assert [th.get("scope") for th in document.iter("th")][:8] == ["col"] * 8


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_inputs_same_bytes(runner, fmt, examples):
    first = publish(runner, *ARGS, "-f", fmt).stdout_bytes
    # the same places found in another order on disk (renamed files) give the same bytes
    places = examples / "places"
    for path in sorted(places.iterdir()):
        path.rename(places / ("z-" + path.stem[::-1] + ".toml"))
    second = publish(runner, str(places), *ARGS[1:], "-f", fmt).stdout_bytes
    assert first == second


ROOT = Path(__file__).resolve().parent.parent
NETWORK = ROOT / "examples" / "normandie"
NETWORKS = [(EXAMPLES / "places", EXAMPLES / "criteria")]
if NETWORK.is_dir():  # the example network of the README
    NETWORKS.append((NETWORK, ROOT / "criteria"))


def contact_values(folder: Path) -> list[str]:
    secrets = []
    for path in sorted(folder.rglob("*.toml")):
        contact = tomllib.loads(path.read_text(encoding="utf-8")).get("contact", {})
        secrets += [v for v in contact.values() if isinstance(v, str)]
    return secrets


@pytest.mark.parametrize("network", NETWORKS, ids=lambda n: n[0].parent.name)
@pytest.mark.parametrize("fmt", [*FORMATS, "csv-fr"])
def test_contact_never_appears(runner, fmt, network):
    places, criteria = network
    secrets = contact_values(places)
    assert len(secrets) >= 3
    args = ["-f", "csv", "--csv-dialect", "fr"] if fmt == "csv-fr" else ["-f", fmt]
    result = publish(runner, str(places), "--criteria", str(criteria), *args)
    output = result.stdout + result.stderr
    for secret in secrets:
        assert secret.casefold() not in output.casefold()
        local = secret.split("@")[0] if "@" in secret else secret
        assert local.casefold() not in output.casefold()


@pytest.mark.skipif(not NETWORK.is_dir(), reason="examples/normandie is not in this tree")
def test_example_network_publishes_in_every_format(runner, tmp_path):
    result = runner.invoke(main, ["score", str(NETWORK), "--criteria", str(ROOT / "criteria"), "-f", "json"])
    assert result.exit_code == 0, result.output
    records = sorted(json.loads(result.stdout), key=lambda r: (fold(r["set"]), fold(r["name"]), r["name"]))
    titles = set_titles(ROOT / "criteria")
    cells = [expected_cells(r, titles=titles) for r in records]
    base = [str(NETWORK), "--criteria", str(ROOT / "criteria"), "--date", "2026-11-29"]
    for name in ("reseau.md", "reseau.wiki", "reseau.csv", "reseau.json", "reseau.geojson", "index.html"):
        publish(runner, *base, "-o", str(tmp_path / name))
    assert read_md((tmp_path / "reseau.md").read_text(encoding="utf-8"))[1:] == cells
    assert read_mediawiki((tmp_path / "reseau.wiki").read_text(encoding="utf-8"))[1:] == cells
    csv_cells = [expected_cells(r, ".", titles) for r in records]
    assert read_csv((tmp_path / "reseau.csv").read_text(encoding="utf-8"))[1:] == csv_cells
    assert json.loads((tmp_path / "reseau.json").read_text(encoding="utf-8"))["ratings"] == records
    geo = json.loads((tmp_path / "reseau.geojson").read_text(encoding="utf-8"))
    check_geojson(geo)
    located = {r["place"] for r in records}
    assert len(geo["features"]) <= len(located)
    page_rows, page_data, _ = read_html_page((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert page_rows[1:] == [expected_cells(r, titles=page_titles(page_data)) for r in records]


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("out.md", "md"),
        ("out.wiki", "mediawiki"),
        ("out.csv", "csv"),
        ("out.json", "json"),
        ("out.geojson", "geojson"),
        ("out.html", "html"),
        ("OUT.HTM", "html"),
    ],
)
def test_format_follows_the_output_extension(runner, tmp_path, name, fmt):
    target = tmp_path / name
    publish(runner, *ARGS, "-o", str(target))
    expected = publish(runner, *ARGS, "-f", fmt).stdout_bytes
    assert target.read_bytes() == expected


def test_unknown_extension_and_format_are_clear_errors(runner, tmp_path):
    result = publish(runner, *ARGS, "-o", str(tmp_path / "out.xyz"), ok=False)
    assert result.exit_code == 1
    assert "cannot tell the format" in result.stderr and "Traceback" not in result.output
    result = publish(runner, *ARGS, "-f", "htm", ok=False)
    assert result.exit_code == 1 and "did you mean 'html'" in result.stderr


def test_invalid_criteria_set_publishes_nothing(runner, examples, tmp_path):
    bad = examples / "criteria" / "tiers-lieu.toml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("weight = 2", "wieght = 2", 1), encoding="utf-8")
    target = tmp_path / "page.html"
    target.write_text("previous page", encoding="utf-8")
    result = publish(
        runner,
        str(examples / "places"),
        "--criteria",
        str(examples / "criteria"),
        "-o",
        str(target),
        "--keep-going",
        ok=False,
    )
    assert result.exit_code == 1
    assert "tiers-lieu.toml" in result.stderr and "nothing was published" in result.stderr
    assert target.read_text(encoding="utf-8") == "previous page"


def test_date_option_and_source_date_epoch(runner, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798804800")  # 2027-01-01 12:00 UTC
    args = [str(EXAMPLES / "places"), "--criteria", str(EXAMPLES / "criteria"), "-f", "json"]
    assert json.loads(publish(runner, *args).stdout)["header"]["date"] == "2027-01-01"
    assert json.loads(publish(runner, *args, "--date", "2026-05-04").stdout)["header"]["date"] == "2026-05-04"
    result = publish(runner, *args, "--date", "4 mai", ok=False)
    assert result.exit_code == 1 and "YYYY-MM-DD" in result.stderr
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = publish(runner, *args, ok=False)
    assert result.exit_code == 1 and "SOURCE_DATE_EPOCH" in result.stderr
    assert publication_date(None, {}) >= "2026-01-01"


def make_places(folder: Path, names: list[str], colleges: str = '["fablab"]') -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        (folder / f"p{i:05d}.toml").write_text(
            f'[place]\nid = "p{i:05d}"\nname = {json.dumps(name)}\ntown = "Caen"\nstage = "existing"\n'
            f'colleges = {colleges}\n\n[answers]\nfab-acces = "libre"\n',
            encoding="utf-8",
        )


def test_places_sorted_by_college_then_french_name(runner, tmp_path):
    names = ["Zèbre", "évreux lab", "Ecole", "Éole", "Abbaye", "œuvre", "Ouest", "eden"]
    make_places(tmp_path / "places", names, '["fablab", "tiers-lieu"]')
    args = [str(tmp_path / "places"), "--criteria", str(EXAMPLES / "criteria"), "-f", "csv"]
    rows = read_csv(publish(runner, *args).stdout)[1:]
    french = ["Abbaye", "Ecole", "eden", "Éole", "évreux lab", "œuvre", "Ouest", "Zèbre"]
    assert [(r[3], r[0]) for r in rows] == [("fablab", n) for n in french] + [
        ("tiers-lieu", n) for n in french
    ]


def test_sort_key_ignores_accents_and_case():
    assert fold("Évreux") == fold("evreux") == "evreux"
    assert sorted(["Fécamp", "Évreux", "Elbeuf", "Dieppe"], key=fold) == [
        "Dieppe",
        "Elbeuf",
        "Évreux",
        "Fécamp",
    ]
    assert sort_key  # the row key itself is exercised by the CLI test above


def test_progress_bar_on_a_terminal_with_many_places(runner, tmp_path, monkeypatch):
    make_places(tmp_path / "places", [f"Lieu {i}" for i in range(205)])
    args = [str(tmp_path / "places"), "--criteria", str(EXAMPLES / "criteria"), "-f", "csv"]
    quiet = publish(runner, *args)
    assert "Reading and rating the places" not in quiet.stderr  # not a terminal: no bar
    monkeypatch.setattr(progress, "stderr_is_terminal", lambda: True)
    shown = publish(runner, *args)
    assert "Reading and rating the places" not in shown.stderr  # a short run: no bar either
    monkeypatch.setattr(progress, "DELAY", 0.0)
    shown = publish(runner, *args)
    assert "Reading and rating the places" in shown.stderr  # "Lecture et notation des lieux" in French
    assert "Writing the publication" in shown.stderr
    assert "Lecture et notation des lieux" not in shown.stdout
    assert shown.stdout == quiet.stdout


def test_formats_are_plugins_listed_by_the_registry(registry):
    for name in FORMATS:
        assert "publish" in registry.formats[name].commands
    assert registry.format_for_extension("carte.geojson", "publish").name == "geojson"
    assert registry.format_for_extension("x.json", "publish").name == "json"


def test_same_bytes_whatever_the_hash_seed(tmp_path):
    """Two separate processes with different hash seeds write the same page."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"page-{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "tlcriteria.cli", "publish", *ARGS, "-o", str(target)],
            check=True,
            env=env,
            capture_output=True,
        )
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("fmt", ["md", "mediawiki", "csv", "json"])
def test_output_piped_to_a_reader_that_stops_is_not_blamed_on_the_format(fmt):
    """`publish … | head`: the reader leaves early; publish stops quietly, as every command does."""
    import os
    import subprocess
    import sys

    from .conftest import builtins_only_env

    env = {**os.environ, **builtins_only_env(), "LANGUAGE": "en"}
    command = [sys.executable, "-m", "tlcriteria.cli", "publish", *ARGS, "--format", fmt]
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # the reader is gone before anything is written
        errors = process.stderr.read().decode()
    assert process.returncode != 0
    assert "failed" not in errors and "Broken pipe" not in errors and "Traceback" not in errors, errors


def test_a_folder_that_does_not_exist_is_said_in_the_language_of_the_messages(runner, tmp_path):
    """The system's reason (its C library speaks English) is given in the messages' language."""
    target = str(tmp_path / "absent" / "notes.md")
    french = runner.invoke(main, ["--lang", "fr", "publish", *ARGS, "--format", "md", "-o", target])
    assert french.exit_code == 1
    assert f"{target} : écriture impossible : aucun fichier ou dossier de ce nom" in french.stderr
    english = runner.invoke(main, ["--lang", "en", "publish", *ARGS, "--format", "md", "-o", target])
    assert f"{target}: cannot write: No such file or directory" in english.stderr


def test_a_reason_the_project_does_not_translate_is_the_systems_own():
    import errno

    from tlcriteria.errors import os_reason
    from tlcriteria.i18n import speaking

    with speaking("fr"):
        assert (
            os_reason(OSError(errno.ENOENT, "whatever the system says"))
            == "aucun fichier ou dossier de ce nom"
        )
        assert os_reason(OSError(errno.ECONNRESET, "Connection reset by peer")) == "Connection reset by peer"
        assert os_reason(OSError("no errno at all")) == "no errno at all"


def test_publish_help_names_every_format_the_project_ships():
    """The --format help is written by hand (the help loads no library module): it must not
    forget a shipped format; a plugin's are listed by `tlcriteria plugins`."""
    import re

    from tlcriteria.cli.publish import publish as command
    from tlcriteria.registry import build_registry

    text = next(p.help for p in command.params if p.name == "format_name")
    shipped = [
        name
        for name, fmt in build_registry().formats.items()
        if "publish" in fmt.commands and type(fmt).__module__.startswith("tlcriteria.")
    ]
    assert shipped
    assert [name for name in shipped if not re.search(rf"\b{re.escape(name)}\b", text or "")] == []
