"""Evidence as a person writes it (SPEC §4): what counts as a justification or a web address."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tlcriteria.engine import has_evidence, visible_length
from tlcriteria.model import Answer
from tlcriteria.weburl import contains_web_address, find_in, is_web_address

from .test_weburl import _VALID as VALID


@pytest.mark.parametrize(
    ("url", "justification"),
    [
        ("https://example.org/charte", ""),
        ("HTTPS://EXAMPLE.ORG", ""),  # addresses are not case-sensitive
        ("", "Voir http://example.org/comptes-2025.pdf"),
        ("", "Compte rendu (voir https://example.org/ag-2025)."),
        ("", "Lien : «https://example.org/charte», affiché à l’accueil"),
        ("", "https://fr.wikipedia.org/wiki/Tiers-lieu_(France)"),
        ("", "sur https://café.example/à-propos !"),
    ],
)
def test_a_web_address_is_evidence(url, justification):
    assert has_evidence("url", Answer(True, url=url, justification=justification))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "voir le site",
        "ftp://example.org",
        "https://",
        "http://localhost:8080/preuve",  # one machine's address, not a public proof (weburl.py)
        "voirhttps://example.org/charte",  # an address stands between blanks
        'https://x.example/"onclick="alert(1)',
        "https://exa mple.org/",
    ],
)
def test_no_web_address_is_no_evidence(text):
    assert not has_evidence("url", Answer(True, justification=text))
    assert not has_evidence("url", Answer(True, url=text))


def test_the_address_found_in_a_justification_leaves_the_punctuation_around_it():
    assert find_in("(voir https://example.org/a_(b)).") == "https://example.org/a_(b)"
    assert find_in("« https://example.org/charte » ; ou https://example.net/") == "https://example.org/charte"
    assert find_in("voir https://localhost/ puis https://example.org/") == "https://example.org/"


def test_justification_counts_visible_characters_only():
    assert has_evidence("justification", Answer(True, justification="Oui, AG"))
    assert not has_evidence("justification", Answer(True, justification=" a b  c d "))
    invisible = "\u200b" * 10 + "ok"  # zero-width spaces are not writing
    assert visible_length(invisible) == 2
    assert not has_evidence("justification", Answer(True, justification=invisible))


def test_no_evidence_asked_is_always_enough():
    assert has_evidence("none", Answer(Fraction(1)))


@given(st.text(), VALID, st.sampled_from(["", ".", ")", "»", ").", ";"]), st.text())
def test_an_address_between_blanks_is_found(before, address, after_sign, after):
    assume(is_web_address(address))
    # "(…https://x.org/(" + ")" is read as one address whose parenthesis is closed
    assume(")" not in after_sign or address.count("(") <= address.count(")"))
    text = f"{before} {address}{after_sign} {after}"
    found = find_in(text)
    assert found is not None and is_web_address(found) and found in text
    if not contains_web_address(before):  # this address, less any punctuation it ends with
        assert address.startswith(found) and not address[len(found) :].strip(".,;:!?)]»")
