"""What the outputs call things: themes and colleges by their titles (in English with --lang en),
one wording of a rating's verification in every output, and no live link in a Markdown cell."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tlcriteria.cli import main
from tlcriteria.formats.markdown import escape_cell

from .publishing import read_md
from .site_network import REPO, hostile_place

NORMANDIE = REPO / "examples" / "normandie"
HALLE = NORMANDIE / "places" / "la-halle-songeuse.toml"
CRITERIA = ["--criteria", str(REPO / "criteria")]


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_score_names_themes_by_their_titles_in_each_language():
    english = run("--lang", "en", "score", str(HALLE), *CRITERIA)
    french = run("score", str(HALLE), *CRITERIA)
    # coworking's own themes, and those of communs, which it extends
    assert "  themes: Activities 91.6%, Working comfort 100.0%, Governance 87.5%," in english
    assert "  thèmes : Activités 91,6 %, Confort de travail 100,0 %, Gouvernance 87,5 %," in french
    assert not re.search(r"themes:.*\b(activites|gouvernance|confort)\b", english)


def test_a_theme_no_set_titles_is_named_by_its_id(tmp_path):
    criteria = tmp_path / "criteria"
    shutil.copytree(REPO / "criteria", criteria)
    communs = criteria / "communs.toml"
    text = communs.read_text(encoding="utf-8")
    communs.write_text(
        text.replace('gouvernance = { title = "Gouvernance", title_en = "Governance" }\n', ""),
        encoding="utf-8",
    )
    english = run("--lang", "en", "score", str(HALLE), "--criteria", str(criteria))
    assert "Activities 91.6%" in english and "gouvernance 87.5%" in english


def site(tmp_path: Path, *lang: str) -> Path:
    target = tmp_path / "site"
    run(
        *lang,
        "publish",
        str(NORMANDIE),
        "--format",
        "site",
        "--date",
        "2026-12-01",
        *CRITERIA,
        "-o",
        str(target),
    )
    return target


def page_text(path: Path) -> str:
    return re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))


def test_the_english_site_names_colleges_by_their_sets_english_titles(tmp_path):
    public = site(tmp_path, "--lang", "en")
    place = (public / "lieux" / "la-halle-songeuse" / "index.html").read_text(encoding="utf-8")
    assert "<dd>Tiers-lieux college, Coworking college, Fab lab college</dd>" in place
    assert "<caption>Coworking college: every criterion</caption>" in place
    college = (public / "colleges" / "fablab" / "index.html").read_text(encoding="utf-8")
    assert "Fab lab college: places by grade" in college
    index = (public / "index.html").read_text(encoding="utf-8")
    assert '<option value="0">Coworking college</option>' in index
    for page in (place, college, index):
        assert not re.search(r"[Cc]olleges? (tiers-lieu|coworking|fablab)\b", page)


def test_the_french_site_names_colleges_by_their_sets_titles(tmp_path):
    public = site(tmp_path)
    place = (public / "lieux" / "la-halle-songeuse" / "index.html").read_text(encoding="utf-8")
    assert "<dd>Collège tiers-lieux, Collège coworking, Collège fablab</dd>" in place
    assert "<caption>Collège coworking : tous les critères</caption>" in place
    college = page_text(public / "colleges" / "tiers-lieu" / "index.html")
    assert "Collège tiers-lieux : lieux par note" in college
    assert "du collège tiers-lieu" not in place + college


def test_every_output_words_a_ratings_verification_alike(tmp_path):
    network = NORMANDIE  # with its peer reviews: La Halle Songeuse is verified by 2 peers
    md = run("publish", str(network), "--format", "md", *CRITERIA)
    csv = run("publish", str(network), "--format", "csv", *CRITERIA)
    table = run("score", str(network / "places"), str(network / "reviews"), *CRITERIA)
    public = site(tmp_path, "--lang", "fr")
    halle = page_text(public / "lieux" / "la-halle-songeuse" / "index.html")
    options = (public / "index.html").read_text(encoding="utf-8")
    for output in (md, csv, table, halle):
        assert "vérifiée par 2 pairs" in output
    assert "vérifiée par des pairs" in options  # the filter: no count to give
    assert "vérifiée par des pairs" not in halle
    etabli = page_text(public / "lieux" / "l-etabli-fictif" / "index.html")  # a peer disputes one answer
    for output in (md, csv, table, etabli, options):
        assert "contestée par un pair" in output
    assert "[contesté par un pair]" in table  # the criterion's verdict: un critère
    assert "contesté par un pair" in etabli  # the site's criteria table says it too
    for output in (md, csv, etabli.replace("contesté par un pair", ""), options):
        assert "contesté " not in output


def test_a_disputed_rating_is_feminine_everywhere(tmp_path):
    """« contestée par un pair », as « vérifiée »; a criterion's verdict stays « contesté »."""
    from tlcriteria.i18n import speaking
    from tlcriteria.publish import verification_label, verification_text

    with speaking("fr"):
        assert verification_text("disputed", 1) == "contestée par un pair"
        assert verification_text("verified", 1) == "vérifiée par 1 pair"
        assert verification_text("self", 0) == "auto-évaluation"
    with speaking("en"):
        assert verification_text("disputed", 1) == "disputed in a peer review"
        assert verification_text("verified", 3) == "verified by 3 peers"
        assert verification_label("verified", 3) == "vérifiée par 3 pairs"  # the public table: French


# ------------------------------------------------------------------ Markdown: no autolink

#: What GitHub-flavoured Markdown links without brackets (its "extended autolinks"), as a text
#: node a parser hands to the autolink step holds them.
GFM_AUTOLINK = re.compile(r"(?i)(?:https?|ftp)://|www\.|[a-z0-9._+-]@[a-z0-9_-]")


def text_nodes(markdown: str) -> list[str]:
    """Each piece of text a CommonMark parser leaves for GFM's autolink step: an escaped
    character is a text of its own (markdown-it joins them only at its last step)."""
    parser = MarkdownIt("commonmark").enable("table")
    parser.disable("text_join")
    texts = []
    for token in parser.parse(markdown):
        for child in token.children or ():
            if child.type == "text":
                texts.append(child.content)
    return texts


ADDRESSES = st.sampled_from(
    [
        "https://evil.example/phish",
        "http://x.org",
        "HTTPS://X.ORG",
        "ftp://f.example",
        "www.evil.example",
        "WWW.evil.example",
        "contact@evil.example",
        "mailto:a@b.example",
        "https://www.x.example",
    ]
)


@given(
    before=st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=6),
    address=ADDRESSES,
    after=st.text(max_size=4),
)
def test_an_escaped_cell_holds_no_address_a_gfm_reader_would_link(before, address, after):
    cell = escape_cell(before + address + after)
    assert not any(GFM_AUTOLINK.search(t) for t in text_nodes(f"| a |\n| --- |\n| {cell} |\n"))


def test_publish_md_writes_a_web_address_in_a_name_as_text(tmp_path):
    places = tmp_path / "places"
    places.mkdir()
    name = "La Ruche https://evil.example/phish www.evil.example contact@evil.example"
    hostile_place(places, "phishing", name, "Lisieux")
    run("check", str(places), *CRITERIA)
    md = run("publish", str(places), "--format", "md", *CRITERIA)
    assert "https://evil" not in md and "www.evil" not in md and "contact@evil" not in md
    assert read_md(md)[1][0] == name  # read as the name, every character as written
    assert not any(GFM_AUTOLINK.search(t) for t in text_nodes(md))
