#!/usr/bin/env sh
# Prints the path of a usable `uv`, installing it from PyPI first if needed. Works on a fresh
# Debian machine that has only python3 and make (where pip may refuse the system interpreter).
set -eu
if command -v uv >/dev/null 2>&1; then command -v uv; exit 0; fi
tools=".tools"
if [ -x "$tools/bin/uv" ]; then echo "$tools/bin/uv"; exit 0; fi
if python3 -m venv "$tools" >/dev/null 2>&1 && "$tools/bin/python" -m pip --version >/dev/null 2>&1; then
  "$tools/bin/python" -m pip install --quiet --disable-pip-version-check "uv==0.13.9" >&2
  echo "$tools/bin/uv"; exit 0
fi
rm -rf "$tools"
# No venv module (Debian without python3-venv): a user install of uv instead.
python3 -m pip install --quiet --user --disable-pip-version-check "uv==0.13.9" >&2 \
  || python3 -m pip install --quiet --user --break-system-packages --disable-pip-version-check "uv==0.13.9" >&2
echo "$(python3 -m site --user-base)/bin/uv"
