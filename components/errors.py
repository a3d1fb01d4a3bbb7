"""The errors the program raises for input AWS or the components refuse.

Both are pulumi.RunError: a real `pulumi preview` prints a RunError as its message alone, without a stack
trace, and costing prints it as `costing: error: <message>` with exit code 2. str() is always the whole
one-line message.
"""

from __future__ import annotations

import re
from typing import Callable

import pulumi

_ARGUMENT = re.compile(r"`([^`\s]+)`")


class SettingError(pulumi.RunError):
    """A stack setting the program refuses; the message starts with the stack file and the setting's key."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class ArgumentError(SettingError, ValueError):
    """A component argument refused. The message names arguments in backticks (`cidr_block`,
    `public_subnet_cidrs[1]`, `vpn.bgp_asn`): str() shows them bare, and `named` lets components/settings.py
    show the stack setting behind each argument instead."""

    def __init__(self, template: str) -> None:
        self.template = template
        super().__init__(self.named(lambda argument: argument))

    def named(self, name: Callable[[str], str]) -> str:
        """The message with every argument reference replaced by name(argument)."""
        return _ARGUMENT.sub(lambda match: name(match[1]), self.template)

    def __reduce__(self):  # pickled by costing's worker process: rebuild from the template
        return type(self), (self.template,)
