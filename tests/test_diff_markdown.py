"""`diff --format md` writes member text as text: the Markdown of a merge request cannot be
given links, emphasis, code or HTML by a place's name, nor by a folder's.

Escaped by the one function `publish --format md` uses (`formats.markdown.escape_cell`);
ids and labels in code spans, where nothing is read as Markdown.
"""

from __future__ import annotations

import shutil

import html5lib
from markdown_it import MarkdownIt

from tlcriteria.cli import main
from tlcriteria.formats.markdown import escape_cell

from .test_diff import edit, repo  # noqa: F401  (the fixture)

HOSTILE_NAME = (
    "A | B *g* `c` [x](javascript:alert(1)) <img src=x> _s_ &amp; ~b~ $x$ "
    "https://evil.example www.evil.example a@evil.fr"
)
DIFF = ["--lang", "fr", "diff", "git:HEAD~1:criteria", "git:HEAD:criteria", "--places", "places", "-f", "md"]


def rendered(markdown: str):
    """The Markdown as GitHub would render it (CommonMark and tables), parsed as HTML."""
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    return html5lib.parse(html, namespaceHTMLElements=False)


def test_a_hostile_place_name_stays_text(runner, repo):  # noqa: F811
    edit(
        repo / "places" / "la-fabrique-exemple.toml",
        'name = "La Fabrique d\'Exemple"',
        f'name = "{HOSTILE_NAME}"',
    )
    md = runner.invoke(main, DIFF)
    assert md.exit_code == 0, md.output
    # The same escaping as publish's md table, in the row of the place that moves.
    assert f"| {escape_cell(HOSTILE_NAME)} (`la-fabrique-exemple`) | tiers-lieu | A → B |" in md.stdout
    document = rendered(md.stdout)
    cell = next(td for td in document.iter("td") if "la-fabrique-exemple" in "".join(td.itertext()))
    assert "".join(cell.itertext()) == f"{HOSTILE_NAME} (la-fabrique-exemple)"
    assert [element.tag for element in cell.iter()] == ["td", "code"]  # the id's code span, nothing else
    assert not list(document.iter("a")) and not list(document.iter("img")) and not list(document.iter("em"))
    # Every row of the moves table has its five cells: the name's « | » closes none.
    moves = next(
        table for table in document.iter("table") if "la-fabrique-exemple" in "".join(table.itertext())
    )
    assert {len(list(tr)) for tr in moves.iter("tr")} == {5}


def test_folder_names_stay_text_in_the_heading(runner, tmp_path):
    """OLD and NEW as typed: in code spans, however many backticks they hold."""
    from .conftest import EXAMPLES

    old, new = tmp_path / "v1 `x` *y*", tmp_path / "``v2``"
    shutil.copytree(EXAMPLES / "criteria", old)
    shutil.copytree(EXAMPLES / "criteria", new)
    edit(new / "tiers-lieu.toml", 'grade = "A"\nmin_percent = 80', 'grade = "A"\nmin_percent = 85')
    md = runner.invoke(main, ["--lang", "fr", "diff", str(old), str(new), "-f", "md"])
    assert md.exit_code == 0, md.output
    heading = next(rendered(md.stdout).iter("h2"))
    assert [c.text for c in heading.iter("code")] == [str(old), f" {new} ".strip()]
    assert not list(heading.iter("em"))
    # A change's text is escaped too: min_percent keeps its underscore as text.
    cells = ["".join(td.itertext()) for td in rendered(md.stdout).iter("td")]
    assert "note A : min_percent 80 → 85" in cells
