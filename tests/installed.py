"""The installed `costing` and the test programs' own environment: virtualenvs built once and kept across
test sessions, outside the repository, rebuilt only when what goes into them changes.

- the tool: a virtualenv of its own for each version of the package's files, where `pip install <repo>`
  (not editable) installed costing and its console script. Its dependencies (requirements.txt) come
  from a shared virtualenv, built once per change of requirements.txt and pyproject.toml, that a `.pth`
  file adds to the tool's path: a change of costing's code costs a few seconds (a new small virtualenv),
  and sessions of other checkouts on the machine never replace the copy a session is testing.
- the programs' environment: tests/programs/requirements.txt (pulumi and the programs' packages, no pandas).
- the TypeScript and JavaScript programs' node_modules: `npm ci` of tests/programs/node-packages (its
  package.json and committed package-lock.json, install scripts off), linked by each program's copy.

Where: $COSTING_TEST_ENVS, else `costing-test-envs` in the user's cache directory. Each virtualenv's
folder is named by the hash of what goes into it; a stamp file marks it complete; a lock file makes
concurrent sessions build it once; tool copies unused for a day are removed. Building costs about 40 s
(programs), 75 s (dependencies) and 30 s (node_modules, from npm's cache: about 20 s) the first time; a
session that finds them ready pays nothing.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import platformdirs

REPO_ROOT = Path(__file__).resolve().parents[1]
PROGRAMS = REPO_ROOT / "tests" / "programs"
NODE_PACKAGES = PROGRAMS / "node-packages"
NPM_CI = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"]
PIP = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input"]
COMPLETE = "complete"
UNUSED_FOR = 24 * 3600  # seconds after which another version's tool copy or node_modules is removed


def envs_root() -> Path:
    configured = os.environ.get("COSTING_TEST_ENVS", "").strip()
    return Path(configured) if configured else Path(platformdirs.user_cache_dir("costing-test-envs"))


def tool_python() -> Path:
    """The python of a virtualenv where `pip install <repo>` installed costing; its `costing` script is
    beside it."""
    inputs = [REPO_ROOT / "requirements.txt", REPO_ROOT / "pyproject.toml"]
    dependencies = _virtualenv("dependencies", inputs,
                               lambda python: _pip(python, "-r", str(REPO_ROOT / "requirements.txt")))
    package = sorted(path for path in (REPO_ROOT / "costing").rglob("*")
                     if path.is_file() and "__pycache__" not in path.parts)

    def install(python: Path) -> None:
        shared = _site_packages(dependencies / "bin" / "python")
        _site_packages(python).joinpath("dependencies.pth").write_text(f"{shared}\n")
        _pip(python, "--no-deps", str(REPO_ROOT))
        shutil.rmtree(REPO_ROOT / "build", ignore_errors=True)  # pip's in-tree build leftovers

    venv = _virtualenv("tool", [*inputs, *package], install, pip=False)
    os.utime(venv / COMPLETE)
    _remove_unused("tool-", keep=venv)
    return venv / "bin" / "python"


def programs_python() -> Path:
    """The python of the test programs' environment (tests/programs/requirements.txt)."""
    requirements = PROGRAMS / "requirements.txt"
    return _virtualenv("programs", [requirements], lambda python: _pip(python, "-r", str(requirements))) / "bin" / "python"


def node_modules() -> Path:
    """The test programs' node_modules: tests/programs/node-packages installed with `npm ci`."""
    inputs = [NODE_PACKAGES / "package.json", NODE_PACKAGES / "package-lock.json"]

    def install(folder: Path) -> None:
        folder.mkdir(parents=True)
        for path in inputs:
            shutil.copy(path, folder / path.name)
        done = subprocess.run(NPM_CI, capture_output=True, text=True, cwd=folder)
        if done.returncode != 0:
            raise RuntimeError(f"npm ci in {folder} failed:\n{done.stdout}\n{done.stderr}")

    folder = _built("node", inputs, install)
    os.utime(folder / COMPLETE)
    _remove_unused("node-", keep=folder)
    return folder / "node_modules"


def _virtualenv(kind: str, inputs: list[Path], install, pip: bool = True) -> Path:
    def build(venv: Path) -> None:
        subprocess.run([sys.executable, "-m", "venv", *([] if pip else ["--without-pip"]), str(venv)], check=True)
        install(venv / "bin" / "python")

    return _built(kind, inputs, build)


def _built(kind: str, inputs: list[Path], build) -> Path:
    """The folder `build` makes from `inputs`, made once per version of them (concurrent sessions wait)."""
    folder = envs_root() / f"{kind}-{_hash(inputs)[:16]}"
    with _locked(folder):
        if not (folder / COMPLETE).is_file():
            shutil.rmtree(folder, ignore_errors=True)
            build(folder)
            (folder / COMPLETE).write_text("")
    return folder


def _site_packages(python: Path) -> Path:
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    return python.parent.parent / "lib" / version / "site-packages"


def _remove_unused(prefix: str, keep: Path) -> None:
    """Other versions' tool copies (or node_modules) no session has used for a day."""
    for venv in envs_root().glob(f"{prefix}*"):
        stamp = venv / COMPLETE
        if venv.is_dir() and venv != keep and stamp.is_file() and time.time() - stamp.stat().st_mtime > UNUSED_FOR:
            shutil.rmtree(venv, ignore_errors=True)


def _pip(python: Path, *args: str) -> None:
    done = subprocess.run([str(python), *PIP, *args], capture_output=True, text=True, cwd=REPO_ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"pip install {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def _hash(paths: list[Path]) -> str:
    digest = hashlib.sha256(f"python {sys.version_info[:2]}".encode())
    for path in paths:
        digest.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f"{folder.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


if __name__ == "__main__":  # `python -m tests.installed`: build everything once, before the tests (CI)
    tool_python()
    programs_python()
    node_modules()
