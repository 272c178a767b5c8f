#!/usr/bin/env python3
"""Keep the French catalogue in step with the code, then compile it. Stdlib only.

    python scripts/update_po.py          # extract, merge into the .po, compile the .mo
    python scripts/update_po.py --check  # exit 1 if a msgid is missing/untranslated or the .mo is stale

Msgids are found by reading the source (ast): calls to `_("…")`, `N_("…")`
and `ngettext("…", "…", n)` in `src/tlcriteria`, and the same calls in
click's own modules (click's usage and error messages are translated in our
catalogue, see `tlcriteria.i18n`). New msgids are added with an empty
translation; translations of msgids that disappeared are kept at the end as
obsolete (`#~`) entries so no work is lost. The `.mo` is written like GNU
msgfmt (and CPython's Tools/i18n/msgfmt.py) does.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import struct
import sys
from pathlib import Path

#: click's modules that look their messages up with the stdlib's `gettext` (global domain):
#: while a command runs, that domain is tlcriteria's (see `tlcriteria.i18n`).
CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.shell_completion",
    "click._termui_impl",
)

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "tlcriteria"
PO = SRC / "locale" / "fr" / "LC_MESSAGES" / "tlcriteria.po"
MO = PO.with_suffix(".mo")
HEADER = (
    "Project-Id-Version: tlcriteria\n"
    "Language: fr\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=2; plural=(n > 1);\n"
)
Key = tuple[str, str | None]  # (msgid, msgid_plural)


def extract_source(text: str, origin: str) -> dict[Key, str]:
    found: dict[Key, str] = {}
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef) and any(_is_click_decorator(d) for d in node.decorator_list):
            doc = ast.get_docstring(node, clean=True)
            if doc:
                found.setdefault((doc, None), f"{origin}:{node.lineno}")
        if isinstance(node, ast.Call) and _is_click_decorator(node) and origin.startswith("src"):
            for keyword in node.keywords:
                if keyword.arg in ("help", "metavar") and isinstance(keyword.value, ast.Constant):
                    found.setdefault((keyword.value.value, None), f"{origin}:{node.lineno}")
            named = [
                a.value for a in node.args[:1] if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if _is_argument(node) and named and not any(k.arg == "metavar" for k in node.keywords):
                # click shows an argument without a metavar by its name in capitals (cli/help.py)
                found.setdefault((named[0].replace("-", "_").upper(), None), f"{origin}:{node.lineno}")
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        args = node.args
        strings = [a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if node.func.id in ("_", "N_") and len(args) == 1 and strings:
            found.setdefault((strings[0], None), f"{origin}:{node.lineno}")
        elif node.func.id == "ngettext" and len(strings) >= 2:
            found.setdefault((strings[0], strings[1]), f"{origin}:{node.lineno}")
    return found


def _is_click_decorator(node: ast.expr) -> bool:
    """`@click.option(…)`, `@click.argument(…)`, `@main.command()`, `@click.group(…)`: help texts
    and metavars shown by click."""
    call = node.func if isinstance(node, ast.Call) else node
    return isinstance(call, ast.Attribute) and call.attr in (
        "option",
        "argument",
        "command",
        "group",
        "version_option",
    )


def _is_argument(node: ast.Call) -> bool:
    return isinstance(node.func, ast.Attribute) and node.func.attr == "argument"


def extract() -> dict[Key, str]:
    found: dict[Key, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        found.update(
            {
                k: v
                for k, v in extract_source(path.read_text("utf-8"), str(path.relative_to(ROOT))).items()
                if k not in found
            }
        )
    for name in CLICK_MODULES:
        module = importlib.import_module(name)
        source = inspect.getsource(module)
        for key, where in extract_source(source, name).items():
            found.setdefault(key, where.split(":")[0])
    return found


def _unquote(line: str) -> str:
    return ast.literal_eval(line.strip())


def parse_po(text: str, obsolete: set[Key] | None = None) -> dict[Key, list[str]]:
    """msgid (and plural) → translations; the header is under ("", None).

    Obsolete (`#~`) entries are returned too, and their keys added to `obsolete`.
    """
    entries: dict[Key, list[str]] = {}
    current: dict[str, str] = {}
    field = ""
    was_obsolete = False

    def flush() -> None:
        if "msgid" in current and was_obsolete and obsolete is not None:
            obsolete.add((current["msgid"], current.get("msgid_plural")))
        if "msgid" in current:
            plural = current.get("msgid_plural")
            if plural is None:
                entries[(current["msgid"], None)] = [current.get("msgstr", "")]
            else:
                entries[(current["msgid"], plural)] = [current.get(f"msgstr[{i}]", "") for i in range(2)]
        current.clear()

    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        if line.startswith("#~"):
            was_obsolete = True
            line = line[2:].strip()
        elif line.startswith("#"):
            continue
        if not line:
            flush()
            was_obsolete = False
            continue
        if line.startswith('"'):
            current[field] += _unquote(line)
            continue
        name, _, rest = line.partition(" ")
        if name == "msgid" and "msgid" in current and "msgstr" in "".join(current):
            flush()
        field = name
        current[field] = _unquote(rest)
    return entries


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def write_po(found: dict[Key, str], old: dict[Key, list[str]]) -> str:
    out = [
        "# French translations of tlcriteria's messages (and of click's).",
        "# Regenerate with scripts/update_po.py; translate the empty msgstr.",
        'msgid ""',
        "msgstr " + quote(HEADER),
        "",
    ]
    for key, where in sorted(found.items(), key=lambda item: (item[1].split(":")[0], item[0])):
        msgid, plural = key
        translations = old.get(key, ["", ""] if plural else [""])
        out.append(f"#: {where}")
        out.append(f"msgid {quote(msgid)}")
        if plural is None:
            out.append(f"msgstr {quote(translations[0])}")
        else:
            out.append(f"msgid_plural {quote(plural)}")
            for i in range(2):
                out.append(f"msgstr[{i}] {quote(translations[i] if i < len(translations) else '')}")
        out.append("")
    for key, translations in sorted(old.items()):
        if key in found or key == ("", None) or not any(translations):
            continue
        msgid, plural = key
        out.append(f"#~ msgid {quote(msgid)}")
        if plural is None:
            out.append(f"#~ msgstr {quote(translations[0])}")
        else:
            out.append(f"#~ msgid_plural {quote(plural)}")
            for i, t in enumerate(translations):
                out.append(f"#~ msgstr[{i}] {quote(t)}")
        out.append("")
    return "\n".join(out)


def compile_mo(entries: dict[Key, list[str]], skip: set[Key] | None = None) -> bytes:
    """GNU .mo bytes of the translated entries (as msgfmt writes them), but those in `skip`."""
    messages: dict[bytes, bytes] = {}
    for (msgid, plural), translations in entries.items():
        if skip and (msgid, plural) in skip:
            continue
        if not all(translations):
            continue
        key = msgid if plural is None else f"{msgid}\0{plural}"
        messages[key.encode()] = "\0".join(translations).encode()
    keys = sorted(messages)
    ids = strs = b""
    offsets = []
    for k in keys:
        offsets.append((len(ids), len(k), len(strs), len(messages[k])))
        ids += k + b"\0"
        strs += messages[k] + b"\0"
    keystart = 7 * 4 + 16 * len(keys)
    valuestart = keystart + len(ids)
    koffsets: list[int] = []
    voffsets: list[int] = []
    for o1, l1, o2, l2 in offsets:
        koffsets += [l1, o1 + keystart]
        voffsets += [l2, o2 + valuestart]
    output = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    output += struct.pack(f"{len(koffsets)}i", *koffsets) if koffsets else b""
    output += struct.pack(f"{len(voffsets)}i", *voffsets) if voffsets else b""
    return output + ids + strs


def main(argv: list[str]) -> int:
    found = extract()
    old = parse_po(PO.read_text("utf-8")) if PO.exists() else {}  # obsolete entries kept as such
    if "--check" in argv:
        # Our own messages must be translated; click's are reported (a new click may add some).
        problems = []
        for key, where in found.items():
            if not all(old.get(key, [""])):
                mandatory = where.startswith("src")
                print(
                    f"{PO.relative_to(ROOT)}: untranslated or missing msgid ({where}): {key[0]!r}"
                    + ("" if mandatory else " [click, not fatal]")
                )
                if mandatory:
                    problems.append(key[0])
        obsolete: set[Key] = set()
        mo = compile_mo(parse_po(PO.read_text("utf-8"), obsolete), obsolete)
        if not MO.exists() or MO.read_bytes() != mo:
            print(f"{MO.relative_to(ROOT)}: out of date (run scripts/update_po.py)")
            problems.append("mo")
        return 1 if problems else 0
    PO.parent.mkdir(parents=True, exist_ok=True)
    old.setdefault(("", None), [HEADER])
    PO.write_text(write_po(found, old), "utf-8")
    obsolete: set[Key] = set()
    entries = parse_po(PO.read_text("utf-8"), obsolete)
    MO.write_bytes(compile_mo(entries, obsolete))
    missing = sum(1 for k in found if not all(entries.get(k, [""])))
    print(f"{PO.relative_to(ROOT)}: {len(found)} msgids, {missing} untranslated; {MO.name} written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
