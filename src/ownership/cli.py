"""The ``ownership`` command: assess, validate, import, describe and generate processes.

Installed with the package as the script ``ownership`` (and runnable as
``python -m ownership``); it needs the extra ``cli`` (click and rich):
``pip install 'ownership[cli]'``. The commands are documented in the CLI
reference (``docs/cli.md``) and by ``ownership COMMAND --help``.

Exit codes: 0 success; 1 invalid input (every problem is printed as
``path: message``); 2 a usage error (an unknown option, a bad value on the
command line); 3 an unexpected failure (a bug: please report it).

This module imports neither click nor rich until :func:`main` runs, so that
``import ownership.cli`` works without the extra.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]

_MISSING_EXTRA = "the command needs the cli extra: pip install 'ownership[cli]'"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``ownership`` command with ``argv`` (default: the process's arguments).

    Returns the exit code instead of leaving the interpreter, so that it can
    be called from Python; the script and ``python -m ownership`` pass it to
    :func:`sys.exit`.

    >>> code = main(["schema", "--table", "goal_units"])
    {
      "table": "goal_units",
    ...
    >>> code
    0
    >>> main(["schema", "--table", "goal_unit"])
    2
    """
    try:
        import click  # noqa: F401
        import rich  # noqa: F401
    except ImportError:
        print(_MISSING_EXTRA, file=sys.stderr)
        return 1
    from ._cli._commands import command

    code: object = 0
    try:  # click ends every run, success included, with SystemExit
        command.main(args=None if argv is None else list(argv), prog_name="ownership")
    except SystemExit as done:
        code = done.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
