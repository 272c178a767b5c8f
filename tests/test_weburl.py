"""One rule for a web address (weburl.py): `check`, both place schemas (jsonschema and taplo)
and the questionnaire accept and refuse exactly the same strings."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import tomllib
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import tomli_w
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from tlcriteria import weburl
from tlcriteria.assess.session import BACK, HELP, QUIT, SKIP, Session
from tlcriteria.assess.store import PlaceFile
from tlcriteria.catalogue_loading import load_catalogue
from tlcriteria.cli import main
from tlcriteria.i18n import set_language

from .conftest import EXAMPLES
from .test_schema import SCHEMA_DIR, taplo


@pytest.fixture(autouse=True)
def _english() -> None:
    """Messages in English (the msgids), whatever an earlier test chose."""
    set_language("en")


#: (text, verdict): the issue's cases first, then the edges of the rule.
HAND = [
    ("HTTPS://EXAMPLE.ORG/", True),
    ("http://localhost:8080/", False),  # one machine's name: refused (docs/criteria-format.md)
    ('https://x.example/" onclick="alert(1)', False),
    ("https://x.example/\njavascript:alert(1)", False),
    ("https://x.example/\r\njavascript:alert(1)", False),
    ("javascript:alert(1)", False),
    ("https://example.org", True),
    ("https://example.org/", True),
    ("http://www.exemple.fr/lieux/la-fabrique?page=2&tri=nom#carte", True),
    ("https://fr.wikipedia.org/wiki/Tiers-lieu_(France)", True),
    ("https://café.example/à-propos", True),
    ("https://例え.テスト/パス", True),
    ("https://xn--caf-dma.example/", True),
    ("https://a--b.example/", True),
    ("https://192.0.2.1/", True),
    ("https://192.0.2.1:8443/x", True),
    ("https://[2001:db8::1]/", True),
    ("https://[2001:db8::1]:8080/x", True),
    ("https://[::ffff:192.0.2.1]/", True),
    ("https://[::]/", True),
    ("https://[1:2:3:4:5:6:7:8]/", True),
    ("https://[1:2:3:4:5:6:7:8:9]/", False),
    ("https://[fe80::1%25eth0]/", False),
    ("https://[v1.fe]/", False),
    ("https://[::1/", False),
    ("https://[::]1", False),  # found by hypothesis: a port after ] needs its colon
    ("https://::1/", False),
    ("https://999.1.1.1/", False),
    ("https://01.2.3.4/", False),
    ("https://1.2.3/", False),
    ("https://1.2.3.4.5/", False),
    ("https://example.123/", False),
    ("https://example.o2/", True),
    ("https://-example.org/", False),
    ("https://example-.org/", False),
    ("https://example..org/", False),
    ("https://example.org./", False),
    ("https://.example.org/", False),
    ("https://ex_ample.org/", False),
    ("https://example.org:0/", False),
    ("https://example.org:080/", False),
    ("https://example.org:65535/", True),
    ("https://example.org:65536/", False),
    ("https://example.org:/", False),
    ("https://example.org:http/", False),
    ("https://user@example.org/", False),
    ("https://user:secret@example.org/", False),
    ("https://google.com@evil.example/", False),
    ("www.exemple.fr", False),
    ("exemple.fr/page", False),
    ("//example.org/", False),
    ("https:/example.org/", False),
    ("https:example.org", False),
    ("https:///example.org/", False),
    ("https://", False),
    ("http://", False),
    ("ftp://example.org/", False),
    ("httpx://example.org/", False),
    ("", False),
    (" https://example.org/", False),
    ("https://example.org/ ", False),
    ("https://exa mple.org/", False),
    ("https://example.org/a b", False),
    ("https://example.org/a%20b", True),
    ("https://example.org/a%2", False),
    ("https://example.org/a%zz", False),
    ("https://example.org/100%", False),
    ("https://example.org/'quote'", False),
    ("https://example.org/<script>", False),
    ("https://example.org/a\\b", False),
    ("https://example.org/{x}", False),
    ("https://example.org/a|b", False),
    ("https://example.org/a^b", False),
    ("https://example.org/`x`", False),
    ("https://example.org/[x]", False),
    ("https://example.org/#a#b", False),
    ("https://example.org/?q=a?b/c", True),
    ("https://example.org/#a?b/c", True),
    ("https://example.org/~user/;p=1,2!$*+@:", True),
    ("https://example.org/\t", False),
    ("https://example.org/\x00", False),
    ("https://example.org/\x7f", False),
    ("https://example.org/\x85", False),
    ("https://example.org/\xa0", False),
    ("https://example.org/\u200b", False),  # zero-width space
    ("https://example.org/\u202e", False),  # right-to-left override
    ("https://example.org/\u2028", False),
    ("https://example.org/\ufeff", False),
    ("https://example.org/«x»", False),
    ("https://example.org/“x”", False),
    ("https://example.org/\ue000", False),  # private use
    ("https://example.org/é😀", True),
    ("https://exam\u00adple.org/", False),  # soft hyphen
    ("https://example.org＠evil.example/", False),  # read as @ once normalised (NFKC)
    ("https://ex＃ample.org/", False),
    ("https://example.org/a／b", False),
    ("https://ｅｘａｍｐｌｅ.org/ａ", True),  # fullwidth letters are letters
]


def test_the_hint_says_how_to_write_it():
    assert weburl.problem("www.exemple.fr")[1] == "start it with https://, e.g. https://www.exemple.fr"
    assert weburl.problem("http:/exemple.fr")[1] == "did you mean 'http://exemple.fr'?"
    assert weburl.problem("https://exemple.fr/l'usine")[1] == "write %27 instead"
    assert (
        weburl.problem("https://exemple.fr/a b")[1] == "remove it; a space inside an address is written %20"
    )
    assert weburl.problem("http://localhost:8080/")[1] == "give the public address, e.g. https://example.org/"


def test_the_hand_written_cases_have_their_verdict():
    wrong = [(text, verdict) for text, verdict in HAND if weburl.is_web_address(text) != verdict]
    assert wrong == []
    for text, verdict in HAND:
        if not verdict:
            message, hint = weburl.problem(text)
            assert "is not a web address" in message and hint, text


# --------------------------------------------------------------------------- generated

_LABEL = st.text(alphabet=st.sampled_from([*"abcxyz0129-", "é", "ß", "例", "_"]), min_size=1, max_size=6)
_GOOD_LABEL = st.text(alphabet=st.sampled_from([*"abcdefxyz0129", "é", "例"]), min_size=1, max_size=6)
_NAME = st.lists(_LABEL, min_size=1, max_size=4).map(".".join)
_IPV4 = st.lists(
    st.sampled_from(["0", "1", "10", "192", "255", "256", "01", "999"]), min_size=3, max_size=5
).map(".".join)
_IPV6 = st.one_of(
    st.ip_addresses(v=6).map(lambda a: f"[{a}]"),
    st.ip_addresses(v=6).map(lambda a: f"[{a.exploded}]"),
    st.sampled_from(["[::1", "[fe80::1%eth0]", "[v1.x]", "[1::2::3]", "[::ffff:1.2.3.256]", "[12345::]"]),
)
_HOST = st.one_of(
    st.lists(_GOOD_LABEL, min_size=1, max_size=3).map(lambda labels: ".".join([*labels, "org"])),
    _NAME,
    _IPV4,
    st.ip_addresses(v=4).map(str),
    _IPV6,
    st.sampled_from(["localhost", "", "user@example.org", "example.org.", "EXAMPLE.ORG", "xn--caf-dma.fr"]),
)
_PORT = st.one_of(
    st.just(""),
    st.just(""),
    st.integers(-1, 70000).map(lambda n: f":{n}"),
    st.sampled_from([":", ":080", ":http"]),
)
_GOOD_PIECE = st.sampled_from([*"/?#=&~+()!$*,.-_:@;aZ9", "%20", "%C3%A9", "é", "😀", "ａ", "例"])
_BAD_PIECE = st.one_of(
    st.sampled_from(
        [
            *"#%[]'\"<> \t\n\\^{}|`",
            "%zz",
            "%2",
            *"\u200b\u202e«\x00\x7f\x85\xa0\u2028\ue000\u061c\ufeff\xad＠／：",
        ]
    ),
    st.characters(exclude_categories=("Cs",)),
)
_REST = st.one_of(
    st.lists(_GOOD_PIECE, max_size=8).map("".join).map(lambda r: "/" + r),
    st.lists(st.one_of(_GOOD_PIECE, _BAD_PIECE), max_size=8).map("".join),
)
_SCHEME = st.sampled_from(["https", "http", "HTTPS", "hTtP", "https", "ftp", "javascript", "htps", ""])
_SEPARATOR = st.sampled_from(["://", "://", "://", "://", "://", ":/", ":", ":///", "//"])
_ADDRESS = st.builds(lambda *parts: "".join(parts), _SCHEME, _SEPARATOR, _HOST, _PORT, _REST)
_PADDING = st.sampled_from(["", "", "", "", "", "", " ", "\n", "\t"])

_VALID = st.builds(
    lambda *parts: "".join(parts),
    st.sampled_from(["https://", "http://", "HTTPS://", "Http://"]),
    st.one_of(
        st.lists(_GOOD_LABEL, min_size=1, max_size=3).map(lambda labels: ".".join([*labels, "fr"])),
        st.ip_addresses(v=4).map(str),
        st.ip_addresses(v=6).map(lambda a: f"[{a}]"),
    ),
    st.one_of(st.just(""), st.integers(1, 65535).map(lambda n: f":{n}")),
    st.lists(_GOOD_PIECE, max_size=8).map("".join).map(lambda r: "/" + r),
)


def _insert(text: str, piece: str, where: int) -> str:
    where %= len(text) + 1
    return text[:where] + piece + text[where:]


#: Strings that look like web addresses: right ones, right ones with one piece
#: more (good or bad) somewhere, assemblies of right and wrong parts, any text.
addresses = st.one_of(
    _VALID,
    st.builds(_insert, _VALID, st.one_of(_GOOD_PIECE, _BAD_PIECE), st.integers(0, 200)),
    _ADDRESS,
    st.builds(lambda a, before, after: before + a + after, _ADDRESS, _PADDING, _PADDING),
    st.text(max_size=20, alphabet=st.characters(exclude_categories=("Cs",))),
)


def by_patterns(text: str) -> bool:
    """The rule as the schemas say it, in Python's `re`: scheme, no forbidden character, structure."""
    return (
        re.search(weburl.SCHEME_PATTERN, text) is not None
        and re.search(weburl.FORBIDDEN_PATTERN, text) is None
        and re.search(weburl.PATTERN, text) is not None
    )


_SCHEMA_OF_ONE = jsonschema.Draft202012Validator(weburl.schema())


@settings(max_examples=500, deadline=None)
@given(addresses)
def test_check_and_patterns_agree(text):
    accepted = weburl.is_web_address(text)
    assert accepted == by_patterns(text) == _SCHEMA_OF_ONE.is_valid(text)
    if accepted:
        parts = urlsplit(text)
        assert parts.scheme in ("http", "https") and parts.hostname
        # RFC 3987's ucschar ranges hold code points this Python's Unicode data leaves
        # unassigned (category Cn, not "printable" to it): allowed by the rule's fixed table.
        assert not any(
            c.isspace() or c in "\"'<>\\" or not (c.isprintable() or unicodedata.category(c) == "Cn")
            for c in text
        )


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=3))
def test_refused_characters_are_refused_anywhere(piece):
    text = "https://example.org/" + piece
    assert weburl.is_web_address(text) == by_patterns(text)
    if any(not weburl._allowed(c) for c in piece):
        assert not weburl.is_web_address(text)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(weburl._WELL_FORMED, fullmatch=True))
def test_the_fast_path_accepts_only_what_the_detailed_check_accepts(text):
    # Every text the one-regex path takes as an address, the full check takes too.
    assert weburl._detailed_reason(text) is None


@settings(max_examples=500, deadline=None)
@given(addresses)
def test_the_fast_path_changes_no_verdict(text):
    assert weburl._reason(text) == weburl._detailed_reason(text)
    if weburl._detailed_reason(text) is None and text.isascii() and "[" not in text:
        host = urlsplit(text).hostname or ""
        if not host.replace(".", "").isdigit():
            # The common address (a name, all ASCII) is the one the fast path takes.
            assert weburl._WELL_FORMED.fullmatch(text), text


# --------------------------------------------------------------------------- every reader


PLACE = '[place]\nid = "{id}"\nname = "Lieu"\ntown = "Caen"\nstage = "existing"\ncolleges = ["tiers-lieu"]\n'


def write_corpus(folder: Path, texts: list[str]) -> None:
    """Two place files per text: `w{i}.toml` with it as website, `u{i}.toml` as an answer's url."""
    for i, text in enumerate(texts):
        website = PLACE.format(id=f"w{i}") + tomli_w.dumps({"website": text})
        (folder / f"w{i}.toml").write_text(website, encoding="utf-8")
        answer = tomli_w.dumps({"answers": {"liberte-usagers": {"value": True, "url": text}}})
        (folder / f"u{i}.toml").write_text(PLACE.format(id=f"u{i}") + answer, encoding="utf-8")
        # The text reaches every reader as written.
        assert tomllib.loads(website)["place"]["website"] == text


def refused_by_check(folder: Path) -> set[str]:
    from click.testing import CliRunner

    result = CliRunner(env={"LANGUAGE": "en"}).invoke(
        main, ["check", "--criteria", str(EXAMPLES / "criteria"), str(folder)]
    )
    assert "Traceback" not in result.output
    names = set()
    for line in result.stderr.splitlines():
        found = re.match(r"(?:.*/)?([wu]\d+)\.toml: ", line)
        if found:
            names.add(found[1])
    return names


def refused_by_jsonschema(folder: Path, schema: dict, count: int) -> set[str]:
    check = jsonschema.Draft202012Validator(schema)
    names = set()
    for prefix in "wu":
        for i in range(count):
            data = tomllib.loads((folder / f"{prefix}{i}.toml").read_text("utf-8"))
            if not check.is_valid(data):
                names.add(f"{prefix}{i}")
    return names


def refused_by_taplo(folder: Path, schema: Path) -> set[str]:
    result = subprocess.run(
        [taplo(), "check", "--no-auto-config", "--schema", schema.resolve().as_uri(), "*.toml"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    # Each error's location ("┌─ PATH:LINE:COL") and the closing log line of each file;
    # taplo checks files in parallel and, under load, sometimes loses one of the two.
    located = re.findall(r"┌─ (?:.*/)?([wu]\d+)\.toml:\d", result.stderr)
    logged = re.findall(r'invalid file error=.*? path=".*?/([wu]\d+)\.toml"', result.stderr)
    return set(located) | set(logged)


def accepted_by_questionnaire(registry, catalogue, text: str) -> bool:
    """A new place file: identity typed up to the website, then the text."""
    session = Session(PlaceFile(None, {}, original=None), catalogue, registry.kinds)
    for line in ["Le Lieu", "", "Caen", "1", "tiers-lieu", ""]:
        session.feed(line)
    assert session.current()[1].kind == "website"
    session.feed(text)
    return session.current()[1].kind != "website"


def typed_as_is(text: str) -> bool:
    """Whether the questionnaire reads `text` as written: one line, no blank around it
    (it trims what is typed), and not one of its commands."""
    return (
        bool(text)
        and text == text.strip()
        and len(text.splitlines()) == 1
        and (text.lower() not in SKIP | BACK | QUIT | HELP)
    )


@pytest.fixture(scope="module")
def tailored_schema(tmp_path_factory) -> Path:
    """The place schema made for the example criteria (`schema --kind place --criteria`)."""
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("schema") / "place.schema.json"
    result = CliRunner().invoke(
        main, ["schema", "--kind", "place", "--criteria", str(EXAMPLES / "criteria"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def assert_every_reader_agrees(texts: list[str], registry, tailored: Path) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        write_corpus(folder, texts)
        expected = {f"{p}{i}" for i, t in enumerate(texts) if not weburl.is_web_address(t) for p in "wu"}
        assert refused_by_check(folder) == expected
        generic = SCHEMA_DIR / "place.schema.json"
        for schema in (generic, tailored):
            assert (
                refused_by_jsonschema(folder, json.loads(schema.read_text("utf-8")), len(texts)) == expected
            )
            assert refused_by_taplo(folder, schema) == expected, schema.name
    loaded_sets = load_catalogue(registry, [EXAMPLES / "criteria"])
    catalogue, problems = loaded_sets.catalogue, loaded_sets.problems
    assert not problems
    for text in filter(typed_as_is, texts):
        assert accepted_by_questionnaire(registry, catalogue, text) == weburl.is_web_address(text), text


def test_every_reader_agrees_on_the_hand_written_cases(registry, tailored_schema):
    assert_every_reader_agrees([text for text, _ in HAND], registry, tailored_schema)


def generated(count: int) -> list[str]:
    """`count` strings drawn by hypothesis from `addresses` (the same ones at every run,
    so that a failure can be replayed; test_check_and_patterns_agree draws fresh ones)."""
    texts: list[str] = []

    @settings(max_examples=count, derandomize=True, database=None, phases=[Phase.generate], deadline=None)
    @given(addresses)
    def collect(text: str) -> None:
        texts.append(text)

    collect()
    return texts


def test_every_reader_agrees_on_generated_strings(registry, tailored_schema):
    texts = generated(300)
    accepted = sum(map(weburl.is_web_address, texts))
    assert len(set(texts)) > 250 and 50 < accepted < len(texts) - 50  # both kinds, in numbers
    assert_every_reader_agrees(texts, registry, tailored_schema)


def test_no_allowed_character_stands_for_a_delimiter_once_normalised():
    """urlsplit refuses a host holding a character that NFKC turns into / ? # @ or :
    (＠ would move the end of the host); the rule refuses those characters everywhere.
    Fails when a new Unicode version adds one: add it to REFUSED_BEYOND_ASCII."""
    import unicodedata

    stand_ins = [
        f"U+{code:04X}"
        for low, high in weburl.NON_ASCII
        for code in range(low, high + 1)
        if any(d in unicodedata.normalize("NFKC", chr(code)) for d in "/?#@:")
    ]
    assert stand_ins == []


def test_a_plugin_kind_may_have_a_web_address_key():
    """The set schema carries the rule as soon as a key refers to it (here a plugin kind's)."""
    from tlcriteria import hookimpl
    from tlcriteria.fields import Field
    from tlcriteria.kinds.yes_no import YesNo
    from tlcriteria.plugins import build_plugins
    from tlcriteria.registry import build_registry
    from tlcriteria.schema import schema_for

    class Sourced(YesNo):
        name = "oui-non-source"
        fields = (Field("source", "web-address", "Texte de référence."),)

    class Plugin:
        @hookimpl
        def tlcriteria_answer_kinds(self) -> list:
            return [Sourced()]

    plugins = build_plugins(entry_points_group=None)
    plugins.manager.register(Plugin(), name="source")
    schema = schema_for("set", build_registry(plugins))
    check = jsonschema.Draft202012Validator(schema)
    head = {"set": {"id": "essai", "title": "Essai", "version": "1"}}
    for source, valid in [("https://example.org/texte", True), ("http://localhost/texte", False)]:
        criterion = {
            "id": "c1",
            "title": "Un",
            "question": "Oui ?",
            "kind": "oui-non-source",
            "source": source,
        }
        assert check.is_valid({**head, "criteria": [criterion]}) == valid, source
