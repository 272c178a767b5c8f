"""A message naming places or files stays one readable line in a big network: the first
ten, then how many more (`i18n.listed(items, limit)`), in English and in French."""

from __future__ import annotations

from pathlib import Path

import pytest

from tlcriteria.cli import main
from tlcriteria.i18n import SHOWN

from .conftest import EXAMPLES

MISSING = 35  # places without coordinates: ten named, 25 counted


def network(folder: Path, count: int, *, same_id: bool = False) -> Path:
    """`count` places without coordinates made from a worked example, and one with them."""
    places = folder / "places"
    places.mkdir(parents=True)
    source = (EXAMPLES / "places" / "l-atelier-mobile.toml").read_text(encoding="utf-8")
    for i in range(count):
        place_id = "lieu-double" if same_id else f"lieu-{i:04d}"
        text = source.replace('"l-atelier-mobile"', f'"{place_id}"').replace(
            "L'Atelier Mobile", f"Lieu numéro {i:04d}"
        )
        (places / f"lieu-{i:04d}.toml").write_text(text, encoding="utf-8")
    drawn = EXAMPLES / "places" / "la-fabrique-exemple.toml"
    (places / drawn.name).write_text(drawn.read_text(encoding="utf-8"), encoding="utf-8")
    return places


def warnings(stderr: str, word: str) -> list[str]:
    return [line for line in stderr.splitlines() if word in line]


@pytest.mark.parametrize(
    "lang, head, more",
    [
        ("en", f"{MISSING} places without coordinates (lat, lon) left off the map: ", "and 25 more"),
        ("fr", f"{MISSING} lieux sans coordonnées (lat, lon) laissés hors de la carte : ", "et 25 autres"),
    ],
)
def test_publish_names_ten_places_without_coordinates_then_counts_the_others(
    runner, tmp_path, lang, head, more
):
    places = network(tmp_path, MISSING)
    result = runner.invoke(
        main,
        ["--lang", lang, "publish", str(places), "--criteria", str(EXAMPLES / "criteria"), "-f", "geojson"],
    )
    assert result.exit_code == 0, result.output
    [line] = warnings(result.stderr, head)
    named = ", ".join(f"lieu-{i:04d} (Lieu numéro {i:04d})" for i in range(SHOWN))
    assert line.endswith(head + named + " " + more)
    assert "lieu-0010" not in line


def test_publish_names_every_place_when_there_are_ten_or_fewer(runner, tmp_path):
    places = network(tmp_path, SHOWN)
    result = runner.invoke(
        main, ["publish", str(places), "--criteria", str(EXAMPLES / "criteria"), "-f", "geojson"]
    )
    assert result.exit_code == 0, result.output
    [line] = warnings(result.stderr, "without coordinates")
    assert line.endswith(", ".join(f"lieu-{i:04d} (Lieu numéro {i:04d})" for i in range(SHOWN)))
    assert "more" not in line


@pytest.mark.parametrize("lang, more", [("en", "and 4 more"), ("fr", "et 4 autres")])
def test_a_place_id_used_by_many_files_names_ten_of_the_others(runner, tmp_path, lang, more):
    places = network(tmp_path, SHOWN + 5, same_id=True)
    result = runner.invoke(main, ["--lang", lang, "check", str(EXAMPLES / "criteria"), str(places)])
    assert result.exit_code != 0
    lines = warnings(result.output, "'lieu-double'")
    assert len(lines) == SHOWN + 5  # one problem per file
    first = places / "lieu-0000.toml"
    [line] = [x for x in lines if x.startswith(f"{first}:")]
    others = ", ".join(str(places / f"lieu-{i:04d}.toml") for i in range(1, SHOWN + 1))
    assert others + " " + more in line
    assert "lieu-0011.toml" not in line


@pytest.mark.parametrize("lang, more", [("en", "and 26 more"), ("fr", "et 26 autres")])
def test_a_review_of_an_unknown_place_lists_ten_of_the_places(runner, tmp_path, lang, more):
    places = network(tmp_path, MISSING)
    review = tmp_path / "reviews" / "quai-inconnu" / "la-fabrique-exemple.toml"
    review.parent.mkdir(parents=True)
    review.write_text(
        '[review]\nplace = "quai-inconnu"\nreviewer = "la-fabrique-exemple"\ndate = 2026-01-02\n'
    )
    args = [
        "--lang",
        lang,
        "check",
        str(places),
        str(tmp_path / "reviews"),
        "--criteria",
        str(EXAMPLES / "criteria"),
    ]
    result = runner.invoke(main, args)
    assert result.exit_code == 0  # a warning: a review of a place that left the network does not count
    [line] = warnings(result.stderr, "'quai-inconnu'")
    known = ", ".join(["la-fabrique-exemple", *(f"lieu-{i:04d}" for i in range(SHOWN - 1))])
    assert line.startswith(f"{review}: {'line' if lang == 'en' else 'ligne'} 2, [review], place: ")
    assert line.endswith(f"{known} {more})")
