"""Recording what happened: an :class:`Editor` stages events in a registry's files and saves
them, each file rewritten atomically with its comments and layout kept.

The :class:`~accordreg.Registry` answers questions; the editor changes files. An editor
works on one loaded registry, whose queries see each staged event at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._model.lifecycle import UNSET, StepLevel
from .._store.read import digest
from .arguments import as_event_date, id_list

if TYPE_CHECKING:
    from .._diagnostics import Diagnostic
    from .._model.records import Agreement, Provision
    from .query import Registry
    from .staging import Edit


class Editor:
    """Stages events in a registry's files and writes them together with :meth:`save`."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        #: Warnings the last transition's event brought (T002, T003), as `validate` gives them.
        self.warnings: list[Diagnostic] = []
        self._staged: dict[Path, Edit] = {}

    def __repr__(self) -> str:
        return f"<Editor of {self.registry!r}, {len(self._staged)} file(s) staged>"

    def transition(
        self,
        record_id: str,
        to: str,
        *,
        on: date | str,
        sources: Sequence[str] | str,
        note: str | None = None,
        level: StepLevel = UNSET,
        progress: float | None = None,
        party: str | None = None,
        terms: Mapping[str, Any] | None = None,
    ) -> Provision | Agreement:
        """Stage one event of a provision, or of an agreement's own history (given an
        agreement's id): a move to ``to`` (or the same status again, to record news) on
        ``on``, citing ``sources``; written by :meth:`save`.

        ``level`` sets the event's level (None: not rated; left out, the lifecycle's rule
        applies); ``progress`` how much of the category's measure is achieved; ``party``
        the responsible party the event concerns; ``terms`` what it changes of the
        provision's terms, from its date on. Every check of ``accordreg validate`` applies:
        the move, the date, the sources, the party, the progress and terms against the
        category. Raises :class:`~accordreg.TransitionError` (nothing staged) otherwise.
        An agreement's event takes no ``level``, ``progress`` or ``terms``; its moves are
        the agreement lifecycle's. Returns the record with its new event.
        """
        from . import staging  # the write path: loaded only by registries that write

        registry = self.registry
        self.warnings = []
        record: Provision | Agreement = (
            registry.agreement(record_id)
            if record_id in registry.agreements
            else registry.provision(record_id)
        )
        path = registry.path_of(record_id)
        staged = self._staged.get(path)
        if staged is None:
            base = registry._digests.get(str(path), "")
            text = staging.read_current(path, base)
            staged = staging.Edit(path, text, text, base)
        change, updated = staging.plan_transition(
            record,
            staged,
            to,
            on=as_event_date(on),
            sources=id_list(sources, "sources"),
            known_sources=set(registry.sources),
            note=note,
            level=level,
            progress=progress,
            party=party,
            terms=terms,
            known_parties=set(registry.parties),
            warned=self.warnings,
            settings=registry.settings,
        )
        self._staged[path] = change
        registry._put(updated)
        return updated

    def staged(self) -> list[Edit]:
        """The staged edits not yet written, one per file."""
        return list(self._staged.values())

    def staged_diff(self) -> str:
        """The unified diff of every staged edit."""
        return "".join(c.diff() for c in self._staged.values())

    @property
    def lock_folder(self) -> Path:
        """The folder whose lock serialises writers of this registry."""
        roots = self.registry.roots
        root = roots[0] if roots else Path(".")
        return root if root.is_dir() else root.parent

    def save(self) -> list[Path]:
        """Write every staged edit atomically; return the files written.

        Raises :class:`~accordreg.ConflictError` and writes nothing if any of the files
        changed on disk since the registry read it.
        """
        from . import staging

        with staging.locked(self.lock_folder):
            written = staging.write_changes(self.staged())
        for change in self._staged.values():
            self.registry._digests[str(change.path)] = digest(change.after.encode("utf-8"))
        self._staged.clear()
        return written
