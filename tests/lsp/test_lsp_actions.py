"""Code actions over LSP: a did-you-mean put in place, a missing record created as
`accordreg new` creates it, an event recorded as `accordreg transition` records it."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from lsp_editor import Client, Diagnostics, Editor, started
from lsprotocol import types

from conftest import run

RELEASE = "kl-declaration-2025/release.yaml"

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def lsp() -> AsyncIterator[Client]:
    async for client in started():
        yield client


async def _actions(
    editor: Editor, address: str, found: Diagnostics, at: types.Position | None = None
) -> list[types.CodeAction]:
    where = found[0].range if found else types.Range(start=at, end=at)  # type: ignore[arg-type]
    answer = await editor.request(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=address),
            range=where,
            context=types.CodeActionContext(diagnostics=list(found)),
        ),
    )
    return list(answer or [])


async def test_a_did_you_mean_is_put_in_place(lsp: Client, registry_dir: Path) -> None:
    """The hint's word replaces the misspelt key, as a preferred quick fix."""
    editor = Editor(lsp, registry_dir)
    await editor.start()
    address = editor.open(RELEASE, (registry_dir / RELEASE).read_text().replace("title:", "titel:"))
    found = await editor.diagnostics(RELEASE, until=bool)
    (fix,) = [a for a in await _actions(editor, address, found) if a.title.startswith("Change")]
    assert fix.title == "Change to 'title'"
    assert fix.is_preferred
    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.edit is not None
    assert fix.edit.changes is not None
    assert {k: list(v) for k, v in fix.edit.changes.items()} == {
        address: [
            types.TextEdit(
                range=types.Range(
                    start=types.Position(line=4, character=0),
                    end=types.Position(line=4, character=5),
                ),
                new_text="title",
            )
        ]
    }


def _cli_copy(registry_dir: Path, tmp_path: Path) -> Path:
    """The registry as it was before the editor changed it, to run the command line on."""
    return Path(shutil.copytree(registry_dir, tmp_path / "by-the-command-line"))


async def test_a_missing_party_is_created_as_new_creates_it(
    lsp: Client, registry_dir: Path, tmp_path: Path
) -> None:
    """The party a reference names is written by `new`'s scaffolding, with the type the
    user picks; the reference then resolves."""
    twin = _cli_copy(registry_dir, tmp_path)
    editor = Editor(lsp, registry_dir)
    await editor.start()
    text = (registry_dir / RELEASE).read_text().replace("  - thailand\n", "  - thailnd\n")
    address = editor.open(RELEASE, text)
    found = await editor.diagnostics(RELEASE, until=bool)
    titles = [a.title for a in await _actions(editor, address, found)]
    assert "Change to 'thailand'" in titles
    assert "Create party 'thailnd' (parties/thailnd.yaml)" in titles
    text = text.replace("  - thailnd\n", "  - royal-thai-army\n")
    editor.edit(RELEASE, text)
    found = await editor.diagnostics(RELEASE, until=lambda d: "royal-thai-army" in d[0].message)
    (create,) = [a for a in await _actions(editor, address, found) if a.command is not None]
    assert create.command is not None
    lsp.answer = lambda asked: "armed_forces"
    await editor.request(
        types.WORKSPACE_EXECUTE_COMMAND,
        types.ExecuteCommandParams(
            command=create.command.command, arguments=create.command.arguments
        ),
    )
    assert lsp.asked[-1].message == "What sort of actor is 'royal-thai-army'?"
    (shown,) = lsp.shown_documents
    assert shown.uri == editor.uri("parties/royal-thai-army.yaml")
    assert shown.selection == types.Range(
        start=types.Position(line=3, character=6), end=types.Position(line=3, character=21)
    )
    assert await editor.diagnostics(RELEASE, until=lambda d: not d) == []
    code, _ = run(
        "new", "party", "royal-thai-army", "--name", "royal-thai-army", "--type", "armed_forces",
        "--registry", str(twin),
    )  # fmt: skip
    assert code == 0
    made = "parties/royal-thai-army.yaml"
    assert (registry_dir / made).read_bytes() == (twin / made).read_bytes()


async def test_an_event_is_recorded_as_transition_records_it(
    lsp: Client, registry_dir: Path, tmp_path: Path
) -> None:
    """An allowed move, citing the source the user picks and dated as it: the file is
    written as `accordreg transition` writes it."""
    twin = _cli_copy(registry_dir, tmp_path)
    editor = Editor(lsp, registry_dir)
    await editor.start()
    address = editor.open(RELEASE)
    found = await editor.diagnostics(RELEASE)
    moves = await _actions(editor, address, found, at=types.Position(line=30, character=4))
    assert [a.title for a in moves] == [
        "Record an event: implemented → verified",
        "Record an event: implemented → reversed",
        "Record an event: implemented → superseded",
    ]
    lsp.answer = lambda asked: asked.actions[0].title if asked.actions else None
    verified = moves[0].command
    assert verified is not None
    await editor.request(
        types.WORKSPACE_EXECUTE_COMMAND,
        types.ExecuteCommandParams(command=verified.command, arguments=verified.arguments),
    )
    offered = [a.title for a in lsp.asked[-1].actions or []]
    assert offered == ["chiang-rai-times-2025-12-31 (2025-12-31)"]
    code, out = run(
        "transition", "kl-declaration-2025/release", "verified", "--on", "2025-12-31",
        "--source", "chiang-rai-times-2025-12-31", "--registry", str(twin),
    )  # fmt: skip
    assert code == 0, out
    assert (registry_dir / RELEASE).read_bytes() == (twin / RELEASE).read_bytes()


async def test_an_event_waits_for_the_file_to_be_saved(lsp: Client, registry_dir: Path) -> None:
    """With unsaved changes in the buffer, recording is offered disabled, saying why."""
    editor = Editor(lsp, registry_dir)
    await editor.start()
    text = (registry_dir / RELEASE).read_text() + "# a note\n"
    address = editor.open(RELEASE, text)
    found = await editor.diagnostics(RELEASE)
    moves = await _actions(editor, address, found, at=types.Position(line=2, character=0))
    assert moves
    for action in moves:
        assert action.disabled is not None
        assert action.disabled.reason.startswith("save the file first")
        assert action.command is None
