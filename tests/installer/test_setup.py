"""What a fresh machine installs is what was tested: the lock file, and the set-up that uses it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "lock.txt"


def _locked() -> dict[str, tuple[str, str, list[str]]]:
    """name -> (version, marker, hashes) from requirements/lock.txt (uv/pip-compile format)."""
    entries: dict[str, tuple[str, str, list[str]]] = {}
    current = None
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$", line)
        if m:
            current = canonicalize_name(m.group(1))
            entries[current] = (m.group(2), (m.group(3) or "").strip(), [])
        elif current and (h := re.search(r"--hash=sha256:([0-9a-f]{64})", line)):
            entries[current][2].append(h.group(1))
    return entries


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    return [Requirement(r) for r in [*project["dependencies"], *extras.get("test", [])]]


def test_every_declared_dependency_is_locked_inside_its_range_with_hashes():
    locked = _locked()
    assert locked, "requirements/lock.txt is empty or unreadable"
    for req in _declared():
        name = canonicalize_name(req.name)
        assert name in locked, f"{req.name} is in pyproject.toml but not in the lock: run `make lock`"
        version, _marker, hashes = locked[name]
        assert req.specifier.contains(version, prereleases=True), f"{req.name}=={version} is outside {req.specifier}"
    for name, (version, _marker, hashes) in locked.items():
        assert hashes, f"{name}=={version} has no hash in the lock"


@pytest.mark.skipif(os.environ.get("FIELDDESK_LATEST") == "1",
                    reason="make test-latest runs the suite on the newest versions, not the lock, on purpose")
def test_the_tested_environment_is_the_locked_one():
    """The suite runs on exactly the locked versions (a hand-installed upgrade would show here)."""
    env = default_environment()
    wrong = []
    for name, (version, marker, _hashes) in _locked().items():
        if marker and not Requirement(f"x; {marker}").marker.evaluate(env):
            continue  # another platform's package (pywin32-ctypes on Windows …)
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            wrong.append(f"{name}: locked {version}, not installed")
            continue
        if canonicalize_name(installed) != canonicalize_name(version) and installed != version:
            wrong.append(f"{name}: locked {version}, installed {installed}")
    assert not wrong, "the venv is not the lock (run tools/setup.sh):\n" + "\n".join(wrong)


def test_setup_is_quiet_and_quick_when_nothing_changed():
    """A second run installs nothing: neither apt (the old pipefail check saw present libraries as
    missing and ran apt on every start) nor pip."""
    done = subprocess.run(["bash", "tools/setup.sh", "test"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "installing" not in done.stdout + done.stderr
    assert "missing" not in done.stdout + done.stderr


def test_setup_names_the_packages_it_cannot_install():
    """Without root, a missing package is named with the apt command, and set-up stops."""
    script = (ROOT / "tools" / "setup.sh").read_text(encoding="utf-8")
    folder = Path(tempfile.mkdtemp(prefix="fielddesk-setup-"))  # readable by the unprivileged user
    folder.chmod(0o755)
    probe = folder / "setup.sh"
    # The same script with one package that exists on no machine, run as a user that cannot install.
    probe.write_text(script.replace('TEST_PKGS="', 'TEST_PKGS="fielddesk-no-such-package ', 1)
                     .replace('cd "$(dirname "$0")/.."', f'cd "{folder}"', 1), encoding="utf-8")
    done = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "bash", str(probe), "test"],
                          capture_output=True, text=True, timeout=60, cwd=folder)
    shutil.rmtree(folder)
    assert done.returncode == 1
    assert "fielddesk-no-such-package" in done.stderr and "sudo apt-get install" in done.stderr
