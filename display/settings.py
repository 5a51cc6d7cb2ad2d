"""The display's settings from the host's GET /api/config ("branch" and "display"), read once, frozen."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fenliu.paths import asset
from fenliu.words import N_, en, zh

MISSED_HINT = N_("Missed your number? Please see the lobby manager.")

ASSETS = asset()


def resolve_image(name: str) -> str:
    """A notice image as a path on this machine: absolute, or looked up under assets/ (e.g. images/cd.png)."""
    if not name:
        return ""
    path = Path(name)
    if path.is_absolute():
        return str(path)
    return str(ASSETS / path)


@dataclass(frozen=True)
class ProductNotice:
    """One of the branch's product notices: text in both languages, or an image."""

    text_zh: str = ""
    text_en: str = ""
    image: str = ""


@dataclass(frozen=True)
class DisplaySettings:
    """What the lobby screen says besides the calls, and whether it speaks English."""

    branch_zh: str = ""
    branch_en: str = ""
    notice_zh: str = ""
    notice_en: str = ""
    missed_hint_zh: str = field(default_factory=lambda: zh(MISSED_HINT))
    missed_hint_en: str = field(default_factory=lambda: en(MISSED_HINT))
    speak_english: bool = True
    product_notices: tuple[ProductNotice, ...] = ()
    timezone: str = ""  # the branch's zone: the corner clock shows branch time whatever the machine's zone


def settings_from_config(config: dict[str, Any]) -> DisplaySettings:
    """Read the parts of /api/config the display uses; missing keys keep calm defaults."""
    branch = config.get("branch") or {}
    disp = config.get("display") or {}
    base = DisplaySettings()
    notices = tuple(ProductNotice(str(n.get("text_zh", "")), str(n.get("text_en", "")), resolve_image(str(n.get("image", ""))))
                    for n in disp.get("product_notices") or [] if isinstance(n, dict))
    return DisplaySettings(
        branch_zh=str(branch.get("name_zh", "")), branch_en=str(branch.get("name_en", "")),
        notice_zh=str(disp.get("notice_zh", "")), notice_en=str(disp.get("notice_en", "")),
        missed_hint_zh=str(disp.get("missed_hint_zh") or base.missed_hint_zh),
        missed_hint_en=str(disp.get("missed_hint_en") or base.missed_hint_en),
        speak_english=bool(disp.get("speak_english", True)), product_notices=notices,
        timezone=str(branch.get("timezone", "")),
    )
