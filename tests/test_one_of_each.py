"""One TOML parser, one identifier rule: no module reads TOML or spells the slug pattern on its own.

`documents.loads` parses every TOML text (files, git revisions, the
questionnaire's and the review's file, typed values); `fields.SLUG` is the
identifier rule. tomlkit, which edits files keeping their layout, is another job.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "tlcriteria"
SLUG_TEXT = "[a-z0-9]+(-[a-z0-9]+)*"


def modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "vendor" not in p.parts)


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_documents_parses_toml():
    readers = {p.relative_to(SRC).as_posix() for p in modules() if imported(p) & {"tomllib", "toml_rs"}}
    assert readers == {"documents.py"}


def test_the_slug_pattern_is_written_once():
    writers = {p.relative_to(SRC).as_posix() for p in modules() if SLUG_TEXT in p.read_text(encoding="utf-8")}
    assert writers == {"fields.py"}
