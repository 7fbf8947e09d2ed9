#!/usr/bin/env bash
# Install (as root) or name (otherwise) the Debian packages tsunagu needs.
#   scripts/system-deps.sh run    - what `make run` needs: Python venv, SpatiaLite
#   scripts/system-deps.sh test   - plus PostGIS for PostgreSQL 15, Redis, Debian's Chromium and npm
set -euo pipefail
purpose=${1:-run}
missing=()

need() {  # need PACKAGE TEST-COMMAND...
  local pkg=$1; shift
  if ! "$@" >/dev/null 2>&1; then missing+=("$pkg"); fi
}

need python3-venv /usr/bin/python3 -c "import ensurepip, venv"
need libsqlite3-mod-spatialite sh -c 'ls /usr/lib/*/mod_spatialite.so* /usr/lib/mod_spatialite.so* 2>/dev/null | grep -q .'
if [ "$purpose" = test ]; then
  need postgresql-15-postgis-3 sh -c 'ls /usr/share/postgresql/15/extension/postgis.control'
  # the shared catalog cache (TSUNAGU_CACHE_URL) in tests/tsunagu/test_shared_cache.py
  need redis-server test -x /usr/bin/redis-server
  need chromium test -x /usr/bin/chromium
  # npm ci installs axe-core (package-lock.json) for tests/e2e/test_accessibility.py
  need npm sh -c 'command -v npm'
  # Japanese glyphs in the browser tests' screenshots
  need fonts-ipafont-gothic sh -c 'fc-list 2>/dev/null | grep -qi ipa || ls /usr/share/fonts/opentype/ipafont-gothic'
  # Chinese, Korean and Nepali (Devanagari) glyphs for the language screenshots
  need fonts-wqy-zenhei sh -c 'ls /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc'
  need fonts-unfonts-core sh -c 'ls /usr/share/fonts/truetype/unfonts-core'
  need fonts-lohit-deva sh -c 'ls /usr/share/fonts/truetype/lohit-devanagari'
fi

if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n1)" ]; then
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "tsunagu needs these Debian packages: ${missing[*]}" >&2
  echo "Install them with:  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
