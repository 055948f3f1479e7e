"""A document's lines, and positions in them as the validator and as the client count.

The validator gives 1-based lines and columns counted in characters (code points). A
client counts a line's characters in the position encoding agreed at startup: UTF-16
code units unless it offered another, so an emoji is two where Thai or Khmer letters are
one each. Lines end at LF, CRLF or CR, as the protocol has them.

pygls has a codec for this; it splits lines at more characters than the protocol does
(form feeds, U+2028) and changes the position it is given when that lies past the end,
so the few lines of arithmetic are kept here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lsprotocol import types

_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, without their line breaks (a last empty line included)."""
    return _BREAK.split(text)


def _units(text: str, encoding: str) -> int:
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@dataclass(frozen=True)
class Lines:
    """A document's lines, and the position encoding its client counts in."""

    lines: Sequence[str]
    encoding: str = types.PositionEncodingKind.Utf16

    @classmethod
    def of(cls, text: str, encoding: str = types.PositionEncodingKind.Utf16) -> Lines:
        return cls(split_lines(text), encoding)

    def line(self, number: int) -> str:
        """Line ``number`` (0-based); empty past the end."""
        return self.lines[number] if 0 <= number < len(self.lines) else ""

    def to_client(self, line: int, char: int) -> types.Position:
        """A 0-based line and character (code point) index as the client counts it."""
        if line >= len(self.lines):
            return types.Position(line=max(len(self.lines) - 1, 0), character=0)
        text = self.lines[line]
        return types.Position(line=line, character=_units(text[: max(char, 0)], self.encoding))

    def from_client(self, position: types.Position) -> tuple[int, int]:
        """The 0-based line and character (code point) index of a client's position."""
        text = self.line(position.line)
        wanted = position.character
        if self.encoding == types.PositionEncodingKind.Utf32:
            return position.line, min(wanted, len(text))
        counted = 0
        for index, char in enumerate(text):
            if counted >= wanted:
                return position.line, index
            counted += _units(char, self.encoding)
        return position.line, len(text)

    def span(self, line: int, start: int, end: int) -> types.Range:
        """A range on one line, from code point ``start`` to ``end``."""
        return types.Range(start=self.to_client(line, start), end=self.to_client(line, end))

    def at(self, line: int, column: int) -> types.Range:
        """The range of the value or key that starts at a 1-based line and column, as the
        validator gives them: to the end of that scalar on its line (the whole line's
        rest where it is not one), never empty."""
        row, start = line - 1, column - 1
        text = self.line(row)
        end = scalar_end(text, start)
        if end <= start:
            end = min(start + 1, len(text)) if start < len(text) else start
        if end <= start and row + 1 < len(self.lines):
            # At the end of a line (a value missing after `key:`): up to the line's end.
            return types.Range(start=self.to_client(row, start), end=self.to_client(row + 1, 0))
        return self.span(row, start, end)


_QUOTES = {'"': '"', "'": "'"}


def scalar_end(text: str, start: int) -> int:
    """Where the scalar that starts at ``start`` of a line ends: after its closing quote,
    before `: ` (a key), `, `/`]`/`}` inside a flow collection, or a comment; else at the
    line's end, trailing blanks left out."""
    if start >= len(text):
        return start
    first = text[start]
    if first in _QUOTES:
        i = start + 1
        while i < len(text):
            if text[i] == first:
                if first == "'" and text[i + 1 : i + 2] == "'":  # '' is a quote inside
                    i += 2
                    continue
                return i + 1
            if first == '"' and text[i] == "\\":
                i += 1
            i += 1
        return len(text)
    if first in "[{":
        return _flow_end(text, start)
    in_flow = _inside_flow(text, start)
    i = start
    while i < len(text):
        char = text[i]
        if char == "#" and i > start and text[i - 1] in " \t":
            break
        if char == ":" and (i + 1 == len(text) or text[i + 1] in " \t"):
            break
        if in_flow and (char in ",]}" or (char == ":" and text[i + 1 : i + 2] in (" ", ""))):
            break
        i += 1
    return len(text[start:i].rstrip()) + start


def _flow_end(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] in "[{":
            depth += 1
        elif text[i] in "]}":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text.rstrip())


def _inside_flow(text: str, at: int) -> bool:
    """Whether position ``at`` of a line lies inside a ``[...]`` or ``{...}`` opened on
    it (quotes skipped)."""
    depth = 0
    quote = ""
    for char in text[:at]:
        if quote:
            quote = "" if char == quote else quote
        elif char in _QUOTES:
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(depth - 1, 0)
    return depth > 0
