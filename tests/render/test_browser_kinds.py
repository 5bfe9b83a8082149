"""Five kinds of TEI document in headless Chromium, rendered by the default processing
model: a play, a poem, a letter, a manuscript description and a dictionary entry.
The structural checks run on the live DOM (where each part is drawn); screenshots go to
tests/artifacts/kind-NAME.png."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from teitools.model import default_module
from teitools.render import html_edition

from .conftest import ARTIFACTS, DATA
from .test_browser import WINDOW, browser  # noqa: F401  (the module's Chromium fixture)

pytestmark = pytest.mark.browser
KINDS = DATA / "kinds"
PROJECTS = DATA / "projects"

# Runs in the page: [top, bottom, display, text] of each element matching a selector.
BOXES = """
return Array.from(document.querySelectorAll(arguments[0])).map(e => {
  const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
  return {top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, height: r.height,
          display: s.display, deco: s.textDecorationLine, text: e.textContent.trim()};
});
"""


def load(driver: Any, name: str, tmp_path: Path, folder: Path = KINDS) -> Any:
    page = tmp_path / f"{name}.html"
    page.write_text(html_edition(folder / f"{name}.xml", model=default_module("html")),
                    encoding="utf-8")
    driver.set_window_size(*WINDOW)
    driver.get(page.as_uri())
    return driver


def boxes(driver: Any, selector: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = driver.execute_script(BOXES, selector)
    return result


def shoot(driver: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    assert driver.save_screenshot(str(ARTIFACTS / f"kind-{name}.png"))


def on_separate_lines(items: list[dict[str, Any]]) -> bool:
    return all(b["top"] >= a["bottom"] - 1 for a, b in itertools.pairwise(items))


def test_play(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    driver = load(browser, "play", tmp_path)
    speakers = boxes(driver, "main .tei-speaker")
    assert len(speakers) > 20 and all(s["display"] == "block" for s in speakers)
    # the speaker stands apart from the speech: the next block starts below it
    gaps = driver.execute_script("""
      return Array.from(document.querySelectorAll('main .tei-speaker')).map(s => {
        const n = s.nextElementSibling; if (!n) return true;
        return n.getBoundingClientRect().top >= s.getBoundingClientRect().bottom - 1; });""")
    assert all(gaps)
    lines = boxes(driver, "main .tei-sp .tei-l")
    assert len(lines) > 20 and all(ln["height"] > 0 for ln in lines)
    cast = boxes(driver, "main .tei-castItem")
    assert cast and on_separate_lines(cast)
    shoot(driver, "play")


def test_poem(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    driver = load(browser, "poem", tmp_path)
    lines = boxes(driver, "main .tei-l")
    assert [ln["text"][:5] for ln in lines] == ["Shall", "Thou ", "Rough", "And s", "So lo",
                                                 "So lo"]
    assert on_separate_lines(lines)
    shoot(driver, "poem")


def test_letter(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    driver = load(browser, "letter", tmp_path)
    parts = boxes(driver, "main .tei-dateline, main .tei-opener > .tei-salute, "
                          "main .tei-div > .tei-p, main .tei-closer, main .tei-postscript")
    assert len(parts) == 5 and on_separate_lines(parts)
    assert boxes(driver, "main .tei-del")[0]["deco"] == "line-through"
    assert boxes(driver, "main .tei-add")[0]["text"] == "hundred"
    # the footnote is apart from the sentence, and its number leads to it and back
    para = boxes(driver, "main .tei-p")[0]["text"]
    assert "has not survived" not in para
    driver.find_element("css selector", "a.note-ref").click()
    target = driver.execute_script("return location.hash")
    note = driver.execute_script(f"return document.getElementById('{target[1:]}').textContent")
    assert "The letter of 2 May has not survived." in note
    shoot(driver, "letter")


def test_manuscript_description(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    driver = load(browser, "msdesc", tmp_path)
    sections = boxes(driver, "main .tei-msIdentifier, main .tei-msContents, main .tei-physDesc, "
                             "main .tei-history")
    assert len(sections) == 4 and on_separate_lines(sections)
    items = boxes(driver, "main .tei-msItem")
    assert len(items) == 2 and on_separate_lines(items)
    shoot(driver, "msdesc")


def test_dictionary_entry(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    driver = load(browser, "entry", tmp_path)
    parts = boxes(driver, "main .tei-form, main .tei-gramGrp, main .tei-etym, main .tei-sense")
    assert len(parts) == 5 and on_separate_lines(parts)
    assert "fourteen lines" in parts[3]["text"] and "love" in parts[4]["text"]
    shoot(driver, "entry")


def test_interview(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    driver = load(browser, "interview", tmp_path, PROJECTS)
    who = boxes(driver, "main .u-who")
    assert [w["text"] for w in who] == ["Mary Long", "Harald Petersen"] * 2
    assert all(w["display"] == "block" for w in who)
    assert on_separate_lines(boxes(driver, "main .tei-u"))
    shoot(driver, "interview")


def test_genetic_transcription(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    driver = load(browser, "genetic", tmp_path, PROJECTS)
    lines = boxes(driver, "main .tei-sourceDoc .tei-line")
    assert len(lines) == 4 and on_separate_lines(lines)
    assert boxes(driver, "main .tei-sourceDoc .tei-del")[0]["deco"] == "line-through"
    width = driver.execute_script("return document.querySelector('main').clientWidth")
    image = driver.execute_script(
        "return document.querySelector('main .facsimile img').getBoundingClientRect().width")
    assert 0 < image <= width  # the 1000px facsimile fits the page
    shoot(driver, "genetic")
