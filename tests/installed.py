"""The installed `costing` and the test programs' own environment: virtualenvs built once and kept across
test sessions, outside the repository, rebuilt only when what goes into them changes.

- the tool: a virtualenv with this repository installed as a user installs it (`pip install <repo>`, not
  editable). Its dependencies (requirements.txt) are installed once per change of requirements.txt and
  pyproject.toml; costing itself is reinstalled (`--no-deps`, a few seconds) whenever a file of the package
  changes, so the console script always runs the code under test.
- the programs' environment: tests/programs/requirements.txt (pulumi and the programs' packages, no pandas).

Where: $COSTING_TEST_ENVS, else `costing-test-envs` in the user's cache directory. Each virtualenv's
folder is named by the hash of what goes into it; a stamp file marks it complete; a lock file makes
concurrent sessions build it once. Building them costs about 40 s (programs) and 75 s (tool) the first
time; a session that finds them ready pays nothing.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import platformdirs

REPO_ROOT = Path(__file__).resolve().parents[1]
PROGRAMS = REPO_ROOT / "tests" / "programs"
PIP = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input"]
COMPLETE = "complete"


def envs_root() -> Path:
    configured = os.environ.get("COSTING_TEST_ENVS", "").strip()
    return Path(configured) if configured else Path(platformdirs.user_cache_dir("costing-test-envs"))


def tool_python() -> Path:
    """The python of a virtualenv where `pip install <repo>` installed costing; its `costing` script is
    beside it."""
    inputs = [REPO_ROOT / "requirements.txt", REPO_ROOT / "pyproject.toml"]
    venv = _virtualenv("tool", inputs, lambda python: _pip(python, "-r", str(REPO_ROOT / "requirements.txt")))
    python = venv / "bin" / "python"
    package = _hash(sorted(path for path in (REPO_ROOT / "costing").rglob("*")
                           if path.is_file() and "__pycache__" not in path.parts) + inputs)
    with _locked(venv):
        stamp = venv / "costing-package"
        if not stamp.is_file() or stamp.read_text() != package:
            _pip(python, "--no-deps", "--force-reinstall", str(REPO_ROOT))
            shutil.rmtree(REPO_ROOT / "build", ignore_errors=True)  # pip's in-tree build leftovers
            stamp.write_text(package)
    return python


def programs_python() -> Path:
    """The python of the test programs' environment (tests/programs/requirements.txt)."""
    requirements = PROGRAMS / "requirements.txt"
    return _virtualenv("programs", [requirements], lambda python: _pip(python, "-r", str(requirements))) / "bin" / "python"


def _virtualenv(kind: str, inputs: list[Path], install) -> Path:
    venv = envs_root() / f"{kind}-{_hash(inputs)[:16]}"
    with _locked(venv):
        if not (venv / COMPLETE).is_file():
            shutil.rmtree(venv, ignore_errors=True)
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            install(venv / "bin" / "python")
            (venv / COMPLETE).write_text("")
    return venv


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
def _locked(venv: Path) -> Iterator[None]:
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / f"{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
