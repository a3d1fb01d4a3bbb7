"""`--preview FILE`: what a `pulumi preview --json` of any Pulumi AWS program would deploy (`-` reads stdin).

Each step's `newState` is what will exist after the update; steps that remove a resource, and `read`
steps (data sources, not managed resources), are left out. A replacement appears as several steps
with the same URN and gives one row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from costing.errors import InputError
from costing.inventory.frame import Inventory, Resource, build_inventory, collector_paused, region_name, shown
from costing.inventory.state import json_source, json_stream, out_of_memory_named, resource_from_state

# Ops whose resource will not exist after the update, or is not managed by the stack.
SKIPPED_OPS = frozenset({
    "delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace",
    "read", "read-replacement",
})


def load_preview(path: str | Path) -> Inventory:
    """The resources the previewed update leaves in the stack, priced in the config's aws:region (read as a
    stream: each step is reduced to its resource as it is parsed)."""
    with collector_paused(), out_of_memory_named(path):
        stream = json_stream(path, ("steps",))
        label = stream.label
        resources = [resource for index, step in enumerate(stream.items())
                     if (resource := _resource_after(step, f"{label}: steps[{index}]")) is not None]
        if not stream.found:
            raise InputError(f"{label}: not a `pulumi preview --json` document (no `steps` list){stream.what_it_is()}")
        config = stream.others.get("config")
        default_region = region_name(config.get("aws:region")) if isinstance(config, dict) else None
        return build_inventory(resources, source=json_source("preview", label, resources),
                               default_region=default_region, where=label)


def _resource_after(step: Any, where: str) -> Resource | None:
    """The resource a step leaves behind, or None when it leaves none the stack manages."""
    if not isinstance(step, dict):
        raise InputError(f"{where}: a step must be an object, got {shown(step)}")
    op = step.get("op")
    if op is None:
        raise InputError(f"{where}: has no `op`")
    if not isinstance(op, str):
        raise InputError(f"{where}: `op` must be a string, got {shown(op)}")
    new_state = step.get("newState")
    if op in SKIPPED_OPS or new_state is None:
        return None
    return resource_from_state(new_state, where, urn=step.get("urn"), prefix="newState ")
