"""fenliu service writes systemd units that parse, verify with systemd-analyze, and can be removed again."""
from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fenliu.cli import main
from fenliu.service import ROLES

FENLIU = str(Path(sys.executable).parent / "fenliu")


def parse(path: Path) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str
    unit.read(path, encoding="utf-8")
    return unit


@pytest.mark.parametrize("role", sorted(ROLES))
def test_an_installed_unit_restarts_on_failure_logs_to_the_journal_and_starts_the_role(role, tmp_path):
    assert main(["service", "install", role, "--dir", str(tmp_path), "--user", "root", "--exec", FENLIU]) == 0
    unit = parse(tmp_path / f"fenliu-{role}.service")
    service = unit["Service"]
    assert service["Restart"] == "on-failure" and service["StandardOutput"] == "journal"
    assert service["ExecStart"] == f"{FENLIU} {role}" and service["User"] == "root"
    if role == "host":
        assert unit["Install"]["WantedBy"] == "multi-user.target" and "Environment" not in service
    else:
        assert unit["Install"]["WantedBy"] == "graphical.target" and "DISPLAY=:0" in service["Environment"]


def test_install_prints_how_to_enable_and_remove_deletes_the_unit(tmp_path, capsys):
    main(["service", "install", "kiosk", "--dir", str(tmp_path), "--args=--fullscreen"])
    assert "systemctl enable --now fenliu-kiosk.service" in capsys.readouterr().out
    assert parse(tmp_path / "fenliu-kiosk.service")["Service"]["ExecStart"].endswith("kiosk --fullscreen")
    assert main(["service", "remove", "kiosk", "--dir", str(tmp_path)]) == 0
    assert not (tmp_path / "fenliu-kiosk.service").exists()
    assert main(["service", "remove", "kiosk", "--dir", str(tmp_path)]) == 1


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
def test_systemd_analyze_verify_accepts_every_unit(tmp_path):
    paths = []
    for role in sorted(ROLES):
        main(["service", "install", role, "--dir", str(tmp_path), "--user", "root", "--exec", FENLIU,
              "--workdir", str(tmp_path)])
        paths.append(str(tmp_path / f"fenliu-{role}.service"))
    done = subprocess.run(["systemd-analyze", "verify", *paths], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "fenliu-" not in done.stderr, done.stderr
