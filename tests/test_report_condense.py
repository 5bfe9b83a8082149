"""Many identical errors are summed up; the per-file cap; JSON keeps everything."""

from __future__ import annotations

from teitools.diagnostics import Diagnostic, Severity
from teitools.report import condense, format_text


def _errors(n: int, message: str = "attribute foo is not allowed on <p>",
            name: str = "a.xml") -> list[Diagnostic]:
    return [Diagnostic(name, i + 1, 3, Severity.ERROR, message, "attribute-not-allowed")
            for i in range(n)]


def test_identical_messages_are_summed_up() -> None:
    shown = condense(_errors(130))
    assert [d.line for d in shown if d.is_error] == [1, 2, 3]
    [more] = [d for d in shown if not d.is_error]
    assert str(more) == "a.xml:3:3: info: … and 127 more like this [attribute-not-allowed]"
    assert format_text(shown).splitlines()[-1] == str(more)


def test_different_messages_are_all_shown_up_to_the_cap() -> None:
    diags = [Diagnostic("a.xml", i + 1, 1, Severity.ERROR, f"message {i}", "r")
             for i in range(12)]
    shown = condense(diags, max_errors=10)
    assert sum(d.is_error for d in shown) == 10
    assert shown[-1].message == "… and 2 more errors (--max-errors 0 shows all)"
    assert condense(diags, max_errors=0) == diags


def test_files_are_condensed_apart() -> None:
    shown = condense(_errors(4, name="a.xml") + _errors(2, name="b.xml"))
    assert [(d.file, d.is_error) for d in shown] == [
        ("a.xml", True), ("a.xml", True), ("a.xml", True), ("a.xml", False),
        ("b.xml", True), ("b.xml", True)]


def test_verbose_text_lists_everything_expected() -> None:
    d = Diagnostic("a.xml", 1, 1, Severity.ERROR, "<x> is not allowed; expected: a, b … (1 more)",
                   "element-position", expected=("a", "b", "c"))
    assert format_text([d], verbose=True).splitlines()[1] == "    all expected: a, b, c"
    assert len(format_text([d]).splitlines()) == 1
