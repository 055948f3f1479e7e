"""YAML syntax errors in plain words: what is wrong, where it really is, how to fix it.

libyaml and PyYAML's pure parser word their errors differently ("did not find expected
key", "expected <block end>, but found '<block mapping start>'") and place some of them
where the parser gave up rather than where the mistake is: a line without a colon is
reported at the start of the next line, an unclosed quote at the end of the file. Both
parsers' errors are translated here into the same words, at the mistake's own line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import yaml

_TAB_HINT = "YAML indents with spaces only; replace the tab with spaces"
_QUOTE_HINT = "put the value in quotes"


@dataclass(frozen=True)
class Explained:
    """A syntax error as reported: 1-based place, message and hint."""

    line: int
    column: int
    message: str
    hint: str


class _Text:
    """The document's lines, for what surrounds an error's position."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")

    def line(self, line: int) -> str:
        """Line ``line`` (1-based) without its line break; empty past the end."""
        return self.lines[line - 1].rstrip("\r") if 0 < line <= len(self.lines) else ""

    def char(self, line: int, column: int) -> str:
        """The character at a 1-based position, or empty past the line's end."""
        row = self.line(line)
        return row[column - 1] if 0 < column <= len(row) else ""

    def indent(self, line: int) -> int:
        """How many spaces line ``line`` starts with."""
        row = self.line(line)
        return len(row) - len(row.lstrip(" "))

    def previous_content(self, line: int) -> int:
        """The nearest line before ``line`` holding more than blanks and a comment, or 0."""
        for number in range(line - 1, 0, -1):
            stripped = self.line(number).strip()
            if stripped and not stripped.startswith("#"):
                return number
        return 0

    def sibling_item(self, line: int) -> int:
        """The list item above ``line`` most nearly lined up with it (the nearest of
        equals), or 0: the item that ``line``, itself an item, was probably meant to match.
        """
        own = self.indent(line)
        best, best_gap = 0, -1
        for number in range(line - 1, 0, -1):
            if self.line(number).lstrip(" ").startswith("- "):
                gap = abs(self.indent(number) - own)
                if best_gap < 0 or gap < best_gap:
                    best, best_gap = number, gap
        return best


def _place(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def explain(exc: yaml.MarkedYAMLError, text: str) -> Explained:
    """The plain-words form of a syntax error from either parser."""
    problem = exc.problem or ""
    context = exc.context or ""
    line, column = _place(exc.problem_mark or exc.context_mark)
    doc = _Text(text)
    for rule in _RULES:
        found = rule(problem, context, exc, doc, line, column)
        if found is not None:
            return found
    words = f"{problem} ({context})" if problem and context else problem or context
    return Explained(
        line,
        column,
        f"not well-formed YAML: {words or 'malformed'}",
        "check this line's indentation and quoting",
    )


# Each rule recognises one error, in both parsers' words, and returns None otherwise.


def _tab(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    if "tab" not in problem and doc.char(line, column) != "\t":
        return None
    return Explained(line, column, "a tab where YAML expects spaces", _TAB_HINT)


def _mapping_values(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    if not problem.startswith("mapping values are not allowed"):
        return None
    row = doc.line(line)
    before = row[: column - 1]
    key, sep, value = row.partition(": ")
    if sep and len(key) + 1 < column - 1 and "#" not in before:
        # `title: Note: this`: the value holds ': ', read as a key inside a plain value.
        quoted = f"{key.strip()}: {json.dumps(value.strip(), ensure_ascii=False)}"
        return Explained(
            line,
            column,
            "the value holds ': ', which YAML reads as the start of another key",
            f"{_QUOTE_HINT}: `{quoted}`",
        )
    above = doc.previous_content(line)
    start = doc.indent(line) + 1
    where = f"the line above (line {above})" if above else "the line above"
    return Explained(
        line,
        start,
        f"this key is indented more than {where}, so it cannot start there",
        f"indent it like the key it stands beside; if the line continues the value above, "
        f"{_QUOTE_HINT} above",
    )


def _no_colon(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    if "could not find expected ':'" not in problem:
        return None
    # Reported where the parser gave up (the next line); the mistake is the key's line.
    line, column = _place(exc.context_mark or exc.problem_mark)
    return Explained(
        line,
        column,
        "this line has no ':' after its key",
        "write `key: value`; if the line continues the value above, indent it more than "
        "that value's key",
    )


def _block_mapping(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    if "while parsing a block mapping" not in context or not (
        "did not find expected key" in problem or "expected <block end>" in problem
    ):
        return None
    if column - 1 > doc.indent(line):
        return _trailing(doc, line, column)
    outer_line, outer_col = _place(exc.context_mark)
    if doc.line(line)[column - 1 :].startswith(":"):
        return Explained(
            line,
            column,
            "a ':' with no key before it",
            "write the key before the ':' (`key: value`), or remove the line",
        )
    if doc.line(line)[column - 1 :].startswith("- "):
        above = doc.sibling_item(line)
        if above and doc.indent(above) == column - 1:
            return Explained(
                line,
                column,
                f"this list item lines up with the one at line {above}, but a line between "
                "them, indented less, ended that list",
                f"check the indentation of lines {above + 1} to {line - 1}",
            )
        if above:
            return Explained(
                line,
                column,
                f"this list item does not line up with the one at line {above} "
                f"(column {doc.indent(above) + 1})",
                "indent every item of a list alike",
            )
        return Explained(
            line,
            column,
            "a list item where the mapping expects a key",
            "put the list under its key, indented: `key:` then `  - item` on the next lines",
        )
    spaces = column - 1
    return Explained(
        line,
        column,
        f"this line's indentation ({spaces} space{'' if spaces == 1 else 's'}) matches no "
        "key above it",
        f"indent it like the keys it belongs with (the mapping at line {outer_line} has its "
        f"keys at column {outer_col})",
    )


def _block_sequence(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    if "while parsing a block collection" not in context or not (
        "expected '-' indicator" in problem or "expected <block end>" in problem
    ):
        return None
    if column - 1 > doc.indent(line):
        return _trailing(doc, line, column)
    list_line, list_col = _place(exc.context_mark)
    return Explained(
        line,
        column,
        f"this line lines up neither with the items of the list at line {list_line} nor "
        "with the keys inside the item above",
        f"start a new item with '- ' at column {list_col}, or indent the line to the column "
        "of the item's keys",
    )


def _trailing(doc: _Text, line: int, column: int) -> Explained:
    rest = doc.line(line)[column - 1 :].strip()
    shown = rest if len(rest) <= 20 else rest[:19] + "…"
    return Explained(
        line,
        column,
        f"unexpected {shown!r} after a complete value",
        f"{_QUOTE_HINT} if all of it is the value, or remove what follows it",
    )


def _sequence_on_key_line(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    if "sequence entries are not allowed" not in problem:
        return None
    return Explained(
        line,
        column,
        "a list item ('- ') cannot follow a key on the same line",
        "put each `- item` on a line of its own, indented under the key, or write [a, b]",
    )


def _unclosed_quote(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    if "quoted scalar" not in context or "end of stream" not in problem:
        return None
    line, column = _place(exc.context_mark or exc.problem_mark)
    quote = doc.char(line, column) or '"'
    return Explained(
        line,
        column,
        "this quoted value is never closed",
        f"end the value with {quote}; a {quote} inside it is written "
        + ("''" if quote == "'" else '\\"'),
    )


def _flow(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    closing = "]" if "flow sequence" in context else "}" if "flow mapping" in context else ""
    if not closing or f"',' or '{closing}'" not in problem:
        return None
    what = "list" if closing == "]" else "mapping"
    open_line, open_col = _place(exc.context_mark)
    if open_line != line:
        return Explained(
            open_line,
            open_col,
            f"the {what} opened here is not closed: ',' or '{closing}' was expected at line "
            f"{line}, column {column}",
            f"close it with '{closing}' before the line ends",
        )
    return Explained(
        line,
        column,
        f"',' or '{closing}' expected here, inside the {what} opened at column {open_col}",
        f"separate items with ', '; {_QUOTE_HINT} if an item holds ':', ',' or brackets",
    )


def _bad_start(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    if "cannot start any token" not in problem:
        return None
    char = doc.char(line, column)
    return Explained(
        line,
        column,
        f"a value cannot start with {char!r}: YAML reserves it",
        _QUOTE_HINT,
    )


def _escape(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    if "unknown escape character" not in problem:
        return None
    # libyaml points at the backslash, the pure parser at the letter after it.
    if doc.char(line, column) != "\\" and doc.char(line, column - 1) == "\\":
        column -= 1
    escape = doc.line(line)[column - 1 : column + 1]
    return Explained(
        line,
        column,
        f"{escape!r} is not an escape sequence of YAML's double-quoted text",
        "write a backslash as \\\\, or use single quotes, in which \\ is just a backslash",
    )


def _node_expected(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    if "expected node content" not in problem and "expected the node content" not in problem:
        return None
    if column == 1 and doc.line(line).startswith("..."):
        return Explained(
            line,
            column,
            "a document end ('...') with no document before it",
            "remove the '...' line; a record file holds one mapping, e.g. `kind: provision`",
        )
    char = doc.char(line, column)
    return Explained(
        line,
        column,
        f"a value was expected here, not {char!r}" if char else "a value was expected here",
        f"{_QUOTE_HINT} if it starts with a YAML indicator such as ']', '}}' or ','",
    )


def _document_start(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    if "<document start>" not in problem:
        return None
    earlier = [doc.line(n) for n in range(1, line)]
    if any(row.startswith("...") for row in earlier):
        return Explained(
            line,
            column,
            "content after the end of the document ('...')",
            "a record file holds one document: remove the '...' line",
        )
    first = next(
        (
            n
            for n, row in enumerate(earlier, 1)
            if row.strip() and not row.lstrip().startswith(("#", "%", "---"))
        ),
        0,
    )
    if first and doc.indent(first) > doc.indent(line):
        # The document's first line is indented, so its top level is: a line that is not
        # ends the document, and the parser wants another one.
        return Explained(
            first,
            doc.indent(first) + 1,
            f"the document's first line is indented, but line {line} is not",
            "start the top-level keys at column 1",
        )
    return Explained(
        line,
        column,
        "content after a directive ('%...') must follow a '---' line",
        "add a line `---` after the directives, or remove them",
    )


def _directive(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    if "duplicate" in problem and "directive" in problem:
        return Explained(line, column, "the %YAML directive is given twice", "keep one %YAML line")
    if "incompatible YAML document" in problem:
        return Explained(
            line,
            column,
            "a %YAML directive for a version other than 1.x",
            "write `%YAML 1.2`, or remove the line: records are YAML 1.2 anyway",
        )
    if "directive" in context:
        return Explained(
            line,
            column,
            "a malformed directive line ('%...')",
            "write `%YAML 1.2` alone on its line, or remove the line",
        )
    return None


def _anchor_or_alias(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    if "alphabetic or numeric character" not in problem or not (
        "alias" in context or "anchor" in context
    ):
        return None
    line, column = _place(exc.context_mark or exc.problem_mark)
    char = doc.char(line, column) or "*"
    return Explained(
        line,
        column,
        f"{char!r} at the start of a value begins an {'alias' if char == '*' else 'anchor'}, "
        "which needs a name",
        f"{_QUOTE_HINT} if the {char!r} is part of the text",
    )


def _block_scalar(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    if "block scalar" not in context:
        return None
    line, column = _place(exc.context_mark or exc.problem_mark)
    return Explained(
        line,
        column,
        "a block value's '|' or '>' must end its line (a comment aside)",
        f"start the text on the next line, indented; or, for one line, {_QUOTE_HINT}",
    )


def _explicit_key(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    if "mapping keys are not allowed" not in problem:
        return None
    return Explained(
        line,
        column,
        "a '?' here would start an explicit key, which records never use",
        _QUOTE_HINT,
    )


def _tag(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    if "tag" not in context:
        return None
    line, column = _place(exc.context_mark or exc.problem_mark)
    return Explained(
        line,
        column,
        "a malformed tag ('!...')",
        f"remove the tag (records use plain values), or {_QUOTE_HINT} if the '!' is text",
    )


def _colon_in_plain(
    problem: str, context: str, exc: yaml.MarkedYAMLError, doc: _Text, line: int, column: int
) -> Explained | None:
    if "found unexpected ':'" not in problem:
        return None
    return Explained(line, column, "an unexpected ':' inside a value", _QUOTE_HINT)


_RULES = (
    _tab,
    _mapping_values,
    _no_colon,
    _block_mapping,
    _block_sequence,
    _sequence_on_key_line,
    _unclosed_quote,
    _flow,
    _bad_start,
    _escape,
    _node_expected,
    _document_start,
    _directive,
    _anchor_or_alias,
    _block_scalar,
    _explicit_key,
    _tag,
    _colon_in_plain,
)
