"""The editions' validation gate, remembered: a verdict per document and schemas.

``teitools html`` and ``text`` validate their input first.  Rendering an
unchanged document again (the usual edit–preview loop is: change the
stylesheet or the ODD's model, render again) need not validate it again: the
verdict is kept in the teitools disk cache (kind ``edition-gate``), keyed by the
document's bytes, its name and absolute path, the validation options and
teitools' version and code, and it is used only while every schema file the
validation read (the ``<?xml-model?>`` targets, the given ``--rng``/``--sch``,
the project's ``schema/`` and ``pyproject.toml``) still has the hash it had.
``TEITOOLS_CACHE=off`` / ``--no-cache`` switch it off with the rest of the cache.
"""

from __future__ import annotations

import os
from typing import Any

from ..validate import FileResult, ValidationOptions
from ..xmlio import InputDocument

#: The disk-cache kind of the verdicts.
KIND = "edition-gate"


def validate_remembered(doc: InputDocument, options: ValidationOptions,
                        tree: Any) -> FileResult:
    """:func:`teitools.validate.validate_bytes` of ``doc``, or its remembered verdict.

    ``tree`` is the document already parsed (the gate's), to find the schema files
    the validation depends on.  Only a verdict that could be used (a schema was
    found and read) is remembered; "no schema" is looked up afresh every time.
    """
    from ..corpus import cache
    from ..corpus.run import options_fingerprint
    from ..corpus.work import CheckResult, schema_dependencies
    from ..validate import validate_bytes

    if doc.path is None or not cache.enabled():
        return validate_bytes(doc.data, doc.name, doc.path, options, from_file=doc.from_file)
    k = cache.key("edition-gate", doc.data, doc.name, os.path.abspath(doc.path),
                  options_fingerprint(options), str(doc.from_file))
    raw = cache.load_json(KIND, k)
    if raw is not None:
        try:
            if all(cache.file_hash(dep) == digest for dep, digest in raw["hashes"]):
                return CheckResult.from_json(raw["check"]).file
        except (KeyError, TypeError, ValueError):
            pass  # a damaged record is a miss
    result = validate_bytes(doc.data, doc.name, doc.path, options, from_file=doc.from_file)
    if not result.failed:
        deps = schema_dependencies(tree, doc.path, options)
        cache.store_json(KIND, k, {
            "check": CheckResult(result, None, deps).to_json(),
            "hashes": [(dep, cache.file_hash(dep)) for dep in deps],
        })
    return result
