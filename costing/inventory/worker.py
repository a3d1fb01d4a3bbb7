"""Run this project's program for a stack in a process of its own, while the caller does other work.

Why: the program's run imports pulumi and pulumi_aws and needs no pandas; pricing needs pandas and no
pulumi. Started first (stack.start_stack), the run takes the machine's second core while the caller
imports pandas and loads the price catalog, instead of after them.

The caller sends the StackConfig on the worker's stdin; the worker answers through a pipe of its own
(so whatever the program prints still reaches stdout and stderr) with ("resources",
stack.plain_resources(run)) or ("error", an InputError: the program's refusal or failure in one line).
Plain data: reading the answer imports neither pulumi nor pandas.

    python -m costing.inventory.worker ANSWER_FD PROJECT_DIR
"""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

import costing
from costing.errors import InputError

if TYPE_CHECKING:
    from costing.inventory.stack_config import StackConfig


class ProgramWorker:
    """The program of `project_dir` running for a stack in a child process, started at construction.
    A worker nobody waits for is stopped when this process exits."""

    def __init__(self, config: StackConfig, project_dir: Path) -> None:
        answer_fd, child_fd = os.pipe()
        try:
            self._process = subprocess.Popen([sys.executable, "-m", __name__, str(child_fd), str(project_dir)],
                                             stdin=subprocess.PIPE, pass_fds=(child_fd,), env=_environment())
        except BaseException:
            os.close(answer_fd)
            raise
        finally:
            os.close(child_fd)
        self._answer = os.fdopen(answer_fd, "rb")
        weakref.finalize(self, self._process.kill)
        try:
            with self._process.stdin as request:
                pickle.dump(config, request, protocol=pickle.HIGHEST_PROTOCOL)
        except BrokenPipeError:  # the worker died at start: resources() says so
            pass

    def resources(self) -> list[dict[str, Any]]:
        """Wait for the run: the program's resources, or the exception the run raised, raised here."""
        with self._answer:
            answer = self._answer.read()
        code = self._process.wait()
        try:
            kind, value = pickle.loads(answer)
        except Exception:  # noqa: BLE001 (no answer: the worker died; Python printed why on stderr)
            raise InputError(f"the program's worker process ended (exit code {code}) without an answer") from None
        if kind == "error":
            raise value
        return value


def _environment() -> dict[str, str]:
    """This environment, with this `costing` first on the path: the worker runs the same code."""
    home = str(Path(costing.__file__).resolve().parents[1])
    paths = [home, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def main(argv: list[str]) -> None:
    """Run the program once and answer.

    The cyclic garbage collector stays off, as in frame.collector_paused: importing pulumi_aws's
    classes creates hundreds of thousands of objects and no garbage worth collecting in a process
    this short, and the collector's passes over them would add about a seventh to the run.
    """
    gc.disable()
    answer_fd, project_dir = int(argv[0]), Path(argv[1])
    config = pickle.load(sys.stdin.buffer)
    try:
        from costing.inventory import program, stack

        run = program.run_stack_config(config, project_dir)
        answer: tuple[str, Any] = ("resources", stack.plain_resources(run))
    except Exception as error:  # noqa: BLE001 (raised again by the caller, always as one InputError line)
        answer = ("error", error if isinstance(error, InputError) else InputError(
            f"the program's worker process failed: {type(error).__name__}: {error}"))
    try:
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 (an exception that does not pickle: its message as text)
        data = pickle.dumps(("error", InputError(f"the program failed: {type(answer[1]).__name__}: {answer[1]}")))
    try:
        with os.fdopen(answer_fd, "wb") as answers:
            answers.write(data)
    except BrokenPipeError:  # the caller is gone: nobody to answer
        pass


if __name__ == "__main__":
    main(sys.argv[1:])
    # The caller waits for this exit: skip the interpreter's teardown of pulumi, its threads and its
    # hundreds of thousands of objects (half a second); once the answer is written nothing is left to do.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
