"""YAML files a user gives (a usage file, Pulumi.yaml, a stack file, --config-file), read as hostile input:
as costing.input_file reads any input (bounded in size, UTF-8 or UTF-16, a pipe as well as a file), refused
in one line when nested deeper than MAX_NESTING, and every parse error one InputError naming the file, the
line and the column.

The nesting is measured on the parser's events before anything is composed: libyaml's composer (the C
loader's) recurses in C without a limit, so a file nested 100,000 deep crashed the process (SIGSEGV) where
the Python loader raises RecursionError.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from costing.errors import InputError
from costing.input_file import label_of, read_text

# Config values, usage files and project files nest a few levels; 100 leaves room and is far from where
# Python's or libyaml's recursion gives out.
MAX_NESTING = 100
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it: fast, not recursive
_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def load_yaml_file(path: str | Path, loader: type, *, limit: int) -> Any:
    """The document of the YAML file at `path` (at most `limit` bytes), loaded by `loader` (a safe one)."""
    label = label_of(path)
    text = read_text(path, limit=limit)
    try:
        _check_nesting(text)
        return yaml.load(text, Loader=loader)  # noqa: S506 (callers pass safe loaders)
    except (RecursionError, _TooDeep):
        raise InputError(f"{label}: not valid YAML: nested too deeply") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(f"{label}: not valid YAML: {problem}{where}") from None


class _TooDeep(Exception):
    pass


def _check_nesting(text: str) -> None:
    """_TooDeep when `text` nests deeper than MAX_NESTING; a parse error is left to the loader to report."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_PARSER):
            if isinstance(event, _OPENING):
                depth += 1
                if depth > MAX_NESTING:
                    raise _TooDeep
            elif isinstance(event, _CLOSING):
                depth -= 1
    except yaml.YAMLError:
        return
