# The two commands of the README, and the tools around them. Everything runs in .venv.
.PHONY: setup run test test-slow bench screenshots lint bundle

setup:
	@bash tools/setup.sh

# Opens the FieldDesk window on the per-user local store (Japanese by default).
run: setup
	.venv/bin/python -m app

# The whole test suite, headless: architecture contract, lint, then pytest. CI runs exactly this.
test: setup
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest

test-slow: setup
	FIELDDESK_SLOW=1 QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest

# Benchmarks: ratios against baselines measured in the same run (figures go in the README).
bench: setup
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench

# Renders the window with sample data to docs/*.png.
screenshots: setup
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.screenshots docs

# The PyInstaller bundle in dist/fielddesk, then its smoke test (installer/README.md).
bundle: setup
	.venv/bin/python installer/build.py

lint: setup
	.venv/bin/ruff check app tests tools
	.venv/bin/lint-imports
