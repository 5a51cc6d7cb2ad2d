"""The `fenliu` command: one entry point, one subcommand per part of the product."""
from __future__ import annotations

import argparse
import importlib
import os
import sys

# Each subcommand lives beside the part it runs; its module offers add_arguments(parser) and
# run(args) -> int. Modules are imported only when their command is chosen, so `fenliu host`
# never loads Kivy.
COMMANDS: dict[str, tuple[str, str]] = {
    "host": ("queue_host.cli", "run the queue host (HTTP API, event stream, SQLite store) / 运行排队主机"),
    "print-test": ("printer.cli", "print a sample ticket and show the printer status / 打印测试票"),
    "kiosk": ("kiosk.cli", "run the entrance touchscreen / 运行取号机"),
    "display": ("display.cli", "run the lobby display / 运行大厅叫号屏"),
    "panel": ("panel.cli", "run the counter or lobby-manager panel / 运行窗口或大堂经理面板"),
    "counter-screen": ("counter_screen.cli", "run the customer-facing screen of one window / 运行窗口评价屏"),
    "hash-secret": ("operations.hash_secret", "hash a token or PIN for the branch file / 生成令牌或密码的哈希"),
    "demo": ("demo.command", "run a whole branch on this machine / 一键演示整个网点"),
    "backup": ("operations.backup", "copy the live database safely / 在线备份数据库"),
    "restore": ("operations.restore", "put a backup back while the host is stopped / 恢复备份（需先停止主机）"),
    "init-branch": ("operations.init_branch", "make a new branch folder: secrets, CA, certificate, setup sheet / 新建网点"),
    "report": ("reports.cli", "write a day's or a period's figures: HTML, CSV, Excel / 营业报表"),
    "simulate": ("simulator.cli", "simulate branch days and compare what-ifs / 网点营业模拟"),
    "hq": ("headoffice.cli", "head office: schema, branches' shipping, reports and league / 总行汇总"),
    "service": ("operations.service", "install or remove systemd units / 安装或移除系统服务"),
    "prune": ("operations.prune", "archive days past [retention] days now / 归档过期数据"),
    "doctor": ("operations.doctor", "check this device's setup: host, certificate, clock, token, printer, fonts, audio / 设备自检"),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Build the argument parser, importing only the chosen subcommand's module."""
    parser = argparse.ArgumentParser(prog="fenliu", description="fenliu 分流 - bank lobby system")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        if name == only:
            module = importlib.import_module(module_name)
            module.add_arguments(cmd)
            cmd.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the `fenliu` command line."""
    argv = sys.argv[1:] if argv is None else argv
    chosen = next((a for a in argv if not a.startswith("-")), None)
    if chosen in ("kiosk", "display", "panel", "demo", "counter-screen"):
        # Our options are not Kivy's. And Mesa's software renderer (llvmpipe, when there is no GPU
        # driver) grows by megabytes per redraw with its rasterizer threads on: draw on the main thread.
        os.environ.setdefault("KIVY_NO_ARGS", "1")
        os.environ.setdefault("LP_NUM_THREADS", "0")
    parser = build_parser(chosen if chosen in COMMANDS else None)
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    return int(args._run(args) or 0)
