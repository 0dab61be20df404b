#!/usr/bin/env sh
# The PDF report pack and the browser tests drive Debian's Chromium (Playwright's own browser download does not work on
# these machines) and need an Arabic font. Installs both from Debian when missing.
set -eu
missing=""
command -v chromium >/dev/null 2>&1 || missing="chromium"
fc-list 2>/dev/null | grep -qi "Noto Sans Arabic\|NotoSansArabic\|NotoNaskhArabic" || missing="$missing fonts-noto-core"
[ -z "$missing" ] && exit 0
echo "Installing for the browser tests:$missing" >&2
if [ "$(id -u)" = "0" ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "Cannot install$missing without root; browser tests will be skipped." >&2; exit 0; fi
$sudo apt-get update -qq >&2 || true
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing fontconfig >&2 \
  || echo "Could not install$missing; browser tests will be skipped." >&2
