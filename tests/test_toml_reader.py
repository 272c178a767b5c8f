"""The compiled TOML reader (toml_rs) reads exactly what tomllib reads, as tomllib reads it.

Every file goes through `parse_toml`: what tomllib accepts must come back
equal (types included, decimals as the `Decimal` of the text written), and
what tomllib refuses must be refused with tomllib's located message.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
import toml_rs
from hypothesis import given, settings
from hypothesis import strategies as st

from tlcriteria import documents
from tlcriteria.documents import TOML_VERSION, Locator, parse_toml

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
    """`parse_toml` agrees with tomllib on `text`, in what it reads and what it refuses."""
    try:
        expected = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        data, problems = parse_toml(text, "f.toml")
        assert data is None, text
        assert len(problems) == 1 and problems[0].path == "f.toml", text
        # tomllib's position, in the user's language: "line L, column C".
        position = str(exc).rpartition("(at line ")[2].rstrip(")")
        numbers = [n for n in position.replace(",", " ").split() if n.isdigit()]
        assert [n for n in problems[0].where.replace(",", " ").split() if n.isdigit()] == numbers, text
        return
    data, problems = parse_toml(text, "f.toml")
    assert problems == [] and same(data, expected), text


def test_examples_and_their_reading():
    for path in EXAMPLES.rglob("*.toml"):
        check(path.read_text(encoding="utf-8"))
    place = (EXAMPLES / "places" / "la-fabrique-exemple.toml").read_text(encoding="utf-8")
    # Place files take the compiled path: it reads them alone, in TOML 1.0.
    assert same(
        toml_rs.loads(place, parse_float=Decimal, toml_version=TOML_VERSION), parse_toml(place, "p")[0]
    )


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


@settings(max_examples=400, deadline=None)
@given(st.lists(lines, max_size=8), st.sampled_from(["\n", "\r\n"]))
def test_reader_agrees_with_tomllib(document, newline):
    check(newline.join(document) + newline)


def test_synthetic_place_shapes(tmp_path: Path):
    text = (
        '[place]\nid = "lieu-00001"\ncolleges = ["fablab", "coworking"]\nlat = 49.123456\n\n'
        '[answers]\na = { value = 3, justification = "Décidé en assemblée" }\n'
        'b = { na = true }\nc = ["opt1", "opt2"]\nd = 12.50\ne = false\n'
    )
    check(text)


PLACE = (EXAMPLES / "places" / "la-fabrique-exemple.toml").read_text(encoding="utf-8")


@settings(max_examples=400, deadline=None)
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
    check(PLACE[:position] + insert + PLACE[position + cut :])


def test_locator_finds_keys_by_their_positions():
    text = (
        '# a set\n[set]\nid = "s"\n\n[[criteria]]\nid = "a"\n'
        '[[criteria]]\n"title" = "t"\n  id = "b"\n[ answers ]  # note\nx.y = 1\nz = { value = 2 }\n'
    )
    locator = Locator(text)
    assert locator.table("set") == 2
    assert locator.table("criteria") == 5 and locator.table("criteria", 1) == 7
    assert locator.table("criteria", 2) is None and locator.table("place") is None
    assert locator.key("id", 2) == 3
    assert locator.key("id", 5) == 6 and locator.key("id", 7) == 9
    assert locator.key("title", 7) == 8  # written quoted
    assert locator.table("answers") == 10
    assert locator.key("x", 10) == 11 and locator.key("z", 10) == 12
    assert locator.key("nope", 10) is None and locator.key("id", None) is None


def test_locator_says_nothing_on_a_file_it_cannot_read():
    locator = Locator("[place]\nid = 1\nid = 2\n")
    assert locator.table("place") == 1
    assert locator.key("id", 1) is None


_spaces = st.sampled_from(["", " ", "\t", "  "])
_ways = st.sampled_from(["{}", '"{}"', "'{}'"])  # bare, quoted, literal


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_spaces, _ways, _spaces), min_size=1, max_size=3), _spaces, st.booleans())
def test_locator_finds_a_header_however_it_is_written(parts, inner, array):
    """`[a.b]`, `[ "a" . 'b' ]`, `[["a"]]`…: the same table, the same line, the same keys' lines."""
    names = [f"t{i}" for i in range(len(parts))]
    written = ".".join(
        f"{before}{way.format(n)}{after}" for (before, way, after), n in zip(parts, names, strict=True)
    )
    bracket, close = ("[[", "]]") if array else ("[", "]")
    text = f"# a file\nfirst = 1\n\n{bracket}{inner}{written}{inner}{close}  # note\nsecond = 2\n"
    assert tomllib.loads(text)  # valid TOML, as a person may write it
    locator = Locator(text)
    assert locator.table(".".join(names)) == 4
    assert locator.key("second", 4) == 5


@pytest.mark.parametrize("with_toml_rs", [True, False])
def test_locator_finds_the_tables_of_an_array_written_inline(monkeypatch, with_toml_rs):
    """`grades = [{…}, {…}]` has no [[grades]] header: each element's own line, or (without
    toml_rs, as in the browser) the line of `grades =`."""
    monkeypatch.setattr(documents, "HAS_TOML_RS", with_toml_rs)
    text = '# a set\ngrades = [\n  { grade = "A" },\n  { grade = "B" },\n]\n\n[set]\nid = "x"\n'
    locator = Locator(text)
    assert locator.item("grades", 0) == (3 if with_toml_rs else 2)
    assert locator.item("grades", 1) == (4 if with_toml_rs else 2)
    assert locator.item("criteria", 0) is None
    headers = Locator('[set]\nid = "x"\n\n[[grades]]\ngrade = "A"\n[[ "grades" ]]\ngrade = "B"\n')
    assert headers.item("grades", 0) == 4 and headers.item("grades", 1) == 6


# Pieces of a place file that could mislead a scan of its lines: multi-line strings holding
# header or key lines, an array of arrays holding ["place"], comments (in arrays too), quoted
# keys, headers written otherwise, subtables.
_BEFORE = st.sampled_from(
    [
        "",
        "# [place]\n# id = 'x'\n",
        '\n  # a comment with """\n',
        'note = """\n[place]\nid = "faux"\n"""\n',
        "note = '''\nid = 'faux'\n'''\n",
        'grid = [\n  ["place"]\n]\n',
        'grid = [\n  ["place"],\n]\n',
        "a = [1]  # [place]\n",
        "[other]\nid = 'other'\n",
        "[[place.x]]\n",
    ]
)
_IN_PLACE = st.sampled_from(
    [
        "",
        'name = "Lieu"\n',
        'description = """\nid = "faux"\n"""\n',
        "# id = 'comment'\n",
        'name = "a \\"\\"\\" b"\n',
        "x = [\n[1]\n]\n",
        "x = [\n# id = 1\n 2 ]\n",
        "n = 'a'  # '''\n",
        "\n",
        "[place.sub]\nx = 1\n",
    ]
)
_ID = st.sampled_from(['id = "p"\n', '"id" = "p"\n', "  'id'\t= 'p'  # the id\n", 'id = """p"""\n', ""])
_PLACE_HEADER = st.sampled_from(
    ["[place]", '["place"]', "[ place ]  # the place", "  [place]", "\t[ 'place' ] # [x]", "[[place]]"]
)
_AFTER = st.sampled_from(
    ["", "[place.contact]\nid = 'contact'\n", "[answers]\nid = 1\n", 'x = """\n[set]\n"""\n']
)


@settings(max_examples=300, deadline=None)
@given(_BEFORE, _PLACE_HEADER, _IN_PLACE, _ID, _IN_PLACE, _AFTER, st.booleans())
def test_the_cheap_key_line_is_the_locators(before, header, head, id_line, tail, after, crlf):
    """`key_in_cheaply` (asked of every file by the worker pool) gives `key_in`'s line, whatever
    comes before the key: it takes its shortcut only when nothing can mislead it."""
    text = f"{before}{header}\n{head}{id_line}{tail}{after}"
    if crlf:
        text = text.replace("\n", "\r\n")
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return  # the pool never reaches a line in a file it cannot read
    locator = Locator(text)
    assert locator.key_in_cheaply("place", "id") == Locator(text).key_in("place", "id"), text


def test_the_cheap_key_line_of_the_example_places():
    for path in sorted((EXAMPLES / "places").glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        assert Locator(text).key_in_cheaply("place", "id") == Locator(text).key_in("place", "id")
