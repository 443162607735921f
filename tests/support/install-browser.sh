#!/usr/bin/env bash
# Install what tests/test_browser.py needs besides its Python packages (the `browser` extra):
#   * Debian's Chromium (/usr/bin/chromium), which Playwright starts; Playwright's own
#     browser download is not used
#   * axe-core, locked in tests/js (npm ci)
#
# Idempotent, for a Debian machine, run as root (or with sudo available).
# Only runs `apt-get update` when Chromium is actually missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
js_dir="$(cd "$here/../js" && pwd)"

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
else
    as_root=(sudo)
fi

if [ "$(dpkg-query -W -f='${Status}' chromium 2>/dev/null)" != "install ok installed" ]; then
    echo "install-browser.sh: installing chromium"
    "${as_root[@]}" apt-get update -q
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
fi

if [ ! -f "$js_dir/node_modules/axe-core/axe.min.js" ]; then
    echo "install-browser.sh: npm ci in $js_dir"
    (cd "$js_dir" && npm ci --no-audit --no-fund)
fi

echo "install-browser.sh: chromium $(dpkg-query -W -f='${Version}' chromium), axe-core $(node -p 'require("'"$js_dir"'/node_modules/axe-core/package.json").version')"
