"""The environment of the demo's windows: Kivy's home in the run folder, its touch probes off, a quiet console.

Nothing of a run lands in the source tree or the user's ~/.kivy: Kivy's config and any logs go to
<out>/kivy-home, the apps' own files (chime, exports) to <out>/data.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

CODE = Path(__file__).resolve().parent.parent  # where the fenliu packages are (a checkout or site-packages)
from fenliu.console import TOUCH_PROBES  # noqa: F401 - one list for the demo and every app (fenliu/window.py)


def app_env(out: Path, verbose: bool) -> dict[str, str]:
    """The windows' environment: Kivy's home and the apps' data in the run folder, a quiet console unless verbose."""
    env = dict(os.environ, KIVY_NO_ARGS="1", KIVY_NO_FILELOG="1", KIVY_HOME=str(out / "kivy-home"),
               XDG_DATA_HOME=str(out / "data"))
    # The windows run in the run folder (so nothing lands in the code's folder); they still find the code.
    env["PYTHONPATH"] = os.pathsep.join([str(CODE)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env["FENLIU_CONSOLE"] = "verbose" if verbose else "quiet"
    return env


def prepare_kivy_home(env: dict[str, str], touch: bool = False) -> Path:
    """Let Kivy write its config.ini into env's KIVY_HOME, then (unless `touch`) switch its touch probes off."""
    home = Path(env["KIVY_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    ini = home / "config.ini"
    if not ini.exists():
        subprocess.run([sys.executable, "-c", "import kivy.config"], capture_output=True, timeout=60,
                       env=dict(env, KIVY_NO_CONSOLELOG="1"))
    if ini.exists() and not touch:
        text = ini.read_text(encoding="utf-8")
        probes = "|".join(TOUCH_PROBES)
        ini.write_text(re.sub(rf"(?m)^[^\n=]+=\s*(?:{probes})\b[^\n]*\n", "", text), encoding="utf-8")
    return home
