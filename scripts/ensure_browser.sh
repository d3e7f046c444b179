#!/usr/bin/env bash
# The browser test (tests/test_explorer_browser.py) drives Debian's Chromium with Playwright.
# Install Chromium when it is missing and we may (root with apt-get); otherwise say why the test
# will be skipped. Never fatal: the test itself reports the skip with its reason.
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure_browser: installing Debian's chromium for the browser test"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq chromium >/dev/null 2>&1 || echo "ensure_browser: apt-get install chromium failed; the browser test will be skipped"
else
  echo "ensure_browser: no chromium and no root apt-get; the browser test will be skipped (install chromium to run it)"
fi
exit 0
