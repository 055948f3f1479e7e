"""``python -m accordreg``."""

from .console import main

main()
