"""The package's layers, as the architecture page draws them, hold in the code.

Every import a module makes when it runs (at its top or inside a function; imports for
type annotations only, under ``TYPE_CHECKING``, are not dependencies) goes to its own
layer or one below it, and no modules import each other in a circle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import accordreg

PACKAGE = Path(accordreg.__file__).resolve().parent

#: The layers, lowest first: each may import from itself and those before it. The
#: contributors' page (docs/explanation/contributing.md) shows the same table.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("_errors", "_diagnostics", "_hints"),
    ("_yaml",),
    ("_model",),
    ("_store",),
    ("_validation",),
    ("_registry",),
    ("_render",),
    ("_importers",),
    ("testing",),
    ("_cli",),
    ("_console", "_moved", "__init__", "__main__"),
)
LAYER = {part: n for n, parts in enumerate(LAYERS) for part in parts}


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (``accordreg._registry.engine``)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ["accordreg", *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__" and len(parts) > 2:
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """The imports a module runs, at any depth, leaving out ``if TYPE_CHECKING:`` blocks."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking(node):
            yield from (n for x in node.orelse for n in _imports_of(x))
            continue
        yield from _imports_of(node)


def _imports_of(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
    else:
        yield from _imports(node)


def _targets(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that module ``name`` imports when it runs."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            bases = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from . import urls` names the module urls, not its package's __init__.
            bases = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        for target in bases:
            if target in modules and target != name:
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _targets(name, path, modules) for name, path in modules.items()}


def _layer(module: str) -> int:
    parts = module.split(".")
    return LAYER[parts[1] if len(parts) > 1 else "__init__"]


def test_every_module_has_a_layer() -> None:
    """No module sits outside the architecture's table."""
    for module in _graph():
        parts = module.split(".")
        assert len(parts) == 1 or parts[1] in LAYER, module


def test_no_module_imports_from_a_layer_above_it() -> None:
    """Imports go down the layers or stay inside one, never up."""
    upward = [
        f"{module} -> {target}"
        for module, targets in _graph().items()
        for target in targets
        if _layer(target) > _layer(module) and not target.endswith(".__init__")
    ]
    assert upward == []


def test_no_modules_import_each_other_in_a_circle() -> None:
    """The import graph (package __init__ files aside, which name their own parts) has no
    cycle."""
    graph = {
        m: {t for t in ts if t.count(".") > 0 and t != "accordreg"}
        for m, ts in _graph().items()
        if m != "accordreg"
    }
    # Tarjan's strongly connected components: any of more than one module is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert circles == []


def test_the_contributors_page_shows_these_layers() -> None:
    """The table of layers in the docs names every layer, in this order."""
    page = (PACKAGE.parents[1] / "docs" / "explanation" / "contributing.md").read_text()
    table = [line for line in page.splitlines() if line.startswith("| `")]
    named = [[w.strip("` ") for w in line.split("|")[1].split(",")] for line in table]
    assert named == [list(parts) for parts in LAYERS]


def test_no_module_is_over_500_lines() -> None:
    """A module that grows past 500 lines is split by job."""
    long = {
        name: n
        for name, path in _modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}


def test_no_line_is_kept_from_the_formatter() -> None:
    """Every file is laid out by the formatter alone: no pragma keeps a line from it."""
    root = PACKAGE.parents[1]
    kept = [
        f"{path.relative_to(root)}:{n}"
        for folder in ("src", "tests", "scripts", "benchmarks")
        for path in sorted((root / folder).rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "fmt: " + "skip" in line or "fmt: " + "off" in line
    ]
    assert kept == []
