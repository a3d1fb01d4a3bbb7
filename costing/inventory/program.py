"""Run a Pulumi program offline, under the SDK's mocks, and record every resource it registers.

This is how the tests and `costing estimate --stack` see the graph without the Pulumi CLI, the AWS
provider plugin or credentials: the real program runs, the mock monitor stands in for the engine.
"""

from __future__ import annotations

import asyncio
import runpy
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pulumi
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime import rpc
from pulumi.runtime import settings as pulumi_settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.stack import run_pulumi_func

from costing.errors import InputError
from costing.inventory.mock_answers import RegionalMocks
from costing.inventory.stack_config import StackConfig, load_stack_config

PROJECT_ROOT = Path(__file__).resolve().parents[2]
STACK_TYPE = "pulumi:pulumi:Stack"
DEFAULT_REGION = "us-east-1"


@dataclass(frozen=True)
class RecordedResource:
    """One resource as the engine would see it: type token, name, camelCase inputs, parent."""

    urn: str
    type: str
    name: str
    custom: bool
    parent: str | None
    provider: str | None
    id: str | None
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    dependencies: tuple[str, ...]
    property_dependencies: dict[str, tuple[str, ...]]


@dataclass
class ProgramRun:
    """What one offline run registered, in registration order, and the stack's outputs."""

    project: str
    stack: str
    config: dict[str, Any]
    resources: list[RecordedResource] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)

    def of_type(self, *type_tokens: str) -> list[RecordedResource]:
        return [resource for resource in self.resources if resource.type in type_tokens]

    def one(self, type_token: str, name: str) -> RecordedResource:
        matches = [r for r in self.resources if r.type == type_token and r.name == name]
        if len(matches) != 1:
            raise LookupError(f"{len(matches)} resources of type {type_token} named {name}")
        return matches[0]

    def by_id(self) -> dict[str, RecordedResource]:
        return {resource.id: resource for resource in self.resources if resource.id}

    def by_urn(self) -> dict[str, RecordedResource]:
        return {resource.urn: resource for resource in self.resources}

    def children_of(self, urn: str) -> list[RecordedResource]:
        return [resource for resource in self.resources if resource.parent == urn]


class RecordingMonitor(pulumi_mocks.MockMonitor):
    """A mock monitor that builds the URNs the engine would and records parents and dependencies."""

    def __init__(self, mocks: pulumi.runtime.Mocks) -> None:
        super().__init__(mocks)
        self.recorded: list[RecordedResource] = []
        self.stack_outputs: dict[str, Any] = {}
        self.stack_urn: str | None = None

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        if parent and parent != self.stack_urn:
            type_ = parent.split("::")[2] + "$" + type_
        return "urn:pulumi:" + "::".join([pulumi.get_stack(), pulumi.get_project(), type_, name])

    def RegisterResource(self, request):  # noqa: N802 (the gRPC method name)
        response = super().RegisterResource(request)
        if request.type == STACK_TYPE:
            self.stack_urn = response.urn
            return response
        registration = self.resources[response.urn]
        self.recorded.append(
            RecordedResource(
                urn=response.urn,
                type=request.type,
                name=request.name,
                custom=bool(request.custom),
                parent=request.parent if request.parent and request.parent != self.stack_urn else None,
                provider=request.provider or None,
                id=registration.id if request.custom else None,
                inputs=pulumi_mocks._sync_await(_plain(request.object)),
                outputs=dict(registration.state),
                dependencies=tuple(request.dependencies),
                property_dependencies={
                    key: tuple(value.urns) for key, value in request.propertyDependencies.items()
                },
            )
        )
        return response

    def RegisterResourceOutputs(self, request):  # noqa: N802
        if request.urn == self.stack_urn:
            self.stack_outputs = rpc.deserialize_properties(request.outputs)
        return super().RegisterResourceOutputs(request)


async def _plain(struct) -> dict[str, Any]:
    return rpc.deserialize_properties(struct)


def run_program(
    program: Callable[[], None],
    *,
    project: str,
    stack: str,
    config: dict[str, str],
    region: str = DEFAULT_REGION,
) -> ProgramRun:
    """Run `program` under mocks with `config` (engine form: strings, JSON for lists and maps)."""
    monitor = RecordingMonitor(RegionalMocks(region))
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    _reset_runtime()
    set_all_config(dict(config))
    try:
        pulumi_mocks.set_mocks(monitor.mocks, project=project, stack=stack, preview=False, monitor=monitor)
        loop.run_until_complete(run_pulumi_func(program))
        _register_stack_outputs(monitor)
    finally:
        loop.close()
        asyncio.set_event_loop(None)
        _reset_runtime()
    return ProgramRun(project, stack, dict(config), monitor.recorded, monitor.stack_outputs)


def run_stack(stack: str, project_dir: Path = PROJECT_ROOT) -> ProgramRun:
    """Run this project's __main__.py for `stack`, with its config merged as the CLI merges it."""
    stack_config = load_stack_config(project_dir, stack)
    return run_stack_config(stack_config, project_dir)


def run_stack_config(stack_config: StackConfig, project_dir: Path = PROJECT_ROOT) -> ProgramRun:
    program_path = project_dir / "__main__.py"
    if not program_path.exists():
        raise InputError(f"{program_path}: no Pulumi program to run")

    def program() -> None:
        added = str(project_dir) not in sys.path
        if added:
            sys.path.insert(0, str(project_dir))
        try:
            runpy.run_path(str(program_path), run_name="__main__")
        finally:
            if added:
                sys.path.remove(str(project_dir))

    try:
        return run_program(
            program,
            project=stack_config.project,
            stack=stack_config.stack,
            config=stack_config.as_engine_config(),
            region=stack_config.region or DEFAULT_REGION,
        )
    except pulumi.RunError as error:  # a refused setting: its message is the whole story, as in `pulumi preview`
        raise InputError(str(error)) from None
    except Exception as error:  # noqa: BLE001 (a bug or a syntax error in the program: one line, not a traceback)
        raise InputError(program_failure(error, project_dir)) from None


def program_failure(error: BaseException, project_dir: Path) -> str:
    """One line for an exception the program raised: what, and the innermost place in the project's files."""
    where = ""
    if isinstance(error, SyntaxError) and error.filename:
        where = f"{_relative(error.filename, project_dir)}, line {error.lineno}"
    else:
        frames = [frame for frame in traceback.extract_tb(error.__traceback__)
                  if Path(frame.filename).resolve().is_relative_to(project_dir.resolve())]
        if frames:
            where = f"{_relative(frames[-1].filename, project_dir)}, line {frames[-1].lineno}"
    message = str(error.msg if isinstance(error, SyntaxError) else error).strip().splitlines()
    return (f"the program failed: {type(error).__name__}: {message[0] if message else 'no message'}"
            + (f" ({where})" if where else ""))


def _relative(filename: str, project_dir: Path) -> str:
    path = Path(filename).resolve()
    return str(path.relative_to(project_dir.resolve())) if path.is_relative_to(project_dir.resolve()) else filename


def _register_stack_outputs(monitor: RecordingMonitor) -> None:
    root = pulumi_settings.get_root_resource()
    if root is None:
        return
    outputs = getattr(root, "outputs", {}) or {}
    resolved = {}
    for key, value in outputs.items():
        resolved[key] = pulumi_mocks._sync_await(pulumi.Output.from_input(value).future())
    monitor.stack_outputs = resolved


def _reset_runtime() -> None:
    """Forget the previous run's root stack and outstanding work so runs never leak into each other."""
    pulumi_settings.ROOT.set(None)
    pulumi_settings.SETTINGS.outputs.clear()
    pulumi_settings.SETTINGS.rpc_manager.clear()
