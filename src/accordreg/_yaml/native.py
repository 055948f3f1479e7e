"""The optional native parser (yaml-rs, the ``native`` extra), on the text it reads as the
stock path does.

It is given only text known to be shallow (see :func:`.compose.nesting`) and free of what
it reads otherwise than the stock path (YAML 1.2's core schema): other text, and anything
it declines or reads into keys or integers the stock path would not make, takes the stock
path.
"""

from __future__ import annotations

import os
import re
from functools import cache
from typing import Any

from .compose import SHALLOW, nesting
from .scalars import NumberTooLong, int_too_large, resolve_plain


@cache
def _native_module() -> Any:
    """The optional native accelerator (pip install "accordreg[native]"), or None.

    Imported on first use, so that a run with it turned off never pays for the import."""
    try:
        import yaml_rs
    except ImportError:  # pragma: no cover - depends on the extra
        return None
    return yaml_rs


def native_installed() -> bool:
    """Whether the native parser (the ``native`` extra) is installed."""
    return _native_module() is not None


#: Text the native parser is not trusted with: tags, anchors and aliases, explicit keys
#: (any "?"), directives and document markers, tabs, literal block scalars. Such files
#: take the stock path, as do those holding numbers it reads otherwise than YAML 1.2's core
#: schema (see :func:`_native_may_read`). Plain substring tests: they run on every file,
#: and a regular expression for the same costs as much as parsing it natively.
_NATIVE_REFUSES = ("!", "&", "*", "|", "\t", "?", "%", "\n---", "\n...")
#: A binary, octal or hexadecimal prefix (``0b10010``, ``0X1F``, ``+0x10``, ``-0o7``): the
#: native parser reads every such word as a number, the core schema only ``0o7`` and
#: ``0x1F`` unsigned. A text holding one anywhere takes the stock path: rare in records,
#: and a regular expression led by a literal costs no more than a substring test.
_NUMBER_PREFIX = re.compile(r"0[bBoOxX]")
#: Infinity and not-a-number in any case (``.iNf``): the native parser reads them all as
#: numbers, the core schema only these spellings (others are text).
_INF_NAN = re.compile(r"\.(?:[iI][nN][fF]|[nN][aA][nN])")
_CORE_INF_NAN = frozenset({".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"})
#: What ends a word of block text (flow collections with entries never reach the native
#: parser): a word with an underscore is looked at as a whole.
_WORD_ENDS = frozenset(" \n\r:#,[]{}\"'")
#: The characters any spelling of a number holds (``0x1F``, ``-1.5e3``, ``.inf``, ``.nan``),
#: underscores and the ends of a word: an underscore beside any other is in no number.
_IN_NUMBERS = frozenset("0123456789abcdefABCDEFxXoOiInN.+-_") | _WORD_ENDS


#: Characters YAML does not allow in a file (the stock path reports them, the native
#: parser accepts them), and the line breaks of YAML 1.1 that 1.2 reads as text (NEL, LS,
#: PS: libyaml breaks lines at them, the native parser does not).
@cache
def _not_plain_text() -> re.Pattern[str]:
    # Compiled on first use: a class this wide takes milliseconds to compile.
    return re.compile(
        "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    )


_ASCII_ALLOWED = bytes([9, 10, 13, *range(0x20, 0x7F)])


def _native_may_read(text: str) -> bool:
    for refused in _NATIVE_REFUSES:
        if refused in text:
            return False
    if text.isascii():
        # Deleting the allowed bytes leaves the others: five times faster than a search.
        if text.encode("ascii").translate(None, _ASCII_ALLOWED):
            return False
    elif _not_plain_text().search(text):
        return False
    if text.startswith(("---", "...")):
        return False
    # Block scalars other than `>-` (folded, strip) come back differently when empty.
    if text.count(">") != text.count(">-\n"):
        return False
    # A flow collection that is not empty (`[a, b]`, not `[]`): the native parser reads
    # some entries (`[:3]`, `[a:]`) that the stock parsers refuse as a syntax error.
    if "[" in text and text.count("[") != text.count("[]"):
        return False
    if "{" in text and text.count("{") != text.count("{}"):
        return False
    # Numbers the core schema does not spell so, which the native parser reads as numbers.
    if _NUMBER_PREFIX.search(text) is not None or _odd_inf_nan(text):
        return False
    return "_" not in text or not _underscore_in_number(text)


def _underscore_in_number(text: str) -> bool:
    """Whether an underscore stands in a word that is a number once its underscores are
    dropped: the native parser reads ``1_000``, ``_18``, ``18_``, ``_.7`` and ``0xE_`` as
    numbers, the core schema as text (``pax_codes`` is read alike by both)."""
    at = text.find("_")
    while at != -1:
        before = text[at - 1] if at > 0 else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        if before not in _IN_NUMBERS or after not in _IN_NUMBERS:
            # A letter no number holds (`date_signed`): no number, and no need to look on.
            at = text.find("_", at + 1)
            continue
        start = at
        while start > 0 and text[start - 1] not in _WORD_ENDS:
            start -= 1
        end = at + 1
        while end < len(text) and text[end] not in _WORD_ENDS:
            end += 1
        try:
            value = resolve_plain(text[start:end].replace("_", ""))
        except NumberTooLong:
            return True
        if type(value) is int or type(value) is float:
            return True
        at = text.find("_", end)
    return False


def _odd_inf_nan(text: str) -> bool:
    """Whether the text spells infinity or not-a-number in a case the core schema does not
    (``.iNf``, ``.nAN``): the native parser reads them as numbers, the core schema as text."""
    return any(m.group() not in _CORE_INF_NAN for m in _INF_NAN.finditer(text))


def native_active() -> bool:
    """Whether the native parser (yaml-rs) is installed and not turned off.

    ``ACCORDREG_NATIVE=0`` in the environment turns it off.
    """
    return os.environ.get("ACCORDREG_NATIVE", "1") != "0" and native_installed()


#: Shorter text than this cannot hold an integer over MAX_INT_DIGITS decimal digits: the
#: densest spelling, hexadecimal, needs 3,572 digits after its ``0x`` for one.
_LONG_INT_TEXT = 3_500


def load_native(text: str, *, check_keys: bool = True) -> tuple[bool, Any]:
    """Like :func:`load_fast`, through the native parser; ``(False, None)`` if it declines.

    With ``check_keys=False`` a key that is not text (``1: x``) is let through, for a caller
    that validates every mapping against models refusing such keys, and reads the file
    again with the keys checked only when validation reports something (see
    :func:`plain_tree`). Long integers are refused either way. Text that may nest deeper
    than :data:`MAX_DEPTH` is never given to it (see :func:`nesting`).
    """
    if nesting(text) is not SHALLOW:
        return False, None
    return _load_native(text, check_keys)


def _load_native(text: str, check_keys: bool) -> tuple[bool, Any]:
    """:func:`load_native` for text already known to be shallow."""
    native = _native_module()
    if native is None or not _native_may_read(text):
        return False, None
    try:
        data = native.loads(
            text,
            parse_datetime=False,
            duplicate_key_policy=native.DuplicateKeyPolicy.Error,
        )
    except Exception:
        return False, None
    if type(data) is not dict:
        return False, None
    if (check_keys or len(text) >= _LONG_INT_TEXT) and not plain_tree(data):
        return False, None
    return True, data


def plain_tree(data: dict[Any, Any]) -> bool:
    """Whether every key is text and every integer readable, as on the stock path.

    The native parser makes keys of other types (``1: x``, ``true: x``, an empty ``:``)
    and reads integers of any length; the stock path has text keys only and reports
    over-long integers, so it is left such files to report alike.
    """
    stack: list[Any] = [data]
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        if type(node) is dict:
            for key, value in node.items():
                if type(key) is not str:
                    return False
                kind = type(value)
                if kind is dict or kind is list:
                    push(value)
                elif kind is int and int_too_large(value):
                    return False
        else:
            for value in node:
                kind = type(value)
                if kind is dict or kind is list:
                    push(value)
                elif kind is int and int_too_large(value):
                    return False
    return True
