"""Running the stylesheets of ``xslt/`` through saxonche, with typed parameters.

The stylesheets ship inside the package (``teitools/data/xslt``; the
repository's top-level ``xslt/`` is a symbolic link to that directory, so
there is one copy).  Each is compiled once per process.  Saxon never parses
a file itself: it gets the tree lxml parsed with the hardened parser,
re-serialized without its DOCTYPE, so it sees nothing lxml did not.  The
processor is the process's one (:mod:`teitools.saxon`), shared with the
Schematron validator.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

from lxml import etree

from .. import saxon
from ..errors import InputError, TransformError

#: A parameter value as the stylesheets declare them: xs:string, xs:integer, xs:boolean.
ParamValue = str | int | bool


def stylesheet_dir() -> Path:
    """The directory of teitools' stylesheets: the behaviour library, the compiled default
    model (``models/``) and the modules a project's model imports (``rustbelt-*.xsl``)."""
    return Path(str(resources.files("teitools") / "data" / "xslt"))


def stylesheet_path(name: str) -> Path:
    """The path of one of the stylesheets in :func:`stylesheet_dir`."""
    path = stylesheet_dir() / name
    if not path.is_file():
        raise TransformError("stylesheet missing from the installation", file=path)
    return path


class _Compiled:
    """Compiled stylesheets of this process, keyed by path and modification time."""

    _lock: ClassVar[threading.Lock] = threading.Lock()
    _cache: ClassVar[dict[tuple[str, int], Any]] = {}

    @classmethod
    def get(cls, path: Path, driver: str | None = None) -> Any:
        """The executable of ``path``; with ``driver``, of that stylesheet text (which
        includes ``path``: a processing-model module run with the behaviour library)."""
        from saxonche import PySaxonApiError

        key = (str(path) + ("\0" + driver if driver else ""), path.stat().st_mtime_ns)
        with cls._lock:
            executable = cls._cache.get(key)
            if executable is None:
                compiler = saxon.processor().new_xslt30_processor()
                try:
                    if driver is not None:
                        executable = compiler.compile_stylesheet(stylesheet_text=driver)
                    else:
                        executable = compiler.compile_stylesheet(stylesheet_file=str(path))
                except PySaxonApiError as exc:
                    raise TransformError(
                        f"stylesheet does not compile: {_first_line(exc)}", file=path
                    ) from None
                if executable is None:
                    raise TransformError("stylesheet does not compile", file=path)
                cls._cache[key] = executable
            return executable


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__


def _xdm_value(proc: Any, name: str, value: ParamValue) -> Any:
    # bool before int: bool is a subclass of int
    if isinstance(value, bool):
        return proc.make_boolean_value(value)
    if isinstance(value, int):
        return proc.make_integer_value(value)
    if isinstance(value, str):
        return proc.make_string_value(value)
    raise TransformError(f"parameter {name}: unsupported type {type(value).__name__}")


def source_text(tree: etree._ElementTree, name: str) -> str:
    """The document as Saxon gets it: the root element only, no DOCTYPE, no entities."""
    root = tree.getroot()
    if any(isinstance(node, etree._Entity) for node in root.iter()):
        raise InputError("entity references are not supported in documents to transform",
                         file=name)
    return etree.tostring(root, encoding="unicode")


def transform(
    stylesheet: Path,
    tree: etree._ElementTree,
    name: str,
    params: Mapping[str, ParamValue] | None = None,
    *,
    driver: str | None = None,
) -> str:
    """Run ``stylesheet`` on ``tree``; the serialized result as a string.

    ``driver``: the text of the stylesheet to compile instead (it includes
    ``stylesheet``; see :func:`teitools.model.driver_text`)."""
    from saxonche import PySaxonApiError

    executable = _Compiled.get(stylesheet, driver)
    proc = saxon.processor()
    text = source_text(tree, name)
    with _Compiled._lock:  # an executable's parameters are shared state
        executable.clear_parameters()
        for key, value in (params or {}).items():
            executable.set_parameter(key, _xdm_value(proc, key, value))
        try:
            node = proc.parse_xml(xml_text=text)
            result = executable.transform_to_string(xdm_node=node)
        except PySaxonApiError as exc:
            raise TransformError(f"transformation failed: {_first_line(exc)}", file=name) from None
    if result is None:
        raise TransformError("transformation produced no output", file=name)
    return str(result)
