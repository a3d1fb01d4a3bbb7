"""Where resources come from: the program run offline (`--stack`), a `pulumi preview --json` file
(`--preview`) or a `pulumi stack export` file (`--state`). All three give an Inventory whose rows have
the same shape (schema.INVENTORY_COLUMNS), so the rules never know which source they price.

The names below are imported on first use (PEP 562): a stack's program starts (stack.start_stack) before
pandas, which the adapters import, is loaded.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from costing.inventory.frame import Inventory
    from costing.inventory.preview import load_preview
    from costing.inventory.stack import load_stack
    from costing.project import PROJECT_ROOT
    from costing.inventory.state import load_state

_HOMES = {"Inventory": "costing.inventory.frame", "load_preview": "costing.inventory.preview",
          "PROJECT_ROOT": "costing.project", "load_stack": "costing.inventory.stack",
          "load_state": "costing.inventory.state"}

__all__ = ["PROJECT_ROOT", "Inventory", "load_preview", "load_stack", "load_state"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
