"""The public API: what `accordreg/__init__.py` promises, and that it keeps it."""

from __future__ import annotations

import ast
import importlib
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
        importlib.import_module(f"accordreg.{sub}")
    assert callable(accordreg.check)
    assert callable(accordreg.load)


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
