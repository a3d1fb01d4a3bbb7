"""costing.project: the Pulumi project found, its program and its interpreter chosen as the Pulumi CLI and
its Python language host choose them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from costing.errors import InputError
from costing.project import Interpreter, find_project, load_project


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
