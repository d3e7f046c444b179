"""The explorer as a web app (issue 21): `make explore` serves notebooks/03_scenario_explorer.ipynb
with Voilà — the same widgets, no code cells. Here Voilà runs on a free loopback port with private
Jupyter folders, headless Chromium (Playwright) opens the page, moves the GDP-growth slider through
its readout and sees the headroom change to what jnjp_analysis computes. Skipped, with the reason,
where Chromium or Playwright is missing."""

import sys
from pathlib import Path

import pytest
from _browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    expected_headrooms,
    free_port,
    jupyter_env,
    move_growth_slider_to_12,
    serve,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
VOILA = Path(sys.executable).parent / "voila"


def test_the_makefile_serves_the_explorer_with_voila():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "explore: $(STAMP)" in make and "$(BIN)/voila notebooks/03_scenario_explorer.ipynb --no-browser" in make


@pytest.fixture
def voila(tmp_path):
    if CHROMIUM is None:
        pytest.skip("Chromium not installed (Debian package 'chromium'; `make test` installs it as root)")
    pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install -e '.[test]')")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    # the same command as `make explore`, on a free port
    with serve([str(VOILA), "notebooks/03_scenario_explorer.ipynb", "--no-browser", "--Voila.ip=127.0.0.1",
                f"--port={port}"], base, tmp_path / "voila.log", cwd=ROOT, env=jupyter_env(tmp_path), what="Voila"):
        yield base, tmp_path


def test_a_slider_in_the_voila_page_changes_the_result(voila):
    from playwright.sync_api import sync_playwright

    base, tmp = voila
    expected_start, expected_moved = expected_headrooms()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(base, timeout=90_000)
            page.wait_for_selector(".jnjp-headroom", timeout=120_000)
            assert page.locator(".jnjp-headroom").first.inner_text().strip() == expected_start
            # no code cells: Voila shows the widgets and outputs only, none of the notebook's source
            text = page.locator("body").inner_text()
            assert "from jnjp_analysis.pages.explorer import Explorer" not in text and "NBVAL_IGNORE_OUTPUT" not in text
            move_growth_slider_to_12(page, expected_moved)  # through the slider's editable readout
            assert page.locator(".jnjp-binding").first.inner_text().strip() == "总量上限"  # at 12 %/yr the cap binds
            shot = tmp / "voila.png"
            page.screenshot(path=str(shot), full_page=True)
            print(f"screenshot: {shot}")
        finally:
            browser.close()
