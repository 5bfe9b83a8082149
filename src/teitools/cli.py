"""The ``teitools`` command line: thin click wrappers around library functions.

Each command parses options, calls one library function, hands the result to
a reporter and *returns* its exit code: 0 ok, 1 invalid input, 2 usage / I/O /
configuration error.  Heavy modules are imported inside the commands so that
``teitools --help`` and pre-commit runs start fast.

One error policy, in :meth:`_Main.invoke`, for every command: a
:class:`~teitools.errors.TeiToolsError` is one ``teitools: error:`` line and
its exit code; any other exception is a bug, shown as one line
``teitools: internal error: <Type>: <message>; run with --debug for the
traceback`` and exit 3 (``--debug`` prints the traceback too).  Files a
command writes are announced as ``wrote PATH`` on stderr (stdout may carry
the command's data).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__
from .errors import TeiToolsError

EXIT_OK, EXIT_INVALID, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


def wrote(path: Path | str) -> None:
    """Announce a file a command wrote (always on stderr: stdout may carry data)."""
    click.echo(f"wrote {path}", err=True)


class _Group(click.Group):
    """Lists commands in the order they were added, not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


class _Main(_Group):
    """The top-level group: the one error policy and exit code of every command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            code = super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit,
                click.exceptions.Abort):
            raise  # usage errors, --help, --version: click's own handling
        except KeyboardInterrupt:
            click.echo("teitools: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:
            ctx.exit(_report_exception(exc, debug=bool(ctx.params.get("debug"))))
        ctx.exit(code if isinstance(code, int) else EXIT_OK)


def _report_exception(exc: Exception, *, debug: bool) -> int:
    """One line on stderr for ``exc`` (the traceback first with --debug); the exit code."""
    if debug:
        import traceback

        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    if isinstance(exc, TeiToolsError):
        click.echo(f"teitools: error: {exc}", err=True)
        return exc.exit_code
    if isinstance(exc, OSError):  # e.g. a full disk while writing to stdout
        name = getattr(exc, "filename", None) or "<output>"
        click.echo(f"teitools: error: {name}: {exc.strerror or exc}", err=True)
        return EXIT_ERROR
    message = " ".join(str(exc).split()) or "(no message)"
    click.echo(f"teitools: internal error: {type(exc).__name__}: {message}; "
               "run with --debug for the traceback", err=True)
    return EXIT_INTERNAL


@click.group(
    cls=_Main,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Example: teitools build   (validate tei/*.xml, write build/html and build/text)",
)
@click.version_option(__version__, "--version", "-V", prog_name="teitools")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.option("--no-cache", is_flag=True,
              help="Neither read nor write the schema cache (as TEITOOLS_CACHE=off).")
@click.pass_context
def main(ctx: click.Context, debug: bool, no_cache: bool) -> None:
    """teitools — encode, validate and publish TEI-XML.

    Run from a project root holding tei/, schema/ and xslt/ (or pass paths).
    Exit codes: 0 success, 1 invalid input, 2 usage / I/O / configuration error,
    3 internal error (a bug in teitools: please report it).
    """
    if no_cache:
        old = os.environ.get("TEITOOLS_CACHE")
        os.environ["TEITOOLS_CACHE"] = "off"  # worker processes inherit it

        def restore() -> None:
            if old is None:
                os.environ.pop("TEITOOLS_CACHE", None)
            else:
                os.environ["TEITOOLS_CACHE"] = old

        ctx.call_on_close(restore)


#: ``build`` lists the files it wrote up to this many (a corpus run prints its summary only).
_MAX_LISTED_OUTPUTS = 20

_NO_CACHE_OPT = click.option(
    "--no-cache", is_flag=True,
    help="Redo every document (ignore the per-document results cache).")
_DASK_OPT = click.option(
    "--dask", metavar="ADDRESS", default=None,
    help="Run the per-document work on this Dask scheduler (tcp://host:8786; "
    "needs teitools[dask]).")


class _Progress:
    """A progress bar on a TTY for long corpus runs (``progress(done, total)``)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if total < 20 or not sys.stderr.isatty():
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, file=sys.stderr, label=self.label)
            self.bar.__enter__()
        self.bar.update(1)
        if done == total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _progress(label: str) -> _Progress:
    return _Progress(label)


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
@click.option("-v", "--verbose", is_flag=True,
              help="Say which processing model each document renders with.")
@_NO_CACHE_OPT
@_DASK_OPT
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Local worker processes [default: all cores].")
def build(out_dir: Path, root: Path | None, verbose: bool, no_cache: bool, dask: str | None,
          jobs: int | None) -> int:
    """Validate every document under tei/ and write its editions and the corpus site.

    build/html/ and build/text/ mirror tei/'s folders; build/index.html lists every
    document, with registers of persons, places, organisations and works and, for
    letters, the correspondence table.  Unchanged documents come from the cache.
    """
    from .build import run_build

    with _progress("building") as progress:
        result = run_build(root=root, out_dir=out_dir, use_cache=not no_cache, dask=dask,
                           jobs=jobs, progress=progress)
    if verbose:
        from .render import models_used

        for doc in result.documents:
            for line in models_used(doc):
                click.echo(f"teitools: {doc}: {line}", err=True)
    for diag in result.diagnostics:
        click.echo(str(diag))
    if len(result.outputs) <= _MAX_LISTED_OUTPUTS:
        for path in result.outputs:
            wrote(path)
    click.echo(result.summary_line())
    return EXIT_INVALID if result.invalid else EXIT_OK


_SCHEMA_TYPE = click.Path(dir_okay=False, path_type=Path)
_RNG_OPT = click.option(
    "--rng", type=_SCHEMA_TYPE, default=None, metavar="PATH|NAME",
    help="RELAX NG schema: a file, or TEI's exemplar by name (tei_all, tei_lite, …, compiled "
    "offline); wins over the document's <?xml-model?>.")
_SCH_OPT = click.option(
    "--sch", type=_SCHEMA_TYPE, default=None, metavar="PATH|NAME",
    help="Schematron schema (or an .rng with embedded Schematron, or an exemplar name); wins "
    "over the document's <?xml-model?>.")
_STDIN_OPT = click.option(
    "--stdin-filename", type=click.Path(dir_okay=False), default=None, metavar="PATH",
    help="For - (stdin): name the text PATH and resolve relative <?xml-model?> hrefs and the "
    "nearest pyproject.toml as if it were there (an editor's unsaved buffer).")


def _schema_options(rng: Path | None, sch: Path | None, xsd: Path | None = None) -> Any:
    """The command line's schemas, exemplar names (``--rng tei_all``) resolved."""
    from .exemplars import schema_option
    from .validate import SchemaOptions

    return SchemaOptions(rng=schema_option("rng", rng), sch=schema_option("sch", sch),
                         xsd=schema_option("xsd", xsd))


@main.command(
    epilog="Examples: teitools validate tei/   |   teitools validate --rng tei_all doc.xml   |"
    "   cat doc.xml | teitools validate - --stdin-filename tei/doc.xml",
)
@click.argument("paths", nargs=-1, type=str)
@_RNG_OPT
@_SCH_OPT
@click.option("--xsd", type=_SCHEMA_TYPE, default=None, metavar="PATH|NAME",
              help="Also validate against this W3C XML Schema.")
@click.option("--phase", default=None, help="Schematron phase (default: the schema's own).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "junit"]),
              default="text", show_default=True, help="Report format.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None,
              help="Parallel workers for many files; 0 means all cores [default: all cores].")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Skip files/directories matching this .gitignore-style glob (repeatable).")
@click.option("--max-size", type=click.IntRange(min=1), default=512, show_default=True,
              metavar="MB", help="Refuse files larger than this (xmlio.DEFAULT_MAX_BYTES).")
@click.option("--max-errors", type=click.IntRange(min=0), default=100, show_default=True,
              metavar="N", help="Errors shown per file in text/github reports (0: all); "
              "identical messages are summed up after 3.")
@_STDIN_OPT
@click.option("--skip-non-tei", is_flag=True,
              help="Skip (and count) XML files that are not TEI instead of reporting them "
              "(the pre-commit hook's mode: schemas and exports are XML too).")
@click.option("-v", "--verbose", is_flag=True,
              help="Say which schemas were used and why; list everything expected in full.")
@_NO_CACHE_OPT
@_DASK_OPT
def validate(paths: tuple[str, ...], rng: Path | None, sch: Path | None, xsd: Path | None,
             phase: str | None, fmt: str, strict: bool, jobs: int | None,
             exclude: tuple[str, ...], max_size: int, max_errors: int,
             stdin_filename: str | None, skip_non_tei: bool, verbose: bool,
             no_cache: bool, dask: str | None) -> int:
    """Check TEI documents: well-formedness, RELAX NG, Schematron, XSD (--xsd).

    PATHS are files, directories (all *.xml below them) or - for stdin; default tei/.
    Exit codes: 0 all valid, 1 a document is invalid, 2 a file or schema cannot be used.
    """
    from .validate import ValidationOptions
    from .validate.reporting import render, tally

    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if not paths:
        if not Path("tei").is_dir():
            raise click.UsageError("no PATHS given and no tei/ directory here")
        paths = ("tei",)
    options = ValidationOptions(
        schemas=_schema_options(rng, sch, xsd), phase=phase, jobs=jobs or None,
        exclude=exclude, max_bytes=max_size * 1024 * 1024,
        stdin_filename=Path(stdin_filename) if stdin_filename else None,
        skip_non_tei=skip_non_tei)
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if total < 20 or not sys.stderr.isatty():
            return
        if bar is None:
            bar = click.progressbar(length=total, file=sys.stderr, label="validating")
            bar.__enter__()
        bar.update(1)
        if done == total:
            bar.__exit__(None, None, None)
            bar = None

    from .corpus import validate_corpus
    from .corpus.runners import make_runner

    runner = make_runner(dask, jobs)
    try:
        # files and folders: per-document results cached, cross-document checks
        result = validate_corpus(paths, options, runner=runner, use_cache=not no_cache,
                                 progress=progress)
    finally:
        runner.close()
    # one pass over the results (a corpus run reads them back from disk)
    gathered = tally(result, strict, names=fmt == "junit", verbose=verbose)
    for line in gathered.verbose:
        click.echo(line, err=True)
    colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    report, summary = render(gathered, fmt, colour=colour, strict=strict, verbose=verbose,
                             max_errors=max_errors)
    if report:
        click.echo(report, color=colour)
    click.echo(summary, err=fmt != "text")
    return gathered.exit_code


class _OneLineUsageError(click.UsageError):
    """A usage error shown as one ``teitools: error:`` line (no usage banner); exit 2."""

    def show(self, file: Any = None) -> None:
        click.echo(f"teitools: error: {self.format_message()}", err=True)


class _LazyChoice(click.Choice[str]):
    """A ``click.Choice`` whose values are loaded on first use (keeps start-up fast);
    an invalid value is a one-line usage error."""

    def __init__(self, load: Callable[[], tuple[str, ...]]) -> None:
        self._load = load
        super().__init__(())

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        return self._load()

    @choices.setter
    def choices(self, value: Any) -> None:
        pass

    def fail(self, message: str, param: Any = None, ctx: Any = None) -> NoReturn:
        name = f"{param.opts[-1]}: " if param is not None and param.opts else ""
        raise _OneLineUsageError(f"{name}{message}")


def _export_formats() -> tuple[str, ...]:
    from .export import ALL, FORMATS

    return (*FORMATS, ALL)


@main.command(
    epilog="Examples: teitools export tei/kotkin-1991-rustbelt.xml -o build/export/   |   "
    "teitools export doc.xml -f units-jsonl > units.jsonl   |   "
    "teitools export tei/ -o build/export   (the corpus tables)",
)
@click.argument("file", type=str)
@_RNG_OPT
@_SCH_OPT
@_STDIN_OPT
@click.option("-f", "--format", "fmt", type=_LazyChoice(_export_formats), default="all",
              show_default=True,
              help="What to export; 'all' writes every format into the directory -o.")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), default=None,
              help="Output file (a directory for --format all, created if needed). "
              "Default: standard output.")
@click.option("--force", is_flag=True,
              help="Export even if FILE is invalid against --rng/--sch (with a warning).")
def export(file: str, rng: Path | None, sch: Path | None, stdin_filename: str | None, fmt: str,
           out: Path | None, force: bool) -> int:
    """Export FILE (a TEI document, - for stdin, or a directory: a corpus) for harvesters.

    Metadata as Dublin Core (oai_dc) or schema.org JSON-LD, following what the
    document is (letter, play, article, manuscript, dictionary, text); persons,
    places and organisations with every mention; quotations with their
    speakers; one JSON line per paragraph.

    For a directory, -o DIR gets one table per kind of data for the whole
    corpus (entities, correspondence, quotations, units, metadata) and their
    JSON Schemas.

    Warnings go to stderr and do not stop the export.  With --rng/--sch FILE is
    validated first, as html and text do.
    Exit codes: 0 exported, 1 a document is not (valid) TEI, 2 usage / I/O error.
    """
    from .export import ALL, export_document, load_bytes, write_outputs
    from .xmlio import read_input

    if file != "-" and Path(file).is_dir():
        return _export_corpus(Path(file), fmt, out)
    if fmt == ALL and out is None:
        raise TeiToolsError("--format all writes several files: give a directory with -o")
    source = read_input(file, stdin_filename=stdin_filename)
    doc = load_bytes(source.data, source.name, stem=Path(source.path).stem if source.path
                     else "stdin")
    if rng is not None or sch is not None:
        _gate_edition_input(source, force, _schema_options(rng, sch), what="export")
    result = export_document(doc, [fmt])
    for diag in result.diagnostics:
        click.echo(str(diag), err=True)
    if out is None:
        for text in result.outputs.values():
            click.echo(text, nl=False)
    else:
        for path in write_outputs(result, out):
            wrote(path)
    return EXIT_OK


def _export_corpus(directory: Path, fmt: str, out: Path | None) -> int:
    from .export import ALL
    from .export.corpus import export_corpus, load_corpus, write_corpus

    if fmt != ALL:
        raise TeiToolsError("a directory is exported as corpus tables: drop --format")
    if out is None:
        raise TeiToolsError("a corpus export writes several files: give a directory with -o")
    corpus = load_corpus([directory])
    result = export_corpus(corpus)
    for diag in [*corpus.diagnostics, *result.diagnostics]:
        click.echo(str(diag), err=True)
    written = write_corpus(result, out)
    docs = f"{result.documents} document{'s' if result.documents != 1 else ''}"
    registers = f"{len(corpus.registers)} register{'s' if len(corpus.registers) != 1 else ''}"
    click.echo(f"export: {docs}, {registers}, {result.failed} left out, "
               f"{len(written)} files written to {out}")
    return EXIT_INVALID if result.failed else EXIT_OK


@main.command(
    epilog="Example: teitools dts tei/ -o build/dts --base-url https://example.org/project/dts/",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("build/dts"), show_default=True,
              help="Directory to write (replaced as a whole).")
@click.option("--base-url", default="http://localhost:8000/dts/", show_default=True,
              help="The URL the output directory will be served at (every URL in the "
              "files is built from it).")
@click.option("--title", default=None, help="Title of the corpus collection.")
def dts(paths: tuple[Path, ...], out: Path, base_url: str, title: str | None) -> int:
    """Write static Distributed Text Services 1.0 (Level 0) endpoints for PATHS (default tei/).

    Entry, collection, navigation and document responses as files any static
    web host serves; see docs/harvest.md.  Exit codes: 0 written, 1 a document
    is not well-formed TEI (the others are written), 2 usage / I/O error.
    """
    from .export.corpus import load_corpus
    from .harvest.dts import write_dts

    corpus = load_corpus(list(paths) or [Path("tei")])
    result = write_dts(corpus.all, out, base_url=base_url, title=title)
    for diag in [*corpus.diagnostics, *result.diagnostics]:
        click.echo(str(diag), err=True)
    docs = f"{result.resources} document{'s' if result.resources != 1 else ''}"
    click.echo(f"dts: {docs}, {result.files} files written to {out}")
    return EXIT_INVALID if corpus.failed else EXIT_OK


#: How many validation messages ``html`` / ``text`` print before summing up.
_MAX_SHOWN_DIAGNOSTICS = 10


def _gate_edition_input(file: Any, force: bool, schemas: Any = None,
                        what: str = "transform") -> None:
    """Before an edition: FILE must be well-formed TEI and valid (or --force)."""
    from .errors import InvalidDocumentError
    from .render import check_validity, load_tei

    # unreadable or not TEI: exit 2; not well-formed: exit 1, even with --force
    parsed = load_tei(file)
    report = check_validity(file, schemas, parsed)
    file = file.name
    if report.unchecked:
        for diag in report.diagnostics:
            click.echo(f"teitools: warning: {diag.location()}: {diag.message}", err=True)
        return
    if report.valid:
        return
    shown = report.diagnostics[:_MAX_SHOWN_DIAGNOSTICS]
    for diag in shown:
        click.echo(str(diag), err=True)
    if len(report.diagnostics) > len(shown):
        click.echo(f"... and {len(report.diagnostics) - len(shown)} more "
                   f"(see them all with: teitools validate {file})", err=True)
    count = len(report.errors)
    count_text = f"{count} validation error{'s' if count != 1 else ''}"
    if not force:
        raise InvalidDocumentError(f"invalid TEI ({count_text}); fix it, or pass --force to "
                                   f"{what} it anyway", file=file)
    click.echo(f"teitools: warning: {file}: invalid TEI ({count_text}); {what}ing anyway "
               "(--force)", err=True)


_FORCE_HELP = "Transform even if FILE is invalid against its schema (with a warning)."
_OUT_HELP = "Output file, written atomically. Default: standard output."
_VERBOSE_HELP = "Say which processing model (or stylesheet) renders FILE, and why."


@main.command(
    epilog="Example: teitools html tei/kotkin-1991-rustbelt.xml -o build/html/kotkin.html",
)
@click.argument("file", type=str)
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help=_OUT_HELP)
@click.option("--force", is_flag=True, help=_FORCE_HELP)
@click.option("-v", "--verbose", is_flag=True, help=_VERBOSE_HELP)
@_RNG_OPT
@_SCH_OPT
@_STDIN_OPT
def html(file: str, out: Path | None, force: bool, verbose: bool, rng: Path | None,
         sch: Path | None, stdin_filename: str | None) -> int:
    """Write the HTML reading edition of FILE (a TEI document, or - for stdin).

    One self-contained HTML5 page: title block, contents, printed page numbers,
    speakers of every quotation, indexes of voices, persons, places and
    organisations.  FILE is validated first.
    Exit codes: 0 written, 1 FILE is not valid TEI, 2 usage / I/O error or
    FILE is not a TEI document.
    """
    from .render import html_edition, models_used, render_html
    from .xmlio import read_input

    source = read_input(file, stdin_filename=stdin_filename)
    _gate_edition_input(source, force, _schema_options(rng, sch))
    if verbose:
        click.echo(f"teitools: {source.name}: {models_used(source.path)[0]}", err=True)
    if out is None:
        click.echo(html_edition(source), nl=False)
    else:
        wrote(render_html(source, out))
    return EXIT_OK


@main.command(
    epilog="Example: teitools text tei/kotkin-1991-rustbelt.xml --width 0 --page-markers "
    "-o kotkin.txt",
)
@click.argument("file", type=str)
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help=_OUT_HELP)
@click.option("--width", type=click.IntRange(min=0), default=72, show_default=True,
              help="Wrap lines at this column; 0 puts each paragraph on one line.")
@click.option("--page-markers", is_flag=True, help="Insert [p. N] where printed pages begin.")
@click.option("--force", is_flag=True, help=_FORCE_HELP)
@click.option("-v", "--verbose", is_flag=True, help=_VERBOSE_HELP)
@_RNG_OPT
@_SCH_OPT
@_STDIN_OPT
def text(file: str, out: Path | None, width: int, page_markers: bool, force: bool,
         verbose: bool, rng: Path | None, sch: Path | None, stdin_filename: str | None) -> int:
    """Write the plain-text edition of FILE (a TEI document, or - for stdin), UTF-8.

    Title block, headings, paragraphs separated by blank lines, corrections
    applied, quotation marks as printed, no markup.  FILE is validated first.
    Exit codes: 0 written, 1 FILE is not valid TEI, 2 usage / I/O error or
    FILE is not a TEI document.
    """
    from .render import models_used, render_text, text_edition
    from .xmlio import read_input

    source = read_input(file, stdin_filename=stdin_filename)
    _gate_edition_input(source, force, _schema_options(rng, sch))
    if verbose:
        click.echo(f"teitools: {source.name}: {models_used(source.path)[1]}", err=True)
    if out is None:
        click.echo(text_edition(source, width=width, page_markers=page_markers), nl=False)
    else:
        wrote(render_text(source, out, width=width, page_markers=page_markers))
    return EXIT_OK


def _exemplar_names() -> tuple[str, ...]:
    from .corpus.scaffold import exemplars

    return exemplars()


@main.command(epilog="Example: teitools init letters --base tei_lite && cd letters && "
              "teitools build")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path),
                default=Path("."))
@click.option("--base", type=_LazyChoice(_exemplar_names), default="tei_lite",
              show_default=True, help="The TEI exemplar the project's ODD is chained on.")
@click.option("--name", default=None, help="The schema's name (default: the directory's).")
def init(directory: Path, base: str, name: str | None) -> int:
    """Start a TEI project in DIRECTORY: a sample document, an ODD and its schemas,
    [tool.teitools], pre-commit hooks, a CI workflow.  Never overwrites a file.

    Exit codes: 0 made, 2 a file exists already / usage error.
    """
    from .corpus.scaffold import init_project

    result = init_project(directory, base=base, name=name)
    for path in result.written:
        wrote(path)
    click.echo(f"init: a {base} project in {directory} ({len(result.written)} files); next: "
               f"cd {directory} && teitools validate && teitools build")
    return EXIT_OK


@main.command("xml-model", epilog="Example: teitools xml-model tei/*.xml   |   "
              "teitools xml-model --rng schema/p.rng --sch schema/p.sch doc.xml")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False,
                                                                  path_type=Path))
@click.option("--rng", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="RELAX NG schema to name (default: the project's).")
@click.option("--sch", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Schematron schema to name (default: the project's).")
def xml_model(files: tuple[Path, ...], rng: Path | None, sch: Path | None) -> int:
    """Add or repair the <?xml-model?> PIs of FILES (hrefs relative to each file).

    Only the prolog changes; the rest of each file stays byte for byte.  Without
    --rng/--sch the project's schemas are named ([tool.teitools] rng/sch, else schema/).
    Exit codes: 0 done, 2 a file or schema cannot be used.
    """
    from .corpus.xmlmodel import add_xml_model

    for file in files:
        click.echo(add_xml_model(file, rng=rng, sch=sch).describe())
    return EXIT_OK


@main.group(cls=_Group, epilog="Example: teitools schema build && teitools schema check")
def schema() -> None:
    """Derive RELAX NG, Schematron and XSD from the project's ODD (natively, no Java)."""


_ODD_ARG = click.argument("odd", required=False, metavar="[ODD|NAME]",
                          type=click.Path(dir_okay=False, path_type=Path))
_SOURCE_OPT = click.option(
    "--source", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="TEI P5 source p5subset.xml[.gz] (default: $TEI_P5_SOURCE, else the bundled copy).")
_OUT_OPT = click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Directory for NAME.rng, NAME.sch, NAME.xsd (default: the ODD's directory; schema/ "
    "for a TEI exemplar given by name).")


@schema.command("build", epilog="Examples: teitools schema build schema/rustbelt.odd   |   "
                "teitools schema build tei_lite --out schema/")
@_ODD_ARG
@_SOURCE_OPT
@_OUT_OPT
def schema_build(odd: Path | None, source: Path | None, out_dir: Path | None) -> int:
    """Compile ODD (default: the one *.odd in schema/) into RELAX NG, Schematron and XSD.

    NAME is one of TEI's exemplars teitools ships (tei_all, tei_lite, tei_bare, …).
    """
    from .exemplars import odd_argument
    from .odd.derive import build_schemas

    odd, out_dir = odd_argument(odd, out_dir)
    result = build_schemas(odd, source, out_dir)
    for diag in result.warnings:
        click.echo(str(diag), err=True)
    for path in result.outputs.values():
        wrote(path)
    return EXIT_OK


@schema.command("check", epilog="Example: teitools schema check   (in CI / pre-commit)")
@_ODD_ARG
@_SOURCE_OPT
@_OUT_OPT
def schema_check(odd: Path | None, source: Path | None, out_dir: Path | None) -> int:
    """Exit 1 when the derived schemas are missing or stale relative to the ODD (or NAME)."""
    from .exemplars import odd_argument
    from .odd.derive import check_schemas

    odd, out_dir = odd_argument(odd, out_dir)
    result = check_schemas(odd, source, out_dir)
    for diag in result.warnings:
        click.echo(str(diag), err=True)
    for path in result.missing:
        click.echo(f"{path}: missing (run `teitools schema build`)")
    for path in result.stale:
        click.echo(f"{path}: stale (run `teitools schema build`)")
    if result.up_to_date:
        click.echo(f"{result.schema}: derived schemas are up to date")
    return EXIT_OK if result.up_to_date else EXIT_INVALID



@main.command(epilog="Example: teitools lsp   (started by an editor: see docs/lsp.md)")
@click.option("--stdio", is_flag=True, help="Speak LSP on stdin/stdout (the default; for clients "
              "that pass it).")
@click.option("--log", "log_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the server's log to this file.")
def lsp(stdio: bool, log_file: Path | None) -> int:
    """Run the TEI language server (LSP over stdio) for VS Code, Neovim, Emacs, Helix, ..."""
    from .lsp import serve

    serve(log_file)
    return EXIT_OK


@main.group(cls=_Group, epilog="Example: teitools cache info   |   teitools cache clear")
def cache() -> None:
    """The cache of compiled schemas ($TEITOOLS_CACHE_DIR, else the user cache directory).

    Off with TEITOOLS_CACHE=off or --no-cache; bounded by TEITOOLS_CACHE_MAX_MB
    (default 256: least recently used entries go first).
    """


@cache.command("info")
def cache_info() -> int:
    """Where the cache is, whether it is used, and what it holds."""
    from .validate.cache import DiskCache

    info = DiskCache().info()
    state = "on" if info.enabled else "off"
    click.echo(f"{info.directory} ({state}, at most {info.max_bytes / 2**20:.0f} MB)")
    for kind in sorted(info.entries):
        click.echo(f"  {kind}: {info.entries[kind]} entries, "
                   f"{info.sizes[kind] / 2**20:.1f} MB")
    total = sum(info.entries.values())
    click.echo(f"{total} entr{'y' if total == 1 else 'ies'}, {info.total_bytes / 2**20:.1f} MB")
    return EXIT_OK


@cache.command("clear")
def cache_clear() -> int:
    """Delete every cached artefact (the next run compiles the schemas again)."""
    from .validate.cache import DiskCache

    disk = DiskCache()
    removed = disk.clear()
    click.echo(f"removed {removed} entr{'y' if removed == 1 else 'ies'} from {disk.directory}")
    return EXIT_OK
