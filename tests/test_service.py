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
    kiosk_mode = " --kiosk-mode" if role in ("kiosk", "display") else ""
    assert service["ExecStart"] == f"{FENLIU} {role}{kiosk_mode}" and service["User"] == "root"
    if role == "host":
        assert unit["Install"]["WantedBy"] == "multi-user.target" and "Environment" not in service
    else:
        assert unit["Install"]["WantedBy"] == "graphical.target" and "DISPLAY=:0" in service["Environment"]


def test_install_prints_how_to_enable_and_remove_deletes_the_unit(tmp_path, capsys):
    main(["service", "install", "kiosk", "--dir", str(tmp_path), "--args=--fullscreen"])
    assert "systemctl enable --now fenliu-kiosk.service" in capsys.readouterr().out
    assert parse(tmp_path / "fenliu-kiosk.service")["Service"]["ExecStart"].endswith("kiosk --kiosk-mode --fullscreen")
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
    main(["service", "install", "backup", "--dir", str(tmp_path), "--user", "root", "--exec", FENLIU,
          "--workdir", str(tmp_path)])
    paths += [str(tmp_path / "fenliu-backup.service"), str(tmp_path / "fenliu-backup.timer")]
    done = subprocess.run(["systemd-analyze", "verify", *paths], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "fenliu-" not in done.stderr, done.stderr


def test_kiosk_and_display_units_run_in_kiosk_mode_unless_told_not_to(tmp_path):
    main(["service", "install", "display", "--dir", str(tmp_path), "--args=--no-kiosk-mode --fullscreen"])
    assert parse(tmp_path / "fenliu-display.service")["Service"]["ExecStart"].endswith("display --fullscreen")
    main(["service", "install", "panel", "--dir", str(tmp_path)])
    assert "--kiosk-mode" not in parse(tmp_path / "fenliu-panel.service")["Service"]["ExecStart"]


def test_the_backup_timer_runs_the_backup_nightly_with_its_days_kept(tmp_path, capsys):
    assert main(["service", "install", "backup", "--dir", str(tmp_path), "--exec", FENLIU, "--keep-days", "30",
                 "--backup-dir", "/srv/backups", "--at", "01:15"]) == 0
    assert "systemctl enable --now fenliu-backup.timer" in capsys.readouterr().out
    service, timer = parse(tmp_path / "fenliu-backup.service"), parse(tmp_path / "fenliu-backup.timer")
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["ExecStart"] == f"{FENLIU} backup --db var/fenliu.db --dir /srv/backups --keep-days 30"
    assert timer["Timer"]["OnCalendar"] == "*-*-* 01:15:00" and timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"
    assert main(["service", "install", "backup", "--dir", str(tmp_path), "--keep-days", "0"]) == 2
    assert main(["service", "remove", "backup", "--dir", str(tmp_path)]) == 0
    assert not list(tmp_path.glob("fenliu-backup.*"))
