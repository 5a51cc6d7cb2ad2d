"""`fenliu doctor`: a device's setup check — host, certificate, clock, token, printer, fonts, audio — as a checklist."""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import ssl
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from fenliu.paths import FONTS
from queue_host.client import HostClient, HostError, HostUnreachable

CLOCK_TOLERANCE_S = 2.0
RENEW_DAYS = 30
FONT_FILES = ("NotoSansSC-Regular-GB2312.otf", "NotoSansSC-Bold-GB2312.otf")
Clock = Callable[[], datetime]


@dataclass
class Check:
    """One line of the checklist: passed or not, what was found, and what to do when it failed."""
    ok: bool
    zh: str
    en: str
    fix: str = ""
    skipped: bool = False

    def line(self) -> str:
        """The checklist line, Chinese first."""
        mark = "–" if self.skipped else ("✓" if self.ok else "✗")
        text = f"{mark} {self.zh} / {self.en}"
        return text + (f"\n    → {self.fix}" if self.fix and not self.ok else "")


def utc_now() -> datetime:
    """The device's clock (UTC)."""
    return datetime.now(timezone.utc)


def certificate(url: str, ca: str | None, now: datetime, timeout: float) -> Check:
    """The host's certificate: verified by the branch CA for the host's name, and not expiring within 30 days."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        return Check(True, "未使用 HTTPS（仅限本机）", "plain HTTP (loopback only): no certificate to check",
                     skipped=True)
    context = ssl.create_default_context(cafile=ca) if ca else ssl.create_default_context()
    try:
        with socket.create_connection((parts.hostname, parts.port or 443), timeout=timeout) as raw:
            with context.wrap_socket(raw, server_hostname=parts.hostname) as tls:
                cert = tls.getpeercert()
    except ssl.SSLCertVerificationError as exc:
        names = certificate_names(url, ca, timeout)
        if names:  # the branch CA signed it: only the name or address the device used is not in it
            return Check(False, f"主机证书不含本机所用的地址 {parts.hostname}",
                         f"the host's certificate (signed by the branch CA) does not name {parts.hostname}, the "
                         f"name this device used; it names {', '.join(names)}",
                         f"在 --host 中改用证书里的名称或地址，如 https://{names[0]}:{parts.port or 443}，或在主机上用 "
                         f"--host-name/--host-address 续签证书 / use a name or address of the certificate in --host "
                         f"(e.g. https://{names[0]}:{parts.port or 443}; for a name, add it to /etc/hosts or the "
                         f"branch DNS), or renew the certificate with it: `fenliu init-branch --renew-host-cert "
                         f"BRANCH_DIR --host-name NAME --host-address IP`")
        return Check(False, "主机证书无法用网点根证书验证", f"the host's certificate fails against the branch CA "
                     f"({exc.verify_message})", "从网点目录复制正确的 ca.pem 并用 --ca 指定 / copy this branch's "
                     "ca.pem from the branch folder and pass it with --ca (or FENLIU_CA)")
    except OSError as exc:
        return Check(False, "无法建立加密连接", f"no TLS connection: {exc}", "检查主机地址和端口 / check --host")
    expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(cert["notAfter"]), timezone.utc)
    days = (expires - now).total_seconds() / 86400
    if days < RENEW_DAYS:
        return Check(False, f"主机证书 {max(days, 0):.0f} 天后到期", f"the host certificate expires in "
                     f"{max(days, 0):.0f} days ({expires:%Y-%m-%d})",
                     "在主机上运行 fenliu init-branch --renew-host-cert 网点目录，然后重启主机 / on the host run "
                     "`fenliu init-branch --renew-host-cert BRANCH_DIR`, then restart the host")
    return Check(True, f"主机证书有效（网点根证书验证通过，{days:.0f} 天后到期）",
                 f"host certificate valid against the branch CA, expires {expires:%Y-%m-%d}")


def certificate_names(url: str, ca: str | None, timeout: float) -> list[str]:
    """The names and addresses in the host's certificate when the branch CA verifies it (whatever name was used)."""
    parts = urlsplit(url)
    context = ssl.create_default_context(cafile=ca) if ca else ssl.create_default_context()
    context.check_hostname = False  # still verified against the CA: only the name is not compared
    try:
        with socket.create_connection((parts.hostname, parts.port or 443), timeout=timeout) as raw:
            with context.wrap_socket(raw) as tls:
                cert = tls.getpeercert()
    except OSError:
        return []
    return [value for kind, value in cert.get("subjectAltName", ()) if kind in ("DNS", "IP Address")]


def host_checks(url: str, ca: str | None, token: str | None, clock: Clock, timeout: float) -> list[Check]:
    """Reachable, certificate, clock and token: everything that needs the host."""
    client = HostClient(url, token=token, timeout=timeout, ca=ca)
    before = clock()
    try:
        health = client.health()
    except HostUnreachable as exc:
        text = str(exc)
        if "CERTIFICATE_VERIFY_FAILED" in text:
            return untrusted_checks(url, ca, token, clock, timeout)
        return [Check(False, "无法连接主机", f"the host at {url} does not answer ({text[:160]})",
                      "检查网线/网络、主机是否运行、--host 地址和端口 / check the network, that the host runs "
                      "(systemctl status fenliu-host) and the --host address and port")]
    after = clock()
    return [Check(True, "主机有应答", f"the host answers at {url} (business day {health.get('day')})"),
            certificate(url, ca, before, timeout), clock_check(health, before, after), token_check(client, token)]


def untrusted_checks(url: str, ca: str | None, token: str | None, clock: Clock, timeout: float) -> list[Check]:
    """The host answers but its certificate fails for this device: say why, then check what still can be."""
    checks = [Check(True, "主机有应答", f"the host answers at {url}"), certificate(url, ca, clock(), timeout)]
    names = certificate_names(url, ca, timeout)
    if names:  # the branch's own host under another name: the token may go to it, checked for a name it holds
        client = HostClient(url, token=token, timeout=timeout, ca=ca,
                            tls_name=next((n for n in names if not n[0].isdigit() and ":" not in n), names[0]))
        before = clock()
        try:
            health = client.health()
        except HostUnreachable as exc:
            return checks + [Check(False, "主机中途断开", f"the host stopped answering: {exc}")]
        return checks + [clock_check(health, before, clock()), token_check(client, token)]
    # Not this branch's certificate: only the public health answer is read; the token is not sent.
    import warnings

    import requests
    before = clock()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            health = requests.get(f"{url}/api/health", verify=False, timeout=timeout).json()
    except (requests.RequestException, ValueError) as exc:
        return checks + [Check(False, "无法读取主机时间", f"the host's time could not be read: {exc}")]
    after = clock()
    return checks + [clock_check(health, before, after),
                     Check(True, "未发送令牌", "the token was not sent: the host's certificate is not this branch's",
                           skipped=True)]


def clock_check(health: dict, before: datetime, after: datetime) -> Check:
    """This device's clock against the host's time in /api/health (read between before and after)."""
    if "time" not in health:
        return Check(False, "主机未提供时间", "the host does not give its time (an older host?)",
                     "升级主机 / update the host")
    host_time = datetime.fromisoformat(health["time"])
    skew = (before + (after - before) / 2 - host_time).total_seconds()
    if abs(skew) > CLOCK_TOLERANCE_S:
        return Check(False, f"本机时钟与主机相差 {skew:+.1f} 秒", f"this device's clock is {skew:+.1f} s off "
                     f"the host's (allowed ±{CLOCK_TOLERANCE_S:.0f} s)",
                     "开启时间同步，如 sudo timedatectl set-ntp true，或以主机为 NTP 服务器 / turn on time "
                     "sync (timedatectl set-ntp true; use the host as NTP server)")
    return Check(True, f"时钟一致（相差 {skew:+.1f} 秒）", f"clock within {CLOCK_TOLERANCE_S:.0f} s of "
                 f"the host ({skew:+.1f} s)")


def token_check(client: HostClient, token: str | None) -> Check:
    """Does the host accept this device's token?"""
    if not token:
        return Check(True, "未提供令牌", "no token given (a panel signs in with a PIN)", skipped=True)
    try:
        client.config()
        return Check(True, "设备令牌有效", "the device token is accepted")
    except HostError as exc:
        return Check(False, "设备令牌被拒绝", f"the device token is refused: {exc.message_en}",
                     "从安装单 SETUP.txt 复制本设备的令牌 / copy this device's token from SETUP.txt "
                     "(--token or the FENLIU_<ROLE>_TOKEN variable)")
    except HostUnreachable as exc:
        return Check(False, "令牌检查时连接中断", f"the host stopped answering: {exc}")


def printer_check(url: str | None) -> Check:
    """Does the kiosk's configured printer answer, with paper and its cover closed?"""
    if not url:
        return Check(True, "未指定打印机", "no printer given (pass --printer as for fenliu kiosk)", skipped=True)
    from printer import open_printer
    from printer.errors import PrinterFault
    try:
        with open_printer(url) as device:
            status = device.status()
    except (PrinterFault, OSError, ValueError) as exc:
        return Check(False, "打印机无应答", f"the printer {url} does not answer: {exc}",
                     "检查打印机电源、数据线和 --printer 地址；fenliu print-test 可单独测试 / check power, cable and "
                     "the --printer URL; try `fenliu print-test URL`")
    if not status.ok:
        problem = "paper out" if status.paper == "out" else "cover open" if status.cover_open else \
            (status.error or "offline")
        return Check(False, "打印机有故障", f"the printer answers but reports: {problem}",
                     "装纸、合上盖子后重试 / load paper, close the cover, then run doctor again")
    return Check(True, "打印机正常", f"the printer answers at {url} ({status.paper})")


def fonts_check(folder: Path = FONTS) -> Check:
    """The shipped Chinese fonts every screen draws with."""
    missing = [name for name in FONT_FILES if not (folder / name).is_file()]
    if missing:
        return Check(False, "缺少中文字体", f"fonts missing in {folder}: {', '.join(missing)}",
                     "重新安装 fenliu / reinstall fenliu (the wheel ships the fonts)")
    return Check(True, "中文字体齐全", "the shipped Chinese fonts are present")


def audio_check(which: Callable[[str], str | None] = shutil.which) -> Check:
    """espeak-ng (spoken calls) and sox (voice packs) on PATH, for a lobby display."""
    missing = [tool for tool in ("espeak-ng", "sox") if not which(tool)]
    if missing:
        return Check(False, "缺少语音程序", f"audio tools missing: {', '.join(missing)}",
                     "sudo apt-get install espeak-ng sox")
    return Check(True, "语音程序齐全（espeak-ng、sox）", "audio tools present (espeak-ng, sox)")


def run_checks(role: str, url: str, ca: str | None, token: str | None, printer: str | None = None,
               clock: Clock = utc_now, timeout: float = 3.0, fonts: Path = FONTS,
               which: Callable[[str], str | None] = shutil.which) -> list[Check]:
    """Every check that fits the device's role, in checklist order."""
    checks = host_checks(url, ca, token, clock, timeout)
    if role == "kiosk":
        checks.append(printer_check(printer))
    checks.append(fonts_check(fonts))
    if role == "display":
        checks.append(audio_check(which))
    return checks


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `fenliu doctor`."""
    parser.add_argument("role", choices=("kiosk", "display", "panel"), help="this device's job / 本设备用途")
    parser.add_argument("--host", default=os.environ.get("FENLIU_HOST", "http://127.0.0.1:8600"),
                        help="the queue host's URL (env FENLIU_HOST)")
    parser.add_argument("--ca", default=os.environ.get("FENLIU_CA"), metavar="FILE",
                        help="the branch CA file ca.pem (env FENLIU_CA) / 网点根证书")
    parser.add_argument("--token", default=None, help="this device's token (default env FENLIU_<ROLE>_TOKEN)")
    parser.add_argument("--printer", default=os.environ.get("FENLIU_PRINTER"),
                        help="kiosk: the printer URL, as for fenliu kiosk (env FENLIU_PRINTER)")


def run(args: argparse.Namespace) -> int:
    """Print the checklist; 0 when every check passed, 1 otherwise."""
    if args.ca and not os.path.isfile(args.ca):
        print(f"✗ 找不到网点根证书 / the branch CA file is missing: {args.ca}\n"
              "    → 从网点目录复制 ca.pem / copy ca.pem from the branch folder")
        return 1
    token = args.token or os.environ.get(f"FENLIU_{args.role.upper()}_TOKEN")
    checks = run_checks(args.role, args.host.rstrip("/"), args.ca, token, args.printer)
    print(f"fenliu doctor — {args.role} → {args.host}")
    for check in checks:
        print(check.line())
    failed = sum(1 for c in checks if not c.ok)
    print(f"\n{'全部通过 / all checks passed' if not failed else f'{failed} 项未通过 / {failed} failed'}")
    sys.stdout.flush()
    return 1 if failed else 0
