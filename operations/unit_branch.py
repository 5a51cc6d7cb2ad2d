"""What a systemd unit takes from the branch file `fenliu init-branch` wrote, and who may read it."""
from __future__ import annotations

import os
import shlex
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Branch:
    """What a unit takes from the branch file: its absolute path, the host's URL, ca.pem and the database."""
    file: Path
    url: str
    ca: Path
    database: Path


def read_branch(path: Path) -> Branch:
    """The branch file's facts a unit needs (ConfigError when it is missing or invalid)."""
    from queue_host.config import beside, load

    cfg = load(path)
    file = Path(path).resolve()
    return Branch(file, cfg.branch.public_url, file.parent / "ca.pem", beside(cfg, cfg.database))


def branch_args(role: str, branch: Branch | None, args: str) -> str:
    """The options a role's command line takes from the branch file, unless --args already gives them."""
    if branch is None:
        return args
    given = set(shlex.split(args))
    if role == "host":
        extra = [] if "--config" in given else ["--config", str(branch.file)]
    else:
        extra = [] if "--host" in given else ["--host", branch.url]
        if "--ca" not in given and branch.url.startswith("https:"):
            extra += ["--ca", str(branch.ca)]
        if role in ("kiosk", "display") and "--branch-file" not in given:  # the exit PIN, checked offline (hashes only)
            extra += ["--branch-file", str(branch.file)]
    return " ".join([*(shlex.quote(a) for a in extra), args]).strip()


def access_problems(user: str, branch: Branch) -> list[str]:
    """What keeps the host's user from reading the branch file and its certificate or writing its database."""
    import pwd

    try:
        who = pwd.getpwnam(user)
    except KeyError:
        return [f"用户 {user} 不存在 / there is no user {user}: sudo useradd --system --home /var/lib/fenliu {user}"]
    if who.pw_uid == 0:
        return []
    groups = set(os.getgrouplist(user, who.pw_gid))
    problems = []
    for path, want in ((branch.file.parent, 1), (branch.file, 4), (branch.file.parent / "host-key.pem", 4),
                       (branch.database.parent, 2)):
        if not path.exists():
            continue
        st = path.stat()
        bits = st.st_mode >> 6 if st.st_uid == who.pw_uid else st.st_mode >> 3 if st.st_gid in groups else st.st_mode
        if not bits & want:
            zh, en = {1: ("进入", "enter"), 2: ("写入", "write"), 4: ("读取", "read")}[want]
            problems.append(f"用户 {user} 无法{zh} / user {user} cannot {en} {path}: sudo chown {user}: {path}")
    return problems
