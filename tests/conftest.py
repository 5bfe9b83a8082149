"""Options shared by the whole test suite."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    # Golden files are compared as text and rewritten only when asked to.
    parser.addoption(
        "--regen",
        action="store_true",
        default=False,
        help="rewrite golden files from the current output instead of comparing with them",
    )
