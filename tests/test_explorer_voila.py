"""The explorer as a web app (issue 21): `make explore` serves notebooks/03_scenario_explorer.ipynb
with Voilà — the same widgets, no code cells. Here Voilà runs on a free loopback port with private
Jupyter folders, headless Chromium (Playwright) opens the page, moves the GDP-growth slider through
its readout and sees the headroom change to what jnjp_analysis computes. Skipped, with the reason,
where Chromium or Playwright is missing."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from _browser import CHROMIUM, CHROMIUM_ARGS, expected_headrooms, free_port, move_growth_slider_to_12

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parent.parent
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
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
           "JUPYTER_PLATFORM_DIRS": "1"}
    log = open(tmp_path / "voila.log", "w")
    # the same command as `make explore`, on a free port
    proc = subprocess.Popen([str(VOILA), "notebooks/03_scenario_explorer.ipynb", "--no-browser", "--Voila.ip=127.0.0.1",
                             f"--port={port}"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base, timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("Voila did not start:\n" + (tmp_path / "voila.log").read_text()[-3000:])
            time.sleep(0.5)
        yield base, tmp_path
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


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
            assert "from jnjp_analysis.explorer import Explorer" not in text and "NBVAL_IGNORE_OUTPUT" not in text
            move_growth_slider_to_12(page, expected_moved)  # through the slider's editable readout
            assert page.locator(".jnjp-binding").first.inner_text().strip() == "总量上限"  # at 12 %/yr the cap binds
            shot = tmp / "voila.png"
            page.screenshot(path=str(shot), full_page=True)
            print(f"screenshot: {shot}")
        finally:
            browser.close()
