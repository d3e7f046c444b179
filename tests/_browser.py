"""What the browser tests share: Debian's Chromium, the flags it runs with on this closed network, and a
free loopback port."""

import os
import shutil
import socket

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
# without the background-networking flags, Chromium's connections are refused many at a time here
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def expected_headrooms() -> tuple[str, str]:
    """The headroom the explorer shows for 拉萨 at the start (the plan-consistent setting) and with the
    GDP growth moved to 12 %/yr, as the page prints them (two decimals), from jnjp_analysis."""
    from jnjp_analysis.pages import explorer as ex

    start = ex.plan_consistent("lhasa")
    moved = ex.Setting("lhasa", 12.0, "intensity_cut", start.pace)
    a, b = (f"{round(ex.evaluate(s)['headroom_10k_tce'], 2) + 0.0:.2f}" for s in (start, moved))
    assert a != b
    return a, b


def move_growth_slider_to_12(page, expected: str) -> None:
    """Type 12 into the GDP-growth slider's readout and wait for the headroom to show ``expected``."""
    import json

    slider = page.locator(".widget-slider", has_text="GDP").first
    slider.locator(".widget-readout").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("12")
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => {{ const e = document.querySelector('.jnjp-headroom');"
        f" return e && e.textContent.trim() === {json.dumps(expected)}; }}", timeout=60_000)


def jupyter_env(tmp_path) -> dict:
    """The environment for a Jupyter server of a test: private config, runtime and data folders."""
    import os

    return {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
            "JUPYTER_PLATFORM_DIRS": "1"}


def serve(cmd, ready_url: str, log_file, *, cwd, env, what: str):
    """Start a server (``cmd``), wait up to 90 s until ``ready_url`` answers 200, and return a context
    that stops it (terminate, then kill after 20 s) — failing the test, with the end of its log, if it
    does not start."""
    import contextlib
    import subprocess
    import time
    import urllib.request

    import pytest

    @contextlib.contextmanager
    def running():
        log = open(log_file, "w")
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(ready_url, timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail(f"{what} did not start:\n" + open(log_file, encoding="utf-8").read()[-3000:])
                time.sleep(0.5)
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.close()

    return running()
