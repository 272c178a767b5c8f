"""The publication date is written one way in every page: the long date of the language
(« 1 décembre 2026 », "1 December 2026"), in the html page and in the site's footer alike."""

from __future__ import annotations

import datetime as dt

import html5lib
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tlcriteria.cli import main
from tlcriteria.dates import long_date

from .site_network import REPO, make_network


def text(path) -> str:
    tree = html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    return " ".join("".join(tree.itertext()).split())


@pytest.mark.parametrize(
    ("lang", "site_says"),
    [("fr", "Publié le 1 décembre 2026 par"), ("en", "Published on 1 December 2026 by")],
)
def test_the_html_page_and_the_site_write_the_same_date(tmp_path, lang, site_says):
    places = make_network(tmp_path, fillers=0)
    page, site = tmp_path / "ex.html", tmp_path / "site"
    common = ["--lang", lang, "publish", str(places), "--criteria", str(REPO / "criteria")]
    for output, extra in ((page, []), (site, ["--format", "site"])):
        result = CliRunner().invoke(main, [*common, *extra, "--date", "2026-12-01", "-o", str(output)])
        assert result.exit_code == 0, result.output
    assert "Publié le 1 décembre 2026 ·" in text(page)  # the html page is French, whatever --lang says
    for shown in ("index.html", "carte/index.html", "lieux/la-halle-songeuse/index.html"):
        assert site_says in text(site / shown), shown
        assert "2026-12-01 by" not in text(site / shown) and "2026-12-01 par" not in text(site / shown)


ENGLISH = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
FRENCH = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


@given(st.dates(min_value=dt.date(1, 1, 1)))
def test_a_long_date_names_the_day_month_and_year(day):
    french = long_date(day.isoformat(), "fr").split(" ")
    english = long_date(day.isoformat(), "en").split(" ")
    assert french[0] == english[0] == str(day.day) and french[2] == english[2] == str(day.year)
    assert english[1] == ENGLISH[day.month - 1] and french[1] == FRENCH[day.month - 1]


@pytest.mark.parametrize("written", ["", "bientôt", "2026-13-01"])
def test_what_is_no_date_is_written_as_given(written):
    assert long_date(written, "fr") == written
