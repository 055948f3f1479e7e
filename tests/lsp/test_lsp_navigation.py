"""Hover, go to definition and find references over LSP."""

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


def _position(text: str, needle: str, offset: int = 0) -> types.Position:
    """Where ``needle`` first stands in ``text`` (plus ``offset`` characters), in UTF-16."""
    before = text[: text.index(needle) + offset]
    line = before.count("\n")
    column = before.rsplit("\n", 1)[-1]
    return types.Position(line=line, character=len(column.encode("utf-16-le")) // 2)


async def _opened(lsp: Client, registry_dir: Path) -> tuple[Editor, str, str]:
    editor = Editor(lsp, registry_dir)
    await editor.start()
    text = (registry_dir / RELEASE).read_text()
    address = editor.open(RELEASE, text)
    await editor.diagnostics(RELEASE)
    return editor, address, text


async def _hover(editor: Editor, address: str, position: types.Position) -> str:
    found = await editor.request(
        types.TEXT_DOCUMENT_HOVER,
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=address), position=position
        ),
    )
    assert found is not None
    assert isinstance(found.contents, types.MarkupContent)
    return str(found.contents.value)


async def test_hover_on_a_key_gives_its_description(lsp: Client, registry_dir: Path) -> None:
    """A key's hover is the field's description, as the published schema has it."""
    editor, address, text = await _opened(lsp, registry_dir)
    said = await _hover(editor, address, _position(text, "responsible:", 2))
    assert said == "**`responsible`**\n\nIds of the parties that must carry it out."


async def test_hover_on_an_id_names_its_record(lsp: Client, registry_dir: Path) -> None:
    """An id's hover names the record's kind and title, and where it is."""
    editor, address, text = await _opened(lsp, registry_dir)
    said = await _hover(editor, address, _position(text, "  - thailand", 6))
    assert said.startswith("**party** `thailand`: Kingdom of Thailand")
    assert "state · THA" in said
    assert said.endswith("in `parties/thailand.yaml`")


async def test_hover_on_a_provision_gives_its_status_from_the_engine(
    lsp: Client, registry_dir: Path
) -> None:
    """A provision's id is answered with its status and level today."""
    editor = Editor(lsp, registry_dir)
    await editor.start()
    path = registry_dir / "kl-declaration-2025" / "withdrawal.yaml"
    text = path.read_text().replace(
        "sources:\n", "depends_on:\n  - kl-declaration-2025/release\nsources:\n", 1
    )
    address = editor.open("kl-declaration-2025/withdrawal.yaml", text)
    await editor.diagnostics("kl-declaration-2025/withdrawal.yaml")
    said = await _hover(editor, address, _position(text, "kl-declaration-2025/release", 3))
    assert said.startswith("**provision** `kl-declaration-2025/release`: Release of the 18")
    assert "status `implemented` since 2025-12-31; level: 3 (full, by status)" in said


async def test_hover_on_a_status_gives_its_meaning_and_moves(
    lsp: Client, registry_dir: Path
) -> None:
    """A status is explained, with the moves the lifecycle allows from it."""
    editor, address, text = await _opened(lsp, registry_dir)
    said = await _hover(editor, address, _position(text, "status: suspended", 10))
    assert said == (
        "**status** `suspended`: paused by a party\n\n"
        "may move to: `in_progress`, `resumption_agreed`, `superseded`, `cancelled`\n\n"
        "levels an event may set: 0, 1, 2"
    )


async def test_definition_of_an_id_is_its_records_id(lsp: Client, registry_dir: Path) -> None:
    """Go to definition on a cited source lands on the `id` of the source's file."""
    editor, address, text = await _opened(lsp, registry_dir)
    found = await editor.request(
        types.TEXT_DOCUMENT_DEFINITION,
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=address),
            position=_position(text, "chiang-rai-times-2025-12-31", 2),
        ),
    )
    assert found.uri == editor.uri("sources/chiang-rai-times-2025-12-31.yaml")
    assert found.range == types.Range(
        start=types.Position(line=2, character=4), end=types.Position(line=2, character=31)
    )


async def test_references_of_a_source_are_every_event_citing_it(
    lsp: Client, registry_dir: Path
) -> None:
    """Find references on a source: every place that cites it, across the registry."""
    editor = Editor(lsp, registry_dir)
    await editor.start()
    source = "sources/pax-2850.yaml"
    text = (registry_dir / source).read_text()
    address = editor.open(source, text)
    await editor.diagnostics(source)
    found = await editor.request(
        types.TEXT_DOCUMENT_REFERENCES,
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=address),
            position=_position(text, "id: pax-2850", 5),
            context=types.ReferenceContext(include_declaration=False),
        ),
    )
    places = sorted((Path(loc.uri).name, loc.range.start.line) for loc in found)
    citing = []
    for path in sorted(registry_dir.rglob("*.yaml")):
        for number, line in enumerate(path.read_text().splitlines()):
            if line.strip() == "- pax-2850":
                citing.append((path.name, number))
    assert places == sorted(citing)
    assert len(places) >= 3
