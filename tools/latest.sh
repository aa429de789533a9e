#!/usr/bin/env bash
# `make test-latest`: the suite on the newest versions pyproject's ranges admit, in .venv-latest.
# The lock (requirements/lock.txt) is what users and CI get; this step says whether a release
# published since the lock still works, before anyone moves the lock to it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
rm -rf .venv-latest
"$PY" -m venv .venv-latest
.venv-latest/bin/python -m pip install -q --upgrade -e ".[test]"
echo "test-latest: newest versions inside the ranges:"
.venv-latest/bin/python -m pip list --format=freeze | grep -iE '^(pyside6|sqlalchemy|alembic|reportlab|openpyxl|pypdfium2|platformdirs|filelock|babel|pyinstaller)' | sed 's/^/  /'
FIELDDESK_LATEST=1 FIELDDESK_TEST_CJK_FONTS=$PWD/.cache/noto-cjk QT_QPA_PLATFORM=offscreen .venv-latest/bin/python -m pytest -p no:cacheprovider "$@"
