"""The parent's side of the runner protocol (costing/inventory/runners/__init__.py): start a runner for a
program in the project's interpreter, then read its rows, or turn its failure into one line.

The runner starts at once (RunnerJob), so that the program runs on the machine's second core while the
caller imports pandas and loads the prices; `result()` waits for it. Whatever the program prints is kept
apart from costing's own output (in a temporary file, not in memory) and shown on stderr after a
successful run (a report on stdout stays clean); a failed run shows only its one-line message.

The response is read up to MAX_RESPONSE_BYTES, the limit of a preview or state file costing reads
(costing/input_file.py: 512 MiB, where a preview of 100,000 resources is about 90 MB): a runner that
answers more (a program in a runaway loop of resources) is killed and reaped, and the run fails on one
line, before the answer exhausts memory.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
import tempfile
import weakref
from typing import Any

from costing.errors import InputError
from costing.input_file import MAX_INPUT_BYTES
from costing.inventory.runners import NODE_RUNNER, PYTHON_RUNNER
from costing.project import NODEJS, Interpreter

MAX_RESPONSE_BYTES = MAX_INPUT_BYTES  # a response holds what a preview file does
_CHUNK = 4 * 1024 * 1024
OUTPUT_TAIL = 64 * 1024  # bytes of the program's output a failure's last line is looked for in
PREVIEW_HINT = "price it from a real preview: `pulumi preview --json > plan.json; costing estimate --preview plan.json`"


class ProgramFailure(InputError):
    """A run that gave no resources: its one line, and the runner's kind of failure (the protocol's
    error kinds; "no_answer" when the runner ended without a response)."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class RunnerJob:
    """The runner of one request, started at construction; a job nobody waits for is stopped when this
    process exits."""

    def __init__(self, request: dict[str, Any], interpreter: Interpreter, *, environment: dict[str, str] | None = None):
        self.request = request
        self.interpreter = interpreter
        self._output = tempfile.TemporaryFile()
        answer_fd, child_fd = os.pipe()
        try:
            self._process = subprocess.Popen(
                runner_command(interpreter, child_fd), stdin=subprocess.PIPE, stdout=self._output,
                stderr=subprocess.STDOUT, pass_fds=(child_fd,), cwd=request["pwd"], env=environment)
        except OSError as error:
            os.close(answer_fd)
            self._output.close()
            raise InputError(f"cannot start {interpreter.executable} ({interpreter.origin}): "
                             f"{error.strerror or error}; {interpreter.install_hint}") from None
        finally:
            os.close(child_fd)
        self._answer = os.fdopen(answer_fd, "rb")
        weakref.finalize(self, self._process.kill)
        try:
            with self._process.stdin as channel:
                channel.write(json.dumps(request).encode("utf-8"))
        except BrokenPipeError:  # the runner died at start: result() says so
            pass

    def result(self, *, show_output: bool = True) -> dict[str, Any]:
        """Wait for the runner: its response (`ok` true), or a ProgramFailure with its failure on one line.
        What the program printed goes to stderr after a successful run, unless `show_output` is False."""
        with self._answer, self._output:
            data = self._read_answer()
            code = self._process.wait()
            try:
                response = json.loads(data)
            except ValueError:
                last = next((line.strip() for line in reversed(self._output_tail().splitlines()) if line.strip()),
                            "no output")
                raise ProgramFailure(f"the program's runner ({self.interpreter.executable}) ended with exit code "
                                     f"{code} without an answer: {last}", "no_answer") from None
            if not response.get("ok"):
                error = response.get("error") or {}
                raise ProgramFailure(self.describe(error), str(error.get("kind")))
            if show_output:
                self._show_output()
        return response

    def _read_answer(self) -> bytearray:
        """The response's bytes, at most MAX_RESPONSE_BYTES; a runner that answers more is stopped."""
        limit, data = MAX_RESPONSE_BYTES, bytearray()
        while chunk := self._answer.read(min(_CHUNK, limit + 1 - len(data))):
            data += chunk
            if len(data) > limit:
                self.stop()
                raise ProgramFailure(
                    f"the program's runner ({self.interpreter.executable}) answered more than "
                    f"{limit // (1024 * 1024):,} MiB, the most costing reads of a program's resources (as of a "
                    "preview file), and was stopped: the program records far more than a real stack holds (a "
                    "runaway loop?)", "too_large")
        return data

    def _output_tail(self) -> str:
        """The end of what the program printed (where a crash's last words are)."""
        size = self._output.seek(0, os.SEEK_END)
        self._output.seek(max(0, size - OUTPUT_TAIL))
        return self._output.read().decode("utf-8", "replace")

    def _show_output(self) -> None:
        """What the program printed, on stderr, in pieces (it may be large), ending with a newline."""
        self._output.seek(0)
        decoder, last = codecs.getincrementaldecoder("utf-8")("replace"), b""
        while chunk := self._output.read(_CHUNK):
            sys.stderr.write(decoder.decode(chunk))
            last = chunk
        sys.stderr.write(decoder.decode(b"", final=True))
        if last and not last.endswith(b"\n"):
            sys.stderr.write("\n")

    def stop(self) -> None:
        """End the runner if it is still going and wait for it: a caller interrupted (a signal, an error)
        stops it before removing what it runs in (a git revision's worktree)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()

    def describe(self, error: dict[str, Any]) -> str:
        """A runner's failure as the one line costing prints (after `costing: error: `)."""
        kind, message = error.get("kind"), " ".join(str(error.get("message", "")).split())
        interpreter = self.interpreter
        if kind == "no_pulumi" and interpreter.runtime == NODEJS:
            return (f"the program's folder {self.request['pwd']} has no node_modules with @pulumi/pulumi in it or "
                    f"above it: {interpreter.install_hint}")
        if kind == "no_pulumi":
            missing = (f"; Pulumi.yaml names the virtualenv {interpreter.missing}, which does not exist"
                       if interpreter.missing else "")
            return (f"the program's interpreter {interpreter.executable} ({interpreter.origin}) has no pulumi "
                    f"package{missing}: {interpreter.install_hint}")
        if kind == "config_missing":
            key = error.get("key", "")
            project, stack = self.request["project"], self.request["stack"]
            short = key.split(":", 1)[1] if key.startswith(project + ":") else key
            secret = " --secret" if error.get("secret") else ""
            return (f"stack {stack}: the program requires config key '{key}', which has no value; set it with "
                    f"`pulumi config set{secret} {short} <value> --stack {stack}`, or give it with -c {key}=VALUE")
        if kind == "run_error":
            return message
        if kind == "module_missing" and interpreter.runtime == NODEJS:
            return f"{message} (the program's packages are its node_modules): {interpreter.install_hint}"
        if kind == "module_missing":
            return (f"{message} (the program runs in {interpreter.executable}, {interpreter.origin}): "
                    f"{interpreter.install_hint}")
        if kind in ("syntax_error", "compile_error", "program_error"):
            unanswered = error.get("unanswered_invokes") or []
            if unanswered:
                message += (f" (after invokes costing cannot answer offline, whose results were unknown: "
                            f"{', '.join(unanswered)}; {PREVIEW_HINT})")
            return message
        return f"costing's runner failed ({kind}): {message}"


def runner_command(interpreter: Interpreter, response_fd: int) -> list[str]:
    """The command line that starts the runner of the interpreter's language."""
    if interpreter.runtime == NODEJS:
        return [str(interpreter.executable), *interpreter.arguments, str(NODE_RUNNER), str(response_fd)]
    return [str(interpreter.executable), str(PYTHON_RUNNER), str(response_fd)]
