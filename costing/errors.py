"""The one exception type for mistakes a user can make; the CLI turns it into exit code 2."""


class InputError(Exception):
    """Bad input: the message names the input and the fix, and is shown as is (no traceback)."""
