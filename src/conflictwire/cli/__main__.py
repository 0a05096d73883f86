"""`python -m conflictwire.cli`: the same command as the `conflictwire` console script."""

from . import main

main()
