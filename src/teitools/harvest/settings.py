"""``[tool.teitools] base-url``: where ``build/`` will be served (read without loading
the harvest code, so that a build with nothing to publish does not pay for it)."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError

DEFAULT_SITE_URL = "http://localhost:8000/"


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
