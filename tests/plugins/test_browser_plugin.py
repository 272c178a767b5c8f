"""The example plugin on the site's self-assessment page: its kind and scheme travel in the bundle."""

from __future__ import annotations

import io
import json
import zipfile

from tlcriteria.cli import main
from tlcriteria.formats.site.bundle import build_bundle

from ..test_browser_api import run_unpacked, shown
from .conftest import EXAMPLE_PLUGIN


def test_the_example_plugin_works_on_the_page(example_plugin, tmp_path, runner):
    """A third-party kind and scheme (tests/plugins/example-plugin) travel in the bundle and answer."""
    from tlcriteria.registry import build_registry

    registry = build_registry()
    data = build_bundle(registry).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    assert "tlcriteria_example/__init__.py" in names
    assert any(
        n.endswith(".dist-info/entry_points.txt") and n.startswith("tlcriteria_example") for n in names
    )
    demo = (EXAMPLE_PLUGIN / "demo" / "la-ressourcerie-inventee.toml").read_text("utf-8")
    replies = run_unpacked(
        tmp_path,
        data,
        [
            {"op": "start", "root": str(tmp_path / "bundle"), "language": "en"},
            {"op": "open", "text": demo, "name": "la-ressourcerie-inventee.toml"},
        ],
    )
    state = replies[-1]["state"]
    assert replies[-1]["error"] is None
    kinds = {q["control"]["control"] for q in state["questions"]}
    assert "text" in kinds  # the plugin's `percentage` kind, through the default control
    result = runner.invoke(
        main, ["score", str(EXAMPLE_PLUGIN / "demo" / "la-ressourcerie-inventee.toml"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert shown(json.loads(result.stdout)) == [
        (r["set"], r["grade"], None if r["percent"] is None else str(r["percent"])) for r in state["ratings"]
    ]
    percentage = next(q for q in state["questions"] if q["control"]["control"] == "text")
    replies = run_unpacked(
        tmp_path / "again",
        data,
        [
            {"op": "start", "root": str(tmp_path / "again" / "bundle"), "language": "en"},
            {"op": "open", "text": demo, "name": "x.toml"},
            {"op": "answer", "criterion": percentage["id"], "text": "-5"},
        ],
    )
    assert replies[-1]["error"]  # refused by the plugin's own check, as the questionnaire would
    assert "-5 is not between 0 and 100" in json.dumps(replies[-1]["error"], ensure_ascii=False)
    # The page in French: the plugin answers in French there too (i18n.by_language in the bundle).
    replies = run_unpacked(
        tmp_path / "french",
        data,
        [
            {"op": "start", "root": str(tmp_path / "french" / "bundle"), "language": "fr"},
            {"op": "open", "text": demo, "name": "x.toml"},
            {"op": "answer", "criterion": percentage["id"], "text": "-5"},
        ],
    )
    assert "-5 n’est pas entre 0 et 100" in json.dumps(replies[-1]["error"], ensure_ascii=False)


def test_a_plugin_with_compiled_code_is_left_out_of_the_page_with_a_notice(plugin_env):
    from tlcriteria.registry import build_registry

    package = plugin_env.add(
        "compiled", "from tlcriteria import hookimpl\n", files={"_speed.so": "not really"}
    )
    bundle = build_bundle(build_registry())
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as archive:
        names = archive.namelist()
    assert not any(n.startswith(package) for n in names)
    assert bundle.notices == (
        f"plugin 'tlc-test-compiled' is left out of the self-assessment page: it has compiled code "
        f"({package}/_speed.so), which cannot run in a browser",
    )


def test_publish_says_which_plugin_the_page_leaves_out(plugin_env, runner, tmp_path):
    from ..test_browser_api import NETWORK

    plugin_env.add("compiled", "from tlcriteria import hookimpl\n", files={"_speed.so": "not really"})
    places = NETWORK.parent / "examples" / "normandie" / "places"
    result = runner.invoke(
        main,
        [
            "publish",
            str(places),
            "--criteria",
            str(NETWORK),
            "--format",
            "site",
            "-o",
            str(tmp_path / "site"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "plugin 'tlc-test-compiled' is left out of the self-assessment page" in result.stderr
    assert (tmp_path / "site" / "auto-evaluation" / "tlcriteria.zip").is_file()
