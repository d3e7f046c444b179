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
    from jnjp_analysis import explorer as ex

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
