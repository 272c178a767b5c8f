"""No import loop anywhere in the `tlcriteria` package.

The graph is read from the sources with `ast`: every `import` and `from … import`,
at module level and inside functions alike (a function-level import that closes a
loop is a loop all the same, only deferred), except those under
`if TYPE_CHECKING:`, which never run. Importing `a.b.c` also runs the packages
`a.b` and `a` (their `__init__`), so those are edges too, unless the importing
module lives inside them (then they were imported before it).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "tlcriteria"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}


def is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_names(tree: ast.Module, name: str, is_package: bool) -> list[str]:
    """Every module name an import statement of the module asks for (resolved, absolute)."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join([*base, *([node.module] if node.module else [])])
            else:
                origin = node.module or ""
            found.append(origin)
            found.extend(f"{origin}.{alias.name}" for alias in node.names)  # kept if it is a module
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        edges: set[str] = set()
        own_packages = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 2)}
        for target in imported_names(tree, name, path.name == "__init__.py"):
            parts = target.split(".")
            for i in range(1, len(parts) + 1):
                step = ".".join(parts[:i])
                if step in known and step not in own_packages:
                    edges.add(step)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import loop, as the list of modules along it (the first one repeated at the end)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for following in sorted(graph.get(node, ())):
            if state.get(following) == 1:
                return [*path[path.index(following) :], following]
            if following not in state and (cycle := visit(following)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_package_has_no_import_loop() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import loop: " + " -> ".join(cycle or ())


def test_the_graph_sees_function_level_imports_and_packages() -> None:
    graph = import_graph()
    assert "tlcriteria.cli.app" in graph["tlcriteria.cli.check"]  # module level, relative
    assert "tlcriteria.catalogue_loading" in graph["tlcriteria.cli.check"]  # inside the command
    assert "tlcriteria.cli" not in graph["tlcriteria.cli.check"]  # its own package ran first


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"b"}, "b": set(), "c": {"c"}}, ["c", "c"]),
        ({"a": {"b", "c"}, "b": {"c"}, "c": set()}, None),
    ],
)
def test_find_cycle_names_the_loop(graph: dict[str, set[str]], cycle: list[str] | None) -> None:
    assert find_cycle(graph) == cycle


def test_the_command_modules_import_only_click_and_the_cli_leaves_at_load() -> None:
    """What `tlcriteria --help` imports (every command module): click and small modules only."""
    leaves = {"tlcriteria", "tlcriteria.i18n", "tlcriteria.cli.app", "tlcriteria.cli.help"}
    leaves |= {"tlcriteria.cli.options", "tlcriteria.cli.group", "tlcriteria.cli.places"}
    for name, path in modules().items():
        if not name.startswith("tlcriteria.cli."):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.level:
                base = name.split(".")[: -node.level]
                target = ".".join([*base, *([node.module] if node.module else [])])
                assert target in leaves, f"{name} imports {target} at module level"
