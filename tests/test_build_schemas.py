"""``teitools build`` warns when the derived schemas are stale, as ``schema check`` would."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.cli import invoke
from support.paths import REPO


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path) -> Iterator[None]:
    old = os.environ.get("TEITOOLS_CACHE_DIR")
    os.environ["TEITOOLS_CACHE_DIR"] = str(tmp_path / "cache")
    yield
    if old is None:
        os.environ.pop("TEITOOLS_CACHE_DIR", None)
    else:
        os.environ["TEITOOLS_CACHE_DIR"] = old


def _project(tmp_path: Path) -> Path:
    """A copy of the project, its derived schemas rebuilt (fresh whatever the checkout);
    xslt/ too, since the ODD's processing model imports its modules from there."""
    root = tmp_path / "proj"
    for sub in ("tei", "schema", "xslt"):
        shutil.copytree(REPO / sub, root / sub)
    built = invoke("schema", "build", str(root / "schema" / "rustbelt.odd"))
    assert built.code == 0, built.output
    return root


def _stale_xsd(schema: Path) -> None:
    xsd = schema / "rustbelt.xsd"
    xsd.write_bytes(xsd.read_bytes().replace(b"</xs:schema>", b"<!-- edited --></xs:schema>"))


def _missing_xsd(schema: Path) -> None:
    (schema / "rustbelt.xsd").unlink()


def _changed_odd(schema: Path) -> None:
    odd = schema / "rustbelt.odd"
    text = odd.read_text(encoding="utf-8")
    changed = text.replace('<moduleRef key="tei"/>', '<moduleRef key="tei"/>'
                           '<moduleRef key="drama" include="castList castItem role"/>', 1)
    assert changed != text
    odd.write_text(changed, encoding="utf-8")


@pytest.mark.parametrize(("change", "expected"), [
    (None, []),
    (_stale_xsd, ["rustbelt.xsd: warning: stale relative to"]),
    (_missing_xsd, ["rustbelt.xsd: warning: missing relative to"]),
    (_changed_odd, [f"rustbelt.{k}: warning: stale relative to" for k in ("rng", "xsd")]),
], ids=["fresh", "edited-by-hand", "missing", "odd-changed"])
def test_build_warns_about_stale_schemas(tmp_path: Path, change, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    root = _project(tmp_path)
    if change is not None:
        change(root / "schema")
    result = invoke("build", "--root", str(root))
    warnings = [ln for ln in result.output.splitlines() if "[schema-stale]" in ln]
    assert bool(warnings) == bool(expected), result.output
    for fragment in expected:  # each expected file named (a changed ODD may change more)
        assert any(fragment in line for line in warnings), (fragment, result.output)
    assert all("run `teitools schema build`" in line for line in warnings)
    if change is None:
        assert result.code == 0, result.output
        # the second build reads the freshness from the cache
        again = invoke("build", "--root", str(root))
        assert "[schema-stale]" not in again.output


def test_fresh_check_is_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from teitools import build

    root = _project(tmp_path)
    assert build.stale_schemas(root) == []
    import teitools.odd.derive as derive

    def no_compile(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled the ODD again")

    monkeypatch.setattr(derive, "check_schemas", no_compile)
    assert build.stale_schemas(root) == []
