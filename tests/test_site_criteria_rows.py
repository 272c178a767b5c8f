"""A place's page and JSON show its own answers whatever places came before it.

The site makes a criterion's row once per outcome and value and keeps it for the next places
(`formats/site/criteria_rows.py`): values equal but written differently (`3`, `3.0`, `true`),
lists of the same options in another order, answers with and without evidence must never
get another place's row. Published in two orders, every page and JSON file is the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .site_network import publish_site

OPTIONS = ["usage", "action", "pratique", "expression"]
#: Values of `pluralite-activites` (a number) that are equal or near, written as TOML writes them.
COUNTS = ["3", "3.0", "3.00", "1", "0", "2.5", "2.50", "8"]
EVIDENCE = [
    '{ value = true, justification = "Comptes affichés" }',
    "true",
    "false",
    '{ value = false, url = "https://x.example/p" }',
]

answers = st.fixed_dictionaries(
    {
        "liberte-usagers": st.lists(st.sampled_from(OPTIONS), unique=True, max_size=4).map(json.dumps),
        "pluralite-activites": st.sampled_from(COUNTS),
        "transparence-financiere": st.sampled_from(
            [*EVIDENCE, '{ na = true, justification = "Premier exercice" }']
        ),
        "un-lieu": st.sampled_from(
            ['"unique"', '"aucun"', '{ value = "unique", url = "https://x.example/lieu" }']
        ),
    }
)


def write_places(folder: Path, places: list[dict[str, str]], reverse: bool) -> None:
    """The places under file names that sort them in the given order or its reverse."""
    folder.mkdir()
    for number, written in enumerate(places):
        order = len(places) - number if reverse else number
        lines = "".join(f"{key} = {value}\n" for key, value in written.items() if value != "[]")
        (folder / f"{order:02d}.toml").write_text(
            f'[place]\nid = "lieu-{number}"\nname = "Lieu {number}"\ntown = "Caen"\nstage = "existing"\n'
            f'colleges = ["tiers-lieu"]\n\n[answers]\n{lines}',
            encoding="utf-8",
        )


def own_files(site: Path) -> dict[str, bytes]:
    """Each place's page and JSON document."""
    files = [*site.glob("lieux/*/index.html"), *site.glob("api/places/*.json")]
    return {str(path.relative_to(site)): path.read_bytes() for path in files}


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(places=st.lists(answers, min_size=2, max_size=5))
def test_a_place_shows_its_own_answers_whatever_came_before(
    tmp_path_factory: pytest.TempPathFactory, places: list[dict[str, str]]
) -> None:
    root = tmp_path_factory.mktemp("rows")
    sites = []
    for reverse in (False, True):
        folder = root / f"places-{reverse}"
        write_places(folder, places, reverse)
        publish_site(folder, root / f"site-{reverse}")
        sites.append(own_files(root / f"site-{reverse}"))
    assert len(sites[0]) == 2 * len(places)
    assert sites[0] == sites[1]
