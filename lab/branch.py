"""The lab's branch made as a technician makes one: `fenliu init-branch`, then `fenliu service install` per part."""
from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from lab.net import HOST_NAME
from queue_host.config import DEFAULT_PATH

TEMPLATE = DEFAULT_PATH  # the shipped branch file, in the source tree or the installed wheel
SECOND_KIOSK = '[[tokens]]\nid = "kiosk-2"\ntoken_hash = "x"\nrole = "kiosk"\nname = "entrance kiosk 2"\n'


@dataclass
class LabBranch:
    """The branch folder, the tokens from its setup sheet and the host's command line from its unit."""

    folder: Path
    tokens: dict[str, str]
    host_argv: list[str]
    host_workdir: Path
    units: dict[str, str] = field(default_factory=dict)  # role: ExecStart line as the unit has it
    notes: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        """The host's URL as the device units name it (`--host` in their ExecStart)."""
        argv = shlex.split(self.units.get("kiosk", ""))
        return argv[argv.index("--host") + 1] if "--host" in argv else f"https://{HOST_NAME}:8600"

    def database(self) -> Path:
        """The host's SQLite file: the branch file's `database`, absolute, or beside the branch file, or (today's
        rule) under the unit's working folder; the one that exists."""
        name = tomllib.loads((self.folder / "branch.toml").read_text(encoding="utf-8"))["host"]["database"]
        places = [Path(name)] if Path(name).is_absolute() else [self.folder / name, self.host_workdir / name]
        return next((p for p in places if p.exists()), places[-1])

    @property
    def ca(self) -> Path:
        """The branch CA every device verifies the host against."""
        return self.folder / "ca.pem"


def fenliu_exe() -> str:
    """The `fenliu` command of this installation."""
    beside = Path(sys.executable).parent / "fenliu"
    return str(beside) if beside.exists() else "fenliu"


def template_with_two_kiosks(out: Path) -> Path:
    """The shipped branch file with a second kiosk token (each kiosk reserves its own blocks of numbers)."""
    text = TEMPLATE.read_text(encoding="utf-8")
    first = text.index('role = "kiosk"')
    cut = text.index("[[tokens]]", first)
    out.write_text(text[:cut] + SECOND_KIOSK + text[cut:], encoding="utf-8")
    return out


def sheet_tokens(sheet: str) -> dict[str, str]:
    """Every device's and teller's token by id, read from the setup sheet init-branch printed."""
    tokens, who = {}, None
    for line in sheet.splitlines():
        head = re.match(r"^\S.*?: ([\w-]+) \(", line)
        if head:
            who = head[1]
        tok = re.search(r"--token (\S+)", line) or re.search(r"令牌: (\S+)$", line)
        if who and tok and who not in tokens:
            tokens[who] = tok[1]
    return tokens


def exec_start(unit_text: str) -> str:
    """The ExecStart line of a unit file."""
    return next(line.split("=", 1)[1] for line in unit_text.splitlines() if line.startswith("ExecStart="))


def make(lab_dir: Path, host_address: str) -> LabBranch:
    """init-branch into lab_dir/branch, units into lab_dir/units; the host's argv from its unit."""
    exe = fenliu_exe()
    folder, units_dir, workdir = lab_dir / "branch", lab_dir / "units", lab_dir / "host-workdir"
    workdir.mkdir(parents=True, exist_ok=True)
    template = template_with_two_kiosks(lab_dir / "template.toml")
    run([exe, "init-branch", str(folder), "--host-name", HOST_NAME, "--host-address", host_address,
         "--template", str(template)])
    units: dict[str, str] = {}
    for role in ("host", "kiosk", "display", "panel"):
        run([exe, "service", "install", role, "--config", str(folder / "branch.toml"), "--dir", str(units_dir),
             "--user", "root", "--workdir", str(workdir), "--exec", exe])
        units[role] = exec_start((units_dir / f"fenliu-{role}.service").read_text(encoding="utf-8"))
    argv, notes = shlex.split(units["host"]), []
    if "--config" not in argv:  # the unit must name the branch file: a unit that cannot start fails the lab
        raise RuntimeError(f"the host unit names no branch file: {units['host']}")
    tokens = sheet_tokens((folder / "SETUP.txt").read_text(encoding="utf-8"))
    return LabBranch(folder, tokens, argv, workdir, units, notes)


def run(argv: list[str]) -> str:
    """Run a fenliu command; its failure stops the lab with what it printed."""
    out = subprocess.run(argv, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:3])} failed ({out.returncode}): {out.stderr.strip()[-800:]}")
    return out.stdout
