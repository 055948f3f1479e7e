"""Diagnostics over LSP: what `accordreg validate` says, where it says it, as files change."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from lsp_editor import Client, Diagnostics, Editor, codes, started
from lsprotocol import types

from accordreg._validation.run import checked
from conftest import DATA, overlay

RELEASE = "kl-declaration-2025/release.yaml"

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def lsp() -> AsyncIterator[Client]:
    async for client in started():
        yield client


async def test_an_open_file_gets_what_validate_says_of_it(lsp: Client, registry_dir: Path) -> None:
    """An unknown key comes with validate's message and hint, code, link and severity."""
    editor = Editor(lsp, registry_dir)
    await editor.start()
    text = (registry_dir / RELEASE).read_text().replace("title:", "titel:")
    editor.open(RELEASE, text)
    (found,) = await editor.diagnostics(RELEASE, until=lambda d: bool(d))
    assert found.code == "S001"
    assert found.source == "accordreg"
    assert found.severity == types.DiagnosticSeverity.Error
    assert found.message == "unknown key 'titel'\nhint: did you mean 'title'?"
    assert found.code_description is not None
    assert found.code_description.href.endswith("docs/reference/diagnostics.md#s001-unknown-key")
    assert found.range == types.Range(
        start=types.Position(line=4, character=0), end=types.Position(line=4, character=5)
    )


#: Thai, Khmer and an emoji before the mistake: the emoji is two UTF-16 code units and
#: four UTF-8 bytes, each Thai or Khmer letter one code unit (three bytes).
MULTIBYTE = 'locations: [{country: THA, place: "สระแก้ว 😀 ស្រុក", bogus: 1}]\n'


def _with_multibyte(registry_dir: Path) -> str:
    text = (registry_dir / RELEASE).read_text()
    return text.replace("locations:\n  - country: THA\n    subdivision: Sa Kaeo\n", MULTIBYTE)


@pytest.mark.parametrize(
    ("encodings", "start", "end"),
    [
        ((), 54, 59),  # UTF-16: the emoji counts twice
        ((types.PositionEncodingKind.Utf8,), 80, 85),
        ((types.PositionEncodingKind.Utf32,), 53, 58),
    ],
    ids=["utf-16", "utf-8", "utf-32"],
)
async def test_the_squiggle_is_under_the_mistake_after_thai_khmer_and_an_emoji(
    lsp: Client, registry_dir: Path, encodings: tuple[str, ...], start: int, end: int
) -> None:
    """Columns are counted in the encoding the client and server agreed on."""
    editor = Editor(lsp, registry_dir)
    result = await editor.start(encodings=encodings)
    assert result.capabilities.position_encoding == (encodings or ("utf-16",))[0]
    text = _with_multibyte(registry_dir)
    editor.open(RELEASE, text)
    (found,) = await editor.diagnostics(RELEASE, until=lambda d: bool(d))
    assert found.message.startswith("unknown key 'bogus'")
    line = text.splitlines()[found.range.start.line]
    assert found.range.start == types.Position(line=9, character=start)
    assert found.range.end == types.Position(line=9, character=end)
    # The validator's own column (code points) is where the emoji-free count puts it.
    assert line.index("bogus") == 53


async def test_a_reference_resolves_to_a_record_in_an_unsaved_buffer(
    lsp: Client, registry_dir: Path
) -> None:
    """A party created in another, unsaved buffer resolves the reference to it; closing
    that buffer unsaved brings the problem back."""
    editor = Editor(lsp, registry_dir)
    await editor.start()
    text = (registry_dir / RELEASE).read_text().replace("  - thailand\n", "  - royal-thai-army\n")
    editor.open(RELEASE, text)
    (found,) = await editor.diagnostics(RELEASE, until=lambda d: bool(d))
    assert found.code == "R002"
    assert found.message == (
        "responsible[0]: no party with id 'royal-thai-army'\nhint: add a party record with this id"
    )
    party = "kind: party\nid: royal-thai-army\nname: Royal Thai Army\ntype: armed_forces\n"
    editor.open("parties/royal-thai-army.yaml", party)
    assert await editor.diagnostics(RELEASE, until=lambda d: not d) == []
    editor.close("parties/royal-thai-army.yaml")
    assert codes(await editor.diagnostics(RELEASE, until=lambda d: bool(d))) == ["R002"]


async def test_a_file_changed_on_disk_rechecks_the_files_that_refer_to_it(
    lsp: Client, registry_dir: Path
) -> None:
    """A source deleted outside the editor breaks the open file that cites it."""
    editor = Editor(lsp, registry_dir)
    await editor.start()
    editor.open(RELEASE)
    assert await editor.diagnostics(RELEASE) == []
    (registry_dir / "sources" / "pax-2850.yaml").unlink()
    editor.changed_on_disk("sources/pax-2850.yaml", types.FileChangeType.Deleted)
    found = await editor.diagnostics(RELEASE, until=lambda d: bool(d))
    assert {str(d.code) for d in found} == {"R002"}
    assert {d.range.start.line for d in found} == {13, 18}
    assert lsp.registered[0].method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES


async def test_problems_in_files_that_are_not_open_are_published(
    lsp: Client, registry_dir: Path
) -> None:
    """A client that does not pull diagnostics is sent those of every file."""
    withdrawal = registry_dir / "kl-declaration-2025" / "withdrawal.yaml"
    withdrawal.write_text(withdrawal.read_text().replace("on: 2025-11-10", "on: 2025-11-31"))
    editor = Editor(lsp, registry_dir)
    await editor.start()
    (found,) = await editor.diagnostics("kl-declaration-2025/withdrawal.yaml")
    assert found.code == "S005"
    assert lsp.versions[editor.uri("kl-declaration-2025/withdrawal.yaml")] is None


CATEGORY = """kind: settings
name: Test registry
categories:
  - id: prisoner_exchange
    label: Prisoner exchange
"""


async def test_a_settings_change_rechecks_the_workspace(lsp: Client, registry_dir: Path) -> None:
    """A category added in the settings buffer makes a closed file that uses it valid."""
    release = registry_dir / RELEASE
    release.write_text(release.read_text().replace("detainee_release", "prisoner_exchange"))
    editor = Editor(lsp, registry_dir)
    await editor.start()
    assert codes(await editor.diagnostics(RELEASE)) == ["S004"]
    editor.open("accordreg.yaml", CATEGORY)
    assert await editor.diagnostics(RELEASE, until=lambda d: not d) == []
    assert await editor.diagnostics("accordreg.yaml") == []


async def test_an_invalid_settings_file_is_reported_alone(lsp: Client, registry_dir: Path) -> None:
    """With errors in accordreg.yaml, only they are reported, saying records wait for it."""
    (registry_dir / "accordreg.yaml").write_text("kind: settings\nname: 3\n")
    release = registry_dir / RELEASE
    release.write_text(release.read_text().replace("title:", "titel:"))
    editor = Editor(lsp, registry_dir)
    await editor.start()
    (found,) = await editor.diagnostics("accordreg.yaml")
    assert found.code == "S003"
    assert found.message.endswith("records are checked once this file is valid")
    editor.open(RELEASE, release.read_text())
    assert await editor.diagnostics(RELEASE) == []
    editor.open("accordreg.yaml", "kind: settings\nname: Fixed\n")
    assert codes(await editor.diagnostics(RELEASE, until=lambda d: bool(d))) == ["S001"]


async def test_a_client_that_pulls_gets_each_document_and_the_workspace(
    lsp: Client, registry_dir: Path
) -> None:
    """Pulled: the open document's problems for it, the others' in the workspace report,
    and nothing pushed."""
    withdrawal = registry_dir / "kl-declaration-2025" / "withdrawal.yaml"
    withdrawal.write_text(withdrawal.read_text().replace("on: 2025-11-10", "on: 2025-11-31"))
    editor = Editor(lsp, registry_dir)
    result = await editor.start(pull=True)
    assert result.capabilities.diagnostic_provider is not None
    address = editor.open(RELEASE, (registry_dir / RELEASE).read_text().replace("title:", "titel:"))
    report = await editor.request(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=address)),
    )
    assert [d.code for d in report.items] == ["S001"]
    again = await editor.request(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=address),
            previous_result_id=report.result_id,
        ),
    )
    assert again.kind == "unchanged"
    whole = await editor.request(
        types.WORKSPACE_DIAGNOSTIC, types.WorkspaceDiagnosticParams(previous_result_ids=[])
    )
    reported = {item.uri: [d.code for d in item.items] for item in whole.items}
    assert reported == {editor.uri("kl-declaration-2025/withdrawal.yaml"): ["S005"]}
    assert lsp.reports == []


async def test_a_client_that_pushes_is_not_offered_pulls(lsp: Client, registry_dir: Path) -> None:
    """Without the client's pull capabilities, the server does not advertise them."""
    result = await Editor(lsp, registry_dir).start()
    assert result.capabilities.diagnostic_provider is None


def _expected(root: Path) -> list[tuple[str, int, int, str, str, int]]:
    """What `validate` says of a registry, as a UTF-16 client is to be told it."""
    out = []
    for d in checked(root).diagnostics:
        raw = Path(d.path).read_bytes() if Path(d.path).is_file() else b""
        lines = raw.decode("utf-8", "replace").splitlines() or [""]
        line = lines[d.line - 1] if d.line - 1 < len(lines) else ""
        character = len(line[: d.column - 1].encode("utf-16-le")) // 2
        message = f"{d.message}\nhint: {d.hint}" if d.hint else d.message
        severity = 1 if d.severity == "error" else 2
        out.append((Path(d.path).as_uri(), d.line - 1, character, d.code, message, severity))
    return sorted(out)


def _told(published: dict[str, Diagnostics]) -> list[tuple[str, int, int, str, str, int]]:
    return sorted(
        (
            address,
            d.range.start.line,
            d.range.start.character,
            str(d.code),
            d.message,
            d.severity or 0,
        )
        for address, found in published.items()
        for d in found
    )


async def test_every_code_is_told_as_validate_says_it(lsp: Client, tmp_path: Path) -> None:
    """Each invalid example of a record or settings code, as a workspace folder: the client
    is told exactly what `validate` says, at the same places, in the same words."""
    cases = [c for c in sorted((DATA / "invalid").iterdir()) if not c.name.startswith("P")]
    roots = [overlay(case, tmp_path / case.name) for case in cases]
    expected = sorted(e for root in roots for e in _expected(root))
    assert {e[3] for e in expected} >= {c.name[:4] for c in cases} - {"F005"} - {"F004"}
    editor = Editor(lsp, tmp_path)
    await editor.start(folders=roots)
    published = await editor.published(lambda found: _told(found) == expected)
    assert all(d.source == "accordreg" for found in published.values() for d in found)
