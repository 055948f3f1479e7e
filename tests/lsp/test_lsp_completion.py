"""Completion over LSP: keys, the registry's words, the allowed moves, ids with titles."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from lsp_editor import Client, Editor, started
from lsprotocol import types

RELEASE = "kl-declaration-2025/release.yaml"

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def lsp() -> AsyncIterator[Client]:
    async for client in started():
        yield client


async def _complete(
    lsp: Client, registry_dir: Path, text: str, *, settings: str | None = None
) -> list[types.CompletionItem]:
    """The completion at the end of ``text`` (which the buffer of release.yaml holds)."""
    if settings is not None:
        (registry_dir / "accordreg.yaml").write_text(settings)
    editor = Editor(lsp, registry_dir)
    await editor.start()
    address = editor.open(RELEASE, text)
    await editor.diagnostics(RELEASE)
    last = text.split("\n")[-1]
    found = await editor.request(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=address),
            position=types.Position(line=text.count("\n"), character=len(last)),
        ),
    )
    assert isinstance(found, types.CompletionList)
    return sorted(found.items, key=lambda item: item.sort_text or item.label)


def _release(registry_dir: Path) -> str:
    return (registry_dir / RELEASE).read_text()


async def test_keys_of_the_record_not_yet_written(lsp: Client, registry_dir: Path) -> None:
    """On a new top-level line: the provision's keys that are not there, described."""
    items = await _complete(lsp, registry_dir, _release(registry_dir) + "dea")
    labels = [item.label for item in items]
    assert "deadlines" in labels
    assert "depends_on" in labels
    assert "title" not in labels
    deadlines = next(item for item in items if item.label == "deadlines")
    assert deadlines.text_edit is not None
    assert deadlines.text_edit.new_text == "deadlines: "
    assert deadlines.documentation


async def test_keys_of_a_history_event(lsp: Client, registry_dir: Path) -> None:
    """Inside an event: the event's keys that it does not have yet."""
    text = _release(registry_dir) + "    "
    labels = {item.label for item in await _complete(lsp, registry_dir, text)}
    assert labels == {"level", "party", "progress", "terms", "note"}


async def test_categories_come_from_the_registrys_vocabulary(
    lsp: Client, registry_dir: Path
) -> None:
    """A category is offered from the vocabulary, the registry's own among them."""
    settings = (
        "kind: settings\nname: Test\ncategories:\n"
        "  - id: prisoner_exchange\n    label: Prisoner exchange\n"
    )
    text = _release(registry_dir).replace("category: detainee_release", "category: ")
    text = text[: text.index("category: ") + len("category: ")]
    items = await _complete(lsp, registry_dir, text, settings=settings)
    by_label = {item.label: item for item in items}
    assert "prisoner_exchange" in by_label
    assert by_label["prisoner_exchange"].detail == "Prisoner exchange"
    assert "detainee_release" in by_label


async def test_a_status_offers_the_allowed_moves_first(lsp: Client, registry_dir: Path) -> None:
    """After a `status:` in a history, the moves from the event before come first."""
    text = _release(registry_dir)
    text = text[: text.index("  - on: 2025-12-27")] + "  - on: 2025-12-27\n    status: "
    items = await _complete(lsp, registry_dir, text)
    first = [item.label for item in items[:5]]
    assert first == ["in_progress", "resumption_agreed", "superseded", "cancelled", "suspended"]
    assert items[0].detail == "allowed next: being carried out"
    assert items[0].preselect
    assert {item.label for item in items[5:]} >= {"agreed", "implemented", "verified"}


async def test_sources_are_offered_newest_first_with_titles(
    lsp: Client, registry_dir: Path
) -> None:
    """Where an event cites sources: every source id, the newest first (those without a
    date last), with its title."""
    text = (
        _release(registry_dir) + "  - on: 2026-01-02\n    status: verified\n    sources:\n      - "
    )
    items = await _complete(lsp, registry_dir, text)
    assert [item.label for item in items] == [
        "chiang-rai-times-2025-12-31",
        "hurriyet-daily-news-2025-11-10",
        "pax-2850",
        "thai-government-gbc-2025-12-27",
    ]
    assert items[0].detail == "Report on the release of the 18 Cambodian soldiers"
    assert items[0].kind == types.CompletionItemKind.Reference


async def test_parties_are_offered_where_a_field_names_one(lsp: Client, registry_dir: Path) -> None:
    """A responsible party: the party ids holding what is typed, with their names."""
    text = _release(registry_dir)
    text = text[: text.index("  - thailand")] + "  - th"
    items = await _complete(lsp, registry_dir, text)
    assert [(item.label, item.detail) for item in items] == [("thailand", "Kingdom of Thailand")]
    assert items[0].text_edit is not None
    assert items[0].text_edit.new_text == "thailand"
