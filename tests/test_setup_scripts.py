"""scripts/setup.sh installs what the product runs on; the test command adds the test tools; apt's lock is named."""
from __future__ import annotations

import fcntl
import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "scripts" / "debian_packages.sh"
TEST_ONLY = {"xvfb", "postgresql", "chromium", "chromium-driver"}


def packages(*flags: str, env: dict | None = None) -> str:
    """What scripts/debian_packages.sh prints with these flags."""
    return subprocess.run(["bash", str(PACKAGES), *flags], capture_output=True, text=True, check=True,
                          env=env).stdout.strip()


def test_the_product_setup_installs_no_test_tools_and_the_test_command_adds_them():
    runtime = set(packages("--list").split())
    assert runtime == {"libgl1", "libegl1", "espeak-ng", "sox", "libusb-1.0-0"} and not runtime & TEST_ONLY
    assert set(packages("--list", "--test").split()) == runtime | TEST_ONLY
    script = PACKAGES.read_text(encoding="utf-8")
    assert "--no-install-recommends" in script and "DPkg::Lock::Timeout" in script
    assert not re.search(r"update[^\n]*\|\| true", script)  # a failed update is reported, not ignored
    assert 'debian_packages.sh "$@"' in (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert "bash scripts/setup.sh --test\n" in (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")


def test_the_readme_starts_with_exactly_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```bash\n(.*?)```", readme, re.S)[1].strip().splitlines()
    commands = [line.split("#")[0].strip() for line in first]
    assert commands == ["bash scripts/demo.sh", "bash scripts/test.sh"]
    ci = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
          if line.strip() and not line.startswith(("#", "set ", "cd "))]
    assert ci == ["bash scripts/test.sh"]
    # The README names the runtime packages and says the test packages come with the test command only.
    intro = readme.split("fenliu is the lobby system", 1)[0]
    assert packages("--list") in intro and "xvfb postgresql chromium chromium-driver" in intro


def test_a_held_package_lock_is_named_with_the_pid_that_holds_it(tmp_path):
    lock = tmp_path / "lock-frontend"
    with open(lock, "w") as held:
        assert packages("--lock-holder", env=dict(os.environ, FENLIU_APT_LOCKS=str(lock))) == ""
        fcntl.lockf(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as dpkg and apt hold theirs
        said = packages("--lock-holder", env=dict(os.environ, FENLIU_APT_LOCKS=str(lock)))
    assert said.split()[0] == str(os.getpid()) and "python" in said


def test_the_package_step_says_nothing_and_runs_no_apt_when_every_package_is_there():
    missing = subprocess.run(["bash", "-c", f"for p in $(bash {PACKAGES} --list --test); do dpkg -s $p >/dev/null "
                              "2>&1 || echo $p; done"], capture_output=True, text=True).stdout.split()
    if missing:
        pytest.skip(f"this machine lacks {' '.join(missing)}: the step would install them (not done from a test)")
    done = subprocess.run(["bash", str(PACKAGES), "--test"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
