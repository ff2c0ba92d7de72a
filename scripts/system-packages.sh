#!/usr/bin/env bash
# Debian packages the tests need: PostgreSQL, Chromium (browser tests), npm (axe-core, the Nu HTML
# checker vnu-jar), Java (runs the Nu checker),
# poppler-utils (PDF pages to PNG, PDF text), Pango and fonts (WeasyPrint's PDF reports), nginx and
# openssl (the production stack of deploy/ in tests/ops: TLS with a self-signed certificate), and
# systemd-analyze (checks the units of deploy/), xmlsec1 (pysaml2 signs and checks SAML messages).
# Installs only what is missing; needs root and apt-get.
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v npm >/dev/null || missing+=(npm)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
command -v java >/dev/null || missing+=(default-jre-headless)
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core fontconfig)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || missing+=(nginx)
command -v openssl >/dev/null || missing+=(openssl)
command -v systemd-analyze >/dev/null || missing+=(systemd)
command -v xmlsec1 >/dev/null || missing+=(xmlsec1)
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
