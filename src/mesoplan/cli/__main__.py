"""`python -m mesoplan.cli …`: the same as the `mesoplan` script (`mesoplan serve` starts its worker so)."""

from mesoplan.cli import main

main()
