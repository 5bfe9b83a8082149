"""``teitools lsp``: a Language Server Protocol server for TEI documents (stdio).

Diagnostics from ``teitools validate`` (well-formedness, RELAX NG, Schematron,
with the schemas the document names), completion from the grammar's content
model at the cursor and from the project's registers, hover documentation
from the ODD, navigation between pointers and register entries, the outline,
code actions, and ``schema build``'s errors in ODD files.  The pygls layer is
:mod:`.server`; each feature is a module of its own that returns lsprotocol
objects and can be called without a client.
"""

from __future__ import annotations

from pathlib import Path


def serve(log_file: Path | None = None) -> None:
    """Run the language server on stdin/stdout (needs ``pip install teitools[lsp]``)."""
    try:
        from .server import serve as run
    except ImportError as exc:
        if exc.name not in ("pygls", "lsprotocol", "cattrs", "attrs"):
            raise
        from ..errors import TeiToolsError

        raise TeiToolsError(f"the language server needs {exc.name or 'pygls'}: "
                            "pip install 'teitools[lsp]'") from None
    run(log_file)
