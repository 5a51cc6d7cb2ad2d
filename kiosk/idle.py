"""The idle rules as a pure function: when to ask "继续吗？" and when to give up and start again."""
from __future__ import annotations

from kiosk.theme import Theme


def idle_step(screen: str, has_customer: bool, prompting: bool, idle_s: float, theme: Theme,
              print_fault: bool = False) -> str | None:
    """What `idle_s` seconds without a touch call for now: "reset", "prompt", or None."""
    if screen == "ticket":
        # The ticket is issued: nothing is lost by going back, but a fault leaves time to note it.
        return "reset" if idle_s >= theme.ticket_s * (3 if print_fault else 1) else None
    if not has_customer:
        return None  # an untouched welcome screen has nothing to clear
    if idle_s >= theme.idle_s + theme.prompt_s:
        return "reset" if prompting else "prompt"
    if idle_s >= theme.idle_s and not prompting:
        return "prompt"
    return None


def seconds_left(idle_s: float, theme: Theme) -> int:
    """Seconds the prompt still waits before going back to welcome."""
    return max(0, int(round(theme.idle_s + theme.prompt_s - idle_s)))
