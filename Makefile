# The two commands of the README, and the tools around them. Everything runs in .venv, installed
# from requirements/lock.txt (tools/setup.sh).
.PHONY: setup setup-test run test test-latest test-slow bench screenshots lint bundle lock

setup:
	@bash tools/setup.sh run

setup-test:
	@bash tools/setup.sh test

# Opens the FieldDesk window on the per-user local store (Japanese by default).
run: setup
	.venv/bin/python -m app

# The whole test suite, headless: architecture contract, lint, then pytest. CI runs exactly this.
test: setup-test
	FIELDDESK_TEST_CJK_FONTS=$(CURDIR)/.cache/noto-cjk QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest

# The same suite on the newest releases that pyproject's ranges admit (not the lock): tells early
# that a new release inside a range breaks FieldDesk. Its own venv, .venv-latest.
test-latest: setup-test
	@bash tools/latest.sh

test-slow: setup-test
	FIELDDESK_SLOW=1 FIELDDESK_TEST_CJK_FONTS=$(CURDIR)/.cache/noto-cjk QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest

# Benchmarks: ratios against baselines measured in the same run (figures go in docs/dev/benchmarks.md).
bench: setup-test
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench

# Renders the window with sample data to docs/*.png.
screenshots: setup
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.screenshots docs

# The PyInstaller bundle in dist/fielddesk, then its smoke test (installer/README.md).
bundle: setup-test
	.venv/bin/python installer/build.py

# Rewrites requirements/lock.txt from pyproject.toml's ranges (all platforms, with hashes).
lock: setup
	.venv/bin/python -m pip install -q "uv>=0.5,<1"
	.venv/bin/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 \
		--generate-hashes --quiet -o requirements/lock.txt

lint: setup-test
	.venv/bin/ruff check app tests tools
	.venv/bin/lint-imports
