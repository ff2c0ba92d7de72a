#!/usr/bin/env bash
# Debian packages the tests need: PostgreSQL, Chromium (browser tests), Node's npm (axe-core),
# poppler-utils (PDF pages to PNG). Installs only what is missing; needs root and apt-get.
set -euo pipefail
wanted=(postgresql chromium chromium-driver npm poppler-utils)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "Please install these Debian packages (as root): ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
