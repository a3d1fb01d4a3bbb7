"""costing's runner for Pulumi Python programs: run the program offline, as `pulumi preview` would, and
answer with the resources it registered, as plain data.

    <the project's python> costing_runner.py RESPONSE_FD < request.json

The protocol (the request, the response, the error kinds) is specified in
costing/inventory/runners/__init__.py. This file is run by path by the project's own interpreter, whose
environment has pulumi and the program's dependencies and nothing of costing's: it imports only the
standard library, pulumi and its two siblings (costing_pulumi_sdk, the SDK adapter; costing_answers,
the shared answers table). costing's tests import it as a module too (costing.inventory.program).
"""

from __future__ import annotations

import gc
import json
import os
import runpy
import sys
import traceback
from typing import Any, Callable, Dict, List, Optional

PROTOCOL = 1
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"  # the engine's marker of a value unknown until the update
SECRET = "[secret]"  # what a secret value becomes: its value never leaves the runner
PROVIDER_PREFIX = "pulumi:providers:"


def main(argv: List[str]) -> None:
    """Read the request on stdin, run the program, write the response to the descriptor argv[0]."""
    gc.disable()  # a short-lived process: the collector's passes over pulumi_aws's classes cost a seventh of a run
    response_fd = int(argv[0])
    try:
        response = respond(json.load(sys.stdin))
    except Exception as error:  # noqa: BLE001 (a bug of the runner, not of the program: said as such)
        response = failure("internal", f"costing's runner failed: {type(error).__name__}: {error}",
                           detail=traceback.format_exc())
    data = json.dumps(response, ensure_ascii=False).encode("utf-8")
    with os.fdopen(response_fd, "wb") as channel:
        channel.write(data)


def respond(request: Dict[str, Any]) -> Dict[str, Any]:
    """The response to one request (see the protocol): the program's resources, or why there are none."""
    if request.get("protocol") != PROTOCOL:
        return failure("bad_request", f"this runner speaks protocol {PROTOCOL}, not {request.get('protocol')!r}")
    try:
        import pulumi  # noqa: F401 (the program's environment may lack it: say so, do not crash)
    except ImportError as error:
        return failure("no_pulumi", f"{sys.executable} cannot import pulumi ({error})", interpreter=sys.executable)
    sdk, answers_module = _siblings()
    if sys.path and sys.path[0] == os.path.dirname(os.path.abspath(__file__)):
        del sys.path[0]  # this file's folder: the program's imports see only its own
    pwd, program = request["pwd"], request["program"]
    os.chdir(pwd)
    answers = answers_module.Answers.load(request["answers"])
    monitor = new_monitor(request, answers, sdk)
    try:
        run = run_program(program_in(pwd, program), request, monitor, sdk=sdk)
    except BaseException as error:  # noqa: BLE001 (SystemExit and KeyboardInterrupt of the program too)
        response = program_failure(error, request)
        response["error"]["unanswered_invokes"] = sorted(monitor.unanswered)
        return response
    return {"protocol": PROTOCOL, "ok": True, "resources": run.resources, "outputs": run.outputs,
            "unexpanded_components": run.unexpanded, "unanswered_invokes": sorted(run.unanswered)}


def program_in(pwd: str, program: str) -> Callable[[], None]:
    """The program as the Python language host runs it: `program` (a file, or a folder and its __main__.py)
    executed as __main__ from `pwd`, whose folder comes first on sys.path."""
    path = os.path.join(pwd, program)

    def run() -> None:
        folder = os.path.dirname(os.path.abspath(path)) if os.path.isfile(path) else os.path.abspath(path)
        sys.path.insert(0, folder)
        sys.argv = [path]
        runpy.run_path(path, run_name="__main__")

    return run


class Run:
    """What one run registered: rows in registration order, the stack's outputs, the multi-language
    components that stayed unexpanded (URNs) and the invokes nobody answered (tokens)."""

    def __init__(self, resources: List[dict], outputs: Dict[str, Any], unexpanded: List[str],
                 unanswered: set) -> None:
        self.resources = resources
        self.outputs = outputs
        self.unexpanded = unexpanded
        self.unanswered = unanswered


def new_monitor(request: Dict[str, Any], answers: Any, sdk: Any = None, mocks: Any = None) -> Any:
    """The mock engine that records a run: preview semantics with the table's answers, unless unit tests
    give other `mocks`."""
    sdk = sdk or _siblings()[0]
    return recording_monitor(sdk)(mocks or preview_mocks(sdk)(answers, request["region"]), answers)


def run_program(program: Callable[[], None], request: Dict[str, Any], monitor: Any, *, sdk: Any = None,
                preview: bool = True) -> Run:
    """Run `program` under the SDK's mocks for the request's stack, recorded by `monitor` (new_monitor);
    `preview` False is for unit tests of a program (outputs as after an update)."""
    sdk = sdk or _siblings()[0]
    sdk.configure(monitor.mocks, monitor, project=request["project"], stack=request["stack"],
                  organization=request.get("organization") or "organization", config=request["config"],
                  secret_keys=request.get("secret_keys") or [], preview=preview)
    undo = sdk.answer_unknown_plain_invokes()
    try:
        sdk.run(program)
    finally:
        undo()
        sdk.reset()
    return Run(monitor.rows, monitor.stack_outputs, monitor.unexpanded, monitor.unanswered)


def preview_mocks(sdk: Any) -> type:
    """The engine's side of a preview: a new custom resource's outputs are its inputs (what the provider
    plans) plus what the table says a preview knows (auto-names), its id unknown; a component's are
    unknown; an invoke is answered from the table in its provider's region."""
    import pulumi

    class PreviewMocks(pulumi.runtime.Mocks):
        def __init__(self, answers: Any, region: str) -> None:
            self.answers = answers
            self.region = region
            self.provider_inputs: Callable[[str], Dict[str, Any]] = lambda reference: {}

        def new_resource(self, args: "pulumi.runtime.MockResourceArgs") -> tuple:
            if not args.custom:  # a component's outputs are its own (register_outputs), or its plugin's: unknown
                return "", {}
            outputs = dict(self.answers.outputs(args.typ, args.name, self.region))
            outputs.update(args.inputs)
            return "", outputs

        def call(self, args: "pulumi.runtime.MockCallArgs") -> dict:
            provider = self.provider_inputs(args.provider)
            region = _text(args.args.get("region")) or _text(provider.get("region")) or self.region
            return self.answers.invoke(args.token, plain(args.args, sdk), region, provider) or {}

    return PreviewMocks


def recording_monitor(sdk: Any) -> type:
    class RecordingMonitor(sdk.MockMonitor):
        """The mock engine: the URNs the real engine builds, and every registration recorded as a row."""

        def __init__(self, mock_set: Any, answers: Any) -> None:
            super().__init__(mock_set)
            self.answers = answers
            self.rows: List[dict] = []
            self.stack_urn: Optional[str] = None
            self.stack_outputs: Dict[str, Any] = {}
            self.unexpanded: List[str] = []
            self.unanswered: set = set()
            self.providers: Dict[str, Dict[str, Any]] = {}
            self.wire_inputs: Optional[Dict[str, Any]] = None  # {urn: request.object}, kept only when set to {}
            mock_set.provider_inputs = self.provider_inputs

        def make_urn(self, parent: str, type_: str, name: str) -> str:
            if parent and parent != self.stack_urn:
                type_ = parent.split("::")[2] + "$" + type_
            return "urn:pulumi:" + "::".join([sdk.pulumi.get_stack(), sdk.pulumi.get_project(), type_, name])

        def provider_inputs(self, reference: str) -> Dict[str, Any]:
            """The inputs of the provider a reference (`<urn>::<id>`) names; {} for a default provider."""
            return self.providers.get((reference or "").rsplit("::", 1)[0], {})

        def RegisterResource(self, request: Any) -> Any:  # noqa: N802 (the engine's method name)
            response = super().RegisterResource(request)
            if request.type == sdk.STACK_TYPE:
                self.stack_urn = response.urn
                return response
            inputs = plain(sdk.deserialize(request.object), sdk)
            if self.wire_inputs is not None:
                self.wire_inputs[response.urn] = request.object
            if request.type.startswith(PROVIDER_PREFIX):
                self.providers[response.urn] = inputs
            if request.remote:
                self.unexpanded.append(response.urn)
            self.rows.append({
                "urn": response.urn, "type": request.type, "name": request.name, "custom": bool(request.custom),
                "remote": bool(request.remote),
                "parent": request.parent if request.parent and request.parent != self.stack_urn else None,
                "provider": request.provider or None, "id": response.id or None, "inputs": inputs,
                "dependencies": list(request.dependencies),
                "propertyDependencies": {key: list(value.urns) for key, value in request.propertyDependencies.items()},
            })
            return response

        def RegisterResourceOutputs(self, request: Any) -> Any:  # noqa: N802
            if request.urn == self.stack_urn:
                self.stack_outputs = plain(sdk.deserialize(request.outputs), sdk)
            return super().RegisterResourceOutputs(request)

        def Invoke(self, request: Any) -> Any:  # noqa: N802
            if request.tok != sdk.GET_RESOURCE and not self.answers.answers_invoke(request.tok):
                self.unanswered.add(request.tok)
                return sdk.unknown_invoke_response()
            return super().Invoke(request)

    return RecordingMonitor


def plain(value: Any, sdk: Any) -> Any:
    """A JSON copy of a value the SDK recorded: every secret SECRET, every unknown UNKNOWN, anything else
    that is not JSON (an asset, an archive, a resource reference) its type's name in angle brackets."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is dict:
        return SECRET if sdk.is_secret(value) else {str(key): plain(item, sdk) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [plain(item, sdk) for item in value]
    if sdk.is_unknown(value):
        return UNKNOWN
    return f"<{kind.__name__}>"


# --- failures -----------------------------------------------------------------------------------

def failure(kind: str, message: str, **details: Any) -> Dict[str, Any]:
    return {"protocol": PROTOCOL, "ok": False, "error": dict(details, kind=kind, message=" ".join(message.split()))}


def program_failure(error: BaseException, request: Dict[str, Any]) -> Dict[str, Any]:
    """Why the program stopped, on one line, with the place in the program it stopped at."""
    import pulumi
    from pulumi.config import ConfigMissingError

    root = request["root"]
    detail = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    if isinstance(error, ConfigMissingError):
        return failure("config_missing", f"required config key '{error.key}' has no value", key=error.key,
                       secret=bool(error.secret), detail=detail)
    if isinstance(error, pulumi.RunError):
        return failure("run_error", str(error), detail=detail)
    if isinstance(error, SyntaxError) and error.filename:
        where = f"{_shown(error.filename, root)}:{error.lineno}"
        return failure("syntax_error", f"{where}: SyntaxError: {error.msg}", file=_shown(error.filename, root),
                       line=error.lineno, detail=detail)
    file, line = program_frame(error, root)
    where = f"{file}:{line}: " if file else ""
    if isinstance(error, ModuleNotFoundError):
        return failure("module_missing", f"{where}No module named '{error.name}'", module=error.name, file=file,
                       line=line, detail=detail)
    text = f": {error}" if str(error) else ""
    return failure("program_error", f"{where}{type(error).__name__}{text}", file=file, line=line,
                   exception=type(error).__name__, detail=detail)


def program_frame(error: BaseException, root: str) -> tuple:
    """(file relative to the project, line) of the innermost frame of the program's own code (under the
    project's folder, not in an installed package), else of the innermost frame; (None, None) without one."""
    frames = traceback.extract_tb(error.__traceback__)
    own = [frame for frame in frames if _inside(frame.filename, root)]
    chosen = (own or frames or [None])[-1]
    if chosen is None:
        return None, None
    return _shown(chosen.filename, root), chosen.lineno


def _inside(filename: str, root: str) -> bool:
    path = os.path.abspath(filename)
    return path.startswith(os.path.join(os.path.abspath(root), "")) and "site-packages" not in path.split(os.sep)


def _shown(filename: str, root: str) -> str:
    """A file as a message names it: relative to the project's folder when inside it."""
    path = os.path.abspath(filename)
    return os.path.relpath(path, root) if _inside(path, root) else path


def _text(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value and value not in (UNKNOWN, SECRET) else None


def _siblings() -> tuple:
    """The SDK adapter and the answers module, beside this file (imported as a script or as a module)."""
    if __package__:
        from . import costing_answers, costing_pulumi_sdk
    else:
        import costing_answers
        import costing_pulumi_sdk
    return costing_pulumi_sdk, costing_answers


if __name__ == "__main__":
    main(sys.argv[1:])
    # Nothing is left to do once the response is written: skip the teardown of pulumi's threads and objects.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
