#!/usr/bin/env bash
# The browser and PDF tests drive Debian's Chromium (Playwright, `jnjp build --pdf`) and check PDFs
# with poppler-utils (pdffonts, pdftotext); the spreadsheet test re-saves a filled record form with
# LibreOffice (a real office client, headless). Install what is missing when we may (root with
# apt-get); otherwise say which tests will be skipped. Never fatal: each test reports its skip.
set -u
need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdffonts >/dev/null 2>&1 || need+=(poppler-utils)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure_browser: installing Debian's ${need[*]} for the browser, PDF and spreadsheet tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 || echo "ensure_browser: apt-get install ${need[*]} failed; those tests will be skipped"
else
  echo "ensure_browser: missing ${need[*]} and no root apt-get; the browser/PDF/spreadsheet tests will be skipped"
fi
exit 0
