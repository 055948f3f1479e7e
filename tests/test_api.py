"""The public API: what `accordreg/__init__.py` promises, and that it keeps it."""

from __future__ import annotations

import ast
import importlib
import re
import sys
import warnings
from pathlib import Path

import pytest

import accordreg

INIT = Path(accordreg.__file__)


def _typing_block_names() -> set[str]:
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom)
                names.update(alias.asname or alias.name for alias in stmt.names)
    return names


def test_all_lazy_table_and_typing_block_list_the_same_names() -> None:
    """`__all__`, the lazy-import table and the TYPE_CHECKING imports name the same things."""
    public = set(accordreg.__all__) - {"__version__"}
    assert public == set(accordreg._PUBLIC)
    assert public == _typing_block_names()


def test_typing_block_imports_each_name_from_the_module_the_table_names() -> None:
    """For type checkers and at run time, each public name comes from one and the same module."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom)
                for alias in stmt.names:
                    assert accordreg._PUBLIC[alias.name] == stmt.module


def test_every_public_name_resolves_to_the_object_of_its_module() -> None:
    """Each name in `__all__` can be got from the package, and is its module's object."""
    for name, module in accordreg._PUBLIC.items():
        value = getattr(accordreg, name)
        assert value is getattr(importlib.import_module(f"accordreg.{module}"), name)


def test_public_functions_are_not_shadowed_by_subpackages() -> None:
    """Importing every subpackage leaves `accordreg.check` and `accordreg.load` callable."""
    for sub in ("model", "yaml", "store", "validation", "registry", "render", "importers", "cli"):
        importlib.import_module(f"accordreg._{sub}")
    assert callable(accordreg.check)
    assert callable(accordreg.load)


#: The modules the documentation names; every other module is private.
DOCUMENTED_MODULES = {"accordreg", "accordreg.testing"}


def _module_names() -> list[str]:
    package = INIT.parent
    names = []
    for path in sorted(package.rglob("*.py")):
        parts = ["accordreg", *path.relative_to(package).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def test_every_module_but_the_documented_ones_is_private() -> None:
    """A module whose dotted path has no part with a leading underscore is a documented one."""
    public = {
        name
        for name in _module_names()
        if not any(part.startswith("_") for part in name.split(".")[1:])
    }
    assert public == DOCUMENTED_MODULES


def test_documented_modules_declare_all() -> None:
    """Each documented module says what it exports in ``__all__``, and has each of them."""
    for name in DOCUMENTED_MODULES:
        module = importlib.import_module(name)
        assert module.__all__
        for exported in module.__all__:
            assert hasattr(module, exported), (name, exported)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("accordreg.registry.flat_tables_gone", None),
        ("accordreg.registry.tables", "accordreg._registry.flat_tables"),
        ("accordreg.model.records", "accordreg._model.records"),
        ("accordreg.hints", "accordreg._hints"),
        ("accordreg.cli.history_verbs", "accordreg._cli.changes"),
    ],
)
def test_old_module_paths_import_the_private_module_with_a_warning(
    old: str, new: str | None
) -> None:
    """A path of the modules before they were private still imports, and the warning names
    the new one; a path that never existed is still an ImportError."""
    sys.modules.pop(old, None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if new is None:
            with pytest.raises(ImportError):
                importlib.import_module(old)
        else:
            assert importlib.import_module(old) is importlib.import_module(new)
    if new is not None:
        # The module is the private one, whole: its own spec (its package data) kept.
        assert importlib.import_module(new).__spec__.name == new  # type: ignore[union-attr]
    said = [str(w.message) for w in caught if w.category is DeprecationWarning]
    assert said
    assert new is None or any(f"{old} is private now ({new})" in s for s in said)


def test_the_public_names_are_those_the_reference_documents() -> None:
    """Every name the package offers is in __all__ and in the API reference, and no other:
    a new public name fails here until the reference lists it."""
    reference = (Path(__file__).parent.parent / "docs" / "reference" / "api.md").read_text()
    offered = set(accordreg._PUBLIC) | {"__version__"}
    assert offered == set(accordreg.__all__)
    undocumented = [n for n in accordreg.__all__ if f"accordreg.{n}" not in reference]
    assert undocumented == []


def test_renamed_names_still_answer_with_a_warning() -> None:
    """ProvisionStatus and Change, the names of Standing and Edit before, warn and answer."""
    for old, new in (("ProvisionStatus", "Standing"), ("Change", "Edit")):
        with pytest.warns(DeprecationWarning, match=f"accordreg.{new}"):
            assert getattr(accordreg, old) is getattr(accordreg, new)


def test_to_frame_tables_are_the_documented_ones() -> None:
    """Registry.to_frame offers the tables the API reference names, and no other."""
    from accordreg._registry.frames import FRAMES

    reference = (Path(__file__).parent.parent / "docs" / "reference" / "api.md").read_text()
    named = set(re.findall(r'to_frame\(table="(\w+)"\)', reference))
    assert named == set(FRAMES) - {"provisions"}
    assert "to_frame()" in reference
