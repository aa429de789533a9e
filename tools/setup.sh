#!/usr/bin/env bash
# Prepare a fresh machine for FieldDesk: Qt's system libraries (Debian), a virtualenv, the package.
# Idempotent and quick when nothing changed. Used by `make run`, `make test` and CI.
set -euo pipefail
cd "$(dirname "$0")/.."

# 1. Libraries Qt needs even offscreen (on Debian/Ubuntu; elsewhere say what is missing).
need=()
for lib in libEGL.so.1 libGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3 libxkbcommon-x11.so.0; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || need+=("$lib")
done
command -v pdftoppm >/dev/null || need+=("pdftoppm")
if [ ${#need[@]} -gt 0 ]; then
  pkgs="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 poppler-utils"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing system packages: $pkgs"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq $pkgs >/dev/null
  else
    echo "setup: missing ${need[*]}; install: sudo apt-get install $pkgs" >&2
  fi
fi

# 2. The virtualenv, reinstalled only when pyproject.toml changes.
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=".venv/.fielddesk-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[test]"
  rm -f .venv/.fielddesk-* && touch "$stamp"
fi
