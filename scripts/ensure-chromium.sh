#!/usr/bin/env bash
# Debian's Chromium, which the browser console's end-to-end tests drive (playwright-core
# with executablePath /usr/bin/chromium). Installed with apt-get where it is missing and
# this user may; run by `npm test` (pretest) and by .ci/run.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium for the browser tests…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "The browser console's tests need Debian's Chromium: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
