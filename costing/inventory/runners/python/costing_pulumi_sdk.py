"""Every name of the Pulumi Python SDK that the runner uses beyond its documented mocks API, in one place.

The runner drives the SDK the way its own entry point (`pulumi-language-python-exec`) and its unit-test
mocks (`pulumi.runtime.set_mocks`) do; the few private names that takes live here, so that an SDK release
that moves one breaks this module alone. Checked against pulumi 3.272.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable, Optional

import pulumi
from pulumi import _types
from pulumi.output import Unknown
from pulumi.runtime import mocks, rpc, settings
from pulumi.runtime.invoke import InvokeResult
from pulumi.runtime.proto import resource_pb2

MockMonitor = mocks.MockMonitor
STACK_TYPE = "pulumi:pulumi:Stack"
GET_RESOURCE = "pulumi:pulumi:getResource"
_LOOP: list = []  # the event loop of the run configured last


def is_secret(value: Any) -> bool:
    """A value the SDK wraps as secret (a dict carrying its secret signature)."""
    return rpc.is_rpc_secret(value)


def is_unknown(value: Any) -> bool:
    """A value that is unknown until the update runs: what a preview shows as `output<string>`."""
    return isinstance(value, Unknown)


def deserialize(struct: Any) -> dict:
    """A request's protobuf Struct (resource inputs, invoke arguments, outputs) as Python values, secrets
    wrapped and unknowns as Unknown (the runtime is configured for a preview)."""
    return rpc.deserialize_properties(struct)


def unknown_invoke_response() -> Any:
    """What the engine answers for an invoke it cannot serve during a preview: the result is unknown."""
    return resource_pb2.ResourceInvokeResponse(unknown=True)


def configure(mock_set: "pulumi.runtime.Mocks", monitor: MockMonitor, *, project: str, stack: str,
              organization: str, config: dict, secret_keys: list, preview: bool) -> None:
    """Point the runtime at `monitor`, with the stack's config, as the engine's entry point would, on a new
    event loop (the runtime's futures belong to the loop they are made on); no root stack yet (run()
    creates it, as `pulumi up` does)."""
    reset()
    _LOOP.append(asyncio.new_event_loop())
    asyncio.set_event_loop(_LOOP[0])
    pulumi.runtime.set_all_config(dict(config), list(secret_keys))
    mocks.set_mocks(mock_set, project=project, stack=stack, preview=preview, monitor=monitor,
                    organization=organization)
    settings.set_root_resource(None)  # set_mocks makes a root stack whose outputs are never registered


def run(program: Callable[[], Any]) -> None:
    """Run `program` in a new root stack until every registration, apply and output has finished; its
    exception, or one raised in an apply, is raised here."""
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)  # as the SDK's entry point: no noise from
    _LOOP[0].run_until_complete(pulumi.runtime.run_in_stack(program))  # a failed program's futures


def reset() -> None:
    """Forget a previous run's event loop, root stack, config and outstanding work (runs in one process
    never leak into each other)."""
    while _LOOP:
        _LOOP.pop().close()
    asyncio.set_event_loop(None)
    settings.ROOT.set(None)
    settings.SETTINGS.outputs.clear()
    settings.SETTINGS.rpc_manager.clear()
    pulumi.runtime.set_all_config({}, [])


def answer_unknown_plain_invokes() -> Callable[[], None]:
    """Make a plain (non-Output) invoke whose answer is unknown return its result type with every field
    None, instead of crashing in the generated code (`pulumi.get(None, ...)`); the returned function
    undoes it. Output-form invokes stay unknown, as in a preview."""
    original = pulumi.runtime.invoke

    def invoke(tok: str, props: Any, opts: Any = None, typ: Optional[type] = None,
               package_ref: Any = None) -> Any:
        result = original(tok, props, opts, typ, package_ref)
        if result.is_known or result.value is not None or typ is None or not _types.is_output_type(typ):
            return result
        return InvokeResult(_types.output_type_from_dict(typ, {}), is_secret=False, is_known=False)

    pulumi.runtime.invoke = invoke

    def undo() -> None:
        pulumi.runtime.invoke = original

    return undo

