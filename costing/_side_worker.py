"""Run a stack of a project checkout in a process of its own: `python -m costing._side_worker PROJECT_DIR
STACK OUTPUT [--no-cache]` writes (inventory, budget) to OUTPUT as a pickle.

Why a process: the program imports its `components` package, and Python keeps imported modules in
sys.modules; a second program in the same process (the working tree's, then a git revision's) would
silently run the first one's components. A fresh interpreter imports the revision's own code.
Exit codes: 0 written; 2 an input error (the message on stderr); 1 anything else (the traceback).
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from costing.errors import InputError


def main(argv: list[str]) -> int:
    project_dir, stack, output = Path(argv[0]), argv[1], Path(argv[2])
    use_cache = "--no-cache" not in argv[3:]
    from costing.budget import budget_from_config
    from costing.inventory.stack import start_stack

    try:
        pending = start_stack(stack, project_dir, use_cache=use_cache, in_worker=False)
        budget = budget_from_config(pending.config)
        inventory = pending.inventory()
    except InputError as error:  # the program's refusals and failures arrive as one InputError line
        print(str(error), file=sys.stderr)
        return 2
    with output.open("wb") as handle:
        pickle.dump((inventory, budget), handle, protocol=pickle.HIGHEST_PROTOCOL)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
