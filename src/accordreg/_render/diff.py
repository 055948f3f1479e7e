"""A registry diff for people and programs: text, JSON, and Markdown for a pull request."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

from .safe import json_text, markdown_text, terminal

if TYPE_CHECKING:  # the command line names the formats before any registry is read
    from .._registry.diff import RegistryDiff
    from .._registry.diff_fields import FieldChange, HistoryEdit, PastStatusChange

#: Longer values are cut in text and Markdown (JSON carries them whole).
VALUE_WIDTH = 120
#: The first line of the Markdown, so that a workflow can find its earlier comment.
MARKER = "<!-- accordreg-diff -->"
WARNING = (
    "Events already on record were edited, removed or inserted before later ones, or the "
    "status on past dates changed. The history is the dated record of what happened, which "
    "readers have relied on: correct it only with a source, and say why."
)

#: Characters kept before the first difference of two long texts.
CONTEXT = 30


def value(v: Any, skip: int = 0) -> str:
    """One value as it would be written: text quoted, null, numbers, data as JSON.

    ``skip`` leaves out the first characters of a text (shown as "…"), so that two long
    texts show where they differ rather than the start they share.
    """
    if v is None:
        text = "null"
    elif isinstance(v, bool):
        text = "true" if v else "false"
    elif isinstance(v, str):
        text = repr(v[skip:])
        if skip:
            text = text[0] + "…" + text[1:]
    elif isinstance(v, (int, float)):
        text = f"{v:g}" if isinstance(v, float) else str(v)
    else:
        text = json.dumps(v, ensure_ascii=False, separators=(", ", ": "))
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 1] + "…"


def values(c: FieldChange) -> tuple[str, str]:
    """A change's old and new values as written, "(absent)" where there is none."""
    skip = 0
    if isinstance(c.old, str) and isinstance(c.new, str):
        longest = max(len(repr(c.old)), len(repr(c.new)))
        same = next(
            (i for i, (a, b) in enumerate(zip(c.old, c.new, strict=False)) if a != b),
            min(len(c.old), len(c.new)),
        )
        if longest > VALUE_WIDTH and same > CONTEXT:
            skip = same - CONTEXT
    old = "(absent)" if c.change == "added" else value(c.old, skip)
    new = "(absent)" if c.change == "removed" else value(c.new, skip)
    return old, new


def _before_after(c: FieldChange, arrow: str = "->") -> str:
    old, new = values(c)
    return f"{old} {arrow} {new}"


def field_line(c: FieldChange) -> str:
    """``record: field.path: old -> new``."""
    where = f"{c.record}: {c.field}" if c.field else c.record
    return f"{where}: {_before_after(c)}"


def _count(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def summary(d: RegistryDiff) -> str:
    """What the change does, in one line of counts."""
    parts = []
    records = [
        (len(d.added), "added"),
        (len(d.removed), "removed"),
        (len(d.renamed), "renamed"),
    ]
    parts += [f"{_count(n, 'record')} {what}" for n, what in records if n]
    if d.fields:
        held = len({c.record for c in d.fields})
        parts.append(f"{_count(len(d.fields), 'field')} changed in {_count(held, 'record')}")
    if d.appended:
        parts.append(f"{_count(len(d.appended), 'event')} appended")
    if d.history_edits:
        kinds = [e.edit for e in d.history_edits]
        edits = [f"{kinds.count(k)} {k}" for k in ("edited", "removed", "inserted") if k in kinds]
        # "2 past events edited, 1 removed": the noun once, after the first count.
        first, _, rest = edits[0].partition(" ")
        noun = "past event" if first == "1" else "past events"
        parts.append(", ".join([f"{first} {noun} {rest}", *edits[1:]]))
    if d.past_status:
        held = len({p.record for p in d.past_status})
        parts.append(f"past statuses changed in {_count(held, 'provision')}")
    if d.settings:
        parts.append(f"{_count(len(d.settings), 'setting')} changed")
    if d.problems:
        parts.append(f"{_count(len(d.problems), 'file')} with errors")
    return "; ".join(parts) if parts else "no change in meaning"


def _edit_head(e: HistoryEdit) -> str:
    index = e.old_index if e.old_index is not None else e.new_index
    return f"{e.record}: history[{index}] ({e.on}, {e.status}) {e.edit}"


def _stretch(p: PastStatusChange) -> str:
    return p.start.isoformat() if p.start == p.end else f"{p.start} to {p.end}"


def _status(status: str | None) -> str:
    return status or "nothing on record"


def as_text(d: RegistryDiff) -> str:
    """Sections for what changed; history rewrites first and marked with ``!!``."""
    head = f"{d.path}: {d.old} -> {d.new}"
    if not d.changed:
        return f"{head}: no change in meaning ({_count(d.files_read, 'file')} read)\n"
    out = [head, summary(d)]
    if d.history_edits:
        out += ["", "!! History rewritten: events already on record were changed"]
        for e in d.history_edits:
            out.append(f"  {_edit_head(e)}")
            out += [f"      {c.field}: {_before_after(c)}" for c in e.fields]
    if d.past_status:
        out += ["", "!! Statuses on past dates changed"]
        out += [
            f"  {p.record}: {_stretch(p)}: {_status(p.old_status)} -> {_status(p.new_status)}"
            for p in d.past_status
        ]
    if d.added:
        out += ["", "Added:"] + [f"  + {r.kind} {r.id} ({r.path})" for r in d.added]
    if d.removed:
        out += ["", "Removed:"] + [f"  - {r.kind} {r.id} ({r.path})" for r in d.removed]
    if d.renamed:
        out += ["", "Renamed:"]
        for r in d.renamed:
            ids = r.new_id if r.old_id == r.new_id else f"{r.old_id} -> {r.new_id}"
            out.append(f"  ~ {r.kind} {ids} ({r.old_path} -> {r.new_path})")
    if d.fields:
        out += ["", "Fields changed:"] + [f"  {field_line(c)}" for c in d.fields]
    if d.appended:
        out += ["", "Events appended:"]
        for a in d.appended:
            note = f" — {' '.join(a.note.split())}" if a.note else ""
            out.append(f"  {a.record}: {a.on} {a.status}{note} (sources: {', '.join(a.sources)})")
    if d.settings:
        out += ["", "Settings (accordreg.yaml):"] + [
            f"  {c.field}: {_before_after(c)}" for c in d.settings
        ]
    if d.problems:
        out += ["", "Files with errors:"] + [f"  {p}" for p in d.problems]
    return terminal("\n".join(out)) + "\n"  # record text may hold control characters


def _cell(text: object) -> str:
    """Text from a registry for a Markdown line or table cell: shown, never markup."""
    return markdown_text(" ".join(str(text).split()))


def _code(text: str) -> str:
    """Text in a code span, safe in a table cell: the fence is longer than any run of
    backticks in the text, so none of them can end the span early (and let what follows
    it be read as Markdown); a pipe is escaped, as GitHub wants it even in code."""
    text = " ".join(text.split()).replace("|", "\\|")
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def as_markdown(d: RegistryDiff) -> str:
    """A comment for a pull request: a summary, a warning box for history rewrites, tables."""
    out = [
        MARKER,
        f"### Registry changes in `{d.path}`",
        "",
        f"{_code(d.old)} → {_code(d.new)}: {summary(d)}.",
    ]
    if not d.changed:
        out += ["", "Comments, layout and key order aside, the records are the same."]
        return "\n".join(out) + "\n"
    if d.history_edited:
        out += ["", "> [!CAUTION]", f"> **History rewritten.** {WARNING}"]
    if d.history_edits:
        out += ["", "| record | event | change |", "|---|---|---|"]
        for e in d.history_edits:
            index = e.old_index if e.old_index is not None else e.new_index
            what = _cell(e.edit) + "".join(
                f"<br>{_code(c.field)}: {_code(_before_after(c, '→'))}" for c in e.fields
            )
            event = f"{_cell(e.on)} {_cell(e.status)} (history[{index}])"
            out.append(f"| {_code(e.record)} | {event} | {what} |")
    if d.past_status:
        out += [
            "",
            "Statuses on past dates that changed:",
            "",
            "| record | dates | was | now |",
            "|---|---|---|---|",
        ]
        out += [
            f"| {_code(p.record)} | {_stretch(p)} | {_cell(_status(p.old_status))} | "
            f"{_cell(_status(p.new_status))} |"
            for p in d.past_status
        ]
    if d.appended:
        out += [
            "",
            "#### Events appended",
            "",
            "| record | date | status | sources | note |",
            "|---|---|---|---|---|",
        ]
        out += [
            f"| {_code(a.record)} | {_cell(a.on)} | {_cell(a.status)} | "
            f"{_cell(', '.join(a.sources))} | {_cell(a.note or '')} |"
            for a in d.appended
        ]
    if d.fields:
        out += [
            "",
            "#### Fields changed",
            "",
            "| record | field | before | after |",
            "|---|---|---|---|",
        ]
        for c in d.fields:
            old, new = (v if v == "(absent)" else _code(v) for v in values(c))
            out.append(f"| {_code(c.record)} | {_code(c.field)} | {old} | {new} |")
    if d.added or d.removed or d.renamed:
        out += ["", "#### Records", ""]
        out += [f"- added: {_cell(r.kind)} {_code(r.id)} ({_code(r.path)})" for r in d.added]
        out += [f"- removed: {_cell(r.kind)} {_code(r.id)} ({_code(r.path)})" for r in d.removed]
        for r in d.renamed:
            ids = (
                _code(r.new_id)
                if r.old_id == r.new_id
                else f"{_code(r.old_id)} → {_code(r.new_id)}"
            )
            where = f"{_code(r.old_path)} → {_code(r.new_path)}"
            out.append(f"- renamed: {_cell(r.kind)} {ids} ({where})")
    if d.settings:
        out += ["", "#### Settings (`accordreg.yaml`)", ""]
        out += [f"- {_code(c.field)}: {_cell(_before_after(c, '→'))}" for c in d.settings]
    if d.problems:
        out += ["", "#### Files with errors", ""]
        out += [f"- {_cell(p)}" for p in d.problems]
    return "\n".join(out) + "\n"


def _json_default(v: Any) -> Any:
    if isinstance(v, date):
        return v.isoformat()
    raise TypeError(f"not JSON: {v!r}")


def as_json(d: RegistryDiff) -> str:
    """The whole result as one JSON document, with ``changed`` and ``history_edited``."""
    data = {"changed": d.changed, "history_edited": d.history_edited, **asdict(d)}
    dumped = json.dumps(data, indent=2, ensure_ascii=False, default=_json_default)
    return json_text(dumped) + "\n"  # record text may hold controls and invisible characters


Renderer = Callable[["RegistryDiff"], str]

#: The formats of `accordreg diff`: each renders one result, ending in a newline.
RENDERERS: dict[str, Renderer] = {"text": as_text, "json": as_json, "markdown": as_markdown}
