"""The grade filters list a plugin scheme's grades in its order (`grade_order`), best first,
in the html page as in the site, `summary` and `diff`: never by name."""

from __future__ import annotations

import html5lib

from tlcriteria.cli import main

from .test_openssf_badge import BADGE, openssf_plugin  # noqa: F401 (the fixture)


def grade_filter(path) -> list[str]:
    tree = html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    select = tree.find(".//select[@id='f-grade']")
    return [o.get("value") for o in select.iterfind("option") if o.get("value")]


def test_the_html_page_and_the_site_list_the_grades_in_the_schemes_order(
    runner,
    openssf_plugin,  # noqa: F811
    tmp_path,
):
    page, site = tmp_path / "ex.html", tmp_path / "site"
    for output, extra in ((page, []), (site, ["--format", "site"])):
        args = ["publish", str(BADGE / "places"), *extra, "-o", str(output), "--date", "2026-12-01"]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
    assert grade_filter(page) == ["gold", "silver", "passing", "in_progress"]
    assert grade_filter(page) == grade_filter(site / "index.html")
    # `summary` counts them in the same order.
    summary = runner.invoke(main, ["publish", str(BADGE / "places"), "--format", "summary"]).stdout
    counted = [g for g in summary.split() if g.rstrip(":") in ("gold", "silver", "passing", "in_progress")]
    assert [g.rstrip(":") for g in counted] == grade_filter(page)
