"""The registry's editing methods of earlier versions, kept one release: each warns and
hands over to the :class:`~accordreg.Editor` that replaces it."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from .._model.lifecycle import UNSET

if TYPE_CHECKING:
    from .._model.records import Agreement, Provision
    from .editor import Editor
    from .query import Registry
    from .staging import Edit


class DeprecatedEditing:
    """``Registry.transition()``, ``pending()``, ``diff()``, ``lock_folder``, ``save()``."""

    @property
    def _editor(self) -> Editor:
        from .editor import Editor

        editor: Editor | None = self.__dict__.get("_editor_made")
        if editor is None:
            # Only a Registry inherits these methods.
            editor = self.__dict__["_editor_made"] = Editor(cast("Registry", self))
        return editor

    def transition(
        self,
        provision_id: str,
        to: str,
        *,
        on: date | str,
        sources: Sequence[str] | str,
        note: str | None = None,
        level: int | None = None,
    ) -> Provision | Agreement:
        """Deprecated: use :meth:`Editor.transition <accordreg.Editor.transition>`
        (``level=None`` there records "not rated")."""
        _deprecated("Registry.transition()", "Editor(registry).transition()")
        given = UNSET if level is None else level
        return self._editor.transition(
            provision_id, to, on=on, sources=sources, note=note, level=given
        )

    def pending(self) -> list[Edit]:
        """Deprecated: use :meth:`Editor.staged <accordreg.Editor.staged>`."""
        _deprecated("Registry.pending()", "Editor.staged()")
        return self._editor.staged()

    def diff(self) -> str:
        """Deprecated: use :meth:`Editor.staged_diff <accordreg.Editor.staged_diff>`."""
        _deprecated("Registry.diff()", "Editor.staged_diff()")
        return self._editor.staged_diff()

    @property
    def lock_folder(self) -> Path:
        """Deprecated: use :attr:`Editor.lock_folder <accordreg.Editor.lock_folder>`."""
        _deprecated("Registry.lock_folder", "Editor.lock_folder")
        return self._editor.lock_folder

    def save(self) -> list[Path]:
        """Deprecated: use :meth:`Editor.save <accordreg.Editor.save>`."""
        _deprecated("Registry.save()", "Editor.save()")
        return self._editor.save()


def _deprecated(old: str, new: str) -> None:
    warnings.warn(
        f"{old} is deprecated and will be removed in 0.3; use {new}",
        DeprecationWarning,
        stacklevel=3,
    )
