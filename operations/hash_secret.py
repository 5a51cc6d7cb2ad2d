"""`fenliu hash-secret`: turn a token or PIN into the salted hash the branch file keeps."""
from __future__ import annotations

import argparse
import getpass
import sys

from queue_host.hashing import hash_secret


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `fenliu hash-secret`."""
    parser.add_argument("--kind", choices=["token", "pin"], required=True,
                        help="token (a device's bearer token) or pin (a staff PIN)")


def run(args: argparse.Namespace) -> int:
    """Read the secret from a prompt (or one line of stdin) and print only its hash."""
    if sys.stdin.isatty():
        secret = getpass.getpass(f"{args.kind} (not shown) / 输入{'令牌' if args.kind == 'token' else '密码'}: ")
    else:
        secret = sys.stdin.readline().rstrip("\r\n")
    if args.kind == "pin" and not (secret.isdigit() and 4 <= len(secret) <= 8):
        print("fenliu hash-secret: a PIN is 4 to 8 digits / 密码应为 4 到 8 位数字", file=sys.stderr)
        return 2
    if args.kind == "token" and len(secret) < 16:
        print("fenliu hash-secret: a token needs at least 16 characters (try `python -c \"import secrets; "
              "print(secrets.token_urlsafe(24))\"`) / 令牌至少 16 个字符", file=sys.stderr)
        return 2
    print(hash_secret(secret, args.kind))
    return 0
