"""What a web address is, once for the whole program (docs/criteria-format.md, « Adresses web »).

A place's `website`, an answer's `url` and the link of `evidence = "url"` are
all read by this one rule: `check`, the questionnaire, the evidence rule, the
JSON Schemas (whose pattern is generated here) and every output that links.

A web address is an absolute `http` or `https` address (the scheme in any
case) with a host: a name of at least two labels (`example.org`; `localhost`
and other one-label names are refused: a published address must work for
everyone, not only on one machine), an IPv4 address or an IPv6 address in
brackets; then an optional port (1 to 65535), path, query and fragment. No
user name before the host. International names and paths are accepted and
shown as written (`https://café.example/à-propos`). Refused anywhere: blanks,
quotes (straight or typographic), angle brackets, control characters,
invisible marks (zero-width characters, direction marks), and the characters
RFC 3986 does not allow (`\\ ^ { } | \\``); `%` only as `%` and two hex digits;
`[ ]` only around an IPv6 host.

The check parses with `urllib.parse.urlsplit` and `ipaddress`, after a strict
pass over the characters (urlsplit itself silently drops tabs and line
breaks). The JSON Schemas' regular expressions (`schema()`) are built from
the same character tables; tests/test_weburl.py holds check, schemas and
questionnaire to the same answers. This module stands in the base layer:
it imports nothing of the program but i18n.
"""

from __future__ import annotations

import ipaddress
import re
import string
from urllib.parse import quote, urlsplit

from .i18n import _

SCHEMES = ("http", "https")

#: ASCII characters allowed in a path, query or fragment: RFC 3986's unreserved
#: characters, sub-delimiters less the quote `'`, and `:` `@`.
ASCII_TEXT = frozenset(string.ascii_letters + string.digits + "-._~!$&()*+,;=:@")

#: Characters beyond ASCII that RFC 3987 allows in an address (`ucschar`, planes 0 to 3)…
_UCSCHAR = (
    (0x00A0, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFEF),
    (0x10000, 0x1FFFD),
    (0x20000, 0x2FFFD),
    (0x30000, 0x3FFFD),
)


def _runs(text: str) -> tuple[tuple[int, int], ...]:
    """Code points written as in Unicode charts: "A0 2000-200A" → ((0xA0, 0xA0), (0x2000, 0x200A))."""
    runs = []
    for word in text.split():
        first, _dash, last = word.partition("-")
        runs.append((int(first, 16), int(last or first, 16)))
    return tuple(runs)


#: … less those this rule refuses, by kind.
REFUSED_BEYOND_ASCII = {
    "blanks": _runs("A0 1680 2000-200A 2028-2029 202F 205F 3000"),
    "invisible marks": _runs("AD 061C 180E 200B-200F 202A-202E 2060-206F FEFF"),
    "quotes and angle brackets": _runs("AB BB 2018-201F 2039-203A FF02 FF07 FF1C FF1E"),
    # Read as / ? # @ : once normalised (NFKC), as urlsplit and browsers do: ＠ in a host
    # would move its end.
    "stand-ins for / ? # @ :": _runs("2047-2049 2100-2101 2105-2106 2A74 FE13 FE16 FE55-FE56 FE5F FE6B")
    + _runs("FF03 FF0F FF1A FF1F-FF20"),
}


def _subtract(
    ranges: tuple[tuple[int, int], ...], refused: list[tuple[int, int]]
) -> tuple[tuple[int, int], ...]:
    kept = []
    for low, high in ranges:
        for first, last in sorted(refused):
            if last < low or first > high:
                continue
            if first > low:
                kept.append((low, first - 1))
            low = max(low, last + 1)
        if low <= high:
            kept.append((low, high))
    return tuple(kept)


#: The characters beyond ASCII the rule allows everywhere, as ranges.
NON_ASCII = _subtract(_UCSCHAR, [run for runs in REFUSED_BEYOND_ASCII.values() for run in runs])

_HEX = frozenset(string.hexdigits)
_ALPHANUMERIC = frozenset(string.ascii_letters + string.digits)
#: Characters with a structural meaning that ASCII_TEXT leaves out.
_DELIMITERS = frozenset("/?#[]%")
_ASCII_ALLOWED = ASCII_TEXT | _DELIMITERS
_LABEL_ASCII = _ALPHANUMERIC | {"-"}


def is_beyond_ascii(ch: str) -> bool:
    """Whether `ch` is one of the non-ASCII characters the rule allows."""
    code = ord(ch)
    return any(low <= code <= high for low, high in NON_ASCII)


def _allowed(ch: str) -> bool:
    return ch in _ASCII_ALLOWED or is_beyond_ascii(ch)


def _first_refused(text: str) -> str | None:
    """The first character the rule refuses anywhere, or None."""
    if text.isascii() and _ASCII_ALLOWED.issuperset(text):  # the common case, at C speed
        return None
    return next((ch for ch in text if not _allowed(ch)), None)


def _is_label(label: str) -> bool:
    """Letters and digits (of any script), hyphens only inside."""
    if not label or label[0] == "-" or label[-1] == "-":
        return False
    if label.isascii():
        return _LABEL_ASCII.issuperset(label)
    return all(c == "-" or c in _ALPHANUMERIC or is_beyond_ascii(c) for c in label)


def is_web_address(text: str) -> bool:
    """Whether `text`, as written, is a web address (see the module's docstring)."""
    if _WELL_FORMED.fullmatch(text):
        return True
    # Every address holds "://": without it (an empty `url`, most words) no message is worded.
    return "://" in text and _detailed_reason(text) is None


def problem(text: str) -> tuple[str, str] | None:
    """Why `text` is not a web address, as (message, hint), or None when it is one."""
    reason = _reason(text)
    if reason is None:
        return None
    why, hint = reason
    return _("{address!r} is not a web address: {reason}").format(address=text, reason=why), hint


def _reason(text: str) -> tuple[str, str] | None:
    if _WELL_FORMED.fullmatch(text):
        return None
    return _detailed_reason(text)


def _detailed_reason(text: str) -> tuple[str, str] | None:
    # The scheme first: "pas un lien" is better told it is no address than that it has blanks.
    scheme, colon, rest = text.strip().partition(":")
    if not colon or scheme.lower() not in SCHEMES or not rest.startswith("//"):
        hint = _("start it with https:// or http://")
        # A suggestion is always an address this rule accepts ("https://htp//x" is none).
        meant = _mistyped_scheme(text.strip())
        address = text.strip().lstrip("/")
        if meant and is_web_address(meant):
            hint = _("did you mean {name!r}?").format(name=meant)
        elif not meant and ":" not in text and is_web_address(f"https://{address}"):
            hint = _("start it with https://, e.g. https://{address}").format(address=address)
        return _("it does not start with https:// or http://"), hint
    refused = _first_refused(text)
    if refused is not None:
        return _bad_character(refused)
    try:
        parts = urlsplit(text)
    except ValueError:  # urlsplit's own check of a bracketed (IPv6) host
        return _ipv6_reason()
    if not parts.netloc:
        return _("it has no host after //"), _("write the site's name, e.g. https://example.org/")
    if "@" in parts.netloc:
        return (
            _("it names a user before the host (…@)"),
            _("remove what comes before @: a published address holds no user name nor password"),
        )
    found = _host_reason(parts.netloc)
    if found is not None:
        return found
    return _rest_reason(text[len(scheme) + 3 + len(parts.netloc) :])


#: What may stand before an address: a word, then a mistyped "://" (`//`, `:/`, `;//`, `:`, `.//`).
#: (A pattern, not compiled: only an address already refused is matched against it.)
_WRITTEN_SCHEME = r"(?P<word>[A-Za-z]{2,6})(?P<colon>[:;.,]?)(?P<slashes>[/\\]{0,3})(?P<rest>.*)"


def _mistyped_scheme(text: str) -> str:
    """The address meant when its scheme or its :// is mistyped (`http:/x`, `https//x`, `http:x`,
    `htp//x`, `htps://x`, `http;//x`: one letter off http or https), or ""."""
    found = re.match(_WRITTEN_SCHEME, text, re.S)
    if found is None or not (found["colon"] or found["slashes"]) or not found["rest"]:
        return ""
    word = found["word"]
    if word.lower() in SCHEMES:
        return f"{word}://{found['rest']}"  # as written ("HTTPS:/x" gives "HTTPS://x")
    if found["colon"] in ".," and not found["slashes"]:
        return ""  # "www.example.org", "site.fr": a name, not a scheme
    near = [(_distance(word.lower(), scheme), scheme) for scheme in SCHEMES]
    best = min(distance for distance, _scheme in near)
    if best > 1:
        return ""
    # Equally near both ("htts"): an s at the end was meant.
    candidates = [scheme for distance, scheme in near if distance == best]
    scheme = "https" if "https" in candidates and (len(candidates) == 1 or word[-1] in "sS") else "http"
    return f"{scheme}://{found['rest']}"


def _distance(a: str, b: str) -> int:
    """Letters to add, remove, change or swap (two side by side) to turn `a` into `b`."""
    rows = [list(range(len(b) + 1))]
    for i, x in enumerate(a, 1):
        row = [i]
        for j, y in enumerate(b, 1):
            row.append(min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (x != y)))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _bad_character(ch: str) -> tuple[str, str]:
    if ch.isspace() or ch in "\u200b\u2060\ufeff":
        return (
            _("it contains a blank (space, tab, line break or invisible space)"),
            _("remove it; a space inside an address is written %20"),
        )
    if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
        return _("it contains the control character {char}").format(char=f"U+{ord(ch):04X}"), _("remove it")
    shown = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
    message = _("the character {char} is not allowed in a web address").format(char=shown)
    if ord(ch) < 0x80:
        return message, _("write {encoded} instead").format(encoded=quote(ch, safe=""))
    return message, _("remove it")


def _ipv6_reason() -> tuple[str, str]:
    return (
        _("the host between [ ] is not an IPv6 address"),
        _("brackets hold an IPv6 address only, e.g. https://[2001:db8::1]/"),
    )


def _host_reason(netloc: str) -> tuple[str, str] | None:
    """Host and port: a name, an IPv4 address or a bracketed IPv6 address, then `:port`."""
    if netloc.startswith("["):
        inside, _bracket, after = netloc[1:].partition("]")
        if "%" in inside or not _is_ipv6(inside) or (after and not after.startswith(":")):
            return _ipv6_reason()
        port = after
    else:
        host, colon, port = netloc.partition(":")
        port = colon + port
        found = _name_reason(host)
        if found is not None:
            return found
    if port and not _is_port(port[1:]):
        return (
            _("{port!r} is not a port").format(port=port.lstrip(":")),
            _("write a number from 1 to 65535 after the colon, or no colon"),
        )
    return None


def _is_ipv6(text: str) -> bool:
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def _is_port(text: str) -> bool:
    return text.isascii() and text.isdigit() and not text.startswith("0") and int(text) <= 65535


def _name_reason(host: str) -> tuple[str, str] | None:
    """A host name (labels of letters, digits and inner hyphens) or an IPv4 address."""
    labels = host.split(".")
    if all(label.isascii() and label.isdigit() for label in labels):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return (
                _("{host!r} is not an IPv4 address").format(host=host),
                _("write four numbers from 0 to 255 without leading zeros, e.g. 192.0.2.1"),
            )
        return None
    if not all(map(_is_label, labels)):
        return (
            _("{host!r} is not a host name").format(host=host),
            _("a name is made of letters, digits and inner hyphens between dots, e.g. www.example.org"),
        )
    if len(labels) < 2:
        return (
            _("{host!r} has no dot: it names a machine of a local network").format(host=host),
            _("give the public address, e.g. https://example.org/"),
        )
    if labels[-1][0] in string.digits:
        return (
            _("{host!r} is neither a host name nor an IPv4 address").format(host=host),
            _("a name ends with letters (.org, .fr…); an IPv4 address has four numbers"),
        )
    return None


def _rest_reason(rest: str) -> tuple[str, str] | None:
    """Path, query and fragment: `%` escapes well formed, `[ ]` nowhere, one `#`."""
    if "[" in rest or "]" in rest:
        return _("brackets [ ] are allowed only around an IPv6 host"), _("write %5B and %5D instead")
    if rest.count("#") > 1:
        return _("it has a second #"), _("write %23 instead of the second #")
    for i, ch in enumerate(rest):
        if ch == "%" and not (len(rest) >= i + 3 and rest[i + 1] in _HEX and rest[i + 2] in _HEX):
            return _("a % is not followed by two hexadecimal digits"), _("write %25 for a percent sign")
    return None


# --------------------------------------------------------------------------- patterns
# The JSON Schemas say the same in three steps, each with a message an editor
# can show: SCHEME_PATTERN, then no FORBIDDEN_PATTERN character, then
# PATTERN for the structure (which may then take any non-ASCII character as
# allowed). They use only what Python's `re`, Rust's `regex` (taplo) and
# ECMAScript read alike: no flags, no look-around, `\\uXXXX` escapes.


def _code(point: int) -> str:
    return f"\\u{point:04X}" if point <= 0xFFFF else f"\\U{point:08X}"


def _ranges(points: list[tuple[int, int]]) -> str:
    return "".join(_code(lo) if lo == hi else f"{_code(lo)}-{_code(hi)}" for lo, hi in points)


def _forbidden_ranges() -> list[tuple[int, int]]:
    """Every code point the rule refuses anywhere, as ranges (surrogates left out:
    no TOML file holds one, and Rust's regex cannot name them)."""
    refused = [c for c in range(0x80) if chr(c) not in ASCII_TEXT and chr(c) not in _DELIMITERS]
    ranges: list[tuple[int, int]] = []
    for code in refused:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    low = 0x80
    for first, last in [*NON_ASCII, (0x110000, 0x110000)]:
        for lo, hi in ((low, min(first - 1, 0xD7FF)), (max(low, 0xE000), first - 1)):
            if lo <= hi:
                ranges.append((lo, hi))
        low = last + 1
    return ranges


def _ipv6_pattern() -> str:
    """RFC 3986's IPv6address, written out."""
    h16 = "[0-9A-Fa-f]{1,4}"
    ls32 = f"(?:{h16}:{h16}|{IPV4_PATTERN})"

    def before(n: int) -> str:  # up to n+1 groups, then "::"
        return f"(?:(?:{h16}:){{0,{n}}}{h16})?::"

    forms = [f"(?:{h16}:){{6}}{ls32}", f"::(?:{h16}:){{5}}{ls32}"]
    forms += [f"{before(0)}(?:{h16}:){{4}}{ls32}", f"{before(1)}(?:{h16}:){{3}}{ls32}"]
    forms += [f"{before(2)}(?:{h16}:){{2}}{ls32}", f"{before(3)}{h16}:{ls32}"]
    forms += [f"{before(4)}{ls32}", f"{before(5)}{h16}", f"{before(6)}"]
    return "(?:" + "|".join(forms) + ")"


_OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
IPV4_PATTERN = f"{_OCTET}(?:\\.{_OCTET}){{3}}"
_PORT = "(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"
_BEYOND = "\\u0080-\\U0010FFFF"  # allowed once FORBIDDEN_PATTERN found nothing
_LABEL_CHAR = f"[0-9A-Za-z{_BEYOND}]"
# Hyphens only between label characters; the last label starts with a letter.
_NAME = f"(?:{_LABEL_CHAR}(?:-*{_LABEL_CHAR})*\\.)+[A-Za-z{_BEYOND}](?:-*{_LABEL_CHAR})*"
# After the first / or ?, path and query allow the same characters (and ? itself).
_TEXT = f"(?:[0-9A-Za-z\\-._\\~!$\\&()*+,;=:@/?{_BEYOND}]|%[0-9A-Fa-f]{{2}})"

#: The scheme, in any case.
SCHEME_PATTERN = "^[Hh][Tt][Tt][Pp][Ss]?://"
#: A character refused anywhere: blanks, controls, quotes, angle brackets, invisible marks…
FORBIDDEN_PATTERN = f"[{_ranges(_forbidden_ranges())}]"
#: The structure: host, port, path, query, fragment (for a text without a FORBIDDEN character).
PATTERN = (
    f"{SCHEME_PATTERN}(?:{_NAME}|{IPV4_PATTERN}|\\[{_ipv6_pattern()}\\])"
    f"(?::{_PORT})?(?:[/?]{_TEXT}*)?(?:#{_TEXT}*)?$"
)


#: The common well-formed address, all ASCII: a name of two labels or more (the last
#: starting with a letter), an optional port, then path, query and fragment of allowed
#: characters and `%XX` escapes. Every text it matches is one `_detailed_reason`
#: accepts (tests/test_weburl.py holds them to it); anything else (IP hosts,
#: international names, every refusal) takes the detailed check. One match instead of
#: urlsplit and label by label tests: this runs for every `url` of every answer,
#: at load and again when rating.
_LABEL_RE = "[A-Za-z0-9]+(?:-+[A-Za-z0-9]+)*"
_ASCII_TEXT_RE = "(?:[0-9A-Za-z\\-._~!$&()*+,;=:@/?]|%[0-9A-Fa-f]{2})*"
_WELL_FORMED = re.compile(
    f"[Hh][Tt][Tt][Pp][Ss]?://(?:{_LABEL_RE}\\.)+[A-Za-z][A-Za-z0-9]*(?:-+[A-Za-z0-9]+)*"
    f"(?::{_PORT})?(?:[/?]{_ASCII_TEXT_RE})?(?:#{_ASCII_TEXT_RE})?"
)


def schema() -> dict[str, object]:
    """The rule as JSON Schema keywords, in the same three steps as the check."""
    scheme = {"pattern": SCHEME_PATTERN}
    clean = {"not": {"pattern": FORBIDDEN_PATTERN}}
    # Python's `$` also matches before a final line break: FORBIDDEN_PATTERN refuses it first.
    return {
        "type": "string",
        "if": scheme,
        "then": {"if": clean, "then": {"pattern": PATTERN}, "else": clean},
        "else": scheme,
    }


# --------------------------------------------------------------------------- in a text

#: Signs around an address in a sentence, left out before it is tested.
_OPENERS = "([{<«“‘\"'"
_CLOSERS = ".,;:!?)]}>»”’\"'…"
_PAIRS = {")": "(", "]": "["}


def find_in(text: str) -> str | None:
    """The first web address of a text: a word between blanks that passes the rule
    once the punctuation around it is set aside ("(voir https://x.org/)." gives
    https://x.org/). A closing parenthesis or bracket stays when the address opened it."""
    if "://" not in text:  # every address has one: most justifications end here
        return None
    for word in text.split():
        word = word.lstrip(_OPENERS)
        while word and word[-1] in _CLOSERS:
            pair = _PAIRS.get(word[-1])
            if pair and word.count(pair) >= word.count(word[-1]):
                break  # closes what the address opened: "…/Tiers-lieu_(France)", "https://[::1]"
            word = word[:-1]
        if is_web_address(word):
            return word
    return None


def contains_web_address(text: str) -> bool:
    """Whether a text (a justification) holds a web address, as `find_in` reads it."""
    return find_in(text) is not None
