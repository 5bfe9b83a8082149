"""The ``teitools`` command line: thin click wrappers around library functions.

Each command parses options, calls one library function, hands the result to
a reporter and maps it to an exit code: 0 ok, 1 invalid input, 2 usage / I/O /
configuration error.  Heavy modules are imported inside the commands so that
``teitools --help`` and pre-commit runs start fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import TeiToolsError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_INVALID, EXIT_ERROR = 0, 1, 2


def fail(err: TeiToolsError) -> None:
    """Print one line for a TeiToolsError and exit with its code."""
    click.echo(f"teitools: error: {err}", err=True)
    sys.exit(err.exit_code)


def handle_errors(func: F) -> F:
    """Turn TeiToolsError and OS-level failures into one line + exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TeiToolsError as err:
            fail(err)
        except KeyboardInterrupt:
            click.echo("teitools: interrupted", err=True)
            sys.exit(130)
        except OSError as err:  # e.g. a full disk while writing to stdout
            name = getattr(err, "filename", None) or "<output>"
            click.echo(f"teitools: error: {name}: {err.strerror or err}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper  # type: ignore[return-value]


class _Group(click.Group):
    """Lists commands in the order they were added, not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Example: teitools build   (validate tei/*.xml, write build/html and build/text)",
)
@click.version_option(__version__, "--version", "-V", prog_name="teitools")
def main() -> None:
    """teitools — encode, validate and publish TEI-XML.

    Run from a project root holding tei/, schema/ and xslt/ (or pass paths).
    Exit codes: 0 success, 1 invalid input, 2 usage / I/O / configuration error.
    """


@main.command(
    epilog="Example: teitools build --out build/   (run from the repository root)",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Directory for html/ and text/ outputs.",
)
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project root holding tei/ and schema/ (default: the current directory, "
    "else the bundled article).",
)
@handle_errors
def build(out_dir: Path, root: Path | None) -> None:
    """Validate every document in tei/ and write its HTML and text editions."""
    from .build import run_build

    result = run_build(root=root, out_dir=out_dir)
    for diag in result.diagnostics:
        click.echo(str(diag), err=not diag.is_error)
    for path in result.outputs:
        click.echo(f"wrote {path}")
    click.echo(result.summary_line())
    sys.exit(EXIT_INVALID if result.invalid else EXIT_OK)
