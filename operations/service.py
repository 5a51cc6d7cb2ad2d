"""`fenliu service install|remove ROLE`: systemd units that start each part at boot and restart it on failure."""
from __future__ import annotations

import argparse
import re
import shlex
import shutil
import sys
from pathlib import Path

from operations.unit_branch import Branch, access_problems, branch_args, read_branch

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
BRANCH_FILE = "/etc/fenliu/branch.toml"  # where the README's install puts the branch (`fenliu init-branch /etc/fenliu`)
STATE_DIR = "/var/lib/fenliu"
ENV_HINT = {"kiosk": "FENLIU_KIOSK_TOKEN=...", "display": "FENLIU_DISPLAY_TOKEN=...", "panel": "",
            "counter-screen": "FENLIU_TOKEN=..."}
WITHOUT_BRANCH = "FENLIU_HOST=https://...", "FENLIU_CA=/etc/fenliu/ca.pem"  # what the branch file would have given


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
    if workdir == STATE_DIR:  # systemd makes /var/lib/fenliu, owned by the unit's user, before it starts
        lines.append("StateDirectory=fenliu")
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
            display: str = ":0", branch: Branch | None = None) -> Path:
    """Write the role's unit file (its command line completed from the branch file) into unit_dir; return its path."""
    unit_dir.mkdir(parents=True, exist_ok=True)
    path = unit_dir / unit_name(role)
    path.write_text(unit_text(role, user, workdir, exec_path, branch_args(role, branch, args), display),
                    encoding="utf-8")
    return path


def exec_start(unit_file: Path) -> list[str]:
    """The command line of a unit's ExecStart=, split as systemd splits it (for the lab and the tests)."""
    line = next(l for l in unit_file.read_text(encoding="utf-8").splitlines() if l.startswith("ExecStart="))
    return shlex.split(line.removeprefix("ExecStart="))


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
    inst.add_argument("--config", type=Path, default=Path(BRANCH_FILE), metavar="FILE",
                      help=f"the branch file `fenliu init-branch` wrote (default {BRANCH_FILE}): the host unit runs "
                           "`fenliu host --config FILE`; device units take the host's URL, ca.pem beside it and "
                           "(kiosk, display) the file for the offline exit PIN; the backup its database / 网点配置")
    inst.add_argument("--user", default="fenliu", help="run as this user (default fenliu) / 运行用户")
    inst.add_argument("--dir", type=Path, default=Path("/etc/systemd/system"), help="unit folder / 服务文件目录")
    inst.add_argument("--workdir", default=STATE_DIR,
                      help=f"working folder (default {STATE_DIR}; a kiosk's var/kiosk lives here) / 工作目录")
    inst.add_argument("--exec", dest="exec_path", default=None, help="the fenliu program (default: this one)")
    inst.add_argument("--args", default="", help='extra options, e.g. "--fullscreen --host http://10.0.0.2:8600"')
    inst.add_argument("--display", default=":0", help="X display of kiosk/display/panel (default :0)")
    inst.add_argument("--db", default=None, help="backup: the host's database (default: the branch file's)")
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
            branch = _branch_for(args)
            if branch is False:
                return 2
            if args.role == "counter-screen" and "--counter" not in shlex.split(args.args):
                print("fenliu service: 窗口评价屏需要窗口号 / a counter screen needs its window: "
                      "--args=\"--counter N\"", file=sys.stderr)
                return 2
            path = install(args.role, args.dir, args.user, args.workdir, args.exec_path or default_exec(),
                           args.args, args.display, branch or None)
            problems = access_problems(args.user, branch) if branch and args.role == "host" else []
            if branch and args.role != "host" and branch.url.startswith("https:") and not branch.ca.is_file():
                problems.append(f"没有网点根证书 / no branch CA at {branch.ca}: copy ca.pem there")
            for problem in problems:
                print(f"fenliu service: 警告 / WARNING: {problem}", file=sys.stderr)
            print(f"fenliu service: 已写入 / wrote {path}\n"
                  f"  {' '.join(exec_start(path))}\n"
                  f"  启用并启动 / enable and start:\n"
                  f"    sudo systemctl daemon-reload && sudo systemctl enable --now {name}\n"
                  f"  令牌等设置 / tokens and options: /etc/fenliu/{args.role}.env{_env_hint(args.role, branch)}\n"
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


def _branch_for(args: argparse.Namespace) -> Branch | None | bool:
    """The branch file's facts; None for a device without one (env file instead); False after saying why not."""
    from queue_host.config import ConfigError

    if args.role == BACKUP and args.db:
        return None
    if not args.config.is_file() and args.role != "host" and args.role != BACKUP:
        print(f"fenliu service: 注意 / note: no branch file at {args.config} (--config); put FENLIU_HOST and FENLIU_CA "
              f"in /etc/fenliu/{args.role}.env", file=sys.stderr)
        return None
    try:
        return read_branch(args.config)
    except ConfigError as exc:
        print(f"fenliu service: 需要网点配置文件 / the unit needs the branch file: {exc}\n"
              f"  先运行 / first run: fenliu init-branch {Path(BRANCH_FILE).parent} --host-name NAME --host-address IP"
              f"  (or pass --config DIR/branch.toml)", file=sys.stderr)
        return False


def _env_hint(role: str, branch: Branch | None) -> str:
    """What the role's env file should hold, e.g. ' (FENLIU_KIOSK_TOKEN=...)'."""
    wanted = [v for v in (ENV_HINT.get(role, ""), *(() if branch or role == "host" else WITHOUT_BRANCH)) if v]
    return f" ({', '.join(wanted)})" if wanted else ""


def _install_backup(args: argparse.Namespace) -> int:
    """Write the nightly backup's service and timer and say how to start the timer."""
    branch = _branch_for(args)
    if branch is False:
        return 2
    args.db = args.db or str(branch.database)  # type: ignore[union-attr] - None only when --db was given
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
