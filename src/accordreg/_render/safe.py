"""Record text made safe for where it is shown: spreadsheets, terminals, JSON, Markdown.

Records are written by whoever edits them, and their text reaches places that act on
some characters: a spreadsheet runs a cell that starts with ``=``, a terminal obeys
``ESC [ 2 J``, a Markdown viewer renders ``<script>`` and follows ``[x](javascript:...)``.
Each function here keeps what the text says and takes away what it would do.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

# -- spreadsheets --------------------------------------------------------------------------

#: First characters that make a spreadsheet read a cell as a formula (OWASP's list, and
#: the full-width forms some locales also accept).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# A cell that is just a number (e.g. "-5") computes nothing: it is left as it is.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def csv_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, behind a leading ``'``.

    Other values (numbers, booleans, ISO dates, ordinary text) come back unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row for ``csv.DictWriter``: None as an empty cell, formulas neutralised."""
    return {key: "" if value is None else csv_cell(value) for key, value in row.items()}


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """A CSV table with a header row: empty cells for None, formulas neutralised.

    A row with a carriage return in a cell is written with every cell quoted: the csv
    module quotes a cell holding a line feed but not one holding a lone CR, which
    spreadsheets take for the end of the row (and the next "row" could be a formula).
    """
    return "".join(csv_chunks(columns, rows))


def csv_chunks(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """:func:`csv_text` a line at a time: the header, then each row as it comes."""
    buffer = io.StringIO()
    plain = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    quoted = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", quoting=csv.QUOTE_ALL)
    plain.writeheader()
    for row in rows:
        cells = csv_row(row)
        carriage = any(isinstance(v, str) and "\r" in v for v in cells.values())
        (quoted if carriage else plain).writerow(cells)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


# -- terminals -----------------------------------------------------------------------------

# C0 controls but the newline, DEL, and C1 controls (U+0080-U+009F): a terminal acts on
# them (ESC and CSI start escape sequences; BEL rings; CR and BS overwrite what is shown).
_CONTROL = "\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f"
_SHORT = {"\t": "\\t", "\r": "\\r"}

#: Characters that show nothing, or reorder what is shown around them: the Arabic letter
#: mark, the Mongolian vowel separator, zero-width spaces, joiners and the left-to-right
#: and right-to-left marks (U+200B-U+200F), the line and paragraph separators, the bidi
#: embeddings and overrides (U+202A-U+202E), the word joiner, invisible operators and
#: bidi isolates (U+2060-U+206F), the byte order mark, interlinear annotation and tags.
#: "abc\u202edef" is shown as "abcfed": a reader sees other text than is there.
INVISIBLE = (
    "\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
)
_LIVE = re.compile(f"[{_CONTROL}{INVISIBLE}]")
# Everything a line of a file or a terminal could act on or hide: the newline too.
_UNSAFE = re.compile(f"[\\n{_CONTROL}{INVISIBLE}]")


def _control(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if code <= 0x9F:
        return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"
    return f"<U+{code:04X}>"


def terminal(text: str) -> str:
    """``text`` with every control character but the newline written out as an escape,
    and every invisible or reordering character (see ``INVISIBLE``) as its code point.

    ESC becomes ``\\x1b``, CSI ``\\u009b`` and a right-to-left override ``<U+202E>``, so
    the text is shown rather than obeyed. Escaping twice changes nothing more: neither a
    backslash nor ``<U+...>`` is a character escaped here.
    """
    return _LIVE.sub(_control, text)


def unsafe_characters(text: str) -> list[str]:
    """Each control (the newline too) and invisible character in ``text``, once, in order,
    as :func:`terminal` writes it (the newline as ``\\n``): what must not reach one line."""
    found = dict.fromkeys(_UNSAFE.findall(text))
    return ["\\n" if c == "\n" else terminal(c) for c in found]


# json.dumps escapes C0 controls itself but writes DEL, C1 controls, the Unicode line
# separators and the invisible characters as they are; outside strings it never writes
# them at all.
_JSON_RAW = re.compile(f"[\\x7f-\\x9f{INVISIBLE}]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # JSON writes a character beyond the BMP as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_text(dumped: str) -> str:
    """JSON from ``json.dumps`` with DEL, C1 controls, U+2028/9 and the invisible
    characters of ``INVISIBLE`` as ``\\uXXXX`` escapes.

    The document means exactly the same to any JSON reader; a terminal shows it safely.
    """
    return _JSON_RAW.sub(_json_escape, dumped)


# -- Markdown ------------------------------------------------------------------------------

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
#: What a Markdown reader would make live besides markup, written so that it stays text:
#: an ``@`` (a mention, or an e-mail address) with a zero-width space after it, as bots do
#: in pull-request comments; the second slash of ``//`` and a dot between a name and a
#: letter (``example.org``, ``www.x``) as character references, so that no autolinker,
#: GitHub's or linkify's, finds an address in them.
_INERT = {"@": "@&#8203;", "/": "&#47;", ".": "&#46;"}
# What starts HTML (< and &), links and images ([ ]), code spans (`), emphasis (* ~, and _
# unless between two letters or digits, where it never is emphasis), table cells (|),
# headings (#) and escapes (\); mentions and addresses (see _INERT); controls but the tab
# and invisible or reordering characters (see INVISIBLE), shown as ``terminal`` shows them.
_MARKDOWN = re.compile(
    r"[&<>\[\]`*~|#\\\r\n@]|_(?![^\W_])|(?<![^\W_])_|(?<=/)/|(?<=[^\W_])\.(?=[^\W\d_])"
    f"|[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{INVISIBLE}]"
)


def _markdown(match: re.Match[str]) -> str:
    char = match.group()
    if char in _ENTITIES:
        return _ENTITIES[char]
    if char in _INERT:
        return _INERT[char]
    if char in "\r\n":
        return " "
    if _LIVE.fullmatch(char):
        return _SHOWN.sub(_markdown, _control(match))
    return "\\" + char


#: What in a character's shown form (``\x1b``, ``<U+202E>``) Markdown would read.
_SHOWN = re.compile(r"[<>\\]")


def markdown_text(text: str) -> str:
    """Record text for a Markdown line or table cell: shown as written, never as markup.

    HTML is written with entities, link, emphasis and table syntax with backslashes,
    and line breaks as spaces, so no tag, link or new line can come from the text. No
    ``@mention`` notifies anyone and no bare address becomes a link (see ``_INERT``);
    control and invisible characters are shown as :func:`terminal` shows them
    (``<U+202E>``), never left to reorder or hide what is around them.
    """
    return _MARKDOWN.sub(_markdown, text)
