"""A place rated for none of its colleges is in no output: the same error whether the plugin
that rates its college is disabled or ships a set with errors (never dropped in silence by an
unattended publication)."""

from __future__ import annotations

import shutil

from markdown_it import MarkdownIt

from tlcriteria.cli import main

from .conftest import REPO
from .test_colleges_without_set import FABLAB_ONLY, places_copy


def fablab_with_an_error(plugin_env, tmp_path):
    """The network's four plugins, the fablab one reading a `criteria/fablab.toml` whose first
    criterion weighs -1 (an editable plugin reads its checkout's set, as ./dev.sh installs it)."""
    checkout = tmp_path / "checkout"
    shutil.copytree(REPO / "plugins" / "tlcriteria-fablab", checkout / "plugins" / "tlcriteria-fablab")
    (checkout / "criteria").mkdir()
    text = (REPO / "criteria" / "fablab.toml").read_text(encoding="utf-8")
    assert "\nweight = 1\n" in text
    (checkout / "criteria" / "fablab.toml").write_text(
        text.replace("\nweight = 1\n", "\nweight = -1\n", 1), encoding="utf-8"
    )
    for project in sorted((REPO / "plugins").iterdir()):
        if project.name != "tlcriteria-fablab" and (project / "pyproject.toml").is_file():
            plugin_env.add_project(project)
    plugin_env.add_project(checkout / "plugins" / "tlcriteria-fablab")


def refused(stderr: str, places) -> list[str]:
    """The files named as rated for nothing, in the order said."""
    said = "[place] colleges: no criteria set rates college 'fablab', the only college the place names"
    return [line.split(":", 1)[0] for line in stderr.splitlines() if said in line]


def published_names(markdown: str) -> set[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    cells = [t.children[0].content for t in tokens if t.type == "inline" and t.children]
    return set(cells)


def test_a_set_with_errors_refuses_its_only_places_as_a_disabled_plugin_does(runner, plugin_env, tmp_path):
    fablab_with_an_error(plugin_env, tmp_path)
    places = places_copy(tmp_path)
    broken = runner.invoke(main, ["publish", str(places), "--format", "md"])
    assert broken.exit_code == 1, broken.output
    assert "fab-acces-public" in broken.stderr and "weight: -1 is out of range" in broken.stderr
    assert sorted(refused(broken.stderr, places)) == [str(places / name) for name in FABLAB_ONLY]
    left_out = "tlcriteria: error: 3 place files left out because of their problems (see above)"
    assert broken.stderr.splitlines()[-1].startswith(left_out)
    # The others are published all the same, and the three are in no output.
    shown = published_names(broken.stdout)
    assert "La Halle Songeuse" in shown and "L'Établi Fictif" not in shown

    disabled = runner.invoke(
        main, ["--disable-plugin", "tlcriteria-fablab", "publish", str(places), "--format", "md"]
    )
    assert disabled.exit_code == 1, disabled.output
    assert sorted(refused(disabled.stderr, places)) == sorted(refused(broken.stderr, places))
    assert disabled.stderr.splitlines()[-1].startswith(left_out)

    kept_going = runner.invoke(main, ["publish", str(places), "--format", "md", "--keep-going"])
    assert kept_going.exit_code == 0 and kept_going.stdout == broken.stdout
