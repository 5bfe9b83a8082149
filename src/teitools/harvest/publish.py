"""What ``teitools build`` publishes for harvesters: ``build/dts/`` and ``build/oai.xml``.

:func:`publish` is the one call a build makes (``build.py`` keeps a marked
hook for it); ``teitools dts`` writes ``dts/`` alone through :func:`.dts.write_dts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..errors import InputError
from ..export.corpus import load_corpus
from .dts import write_dts
from .oai import write_oai

DEFAULT_SITE_URL = "http://localhost:8000/"


@dataclass
class Published:
    outputs: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def configured_base_url(root: Path) -> str:
    """``base-url`` of ``[tool.teitools]`` in ``root/pyproject.toml``, else the default.

    The address ``build/`` will be served at (``https://you.github.io/edition/``).
    """
    pyproject = root / "pyproject.toml"
    try:
        import tomllib  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]
        except ModuleNotFoundError:
            return DEFAULT_SITE_URL
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return DEFAULT_SITE_URL
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"cannot read [tool.teitools]: {exc}", file=pyproject) from None
    value = data.get("tool", {}).get("teitools", {}).get("base-url")
    if value is None:
        return DEFAULT_SITE_URL
    if not isinstance(value, str) or "://" not in value:
        raise InputError(f"[tool.teitools] base-url = {value!r}: expected an absolute URL "
                         "(https://host/path/)", file=pyproject)
    return site_url(value)


def site_url(base_url: str) -> str:
    return base_url if base_url.endswith("/") else base_url + "/"


def publish(paths: Sequence[Path], out_dir: Path, *, base_url: str = DEFAULT_SITE_URL,
            title: str | None = None) -> Published:
    """Write ``out_dir/dts/`` and ``out_dir/oai.xml`` for the documents at ``paths``.

    ``base_url`` is where ``out_dir`` will be served (``https://example.org/project/``);
    every URL in the files is built from it.  Register files are published too.
    """
    result = Published()
    if not paths:
        return result
    corpus = load_corpus(paths)
    result.diagnostics.extend(corpus.diagnostics)
    documents = corpus.all  # registers too: they are documents of the edition
    if not documents:
        return result
    base = site_url(base_url)
    dts = write_dts(documents, out_dir / "dts", base_url=base + "dts/", title=title)
    result.diagnostics.extend(dts.diagnostics)
    result.outputs.append(dts.out_dir)
    oai = write_oai(documents, out_dir / "oai.xml", url=base + "oai.xml", name=title)
    result.diagnostics.extend(oai.diagnostics)
    if oai.written:
        result.outputs.append(oai.path)
    return result
