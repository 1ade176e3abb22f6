"""The HTML report and the studio in a real browser: headless Chromium driven by Selenium.

Run by `make test-browser`; skipped when Selenium, Chromium or its driver is missing (set
CHROMIUM and CHROMEDRIVER to use others than those on PATH). With CLEANER_SCREENSHOTS=DIR
(`make screenshots` sets docs/), each test saves what it shows there for the README.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cleaner import load_library, selftest
from cleaner.cli import app
from cleaner.studio import StudioServer, Workspace, make_server

from .conftest import ROOT
from .test_studio import ARTICLE, BUGLE_RULE, SITE, _with_rule, corpus  # noqa: F401 - corpus: a fixture

pytestmark = pytest.mark.browser
webdriver = pytest.importorskip("selenium.webdriver", reason="pip install 'cleaner[browser]'")
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WAIT = 30  # seconds: a shared machine can be slow; every wait ends as soon as the page is ready


def _binary(env: str, *names: str) -> str | None:
    return os.environ.get(env) or next((found for n in names if (found := shutil.which(n))), None)


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    chromium = _binary("CHROMIUM", "chromium", "chromium-browser", "google-chrome")
    chromedriver = _binary("CHROMEDRIVER", "chromedriver")
    if chromium is None or chromedriver is None:
        pytest.skip("Chromium or chromedriver not found (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000"):
        options.add_argument(arg)
    # The system driver, given by path: Selenium Manager would otherwise try the network.
    browser = webdriver.Chrome(service=webdriver.ChromeService(executable_path=chromedriver), options=options)
    try:
        yield browser
    finally:
        browser.quit()


def _screenshot(driver: Any, name: str, height: int = 1000) -> None:
    folder = os.environ.get("CLEANER_SCREENSHOTS")
    if folder:
        driver.set_window_size(1400, height)
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / name))
        driver.set_window_size(1400, 1000)


def _wait(driver: Any, condition: Any, message: str) -> Any:
    return WebDriverWait(driver, WAIT).until(condition, message)


def test_the_report_renders_its_charts(driver: Any, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    done = CliRunner().invoke(app, ["clean", str(ROOT / "samples" / "text"), str(ROOT / "samples" / "html"),
                                    "-o", str(tmp_path / "out"), "--report", str(report)])
    assert done.exit_code == 0, done.output
    driver.get(report.resolve().as_uri())
    bars = driver.find_elements(By.CSS_SELECTOR, "figure.rules svg rect.bar")
    assert len(bars) == 40
    # Drawn, not only present: the longest bar is the most frequent rule's, and wider than the last.
    widths = [b.rect["width"] for b in bars]
    assert widths[0] == max(widths) > widths[-1] > 0
    bins = driver.find_elements(By.CSS_SELECTOR, "figure.histogram rect.bin")
    assert len(bins) == 20 and sum(b.rect["height"] for b in bins) > 0
    # The guard's limit (40%) is drawn where the 40-45% bin starts.
    limit = driver.find_element(By.CSS_SELECTOR, "figure.histogram line.limit").rect
    assert limit["height"] > 100 and bins[7].rect["x"] < limit["x"] <= bins[8].rect["x"]
    # A rule's label links to its samples, which open on click.
    label = driver.find_element(By.CSS_SELECTOR, "figure.rules svg a text")
    rule = label.text
    _screenshot(driver, "report.png", 1300)
    label.click()
    details = driver.find_element(By.ID, f"rule-{rule}")
    details.find_element(By.TAG_NAME, "summary").click()
    sample = details.find_element(By.CSS_SELECTOR, "span.removed")
    assert sample.is_displayed() and sample.value_of_css_property("text-decoration-line") == "line-through"


@pytest.fixture
def studio(tmp_path: Path) -> Iterator[tuple[StudioServer, Path]]:
    pack = tmp_path / f"{SITE}.yaml"
    # As a user would type it, from the top of the checkout (it shows in the page's header).
    folder = Path(os.path.relpath(ROOT / "samples" / "text"))
    workspace = Workspace(folder, [], False, pack)
    server = make_server(workspace, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server, pack
    finally:
        server.shutdown()
        server.server_close()
        workspace.close()


def _set(driver: Any, element_id: str, value: str) -> None:
    """Set a text area as typing would, with the input event the page listens for."""
    driver.execute_script(
        "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
        "e.dispatchEvent(new Event('input', {bubbles: true}));", element_id, value)


def _removed(driver: Any) -> dict[str, list[str]]:
    """The struck-out lines and their rule labels, read in one script: the page redraws the
    view as answers come, so elements found one call earlier may be gone."""
    return dict(driver.execute_script(
        "return [...document.querySelectorAll('#view .line.removed')].map((e) => [e.firstChild.textContent,"
        " [...e.querySelectorAll('.rule')].map((r) => r.dataset.rule)]);"))


def _open(driver: Any, server: StudioServer) -> None:
    driver.get(server.url)
    # The first folder article is cleaned on load.
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#view .line"), "the studio did not load")


def _paste(driver: Any, text: str) -> None:
    _set(driver, "article-text", text)
    driver.find_element(By.ID, "clean-btn").click()
    _wait(driver, lambda d: "Follow the Daily Bugle on Mastodon" in d.find_element(By.ID, "view").text,
          "the pasted article was not cleaned")


def test_the_studio_cleans_a_pasted_article(driver: Any, studio: tuple[StudioServer, Path]) -> None:
    server, _ = studio
    _open(driver, server)
    _paste(driver, ARTICLE)
    _wait(driver, lambda d: "Advertisment" in _removed(d), "no line struck out")
    assert _removed(driver) == {"Advertisment": ["ad-marker"],
                                "(With inputs from agencies)": ["credit-with-inputs"]}
    strike = driver.find_element(By.CSS_SELECTOR, "#view .line.removed")
    assert strike.value_of_css_property("text-decoration-line") == "line-through"
    assert "Credits: agencies" in driver.find_element(By.ID, "credits").text
    repairs = driver.find_element(By.ID, "repairs-table").text
    assert "CafÃ© owners" in repairs and "Café owners welcomed the decision & the timetable." in repairs


def test_a_pack_edit_changes_the_result(driver: Any, studio: tuple[StudioServer, Path]) -> None:
    server, _ = studio
    _open(driver, server)
    _paste(driver, ARTICLE)
    starter = driver.find_element(By.ID, "pack-editor").get_attribute("value")
    _set(driver, "pack-editor", _with_rule(starter, BUGLE_RULE))
    _wait(driver, lambda d: "Follow the Daily Bugle on Mastodon" in _removed(d), "the edit had no effect")
    assert _removed(driver)["Follow the Daily Bugle on Mastodon"] == ["bugle-follow"]
    assert driver.find_elements(By.CSS_SELECTOR, "#view .line.removed.draft")
    assert driver.find_element(By.ID, "messages").text == "ok: 1 pack(s), 1 rules, 2 examples"
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#counts-table tr[data-rule='bugle-follow']"),
          "no counts over the folder")
    # A mistake is reported as `rules check` reports it, and the save is disabled.
    _set(driver, "pack-editor", _with_rule(starter, BUGLE_RULE.replace("drop-line", "drop-lin")))
    _wait(driver, lambda d: "got 'drop-lin'" in d.find_element(By.ID, "messages").text, "no message")
    assert not driver.find_element(By.ID, "save-btn").is_enabled()
    # Fixed again: the line goes again.
    _set(driver, "pack-editor", _with_rule(starter, BUGLE_RULE))
    _wait(driver, lambda d: "Follow the Daily Bugle on Mastodon" in _removed(d), "the fix had no effect")
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#counts-table tr[data-rule='bugle-follow']"),
          "no counts over the folder")
    _screenshot(driver, "studio.png", 1000)


def test_a_save_writes_a_valid_pack(driver: Any, studio: tuple[StudioServer, Path]) -> None:
    server, pack = studio
    _open(driver, server)
    _paste(driver, ARTICLE)
    # A rule made from a line of the article, without writing any YAML.
    line = next(e for e in driver.find_elements(By.CSS_SELECTOR, "#view .line.kept")
                if e.text.startswith("Follow the Daily Bugle on Mastodon"))
    ActionChains(driver).move_to_element(line).perform()
    line.find_element(By.CSS_SELECTOR, "button.mk").click()
    _wait(driver, lambda d: "Follow the Daily Bugle on Mastodon" in _removed(d), "the new rule had no effect")
    _wait(driver, lambda d: d.find_element(By.ID, "save-btn").is_enabled(), "save stays disabled")
    driver.find_element(By.ID, "save-btn").click()
    _wait(driver, lambda d: d.find_element(By.ID, "save-status").text == f"saved {pack}", "not saved")
    lib = load_library([pack])
    assert [r.id for r in lib.packs[SITE].pack.rules] == ["follow-the-daily-bugle-on-mastodon"]
    assert selftest.check(lib, {pack.resolve()}) == []
    assert sorted(p.name for p in pack.parent.iterdir() if p.suffix == ".yaml") == [pack.name]


def test_suggestions_are_reviewed_and_saved(driver: Any, corpus: Path, tmp_path: Path) -> None:  # noqa: F811
    pack = tmp_path / "saved" / f"{SITE}.yaml"
    pack.parent.mkdir()
    workspace = Workspace(corpus, [], False, pack)
    server = make_server(workspace, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        _open(driver, server)
        driver.find_element(By.ID, "suggest-btn").click()
        _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#proposals .proposal"), "no proposals")
        cards = driver.find_elements(By.CSS_SELECTOR, "#proposals .proposal")
        cards[0].find_element(By.CSS_SELECTOR, "button.reject").click()
        for card in cards[1:]:
            card.find_element(By.CSS_SELECTOR, "button.accept").click()
            _wait(driver, lambda d, c=card: "accepted" in c.get_attribute("class"), "not accepted")
        rejected = cards[0].get_attribute("data-id")
        _wait(driver, lambda d: d.find_element(By.ID, "save-btn").is_enabled(), "save stays disabled")
        driver.find_element(By.ID, "save-btn").click()
        _wait(driver, lambda d: d.find_element(By.ID, "save-status").text == f"saved {pack}", "not saved")
        lib = load_library([pack])
        ids = [r.id for r in lib.packs[SITE].pack.rules]
        assert ids == [c.get_attribute("data-id") for c in cards[1:]] and rejected not in ids
        assert selftest.check(lib, {pack.resolve()}) == []
    finally:
        server.shutdown()
        server.server_close()
        workspace.close()
