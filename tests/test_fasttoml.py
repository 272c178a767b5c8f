"""The fast reader of plain TOML agrees with tomllib, or steps aside."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tlcriteria import fasttoml

from .conftest import EXAMPLES


def same(a, b) -> bool:
    """Equal and of the same types all the way down (True == 1 == Decimal(1) otherwise)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Decimal):
        return str(a) == str(b)
    return a == b


def check(text: str) -> None:
    fast = fasttoml.loads(text)
    if fast is None:
        return  # tomllib reads it (or reports the error)
    assert same(fast, tomllib.loads(text, parse_float=Decimal)), text


def test_examples_and_their_reading():
    for path in EXAMPLES.rglob("*.toml"):
        check(path.read_text(encoding="utf-8"))
    place = (EXAMPLES / "places" / "la-fabrique-exemple.toml").read_text(encoding="utf-8")
    assert fasttoml.loads(place) is not None, "plain place files take the fast path"


keys = st.sampled_from(["a", "b", "id", "true", "x-1", "k_2", "12", "clé", "a.b", '"q"', ""])
atoms = st.one_of(
    st.sampled_from(
        [
            "true",
            "false",
            "0",
            "-0",
            "+1",
            "42",
            "007",
            "1_000",
            "3.25",
            "-0.0",
            "+0.5",
            "1.",
            ".5",
            "1e3",
            "inf",
            "nan",
            "0x1F",
            "1979-05-27",
            '"text"',
            '"é # not a comment"',
            "'literal'",
            '"with \\" escape"',
            '""',
            '"tab\there"',
            "truex",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8).map(lambda t: f'"{t}"'),
)
values = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + ",]"),
        st.lists(st.tuples(keys, inner), max_size=3).map(
            lambda kv: "{ " + ", ".join(f"{k} = {v}" for k, v in kv) + " }"
        ),
        st.lists(st.tuples(keys, inner), min_size=1, max_size=2).map(
            lambda kv: "{" + ", ".join(f"{k}={v}" for k, v in kv) + ",}"
        ),
    ),
    max_leaves=6,
)
lines = st.one_of(
    st.tuples(keys, values, st.sampled_from(["", " # note", "\t#", " x"])).map(
        lambda t: f"{t[0]} = {t[1]}{t[2]}"
    ),
    st.sampled_from(
        [
            "[place]",
            "[answers]",
            "[ contact ]",
            "[[criteria]]",
            "[a.b]",
            "",
            "# comment",
            "  ",
            "[place",
        ]
    ),
    st.text(max_size=6),
)


@settings(max_examples=400)
@given(st.lists(lines, max_size=8), st.sampled_from(["\n", "\r\n"]))
def test_fast_reader_agrees_with_tomllib(document, newline):
    text = newline.join(document) + newline
    try:
        expected = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError:
        assert fasttoml.loads(text) is None, text
        return
    fast = fasttoml.loads(text)
    assert fast is None or same(fast, expected), text


def test_synthetic_place_shapes(tmp_path: Path):
    text = (
        '[place]\nid = "lieu-00001"\ncolleges = ["fablab", "coworking"]\nlat = 49.123456\n\n'
        '[answers]\na = { value = 3, justification = "Décidé en assemblée" }\n'
        'b = { na = true }\nc = ["opt1", "opt2"]\nd = 12.50\ne = false\n'
    )
    fast = fasttoml.loads(text)
    assert fast is not None and same(fast, tomllib.loads(text, parse_float=Decimal))


PLACE = (EXAMPLES / "places" / "la-fabrique-exemple.toml").read_text(encoding="utf-8")


@settings(max_examples=400)
@given(
    st.integers(min_value=0, max_value=len(PLACE)),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(
        [
            "",
            "=",
            "[",
            "]",
            "{",
            "}",
            ",",
            '"',
            "'",
            "#",
            "\\",
            ".",
            "\n",
            " ",
            "\t",
            "x",
            "1",
            "\x01",
        ]
    ),
)
def test_damaged_place_files(position, cut, insert):
    text = PLACE[:position] + insert + PLACE[position + cut :]
    try:
        expected = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError:
        assert fasttoml.loads(text) is None, text
        return
    fast = fasttoml.loads(text)
    assert fast is None or same(fast, expected), text
