"""``python -m accordreg``."""

from .cli import main

main()
