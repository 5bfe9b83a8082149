"""The HTML edition in a real browser: headless Chromium driven by Selenium.

Checks what only a browser can: that the table of contents jumps to each
section, that every page marker is drawn ("p. N"), that every quotation shows
its speaker, and that every back-link of the indexes lands on its mention.
Saves screenshots under tests/artifacts/.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from teitools.render import html_edition
from teitools.xmlio import parse

from .conftest import ARTIFACTS, TEI, documents

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WINDOW = (1280, 900)
PHONE = (390, 844)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed "
                                    "(pip install -e '.[test]')")
    if not (Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()):
        pytest.skip("chromium / chromedriver not installed (apt-get install chromium "
                    "chromium-driver, as .ci/run does)")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="teitools-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage",
                # hundreds of in-page link clicks would otherwise be throttled
                "--disable-ipc-flooding-protection", f"--user-data-dir={profile}",
                f"--window-size={WINDOW[0]},{WINDOW[1]}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(params=documents(), ids=lambda p: p.stem)
def loaded(request: pytest.FixtureRequest, browser: Any, tmp_path: Path) -> tuple[Any, Path]:
    document: Path = request.param
    page = tmp_path / f"{document.stem}.html"
    page.write_text(html_edition(document), encoding="utf-8")
    browser.set_window_size(*WINDOW)
    browser.get(page.as_uri())
    return browser, document


# Runs in the page: clicks every link of a kind and reports where each one landed.
LANDINGS = """
const links = Array.from(document.querySelectorAll(arguments[0]));
const out = [];
for (const a of links) {
  window.scrollTo(0, document.body.scrollHeight);   // start away from the target
  a.click();
  const id = decodeURIComponent(location.hash.slice(1));
  const target = document.getElementById(id);
  const r = target ? target.getBoundingClientRect() : null;
  out.push({href: a.getAttribute('href'), hash: id,
            ref: target ? target.getAttribute('data-ref') : null,
            entry: (a.closest('li[id]') || {}).id || null,
            top: r ? r.top : null, bottom: r ? r.bottom : null,
            atBottom: Math.ceil(window.scrollY + window.innerHeight)
                      >= document.documentElement.scrollHeight,
            visible: r ? (r.bottom > 0 && r.top < window.innerHeight && r.width > 0) : false});
}
return out;
"""


def test_toc_jumps_to_each_section(loaded: tuple[Any, Path]) -> None:
    driver, document = loaded
    landings = driver.execute_script(LANDINGS, "nav.toc a")
    assert landings
    for hit in landings:
        assert hit["hash"] == hit["href"][1:]
        # the section starts at the top of the window (unless the page cannot scroll further)
        assert hit["visible"] and (abs(hit["top"]) < 2 or hit["atBottom"]), hit
    tree = parse(document)
    ids = tree.xpath("/tei:TEI/tei:text/tei:body/tei:div/@xml:id", namespaces={"tei": TEI[1:-1]})
    assert set(ids) <= {h["hash"] for h in landings}


def test_page_markers_drawn(loaded: tuple[Any, Path]) -> None:
    driver, document = loaded
    pbs = [pb.get("n") for pb in parse(document).iter(TEI + "pb")]
    drawn = driver.execute_script("""
      return Array.from(document.querySelectorAll('a.pb')).map(a => {
        const s = getComputedStyle(a, '::before');
        return [a.id, s.content, s.display];
      });""")
    assert len(drawn) == len(pbs)
    assert [d[0] for d in drawn] == [f"page-{n}" for n in pbs]
    assert [d[1] for d in drawn] == [f'"p. {n}"' for n in pbs]
    assert all(d[2] != "none" for d in drawn)
    # a page anchor is a stable link target
    driver.get(driver.current_url.split("#")[0] + f"#page-{pbs[-1]}")
    rect = driver.execute_script(f"return document.getElementById('page-{pbs[-1]}')"
                                 ".getBoundingClientRect().top")
    assert -2 < rect < WINDOW[1]


def test_every_quotation_shows_its_speaker(loaded: tuple[Any, Path]) -> None:
    driver, document = loaded
    said = [s for s in parse(document).iter(TEI + "said")]
    shown = driver.execute_script("""
      return Array.from(document.querySelectorAll('main q.said')).map(q => {
        const s = getComputedStyle(q, '::before');
        return {speaker: q.dataset.speaker, label: s.content, display: s.display,
                colour: s.backgroundColor, title: q.title, width: q.getBoundingClientRect().width};
      });""")
    assert len(shown) == len(said)
    colours: dict[str, str] = {}
    for q in shown:
        assert q["label"] == f'"{q["speaker"]}"' and q["display"] != "none", q
        assert q["title"].startswith(q["speaker"]) and q["width"] > 0
        colours.setdefault(q["speaker"], q["colour"])
        assert colours[q["speaker"]] == q["colour"]
    assert len(set(colours.values())) == len(colours), "one colour per speaker"


def test_every_backlink_lands_on_its_mention(loaded: tuple[Any, Path]) -> None:
    driver, _ = loaded
    landings = driver.execute_script(LANDINGS, "ul.mentions a.backlink")
    assert landings
    for hit in landings:
        assert hit["hash"] == hit["href"][1:] and hit["visible"], hit
        assert hit["entry"].split("-", 1)[1] in (hit["ref"] or "").split(), hit
    voices = driver.execute_script(LANDINGS, "#voices a.backlink")
    assert voices and all(v["visible"] for v in voices)


def test_screenshots(loaded: tuple[Any, Path]) -> None:
    driver, document = loaded
    ARTIFACTS.mkdir(exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    assert driver.save_screenshot(str(ARTIFACTS / f"{document.stem}.png"))
    # the text where the first quotation is, and the Voices index
    driver.execute_script("document.querySelector('main q.said').closest('p, div')"
                          ".scrollIntoView()")
    assert driver.save_screenshot(str(ARTIFACTS / f"{document.stem}-text.png"))
    driver.execute_script("document.getElementById('voices').scrollIntoView()")
    assert driver.save_screenshot(str(ARTIFACTS / f"{document.stem}-voices.png"))
    # on a phone the margin disappears and the page numbers go inline
    driver.set_window_size(*PHONE)
    position = driver.execute_script(
        "return getComputedStyle(document.querySelector('a.pb'), '::before').position")
    assert position == "static"
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "no horizontal scrolling on a phone"
    assert driver.save_screenshot(str(ARTIFACTS / f"{document.stem}-phone.png"))
