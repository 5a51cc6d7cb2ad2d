"""The answer of one staff action: ok or not, a bilingual message for the status line, and the data."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from queue_host.client import HostError, HostUnreachable


@dataclass(frozen=True)
class Outcome:
    """What a panel action did, said in Chinese first and English second."""

    ok: bool
    message_zh: str
    message_en: str
    data: Any = None
    error: str = ""

    @property
    def message(self) -> str:
        """Both languages on one line, Chinese first."""
        return f"{self.message_zh} / {self.message_en}" if self.message_en else self.message_zh


def done(message_zh: str, message_en: str, data: Any = None) -> Outcome:
    """A successful action."""
    return Outcome(True, message_zh, message_en, data)


def refused(message_zh: str, message_en: str, error: str = "invalid") -> Outcome:
    """An action the panel itself refuses before asking the host (e.g. no reason given)."""
    return Outcome(False, message_zh, message_en, None, error)


def attempt(call: Callable[[], Any], success: Callable[[Any], Outcome]) -> Outcome:
    """Run one host call; turn the host's errors into an Outcome the screen can show as they are."""
    try:
        answer = call()
    except HostError as exc:
        return Outcome(False, exc.message_zh, exc.message_en, exc.detail, exc.error)
    except HostUnreachable as exc:
        return Outcome(False, exc.message_zh, exc.message_en, None, "unreachable")
    return success(answer)
