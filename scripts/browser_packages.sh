#!/bin/sh
# The browser tests drive Debian's Chromium, and CJK fonts make the Chinese pages legible in it.
# Run by `make test` first: as root it installs what is missing; as anyone else it stops at once
# and names the packages, instead of three browser tests failing minutes later.
# CHROMIUM: the executable the browser tests use (tests/dashboard/conftest.py), default Debian's.
set -eu
chromium=${CHROMIUM:-/usr/bin/chromium}
missing=""
[ -x "$chromium" ] || missing="chromium"
if ! fc-list :lang=zh 2>/dev/null | grep -qi "Noto Sans CJK"; then
  missing="$missing fonts-noto-cjk"
fi
missing=${missing# }
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's $missing for the browser tests ..." >&2
  apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
  exit 0
fi
echo "The browser tests need Debian's packages chromium and fonts-noto-cjk ($missing missing)." >&2
echo "Install them as root, then run make test again: apt-get install chromium fonts-noto-cjk" >&2
exit 1
