"""Where resources come from: the program run offline (`--stack`), a `pulumi preview --json` file
(`--preview`) or a `pulumi stack export` file (`--state`). All three give an Inventory whose rows have
the same shape (schema.INVENTORY_COLUMNS), so the rules never know which source they price.
"""

from costing.inventory.frame import Inventory
from costing.inventory.preview import load_preview
from costing.inventory.stack import PROJECT_ROOT, load_stack
from costing.inventory.state import load_state

__all__ = ["PROJECT_ROOT", "Inventory", "load_preview", "load_stack", "load_state"]
