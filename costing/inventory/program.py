"""Run a Pulumi program in this process as its unit tests do, and record every resource it registers.

This is the mode Pulumi documents for unit tests (`pulumi.runtime.set_mocks` with `preview=False`): ids
and the outputs AWS computes are fabricated as after `pulumi up` (mock_answers.RegionalMocks), so a test
can follow one resource's id into another's inputs. Recording, URNs and invoke answers are the runner's
(costing.inventory.runners); costing itself prices a stack through the runner, with preview semantics,
in the project's own interpreter (stack.py). Tests of this repository's components and policy pack use
this module.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from costing.inventory.mock_answers import RegionalMocks, answers
from costing.inventory.runners.python import costing_runner
from costing.inventory.stack_config import StackConfig, stack_config
from costing.project import PROJECT_ROOT, load_project

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
    inputs: dict[str, Any]  # secrets as costing.schema.SECRET
    outputs: dict[str, Any]
    dependencies: tuple[str, ...]
    property_dependencies: dict[str, tuple[str, ...]]
    # the inputs as the engine receives them (a protobuf Struct), secrets under the SDK's mark with their
    # values: for the components' tests of where a secret goes; never part of an inventory
    wire: Any = field(default=None, repr=False)

    @property
    def wire_inputs(self) -> dict[str, Any]:
        """`wire` as plain data, converted when a test asks (most runs never do)."""
        from google.protobuf.json_format import MessageToDict

        return {} if self.wire is None else MessageToDict(self.wire)


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


def plain_resources(run: ProgramRun) -> list[dict[str, Any]]:
    """The recorded resources as plain rows (inputs already JSON, secrets SECRET): what
    scripts/aws_schema.py checks against the provider's schema."""
    return [{"urn": resource.urn, "type": resource.type, "name": resource.name, "custom": resource.custom,
             "parent": resource.parent, "provider": resource.provider, "id": resource.id, "inputs": resource.inputs,
             "dependencies": list(resource.dependencies),
             "property_dependencies": {key: list(urns) for key, urns in resource.property_dependencies.items()}}
            for resource in run.resources]


def run_program(program: Callable[[], None], *, project: str, stack: str, config: dict[str, str],
                region: str = DEFAULT_REGION, secret_keys: tuple[str, ...] = (),
                root: Path | None = None) -> ProgramRun:
    """Run `program` under mocks with `config` (engine form: strings, JSON for lists and maps)."""
    request = {"project": project, "stack": stack, "config": dict(config), "secret_keys": list(secret_keys),
               "region": region, "root": str(root or os.getcwd())}
    monitor = costing_runner.new_monitor(request, answers(), mocks=RegionalMocks(region))
    monitor.wire_inputs = {}
    run = costing_runner.run_program(program, request, monitor, preview=False)
    states, wire = monitor.resources, monitor.wire_inputs
    return ProgramRun(project, stack, dict(config), [_recorded(row, states, wire) for row in run.resources],
                      run.outputs)


def run_stack(stack: str, project_dir: Path = PROJECT_ROOT) -> ProgramRun:
    """Run the project's program for `stack`, with its config merged as the CLI merges it."""
    project = load_project(project_dir)
    return run_stack_config(stack_config(project, stack), project_dir)


def run_stack_config(config: StackConfig, project_dir: Path = PROJECT_ROOT) -> ProgramRun:
    """Run the project's program (from its folder, as the language host does) with `config`; this process's
    working folder, sys.path and sys.argv are left as they were."""
    project = load_project(project_dir)
    pwd, program = project.python_program()
    saved = os.getcwd(), list(sys.path), list(sys.argv)
    os.chdir(pwd)
    try:
        return run_program(costing_runner.program_in(str(pwd), program), project=config.project,
                           stack=config.stack, config=config.as_engine_config(), region=config.region or DEFAULT_REGION,
                           secret_keys=tuple(sorted(config.secret_keys)), root=project.root)
    finally:
        os.chdir(saved[0])
        sys.path[:], sys.argv[:] = saved[1], saved[2]


def _recorded(row: dict[str, Any], states: dict[str, Any], wire: dict[str, Any]) -> RecordedResource:
    registration = states.get(row["urn"])
    return RecordedResource(
        urn=row["urn"], type=row["type"], name=row["name"], custom=row["custom"], parent=row["parent"],
        provider=row["provider"], id=row["id"], inputs=row["inputs"],
        outputs=dict(registration.state) if registration is not None else {},
        dependencies=tuple(row["dependencies"]),
        property_dependencies={key: tuple(urns) for key, urns in row["propertyDependencies"].items()},
        wire=wire.get(row["urn"]),
    )
