#!/usr/bin/env bash
# Checks the built book in headless Chromium; see README.md beside this file.
#
#   tools/browser-check/run.sh [book-build-dir] [screenshot-dir]
#
# Defaults: book/build and target/book-screenshots (relative to the repository
# root). Build the book first (`cargo xtask book`). Idempotent: installs
# Debian's chromium only if /usr/bin/chromium is missing, and the npm
# dependencies only if they are missing or not the locked version.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/book/build}"
shots="${2:-$root/target/book-screenshots}"

# Chromium, and a CJK font so that the screenshots show the article's
# Chinese section titles instead of empty boxes.
if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/wqy ]; then
    echo "browser-check: installing Debian's chromium and fonts-wqy-microhei" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update
    $sudo apt-get install -y --no-install-recommends chromium fonts-wqy-microhei
fi

# npm ci if node_modules is missing or holds another playwright-core version
# than package-lock.json pins.
locked="$(node -p "require('$here/package-lock.json').packages['node_modules/playwright-core'].version")"
installed="$(node -p "try { require('$here/node_modules/playwright-core/package.json').version } catch { '' }")"
if [ "$installed" != "$locked" ]; then
    echo "browser-check: npm ci (playwright-core $locked)" >&2
    npm ci --prefix "$here" --no-audit --no-fund
fi

exec node "$here/check.mjs" "$build" "$shots"
