"""Property: two hands edit one place file from the same content; the merge loses nothing.

Random place files, random session edits (through `PlaceFile`, as the
questionnaire makes them) and random edits by another hand (written to disk,
with a comment line) between reading and saving.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import given, settings
from hypothesis import strategies as st

from tlcriteria import tomledit
from tlcriteria.assess.store import Conflict, PlaceFile, dumps

KEYS = [("answers", k) for k in ("a", "b", "c", "d")] + [("place", k) for k in ("town", "website")]
VALUES = st.one_of(
    st.integers(0, 9),
    st.booleans(),
    st.sampled_from(["x", "y", "Caen", "l'été"]),
    st.lists(st.sampled_from(["wiki", "carto"]), max_size=2, unique=True),
    st.builds(
        lambda v, j: {"value": v, "justification": j}, st.integers(0, 4), st.sampled_from(["ok ok", "vu"])
    ),
)
EDITS = st.dictionaries(st.sampled_from(KEYS), st.one_of(VALUES, st.just(tomledit.DELETED)), max_size=4)
START = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=5)


def content(start: dict) -> dict:
    data: dict = {"place": {"id": "p", "name": "P"}, "answers": {}}
    for (table, key), value in start.items():
        data[table][key] = value
    return data


def value_at(data: dict, table: str, key: str):
    return data.get(table, {}).get(key, tomledit.DELETED)


def same(one, other) -> bool:
    return type(one) is type(other) and one == other


@settings(max_examples=150, deadline=None)
@given(START, EDITS, EDITS)
def test_every_change_of_either_side_is_kept_unless_both_changed_it(start, mine, theirs) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "p.toml"
        original = content(start)
        path.write_text("# écrite à la main\n" + dumps(original), "utf-8")
        store = PlaceFile.open(path)
        for (table, key), value in mine.items():
            if value is tomledit.DELETED:
                store.table(table).pop(key, None)
            else:
                store.table(table)[key] = value
        other = tomledit.apply(path.read_text("utf-8"), dict(theirs)) + "# ajoutée par l'autre\n"
        path.write_text(other, "utf-8")

        def changed(edits: dict, table: str, key: str) -> bool:
            return (table, key) in edits and not same(edits[(table, key)], value_at(original, table, key))

        both = [
            (t, k)
            for t, k in KEYS
            if changed(mine, t, k) and changed(theirs, t, k) and not same(mine[(t, k)], theirs[(t, k)])
        ]
        try:
            store.save()
        except Conflict as exc:
            assert both, "a conflict where the two sides did not change the same key"
            assert path.read_text("utf-8") == other  # the file as the other left it
            kept = tomllib.loads(exc.conflict_file.read_text("utf-8"), parse_float=Decimal)
            for table, key in both:
                assert same(value_at(kept, table, key), mine[(table, key)])
            return
        assert not both
        merged = tomllib.loads(path.read_text("utf-8"), parse_float=Decimal)
        text = path.read_text("utf-8")
        assert "# écrite à la main\n" in text and "# ajoutée par l'autre\n" in text
        for table, key in KEYS:
            if changed(mine, table, key):
                assert same(value_at(merged, table, key), mine[(table, key)]), (table, key)
            elif changed(theirs, table, key):
                assert same(value_at(merged, table, key), theirs[(table, key)]), (table, key)
            else:
                assert same(value_at(merged, table, key), value_at(original, table, key)), (table, key)
