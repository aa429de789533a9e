#!/usr/bin/env bash
# Prepare a machine for FieldDesk: the system libraries Qt needs, a virtualenv installed from the
# lock file (requirements/lock.txt, with hashes), the package itself. Idempotent and quick when
# nothing changed. `tools/setup.sh run` is what `make run` needs; `tools/setup.sh test` adds what
# the test suite drives (a real X server and window manager, PDF tools, FUSE, ICU for the oracle).
# Used by `make run`, `make test` and CI (a fresh clone on a fresh machine).
set -euo pipefail
cd "$(dirname "$0")/.."
purpose=${1:-run}

# Debian package names. RUN_PKGS: Qt's xcb platform plugin and what it loads (a bare Debian has
# none of the libxcb-* helpers: the window then fails with "could not load the Qt platform plugin").
RUN_PKGS="libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libx11-xcb1 libxcb1
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb-xkb1 libxcb-glx0 libxkbcommon0
  libxkbcommon-x11-0 libcups2"
# TEST_PKGS: Xvfb + openbox + xdotool (kiosk lock-down and window tests), ImageMagick (screenshots),
# poppler-utils and qpdf (PDF checks), fuse3 (a share that stalls or fails on purpose), libicu-dev,
# pkg-config and g++ (PyICU, the collation oracle, builds from source).
TEST_PKGS="xvfb openbox xdotool x11-utils imagemagick poppler-utils qpdf fuse3 libfuse3-3
  libicu-dev pkg-config g++"

PY=${PYTHON:-python3}
pkgs=$RUN_PKGS
if [ "$purpose" = test ]; then
  pkgs="$RUN_PKGS $TEST_PKGS"
  # PyInstaller (CI builds the bundle) needs libpython's shared library, which Debian's own Python
  # keeps in a package of its own.
  case "$(command -v "$PY" | xargs readlink -f)" in
    /usr/bin/python3*) pkgs="$pkgs libpython$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" ;;
  esac
fi

# 1. System packages. dpkg-query answers per package (ldconfig -p | grep -q under pipefail
#    reported present libraries as missing, so apt ran on every start).
if command -v dpkg-query >/dev/null; then
  missing=()
  for p in $pkgs; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = installed ] || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "setup: installing system packages: ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
      apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "setup: missing system packages: ${missing[*]}" >&2
      echo "setup: install them with: sudo apt-get install ${missing[*]}" >&2
      exit 1
    fi
  fi
else
  echo "setup: not a Debian/Ubuntu system; make sure Qt's xcb libraries (libxcb-cursor, libxcb-icccm," >&2
  echo "       libxcb-keysyms, libxkbcommon-x11, libEGL, libGL, fontconfig) are installed." >&2
fi

# 2. The virtualenv: exactly the locked versions (hashes checked), reinstalled only when the lock
#    or pyproject.toml changes. `make lock` rewrites the lock; `make test-latest` tries the newest.
VENV=${VENV:-.venv}
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
stamp="$VENV/.fielddesk-$(cat pyproject.toml requirements/lock.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  "$VENV/bin/python" -m pip install -q --require-hashes -r requirements/lock.txt
  "$VENV/bin/python" -m pip install -q --no-deps --no-build-isolation -e .
  rm -f "$VENV"/.fielddesk-* && touch "$stamp"
fi

# 3. For the tests only: Noto Sans CJK unpacked into .cache/noto-cjk (not installed: the machine's
#    own fonts stay as they are), so the font-independence tests run both with and without a CJK
#    system font (tests/cli/test_self_test_fonts.py; the Makefile names the folder).
if [ "$purpose" = test ] && [ ! -d .cache/noto-cjk/usr ] && command -v apt-get >/dev/null; then
  mkdir -p .cache/noto-cjk
  if (cd .cache && apt-get download -qq fonts-noto-cjk >/dev/null 2>&1); then
    dpkg-deb -x .cache/fonts-noto-cjk_*.deb .cache/noto-cjk && rm -f .cache/fonts-noto-cjk_*.deb
  else
    echo "setup: could not download fonts-noto-cjk; the CJK-font case of the tests will be skipped" >&2
  fi
fi
