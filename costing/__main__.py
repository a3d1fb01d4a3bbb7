"""`python -m costing`: the same command line as the `costing` script."""

from costing.cli import console_main

console_main()
