"""`fenliu host`: run the queue host on the branch file's address with its SQLite store."""
from __future__ import annotations

import argparse
import ipaddress
import logging
import sys

import tomllib
from pathlib import Path

from queue_host import database_guard
from queue_host.config import DEFAULT_PATH, Config, ConfigError, beside, load, working_folder_branch
from queue_host.hashing import verify_secret
from queue_host.words import zh_en

DEMO_SECRETS = DEFAULT_PATH.parent / "demo-secrets.toml"
DEMO_REF_KEY = "demo-key-change-me"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `fenliu host`."""
    parser.add_argument("--config", default=None, metavar="FILE",
                        help="the branch file, e.g. the branch.toml that `fenliu init-branch DIR` wrote (default: "
                             "config/branch.toml in the working folder; without one the host refuses to start). "
                             "Paths in it (database, tls_cert, tls_key, hq.password_file) are relative to its folder")
    parser.add_argument("--db", help="SQLite file (default: host.database of the branch file, relative to the "
                                     "branch file's folder)")
    parser.add_argument("--new-database", action="store_true",
                        help="start on a new, empty database when the one this branch ran on is missing (the "
                             "note beside the branch file, e.g. branch.database, says where it was)")
    parser.add_argument("--address", help="listen address (default: host.address in the branch file)")
    parser.add_argument("--port", type=int, help="listen port (default: host.port in the branch file)")
    parser.add_argument("--allow-demo-secrets", action="store_true",
                        help="start even though the branch file uses the shipped demo tokens, PINs or key")
    parser.add_argument("--cert", metavar="FILE", help="serve HTTPS with this certificate (default: host.tls_cert)")
    parser.add_argument("--key", metavar="FILE", help="the certificate's private key (default: host.tls_key)")
    parser.add_argument("--insecure-http", action="store_true",
                        help="{1} / {0}".format(*zh_en("serve plain HTTP on a non-loopback address (not for a branch)")))
    parser.add_argument("--log-level", default="warning", choices=["debug", "info", "warning", "error"])


def run(args: argparse.Namespace) -> int:
    """Load and check the branch file, then serve until stopped."""
    import uvicorn

    from queue_host.api import create_app

    config = args.config or working_folder_branch()
    if config is None:
        said, todo = zh_en("no branch file"), zh_en(
            "pass --config with the branch.toml that `fenliu init-branch DIR` wrote, or start the host in a folder "
            "that holds config/branch.toml; for a try-out on this machine run `fenliu demo`")
        print(f"fenliu host: {said[0]} / {said[1]}\n  {todo[0]}\n  {todo[1]}", file=sys.stderr)
        return 2
    try:
        cfg = load(config)
    except ConfigError as exc:
        print("fenliu host: {1} / {0}:\n  {2}".format(*zh_en("the branch file is invalid"), exc), file=sys.stderr)
        return 2
    if uses_demo_secrets(cfg):
        if not args.allow_demo_secrets:
            print("fenliu host: {1} / {0}:\n".format(*zh_en("the branch file uses the shipped demo secrets")) +
                  "  start a new branch with `fenliu init-branch DIR` (fresh secrets, certificates and a setup "
                  "sheet), or make your own with `fenliu hash-secret --kind token` / `--kind pin` and a new "
                  "branch.ref_hash_key; pass --allow-demo-secrets only for a demo", file=sys.stderr)
            return 2
        shared = shared_demo_secrets(cfg)
        if shared:  # one secret opening two devices: whoever holds it acts as either
            print("fenliu host: {1} / {0}:\n  ".format(*zh_en("two tokens share one secret")) +
                  "; ".join(f"{a!r} and {b!r}" for a, b in shared) +
                  "\n  give each device its own token (`fenliu hash-secret --kind token`)", file=sys.stderr)
            return 2
        print("fenliu host: {1} / {0}".format(*zh_en("WARNING: running with the shipped demo secrets "
                                                     "(--allow-demo-secrets); never do this in a branch")),
              file=sys.stderr, flush=True)
    db = Path(args.db) if args.db else beside(cfg, cfg.database)
    if not args.db and database_refused(db, cfg, args.new_database):
        return 2
    fresh = not db.exists()
    address = args.address or cfg.address
    port = cfg.port if args.port is None else args.port
    tls = tls_files(args, cfg)
    if tls is None:
        return 2
    scheme = "https" if tls else "http"
    if not tls and not is_loopback(address):
        if not args.insecure_http:
            print("fenliu host: {} / {}:\n".format(*zh_en("plain HTTP on {address} is refused", address=address)) +
                  "  pass --cert FILE --key FILE (see `fenliu init-branch`), or --insecure-http for a test bench",
                  file=sys.stderr)
            return 2
        print("fenliu host: {} / {}".format(*zh_en("WARNING: plain HTTP on {address} (--insecure-http); tokens and PINs "
                                                   "cross the LAN in clear", address=address)),
              file=sys.stderr, flush=True)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = create_app(cfg, str(db))
    if not args.db:
        note_database(db, cfg, fresh)
    print(f"fenliu host: {cfg.branch.name_zh} / {cfg.branch.name_en} on {scheme}://{address}:{port} "
          f"(database {db})", flush=True)
    # X-Forwarded-For is believed only from proxies the branch file names (uvicorn trusts 127.0.0.1 by default).
    proxies = list(cfg.trusted_proxies)
    uvicorn.run(app, host=address, port=port, log_level=args.log_level, access_log=False,
                loop="uvloop", http="httptools", timeout_graceful_shutdown=2,
                proxy_headers=bool(proxies), forwarded_allow_ips=proxies or None,
                **({"ssl_certfile": tls[0], "ssl_keyfile": tls[1]} if tls else {}))
    return 0


def tls_files(args: argparse.Namespace, cfg: Config) -> tuple[str, str] | tuple[()] | None:
    """(cert, key) from the options or the branch file (relative to it), () for none, None after a message."""
    cert = args.cert or (str(beside(cfg, cfg.tls_cert)) if cfg.tls_cert else "")
    key = args.key or (str(beside(cfg, cfg.tls_key)) if cfg.tls_key else "")
    if not cert and not key:
        return ()
    if not cert or not key:
        print("fenliu host: {} / {}".format(*zh_en("pass both --cert and --key")), file=sys.stderr)
        return None
    for path in (cert, key):
        if not Path(path).is_file():
            print("fenliu host: {} / {}".format(*zh_en("no such certificate or key file: {path}", path=path)),
                  file=sys.stderr)
            return None
    return cert, key


def database_refused(db: Path, cfg: Config, new_database: bool) -> bool:
    """True, after saying why, when db is missing where this branch has run on a database before (unless told to)."""
    refusal = None if new_database else database_guard.check(db, cfg.source)
    if refusal is None:
        return False
    said = zh_en("this branch's database is missing")
    todo = zh_en("this branch made its database at {expected} on {created} (recorded in {note}). If a disk is not "
                 "mounted or the file was moved, put it back or restore a backup (fenliu restore); if the branch "
                 "file now names another place on purpose, or the branch starts afresh, pass --new-database",
                 expected=str(refusal.expected), created=refusal.created, note=str(refusal.note))
    print(f"fenliu host: {said[0]}: {db}\n  {todo[0]}\n{said[1]}: {db}\n  {todo[1]}", file=sys.stderr)
    return True


def note_database(db: Path, cfg: Config, fresh: bool) -> None:
    """Note beside the branch file where its database is, so a later start notices it missing."""
    problem = database_guard.record(db.resolve(), cfg.source)
    if problem and fresh:
        print("fenliu host: {} / {}".format(*zh_en("WARNING: cannot note where the new database is ({problem}); should "
                                                   "it go missing later, the host will not notice", problem=problem)),
              file=sys.stderr, flush=True)


def is_loopback(address: str) -> bool:
    """Whether the listen address is this machine only (127.0.0.0/8, ::1, localhost)."""
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def uses_demo_secrets(cfg: Config, secrets_path: Path = DEMO_SECRETS) -> bool:
    """Whether the branch file's key, tokens or PINs are the shipped demo ones."""
    if cfg.branch.ref_hash_key == DEMO_REF_KEY:
        return True
    try:
        plain = tomllib.loads(secrets_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return False
    pairs = [(value, stored) for entry in plain.values() if isinstance(entry, dict)
             for tok in cfg.tokens.values()
             for value, stored in ((entry.get("token"), tok.token_hash), (entry.get("pin"), tok.pin_hash))
             if isinstance(value, str) and stored]
    # Tokens first: their hash is fast, and a demo branch matches at once.
    pairs.sort(key=lambda pair: not pair[1].startswith("sha256$"))
    return any(verify_secret(value, stored) for value, stored in pairs)


def shared_demo_secrets(cfg: Config, secrets_path: Path = DEMO_SECRETS) -> list[tuple[str, str]]:
    """Pairs of token ids one demo secret opens both of (different salts hide it from the hashes alone)."""
    try:
        plain = tomllib.loads(secrets_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return []
    out = []
    for value in {e["token"] for e in plain.values() if isinstance(e, dict) and isinstance(e.get("token"), str)}:
        opened = [t.id for t in cfg.tokens.values() if verify_secret(value, t.token_hash)]
        out += [(opened[0], other) for other in opened[1:]]
    return sorted(out)
