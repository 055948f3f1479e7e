"""The module paths of 0.x before the internals became private, kept one release.

Code that imported ``accordreg.registry.query`` (say) still works, with a
``DeprecationWarning`` naming the public name to use instead; the paths are private now
and may change without notice, so the warning points at ``accordreg`` itself.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from types import ModuleType

#: The packages and modules that took a leading underscore.
_PACKAGES = frozenset(
    {"cli", "importers", "model", "registry", "render", "store", "validation", "yaml"}
    | {"diagnostics", "errors", "hints", "console"}
)
#: Modules renamed to say their role, by their path after the underscore was added.
_RENAMED = {
    "_model.settings_file": "_model.settings_schema",
    "_model.term_models": "_model.term_schemas",
    "_validation.settings": "_validation.settings_check",
    "_validation.terms": "_validation.term_checks",
    "_render.terms": "_render.term_lines",
    "_registry.tables": "_registry.flat_tables",
    "_registry.relations": "_registry.related_tables",
    "_registry.relation_rows": "_registry.related_rows",
    "_registry.records": "_registry.lazy_records",
    "_render.summary": "_render.headline",
    "_validation.summary": "_validation.fact_summary",
    "_validation.serial": "_validation.in_process",
    "_cli.history_verbs": "_cli.changes",
}


def new_path(name: str) -> str | None:
    """The private module an old ``accordreg.…`` path now names, or None if it is not old."""
    parts = name.split(".")
    if len(parts) < 2 or parts[0] != "accordreg" or parts[1] not in _PACKAGES:
        return None
    rest = ".".join(["_" + parts[1], *parts[2:]])
    for old, new in _RENAMED.items():
        if rest == old or rest.startswith(old + "."):
            rest = new + rest[len(old) :]
            break
    return "accordreg." + rest


class _Alias(importlib.abc.Loader):
    """Hands back the module already imported under its new path."""

    def __init__(self, module: ModuleType) -> None:
        self._module = module
        self._spec = module.__spec__

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return self._module

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the module ran when it was imported under its new path. The
        import system has just given it the alias's spec; it gets its own back, which
        what it holds (package data, ``importlib.resources``) is found through."""
        module.__spec__ = self._spec


class _OldPaths(importlib.abc.MetaPathFinder):
    """Finds old module paths and answers with the private module, after a warning."""

    def find_spec(
        self,
        fullname: str,
        path: object = None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        new = new_path(fullname)
        if new is None:
            return None
        warnings.warn(
            f"{fullname} is private now ({new}) and may change without notice; "
            "import the public names from accordreg instead",
            DeprecationWarning,
            stacklevel=2,
        )
        module = importlib.import_module(new)
        return importlib.machinery.ModuleSpec(
            fullname, _Alias(module), is_package=hasattr(module, "__path__")
        )


def install() -> None:
    """Let old module paths import, once per process."""
    # First in line: once an old package path names a private package, the standard
    # finder would load that package's modules a second time under their old names.
    if not any(isinstance(finder, _OldPaths) for finder in sys.meta_path):
        sys.meta_path.insert(0, _OldPaths())
