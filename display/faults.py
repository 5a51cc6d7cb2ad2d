"""Tells the lobby manager, through the host's alerts, when the display cannot do its job (no sound)."""
from __future__ import annotations

import logging
import threading

from fenliu.words import zh_en
from queue_host.client import HostClient, HostError, HostUnreachable

log = logging.getLogger(__name__)


class FaultReporter:
    """Raises one host alert per fault and run; the host keeps one open alert per key anyway."""

    def __init__(self, client: HostClient, name: str = "lobby display"):
        self.client, self.name = client, name
        self.reported: set[str] = set()
        self._lock = threading.Lock()

    def sound_failed(self, *_: object) -> threading.Thread | None:
        """The speaker or synthesizer failed: the board still shows calls, but nobody hears them."""
        return self._report("display-sound",
                            *zh_en("The lobby display cannot play the calls aloud; check the speaker"))

    def _report(self, key: str, message_zh: str, message_en: str) -> threading.Thread | None:
        with self._lock:
            if key in self.reported:
                return None
            self.reported.add(key)
        thread = threading.Thread(target=self._send, args=(key, message_zh, message_en), daemon=True)
        thread.start()
        return thread

    def _send(self, key: str, message_zh: str, message_en: str) -> None:
        try:
            self.client.raise_alert("display_fault", message_zh, message_en, key=key)
        except (HostError, HostUnreachable) as exc:
            log.warning("could not raise %s alert: %s", key, exc)
            with self._lock:
                self.reported.discard(key)  # try again at the next failure
