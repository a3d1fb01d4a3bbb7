"""costing.project: the Pulumi project found, its program and its interpreter chosen as the Pulumi CLI and
its language hosts (Python's, Node.js's) choose them."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from costing.errors import InputError
from costing.project import Interpreter, find_project, load_project
from costing.project_node import share_node_modules


def project(folder: Path, text: str = "name: demo\nruntime: python\n", file: str = "Pulumi.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / file).write_text(text)
    return folder


def venv(folder: Path) -> Path:
    (folder / "bin").mkdir(parents=True)
    (folder / "bin" / "python").write_text("")
    return folder / "bin" / "python"


def test_the_nearest_project_file_above_the_folder_is_the_project(tmp_path):
    root = project(tmp_path / "infra", "name: demo\nruntime: python\n", file="Pulumi.yml")
    (root / "components" / "network").mkdir(parents=True)
    found = find_project(root / "components" / "network")
    assert (found.root, found.file.name, found.name) == (root, "Pulumi.yml", "demo")
    assert found.stack_file("acme/demo/dev") == root / "Pulumi.dev.yml"  # the project file's extension


def test_no_project_names_the_folder_and_the_option(tmp_path):
    with pytest.raises(InputError) as error:
        find_project(tmp_path)
    assert str(error.value) == (f"no Pulumi.yaml in {tmp_path} or any folder above it: run costing in a Pulumi "
                                "project's folder, or name one with -C/--cwd DIR")
    with pytest.raises(InputError, match=r"^-C/--cwd .*nowhere: no such folder$"):
        find_project(tmp_path / "nowhere")


def test_a_project_file_without_a_name_is_refused(tmp_path):
    root = project(tmp_path, "runtime: python\n")
    with pytest.raises(InputError, match=r"Pulumi.yaml: not a Pulumi project file \(no `name:`\)$"):
        load_project(root)


@pytest.mark.parametrize("main, expected", [
    (None, (".", ".")),
    ("infra/", ("infra", ".")),  # a folder: the program runs from it
    ("infra/app.py", ("infra", "app.py")),  # a file: from its folder
])
def test_main_as_the_cli_reads_it(tmp_path, main, expected):
    root = project(tmp_path, "name: demo\nruntime: python\n" + (f"main: {main}\n" if main else ""))
    (root / "infra").mkdir()
    (root / "infra" / "app.py").write_text("")
    (root / "infra" / "__main__.py").write_text("")
    (root / "__main__.py").write_text("")
    pwd, program = load_project(root).python_program()
    assert (str(pwd.relative_to(root)), program) == expected


@pytest.mark.parametrize("main, message", [
    ("/srv/app", "`main` must be a path relative to the project folder"),
    ("../elsewhere", "`main` must be a folder or file inside the project folder"),
    ("missing/", "no such file or folder"),
])
def test_main_outside_the_project_is_refused(tmp_path, main, message):
    root = project(tmp_path / "demo", f"name: demo\nruntime: python\nmain: {main}\n")
    (tmp_path / "elsewhere").mkdir()
    with pytest.raises(InputError) as error:
        load_project(root).entry()
    assert str(error.value) == f"{root / 'Pulumi.yaml'}: main {main!r}: {message}"


def test_a_folder_without_main_py_is_no_python_program(tmp_path):
    root = project(tmp_path)
    with pytest.raises(InputError) as error:
        load_project(root).python_program()
    assert str(error.value) == (f"{root}: no __main__.py, the entry point of a Pulumi Python program (or name the "
                                "program's file or folder with `main:` in Pulumi.yaml)")


def test_another_runtime_is_sent_to_a_real_preview(tmp_path):
    root = project(tmp_path, "name: site\nruntime:\n  name: go\n")
    with pytest.raises(InputError) as error:
        load_project(root).check_runtime()
    assert str(error.value) == (
        f"{root / 'Pulumi.yaml'}: runtime 'go': costing runs Python, TypeScript and JavaScript programs offline; "
        "price this one from `pulumi preview --json > plan.json` with `costing estimate --preview plan.json`")


def test_the_interpreter_the_virtualenv_option_names_comes_first(tmp_path, monkeypatch):
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    root = project(tmp_path, "name: demo\nruntime:\n  name: python\n  options:\n    virtualenv: envs/py\n")
    assert load_project(root).interpreter() == Interpreter(Path(sys.executable), "costing's own interpreter",
                                                           missing="envs/py")
    active = venv(tmp_path / "active")
    monkeypatch.setenv("VIRTUAL_ENV", str(tmp_path / "active"))
    assert load_project(root).interpreter().executable == active
    dot = venv(root / ".venv")
    assert load_project(root).interpreter() == Interpreter(dot, "the project's .venv", missing="envs/py")
    plain = venv(root / "venv")
    assert load_project(root).interpreter().executable == plain
    named = venv(root / "envs" / "py")
    assert load_project(root).interpreter() == Interpreter(named, "the virtualenv envs/py (Pulumi.yaml)")


# --- Node.js projects (costing/project_node.py) -------------------------------------------------------

NODE = "runtime:\n  name: nodejs\n"


def test_a_node_project_runs_with_the_node_on_path_and_its_nodeargs(tmp_path):
    root = project(tmp_path, f"name: site\n{NODE}  options:\n    nodeargs: --require ./env.cjs --title 'web front'\n")
    found = load_project(root)
    found.check_runtime()
    assert found.interpreter() == Interpreter(
        Path(shutil.which("node")), "node on PATH", runtime="nodejs", arguments=("--require", "./env.cjs", "--title",
                                                                                  "web front"),
        install_hint="install the project's dependencies: `npm install` (or `pulumi install`)")
    assert found.program() == (root, ".")  # its entry point is the runner's to find, as the language host's


def test_without_node_on_path_the_error_says_so(tmp_path, monkeypatch):
    root = project(tmp_path, f"name: site\n{NODE}")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(InputError) as error:
        load_project(root).interpreter()
    assert str(error.value) == (f"{root / 'Pulumi.yaml'}: runtime nodejs: no `node` on PATH; install Node.js (Pulumi "
                                "runs the program with the node on PATH, and so does costing)")


@pytest.mark.parametrize("lock_file, command", [
    (None, "npm install"), ("package-lock.json", "npm install"), ("yarn.lock", "yarn install"),
    ("pnpm-lock.yaml", "pnpm install"), ("bun.lock", "bun install"),
])
def test_the_install_command_is_the_package_managers_its_lock_file_shows(tmp_path, lock_file, command):
    root = project(tmp_path, f"name: site\n{NODE}")
    if lock_file:
        (root / lock_file).write_text("")
    assert load_project(root).interpreter().install_hint == (f"install the project's dependencies: `{command}` "
                                                            "(or `pulumi install`)")
    (root / "Pulumi.yaml").write_text(f"name: site\n{NODE}  options:\n    packagemanager: pnpm\n")
    assert "`pnpm install`" in load_project(root).interpreter().install_hint  # named, it wins


@pytest.mark.parametrize("options, message", [
    ("typescript: 'no'", "runtime.options.typescript 'no': must be true or false"),
    ("tsconfig: 3", "runtime.options.tsconfig 3: must be a string"),
    ("nodeargs: \"--title 'web\"", "runtime.options.nodeargs \"--title 'web\": No closing quotation"),
    ("packagemanager: npx", "runtime.options.packagemanager 'npx': must be one of auto, npm, yarn, pnpm, bun"),
])
def test_runtime_options_of_the_wrong_kind_name_pulumi_yaml(tmp_path, options, message):
    root = project(tmp_path, f"name: site\n{NODE}  options:\n    {options}\n")
    with pytest.raises(InputError) as error:
        found = load_project(root)
        found.interpreter()
        found.runner_options()
    assert str(error.value) == f"{root / 'Pulumi.yaml'}: {message}"


def test_the_runners_options_as_the_language_host_reads_them(tmp_path, monkeypatch):
    monkeypatch.delenv("PULUMI_NODEJS_TRANSPILE_ONLY", raising=False)
    root = project(tmp_path, f"name: site\n{NODE}")
    assert load_project(root).runner_options() == {"typescript": True, "tsconfig": None, "transpileOnly": None}
    (root / "Pulumi.yaml").write_text(f"name: site\n{NODE}  options:\n    typescript: false\n    tsconfig: ts.json\n")
    monkeypatch.setenv("PULUMI_NODEJS_TRANSPILE_ONLY", "yes")  # set, but not "true": type-checked
    assert load_project(root).runner_options() == {"typescript": False, "tsconfig": "ts.json", "transpileOnly": False}
    monkeypatch.setenv("PULUMI_NODEJS_TRANSPILE_ONLY", "true")
    assert load_project(root).runner_options()["transpileOnly"] is True
    assert load_project(project(tmp_path / "py")).runner_options() == {}


@pytest.mark.parametrize("modules_at, linked_at", [
    ("", ""),  # the project's own
    ("infra", "infra"),  # main's folder's
    ("..", ""),  # a workspace's, above the project: linked at the revision's project folder
])
def test_a_git_revision_runs_with_the_projects_node_modules(tmp_path, modules_at, linked_at):
    root = project(tmp_path / "repo" / "site", f"name: site\n{NODE}main: infra/\n")
    modules = (root / modules_at / "node_modules").resolve()
    (modules / "@pulumi" / "pulumi").mkdir(parents=True)
    (root / "infra").mkdir(exist_ok=True)
    revision = project(tmp_path / "tree" / "site", f"name: site\n{NODE}main: infra/\n")
    (revision / "infra").mkdir()
    share_node_modules(load_project(root), load_project(revision))
    link = revision / linked_at / "node_modules"
    assert link.is_symlink() and link.resolve() == modules
    share_node_modules(load_project(root), load_project(revision))  # twice: the link is there already
    assert link.resolve() == modules


# --- Python toolchains: poetry and uv (costing/project_python.py) ----------------------------------------

POETRY_HINT = "install the project's dependencies: `poetry install` (or `pulumi install`)"


def toolchain_project(folder: Path, toolchain: str, extra: str = "") -> Path:
    return project(folder, f"name: demo\nruntime:\n  name: python\n  options:\n    toolchain: {toolchain}\n{extra}")


def fake_poetry(tmp_path: Path, monkeypatch, script: str) -> Path:
    """A `poetry` first on PATH running `script` (sh); it logs each call's folder and arguments to calls.txt."""
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    poetry = bin_dir / "poetry"
    poetry.write_text(f'#!/bin/sh\necho "$PWD $*" >> {bin_dir}/calls.txt\n{script}\n')
    poetry.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    return bin_dir / "calls.txt"


@pytest.mark.parametrize("in_project", [True, False])
def test_poetry_names_the_environment_asked_in_the_programs_folder(tmp_path, monkeypatch, in_project):
    root = toolchain_project(tmp_path / "demo", "poetry", "main: infra/\n")
    (root / "infra").mkdir()
    # virtualenvs.in-project: the program folder's .venv; else one under Poetry's cache directory
    environment = root / "infra" / ".venv" if in_project else tmp_path / "cache" / "virtualenvs" / "demo-Xy12-py3.12"
    python = venv(environment)
    calls = fake_poetry(tmp_path, monkeypatch, f"echo 'Skipping virtualenv creation' >&2\necho {environment}")
    assert load_project(root).interpreter() == Interpreter(
        python, "Poetry's environment, toolchain poetry in Pulumi.yaml", install_hint=POETRY_HINT)
    assert calls.read_text() == f"{root / 'infra'} env info --path\n"  # in main's folder, as the language host asks


def test_poetrys_in_project_environment_is_taken_without_asking_poetry(tmp_path, monkeypatch):
    """Poetry's own first answer (EnvManager.get): no active virtualenv, an in-project .venv beside the
    pyproject.toml. Asking poetry costs about a second on every run; here no poetry is even on PATH."""
    root = toolchain_project(tmp_path / "demo", "poetry", "main: infra/\n")
    (root / "infra").mkdir()
    (root / "pyproject.toml").write_text("[tool.poetry]\nname = 'demo'\n")
    python = venv(root / ".venv")
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    monkeypatch.delenv("POETRY_VIRTUALENVS_IN_PROJECT", raising=False)
    monkeypatch.setenv("POETRY_CONFIG_DIR", str(tmp_path / "poetry-config"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert load_project(root).interpreter() == Interpreter(
        python, "Poetry's in-project environment, toolchain poetry in Pulumi.yaml", install_hint=POETRY_HINT)


@pytest.mark.parametrize("setting", ["env", "poetry.toml", "config.toml", "active"])
def test_poetry_is_asked_when_its_settings_may_name_another_environment(tmp_path, monkeypatch, setting):
    root = toolchain_project(tmp_path / "demo", "poetry")
    (root / "pyproject.toml").write_text("[tool.poetry]\nname = 'demo'\n")
    venv(root / ".venv")
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    config_dir = tmp_path / "poetry-config"
    config_dir.mkdir()
    monkeypatch.setenv("POETRY_CONFIG_DIR", str(config_dir))
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    monkeypatch.delenv("POETRY_VIRTUALENVS_IN_PROJECT", raising=False)
    if setting == "env":
        monkeypatch.setenv("POETRY_VIRTUALENVS_IN_PROJECT", "false")
    elif setting == "poetry.toml":
        (root / "poetry.toml").write_text("[virtualenvs]\nin-project = false\n")
    elif setting == "config.toml":
        (config_dir / "config.toml").write_text("[virtualenvs]\nin-project = false\n")
    else:
        monkeypatch.setenv("VIRTUAL_ENV", str(tmp_path / "active"))
    elsewhere = tmp_path / "cache" / "virtualenvs" / "demo-Xy12-py3.12"
    python = venv(elsewhere)
    calls = fake_poetry(tmp_path, monkeypatch, f"echo {elsewhere}")
    assert load_project(root).interpreter().executable == python
    assert calls.read_text() == f"{root} env info --path\n"


def test_no_poetry_on_path_names_the_toolchain_and_the_fix(tmp_path, monkeypatch):
    root = toolchain_project(tmp_path, "poetry")
    venv(root / ".venv")  # an environment poetry would name is not guessed at
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(InputError) as error:
        load_project(root).interpreter()
    assert str(error.value) == (f"{root / 'Pulumi.yaml'}: runtime.options.toolchain poetry: no `poetry` on PATH to "
                                f"find the project's environment with; install Poetry, then {POETRY_HINT}")


@pytest.mark.parametrize("script, reason", [
    ("echo 'Poetry could not find a pyproject.toml file in /x or its parents' >&2\nexit 1",
     "Poetry could not find a pyproject.toml file in /x or its parents"),
    ("exit 1", "exit code 1"),  # no virtualenv yet: poetry prints nothing
    ("echo", "exit code 0"),  # a blank answer
])
def test_poetry_without_an_environment_is_one_line_naming_the_fix(tmp_path, monkeypatch, script, reason):
    root = toolchain_project(tmp_path / "demo", "poetry")
    fake_poetry(tmp_path, monkeypatch, script)
    with pytest.raises(InputError) as error:
        load_project(root).interpreter()
    assert str(error.value) == (f"{root / 'Pulumi.yaml'}: runtime.options.toolchain poetry: `poetry env info --path` "
                                f"in {root} found no environment for the project ({reason}); {POETRY_HINT}")


def test_poetry_naming_a_folder_without_python_is_refused(tmp_path, monkeypatch):
    root = toolchain_project(tmp_path / "demo", "poetry")
    fake_poetry(tmp_path, monkeypatch, f"echo {tmp_path / 'gone'}")
    with pytest.raises(InputError) as error:
        load_project(root).interpreter()
    assert str(error.value) == (f"{root / 'Pulumi.yaml'}: runtime.options.toolchain poetry: `poetry env info --path` "
                                f"in {root} names {tmp_path / 'gone'}, which has no bin/python; {POETRY_HINT}")


def test_a_poetry_that_hangs_is_stopped_at_the_timeout(tmp_path, monkeypatch):
    import costing.project_python as toolchains

    monkeypatch.setattr(toolchains, "POETRY_TIMEOUT", 0.5)
    root = toolchain_project(tmp_path / "demo", "poetry")
    # a poetry whose child keeps the output pipe open: the whole session is killed, not only poetry
    fake_poetry(tmp_path, monkeypatch, f"sleep 60 &\necho $! > {tmp_path}/child.txt\nwait")
    started = time.monotonic()
    with pytest.raises(InputError) as error:
        load_project(root).interpreter()
    assert time.monotonic() - started < 10
    assert str(error.value) == (f"{root / 'Pulumi.yaml'}: runtime.options.toolchain poetry: `poetry env info --path` "
                                f"in {root} gave no answer in 0.5 s; {POETRY_HINT}")
    child = int((tmp_path / "child.txt").read_text())
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:  # killed; reaped by init once its parent is gone
        time.sleep(0.05)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"  # a zombie is gone but unreaped


@pytest.mark.parametrize("value, shown", [("conda", "'conda'"), ('""', "''"), ("\n    - uv", "['uv']")])
def test_a_toolchain_pulumi_does_not_know_is_refused(tmp_path, value, shown):
    root = toolchain_project(tmp_path, value)
    with pytest.raises(InputError) as error:
        load_project(root).interpreter()
    assert str(error.value) == (f"{root / 'Pulumi.yaml'}: runtime.options.toolchain {shown}: Pulumi's Python "
                                "toolchains are pip, poetry, uv")


def test_toolchain_pip_is_the_virtualenv_choice(tmp_path, monkeypatch):
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    root = toolchain_project(tmp_path, "pip", "    virtualenv: env\n")
    python = venv(root / "env")
    assert load_project(root).interpreter() == Interpreter(python, "the virtualenv env (Pulumi.yaml)")


UV_HINT = "install the project's dependencies: `uv sync` (or `pulumi install`)"


@pytest.mark.parametrize("marker, where", [
    (None, "demo"),  # no uv.lock nor pyproject.toml: the project folder's .venv
    ("demo/pyproject.toml", "demo"),
    ("pyproject.toml", "."),  # the nearest above the project: a uv workspace's root
    ("uv.lock", "."),
])
def test_uv_runs_the_venv_beside_the_nearest_lock_or_pyproject(tmp_path, monkeypatch, marker, where):
    monkeypatch.setenv("UV_PROJECT_ENVIRONMENT", str(tmp_path / "elsewhere"))  # Pulumi sets it itself
    root = toolchain_project(tmp_path / "demo", "uv")
    if marker:
        (tmp_path / marker).write_text("")
    if marker == "uv.lock":
        (root / "pyproject.toml").write_text("")  # the lock file wins over a nearer pyproject.toml
    venv(tmp_path / "elsewhere")
    python = venv(tmp_path / where / ".venv")
    assert load_project(root).interpreter() == Interpreter(python, "uv's environment, toolchain uv in Pulumi.yaml",
                                                           install_hint=UV_HINT)


def test_uv_runs_the_virtualenv_pulumi_yaml_names(tmp_path):
    root = toolchain_project(tmp_path, "uv", "    virtualenv: envs/uv\n")
    venv(root / ".venv")
    python = venv(root / "envs" / "uv")
    assert load_project(root).interpreter() == Interpreter(
        python, "uv's environment, toolchain uv in Pulumi.yaml",
        install_hint=f"install the project's dependencies: `UV_PROJECT_ENVIRONMENT={root / 'envs' / 'uv'} uv sync` "
                     "(or `pulumi install`)")


def test_uv_without_its_environment_names_uv_sync(tmp_path, monkeypatch):
    monkeypatch.delenv("UV_PROJECT_ENVIRONMENT", raising=False)
    root = toolchain_project(tmp_path, "uv")
    (root / "uv.lock").write_text("")
    with pytest.raises(InputError) as error:
        load_project(root).interpreter()
    assert str(error.value) == (f"{root / 'Pulumi.yaml'}: runtime.options.toolchain uv: no virtualenv at "
                                f"{root / '.venv'}; {UV_HINT}")
    monkeypatch.setenv("UV_PROJECT_ENVIRONMENT", "/srv/env")
    with pytest.raises(InputError) as error:
        load_project(root).interpreter()
    assert str(error.value) == (f"{root / 'Pulumi.yaml'}: runtime.options.toolchain uv: no virtualenv at "
                                f"{root / '.venv'} (Pulumi runs uv with UV_PROJECT_ENVIRONMENT set to that folder: "
                                f"$UV_PROJECT_ENVIRONMENT /srv/env is not the program's environment); {UV_HINT}")
