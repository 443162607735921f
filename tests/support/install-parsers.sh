#!/usr/bin/env bash
# Install what tests/support/ical_parsers.py needs to run every parser:
#   * libical (C headers + library), pkg-config and gcc  -> parse_with_libical
#   * Node.js + npm and tests/js/node_modules (ical.js)  -> parse_with_icaljs
# (The Python parsers `ical` and `vobject` come with the project's test
# dependencies, not from here.)
#
# Idempotent, for a Debian machine, run as root (or with sudo available).
# Only runs `apt-get update` when a Debian package is actually missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
js_dir="$(cd "$here/../js" && pwd)"

if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "install-parsers.sh: needs root (or sudo) to install Debian packages" >&2
    as_root=()
fi

is_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

wanted=(libical-dev pkg-config gcc libc6-dev)
# Node may come from elsewhere (e.g. a nodesource build that bundles npm):
# only fall back to Debian's packages when `node`/`npm` are not on PATH.
command -v node >/dev/null 2>&1 || wanted+=(nodejs)
command -v npm >/dev/null 2>&1 || wanted+=(npm)

missing=()
for pkg in "${wanted[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
    echo "install-parsers.sh: installing ${missing[*]}"
    "${as_root[@]}" apt-get update -q
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ ! -f "$js_dir/node_modules/ical.js/package.json" ]; then
    echo "install-parsers.sh: npm ci in $js_dir"
    (cd "$js_dir" && npm ci --no-audit --no-fund)
fi

echo "install-parsers.sh: node $(node --version), ical.js $(node -p 'require("'"$js_dir"'/node_modules/ical.js/package.json").version'), libical $(pkg-config --modversion libical)"
