"""The explorer in a real browser: JupyterLab on loopback, headless Chromium through Playwright.

Starts JupyterLab with a temporary config (free port, a token, private config/data/runtime dirs),
opens notebooks/03_scenario_explorer.ipynb, runs all cells, moves the GDP-growth slider and checks
that the headroom shown changes to what jnjp_analysis computes for the new setting. Saves a
screenshot in a temp folder and always shuts the server down. Skipped, with the reason, where
Chromium or Playwright is missing (`make test` installs Chromium when it may).
"""

import json
import secrets
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
from _browser import CHROMIUM, CHROMIUM_ARGS, expected_headrooms, jupyter_env, move_growth_slider_to_12, serve  # noqa: E402 (after ROOT, as the module reads it)
from _browser import free_port as _free_port  # noqa: E402


@pytest.fixture
def lab(tmp_path):
    if CHROMIUM is None:
        pytest.skip("Chromium not installed (Debian package 'chromium'; `make test` installs it as root)")
    pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install -e '.[test]')")
    root = tmp_path / "root"
    root.mkdir()
    nb = json.loads((ROOT / "notebooks" / "03_scenario_explorer.ipynb").read_text(encoding="utf-8"))
    for c in nb["cells"]:
        if c["cell_type"] == "code":
            c["outputs"], c["execution_count"] = [], None
    (root / "03_scenario_explorer.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    cfg = tmp_path / "jupyter_server_config.py"
    cfg.write_text(
        f"c.ServerApp.ip = '127.0.0.1'\nc.ServerApp.port = {port}\nc.ServerApp.port_retries = 0\n"
        f"c.ServerApp.open_browser = False\nc.ServerApp.root_dir = {str(root)!r}\n"
        f"c.IdentityProvider.token = {token!r}\nc.LabApp.expose_app_in_browser = True\nc.ServerApp.allow_root = True\n"
        f"c.LabApp.user_settings_dir = {str(tmp_path / 'settings')!r}\n"
        f"c.LabApp.workspaces_dir = {str(tmp_path / 'workspaces')!r}\n", encoding="utf-8")
    news = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}', encoding="utf-8")
    base = f"http://127.0.0.1:{port}"
    with serve([sys.executable, "-m", "jupyterlab", f"--config={cfg}"], f"{base}/api/status?token={token}",
               tmp_path / "lab.log", cwd=root, env=jupyter_env(tmp_path), what="JupyterLab"):
        yield base, token, tmp_path


def _text(page, cls: str) -> str:
    return page.locator(f".{cls}").first.inner_text().strip()


def test_explorer_in_jupyterlab(lab):
    from playwright.sync_api import sync_playwright

    base, token, tmp = lab
    expected_start, expected_moved = expected_headrooms()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            page.goto(f"{base}/lab/tree/03_scenario_explorer.ipynb?token={token}", timeout=90_000)
            page.wait_for_function("window.jupyterapp !== undefined", timeout=90_000)
            page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=90_000)
            # wait until the kernel is connected and idle, then run all cells
            page.wait_for_function(
                "() => { const w = window.jupyterapp.shell.currentWidget;"
                " return !!(w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel"
                " && w.sessionContext.session.kernel.status === 'idle'); }", timeout=90_000)
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_selector(".jnjp-headroom", timeout=120_000)
            assert _text(page, "jnjp-headroom") == expected_start
            assert _text(page, "jnjp-binding") == "两者同时"
            move_growth_slider_to_12(page, expected_moved)  # through the slider's editable readout
            assert _text(page, "jnjp-headroom") == expected_moved
            assert _text(page, "jnjp-binding") == "总量上限"  # at 12 %/yr the cap binds for 拉萨
            shot = tmp / "explorer.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 20_000
            print(f"screenshot: {shot}")
        finally:
            browser.close()
