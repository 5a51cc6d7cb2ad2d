"""fenliu service writes systemd units for the branch init-branch made: they start, parse, verify and can be removed."""
from __future__ import annotations

import configparser
import getpass
import shutil
import subprocess
from pathlib import Path

import pytest

from fenliu.cli import build_parser, main
from operations.service import ROLES, exec_start
from queue_host.client import HostClient
from tests.installed import FENLIU, make_branch, serving

ROLE_ARGS = {"counter-screen": ["--args=--counter 1"]}


@pytest.fixture(scope="module")
def branch(tmp_path_factory) -> dict:
    """A branch folder from `fenliu init-branch` (HTTPS on 127.0.0.4, a free port), for every unit here."""
    folder = tmp_path_factory.mktemp("install") / "branch"
    url = make_branch(folder, "--database", str(folder.parent / "data" / "fenliu.db"))
    return {"folder": folder, "file": folder / "branch.toml", "url": url}


def install(role: str, branch: dict, units: Path, *more: str) -> Path:
    """`fenliu service install ROLE` for the branch into units/; the unit file's path."""
    assert main(["service", "install", role, "--dir", str(units), "--config", str(branch["file"]),
                 "--user", "root", "--exec", FENLIU, *ROLE_ARGS.get(role, []), *more]) == 0
    return units / f"fenliu-{role}.service"


def parse(path: Path) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str
    unit.read(path, encoding="utf-8")
    return unit


@pytest.mark.parametrize("role", sorted(ROLES))
def test_an_installed_unit_restarts_on_failure_logs_to_the_journal_and_starts_the_role(role, branch, tmp_path):
    unit = parse(install(role, branch, tmp_path))
    service = unit["Service"]
    assert service["Restart"] == "on-failure" and service["StandardOutput"] == "journal"
    kiosk_mode = " --kiosk-mode" if role in ("kiosk", "display") else ""
    assert service["ExecStart"].startswith(f"{FENLIU} {role}{kiosk_mode} ") and service["User"] == "root"
    if role == "host":
        assert unit["Install"]["WantedBy"] == "multi-user.target" and "Environment" not in service
    else:
        assert unit["Install"]["WantedBy"] == "graphical.target" and "DISPLAY=:0" in service["Environment"]


def test_the_host_unit_names_the_branch_file_and_its_command_answers_from_another_folder(branch, tmp_path):
    units, elsewhere = tmp_path / "units", tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert main(["service", "install", "host", "--dir", str(units), "--config", str(branch["file"]),
                 "--user", getpass.getuser(), "--exec", FENLIU]) == 0
    argv = exec_start(units / "fenliu-host.service")
    assert argv == [FENLIU, "host", "--config", str(branch["file"].resolve())]
    with serving(argv, elsewhere, branch["url"], branch["folder"] / "ca.pem", tmp_path / "host.log"):
        health = HostClient(branch["url"], ca=str(branch["folder"] / "ca.pem")).health()
    assert health["status"] == "ok"
    # The database the branch file names, not one in the folder the command was started from.
    assert (branch["folder"].parent / "data" / "fenliu.db").is_file() and not list(elsewhere.iterdir())


def test_every_device_unit_takes_the_host_url_and_branch_ca_and_its_app_accepts_the_line(branch, tmp_path):
    port = branch["url"].rsplit(":", 1)[1]
    for role in ("kiosk", "display", "panel", "counter-screen"):
        argv = exec_start(install(role, branch, tmp_path))
        assert argv[:2] == [FENLIU, role]
        args = build_parser(role).parse_args(argv[1:])  # the app's own options: a unit that cannot start fails here
        assert args.host == f"https://localhost:{port}" and args.ca == str(branch["folder"].resolve() / "ca.pem")
        if role in ("kiosk", "display"):
            assert args.kiosk_mode and args.branch_file == str(branch["file"].resolve())


def test_a_host_unit_without_a_branch_file_is_refused_and_says_to_run_init_branch(tmp_path, capsys):
    code = main(["service", "install", "host", "--dir", str(tmp_path), "--config", str(tmp_path / "none.toml")])
    err = capsys.readouterr().err
    assert code == 2 and "init-branch" in err and "none.toml" in err
    assert not (tmp_path / "fenliu-host.service").exists()


def test_a_counter_screen_unit_without_its_window_is_refused(branch, tmp_path, capsys):
    code = main(["service", "install", "counter-screen", "--dir", str(tmp_path), "--config", str(branch["file"])])
    assert code == 2 and "--counter N" in capsys.readouterr().err


def test_a_host_user_that_cannot_exist_is_named_with_the_command_to_make_it(branch, tmp_path, capsys):
    assert main(["service", "install", "host", "--dir", str(tmp_path), "--config", str(branch["file"]),
                 "--user", "fenliu-nobody-here"]) == 0
    assert "useradd --system" in capsys.readouterr().err


def test_a_host_user_that_cannot_read_the_branch_folder_is_warned_with_the_chown_that_fixes_it(branch, tmp_path,
                                                                                                capsys):
    branch["folder"].chmod(0o700)  # as init-branch leaves it, owned by whoever ran it (root here)
    assert main(["service", "install", "host", "--dir", str(tmp_path), "--config", str(branch["file"]),
                 "--user", "nobody"]) == 0
    err = capsys.readouterr().err
    assert f"user nobody cannot enter {branch['folder'].resolve()}" in err and "sudo chown nobody:" in err


def test_install_prints_how_to_enable_and_remove_deletes_the_unit(branch, tmp_path, capsys):
    install("kiosk", branch, tmp_path, "--args=--fullscreen")
    assert "systemctl enable --now fenliu-kiosk.service" in capsys.readouterr().out
    assert parse(tmp_path / "fenliu-kiosk.service")["Service"]["ExecStart"].endswith("--fullscreen")
    assert main(["service", "remove", "kiosk", "--dir", str(tmp_path)]) == 0
    assert not (tmp_path / "fenliu-kiosk.service").exists()
    assert main(["service", "remove", "kiosk", "--dir", str(tmp_path)]) == 1


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
def test_systemd_analyze_verify_accepts_every_unit(branch, tmp_path):
    paths = []
    for role in sorted(ROLES):
        paths.append(str(install(role, branch, tmp_path, "--workdir", str(tmp_path))))
    install("backup", branch, tmp_path, "--workdir", str(tmp_path))
    paths += [str(tmp_path / "fenliu-backup.service"), str(tmp_path / "fenliu-backup.timer")]
    done = subprocess.run(["systemd-analyze", "verify", *paths], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "fenliu-" not in done.stderr, done.stderr


def test_kiosk_and_display_units_run_in_kiosk_mode_unless_told_not_to(branch, tmp_path):
    install("display", branch, tmp_path, "--args=--no-kiosk-mode --fullscreen")
    line = parse(tmp_path / "fenliu-display.service")["Service"]["ExecStart"]
    assert "--kiosk-mode" not in line and line.endswith("--fullscreen")
    install("panel", branch, tmp_path)
    assert "--kiosk-mode" not in parse(tmp_path / "fenliu-panel.service")["Service"]["ExecStart"]


def test_the_backup_timer_backs_up_the_branch_files_database_nightly_with_its_days_kept(branch, tmp_path, capsys):
    install("backup", branch, tmp_path, "--keep-days", "30", "--backup-dir", "/srv/backups", "--at", "01:15")
    assert "systemctl enable --now fenliu-backup.timer" in capsys.readouterr().out
    service, timer = parse(tmp_path / "fenliu-backup.service"), parse(tmp_path / "fenliu-backup.timer")
    assert service["Service"]["Type"] == "oneshot"
    db = branch["folder"].parent / "data" / "fenliu.db"
    assert service["Service"]["ExecStart"] == f"{FENLIU} backup --db {db} --dir /srv/backups --keep-days 30"
    assert timer["Timer"]["OnCalendar"] == "*-*-* 01:15:00" and timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"
    assert main(["service", "install", "backup", "--dir", str(tmp_path), "--config", str(branch["file"]),
                 "--keep-days", "0"]) == 2
    assert main(["service", "remove", "backup", "--dir", str(tmp_path)]) == 0
    assert not list(tmp_path.glob("fenliu-backup.*"))
