"""`fenliu init-branch DIR`: a new branch folder with fresh secrets, a private CA, a host certificate and a setup sheet."""
from __future__ import annotations

import argparse
import ipaddress
import json
import re
import secrets
import sys
import tomllib
from pathlib import Path

from queue_host.config import DEFAULT_PATH, ConfigError, beside, load, token_id
from queue_host.hashing import hash_secret

FILES = ("branch.toml", "ca.pem", "ca-key.pem", "host.pem", "host-key.pem", "SETUP.txt")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `fenliu init-branch`."""
    parser.add_argument("dir", metavar="DIR", help="the new branch folder (must not hold a branch yet)")
    parser.add_argument("--host-name", default=None,
                        help="the host machine's name on the LAN, as devices reach it (default fenliu-host; "
                             "with --renew-host-cert: the names in the current certificate)")
    parser.add_argument("--host-address", default="",
                        help="the host's LAN IP address, also put in its certificate (e.g. 10.0.0.2)")
    parser.add_argument("--database", default=None, metavar="PATH",
                        help="the host's SQLite file, absolute or relative to DIR (default: the template's, "
                             "var/fenliu.db in DIR), e.g. /var/lib/fenliu/fenliu.db / 数据库文件")
    parser.add_argument("--template", default=str(DEFAULT_PATH), help="branch file to start from")
    parser.add_argument("--renew-host-cert", action="store_true",
                        help="in an existing branch folder, issue a fresh host certificate from its CA; tokens, PINs "
                             "and ca.pem stay as they are / 续签主机证书")


def fresh_secrets(template: dict) -> list[dict]:
    """A new token (and 6-digit PIN for staff) for every [[tokens]] entry of the template, in order; no two alike."""
    out: list[dict] = []
    for tok in template.get("tokens", []):
        role = tok["role"]
        ident = token_id(tok)
        token = secrets.token_urlsafe(24)
        while token in {e["token"] for e in out}:  # one secret must never open two devices
            token = secrets.token_urlsafe(24)
        entry = {"id": ident, "role": role, "name": tok.get("name", ""), "counter": str(tok.get("counter", "")),
                 "token": token}
        if "pin_hash" in tok:
            entry["pin"] = f"{secrets.randbelow(10**6):06d}"
        out.append(entry)
    return out


def branch_text(text: str, staff: list[dict], host_name: str, address: str, port: int,
                database: str | None = None) -> str:
    """The template's text with new hashes, key, public URL, listen address, TLS files and (if given) database."""
    hashes = iter(hash_secret(s["token"], "token") for s in staff)
    pins = iter(hash_secret(s["pin"], "pin") for s in staff if "pin" in s)
    text = re.sub(r'(?m)^token_hash = ".*"$', lambda m: f'token_hash = "{next(hashes)}"', text)
    text = re.sub(r'(?m)^pin_hash = ".*"$', lambda m: f'pin_hash = "{next(pins)}"', text)
    text = re.sub(r'(?m)^ref_hash_key = ".*"$', f'ref_hash_key = "{secrets.token_urlsafe(32)}"', text, count=1)
    text = re.sub(r'(?m)^public_url = ".*"$', f'public_url = "https://{host_name}:{port}"', text, count=1)
    text = re.sub(r'(?m)^(\[host\]\n)address = ".*"$',
                  lambda m: f'{m[1]}address = {json.dumps(address)}\n'
                            f'tls_cert = "host.pem"\ntls_key = "host-key.pem"', text, count=1)
    if database:
        text = re.sub(r'(?m)^database = ".*"$', lambda m: f"database = {json.dumps(database)}", text, count=1)
    return text


def setup_sheet(branch: str, folder: Path, url: str, staff: list[dict]) -> str:
    """One page: per device the command to run, its token or PIN, and that ca.pem goes with it."""
    lines = [f"fenliu 网点安装单 / branch setup sheet — {branch}",
             "保密！含令牌和密码 / SECRET: holds every token and PIN. Hand out, then lock away or destroy.",
             "", "每台设备都要复制 ca.pem / copy ca.pem to EVERY device (e.g. /etc/fenliu/ca.pem).", "",
             "主机 / HOST (copy the whole folder; keep ca-key.pem off the LAN):",
             f"  fenliu host --config {folder}/branch.toml --cert {folder}/host.pem --key {folder}/host-key.pem", ""]
    for s in staff:
        who = f"{s['id']} ({s['name'] or s['role']})"
        if s["role"] == "counter_screen":
            lines += [f"窗口评价屏 / COUNTER {s['counter']} SCREEN: {who}",
                      f"  fenliu counter-screen --counter {s['counter']} --host {url} --ca /etc/fenliu/ca.pem "
                      f"--token {s['token']}", ""]
        elif s["role"] == "panel":
            lines += [f"员工面板令牌 / STAFF PANELS' TOKEN: {who} (every panel; it only lists who may sign in)",
                      f"  fenliu panel --host {url} --ca /etc/fenliu/ca.pem --panel-token {s['token']}",
                      f"  (or env FENLIU_PANEL_TOKEN={s['token']})", ""]
        elif s["role"] in ("kiosk", "display"):
            title = "取号机 / KIOSK" if s["role"] == "kiosk" else "叫号屏 / DISPLAY"
            lines += [f"{title}: {who}",
                      f"  fenliu {s['role']} --host {url} --ca /etc/fenliu/ca.pem --token {s['token']}",
                      f"  (or env FENLIU_HOST={url} FENLIU_CA=/etc/fenliu/ca.pem "
                      f"FENLIU_{s['role'].upper()}_TOKEN={s['token']})", ""]
        else:
            title = "大堂经理面板 / MANAGER PANEL" if s["role"] == "manager" else f"窗口面板 / COUNTER {s['counter']} PANEL"
            lines += [f"{title}: {who}",
                      f"  fenliu panel --host {url} --ca /etc/fenliu/ca.pem --panel-token <the panels' token>",
                      f"  staff / 工号: {s['id']}   PIN / 密码: {s.get('pin', '(none)')}",
                      f"  token (for --token, no PIN pad) / 令牌: {s['token']}", ""]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """Write the branch folder and say where each file went (secrets only into SETUP.txt)."""
    from operations.tls_ca import make_ca, make_host_cert, write_private

    folder = Path(args.dir).resolve()
    if args.renew_host_cert:
        from operations.renew_cert import renew
        return renew(folder, args.host_name, args.host_address)
    args.host_name = args.host_name or "fenliu-host"
    if args.host_address:
        try:
            ipaddress.ip_address(args.host_address)
        except ValueError:
            print(f"fenliu init-branch: 主机地址无效 / not an IP address: {args.host_address}", file=sys.stderr)
            return 2
    if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,252})", args.host_name):
        print(f"fenliu init-branch: 主机名无效 / not a host name: {args.host_name}", file=sys.stderr)
        return 2
    taken = [name for name in FILES if (folder / name).exists()]
    if taken:
        print(f"fenliu init-branch: 目录中已有网点文件 / {folder} already holds {', '.join(taken)}; "
              "choose a new folder (existing secrets are never overwritten)", file=sys.stderr)
        return 2
    template_text = Path(args.template).read_text(encoding="utf-8")
    template = tomllib.loads(template_text)
    port = int(template.get("host", {}).get("port", 8600))
    staff = fresh_secrets(template)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    address = args.host_address or "0.0.0.0"
    write_private(folder / "branch.toml",
                  branch_text(template_text, staff, args.host_name, address, port, args.database).encode("utf-8"))
    try:
        cfg = load(folder / "branch.toml")
    except ConfigError as exc:  # the template no longer fits what this command rewrites
        print(f"fenliu init-branch: 生成的配置无效 / the new branch file is invalid:\n  {exc}", file=sys.stderr)
        return 1
    ca_key, ca_cert = make_ca(folder, cfg.branch.name_en or args.host_name)
    make_host_cert(folder, ca_key, ca_cert, args.host_name, args.host_address)
    url = cfg.branch.public_url
    write_private(folder / "SETUP.txt",
                  setup_sheet(f"{cfg.branch.name_zh} / {cfg.branch.name_en}", folder, url, staff).encode("utf-8"))
    print(f"fenliu init-branch: 新网点已生成 / new branch in {folder}\n"
          f"  branch.toml   配置（仅含哈希）/ branch file, hashes only (0600)\n"
          f"  ca.pem        网点根证书，复制到每台设备 / branch CA: copy to every device\n"
          f"  ca-key.pem    根证书私钥，离线保管 / CA key: keep offline (0600)\n"
          f"  host.pem, host-key.pem  主机证书 / host certificate for {args.host_name}"
          f"{' ' + args.host_address if args.host_address else ''} (key 0600)\n"
          f"  SETUP.txt     安装单，含全部令牌和密码 / setup sheet with every token and PIN (0600)\n"
          f"  database      数据库 / the host's database: {beside(cfg, cfg.database)}\n"
          f"start the host / 启动主机:\n"
          f"  fenliu host --config {folder}/branch.toml\n"
          f"or as a service / 或作为系统服务:\n"
          f"  sudo fenliu service install host --config {folder}/branch.toml")
    return 0
