"""``python -m accordreg``."""

from ._console import program

program()
