"""The ``collabgraph`` command's entry point: Ctrl-C at any moment ends it with one line and
exit status 130, never a traceback nor click's ``Aborted!``.

While the command's modules are imported (nothing written yet) an interrupt exits at once;
then Python's own handler raises ``KeyboardInterrupt`` so that what is being written is
cleaned up on the way out (temporary files removed, children stopped) before the line.
"""

from __future__ import annotations

# The C module under ``signal``: ``signal`` itself imports enum, functools and collections,
# most of the time before the handler below could be set.
import _signal  # type: ignore[import-not-found]
import os
import sys

TYPE_CHECKING = False  # not from typing: this module runs before Ctrl-C is caught
if TYPE_CHECKING:
    from types import FrameType

    import click

__all__ = ["INTERRUPTED", "exit_at_once_on_ctrl_c", "main"]

INTERRUPTED = 130
"""The exit status of a command stopped by Ctrl-C (128 + SIGINT), as shells report it."""
_MESSAGE = b"Interrupted.\n"


def _exit_at_once(signum: int, frame: FrameType | None) -> None:
    os.write(2, _MESSAGE)
    os._exit(INTERRUPTED)


def exit_at_once_on_ctrl_c() -> None:
    """Until :func:`main` runs the command, Ctrl-C exits at once (nothing is written yet).
    The package's ``__init__`` calls it first thing when it is imported by the command."""
    _signal.signal(_signal.SIGINT, _exit_at_once)


def main() -> None:
    """Run ``collabgraph`` with the arguments of the command line."""
    exit_at_once_on_ctrl_c()
    from collabgraph.cli import cli

    _signal.signal(_signal.SIGINT, _signal.default_int_handler)
    status = run(cli)
    _signal.signal(_signal.SIGINT, _exit_at_once)
    sys.exit(status)


def run(command: click.Command, args: list[str] | None = None) -> int:
    """The command's exit status; an interrupt is one line on stderr and status 130."""
    import click

    try:
        result = command.main(args, prog_name="collabgraph", standalone_mode=False)
    except click.Abort as abort:
        if isinstance(abort.__cause__, KeyboardInterrupt):
            return _interrupted()
        click.echo("Aborted!", err=True)
        return 1
    except KeyboardInterrupt:
        return _interrupted()
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except Exception as error:
        if _caused_by_an_interrupt(error):
            return _interrupted()
        raise
    return result if isinstance(result, int) else 0


def _caused_by_an_interrupt(error: BaseException) -> bool:
    """Whether Ctrl-C is behind an error: CPython wraps an interrupt that arrives while a
    class is being made (a dataclass's ``__set_name__`` during an import) in a
    ``RuntimeError`` whose cause is the ``KeyboardInterrupt``."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _interrupted() -> int:
    _signal.signal(_signal.SIGINT, _exit_at_once)
    os.write(2, _MESSAGE)
    return INTERRUPTED
