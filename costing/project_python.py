"""A Pulumi Python project's environment when Pulumi.yaml names a toolchain (`runtime.options.toolchain`),
found as Pulumi's Python language host finds it (pulumi/pulumi sdk/python/toolchain), without the CLI.

- `pip` (the default): project.py's own choice (`virtualenv`, venv/.venv, an active virtualenv).
- `poetry`: the environment Poetry manages for the project, the one `poetry env info --path` prints when
  run in the program's folder (Poetry's in-project `.venv`, or one under Poetry's cache directory, or an
  active virtualenv, as Poetry's own settings decide). costing asks the `poetry` on PATH, as the language
  host does, and waits for it at most POETRY_TIMEOUT seconds; asking costs about a second, so the answer
  Poetry gives without looking further is taken without asking: with no virtualenv active ($VIRTUAL_ENV),
  the in-project `.venv` beside the project's pyproject.toml, when it exists and `virtualenvs.in-project`
  is not set to false ($POETRY_VIRTUALENVS_IN_PROJECT, the project's poetry.toml, Poetry's config.toml).
  This is Poetry's EnvManager.get: an active virtualenv first, then an existing in-project one.
- `uv`: `runtime.options.virtualenv` (relative to the project), else the `.venv` beside the nearest
  `uv.lock` at or above the project folder, else beside the nearest `pyproject.toml`, else in the project
  folder. The language host runs uv with UV_PROJECT_ENVIRONMENT set to that folder, so the caller's
  UV_PROJECT_ENVIRONMENT chooses nothing (an error about a missing environment says so when it is set).
  No uv is started: the environment is a folder.

The language host refuses any other toolchain, and a toolchain that is not a string; so does costing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from costing.errors import InputError

if TYPE_CHECKING:
    from costing.project import Interpreter, Project

TOOLCHAINS = ("pip", "poetry", "uv")
# `poetry env info --path` answers in about a second; a poetry that waits (a lock, a prompt, a slow
# network file system) must not hang costing.
POETRY_TIMEOUT = 30.0
POETRY_HINT = "install the project's dependencies: `poetry install` (or `pulumi install`)"
REASON_LIMIT = 300  # characters of poetry's own complaint an error quotes


def toolchain_interpreter(project: Project) -> Interpreter | None:
    """The interpreter of the environment the project's toolchain manages; None for pip (project.py's)."""
    toolchain = python_toolchain(project)
    if toolchain == "poetry":
        return poetry_interpreter(project)
    if toolchain == "uv":
        return uv_interpreter(project)
    return None


def python_toolchain(project: Project) -> str:
    """runtime.options.toolchain, checked as the language host checks it (pip when not set)."""
    options = project.runtime_options
    if "toolchain" not in options:
        return "pip"
    value = options["toolchain"]
    if not isinstance(value, str) or value not in TOOLCHAINS:
        raise InputError(f"{project.file}: runtime.options.toolchain {value!r}: Pulumi's Python toolchains are "
                         f"{', '.join(TOOLCHAINS)}")
    return value


def poetry_interpreter(project: Project) -> Interpreter:
    """The python of the environment `poetry env info --path` names, asked in the program's folder."""
    from costing.project import Interpreter, venv_python

    where = f"{project.file}: runtime.options.toolchain poetry"
    pwd = project.entry()[0]
    in_project = _poetry_in_project_venv(pwd)
    if in_project is not None:
        return Interpreter(in_project, f"Poetry's in-project environment, toolchain poetry in {project.file.name}",
                           install_hint=POETRY_HINT)
    poetry = shutil.which("poetry")
    if poetry is None:
        raise InputError(f"{where}: no `poetry` on PATH to find the project's environment with; install Poetry, "
                         f"then {POETRY_HINT}")
    asked = f"`poetry env info --path` in {pwd}"
    code, out, err = _run_poetry([poetry, "env", "info", "--path"], pwd, f"{where}: {asked}")
    printed = _last_line(out)
    if code != 0 or not printed:
        reason = _last_line(err) or _last_line(out) or f"exit code {code}"
        raise InputError(f"{where}: {asked} found no environment for the project ({reason[:REASON_LIMIT]}); "
                         f"{POETRY_HINT}")
    found = venv_python(Path(printed))
    if found is None:
        raise InputError(f"{where}: {asked} names {printed}, which has no bin/python; {POETRY_HINT}")
    return Interpreter(found, f"Poetry's environment, toolchain poetry in {project.file.name}",
                       install_hint=POETRY_HINT)


def _poetry_in_project_venv(pwd: Path) -> Path | None:
    """The python of the `.venv` Poetry would name without looking further (module docstring), else None."""
    from costing.project import venv_python

    if os.environ.get("VIRTUAL_ENV"):
        return None
    root = next((folder for folder in (pwd, *pwd.parents) if (folder / "pyproject.toml").is_file()), None)
    if root is None or not (root / ".venv" / "pyvenv.cfg").is_file() or _in_project_off(root):
        return None
    return venv_python(root / ".venv")


def _in_project_off(root: Path) -> bool:
    """Whether Poetry's `virtualenvs.in-project` is set to false: by its environment variable, else the
    project's poetry.toml, else Poetry's own config.toml ($POETRY_CONFIG_DIR, else the user's config folder)."""
    import tomllib

    import platformdirs

    setting = os.environ.get("POETRY_VIRTUALENVS_IN_PROJECT")
    if setting is not None:
        return setting.strip().lower() in ("false", "0", "no", "off")
    config_dir = os.environ.get("POETRY_CONFIG_DIR") or platformdirs.user_config_dir("pypoetry", roaming=True)
    for path in (root / "poetry.toml", Path(config_dir) / "config.toml"):
        try:
            value = tomllib.loads(path.read_text(encoding="utf-8")).get("virtualenvs", {}).get("in-project")
        except (OSError, ValueError, AttributeError):
            continue
        if value is not None:
            return value is False
    return False


def uv_interpreter(project: Project) -> Interpreter:
    """The python of uv's project environment (see the module docstring)."""
    from costing.project import Interpreter, venv_python

    environment, named = uv_environment(project)
    command = f"UV_PROJECT_ENVIRONMENT={environment} uv sync" if named else "uv sync"
    hint = f"install the project's dependencies: `{command}` (or `pulumi install`)"
    found = venv_python(environment)
    if found is None:
        ignored = os.environ.get("UV_PROJECT_ENVIRONMENT")
        note = (f" (Pulumi runs uv with UV_PROJECT_ENVIRONMENT set to that folder: $UV_PROJECT_ENVIRONMENT "
                f"{ignored} is not the program's environment)" if ignored else "")
        raise InputError(f"{project.file}: runtime.options.toolchain uv: no virtualenv at {environment}{note}; "
                         f"{hint}")
    return Interpreter(found, f"uv's environment, toolchain uv in {project.file.name}", install_hint=hint)


def uv_environment(project: Project) -> tuple[Path, bool]:
    """(uv's project environment folder, whether `virtualenv` named it)."""
    named = project.runtime_options.get("virtualenv")
    if isinstance(named, str) and named:
        return project.root / named, True
    for marker in ("uv.lock", "pyproject.toml"):
        folder = next((folder for folder in (project.root, *project.root.parents) if (folder / marker).is_file()),
                      None)
        if folder is not None:
            return folder / ".venv", False
    return project.root / ".venv", False


def _run_poetry(command: list[str], pwd: Path, where: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of poetry, in a session of its own that is killed whole on a timeout;
    `where` starts an error's message (the project file, the toolchain and the command)."""
    try:
        process = subprocess.Popen(command, cwd=pwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, start_new_session=True)
    except OSError as error:
        raise InputError(f"{where}: cannot run {command[0]}: {error.strerror or error}; {POETRY_HINT}") from None
    with process:
        try:
            out, err = process.communicate(timeout=POETRY_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise InputError(f"{where} gave no answer in {POETRY_TIMEOUT:g} s; {POETRY_HINT}") from None
    return process.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def _last_line(text: str) -> str:
    """The last line that is not blank, its whitespace runs made single spaces (an error is one line)."""
    return next((" ".join(line.split()) for line in reversed(text.splitlines()) if line.strip()), "")
