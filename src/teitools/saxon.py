"""The one saxonche runtime of this process: the processor, and whether it started.

Saxon-HE (saxonche) runs a GraalVM native image inside the process.  Once it
has started, the process must not ``fork``: the child would inherit a runtime
whose threads did not come along.  :func:`started` is what the parallel
validator asks before choosing ``fork`` over ``spawn``; the Schematron runner
and the edition stylesheets (:mod:`teitools.render.xslt`) share the one
processor from :func:`processor`.  saxonche is imported on first use only.
"""

from __future__ import annotations

import threading
from typing import Any

_lock = threading.Lock()
_processor: Any = None


def processor() -> Any:
    """The process's ``PySaxonProcessor``, created (and Saxon started) on first use."""
    global _processor
    with _lock:
        if _processor is None:
            from saxonche import PySaxonProcessor

            _processor = PySaxonProcessor(license=False)
        return _processor


def started() -> bool:
    """True once this process has started Saxon's runtime (then never fork)."""
    return _processor is not None

