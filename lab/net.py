"""The lab's network: one namespace per device on a bridge, joined by veth pairs, on a subnet only the lab has.

Every name starts with PREFIX, so a lab killed mid-run is cleaned up by the next one (`clean_stale`).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

PREFIX = "flab-"
BRIDGE = f"{PREFIX}br"
SUBNET = "10.77.24"  # a private /24 that exists only on the lab's bridge
OBSERVER = f"{SUBNET}.1"  # the bridge's own address: where the lab watches from
HOST_NAME = "fenliu-host"  # the name in the host certificate; each namespace's /etc/hosts maps it
NETNS_ETC = Path("/etc/netns")
SLOW_DELAY_MS, SLOW_DROP = 150, 0.05  # the slow link: each chunk each way; the share of new connections cut


@dataclass(frozen=True)
class Node:
    """One device of the branch: its namespace, the bridge end of its cable, its address."""

    name: str
    address: str

    @property
    def ns(self) -> str:
        """The namespace's name."""
        return PREFIX + self.name

    @property
    def port(self) -> str:
        """The veth end on the bridge (the switch port): set down to pull the cable."""
        return PREFIX + self.name


def sh(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run one `ip`/`tc` command; a failure raises with its stderr."""
    out = subprocess.run(args, capture_output=True, text=True)
    if check and out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {out.stderr.strip()}")
    return out


def permitted() -> str | None:
    """None when namespaces can be made here; else why not (for a skip message)."""
    if os.geteuid() != 0:
        return "the lab needs root (ip netns add)"
    if shutil.which("ip") is None:
        return "the lab needs iproute2's `ip`"
    probe = f"{PREFIX}probe{os.getpid()}"[:15]
    out = sh("ip", "netns", "add", probe, check=False)
    if out.returncode != 0:
        return f"`ip netns add` is not permitted here: {out.stderr.strip()}"
    sh("ip", "netns", "del", probe, check=False)
    return None


def clean_stale() -> None:
    """Remove every namespace, link and hosts file a previous lab left (processes in them are killed first)."""
    names = [line.split()[0] for line in sh("ip", "netns", "list", check=False).stdout.splitlines() if line.strip()]
    for ns in names:
        if ns.startswith(PREFIX):
            for pid in sh("ip", "netns", "pids", ns, check=False).stdout.split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            sh("ip", "netns", "del", ns, check=False)
    for line in sh("ip", "-o", "link", "show", check=False).stdout.splitlines():
        name = line.split(":")[1].strip().split("@")[0] if ":" in line else ""
        if name.startswith(PREFIX):
            sh("ip", "link", "del", name, check=False)
    if NETNS_ETC.is_dir():
        for folder in NETNS_ETC.glob(PREFIX + "*"):
            shutil.rmtree(folder, ignore_errors=True)


def build(nodes: list[Node], host: Node, hosts_override: dict[str, str] | None = None) -> None:
    """The bridge with the observer's address, then each node's namespace, cable and /etc/hosts."""
    sh("ip", "link", "add", BRIDGE, "type", "bridge")
    sh("ip", "addr", "add", f"{OBSERVER}/24", "dev", BRIDGE)
    sh("ip", "link", "set", BRIDGE, "up")
    for node in nodes:
        sh("ip", "netns", "add", node.ns)
        sh("ip", "link", "add", node.port, "type", "veth", "peer", "name", "eth0", "netns", node.ns)
        sh("ip", "link", "set", node.port, "master", BRIDGE, "up")
        sh("ip", "-n", node.ns, "addr", "add", f"{node.address}/24", "dev", "eth0")
        sh("ip", "-n", node.ns, "link", "set", "eth0", "up")
        sh("ip", "-n", node.ns, "link", "set", "lo", "up")
        # `ip netns exec` bind-mounts /etc/netns/NS/hosts over /etc/hosts: the host's name, as devices use it.
        etc = NETNS_ETC / node.ns
        etc.mkdir(parents=True, exist_ok=True)
        target = (hosts_override or {}).get(node.name, host.address)
        (etc / "hosts").write_text(f"127.0.0.1 localhost\n{target} {HOST_NAME}\n", encoding="utf-8")


def cable(node: Node, up: bool) -> None:
    """Plug (up) or pull (down) a node's cable at the switch."""
    sh("ip", "link", "set", node.port, "up" if up else "down")


def in_ns(node: Node, argv: list[str]) -> list[str]:
    """A command line run inside the node's namespace."""
    return ["ip", "netns", "exec", node.ns, *argv]
