"""``python -m accordreg``."""

from .console import program

program()
