#!/usr/bin/env bash
# Debian chromium for the browser tests (never `playwright install`: browser downloads cannot work here).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || echo "setup-browser: could not install chromium; browser tests will be skipped" >&2
else
  echo "setup-browser: not root or no apt-get; browser tests will be skipped" >&2
fi
