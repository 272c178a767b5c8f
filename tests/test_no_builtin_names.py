"""No module outside kinds/ and schemes/ names a built-in answer kind or rating scheme.

What the core needs from a kind or a scheme is a method of its interface
(`tlcriteria.interfaces`); a test of a built-in's name ("choice",
"thresholds"…) would give a plugin less than a built-in. The source is read
with `ast`: every string constant equal to a built-in's name is a finding,
except docstrings, JSON Schema's `{"type": "number"}`, and the few places
listed in ALLOWED (each with its reason).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tlcriteria.plugins import BUILTIN_PLUGINS, build_plugins
from tlcriteria.registry import build_registry

SRC = Path(__file__).resolve().parents[1] / "src" / "tlcriteria"
PLUGIN_FOLDERS = ("kinds", "schemes")

#: (module, name) -> why this one use is not a branch on a built-in.
ALLOWED = {
    ("model.py", "thresholds"): "DEFAULT_SCHEME, the scheme of a set that names none, defined once",
    ("fields.py", "number"): "LEGACY_TYPES: the older name of the field type 'decimal' (a TOML value type)",
}


def builtin_names() -> set[str]:
    registry = build_registry(build_plugins(entry_points_group=None))
    return set(registry.kinds) | set(registry.schemes)


def docstrings(tree: ast.AST) -> set[int]:
    """ids of the constant nodes that are docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def json_schema_types(tree: ast.AST) -> set[int]:
    """ids of the constants written as `{"type": "…"}`: JSON Schema's vocabulary ("number"…)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "type":
                    found.add(id(value))
    return found


def findings(source: str, module: str, names: set[str]) -> list[str]:
    tree = ast.parse(source)
    skip = docstrings(tree) | json_schema_types(tree)
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in skip:
            continue
        if node.value in names and (module, node.value) not in ALLOWED:
            out.append(f"{module}:{node.lineno}: {node.value!r}")
    return out


def core_modules() -> list[Path]:
    return [p for p in sorted(SRC.rglob("*.py")) if p.relative_to(SRC).parts[0] not in PLUGIN_FOLDERS]


def test_the_built_in_names_are_those_of_the_kinds_and_schemes_modules():
    names = builtin_names()
    assert {"yes-no", "scale", "choice", "multi", "number", "thresholds", "profile"} <= names
    assert all(m.split(".")[1] in (*PLUGIN_FOLDERS, "formats") for m in BUILTIN_PLUGINS)


def test_no_core_module_names_a_built_in_kind_or_scheme():
    names = builtin_names()
    found = [
        f
        for path in core_modules()
        for f in findings(path.read_text(encoding="utf-8"), str(path.relative_to(SRC)), names)
    ]
    assert not found, "branches on a built-in's name (use a method of its interface):\n" + "\n".join(found)


def test_the_reader_catches_a_branch_and_spares_docstrings():
    source = (
        '"""The "choice" kind is described here."""\n\ndef f(c):\n    """Docstring: "multi"."""\n'
        '    schema = {"type": "number"}\n    return c.kind == "choice" or c.kind in ("number",)\n'
    )
    assert findings(source, "x.py", {"choice", "multi", "number"}) == ["x.py:6: 'choice'", "x.py:6: 'number'"]


def test_every_allowed_use_is_still_there():
    """An exemption that no longer matches anything must be removed."""
    for module, name in ALLOWED:
        text = (SRC / module).read_text(encoding="utf-8")
        assert findings(text, module, {name}) == [] and f'"{name}"' in text, (module, name)
