"""The wheel carries assets, the branch template and .kv files, and runs `fenliu host` from a fresh venv."""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import requests

from demo.host import free_port

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ("3.11", "3.12", "3.13")
pytestmark = pytest.mark.slow


def find_python(version: str) -> str | None:
    """A runnable python of this version, on PATH or in pyenv's versions (its shims may be inactive)."""
    pyenv = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    candidates = [f"python{version}", *sorted(glob.glob(f"{pyenv}/versions/{version}*/bin/python{version}"))]
    for exe in candidates:
        path = shutil.which(exe)
        if path and subprocess.run([path, "-c", "pass"], capture_output=True).returncode == 0:
            return path
    return None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The project built once as a wheel (no dependencies)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(ROOT), "-w", str(out)],
                   check=True, capture_output=True)
    return next(out.glob("fenliu-*.whl"))


def test_the_wheel_holds_the_assets_the_branch_template_and_every_kv_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assets = {f"fenliu/data/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "assets").rglob("*") if p.is_file()}
    kv = {p.relative_to(ROOT).as_posix() for p in ROOT.glob("*/screens/*.kv")}
    assert assets and assets <= names
    assert "fenliu/data/config/branch.toml" in names
    assert {"fenliu/data/assets/templates/base.html", "fenliu/data/assets/templates/style.css"} <= names  # every page
    assert "fenliu/data/config/scenarios/branch-diversion-on.toml" in names  # the what-if examples
    assert {"reports/charts.py", "simulator/branch_day.py", "queue_host/figures.py"} <= names
    assert kv and kv <= names


@pytest.mark.parametrize("version", VERSIONS)
def test_fenliu_host_answers_from_a_fresh_venv_installed_from_the_wheel(version, wheel, tmp_path):
    python = find_python(version)
    if python is None:
        if version == "3.11":
            pytest.fail("Python 3.11 must be present / 必须有 Python 3.11")
        pytest.skip(f"Python {version} is not on this machine")
    venv = tmp_path / "venv"
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    # Dependencies install normally; pip's wheel cache keeps a second run quick.
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    str(wheel)], check=True, capture_output=True)
    fenliu = str(venv / "bin" / "fenliu")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    helped = subprocess.run([fenliu, "--help"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert helped.returncode == 0 and "host" in helped.stdout
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import queue_host.config as c; print(c.DEFAULT_PATH)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert where.startswith(str(venv)) and Path(where).is_file()
    # The compiled word catalogs come with the wheel: the screens and the printer read them from there.
    said = subprocess.run([str(venv / "bin" / "python"), "-c", "from fenliu import words; from printer import words as p; "
                           "print(words.LOCALE, p.LOCALE == words.LOCALE, words.zh('Back'), p.zh_en('Time')[0])"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert said[0].startswith(str(venv)) and said[1:] == ["True", "返回", "时间"]
    host_said = subprocess.run([str(venv / "bin" / "python"), "-c", "from fenliu import words; "
                                "from queue_host import words as h; print(h.LOCALE == words.LOCALE, h.zh('Waiting'))"],
                               cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert host_said == ["True", "等候中"]  # the host's messages too
    # Every page comes from the templates the wheel carries (Jinja2 installed as a dependency).
    pages = subprocess.run([str(venv / "bin" / "python"), "-c", "from queue_host import pages; "
                            "print(pages.environment().loader.searchpath[0]); print('<!doctype' in pages.render("
                            "'league.html', start='a', end='b', headers=[], rows=[], links={}, combined=None))"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert pages[0].startswith(str(venv)) and pages[1] == "True"
    port = free_port()
    log = open(tmp_path / "host.log", "wb")
    proc = subprocess.Popen([fenliu, "host", "--config", where, "--address", "127.0.0.1", "--port", str(port),
                             "--db", str(tmp_path / "fenliu.db"), "--allow-demo-secrets"], cwd=tmp_path, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        answered = None
        while answered is None and time.monotonic() < deadline and proc.poll() is None:
            try:
                answered = requests.get(f"http://127.0.0.1:{port}/api/health", timeout=0.5)
            except requests.RequestException:
                time.sleep(0.05)
        assert answered is not None and answered.ok, (tmp_path / "host.log").read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
