"""`fenliu service install|remove ROLE`: systemd units that start each part at boot and restart it on failure."""
from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

ROLES = {
    "host": "fenliu queue host / 排队主机",
    "kiosk": "fenliu entrance touchscreen / 取号机",
    "display": "fenliu lobby display / 大厅叫号屏",
    "panel": "fenliu counter or manager panel / 窗口或大堂经理面板",
    "counter-screen": "fenliu customer-facing counter screen / 窗口评价屏",
}
GRAPHICAL = ("kiosk", "display", "panel", "counter-screen")
KIOSK_MODE = ("kiosk", "display")  # unattended public screens: fullscreen, no cursor, a staff PIN to leave
BACKUP = "backup"  # not a service that runs: a nightly timer and the one-shot job it starts
BACKUP_AT = "02:30"
ENV_HINT = {"kiosk": " (FENLIU_KIOSK_TOKEN=..., FENLIU_HOST=https://..., FENLIU_CA=/etc/fenliu/ca.pem)",
            "display": " (FENLIU_DISPLAY_TOKEN=..., FENLIU_HOST=https://..., FENLIU_CA=/etc/fenliu/ca.pem)",
            "panel": " (FENLIU_CA=/etc/fenliu/ca.pem)",
            "counter-screen": " (FENLIU_TOKEN=..., FENLIU_HOST=https://..., FENLIU_CA=/etc/fenliu/ca.pem;"
                              " give --args \"--counter N\")"}


def unit_name(role: str) -> str:
    """The unit's file name, e.g. fenliu-host.service."""
    return f"fenliu-{role}.service"


def default_exec() -> str:
    """The `fenliu` script of this installation (beside this Python), else the one on PATH."""
    beside = Path(sys.executable).parent / "fenliu"
    return str(beside) if beside.exists() else (shutil.which("fenliu") or "/usr/local/bin/fenliu")


def unit_text(role: str, user: str, workdir: str, exec_path: str, args: str = "", display: str = ":0") -> str:
    """The unit file for one role: journal logging, Restart=on-failure, the right boot target."""
    graphical = role in GRAPHICAL
    after = "network-online.target display-manager.service" if graphical else "network-online.target"
    lines = [
        "# Written by `fenliu service install`; tokens and site options go in the EnvironmentFile.",
        "[Unit]",
        f"Description={ROLES[role]}",
        f"After={after}",
        "Wants=network-online.target",
        "",
        "[Service]",
        "Type=simple",
        f"User={user}",
        f"WorkingDirectory={workdir}",
        f"EnvironmentFile=-/etc/fenliu/{role}.env",
        "UMask=0077",  # whatever the fenliu code forgets, nothing it writes is readable by other users
    ]
    if graphical:
        # Kivy draws on the branch screen's X display; XAUTHORITY can be set in the EnvironmentFile.
        lines.append(f"Environment=DISPLAY={display} KIVY_NO_ARGS=1 KIVY_NO_FILELOG=1")
    if role in KIOSK_MODE and "--kiosk-mode" not in args.split() and "--no-kiosk-mode" not in args.split():
        args = f"--kiosk-mode {args}".strip()
    args = " ".join(a for a in args.split() if a != "--no-kiosk-mode")
    lines += [
        f"ExecStart={exec_path} {role}{(' ' + args) if args else ''}",
        "Restart=on-failure",
        "RestartSec=3",
        "StandardOutput=journal",
        "StandardError=journal",
        f"SyslogIdentifier=fenliu-{role}",
        "",
        "[Install]",
        f"WantedBy={'graphical.target' if graphical else 'multi-user.target'}",
        "",
    ]
    return "\n".join(lines)


def backup_units(user: str, workdir: str, exec_path: str, db: str, out: str, keep_days: int,
                 at: str = BACKUP_AT) -> dict[str, str]:
    """The nightly backup: a one-shot service and the timer that starts it (missed runs caught up at boot)."""
    service = "\n".join([
        "# Written by `fenliu service install backup`.",
        "[Unit]",
        "Description=fenliu nightly database backup / 每晚备份数据库",
        "",
        "[Service]",
        "Type=oneshot",
        f"User={user}",
        f"WorkingDirectory={workdir}",
        "UMask=0077",  # backups hold personal data: this user alone reads them
        f"ExecStart={exec_path} backup --db {db} --dir {out} --keep-days {keep_days}",
        "StandardOutput=journal",
        "StandardError=journal",
        "SyslogIdentifier=fenliu-backup",
        "",
    ])
    timer = "\n".join([
        "# Written by `fenliu service install backup`.",
        "[Unit]",
        "Description=fenliu nightly database backup timer / 每晚备份定时器",
        "",
        "[Timer]",
        f"OnCalendar=*-*-* {at}:00",
        "Persistent=true",
        "RandomizedDelaySec=5min",
        "Unit=fenliu-backup.service",
        "",
        "[Install]",
        "WantedBy=timers.target",
        "",
    ])
    return {"fenliu-backup.service": service, "fenliu-backup.timer": timer}


def install(role: str, unit_dir: Path, user: str, workdir: str, exec_path: str, args: str = "",
            display: str = ":0") -> Path:
    """Write the role's unit file into unit_dir and return its path."""
    unit_dir.mkdir(parents=True, exist_ok=True)
    path = unit_dir / unit_name(role)
    path.write_text(unit_text(role, user, workdir, exec_path, args, display), encoding="utf-8")
    return path


def remove(role: str, unit_dir: Path) -> bool:
    """Delete the role's unit file (the backup's timer too); False when there was none."""
    paths = [unit_dir / unit_name(role)] + ([unit_dir / "fenliu-backup.timer"] if role == BACKUP else [])
    found = [p for p in paths if p.exists()]
    for path in found:
        path.unlink()
    return bool(found)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `fenliu service`."""
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    inst = sub.add_parser("install", help="write a systemd unit / 写入系统服务文件")
    inst.add_argument("role", choices=sorted([*ROLES, BACKUP]))
    inst.add_argument("--user", default="fenliu", help="run as this user (default fenliu) / 运行用户")
    inst.add_argument("--dir", type=Path, default=Path("/etc/systemd/system"), help="unit folder / 服务文件目录")
    inst.add_argument("--workdir", default="/var/lib/fenliu", help="working folder (var/ lives here) / 工作目录")
    inst.add_argument("--exec", dest="exec_path", default=None, help="the fenliu program (default: this one)")
    inst.add_argument("--args", default="", help='extra options, e.g. "--fullscreen --host http://10.0.0.2:8600"')
    inst.add_argument("--display", default=":0", help="X display of kiosk/display/panel (default :0)")
    inst.add_argument("--db", default="var/fenliu.db", help="backup: the host's database, relative to --workdir")
    inst.add_argument("--backup-dir", default="/var/backups/fenliu", help="backup: where the copies go")
    inst.add_argument("--keep-days", type=int, default=14, help="backup: days of copies kept (default 14)")
    inst.add_argument("--at", default=BACKUP_AT, help=f"backup: time of day HH:MM (default {BACKUP_AT})")
    rm = sub.add_parser("remove", help="remove a systemd unit / 移除系统服务文件")
    rm.add_argument("role", choices=sorted([*ROLES, BACKUP]))
    rm.add_argument("--dir", type=Path, default=Path("/etc/systemd/system"), help="unit folder / 服务文件目录")


def run(args: argparse.Namespace) -> int:
    """Install or remove one unit and print what to run next."""
    name = unit_name(args.role)
    try:
        if args.action == "install" and args.role == BACKUP:
            return _install_backup(args)
        if args.action == "install":
            path = install(args.role, args.dir, args.user, args.workdir, args.exec_path or default_exec(),
                           args.args, args.display)
            print(f"fenliu service: 已写入 / wrote {path}\n"
                  f"  启用并启动 / enable and start:\n"
                  f"    sudo systemctl daemon-reload && sudo systemctl enable --now {name}\n"
                  f"  令牌等设置 / tokens and options: /etc/fenliu/{args.role}.env{ENV_HINT.get(args.role, '')}\n"
                  f"  日志 / logs: journalctl -u {name} -f")
        elif remove(args.role, args.dir):
            print(f"fenliu service: 已移除 / removed {args.dir / name}\n"
                  f"  先停止 / stop it first: sudo systemctl disable --now {name}; sudo systemctl daemon-reload")
        else:
            print(f"fenliu service: 没有 / there is no {args.dir / name}", file=sys.stderr)
            return 1
    except PermissionError as exc:
        print(f"fenliu service: 没有权限，请用 sudo / permission denied, use sudo: {exc}", file=sys.stderr)
        return 1
    return 0


def _install_backup(args: argparse.Namespace) -> int:
    """Write the nightly backup's service and timer and say how to start the timer."""
    if args.keep_days < 1 or not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", args.at):
        print("fenliu service: --keep-days 至少 1，--at 格式 HH:MM / --keep-days must be at least 1 and --at "
              "look like 02:30", file=sys.stderr)
        return 2
    args.dir.mkdir(parents=True, exist_ok=True)
    units = backup_units(args.user, args.workdir, args.exec_path or default_exec(), args.db, args.backup_dir,
                         args.keep_days, args.at)
    for file_name, text in units.items():
        (args.dir / file_name).write_text(text, encoding="utf-8")
    print(f"fenliu service: 已写入 / wrote {args.dir / 'fenliu-backup.service'} and fenliu-backup.timer\n"
          f"  每天 {args.at} 备份，保留 {args.keep_days} 天 / nightly at {args.at}, {args.keep_days} days kept in "
          f"{args.backup_dir}\n"
          f"  启用 / enable: sudo systemctl daemon-reload && sudo systemctl enable --now fenliu-backup.timer\n"
          f"  立即试一次 / try once now: sudo systemctl start fenliu-backup.service; journalctl -u fenliu-backup")
    return 0
