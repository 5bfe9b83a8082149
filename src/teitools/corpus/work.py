"""The per-document work of a corpus run: what a worker process (local or Dask) does.

Two tasks, both plain functions of picklable arguments:

* :func:`check_document`: validate one document (the public
  :func:`teitools.validate.validate_bytes`) and extract its corpus data;
* :func:`render_document`: its HTML and text editions (:mod:`teitools.render`),
  with the links into the rest of the corpus and back to the site.

Nothing here writes files: the results go back to the client, which caches
them and writes the outputs (so a Dask worker needs no write access).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Severity
from ..validate import FileResult, ValidationOptions
from ..validate.depends import schema_dependencies
from .extract import DocumentData, extract


@dataclass(frozen=True)
class CheckJob:
    name: str
    path: str
    data: bytes
    options: ValidationOptions
    from_file: bool = True


@dataclass
class CheckResult:
    file: FileResult
    data: DocumentData | None
    #: Files the result depends on besides the document (schemas), absolute paths.
    depends: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file.to_dict(),
                "data": self.data.to_json() if self.data is not None else None,
                "depends": self.depends}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> CheckResult:
        data = DocumentData.from_json(raw["data"]) if raw["data"] is not None else None
        return cls(FileResult.from_dict(raw["file"]), data, list(raw["depends"]))


@dataclass(frozen=True, slots=True)
class PackedCheck:
    """A :class:`CheckResult` as the cache index and a run's store keep it: pickled in
    parts, so that a run copies a cached record without unpickling it and reads back
    only the part it needs (the report its file, a pointer into it its ids)."""

    file: bytes  # the FileResult
    data: bytes  # the DocumentData, or None
    ids: bytes  # (kind, ids) of the data, or None: what a pointer into it reads
    kind: str | None  # the data's kind (a store selects register files by it), or None

    @classmethod
    def pack(cls, result: CheckResult) -> PackedCheck:
        d = result.data
        return cls(pickled(result.file), pickled(d),
                   pickled(None if d is None else (d.kind, d.ids)),
                   None if d is None else d.kind)

    def unpack(self) -> CheckResult:
        return CheckResult(self.file_result(), self.document_data())

    def file_result(self) -> FileResult:
        return pickle.loads(self.file)  # type: ignore[no-any-return]

    def document_data(self) -> DocumentData | None:
        return pickle.loads(self.data)  # type: ignore[no-any-return]

    def kind_and_ids(self) -> tuple[str, dict[str, tuple[str, int | None]]] | None:
        return pickle.loads(self.ids)  # type: ignore[no-any-return]


def pickled(value: object) -> bytes:
    """``value`` pickled as records are (the highest protocol)."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def check_document(job: CheckJob) -> CheckResult:
    """Validate one document and extract its corpus data (never raises)."""
    from ..validate.run import default_validator
    from ..xmlio import TEI_NS

    path = Path(job.path)
    try:
        result, parsed = default_validator().validate_and_parse(
            job.data, job.name, path, job.options, from_file=job.from_file)
    except Exception as exc:  # a bug: one line for this file, the run goes on
        return CheckResult(FileResult(job.name, [Diagnostic(
            job.name, None, None, Severity.ERROR,
            f"internal error ({type(exc).__name__}: {exc}); please report it", "internal",
            "internal")], failed=True), None)
    if parsed is None:  # not well-formed: validation said so
        return CheckResult(result, None)
    tree = parsed.tree
    if tree.getroot().tag not in (f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus"):
        return CheckResult(result, None)
    return CheckResult(result, extract(tree, parsed.text),
                       schema_dependencies(tree, path, job.options))


@dataclass(frozen=True)
class RenderJob:
    name: str
    path: str
    data: bytes
    site_index: str
    links: Mapping[str, tuple[str, str]]


@dataclass
class RenderResult:
    html: str | None = None
    text: str | None = None
    error: Diagnostic | None = None


def render_document(job: RenderJob) -> RenderResult:
    """The HTML and text editions of one document (never raises)."""
    from ..errors import TeiToolsError
    from ..render import html_edition, text_edition
    from ..xmlio import parse_bytes

    try:
        # the base URL gives the edition its document's folder, where its project's
        # processing model is found (not the working directory's)
        tree = parse_bytes(job.data, job.name, base_url=Path(job.path).resolve().as_uri())
        html = html_edition(tree, site_index=job.site_index, links=job.links)
        text = text_edition(tree)
    except TeiToolsError as err:
        return RenderResult(error=Diagnostic(job.name, err.line, err.column, Severity.ERROR,
                                             err.message, "render", "render"))
    except Exception as exc:
        return RenderResult(error=Diagnostic(
            job.name, None, None, Severity.ERROR,
            f"internal error ({type(exc).__name__}: {exc}); please report it", "internal",
            "internal"))
    return RenderResult(html, text)


def worker_pid() -> int:
    """The process id of the worker (tests: the work really ran elsewhere)."""
    return os.getpid()
