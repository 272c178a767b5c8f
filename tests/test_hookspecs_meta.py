"""Every hook specification is exported, documented with its signature, and tested.

In the style of datasette's meta-tests: adding a hook to `hookspecs.py`
without documenting it in docs/plugins.md or testing it fails here.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from tlcriteria import hookspecs

ROOT = Path(__file__).parents[1]
GUIDE = ROOT / "docs" / "plugins.md"
HOOK_TESTS = Path(__file__).parent / "plugins" / "test_hooks.py"


def signature(name: str) -> str:
    """`name(params) -> return`, annotations as written in hookspecs.py."""
    function = getattr(hookspecs, name)
    params = ", ".join(
        f"{p.name}: {p.annotation}" if p.annotation is not p.empty else p.name
        for p in inspect.signature(function).parameters.values()
    )
    return f"{name}({params}) -> {function.__annotations__['return']}"


def test_all_lists_exactly_the_hook_specifications():
    marked = {
        name
        for name, value in vars(hookspecs).items()
        if callable(value) and hasattr(value, "tlcriteria_spec")
    }
    assert sorted(marked) == sorted(hookspecs.__all__)


@pytest.mark.parametrize("hook", hookspecs.__all__)
def test_hook_is_documented_with_its_signature(hook):
    guide = GUIDE.read_text(encoding="utf-8")
    assert f"### `{signature(hook)}`" in guide, f"docs/plugins.md has no heading ### `{signature(hook)}`"


@pytest.mark.parametrize("hook", hookspecs.__all__)
def test_hook_has_a_test_that_implements_it(hook):
    tree = ast.parse(HOOK_TESTS.read_text(encoding="utf-8"))
    tests = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    test = tests.get(f"test_hook_{hook}")
    assert test is not None, f"tests/plugins/test_hooks.py has no test_hook_{hook}"
    implemented = {
        node.name
        for node in ast.walk(test)
        if isinstance(node, ast.FunctionDef)
        and any(ast.unparse(d) == "hookimpl" for d in node.decorator_list)
    }
    assert hook in implemented, f"test_hook_{hook} does not define a @hookimpl {hook}"


def test_hook_docstrings_say_what_to_return():
    for hook in hookspecs.__all__:
        doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
        assert len(doc) > 40, f"{hook} needs a docstring"
