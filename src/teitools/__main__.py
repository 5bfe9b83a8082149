"""``python -m teitools`` runs the command line."""

from .cli import main

main()
