"""The site in headless Chromium: filters and sorting work, phone width does not overflow."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from teitools.build import run_build

from .generate import make_corpus

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed")
    if not (Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()):
        pytest.skip("chromium / chromedriver not installed (as .ci/run installs them)")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="teitools-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run",
                f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_index_filters_sorts_and_fits_a_phone(browser: Any, tmp_path: Path) -> None:
    info = make_corpus(tmp_path / "p", letters=10, folders=2, clean=True)
    run_build(info.root, Path("build"), jobs=1)
    browser.set_window_size(1280, 900)
    browser.get((info.root / "build" / "index.html").as_uri())
    visible = "return Array.from(document.querySelectorAll('#documents tbody tr'))" \
              ".filter(r => !r.hidden).length"
    assert browser.execute_script(visible) == 12
    box = browser.find_element("css selector", "input[type=search]")
    box.send_keys("letter 7 ")
    assert browser.execute_script(visible) == 1
    box.clear()
    browser.execute_script("const s = document.querySelector('select');"
                           "s.value = 'register'; s.dispatchEvent(new Event('change'));")
    assert browser.execute_script(visible) == 2
    browser.execute_script("const s = document.querySelector('select');"
                           "s.value = ''; s.dispatchEvent(new Event('change'));")
    words = browser.find_elements("css selector", "#documents thead button")[5]
    words.click()
    counts = browser.execute_script(
        "return Array.from(document.querySelectorAll('#documents tbody tr'))"
        ".map(r => parseInt(r.cells[5].getAttribute('data-sort')))")
    assert counts == sorted(counts)
    browser.set_window_size(390, 844)
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
