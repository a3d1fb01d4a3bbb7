"""Where resources come from: the program run offline (`--stack`), a `pulumi preview --json` file
(`--preview`) or a `pulumi stack export` file (`--state`). All three give an Inventory whose rows have
the same shape (schema.INVENTORY_COLUMNS), so the rules never know which source they price.

The names below are imported on first use (PEP 562): the program runner's worker process
(worker.py) imports this package and must not pay for pandas, which the adapters import.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from costing.inventory.frame import Inventory
    from costing.inventory.preview import load_preview
    from costing.inventory.stack import PROJECT_ROOT, load_stack
    from costing.inventory.state import load_state

_HOMES = {"Inventory": "frame", "load_preview": "preview", "PROJECT_ROOT": "stack", "load_stack": "stack",
          "load_state": "state"}

__all__ = ["PROJECT_ROOT", "Inventory", "load_preview", "load_stack", "load_state"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
