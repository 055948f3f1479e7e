"""Reading a registry's settings file: located diagnostics like any record, then settings.

Without a file, the built-in defaults. With a file that has errors, the errors are
reported and the records are checked against the defaults.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .._diagnostics import Diagnostic, has_errors
from .._model.defaults import default_settings
from .._model.names import SETTINGS_FILE
from .._store.read import Document, digest, parse_bytes, read, read_bytes
from .located import Located, type_name

if TYPE_CHECKING:
    from .._model.lifecycle import Lifecycle
    from .._model.settings import Settings


#: What the settings file is called in the hints of its F004 (see ``store.read``).
WHAT = "settings file"


def settings_path(root: Path) -> Path | None:
    """The settings file of the registry folder ``root``, if it has one.

    Whatever stands under its name counts: a dangling link, a folder or a device is then
    reported where the file is read (F004), never passed over for the defaults unsaid.
    """
    candidate = root / SETTINGS_FILE
    return candidate if root.is_dir() and os.path.lexists(candidate) else None


def read_settings(path: Path) -> tuple[Settings, list[Diagnostic]]:
    """The settings a file declares, and its problems (defaults if it has errors)."""
    return _settings_of(read(path, what=WHAT), path)


def settings_from_bytes(raw: bytes, path: Path) -> tuple[Settings, list[Diagnostic]]:
    """The settings the bytes of a settings file declare (such as a file at a git revision,
    which is never written out); problems are reported at ``path``."""
    return _settings_of(parse_bytes(raw, path), path)


def _settings_of(doc: Document, path: Path) -> tuple[Settings, list[Diagnostic]]:
    # pydantic and the models: only for a registry that has a settings file to read.
    from pydantic import ValidationError

    from .._model.settings_schema import SettingsFile, problems, resolve
    from .translate import report, without_misspelt_missing

    out = list(doc.diagnostics)
    if doc.data is None:
        return default_settings(), out
    ctx = Located(str(path), lambda: doc.positions, out)
    if not isinstance(doc.data, dict):
        ctx.add(
            "Y006",
            (),
            f"the settings file is a {type_name(doc.data)}, not a mapping",
            "it starts with `kind: settings`",
        )
        return default_settings(), out
    try:
        file = SettingsFile.model_validate(doc.data)
    except ValidationError as exc:
        for error in without_misspelt_missing(SettingsFile, exc.errors(include_url=False)):
            report(ctx, SettingsFile, error)
        return default_settings(), out
    for where, message, hint in problems(file):
        ctx.add("C001", where, message, hint)
    if has_errors(out):
        return default_settings(), out
    return resolve(file, str(path)), out


class SettingsSource:
    """A run's settings: given, or read from the registry's file only once a record has to
    be checked. Its ``key`` (for the cache) needs no more than the file's bytes."""

    def __init__(
        self,
        path: Path | None,
        given: Settings | None = None,
        lifecycle: Lifecycle | None = None,
    ) -> None:
        self.path = path
        self._given = given
        self._lifecycle = lifecycle
        self._settings: Settings | None = None
        self.diagnostics: list[Diagnostic] = []
        self._raw: bytes | None = None
        if path is not None and given is None:
            try:
                self._raw = read_bytes(str(path), what=WHAT)
            except OSError:  # reported when the settings are read (see read_settings)
                self._raw = None

    @property
    def key(self) -> str:
        """What the records' results depend on in the settings, as text."""
        if self._given is not None:
            base = self._given.fingerprint()
        elif self._raw is not None:
            base = digest(self._raw)
        else:
            base = "default"
        return base + (self._lifecycle.fingerprint() if self._lifecycle else "")

    @property
    def digest(self) -> str:
        """The content hash of the settings file ("" without one)."""
        return digest(self._raw) if self._raw is not None else ""

    def get(self) -> Settings:
        """The settings (reading and checking the file the first time)."""
        if self._settings is None:
            settings = self._given or default_settings()
            if self._given is None and self.path is not None:
                settings, self.diagnostics = read_settings(self.path)
            if self._lifecycle is not None:
                settings = settings.with_lifecycle(self._lifecycle)
            self._settings = settings
        return self._settings
